//! The OAuth2 flow end to end: authorize, consent, then the token endpoint.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::Value;

use super::*;
use crate::config::RefreshTokenMode;

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
