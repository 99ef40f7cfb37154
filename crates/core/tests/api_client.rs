//! ApiClient against a small loopback server that checks signatures the way
//! OVH does (its own SHA-1, not aurora_core::signing), with a clock that can
//! be set off from ours.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aurora_core::api::{ApiError, ApiRequest, StaticAccessToken};
use aurora_core::{ApiClient, Auth, Endpoint, ErrorKind, HttpConfig, SecretString, UserError};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};
use sha1::{Digest, Sha1};

const AK: &str = "7kbG7Bk7S9Nt7ZSV";
const AS: &str = "EXEgWIz07P0HYwtQDs7cNIqCiQaWSuHF";
const CK: &str = "MtSwSrPpNjqfVSmJhLbPyr2i45lSwPU1";
const TOKEN: &str = "bearer-token-value";

#[derive(Default)]
struct Server {
    skew: AtomicI64,
    time_calls: AtomicUsize,
    addr: std::sync::OnceLock<SocketAddr>,
}

fn now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() as i64
}

fn error(status: u16, body: Value) -> Response {
    let mut r = (StatusCode::from_u16(status).unwrap(), axum::Json(body)).into_response();
    r.headers_mut()
        .insert("x-ovh-queryid", "EU.ext-1.test".parse().unwrap());
    r
}

async fn handle(State(s): State<Arc<Server>>, method: Method, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    let server_now = now() + s.skew.load(Ordering::SeqCst);
    let path = uri.path();
    if path == "/1.0/auth/time" {
        s.time_calls.fetch_add(1, Ordering::SeqCst);
        return axum::Json(server_now).into_response();
    }
    if path == "/1.0/slow" {
        tokio::time::sleep(Duration::from_secs(5)).await;
    }
    let header = |n: &str| headers.get(n).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let authorized = if let Some(signature) = header("x-ovh-signature") {
        let ts: i64 = header("x-ovh-timestamp").and_then(|t| t.parse().ok()).unwrap_or(0);
        let full_url = format!("http://{}{}", s.addr.get().unwrap(), uri);
        let mut h = Sha1::new();
        h.update(format!(
            "{AS}+{}+{}+{}+",
            header("x-ovh-consumer").unwrap_or_default(),
            method,
            full_url
        ));
        h.update(&body);
        h.update(format!("+{ts}"));
        let expected = format!("$1${}", hex::encode(h.finalize()));
        if header("x-ovh-application").as_deref() != Some(AK) {
            return error(
                403,
                json!({"errorCode":"INVALID_KEY","httpCode":"403 Forbidden","message":"This application key is invalid"}),
            );
        }
        if signature != expected || (ts - server_now).abs() > 30 {
            return error(400, json!({"class":"Client::BadRequest","message":"Invalid signature"}));
        }
        true
    } else {
        header("authorization").as_deref() == Some(&format!("Bearer {TOKEN}"))
    };
    if !authorized {
        return error(
            401,
            json!({"class":"Client::Unauthorized","message":"The access token is invalid"}),
        );
    }
    match path {
        "/1.0/denied" => error(
            403,
            json!({"class":"Client::Forbidden","message":"User not granted for this request","details":{"unauthorizedActionsByIAM":"vps:apiovh:reboot"}}),
        ),
        "/1.0/limited" => {
            let mut r = error(429, json!({"message":"Too many requests"}));
            r.headers_mut().insert("retry-after", "12".parse().unwrap());
            r
        }
        "/1.0/broken" => (StatusCode::OK, "{not json").into_response(),
        "/v2/items" => {
            let page = header("x-pagination-cursor").unwrap_or_else(|| "0".into());
            let n: usize = page.parse().unwrap();
            let mut r = axum::Json(json!([n * 2, n * 2 + 1])).into_response();
            if n < 2 {
                r.headers_mut()
                    .insert("x-pagination-cursor-next", (n + 1).to_string().parse().unwrap());
            }
            r
        }
        _ => {
            let body_json: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
            let mut r = axum::Json(json!({"method": method.as_str(), "uri": uri.to_string(), "body": body_json}))
                .into_response();
            r.headers_mut().insert("x-ovh-queryid", "EU.ext-1.ok".parse().unwrap());
            r
        }
    }
}

