//! The consent page and its answer: allowing mints a single-use authorization code,
//! refusing redirects with `access_denied`; both carry `state` and, if set, `iss` (RFC 9207).

use super::{random_token, with_params, OAuthStore, TokenSettings};

/// An authorization code, bound to the client, redirect URI and PKCE challenge of its request.
#[derive(Debug, Clone)]
pub(super) struct AuthCode {
    pub(super) client_id: String,
    pub(super) redirect_uri: String,
    pub(super) code_challenge: Option<String>,
    pub(super) scope: String,
    pub(super) expires_at: i64,
    pub(super) used: bool,
}

impl OAuthStore {
    /// Tickets of consents waiting on the consent page.
    pub fn pending_consents(&self) -> Vec<String> {
        self.consents.keys().cloned().collect()
    }

    /// Answers a consent; returns the redirect URL (with `code`, or `error=access_denied`).
    pub fn consent(&mut self, ticket: &str, allow: bool, now: i64, settings: &TokenSettings) -> Option<String> {
        let p = self.consents.remove(ticket)?;
        let mut params: Vec<(&str, String)> = Vec::new();
        if allow {
            let code = random_token(32);
            self.codes.insert(
                code.clone(),
                AuthCode {
                    client_id: p.client_id.clone(),
                    redirect_uri: p.redirect_uri.clone(),
                    code_challenge: p.code_challenge.clone(),
                    scope: p.scope.clone(),
                    expires_at: now + settings.code_lifetime,
                    used: false,
                },
            );
            params.push(("code", code));
        } else {
            params.push(("error", "access_denied".into()));
            params.push((
                "error_description",
                "The user refused to authorize the application.".into(),
            ));
        }
        if let Some(s) = &p.state {
            params.push(("state", s.clone()));
        }
        if let Some(iss) = &settings.issuer {
            params.push(("iss", iss.clone()));
        }
        let refs: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
        Some(with_params(&p.redirect_uri, &refs))
    }
}

/// The consent page.
pub fn consent_page(ticket: &str, client_name: &str, scope: &str) -> String {
    use crate::auth::legacy::html_escape;
    format!(
        r#"<!doctype html><html><head><meta charset="utf-8"><title>OVHcloud (simulated): authorize</title></head>
<body><h1>Authorize {name}</h1><p>The application <strong>{name}</strong> asks for access with scope <code>{scope}</code>.</p>
<form method="post" action="/auth/oauth2/authorize/consent">
<input type="hidden" name="ticket" value="{ticket}">
<button type="submit" name="decision" value="allow" id="allow">Authorize</button>
<button type="submit" name="decision" value="deny" id="deny">Refuse</button>
</form></body></html>"#,
        name = html_escape(client_name),
        scope = html_escape(scope),
        ticket = html_escape(ticket),
    )
}
