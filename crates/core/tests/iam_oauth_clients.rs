//! OAuth2 clients Aurora creates, against ovh-sim: "Set up Sign in with OVH"
//! from legacy keys then a sign-in with the new client, a service account
//! signing in with client credentials and discovering, list and delete.

mod support;

use std::sync::Arc;
use std::time::Duration;

use aurora_core::api::StaticAccessToken;
use aurora_core::discovery::{discover, ApiEngine, ApiOptions, CancelToken, DiscoveryOptions, Progress, ResourceKind};
use aurora_core::legacy::{discovery_access_rules, request_consumer_key, AccessRule, PollOptions};
use aurora_core::oauth::{sign_in_with_client_credentials, Issuer, OAuthClientConfig, OAuthFlow, DEFAULT_REDIRECT_URI};
use aurora_core::oauth_clients::{
    client_identity, create_service_account, create_sign_in_client, delete_client, get_client, list_aurora_clients,
    set_up_sign_in_with_ovh, sign_in_setup_rules, ClientFlow, SetupKey, CLIENT_DESCRIPTION, SERVICE_ACCOUNT_NAME,
    SIGN_IN_CLIENT_NAME,
};
use aurora_core::vault::{ApiCredentials, MemoryBackend, SecretBackend, Vault};
use aurora_core::{ApiClient, Auth, Endpoint, ErrorKind, HttpConfig, SecretString};
use ovh_sim::{RunningSim, SimConfig, Simulator};
use serde_json::{json, Value};
use support::browser::browser;

const AK: &str = "7kbG7Bk7S9Nt7ZSV";
const AS: &str = "EXEgWIz07P0HYwtQDs7cNIqCiQaWSuHF";
const CK: &str = "MtSwSrPpNjqfVSmJhLbPyr2i45lSwPU1";
const CLIENTS_PATH: &str = "/1.0/me/api/oauth2/client";

async fn sim() -> RunningSim {
    let sim = Simulator::start(
        SimConfig::default()
            .seed(3)
            .projects(2)
            .per_type(2)
            .dedicated_servers(1)
            .credential(AK, AS, CK)
            .auto_consent(true),
    )
    .await
    .expect("ovh-sim starts");
    sim.add_application(AK, AS);
    sim
}

fn endpoint(sim: &RunningSim) -> Endpoint {
    Endpoint::custom(&sim.api_url()).unwrap()
}

/// The legacy connection the person starts from.
fn legacy_api(sim: &RunningSim) -> ApiClient {
    ApiClient::new(endpoint(sim), Auth::signed(AK, AS, CK)).unwrap()
}

fn bearer_api(sim: &RunningSim, token: &SecretString) -> ApiClient {
    ApiClient::new(endpoint(sim), Auth::bearer(StaticAccessToken(token.clone()))).unwrap()
}

#[tokio::test]
async fn sign_in_with_ovh_is_set_up_from_legacy_keys_and_the_new_client_signs_in() {
    let sim = sim().await;
    let api = legacy_api(&sim);
    let vault = Vault::with_backend(Arc::new(MemoryBackend::new()));
    let client = set_up_sign_in_with_ovh(&api, &vault, DEFAULT_REDIRECT_URI)
        .await
        .unwrap();
    assert!(
        !format!("{client:?}").contains(client.client_secret.expose()),
        "Debug must not show the secret"
    );

    let saved = vault
        .load_oauth_client(&Issuer::of(&endpoint(&sim)))
        .await
        .unwrap()
        .expect("saved as the issuer's OAuth client");
    assert_eq!(saved.client_id, client.client_id);
    assert_eq!(saved.client_secret, client.client_secret);

    let details = get_client(&api, &client.client_id).await.unwrap();
    assert_eq!(details.name, SIGN_IN_CLIENT_NAME);
    assert_eq!(details.description, CLIENT_DESCRIPTION);
    assert_eq!(details.flow, ClientFlow::AuthorizationCode);
    assert_eq!(details.callback_urls, vec![DEFAULT_REDIRECT_URI.to_owned()]);
    let nic = sim.dataset().me.nichandle;
    assert_eq!(
        details.identity.as_deref(),
        Some(format!("urn:v1:eu:identity:credential:{nic}/oauth2-{}", client.client_id).as_str())
    );

    let flow = OAuthFlow::new();
    let request = flow.begin(api.endpoint(), &client).unwrap();
    let sign_in = flow.complete(&browser(&request.url).await).await.unwrap();
    assert_eq!(sign_in.tokens.client_id, client.client_id);
    let me: Value = bearer_api(&sim, &sign_in.tokens.access_token).get("/me").await.unwrap();
    assert_eq!(me["nichandle"], nic.as_str());
}

