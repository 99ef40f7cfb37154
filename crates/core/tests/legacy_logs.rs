//! Issue 10: no secret in the logs. Runs the whole legacy-key path (request,
//! validation, validate, save, remove, every failure message) with every
//! log line of every crate captured at TRACE, then looks for the secrets.

mod support;

use std::sync::Arc;
use std::time::Duration;

use aurora_core::connections::{Connection, ConnectionRegistry};
use aurora_core::legacy::{
    discovery_access_rules, request_consumer_key, validate, wait_for_validation, LegacyError, PollOptions,
};
use aurora_core::oauth::AuthMethod;
use aurora_core::vault::{ApiCredentials, MemoryBackend, Vault};
use aurora_core::{ApiClient, Endpoint, UserError};
use ovh_sim::{SimConfig, Simulator};
use support::log_capture::Captured;

const AK: &str = "7kbG7Bk7S9Nt7ZSV";
const AS: &str = "EXEgWIz07P0HYwtQDs7cNIqCiQaWSuHF";
const CK: &str = "MtSwSrPpNjqfVSmJhLbPyr2i45lSwPU1";

#[tokio::test]
async fn no_secret_reaches_a_log_line_or_a_message() {
    let captured = Captured::default();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(captured.writer())
        .with_ansi(false)
        .init();

    let sim = Simulator::start(SimConfig::default().credential(AK, AS, CK))
        .await
        .unwrap();
    sim.add_application(AK, AS);
    let endpoint = Endpoint::custom(&sim.api_url()).unwrap();
    let mut shown = Vec::new();

    let request = request_consumer_key(&endpoint, AK, &discovery_access_rules(), None)
        .await
        .unwrap();
    let requested_ck = request.consumer_key.expose().to_owned();
    let keys = ApiCredentials::new(&endpoint, AK, AS.into(), request.consumer_key.clone());
    let client = ApiClient::new(endpoint.clone(), keys.auth()).unwrap();
    let pending = wait_for_validation(
        &client,
        &request.validation_url,
        PollOptions {
            interval: Duration::from_millis(10),
            timeout: Duration::from_millis(50),
        },
    )
    .await
    .unwrap_err();
    shown.push(UserError::from(pending));
    sim.validate_consumer_key(&requested_ck, None).unwrap();
    let account = validate(&endpoint, &keys).await.unwrap();

    for bad in [
        ApiCredentials::new(&endpoint, AK, "WrongSecretWrongSecretWrongSecre".into(), CK.into()),
        ApiCredentials::new(&endpoint, "UnknownAppKey123", AS.into(), CK.into()),
        ApiCredentials::new(&endpoint, AK, AS.into(), "UnknownConsumerKeyUnknownConsume".into()),
    ] {
        let e: LegacyError = validate(&endpoint, &bad).await.unwrap_err();
        shown.push(UserError::from(e));
    }

    let dir = tempfile::tempdir().unwrap();
    let vault = Vault::with_backend(Arc::new(MemoryBackend::new()));
    let (registry, _) = ConnectionRegistry::open(dir.path(), vault).await.unwrap();
    let connection =
        Connection::new(&endpoint, AuthMethod::ApiCredentials).with_account(account.nichandle, account.email);
    registry
        .add_with_api_credentials(connection.clone(), &keys)
        .await
        .unwrap();
    registry.remove(&connection.id).await.unwrap();

    let logs = captured.text();
    assert!(logs.contains("OVH API call"), "the capture works: {logs}");
    let shown = serde_json::to_string(&shown).unwrap();
    for secret in [AS, CK, requested_ck.as_str()] {
        assert!(!logs.contains(secret), "a secret is in the logs");
        assert!(!shown.contains(secret), "a secret is in a message: {shown}");
    }
}
