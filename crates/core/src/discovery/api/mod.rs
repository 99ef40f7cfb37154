//! Discovery engine 2: OVH's API, called directly through [`ApiClient`].
//!
//! ```ignore
//! let engine = ApiEngine::from_client(&client, ApiOptions::default())?;   // one per refresh
//! let inventory = discovery::discover(Arc::new(engine), "conn-1", &DiscoveryOptions::default(), &progress, &cancel).await;
//! ```
//!
//! Requests per task (paths below `/cloud/project/{p}`). "Aggregated" is
//! one request answering a page of up to 1,000 whole objects (OVH's list
//! aggregation, `Fetcher::objects`); a server that does not
//! aggregate answers ids, and each object is then its own request.
//!
//! | kind | requests |
//! |---|---|
//! | projects | `GET /cloud/project`, aggregated |
//! | instances | `GET /instance` (full objects; no flavor or image names, which only details have), then `GET /flavor` and `GET /image` for the names |
//! | Kubernetes | `GET /kube`, aggregated |
//! | databases | `GET /database/service`, aggregated |
//! | load balancers | regions (shared), then `GET /region/{r}/loadbalancing/loadbalancer` where `octavialoadbalancer` is UP, then `GET /region/{r}/loadbalancing/flavor` where load balancers were found, for the flavor names |
//! | registries | `GET /containerRegistry` (full objects), then each `GET /containerRegistry/{id}/plan`; deployment mode from the shared regions |
//! | private networks | `GET /network/private` (full objects) |
//! | S3 | regions (shared), then `GET /region/{r}/storage` where `storage-s3-standard` or `storage-s3-high-perf` is UP |
//! | Swift | `GET /storage` (full objects) |
//! | dedicated servers | `GET /dedicated/server`, aggregated |
//!
//! "Regions (shared)" is `GET /region`, aggregated, fetched once per
//! project by whichever task needs it first.
//!
//! Requests are bounded (`ApiOptions::max_in_flight` at once) and share one
//! rate-limit pause: after a 429, nothing is sent until its `Retry-After`
//! has passed, and when that is longer than the retry policy allows, every
//! request fails at once with OVH's wait instead of being sent.
//!
//! Load balancers are Octavia's only. The older Load Balancer product
//! (`GET /loadbalancer`, what the ovhcloud CLI v0.5.0 lists) is not asked
//! for: it is being replaced by Octavia, newer CLIs list Octavia too, and
//! its N+1 requests would be spent on a product most accounts no longer
//! have. The simulator serves the same load balancers under both paths, so
//! the two engines agree on their ids, names and regions; their status and
//! fields differ because the products describe them differently.
//!
//! A region that cannot be listed (load balancers, S3) leaves a warning on
//! the task and the other regions' objects; a task fails only when every
//! region failed. A registry plan that cannot be read is left out, with a
//! warning. Any other failure fails the task, as the CLI engine does.
//!
//! The engine keeps per-refresh state (the regions of each project): create
//! one per refresh.

mod fetch;
mod names;
mod rate_gate;
mod regions;
mod retry;

use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;

pub use retry::RetryPolicy;

use crate::api::{path_segment, ApiClient, ApiError, Auth, BoxFuture, ServerClock};
use crate::discovery::costs::{CostReport, ProjectCosts};
use crate::discovery::model::{rfc3339_utc, EngineKind, ResourceKind, TaskKey, API_MAX_IN_FLIGHT};
use crate::discovery::progress::{CancelToken, Progress};
use crate::discovery::runner::{Listing, Source};
use crate::http::HttpConfig;
use crate::region::Endpoint;
use crate::user_error::{ErrorKind, UserError};
use fetch::Fetcher;
use regions::{deployment_mode, regions_offering, RegionCache};

const S3_SERVICES: &[&str] = &["storage-s3-standard", "storage-s3-high-perf"];
const OCTAVIA_SERVICES: &[&str] = &["octavialoadbalancer"];

#[derive(Clone, Debug)]
pub struct ApiOptions {
    /// Whole-request timeout of every call.
    pub request_timeout: Duration,
    /// Requests in flight at once, across all tasks of the engine. Over
    /// HTTP/2 (OVH's API speaks it) they share one connection.
    pub max_in_flight: usize,
    pub retry: RetryPolicy,
}

impl Default for ApiOptions {
    fn default() -> Self {
        ApiOptions {
            request_timeout: Duration::from_secs(20),
            max_in_flight: API_MAX_IN_FLIGHT,
            retry: RetryPolicy::default(),
        }
    }
}

pub struct ApiEngine {
    fetch: Fetcher,
    regions: RegionCache,
}

impl ApiEngine {
    /// Signed (`Auth::Signed`) or OAuth2 (`Auth::Bearer`) connections.
    pub fn new(endpoint: Endpoint, auth: Auth, options: ApiOptions) -> Result<ApiEngine, UserError> {
        ApiEngine::build(endpoint, auth, None, options)
    }