async fn start(skew: i64) -> (Arc<Server>, String) {
    let server = Arc::new(Server::default());
    server.skew.store(skew, Ordering::SeqCst);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    server.addr.set(addr).unwrap();
    let app = axum::Router::new().fallback(handle).with_state(server.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (server, format!("http://{addr}/1.0"))
}

fn signed(base: &str) -> ApiClient {
    ApiClient::new(Endpoint::custom(base).unwrap(), Auth::signed(AK, AS, CK)).unwrap()
}

#[tokio::test]
async fn signed_requests_on_every_version_with_query_and_body() {
    let (server, base) = start(0).await;
    let client = signed(&base);
    let v: Value = client.get("/cloud/project?detail=true").await.unwrap();
    assert_eq!(v["uri"], "/1.0/cloud/project?detail=true");
    let v: Value = client.get("/v1/cloud/project").await.unwrap();
    assert_eq!(v["uri"], "/v1/cloud/project");
    let v: Value = client
        .post("/v2/iam/policy", &json!({"name": "x y", "n": 1}))
        .await
        .unwrap();
    assert_eq!(v["uri"], "/v2/iam/policy");
    assert_eq!(v["body"]["name"], "x y");
    let v: Value = client.put("/me", &json!({"a": "b"})).await.unwrap();
    assert_eq!(v["method"], "PUT");
    let v: Value = client.delete("/me/thing").await.unwrap();
    assert_eq!(v["method"], "DELETE");
    let r = client
        .send(ApiRequest::get("/v2/iam/resource").query("resourceType", "a b&c"))
        .await
        .unwrap();
    assert_eq!(
        r.json::<Value>().unwrap()["uri"],
        "/v2/iam/resource?resourceType=a+b%26c"
    );
    assert_eq!(r.query_id(), Some("EU.ext-1.ok"));
    // /auth/time is asked once and shared by clones and by with_auth.
    let _: Value = client.clone().get("/me").await.unwrap();
    let _: Value = client.with_auth(Auth::signed(AK, AS, CK)).get("/me").await.unwrap();
    assert_eq!(server.time_calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_server_clock_ten_minutes_off_still_signs_correctly() {
    for skew in [600, -600] {
        let (_server, base) = start(skew).await;
        let client = signed(&base);
        let _: Value = client.get("/me").await.unwrap();
        let delta = client.clock().delta().unwrap();
        assert!((delta - skew).abs() <= 1, "delta {delta} for skew {skew}");
    }
}

#[tokio::test]
async fn wrong_secret_and_wrong_key_are_typed() {
    let (_server, base) = start(0).await;
    let endpoint = Endpoint::custom(&base).unwrap();
    let wrong_secret = ApiClient::new(endpoint.clone(), Auth::signed(AK, "x".repeat(32), CK)).unwrap();
    let e = wrong_secret.get::<Value>("/me").await.unwrap_err();
    assert!(
        matches!(e, ApiError::InvalidSignature(ref c) if c.query_id.as_deref() == Some("EU.ext-1.test")),
        "{e:?}"
    );
    let wrong_key = ApiClient::new(endpoint, Auth::signed("nope", AS, CK)).unwrap();
    let e = wrong_key.get::<Value>("/me").await.unwrap_err();
    assert!(matches!(e, ApiError::UnknownApplicationKey(_)), "{e:?}");
}

#[tokio::test]
async fn bearer_tokens_and_their_rejection() {
    let (server, base) = start(0).await;
    let endpoint = Endpoint::custom(&base).unwrap();
    let client = ApiClient::new(
        endpoint.clone(),
        Auth::bearer(StaticAccessToken(SecretString::new(TOKEN))),
    )
    .unwrap();
    let v: Value = client.get("/v2/publicCloud/project").await.unwrap();
    assert_eq!(v["uri"], "/v2/publicCloud/project");
    assert_eq!(
        server.time_calls.load(Ordering::SeqCst),
        0,
        "bearer requests never ask /auth/time"
    );
    let bad = ApiClient::new(endpoint, Auth::bearer(StaticAccessToken(SecretString::new("expired")))).unwrap();
    let user = UserError::from(bad.get::<Value>("/me").await.unwrap_err());
    assert_eq!(user.kind, ErrorKind::SignInRequired);
    assert!(!user.message.contains("expired\""));
}

#[tokio::test]
async fn v2_pagination_follows_cursors() {
    let (_server, base) = start(0).await;
    let items: Vec<u32> = signed(&base).get_all("/v2/items").await.unwrap();
    assert_eq!(items, vec![0, 1, 2, 3, 4, 5]);
}

#[tokio::test]
async fn iam_rate_limit_and_malformed_answers() {
    let (_server, base) = start(0).await;
    let client = signed(&base);
    match client.get::<Value>("/denied").await.unwrap_err() {
        ApiError::IamDenied { action, .. } => assert_eq!(action, "vps:apiovh:reboot"),
        e => panic!("{e:?}"),
    }
    match client.get::<Value>("/limited").await.unwrap_err() {
        ApiError::RateLimited { retry_after, .. } => assert_eq!(retry_after, Some(Duration::from_secs(12))),
        e => panic!("{e:?}"),
    }
    let e = client.get::<Value>("/broken").await.unwrap_err();
    assert!(matches!(e, ApiError::Malformed { .. }), "{e:?}");
    assert_eq!(UserError::from(e).kind, ErrorKind::MalformedResponse);
}

#[tokio::test]
async fn timeouts_and_unreachable_hosts() {
    let (_server, base) = start(0).await;
    let config = HttpConfig {
        timeout: Duration::from_millis(300),
        ..HttpConfig::default()
    };
    let client = ApiClient::with_config(
        Endpoint::custom(&base).unwrap(),
        Auth::bearer(StaticAccessToken(TOKEN.into())),
        &config,
    )
    .unwrap();
    let started = std::time::Instant::now();
    let e = client.get::<Value>("/slow").await.unwrap_err();
    assert!(matches!(e, ApiError::Timeout { .. }), "{e:?}");
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(UserError::from(e).kind, ErrorKind::Timeout);

    // A port nothing listens on.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead = format!("http://{}/1.0", listener.local_addr().unwrap());
    drop(listener);
    let e = signed(&dead).get::<Value>("/me").await.unwrap_err();
    assert!(matches!(e, ApiError::Unreachable { .. }), "{e:?}");
    let user = UserError::from(e);
    assert_eq!(user.kind, ErrorKind::NetworkUnreachable);
    assert!(!user.message.contains(AS) && !user.message.contains(CK));
}
