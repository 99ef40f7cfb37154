//! The OAuth2 token endpoint (authorization code, refresh, client
//! credentials) and the [`TokenSet`] Aurora keeps per connection.
//!
//! The `oauth2` crate builds the requests and reads the answers; Aurora's
//! reqwest client carries them (timeouts, no redirects, a size cap). What
//! the crate does not do stays here: keeping the old refresh token when a
//! renewal brings none, and the product document's wording of failures.

use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;

use oauth2::basic::{
    BasicErrorResponse, BasicRevocationErrorResponse, BasicTokenIntrospectionResponse, BasicTokenType,
};
use oauth2::{
    AccessToken, AsyncHttpClient, AuthType, AuthorizationCode, ClientId, ClientSecret, EndpointNotSet, EndpointSet,
    HttpRequest, HttpResponse, PkceCodeVerifier, RedirectUrl, RefreshToken, RequestTokenError, Scope,
    StandardRevocableToken, TokenResponse, TokenUrl,
};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::{Deserialize, Deserializer, Serialize};
use url::Url;

use crate::api::error::{ApiError, ErrorContext};
use crate::api::unix_now;
use crate::http::{read_capped, HttpConfig, ReadError, TOKEN_RESPONSE_CAP};
use crate::region::{Endpoint, Region};
use crate::secret::SecretString;
use crate::user_error::UserError;

use super::config::OAuthClientConfig;

/// Used when the token answer has no `expires_in`.
pub const DEFAULT_EXPIRES_IN: i64 = 3600;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum AuthMethod {
    AuthorizationCode,
    ClientCredentials,
    ApiCredentials,
}

/// The product document's token record (what the vault stores).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenSet {
    /// Always `ovh`.
    pub provider: String,
    pub region: Region,
    pub access_token: SecretString,
    pub refresh_token: Option<SecretString>,
    pub client_id: String,
    /// Unix seconds.
    pub expires_at: i64,
    pub auth_method: AuthMethod,
}

impl TokenSet {
    /// True when the access token must not be used any more. A few seconds
    /// of margin cover the request's time in flight.
    pub fn is_expired(&self, now: i64) -> bool {
        now + 5 >= self.expires_at
    }
}

/// A token answer (RFC 6749 §5.1) for the `oauth2` crate, read a little more
/// leniently than its `StandardTokenResponse`, as Aurora always has: a
/// missing `token_type` is Bearer, and `expires_in` may be a numeric string.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TokenAnswer {
    access_token: AccessToken,
    #[serde(default = "bearer", deserialize_with = "token_type")]
    token_type: BasicTokenType,
    #[serde(default, deserialize_with = "seconds")]
    expires_in: Option<u64>,
    #[serde(default)]
    refresh_token: Option<RefreshToken>,
}

fn bearer() -> BasicTokenType {
    BasicTokenType::Bearer
}

fn token_type<'de, D: Deserializer<'de>>(d: D) -> Result<BasicTokenType, D::Error> {
    let name = Option::<String>::deserialize(d)?;
    Ok(match name {
        None => BasicTokenType::Bearer,
        Some(n) if n.eq_ignore_ascii_case("bearer") => BasicTokenType::Bearer,
        Some(n) if n.eq_ignore_ascii_case("mac") => BasicTokenType::Mac,
        Some(n) => BasicTokenType::Extension(n),
    })
}

fn seconds<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    let value = Option::<serde_json::Value>::deserialize(d)?;
    Ok(value.and_then(|v| v.as_u64().or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))))
}

impl TokenResponse for TokenAnswer {
    type TokenType = BasicTokenType;

    fn access_token(&self) -> &AccessToken {
        &self.access_token
    }
    fn token_type(&self) -> &BasicTokenType {
        &self.token_type
    }
    fn expires_in(&self) -> Option<std::time::Duration> {
        self.expires_in.map(std::time::Duration::from_secs)
    }
    fn refresh_token(&self) -> Option<&RefreshToken> {
        self.refresh_token.as_ref()
    }
    /// Aurora always asks for `all` and does not read the granted scope.
    fn scopes(&self) -> Option<&Vec<Scope>> {
        None
    }
}

/// An `oauth2` client that knows only its token endpoint.
type Client = oauth2::Client<
    BasicErrorResponse,
    TokenAnswer,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
>;

#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    /// The endpoint answered with an OAuth2 error code (`invalid_grant`, ...).
    #[error("the token endpoint refused the request: {error}")]
    Refused { error: String, status: u16 },
    #[error("the token endpoint answered without an access_token")]
    NoAccessToken,
    /// A refresh was asked for tokens that have no refresh token.
    #[error("there is no refresh token")]
    NoRefreshToken,
    #[error(transparent)]
    Transport(ApiError),
}

