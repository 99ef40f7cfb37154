//! A loopback pass-through in front of the simulator that counts answers by
//! HTTP status. ovh-sim counts requests per path and credential but not per
//! status, and the rate-limited run needs the number of 429 answers. Only
//! that run goes through it (one extra loopback hop per request).

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{HeaderName, StatusCode};
use axum::response::Response;
use axum::Router;
use tokio::task::JoinHandle;

pub struct StatusProxy {
    base_url: String,
    statuses: Arc<Mutex<BTreeMap<u16, u64>>>,
    server: JoinHandle<()>,
}

struct Forward {
    upstream: String,
    client: reqwest::Client,
    statuses: Arc<Mutex<BTreeMap<u16, u64>>>,
}

impl StatusProxy {
    /// Forwards `127.0.0.1:<new port>` to `upstream` (`http://127.0.0.1:PORT`).
    pub async fn start(upstream: &str) -> Result<StatusProxy, String> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .map_err(|e| format!("The status proxy cannot listen on loopback: {e}"))?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        let statuses = Arc::new(Mutex::new(BTreeMap::new()));
        let forward = Arc::new(Forward {
            upstream: upstream.trim_end_matches('/').to_owned(),
            client: reqwest::Client::builder()
                .no_proxy()
                .build()
                .map_err(|e| e.to_string())?,
            statuses: statuses.clone(),
        });
        let router = Router::new().fallback(pass).with_state(forward);
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        Ok(StatusProxy {
            base_url: format!("http://{addr}"),
            statuses,
            server,
        })
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn reset(&self) {
        self.statuses.lock().unwrap_or_else(|p| p.into_inner()).clear();
    }

    /// Answers per status since the last reset.
    pub fn statuses(&self) -> BTreeMap<u16, u64> {
        self.statuses.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

impl Drop for StatusProxy {
    fn drop(&mut self) {
        self.server.abort();
    }
}

const HOP_BY_HOP: &[&str] = &[
    "host",
    "connection",
    "keep-alive",
    "transfer-encoding",
    "content-length",
    "upgrade",
];

fn end_to_end(name: &HeaderName) -> bool {
    !HOP_BY_HOP.contains(&name.as_str())
}

async fn pass(State(forward): State<Arc<Forward>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let path = parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
    let Ok(body) = to_bytes(body, usize::MAX).await else {
        return failure("The request body could not be read.");
    };
    let mut outgoing = forward
        .client
        .request(parts.method.clone(), format!("{}{path}", forward.upstream))
        .body(body);
    for (name, value) in parts.headers.iter().filter(|(n, _)| end_to_end(n)) {
        outgoing = outgoing.header(name, value);
    }
    let answer = match outgoing.send().await {
        Ok(answer) => answer,
        Err(e) => return failure(&format!("The simulator did not answer: {e}")),
    };
    let status = answer.status();
    *forward
        .statuses
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .entry(status.as_u16())
        .or_default() += 1;
    let headers = answer.headers().clone();
    let bytes = answer.bytes().await.unwrap_or_default();
    let mut response = Response::new(Body::from(bytes));
    *response.status_mut() = status;
    for (name, value) in headers.iter().filter(|(n, _)| end_to_end(n)) {
        response.headers_mut().append(name, value.clone());
    }
    response
}

fn failure(message: &str) -> Response {
    let mut response = Response::new(Body::from(message.to_owned()));
    *response.status_mut() = StatusCode::BAD_GATEWAY;
    response
}
