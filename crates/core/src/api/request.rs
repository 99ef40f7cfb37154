//! A request to send and the raw answer.

use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::error::{describe_json_error, ApiError, ErrorContext};

#[derive(Clone, Debug)]
pub struct ApiRequest {
    pub method: Method,
    /// Path below the API base, starting with `/`; may start with `/v1/` or
    /// `/v2/` and may carry a raw `?query`.
    pub path: String,
    pub query: Vec<(String, String)>,
    /// Exact JSON bytes to send (signed as is).
    pub body: Option<Vec<u8>>,
    pub headers: Vec<(String, String)>,
    /// Overrides the client's whole-request timeout.
    pub timeout: Option<Duration>,
}

impl ApiRequest {
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        ApiRequest {
            method,
            path: path.into(),
            query: Vec::new(),
            body: None,
            headers: Vec::new(),
            timeout: None,
        }
    }

    pub fn get(path: impl Into<String>) -> Self {
        Self::new(Method::GET, path)
    }

    pub fn post(path: impl Into<String>) -> Self {
        Self::new(Method::POST, path)
    }

    pub fn put(path: impl Into<String>) -> Self {
        Self::new(Method::PUT, path)
    }

    pub fn delete(path: impl Into<String>) -> Self {
        Self::new(Method::DELETE, path)
    }

    pub fn query(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((key.into(), value.into()));
        self
    }

    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    pub fn json<B: Serialize + ?Sized>(mut self, body: &B) -> Result<Self, ApiError> {
        let bytes = serde_json::to_vec(body)
            .map_err(|e| ApiError::InvalidRequest(format!("the request body cannot be encoded: {e}")))?;
        self.body = Some(bytes);
        Ok(self)
    }
}

/// A 2xx answer.
#[derive(Clone, Debug)]
pub struct ApiResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
    pub(crate) context: ErrorContext,
}

impl ApiResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn query_id(&self) -> Option<&str> {
        self.header("x-ovh-queryid")
    }

    /// v2 pagination: the cursor of the next page, absent on the last one.
    pub fn next_cursor(&self) -> Option<&str> {
        self.header("x-pagination-cursor-next").filter(|c| !c.is_empty())
    }

    /// Decodes the body; an empty body decodes as JSON `null` (so `()` and
    /// `Option<T>` work for calls that answer nothing).
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, ApiError> {
        let bytes: &[u8] = if self.body.iter().all(u8::is_ascii_whitespace) {
            b"null"
        } else {
            &self.body
        };
        serde_json::from_slice(bytes).map_err(|e| ApiError::Malformed {
            ctx: Box::new(ErrorContext {
                status: Some(self.status.as_u16()),
                query_id: self.query_id().map(str::to_owned),
                ..self.context.clone()
            }),
            detail: describe_json_error(&e),
        })
    }
}
