//! No OAuth2 client secret or access token reaches a log line (TRACE, Aurora
//! and its HTTP stack) or a message, along client creation, the service
//! account's sign-in and policy creation.

mod support;

use std::sync::Arc;

use aurora_core::api::StaticAccessToken;
use aurora_core::iam::{create_policy, list_aurora_policies, Capability, PolicyDraft};
use aurora_core::oauth::{sign_in_with_client_credentials, OAuthClientConfig, DEFAULT_REDIRECT_URI};
use aurora_core::oauth_clients::{
    client_identity, create_service_account, list_aurora_clients, set_up_sign_in_with_ovh,
};
use aurora_core::vault::{MemoryBackend, Vault};
use aurora_core::{ApiClient, Auth, Endpoint, HttpConfig};
use ovh_sim::{SimConfig, Simulator};
use serde_json::Value;
use support::log_capture::Captured;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::prelude::*;

const AK: &str = "7kbG7Bk7S9Nt7ZSV";
const AS: &str = "EXEgWIz07P0HYwtQDs7cNIqCiQaWSuHF";
const CK: &str = "MtSwSrPpNjqfVSmJhLbPyr2i45lSwPU1";

#[tokio::test]
async fn no_client_secret_or_token_reaches_a_log_line() {
    let captured = Captured::default();
    // The simulator's own lines are left out: it is OVH's side.
    let targets = Targets::new()
        .with_default(tracing::Level::TRACE)
        .with_target("ovh_sim", tracing::level_filters::LevelFilter::OFF);
    tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(captured.writer())
                .with_ansi(false)
                .with_filter(targets),
        )
        .init();

    let sim = Simulator::start(
        SimConfig::default()
            .projects(1)
            .dedicated_servers(1)
            .credential(AK, AS, CK),
    )
    .await
    .unwrap();
    let endpoint = Endpoint::custom(&sim.api_url()).unwrap();
    let api = ApiClient::new(endpoint.clone(), Auth::signed(AK, AS, CK)).unwrap();
    let vault = Vault::with_backend(Arc::new(MemoryBackend::new()));

    let sign_in = set_up_sign_in_with_ovh(&api, &vault, DEFAULT_REDIRECT_URI)
        .await
        .unwrap();
    let service = create_service_account(&api).await.unwrap();
    let config = OAuthClientConfig::new(
        service.client_id.clone(),
        service.client_secret.clone(),
        DEFAULT_REDIRECT_URI,
    )
    .unwrap();
    let tokens = sign_in_with_client_credentials(&endpoint, &config, &HttpConfig::default())
        .await
        .unwrap();
    let bearer = ApiClient::new(
        endpoint.clone(),
        Auth::bearer(StaticAccessToken(tokens.access_token.clone())),
    )
    .unwrap();
    let _: Value = bearer.get("/me").await.unwrap();

    let identity = client_identity(&api, &service.client_id).await.unwrap();
    let project = sim.dataset().projects[0].project.project_id.clone();
    let draft = PolicyDraft {
        identity,
        project_ids: vec![project],
        capabilities: vec![Capability::ReadOnlyInventory],
        name: None,
    };
    let policy = create_policy(&api, &draft).await.unwrap();
    let listed = list_aurora_clients(&api).await.unwrap();
    let policies = list_aurora_policies(&api).await.unwrap();
    let wrong = PolicyDraft {
        project_ids: vec!["nope".into()],
        ..draft
    };
    let refused = create_policy(&bearer, &wrong).await.unwrap_err();

    let logs = captured.text();
    assert!(
        logs.contains("OAuth2 client created") && logs.contains("IAM policy created"),
        "the path was logged:\n{logs}"
    );
    let shown = format!("{logs} {sign_in:?} {service:?} {tokens:?} {policy:?} {listed:?} {policies:?} {refused:?}");
    for secret in [
        sign_in.client_secret.expose(),
        service.client_secret.expose(),
        tokens.access_token.expose(),
        AS,
        CK,
    ] {
        assert!(!shown.contains(secret), "a secret leaked");
    }
}
