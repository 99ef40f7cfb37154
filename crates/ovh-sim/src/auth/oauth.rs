//! OAuth2 as OVH serves it: authorization code with PKCE (S256), consent,
//! refresh tokens (rotation on/off, or none), client credentials, token checks.

use std::collections::HashMap;

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::config::RefreshTokenMode;

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

/// A pending consent (the consent page's ticket).
#[derive(Debug, Clone)]
struct PendingConsent {
    client_id: String,
    redirect_uri: String,
    state: Option<String>,
    code_challenge: Option<String>,
    scope: String,
}

#[derive(Debug, Clone)]
struct AuthCode {
    client_id: String,
    redirect_uri: String,
    code_challenge: Option<String>,
    scope: String,
    expires_at: i64,
    used: bool,
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

#[derive(Debug, Clone)]
struct RefreshGrant {
    client_id: String,
    scope: String,
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

/// All OAuth2 state of the simulator.
#[derive(Debug, Default, Clone)]
pub struct OAuthStore {
    pub clients: HashMap<String, ClientRecord>,
    consents: HashMap<String, PendingConsent>,
    codes: HashMap<String, AuthCode>,
    pub tokens: HashMap<String, AccessToken>,
    refresh: HashMap<String, RefreshGrant>,
}

/// A random URL-safe token.
pub fn random_token(len: usize) -> String {
    use rand::Rng;
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::thread_rng();
    (0..len).map(|_| A[rng.gen_range(0..A.len())] as char).collect()
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

/// `BASE64URL-NOPAD(SHA256(verifier))`.
pub fn pkce_challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

fn with_params(uri: &str, params: &[(&str, &str)]) -> String {
    let mut ser = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in params {
        ser.append_pair(k, v);
    }
    let sep = if uri.contains('?') { '&' } else { '?' };
    format!("{uri}{sep}{}", ser.finish())
}

fn get<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .filter(|v| !v.is_empty())
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

    /// Handles the token endpoint. `basic` is the decoded HTTP Basic (id, secret).
    pub fn token(
        &mut self,
        form: &[(String, String)],
        basic: Option<(String, String)>,
        now: i64,
        settings: &TokenSettings,
    ) -> Result<Value, OAuthError> {
        let (client_id, client_secret) = match basic {
            Some((id, secret)) => (id, secret),
            None => (
                get(form, "client_id").unwrap_or_default().to_string(),
                get(form, "client_secret").unwrap_or_default().to_string(),
            ),
        };
        let client = self
            .clients
            .get(&client_id)
            .cloned()
            .ok_or_else(|| OAuthError::new(401, "invalid_client", "ovhcloud oauth2 client does not exists"))?;
        if client.client_secret != client_secret {
            return Err(OAuthError::new(
                401,
                "invalid_client",
                "The client secret is not valid for this client.",
            ));
        }
        match get(form, "grant_type") {
            Some("authorization_code") => {
                let code_value = get(form, "code")
                    .ok_or_else(|| OAuthError::new(400, "invalid_request", "The code parameter is missing."))?;
                let code = self
                    .codes
                    .get_mut(code_value)
                    .ok_or_else(|| OAuthError::grant("The authorization code is unknown."))?;
                if code.used {
                    return Err(OAuthError::grant("The authorization code has already been used."));
                }
                code.used = true;
                let code = code.clone();
                if now >= code.expires_at {
                    return Err(OAuthError::grant("The authorization code has expired."));
                }
                if code.client_id != client.client_id {
                    return Err(OAuthError::grant(
                        "The authorization code was issued to another client.",
                    ));
                }
                if get(form, "redirect_uri") != Some(code.redirect_uri.as_str()) {
                    return Err(OAuthError::grant(
                        "The redirect_uri does not match the one of the authorization request.",
                    ));
                }
                if let Some(challenge) = &code.code_challenge {
                    let verifier =
                        get(form, "code_verifier").ok_or_else(|| OAuthError::grant("The code_verifier is missing."))?;
                    if &pkce_challenge(verifier) != challenge {
                        return Err(OAuthError::grant(
                            "The code_verifier does not match the code_challenge.",
                        ));
                    }
                }
                Ok(self.issue(&client.client_id, &code.scope, true, now, settings))
            }
            Some("refresh_token") => {
                let rt = get(form, "refresh_token").ok_or_else(|| {
                    OAuthError::new(400, "invalid_request", "The refresh_token parameter is missing.")
                })?;
                let grant = self
                    .refresh
                    .get(rt)
                    .cloned()
                    .ok_or_else(|| OAuthError::grant("The refresh token is not valid."))?;
                if grant.client_id != client.client_id {
                    return Err(OAuthError::grant("The refresh token was issued to another client."));
                }
                let mut body = self.issue(&client.client_id, &grant.scope, false, now, settings);
                match settings.refresh_mode {
                    RefreshTokenMode::Rotate => {
                        self.refresh.remove(rt);
                        let new = random_token(48);
                        self.refresh.insert(new.clone(), grant);
                        body["refresh_token"] = json!(new);
                    }
                    RefreshTokenMode::Reuse => body["refresh_token"] = json!(rt),
                    RefreshTokenMode::Omit => {}
                }
                Ok(body)
            }
            Some("client_credentials") => {
                let scope = get(form, "scope").unwrap_or("all").to_string();
                Ok(self.issue_for(&client.client_id, &scope, false, true, now, settings))
            }
            Some(other) => Err(OAuthError::new(
                400,
                "unsupported_grant_type",
                format!("The grant type \"{other}\" is not supported."),
            )),
            None => Err(OAuthError::new(
                400,
                "invalid_request",
                "The grant_type parameter is missing.",
            )),
        }
    }

    fn issue(&mut self, client_id: &str, scope: &str, with_refresh: bool, now: i64, settings: &TokenSettings) -> Value {
        self.issue_for(client_id, scope, with_refresh, false, now, settings)
    }

    fn issue_for(
        &mut self,
        client_id: &str,
        scope: &str,
        with_refresh: bool,
        service_account: bool,
        now: i64,
        settings: &TokenSettings,
    ) -> Value {
        let token = format!("eyJ{}", random_token(60));
        self.tokens.insert(
            token.clone(),
            AccessToken {
                client_id: Some(client_id.into()),
                scope: scope.into(),
                expires_at: Some(now + settings.access_lifetime),
                service_account,
            },
        );
        let mut body = json!({
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": settings.access_lifetime,
            "scope": scope,
        });
        if with_refresh && settings.refresh_mode != RefreshTokenMode::Omit {
            let rt = random_token(48);
            self.refresh.insert(
                rt.clone(),
                RefreshGrant {
                    client_id: client_id.into(),
                    scope: scope.into(),
                },
            );
            body["refresh_token"] = json!(rt);
        }
        body
    }
}

/// Decodes `Authorization: Basic base64(id:secret)` (both parts form-urlencoded per RFC 6749).
pub fn parse_basic(header: &str) -> Option<(String, String)> {
    let b64 = header
        .strip_prefix("Basic ")
        .or_else(|| header.strip_prefix("basic "))?;
    let raw = String::from_utf8(STANDARD.decode(b64.trim()).ok()?).ok()?;
    let (id, secret) = raw.split_once(':')?;
    let dec = |s: &str| {
        url::form_urlencoded::parse(format!("x={s}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
    };
    Some((dec(id)?, dec(secret)?))
}

/// The consent page.
pub fn consent_page(ticket: &str, client_name: &str, scope: &str) -> String {
    use super::legacy::html_escape;
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

#[cfg(test)]
mod tests {
    use super::*;

    const REDIRECT: &str = "aurora://ovh/oauth2/callback";

    fn settings(mode: RefreshTokenMode) -> TokenSettings {
        TokenSettings {
            access_lifetime: 3600,
            code_lifetime: 60,
            refresh_mode: mode,
            auto_consent: false,
            require_pkce: false,
            loopback_any_port: false,
            issuer: Some("http://127.0.0.1:1".into()),
        }
    }

    fn store() -> OAuthStore {
        let mut s = OAuthStore::default();
        s.add_client(ClientRecord {
            client_id: "cid".into(),
            client_secret: "secret".into(),
            name: "Aurora".into(),
            description: String::new(),
            flow: "AUTHORIZATION_CODE".into(),
            callback_urls: vec![REDIRECT.into()],
        });
        s
    }

    fn p(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    fn query_of(url: &str) -> Vec<(String, String)> {
        let q = url.split_once('?').unwrap().1;
        url::form_urlencoded::parse(q.as_bytes()).into_owned().collect()
    }

    /// Runs authorize + consent and returns the code.
    fn code_for(s: &mut OAuthStore, verifier: &str, now: i64) -> String {
        let st = settings(RefreshTokenMode::Rotate);
        let out = s.authorize(
            &p(&[
                ("response_type", "code"),
                ("client_id", "cid"),
                ("redirect_uri", REDIRECT),
                ("scope", "all"),
                ("state", "xyz"),
                ("code_challenge", &pkce_challenge(verifier)),
                ("code_challenge_method", "S256"),
            ]),
            now,
            &st,
        );
        let AuthorizeOutcome::Consent { ticket, .. } = out else {
            panic!("{out:?}")
        };
        let url = s.consent(&ticket, true, now, &st).unwrap();
        assert!(url.starts_with("aurora://ovh/oauth2/callback?code="));
        let q = query_of(&url);
        assert_eq!(get(&q, "state"), Some("xyz"));
        assert_eq!(
            get(&q, "iss"),
            Some("http://127.0.0.1:1"),
            "RFC 9207: the issuer is in the answer"
        );
        get(&q, "code").unwrap().to_string()
    }

    fn exchange(
        s: &mut OAuthStore,
        code: &str,
        verifier: &str,
        redirect: &str,
        now: i64,
        mode: RefreshTokenMode,
    ) -> Result<Value, OAuthError> {
        s.token(
            &p(&[
                ("grant_type", "authorization_code"),
                ("code", code),
                ("redirect_uri", redirect),
                ("client_id", "cid"),
                ("client_secret", "secret"),
                ("code_verifier", verifier),
            ]),
            None,
            now,
            &settings(mode),
        )
    }

    #[test]
    fn loopback_redirects() {
        let reg = "http://127.0.0.1/ovh/oauth2/callback";
        assert!(redirect_matches(reg, reg, false));
        assert!(!redirect_matches(
            reg,
            "http://127.0.0.1:53122/ovh/oauth2/callback",
            false
        ));
        assert!(redirect_matches(
            reg,
            "http://127.0.0.1:53122/ovh/oauth2/callback",
            true
        ));
        assert!(!redirect_matches(reg, "http://127.0.0.1:53122/ovh/oauth2/other", true));
        assert!(!redirect_matches(
            "https://example.com/cb",
            "https://example.com:444/cb",
            true
        ));
        assert!(!redirect_matches(REDIRECT, "aurora://ovh/oauth2/callback/", true));
    }

    #[test]
    fn pkce_rfc7636_vector() {
        assert_eq!(
            pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn code_flow_and_single_use() {
        let mut s = store();
        let code = code_for(&mut s, "verifier-1234567890-verifier-1234567890-abc", 100);
        let body = exchange(
            &mut s,
            &code,
            "verifier-1234567890-verifier-1234567890-abc",
            REDIRECT,
            110,
            RefreshTokenMode::Rotate,
        )
        .unwrap();
        assert_eq!(body["token_type"], "Bearer");
        assert_eq!(body["expires_in"], 3600);
        assert_eq!(body["scope"], "all");
        assert!(body["refresh_token"].is_string());
        assert!(s.check_token(body["access_token"].as_str().unwrap(), 110).is_some());
        assert!(s
            .check_token(body["access_token"].as_str().unwrap(), 110 + 3600)
            .is_none());
        let replay = exchange(
            &mut s,
            &code,
            "verifier-1234567890-verifier-1234567890-abc",
            REDIRECT,
            111,
            RefreshTokenMode::Rotate,
        )
        .unwrap_err();
        assert_eq!(replay.error, "invalid_grant");
    }

    #[test]
    fn wrong_verifier_redirect_and_expiry() {
        let mut s = store();
        let v = "a-good-verifier-with-enough-entropy-0123456789";
        let code = code_for(&mut s, v, 0);
        assert_eq!(
            exchange(&mut s, &code, "another-verifier", REDIRECT, 1, RefreshTokenMode::Rotate)
                .unwrap_err()
                .error,
            "invalid_grant"
        );
        let code = code_for(&mut s, v, 0);
        assert_eq!(
            exchange(
                &mut s,
                &code,
                v,
                "aurora://ovh/oauth2/callback/",
                1,
                RefreshTokenMode::Rotate
            )
            .unwrap_err()
            .error,
            "invalid_grant"
        );
        let code = code_for(&mut s, v, 0);
        let e = exchange(&mut s, &code, v, REDIRECT, 61, RefreshTokenMode::Rotate).unwrap_err();
        assert_eq!(
            (e.error, e.description.as_str()),
            ("invalid_grant", "The authorization code has expired.")
        );
    }

    #[test]
    fn client_authentication() {
        let mut s = store();
        let st = settings(RefreshTokenMode::Rotate);
        let e = s
            .token(
                &p(&[
                    ("grant_type", "client_credentials"),
                    ("client_id", "nope"),
                    ("client_secret", "x"),
                ]),
                None,
                0,
                &st,
            )
            .unwrap_err();
        assert_eq!((e.status, e.error), (401, "invalid_client"));
        assert_eq!(e.description, "ovhcloud oauth2 client does not exists");
        let e = s
            .token(
                &p(&[
                    ("grant_type", "client_credentials"),
                    ("client_id", "cid"),
                    ("client_secret", "bad"),
                ]),
                None,
                0,
                &st,
            )
            .unwrap_err();
        assert_eq!(e.error, "invalid_client");
        let basic = parse_basic(&format!("Basic {}", STANDARD.encode("cid:secret"))).unwrap();
        let body = s
            .token(
                &p(&[("grant_type", "client_credentials"), ("scope", "all")]),
                Some(basic),
                0,
                &st,
            )
            .unwrap();
        assert!(body.get("refresh_token").is_none());
        assert_eq!(body["scope"], "all");
    }

    #[test]
    fn refresh_modes() {
        for mode in [
            RefreshTokenMode::Rotate,
            RefreshTokenMode::Reuse,
            RefreshTokenMode::Omit,
        ] {
            let mut s = store();
            let v = "verifier-verifier-verifier-verifier-verifier";
            let code = code_for(&mut s, v, 0);
            let body = exchange(&mut s, &code, v, REDIRECT, 1, mode).unwrap();
            let rt = match mode {
                RefreshTokenMode::Omit => {
                    assert!(body.get("refresh_token").is_none());
                    continue;
                }
                _ => body["refresh_token"].as_str().unwrap().to_string(),
            };
            let form = p(&[
                ("grant_type", "refresh_token"),
                ("refresh_token", &rt),
                ("client_id", "cid"),
                ("client_secret", "secret"),
            ]);
            let again = s.token(&form, None, 2, &settings(mode)).unwrap();
            let new_rt = again["refresh_token"].as_str().unwrap().to_string();
            match mode {
                RefreshTokenMode::Rotate => {
                    assert_ne!(new_rt, rt);
                    assert_eq!(
                        s.token(&form, None, 3, &settings(mode)).unwrap_err().error,
                        "invalid_grant"
                    );
                }
                _ => {
                    assert_eq!(new_rt, rt);
                    assert!(s.token(&form, None, 3, &settings(mode)).is_ok());
                }
            }
        }
    }

    #[test]
    fn authorize_errors() {
        let mut s = store();
        let st = settings(RefreshTokenMode::Rotate);
        let out = s.authorize(
            &p(&[
                ("response_type", "code"),
                ("client_id", "unknown"),
                ("redirect_uri", REDIRECT),
                ("state", "s"),
            ]),
            0,
            &st,
        );
        let AuthorizeOutcome::Redirect(url) = out else { panic!() };
        assert!(url.contains("error=unauthorized_client") && url.contains("state=s"));
        let out = s.authorize(
            &p(&[
                ("response_type", "code"),
                ("client_id", "cid"),
                ("redirect_uri", "https://evil.example/cb"),
            ]),
            0,
            &st,
        );
        assert!(matches!(out, AuthorizeOutcome::BadRequest(_)));
        let out = s.authorize(
            &p(&[
                ("response_type", "code"),
                ("client_id", "cid"),
                ("redirect_uri", REDIRECT),
                ("code_challenge", "x"),
                ("code_challenge_method", "plain"),
            ]),
            0,
            &st,
        );
        assert!(matches!(out, AuthorizeOutcome::Redirect(u) if u.contains("error=invalid_request")));
        // Refused consent.
        let out = s.authorize(
            &p(&[
                ("response_type", "code"),
                ("client_id", "cid"),
                ("redirect_uri", REDIRECT),
                ("state", "q"),
            ]),
            0,
            &st,
        );
        let AuthorizeOutcome::Consent { ticket, .. } = out else {
            panic!()
        };
        let url = s.consent(&ticket, false, 0, &st).unwrap();
        assert!(url.contains("error=access_denied") && url.contains("state=q"));
        assert!(s.consent(&ticket, true, 0, &st).is_none(), "A ticket is single-use.");
        assert!(
            url.contains("&iss=http%3A%2F%2F127.0.0.1%3A1"),
            "RFC 9207: errors carry iss too: {url}"
        );
        let off = TokenSettings { issuer: None, ..st };
        let out = s.authorize(
            &p(&[
                ("response_type", "code"),
                ("client_id", "cid"),
                ("redirect_uri", REDIRECT),
            ]),
            0,
            &off,
        );
        let AuthorizeOutcome::Consent { ticket, .. } = out else {
            panic!()
        };
        assert!(
            !s.consent(&ticket, true, 0, &off).unwrap().contains("iss="),
            "no iss when turned off"
        );
    }
}
