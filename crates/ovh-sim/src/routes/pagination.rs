//! v2 cursor pagination: request header `X-Pagination-Cursor` (and optional
//! `X-Pagination-Size`), response header `X-Pagination-Cursor-Next`, absent on the last page.

use axum::http::HeaderValue;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::Value;

use crate::errors::ApiError;
use crate::reply::{ok, Reply};
use crate::request::ApiRequest;

fn encode(offset: usize) -> String {
    URL_SAFE_NO_PAD.encode(format!("offset:{offset}"))
}

fn decode(cursor: &str) -> Option<usize> {
    let raw = String::from_utf8(URL_SAFE_NO_PAD.decode(cursor).ok()?).ok()?;
    raw.strip_prefix("offset:")?.parse().ok()
}

/// One page of `items` and the next cursor, if any.
pub fn page(items: &[Value], cursor: Option<&str>, size: usize) -> Result<(Vec<Value>, Option<String>), ApiError> {
    let start = match cursor.filter(|c| !c.is_empty()) {
        None => 0,
        Some(c) => decode(c).filter(|o| *o <= items.len()).ok_or_else(|| {
            ApiError::bad_request("The pagination cursor is not valid; start again without X-Pagination-Cursor.")
        })?,
    };
    let end = (start + size).min(items.len());
    let next = (end < items.len()).then(|| encode(end));
    Ok((items[start..end].to_vec(), next))
}

/// Answers a paginated list.
pub fn reply(req: &ApiRequest, items: &[Value], default_size: usize) -> Result<Reply, ApiError> {
    let size = match req.header("x-pagination-size") {
        Some(s) => s
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=1000).contains(n))
            .ok_or_else(|| ApiError::bad_request("X-Pagination-Size must be a number between 1 and 1000."))?,
        None => default_size,
    };
    let (items, next) = page(items, req.header("x-pagination-cursor"), size)?;
    let mut resp = ok(&items);
    if let Some(next) = next {
        if let Ok(v) = HeaderValue::from_str(&next) {
            resp.headers_mut().insert("X-Pagination-Cursor-Next", v);
        }
    }
    Ok(resp)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn walks_all_pages() {
        let items: Vec<Value> = (0..7).map(|i| json!(i)).collect();
        let mut cursor: Option<String> = None;
        let mut seen = Vec::new();
        let mut pages = 0;
        loop {
            let (p, next) = page(&items, cursor.as_deref(), 3).unwrap();
            seen.extend(p);
            pages += 1;
            match next {
                Some(n) => cursor = Some(n),
                None => break,
            }
        }
        assert_eq!(seen, items);
        assert_eq!(pages, 3);
    }

    #[test]
    fn last_page_has_no_next_and_bad_cursor_is_400() {
        let items: Vec<Value> = (0..3).map(|i| json!(i)).collect();
        assert_eq!(page(&items, None, 3).unwrap().1, None);
        assert_eq!(page(&items, Some("garbage!"), 3).unwrap_err().status, 400);
        assert_eq!(page(&[], None, 3).unwrap(), (vec![], None));
    }
}
