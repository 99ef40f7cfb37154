//! The simulator over real HTTP: signed calls, consumer-key validation, OAuth2,
//! v2 pagination and IAM policies, faults, rate limit, clock and control API.

use std::time::Duration;

use ovh_sim::{pkce_challenge, signature, FaultKind, FaultRule, RefreshTokenMode, RunningSim, SimConfig, Simulator};
use reqwest::{redirect, Client, Method, RequestBuilder, Response, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

const AK: &str = "testApplicationK";
const AS: &str = "testApplicationSecret0123456789a";
const CK: &str = "testConsumerKey0123456789abcdefg";
const REDIRECT: &str = "aurora://ovh/oauth2/callback";

fn config() -> SimConfig {
    SimConfig::default()
        .credential(AK, AS, CK)
        .bearer_token("tok")
        .oauth_client("aurora-desktop", "s3cret", REDIRECT)
        .projects(2)
        .per_type(3)
}

fn http() -> Client {
    Client::builder()
        .redirect(redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

/// A signed call, exactly as OVH's SDKs build it.
async fn signed(sim: &RunningSim, ck: &str, method: Method, path: &str, body: Option<Value>) -> reqwest::Response {
    // Like the SDKs: /v1 and /v2 paths go to the host root, others under /1.0.
    let url = if path.starts_with("/v1/") || path.starts_with("/v2/") {
        format!("{}{}", sim.base_url(), path)
    } else {
        format!("{}{}", sim.api_url(), path)
    };
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let ts = sim.now().to_string();
    let sig = signature(AS, ck, method.as_str(), &url, body.as_bytes(), &ts);
    let mut req = signed_headers(http().request(method, &url), ck, &ts, sig);
    if !body.is_empty() {
        req = req.header("Content-Type", "application/json").body(body);
    }
    req.send().await.unwrap()
}

/// The headers of a signed call, with `AK`.
fn signed_headers(req: RequestBuilder, ck: &str, ts: &str, sig: String) -> RequestBuilder {
    req.header("X-Ovh-Application", AK)
        .header("X-Ovh-Consumer", ck)
        .header("X-Ovh-Timestamp", ts)
        .header("X-Ovh-Signature", sig)
}

/// `GET url` signed with `CK` at `ts` over `signed_url` (which may differ from `url`).
async fn signed_get(url: &str, signed_url: &str, ts: i64) -> Response {
    let ts = ts.to_string();
    let sig = signature(AS, CK, "GET", signed_url, b"", &ts);
    signed_headers(http().get(url), CK, &ts, sig).send().await.unwrap()
}

async fn bearer(sim: &RunningSim, token: &str, path: &str) -> reqwest::Response {
    http()
        .get(format!("{}{}", sim.base_url(), path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

/// An unauthenticated `GET`, its JSON answer.
async fn get_json<T: DeserializeOwned>(url: &str) -> T {
    http().get(url).send().await.unwrap().json().await.unwrap()
}

async fn json(r: Response) -> Value {
    r.json().await.unwrap()
}

/// `POST /auth/credential` as the application `application`.
async fn request_credential(sim: &RunningSim, application: &str, body: Value) -> Response {
    http()
        .post(format!("{}/auth/credential", sim.api_url()))
        .header("X-Ovh-Application", application)
        .json(&body)
        .send()
        .await
        .unwrap()
}

/// The form a person submits on a consumer key's validation page.
async fn submit_validation_page(sim: &RunningSim, form: &[(&str, &str)]) -> Response {
    http()
        .post(format!("{}/auth/", sim.base_url()))
        .form(form)
        .send()
        .await
        .unwrap()
}

/// A form posted to the OAuth2 token endpoint.
async fn token_request(sim: &RunningSim, form: &[(&str, &str)]) -> Response {
    http().post(sim.token_url()).form(form).send().await.unwrap()
}

#[tokio::test]
async fn signed_calls_with_query_and_body() {
    let sim = Simulator::start(config()).await.unwrap();
    let r = signed(&sim, CK, Method::GET, "/cloud/project?foo=bar&x=1", None).await;
    assert_eq!(r.status(), 200);
    assert!(r.headers().contains_key("x-ovh-queryid"));
    let ids: Vec<String> = r.json().await.unwrap();
    assert_eq!(ids.len(), 2);
    let r = signed(
        &sim,
        CK,
        Method::POST,
        "/me/api/oauth2/client",
        Some(json!({"name": "x", "flow": "CLIENT_CREDENTIALS"})),
    )
    .await;
    assert_eq!(r.status(), 200);
    // Signed over another URL than the one requested: refused.
    let r = signed_get(
        &format!("{}/me?x=1", sim.api_url()),
        &format!("{}/me", sim.api_url()),
        sim.now(),
    )
    .await;
    assert_eq!(r.status(), 400);
    let body = json(r).await;
    assert_eq!(body["errorCode"], "INVALID_SIGNATURE");
    assert_eq!(body["class"], "Client::BadRequest");
    assert_eq!(body["httpCode"], "400 Bad Request");
}

#[tokio::test]
async fn time_clock_offset_and_skew_window() {
    let sim = Simulator::start(config()).await.unwrap();
    let t: i64 = get_json(&format!("{}/auth/time", sim.api_url())).await;
    assert!((t - sim.now()).abs() <= 1);
    // v1 alias too.
    assert_eq!(
        http()
            .get(format!("{}/v1/auth/time", sim.base_url()))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    // A client whose clock is 10 minutes off, without fetching /auth/time: refused.
    let url = format!("{}/me", sim.api_url());
    let r = signed_get(&url, &url, sim.now() - 600).await;
    assert_eq!(json(r).await["errorCode"], "QUERY_TIME_OUT");
    // Shift the server clock through the control API.
    let r = http()
        .post(format!("{}/_sim/clock", sim.base_url()))
        .json(&json!({"offset": -3600}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let t2: i64 = get_json(&format!("{}/auth/time", sim.api_url())).await;
    assert!((t - 3600 - t2).abs() <= 2);
}

#[tokio::test]
async fn consumer_key_lifecycle_and_rules() {
    let sim = Simulator::start(config()).await.unwrap();
    let r = request_credential(
        &sim,
        AK,
        json!({"accessRules": [{"method": "GET", "path": "/cloud/project/*"}, {"method": "GET", "path": "/me"}],
               "redirection": "http://127.0.0.1:9/done"}),
    )
    .await;
    let answer = json(r).await;
    assert_eq!(answer["state"], "pendingValidation");
    let ck = answer["consumerKey"].as_str().unwrap().to_string();
    let validation_url = answer["validationUrl"].as_str().unwrap().to_string();
    assert!(validation_url.starts_with(&format!("{}/auth/?credentialToken=", sim.base_url())));

    let r = signed(&sim, &ck, Method::GET, "/me", None).await;
    assert_eq!(r.status(), 403);
    assert_eq!(json(r).await["errorCode"], "INVALID_CREDENTIAL");

    // The page a person sees, then the form they submit.
    let page = http().get(&validation_url).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("/cloud/project/*"));
    let token = validation_url.split("credentialToken=").nth(1).unwrap();
    let r = submit_validation_page(
        &sim,
        &[("credentialToken", token), ("action", "validate"), ("duration", "3600")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "http://127.0.0.1:9/done");

    assert_eq!(signed(&sim, &ck, Method::GET, "/me", None).await.status(), 200);
    let project = sim.dataset().projects[0].project.project_id.clone();
    assert_eq!(
        signed(&sim, &ck, Method::GET, &format!("/cloud/project/{project}"), None)
            .await
            .status(),
        200
    );
    // `/x/*` does not cover `/x`.
    let r = signed(&sim, &ck, Method::GET, "/cloud/project", None).await;
    assert_eq!(r.status(), 403);
    assert_eq!(json(r).await["errorCode"], "NOT_GRANTED_CALL");
    let current: Value = signed(&sim, &ck, Method::GET, "/auth/currentCredential", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(current["status"], "validated");
    assert!(current["expiration"].is_string());
    // The key expires with the server clock.
    sim.set_clock_offset(3700);
    let r = signed(&sim, &ck, Method::GET, "/me", None).await;
    assert_eq!(json(r).await["errorCode"], "INVALID_CREDENTIAL");
    // Unknown keys.
    let r = signed(&sim, "unknownConsumerKey00000000000000", Method::GET, "/me", None).await;
    assert_eq!(json(r).await["errorCode"], "NOT_CREDENTIAL");
    let r = request_credential(&sim, "nope", json!({"accessRules": []})).await;
    assert_eq!(json(r).await["errorCode"], "INVALID_KEY");
}

/// The OAuth2 client routes obey consumer-key rules like every call: a
/// read-only key may not create or delete clients, and the rules of the
/// sign-in setup's single-purpose key allow exactly what they name.
#[tokio::test]
async fn oauth2_client_routes_obey_consumer_key_rules() {
    let sim = Simulator::start(config()).await.unwrap();
    let key = |rules: Value| {
        let sim = &sim;
        async move {
            let answer = json(request_credential(sim, AK, json!({ "accessRules": rules })).await).await;
            let ck = answer["consumerKey"].as_str().unwrap().to_string();
            sim.validate_consumer_key(&ck, None).unwrap();
            ck
        }
    };
    let new_client = || json!({"name": "Aurora Integration", "flow": "AUTHORIZATION_CODE", "callbackUrls": [REDIRECT]});
    let not_granted = |r: Response| async move {
        assert_eq!(r.status(), 403);
        assert_eq!(json(r).await["errorCode"], "NOT_GRANTED_CALL");
    };

    let read_only = key(json!([{"method": "GET", "path": "/me/api/oauth2/client"}, {"method": "GET", "path": "/me/api/oauth2/client/*"}])).await;
    not_granted(
        signed(
            &sim,
            &read_only,
            Method::POST,
            "/me/api/oauth2/client",
            Some(new_client()),
        )
        .await,
    )
    .await;

    let setup = key(json!([
        {"method": "POST", "path": "/me/api/oauth2/client"},
        {"method": "GET", "path": "/me/api/oauth2/client/*"},
        {"method": "DELETE", "path": "/me/api/oauth2/client/*"}
    ]))
    .await;
    let created = json(signed(&sim, &setup, Method::POST, "/me/api/oauth2/client", Some(new_client())).await).await;
    let path = format!("/me/api/oauth2/client/{}", created["clientId"].as_str().unwrap());
    assert_eq!(signed(&sim, &setup, Method::GET, &path, None).await.status(), 200);
    // `/x/*` does not cover `/x`: no list, and nothing else of the account.
    not_granted(signed(&sim, &setup, Method::GET, "/me/api/oauth2/client", None).await).await;
    not_granted(signed(&sim, &setup, Method::GET, "/me", None).await).await;
    not_granted(signed(&sim, &read_only, Method::DELETE, &path, None).await).await;
    assert_eq!(signed(&sim, &setup, Method::DELETE, &path, None).await.status(), 200);
    // Every key may end itself; once ended it opens nothing.
    assert_eq!(
        signed(&sim, &setup, Method::POST, "/auth/logout", None).await.status(),
        200
    );
    let r = signed(&sim, &setup, Method::POST, "/me/api/oauth2/client", Some(new_client())).await;
    assert_eq!(json(r).await["errorCode"], "INVALID_CREDENTIAL");
}

#[tokio::test]
async fn refusing_a_consumer_key_from_rust() {
    let sim = Simulator::start(config()).await.unwrap();
    let answer = json(
        request_credential(
            &sim,
            AK,
            json!({"accessRules": [{"method": "GET", "path": "/*"}], "redirection": null}),
        )
        .await,
    )
    .await;
    let ck = answer["consumerKey"].as_str().unwrap();
    assert_eq!(sim.refuse_consumer_key(ck).unwrap(), None);
    assert!(
        sim.validate_consumer_key(ck, None).is_err(),
        "A refused key cannot be validated any more."
    );
    let r = signed(&sim, ck, Method::GET, "/me", None).await;
    assert_eq!(json(r).await["errorCode"], "INVALID_CREDENTIAL");
}

fn query(location: &str) -> Vec<(String, String)> {
    let q = location.split_once('?').unwrap().1;
    url::form_urlencoded::parse(q.as_bytes()).into_owned().collect()
}

fn param(q: &[(String, String)], k: &str) -> Option<String> {
    q.iter().find(|(a, _)| a == k).map(|(_, v)| v.clone())
}

#[tokio::test]
async fn oauth_code_flow_over_http() {
    let sim = Simulator::start(config()).await.unwrap();
    let verifier = "a-random-verifier-of-sufficient-length-0123456789";
    let authorize = format!(
        "{}?response_type=code&client_id=aurora-desktop&redirect_uri={}&scope=all&state=st4te&code_challenge={}&code_challenge_method=S256",
        sim.authorize_url(),
        url::form_urlencoded::byte_serialize(REDIRECT.as_bytes()).collect::<String>(),
        pkce_challenge(verifier)
    );
    let page = http().get(&authorize).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    let ticket = page
        .split("name=\"ticket\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    assert_eq!(sim.pending_consents(), vec![ticket.clone()]);
    let r = http()
        .post(format!("{}/auth/oauth2/authorize/consent", sim.base_url()))
        .form(&[("ticket", ticket.as_str()), ("decision", "allow")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FOUND);
    let location = r.headers()["location"].to_str().unwrap().to_string();
    assert!(location.starts_with(REDIRECT));
    let q = query(&location);
    assert_eq!(param(&q, "state").as_deref(), Some("st4te"));
    let code = param(&q, "code").unwrap();

    // Client authentication with HTTP Basic.
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", REDIRECT),
        ("code_verifier", verifier),
    ];
    let exchange = || {
        http()
            .post(sim.token_url())
            .basic_auth("aurora-desktop", Some("s3cret"))
            .form(&form)
            .send()
    };
    let r = exchange().await.unwrap();
    assert_eq!(r.status(), 200);
    let tokens = json(r).await;
    assert_eq!(tokens["expires_in"], 3600);
    let access = tokens["access_token"].as_str().unwrap();
    assert_eq!(bearer(&sim, access, "/1.0/me").await.status(), 200);
    assert_eq!(bearer(&sim, access, "/v1/me").await.status(), 200);
    assert_eq!(bearer(&sim, access, "/v2/publicCloud/project").await.status(), 200);
    // Replay.
    let r = exchange().await.unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(json(r).await["error"], "invalid_grant");
    // Refresh with credentials in the body; rotation.
    let rt = tokens["refresh_token"].as_str().unwrap();
    let refresh = [
        ("grant_type", "refresh_token"),
        ("refresh_token", rt),
        ("client_id", "aurora-desktop"),
        ("client_secret", "s3cret"),
    ];
    let renewed = json(token_request(&sim, &refresh).await).await;
    assert_ne!(renewed["refresh_token"], tokens["refresh_token"]);
    let r = token_request(&sim, &refresh).await;
    assert_eq!(json(r).await["error"], "invalid_grant");
    // Expiry follows the server clock.
    sim.set_clock_offset(3601);
    let r = bearer(&sim, renewed["access_token"].as_str().unwrap(), "/1.0/me").await;
    assert_eq!(r.status(), 401);
}

#[tokio::test]
async fn oauth_auto_consent_omit_refresh_and_client_credentials() {
    let sim = Simulator::start(
        config()
            .auto_consent(true)
            .refresh_token_mode(RefreshTokenMode::Omit)
            .token_lifetime(Duration::from_secs(120)),
    )
    .await
    .unwrap();
    let authorize = format!(
        "{}?response_type=code&client_id=aurora-desktop&redirect_uri={}&scope=all&state=s",
        sim.authorize_url(),
        url::form_urlencoded::byte_serialize(REDIRECT.as_bytes()).collect::<String>()
    );
    let r = http().get(&authorize).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FOUND);
    let code = param(&query(r.headers()["location"].to_str().unwrap()), "code").unwrap();
    let tokens = json(
        token_request(
            &sim,
            &[
                ("grant_type", "authorization_code"),
                ("code", code.as_str()),
                ("redirect_uri", REDIRECT),
                ("client_id", "aurora-desktop"),
                ("client_secret", "s3cret"),
            ],
        )
        .await,
    )
    .await;
    assert_eq!(tokens["expires_in"], 120);
    assert!(tokens.get("refresh_token").is_none());
    let cc = json(
        token_request(
            &sim,
            &[
                ("grant_type", "client_credentials"),
                ("client_id", "aurora-desktop"),
                ("client_secret", "s3cret"),
                ("scope", "all"),
            ],
        )
        .await,
    )
    .await;
    assert_eq!(cc["token_type"], "Bearer");
    let r = token_request(
        &sim,
        &[
            ("grant_type", "client_credentials"),
            ("client_id", "nobody"),
            ("client_secret", "x"),
        ],
    )
    .await;
    assert_eq!(r.status(), 401);
    assert_eq!(
        json(r).await["error_description"],
        "ovhcloud oauth2 client does not exists"
    );
    // Unknown client on authorize: redirected with an error.
    let r = http()
        .get(authorize.replace("aurora-desktop", "unknown"))
        .send()
        .await
        .unwrap();
    assert!(r.headers()["location"]
        .to_str()
        .unwrap()
        .contains("error=unauthorized_client"));
}

#[tokio::test]
async fn v2_pagination_and_policies() {
    let sim = Simulator::start(config().projects(5).page_size(2)).await.unwrap();
    let mut cursor: Option<String> = None;
    let mut ids = Vec::new();
    loop {
        let mut req = http()
            .get(format!("{}/publicCloud/project", sim.v2_url()))
            .bearer_auth("tok");
        if let Some(c) = &cursor {
            req = req.header("X-Pagination-Cursor", c);
        }
        let r = req.send().await.unwrap();
        let next = r
            .headers()
            .get("x-pagination-cursor-next")
            .map(|v| v.to_str().unwrap().to_string());
        let page: Vec<Value> = r.json().await.unwrap();
        assert!(page.len() <= 2);
        ids.extend(page.into_iter().map(|p| p["id"].as_str().unwrap().to_string()));
        match next {
            Some(n) => cursor = Some(n),
            None => break,
        }
    }
    let expected: Vec<String> = sim
        .dataset()
        .projects
        .iter()
        .map(|p| p.project.project_id.clone())
        .collect();
    assert_eq!(ids, expected);
    let r = http()
        .get(format!("{}/iam/resource", sim.v2_url()))
        .bearer_auth("tok")
        .header("X-Pagination-Cursor", "bogus")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);

    let nic = sim.dataset().me.nichandle;
    let good = json!({
        "name": "aurora-read-only", "description": "Aurora",
        "identities": [format!("urn:v1:eu:identity:credential:{nic}/oauth2-aurora-desktop")],
        "resources": [{"urn": format!("urn:v1:eu:resource:publicCloudProject:{}", expected[0])}],
        "permissions": {"allow": [{"action": "publicCloudProject:apiovh:instance/get"}]},
    });
    let created: Value = signed(&sim, CK, Method::POST, "/v2/iam/policy", Some(good.clone()))
        .await
        .json()
        .await
        .unwrap();
    let id = created["id"].as_str().unwrap();
    assert_eq!(created["readOnly"], false);
    assert_eq!(
        signed(&sim, CK, Method::GET, &format!("/v2/iam/policy/{id}"), None)
            .await
            .status(),
        200
    );
    let mut bad = good.clone();
    bad["permissions"]["allow"][0]["action"] = json!("publicCloudProject:apiovh:instance/teleport");
    let r = signed(&sim, CK, Method::POST, "/v2/iam/policy", Some(bad)).await;
    assert_eq!(r.status(), 400);
    let mut bad = good.clone();
    bad["resources"][0]["urn"] = json!("urn:v1:eu:publicCloudProject");
    assert_eq!(
        signed(&sim, CK, Method::POST, "/v2/iam/policy", Some(bad))
            .await
            .status(),
        400
    );
    assert_eq!(
        signed(&sim, CK, Method::DELETE, &format!("/v2/iam/policy/{id}"), None)
            .await
            .status(),
        204
    );
    assert_eq!(
        signed(&sim, CK, Method::GET, &format!("/v2/iam/policy/{id}"), None)
            .await
            .status(),
        404
    );
}

#[tokio::test]
async fn injected_faults() {
    let sim = Simulator::start(config()).await.unwrap();
    sim.add_fault(FaultRule::too_many_requests("/me", 7).times(1));
    let r = bearer(&sim, "tok", "/1.0/me").await;
    assert_eq!(r.status(), 429);
    assert_eq!(r.headers()["retry-after"], "7");
    assert_eq!(
        bearer(&sim, "tok", "/1.0/me").await.status(),
        200,
        "times=1 fault is gone"
    );

    sim.add_fault(FaultRule::status("/cloud/project", 503).method("GET"));
    assert_eq!(bearer(&sim, "tok", "/v1/cloud/project").await.status(), 503);
    sim.clear_faults();

    sim.add_fault(FaultRule::new("/dedicated/server", FaultKind::MalformedJson));
    let r = bearer(&sim, "tok", "/1.0/dedicated/server").await;
    assert_eq!(r.status(), 200);
    assert!(serde_json::from_str::<Value>(&r.text().await.unwrap()).is_err());

    sim.add_fault(FaultRule::new("/me", FaultKind::DropConnection));
    assert!(http()
        .get(format!("{}/me", sim.api_url()))
        .bearer_auth("tok")
        .send()
        .await
        .is_err());
    sim.clear_faults();

    sim.add_fault(FaultRule::new("/me", FaultKind::Hang));
    let quick = Client::builder().timeout(Duration::from_millis(300)).build().unwrap();
    let err = quick
        .get(format!("{}/me", sim.api_url()))
        .bearer_auth("tok")
        .send()
        .await
        .unwrap_err();
    assert!(err.is_timeout());
    sim.clear_faults();

    sim.add_fault(FaultRule::latency("/me", 200));
    let start = std::time::Instant::now();
    assert_eq!(bearer(&sim, "tok", "/1.0/me").await.status(), 200);
    assert!(start.elapsed() >= Duration::from_millis(200));
    sim.clear_faults();

    sim.add_fault(FaultRule::iam_denied(
        "/cloud/project/*/instance",
        "publicCloudProject:apiovh:instance/get",
    ));
    let project = sim.dataset().projects[0].project.project_id.clone();
    let r = bearer(&sim, "tok", &format!("/1.0/cloud/project/{project}/instance")).await;
    assert_eq!(r.status(), 403);
    let body: Value = r.json().await.unwrap();
    assert_eq!(
        body["details"]["unauthorizedActionsByIAM"],
        "publicCloudProject:apiovh:instance/get"
    );
    assert_eq!(body["message"], "User not granted for this request");

    // The same through the control API.
    sim.clear_faults();
    let r = http()
        .post(format!("{}/_sim/faults", sim.base_url()))
        .json(&json!({"path": "/me", "kind": "status", "status": 500, "times": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(bearer(&sim, "tok", "/1.0/me").await.status(), 500);
    assert_eq!(bearer(&sim, "tok", "/1.0/me").await.status(), 200);
}

#[tokio::test]
async fn rate_limit_counters_and_reset() {
    let sim = Simulator::start(config().rate_limit_per_minute(Some(3))).await.unwrap();
    // Put the server clock 10 s into a one-minute window so the loop stays inside it.
    let offset = 10 - sim.now().rem_euclid(60);
    sim.set_clock_offset(offset);
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(bearer(&sim, "tok", "/1.0/me").await.status().as_u16());
    }
    assert_eq!(statuses, vec![200, 200, 200, 429]);
    // Another credential has its own budget.
    assert_eq!(signed(&sim, CK, Method::GET, "/me", None).await.status(), 200);
    let counters = sim.counters();
    assert_eq!(counters.path("/1.0/me"), 5);
    assert_eq!(counters.by_credential["bearer:tok"], 4);
    assert_eq!(counters.by_credential[CK], 1);
    let over_http: Value = get_json(&format!("{}/_sim/counters", sim.base_url())).await;
    assert_eq!(over_http["total"], 5);
    sim.reset();
    assert_eq!(sim.counters().total, 0);
    let ds: Value = get_json(&format!("{}/_sim/dataset", sim.base_url())).await;
    assert_eq!(ds["projects"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn fixture_round_trip_and_list_semantics() {
    let first = Simulator::start(config()).await.unwrap();
    let path = std::env::temp_dir().join(format!("ovh-sim-fixture-{}.json", std::process::id()));
    let text = http()
        .get(format!("{}/_sim/dataset", first.base_url()))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    std::fs::write(&path, text).unwrap();
    let sim = Simulator::start(SimConfig::default().bearer_token("tok").fixture(&path))
        .await
        .unwrap();
    let _ = std::fs::remove_file(&path);
    assert!(
        sim.dataset() == first.dataset(),
        "The fixture serves exactly the dataset it was written from."
    );
    let p = &sim.dataset().projects[0];
    let pid = &p.project.project_id;
    let get = |path: String| {
        let sim = &sim;
        async move {
            bearer(sim, "tok", &format!("/1.0/cloud/project/{pid}{path}"))
                .await
                .json::<Value>()
                .await
                .unwrap()
        }
    };
    assert!(get("/kube".into()).await[0].is_string(), "kube lists ids");
    assert!(
        get("/database/service".into()).await[0].is_string(),
        "databases list ids"
    );
    assert!(get("/region".into()).await[0].is_string(), "regions list names");
    let instances = get("/instance".into()).await;
    assert!(
        instances[0].is_object() && instances[0].get("flavor").is_none(),
        "instances list objects without flavor"
    );
    assert!(get(format!("/instance/{}", p.instances[0].id)).await["flavor"]["name"].is_string());
    assert!(get("/containerRegistry".into()).await[0]["id"].is_string());
    assert!(get("/network/private".into()).await[0]["regions"].is_array());
    let lb = &p.load_balancers[0];
    let octavia = get(format!("/region/{}/loadbalancing/loadbalancer", lb.region)).await;
    assert!(octavia.as_array().unwrap().iter().any(|l| l["id"] == lb.id.as_str()));
    let usage = get("/usage/current".into()).await;
    assert!(usage["hourlyUsage"]["instance"].is_array());
    let r = bearer(&sim, "tok", "/1.0/cloud/project/0000/instance").await;
    assert_eq!(r.status(), 404);
    assert_eq!(json(r).await["message"], "This service does not exist");
}

#[test]
fn background_start_outside_tokio() {
    let sim = Simulator::start_in_background(config()).unwrap();
    let url = sim.api_url();
    assert!(url.starts_with("http://127.0.0.1:") && url.ends_with("/1.0"));
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let status = rt.block_on(async { http().get(format!("{url}/auth/time")).send().await.unwrap().status() });
    assert_eq!(status, 200);
    drop(sim);
    let err = rt.block_on(async { http().get(format!("{url}/auth/time")).send().await });
    assert!(err.is_err(), "The server stops when the handle is dropped.");
}

#[tokio::test]
async fn iam_policies_govern_service_accounts() {
    let sim = Simulator::start(config()).await.unwrap();
    // A service account: an OAuth2 client used with the client_credentials grant.
    let created: Value = signed(
        &sim,
        CK,
        Method::POST,
        "/me/api/oauth2/client",
        Some(json!({"name": "svc", "flow": "CLIENT_CREDENTIALS"})),
    )
    .await
    .json()
    .await
    .unwrap();
    let (id, secret) = (
        created["clientId"].as_str().unwrap(),
        created["clientSecret"].as_str().unwrap(),
    );
    let token = json(
        token_request(
            &sim,
            &[
                ("grant_type", "client_credentials"),
                ("client_id", id),
                ("client_secret", secret),
                ("scope", "all"),
            ],
        )
        .await,
    )
    .await;
    let token = token["access_token"].as_str().unwrap().to_string();
    let data = sim.dataset();
    let (p1, p2) = (
        data.projects[0].project.project_id.clone(),
        data.projects[1].project.project_id.clone(),
    );
    // No policy names it yet: not governed.
    assert_eq!(
        bearer(&sim, &token, &format!("/1.0/cloud/project/{p1}/kube"))
            .await
            .status(),
        200
    );

    let identity: Value = signed(&sim, CK, Method::GET, &format!("/me/api/oauth2/client/{id}"), None)
        .await
        .json()
        .await
        .unwrap();
    let policy = json!({
        "name": "aurora-instances", "identities": [identity["identity"]],
        "resources": [{"urn": format!("urn:v1:eu:resource:publicCloudProject:{p1}")}],
        "permissions": {"allow": [{"action": "publicCloudProject:apiovh:instance/get"}]},
    });
    assert_eq!(
        signed(&sim, CK, Method::POST, "/v2/iam/policy", Some(policy))
            .await
            .status(),
        200
    );

    assert_eq!(
        bearer(&sim, &token, &format!("/1.0/cloud/project/{p1}/instance"))
            .await
            .status(),
        200
    );
    let r = bearer(&sim, &token, &format!("/1.0/cloud/project/{p1}/kube")).await;
    assert_eq!(r.status(), 403);
    assert_eq!(
        json(r).await["details"]["unauthorizedActionsByIAM"],
        "publicCloudProject:apiovh:kube/get"
    );
    assert_eq!(
        bearer(&sim, &token, &format!("/1.0/cloud/project/{p2}/instance"))
            .await
            .status(),
        403
    );
    // A user's token (authorization code or preloaded) is not a service account.
    assert_eq!(
        bearer(&sim, "tok", &format!("/1.0/cloud/project/{p1}/kube"))
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn refusing_on_the_validation_page() {
    let sim = Simulator::start(config()).await.unwrap();
    let answer = json(
        request_credential(
            &sim,
            AK,
            json!({"accessRules": [{"method": "GET", "path": "/me"}], "redirection": "https://example.com/after"}),
        )
        .await,
    )
    .await;
    let url = answer["validationUrl"].as_str().unwrap();
    let token = url.split("credentialToken=").nth(1).unwrap();
    let r = submit_validation_page(&sim, &[("credentialToken", token), ("action", "refuse")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "https://example.com/after");
    assert_eq!(
        sim.consumer_keys().last().unwrap().state,
        ovh_sim::CredentialState::Refused
    );
    // The link is spent.
    assert_eq!(http().get(url).send().await.unwrap().status(), 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_concurrent_clients() {
    let sim = Simulator::start(config().latency(Duration::from_millis(20)))
        .await
        .unwrap();
    let client = http();
    let project = sim.dataset().projects[0].project.project_id.clone();
    let url = format!("{}/cloud/project/{project}/instance", sim.api_url());
    let calls = (0..100).map(|_| {
        let (client, url) = (client.clone(), url.clone());
        tokio::spawn(async move {
            client
                .get(url)
                .bearer_auth("tok")
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        })
    });
    let started = std::time::Instant::now();
    for call in calls.collect::<Vec<_>>() {
        assert_eq!(call.await.unwrap(), 200);
    }
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "Latency is per call, not serialized."
    );
    assert_eq!(sim.counters().route("/1.0/cloud/project/*/instance"), 100);
}

/// `GET /cloud/project/{pid}/instance/{iid}`'s status, as a client polling it sees it.
async fn instance_status(sim: &RunningSim, pid: &str, iid: &str) -> String {
    let detail = json(bearer(sim, "tok", &format!("/1.0/cloud/project/{pid}/instance/{iid}")).await).await;
    detail["status"].as_str().unwrap().to_string()
}

/// Polls the instance until its status is `want` (the simulator's delay is 200 ms here).
async fn wait_for_status(sim: &RunningSim, pid: &str, iid: &str, want: &str) {
    for _ in 0..100 {
        if instance_status(sim, pid, iid).await == want {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the instance {iid} never reached {want}");
}

async fn post(sim: &RunningSim, ck: &str, path: &str, body: Option<Value>) -> Response {
    signed(sim, ck, Method::POST, path, body).await
}

#[tokio::test]
async fn instance_actions_settle_after_a_delay() {
    let sim = Simulator::start(config().action_delay(Duration::from_millis(200)))
        .await
        .unwrap();
    let p = sim.dataset().projects[0].clone();
    let pid = p.project.project_id.clone();
    let active: Vec<String> = sim
        .dataset()
        .projects
        .iter()
        .find(|pr| pr.project.project_id == pid)
        .unwrap()
        .instances
        .iter()
        .filter(|i| i.status == "ACTIVE")
        .map(|i| i.id.clone())
        .collect();
    let iid = active
        .first()
        .expect("the generated project has an active instance")
        .clone();
    let base = format!("/cloud/project/{pid}/instance/{iid}");

    // Stop: answered at once with null, the status moves later.
    let r = post(&sim, CK, &format!("{base}/stop"), None).await;
    assert_eq!(r.status(), 200);
    assert_eq!(json(r).await, Value::Null);
    assert_eq!(instance_status(&sim, &pid, &iid).await, "ACTIVE");
    // A second action while the first runs is a conflict.
    assert_eq!(post(&sim, CK, &format!("{base}/stop"), None).await.status(), 409);
    wait_for_status(&sim, &pid, &iid, "SHUTOFF").await;
    // A stopped instance cannot be stopped again; it can be started.
    let r = post(&sim, CK, &format!("{base}/stop"), None).await;
    assert_eq!(r.status(), 409);
    assert!(json(r).await["message"].as_str().unwrap().contains("SHUTOFF"));
    assert_eq!(post(&sim, CK, &format!("{base}/start"), None).await.status(), 200);
    wait_for_status(&sim, &pid, &iid, "ACTIVE").await;

    // Reboot: its type is required and is soft or hard, nothing else.
    let r = post(&sim, CK, &format!("{base}/reboot"), Some(json!({}))).await;
    assert_eq!(r.status(), 400);
    assert_eq!(json(r).await["message"], "[type] Property is mandatory");
    let r = post(&sim, CK, &format!("{base}/reboot"), Some(json!({"type": "gentle"}))).await;
    assert_eq!(r.status(), 400);
    assert!(json(r).await["message"].as_str().unwrap().contains("gentle"));
    assert_eq!(instance_status(&sim, &pid, &iid).await, "ACTIVE");
    assert_eq!(
        post(&sim, CK, &format!("{base}/reboot"), Some(json!({"type": "hard"})))
            .await
            .status(),
        200
    );
    assert_eq!(instance_status(&sim, &pid, &iid).await, "HARD_REBOOT");
    wait_for_status(&sim, &pid, &iid, "ACTIVE").await;
    assert_eq!(
        post(&sim, CK, &format!("{base}/reboot"), Some(json!({"type": "soft"})))
            .await
            .status(),
        200
    );
    assert_eq!(instance_status(&sim, &pid, &iid).await, "REBOOT");
    wait_for_status(&sim, &pid, &iid, "ACTIVE").await;

    let r = post(&sim, CK, &format!("/cloud/project/{pid}/instance/nope/stop"), None).await;
    assert_eq!(r.status(), 404);
    // The request counters name the action, not an id.
    assert_eq!(sim.counters().route("/1.0/cloud/project/*/instance/*/reboot"), 4);
}

#[tokio::test]
async fn flavors_and_images_have_names_and_filter_by_region() {
    let sim = Simulator::start(config()).await.unwrap();
    let p = sim.dataset().projects[0].clone();
    let pid = &p.project.project_id;
    let flavors = json(bearer(&sim, "tok", &format!("/1.0/cloud/project/{pid}/flavor")).await).await;
    let images = json(bearer(&sim, "tok", &format!("/1.0/cloud/project/{pid}/image")).await).await;
    for i in &p.instances {
        let flavor = flavors
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["id"] == i.flavor_id.as_str())
            .unwrap();
        assert_eq!(flavor["name"], i.flavor.name.as_str());
        assert_eq!(flavor["vcpus"], i.flavor.vcpus);
        let image = images
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["id"] == i.image_id.as_str())
            .unwrap();
        assert_eq!(image["name"], i.image.name.as_str());
    }
    let region = p.instances[0].region.clone();
    let in_region = json(bearer(&sim, "tok", &format!("/1.0/cloud/project/{pid}/flavor?region={region}")).await).await;
    let in_region = in_region.as_array().unwrap();
    assert!(!in_region.is_empty() && in_region.iter().all(|f| f["region"] == region.as_str()));
    let one = json(
        bearer(
            &sim,
            "tok",
            &format!("/1.0/cloud/project/{pid}/image/{}", p.instances[0].image_id),
        )
        .await,
    )
    .await;
    assert_eq!(one["name"], p.instances[0].image.name.as_str());
    assert_eq!(
        bearer(&sim, "tok", &format!("/1.0/cloud/project/{pid}/flavor/nope"))
            .await
            .status(),
        404
    );
}

#[tokio::test]
async fn kubeconfig_is_yaml_for_the_cluster() {
    let sim = Simulator::start(config()).await.unwrap();
    let p = sim.dataset().projects[0].clone();
    let kube = &p.kube_clusters[0];
    let path = format!("/cloud/project/{}/kube/{}/kubeconfig", p.project.project_id, kube.id);
    let r = post(&sim, CK, &path, None).await;
    assert_eq!(r.status(), 200);
    let content = json(r).await["content"].as_str().unwrap().to_string();
    assert!(content.starts_with("apiVersion: v1\n"), "{content}");
    assert!(content.contains("kind: Config"));
    assert!(content.contains(&format!("server: https://{}", kube.url.trim_start_matches("https://"))));
    assert!(content.contains(&format!("current-context: kubernetes-admin@{}", kube.name)));
    let missing = format!("/cloud/project/{}/kube/nope/kubeconfig", p.project.project_id);
    assert_eq!(post(&sim, CK, &missing, None).await.status(), 404);
}

#[tokio::test]
async fn api_logs_list_each_credentials_own_calls() {
    let sim = Simulator::start(config()).await.unwrap();
    let pid = sim.dataset().projects[0].project.project_id.clone();
    assert_eq!(signed(&sim, CK, Method::GET, "/me", None).await.status(), 200);
    let instances = format!("/cloud/project/{pid}/instance");
    assert_eq!(signed(&sim, CK, Method::GET, &instances, None).await.status(), 200);
    // Another credential's calls are not in this key's log.
    assert_eq!(bearer(&sim, "tok", "/1.0/me").await.status(), 200);

    let ids = json(signed(&sim, CK, Method::GET, "/me/api/logs/self", None).await).await;
    let ids: Vec<u64> = serde_json::from_value(ids).unwrap();
    assert_eq!(ids.len(), 2, "reading the log is not logged: {ids:?}");
    let last = json(signed(&sim, CK, Method::GET, &format!("/me/api/logs/self/{}", ids[1]), None).await).await;
    assert_eq!(last["logId"], ids[1]);
    assert_eq!(last["method"], "GET");
    assert_eq!(last["path"], instances.as_str());
    assert_eq!(last["route"], "/cloud/project/{serviceName}/instance");
    assert_eq!(last["ip"], "127.0.0.1");
    assert_eq!(last["account"], sim.dataset().me.nichandle.as_str());
    assert!(last["date"].as_str().unwrap().starts_with("20"));

    let token_ids: Vec<u64> =
        serde_json::from_value(json(bearer(&sim, "tok", "/1.0/me/api/logs/self").await).await).unwrap();
    assert_eq!(token_ids.len(), 1);
    let r = bearer(&sim, "tok", &format!("/1.0/me/api/logs/self/{}", ids[0])).await;
    assert_eq!(r.status(), 404, "a credential reads only its own log");
}

#[tokio::test]
async fn a_read_only_key_and_a_read_only_policy_are_refused_actions() {
    let sim = Simulator::start(config().action_delay(Duration::from_millis(50)))
        .await
        .unwrap();
    let p = sim.dataset().projects[0].clone();
    let pid = p.project.project_id.clone();
    let iid = p.instances.iter().find(|i| i.status == "ACTIVE").unwrap().id.clone();
    // A consumer key with read rules only.
    let answer =
        json(request_credential(&sim, AK, json!({"accessRules": [{"method": "GET", "path": "/*"}]})).await).await;
    let ck = answer["consumerKey"].as_str().unwrap().to_string();
    sim.validate_consumer_key(&ck, None).unwrap();
    let r = post(&sim, &ck, &format!("/cloud/project/{pid}/instance/{iid}/stop"), None).await;
    assert_eq!(r.status(), 403);
    assert_eq!(json(r).await["errorCode"], "NOT_GRANTED_CALL");
    let kube = format!("/cloud/project/{pid}/kube/{}/kubeconfig", p.kube_clusters[0].id);
    assert_eq!(post(&sim, &ck, &kube, None).await.status(), 403);
    assert_eq!(instance_status(&sim, &pid, &iid).await, "ACTIVE");

    // A service account whose policy only reads instances.
    let created = json(
        post(
            &sim,
            CK,
            "/me/api/oauth2/client",
            Some(json!({"name": "svc", "flow": "CLIENT_CREDENTIALS"})),
        )
        .await,
    )
    .await;
    let (id, secret) = (
        created["clientId"].as_str().unwrap(),
        created["clientSecret"].as_str().unwrap(),
    );
    let token = json(
        token_request(
            &sim,
            &[
                ("grant_type", "client_credentials"),
                ("client_id", id),
                ("client_secret", secret),
                ("scope", "all"),
            ],
        )
        .await,
    )
    .await["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    let identity = json(signed(&sim, CK, Method::GET, &format!("/me/api/oauth2/client/{id}"), None).await).await;
    let policy = json!({
        "name": "read-instances", "identities": [identity["identity"]],
        "resources": [{"urn": format!("urn:v1:eu:resource:publicCloudProject:{pid}")}],
        "permissions": {"allow": [{"action": "publicCloudProject:apiovh:instance/get"}]},
    });
    assert_eq!(
        signed(&sim, CK, Method::POST, "/v2/iam/policy", Some(policy))
            .await
            .status(),
        200
    );
    let r = http()
        .post(format!(
            "{}/1.0/cloud/project/{pid}/instance/{iid}/reboot",
            sim.base_url()
        ))
        .bearer_auth(&token)
        .json(&json!({"type": "soft"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(
        json(r).await["details"]["unauthorizedActionsByIAM"],
        "publicCloudProject:apiovh:instance/reboot"
    );
    let r = http()
        .post(format!("{}/1.0{kube}", sim.base_url()))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(
        json(r).await["details"]["unauthorizedActionsByIAM"],
        "publicCloudProject:apiovh:kube/kubeconfig/create"
    );
    assert_eq!(instance_status(&sim, &pid, &iid).await, "ACTIVE");
}

/// `GET path` with a bearer token and the aggregation headers given.
async fn aggregated(sim: &RunningSim, path: &str, headers: &[(&str, &str)]) -> Response {
    let mut req = http().get(format!("{}{}", sim.api_url(), path)).bearer_auth("tok");
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    req.send().await.unwrap()
}

#[tokio::test]
async fn list_aggregation_answers_objects_in_pages() {
    let sim = Simulator::start(config().projects(5)).await.unwrap();
    let pages = [("X-Pagination-Mode", "CachedObjectList-Pages")];
    let r = aggregated(&sim, "/cloud/project", &pages).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["x-pagination-elements"], "5");
    let projects: Vec<Value> = r.json().await.unwrap();
    let expected: Vec<Value> = sim
        .dataset()
        .projects
        .iter()
        .map(|p| serde_json::to_value(&p.project).unwrap())
        .collect();
    assert_eq!(projects, expected, "each id is replaced by its object, in list order");

    let project = sim.dataset().projects[0].project.project_id.clone();
    let kube: Vec<Value> = aggregated(&sim, &format!("/cloud/project/{project}/kube"), &pages)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(kube.len(), 3);
    assert!(kube.iter().all(|k| k["id"].is_string() && k["name"].is_string()));

    // Page 2 of size 2 of the five projects, then a past-the-end page.
    let second: Vec<Value> = aggregated(
        &sim,
        "/cloud/project",
        &[pages[0], ("X-Pagination-Size", "2"), ("X-Pagination-Number", "2")],
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(second, expected[2..4]);
    let past: Vec<Value> = aggregated(
        &sim,
        "/cloud/project",
        &[pages[0], ("X-Pagination-Size", "2"), ("X-Pagination-Number", "9")],
    )
    .await
    .json()
    .await
    .unwrap();
    assert!(past.is_empty());

    // Cursor mode walks the same objects.
    let mut cursor: Option<String> = None;
    let mut walked = Vec::new();
    loop {
        let mut headers = vec![
            ("X-Pagination-Mode", "CachedObjectList-Cursor"),
            ("X-Pagination-Size", "2"),
        ];
        if let Some(c) = &cursor {
            headers.push(("X-Pagination-Cursor", c));
        }
        let r = aggregated(&sim, "/cloud/project", &headers).await;
        let next = r
            .headers()
            .get("x-pagination-cursor-next")
            .map(|v| v.to_str().unwrap().to_owned());
        walked.extend(r.json::<Vec<Value>>().await.unwrap());
        match next {
            Some(n) => cursor = Some(n),
            None => break,
        }
    }
    assert_eq!(walked, expected);

    // Without the header the list is ids, as before.
    let ids: Vec<String> = aggregated(&sim, "/dedicated/server", &[]).await.json().await.unwrap();
    let servers: Vec<Value> = aggregated(&sim, "/dedicated/server", &pages)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        servers.iter().map(|s| s["name"].as_str().unwrap()).collect::<Vec<_>>(),
        ids
    );

    // A server whose pages hold fewer objects than asked still gives the total.
    let capped = Simulator::start(config().projects(5).aggregation_page_cap(2))
        .await
        .unwrap();
    let r = aggregated(&capped, "/cloud/project", &[pages[0], ("X-Pagination-Size", "1000")]).await;
    assert_eq!(r.headers()["x-pagination-elements"], "5");
    assert_eq!(r.json::<Vec<Value>>().await.unwrap().len(), 2);

    let unknown_mode = [("X-Pagination-Mode", "Everything")];
    assert_eq!(aggregated(&sim, "/cloud/project", &unknown_mode).await.status(), 400);
    for (name, value) in [
        ("X-Pagination-Size", "0"),
        ("X-Pagination-Size", "many"),
        ("X-Pagination-Number", "0"),
    ] {
        let r = aggregated(&sim, "/cloud/project", &[pages[0], (name, value)]).await;
        assert_eq!(r.status(), 400, "{name}: {value}");
    }
}
