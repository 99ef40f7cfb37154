//! The inventory: normalized resources plus the outcome of every discovery
//! task, as both engines produce it and the UI shows it.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::columns::{kind_columns, mixed_columns, KindColumn};
use crate::user_error::UserError;

/// What a resource is. The order is the order the UI lists kinds in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ResourceKind {
    Project,
    Instance,
    Kubernetes,
    Database,
    LoadBalancer,
    ContainerRegistry,
    PrivateNetwork,
    ObjectStorageS3,
    ObjectStorageSwift,
    DedicatedServer,
}

impl ResourceKind {
    pub const ALL: [ResourceKind; 10] = [
        ResourceKind::Project,
        ResourceKind::Instance,
        ResourceKind::Kubernetes,
        ResourceKind::Database,
        ResourceKind::LoadBalancer,
        ResourceKind::ContainerRegistry,
        ResourceKind::PrivateNetwork,
        ResourceKind::ObjectStorageS3,
        ResourceKind::ObjectStorageSwift,
        ResourceKind::DedicatedServer,
    ];

    /// Kinds discovered once per Public Cloud project.
    pub const PER_PROJECT: [ResourceKind; 8] = [
        ResourceKind::Instance,
        ResourceKind::Kubernetes,
        ResourceKind::Database,
        ResourceKind::LoadBalancer,
        ResourceKind::ContainerRegistry,
        ResourceKind::PrivateNetwork,
        ResourceKind::ObjectStorageS3,
        ResourceKind::ObjectStorageSwift,
    ];

    /// Discovered once per connection, not per project.
    pub fn is_account_level(self) -> bool {
        matches!(self, ResourceKind::Project | ResourceKind::DedicatedServer)
    }

    /// Plural label for people ("Managed Kubernetes").
    pub fn label(self) -> &'static str {
        match self {
            ResourceKind::Project => "Public Cloud projects",
            ResourceKind::Instance => "Public Cloud instances",
            ResourceKind::Kubernetes => "Managed Kubernetes clusters",
            ResourceKind::Database => "Managed databases",
            ResourceKind::LoadBalancer => "Load balancers",
            ResourceKind::ContainerRegistry => "Container registries",
            ResourceKind::PrivateNetwork => "Private networks (vRack)",
            ResourceKind::ObjectStorageS3 => "S3 object storage",
            ResourceKind::ObjectStorageSwift => "Swift object storage",
            ResourceKind::DedicatedServer => "Dedicated servers",
        }
    }

    /// Short singular label for badges and the drawer ("Kubernetes cluster").
    pub fn singular(self) -> &'static str {
        match self {
            ResourceKind::Project => "Project",
            ResourceKind::Instance => "Instance",
            ResourceKind::Kubernetes => "Kubernetes cluster",
            ResourceKind::Database => "Database",
            ResourceKind::LoadBalancer => "Load balancer",
            ResourceKind::ContainerRegistry => "Container registry",
            ResourceKind::PrivateNetwork => "Private network",
            ResourceKind::ObjectStorageS3 => "S3 bucket",
            ResourceKind::ObjectStorageSwift => "Swift container",
            ResourceKind::DedicatedServer => "Dedicated server",
        }
    }

    /// Every kind with its labels and table columns, in the order the UI lists them.
    pub fn catalogue() -> KindCatalogue {
        KindCatalogue {
            kinds: ResourceKind::ALL
                .into_iter()
                .map(|kind| KindInfo {
                    kind,
                    label: kind.label().to_owned(),
                    singular: kind.singular().to_owned(),
                    account_level: kind.is_account_level(),
                    columns: kind_columns(kind),
                })
                .collect(),
            mixed_columns: mixed_columns(),
        }
    }
}

/// A kind as the UI names it and shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct KindInfo {
    pub kind: ResourceKind,
    pub label: String,
    pub singular: String,
    pub account_level: bool,
    /// Its table's columns, in order.
    pub columns: Vec<KindColumn>,
}

/// Every kind, and the columns of the tables that mix kinds (search results).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct KindCatalogue {
    pub kinds: Vec<KindInfo>,
    pub mixed_columns: Vec<KindColumn>,
}

impl fmt::Display for ResourceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// OVH's many status words, reduced to what the UI colours.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum StatusClass {
    Ok,
    InProgress,
    Stopped,
    Error,
    Unknown,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Status {
    pub class: StatusClass,
    /// OVH's own word (`ACTIVE`, `READY`, `SHUTOFF`...), when the object has one.
    pub raw: Option<String>,
}

/// One thing found in an OVH account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Resource {
    pub connection_id: String,
    /// `None` for account-level resources (projects themselves, dedicated servers).
    pub project_id: Option<String>,
    pub kind: ResourceKind,
    /// Unique within (connection, project, kind).
    pub id: String,
    pub name: String,
    pub region: Option<String>,
    pub status: Status,
    /// Creation time as OVH wrote it (ISO 8601), when known.
    pub created: Option<String>,
    /// The few fields that matter for this kind (flavor, engine, version...),
    /// already formatted for display.
    pub fields: BTreeMap<String, String>,
    /// The OVH object this was made from.
    pub raw: serde_json::Value,
}

/// One unit of discovery work: a kind, in a project or account-wide.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TaskKey {
    pub project_id: Option<String>,
    pub kind: ResourceKind,
}

impl TaskKey {
    pub fn account(kind: ResourceKind) -> TaskKey {
        TaskKey { project_id: None, kind }
    }

