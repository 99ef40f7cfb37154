//! The token endpoint (RFC 6749 §3.2): client authentication (in the body or HTTP Basic),
//! then the `authorization_code` (with PKCE, RFC 7636), `refresh_token` and
//! `client_credentials` grants.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::{json, Value};

use super::{get, pkce_challenge, random_token, AccessToken, ClientRecord, OAuthError, OAuthStore, TokenSettings};
use crate::config::RefreshTokenMode;

/// What a refresh token grants: new access tokens for this client and scope.
#[derive(Debug, Clone)]
pub(super) struct RefreshGrant {
    client_id: String,
    scope: String,
}

impl OAuthStore {
    /// Handles the token endpoint. `basic` is the decoded HTTP Basic (id, secret).
    pub fn token(
        &mut self,
        form: &[(String, String)],
        basic: Option<(String, String)>,
        now: i64,
        settings: &TokenSettings,
    ) -> Result<Value, OAuthError> {
        let client = self.authenticate_client(form, basic)?;
        match get(form, "grant_type") {
            Some("authorization_code") => self.exchange_code(form, &client, now, settings),
            Some("refresh_token") => self.refresh_grant(form, &client, now, settings),
            Some("client_credentials") => {
                let scope = get(form, "scope").unwrap_or("all").to_string();
                Ok(self.issue(&client.client_id, &scope, false, true, now, settings))
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

    /// The client named by HTTP Basic, or else by `client_id`/`client_secret` in the body.
    fn authenticate_client(
        &self,
        form: &[(String, String)],
        basic: Option<(String, String)>,
    ) -> Result<ClientRecord, OAuthError> {
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
        Ok(client)
    }

    /// `grant_type=authorization_code`. The code is spent by the first attempt, even a failed one.
    fn exchange_code(
        &mut self,
        form: &[(String, String)],
        client: &ClientRecord,
        now: i64,
        settings: &TokenSettings,
    ) -> Result<Value, OAuthError> {
        let code_value = required(form, "code")?;
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
            check_verifier(form, challenge)?;
        }
        Ok(self.issue(&client.client_id, &code.scope, true, false, now, settings))
    }

    /// `grant_type=refresh_token`: a new access token; the refresh token is rotated,
    /// given back as it is, or left out, as `settings.refresh_mode` says.
    fn refresh_grant(
        &mut self,
        form: &[(String, String)],
        client: &ClientRecord,
        now: i64,
        settings: &TokenSettings,
    ) -> Result<Value, OAuthError> {
        let rt = required(form, "refresh_token")?;
        let grant = self
            .refresh
            .get(rt)
            .cloned()
            .ok_or_else(|| OAuthError::grant("The refresh token is not valid."))?;
        if grant.client_id != client.client_id {
            return Err(OAuthError::grant("The refresh token was issued to another client."));
        }
        let mut body = self.issue(&client.client_id, &grant.scope, false, false, now, settings);
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

    /// Mints an access token (and a refresh token if asked and not turned off); returns the token answer.
    fn issue(
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

/// A parameter the grant cannot do without (RFC 6749 §5.2 `invalid_request` if missing).
fn required<'a>(form: &'a [(String, String)], name: &str) -> Result<&'a str, OAuthError> {
    get(form, name).ok_or_else(|| OAuthError::new(400, "invalid_request", format!("The {name} parameter is missing.")))
}

/// RFC 7636 §4.6: the `code_verifier` must hash to the code's `code_challenge` (S256).
fn check_verifier(form: &[(String, String)], challenge: &str) -> Result<(), OAuthError> {
    let verifier = get(form, "code_verifier").ok_or_else(|| OAuthError::grant("The code_verifier is missing."))?;
    if pkce_challenge(verifier) != challenge {
        return Err(OAuthError::grant(
            "The code_verifier does not match the code_challenge.",
        ));
    }
    Ok(())
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
