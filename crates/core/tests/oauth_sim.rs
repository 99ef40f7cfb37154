//! "Sign in with OVH" against ovh-sim: the whole authorization-code flow,
//! its failure modes, token renewal and client credentials.

mod support;

use std::sync::Arc;
use std::time::Duration;

use aurora_core::api::unix_now;
use aurora_core::connections::ConnectionRegistry;
use aurora_core::oauth::{
    sign_in_with_client_credentials, AuthMethod, MemoryTokenStore, OAuthClientConfig, OAuthFlow, SessionStatus, SignIn,
    StateStore, TokenEndpoint, TokenRefresher, TokenSet, TokenStore,
};
use aurora_core::session::{OAuthClients, Sessions};
use aurora_core::vault::{MemoryBackend, Vault};
use aurora_core::{ApiClient, Auth, Endpoint, ErrorKind, HttpConfig, SecretString, UserError};
use ovh_sim::{FaultRule, IssuerParam, RefreshTokenMode, RunningSim, SimConfig, Simulator};
use serde_json::Value;
use support::browser::browser;

const CLIENT_ID: &str = "aurora-test";
const CLIENT_SECRET: &str = "client-secret-value-123";
const REDIRECT: &str = "aurora://ovh/oauth2/callback";
const TOKEN_PATH: &str = "/auth/oauth2/token";

/// The simulator with Aurora's test client registered, as `config` sets it up.
async fn sim_with(config: SimConfig) -> (RunningSim, Endpoint, OAuthClientConfig) {
    let sim = Simulator::start(config.oauth_client(CLIENT_ID, CLIENT_SECRET, REDIRECT))
        .await
        .unwrap();
    let endpoint = Endpoint::custom(&sim.api_url()).unwrap();
    let client = OAuthClientConfig::new(CLIENT_ID, CLIENT_SECRET, REDIRECT).unwrap();
    (sim, endpoint, client)
}

/// The simulator consenting on the person's behalf.
async fn sim() -> (RunningSim, Endpoint, OAuthClientConfig) {
    sim_with(SimConfig::default().auto_consent(true)).await
}

/// The authorization code OVH gives the browser for `url`.
async fn code_from_browser(url: &url::Url) -> SecretString {
    SecretString::new(query(&browser(url).await, "code"))
}

fn query(url: &str, name: &str) -> String {
    url::Url::parse(url)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == name)
        .unwrap()
        .1
        .into_owned()
}

fn token_endpoint(endpoint: &Endpoint, client: &OAuthClientConfig) -> TokenEndpoint {
    TokenEndpoint::new(endpoint, client, &HttpConfig::default()).unwrap()
}

fn refresher(
    endpoint: &Endpoint,
    client: &OAuthClientConfig,
    tokens: TokenSet,
    store: Arc<dyn TokenStore>,
) -> Arc<TokenRefresher> {
    // As after a sign-in: the set is stored, so renewals replace it.
    store.save("conn-1", &tokens).unwrap();
    Arc::new(TokenRefresher::new(
        "conn-1",
        tokens,
        token_endpoint(endpoint, client),
        store,
    ))
}

#[tokio::test]
async fn happy_path_then_api_calls_with_the_token() {
    let (sim, endpoint, client) = sim().await;
    let flow = OAuthFlow::new();
    let request = flow.begin(&endpoint, &client).unwrap();
    assert!(!request.url.as_str().contains(CLIENT_SECRET));
    let callback = browser(&request.url).await;
    assert!(callback.starts_with(REDIRECT));
    let sign_in = flow.complete(&callback).await.unwrap();
    let t = &sign_in.tokens;
    assert!(sign_in.warnings.is_empty());
    assert_eq!(t.provider, "ovh");
    assert_eq!(t.client_id, CLIENT_ID);
    assert_eq!(t.auth_method, AuthMethod::AuthorizationCode);
    assert!(t.refresh_token.is_some());
    assert!((t.expires_at - (unix_now() + 3600)).abs() <= 5);
    assert!(
        !format!("{sign_in:?}").contains(t.access_token.expose()),
        "Debug output must not show tokens"
    );

    let store: Arc<dyn TokenStore> = Arc::new(MemoryTokenStore::new());
    let session = refresher(&sign_in.endpoint, &sign_in.client, sign_in.tokens.clone(), store);
    let api = ApiClient::new(sign_in.endpoint.clone(), Auth::Bearer(session.clone())).unwrap();
    let me: Value = api.get("/me").await.unwrap();
    assert!(me["nichandle"].is_string(), "{me}");
    let projects: Vec<Value> = api.get_all("/v2/publicCloud/project").await.unwrap();
    assert!(!projects.is_empty());
    assert_eq!(sim.counters().path(TOKEN_PATH), 1, "a fresh token is not renewed");
    assert!(matches!(
        session.status().await,
        SessionStatus::Active { renewable: true, .. }
    ));
}

