//! The options each in-process engine runs with: the app's own for the
//! native API and CLI engines, and wider limits for the `api-wide` what-if
//! row, which shows how much of the native engine's time its concurrency
//! limits cost.

use aurora_core::discovery::{ApiOptions, DiscoveryOptions, EngineKind};

use crate::options::EngineName;

/// Requests in flight for `api-wide` (4x the app's default).
pub const WIDE_IN_FLIGHT: usize = 128;
/// Tasks at once for `api-wide`.
pub const WIDE_TASKS: usize = 256;

pub fn api_options(engine: EngineName) -> ApiOptions {
    match engine {
        EngineName::ApiWide => ApiOptions {
            max_in_flight: WIDE_IN_FLIGHT,
            ..ApiOptions::default()
        },
        _ => ApiOptions::default(),
    }
}

pub fn discovery_options(engine: EngineName) -> DiscoveryOptions {
    match engine {
        EngineName::ApiWide => DiscoveryOptions {
            max_parallel: WIDE_TASKS,
            ..DiscoveryOptions::default()
        },
        EngineName::Api => DiscoveryOptions::for_engine(EngineKind::Api),
        EngineName::Cli | EngineName::Baseline => DiscoveryOptions::for_engine(EngineKind::Cli),
    }
}

/// The app's tasks at once for the native API engine.
pub fn app_api_tasks() -> usize {
    DiscoveryOptions::for_engine(EngineKind::Api).max_parallel
}

/// The app's `ovhcloud` processes at once.
pub fn app_cli_processes() -> usize {
    DiscoveryOptions::for_engine(EngineKind::Cli).max_parallel
}
