//! The HTTP server: accept loop, request pipeline (counters, faults, latency),
//! and the top-level routing between API, OAuth2 pages, validation page and control API.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderValue, Request, Response};
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::auth::legacy::CredentialState;
use crate::auth::oauth;
use crate::auth::{self, endpoints, Identity};
use crate::control;
use crate::errors::ApiError;
use crate::faults::FaultKind;
use crate::reply::{self, Reply};
use crate::request::ApiRequest;
use crate::routes::{self, Ctx, Version};
use crate::state::Shared;

/// Returned by the service to make hyper close the connection without answering.
#[derive(Debug)]
pub struct DroppedConnection;

impl std::fmt::Display for DroppedConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("The connection was dropped on purpose by an injected fault.")
    }
}
impl std::error::Error for DroppedConnection {}

/// Serves connections until `shutdown` turns true.
pub async fn serve(listener: TcpListener, shared: Arc<Shared>, mut shutdown: watch::Receiver<bool>) {
    let mut conns: JoinSet<()> = JoinSet::new();
    loop {
        tokio::select! {
            _ = shutdown.changed() => break,
            accepted = listener.accept() => {
                let Ok((stream, peer)) = accepted else { continue };
                let shared = shared.clone();
                conns.spawn(async move {
                    let svc = service_fn(move |req| handle(shared.clone(), req, peer.ip()));
                    let _ = http1::Builder::new().serve_connection(TokioIo::new(stream), svc).await;
                });
            }
            Some(_) = conns.join_next(), if !conns.is_empty() => {}
        }
    }
    conns.abort_all();
}

/// One request through the pipeline.
pub async fn handle(
    shared: Arc<Shared>,
    req: Request<Incoming>,
    peer: std::net::IpAddr,
) -> Result<Response<Body>, DroppedConnection> {
    let (parts, body) = req.into_parts();
    let body = body.collect().await.map_err(|_| DroppedConnection)?.to_bytes();
    let api = ApiRequest {
        method: parts.method.as_str().to_string(),
        path: parts.uri.path().to_string(),
        query: parts.uri.query().map(str::to_string),
        headers: parts.headers,
        body,
        peer: Some(peer),
    };
    let mut resp = route(&shared, &api).await?;
    let query_id = format!("EU.ext-{}.{}", rand::random::<u8>() % 8 + 1, oauth::random_token(20));
    if let Ok(v) = HeaderValue::from_str(&query_id) {
        resp.headers_mut().insert("X-Ovh-QueryID", v);
    }
    Ok(resp)
}

/// Where a path goes.
enum Target<'a> {
    Api(Version, &'a str),
    Authorize,
    Consent,
    Token,
    Validation,
    Unknown,
}

fn target(path: &str) -> Target<'_> {
    for (prefix, version) in [("/1.0", Version::V1), ("/v1", Version::V1), ("/v2", Version::V2)] {
        if let Some(rest) = path.strip_prefix(prefix) {
            if rest.is_empty() || rest.starts_with('/') {
                return Target::Api(version, rest);
            }
        }
    }
    match path {
        "/auth/oauth2/authorize" => Target::Authorize,
        "/auth/oauth2/authorize/consent" => Target::Consent,
        "/auth/oauth2/token" => Target::Token,
        "/auth" | "/auth/" => Target::Validation,
        _ => Target::Unknown,
    }
}

/// The path without its API prefix, as fault rules and access rules see it.
fn unprefixed(path: &str) -> String {
    match target(path) {
        Target::Api(Version::V1, rest) => rest.to_string(),
        Target::Api(Version::V2, rest) => format!("/v2{rest}"),
        _ => path.to_string(),
    }
}

async fn route(shared: &Arc<Shared>, api: &ApiRequest) -> Result<Reply, DroppedConnection> {
    if api.path == "/_sim" || api.path.starts_with("/_sim/") {
        return Ok(control::handle(shared, api));
    }
    let label = auth::credential_label(api);
    let stripped = unprefixed(&api.path);
    let (plan, latency) = {
        let mut inner = shared.lock();
        inner.counters.record(&api.path, &label);
        let plan = inner.faults.plan(&api.method, &[&api.path, &stripped]);
        (plan, inner.latency_ms)
    };
    let delay = latency + plan.extra_latency_ms;
    if delay > 0 {
        tokio::time::sleep(Duration::from_millis(delay)).await;
    }
    let mut iam_denial = None;
    match plan.action {
        Some(FaultKind::Hang) => std::future::pending::<()>().await,
        Some(FaultKind::DropConnection) => return Err(DroppedConnection),
        Some(FaultKind::Status { status, retry_after }) => {
            let mut e = ApiError::injected(status);
            e.retry_after = retry_after;
            return Ok(e.into_response());
        }
        Some(FaultKind::MalformedJson) => {
            let mut r = Response::new(Body::from("{\"id\": \"truncated\", \"items\": [1, 2,"));
            r.headers_mut().insert(
                "content-type",
                HeaderValue::from_static("application/json; charset=utf-8"),
            );
            return Ok(r);
        }
        Some(FaultKind::IamDenied { action }) => iam_denial = Some(action),
        Some(FaultKind::Latency { .. }) | None => {}
    }
    Ok(match target(&api.path) {
        Target::Api(version, rest) => api_call(shared, api, version, rest, &label, iam_denial),
        Target::Authorize => endpoints::authorize(shared, api),
        Target::Consent => endpoints::consent(shared, api),
        Target::Token => endpoints::token(shared, api),
        Target::Validation => endpoints::validation(shared, api),
        Target::Unknown => ApiError::no_route(&api.method, &api.path).into_response(),
    })
}

