//! The RFC 8252 loopback redirect: a listener, for one sign-in, on
//! `http://127.0.0.1:<port>/ovh/oauth2/callback` for OAuth clients registered
//! with such a callback URL.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Mutex;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::user_error::{ErrorKind, UserError};

use super::callback::{parse_callback, LOOPBACK_PATH};

const MAX_REQUEST: usize = 8 * 1024;
const READ_TIMEOUT: Duration = Duration::from_secs(10);

const DONE_PAGE: &str = "<!doctype html><meta charset=utf-8><title>Aurora</title>\
<p>Aurora received your OVH sign-in. You can close this tab and return to Aurora.</p>";
const BAD_PAGE: &str = "<!doctype html><meta charset=utf-8><title>Aurora</title>\
<p>This is not a valid OVH sign-in answer. Start the sign-in again from Aurora.</p>";

pub struct LoopbackListener {
    listener: TcpListener,
    port: u16,
}

impl LoopbackListener {
    /// Binds `127.0.0.1:port`; port 0 picks a free one (only useful when the
    /// OAuth client accepts any loopback port).
    pub async fn bind(port: u16) -> Result<Self, UserError> {
        let listener = TcpListener::bind(("127.0.0.1", port)).await.map_err(|e| {
            UserError::new(
                ErrorKind::InvalidConfiguration,
                format!("Aurora cannot listen on 127.0.0.1:{port} for the sign-in answer ({e}). Close the program using that port, or register another callback URL and set OVH_OAUTH_REDIRECT_URI to it."),
                ["Use the default deep link aurora://ovh/oauth2/callback instead"],
            )
        })?;
        let port = listener.local_addr().map(|a| a.port()).unwrap_or(port);
        Ok(LoopbackListener { listener, port })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn redirect_uri(&self) -> String {
        format!("http://127.0.0.1:{}{LOOPBACK_PATH}", self.port)
    }

    /// Serves requests until the callback of the sign-in whose state is
    /// `state` arrives, and returns its full URL for
    /// [`OAuthFlow::complete`](super::OAuthFlow::complete). Anything else
    /// (favicon, probes, malformed or forged callbacks, another sign-in's) is
    /// answered and ignored. Connections are served side by side, so an idle
    /// one cannot hold up the real answer. Cancel by dropping the future: the
    /// port is free again as soon as it is dropped.
    pub async fn wait_for(self, state: &str) -> Result<String, UserError> {
        let mut connections = tokio::task::JoinSet::new();
        loop {
            tokio::select! {
                accepted = self.listener.accept() => {
                    let (stream, _) = accepted.map_err(|e| {
                        UserError::internal(format!("The sign-in listener stopped ({e}). Start the sign-in again."))
                    })?;
                    connections.spawn(serve(stream, self.port, state.to_owned()));
                }
                Some(Ok(Some(url))) = connections.join_next(), if !connections.is_empty() => return Ok(url),
            }
        }
    }
}

/// The loopback listeners of the sign-ins in progress, by state, so that
/// Cancel closes one at once.
#[derive(Debug, Default)]
pub struct LoopbackWaits {
    tasks: Mutex<HashMap<String, tokio::task::JoinHandle<()>>>,
}

impl LoopbackWaits {
    /// Runs `task` (a wait on a listener, then the sign-in's end) for the
    /// sign-in whose state is `state`.
    pub fn start(&self, state: String, task: impl Future<Output = ()> + Send + 'static) {
        let mut tasks = self.tasks.lock().unwrap_or_else(|p| p.into_inner());
        tasks.retain(|_, t| !t.is_finished());
        tasks.insert(state, tokio::spawn(task));
    }