impl TokenError {
    /// Failures that will not go away by retrying the same request; network
    /// and server trouble may.
    pub fn is_permanent(&self) -> bool {
        !matches!(self, TokenError::Transport(_))
    }

    /// The message for a failed authorization-code exchange.
    pub fn into_exchange_error(self) -> UserError {
        match self {
            TokenError::Refused { error, .. } => UserError::token_exchange_failed(&error),
            TokenError::NoAccessToken => UserError::no_access_token(),
            TokenError::NoRefreshToken => UserError::no_refresh_token(),
            TokenError::Transport(e) => e.into(),
        }
    }
}

/// Talks to one region's token endpoint with one OAuth2 client. Never
/// follows redirects (see [`HttpConfig`]).
#[derive(Clone, Debug)]
pub struct TokenEndpoint {
    http: reqwest::Client,
    timeout: std::time::Duration,
    token_url: Url,
    region: Region,
    client: Client,
}

impl TokenEndpoint {
    pub fn new(endpoint: &Endpoint, client: &OAuthClientConfig, config: &HttpConfig) -> Result<Self, UserError> {
        let http = config
            .build_client()
            .map_err(|e| UserError::internal(format!("The HTTP client cannot start ({e}). Restart Aurora.")))?;
        let oauth = oauth2::Client::new(ClientId::new(client.client_id.clone()))
            .set_client_secret(ClientSecret::new(client.client_secret.expose().to_owned()))
            // OVH takes the client's credentials in the form (see ovh-api-facts).
            .set_auth_type(AuthType::RequestBody)
            .set_token_uri(TokenUrl::from_url(endpoint.oauth_token_url.clone()));
        Ok(TokenEndpoint {
            http,
            timeout: config.timeout,
            token_url: endpoint.oauth_token_url.clone(),
            region: endpoint.region,
            client: oauth,
        })
    }

    pub fn client_id(&self) -> &str {
        self.client.client_id().as_str()
    }

    pub async fn exchange_code(
        &self,
        code: &SecretString,
        redirect_uri: &str,
        verifier: &str,
    ) -> Result<TokenSet, TokenError> {
        // The redirect URI was checked when the client was configured; a URL
        // parser that disagrees is a configuration problem worth naming.
        let redirect = RedirectUrl::new(redirect_uri.to_owned()).map_err(|_| {
            TokenError::Transport(ApiError::InvalidRequest(
                "the redirect URI is not a valid URL".to_owned(),
            ))
        })?;
        let http = self.http_client();
        let answer = self
            .client
            .exchange_code(AuthorizationCode::new(code.expose().to_owned()))
            .set_redirect_uri(std::borrow::Cow::Owned(redirect))
            .set_pkce_verifier(PkceCodeVerifier::new(verifier.to_owned()))
            .request_async(&http)
            .await;
        self.tokens(answer, &http, AuthMethod::AuthorizationCode, None)
    }

    /// Renews `tokens`. Keeps the old refresh token when the answer has none
    /// (OVH may not send one: the `oauth2` crate has no notion of the old one).
    pub async fn refresh(&self, tokens: &TokenSet) -> Result<TokenSet, TokenError> {
        let refresh_token = tokens.refresh_token.as_ref().ok_or(TokenError::NoRefreshToken)?;
        let refresh_token = RefreshToken::new(refresh_token.expose().to_owned());
        let http = self.http_client();
        let answer = self
            .client
            .exchange_refresh_token(&refresh_token)
            .request_async(&http)
            .await;
        self.tokens(answer, &http, tokens.auth_method, tokens.refresh_token.clone())
    }

    pub async fn client_credentials(&self) -> Result<TokenSet, TokenError> {
        let http = self.http_client();
        let answer = self
            .client
            .exchange_client_credentials()
            .add_scope(Scope::new("all".to_owned()))
            .request_async(&http)
            .await;
        self.tokens(answer, &http, AuthMethod::ClientCredentials, None)
    }

