//! The last good inventory of each connection, kept in the app data dir so
//! it shows at once on start (with its age) and survives a failed refresh.
//!
//! ```ignore
//! let cache = InventoryCache::new(app_data_dir.join("inventories"));
//! match cache.load(&connection_id) {
//!     CacheLoad::Loaded { cached, age } => show(cached, age),
//!     CacheLoad::Damaged { problem } => notify(problem),   // set aside as .bak, ignored
//!     CacheLoad::Missing => {}
//! }
//! let outcome = cache.save_refresh(inventory, Some(costs))?;   // what to show now: outcome.current()
//! ```
//!
//! What "good" means. A refresh in which no task succeeded (every one
//! failed or was cancelled) never replaces the file. Otherwise the refresh
//! is saved, merged with the previous one: for each project x kind task
//! that failed or was cancelled this time, and for every per-project task
//! that could not run because listing the projects failed, the previous
//! resources of that task are kept and the task is listed in `stale` with
//! the time those resources were actually taken (carried over across
//! several failed refreshes). A project that a successful projects task no
//! longer lists is dropped with everything in it. The fresh task outcomes
//! are kept as they are, so the failures still show with their messages.
//!
//! One JSON file per connection (`inventory-<id>.json`), replaced
//! atomically (temporary file, then rename), readable only by the user. No
//! secret is in it: resources are OVH objects, and any field whose name
//! looks like a credential (password, secret, token...) is removed from them
//! before writing. A damaged file is set aside as `.bak`, reported, and
//! ignored; it never stops Aurora.

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::costs::CostReport;
use super::model::{Inventory, TaskKey, TaskResult};
use super::normalize::remove_credentials;
use crate::connections::json_file;
use crate::user_error::{ErrorKind, UserError};

/// Bumped when the file format changes incompatibly.
pub const CACHE_VERSION: u32 = 1;

/// A task whose resources come from an earlier refresh.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StaleTask {
    pub task: TaskKey,
    /// When its resources were taken (RFC 3339, UTC).
    pub taken_at: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CachedInventory {
    pub inventory: Inventory,
    #[serde(default)]
    pub stale: Vec<StaleTask>,
    #[serde(default)]
    pub costs: Option<CostReport>,
}

impl CachedInventory {
    pub fn is_stale(&self, task: &TaskKey) -> bool {
        self.stale.iter().any(|s| &s.task == task)
    }
}

/// The file: a `CachedInventory`'s fields beside these two. (Not
/// `#[serde(flatten)]`, which makes serde_json buffer the whole inventory
/// before reading it, at twice the time and memory.)
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CacheFile {
    version: u32,
    /// Unix seconds of `inventory.taken_at`, for the age.
    taken_at_unix: i64,
    inventory: Inventory,
    #[serde(default)]
    stale: Vec<StaleTask>,
    #[serde(default)]
    costs: Option<CostReport>,
}

impl CacheFile {
    fn new(cached: CachedInventory) -> CacheFile {
        let taken_at_unix = parse_rfc3339(&cached.inventory.taken_at).unwrap_or_else(crate::api::unix_now);
        let CachedInventory {
            inventory,
            stale,
            costs,
        } = cached;
        CacheFile {
            version: CACHE_VERSION,
            taken_at_unix,
            inventory,
            stale,
            costs,
        }
    }

    fn into_cached(self) -> CachedInventory {
        CachedInventory {
            inventory: self.inventory,
            stale: self.stale,
            costs: self.costs,
        }
    }
}

/// What comes with a saved inventory, without its resources.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CachedDetails {
    pub stale: Vec<StaleTask>,
    pub costs: Option<CostReport>,
}

/// The same file as [`CacheFile`], read for everything but the resources,
/// which serde_json skips without building them.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DetailsFile {
    version: u32,
    inventory: InventoryOwner,
    #[serde(default)]
    stale: Vec<StaleTask>,
    #[serde(default)]
    costs: Option<CostReport>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct InventoryOwner {
    connection_id: String,
}

/// What every reading of the file checks before using it.
trait SavedFile {
    fn version(&self) -> u32;
    fn connection_id(&self) -> &str;
}

impl SavedFile for CacheFile {
    fn version(&self) -> u32 {
        self.version
    }
    fn connection_id(&self) -> &str {
        &self.inventory.connection_id
    }
}

