//! # ovh-sim: a loopback OVHcloud API and OAuth2 simulator
//!
//! Serves `/1.0` (and its alias `/v1`), `/v2`, legacy signed authentication,
//! consumer-key validation, OAuth2 (authorization code + PKCE, refresh,
//! client credentials), a deterministic account and injectable faults, faithfully
//! enough for OVH's own python client and `ovhcloud` CLI.
//!
//! ```no_run
//! # async fn demo() -> Result<(), ovh_sim::SimError> {
//! let sim = ovh_sim::Simulator::start(
//!     ovh_sim::SimConfig::default().credential("AK", "AS", "CK").bearer_token("token"),
//! )
//! .await?;
//! println!("API at {}", sim.api_url()); // http://127.0.0.1:PORT/1.0
//! let first_project = &sim.dataset().projects[0].project.project_id;
//! # let _ = first_project;
//! # Ok(()) }
//! ```
//!
//! See `docs/ovh-sim.md` for the command line, the control API and defaults.

// ApiError is a plain value answered to clients; boxing it buys nothing here.
#![allow(clippy::result_large_err)]

pub mod api_logs;
pub mod auth;
pub mod clock;
pub mod config;
pub mod control;
pub mod data;
pub mod demo;
pub mod errors;
pub mod faults;
mod path_words;
pub mod reply;
pub mod request;
pub mod routes;
pub mod server;
pub mod state;

use std::net::SocketAddr;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use tokio::sync::watch;

pub use auth::legacy::{signature, AccessRule, ConsumerCredential, CredentialState};
pub use auth::oauth::pkce_challenge;
pub use config::{DataSize, IssuerParam, LegacyCredential, ListAggregation, OAuthClient, RefreshTokenMode, SimConfig};
pub use data::Dataset;
pub use errors::{ApiError, SimError};
pub use faults::{FaultKind, FaultRule};
pub use state::Counters;

use state::Shared;

/// Starts simulators.
pub struct Simulator;

impl Simulator {
    /// Binds `config.listen` (default `127.0.0.1:0`) and serves on the current tokio runtime.
    pub async fn start(config: SimConfig) -> Result<RunningSim, SimError> {
        let (listener, shared) = prepare(config)?;
        let listener = tokio::net::TcpListener::from_std(listener).map_err(|e| SimError::Bind {
            addr: shared.base_url.clone(),
            reason: e.to_string(),
        })?;
        let (tx, rx) = watch::channel(false);
        tokio::spawn(server::serve(listener, shared.clone(), rx));
        Ok(RunningSim::new(shared, tx, None))
    }

    /// Like [`Simulator::start`] but on a dedicated thread with its own runtime, for
    /// callers that are not inside tokio (the app's demo mode, plain `#[test]`s).
    pub fn start_in_background(config: SimConfig) -> Result<RunningSim, SimError> {
        let (listener, shared) = prepare(config)?;
        let (tx, rx) = watch::channel(false);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| SimError::Runtime(e.to_string()))?;
        let server_shared = shared.clone();
        let thread = std::thread::Builder::new()
            .name("ovh-sim".into())
            .spawn(move || {
                runtime.block_on(async move {
                    if let Ok(listener) = tokio::net::TcpListener::from_std(listener) {
                        server::serve(listener, server_shared, rx).await;
                    }
                })
            })
            .map_err(|e| SimError::Runtime(e.to_string()))?;
        Ok(RunningSim::new(shared, tx, Some(thread)))
    }
}

fn prepare(config: SimConfig) -> Result<(std::net::TcpListener, Arc<Shared>), SimError> {
    let dataset = match (&config.dataset, &config.fixture_path) {
        (Some(d), _) => {
            let mut d = d.clone();
            data::fill_regions(&mut d);
            d
        }
        (None, Some(path)) => data::load_fixture(path)?,
        (None, None) => data::generate(config.seed, config.size, &config.urn_region),
    };
    let listener = std::net::TcpListener::bind(config.listen).map_err(|e| SimError::Bind {
        addr: config.listen.to_string(),
        reason: e.to_string(),
    })?;
    listener.set_nonblocking(true).map_err(|e| SimError::Bind {
        addr: config.listen.to_string(),
        reason: e.to_string(),
    })?;
    let addr = listener.local_addr().map_err(|e| SimError::Bind {
        addr: config.listen.to_string(),
        reason: e.to_string(),
    })?;
    let base_url = format!("http://{addr}");
    Ok((listener, Arc::new(Shared::new(config, dataset, base_url))))
}

/// A running simulator. Dropping it stops the server.
pub struct RunningSim {
    shared: Arc<Shared>,
    shutdown: watch::Sender<bool>,
    thread: Option<JoinHandle<()>>,
}

impl RunningSim {
    fn new(shared: Arc<Shared>, shutdown: watch::Sender<bool>, thread: Option<JoinHandle<()>>) -> Self {
        Self {
            shared,
            shutdown,
            thread,
        }
    }

