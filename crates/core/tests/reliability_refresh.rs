//! Token renewal under stress, against ovh-sim with rotating refresh tokens.
//!
//! - 50 API calls at once with an expired token: one renewal, every call
//!   made with the new token, one save.
//! - Many renewals in a row: the store always holds the one refresh token
//!   OVH still accepts.
//! - A process SIGKILLed (by its pid) at random points of renewing and
//!   saving to the real keyring: what the keyring holds afterwards is the
//!   complete old token set or the complete new one, never a mix and never
//!   unreadable. Runs only inside `scripts/with-desktop-session.sh` (its
//!   throwaway Secret Service); elsewhere it says so and passes without checking.
//!
//! The kill test uses a client id of 2,500 characters so the token set
//! (about 2.7 KB of JSON) is stored split across keyring parts: a save is
//! then several keyring writes and deletes, the case where a kill could
//! leave a mix.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use aurora_core::api::unix_now;
use aurora_core::oauth::{
    MemoryTokenStore, OAuthClientConfig, OAuthFlow, SessionStatus, TokenEndpoint, TokenRefresher, TokenSet, TokenStore,
};
use aurora_core::vault::{MemoryBackend, OsKeyring, Vault};
use aurora_core::{ApiClient, Auth, Endpoint, HttpConfig, SecretString, UserError};
use ovh_sim::{FaultRule, RunningSim, SimConfig, Simulator};
use rand::Rng;
use serde_json::Value;
use sha2::{Digest, Sha256};
use support::browser::browser;
use support::child::ChildTest;

const SECRET: &str = "reliability-client-secret-4d2a";
const REDIRECT: &str = "aurora://ovh/oauth2/callback";
const TOKEN_PATH: &str = "/auth/oauth2/token";
const KEYRING_SERVICE: &str = "aurora-test";
const CHILD_VAR: &str = "AURORA_RELIABILITY_REFRESH_CHILD";

async fn sim(client_id: &str) -> (RunningSim, Endpoint, OAuthClientConfig) {
    let sim = Simulator::start(
        SimConfig::default()
            .oauth_client(client_id, SECRET, REDIRECT)
            .auto_consent(true),
    )
    .await
    .unwrap();
    let endpoint = Endpoint::custom(&sim.api_url()).unwrap();
    (
        sim,
        endpoint,
        OAuthClientConfig::new(client_id, SECRET, REDIRECT).unwrap(),
    )
}

/// A full sign-in: the authorize page redirects (consent is automatic) and the callback is completed.
async fn sign_in(endpoint: &Endpoint, client: &OAuthClientConfig) -> TokenSet {
    let flow = OAuthFlow::new();
    flow.complete(&browser(&flow.begin(endpoint, client).unwrap().url).await)
        .await
        .unwrap()
        .tokens
}

fn token_endpoint(endpoint: &Endpoint, client: &OAuthClientConfig) -> TokenEndpoint {
    TokenEndpoint::new(endpoint, client, &HttpConfig::default()).unwrap()
}

/// Counts saves; optionally fails the first `fail_first` of them.
#[derive(Default)]
struct CountingStore {
    inner: MemoryTokenStore,
    saves: AtomicUsize,
    fail_first: usize,
}

impl TokenStore for CountingStore {
    fn load(&self, id: &str) -> Result<Option<TokenSet>, UserError> {
        self.inner.load(id)
    }
    fn save(&self, id: &str, tokens: &TokenSet) -> Result<(), UserError> {
        if self.saves.fetch_add(1, Ordering::SeqCst) < self.fail_first {
            return Err(UserError::internal("The keyring is locked."));
        }
        self.inner.save(id, tokens)
    }
    fn delete(&self, id: &str) -> Result<(), UserError> {
        self.inner.delete(id)
    }
}

/// Whether OVH (the sim) still renews with this set's refresh token. Spends it.
async fn renewable(endpoint: &TokenEndpoint, tokens: &TokenSet) -> bool {
    endpoint.refresh(tokens).await.is_ok()
}

