//! Legacy API keys against ovh-sim: the wizard's core from consumer key
//! request to saved connection, and every failure it must explain.

use std::sync::Arc;
use std::time::Duration;

use aurora_core::connections::{Connection, ConnectionRegistry};
use aurora_core::legacy::ApiKeysWizard;
use aurora_core::legacy::{
    credential_status, discovery_access_rules, request_consumer_key, resolve_import, validate, validate_with,
    wait_for_validation, AccessRule, ConsumerKeyRequest, ConsumerKeyStatus, CredentialState, LegacyError, PollOptions,
    ValidatedKeys,
};
use aurora_core::oauth::AuthMethod;
use aurora_core::session::{OAuthClients, Sessions};
use aurora_core::vault::{ApiCredentials, MemoryBackend, Vault};
use aurora_core::{ApiClient, ApiError, Endpoint, ErrorKind, HttpConfig, UserError};
use ovh_sim::{RunningSim, SimConfig, Simulator};

const AK: &str = "7kbG7Bk7S9Nt7ZSV";
const AS: &str = "EXEgWIz07P0HYwtQDs7cNIqCiQaWSuHF";
const CK: &str = "MtSwSrPpNjqfVSmJhLbPyr2i45lSwPU1";
const REDIRECTION: &str = "aurora://ovh/legacy/callback";

async fn sim() -> RunningSim {
    let sim = Simulator::start(SimConfig::default().credential(AK, AS, CK).projects(2))
        .await
        .unwrap();
    sim.add_application(AK, AS);
    sim
}

fn endpoint(sim: &RunningSim) -> Endpoint {
    Endpoint::custom(&sim.api_url()).unwrap()
}

