//! Errors: OVH-shaped API error responses, and the library's own error type.

use axum::body::Body;
use axum::http::{header, Response, StatusCode};
use serde_json::{json, Value};

/// An error answered to an API client with OVH's body:
/// `{"class","message","errorCode","httpCode"}` (+ `details` when present).
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: u16,
    pub class: String,
    pub message: String,
    pub error_code: Option<String>,
    pub details: Option<Value>,
    /// Seconds, sent as `Retry-After` (429 and 503).
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(status: u16, class: &str, message: impl Into<String>, code: Option<&str>) -> Self {
        Self {
            status,
            class: class.to_string(),
            message: message.into(),
            error_code: code.map(str::to_string),
            details: None,
            retry_after: None,
        }
    }
    pub fn with_details(mut self, details: Value) -> Self {
        self.details = Some(details);
        self
    }
    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = message.into();
        self
    }
    pub fn with_retry_after(mut self, secs: u64) -> Self {
        self.retry_after = Some(secs);
        self
    }

    pub fn not_authenticated() -> Self {
        Self::new(
            401,
            "Client::Unauthorized",
            "You must login first",
            Some("NOT_AUTHENTICATED"),
        )
    }
    pub fn invalid_key() -> Self {
        Self::new(
            403,
            "Client::Forbidden",
            "This application key is invalid",
            Some("INVALID_KEY"),
        )
    }
    pub fn not_credential() -> Self {
        Self::new(
            403,
            "Client::Forbidden",
            "This credential does not exist",
            Some("NOT_CREDENTIAL"),
        )
    }
    pub fn invalid_credential() -> Self {
        Self::new(
            403,
            "Client::Forbidden",
            "This credential is not valid",
            Some("INVALID_CREDENTIAL"),
        )
    }
    pub fn invalid_signature() -> Self {
        Self::new(
            400,
            "Client::BadRequest",
            "Invalid signature",
            Some("INVALID_SIGNATURE"),
        )
    }
    pub fn query_time_out() -> Self {
        Self::new(400, "Client::BadRequest", "Query out of time", Some("QUERY_TIME_OUT"))
    }
    pub fn not_granted() -> Self {
        Self::new(
            403,
            "Client::Forbidden",
            "This call has not been granted",
            Some("NOT_GRANTED_CALL"),
        )
    }
    pub fn invalid_token() -> Self {
        Self::new(
            401,
            "Client::Unauthorized",
            "This access token is not valid or has expired",
            Some("INVALID_CREDENTIAL"),
        )
    }
    pub fn iam_denied(action: &str) -> Self {
        Self::new(
            403,
            "Client::Forbidden",
            "User not granted for this request",
            Some("FORBIDDEN"),
        )
        .with_details(json!({ "unauthorizedActionsByIAM": action }))
    }
    pub fn not_found_service() -> Self {
        Self::new(
            404,
            "Client::NotFound",
            "This service does not exist",
            Some("NOT_FOUND"),
        )
    }
    pub fn not_found(what: &str) -> Self {
        Self::new(
            404,
            "Client::NotFound",
            format!("{what} does not exist"),
            Some("NOT_FOUND"),
        )
    }
    pub fn no_route(method: &str, path: &str) -> Self {
        Self::new(
            404,
            "Client::NotFound",
            format!("Got an invalid (or empty) URL: {method} {path}"),
            Some("NOT_FOUND"),
        )
    }
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(400, "Client::BadRequest", message, Some("BAD_REQUEST"))
    }
    pub fn method_not_allowed(method: &str) -> Self {
        Self::new(
            405,
            "Client::MethodNotAllowed",
            format!("The method {method} is not allowed on this path"),
            None,
        )
    }
    pub fn too_many_requests(retry_after: u64) -> Self {
        Self::new(
            429,
            "Client::TooManyRequests",
            "Too many requests, slow down and retry later",
            Some("TOO_MANY_REQUESTS"),
        )
        .with_retry_after(retry_after)
    }
    pub fn injected(status: u16) -> Self {
        let (class, message) = match status {
            429 => (
                "Client::TooManyRequests",
                "Too many requests, slow down and retry later",
            ),
            500 => ("Server::InternalServerError", "Internal server error"),
            502 => ("Server::BadGateway", "Bad gateway"),
            503 => (
                "Server::ServiceUnavailable",
                "This service is temporarily unavailable, retry later",
            ),
            504 => ("Server::GatewayTimeout", "Gateway timeout"),
            s if s >= 500 => ("Server::InternalServerError", "Internal server error"),
            _ => ("Client::BadRequest", "Injected client error"),
        };
        Self::new(status, class, message, None)
    }

    /// The JSON body OVH sends.
    pub fn body(&self) -> Value {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut body = json!({
            "class": self.class,
            "message": self.message,
            "httpCode": format!("{} {}", status.as_u16(), status.canonical_reason().unwrap_or("")),
        });
        if let Some(code) = &self.error_code {
            body["errorCode"] = json!(code);
        }
        if let Some(details) = &self.details {
            body["details"] = details.clone();
        }
        body
    }

    pub fn into_response(self) -> Response<Body> {
        let mut resp = crate::reply::json(self.status, &self.body());
        if let Some(secs) = self.retry_after {
            resp.headers_mut().insert(header::RETRY_AFTER, secs.into());
        }
        resp
    }
}

/// Errors of the library API (starting the simulator, fixtures, control calls).
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    #[error("The simulator could not listen on {addr}: {reason}. Choose another address or port.")]
    Bind { addr: String, reason: String },
    #[error(
        "The fixture {path} could not be read: {reason}. Check that it is a JSON dataset as written by /_sim/dataset."
    )]
    Fixture { path: String, reason: String },
    #[error("No pending consumer key matches \"{0}\". Request one with POST /auth/credential first.")]
    UnknownConsumerKey(String),
    #[error("No consent is waiting for the ticket \"{0}\". Open the authorize URL first.")]
    UnknownConsent(String),
    #[error("The simulator could not start its runtime: {0}.")]
    Runtime(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_has_all_four_fields() {
        let b = ApiError::not_granted().body();
        assert_eq!(b["class"], "Client::Forbidden");
        assert_eq!(b["message"], "This call has not been granted");
        assert_eq!(b["errorCode"], "NOT_GRANTED_CALL");
        assert_eq!(b["httpCode"], "403 Forbidden");
        let b = ApiError::iam_denied("vps:apiovh:reboot").body();
        assert_eq!(b["details"]["unauthorizedActionsByIAM"], "vps:apiovh:reboot");
    }
}