#[tokio::test]
async fn a_service_account_signs_in_with_client_credentials_and_discovers() {
    let sim = sim().await;
    let api = legacy_api(&sim);
    let service = create_service_account(&api).await.unwrap();
    assert_eq!(service.flow, ClientFlow::ClientCredentials);
    assert!(!format!("{service:?}").contains(service.client_secret.expose()));
    let details = get_client(&api, &service.client_id).await.unwrap();
    assert_eq!(
        (details.name.as_str(), details.flow),
        (SERVICE_ACCOUNT_NAME, ClientFlow::ClientCredentials)
    );
    assert!(details.callback_urls.is_empty());

    let config = OAuthClientConfig::new(
        service.client_id.clone(),
        service.client_secret.clone(),
        DEFAULT_REDIRECT_URI,
    )
    .unwrap();
    let tokens = sign_in_with_client_credentials(api.endpoint(), &config, &HttpConfig::default())
        .await
        .unwrap();
    let projects: Vec<String> = bearer_api(&sim, &tokens.access_token)
        .get("/cloud/project")
        .await
        .unwrap();
    let expected: Vec<String> = sim
        .dataset()
        .projects
        .iter()
        .map(|p| p.project.project_id.clone())
        .collect();
    assert_eq!(sorted(projects), sorted(expected));

    let auth = Auth::bearer(StaticAccessToken(tokens.access_token.clone()));
    let engine = ApiEngine::new(endpoint(&sim), auth, ApiOptions::default()).unwrap();
    let inventory = discover(
        Arc::new(engine),
        "service",
        &DiscoveryOptions::default(),
        &Progress::none(),
        &CancelToken::new(),
    )
    .await;
    assert!(
        inventory.is_complete(),
        "{:?}",
        inventory.failed_tasks().collect::<Vec<_>>()
    );
    assert_eq!(inventory.of_kind(ResourceKind::Project).count(), 2);
}

#[tokio::test]
async fn aurora_lists_and_deletes_only_its_own_clients() {
    let sim = sim().await;
    let api = legacy_api(&sim);
    let sign_in = create_sign_in_client(&api, DEFAULT_REDIRECT_URI).await.unwrap();
    let service = create_service_account(&api).await.unwrap();
    let foreign: Value = api
        .post(
            "/me/api/oauth2/client",
            &json!({"name": "terraform", "description": "CI", "flow": "CLIENT_CREDENTIALS", "callbackUrls": []}),
        )
        .await
        .unwrap();

    let listed = list_aurora_clients(&api).await.unwrap();
    let ids: Vec<&str> = listed.iter().map(|c| c.client_id.as_str()).collect();
    assert_eq!(
        sorted(ids.clone()),
        sorted(vec![sign_in.client_id.as_str(), service.client_id.as_str()])
    );
    assert!(!ids.contains(&foreign["clientId"].as_str().unwrap()));
    assert!(listed.iter().all(|c| c
        .identity
        .as_deref()
        .is_some_and(|i| i.ends_with(&format!("/oauth2-{}", c.client_id)))));
    assert_eq!(
        client_identity(&api, &service.client_id).await.unwrap(),
        listed
            .iter()
            .find(|c| c.client_id == service.client_id)
            .unwrap()
            .identity
            .clone()
            .unwrap()
    );

    delete_client(&api, &sign_in.client_id).await.unwrap();
    let left = list_aurora_clients(&api).await.unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].client_id, service.client_id);
    let gone = delete_client(&api, &sign_in.client_id).await.unwrap_err();
    assert_eq!(gone.kind, ErrorKind::NotFound);
}

#[tokio::test]
async fn a_redirect_uri_aurora_cannot_receive_is_refused_before_asking_ovh() {
    let sim = sim().await;
    let vault = Vault::with_backend(Arc::new(MemoryBackend::new()));
    let e = set_up_sign_in_with_ovh(&legacy_api(&sim), &vault, "http://example.com/callback")
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidConfiguration);
    assert_eq!(sim.counters().path(CLIENTS_PATH), 0);
    assert_eq!(
        vault.load_oauth_client(&Issuer::of(&endpoint(&sim))).await.unwrap(),
        None
    );
}

