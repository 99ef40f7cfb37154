//! The one place HTTP clients are built: timeouts on every request, no
//! redirects (a redirect would carry signed headers or a token endpoint
//! answer somewhere we did not choose).

use std::time::Duration;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpConfig {
    /// Whole-request timeout, from connect to the last body byte.
    pub timeout: Duration,
    pub connect_timeout: Duration,
    pub user_agent: String,
    /// How many times a GET answered 429 is retried (honouring Retry-After).
    pub rate_limit_retries: u32,
    /// A Retry-After longer than this is not waited for: the error is returned.
    pub max_retry_wait: Duration,
    /// The largest API answer read ([`API_RESPONSE_CAP`] unless a test lowers it).
    pub max_response_bytes: usize,
}

/// The largest OVH API answer Aurora reads: 64 MiB. OVH sends a project's
/// instances (or networks, containers) in one unpaged answer, and an
/// aggregated list page holds 1,000 objects; a large instance object with
/// its addresses and flavor is under 8 KiB, so 5,000 of them in one answer
/// (40 MB) still fit, while a broken or hostile server cannot make Aurora
/// buffer more. The CLI engine stops the CLI at the same 64 MiB.
pub const API_RESPONSE_CAP: usize = 64 * 1024 * 1024;

/// The largest OAuth token endpoint answer read: 64 KiB. A token answer is
/// an access token, a refresh token and a few short fields (about 1-4 KiB
/// even with JWT access tokens).
pub const TOKEN_RESPONSE_CAP: usize = 64 * 1024;

/// Reading an answer's body failed.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The body (or its announced `Content-Length`) exceeds the cap; it was
    /// not read further.
    #[error("{what} is larger than {}, more than Aurora accepts", describe_size(*cap))]
    TooLarge { what: String, cap: usize },
    #[error(transparent)]
    Transport(#[from] reqwest::Error),
}

/// Reads `response`'s body, refusing it as soon as it is known to exceed
/// `cap` bytes: first from `Content-Length`, then by counting the chunks as
/// they arrive, so an oversized body is never held whole. `what` names the
/// answer in the error ("OVH's answer to GET /me").
pub async fn read_capped(mut response: reqwest::Response, cap: usize, what: &str) -> Result<Vec<u8>, ReadError> {
    let too_large = || ReadError::TooLarge {
        what: what.to_owned(),
        cap,
    };
    let announced = response.content_length();
    if announced.is_some_and(|n| n > cap as u64) {
        return Err(too_large());
    }
    let mut body = Vec::with_capacity(announced.unwrap_or(0) as usize);
    while let Some(chunk) = response.chunk().await? {
        if body.len() + chunk.len() > cap {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// `64 MiB`, `64 KiB` or `100 bytes`, for messages.
pub fn describe_size(bytes: usize) -> String {
    match bytes {
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b} bytes"),
    }
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            user_agent: format!("aurora/{}", env!("CARGO_PKG_VERSION")),
            rate_limit_retries: 2,
            max_retry_wait: Duration::from_secs(10),
            max_response_bytes: API_RESPONSE_CAP,
        }
    }
}

impl HttpConfig {
    pub fn build_client(&self) -> reqwest::Result<reqwest::Client> {
        reqwest::Client::builder()
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(&self.user_agent)
            .build()
    }
}
