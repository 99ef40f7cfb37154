//! The control API under `/_sim/` (no authentication), and the operations it
//! shares with [`crate::RunningSim`].
//!
//! | method & path | effect |
//! |---|---|
//! | `GET /_sim/faults` | active fault rules |
//! | `POST /_sim/faults` | add a [`crate::FaultRule`] (or an array of them) |
//! | `DELETE /_sim/faults` | remove all fault rules |
//! | `POST /_sim/reset` | back to the start state (data, keys, tokens, faults, counters, clock) |
//! | `GET /_sim/clock` | `{"now": unix, "offset": secs}` |
//! | `POST /_sim/clock` | `{"offset": secs}` shifts the server clock |
//! | `GET /_sim/counters` | `{"total", "byPath", "byRoute", "byCredential"}` |
//! | `DELETE /_sim/counters` | zero the counters |
//! | `GET /_sim/dataset` | the account as JSON (a valid `--fixture`) |
//! | `GET /_sim/credentials` | consumer keys with state and rules |
//! | `POST /_sim/credentials/{consumerKey}/validate` | `{"validitySecs": n}` optional; validates a pending key |
//! | `POST /_sim/credentials/{consumerKey}/refuse` | refuses a pending key |
//! | `POST /_sim/applications` | `{"applicationKey", "applicationSecret"}` registers an application |
//! | `POST /_sim/tokens` | `{"token", "lifetimeSecs"}` adds an access token |
//! | `POST /_sim/oauth-clients` | `{"clientId", "clientSecret", "redirectUri"}` registers an OAuth2 client |
//! | `GET /_sim/consents` | tickets waiting on the OAuth2 consent page |
//! | `POST /_sim/consents/{ticket}/allow` or `/deny` | answers; returns `{"redirect": url}` |
//! | `POST /_sim/rate-limit` | `{"perMinute": n or null}` |
//! | `POST /_sim/latency` | `{"ms": n}` latency of every call |

use std::time::Duration;

use serde_json::{json, Value};

use crate::auth::legacy::CredentialState;
use crate::auth::oauth::AccessToken;
use crate::errors::{ApiError, SimError};
use crate::faults::FaultRule;
use crate::reply::{self, Reply};
use crate::request::ApiRequest;
use crate::state::Shared;

/// Validates (or refuses) the pending key behind a consumer key or validation token.
/// Returns the URL to redirect the person to, if the key asked for one.
pub fn answer_credential(
    shared: &Shared,
    key_or_token: &str,
    validate: bool,
    validity: Option<Duration>,
) -> Result<Option<String>, SimError> {
    let now = shared.clock.now();
    let default_validity = shared.config.consumer_key_validity;
    let mut inner = shared.lock();
    let cred = match inner.credentials.contains_key(key_or_token) {
        true => inner.credentials.get_mut(key_or_token),
        false => inner.credential_by_token(key_or_token),
    }
    .filter(|c| c.state == CredentialState::PendingValidation)
    .ok_or_else(|| SimError::UnknownConsumerKey(key_or_token.to_string()))?;
    if validate {
        cred.state = CredentialState::Validated;
        cred.expiration = validity.or(default_validity).map(|d| now + d.as_secs() as i64);
    } else {
        cred.state = CredentialState::Refused;
    }
    Ok(cred.redirection.clone())
}

/// Answers a pending OAuth2 consent; returns the redirect URL (with `code` or `error`).
pub fn answer_consent(shared: &Shared, ticket: &str, allow: bool) -> Result<String, SimError> {
    let now = shared.clock.now();
    let settings = shared.token_settings();
    shared
        .lock()
        .oauth
        .consent(ticket, allow, now, &settings)
        .ok_or_else(|| SimError::UnknownConsent(ticket.to_string()))
}

/// Adds an access token valid for `lifetime` (`None` = forever).
pub fn add_token(shared: &Shared, token: &str, lifetime: Option<Duration>) {
    let now = shared.clock.now();
    shared.lock().oauth.tokens.insert(
        token.to_string(),
        AccessToken {
            client_id: None,
            scope: "all".into(),
            expires_at: lifetime.map(|d| now + d.as_secs() as i64),
            service_account: false,
        },
    );
}

fn parse<T: serde::de::DeserializeOwned>(req: &ApiRequest) -> Result<T, ApiError> {
    serde_json::from_slice(&req.body)
        .map_err(|e| ApiError::bad_request(format!("The control request body is not valid: {e}.")))
}

/// Handles `/_sim/...`.
pub fn handle(shared: &Shared, req: &ApiRequest) -> Reply {
    route(shared, req).unwrap_or_else(ApiError::into_response)
}