fn api_call(
    shared: &Shared,
    api: &ApiRequest,
    version: Version,
    rest: &str,
    label: &str,
    iam_denial: Option<String>,
) -> Reply {
    let now = shared.clock.now();
    let mut inner = shared.lock();
    routes::actions::settle(&mut inner, std::time::Instant::now());
    match (api.method.as_str(), rest) {
        ("GET", "/auth/time") => return reply::ok(&now),
        ("POST", "/auth/credential") => return endpoints::credential_request(&mut inner, api, now),
        _ => {}
    }
    // A key may always read and end itself, whatever its rules.
    let rule_path = match (version, rest) {
        (Version::V1, "/auth/currentCredential" | "/auth/logout") => None,
        (Version::V1, _) => Some(rest.to_string()),
        (Version::V2, _) => Some(format!("/v2{rest}")),
    };
    let skew = shared.config.signature_skew.as_secs() as i64;
    let identity = match auth::authenticate(&mut inner, api, rule_path.as_deref(), now, skew) {
        Ok(i) => i,
        Err(e) => return e.into_response(),
    };
    let caller = identity.log_owner();
    // Reading the log is not logged: each read would otherwise add to what it reads.
    if !rest.starts_with("/me/api/logs") {
        let account = inner.dataset.me.nichandle.clone();
        let ip = api.peer.map(|ip| ip.to_string()).unwrap_or_default();
        let path = match version {
            Version::V1 => rest.to_string(),
            Version::V2 => format!("/v2{rest}"),
        };
        inner.api_logs.record(crate::api_logs::Call {
            credential: &caller,
            date: crate::clock::rfc3339(now),
            account: &account,
            ip: &ip,
            method: &api.method,
            path: &path,
        });
    }
    if let Some(limit) = inner.rate_limit_per_minute {
        if let Err(secs) = inner.limiter.check(label, limit, now) {
            return ApiError::too_many_requests(secs).into_response();
        }
    }
    if let Some(action) = iam_denial {
        return ApiError::iam_denied(&action).into_response();
    }
    match (api.method.as_str(), rest, &identity) {
        ("GET", "/auth/currentCredential", Identity::ConsumerKey { consumer_key }) => {
            return match inner.credentials.get(consumer_key) {
                Some(c) => reply::ok(&c.current_credential_json(now)),
                None => ApiError::not_credential().into_response(),
            };
        }
        ("GET", "/auth/currentCredential", Identity::Bearer { client_id, .. }) => {
            return reply::ok(&json!({
                "credentialId": 0, "applicationId": 0, "creation": null, "expiration": null, "lastUse": null,
                "rules": [{"method": "GET", "path": "/*"}, {"method": "POST", "path": "/*"}, {"method": "PUT", "path": "/*"}, {"method": "DELETE", "path": "/*"}],
                "status": "validated", "allowedIPs": null, "ovhSupport": false, "oauth2ClientId": client_id,
            }));
        }
        ("POST", "/auth/logout", Identity::ConsumerKey { consumer_key }) => {
            if let Some(c) = inner.credentials.get_mut(consumer_key) {
                c.state = CredentialState::Expired;
            }
            return reply::ok(&Value::Null);
        }
        _ => {}
    }
    if let Identity::Bearer {
        client_id: Some(client_id),
        service_account: true,
        ..
    } = &identity
    {
        if let Err(e) = enforce_iam(&inner, &shared.config.urn_region, client_id, version, &api.method, rest) {
            return e.into_response();
        }
    }
    let mut ctx = Ctx {
        inner: &mut inner,
        req: api,
        now,
        urn_region: &shared.config.urn_region,
        page_size: shared.config.page_size,
        list_aggregation: shared.config.list_aggregation,
        aggregation_page_cap: shared.config.aggregation_page_cap,
        action_delay: shared.config.action_delay,
        caller: &caller,
    };
    routes::dispatch(&mut ctx, version, rest).unwrap_or_else(ApiError::into_response)
}

/// IAM policies for a service account, once some policy names it (see [`auth::iam`]).
fn enforce_iam(
    inner: &crate::state::Inner,
    urn_region: &str,
    client_id: &str,
    version: Version,
    method: &str,
    rest: &str,
) -> Result<(), ApiError> {
    let nic = &inner.dataset.me.nichandle;
    let identity = format!("urn:v1:{urn_region}:identity:credential:{nic}/oauth2-{client_id}");
    if !auth::iam::governed(&inner.policies, &identity) {
        return Ok(());
    }
    let segs: Vec<String> = rest
        .split('/')
        .filter(|s| !s.is_empty())
        .map(crate::request::decode_segment)
        .collect();
    let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
    match auth::iam::required(version, method, &segs, urn_region, nic) {
        Some((action, resource)) => auth::iam::check(&inner.policies, &identity, &action, &resource),
        None => Ok(()),
    }
}