impl SavedFile for DetailsFile {
    fn version(&self) -> u32 {
        self.version
    }
    fn connection_id(&self) -> &str {
        &self.inventory.connection_id
    }
}

// One lives briefly per load and is matched at once; boxing the inventory
// would only add an allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum CacheLoad {
    Missing,
    Loaded {
        cached: CachedInventory,
        age: Duration,
    },
    /// The file could not be used. It was set aside (or left, if it could
    /// not be moved) and is ignored; the next refresh writes a new one.
    Damaged {
        problem: UserError,
    },
}

#[derive(Debug)]
pub enum SaveOutcome {
    /// The refresh was saved (merged with the previous inventory).
    Saved(CachedInventory),
    /// Nothing in the refresh succeeded: the previous inventory, if any, is kept.
    KeptPrevious(Option<CachedInventory>),
}

impl SaveOutcome {
    /// The inventory to show now.
    pub fn current(&self) -> Option<&CachedInventory> {
        match self {
            SaveOutcome::Saved(c) => Some(c),
            SaveOutcome::KeptPrevious(c) => c.as_ref(),
        }
    }
}

#[derive(Clone, Debug)]
pub struct InventoryCache {
    dir: PathBuf,
}

impl InventoryCache {
    /// `dir` is created on the first save.
    pub fn new(dir: impl Into<PathBuf>) -> InventoryCache {
        InventoryCache { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn path(&self, connection_id: &str) -> PathBuf {
        self.dir.join(file_name(connection_id))
    }

    pub fn load(&self, connection_id: &str) -> CacheLoad {
        match self.read::<CacheFile>(connection_id) {
            Ok(None) => CacheLoad::Missing,
            Ok(Some(file)) => {
                let age = crate::api::unix_now().saturating_sub(file.taken_at_unix).max(0) as u64;
                CacheLoad::Loaded {
                    cached: file.into_cached(),
                    age: Duration::from_secs(age),
                }
            }
            Err(problem) => CacheLoad::Damaged { problem },
        }
    }

    /// The stale tasks and costs saved with a connection's inventory,
    /// read without building its resources (several times faster than [`InventoryCache::load`]).
    /// `Ok(None)` when nothing is saved; `Err` as [`CacheLoad::Damaged`].
    pub fn load_details(&self, connection_id: &str) -> Result<Option<CachedDetails>, UserError> {
        Ok(self.read::<DetailsFile>(connection_id)?.map(|file| CachedDetails {
            stale: file.stale,
            costs: file.costs,
        }))
    }

    /// The saved file of `connection_id` as `F`; a file that cannot be used
    /// (unreadable, another version, another connection) is the error.
    fn read<F: DeserializeOwned + SavedFile>(&self, connection_id: &str) -> Result<Option<F>, UserError> {
        let path = self.path(connection_id);
        match json_file::load::<F>(&path) {
            Ok(json_file::Loaded::Missing) => Ok(None),
            Ok(json_file::Loaded::Read(file))
                if file.version() != CACHE_VERSION || file.connection_id() != connection_id =>
            {
                Err(damaged(
                    &path,
                    "it was written by another version of Aurora or for another connection",
                ))
            }
            Ok(json_file::Loaded::Read(file)) => Ok(Some(file)),
            Ok(json_file::Loaded::SetAside { kept_as, reason }) => {
                tracing::warn!(path = %kept_as.display(), %reason, "the saved inventory was damaged and was set aside");
                Err(damaged(
                    &path,
                    &format!("{reason}; it was kept as {}", kept_as.display()),
                ))
            }
            Err(e) => Err(damaged(&path, &e.to_string())),
        }
    }

    /// Saves a refresh as described in the module documentation.
    pub fn save_refresh(&self, fresh: Inventory, costs: Option<CostReport>) -> Result<SaveOutcome, UserError> {
        let previous = match self.load(&fresh.connection_id) {
            CacheLoad::Loaded { cached, .. } => Some(cached),
            _ => None,
        };
        let Some(mut merged) = merge(previous.as_ref(), fresh) else {
            return Ok(SaveOutcome::KeptPrevious(previous));
        };
        merged.costs = costs.or_else(|| previous.and_then(|p| p.costs));
        scrub_credentials(&mut merged);
        let file = CacheFile::new(merged);
        let path = self.path(&file.inventory.connection_id);
        json_file::save(&path, &file).map_err(|e| cannot_write(&path, &e))?;
        Ok(SaveOutcome::Saved(file.into_cached()))
    }

    /// Every saved inventory file in the folder, for the one-time import into the store.
    pub fn saved_files(&self) -> Vec<PathBuf> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("inventory-") && n.ends_with(".json"))
            })
            .collect();
        files.sort();
        files
    }

    /// One saved file, whatever connection wrote it; a damaged file is set aside as by [`InventoryCache::load`].
    pub fn load_file(&self, path: &Path) -> Result<Option<CachedInventory>, UserError> {
        match json_file::load::<CacheFile>(path) {
            Ok(json_file::Loaded::Missing) => Ok(None),
            Ok(json_file::Loaded::Read(file)) if file.version != CACHE_VERSION => Err(damaged(
                path,
                "it was written by another version of Aurora or for another connection",
            )),
            Ok(json_file::Loaded::Read(file)) => Ok(Some(file.into_cached())),
            Ok(json_file::Loaded::SetAside { kept_as, reason }) => Err(damaged(
                path,
                &format!("{reason}; it was kept as {}", kept_as.display()),
            )),
            Err(e) => Err(damaged(path, &e.to_string())),
        }
    }

    /// Forgets a connection's inventory (when the connection is removed).
    pub fn remove(&self, connection_id: &str) -> io::Result<()> {
        match std::fs::remove_file(self.path(connection_id)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}

/// The refresh merged with the previous inventory, or `None` when nothing
/// in the refresh succeeded.
pub fn merge(previous: Option<&CachedInventory>, fresh: Inventory) -> Option<CachedInventory> {
    let previous = previous.filter(|p| p.inventory.connection_id == fresh.connection_id);
    let stale = carried_over(
        previous.map(|p| PreviousRefresh {
            tasks: &p.inventory.tasks,
            stale: &p.stale,
            taken_at: &p.inventory.taken_at,
        }),
        &fresh,
    )?;
    let kept: Vec<_> = previous
        .into_iter()
        .flat_map(|p| &p.inventory.resources)
        .filter(|r| {
            stale
                .iter()
                .any(|s| r.kind == s.task.kind && r.project_id == s.task.project_id)
        })
        .cloned()
        .collect();
    let mut inventory = fresh;
    inventory.resources.extend(kept);
    // After the merge, so instances keep their network's name while the
    // networks themselves are stale.
    super::linked_names::name_private_networks(&mut inventory.resources);
    inventory.sort();
    Some(CachedInventory {
        inventory,
        stale,
        costs: None,
    })
}

/// What the partial-failure policy needs of the previous refresh of a connection.
#[derive(Clone, Copy)]
pub struct PreviousRefresh<'a> {
    pub tasks: &'a [super::model::TaskOutcome],
    pub stale: &'a [StaleTask],
    pub taken_at: &'a str,
}