#[tokio::test]
async fn the_issuer_is_checked_before_anything_is_exchanged() {
    // The simulator names itself in `iss` (RFC 9207) by default: accepted.
    let (sim, endpoint, client) = sim().await;
    let flow = OAuthFlow::new();
    let callback = browser(&flow.begin(&endpoint, &client).unwrap().url).await;
    assert_eq!(query(&callback, "iss"), sim.base_url());
    flow.complete(&callback).await.unwrap();

    // Another server's name: a mix-up. Refused, and the code never sent.
    let (sim, endpoint, client) = sim_with(
        SimConfig::default()
            .auto_consent(true)
            .issuer(IssuerParam::Fixed("https://evil.example".into())),
    )
    .await;
    let callback = browser(&flow.begin(&endpoint, &client).unwrap().url).await;
    let e = flow.complete(&callback).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::IssuerMismatch);
    assert!(e.message.contains(&sim.base_url()), "{}", e.message);
    assert!(e.message.contains("mix-up"), "{}", e.message);
    assert_eq!(sim.counters().path(TOKEN_PATH), 0, "nothing was exchanged");
    // A denial from the wrong server is refused the same way.
    let (sim, endpoint, client) =
        sim_with(SimConfig::default().issuer(IssuerParam::Fixed("https://evil.example".into()))).await;
    let state = flow.begin(&endpoint, &client).unwrap().state;
    let denied = format!("{REDIRECT}?error=access_denied&state={state}&iss=https%3A%2F%2Fevil.example");
    assert_eq!(
        flow.complete(&denied).await.unwrap_err().kind,
        ErrorKind::IssuerMismatch
    );
    drop(sim);

    // A server without RFC 9207 sends no `iss`: accepted.
    let (_sim, endpoint, client) = sim_with(SimConfig::default().auto_consent(true).issuer(IssuerParam::Off)).await;
    let callback = browser(&flow.begin(&endpoint, &client).unwrap().url).await;
    assert!(!callback.contains("iss="), "{callback}");
    flow.complete(&callback).await.unwrap();
}

#[tokio::test]
async fn a_replayed_callback_or_code_is_refused() {
    let (_sim, endpoint, client) = sim().await;
    let flow = OAuthFlow::new();
    let callback = browser(&flow.begin(&endpoint, &client).unwrap().url).await;
    flow.complete(&callback).await.unwrap();
    // The same callback again: its state is spent.
    let again = flow.complete(&callback).await.unwrap_err();
    assert_eq!(again.message, "Invalid or expired state token");

    // The same code at the token endpoint: OVH codes are single-use.
    let verifier = aurora_core::oauth::PkceVerifier::generate();
    let state = "s".repeat(16);
    let url = aurora_core::oauth::authorization_url(&endpoint, CLIENT_ID, REDIRECT, &state, &verifier).unwrap();
    let code = code_from_browser(&url).await;
    let tokens = token_endpoint(&endpoint, &client);
    tokens.exchange_code(&code, REDIRECT, verifier.secret()).await.unwrap();
    let e = tokens
        .exchange_code(&code, REDIRECT, verifier.secret())
        .await
        .unwrap_err()
        .into_exchange_error();
    assert_eq!(e.kind, ErrorKind::TokenExchangeFailed);
    assert_eq!(e.message, "Token exchange failed: invalid_grant");
    assert_eq!(e.solution[0], "Authorization codes are single-use only");
}

