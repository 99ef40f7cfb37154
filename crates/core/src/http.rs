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
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            user_agent: format!("aurora/{}", env!("CARGO_PKG_VERSION")),
            rate_limit_retries: 2,
            max_retry_wait: Duration::from_secs(10),
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