    /// `http://127.0.0.1:PORT`
    pub fn base_url(&self) -> String {
        self.shared.base_url.clone()
    }
    /// `http://127.0.0.1:PORT/1.0`: the endpoint to give OVH clients (go-ovh, python-ovh, the CLI).
    pub fn api_url(&self) -> String {
        format!("{}/1.0", self.shared.base_url)
    }
    /// `http://127.0.0.1:PORT/v2`
    pub fn v2_url(&self) -> String {
        format!("{}/v2", self.shared.base_url)
    }
    /// `http://127.0.0.1:PORT/auth/oauth2/authorize`
    pub fn authorize_url(&self) -> String {
        format!("{}/auth/oauth2/authorize", self.shared.base_url)
    }
    /// `http://127.0.0.1:PORT/auth/oauth2/token`
    pub fn token_url(&self) -> String {
        format!("{}/auth/oauth2/token", self.shared.base_url)
    }
    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.shared
            .base_url
            .trim_start_matches("http://")
            .parse()
            .expect("the base URL holds a socket address")
    }
    /// The configuration the simulator runs with.
    pub fn config(&self) -> &SimConfig {
        &self.shared.config
    }

    /// The account served right now.
    pub fn dataset(&self) -> Dataset {
        self.shared.lock().dataset.clone()
    }

    /// Adds a fault rule.
    pub fn add_fault(&self, rule: FaultRule) {
        self.shared.lock().faults.rules.push(rule);
    }
    /// Removes every fault rule.
    pub fn clear_faults(&self) {
        self.shared.lock().faults.rules.clear();
    }
    /// Active fault rules.
    pub fn faults(&self) -> Vec<FaultRule> {
        self.shared.lock().faults.rules.clone()
    }
    /// Latency added to every call.
    pub fn set_latency(&self, latency: Duration) {
        self.shared.lock().latency_ms = latency.as_millis() as u64;
    }
    /// Requests per minute per credential; `None` = unlimited.
    pub fn set_rate_limit(&self, per_minute: Option<u32>) {
        self.shared.lock().rate_limit_per_minute = per_minute;
    }

    /// Request counters.
    pub fn counters(&self) -> Counters {
        self.shared.lock().counters.clone()
    }
    pub fn reset_counters(&self) {
        self.shared.lock().counters = Counters::default();
    }

    /// Shifts the server clock (`/auth/time`, signature window, expiries) by `secs`.
    pub fn set_clock_offset(&self, secs: i64) {
        self.shared.clock.set_offset(secs);
    }
    /// The server's current unix time.
    pub fn now(&self) -> i64 {
        self.shared.clock.now()
    }

    /// Registers an application key and its secret (for `POST /auth/credential`).
    pub fn add_application(&self, application_key: &str, application_secret: &str) {
        self.shared
            .lock()
            .applications
            .insert(application_key.into(), application_secret.into());
    }
    /// Every consumer key, oldest first.
    pub fn consumer_keys(&self) -> Vec<ConsumerCredential> {
        let mut v: Vec<_> = self.shared.lock().credentials.values().cloned().collect();
        v.sort_by_key(|c| c.credential_id);
        v
    }
    /// Validates a pending consumer key (by key or validation token) for `validity`
    /// (`None` = the configured default, unlimited unless set). Returns its redirection URL.
    pub fn validate_consumer_key(&self, key: &str, validity: Option<Duration>) -> Result<Option<String>, SimError> {
        control::answer_credential(&self.shared, key, true, validity)
    }
    /// Refuses a pending consumer key. Returns its redirection URL.
    pub fn refuse_consumer_key(&self, key: &str) -> Result<Option<String>, SimError> {
        control::answer_credential(&self.shared, key, false, None)
    }

    /// Adds an access token, valid for `lifetime` (`None` = forever).
    pub fn add_bearer_token(&self, token: &str, lifetime: Option<Duration>) {
        control::add_token(&self.shared, token, lifetime);
    }
    /// Registers an OAuth2 client at runtime.
    pub fn add_oauth_client(&self, client: OAuthClient) {
        self.shared.lock().oauth.add_client(auth::oauth::ClientRecord {
            client_id: client.client_id.clone(),
            client_secret: client.client_secret,
            name: client.client_id,
            description: String::new(),
            flow: "AUTHORIZATION_CODE".into(),
            callback_urls: client.redirect_uris,
        });
    }
    /// Tickets of authorization requests waiting on the consent page.
    pub fn pending_consents(&self) -> Vec<String> {
        self.shared.lock().oauth.pending_consents()
    }
    /// Accepts a pending consent; returns the redirect URL carrying `code` and `state`.
    pub fn approve_consent(&self, ticket: &str) -> Result<String, SimError> {
        control::answer_consent(&self.shared, ticket, true)
    }
    /// Refuses a pending consent; returns the redirect URL carrying `error=access_denied`.
    pub fn deny_consent(&self, ticket: &str) -> Result<String, SimError> {
        control::answer_consent(&self.shared, ticket, false)
    }

    /// Back to the start state: data, keys, tokens, faults, counters and clock.
    pub fn reset(&self) {
        self.shared.reset();
    }

    /// Stops the server (dropping the handle does the same).
    pub fn shutdown(self) {}
}

impl Drop for RunningSim {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
