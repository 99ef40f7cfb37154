//! Legacy OVH authentication: application keys, consumer keys with access rules,
//! request signatures (`$1$` + sha1), and the consumer-key validation page.

use serde::{Deserialize, Serialize};
use sha1::{Digest, Sha1};

use crate::errors::ApiError;
use crate::faults::glob_match;

/// `$1$` + lowercase hex sha1 of `AS+CK+METHOD+URL+BODY+TIMESTAMP`.
pub fn signature(secret: &str, consumer_key: &str, method: &str, url: &str, body: &[u8], timestamp: &str) -> String {
    let mut h = Sha1::new();
    h.update(secret.as_bytes());
    h.update(b"+");
    h.update(consumer_key.as_bytes());
    h.update(b"+");
    h.update(method.to_uppercase().as_bytes());
    h.update(b"+");
    h.update(url.as_bytes());
    h.update(b"+");
    h.update(body);
    h.update(b"+");
    h.update(timestamp.as_bytes());
    format!("$1${}", hex::encode(h.finalize()))
}

/// One access rule of a consumer key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessRule {
    pub method: String,
    pub path: String,
}

impl AccessRule {
    /// OVH rules: the method must match exactly; `*` in the path matches anything,
    /// so `/x/*` covers `/x/y` but not `/x` itself.
    pub fn covers(&self, method: &str, path: &str) -> bool {
        self.method.eq_ignore_ascii_case(method) && glob_match(&self.path, path)
    }
}

/// State of a consumer key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum CredentialState {
    PendingValidation,
    Validated,
    Refused,
    Expired,
}

/// A consumer key as the simulator stores it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsumerCredential {
    pub credential_id: u64,
    pub application_key: String,
    pub consumer_key: String,
    pub state: CredentialState,
    pub rules: Vec<AccessRule>,
    pub redirection: Option<String>,
    /// Token in the validation URL.
    pub validation_token: String,
    pub creation: i64,
    /// Unix time after which the key is expired; `None` = unlimited.
    pub expiration: Option<i64>,
    pub last_use: Option<i64>,
}

impl ConsumerCredential {
    /// The effective state at `now` (a validated key past its expiration is expired).
    pub fn state_at(&self, now: i64) -> CredentialState {
        match (self.state, self.expiration) {
            (CredentialState::Validated, Some(exp)) if now >= exp => CredentialState::Expired,
            (s, _) => s,
        }
    }

    pub fn allows(&self, method: &str, path: &str) -> bool {
        self.rules.iter().any(|r| r.covers(method, path))
    }

    /// The body of `GET /auth/currentCredential`.
    pub fn current_credential_json(&self, now: i64) -> serde_json::Value {
        use crate::clock::rfc3339;
        let status = match self.state_at(now) {
            CredentialState::PendingValidation => "pendingValidation",
            CredentialState::Validated => "validated",
            CredentialState::Refused => "refused",
            CredentialState::Expired => "expired",
        };
        serde_json::json!({
            "credentialId": self.credential_id,
            "applicationId": app_id(&self.application_key),
            "creation": rfc3339(self.creation),
            "expiration": self.expiration.map(rfc3339),
            "lastUse": self.last_use.map(rfc3339),
            "rules": self.rules,
            "status": status,
            "allowedIPs": null,
            "ovhSupport": false,
        })
    }
}

/// A stable numeric application id derived from the key.
pub fn app_id(application_key: &str) -> u64 {
    let h = Sha1::digest(application_key.as_bytes());
    u64::from_be_bytes([0, 0, 0, 0, h[0], h[1], h[2], h[3]]) % 1_000_000
}

/// The headers of a signed request.
#[derive(Debug, Clone)]
pub struct SignedHeaders<'a> {
    pub application_key: &'a str,
    pub consumer_key: Option<&'a str>,
    pub timestamp: Option<&'a str>,
    pub signature: Option<&'a str>,
}

/// Checks a signed request against OVH's rules, in OVH's order: application key,
/// consumer key, timestamp, signature, consumer key state, access rules.
/// `rule_path` is the API path without its `/1.0` or `/v1` prefix (`None`: no rule check).
#[allow(clippy::too_many_arguments)]
pub fn verify(
    headers: &SignedHeaders<'_>,
    application_secret: Option<&str>,
    credential: Option<&ConsumerCredential>,
    method: &str,
    full_url: &str,
    body: &[u8],
    rule_path: Option<&str>,
    now: i64,
    skew_secs: i64,
) -> Result<(), ApiError> {
    let secret = application_secret.ok_or_else(ApiError::invalid_key)?;
    let ck = headers.consumer_key.ok_or_else(ApiError::not_credential)?;
    let cred = credential
        .filter(|c| c.consumer_key == ck && c.application_key == headers.application_key)
        .ok_or_else(ApiError::not_credential)?;
    let ts = headers.timestamp.ok_or_else(ApiError::invalid_signature)?;
    let ts_num: i64 = ts.parse().map_err(|_| ApiError::invalid_signature())?;
    if (ts_num - now).abs() > skew_secs {
        return Err(ApiError::query_time_out());
    }
    let expected = signature(secret, ck, method, full_url, body, ts);
    if headers.signature != Some(expected.as_str()) {
        return Err(ApiError::invalid_signature());
    }
    if cred.state_at(now) != CredentialState::Validated {
        return Err(ApiError::invalid_credential());
    }
    if rule_path.is_some_and(|p| !cred.allows(method, p)) {
        return Err(ApiError::not_granted());
    }
    Ok(())
}

