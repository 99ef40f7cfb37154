//! The parsed request handed to handlers.

use axum::body::Bytes;
use axum::http::HeaderMap;

/// A request as the handlers see it: method, raw path and query, headers and body bytes.
#[derive(Debug, Clone)]
pub struct ApiRequest {
    pub method: String,
    /// Path as sent, percent-encoding kept.
    pub path: String,
    /// Raw query string without `?`.
    pub query: Option<String>,
    pub headers: HeaderMap,
    pub body: Bytes,
    /// The client's address (`api.Log`'s `ip`).
    pub peer: Option<std::net::IpAddr>,
}

impl ApiRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Decoded query parameters (repeated names kept).
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        match &self.query {
            Some(q) => url::form_urlencoded::parse(q.as_bytes()).into_owned().collect(),
            None => Vec::new(),
        }
    }

    pub fn query_param(&self, name: &str) -> Option<String> {
        self.query_pairs().into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// Decoded form fields of an `application/x-www-form-urlencoded` body.
    pub fn form(&self) -> Vec<(String, String)> {
        url::form_urlencoded::parse(&self.body).into_owned().collect()
    }

    /// The absolute URL as the client sent it: `http://` + Host header + path + raw query.
    pub fn full_url(&self) -> String {
        let host = self.header("host").unwrap_or("127.0.0.1");
        match &self.query {
            Some(q) => format!("http://{host}{}?{q}", self.path),
            None => format!("http://{host}{}", self.path),
        }
    }

    /// Scheme and host the client used, e.g. `http://127.0.0.1:8080`.
    pub fn origin(&self) -> String {
        format!("http://{}", self.header("host").unwrap_or("127.0.0.1"))
    }
}

/// Percent-decodes one path segment.
pub fn decode_segment(seg: &str) -> String {
    url::form_urlencoded::parse(format!("x={}", seg.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| seg.to_string())
}