async fn access_works(sim: &RunningSim, token: &SecretString) -> bool {
    let response = reqwest::Client::new()
        .get(format!("{}/me", sim.api_url()))
        .bearer_auth(token.expose())
        .send()
        .await
        .unwrap();
    response.status().is_success()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_api_calls_at_expiry_make_one_renewal_and_one_save() {
    let (sim, endpoint, client) = sim("aurora-stress").await;
    let mut tokens = sign_in(&endpoint, &client).await;
    tokens.expires_at = unix_now() - 1;
    let store = Arc::new(CountingStore::default());
    store.inner.save("conn-50", &tokens).unwrap();
    let session = Arc::new(TokenRefresher::new(
        "conn-50",
        tokens.clone(),
        token_endpoint(&endpoint, &client),
        store.clone(),
    ));
    let api = ApiClient::new(endpoint.clone(), Auth::Bearer(session.clone())).unwrap();
    // A slow token endpoint, and callers arriving over its whole answer time.
    sim.add_fault(FaultRule::latency(TOKEN_PATH, 300));
    sim.reset_counters();
    let calls: Vec<_> = (0..50u64)
        .map(|i| {
            let api = api.clone();
            tokio::spawn(async move {
                tokio::time::sleep(Duration::from_millis(i * 8)).await;
                api.get::<Value>("/me").await.map(|me| me["nichandle"].is_string())
            })
        })
        .collect();
    for call in calls {
        assert_eq!(
            call.await.unwrap().map_err(UserError::from),
            Ok(true),
            "every call succeeds"
        );
    }
    let counters = sim.counters();
    assert_eq!(counters.path(TOKEN_PATH), 1, "one renewal for 50 callers");
    assert_eq!(counters.path("/1.0/me"), 50, "no call was refused and retried");
    let renewed = session.tokens().await;
    assert_ne!(renewed.access_token, tokens.access_token);
    let new_key = format!("bearer:{}", &renewed.access_token.expose()[..8]);
    assert_eq!(
        counters.by_credential.get(&new_key),
        Some(&50),
        "every call used the new token: {:?}",
        counters.by_credential
    );
    assert_eq!(store.saves.load(Ordering::SeqCst), 1, "saved once");
    assert_eq!(store.load("conn-50").unwrap(), Some(renewed.clone()));
    assert!(
        !renewable(&token_endpoint(&endpoint, &client), &tokens).await,
        "the old refresh token was rotated out"
    );
    assert!(
        renewable(&token_endpoint(&endpoint, &client), &renewed).await,
        "the saved refresh token is the live one"
    );
}

#[tokio::test]
async fn rotated_refresh_tokens_are_saved_every_time() {
    let (_sim, endpoint, client) = sim("aurora-rotate").await;
    let store = Arc::new(CountingStore::default());
    let tokens = sign_in(&endpoint, &client).await;
    store.inner.save("conn-rot", &tokens).unwrap();
    let session = TokenRefresher::new("conn-rot", tokens, token_endpoint(&endpoint, &client), store.clone());
    for round in 1..=20 {
        session.refresh_now().await.unwrap();
        let saved = store.load("conn-rot").unwrap().expect("a saved set");
        assert_eq!(saved, session.tokens().await, "round {round}: the store lags behind");
    }
    // A restart: a new refresher from the store renews with the live refresh token.
    let restarted = TokenRefresher::load("conn-rot", token_endpoint(&endpoint, &client), store.clone())
        .await
        .unwrap()
        .unwrap();
    restarted
        .refresh_now()
        .await
        .expect("the saved refresh token still renews");
    assert_eq!(store.saves.load(Ordering::SeqCst), 21);
}

#[tokio::test]
async fn a_rotated_refresh_token_whose_save_failed_is_not_lost() {
    let (_sim, endpoint, client) = sim("aurora-flaky").await;
    let mut tokens = sign_in(&endpoint, &client).await;
    let store = Arc::new(CountingStore {
        fail_first: 1,
        ..CountingStore::default()
    });
    store.inner.save("conn-flaky", &tokens).unwrap();
    tokens.expires_at = unix_now() - 1;
    let session = TokenRefresher::new("conn-flaky", tokens, token_endpoint(&endpoint, &client), store.clone());
    session
        .access_token()
        .await
        .expect("renewed (the save failed, the keyring is back)");
    for _ in 0..3 {
        session.access_token().await.unwrap();
    }
    let live = session.tokens().await;
    drop(session); // Aurora quits.
    let saved = store.load("conn-flaky").unwrap().unwrap();
    assert_eq!(
        saved.refresh_token, live.refresh_token,
        "the keyring still holds the refresh token OVH rotated out"
    );
}

fn fingerprint(tokens: &TokenSet) -> (String, String) {
    let short = |s: &str| hex::encode(&Sha256::digest(s.as_bytes())[..8]);
    (
        short(tokens.access_token.expose()),
        short(tokens.refresh_token.as_ref().map(|t| t.expose()).unwrap_or("")),
    )
}

/// The child: renews the connection's tokens from the keyring again and
/// again, printing a fingerprint of each set once it is saved. Does nothing
/// unless started by [`a_refresh_killed_at_any_point_leaves_the_old_or_the_new_set`].
#[tokio::test]
async fn refresh_child_process() {
    let Ok(spec) = std::env::var(CHILD_VAR) else { return };
    let spec: Value = serde_json::from_str(&spec).unwrap();
    let s = |k: &str| spec[k].as_str().unwrap().to_owned();
    let endpoint = Endpoint::custom(&s("api")).unwrap();
    let client = OAuthClientConfig::new(s("client_id"), SECRET, REDIRECT).unwrap();
    let store: Arc<dyn TokenStore> = Arc::new(Vault::with_backend(Arc::new(OsKeyring::with_service(KEYRING_SERVICE))));
    let session = TokenRefresher::load(&s("connection"), token_endpoint(&endpoint, &client), store)
        .await
        .unwrap()
        .expect("the parent saved a set");
    println!("ready");
    loop {
        session.refresh_now().await.expect("renewal works");
        let (a, r) = fingerprint(&session.tokens().await);
        println!("saved {a} {r}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refresh_killed_at_any_point_leaves_the_old_or_the_new_set() {
    // Only in the private session's throwaway keyring: killed saves leave
    // unreferenced parts behind, which must not pile up in a person's keyring.
    if std::env::var("AURORA_DESKTOP_SESSION").as_deref() != Ok("1") {
        eprintln!("skipped: run inside scripts/with-desktop-session.sh, which gives this test a throwaway keyring");
        return;
    }
    let vault = Vault::with_backend(Arc::new(OsKeyring::with_service(KEYRING_SERVICE)));
    vault
        .check_available()
        .await
        .expect("the desktop session has a usable keyring");
    let client_id = format!("aurora-kill-{}", "k".repeat(2_500));
    let (sim, endpoint, client) = sim(&client_id).await;
    let store: Arc<dyn TokenStore> = Arc::new(vault.clone());
    let connection = format!("test-kill-{:08x}", rand::random::<u32>());
    let (mut old_only, mut new_only, mut lost_by_rotation, mut kept_live) = (0, 0, 0, 0);
    const ROUNDS: usize = 8;
    for round in 0..ROUNDS {
        let initial = sign_in(&endpoint, &client).await;
        let (s, c, t) = (store.clone(), connection.clone(), initial.clone());
        tokio::task::spawn_blocking(move || s.save(&c, &t))
            .await
            .unwrap()
            .unwrap();
        let spec = serde_json::json!({ "api": sim.api_url(), "client_id": client_id, "connection": connection });
        let child = ChildTest::start_when_ready(
            "refresh_child_process",
            CHILD_VAR,
            &spec.to_string(),
            Duration::from_secs(20),
        );
        let started = Instant::now();
        // Sweeps 0 to 1.5 s after start: before the first renewal, inside it
        // (a renewal plus its split keyring save takes about 0.7 s under
        // gnome-keyring), and a renewal or two in.
        std::thread::sleep(Duration::from_millis(
            round as u64 * 150 + rand::thread_rng().gen_range(0..150),
        ));
        let lines = child.kill();
        let saved: Vec<(String, String)> = lines
            .iter()
            .filter_map(|l| {
                l.strip_prefix("saved ")
                    .and_then(|f| f.split_once(' '))
                    .map(|(a, r)| (a.to_owned(), r.to_owned()))
            })
            .collect();
        let last_done = saved.last().cloned().unwrap_or_else(|| fingerprint(&initial));

        let (s, c) = (store.clone(), connection.clone());
        let kept = tokio::task::spawn_blocking(move || s.load(&c))
            .await
            .unwrap()
            .unwrap_or_else(|e| panic!("round {round}: the keyring holds an unreadable token set: {e:?}"))
            .expect("a token set is kept");
        assert_eq!(kept.client_id, client_id, "round {round}: the client id is damaged");
        assert!(
            access_works(&sim, &kept.access_token).await,
            "round {round}: the kept access token is not one OVH issued"
        );
        let fp = fingerprint(&kept);
        if fp == last_done {
            // The last completed set. Its refresh token is live unless the
            // child was killed after OVH rotated it and before the save.
            old_only += 1;
            if renewable(&token_endpoint(&endpoint, &client), &kept).await {
                kept_live += 1;
            } else {
                lost_by_rotation += 1;
            }
        } else {
            // The renewal in flight was saved whole: both tokens new, and live.
            assert!(
                fp.0 != last_done.0 && fp.1 != last_done.1,
                "round {round}: a mix of the old and the new token set was kept"
            );
            assert!(
                renewable(&token_endpoint(&endpoint, &client), &kept).await,
                "round {round}: the new set's refresh token is not the live one"
            );
            new_only += 1;
            kept_live += 1;
        }
        eprintln!(
            "round {round}: killed {:?} after the child was ready, after {} completed renewals",
            started.elapsed(),
            saved.len()
        );
    }
    let (s, c) = (store.clone(), connection.clone());
    tokio::task::spawn_blocking(move || s.delete(&c))
        .await
        .unwrap()
        .unwrap();
    eprintln!("{ROUNDS} kills: the session was kept {kept_live} times; the last completed set kept {old_only} times ({lost_by_rotation} of them after OVH had rotated its refresh token), the set in flight {new_only} times");
    assert_eq!(old_only + new_only, ROUNDS);
    // Issue 18 point 6: the renewed set reaches the keyring in one small
    // write before anything else, so only a kill inside that write (or the
    // token request) loses the session. This loop renews back to back, so
    // that write is a fifth of its time on a loaded 2-core machine: runs
    // keep the session 5 to 8 times of 8 (docs/reliability.md), against 2 of
    // 8 without the pending write. The bound is what every run met.
    assert!(
        kept_live >= 5,
        "the session survived only {kept_live} of {ROUNDS} kills"
    );
}

/// Issue 18 point 6: the user forgets the connection while a renewal is in
/// flight; the renewal must not write the deleted keyring entry back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_renewal_that_finishes_after_forget_writes_nothing_back() {
    let (sim, endpoint, client) = sim("aurora-forget").await;
    let backend = Arc::new(MemoryBackend::new());
    let vault = Vault::with_backend(backend.clone());
    let tokens = sign_in(&endpoint, &client).await;
    TokenStore::save(&vault, "conn-forget", &tokens).unwrap();
    let session = Arc::new(TokenRefresher::new(
        "conn-forget",
        tokens,
        token_endpoint(&endpoint, &client),
        Arc::new(vault.clone()),
    ));
    sim.add_fault(FaultRule::latency(TOKEN_PATH, 600));
    let renewing = tokio::spawn({
        let session = session.clone();
        async move { session.refresh_now().await }
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(
        vault.delete_connection("conn-forget").await.unwrap(),
        "forgotten mid-renewal"
    );
    renewing.await.unwrap().expect("the renewal itself succeeded");
    assert_eq!(sim.counters().path(TOKEN_PATH), 2, "one exchange, one renewal");
    assert_eq!(TokenStore::load(&vault, "conn-forget").unwrap(), None);
    assert!(backend.names().is_empty(), "left in the keyring: {:?}", backend.names());
    assert!(matches!(session.status().await, SessionStatus::SignInRequired { .. }));
}

/// Issue 14 point 8: a token living less than the 5-minute margin is
/// renewed half-way through its life, not before every call.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_short_lived_token_is_renewed_at_half_its_lifetime() {
    let client_id = "aurora-short";
    let sim = Simulator::start(
        SimConfig::default()
            .oauth_client(client_id, SECRET, REDIRECT)
            .auto_consent(true)
            .token_lifetime(Duration::from_secs(12)),
    )
    .await
    .unwrap();
    let endpoint = Endpoint::custom(&sim.api_url()).unwrap();
    let client = OAuthClientConfig::new(client_id, SECRET, REDIRECT).unwrap();
    let tokens = sign_in(&endpoint, &client).await;
    assert!(tokens.expires_at - unix_now() <= 12);
    let store = Arc::new(MemoryTokenStore::new());
    store.save("conn-short", &tokens).unwrap();
    let session =
        TokenRefresher::new("conn-short", tokens.clone(), token_endpoint(&endpoint, &client), store).issued_now();
    let renewals = || sim.counters().path(TOKEN_PATH) - 1;
    for _ in 0..20 {
        assert_eq!(session.access_token().await.unwrap(), tokens.access_token);
    }
    assert_eq!(
        renewals(),
        0,
        "calls in the first half of the token's life renew nothing"
    );
    let half_way = Duration::from_secs((tokens.expires_at - unix_now()).max(0) as u64 / 2 + 1);
    tokio::time::sleep(half_way).await;
    let renewed = session.access_token().await.unwrap();
    assert_ne!(renewed, tokens.access_token);
    for _ in 0..20 {
        assert_eq!(session.access_token().await.unwrap(), renewed);
    }
    assert_eq!(renewals(), 1, "one renewal half-way, then the new token's first half");
}
