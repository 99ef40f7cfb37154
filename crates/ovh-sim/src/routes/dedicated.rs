//! `/dedicated/server` (names) and `/dedicated/server/{name}`.

use super::{Ctx, RouteResult};
use crate::errors::ApiError;
use crate::reply::ok;

pub fn route(ctx: &mut Ctx<'_>, method: &str, segs: &[&str]) -> Option<RouteResult> {
    let servers = &ctx.inner.dataset.dedicated_servers;
    Some(match (method, segs) {
        ("GET", ["dedicated", "server"]) => {
            Ok(ok(&servers.iter().map(|s| &s.name).collect::<Vec<_>>()))
        }
        ("GET", ["dedicated", "server", name]) => match servers.iter().find(|s| s.name == *name) {
            Some(s) => Ok(ok(s)),
            None => Err(ApiError::not_found_service()),
        },
        _ => return None,
    })
}