    /// Uses `client`'s endpoint, credentials and server clock.
    pub fn from_client(client: &ApiClient, options: ApiOptions) -> Result<ApiEngine, UserError> {
        ApiEngine::build(
            client.endpoint().clone(),
            client.auth().clone(),
            Some(client.clock().clone()),
            options,
        )
    }

    pub(crate) fn build(
        endpoint: Endpoint,
        auth: Auth,
        clock: Option<Arc<ServerClock>>,
        options: ApiOptions,
    ) -> Result<ApiEngine, UserError> {
        if !matches!(auth, Auth::Bearer(_) | Auth::Signed(_)) {
            return Err(UserError::new(
                ErrorKind::InvalidConfiguration,
                "Discovery needs an access token or an application key, secret and consumer key. Sign in with OVH or enter API credentials for this connection.",
                ["Verify Application Key, Application Secret, and Consumer Key are correct"],
            ));
        }
        // The engine retries itself (with jitter, and 5xx too), so the
        // client's own 429 retries are turned off to keep the count bounded.
        let config = HttpConfig {
            timeout: options.request_timeout,
            rate_limit_retries: 0,
            ..HttpConfig::default()
        };
        let mut client = ApiClient::with_config(endpoint, auth, &config).map_err(UserError::from)?;
        if let Some(clock) = clock {
            client = client.with_clock(clock);
        }
        Ok(ApiEngine {
            fetch: Fetcher::new(client, options.retry, options.request_timeout, options.max_in_flight),
            regions: RegionCache::default(),
        })
    }

    pub fn client(&self) -> &ApiClient {
        self.fetch.client()
    }

    /// Tells `progress` when OVH's rate limit pauses the refresh ([`crate::discovery::DiscoveryEvent::RateLimited`]).
    pub fn reporting_pauses(self, progress: Progress) -> ApiEngine {
        ApiEngine {
            fetch: self.fetch.reporting_pauses(progress),
            ..self
        }
    }

    /// The current month's usage of each project, in the account's currency (`GET /me`) (`GET /usage/current`),
    /// with the same timeouts and retries as discovery. Stops at `cancel`:
    /// projects not yet answered are reported as cancelled.
    pub async fn current_costs(&self, connection_id: &str, project_ids: &[String], cancel: &CancelToken) -> CostReport {
        let paths = project_ids
            .iter()
            .map(|p| -> Result<String, ApiError> { Ok(format!("/cloud/project/{}/usage/current", path_segment(p)?)) })
            .collect();
        let (answers, me) = tokio::select! {
            biased;
            _ = cancel.cancelled() => (None, None),
            (answers, me) = async { tokio::join!(self.fetch.get_each(paths), self.fetch.get("/me")) } => (Some(answers), me.ok()),
        };
        let mut report = CostReport {
            connection_id: connection_id.to_owned(),
            projects: Vec::new(),
            failures: Vec::new(),
            taken_at: rfc3339_utc(crate::api::unix_now()),
            currency: me.and_then(|me| me["currency"]["code"].as_str().map(str::to_owned)),
        };
        match answers {
            None => {
                report.failures = project_ids
                    .iter()
                    .map(|p| (p.clone(), cancelled_costs()))
                    .map(Into::into)
                    .collect()
            }
            Some(answers) => {
                for (project_id, answer) in project_ids.iter().zip(answers) {
                    match answer {
                        Ok(usage) => report.projects.push(ProjectCosts::from_usage(project_id, usage)),
                        Err(e) => report.failures.push((project_id.clone(), UserError::from(e)).into()),
                    }
                }
            }
        }
        report
    }

    async fn list_task(&self, task: &TaskKey) -> Result<Listing, UserError> {
        let project = match (task.kind.is_account_level(), task.project_id.as_deref()) {
            (true, _) => None,
            (false, Some(p)) => Some(format!("/cloud/project/{}", path_segment(p)?)),
            (false, None) => {
                return Err(UserError::internal(format!(
                    "{} can only be listed within a project.",
                    task.kind.label()
                )))
            }
        };
        let at = |suffix: &str| format!("{}{suffix}", project.as_deref().unwrap_or_default());
        let objects = |r: Result<Vec<Value>, ApiError>| {
            r.map(|objects| Listing { objects, warning: None })
                .map_err(UserError::from)
        };
        match task.kind {
            ResourceKind::Project => objects(self.fetch.objects("/cloud/project").await),
            ResourceKind::DedicatedServer => objects(self.fetch.objects("/dedicated/server").await),
            ResourceKind::Instance => {
                let mut instances = self.fetch.list(&at("/instance")).await.map_err(UserError::from)?;
                let warning = names::name_instances(&self.fetch, &at(""), &mut instances).await;
                Ok(Listing {
                    objects: instances,
                    warning,
                })
            }
            ResourceKind::Kubernetes => objects(self.fetch.objects(&at("/kube")).await),
            ResourceKind::Database => objects(self.fetch.objects(&at("/database/service")).await),
            ResourceKind::PrivateNetwork => objects(self.fetch.list(&at("/network/private")).await),
            ResourceKind::ObjectStorageSwift => objects(self.fetch.list(&at("/storage")).await),
            ResourceKind::ContainerRegistry => self.registries(task, &at("")).await,
            ResourceKind::LoadBalancer => {
                let mut listing = self
                    .per_region(task, &at(""), OCTAVIA_SERVICES, "/loadbalancing/loadbalancer")
                    .await?;
                let names = names::name_load_balancers(&self.fetch, &at(""), &mut listing.objects).await;
                listing.warning = listing.warning.or(names);
                Ok(listing)
            }
            ResourceKind::ObjectStorageS3 => self.per_region(task, &at(""), S3_SERVICES, "/storage").await,
        }
    }

