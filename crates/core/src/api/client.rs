//! [`ApiClient`]: signed or bearer requests to one OVH endpoint.

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use reqwest::{Method, RequestBuilder};
use serde::de::DeserializeOwned;
use serde::Serialize;
use url::Url;

use super::auth::Auth;
use super::clock::{unix_now, ServerClock};
use super::error::{ApiError, ErrorContext};
use super::pagination::CursorPages;
use super::request::{ApiRequest, ApiResponse};
use super::url::build_url;
use crate::http::{read_capped, HttpConfig, ReadError};
use crate::region::Endpoint;
use crate::secret::SecretString;
use crate::signing::sign;

/// Cheap to clone; clones share the HTTP connection pool and the server
/// clock delta.
#[derive(Clone, Debug)]
pub struct ApiClient {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    http: reqwest::Client,
    config: HttpConfig,
    endpoint: Endpoint,
    auth: Auth,
    clock: Arc<ServerClock>,
}

impl ApiClient {
    pub fn new(endpoint: Endpoint, auth: Auth) -> Result<ApiClient, ApiError> {
        Self::with_config(endpoint, auth, &HttpConfig::default())
    }

    pub fn with_config(endpoint: Endpoint, auth: Auth, config: &HttpConfig) -> Result<ApiClient, ApiError> {
        let http = config
            .build_client()
            .map_err(|e| ApiError::InvalidRequest(format!("the HTTP client cannot start: {e}")))?;
        Ok(ApiClient {
            inner: Arc::new(Inner {
                http,
                config: config.clone(),
                endpoint,
                auth,
                clock: Arc::new(ServerClock::new()),
            }),
        })
    }

    /// The same endpoint, connection pool and clock delta with other
    /// credentials (e.g. after a consumer key was validated).
    pub fn with_auth(&self, auth: Auth) -> ApiClient {
        self.rebuilt(auth, self.inner.clock.clone())
    }

    /// Uses `clock` (e.g. one with a known delta) instead of this client's.
    pub fn with_clock(&self, clock: Arc<ServerClock>) -> ApiClient {
        self.rebuilt(self.inner.auth.clone(), clock)
    }

    fn rebuilt(&self, auth: Auth, clock: Arc<ServerClock>) -> ApiClient {
        let i = &self.inner;
        ApiClient {
            inner: Arc::new(Inner {
                http: i.http.clone(),
                config: i.config.clone(),
                endpoint: i.endpoint.clone(),
                auth,
                clock,
            }),
        }
    }

    pub fn endpoint(&self) -> &Endpoint {
        &self.inner.endpoint
    }

    pub fn auth(&self) -> &Auth {
        &self.inner.auth
    }

    pub fn clock(&self) -> &Arc<ServerClock> {
        &self.inner.clock
    }

    /// The absolute URL of `path` (see [`build_url`]).
    pub fn url(&self, path: &str) -> Result<Url, ApiError> {
        build_url(self.inner.endpoint.api_base_str(), path, &[]).map_err(ApiError::InvalidRequest)
    }

    /// Server time minus local time, in seconds; fetched from
    /// `GET /auth/time` on first use, then cached.
    pub async fn server_time_delta(&self) -> Result<i64, ApiError> {
        self.inner.clock.delta_or_fetch(|| self.fetch_server_time()).await
    }

    async fn fetch_server_time(&self) -> Result<i64, ApiError> {
        let request = ApiRequest::get("/auth/time");
        let (builder, ctx, _) = self.prepare(&request)?;
        self.execute(builder, ctx, request.timeout).await?.json::<i64>()
    }

    /// Sends `request`. Any non-2xx answer becomes the matching [`ApiError`];
    /// a 2xx answer comes back raw (status, headers, body).
    ///
    /// A GET answered 429 is retried after Retry-After (or 1 s, 2 s, ...)
    /// up to `HttpConfig::rate_limit_retries` times; a signed request refused
    /// for its timestamp re-learns the server time and is sent once more; a
    /// bearer token OVH refuses is reported to its source, which may renew it
    /// for one more try.
    pub async fn send(&self, request: ApiRequest) -> Result<ApiResponse, ApiError> {
        let config = &self.inner.config;
        let mut rate_limited = 0;
        let mut clock_relearned = false;
        let mut token_renewed = false;
        loop {
            let token = match &self.inner.auth {
                Auth::Bearer(source) => Some(source.access_token().await.map_err(ApiError::AccessToken)?),
                _ => None,
            };
            match self.send_once(&request, token.as_ref()).await {
                Err(ApiError::RateLimited { ctx, retry_after })
                    if request.method == Method::GET && rate_limited < config.rate_limit_retries =>
                {
                    let wait = retry_after.unwrap_or(Duration::from_secs(1 << rate_limited));
                    if wait > config.max_retry_wait {
                        return Err(ApiError::RateLimited { ctx, retry_after });
                    }
                    rate_limited += 1;
                    tracing::debug!(path = %ctx.path, wait_ms = wait.as_millis() as u64, "rate limited by OVH; waiting");
                    tokio::time::sleep(wait).await;
                }
                Err(ApiError::ClockSkew(_)) if !clock_relearned && matches!(self.inner.auth, Auth::Signed(_)) => {
                    clock_relearned = true;
                    self.inner.clock.forget();
                }
                Err(ApiError::InvalidCredential(ctx)) if !token_renewed => {
                    let retry = match (&self.inner.auth, &token) {
                        (Auth::Bearer(source), Some(token)) => source.token_rejected(token).await,
                        _ => false,
                    };
                    if !retry {
                        return Err(ApiError::InvalidCredential(ctx));
                    }
                    token_renewed = true;
                }
                other => return other,
            }
        }
    }