#[tokio::test]
async fn wrong_and_expired_states_are_refused() {
    let (sim, endpoint, client) = sim().await;
    let flow = OAuthFlow::new();
    let callback = browser(&flow.begin(&endpoint, &client).unwrap().url).await;
    let forged = callback.replace(&format!("state={}", query(&callback, "state")), "state=forged-state");
    let e = flow.complete(&forged).await.unwrap_err();
    assert_eq!(
        (e.kind, e.message.as_str()),
        (ErrorKind::InvalidState, "Invalid or expired state token")
    );
    assert_eq!(e.solution[0], "State tokens expire after 10 minutes");

    let short = OAuthFlow::with_parts(
        StateStore::with_lifetime(Duration::from_millis(50)),
        HttpConfig::default(),
    );
    let callback = browser(&short.begin(&endpoint, &client).unwrap().url).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(
        short.complete(&callback).await.unwrap_err().kind,
        ErrorKind::InvalidState
    );
    assert_eq!(
        sim.counters().path(TOKEN_PATH),
        0,
        "no code is exchanged without a valid state"
    );
}

#[tokio::test]
async fn wrong_pkce_verifier_and_redirect_mismatch_are_invalid_grant() {
    let (_sim, endpoint, client) = sim().await;
    let tokens = token_endpoint(&endpoint, &client);
    let verifier = aurora_core::oauth::PkceVerifier::generate();
    let url = aurora_core::oauth::authorization_url(&endpoint, CLIENT_ID, REDIRECT, "st", &verifier).unwrap();

    let code = code_from_browser(&url).await;
    let other = aurora_core::oauth::PkceVerifier::generate();
    let e = tokens
        .exchange_code(&code, REDIRECT, other.secret())
        .await
        .unwrap_err()
        .into_exchange_error();
    assert_eq!(e.message, "Token exchange failed: invalid_grant");

    let code = code_from_browser(&url).await;
    let e = tokens
        .exchange_code(&code, "aurora://ovh/oauth2/callback/", verifier.secret())
        .await
        .unwrap_err()
        .into_exchange_error();
    assert_eq!(e.message, "Token exchange failed: invalid_grant");
    assert!(e
        .solution
        .iter()
        .any(|l| l == "Check that redirect_uri matches exactly (including trailing slash)"));
}

#[tokio::test]
async fn a_wrong_client_secret_is_reported() {
    let (_sim, endpoint, _) = sim().await;
    let flow = OAuthFlow::new();
    let wrong = OAuthClientConfig::new(CLIENT_ID, "not-the-secret", REDIRECT).unwrap();
    let callback = browser(&flow.begin(&endpoint, &wrong).unwrap().url).await;
    let e = flow.complete(&callback).await.unwrap_err();
    assert_eq!(e.message, "Token exchange failed: invalid_client");
    assert!(!e.message.contains("not-the-secret") && e.solution.iter().all(|l| !l.contains("not-the-secret")));
}

#[tokio::test]
async fn denied_consent_is_reported() {
    let (sim, endpoint, client) = sim_with(SimConfig::default()).await;
    let flow = OAuthFlow::new();
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    http.get(flow.begin(&endpoint, &client).unwrap().url)
        .send()
        .await
        .unwrap();
    let ticket = sim.pending_consents().pop().unwrap();
    let callback = sim.deny_consent(&ticket).unwrap();
    let e = flow.complete(&callback).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::AuthorizationDenied);
    assert!(e.message.contains("access_denied"));
}