fn route(shared: &Shared, req: &ApiRequest) -> Result<Reply, ApiError> {
    let segs: Vec<&str> = req
        .path
        .trim_start_matches("/_sim")
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    let done = || reply::ok(&json!({"ok": true}));
    Ok(match (req.method.as_str(), segs.as_slice()) {
        ("GET", ["faults"]) => reply::ok(&shared.lock().faults.rules),
        ("POST", ["faults"]) => {
            let v: Value = parse(req)?;
            let rules: Vec<FaultRule> = match v {
                Value::Array(_) => serde_json::from_value(v),
                _ => serde_json::from_value(v).map(|r| vec![r]),
            }
            .map_err(|e| ApiError::bad_request(format!("The fault rule is not valid: {e}.")))?;
            shared.lock().faults.rules.extend(rules);
            done()
        }
        ("DELETE", ["faults"]) => {
            shared.lock().faults.rules.clear();
            done()
        }
        ("POST", ["reset"]) => {
            shared.reset();
            done()
        }
        ("GET", ["clock"]) => reply::ok(&json!({"now": shared.clock.now(), "offset": shared.clock.offset()})),
        ("POST", ["clock"]) => {
            let v: Value = parse(req)?;
            let offset = v["offset"]
                .as_i64()
                .ok_or_else(|| ApiError::bad_request("The field offset (seconds) is required."))?;
            shared.clock.set_offset(offset);
            reply::ok(&json!({"now": shared.clock.now(), "offset": offset}))
        }
        ("GET", ["counters"]) => reply::ok(&shared.lock().counters),
        ("DELETE", ["counters"]) => {
            shared.lock().counters = Default::default();
            done()
        }
        ("GET", ["dataset"]) => reply::ok(&shared.lock().dataset),
        ("GET", ["credentials"]) => {
            let inner = shared.lock();
            let mut creds: Vec<_> = inner.credentials.values().cloned().collect();
            creds.sort_by_key(|c| c.credential_id);
            reply::ok(&creds)
        }
        ("POST", ["credentials", ck, action @ ("validate" | "refuse")]) => {
            let validity = if req.body.is_empty() {
                None
            } else {
                parse::<Value>(req)?["validitySecs"]
                    .as_u64()
                    .filter(|s| *s > 0)
                    .map(Duration::from_secs)
            };
            let redirect = answer_credential(shared, ck, *action == "validate", validity)
                .map_err(|e| ApiError::not_found(&e.to_string()).with_message(e.to_string()))?;
            reply::ok(&json!({"redirect": redirect}))
        }
        ("POST", ["applications"]) => {
            let v: Value = parse(req)?;
            let (Some(ak), Some(secret)) = (v["applicationKey"].as_str(), v["applicationSecret"].as_str()) else {
                return Err(ApiError::bad_request(
                    "The fields applicationKey and applicationSecret are required.",
                ));
            };
            shared.lock().applications.insert(ak.to_string(), secret.to_string());
            done()
        }
        ("POST", ["tokens"]) => {
            let v: Value = parse(req)?;
            let token = v["token"]
                .as_str()
                .ok_or_else(|| ApiError::bad_request("The field token is required."))?;
            add_token(shared, token, v["lifetimeSecs"].as_u64().map(Duration::from_secs));
            done()
        }
        ("POST", ["oauth-clients"]) => {
            let v: Value = parse(req)?;
            let (Some(id), Some(secret), Some(uri)) = (
                v["clientId"].as_str(),
                v["clientSecret"].as_str(),
                v["redirectUri"].as_str(),
            ) else {
                return Err(ApiError::bad_request(
                    "The fields clientId, clientSecret and redirectUri are required.",
                ));
            };
            shared.lock().oauth.add_client(crate::auth::oauth::ClientRecord {
                client_id: id.into(),
                client_secret: secret.into(),
                name: id.into(),
                description: String::new(),
                flow: "AUTHORIZATION_CODE".into(),
                callback_urls: vec![uri.into()],
            });
            done()
        }
        ("GET", ["consents"]) => reply::ok(&shared.lock().oauth.pending_consents()),
        ("POST", ["consents", ticket, action @ ("allow" | "deny")]) => {
            let url = answer_consent(shared, ticket, *action == "allow")
                .map_err(|e| ApiError::not_found("The consent").with_message(e.to_string()))?;
            reply::ok(&json!({"redirect": url}))
        }
        ("POST", ["rate-limit"]) => {
            let v: Value = parse(req)?;
            shared.lock().rate_limit_per_minute = v["perMinute"].as_u64().map(|n| n as u32);
            done()
        }
        ("POST", ["latency"]) => {
            let v: Value = parse(req)?;
            shared.lock().latency_ms = v["ms"]
                .as_u64()
                .ok_or_else(|| ApiError::bad_request("The field ms is required."))?;
            done()
        }
        (m, _) => return Err(ApiError::no_route(m, &req.path)),
    })
}