#[tokio::test]
async fn keys_that_may_not_create_clients_are_told_which_right_is_missing() {
    let sim = sim().await;
    let rules = [AccessRule::get("/me"), AccessRule::get("/me/*")];
    let request = request_consumer_key(&endpoint(&sim), AK, &rules, None).await.unwrap();
    sim.validate_consumer_key(request.consumer_key.expose(), None).unwrap();
    let api = ApiClient::new(endpoint(&sim), Auth::signed(AK, AS, request.consumer_key.clone())).unwrap();
    let e = create_service_account(&api).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotGranted);
    assert!(e.message.contains("POST /me/api/oauth2/client"), "{}", e.message);
    assert!(!format!("{e:?}").contains(request.consumer_key.expose()));
}

fn sorted<T: Ord>(mut v: Vec<T>) -> Vec<T> {
    v.sort();
    v
}

#[tokio::test]
async fn setting_up_again_reuses_the_saved_client_while_ovh_still_has_it() {
    let sim = sim().await;
    let api = legacy_api(&sim);
    let vault = Vault::with_backend(Arc::new(MemoryBackend::new()));
    let first = set_up_sign_in_with_ovh(&api, &vault, DEFAULT_REDIRECT_URI)
        .await
        .unwrap();
    let again = set_up_sign_in_with_ovh(&api, &vault, DEFAULT_REDIRECT_URI)
        .await
        .unwrap();
    assert_eq!(again, first);
    assert_eq!(list_aurora_clients(&api).await.unwrap().len(), 1);

    // Another callback, or a client deleted at OVH: a new client is made and saved.
    let loopback = "http://127.0.0.1:53682/ovh/oauth2/callback";
    let other = set_up_sign_in_with_ovh(&api, &vault, loopback).await.unwrap();
    assert_ne!(other.client_id, first.client_id);
    delete_client(&api, &other.client_id).await.unwrap();
    let fresh = set_up_sign_in_with_ovh(&api, &vault, loopback).await.unwrap();
    assert_ne!(fresh.client_id, other.client_id);
    assert_eq!(
        vault
            .load_oauth_client(&Issuer::of(&endpoint(&sim)))
            .await
            .unwrap()
            .unwrap()
            .client_id,
        fresh.client_id
    );
}

