//! The RFC 8252 loopback redirect: a one-shot listener on
//! `http://127.0.0.1:<port>/ovh/oauth2/callback` for OAuth clients registered
//! with such a callback URL.

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

    /// Serves requests until one is a well-formed callback, and returns its
    /// full URL for [`OAuthFlow::complete`](super::OAuthFlow::complete).
    /// Anything else (favicon, probes, malformed callbacks) is answered and
    /// ignored. Cancel by dropping the future.
    pub async fn next_callback(&self) -> Result<String, UserError> {
        loop {
            let (stream, _) = self.listener.accept().await.map_err(|e| {
                UserError::internal(format!("The sign-in listener stopped ({e}). Start the sign-in again."))
            })?;
            if let Some(url) = self.serve(stream).await {
                return Ok(url);
            }
        }
    }

    async fn serve(&self, mut stream: TcpStream) -> Option<String> {
        let target = tokio::time::timeout(READ_TIMEOUT, read_target(&mut stream))
            .await
            .ok()
            .flatten();
        let (status, page, url) = match target {
            Some(target) if target.split('?').next() == Some(LOOPBACK_PATH) => {
                let url = format!("http://127.0.0.1:{}{target}", self.port);
                match parse_callback(&url) {
                    Ok(_) => ("200 OK", DONE_PAGE, Some(url)),
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
    async fn returns_the_first_valid_callback_and_ignores_the_rest() {
        let listener = LoopbackListener::bind(0).await.unwrap();
        let base = format!("http://127.0.0.1:{}", listener.port());
        assert_eq!(listener.redirect_uri(), format!("{base}/ovh/oauth2/callback"));
        let waiting = tokio::spawn(async move { listener.next_callback().await });
        let http = reqwest::Client::new();
        assert_eq!(
            http.get(format!("{base}/favicon.ico")).send().await.unwrap().status(),
            404
        );
        let bad = http
            .get(format!("{base}/ovh/oauth2/callback?code=c&state=s&evil=1"))
            .send()
            .await
            .unwrap();
        assert_eq!(bad.status(), 400);
        let good = format!("{base}/ovh/oauth2/callback?code=c&state=s");
        let answer = http.get(&good).send().await.unwrap();
        assert_eq!(answer.status(), 200);
        assert!(!answer.text().await.unwrap().contains("code"));
        assert_eq!(waiting.await.unwrap().unwrap(), good);
    }
}
