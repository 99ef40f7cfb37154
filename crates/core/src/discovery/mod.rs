//! Resource discovery: what exists in an OVH account, as an [`Inventory`].
//!
//! - [`model`]: [`Resource`], [`Inventory`], [`TaskKey`], [`TaskOutcome`] (serde + specta).
//! - [`normalize`]: OVH JSON object → [`Resource`], one rule set for both engines.
//! - [`runner`]: [`discover`] runs the projects task, then every project x kind
//!   and dedicated servers as independent tasks, bounded and cancellable,
//!   over any [`Source`] (engine).
//! - [`cli`]: [`CliEngine`], the `ovhcloud` CLI engine.
//! - [`api`]: [`ApiEngine`], the native API engine.
//! - [`costs`]: [`CostReport`], each project's current month's usage.
//! - [`cache`]: [`InventoryCache`], the last good inventory per connection.
//! - [`service`]: [`DiscoveryService`], a refresh from the engine to the
//!   store (engine choice, costs, cancel, what to show after a partial failure).
//! - [`progress`]: [`DiscoveryEvent`]s for the UI and [`CancelToken`].

pub mod api;
pub mod cache;
pub mod cli;
pub mod columns;
pub mod costs;
pub mod linked_names;
pub mod model;
pub mod normalize;
pub mod progress;
pub mod runner;
pub mod service;
mod status;

pub use api::{ApiEngine, ApiOptions, RetryPolicy};
pub use cache::{CacheLoad, CachedDetails, CachedInventory, InventoryCache, SaveOutcome, StaleTask};
pub use cli::{CliEngine, CliLocator, CliOptions};
pub use costs::{costs_per_usage, CostFailure, CostReport, ProjectCosts, UsageCost};
pub use model::{
    EngineKind, Inventory, KindCatalogue, KindInfo, Resource, ResourceKind, Status, StatusClass, TaskKey, TaskOutcome,
    TaskResult,
};
pub use progress::{CancelToken, DiscoveryEvent, Progress};
pub use runner::{discover, DiscoveryOptions, Listing, Source};
pub use service::{engines, DiscoveryService, Engines, RefreshEngines};
pub use status::classify as classify_status;
