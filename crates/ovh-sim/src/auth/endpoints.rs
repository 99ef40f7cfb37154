//! HTTP endpoints of authentication: consumer-key requests (`POST /auth/credential`),
//! the validation page (`/auth/`), and OAuth2 authorize, consent and token.

use std::time::Duration;

use axum::http::HeaderValue;
use serde_json::json;

use crate::auth::legacy::{self, AccessRule, CredentialState};
use crate::auth::oauth::{self, AuthorizeOutcome};
use crate::control;
use crate::errors::ApiError;
use crate::reply::{self, Reply};
use crate::request::ApiRequest;
use crate::routes;
use crate::state::{Inner, Shared};

/// `POST /auth/credential`: a pending consumer key and its validation URL.
pub fn credential_request(inner: &mut Inner, api: &ApiRequest, now: i64) -> Reply {
    let Some(ak) = api.header("x-ovh-application").map(str::to_string) else {
        return ApiError::invalid_key().into_response();
    };
    if !inner.applications.contains_key(&ak) {
        return ApiError::invalid_key().into_response();
    }
    let body = match routes::json_body(api) {
        Ok(b) => b,
        Err(e) => return e.into_response(),
    };
    let mut rules = Vec::new();
    for r in body["accessRules"].as_array().cloned().unwrap_or_default() {
        let method = r["method"].as_str().unwrap_or_default().to_uppercase();
        let path = r["path"].as_str().unwrap_or_default().to_string();
        if !["GET", "POST", "PUT", "DELETE"].contains(&method.as_str()) || !path.starts_with('/') {
            return ApiError::bad_request(format!(
                "The access rule {method} {path} is not valid; the method must be GET, POST, PUT or DELETE and the path must start with /."
            ))
            .into_response();
        }
        rules.push(AccessRule { method, path });
    }
    if rules.is_empty() {
        return ApiError::bad_request("At least one access rule is required in accessRules.").into_response();
    }
    let redirection = body["redirection"].as_str().map(str::to_string);
    let ck = oauth::random_token(32);
    let cred = inner.insert_credential(&ak, &ck, rules, redirection, CredentialState::PendingValidation, now);
    reply::ok(&json!({
        "state": "pendingValidation",
        "consumerKey": ck,
        "validationUrl": format!("{}/auth/?credentialToken={}", api.origin(), cred.validation_token),
    }))
}

/// `GET /auth/?credentialToken=` (the page) and `POST /auth/` (the person's answer).
pub fn validation(shared: &Shared, api: &ApiRequest) -> Reply {
    let invalid = || {
        reply::html(404, "<!doctype html><html><body><h1>This validation link is not valid or has already been used.</h1><p>Request a new consumer key.</p></body></html>".to_string())
    };
    match api.method.as_str() {
        "GET" => {
            let Some(token) = api.query_param("credentialToken") else {
                return invalid();
            };
            let mut inner = shared.lock();
            match inner.credential_by_token(&token) {
                Some(c) if c.state == CredentialState::PendingValidation => {
                    reply::html(200, legacy::validation_page(c))
                }
                _ => invalid(),
            }
        }
        "POST" => {
            let form = api.form();
            let field = |n: &str| form.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
            let Some(token) = field("credentialToken") else {
                return invalid();
            };
            let validate = field("action").as_deref() != Some("refuse");
            let duration = field("duration")
                .and_then(|d| d.parse::<u64>().ok())
                .filter(|d| *d > 0)
                .map(Duration::from_secs);
            match control::answer_credential(shared, &token, validate, duration) {
                Ok(Some(url)) => {
                    let mut r = reply::redirect(&url);
                    *r.status_mut() = axum::http::StatusCode::SEE_OTHER;
                    r
                }
                Ok(None) => reply::html(200, legacy::done_page(validate)),
                Err(_) => invalid(),
            }
        }
        m => ApiError::method_not_allowed(m).into_response(),
    }
}

/// `GET /auth/oauth2/authorize`.
pub fn authorize(shared: &Shared, api: &ApiRequest) -> Reply {
    let now = shared.clock.now();
    let settings = shared.token_settings();
    let outcome = shared.lock().oauth.authorize(&api.query_pairs(), now, &settings);
    match outcome {
        AuthorizeOutcome::Redirect(url) => reply::redirect(&url),
        AuthorizeOutcome::Consent {
            ticket,
            client_name,
            scope,
        } => reply::html(200, oauth::consent_page(&ticket, &client_name, &scope)),
        AuthorizeOutcome::BadRequest(msg) => reply::html(
            400,
            format!(
                "<!doctype html><html><body><h1>Invalid authorization request</h1><p>{}</p></body></html>",
                legacy::html_escape(&msg)
            ),
        ),
    }
}

/// `POST /auth/oauth2/authorize/consent` (the consent page's form).
pub fn consent(shared: &Shared, api: &ApiRequest) -> Reply {
    let form = api.form();
    let field = |n: &str| form.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
    let allow = field("decision").as_deref() == Some("allow");
    match control::answer_consent(shared, &field("ticket").unwrap_or_default(), allow) {
        Ok(url) => reply::redirect(&url),
        Err(e) => reply::html(
            400,
            format!(
                "<!doctype html><html><body><h1>{}</h1></body></html>",
                legacy::html_escape(&e.to_string())
            ),
        ),
    }
}

/// `POST /auth/oauth2/token`.
pub fn token(shared: &Shared, api: &ApiRequest) -> Reply {
    if api.method != "POST" {
        return ApiError::method_not_allowed(&api.method).into_response();
    }
    let now = shared.clock.now();
    let settings = shared.token_settings();
    let basic = api.header("authorization").and_then(oauth::parse_basic);
    let result = shared.lock().oauth.token(&api.form(), basic, now, &settings);
    let mut r = match result {
        Ok(body) => reply::ok(&body),
        Err(e) => reply::json(e.status, &e.body()),
    };
    r.headers_mut()
        .insert("cache-control", HeaderValue::from_static("no-store"));
    r
}
