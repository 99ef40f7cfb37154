//! The sign-in flow: [`OAuthFlow::begin`] gives the URL to open in the
//! system browser, [`OAuthFlow::complete`] takes the callback URL and returns
//! the tokens.

use url::Url;

use crate::http::HttpConfig;
use crate::region::Endpoint;
use crate::user_error::UserError;

use super::callback::{parse_callback, CallbackOutcome, RedirectKind};
use super::config::OAuthClientConfig;
use super::pkce::PkceVerifier;
use super::state::{PendingAuthorization, StateStore};
use super::token::{TokenEndpoint, TokenSet};

#[derive(Clone, Debug)]
pub struct AuthorizationRequest {
    /// Open this in the system browser.
    pub url: Url,
    /// Identifies the pending sign-in (for cancel).
    pub state: String,
}

#[derive(Clone, Debug)]
pub struct SignIn {
    pub endpoint: Endpoint,
    pub client: OAuthClientConfig,
    pub tokens: TokenSet,
    /// Non-fatal problems to show, e.g. "No refresh token received ...".
    pub warnings: Vec<UserError>,
}

/// `response_type=code, client_id, redirect_uri, scope=all, state,
/// code_challenge, code_challenge_method=S256` on the region's authorize URL.
pub fn authorization_url(
    endpoint: &Endpoint,
    client_id: &str,
    redirect_uri: &str,
    state: &str,
    code_challenge: &str,
) -> Url {
    let mut url = endpoint.oauth_authorize_url.clone();
    url.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", client_id)
        .append_pair("redirect_uri", redirect_uri)
        .append_pair("scope", "all")
        .append_pair("state", state)
        .append_pair("code_challenge", code_challenge)
        .append_pair("code_challenge_method", "S256");
    url
}

#[derive(Debug, Default)]
pub struct OAuthFlow {
    states: StateStore,
    http: HttpConfig,
}

impl OAuthFlow {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with_parts(states: StateStore, http: HttpConfig) -> Self {
        OAuthFlow { states, http }
    }

    pub fn http_config(&self) -> &HttpConfig {
        &self.http
    }

    pub fn begin(&self, endpoint: &Endpoint, client: &OAuthClientConfig) -> AuthorizationRequest {
        let verifier = PkceVerifier::generate();
        let challenge = verifier.challenge();
        let state = self.states.issue(PendingAuthorization {
            endpoint: endpoint.clone(),
            client: client.clone(),
            verifier,
            redirect_uri: client.redirect_uri.clone(),
        });
        let url = authorization_url(endpoint, &client.client_id, &client.redirect_uri, &state, &challenge);
        AuthorizationRequest { url, state }
    }

    pub fn cancel(&self, state: &str) -> bool {
        self.states.cancel(state)
    }

    /// Validates the callback, consumes its state and exchanges the code.
    pub async fn complete(&self, callback_url: &str) -> Result<SignIn, UserError> {
        let callback = parse_callback(callback_url)?;
        let pending = self.states.take(&callback.state)?;
        if !arrived_where_expected(&pending.redirect_uri, callback.kind) {
            tracing::warn!("ignored an OAuth callback that arrived on another address than its sign-in uses");
            return Err(UserError::invalid_callback(
                "it arrived on another address than the one this sign-in uses",
            ));
        }
        let code = match callback.outcome {
            CallbackOutcome::Code(code) => code,
            CallbackOutcome::Denied { error, .. } => return Err(UserError::authorization_denied(&error)),
        };
        let endpoint = TokenEndpoint::new(&pending.endpoint, &pending.client, &self.http)?;
        let tokens = endpoint
            .exchange_code(&code, &pending.redirect_uri, pending.verifier.secret())
            .await
            .map_err(|e| e.into_exchange_error())?;
        let warnings = if tokens.refresh_token.is_none() {
            vec![UserError::no_refresh_token()]
        } else {
            Vec::new()
        };
        Ok(SignIn {
            endpoint: pending.endpoint,
            client: pending.client,
            tokens,
            warnings,
        })
    }
}

/// A deep-link sign-in (directly or through an https bounce page) must come
/// back as a deep link, a loopback one on its own port.
fn arrived_where_expected(redirect_uri: &str, arrived: RedirectKind) -> bool {
    match RedirectKind::of_registered_uri(redirect_uri) {
        Some(RedirectKind::DeepLink | RedirectKind::HttpsBounce) => arrived == RedirectKind::DeepLink,
        Some(expected @ RedirectKind::Loopback { .. }) => arrived == expected,
        None => false,
    }
}

/// Client-credentials sign-in (service accounts, automation).
pub async fn sign_in_with_client_credentials(
    endpoint: &Endpoint,
    client: &OAuthClientConfig,
    http: &HttpConfig,
) -> Result<TokenSet, UserError> {
    TokenEndpoint::new(endpoint, client, http)?
        .client_credentials()
        .await
        .map_err(|e| e.into_exchange_error())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::region::Region;

    #[test]
    fn authorization_url_has_every_parameter() {
        let eu = Endpoint::builtin(Region::OvhEu).unwrap();
        let url = authorization_url(&eu, "cid", "aurora://ovh/oauth2/callback", "st", "ch");
        assert_eq!(
            url.as_str(),
            "https://www.ovh.com/auth/oauth2/authorize?response_type=code&client_id=cid&redirect_uri=aurora%3A%2F%2Fovh%2Foauth2%2Fcallback&scope=all&state=st&code_challenge=ch&code_challenge_method=S256"
        );
    }

    #[test]
    fn begin_binds_a_fresh_state_and_challenge() {
        let flow = OAuthFlow::new();
        let eu = Endpoint::builtin(Region::OvhEu).unwrap();
        let client = OAuthClientConfig::new("cid", "secret", "aurora://ovh/oauth2/callback").unwrap();
        let a = flow.begin(&eu, &client);
        let b = flow.begin(&eu, &client);
        assert_ne!(a.state, b.state);
        let pairs: std::collections::HashMap<String, String> = a.url.query_pairs().into_owned().collect();
        assert_eq!(pairs["state"], a.state);
        assert_eq!(pairs["code_challenge"].len(), 43);
        assert!(!a.url.as_str().contains("secret"));
        assert!(flow.cancel(&a.state));
    }

    #[tokio::test]
    async fn a_callback_must_come_back_the_way_its_sign_in_expects() {
        let flow = OAuthFlow::new();
        let eu = Endpoint::builtin(Region::OvhEu).unwrap();
        let loopback = OAuthClientConfig::new("cid", "secret", "http://127.0.0.1:4242/ovh/oauth2/callback").unwrap();
        let request = flow.begin(&eu, &loopback);
        let e = flow
            .complete(&format!("aurora://ovh/oauth2/callback?code=c&state={}", request.state))
            .await
            .unwrap_err();
        assert_eq!(e.kind, crate::user_error::ErrorKind::InvalidCallback);
        // The state is spent even so.
        let e = flow
            .complete(&format!(
                "http://127.0.0.1:4242/ovh/oauth2/callback?code=c&state={}",
                request.state
            ))
            .await
            .unwrap_err();
        assert_eq!(e.kind, crate::user_error::ErrorKind::InvalidState);

        assert!(arrived_where_expected(
            "https://bounce.example/cb",
            RedirectKind::DeepLink
        ));
        assert!(!arrived_where_expected(
            "https://bounce.example/cb",
            RedirectKind::Loopback { port: 1 }
        ));
        assert!(!arrived_where_expected(
            "http://127.0.0.1:1/ovh/oauth2/callback",
            RedirectKind::Loopback { port: 2 }
        ));
    }
}
