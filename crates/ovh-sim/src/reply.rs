//! Small helpers building HTTP responses.

use axum::body::Body;
use axum::http::{header, HeaderValue, Response, StatusCode};
use serde::Serialize;

/// A response.
pub type Reply = Response<Body>;

/// A JSON response.
pub fn json<T: Serialize + ?Sized>(status: u16, value: &T) -> Reply {
    let body = serde_json::to_vec(value).unwrap_or_else(|_| b"null".to_vec());
    Response::builder()
        .status(StatusCode::from_u16(status).unwrap_or(StatusCode::OK))
        .header(header::CONTENT_TYPE, "application/json; charset=utf-8")
        .body(Body::from(body))
        .expect("a static response is valid")
}

/// A 200 JSON response.
pub fn ok<T: Serialize + ?Sized>(value: &T) -> Reply {
    json(200, value)
}

/// An HTML page.
pub fn html(status: u16, page: String) -> Reply {
    Response::builder()
        .status(StatusCode::from_u16(status).unwrap_or(StatusCode::OK))
        .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
        .body(Body::from(page))
        .expect("a static response is valid")
}

/// A 302 redirect.
pub fn redirect(location: &str) -> Reply {
    let mut r = Response::builder()
        .status(StatusCode::FOUND)
        .body(Body::empty())
        .expect("valid");
    if let Ok(v) = HeaderValue::from_str(location) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}