/// The validation page for a pending consumer key.
pub fn validation_page(cred: &ConsumerCredential) -> String {
    let rules: String = cred
        .rules
        .iter()
        .map(|r| {
            format!(
                "<li><code>{} {}</code></li>",
                html_escape(&r.method),
                html_escape(&r.path)
            )
        })
        .collect();
    format!(
        r#"<!doctype html><html><head><meta charset="utf-8"><title>OVHcloud (simulated): authorize an application</title></head>
<body><h1>Authorize an application (ovh-sim)</h1>
<p>The application <code>{ak}</code> asks for these rights:</p><ul id="rules">{rules}</ul>
<form method="post" action="/auth/">
<input type="hidden" name="credentialToken" value="{token}">
<label>Validity <select name="duration">
<option value="0" selected>Unlimited</option><option value="3600">1 hour</option>
<option value="86400">1 day</option><option value="2592000">30 days</option></select></label>
<button type="submit" name="action" value="validate" id="validate">Log in and authorize</button>
<button type="submit" name="action" value="refuse" id="refuse">Refuse</button>
</form></body></html>"#,
        ak = html_escape(&cred.application_key),
        token = html_escape(&cred.validation_token),
    )
}

/// A page saying the key was validated or refused (when there is no redirection).
pub fn done_page(validated: bool) -> String {
    let what = if validated { "validated" } else { "refused" };
    format!("<!doctype html><html><body><h1>The consumer key has been {what}.</h1><p>You can close this page.</p></body></html>")
}

