//! The simulator's mutable state, shared by the server and the library handle.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, MutexGuard};

use serde::Serialize;
use serde_json::Value;

use crate::auth::legacy::{AccessRule, ConsumerCredential, CredentialState};
use crate::auth::oauth::{ClientRecord, OAuthStore, TokenSettings};
use crate::clock::Clock;
use crate::config::{IssuerParam, SimConfig};
use crate::data::Dataset;
use crate::faults::{FaultSet, RateLimiter};
use crate::path_words::{ACTION_WORDS, RESOURCE_WORDS};

/// Request counters, for benchmarks and tests.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Counters {
    /// Every request except `/_sim/` control calls.
    pub total: u64,
    /// Per path as sent, without the query string (`/1.0/cloud/project`, `/v1/...`, `/v2/...`).
    pub by_path: BTreeMap<String, u64>,
    /// Per credential: the consumer key, `bearer:<first 8 chars>` for tokens, or `anonymous`.
    pub by_credential: BTreeMap<String, u64>,
    /// Per route: the path with identifiers replaced by `*` and `/v1` folded into `/1.0`
    /// (`/1.0/cloud/project/*/instance/*`), to compare clients whatever the ids.
    pub by_route: BTreeMap<String, u64>,
}

/// Words of OVH paths that are not identifiers: the resource words and these
/// prefixes, authentication and top-level words.
const ROUTE_WORDS: &[&str] = &[
    "1.0",
    "v2",
    "auth",
    "time",
    "credential",
    "currentCredential",
    "logout",
    "authorize",
    "token",
    "consent",
    "me",
    "cloud",
    "project",
    "dedicated",
    "server",
    "publicCloud",
    "iam",
    "reference",
    "action",
];