    /// Stops the listener of the sign-in `state`, if it has one, and returns
    /// once its port is free.
    pub async fn cancel(&self, state: &str) {
        let task = self.tasks.lock().unwrap_or_else(|p| p.into_inner()).remove(state);
        if let Some(task) = task {
            task.abort();
            let _ = task.await;
        }
    }
}

/// Answers one connection; returns the callback URL when it is the awaited one.
async fn serve(mut stream: TcpStream, port: u16, state: String) -> Option<String> {
    let target = tokio::time::timeout(READ_TIMEOUT, read_target(&mut stream))
        .await
        .ok()
        .flatten();
    let (status, page, url) = match target {
        Some(target) if target.split('?').next() == Some(LOOPBACK_PATH) => {
            let url = format!("http://127.0.0.1:{port}{target}");
            match parse_callback(&url) {
                Ok(callback) if callback.state == state => ("200 OK", DONE_PAGE, Some(url)),
                Ok(_) => {
                    tracing::warn!(
                        "ignored a sign-in answer on the loopback listener that belongs to no sign-in in progress"
                    );
                    ("400 Bad Request", BAD_PAGE, None)
                }
                Err(_) => ("400 Bad Request", BAD_PAGE, None),
            }
        }
        _ => ("404 Not Found", BAD_PAGE, None),
    };
    let response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nCache-Control: no-store\r\nReferrer-Policy: no-referrer\r\nConnection: close\r\n\r\n{page}",
        page.len()
    );
    let _ = stream.write_all(response.as_bytes()).await;
    let _ = stream.shutdown().await;
    url
}

/// The request target of a `GET` request, or `None`.
async fn read_target(stream: &mut TcpStream) -> Option<String> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 || buf.len() + n > MAX_REQUEST {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let head = std::str::from_utf8(&buf).ok()?;
    let mut parts = head.lines().next()?.split(' ');
    match (parts.next(), parts.next(), parts.next()) {
        (Some("GET"), Some(target), Some(version)) if version.starts_with("HTTP/1.") && target.starts_with('/') => {
            Some(target.to_owned())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn only_the_awaited_callback_completes_whatever_comes_first() {
        let listener = LoopbackListener::bind(0).await.unwrap();
        let base = format!("http://127.0.0.1:{}", listener.port());
        assert_eq!(listener.redirect_uri(), format!("{base}/ovh/oauth2/callback"));
        // An idle connection that never sends a byte must not hold up the rest.
        let _idle = TcpStream::connect(("127.0.0.1", listener.port())).await.unwrap();
        let waiting = tokio::spawn(async move { listener.wait_for("the-state").await });
        let http = reqwest::Client::new();
        assert_eq!(
            http.get(format!("{base}/favicon.ico")).send().await.unwrap().status(),
            404
        );
        let forged = http
            .get(format!("{base}/ovh/oauth2/callback?code=c&state=forged"))
            .send()
            .await
            .unwrap();
        assert_eq!(forged.status(), 400);
        let malformed = http
            .get(format!("{base}/ovh/oauth2/callback?code=c&code=d&state=the-state"))
            .send()
            .await
            .unwrap();
        assert_eq!(malformed.status(), 400);
        assert!(!waiting.is_finished(), "a forged request stopped the listener");
        let good = format!("{base}/ovh/oauth2/callback?code=c&state=the-state&iss=http%3A%2F%2Fx");
        let answer = http.get(&good).send().await.unwrap();
        assert_eq!(answer.status(), 200);
        assert!(!answer.text().await.unwrap().contains("code"));
        assert_eq!(waiting.await.unwrap().unwrap(), good);
    }

    #[tokio::test]
    async fn cancel_frees_the_port_at_once() {
        let listener = LoopbackListener::bind(0).await.unwrap();
        let port = listener.port();
        let waits = LoopbackWaits::default();
        waits.start("s".into(), async move {
            let _ = listener.wait_for("s").await;
        });
        tokio::task::yield_now().await;
        waits.cancel("s").await;
        let again = LoopbackListener::bind(port).await.expect("the port is free again");
        assert_eq!(again.port(), port);
    }
}
