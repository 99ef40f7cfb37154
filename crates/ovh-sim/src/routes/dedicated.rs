//! `/dedicated/server` (names) and `/dedicated/server/{name}`.

use serde_json::Value;

use super::{Ctx, RouteResult};
use crate::errors::ApiError;
use crate::reply::ok;

pub fn route(ctx: &mut Ctx<'_>, method: &str, segs: &[&str]) -> Option<RouteResult> {
    match method {
        "GET" => read(ctx, segs).map(|answer| answer.map(|value| ok(&value))),
        _ => None,
    }
}

/// `GET /dedicated/server...` as a JSON value, or `None` when no route matches.
pub fn read(ctx: &Ctx<'_>, segs: &[&str]) -> Option<Result<Value, ApiError>> {
    let servers = &ctx.inner.dataset.dedicated_servers;
    let to_value = |v: Result<Value, serde_json::Error>| v.unwrap_or(Value::Null);
    Some(match segs {
        ["dedicated", "server"] => Ok(to_value(serde_json::to_value(
            servers.iter().map(|s| &s.name).collect::<Vec<_>>(),
        ))),
        ["dedicated", "server", name] => match servers.iter().find(|s| s.name == *name) {
            Some(s) => Ok(to_value(serde_json::to_value(s))),
            None => Err(ApiError::not_found_service()),
        },
        _ => return None,
    })
}
