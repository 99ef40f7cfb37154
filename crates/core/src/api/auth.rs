//! How a request proves who it comes from.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use crate::secret::SecretString;
use crate::user_error::UserError;

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Supplies a currently valid OAuth2 access token; an OAuth refresher
/// implements it so a client never sends an expired token.
pub trait AccessTokenSource: Send + Sync {
    fn access_token(&self) -> BoxFuture<'_, Result<SecretString, UserError>>;

    /// OVH refused `token` as invalid. Returns true when asking
    /// [`access_token`](Self::access_token) again may give a token worth one
    /// retry (a renewable session renews it); the default cannot.
    fn token_rejected<'a>(&'a self, _token: &'a SecretString) -> BoxFuture<'a, bool> {
        Box::pin(async { false })
    }
}

/// A fixed token (tests, `OVH_ACCESS_TOKEN`-style use).
pub struct StaticAccessToken(pub SecretString);

impl AccessTokenSource for StaticAccessToken {
    fn access_token(&self) -> BoxFuture<'_, Result<SecretString, UserError>> {
        let token = self.0.clone();
        Box::pin(async move { Ok(token) })
    }
}

/// The legacy trio. The Application Key is not secret (it appears in URLs
/// OVH shows); secret and consumer key are.
#[derive(Clone, Debug)]
pub struct SignedCredentials {
    pub application_key: String,
    pub application_secret: SecretString,
    pub consumer_key: SecretString,
}

#[derive(Clone)]
pub enum Auth {
    /// No credentials (e.g. `GET /auth/time`).
    None,
    /// `X-Ovh-Application` only: `POST /auth/credential` before a consumer key exists.
    Application { application_key: String },
    /// `X-Ovh-*` signed requests.
    Signed(SignedCredentials),
    /// `Authorization: Bearer`.
    Bearer(Arc<dyn AccessTokenSource>),
}

impl Auth {
    pub fn bearer(source: impl AccessTokenSource + 'static) -> Auth {
        Auth::Bearer(Arc::new(source))
    }

    pub fn signed(
        application_key: impl Into<String>,
        application_secret: impl Into<SecretString>,
        consumer_key: impl Into<SecretString>,
    ) -> Auth {
        Auth::Signed(SignedCredentials {
            application_key: application_key.into(),
            application_secret: application_secret.into(),
            consumer_key: consumer_key.into(),
        })
    }

    pub fn is_bearer(&self) -> bool {
        matches!(self, Auth::Bearer(_))
    }
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::None => f.write_str("Auth::None"),
            Auth::Application { application_key } => write!(f, "Auth::Application({application_key})"),
            Auth::Signed(c) => write!(f, "Auth::Signed({})", c.application_key),
            Auth::Bearer(_) => f.write_str("Auth::Bearer"),
        }
    }
}
