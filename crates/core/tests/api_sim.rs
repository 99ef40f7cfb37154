//! ApiClient against ovh-sim: OVH's legacy signature as the simulator checks
//! it, a server clock far from ours, consumer keys, v2 pagination and faults.

use std::time::Duration;

use aurora_core::api::{ApiError, ApiRequest, StaticAccessToken};
use aurora_core::{ApiClient, Auth, Endpoint, ErrorKind, HttpConfig, SecretString, UserError};
use ovh_sim::{FaultRule, RunningSim, SimConfig, Simulator};
use serde_json::{json, Value};

const AK: &str = "7kbG7Bk7S9Nt7ZSV";
const AS: &str = "EXEgWIz07P0HYwtQDs7cNIqCiQaWSuHF";
const CK: &str = "MtSwSrPpNjqfVSmJhLbPyr2i45lSwPU1";
const TOKEN: &str = "sim-bearer-token";

async fn sim() -> (RunningSim, Endpoint) {
    let sim = Simulator::start(
        SimConfig::default()
            .credential(AK, AS, CK)
            .bearer_token(TOKEN)
            .page_size(2),
    )
    .await
    .unwrap();
    let endpoint = Endpoint::custom(&sim.api_url()).unwrap();
    (sim, endpoint)
}

fn signed(endpoint: &Endpoint) -> ApiClient {
    ApiClient::new(endpoint.clone(), Auth::signed(AK, AS, CK)).unwrap()
}

#[tokio::test]
async fn signed_calls_on_1_0_v1_and_v2() {
    let (sim, endpoint) = sim().await;
    let client = signed(&endpoint);
    let me: Value = client.get("/me").await.unwrap();
    assert!(me["nichandle"].is_string());
    let ids: Vec<String> = client.get("/cloud/project").await.unwrap();
    let v1: Vec<String> = client.get("/v1/cloud/project").await.unwrap();
    assert_eq!(ids, v1);
    let projects: Vec<Value> = client.get_all("/v2/publicCloud/project").await.unwrap();
    assert_eq!(projects.len(), ids.len());
    assert!(
        sim.counters().path("/v2/publicCloud/project") >= 2,
        "page size 2 means several pages"
    );
    let instances: Vec<Value> = client
        .get(&format!("/cloud/project/{}/instance", ids[0]))
        .await
        .unwrap();
    assert!(!instances.is_empty());
    assert_eq!(sim.counters().path("/1.0/auth/time"), 1);
}

#[tokio::test]
async fn server_clock_ten_minutes_off() {
    for offset in [600, -600] {
        let (sim, endpoint) = sim().await;
        sim.set_clock_offset(offset);
        let client = signed(&endpoint);
        let _: Value = client.get("/me").await.unwrap();
        assert!((client.clock().delta().unwrap() - offset).abs() <= 1);
    }
}

#[tokio::test]
async fn a_clock_that_moves_after_the_first_call_is_relearned() {
    let (sim, endpoint) = sim().await;
    let client = signed(&endpoint);
    let _: Value = client.get("/me").await.unwrap();
    sim.set_clock_offset(900);
    let _: Value = client.get("/me").await.unwrap();
    assert_eq!(sim.counters().path("/1.0/auth/time"), 2);
}

#[tokio::test]
async fn wrong_credentials_are_typed() {
    let (_sim, endpoint) = sim().await;
    let e = ApiClient::new(endpoint.clone(), Auth::signed(AK, "x".repeat(32), CK))
        .unwrap()
        .get::<Value>("/me")
        .await
        .unwrap_err();
    assert!(
        matches!(e, ApiError::InvalidSignature(ref c) if c.query_id.is_some()),
        "{e:?}"
    );
    let e = ApiClient::new(endpoint.clone(), Auth::signed(AK, AS, "y".repeat(32)))
        .unwrap()
        .get::<Value>("/me")
        .await
        .unwrap_err();
    assert!(matches!(e, ApiError::InvalidCredential(_)), "{e:?}");
    assert_eq!(
        UserError::from(e).message,
        "Invalid credentials. Please check your consumer key and permissions."
    );
    let e = ApiClient::new(endpoint.clone(), Auth::signed("unknownkey123456", AS, CK))
        .unwrap()
        .get::<Value>("/me")
        .await
        .unwrap_err();
    assert!(matches!(e, ApiError::UnknownApplicationKey(_)), "{e:?}");
    let e = ApiClient::new(endpoint, Auth::bearer(StaticAccessToken(SecretString::new("nope"))))
        .unwrap()
        .get::<Value>("/me")
        .await
        .unwrap_err();
    assert_eq!(UserError::from(e).kind, ErrorKind::SignInRequired);
}

