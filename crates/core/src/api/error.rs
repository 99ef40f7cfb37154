//! OVH API failures, typed. Both error body generations are understood:
//! `{"errorCode","httpCode","message"}` and `{"class","message"}`, plus IAM's
//! `details.unauthorizedActionsByIAM` and the `X-Ovh-QueryID` header.

use std::fmt;
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::Deserialize;

use crate::user_error::{ErrorKind, UserError};

/// Which request failed, and how OVH identified it. Never holds a secret.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ErrorContext {
    pub method: String,
    /// API path as given by the caller, without the base URL.
    pub path: String,
    pub status: Option<u16>,
    /// `X-Ovh-QueryID`, to quote to OVH support.
    pub query_id: Option<String>,
    /// OVH's own `message`, if any.
    pub server_message: Option<String>,
    /// True when the request used an OAuth2 bearer token.
    pub bearer: bool,
}

impl fmt::Display for ErrorContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.path)?;
        if let Some(status) = self.status {
            write!(f, " (HTTP {status})")?;
        }
        if let Some(message) = &self.server_message {
            write!(f, ": {message}")?;
        }
        if let Some(id) = &self.query_id {
            write!(f, " [query id {id}]")?;
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}: this call has not been granted to these credentials")]
    NotGranted(Box<ErrorContext>),
    #[error("{0}: the credentials are not valid")]
    InvalidCredential(Box<ErrorContext>),
    #[error("{0}: the request signature was refused")]
    InvalidSignature(Box<ErrorContext>),
    /// `QUERY_TIME_OUT`: the signed timestamp is outside OVH's window.
    #[error("{0}: the request timestamp is outside OVH's window")]
    ClockSkew(Box<ErrorContext>),
    #[error("{0}: OVH does not know this application key")]
    UnknownApplicationKey(Box<ErrorContext>),
    #[error("{0}: not found")]
    NotFound(Box<ErrorContext>),
    #[error("{ctx}: IAM denies the action {action}")]
    IamDenied { ctx: Box<ErrorContext>, action: String },
    #[error("{ctx}: rate limited (retry after {retry_after:?})")]
    RateLimited {
        ctx: Box<ErrorContext>,
        retry_after: Option<Duration>,
    },
    #[error("{0}: OVH server error")]
    Server(Box<ErrorContext>),
    /// Any other refusal (400 with a validation message, 409, ...).
    #[error("{0}: refused")]
    Rejected(Box<ErrorContext>),
    #[error("{ctx}: no answer within {after:?}")]
    Timeout { ctx: Box<ErrorContext>, after: Duration },
    #[error("{ctx}: could not reach {host}: {detail}")]
    Unreachable {
        ctx: Box<ErrorContext>,
        host: String,
        detail: String,
    },
    #[error("{ctx}: unreadable answer: {detail}")]
    Malformed { ctx: Box<ErrorContext>, detail: String },
    /// The answer was larger than `cap` bytes; it was not read further.
    #[error("{ctx}: the answer is larger than {cap} bytes")]
    TooLarge { ctx: Box<ErrorContext>, cap: usize },
    /// An identifier (usually from an OVH answer) that would leave its path;
    /// nothing was sent.
    #[error("{0}")]
    UnsafeId(#[from] crate::api::UnsafeId),
    /// The token source could not provide a bearer token.
    #[error("no access token: {0}")]
    AccessToken(UserError),
    /// A programming or configuration error on our side (bad path, bad header).
    #[error("invalid request: {0}")]
    InvalidRequest(String),
}

impl ApiError {
    pub fn context(&self) -> Option<&ErrorContext> {
        match self {
            ApiError::NotGranted(c)
            | ApiError::InvalidCredential(c)
            | ApiError::InvalidSignature(c)
            | ApiError::ClockSkew(c)
            | ApiError::UnknownApplicationKey(c)
            | ApiError::NotFound(c)
            | ApiError::Server(c)
            | ApiError::Rejected(c) => Some(c.as_ref()),
            ApiError::IamDenied { ctx, .. }
            | ApiError::RateLimited { ctx, .. }
            | ApiError::Timeout { ctx, .. }
            | ApiError::Unreachable { ctx, .. }
            | ApiError::Malformed { ctx, .. }
            | ApiError::TooLarge { ctx, .. } => Some(ctx.as_ref()),
            ApiError::AccessToken(_) | ApiError::InvalidRequest(_) | ApiError::UnsafeId(_) => None,
        }
    }