fn keys(sim: &RunningSim, ak: &str, r#as: &str, ck: &str) -> ApiCredentials {
    ApiCredentials::new(&endpoint(sim), ak, r#as.into(), ck.into())
}

/// `validate` with these keys against the simulator.
async fn validate_keys(sim: &RunningSim, ak: &str, r#as: &str, ck: &str) -> Result<ValidatedKeys, LegacyError> {
    validate(&endpoint(sim), &keys(sim, ak, r#as, ck)).await
}

/// A consumer key for discovery's read-only rules, as the wizard requests it.
async fn request_discovery_key(endpoint: &Endpoint, redirection: Option<&str>) -> ConsumerKeyRequest {
    request_consumer_key(endpoint, AK, &discovery_access_rules(), redirection)
        .await
        .unwrap()
}

/// `AK`, `AS` and the consumer key just requested, and a client signing with them.
fn requested_keys(endpoint: &Endpoint, request: &ConsumerKeyRequest) -> (ApiCredentials, ApiClient) {
    let keys = ApiCredentials::new(endpoint, AK, AS.into(), request.consumer_key.clone());
    let client = ApiClient::new(endpoint.clone(), keys.auth()).unwrap();
    (keys, client)
}

fn fast_poll(timeout_ms: u64) -> PollOptions {
    PollOptions {
        interval: Duration::from_millis(20),
        timeout: Duration::from_millis(timeout_ms),
    }
}

fn assert_no_secret(user: &UserError, secrets: &[&str]) {
    let shown = format!("{user:?} {}", serde_json::to_string(user).unwrap());
    for s in secrets {
        assert!(!shown.contains(s), "a secret leaked into {shown}");
    }
}

#[tokio::test]
async fn valid_keys_give_the_account_rules_and_expiry() {
    let sim = sim().await;
    let account = validate_keys(&sim, AK, AS, CK).await.unwrap();
    let me = sim.dataset().me;
    assert_eq!(account.nichandle, me.nichandle);
    assert_eq!(account.email.as_deref(), Some(me.email.as_str()));
    let rules = account.rules.expect("the key may read its own rules");
    assert!(rules.contains(&AccessRule::get("/*")));
    assert_eq!(account.expiration, None, "preloaded keys are unlimited");
    assert!(account.missing_rules.is_empty(), "{:?}", account.missing_rules);
}

#[tokio::test]
async fn the_wizard_requests_a_least_privilege_key_waits_for_validation_and_saves_it() {
    let sim = sim().await;
    let endpoint = endpoint(&sim);
    let rules = discovery_access_rules();
    let request = request_consumer_key(&endpoint, AK, &rules, Some(REDIRECTION))
        .await
        .unwrap();
    assert_eq!(request.state, CredentialState::PendingValidation);
    assert!(
        request.validation_url.as_str().starts_with(&sim.base_url()),
        "{}",
        request.validation_url
    );
    assert!(
        !format!("{request:?}").contains(request.consumer_key.expose()),
        "Debug hides the consumer key"
    );

    // OVH received exactly the read-only rules and the deep link.
    let issued = sim
        .consumer_keys()
        .into_iter()
        .find(|c| c.consumer_key == request.consumer_key.expose())
        .unwrap();
    let sent: Vec<(String, String)> = issued
        .rules
        .iter()
        .map(|r| (r.method.clone(), r.path.clone()))
        .collect();
    let wanted: Vec<(String, String)> = rules.iter().map(|r| (r.method.clone(), r.path.clone())).collect();
    assert_eq!(sent, wanted);
    assert_eq!(issued.redirection.as_deref(), Some(REDIRECTION));

    let (keys, client) = requested_keys(&endpoint, &request);
    assert_eq!(credential_status(&client).await.unwrap(), ConsumerKeyStatus::Pending);

    // The person validates in the browser while Aurora polls.
    let waiting = {
        let (client, url) = (client.clone(), request.validation_url.clone());
        tokio::spawn(async move { wait_for_validation(&client, &url, fast_poll(5_000)).await })
    };
    tokio::time::sleep(Duration::from_millis(100)).await;
    let redirect = sim.validate_consumer_key(request.consumer_key.expose(), None).unwrap();
    assert_eq!(redirect.as_deref(), Some(REDIRECTION));
    let credential = waiting.await.unwrap().unwrap();
    assert_eq!(credential.status, CredentialState::Validated);
    assert_eq!(credential.rules, rules);

    let account = validate_with(&client).await.unwrap();
    assert_eq!(account.nichandle, sim.dataset().me.nichandle);
    assert!(account.missing_rules.is_empty(), "{:?}", account.missing_rules);
    // The same signed client serves discovery...
    let projects: Vec<String> = client.get("/cloud/project").await.unwrap();
    assert_eq!(projects.len(), 2);
    let _: serde_json::Value = client
        .get(&format!("/cloud/project/{}/instance", projects[0]))
        .await
        .unwrap();

    // ...and the keys are saved: secrets in the vault, the rest in the registry.
    let dir = tempfile::tempdir().unwrap();
    let vault = Vault::with_backend(Arc::new(MemoryBackend::new()));
    let (registry, _) = ConnectionRegistry::open(dir.path(), vault.clone()).await.unwrap();
    let connection = Connection::new(&endpoint, AuthMethod::ApiCredentials)
        .with_account(account.nichandle.clone(), account.email.clone());
    registry
        .add_with_api_credentials(connection.clone(), &keys)
        .await
        .unwrap();
    let stored = vault.load_api_credentials(&connection.id).await.unwrap().unwrap();
    assert_eq!(stored, keys);
    let again = validate(&stored.resolve_endpoint().unwrap(), &stored).await.unwrap();
    assert_eq!(again.nichandle, account.nichandle);
    let file = std::fs::read_to_string(dir.path().join("connections.json")).unwrap();
    assert!(!file.contains(AS) && !file.contains(request.consumer_key.expose()));
}

#[tokio::test]
async fn a_call_outside_the_granted_rules_is_explained() {
    let sim = sim().await;
    let endpoint = endpoint(&sim);
    let request = request_consumer_key(&endpoint, AK, &[AccessRule::get("/me")], None)
        .await
        .unwrap();
    sim.validate_consumer_key(request.consumer_key.expose(), None).unwrap();
    let (_, client) = requested_keys(&endpoint, &request);
    let account = validate_with(&client).await.unwrap();
    assert!(
        account.missing_rules.contains(&AccessRule::get("/cloud/project")),
        "the wizard can warn about missing rights"
    );

    let e = client.get::<Vec<String>>("/cloud/project").await.unwrap_err();
    assert!(matches!(e, ApiError::NotGranted(_)), "{e:?}");
    let user = UserError::from(LegacyError::from(e));
    assert_eq!(user.kind, ErrorKind::NotGranted);
    assert!(user.message.contains("GET /cloud/project"), "{}", user.message);
    assert_no_secret(&user, &[AS, request.consumer_key.expose()]);
}

#[tokio::test]
async fn a_wrong_secret_is_a_bad_signature() {
    let sim = sim().await;
    let wrong = "WrongSecretWrongSecretWrongSecre";
    let e = validate_keys(&sim, AK, wrong, CK).await.unwrap_err();
    assert!(matches!(e, LegacyError::BadSignature(_)), "{e:?}");
    let user = UserError::from(e);
    assert_eq!(user.kind, ErrorKind::InvalidSignature);
    assert!(user.message.contains("Application Secret"), "{}", user.message);
    assert_no_secret(&user, &[wrong, CK]);
}

#[tokio::test]
async fn an_unknown_application_key_is_named_as_such() {
    let sim = sim().await;
    let unknown = "UnknownAppKey123";
    let e = validate_keys(&sim, unknown, AS, CK).await.unwrap_err();
    assert!(matches!(e, LegacyError::UnknownApplicationKey(_)), "{e:?}");
    assert_eq!(UserError::from(e).kind, ErrorKind::UnknownApplicationKey);

    let e = request_consumer_key(&endpoint(&sim), unknown, &discovery_access_rules(), None)
        .await
        .unwrap_err();
    assert!(matches!(e, LegacyError::UnknownApplicationKey(_)), "{e:?}");
    let user = UserError::from(e);
    assert!(user.message.contains("Application Key"), "{}", user.message);
}

#[tokio::test]
async fn a_pending_key_asks_to_open_the_validation_link() {
    let sim = sim().await;
    let endpoint = endpoint(&sim);
    let request = request_discovery_key(&endpoint, None).await;
    let (_, client) = requested_keys(&endpoint, &request);

    let e = wait_for_validation(&client, &request.validation_url, fast_poll(200))
        .await
        .unwrap_err();
    assert!(
        matches!(&e, LegacyError::Pending { validation_url: Some(u) } if *u == request.validation_url),
        "{e:?}"
    );
    let user = UserError::from(e);
    assert!(user.message.contains("Open the validation link"), "{}", user.message);
    assert!(user
        .solution
        .iter()
        .any(|l| l.contains(request.validation_url.as_str())));
    assert_no_secret(&user, &[AS, request.consumer_key.expose()]);

    // Checked directly, a pending key gets the product document's message.
    let e = validate_with(&client).await.unwrap_err();
    assert!(matches!(e, LegacyError::InvalidCredentials(_)), "{e:?}");
    let user = UserError::from(e);
    assert_eq!(
        user.message,
        "Invalid credentials. Please check your consumer key and permissions."
    );
    assert!(user
        .solution
        .iter()
        .any(|l| l == "Ensure Consumer Key was validated via the OVH validation link"));
}

#[tokio::test]
async fn a_refused_key_never_validates() {
    let sim = sim().await;
    let endpoint = endpoint(&sim);
    let request = request_discovery_key(&endpoint, Some(REDIRECTION)).await;
    sim.refuse_consumer_key(request.consumer_key.expose()).unwrap();
    let (_, client) = requested_keys(&endpoint, &request);

    // OVH (and ovh-sim) may answer a refused key like a pending one: the
    // wait then ends at its deadline with the link to open again.
    let e = wait_for_validation(&client, &request.validation_url, fast_poll(200))
        .await
        .unwrap_err();
    assert!(
        matches!(
            e,
            LegacyError::Refused | LegacyError::UnknownConsumerKey | LegacyError::Pending { .. }
        ),
        "{e:?}"
    );
    let e = validate_with(&client).await.unwrap_err();
    assert!(matches!(e, LegacyError::InvalidCredentials(_)), "{e:?}");
    assert_eq!(UserError::from(e).kind, ErrorKind::InvalidCredentials);
}

#[tokio::test]
async fn an_expired_key_says_to_check_the_expiry() {
    let sim = sim().await;
    let endpoint = endpoint(&sim);
    let request = request_discovery_key(&endpoint, None).await;
    sim.validate_consumer_key(request.consumer_key.expose(), Some(Duration::from_secs(60)))
        .unwrap();
    let keys = ApiCredentials::new(&endpoint, AK, AS.into(), request.consumer_key.clone());
    let account = validate(&endpoint, &keys).await.unwrap();
    assert!(account.expiration.is_some(), "a time-limited key shows its expiry");

    sim.set_clock_offset(120);
    let e = validate(&endpoint, &keys).await.unwrap_err();
    assert!(
        matches!(e, LegacyError::InvalidCredentials(_) | LegacyError::Expired),
        "{e:?}"
    );
    let user = UserError::from(e);
    assert_eq!(user.kind, ErrorKind::InvalidCredentials);
    assert!(
        user.solution
            .iter()
            .any(|l| l == "Check that credentials haven't expired (if time-limited)"),
        "{:?}",
        user.solution
    );
}

#[tokio::test]
async fn a_local_clock_ten_minutes_off_still_validates() {
    let sim = sim().await;
    for offset in [600, -600] {
        sim.set_clock_offset(offset);
        let account = validate_keys(&sim, AK, AS, CK).await.unwrap();
        assert_eq!(account.nichandle, sim.dataset().me.nichandle, "offset {offset}");
    }
}

#[tokio::test]
async fn imported_ovh_conf_keys_validate() {
    let sim = sim().await;
    let conf = format!(
        "[default]\nendpoint={api}\n\n[{api}]\napplication_key={AK}\napplication_secret={AS}\nconsumer_key={CK}\n",
        api = sim.api_url()
    );
    let files = [aurora_core::legacy::ConfFile {
        label: "./ovh.conf".into(),
        conf: aurora_core::legacy::OvhConf::parse(&conf),
    }];
    let imported = resolve_import(&files, &|_| None).unwrap().expect("keys found");
    assert!(imported.preview.problems.is_empty(), "{:?}", imported.preview.problems);
    let keys = imported.api_credentials().expect("a consumer key was imported");
    let account = validate(&imported.endpoint, &keys).await.unwrap();
    assert_eq!(account.nichandle, sim.dataset().me.nichandle);
}

/// The wizard's state machine in core: nothing to save before keys are
/// checked, a mistyped pasted key refused before any call, checked keys held
/// until "Save" adds the connection, and nothing left behind afterwards.
#[tokio::test]
async fn the_wizard_holds_checked_keys_until_they_are_saved() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let vault = Vault::with_backend(Arc::new(MemoryBackend::new()));
    let (registry, _) = ConnectionRegistry::open(dir.path(), vault.clone()).await.unwrap();
    let sessions = Sessions::new(registry, OAuthClients::default(), HttpConfig::default());
    let wizard = ApiKeysWizard::default();
    let none = wizard.save(&sessions).await.unwrap_err();
    assert!(none.message.contains("no API keys waiting"), "{}", none.message);

    let typo = wizard
        .check_existing(endpoint(&sim), "not a key!", AS, CK)
        .await
        .unwrap_err();
    assert_eq!(typo.kind, ErrorKind::InvalidInput);
    assert_no_secret(&typo, &[AS, CK]);
    assert!(wizard.check_imported().await.is_err(), "a refused paste holds nothing");

    let validated = wizard.check_existing(endpoint(&sim), AK, AS, CK).await.unwrap();
    let connection = wizard.save(&sessions).await.unwrap();
    assert_eq!(connection.auth_method, AuthMethod::ApiCredentials);
    assert_eq!(connection.nichandle.as_deref(), Some(validated.nichandle.as_str()));
    assert_eq!(sessions.registry().list().await, vec![connection.clone()]);
    let api = sessions.client(&connection).await.unwrap();
    let _: serde_json::Value = api.get("/me").await.unwrap();
    assert!(wizard.save(&sessions).await.is_err(), "saved keys are no longer held");
}
