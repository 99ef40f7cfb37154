//! The sign-in flow: [`OAuthFlow::begin`] gives the URL to open in the
//! system browser, [`OAuthFlow::complete`] takes the callback URL and returns
//! the tokens.

use oauth2::basic::BasicClient;
use oauth2::{AuthUrl, ClientId, CsrfToken, RedirectUrl, Scope};
use url::Url;

use crate::http::HttpConfig;
use crate::region::Endpoint;
use crate::user_error::{ErrorKind, UserError};

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
/// code_challenge, code_challenge_method=S256` on the region's authorize URL,
/// built by the `oauth2` crate.
pub fn authorization_url(
    endpoint: &Endpoint,
    client_id: &str,
    redirect_uri: &str,
    state: &str,
    verifier: &PkceVerifier,
) -> Result<Url, UserError> {
    let redirect = RedirectUrl::new(redirect_uri.to_owned()).map_err(|_| {
        UserError::new(
            ErrorKind::InvalidConfiguration,
            format!("The OAuth2 redirect URI \"{redirect_uri}\" is not a valid URL."),
            ["Use exactly the callback URL registered for the OAuth2 client at OVH"],
        )
    })?;
    let client = BasicClient::new(ClientId::new(client_id.to_owned()))
        .set_auth_uri(AuthUrl::from_url(endpoint.oauth_authorize_url.clone()))
        .set_redirect_uri(redirect);
    let state = state.to_owned();
    let (url, _) = client
        .authorize_url(move || CsrfToken::new(state))
        .add_scope(Scope::new("all".to_owned()))
        .set_pkce_challenge(verifier.code_challenge())
        .url();
    Ok(url)
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

    pub fn begin(&self, endpoint: &Endpoint, client: &OAuthClientConfig) -> Result<AuthorizationRequest, UserError> {
        let verifier = PkceVerifier::generate();
        let state = self.states.issue(PendingAuthorization {
            endpoint: endpoint.clone(),
            client: client.clone(),
            verifier: verifier.clone(),
            redirect_uri: client.redirect_uri.clone(),
        });
        match authorization_url(endpoint, &client.client_id, &client.redirect_uri, &state, &verifier) {
            Ok(url) => Ok(AuthorizationRequest { url, state }),
            Err(e) => {
                self.states.cancel(&state);
                Err(e)
            }
        }
    }

    pub fn cancel(&self, state: &str) -> bool {
        self.states.cancel(state)
    }

    /// Whether `callback_url` answers a sign-in started here and not yet
    /// finished. Links that do not (stray, replayed or forged: any web page
    /// can open an aurora:// link) are to be ignored, not shown as errors.
    pub fn is_awaited(&self, callback_url: &str) -> bool {
        parse_callback(callback_url).is_ok_and(|c| self.states.contains(&c.state))
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
        // RFC 9207: an answer naming another server than the one this sign-in
        // went to is a mix-up attack; its code must never reach our token endpoint.
        let expected = pending.endpoint.expected_issuers();
        if callback.issuer.as_ref().is_some_and(|iss| !expected.contains(iss)) {
            tracing::warn!("refused a sign-in answer whose issuer is not the sign-in's authorization server");
            return Err(UserError::issuer_mismatch(&expected[0]));
        }
        let code = match callback.outcome {
            CallbackOutcome::Code(code) => code,
            CallbackOutcome::Denied {
                error,
                description,
                uri,
            } => {
                return Err(UserError::authorization_denied(
                    &error,
                    description.as_deref(),
                    uri.as_deref(),
                ))
            }
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
        let verifier = PkceVerifier::from_string("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
        let url = authorization_url(&eu, "cid", "aurora://ovh/oauth2/callback", "st", &verifier).unwrap();
        assert!(
            url.as_str().starts_with("https://www.ovh.com/auth/oauth2/authorize?"),
            "{url}"
        );
        let mut pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        pairs.sort();
        let expected = [
            ("client_id", "cid"),
            ("code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"),
            ("code_challenge_method", "S256"),
            ("redirect_uri", "aurora://ovh/oauth2/callback"),
            ("response_type", "code"),
            ("scope", "all"),
            ("state", "st"),
        ];
        assert_eq!(pairs, expected.map(|(k, v)| (k.to_owned(), v.to_owned())));
    }

    #[test]
    fn begin_binds_a_fresh_state_and_challenge() {
        let flow = OAuthFlow::new();
        let eu = Endpoint::builtin(Region::OvhEu).unwrap();
        let client = OAuthClientConfig::new("cid", "secret", "aurora://ovh/oauth2/callback").unwrap();
        let a = flow.begin(&eu, &client).unwrap();
        let b = flow.begin(&eu, &client).unwrap();
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
        let request = flow.begin(&eu, &loopback).unwrap();
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