/// The partial-failure policy (see the module documentation): which earlier
/// tasks keep their resources through `fresh`, each with the time those
/// resources were taken. `None` when nothing in `fresh` succeeded, so the
/// previous inventory stays as it is.
pub fn carried_over(previous: Option<PreviousRefresh<'_>>, fresh: &Inventory) -> Option<Vec<StaleTask>> {
    let succeeded = |r: &TaskResult| matches!(r, TaskResult::Ok { .. });
    if !fresh.tasks.iter().any(|t| succeeded(&t.result)) {
        return None;
    }
    let Some(previous) = previous else {
        return Some(Vec::new());
    };
    let projects_listed = fresh
        .outcome(&TaskKey::account(super::ResourceKind::Project))
        .is_some_and(|o| succeeded(&o.result));
    let keep_previous = |task: &TaskKey| match fresh.outcome(task) {
        Some(outcome) => !succeeded(&outcome.result),
        None => task.project_id.is_some() && !projects_listed,
    };
    let mut known: Vec<&TaskKey> = previous
        .tasks
        .iter()
        .filter(|t| succeeded(&t.result))
        .map(|t| &t.task)
        .collect();
    known.extend(previous.stale.iter().map(|s| &s.task));
    let mut seen = HashSet::new();
    let mut stale = Vec::new();
    for task in known.into_iter().filter(|t| keep_previous(t)) {
        if !seen.insert(task.clone()) {
            continue;
        }
        let taken_at = previous
            .stale
            .iter()
            .find(|s| &s.task == task)
            .map_or(previous.taken_at, |s| s.taken_at.as_str());
        stale.push(StaleTask {
            task: task.clone(),
            taken_at: taken_at.to_owned(),
        });
    }
    stale.sort_by(|a, b| a.task.cmp(&b.task));
    Some(stale)
}