    fn http_client(&self) -> CappedHttp<'_> {
        CappedHttp {
            http: &self.http,
            answer: Mutex::new(None),
        }
    }

    fn context(&self) -> ErrorContext {
        ErrorContext {
            method: "POST".into(),
            path: self.token_url.path().to_owned(),
            ..Default::default()
        }
    }

    /// The token set from the crate's answer, or the failure in Aurora's terms.
    fn tokens(
        &self,
        answer: Result<TokenAnswer, RequestTokenError<HttpFailure, BasicErrorResponse>>,
        http: &CappedHttp<'_>,
        method: AuthMethod,
        previous_refresh: Option<SecretString>,
    ) -> Result<TokenSet, TokenError> {
        let received = http.answer.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some((status, _, _)) = &received {
            tracing::debug!(status = status.as_u16(), "OAuth2 token request");
        }
        let answer = match answer {
            Ok(answer) => answer,
            Err(RequestTokenError::ServerResponse(refusal)) => {
                return Err(TokenError::Refused {
                    error: sanitize_code(refusal.error().as_ref()),
                    status: received.map_or(400, |(status, _, _)| status.as_u16()),
                })
            }
            Err(RequestTokenError::Request(failure)) => return Err(self.transport(failure)),
            // Unreadable: a success without a usable token, or a failure that is
            // not OAuth2's (a proxy's error page, a redirect, an outage).
            Err(RequestTokenError::Parse(..) | RequestTokenError::Other(_)) => {
                return Err(match received {
                    Some((status, headers, body)) if !status.is_success() => {
                        TokenError::Transport(ApiError::from_response(self.context(), status, &headers, &body))
                    }
                    _ => TokenError::NoAccessToken,
                })
            }
        };
        let access_token = answer.access_token().secret();
        if access_token.is_empty() {
            return Err(TokenError::NoAccessToken);
        }
        if *answer.token_type() != BasicTokenType::Bearer {
            return Err(TokenError::Refused {
                error: "unsupported_token_type".into(),
                status: StatusCode::OK.as_u16(),
            });
        }
        let expires_in = answer
            .expires_in()
            .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
            .filter(|s| *s > 0)
            .unwrap_or(DEFAULT_EXPIRES_IN);
        Ok(TokenSet {
            provider: "ovh".into(),
            region: self.region,
            access_token: SecretString::new(access_token.clone()),
            refresh_token: answer
                .refresh_token()
                .map(|t| t.secret())
                .filter(|t| !t.is_empty())
                .map(|t| SecretString::new(t.clone()))
                .or(previous_refresh),
            client_id: self.client_id().to_owned(),
            expires_at: unix_now().saturating_add(expires_in),
            auth_method: method,
        })
    }

    fn transport(&self, failure: HttpFailure) -> TokenError {
        let ctx = self.context();
        TokenError::Transport(match failure {
            HttpFailure::Transport(e) => {
                ApiError::from_transport(ctx, self.token_url.host_str().unwrap_or_default(), self.timeout, &e)
            }
            HttpFailure::TooLarge { status } => ApiError::TooLarge {
                ctx: Box::new(ErrorContext {
                    status: Some(status.as_u16()),
                    ..ctx
                }),
                cap: TOKEN_RESPONSE_CAP,
            },
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum HttpFailure {
    #[error(transparent)]
    Transport(reqwest::Error),
    #[error("the answer is larger than {TOKEN_RESPONSE_CAP} bytes")]
    TooLarge { status: StatusCode },
}

/// The `oauth2` crate's HTTP client: Aurora's reqwest client (timeouts, no
/// redirects), reading at most [`TOKEN_RESPONSE_CAP`] bytes, and keeping the
/// status and headers for the messages (the crate's errors drop them). The
/// crate's own reqwest client reads answers without any bound.
pub struct CappedHttp<'a> {
    http: &'a reqwest::Client,
    answer: Mutex<Option<(StatusCode, HeaderMap, Vec<u8>)>>,
}

impl<'c> AsyncHttpClient<'c> for CappedHttp<'_> {
    type Error = HttpFailure;
    type Future = Pin<Box<dyn Future<Output = Result<HttpResponse, HttpFailure>> + Send + 'c>>;

    fn call(&'c self, request: HttpRequest) -> Self::Future {
        Box::pin(async move {
            let (parts, body) = request.into_parts();
            let response = self
                .http
                .request(parts.method, parts.uri.to_string())
                .headers(parts.headers)
                .body(body)
                .send()
                .await
                .map_err(HttpFailure::Transport)?;
            let (status, headers) = (response.status(), response.headers().clone());
            let body = match read_capped(response, TOKEN_RESPONSE_CAP, "OVH's token answer").await {
                Ok(body) => body,
                Err(ReadError::TooLarge { .. }) => return Err(HttpFailure::TooLarge { status }),
                Err(ReadError::Transport(e)) => return Err(HttpFailure::Transport(e)),
            };
            *self.answer.lock().unwrap_or_else(|p| p.into_inner()) = Some((status, headers.clone(), body.clone()));
            let mut answer = HttpResponse::new(body);
            *answer.status_mut() = status;
            *answer.headers_mut() = headers;
            Ok(answer)
        })
    }
}

/// OAuth2 error codes are short `snake_case` words; anything else is not
/// echoed into messages.
fn sanitize_code(code: &str) -> String {
    if !code.is_empty() && code.len() <= 64 && code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
        code.to_owned()
    } else {
        "unknown_error".to_owned()
    }
}