    pub fn status(&self) -> Option<u16> {
        self.context().and_then(|c| c.status)
    }

    /// True for failures worth retrying later (rate limit, 5xx, network).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            ApiError::RateLimited { .. }
                | ApiError::Server(_)
                | ApiError::Timeout { .. }
                | ApiError::Unreachable { .. }
        )
    }

    /// Classifies a non-2xx answer. `ctx` carries method, path and auth mode.
    pub fn from_response(mut ctx: ErrorContext, status: StatusCode, headers: &HeaderMap, body: &[u8]) -> ApiError {
        let parsed: OvhErrorBody = serde_json::from_slice(body).unwrap_or_default();
        ctx.status = Some(status.as_u16());
        ctx.query_id = header_str(headers, "x-ovh-queryid").map(str::to_owned);
        ctx.server_message = parsed.message.clone().filter(|m| !m.is_empty());
        let ctx = Box::new(ctx);

        if status == StatusCode::TOO_MANY_REQUESTS {
            let retry_after = header_str(headers, "retry-after")
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map(Duration::from_secs);
            return ApiError::RateLimited { ctx, retry_after };
        }
        if let Some(action) = parsed.iam_action() {
            return ApiError::IamDenied { ctx, action };
        }
        let code = parsed.error_code.as_deref().unwrap_or("");
        let message = parsed.message.as_deref().unwrap_or("");
        let class = parsed.class.as_deref().unwrap_or("");
        match (code, message) {
            ("NOT_GRANTED_CALL", _) | (_, "This call has not been granted") => return ApiError::NotGranted(ctx),
            ("NOT_CREDENTIAL" | "INVALID_CREDENTIAL", _)
            | (_, "This credential does not exist" | "This credential is not valid") => {
                return ApiError::InvalidCredential(ctx)
            }
            ("INVALID_SIGNATURE", _) | (_, "Invalid signature") => return ApiError::InvalidSignature(ctx),
            ("QUERY_TIME_OUT", _) => return ApiError::ClockSkew(ctx),
            ("INVALID_KEY", _) | (_, "This application key is invalid" | "Invalid application key") => {
                return ApiError::UnknownApplicationKey(ctx)
            }
            _ => {}
        }
        if status == StatusCode::UNAUTHORIZED || class == "Client::Unauthorized" {
            ApiError::InvalidCredential(ctx)
        } else if status == StatusCode::NOT_FOUND || class == "Client::NotFound" {
            ApiError::NotFound(ctx)
        } else if status.is_server_error() || class.starts_with("Server::") {
            ApiError::Server(ctx)
        } else {
            ApiError::Rejected(ctx)
        }
    }

    /// Maps a transport failure. reqwest's message names the URL, never a header.
    pub fn from_transport(ctx: ErrorContext, host: &str, timeout: Duration, e: &reqwest::Error) -> ApiError {
        let ctx = Box::new(ctx);
        if e.is_timeout() {
            ApiError::Timeout { ctx, after: timeout }
        } else if e.is_connect() || e.is_request() {
            ApiError::Unreachable {
                ctx,
                host: host.to_owned(),
                detail: transport_detail(e),
            }
        } else {
            ApiError::Malformed {
                ctx,
                detail: transport_detail(e),
            }
        }
    }
}

/// The innermost cause, which is the useful part ("connection refused").
fn transport_detail(e: &reqwest::Error) -> String {
    let mut source: &dyn std::error::Error = e;
    while let Some(next) = source.source() {
        source = next;
    }
    source.to_string()
}

/// Describes a JSON decoding failure without quoting the offending value,
/// which could be a secret (serde's "invalid type: string \"...\"").
pub fn describe_json_error(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let what = if text.starts_with("missing field") {
        text.split(" at line").next().unwrap_or("missing field").to_owned()
    } else {
        match e.classify() {
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof => "not valid JSON".to_owned(),
            _ => "JSON of an unexpected shape".to_owned(),
        }
    };
    format!("{what} at line {} column {}", e.line(), e.column())
}

fn header_str<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct OvhErrorBody {
    class: Option<String>,
    message: Option<String>,
    error_code: Option<String>,
    #[allow(dead_code)]
    http_code: Option<String>,
    details: Option<serde_json::Value>,
}

impl OvhErrorBody {
    fn iam_action(&self) -> Option<String> {
        let value = self.details.as_ref()?.get("unauthorizedActionsByIAM")?;
        match value {
            serde_json::Value::String(s) if !s.is_empty() => Some(s.clone()),
            serde_json::Value::Array(items) => {
                let actions: Vec<&str> = items.iter().filter_map(|v| v.as_str()).collect();
                (!actions.is_empty()).then(|| actions.join(", "))
            }
            _ => None,
        }
    }
}