/// `inventory-<id>.json` for plain ids, else a digest: an id never picks the path.
fn file_name(connection_id: &str) -> String {
    let plain = !connection_id.is_empty()
        && connection_id.len() <= 64
        && connection_id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if plain {
        format!("inventory-{connection_id}.json")
    } else {
        format!(
            "inventory-{}.json",
            hex::encode(&Sha256::digest(connection_id.as_bytes())[..16])
        )
    }
}

/// Resources are already clean ([`remove_credentials`] runs in
/// normalization); this also covers costs and inventories saved by older versions.
fn scrub_credentials(cached: &mut CachedInventory) {
    cached
        .inventory
        .resources
        .iter_mut()
        .for_each(|r| remove_credentials(&mut r.raw));
}

/// `YYYY-MM-DDTHH:MM:SSZ` (what [`super::model::rfc3339_utc`] writes) as Unix seconds.
pub(crate) fn parse_rfc3339(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() != 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' || b[19] != b'Z'
    {
        return None;
    }
    let n = |r: std::ops::Range<usize>| text.get(r)?.parse::<i64>().ok();
    let (y, m, d) = (n(0..4)?, n(5..7)?, n(8..10)?);
    let (hh, mm, ss) = (n(11..13)?, n(14..16)?, n(17..19)?);
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + hh * 3_600 + mm * 60 + ss)
}

fn damaged(path: &Path, reason: &str) -> UserError {
    UserError::new(
        ErrorKind::Internal,
        format!("The saved inventory {} could not be used ({reason}). Aurora ignores it; refresh to list your resources again.", path.display()),
        ["Refresh the inventory"],
    )
}

