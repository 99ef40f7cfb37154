//! OVH's list aggregation on `/1.0` ("iceberg", as OVH's Manager calls it):
//! a `GET` of a list with `X-Pagination-Mode: CachedObjectList-Pages` (or
//! `-Cursor`) answers the listed objects themselves instead of their ids,
//! one page at a time. Lists that already hold objects are paged the same way.
//!
//! - Pages: `X-Pagination-Size` (default 1000; a larger size than the
//!   page cap, 5000 by default, gets the cap) and `X-Pagination-Number`
//!   (from 1); the total is in `X-Pagination-Elements`.
//! - Cursor: `X-Pagination-Cursor` in, `X-Pagination-Cursor-Next` out
//!   (absent on the last page), as on `/v2`.
//!
//! An object that cannot be read when its id is expanded is left out.
//! One aggregated call counts, costs latency and spends rate limit as one
//! request, whatever its size.

use axum::http::HeaderValue;
use serde_json::Value;

use super::{cloud, dedicated, pagination, Ctx, RouteResult};
use crate::config::ListAggregation;
use crate::errors::ApiError;
use crate::reply::ok;
use crate::request::ApiRequest;

const DEFAULT_SIZE: usize = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Pages,
    Cursor,
}

/// Answers `GET segs` when the request asks for aggregation, else `None`.
pub fn route(ctx: &Ctx<'_>, segs: &[&str]) -> Option<RouteResult> {
    let mode = ctx.req.header("x-pagination-mode")?;
    let mode = match mode.to_ascii_lowercase().as_str() {
        _ if ctx.list_aggregation == ListAggregation::Refused => {
            return Some(Err(ApiError::bad_request(format!(
                "X-Pagination-Mode {mode} is not supported on this route."
            ))))
        }
        "cachedobjectlist-pages" => Mode::Pages,
        "cachedobjectlist-cursor" => Mode::Cursor,
        _ => {
            return Some(Err(ApiError::bad_request(format!(
                "X-Pagination-Mode {mode} is not supported; use CachedObjectList-Pages or CachedObjectList-Cursor."
            ))))
        }
    };
    let list = read(ctx, segs)?;
    Some(list.and_then(|list| match list {
        Value::Array(items) => answer(ctx.req, mode, page_size(ctx)?, &expand(ctx, segs, items)),
        other => Ok(ok(&other)),
    }))
}

fn read(ctx: &Ctx<'_>, segs: &[&str]) -> Option<Result<Value, ApiError>> {
    cloud::read(ctx, segs).or_else(|| dedicated::read(ctx, segs))
}

/// Each listed id replaced by its object (`GET segs/{id}`).
fn expand(ctx: &Ctx<'_>, segs: &[&str], items: Vec<Value>) -> Vec<Value> {
    items
        .into_iter()
        .filter_map(|item| {
            let id = match &item {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                _ => return Some(item),
            };
            let detail: Vec<&str> = segs.iter().copied().chain([id.as_str()]).collect();
            read(ctx, &detail).and_then(Result::ok)
        })
        .collect()
}

fn answer(req: &ApiRequest, mode: Mode, size: usize, objects: &[Value]) -> RouteResult {
    let mut reply = match mode {
        Mode::Cursor => {
            let (page, next) = pagination::page(objects, req.header("x-pagination-cursor"), size)?;
            let mut reply = ok(&page);
            if let Some(next) = next.and_then(|n| HeaderValue::from_str(&n).ok()) {
                reply.headers_mut().insert("X-Pagination-Cursor-Next", next);
            }
            reply
        }
        Mode::Pages => {
            let number = match req.header("x-pagination-number") {
                None => 1,
                Some(n) => n.parse::<usize>().ok().filter(|n| *n >= 1).ok_or_else(|| {
                    ApiError::bad_request("X-Pagination-Number must be a page number, starting at 1.")
                })?,
            };
            let start = (number - 1).saturating_mul(size).min(objects.len());
            let end = start.saturating_add(size).min(objects.len());
            ok(&objects[start..end])
        }
    };
    reply
        .headers_mut()
        .insert("X-Pagination-Elements", HeaderValue::from(objects.len()));
    Ok(reply)
}

fn page_size(ctx: &Ctx<'_>) -> Result<usize, ApiError> {
    let asked =
        match ctx.req.header("x-pagination-size") {
            None => DEFAULT_SIZE,
            Some(s) => s.parse::<usize>().ok().filter(|n| *n >= 1).ok_or_else(|| {
                ApiError::bad_request("X-Pagination-Size must be a whole number of objects, at least 1.")
            })?,
        };
    Ok(asked.min(ctx.aggregation_page_cap))
}