pub fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    const AS: &str = "9ufkBmLaTQ9nz5yMUlg79taH0GNnzDjk";
    const CK: &str = "5mBuy6SUQcRw2ZUxg0cG68BoDKpED4KY";
    const T: &str = "1457018875";

    #[test]
    fn known_answer_vectors() {
        let body = br#"{"a":"b","c":"d"}"#;
        let cases: &[(&str, &str, &[u8], &str)] = &[
            (
                "GET",
                "https://eu.api.ovh.com/1.0/auth",
                b"",
                "$1$e9556054b6309771395efa467c22e627407461ad",
            ),
            (
                "POST",
                "https://eu.api.ovh.com/1.0/auth",
                body,
                "$1$ec2fb5c7a81f64723c77d2e5b609ae6f58a84fc1",
            ),
            (
                "PUT",
                "https://eu.api.ovh.com/1.0/auth",
                body,
                "$1$8a75a9e7c8e7296c9dbeda6a2a735eb6bd58ec4b",
            ),
            (
                "DELETE",
                "https://eu.api.ovh.com/1.0/auth",
                b"",
                "$1$a1eecd00b3b02b6cf5708b84b9ff42059a950d85",
            ),
            (
                "GET",
                "https://eu.api.ovh.com/1.0/call",
                b"",
                "$1$7f2db49253edfc41891023fcd1a54cf61db05fbb",
            ),
            (
                "GET",
                "https://eu.api.ovh.com/v1/call",
                b"",
                "$1$e6e7906d385eb28adcbfbe6b66c1528a42d741ad",
            ),
            (
                "GET",
                "https://eu.api.ovh.com/v2/call",
                b"",
                "$1$bb63b132a6f84ad5433d0c534d48d3f7c3804285",
            ),
        ];
        for (method, url, body, expected) in cases {
            assert_eq!(signature(AS, CK, method, url, body, T), *expected, "{method} {url}");
        }
    }

    fn cred(state: CredentialState, rules: &[(&str, &str)]) -> ConsumerCredential {
        ConsumerCredential {
            credential_id: 1,
            application_key: "AK".into(),
            consumer_key: CK.into(),
            state,
            rules: rules
                .iter()
                .map(|(m, p)| AccessRule {
                    method: m.to_string(),
                    path: p.to_string(),
                })
                .collect(),
            redirection: None,
            validation_token: "t".into(),
            creation: 0,
            expiration: None,
            last_use: None,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn check(
        c: &ConsumerCredential,
        secret: &str,
        method: &str,
        url: &str,
        sig_url: &str,
        rule_path: &str,
        body: &[u8],
        ts: i64,
        now: i64,
    ) -> Result<(), ApiError> {
        let ts_s = ts.to_string();
        let sig = signature(secret, CK, method, sig_url, body, &ts_s);
        let h = SignedHeaders {
            application_key: "AK",
            consumer_key: Some(CK),
            timestamp: Some(&ts_s),
            signature: Some(&sig),
        };
        verify(&h, Some(AS), Some(c), method, url, body, Some(rule_path), now, 180)
    }

    #[test]
    fn server_side_verification_of_vectors() {
        let c = cred(CredentialState::Validated, &[("GET", "/*"), ("POST", "/*")]);
        let sig = "$1$e9556054b6309771395efa467c22e627407461ad";
        let h = SignedHeaders {
            application_key: "AK",
            consumer_key: Some(CK),
            timestamp: Some(T),
            signature: Some(sig),
        };
        let now = 1_457_018_875;
        assert!(verify(
            &h,
            Some(AS),
            Some(&c),
            "GET",
            "https://eu.api.ovh.com/1.0/auth",
            b"",
            Some("/auth"),
            now,
            180
        )
        .is_ok());
        let h = SignedHeaders {
            signature: Some("$1$ec2fb5c7a81f64723c77d2e5b609ae6f58a84fc1"),
            ..h
        };
        assert!(verify(
            &h,
            Some(AS),
            Some(&c),
            "POST",
            "https://eu.api.ovh.com/1.0/auth",
            br#"{"a":"b","c":"d"}"#,
            Some("/auth"),
            now,
            180
        )
        .is_ok());
        // One changed byte of body breaks it.
        let e = verify(
            &h,
            Some(AS),
            Some(&c),
            "POST",
            "https://eu.api.ovh.com/1.0/auth",
            br#"{"a":"b","c":"e"}"#,
            Some("/auth"),
            now,
            180,
        )
        .unwrap_err();
        assert_eq!(e.error_code.as_deref(), Some("INVALID_SIGNATURE"));
    }

    #[test]
    fn rejections_in_order() {
        let now = 2_000_000_000;
        let url = "http://127.0.0.1:1/1.0/me";
        // `method url` (signed over `url`) for the rule path `/me`, no body, at `ts`.
        let call = |c: &ConsumerCredential, secret: &str, method: &str, requested: &str, ts: i64| {
            check(c, secret, method, requested, url, "/me", b"", ts, now)
        };
        let ok = cred(CredentialState::Validated, &[("GET", "/me")]);
        assert!(call(&ok, AS, "GET", url, now).is_ok());
        // Wrong secret.
        let e = call(&ok, "wrong", "GET", url, now).unwrap_err();
        assert_eq!((e.status, e.error_code.as_deref()), (400, Some("INVALID_SIGNATURE")));
        // URL signed differently (e.g. other host or missing query).
        let e = call(&ok, AS, "GET", &format!("{url}?a=1"), now).unwrap_err();
        assert_eq!(e.error_code.as_deref(), Some("INVALID_SIGNATURE"));
        // Timestamp outside the window.
        let e = call(&ok, AS, "GET", url, now - 1000).unwrap_err();
        assert_eq!(e.error_code.as_deref(), Some("QUERY_TIME_OUT"));
        assert!(call(&ok, AS, "GET", url, now - 170).is_ok());
        // Pending / refused / expired keys.
        for state in [
            CredentialState::PendingValidation,
            CredentialState::Refused,
            CredentialState::Expired,
        ] {
            let e = call(&cred(state, &[("GET", "/me")]), AS, "GET", url, now).unwrap_err();
            assert_eq!((e.status, e.error_code.as_deref()), (403, Some("INVALID_CREDENTIAL")));
        }
        let mut expiring = ok.clone();
        expiring.expiration = Some(now - 1);
        let e = call(&expiring, AS, "GET", url, now).unwrap_err();
        assert_eq!(e.error_code.as_deref(), Some("INVALID_CREDENTIAL"));
        // Outside the rules.
        let e = call(&ok, AS, "POST", url, now).unwrap_err();
        assert_eq!(e.error_code.as_deref(), Some("NOT_GRANTED_CALL"));
        // Unknown application key / consumer key.
        let ts = now.to_string();
        let h = SignedHeaders {
            application_key: "AK",
            consumer_key: Some(CK),
            timestamp: Some(&ts),
            signature: Some("x"),
        };
        assert_eq!(
            verify(&h, None, Some(&ok), "GET", url, b"", Some("/me"), now, 180)
                .unwrap_err()
                .error_code
                .as_deref(),
            Some("INVALID_KEY")
        );
        assert_eq!(
            verify(&h, Some(AS), None, "GET", url, b"", Some("/me"), now, 180)
                .unwrap_err()
                .error_code
                .as_deref(),
            Some("NOT_CREDENTIAL")
        );
    }

    #[test]
    fn access_rules() {
        let c = cred(
            CredentialState::Validated,
            &[("GET", "/cloud/project/*"), ("GET", "/me")],
        );
        assert!(c.allows("GET", "/cloud/project/abc"));
        assert!(c.allows("GET", "/cloud/project/abc/instance/1"));
        assert!(!c.allows("GET", "/cloud/project"), "/x/* must not cover /x");
        assert!(c.allows("GET", "/me"));
        assert!(!c.allows("GET", "/me/bill"));
        assert!(!c.allows("DELETE", "/me"));
        let c = cred(CredentialState::Validated, &[("GET", "/cloud/project/*/instance")]);
        assert!(c.allows("GET", "/cloud/project/abc/instance"));
        assert!(!c.allows("GET", "/cloud/project/abc/kube"));
    }
}
