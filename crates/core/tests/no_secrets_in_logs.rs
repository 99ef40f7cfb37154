//! Everything logged (at every level) while signing requests, signing in,
//! renewing and failing holds none of the secrets involved.

mod support;

use std::sync::Arc;

use aurora_core::api::unix_now;
use aurora_core::oauth::{
    parse_callback, MemoryTokenStore, OAuthClientConfig, OAuthFlow, TokenEndpoint, TokenRefresher, TokenStore,
};
use aurora_core::{ApiClient, Auth, Endpoint, HttpConfig, SecretString};
use ovh_sim::{FaultRule, SimConfig, Simulator};
use serde_json::Value;
use support::log_capture::Captured;

const AK: &str = "7kbG7Bk7S9Nt7ZSV";
const AS: &str = "EXEgWIz07P0HYwtQDs7cNIqCiQaWSuHF";
const CK: &str = "MtSwSrPpNjqfVSmJhLbPyr2i45lSwPU1";
const CLIENT_SECRET: &str = "client-secret-never-logged";
const REDIRECT: &str = "aurora://ovh/oauth2/callback";

#[tokio::test]
async fn no_secret_reaches_the_logs() {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(captured.writer())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let sim = Simulator::start(
        SimConfig::default()
            .credential(AK, AS, CK)
            .oauth_client("cid", CLIENT_SECRET, REDIRECT)
            .auto_consent(true),
    )
    .await
    .unwrap();
    let endpoint = Endpoint::custom(&sim.api_url()).unwrap();
    let mut secrets: Vec<String> = vec![AS.into(), CK.into(), CLIENT_SECRET.into()];

    // Signed requests, good and bad.
    let signed = ApiClient::new(endpoint.clone(), Auth::signed(AK, AS, CK)).unwrap();
    let _: Value = signed.get("/me").await.unwrap();
    let _ = ApiClient::new(
        endpoint.clone(),
        Auth::signed(AK, "wrong-secret-also-secret-000000", CK),
    )
    .unwrap()
    .get::<Value>("/me")
    .await;
    secrets.push("wrong-secret-also-secret-000000".into());

    // Sign in, use, renew, fail to renew.
    let client = OAuthClientConfig::new("cid", CLIENT_SECRET, REDIRECT).unwrap();
    let flow = OAuthFlow::new();
    let request = flow.begin(&endpoint, &client).unwrap();
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let callback = http.get(request.url).send().await.unwrap().headers()["location"]
        .to_str()
        .unwrap()
        .to_owned();
    let code = url::Url::parse(&callback)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "code")
        .unwrap()
        .1
        .into_owned();
    secrets.push(code.clone());
    let _ = parse_callback(&format!("aurora://evil/oauth2/callback?code={code}&state=x"));
    let sign_in = flow.complete(&callback).await.unwrap();
    let mut tokens = sign_in.tokens.clone();
    secrets.push(tokens.access_token.expose().to_owned());
    secrets.push(tokens.refresh_token.as_ref().unwrap().expose().to_owned());
    tokens.expires_at = unix_now() + 30;
    let endpoint_tokens = TokenEndpoint::new(&endpoint, &client, &HttpConfig::default()).unwrap();
    // As after a sign-in: the set is stored, so renewals replace it.
    let store = Arc::new(MemoryTokenStore::new());
    store.save("c", &tokens).unwrap();
    let session = Arc::new(TokenRefresher::new("c", tokens, endpoint_tokens.clone(), store));
    let api = ApiClient::new(endpoint.clone(), Auth::Bearer(session.clone())).unwrap();
    let _: Value = api.get("/me").await.unwrap();
    let renewed = session.tokens().await;
    secrets.push(renewed.access_token.expose().to_owned());
    secrets.push(renewed.refresh_token.as_ref().unwrap().expose().to_owned());
    sim.add_fault(FaultRule::status("/auth/oauth2/token", 500).times(1));
    let _ = session.refresh_now().await;
    let mut revoked = renewed.clone();
    revoked.access_token = SecretString::new("revoked-access-token-secret");
    revoked.refresh_token = Some(SecretString::new("revoked-refresh-token-secret"));
    secrets.push("revoked-access-token-secret".into());
    secrets.push("revoked-refresh-token-secret".into());
    let doomed = Arc::new(TokenRefresher::new(
        "d",
        revoked,
        endpoint_tokens,
        Arc::new(MemoryTokenStore::new()),
    ));
    let _ = ApiClient::new(endpoint, Auth::Bearer(doomed))
        .unwrap()
        .get::<Value>("/me")
        .await;

    let logs = captured.text();
    for expected in [
        "OVH API call",
        "OAuth2 token request",
        "ignored an OAuth callback",
        "will retry",
        "can no longer be renewed",
    ] {
        assert!(logs.contains(expected), "the capture misses \"{expected}\":\n{logs}");
    }
    for secret in &secrets {
        assert!(!logs.contains(secret.as_str()), "a secret reached the logs:\n{logs}");
    }
}
