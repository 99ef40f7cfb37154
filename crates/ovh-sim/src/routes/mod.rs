//! Resource routes of the API, after authentication.

pub mod actions;
pub mod aggregation;
pub mod cloud;
pub mod dedicated;
pub mod iam;
pub mod me;
pub mod pagination;

use crate::config::ListAggregation;
use crate::errors::ApiError;
use crate::reply::Reply;
use crate::request::{decode_segment, ApiRequest};
use crate::state::Inner;

/// API version prefix a request came in with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// `/1.0` or its alias `/v1`.
    V1,
    /// `/v2`.
    V2,
}

/// What a route handler gets.
pub struct Ctx<'a> {
    pub inner: &'a mut Inner,
    pub req: &'a ApiRequest,
    pub now: i64,
    pub urn_region: &'a str,
    pub page_size: usize,
    pub list_aggregation: ListAggregation,
    pub aggregation_page_cap: usize,
    pub action_delay: std::time::Duration,
    /// Whose API log the call reads and adds to (see `auth::Identity::log_owner`).
    pub caller: &'a str,
}

pub type RouteResult = Result<Reply, ApiError>;

/// Routes an authenticated API call. `rest` is the path after the version prefix.
pub fn dispatch(ctx: &mut Ctx<'_>, version: Version, rest: &str) -> RouteResult {
    let segs: Vec<String> = rest.split('/').filter(|s| !s.is_empty()).map(decode_segment).collect();
    let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
    let method = ctx.req.method.clone();
    let found = match version {
        Version::V1
            if method == "GET"
                && ctx.req.header("x-pagination-mode").is_some()
                && ctx.list_aggregation != ListAggregation::Ignored =>
        {
            aggregation::route(ctx, &segs)
        }
        Version::V1 => me::route(ctx, &method, &segs)
            .or_else(|| cloud::route(ctx, &method, &segs))
            .or_else(|| dedicated::route(ctx, &method, &segs)),
        Version::V2 => cloud::route_v2(ctx, &method, &segs).or_else(|| iam::route(ctx, &method, &segs)),
    };
    found.unwrap_or_else(|| Err(ApiError::no_route(&method, &ctx.req.path)))
}

/// Parses a JSON body or answers OVH's 400.
pub fn json_body(req: &ApiRequest) -> Result<serde_json::Value, ApiError> {
    if req.body.is_empty() {
        return Err(ApiError::bad_request(
            "The request body is empty; a JSON object is expected.",
        ));
    }
    serde_json::from_slice(&req.body)
        .map_err(|e| ApiError::bad_request(format!("The request body is not valid JSON: {e}.")))
}