/// Issue 14 point 6: the wizard's read-only key cannot create a client; a
/// single-purpose key with exactly the setup's rights, validated by the
/// person, creates it, and is then ended at OVH and kept nowhere.
#[tokio::test]
async fn a_read_only_connection_sets_up_sign_in_through_a_single_purpose_key() {
    let sim = sim().await;
    let endpoint = endpoint(&sim);
    let read_only = request_consumer_key(&endpoint, AK, &discovery_access_rules(), None)
        .await
        .unwrap();
    sim.validate_consumer_key(read_only.consumer_key.expose(), None)
        .unwrap();
    let connection_keys = ApiCredentials::new(&endpoint, AK, AS.into(), read_only.consumer_key.clone());
    let backend = Arc::new(MemoryBackend::new());
    let vault = Vault::with_backend(backend.clone());
    let direct = set_up_sign_in_with_ovh(
        &ApiClient::new(endpoint.clone(), connection_keys.auth()).unwrap(),
        &vault,
        DEFAULT_REDIRECT_URI,
    )
    .await
    .unwrap_err();
    assert_eq!(direct.kind, ErrorKind::NotGranted, "the read-only key alone cannot");

    let key = SetupKey::request(&endpoint, &connection_keys, Some("aurora://ovh/api-keys/validated"))
        .await
        .unwrap();
    let requested = sim.consumer_keys().pop().unwrap();
    let rules: Vec<(String, String)> = requested
        .rules
        .iter()
        .map(|r| (r.method.clone(), r.path.clone()))
        .collect();
    assert_eq!(
        sorted(rules),
        sorted(sign_in_setup_rules().into_iter().map(|r| (r.method, r.path)).collect()),
        "exactly the rights shown first"
    );
    assert!(key.validation_url().as_str().contains(&requested.validation_token));
    assert!(!format!("{key:?}").contains(&requested.consumer_key));

    // The person validates the key in the browser while Aurora waits.
    let waiting = tokio::spawn({
        let vault = vault.clone();
        async move {
            let poll = PollOptions {
                interval: Duration::from_millis(50),
                timeout: Duration::from_secs(20),
            };
            key.finish(&vault, DEFAULT_REDIRECT_URI, poll, &CancelToken::new())
                .await
        }
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    sim.validate_consumer_key(&requested.consumer_key, None).unwrap();
    let client = waiting.await.unwrap().unwrap();

    let details = get_client(&legacy_api(&sim), &client.client_id).await.unwrap();
    assert_eq!(
        (details.name.as_str(), details.flow, details.callback_urls.clone()),
        (
            SIGN_IN_CLIENT_NAME,
            ClientFlow::AuthorizationCode,
            vec![DEFAULT_REDIRECT_URI.to_owned()]
        )
    );
    let ended = sim
        .consumer_keys()
        .into_iter()
        .find(|c| c.consumer_key == requested.consumer_key)
        .unwrap();
    assert_eq!(
        ended.state,
        ovh_sim::CredentialState::Expired,
        "the key is ended at OVH"
    );
    let saved = vault.load_oauth_client(&Issuer::of(&endpoint)).await.unwrap().unwrap();
    assert_eq!(saved.client_id, client.client_id);
    for name in backend.names() {
        let stored = String::from_utf8(backend.read(&name).unwrap().unwrap()).unwrap();
        assert!(!stored.contains(&requested.consumer_key), "{name} keeps the setup key");
    }

    // And the new client signs in.
    let flow = OAuthFlow::new();
    let request = flow.begin(&endpoint, &client).unwrap();
    let sign_in = flow.complete(&browser(&request.url).await).await.unwrap();
    assert_eq!(sign_in.tokens.client_id, client.client_id);
}

/// A keyring that refuses every write, as a locked one does.
struct RefusingKeyring;

impl SecretBackend for RefusingKeyring {
    fn read(&self, _: &str) -> Result<Option<Vec<u8>>, aurora_core::vault::VaultError> {
        Ok(None)
    }
    fn write(&self, _: &str, _: &[u8]) -> Result<(), aurora_core::vault::VaultError> {
        Err(aurora_core::vault::VaultError::Locked {
            detail: "locked".into(),
        })
    }
    fn remove(&self, _: &str) -> Result<bool, aurora_core::vault::VaultError> {
        Ok(false)
    }
}

#[tokio::test]
async fn a_client_whose_secret_cannot_be_kept_is_deleted_again() {
    let sim = sim().await;
    let api = legacy_api(&sim);
    let vault = Vault::with_backend(Arc::new(RefusingKeyring));
    let e = set_up_sign_in_with_ovh(&api, &vault, DEFAULT_REDIRECT_URI)
        .await
        .unwrap_err();
    assert!(
        e.message.starts_with(
            "OVH created an OAuth2 client but Aurora could not keep its secret: Your system keyring is locked"
        ) && e
            .message
            .ends_with("Aurora deleted that client again: set up Sign in with OVH once the keyring works."),
        "{}",
        e.message
    );
    assert!(
        list_aurora_clients(&api).await.unwrap().is_empty(),
        "no unusable client is left at OVH"
    );
}

#[tokio::test]
async fn a_cancelled_setup_ends_its_key_and_creates_nothing() {
    let sim = sim().await;
    let endpoint = endpoint(&sim);
    let connection_keys = ApiCredentials::new(&endpoint, AK, AS.into(), CK.into());
    let key = SetupKey::request(&endpoint, &connection_keys, None).await.unwrap();
    let requested = sim.consumer_keys().pop().unwrap();
    sim.validate_consumer_key(&requested.consumer_key, None).unwrap();
    let cancel = CancelToken::new();
    cancel.cancel();
    let vault = Vault::with_backend(Arc::new(MemoryBackend::new()));
    let e = key
        .finish(&vault, DEFAULT_REDIRECT_URI, PollOptions::default(), &cancel)
        .await
        .unwrap_err();
    assert_eq!(e.message, "Setting up Sign in with OVH was cancelled.");
    let ended = sim.consumer_keys().pop().unwrap();
    assert_eq!(ended.state, ovh_sim::CredentialState::Expired);
    assert_eq!(sim.counters().path(CLIENTS_PATH), 0);
}