#[tokio::test]
async fn no_refresh_token_warns_then_requires_a_new_sign_in() {
    let (sim, endpoint, client) = sim_with(
        SimConfig::default()
            .auto_consent(true)
            .refresh_token_mode(RefreshTokenMode::Omit),
    )
    .await;
    let sign_in = browser_sign_in(&endpoint, &client).await;
    assert_eq!(sign_in.warnings, vec![UserError::no_refresh_token()]);
    assert!(sign_in.tokens.refresh_token.is_none());

    let store: Arc<dyn TokenStore> = Arc::new(MemoryTokenStore::new());
    // Inside the renewal window but still valid: the token is still used.
    let mut tokens = sign_in.tokens.clone();
    tokens.expires_at = unix_now() + 60;
    let session = refresher(&endpoint, &client, tokens.clone(), store.clone());
    assert_eq!(session.access_token().await.unwrap(), tokens.access_token);
    assert!(matches!(session.status().await, SessionStatus::SignInRequired { .. }));

    // Expired: refused, and the expired token never reaches the API.
    tokens.expires_at = unix_now() - 1;
    let session = refresher(&endpoint, &client, tokens, store);
    let api = ApiClient::new(endpoint.clone(), Auth::Bearer(session.clone())).unwrap();
    let before = sim.counters();
    let e = UserError::from(api.get::<Value>("/me").await.unwrap_err());
    assert_eq!(e.kind, ErrorKind::SignInRequired);
    assert!(e.message.contains("Sign in with OVH again"), "{}", e.message);
    assert_eq!(sim.counters().total, before.total, "nothing was sent");
}

/// A whole sign-in, the browser consenting.
async fn browser_sign_in(endpoint: &Endpoint, client: &OAuthClientConfig) -> SignIn {
    let flow = OAuthFlow::new();
    flow.complete(&browser(&flow.begin(endpoint, client).unwrap().url).await)
        .await
        .unwrap()
}

async fn signed_in(endpoint: &Endpoint, client: &OAuthClientConfig) -> TokenSet {
    browser_sign_in(endpoint, client).await.tokens
}

#[tokio::test]
async fn rotation_saves_the_new_refresh_token() {
    let (sim, endpoint, client) = sim().await;
    let mut tokens = signed_in(&endpoint, &client).await;
    tokens.expires_at = unix_now() + 120;
    let store = Arc::new(MemoryTokenStore::new());
    let session = refresher(&endpoint, &client, tokens.clone(), store.clone());
    let fresh = session.access_token().await.unwrap();
    assert_ne!(fresh, tokens.access_token);
    let renewed = session.tokens().await;
    assert_ne!(
        renewed.refresh_token, tokens.refresh_token,
        "the sim rotates refresh tokens"
    );
    assert!(renewed.expires_at > unix_now() + 3000);
    assert_eq!(
        store.load("conn-1").unwrap(),
        Some(renewed.clone()),
        "the renewed set is persisted"
    );
    // The old refresh token is spent.
    let e = token_endpoint(&endpoint, &client).refresh(&tokens).await.unwrap_err();
    assert!(e.is_permanent());
    // The new access token works.
    let api = ApiClient::new(endpoint.clone(), Auth::Bearer(session)).unwrap();
    let _: Value = api.get("/me").await.unwrap();
    assert_eq!(
        sim.counters().path(TOKEN_PATH),
        3,
        "one exchange, one refresh, one refused replay"
    );
}

#[tokio::test]
async fn a_refused_refresh_means_sign_in_again() {
    let (_sim, endpoint, client) = sim().await;
    let mut tokens = signed_in(&endpoint, &client).await;
    tokens.refresh_token = Some(SecretString::new("revoked-refresh-token"));
    tokens.expires_at = unix_now() - 10;
    let session = refresher(&endpoint, &client, tokens, Arc::new(MemoryTokenStore::new()));
    let e = session.access_token().await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::SignInRequired);
    assert!(!e.message.contains("revoked-refresh-token"));
    assert!(matches!(session.status().await, SessionStatus::SignInRequired { .. }));
}