    /// One attempt; `bearer` is the token to send when the auth is a bearer source.
    async fn send_once(&self, request: &ApiRequest, bearer: Option<&SecretString>) -> Result<ApiResponse, ApiError> {
        let (mut builder, ctx, url) = self.prepare(request)?;
        match &self.inner.auth {
            Auth::None | Auth::Bearer(_) => {}
            Auth::Application { application_key } => builder = builder.header("X-Ovh-Application", application_key),
            Auth::Signed(c) => {
                let timestamp = unix_now() + self.server_time_delta().await?;
                let body = request.body.as_deref().unwrap_or_default();
                let signature = sign(
                    c.application_secret.expose(),
                    c.consumer_key.expose(),
                    request.method.as_str(),
                    url.as_str(),
                    body,
                    timestamp,
                );
                builder = builder
                    .header("X-Ovh-Application", &c.application_key)
                    .header("X-Ovh-Consumer", c.consumer_key.expose())
                    .header("X-Ovh-Timestamp", timestamp.to_string())
                    .header("X-Ovh-Signature", signature);
            }
        }
        if let Some(token) = bearer {
            let mut value = HeaderValue::from_str(&format!("Bearer {}", token.expose())).map_err(|_| {
                ApiError::InvalidRequest("the access token contains characters not allowed in a header".into())
            })?;
            value.set_sensitive(true);
            builder = builder.header(AUTHORIZATION, value);
        }
        self.execute(builder, ctx, request.timeout).await
    }

    /// Builds the unauthenticated part of a request; also returns the URL
    /// (what a signature covers).
    fn prepare(&self, request: &ApiRequest) -> Result<(RequestBuilder, ErrorContext, Url), ApiError> {
        let url = build_url(self.inner.endpoint.api_base_str(), &request.path, &request.query)
            .map_err(ApiError::InvalidRequest)?;
        let ctx = ErrorContext {
            method: request.method.to_string(),
            path: request.path.clone(),
            bearer: self.inner.auth.is_bearer(),
            ..ErrorContext::default()
        };
        let mut builder = self
            .inner
            .http
            .request(request.method.clone(), url.clone())
            .header(ACCEPT, "application/json");
        if let Some(body) = &request.body {
            builder = builder.header(CONTENT_TYPE, "application/json").body(body.clone());
        }
        for (name, value) in &request.headers {
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| ApiError::InvalidRequest(format!("\"{name}\" is not a header name")))?;
            let value = HeaderValue::from_str(value)
                .map_err(|_| ApiError::InvalidRequest(format!("the {name} header value is not valid")))?;
            builder = builder.header(name, value);
        }
        if let Some(timeout) = request.timeout {
            builder = builder.timeout(timeout);
        }
        Ok((builder, ctx, url))
    }

    async fn execute(
        &self,
        builder: RequestBuilder,
        ctx: ErrorContext,
        timeout: Option<Duration>,
    ) -> Result<ApiResponse, ApiError> {
        let timeout = timeout.unwrap_or(self.inner.config.timeout);
        let host = self.inner.endpoint.api_base.host_str().unwrap_or_default().to_owned();
        let transport =
            |ctx: &ErrorContext, e: reqwest::Error| ApiError::from_transport(ctx.clone(), &host, timeout, &e);
        let response = builder.send().await.map_err(|e| transport(&ctx, e))?;
        let status = response.status();
        let headers = response.headers().clone();
        let cap = self.inner.config.max_response_bytes;
        let body = match read_capped(response, cap, &format!("OVH's answer to {} {}", ctx.method, ctx.path)).await {
            Ok(body) => body,
            Err(ReadError::TooLarge { cap, .. }) => {
                return Err(ApiError::TooLarge {
                    ctx: Box::new(ErrorContext {
                        status: Some(status.as_u16()),
                        ..ctx
                    }),
                    cap,
                })
            }
            Err(ReadError::Transport(e)) => return Err(transport(&ctx, e)),
        };
        let query_id = headers.get("x-ovh-queryid").and_then(|v| v.to_str().ok());
        tracing::debug!(method = %ctx.method, path = %ctx.path, status = status.as_u16(), query_id, "OVH API call");
        if !status.is_success() {
            return Err(ApiError::from_response(ctx, status, &headers, &body));
        }
        Ok(ApiResponse {
            status,
            headers,
            body,
            context: ctx,
        })
    }

    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        self.send(ApiRequest::get(path)).await?.json()
    }

    pub async fn post<B: Serialize + ?Sized, T: DeserializeOwned>(&self, path: &str, body: &B) -> Result<T, ApiError> {
        self.send(ApiRequest::post(path).json(body)?).await?.json()
    }

    pub async fn put<B: Serialize + ?Sized, T: DeserializeOwned>(&self, path: &str, body: &B) -> Result<T, ApiError> {
        self.send(ApiRequest::put(path).json(body)?).await?.json()
    }

    pub async fn delete<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        self.send(ApiRequest::delete(path)).await?.json()
    }

    /// Every item of a v2 list, read page by page (`X-Pagination-Cursor`).
    pub async fn get_all<T: DeserializeOwned>(&self, path: &str) -> Result<Vec<T>, ApiError> {
        let first = ApiRequest::new(Method::GET, path);
        let mut pages = CursorPages::default();
        let mut all = Vec::new();
        while let Some(request) = pages.next_request(&first) {
            let response = self.send(request).await?;
            all.extend(response.json::<Vec<T>>()?);
            pages.advance(&response)?;
        }
        Ok(all)
    }
}
