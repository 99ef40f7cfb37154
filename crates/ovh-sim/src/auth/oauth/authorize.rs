//! `/auth/oauth2/authorize`: checks the client, redirect URI, response type and PKCE
//! challenge, then opens a consent (or answers it at once with `auto_consent`).

use super::{get, random_token, with_params, OAuthStore, TokenSettings};

/// What `/auth/oauth2/authorize` answers.
#[derive(Debug, Clone, PartialEq)]
pub enum AuthorizeOutcome {
    /// 302 to this URL (with `code` and `state`, or with `error`).
    Redirect(String),
    /// Show the consent page for this ticket.
    Consent {
        ticket: String,
        client_name: String,
        scope: String,
    },
    /// The request cannot be redirected (no or unregistered redirect URI): a 400 page.
    BadRequest(String),
}

/// A pending consent (the consent page's ticket).
#[derive(Debug, Clone)]
pub(super) struct PendingConsent {
    pub(super) client_id: String,
    pub(super) redirect_uri: String,
    pub(super) state: Option<String>,
    pub(super) code_challenge: Option<String>,
    pub(super) scope: String,
}

/// Whether a redirect URI matches a registered one: exactly, or for loopback IP
/// URIs with `loopback_any_port`, exactly but for the port.
pub fn redirect_matches(registered: &str, given: &str, loopback_any_port: bool) -> bool {
    if registered == given {
        return true;
    }
    if !loopback_any_port {
        return false;
    }
    let (Ok(mut a), Ok(mut b)) = (url::Url::parse(registered), url::Url::parse(given)) else {
        return false;
    };
    let loopback = |u: &url::Url| u.scheme() == "http" && matches!(u.host_str(), Some("127.0.0.1") | Some("[::1]"));
    if !loopback(&a) || !loopback(&b) {
        return false;
    }
    let _ = a.set_port(None);
    let _ = b.set_port(None);
    a == b
}

impl OAuthStore {
    /// Handles the authorize request's query parameters.
    pub fn authorize(&mut self, params: &[(String, String)], now: i64, settings: &TokenSettings) -> AuthorizeOutcome {
        let Some(redirect_uri) = get(params, "redirect_uri") else {
            return AuthorizeOutcome::BadRequest("The redirect_uri parameter is missing.".into());
        };
        let state = get(params, "state");
        let redirect_error = |error: &str, description: &str| {
            let mut p = vec![("error", error), ("error_description", description)];
            if let Some(s) = state {
                p.push(("state", s));
            }
            if let Some(iss) = &settings.issuer {
                p.push(("iss", iss));
            }
            AuthorizeOutcome::Redirect(with_params(redirect_uri, &p))
        };
        let client = match get(params, "client_id").and_then(|id| self.clients.get(id)) {
            Some(c) => c.clone(),
            None => return redirect_error("unauthorized_client", "ovhcloud oauth2 client does not exists"),
        };
        if !client
            .callback_urls
            .iter()
            .any(|u| redirect_matches(u, redirect_uri, settings.loopback_any_port))
        {
            return AuthorizeOutcome::BadRequest(format!(
                "The redirect_uri \"{redirect_uri}\" is not registered for this client; it must match a callback URL exactly."
            ));
        }
        if get(params, "response_type") != Some("code") {
            return redirect_error("unsupported_response_type", "Only response_type=code is supported.");
        }
        let challenge = get(params, "code_challenge");
        match (challenge, get(params, "code_challenge_method")) {
            (Some(_), Some("S256")) => {}
            (Some(_), _) => return redirect_error("invalid_request", "Only code_challenge_method=S256 is supported."),
            (None, _) if settings.require_pkce => {
                return redirect_error("invalid_request", "A PKCE code_challenge is required.")
            }
            (None, _) => {}
        }
        let pending = PendingConsent {
            client_id: client.client_id.clone(),
            redirect_uri: redirect_uri.to_string(),
            state: state.map(str::to_string),
            code_challenge: challenge.map(str::to_string),
            scope: get(params, "scope").unwrap_or("all").to_string(),
        };
        let ticket = random_token(24);
        let scope = pending.scope.clone();
        self.consents.insert(ticket.clone(), pending);
        if settings.auto_consent {
            return match self.consent(&ticket, true, now, settings) {
                Some(url) => AuthorizeOutcome::Redirect(url),
                None => AuthorizeOutcome::BadRequest("The consent could not be recorded.".into()),
            };
        }
        AuthorizeOutcome::Consent {
            ticket,
            client_name: client.name,
            scope,
        }
    }
}