#[tokio::test]
async fn a_failing_token_endpoint_keeps_a_valid_token_and_retries_later() {
    let (sim, endpoint, client) = sim().await;
    let mut tokens = signed_in(&endpoint, &client).await;
    tokens.expires_at = unix_now() + 120;
    let session = refresher(&endpoint, &client, tokens.clone(), Arc::new(MemoryTokenStore::new()));
    sim.add_fault(FaultRule::status(TOKEN_PATH, 503).times(1));
    assert_eq!(
        session.access_token().await.unwrap(),
        tokens.access_token,
        "still valid: used while OVH is down"
    );
    assert!(matches!(session.status().await, SessionStatus::Active { .. }));
    assert_ne!(
        session.access_token().await.unwrap(),
        tokens.access_token,
        "renewed on the next call"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_concurrent_callers_at_expiry_make_one_refresh() {
    let (sim, endpoint, client) = sim().await;
    let mut tokens = signed_in(&endpoint, &client).await;
    tokens.expires_at = unix_now() + 30;
    let session = refresher(&endpoint, &client, tokens.clone(), Arc::new(MemoryTokenStore::new()));
    sim.add_fault(FaultRule::latency(TOKEN_PATH, 200));
    sim.reset_counters();
    let calls: Vec<_> = (0..20)
        .map(|_| {
            let s = session.clone();
            tokio::spawn(async move { s.access_token().await.unwrap() })
        })
        .collect();
    let mut results = Vec::new();
    for call in calls {
        results.push(call.await.unwrap());
    }
    assert_eq!(sim.counters().path(TOKEN_PATH), 1);
    assert!(results.iter().all(|t| *t == results[0]));
    assert_ne!(results[0], tokens.access_token);
}

#[tokio::test]
async fn client_credentials_sign_in_and_renewal() {
    let (sim, endpoint, client) = sim().await;
    let tokens = sign_in_with_client_credentials(&endpoint, &client, &HttpConfig::default())
        .await
        .unwrap();
    assert_eq!(tokens.auth_method, AuthMethod::ClientCredentials);
    assert!(tokens.refresh_token.is_none());
    let mut near = tokens.clone();
    near.expires_at = unix_now() + 60;
    let session = refresher(&endpoint, &client, near, Arc::new(MemoryTokenStore::new()));
    assert_ne!(session.access_token().await.unwrap(), tokens.access_token);
    assert!(matches!(
        session.status().await,
        SessionStatus::Active { renewable: true, .. }
    ));
    let api = ApiClient::new(endpoint, Auth::Bearer(session)).unwrap();
    let _: Value = api.get("/me").await.unwrap();
    assert_eq!(sim.counters().path(TOKEN_PATH), 2);

    let wrong = OAuthClientConfig::new(CLIENT_ID, "nope", REDIRECT).unwrap();
    let e = sign_in_with_client_credentials(
        &Endpoint::custom(&sim.api_url()).unwrap(),
        &wrong,
        &HttpConfig::default(),
    )
    .await
    .unwrap_err();
    assert_eq!(e.message, "Token exchange failed: invalid_client");
}

#[tokio::test]
async fn loopback_redirect_end_to_end() {
    let (sim, endpoint, _) = sim().await;
    let listener = aurora_core::oauth::LoopbackListener::bind(0).await.unwrap();
    let redirect = listener.redirect_uri();
    sim.add_oauth_client(ovh_sim::OAuthClient::new(
        "loopback-client",
        CLIENT_SECRET,
        redirect.clone(),
    ));
    let client = OAuthClientConfig::new("loopback-client", CLIENT_SECRET, redirect).unwrap();
    let flow = OAuthFlow::new();
    let request = flow.begin(&endpoint, &client).unwrap();
    let state = request.state.clone();
    let waiting = tokio::spawn(async move { listener.wait_for(&state).await });
    // A real browser follows the redirect to the listener.
    let page = reqwest::get(request.url).await.unwrap();
    assert_eq!(page.status(), 200);
    let callback = waiting.await.unwrap().unwrap();
    let sign_in = flow.complete(&callback).await.unwrap();
    assert_eq!(sign_in.tokens.client_id, "loopback-client");
}

#[tokio::test]
async fn an_access_token_ovh_refuses_is_renewed_and_the_call_retried_once() {
    let (sim, endpoint, client) = sim().await;
    let mut tokens = signed_in(&endpoint, &client).await;
    tokens.access_token = SecretString::new("revoked-access-token");
    let session = refresher(&endpoint, &client, tokens, Arc::new(MemoryTokenStore::new()));
    let api = ApiClient::new(endpoint.clone(), Auth::Bearer(session.clone())).unwrap();
    sim.reset_counters();
    let _: Value = api.get("/me").await.unwrap();
    assert_eq!(
        (sim.counters().path("/1.0/me"), sim.counters().path(TOKEN_PATH)),
        (2, 1)
    );

    // Refused again after renewal (here: the refresh token is revoked too): no loop.
    let mut tokens = session.tokens().await;
    tokens.access_token = SecretString::new("revoked-again");
    tokens.refresh_token = Some(SecretString::new("revoked-refresh"));
    let session = refresher(&endpoint, &client, tokens, Arc::new(MemoryTokenStore::new()));
    let api = ApiClient::new(endpoint, Auth::Bearer(session.clone())).unwrap();
    sim.reset_counters();
    let e = UserError::from(api.get::<Value>("/me").await.unwrap_err());
    assert_eq!(e.kind, ErrorKind::SignInRequired);
    assert_eq!(
        (sim.counters().path("/1.0/me"), sim.counters().path(TOKEN_PATH)),
        (1, 1)
    );
    assert!(matches!(session.status().await, SessionStatus::SignInRequired { .. }));
}

#[tokio::test]
async fn background_refresh_renews_ahead_of_expiry() {
    let (sim, endpoint, client) = sim().await;
    let mut tokens = signed_in(&endpoint, &client).await;
    tokens.expires_at = unix_now() + 62;
    let store = Arc::new(MemoryTokenStore::new());
    store.save("conn-bg", &tokens).unwrap();
    let session = Arc::new(
        TokenRefresher::new(
            "conn-bg",
            tokens.clone(),
            token_endpoint(&endpoint, &client),
            store.clone(),
        )
        .with_margin(Duration::from_secs(60)),
    );
    let task = session.spawn_background_refresh();
    tokio::time::sleep(Duration::from_millis(3500)).await;
    assert_eq!(
        sim.counters().path(TOKEN_PATH),
        2,
        "one exchange, one background renewal"
    );
    assert_ne!(session.tokens().await.access_token, tokens.access_token);
    assert!(store.load("conn-bg").unwrap().is_some());
    drop(session);
    tokio::time::timeout(Duration::from_secs(5), task)
        .await
        .expect("the task ends with its refresher")
        .unwrap();
}

/// `Sessions::complete_sign_in` is the whole finish of a sign-in: the callback
/// checked, the code exchanged, the connection and its tokens saved, and a
/// callback that answers no sign-in in progress refused without losing it.
#[tokio::test]
async fn complete_sign_in_saves_the_connection_and_its_tokens() {
    let (_sim, endpoint, client) = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let vault = Vault::with_backend(Arc::new(MemoryBackend::new()));
    let (registry, _) = ConnectionRegistry::open(dir.path(), vault.clone()).await.unwrap();
    let sessions = Sessions::new(registry, OAuthClients::default(), HttpConfig::default());
    let request = sessions.sign_ins().begin(&endpoint, &client).unwrap();
    let callback = browser(&request.url).await;
    assert!(sessions.sign_ins().is_awaited(&callback));

    let signed_in = sessions.complete_sign_in(&callback).await.unwrap();
    assert!(signed_in.warnings.is_empty(), "{:?}", signed_in.warnings);
    let connection = signed_in.connection;
    assert_eq!(connection.auth_method, AuthMethod::AuthorizationCode);
    assert!(connection.nichandle.is_some(), "the account is named: {connection:?}");
    assert_eq!(sessions.registry().list().await, vec![connection.clone()]);
    assert!(
        vault.load(&connection.id).unwrap().is_some(),
        "the tokens are in the keyring"
    );
    let me: Value = sessions.client(&connection).await.unwrap().get("/me").await.unwrap();
    assert!(me["nichandle"].is_string(), "{me}");

    // The same callback again (a replay) answers no sign-in: refused, nothing lost.
    assert!(!sessions.sign_ins().is_awaited(&callback));
    let e = sessions.complete_sign_in(&callback).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidState, "{e:?}");
    assert_eq!(sessions.registry().list().await, vec![connection]);
}
