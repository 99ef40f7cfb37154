//! The options each in-process engine runs with: the app's defaults for the
//! native API engine, and wider limits for the `api-wide` what-if row, which
//! shows how much of the native engine's time its concurrency limits cost.

use aurora_core::discovery::{ApiOptions, DiscoveryOptions};

use crate::options::EngineName;

/// Requests in flight for `api-wide` (the app's default is 10).
pub const WIDE_IN_FLIGHT: usize = 64;
/// Tasks at once for `api-wide` (the app's default is 4).
pub const WIDE_TASKS: usize = 32;

pub fn api_options(engine: EngineName) -> ApiOptions {
    match engine {
        EngineName::ApiWide => ApiOptions { max_in_flight: WIDE_IN_FLIGHT, ..ApiOptions::default() },
        _ => ApiOptions::default(),
    }
}

pub fn discovery_options(engine: EngineName) -> DiscoveryOptions {
    match engine {
        EngineName::ApiWide => DiscoveryOptions { max_parallel: WIDE_TASKS, ..DiscoveryOptions::default() },
        _ => DiscoveryOptions::default(),
    }
}