fn cannot_write(path: &Path, e: &io::Error) -> UserError {
    UserError::new(
        ErrorKind::Internal,
        format!("Aurora could not save the inventory to {} ({e}). The resources are shown but will not be there at the next start; check the free disk space and the folder's permissions.", path.display()),
        ["Check the free disk space", "Check that Aurora may write to its data folder"],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discovery::model::{rfc3339_utc, EngineKind, Resource, ResourceKind, Status, StatusClass, TaskOutcome};
    use serde_json::json;

    fn resource(project: Option<&str>, kind: ResourceKind, id: &str) -> Resource {
        Resource {
            connection_id: "c1".into(),
            project_id: project.map(str::to_owned),
            kind,
            id: id.into(),
            name: id.into(),
            region: None,
            status: Status {
                class: StatusClass::Ok,
                raw: None,
            },
            created: None,
            fields: Default::default(),
            raw: json!({"id": id, "rescuePassword": "hunter2", "nested": [{"clientSecret": "s", "keep": 1}]}),
        }
    }

    fn outcome(task: TaskKey, ok: bool) -> TaskOutcome {
        let result = if ok {
            TaskResult::Ok {
                count: 0,
                skipped: 0,
                warning: None,
            }
        } else {
            TaskResult::Failed {
                error: UserError::internal("boom"),
            }
        };
        TaskOutcome {
            task,
            result,
            duration_ms: 1,
        }
    }

    fn inventory(taken_at: i64, resources: Vec<Resource>, tasks: Vec<TaskOutcome>) -> Inventory {
        Inventory {
            connection_id: "c1".into(),
            engine: EngineKind::Api,
            resources,
            tasks,
            taken_at: rfc3339_utc(taken_at),
        }
    }

    fn projects_ok() -> TaskOutcome {
        outcome(TaskKey::account(ResourceKind::Project), true)
    }

    fn full(at: i64, suffix: &str) -> Inventory {
        inventory(
            at,
            vec![
                resource(None, ResourceKind::Project, "p1"),
                resource(Some("p1"), ResourceKind::Instance, &format!("i{suffix}")),
                resource(Some("p1"), ResourceKind::Kubernetes, &format!("k{suffix}")),
            ],
            vec![
                projects_ok(),
                outcome(TaskKey::project("p1", ResourceKind::Instance), true),
                outcome(TaskKey::project("p1", ResourceKind::Kubernetes), true),
            ],
        )
    }

    #[test]
    fn failed_tasks_keep_their_previous_resources_as_stale() {
        let first = CachedInventory {
            inventory: full(1_000, "-old"),
            stale: vec![],
            costs: None,
        };
        let mut second = full(2_000, "-new");
        second.resources.retain(|r| r.kind != ResourceKind::Kubernetes);
        second.tasks[2] = outcome(TaskKey::project("p1", ResourceKind::Kubernetes), false);
        let merged = merge(Some(&first), second).unwrap();
        let ids: Vec<&str> = merged.inventory.resources.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["p1", "i-new", "k-old"]);
        assert_eq!(
            merged.stale,
            [StaleTask {
                task: TaskKey::project("p1", ResourceKind::Kubernetes),
                taken_at: rfc3339_utc(1_000)
            }]
        );
        assert!(merged.inventory.failed_tasks().count() == 1, "the failure still shows");

        // Failing again keeps the original time.
        let mut third = full(3_000, "-3");
        third.resources.retain(|r| r.kind != ResourceKind::Kubernetes);
        third.tasks[2] = outcome(TaskKey::project("p1", ResourceKind::Kubernetes), false);
        let again = merge(Some(&merged), third).unwrap();
        assert_eq!(again.stale[0].taken_at, rfc3339_utc(1_000));
        assert!(again.inventory.resources.iter().any(|r| r.id == "k-old"));

        // A success clears it.
        let fixed = merge(Some(&again), full(4_000, "-4")).unwrap();
        assert!(fixed.stale.is_empty());
        assert!(!fixed.inventory.resources.iter().any(|r| r.id == "k-old"));
    }

    #[test]
    fn projects_failing_keeps_every_per_project_task_and_deleted_projects_go() {
        let first = CachedInventory {
            inventory: full(1_000, ""),
            stale: vec![],
            costs: None,
        };
        let only_servers = inventory(
            2_000,
            vec![resource(None, ResourceKind::DedicatedServer, "ns1")],
            vec![
                outcome(TaskKey::account(ResourceKind::Project), false),
                outcome(TaskKey::account(ResourceKind::DedicatedServer), true),
            ],
        );
        let merged = merge(Some(&first), only_servers).unwrap();
        assert_eq!(merged.inventory.resources.len(), 4);
        assert_eq!(merged.stale.len(), 3);

        let project_gone = inventory(3_000, vec![], vec![projects_ok()]);
        let merged = merge(Some(&merged), project_gone).unwrap();
        assert!(
            merged.inventory.resources.is_empty(),
            "{:?}",
            merged.inventory.resources
        );
        assert!(merged.stale.is_empty());
    }

    #[test]
    fn nothing_succeeded_keeps_the_file_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let cache = InventoryCache::new(dir.path().join("inventories"));
        assert!(matches!(cache.load("c1"), CacheLoad::Missing));
        let all_failed = inventory(
            500,
            vec![],
            vec![outcome(TaskKey::account(ResourceKind::Project), false)],
        );
        assert!(matches!(
            cache.save_refresh(all_failed.clone(), None).unwrap(),
            SaveOutcome::KeptPrevious(None)
        ));
        assert!(!cache.path("c1").exists());

        let saved = cache.save_refresh(full(crate::api::unix_now() - 90, ""), None).unwrap();
        assert!(matches!(saved, SaveOutcome::Saved(_)));
        let before = std::fs::read(cache.path("c1")).unwrap();
        let kept = cache.save_refresh(all_failed, None).unwrap();
        assert_eq!(kept.current().unwrap().inventory.resources.len(), 3);
        assert_eq!(std::fs::read(cache.path("c1")).unwrap(), before);
        match cache.load("c1") {
            CacheLoad::Loaded { cached, age } => {
                assert_eq!(cached.inventory.resources.len(), 3);
                assert!((89..=100).contains(&age.as_secs()), "{age:?}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn no_credential_fields_are_written() {
        let dir = tempfile::tempdir().unwrap();
        let cache = InventoryCache::new(dir.path());
        cache.save_refresh(full(1_000, ""), None).unwrap();
        let text = std::fs::read_to_string(cache.path("c1")).unwrap();
        assert!(
            !text.contains("hunter2") && !text.contains("rescuePassword") && !text.contains("clientSecret"),
            "{text}"
        );
        assert!(text.contains("\"keep\": 1"));
    }

    #[test]
    fn damaged_files_are_reported_and_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let cache = InventoryCache::new(dir.path());
        std::fs::write(cache.path("c1"), "{\"version\": 1, \"inventory\": tru").unwrap();
        match cache.load("c1") {
            CacheLoad::Damaged { problem } => {
                assert!(
                    problem.message.contains("could not be used") && problem.message.contains(".bak"),
                    "{}",
                    problem.message
                );
                assert!(problem.message.ends_with("refresh to list your resources again."));
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(cache.load("c1"), CacheLoad::Missing));
        assert!(matches!(
            cache.save_refresh(full(1_000, ""), None).unwrap(),
            SaveOutcome::Saved(_)
        ));
        assert!(matches!(cache.load("c1"), CacheLoad::Loaded { .. }));
        // Another connection's file under this name is not shown.
        std::fs::copy(cache.path("c1"), cache.path("c2")).unwrap();
        assert!(matches!(cache.load("c2"), CacheLoad::Damaged { .. }));
    }

    #[test]
    fn details_are_read_alone_and_agree_with_the_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let cache = InventoryCache::new(dir.path());
        assert_eq!(cache.load_details("c1"), Ok(None));
        cache.save_refresh(full(1_000, "-old"), None).unwrap();
        let mut second = full(2_000, "-new");
        second.tasks[2] = outcome(TaskKey::project("p1", ResourceKind::Kubernetes), false);
        let costs = CostReport {
            connection_id: "c1".into(),
            projects: vec![],
            failures: vec![],
            taken_at: rfc3339_utc(2_000),
            currency: Some("EUR".into()),
        };
        cache.save_refresh(second, Some(costs.clone())).unwrap();
        let CacheLoad::Loaded { cached, .. } = cache.load("c1") else {
            panic!("saved")
        };
        let details = cache.load_details("c1").unwrap().unwrap();
        assert_eq!(
            details,
            CachedDetails {
                stale: cached.stale,
                costs: Some(costs)
            }
        );
        assert_eq!(details.stale.len(), 1);
        // Another connection's file is refused the same way.
        std::fs::copy(cache.path("c1"), cache.path("c2")).unwrap();
        assert!(cache.load_details("c2").is_err());
    }

    #[test]
    fn old_files_without_stale_or_costs_load() {
        let dir = tempfile::tempdir().unwrap();
        let cache = InventoryCache::new(dir.path());
        let inventory = serde_json::to_value(full(1_000, "")).unwrap();
        std::fs::write(
            cache.path("c1"),
            json!({"version": 1, "takenAtUnix": 1_000, "inventory": inventory}).to_string(),
        )
        .unwrap();
        assert!(
            matches!(cache.load("c1"), CacheLoad::Loaded { cached, .. } if cached.stale.is_empty() && cached.costs.is_none())
        );
    }

    #[test]
    fn file_names_and_times() {
        assert_eq!(file_name("conn-00ff"), "inventory-conn-00ff.json");
        let odd = file_name("../../etc/passwd");
        assert!(
            odd.starts_with("inventory-") && !odd.contains('/') && odd.len() == "inventory-.json".len() + 32,
            "{odd}"
        );
        for t in [0, 951_782_400, 1_457_018_875, 1_795_000_000] {
            assert_eq!(parse_rfc3339(&rfc3339_utc(t)), Some(t));
        }
        assert_eq!(parse_rfc3339("2026-11-28 12:00:00"), None);
    }

    #[test]
    fn exports_to_typescript() {
        let conf = specta_typescript::Typescript::default();
        let ts = specta_typescript::export::<CachedInventory>(&conf).unwrap();
        assert!(
            ts.contains("stale?: StaleTask[]") && ts.contains("inventory: Inventory"),
            "{ts}"
        );
    }
}
