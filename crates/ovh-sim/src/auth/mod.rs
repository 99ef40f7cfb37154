//! Authentication of API calls: legacy signed requests or OAuth2 bearer tokens.

pub mod endpoints;
pub mod iam;
pub mod legacy;
pub mod oauth;

use crate::errors::ApiError;
use crate::request::ApiRequest;
use crate::state::Inner;

/// Who made an authenticated call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identity {
    ConsumerKey {
        consumer_key: String,
    },
    Bearer {
        token: String,
        client_id: Option<String>,
        /// A `client_credentials` token: the client acts as itself (see [`iam`]).
        service_account: bool,
    },
}

impl Identity {
    /// Whose `/me/api/logs/self` a call belongs to: the consumer key, the OAuth2
    /// client (whatever token it holds now), or the bare token.
    pub fn log_owner(&self) -> String {
        match self {
            Identity::ConsumerKey { consumer_key } => format!("ck:{consumer_key}"),
            Identity::Bearer {
                client_id: Some(id), ..
            } => format!("oauth2:{id}"),
            Identity::Bearer { token, .. } => format!("token:{token}"),
        }
    }
}

fn bearer(req: &ApiRequest) -> Option<&str> {
    let h = req.header("authorization")?;
    h.strip_prefix("Bearer ")
        .or_else(|| h.strip_prefix("bearer "))
        .map(str::trim)
}

/// The label a request is counted and rate-limited under: the consumer key,
/// `bearer:<first 8 chars of the token>`, or `anonymous`.
pub fn credential_label(req: &ApiRequest) -> String {
    if let Some(t) = bearer(req) {
        return format!("bearer:{}", t.chars().take(8).collect::<String>());
    }
    match req.header("x-ovh-consumer") {
        Some(ck) => ck.to_string(),
        None => "anonymous".to_string(),
    }
}

/// Authenticates an API call. `rule_path` is the path access rules are matched against
/// (`None`: calls every key may make, such as `/auth/currentCredential`).
pub fn authenticate(
    inner: &mut Inner,
    req: &ApiRequest,
    rule_path: Option<&str>,
    now: i64,
    skew: i64,
) -> Result<Identity, ApiError> {
    if let Some(token) = bearer(req) {
        let t = inner
            .oauth
            .check_token(token, now)
            .ok_or_else(ApiError::invalid_token)?;
        return Ok(Identity::Bearer {
            token: token.to_string(),
            client_id: t.client_id.clone(),
            service_account: t.service_account,
        });
    }
    let Some(ak) = req.header("x-ovh-application") else {
        return Err(ApiError::not_authenticated());
    };
    let Some(ck) = req.header("x-ovh-consumer") else {
        return Err(ApiError::not_authenticated());
    };
    let headers = legacy::SignedHeaders {
        application_key: ak,
        consumer_key: Some(ck),
        timestamp: req.header("x-ovh-timestamp"),
        signature: req.header("x-ovh-signature"),
    };
    let secret = inner.applications.get(ak).cloned();
    legacy::verify(
        &headers,
        secret.as_deref(),
        inner.credentials.get(ck),
        &req.method,
        &req.full_url(),
        &req.body,
        rule_path,
        now,
        skew,
    )?;
    if let Some(c) = inner.credentials.get_mut(ck) {
        c.last_use = Some(now);
    }
    Ok(Identity::ConsumerKey {
        consumer_key: ck.to_string(),
    })
}
