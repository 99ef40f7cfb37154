//! OAuth2 as OVH serves it: authorization code with PKCE (S256), consent,
//! refresh tokens (rotation on/off, or none), client credentials, token checks.
//!
//! - [`authorize`]: `/auth/oauth2/authorize` checks the request and opens a consent;
//! - [`consent`]: the consent page and its answer, which mints the authorization code;
//! - [`token`]: the token endpoint (client authentication and the three grants).

mod authorize;
mod consent;
#[cfg(test)]
mod tests;
mod token;

use std::collections::HashMap;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::config::RefreshTokenMode;

pub use authorize::{redirect_matches, AuthorizeOutcome};
pub use consent::consent_page;
pub use token::parse_basic;

use authorize::PendingConsent;
use consent::AuthCode;
use token::RefreshGrant;

/// A registered OAuth2 client.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientRecord {
    pub client_id: String,
    pub client_secret: String,
    pub name: String,
    pub description: String,
    /// AUTHORIZATION_CODE or CLIENT_CREDENTIALS
    pub flow: String,
    pub callback_urls: Vec<String>,
}

/// An issued access token.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessToken {
    pub client_id: Option<String>,
    pub scope: String,
    /// `None` = never expires (preloaded tokens).
    pub expires_at: Option<i64>,
    /// Issued by the `client_credentials` grant: the client acts as itself, under IAM policies.
    pub service_account: bool,
}

/// Settings of the token endpoint.
#[derive(Debug, Clone)]
pub struct TokenSettings {
    pub access_lifetime: i64,
    pub code_lifetime: i64,
    pub refresh_mode: RefreshTokenMode,
    pub auto_consent: bool,
    pub require_pkce: bool,
    /// Loopback redirect URIs (`http://127.0.0.1:PORT/...`) match whatever the port (RFC 8252 §7.3).
    pub loopback_any_port: bool,
    /// The `iss` added to every authorization response (RFC 9207), if any.
    pub issuer: Option<String>,
}

/// An OAuth2 error answer: `{"error","error_description"}`.
#[derive(Debug, Clone, PartialEq)]
pub struct OAuthError {
    pub status: u16,
    pub error: &'static str,
    pub description: String,
}

impl OAuthError {
    fn new(status: u16, error: &'static str, description: impl Into<String>) -> Self {
        Self {
            status,
            error,
            description: description.into(),
        }
    }
    fn grant(description: impl Into<String>) -> Self {
        Self::new(400, "invalid_grant", description)
    }
    pub fn body(&self) -> Value {
        json!({"error": self.error, "error_description": self.description})
    }
}

/// All OAuth2 state of the simulator.
#[derive(Debug, Default, Clone)]
pub struct OAuthStore {
    pub clients: HashMap<String, ClientRecord>,
    consents: HashMap<String, PendingConsent>,
    codes: HashMap<String, AuthCode>,
    pub tokens: HashMap<String, AccessToken>,
    refresh: HashMap<String, RefreshGrant>,
}

impl OAuthStore {
    pub fn add_client(&mut self, client: ClientRecord) {
        self.clients.insert(client.client_id.clone(), client);
    }

    pub fn add_static_token(&mut self, token: &str) {
        self.tokens.insert(
            token.to_string(),
            AccessToken {
                client_id: None,
                scope: "all".into(),
                expires_at: None,
                service_account: false,
            },
        );
    }

    /// Checks a bearer token.
    pub fn check_token(&self, token: &str, now: i64) -> Option<&AccessToken> {
        self.tokens.get(token).filter(|t| t.expires_at.is_none_or(|e| now < e))
    }
}

/// A random URL-safe token.
pub fn random_token(len: usize) -> String {
    use rand::Rng;
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::thread_rng();
    (0..len).map(|_| A[rng.gen_range(0..A.len())] as char).collect()
}

/// `BASE64URL-NOPAD(SHA256(verifier))`.
pub fn pkce_challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// `uri` with `params` appended to its query: how authorization answers reach the client.
fn with_params(uri: &str, params: &[(&str, &str)]) -> String {
    let mut ser = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in params {
        ser.append_pair(k, v);
    }
    let sep = if uri.contains('?') { '&' } else { '?' };
    format!("{uri}{sep}{}", ser.finish())
}

/// A request parameter; an empty value counts as missing.
fn get<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .filter(|v| !v.is_empty())
}
