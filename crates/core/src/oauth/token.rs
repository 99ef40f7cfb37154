//! The OAuth2 token endpoint (authorization code, refresh, client
//! credentials) and the [`TokenSet`] Aurora keeps per connection.

use reqwest::StatusCode;
use serde::{Deserialize, Serialize};
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

/// A successful token answer. Only `access_token` is required by Aurora;
/// its absence is reported as "No access_token received from OVH".
#[derive(Debug, Deserialize)]
struct TokenAnswer {
    access_token: Option<String>,
    token_type: Option<String>,
    /// A number, though some servers send a numeric string.
    expires_in: Option<serde_json::Value>,
    refresh_token: Option<String>,
}

/// `{"error","error_description"}`; the description is not kept (it is
/// free text from the server and adds nothing the code does not say).
#[derive(Debug, Deserialize)]
struct OAuthErrorAnswer {
    error: String,
}

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
    client_id: String,
    client_secret: SecretString,
}

impl TokenEndpoint {
    pub fn new(endpoint: &Endpoint, client: &OAuthClientConfig, config: &HttpConfig) -> Result<Self, UserError> {
        let http = config
            .build_client()
            .map_err(|e| UserError::internal(format!("The HTTP client cannot start ({e}). Restart Aurora.")))?;
        Ok(TokenEndpoint {
            http,
            timeout: config.timeout,
            token_url: endpoint.oauth_token_url.clone(),
            region: endpoint.region,
            client_id: client.client_id.clone(),
            client_secret: client.client_secret.clone(),
        })
    }

    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    pub async fn exchange_code(
        &self,
        code: &SecretString,
        redirect_uri: &str,
        verifier: &str,
    ) -> Result<TokenSet, TokenError> {
        let form = [
            ("grant_type", "authorization_code"),
            ("code", code.expose()),
            ("redirect_uri", redirect_uri),
            ("code_verifier", verifier),
        ];
        self.request(&form, AuthMethod::AuthorizationCode, None).await
    }

    /// Renews `tokens`. Keeps the old refresh token when the answer has none.
    pub async fn refresh(&self, tokens: &TokenSet) -> Result<TokenSet, TokenError> {
        let refresh_token = tokens.refresh_token.as_ref().ok_or(TokenError::NoRefreshToken)?;
        let form = [
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token.expose()),
        ];
        self.request(&form, tokens.auth_method, tokens.refresh_token.clone())
            .await
    }

    pub async fn client_credentials(&self) -> Result<TokenSet, TokenError> {
        let form = [("grant_type", "client_credentials"), ("scope", "all")];
        self.request(&form, AuthMethod::ClientCredentials, None).await
    }

    async fn request(
        &self,
        form: &[(&str, &str)],
        method: AuthMethod,
        previous_refresh: Option<SecretString>,
    ) -> Result<TokenSet, TokenError> {
        let grant = form[0].1;
        let ctx = ErrorContext {
            method: "POST".into(),
            path: self.token_url.path().to_owned(),
            ..Default::default()
        };
        let transport = |e: reqwest::Error| {
            TokenError::Transport(ApiError::from_transport(
                ctx.clone(),
                self.token_url.host_str().unwrap_or_default(),
                self.timeout,
                &e,
            ))
        };
        let mut body: Vec<(&str, &str)> = form.to_vec();
        body.push(("client_id", &self.client_id));
        body.push(("client_secret", self.client_secret.expose()));
        let response = self
            .http
            .post(self.token_url.clone())
            .header(reqwest::header::ACCEPT, "application/json")
            .form(&body)
            .send()
            .await
            .map_err(transport)?;
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = match read_capped(response, TOKEN_RESPONSE_CAP, "OVH's token answer").await {
            Ok(bytes) => bytes,
            Err(ReadError::TooLarge { cap, .. }) => {
                let ctx = Box::new(ErrorContext {
                    status: Some(status.as_u16()),
                    ..ctx.clone()
                });
                return Err(TokenError::Transport(ApiError::TooLarge { ctx, cap }));
            }
            Err(ReadError::Transport(e)) => return Err(transport(e)),
        };
        tracing::debug!(grant, status = status.as_u16(), "OAuth2 token request");

        if !status.is_success() {
            if let Ok(answer) = serde_json::from_slice::<OAuthErrorAnswer>(&bytes) {
                return Err(TokenError::Refused {
                    error: sanitize_code(&answer.error),
                    status: status.as_u16(),
                });
            }
            return Err(TokenError::Transport(ApiError::from_response(
                ctx, status, &headers, &bytes,
            )));
        }
        let answer: TokenAnswer = serde_json::from_slice(&bytes).map_err(|_| TokenError::NoAccessToken)?;
        let access_token = answer
            .access_token
            .filter(|t| !t.is_empty())
            .ok_or(TokenError::NoAccessToken)?;
        if answer
            .token_type
            .as_deref()
            .is_some_and(|t| !t.eq_ignore_ascii_case("bearer"))
        {
            return Err(TokenError::Refused {
                error: "unsupported_token_type".into(),
                status: StatusCode::OK.as_u16(),
            });
        }
        let expires_in = answer
            .expires_in
            .and_then(|v| v.as_i64().or_else(|| v.as_str().and_then(|s| s.trim().parse().ok())))
            .filter(|s| *s > 0)
            .unwrap_or(DEFAULT_EXPIRES_IN);
        Ok(TokenSet {
            provider: "ovh".into(),
            region: self.region,
            access_token: SecretString::new(access_token),
            refresh_token: answer
                .refresh_token
                .filter(|t| !t.is_empty())
                .map(SecretString::new)
                .or(previous_refresh),
            client_id: self.client_id.clone(),
            expires_at: unix_now() + expires_in,
            auth_method: method,
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