    pub fn project(project_id: impl Into<String>, kind: ResourceKind) -> TaskKey {
        TaskKey {
            project_id: Some(project_id.into()),
            kind,
        }
    }
}

impl fmt::Display for TaskKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.project_id {
            Some(p) => write!(f, "{} in project {p}", self.kind.label()),
            None => f.write_str(self.kind.label()),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "state", rename_all = "camelCase")]
pub enum TaskResult {
    /// `count` resources kept; `skipped` objects could not be read (no id).
    /// `warning` reports a partial answer (e.g. one region failed).
    #[serde(rename_all = "camelCase")]
    Ok {
        count: u32,
        skipped: u32,
        warning: Option<UserError>,
    },
    Failed {
        error: UserError,
    },
    /// Not run, or stopped, because discovery was cancelled.
    Cancelled,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TaskOutcome {
    pub task: TaskKey,
    pub result: TaskResult,
    pub duration_ms: u32,
}

/// Which discovery engine takes an inventory. Each connection keeps its own
/// choice (`Connection::discovery_engine`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum EngineKind {
    /// The bundled `ovhcloud` CLI.
    Cli,
    /// Aurora's own API client. The default: on the benchmark's large account
    /// it is 10x faster than the CLI engine with a fifth of the requests, and
    /// it waits out a rate limit where the CLI fails (docs/benchmarks.md).
    #[default]
    Api,
}

/// Requests the API engine keeps in flight at once, by default.
pub const API_MAX_IN_FLIGHT: usize = 32;

impl EngineKind {
    /// Discovery tasks to run at once with this engine: 4 `ovhcloud`
    /// processes, or enough API tasks to keep the engine's requests in flight
    /// busy (tasks mostly wait on that limit, not on the machine).
    pub fn default_parallel_tasks(self) -> usize {
        match self {
            EngineKind::Cli => 4,
            EngineKind::Api => 2 * API_MAX_IN_FLIGHT,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Inventory {
    pub connection_id: String,
    pub engine: EngineKind,
    pub resources: Vec<Resource>,
    pub tasks: Vec<TaskOutcome>,
    /// RFC 3339, UTC.
    pub taken_at: String,
}

impl Inventory {
    pub fn failed_tasks(&self) -> impl Iterator<Item = &TaskOutcome> {
        self.tasks
            .iter()
            .filter(|t| matches!(t.result, TaskResult::Failed { .. }))
    }

    /// True when every task ran and succeeded.
    pub fn is_complete(&self) -> bool {
        self.tasks.iter().all(|t| matches!(t.result, TaskResult::Ok { .. }))
    }

    pub fn of_kind(&self, kind: ResourceKind) -> impl Iterator<Item = &Resource> {
        self.resources.iter().filter(move |r| r.kind == kind)
    }

    pub fn outcome(&self, task: &TaskKey) -> Option<&TaskOutcome> {
        self.tasks.iter().find(|t| &t.task == task)
    }

    /// Sorts resources and tasks so two inventories of the same data compare equal.
    pub fn sort(&mut self) {
        self.resources
            .sort_by(|a, b| (&a.project_id, a.kind, &a.id).cmp(&(&b.project_id, b.kind, &b.id)));
        self.tasks.sort_by(|a, b| a.task.cmp(&b.task));
    }
}

/// Formats a Unix time as RFC 3339 UTC (`2026-11-28T11:45:00Z`).
pub fn rfc3339_utc(unix_seconds: i64) -> String {
    let days = unix_seconds.div_euclid(86_400);
    let secs = unix_seconds.rem_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        secs / 3_600,
        secs % 3_600 / 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339() {
        assert_eq!(rfc3339_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339_utc(1_457_018_875), "2016-03-03T15:27:55Z");
        assert_eq!(rfc3339_utc(951_782_400), "2000-02-29T00:00:00Z");
    }

    /// `ALL` and `PER_PROJECT` are written out as lists: they must not drift apart.
    #[test]
    fn per_project_kinds_are_all_but_the_account_level_ones() {
        let per_project: Vec<ResourceKind> = ResourceKind::ALL
            .into_iter()
            .filter(|k| !k.is_account_level())
            .collect();
        assert_eq!(per_project, ResourceKind::PER_PROJECT);
    }

    #[test]
    fn types_export_to_typescript() {
        let conf = specta_typescript::Typescript::default();
        let inventory = specta_typescript::export::<Inventory>(&conf).unwrap();
        assert!(inventory.contains("takenAt: string"), "{inventory}");
        specta_typescript::export::<crate::discovery::DiscoveryEvent>(&conf).unwrap();
        specta_typescript::export::<TaskOutcome>(&conf).unwrap();
    }

    #[test]
    fn serialized_shapes() {
        let outcome = TaskOutcome {
            task: TaskKey::project("p1", ResourceKind::ObjectStorageS3),
            result: TaskResult::Ok {
                count: 2,
                skipped: 0,
                warning: None,
            },
            duration_ms: 5,
        };
        let json = serde_json::to_value(&outcome).unwrap();
        assert_eq!(json["task"]["kind"], "objectStorageS3");
        assert_eq!(json["task"]["projectId"], "p1");
        assert_eq!(json["result"]["state"], "ok");
        assert_eq!(json["result"]["count"], 2);
        assert_eq!(serde_json::to_value(StatusClass::InProgress).unwrap(), "in_progress");
    }
}