impl From<crate::api::UnsafeId> for UserError {
    fn from(e: crate::api::UnsafeId) -> Self {
        ApiError::from(e).into()
    }
}

impl From<ApiError> for UserError {
    fn from(e: ApiError) -> UserError {
        let query_hint = |ctx: &ErrorContext| {
            ctx.query_id
                .as_ref()
                .map(|id| format!("If you contact OVH support, quote query id {id}"))
        };
        let with_query = |u: UserError, ctx: &ErrorContext| match query_hint(ctx) {
            Some(hint) => u.with_hint(hint),
            None => u,
        };
        match e {
            ApiError::InvalidCredential(ctx) if ctx.bearer => {
                with_query(UserError::sign_in_required("OVH no longer accepts the access token"), &ctx)
            }
            ApiError::InvalidCredential(ctx) => with_query(UserError::invalid_credentials(), &ctx),
            ApiError::NotGranted(ctx) => with_query(
                UserError::new(
                    ErrorKind::NotGranted,
                    format!(
                        "These credentials have not been granted {} {}. Create a consumer key whose rights include this call, or sign in with OVH instead.",
                        ctx.method, ctx.path
                    ),
                    [
                        format!("Add the right {} {} when creating the consumer key", ctx.method, ctx.path),
                        "A rule on /x/* does not cover /x itself: request both".to_owned(),
                        "Verify permissions include /me read access".to_owned(),
                    ],
                ),
                &ctx,
            ),
            ApiError::InvalidSignature(ctx) => with_query(
                UserError::new(
                    ErrorKind::InvalidSignature,
                    "OVH refused the request signature. Check that the Application Secret belongs to this Application Key, then try again.",
                    [
                        "Verify Application Key, Application Secret, and Consumer Key are correct",
                        "Check that the endpoint (ovh-eu, ovh-ca, ovh-us) is the one the keys were created on",
                    ],
                ),
                &ctx,
            ),
            ApiError::ClockSkew(ctx) => with_query(
                UserError::new(
                    ErrorKind::ClockSkew,
                    "OVH refused the request because this computer's clock keeps drifting from OVH's. Set the clock to synchronize automatically, then try again.",
                    ["Turn on automatic date and time in your system settings"],
                ),
                &ctx,
            ),
            ApiError::UnknownApplicationKey(ctx) => with_query(
                UserError::new(
                    ErrorKind::UnknownApplicationKey,
                    "OVH does not know this Application Key. Check that it was copied completely and that it was created for this region.",
                    [
                        "Verify Application Key, Application Secret, and Consumer Key are correct",
                        "Check that the endpoint (ovh-eu, ovh-ca, ovh-us) is the one the keys were created on",
                    ],
                ),
                &ctx,
            ),
            ApiError::NotFound(ctx) => with_query(
                UserError::new(
                    ErrorKind::NotFound,
                    format!("OVH found nothing at {}. It may have been deleted, or belong to another account or region; refresh and try again.", ctx.path),
                    ["Refresh the inventory", "Check that the region matches your endpoint (EU, US, CA)"],
                ),
                &ctx,
            ),
            ApiError::IamDenied { ctx, action } => with_query(
                UserError::new(
                    ErrorKind::IamDenied,
                    format!("An OVH IAM policy does not allow the action {action}. Ask the account administrator to allow it, then try again."),
                    [
                        format!("Allow {action} in an IAM policy for this identity"),
                        "Ensure service account has permissions for the resource type".to_owned(),
                    ],
                ),
                &ctx,
            ),
            ApiError::RateLimited { ctx, retry_after } => {
                let wait = retry_after.map_or("a minute".to_owned(), |d| format!("{} seconds", d.as_secs()));
                with_query(
                    UserError::new(
                        ErrorKind::RateLimited,
                        format!("OVH is limiting how fast Aurora may call the API. Wait {wait}, then try again."),
                        ["OVH allows about 60 requests per minute per consumer key"],
                    ),
                    &ctx,
                )
            }
            ApiError::Server(ctx) => with_query(
                UserError::new(
                    ErrorKind::ServerError,
                    format!(
                        "OVH answered {} {} with a server error (HTTP {}). Try again in a few minutes.",
                        ctx.method,
                        ctx.path,
                        ctx.status.unwrap_or(500)
                    ),
                    ["Check OVH API status page for outages"],
                ),
                &ctx,
            ),
            ApiError::Rejected(ctx) => {
                let reason = ctx.server_message.clone().unwrap_or_else(|| format!("HTTP {}", ctx.status.unwrap_or(400)));
                with_query(
                    UserError::new(
                        ErrorKind::RequestRejected,
                        format!("OVH refused {} {}: {reason}. Check the values you entered and try again.", ctx.method, ctx.path),
                        ["Review OVH API logs for detailed error messages"],
                    ),
                    &ctx,
                )
            }
            ApiError::Timeout { ctx, after } => UserError::new(
                ErrorKind::Timeout,
                format!("OVH did not answer {} {} within {} seconds. Check your network connection and try again.", ctx.method, ctx.path, after.as_secs()),
                ["Check network connectivity to OVH API endpoints", "Check OVH API status page for outages"],
            ),
            ApiError::Unreachable { host, detail, .. } => UserError::new(
                ErrorKind::NetworkUnreachable,
                format!("Aurora could not reach {host} ({detail}). Check your network connection, proxy and firewall, then try again."),
                ["Check network connectivity to OVH API endpoints", "Check OVH API status page for outages"],
            ),
            ApiError::Malformed { ctx, detail } => with_query(
                UserError::new(
                    ErrorKind::MalformedResponse,
                    format!("OVH's answer to {} {} could not be read ({detail}). Try again; if it keeps happening, report it.", ctx.method, ctx.path),
                    ["Check OVH API status page for outages"],
                ),
                &ctx,
            ),
            ApiError::TooLarge { ctx, cap } => with_query(
                UserError::new(
                    ErrorKind::MalformedResponse,
                    format!("OVH's answer to {} {} was larger than {}, more than Aurora accepts for one answer, so Aurora stopped reading it. Try again; if it keeps happening, report it.", ctx.method, ctx.path, crate::http::describe_size(cap)),
                    ["Check OVH API status page for outages"],
                ),
                &ctx,
            ),
            ApiError::UnsafeId(e) => UserError::new(
                ErrorKind::MalformedResponse,
                format!("OVH gave the identifier \"{}\", which cannot be put into an API address (it could reach another address than the object's), so Aurora did not send that request. Try again; if it keeps happening, report it.", e.shown),
                ["Check OVH API status page for outages"],
            ),
            ApiError::AccessToken(u) => u,
            ApiError::InvalidRequest(detail) => UserError::internal(format!("Aurora built an invalid OVH request ({detail}). Please report this.")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn classify(status: u16, body: &str, headers: &[(&'static str, &str)]) -> ApiError {
        let mut map = HeaderMap::new();
        for (k, v) in headers {
            map.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        let ctx = ErrorContext {
            method: "GET".into(),
            path: "/me".into(),
            ..Default::default()
        };
        ApiError::from_response(ctx, StatusCode::from_u16(status).unwrap(), &map, body.as_bytes())
    }

    #[test]
    fn old_and_new_bodies() {
        let full = r#"{"class":"Client::Forbidden","message":"This call has not been granted","errorCode":"NOT_GRANTED_CALL","httpCode":"403 Forbidden"}"#;
        let e = classify(403, full, &[("x-ovh-queryid", "EU.ext-3.abc")]);
        assert!(
            matches!(&e, ApiError::NotGranted(c) if c.query_id.as_deref() == Some("EU.ext-3.abc") && c.status == Some(403))
        );
        assert!(matches!(
            classify(
                403,
                r#"{"class":"Client::Forbidden","message":"This call has not been granted"}"#,
                &[]
            ),
            ApiError::NotGranted(_)
        ));
        assert!(matches!(
            classify(
                403,
                r#"{"errorCode":"NOT_GRANTED_CALL","httpCode":"403 Forbidden","message":"x"}"#,
                &[]
            ),
            ApiError::NotGranted(_)
        ));
        assert!(matches!(
            classify(
                403,
                r#"{"errorCode":"INVALID_CREDENTIAL","message":"This credential is not valid"}"#,
                &[]
            ),
            ApiError::InvalidCredential(_)
        ));
        assert!(matches!(
            classify(
                403,
                r#"{"class":"Client::Forbidden","message":"This credential does not exist"}"#,
                &[]
            ),
            ApiError::InvalidCredential(_)
        ));
        assert!(matches!(
            classify(403, r#"{"errorCode":"NOT_CREDENTIAL"}"#, &[]),
            ApiError::InvalidCredential(_)
        ));
        assert!(matches!(
            classify(
                403,
                r#"{"errorCode":"INVALID_KEY","message":"This application key is invalid"}"#,
                &[]
            ),
            ApiError::UnknownApplicationKey(_)
        ));
        assert!(matches!(
            classify(
                400,
                r#"{"class":"Client::BadRequest","message":"Invalid signature"}"#,
                &[]
            ),
            ApiError::InvalidSignature(_)
        ));
        assert!(matches!(
            classify(
                400,
                r#"{"errorCode":"INVALID_SIGNATURE","httpCode":"400 Bad Request","message":"Invalid signature"}"#,
                &[]
            ),
            ApiError::InvalidSignature(_)
        ));
        assert!(matches!(
            classify(
                400,
                r#"{"errorCode":"QUERY_TIME_OUT","message":"Query out of time"}"#,
                &[]
            ),
            ApiError::ClockSkew(_)
        ));
        assert!(matches!(
            classify(
                401,
                r#"{"errorCode":"NOT_AUTHENTICATED","message":"You must login first"}"#,
                &[]
            ),
            ApiError::InvalidCredential(_)
        ));
        assert!(matches!(
            classify(
                404,
                r#"{"class":"Client::NotFound","message":"This service does not exist"}"#,
                &[]
            ),
            ApiError::NotFound(_)
        ));
        assert!(matches!(
            classify(
                401,
                r#"{"class":"Client::Unauthorized","message":"The access token is expired"}"#,
                &[]
            ),
            ApiError::InvalidCredential(_)
        ));
        assert!(
            matches!(classify(400, r#"{"class":"Client::BadRequest","message":"Invalid flavorId"}"#, &[]), ApiError::Rejected(c) if c.server_message.as_deref() == Some("Invalid flavorId"))
        );
    }

    #[test]
    fn iam_denial_carries_the_action() {
        let body = r#"{"class":"Client::Forbidden","message":"User not granted for this request","details":{"unauthorizedActionsByIAM":"vps:apiovh:reboot"}}"#;
        match classify(403, body, &[]) {
            ApiError::IamDenied { action, .. } => assert_eq!(action, "vps:apiovh:reboot"),
            other => panic!("{other:?}"),
        }
        let list = r#"{"message":"x","details":{"unauthorizedActionsByIAM":["a:b:c","d:e:f"]}}"#;
        assert!(matches!(classify(403, list, &[]), ApiError::IamDenied { action, .. } if action == "a:b:c, d:e:f"));
        let user = UserError::from(classify(403, body, &[]));
        assert_eq!(user.kind, ErrorKind::IamDenied);
        assert!(user.message.contains("vps:apiovh:reboot"));
    }

    #[test]
    fn rate_limit_server_and_garbage() {
        assert!(
            matches!(classify(429, "", &[("retry-after", "7")]), ApiError::RateLimited { retry_after: Some(d), .. } if d == Duration::from_secs(7))
        );
        assert!(matches!(
            classify(429, "{}", &[]),
            ApiError::RateLimited { retry_after: None, .. }
        ));
        assert!(matches!(classify(503, "<html>busy</html>", &[]), ApiError::Server(_)));
        assert!(matches!(
            classify(
                500,
                r#"{"class":"Server::InternalServerError","message":"Internal server error"}"#,
                &[]
            ),
            ApiError::Server(_)
        ));
        assert!(matches!(classify(418, "not json", &[]), ApiError::Rejected(c) if c.server_message.is_none()));
    }

    #[test]
    fn invalid_credentials_use_the_product_wording() {
        let e = classify(
            403,
            r#"{"errorCode":"INVALID_CREDENTIAL","message":"This credential is not valid"}"#,
            &[("x-ovh-queryid", "Q1")],
        );
        let user = UserError::from(e);
        assert_eq!(
            user.message,
            "Invalid credentials. Please check your consumer key and permissions."
        );
        assert_eq!(user.solution.len(), 5);
        assert!(user.solution[4].contains("Q1"));
    }

    #[test]
    fn json_errors_never_quote_values() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct T {
            n: u32,
        }
        let e = serde_json::from_str::<T>(r#"{"n":"s3cr3t-token"}"#).unwrap_err();
        let d = describe_json_error(&e);
        assert!(!d.contains("s3cr3t"), "{d}");
        let e = serde_json::from_str::<T>("{}").unwrap_err();
        assert!(describe_json_error(&e).starts_with("missing field `n`"));
    }
}