/// `/v1/cloud/project/abc/instance` -> `/1.0/cloud/project/*/instance`.
pub fn route_of(path: &str) -> String {
    let path = match path.strip_prefix("/v1/") {
        Some(rest) => format!("/1.0/{rest}"),
        None => path.to_string(),
    };
    path.split('/')
        .map(|seg| {
            if seg.is_empty()
                || RESOURCE_WORDS.contains(&seg)
                || ROUTE_WORDS.contains(&seg)
                || ACTION_WORDS.contains(&seg)
            {
                seg
            } else {
                "*"
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

impl Counters {
    pub fn record(&mut self, path: &str, credential: &str) {
        self.total += 1;
        *self.by_path.entry(path.to_string()).or_default() += 1;
        *self.by_route.entry(route_of(path)).or_default() += 1;
        *self.by_credential.entry(credential.to_string()).or_default() += 1;
    }
    /// Requests on a path (as sent, without query).
    pub fn path(&self, path: &str) -> u64 {
        self.by_path.get(path).copied().unwrap_or(0)
    }
    /// Requests on a route (see [`route_of`]), e.g. `/1.0/cloud/project/*/instance/*`.
    pub fn route(&self, route: &str) -> u64 {
        self.by_route.get(route).copied().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_fold_ids_and_v1() {
        assert_eq!(
            route_of("/v1/cloud/project/abc/instance/i-1"),
            "/1.0/cloud/project/*/instance/*"
        );
        assert_eq!(route_of("/1.0/cloud/project"), "/1.0/cloud/project");
        assert_eq!(route_of("/v2/publicCloud/project"), "/v2/publicCloud/project");
        assert_eq!(
            route_of("/1.0/cloud/project/p/region/GRA11/storage"),
            "/1.0/cloud/project/*/region/*/storage"
        );
        let mut c = Counters::default();
        c.record("/1.0/cloud/project/a/kube", "x");
        c.record("/v1/cloud/project/b/kube", "x");
        assert_eq!(c.route("/1.0/cloud/project/*/kube"), 2);
    }
}

/// Everything that changes while the simulator runs.
#[derive(Debug)]
pub struct Inner {
    pub dataset: Dataset,
    /// Application key -> application secret.
    pub applications: HashMap<String, String>,
    /// Consumer key -> credential.
    pub credentials: HashMap<String, ConsumerCredential>,
    pub next_credential_id: u64,
    pub oauth: OAuthStore,
    /// IAM v2 policies, as answered by the API.
    pub policies: Vec<Value>,
    pub faults: FaultSet,
    pub latency_ms: u64,
    pub rate_limit_per_minute: Option<u32>,
    pub limiter: RateLimiter,
    pub counters: Counters,
    /// Instance statuses waiting for their delay (see `routes::actions`).
    pub pending: Vec<crate::routes::actions::PendingStatus>,
    /// The calls each credential made (`/me/api/logs/self`).
    pub api_logs: crate::api_logs::ApiLogs,
}

impl Inner {
    pub fn new(config: &SimConfig, dataset: Dataset, now: i64) -> Self {
        let mut inner = Inner {
            dataset,
            applications: HashMap::new(),
            credentials: HashMap::new(),
            next_credential_id: 1,
            oauth: OAuthStore::default(),
            policies: Vec::new(),
            faults: FaultSet {
                rules: config.faults.clone(),
            },
            latency_ms: config.latency.as_millis() as u64,
            rate_limit_per_minute: config.rate_limit_per_minute,
            limiter: RateLimiter::default(),
            counters: Counters::default(),
            pending: Vec::new(),
            api_logs: Default::default(),
        };
        for c in &config.credentials {
            inner
                .applications
                .insert(c.application_key.clone(), c.application_secret.clone());
            let rules = ["GET", "POST", "PUT", "DELETE"]
                .iter()
                .map(|m| AccessRule {
                    method: m.to_string(),
                    path: "/*".into(),
                })
                .collect();
            inner.insert_credential(
                &c.application_key,
                &c.consumer_key,
                rules,
                None,
                CredentialState::Validated,
                now,
            );
        }
        for t in &config.bearer_tokens {
            inner.oauth.add_static_token(t);
        }
        for c in &config.oauth_clients {
            inner.oauth.add_client(ClientRecord {
                client_id: c.client_id.clone(),
                client_secret: c.client_secret.clone(),
                name: c.client_id.clone(),
                description: "Registered on the command line".into(),
                flow: "AUTHORIZATION_CODE".into(),
                callback_urls: c.redirect_uris.clone(),
            });
        }
        inner
    }

    /// Stores a consumer key and returns it.
    pub fn insert_credential(
        &mut self,
        ak: &str,
        ck: &str,
        rules: Vec<AccessRule>,
        redirection: Option<String>,
        state: CredentialState,
        now: i64,
    ) -> ConsumerCredential {
        let cred = ConsumerCredential {
            credential_id: self.next_credential_id,
            application_key: ak.to_string(),
            consumer_key: ck.to_string(),
            state,
            rules,
            redirection,
            validation_token: crate::auth::oauth::random_token(32),
            creation: now,
            expiration: None,
            last_use: None,
        };
        self.next_credential_id += 1;
        self.credentials.insert(ck.to_string(), cred.clone());
        cred
    }

    /// The credential waiting behind a validation token.
    pub fn credential_by_token(&mut self, token: &str) -> Option<&mut ConsumerCredential> {
        self.credentials.values_mut().find(|c| c.validation_token == token)
    }
}

/// State shared by the server tasks and the [`crate::RunningSim`] handle.
#[derive(Debug)]
pub struct Shared {
    pub config: SimConfig,
    pub clock: Clock,
    /// `http://127.0.0.1:PORT`
    pub base_url: String,
    /// The account at start, restored by a reset.
    pub initial_dataset: Dataset,
    inner: Mutex<Inner>,
}

impl Shared {
    pub fn new(config: SimConfig, dataset: Dataset, base_url: String) -> Self {
        let clock = Clock::default();
        clock.set_offset(config.clock_offset_secs);
        let inner = Inner::new(&config, dataset.clone(), clock.now());
        Self {
            config,
            clock,
            base_url,
            initial_dataset: dataset,
            inner: Mutex::new(inner),
        }
    }

    pub fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Back to the state at start: data, keys, tokens, faults, counters and clock.
    pub fn reset(&self) {
        self.clock.set_offset(self.config.clock_offset_secs);
        *self.lock() = Inner::new(&self.config, self.initial_dataset.clone(), self.clock.now());
    }

    pub fn token_settings(&self) -> TokenSettings {
        TokenSettings {
            access_lifetime: self.config.token_lifetime.as_secs() as i64,
            code_lifetime: self.config.code_lifetime.as_secs() as i64,
            refresh_mode: self.config.refresh_token_mode,
            auto_consent: self.config.auto_consent,
            require_pkce: self.config.require_pkce,
            loopback_any_port: self.config.loopback_any_port,
            issuer: match &self.config.issuer {
                IssuerParam::Origin => Some(self.base_url.clone()),
                IssuerParam::Off => None,
                IssuerParam::Fixed(issuer) => Some(issuer.clone()),
            },
        }
    }
}
