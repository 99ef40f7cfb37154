//! The OVH API client: legacy signed requests or OAuth2 bearer tokens, on
//! `/1.0`, `/v1` and `/v2`.

mod auth;
mod client;
mod clock;
pub mod error;
mod pagination;
mod request;
mod url;

pub use auth::{AccessTokenSource, Auth, BoxFuture, SignedCredentials, StaticAccessToken};
pub use client::ApiClient;
pub use clock::{unix_now, ServerClock};
pub use error::{ApiError, ErrorContext};
pub use request::{ApiRequest, ApiResponse};
pub use url::{build_url, path_segment, UnsafeId};