#[tokio::test]
async fn consumer_key_request_validation_and_rights() {
    let (sim, endpoint) = sim().await;
    let (ak, as_) = ("appkey0123456789", "appsecret0123456789012345678901x");
    sim.add_application(ak, as_);
    let app = ApiClient::new(
        endpoint,
        Auth::Application {
            application_key: ak.into(),
        },
    )
    .unwrap();
    let body = json!({"accessRules": [{"method": "GET", "path": "/me"}], "redirection": null});
    let answer: Value = app.post("/auth/credential", &body).await.unwrap();
    assert_eq!(answer["state"], "pendingValidation");
    let ck = answer["consumerKey"].as_str().unwrap().to_owned();
    let client = app.with_auth(Auth::signed(ak, as_, ck.clone()));
    let pending = client.get::<Value>("/me").await.unwrap_err();
    assert!(matches!(pending, ApiError::InvalidCredential(_)), "{pending:?}");
    sim.validate_consumer_key(&ck, None).unwrap();
    let _: Value = client.get("/me").await.unwrap();
    let e = client.get::<Value>("/cloud/project").await.unwrap_err();
    assert!(
        matches!(e, ApiError::NotGranted(ref c) if c.path == "/cloud/project"),
        "{e:?}"
    );
    assert!(UserError::from(e).message.contains("GET /cloud/project"));
}

#[tokio::test]
async fn faults_become_typed_errors() {
    let (sim, endpoint) = sim().await;
    let client = ApiClient::new(
        endpoint.clone(),
        Auth::bearer(StaticAccessToken(SecretString::new(TOKEN))),
    )
    .unwrap();
    sim.add_fault(FaultRule::iam_denied("/me", "account:apiovh:me/get"));
    let e = client.get::<Value>("/me").await.unwrap_err();
    assert!(
        matches!(e, ApiError::IamDenied { ref action, .. } if action == "account:apiovh:me/get"),
        "{e:?}"
    );
    sim.clear_faults();

    sim.add_fault(FaultRule::status("/cloud/project", 503));
    assert!(matches!(
        client.get::<Value>("/cloud/project").await.unwrap_err(),
        ApiError::Server(_)
    ));
    sim.clear_faults();

    sim.add_fault(FaultRule::new("/cloud/project", ovh_sim::FaultKind::MalformedJson));
    assert!(matches!(
        client.get::<Value>("/cloud/project").await.unwrap_err(),
        ApiError::Malformed { .. }
    ));
    sim.clear_faults();

    sim.add_fault(FaultRule::new("/cloud/project", ovh_sim::FaultKind::Hang));
    let quick = HttpConfig {
        timeout: Duration::from_millis(300),
        ..HttpConfig::default()
    };
    let impatient = ApiClient::with_config(
        endpoint,
        Auth::bearer(StaticAccessToken(SecretString::new(TOKEN))),
        &quick,
    )
    .unwrap();
    assert!(matches!(
        impatient.get::<Value>("/cloud/project").await.unwrap_err(),
        ApiError::Timeout { .. }
    ));
    let e = impatient
        .send(ApiRequest::get("/cloud/project").timeout(Duration::from_millis(100)))
        .await
        .unwrap_err();
    assert!(matches!(e, ApiError::Timeout { after, .. } if after == Duration::from_millis(100)));
}

#[tokio::test]
async fn rate_limits_are_waited_out_for_gets() {
    let (sim, endpoint) = sim().await;
    let client = ApiClient::new(endpoint, Auth::bearer(StaticAccessToken(SecretString::new(TOKEN)))).unwrap();
    sim.add_fault(FaultRule::too_many_requests("/me", 1).times(1));
    let started = std::time::Instant::now();
    let _: Value = client.get("/me").await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(900));
    assert_eq!(sim.counters().path("/1.0/me"), 2);

    sim.add_fault(FaultRule::too_many_requests("/me", 60).times(1));
    match client.get::<Value>("/me").await.unwrap_err() {
        ApiError::RateLimited { retry_after, .. } => assert_eq!(retry_after, Some(Duration::from_secs(60))),
        e => panic!("{e:?}"),
    }
    sim.add_fault(FaultRule::too_many_requests("/me/*", 1).times(1));
    let e = client.post::<_, Value>("/me/thing", &json!({})).await.unwrap_err();
    assert!(
        matches!(e, ApiError::RateLimited { .. }),
        "a POST is never retried: {e:?}"
    );
}