    /// `{project}/region/{r}{suffix}` for every region offering `services`.
    async fn per_region(
        &self,
        task: &TaskKey,
        project: &str,
        services: &[&str],
        suffix: &str,
    ) -> Result<Listing, UserError> {
        let regions = self
            .regions
            .get(&self.fetch, task.project_id.as_deref().unwrap_or_default())
            .await?;
        let names = regions_offering(&regions, services);
        let paths = names
            .iter()
            .map(|r| -> Result<String, ApiError> { Ok(format!("{project}/region/{}{suffix}", path_segment(r)?)) })
            .collect();
        let mut objects = Vec::new();
        let mut failed: Vec<(String, ApiError)> = Vec::new();
        for (region, answer) in names.iter().zip(self.fetch.list_each(paths).await) {
            match answer {
                Ok(items) => objects.extend(items),
                Err(e) => failed.push((region.clone(), e)),
            }
        }
        if !failed.is_empty() && failed.len() == names.len() {
            return Err(failed.remove(0).1.into());
        }
        let warning = partial_warning(task.kind, "regions", names.len(), failed);
        Ok(Listing { objects, warning })
    }

    async fn registries(&self, task: &TaskKey, project: &str) -> Result<Listing, UserError> {
        let mut registries = self
            .fetch
            .list(&format!("{project}/containerRegistry"))
            .await
            .map_err(UserError::from)?;
        if registries.is_empty() {
            return Ok(Listing::default());
        }
        let ids: Vec<(usize, String)> = registries
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.get("id").and_then(Value::as_str).map(|id| (i, id.to_owned())))
            .collect();
        let paths = ids
            .iter()
            .map(|(_, id)| -> Result<String, ApiError> {
                Ok(format!("{project}/containerRegistry/{}/plan", path_segment(id)?))
            })
            .collect();
        let mut failed = Vec::new();
        for ((i, id), plan) in ids.iter().zip(self.fetch.get_each(paths).await) {
            match plan {
                Ok(plan) => registries[*i]["plan"] = plan,
                Err(e) => failed.push((id.clone(), e)),
            }
        }
        // Regions only give the deployment mode: not worth failing the task for.
        match self
            .regions
            .get(&self.fetch, task.project_id.as_deref().unwrap_or_default())
            .await
        {
            Ok(regions) => {
                for registry in registries.iter_mut() {
                    let region = registry
                        .get("region")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned();
                    if let Some(mode) = deployment_mode(&regions, &region) {
                        registry["deploymentMode"] = Value::String(mode);
                    }
                }
            }
            Err(e) => {
                tracing::warn!(error = %e.message, "registry deployment modes unknown: the project's regions could not be read")
            }
        }
        let warning = partial_warning(task.kind, "registry plans", ids.len(), failed);
        Ok(Listing {
            objects: registries,
            warning,
        })
    }
}

impl Source for ApiEngine {
    fn engine(&self) -> EngineKind {
        EngineKind::Api
    }

    fn list<'a>(&'a self, task: &'a TaskKey) -> BoxFuture<'a, Result<Listing, UserError>> {
        Box::pin(self.list_task(task))
    }
}

/// A warning for a task where some of `total` parts (regions, plans) failed.
fn partial_warning(
    kind: ResourceKind,
    parts: &str,
    total: usize,
    failed: Vec<(String, ApiError)>,
) -> Option<UserError> {
    let count = failed.len();
    let (part, first) = failed.into_iter().next()?;
    let error = UserError::from(first);
    Some(UserError {
        message: format!(
            "{count} of {total} {parts} could not be read while listing {} (first, {part}: {}). The results shown may be incomplete; refresh to try again.",
            kind.label().to_lowercase(),
            error.message
        ),
        ..error
    })
}

fn cancelled_costs() -> UserError {
    UserError::new(
        ErrorKind::Internal,
        "Reading costs was cancelled. Refresh to read them again.",
        ["Refresh the inventory"],
    )
}
