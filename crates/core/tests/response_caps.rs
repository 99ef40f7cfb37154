//! Issue 18 point 5: API and token answers larger than their cap are refused
//! with a clear message and never held whole. A raw loopback server streams
//! as much as it is allowed to and counts what it managed to send.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use aurora_core::api::{unix_now, ApiError, StaticAccessToken};
use aurora_core::http::{read_capped, ReadError, API_RESPONSE_CAP, TOKEN_RESPONSE_CAP};
use aurora_core::oauth::{AuthMethod, OAuthClientConfig, TokenEndpoint, TokenError, TokenSet};
use aurora_core::{ApiClient, Auth, Endpoint, HttpConfig, Region, SecretString, UserError};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const MIB: usize = 1024 * 1024;

#[derive(Clone, Copy)]
enum Framing {
    /// `Transfer-Encoding: chunked`: the size is only known by counting.
    Chunked,
    /// A `Content-Length` announcing `announced` bytes.
    Length { announced: u64 },
}

/// Answers every request with `total` bytes of `body_byte` (a JSON string
/// that never ends, as far as a reader can tell); returns the base URL and
/// the count of body bytes written before the client stopped reading.
async fn flood(framing: Framing, total: usize) -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let sent = Arc::new(AtomicUsize::new(0));
    let counter = sent.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let counter = counter.clone();
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut buf = [0u8; 4096];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buf[..n]),
                    }
                }
                let head = match framing {
                    Framing::Chunked => {
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n"
                            .to_owned()
                    }
                    Framing::Length { announced } => format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {announced}\r\n\r\n"
                    ),
                };
                if socket.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                const START: &[u8] = b"{\"access_token\":\"";
                let mut chunk = vec![b'A'; 64 * 1024];
                chunk[..START.len()].copy_from_slice(START);
                let mut written = 0;
                while written < total {
                    let framed = match framing {
                        Framing::Chunked => [
                            format!("{:x}\r\n", chunk.len()).into_bytes(),
                            chunk.clone(),
                            b"\r\n".to_vec(),
                        ]
                        .concat(),
                        Framing::Length { .. } => chunk.clone(),
                    };
                    if socket.write_all(&framed).await.is_err() {
                        return;
                    }
                    written += chunk.len();
                    counter.store(written, Ordering::SeqCst);
                    chunk[..START.len()].fill(b'A');
                }
            });
        }
    });
    (base, sent)
}

fn api(base: &str, cap: usize) -> ApiClient {
    let config = HttpConfig {
        max_response_bytes: cap,
        ..HttpConfig::default()
    };
    let auth = Auth::bearer(StaticAccessToken(SecretString::new("tok")));
    ApiClient::with_config(Endpoint::custom(&format!("{base}/1.0")).unwrap(), auth, &config).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_endless_api_answer_is_stopped_at_the_cap_without_being_held() {
    let (base, sent) = flood(Framing::Chunked, 256 * MIB).await;
    let e = api(&base, MIB)
        .get::<serde_json::Value>("/cloud/project")
        .await
        .unwrap_err();
    assert!(matches!(e, ApiError::TooLarge { cap, .. } if cap == MIB), "{e:?}");
    let message = UserError::from(e).message;
    assert_eq!(
        message,
        "OVH's answer to GET /cloud/project was larger than 1 MiB, more than Aurora accepts for one answer, so Aurora stopped reading it. Try again; if it keeps happening, report it."
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    let sent = sent.load(Ordering::SeqCst);
    assert!(
        sent < 32 * MIB,
        "{sent} bytes were read from a 256 MiB answer capped at 1 MiB"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_announced_length_over_the_cap_is_refused_before_reading() {
    let (base, sent) = flood(Framing::Length { announced: 10 << 30 }, 10 << 30).await;
    let e = api(&base, API_RESPONSE_CAP)
        .get::<serde_json::Value>("/me")
        .await
        .unwrap_err();
    assert!(
        matches!(e, ApiError::TooLarge { cap, .. } if cap == API_RESPONSE_CAP),
        "{e:?}"
    );
    assert!(UserError::from(e).message.contains("larger than 64 MiB"));
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(sent.load(Ordering::SeqCst) < 32 * MIB);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_under_the_cap_are_read_whole() {
    // 8 MiB, more than a page of 1,000 large objects.
    let (base, _) = flood(
        Framing::Length {
            announced: 8 * MIB as u64,
        },
        8 * MIB,
    )
    .await;
    let response = reqwest::get(format!("{base}/x")).await.unwrap();
    let body = read_capped(response, API_RESPONSE_CAP, "the answer").await.unwrap();
    assert_eq!(body.len(), 8 * MIB);
    let (base, _) = flood(Framing::Chunked, 2 * MIB).await;
    let response = reqwest::get(format!("{base}/x")).await.unwrap();
    match read_capped(response, 2 * MIB - 1, "the answer").await {
        Err(ReadError::TooLarge { what, cap }) => assert_eq!((what.as_str(), cap), ("the answer", 2 * MIB - 1)),
        other => panic!("{other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_oversized_token_answer_is_refused() {
    // 1 MiB, a valid answer as far as JSON goes: `{"access_token":"AAAA…`.
    let (base, sent) = flood(Framing::Chunked, 64 * MIB).await;
    let client = OAuthClientConfig::new("cid", "the-client-secret", "aurora://ovh/oauth2/callback").unwrap();
    let endpoint = TokenEndpoint::new(
        &Endpoint::custom(&format!("{base}/1.0")).unwrap(),
        &client,
        &HttpConfig::default(),
    )
    .unwrap();
    let tokens = TokenSet {
        provider: "ovh".into(),
        region: Region::Custom,
        access_token: SecretString::new("old-access"),
        refresh_token: Some(SecretString::new("old-refresh")),
        client_id: "cid".into(),
        expires_at: unix_now() + 60,
        auth_method: AuthMethod::AuthorizationCode,
    };
    let e = endpoint.refresh(&tokens).await.unwrap_err();
    let TokenError::Transport(e) = e else { panic!("{e:?}") };
    assert!(
        matches!(e, ApiError::TooLarge { cap, .. } if cap == TOKEN_RESPONSE_CAP),
        "{e:?}"
    );
    let message = UserError::from(e).message;
    assert!(
        message.starts_with("OVH's answer to POST /auth/oauth2/token was larger than 64 KiB"),
        "{message}"
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(sent.load(Ordering::SeqCst) < 32 * MIB);
}
