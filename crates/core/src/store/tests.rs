use std::collections::BTreeMap;

use serde_json::json;

use super::*;
use crate::discovery::cache::{CacheLoad, CachedInventory, InventoryCache, StaleTask};
use crate::discovery::model::rfc3339_utc;
use crate::discovery::{
    EngineKind, Inventory, Resource, ResourceKind, Status, StatusClass, TaskKey, TaskOutcome, TaskResult,
};

fn resource(project: Option<&str>, kind: ResourceKind, id: &str, class: StatusClass) -> Resource {
    let mut fields = BTreeMap::new();
    if kind == ResourceKind::Instance {
        fields.insert("ipv4".to_owned(), "51.68.1.2".to_owned());
        fields.insert("flavor".to_owned(), "b2-7".to_owned());
    }
    Resource {
        connection_id: "c1".into(),
        project_id: project.map(str::to_owned),
        kind,
        id: id.into(),
        name: format!("{id}-name"),
        region: Some(
            if kind == ResourceKind::PrivateNetwork {
                "GRA11, SBG5"
            } else {
                "GRA11"
            }
            .into(),
        ),
        status: Status {
            class,
            raw: Some("RAW".into()),
        },
        created: Some("2026-01-02T03:04:05Z".into()),
        fields,
        raw: json!({"id": id, "rescuePassword": "hunter2", "ipAddresses": [{"ip": "10.0.0.9"}], "keep": 1}),
    }
}

fn outcome(task: TaskKey, ok: bool) -> TaskOutcome {
    TaskOutcome {
        task,
        result: if ok {
            TaskResult::Ok {
                count: 0,
                skipped: 0,
                warning: None,
            }
        } else {
            TaskResult::Failed {
                error: UserError::internal("boom"),
            }
        },
        duration_ms: 1,
    }
}

/// A project p1 with an instance, a cluster and a private network, all tasks succeeded.
pub(super) fn full(at: i64, suffix: &str) -> Inventory {
    Inventory {
        connection_id: "c1".into(),
        engine: EngineKind::Api,
        resources: vec![
            resource(None, ResourceKind::Project, "p1", StatusClass::Ok),
            resource(
                Some("p1"),
                ResourceKind::Instance,
                &format!("i{suffix}"),
                StatusClass::Ok,
            ),
            resource(
                Some("p1"),
                ResourceKind::Kubernetes,
                &format!("k{suffix}"),
                StatusClass::Ok,
            ),
            resource(Some("p1"), ResourceKind::PrivateNetwork, "net", StatusClass::Error),
        ],
        tasks: vec![
            outcome(TaskKey::account(ResourceKind::Project), true),
            outcome(TaskKey::project("p1", ResourceKind::Instance), true),
            outcome(TaskKey::project("p1", ResourceKind::Kubernetes), true),
            outcome(TaskKey::project("p1", ResourceKind::PrivateNetwork), true),
        ],
        taken_at: rfc3339_utc(at),
    }
}

pub(super) fn open(dir: &std::path::Path) -> Store {
    let (store, problem) = Store::open(dir).unwrap();
    assert!(problem.is_none(), "{problem:?}");
    store
}

fn ids(store: &Store, filter: RowFilter) -> Vec<String> {
    let page = store
        .rows(&RowQuery {
            filter,
            sort: None,
            offset: 0,
            limit: 1_000,
        })
        .unwrap();
    assert_eq!(page.total as usize, page.rows.len());
    page.rows.into_iter().map(|r| r.id).collect()
}

fn search(text: &str) -> RowFilter {
    RowFilter {
        search: text.into(),
        ..RowFilter::default()
    }
}

#[test]
fn a_saved_refresh_reads_back_whole_with_lists_as_lists_and_no_credentials() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let mut inventory = full(1_000, "");
    store.save_refresh(inventory.clone(), None).unwrap();
    let mut back = store.inventory("c1").unwrap().unwrap();
    for r in &mut inventory.resources {
        r.raw.as_object_mut().unwrap().remove("rescuePassword");
    }
    inventory.sort();
    back.sort();
    assert_eq!(back, inventory);

    let page = store
        .rows(&RowQuery {
            filter: RowFilter {
                kind: Some(ResourceKind::PrivateNetwork),
                ..RowFilter::default()
            },
            sort: None,
            offset: 0,
            limit: 10,
        })
        .unwrap();
    assert_eq!(page.rows[0].regions, ["GRA11", "SBG5"]);
    let instance = &ids(&store, RowFilter::default());
    assert_eq!(
        instance,
        &["p1", "i", "k", "net"],
        "projects first, then kinds in their order"
    );
    let row = store
        .rows(&RowQuery {
            filter: search("51.68"),
            sort: None,
            offset: 0,
            limit: 10,
        })
        .unwrap()
        .rows
        .remove(0);
    assert_eq!(row.ips, ["10.0.0.9", "51.68.1.2"]);
    let text = std::fs::read(store.path()).unwrap();
    let wal = std::fs::read(format!("{}-wal", store.path().display())).unwrap_or_default();
    for bytes in [text, wal] {
        assert!(!String::from_utf8_lossy(&bytes).contains("hunter2"));
    }
}

#[test]
fn search_matches_substrings_of_name_id_and_ips_every_term() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    store.save_refresh(full(1_000, "-web01"), None).unwrap();
    assert_eq!(ids(&store, search("WEB01")), ["i-web01", "k-web01"]);
    assert_eq!(ids(&store, search("b0")), ["i-web01", "k-web01"], "two characters");
    assert_eq!(ids(&store, search("k- name")), ["k-web01"], "every term");
    assert_eq!(ids(&store, search("10.0.0.9")).len(), 4, "addresses in the raw object");
    assert_eq!(ids(&store, search("51.68.1")), ["i-web01"], "addresses in the fields");
    assert!(ids(&store, search("\"x")).is_empty(), "quotes are plain characters");
    assert!(ids(&store, search("web01 zzz")).is_empty());
    assert_eq!(ids(&store, search("  ")).len(), 4);
}

#[test]
fn filters_by_project_region_status_and_connection() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    store.save_refresh(full(1_000, ""), None).unwrap();
    let project = RowFilter {
        project_id: Some("p1".into()),
        ..RowFilter::default()
    };
    assert_eq!(ids(&store, project).len(), 4, "the project's own row is in its project");
    let region = RowFilter {
        region: Some("SBG5".into()),
        ..RowFilter::default()
    };
    assert_eq!(ids(&store, region), ["net"]);
    let error = RowFilter {
        status: Some(StatusClass::Error),
        ..RowFilter::default()
    };
    assert_eq!(ids(&store, error), ["net"]);
    let other = RowFilter {
        connection_id: Some("c2".into()),
        ..RowFilter::default()
    };
    assert!(ids(&store, other).is_empty());
}

#[test]
fn failed_tasks_keep_their_rows_marked_stale_and_nothing_succeeded_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    store.save_refresh(full(1_000, "-old"), None).unwrap();
    let mut second = full(2_000, "-new");
    second.resources.retain(|r| r.kind != ResourceKind::Kubernetes);
    second.tasks[2] = outcome(TaskKey::project("p1", ResourceKind::Kubernetes), false);
    let saved = store.save_refresh(second, None).unwrap();
    let header = saved.current().unwrap();
    assert_eq!(
        header.stale,
        [StaleTask {
            task: TaskKey::project("p1", ResourceKind::Kubernetes),
            taken_at: rfc3339_utc(1_000)
        }]
    );
    let page = store
        .rows(&RowQuery {
            filter: RowFilter::default(),
            sort: None,
            offset: 0,
            limit: 10,
        })
        .unwrap();
    let shown: Vec<(&str, bool)> = page.rows.iter().map(|r| (r.id.as_str(), r.stale)).collect();
    assert_eq!(
        shown,
        [("p1", false), ("i-new", false), ("k-old", true), ("net", false)]
    );

    let all_failed = Inventory {
        tasks: vec![outcome(TaskKey::account(ResourceKind::Project), false)],
        resources: vec![],
        ..full(3_000, "")
    };
    let before = store.inventory("c1").unwrap();
    assert!(matches!(
        store.save_refresh(all_failed, None).unwrap(),
        Saved::KeptPrevious(Some(_))
    ));
    assert_eq!(store.inventory("c1").unwrap(), before);

    // The project gone: everything in it goes, stale rows included.
    let gone = Inventory {
        resources: vec![],
        tasks: vec![outcome(TaskKey::account(ResourceKind::Project), true)],
        ..full(4_000, "")
    };
    store.save_refresh(gone, None).unwrap();
    assert!(ids(&store, RowFilter::default()).is_empty());
}

#[test]
fn history_records_additions_removals_and_status_changes() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    store.save_refresh(full(1_000, "-a"), None).unwrap();
    let overview = store.overview(&RowFilter::default()).unwrap();
    assert_eq!(
        overview.changes,
        ChangeSummary::default(),
        "a first inventory is not a change"
    );

    let mut second = full(2_000, "-a");
    second.resources[1] = resource(Some("p1"), ResourceKind::Instance, "i-b", StatusClass::Ok);
    second.resources[2].status.class = StatusClass::Error;
    store.save_refresh(second, None).unwrap();
    let changes = store.overview(&RowFilter::default()).unwrap().changes;
    assert_eq!((changes.added, changes.removed, changes.status_changed), (1, 1, 1));
    assert_eq!(changes.since, Some(rfc3339_utc(1_000)));
    let mut kinds: Vec<(String, StoreChangeKind)> = changes.changes.iter().map(|c| (c.id.clone(), c.change)).collect();
    kinds.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        kinds,
        [
            ("i-a".into(), StoreChangeKind::Removed),
            ("i-b".into(), StoreChangeKind::Added),
            ("k-a".into(), StoreChangeKind::Status)
        ]
    );
    let status = changes
        .changes
        .iter()
        .find(|c| c.change == StoreChangeKind::Status)
        .unwrap();
    assert_eq!(
        (status.status_before.as_deref(), status.status_after.as_deref()),
        (Some("ok RAW"), Some("error RAW"))
    );

    let row = |id: &str| {
        store
            .rows(&RowQuery {
                filter: search(id),
                sort: None,
                offset: 0,
                limit: 1,
            })
            .unwrap()
            .rows[0]
            .row
    };
    let cluster = store.resource(row("k-a")).unwrap().unwrap();
    assert_eq!(
        (cluster.first_seen.as_str(), cluster.last_changed.as_str()),
        (rfc3339_utc(1_000).as_str(), rfc3339_utc(2_000).as_str())
    );
    assert_eq!(cluster.history.len(), 1);
    let project = store.resource(row("p1")).unwrap().unwrap();
    assert_eq!(
        project.last_changed,
        rfc3339_utc(1_000),
        "unchanged rows keep their time"
    );
    assert!(project.resource.raw.get("rescuePassword").is_none());
}

#[test]
fn overview_counts_in_sql() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let costs = crate::discovery::CostReport {
        connection_id: "c1".into(),
        projects: vec![crate::discovery::ProjectCosts::from_usage(
            "p1",
            json!({"hourlyUsage": {"instance": [{"totalPrice": 12.5}]}}),
        )],
        failures: vec![],
        taken_at: rfc3339_utc(1_000),
        currency: Some("EUR".into()),
    };
    store.save_refresh(full(1_000, ""), Some(costs)).unwrap();
    let o = store.overview(&RowFilter::default()).unwrap();
    assert_eq!(o.total, 4);
    assert_eq!(o.error_count, 1);
    assert_eq!(o.errors[0].id, "net");
    assert_eq!(o.per_kind.len(), 4);
    assert_eq!(
        o.per_region,
        [
            Count {
                key: "GRA11".to_owned(),
                count: 4
            },
            Count {
                key: "SBG5".to_owned(),
                count: 1
            }
        ]
    );
    assert_eq!(o.per_project.len(), 1);
    let p = &o.per_project[0];
    assert_eq!(
        (p.name.as_str(), p.count, p.errors, p.cost),
        ("p1-name", 3, 1, Some(12.5))
    );
    assert_eq!(o.cost_total, Some(12.5));
    assert_eq!(
        o.cost_per_usage
            .iter()
            .map(|c| (c.label.as_str(), c.amount))
            .collect::<Vec<_>>(),
        [("Instances", 12.5)]
    );
    let elsewhere = store
        .overview(&RowFilter {
            project_id: Some("p9".into()),
            ..RowFilter::default()
        })
        .unwrap();
    assert!(elsewhere.cost_per_usage.is_empty(), "only the projects in view count");
}

#[test]
fn sorts_naturally_with_empty_cells_last() {
    assert_eq!(natural_cmp("web-9", "web-10"), std::cmp::Ordering::Less);
    assert_eq!(natural_cmp("Web-9", "web-9"), std::cmp::Ordering::Equal);
    assert_eq!(natural_cmp("a", "B"), std::cmp::Ordering::Less);
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let mut inventory = full(1_000, "");
    for (i, name) in ["web-10", "", "Web-9"].iter().enumerate() {
        inventory.resources[i + 1].name = (*name).to_owned();
    }
    store.save_refresh(inventory, None).unwrap();
    for descending in [false, true] {
        let page = store
            .rows(&RowQuery {
                filter: RowFilter {
                    project_id: Some("p1".into()),
                    kind: None,
                    ..RowFilter::default()
                },
                sort: Some(SortBy {
                    column: SortColumn::Name,
                    descending,
                }),
                offset: 0,
                limit: 10,
            })
            .unwrap();
        let names: Vec<&str> = page.rows.iter().map(|r| r.name.as_str()).collect();
        let expected = if descending {
            ["web-10", "Web-9", "p1-name", ""]
        } else {
            ["p1-name", "Web-9", "web-10", ""]
        };
        assert_eq!(names, expected);
    }
}

#[test]
fn files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    store.save_refresh(full(1_000, ""), None).unwrap();
    let _reading = store.overview(&RowFilter::default()).unwrap();
    for suffix in ["", "-wal", "-shm"] {
        let path = format!("{}{suffix}", store.path().display());
        if let Ok(meta) = std::fs::metadata(&path) {
            assert_eq!(meta.permissions().mode() & 0o777, 0o600, "{path}");
        } else {
            assert!(!suffix.is_empty(), "the database exists");
        }
    }
}

#[test]
fn a_damaged_database_is_set_aside_with_a_message_and_the_next_refresh_rebuilds() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(FILE_NAME), vec![0x5a; 8192]).unwrap();
    let (store, problem) = Store::open(dir.path()).unwrap();
    let problem = problem.expect("the damage is reported");
    assert!(problem.message.contains("could not be used"), "{}", problem.message);
    assert!(problem.message.contains("it was kept as"), "{}", problem.message);
    assert!(problem.message.ends_with("refresh to list your resources again."));
    let kept: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".damaged-"))
        .collect();
    assert_eq!(kept.len(), 1);
    assert!(store.inventories().unwrap().is_empty());
    store.save_refresh(full(1_000, ""), None).unwrap();
    assert_eq!(ids(&store, RowFilter::default()).len(), 4);
}

#[test]
fn a_database_from_a_newer_aurora_is_set_aside_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = open(dir.path());
        store.save_refresh(full(1_000, ""), None).unwrap();
        store.reader().pragma_update(None, "user_version", 99).unwrap();
    }
    let (store, problem) = Store::open(dir.path()).unwrap();
    assert!(problem.unwrap().message.contains("newer version of Aurora"));
    assert!(store.inventories().unwrap().is_empty());
    let version: u32 = store
        .reader()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, schema::current_version());
}

#[test]
fn a_database_from_before_the_overview_counts_gets_them_from_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    let (filters, before) = {
        let store = open(dir.path());
        store.save_refresh(full(1_000, ""), None).unwrap();
        let filters = [
            RowFilter::default(),
            RowFilter {
                region: Some("SBG5".into()),
                ..RowFilter::default()
            },
            RowFilter {
                status: Some(StatusClass::Error),
                project_id: Some("p1".into()),
                ..RowFilter::default()
            },
        ];
        let before: Vec<_> = filters.iter().map(|f| store.overview(f).unwrap()).collect();
        assert_eq!(before[0].total, 4);
        // As a version 1 database was: rows, no counts.
        store
            .reader()
            .execute_batch(
                "DROP TABLE resource_counts; DROP TABLE region_counts; DROP INDEX resources_by_name;
                 DROP INDEX resources_by_name_descending; PRAGMA user_version = 1;",
            )
            .unwrap();
        (filters, before)
    };
    let store = open(dir.path());
    let after: Vec<_> = filters.iter().map(|f| store.overview(f).unwrap()).collect();
    assert_eq!(after, before);
}

#[test]
fn a_full_disk_during_a_refresh_keeps_the_previous_inventory() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    store.save_refresh(full(1_000, ""), None).unwrap();
    let before = store.inventory("c1").unwrap();
    let pages: u32 = store
        .reader()
        .pragma_query_value(None, "page_count", |r| r.get(0))
        .unwrap();
    let store = store.with_max_pages(pages + 2);
    let mut big = full(2_000, "-big");
    for i in 0..2_000 {
        let mut r = resource(
            Some("p1"),
            ResourceKind::Instance,
            &format!("bulk-{i}"),
            StatusClass::Ok,
        );
        r.raw = json!({"padding": "x".repeat(500)});
        big.resources.push(r);
    }
    let error = store.save_refresh(big, None).unwrap_err();
    assert!(error.message.starts_with("The disk is full"), "{}", error.message);
    assert_eq!(
        error.solution,
        ["Free some disk space, then refresh the inventory again."]
    );
    assert_eq!(store.inventory("c1").unwrap(), before);
    let (reopened, problem) = Store::open(dir.path()).unwrap();
    assert!(problem.is_none());
    assert_eq!(reopened.inventory("c1").unwrap(), before);
}

#[test]
fn the_json_cache_is_imported_once_then_removed() {
    let dir = tempfile::tempdir().unwrap();
    let cache = InventoryCache::new(dir.path().join("inventories"));
    let costs = crate::discovery::CostReport {
        connection_id: "c1".into(),
        projects: vec![],
        failures: vec![],
        taken_at: rfc3339_utc(1_000),
        currency: Some("EUR".into()),
    };
    cache.save_refresh(full(1_000, "-old"), None).unwrap();
    let mut second = full(2_000, "-new");
    second.tasks[2] = outcome(TaskKey::project("p1", ResourceKind::Kubernetes), false);
    second.resources.retain(|r| r.kind != ResourceKind::Kubernetes);
    cache.save_refresh(second, Some(costs.clone())).unwrap();
    let CacheLoad::Loaded { cached, .. } = cache.load("c1") else {
        panic!("saved")
    };
    let CachedInventory {
        mut inventory, stale, ..
    } = cached;

    let store = open(dir.path());
    assert!(store.import_json_cache(&cache).is_empty());
    assert!(!cache.path("c1").exists(), "the file is removed");
    assert!(!cache.dir().exists(), "the empty folder too");
    let header = store.inventory_header("c1").unwrap().unwrap();
    assert_eq!((header.stale, header.costs), (stale, Some(costs)));
    let mut back = store.inventory("c1").unwrap().unwrap();
    back.sort();
    inventory.sort();
    assert_eq!(back, inventory);
    assert!(store.import_json_cache(&cache).is_empty(), "nothing left to import");
}

#[test]
fn exports_csv_and_json_from_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let mut inventory = full(1_000, "");
    inventory.resources[1].name = "=HYPERLINK(\"x\"), \"q\"".into();
    store.save_refresh(inventory, None).unwrap();
    let filter = RowFilter {
        kind: Some(ResourceKind::Instance),
        ..RowFilter::default()
    };
    let mut csv = Vec::new();
    assert_eq!(store.export(&filter, None, ExportFormat::Csv, &mut csv).unwrap(), 1);
    let text = String::from_utf8(csv).unwrap();
    assert_eq!(
        text,
        format!(
            "{CSV_HEADER}\np1,instance,i,\"'=HYPERLINK(\"\"x\"\"), \"\"q\"\"\",GRA11,ok,RAW,2026-01-02T03:04:05Z\n"
        )
    );
    let mut json = Vec::new();
    assert_eq!(
        store
            .export(&RowFilter::default(), None, ExportFormat::Json, &mut json)
            .unwrap(),
        4
    );
    let back: Vec<Resource> = serde_json::from_slice(&json).unwrap();
    assert_eq!(back.len(), 4);
    assert_eq!(back[1].raw["keep"], 1);
}

#[test]
fn paging_returns_the_window_and_the_total() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    store.save_refresh(full(1_000, ""), None).unwrap();
    let page = store
        .rows(&RowQuery {
            filter: RowFilter::default(),
            sort: Some(SortBy {
                column: SortColumn::Status,
                descending: false,
            }),
            offset: 1,
            limit: 2,
        })
        .unwrap();
    assert_eq!(page.total, 4);
    let got: Vec<&str> = page.rows.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(got, ["p1", "i"], "error first, then the others in the store's order");
}

#[test]
fn removing_a_connection_forgets_its_rows_and_history() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    store.save_refresh(full(1_000, ""), None).unwrap();
    store.save_refresh(full(2_000, "-b"), None).unwrap();
    store.remove_connection("c1").unwrap();
    assert!(store.inventories().unwrap().is_empty());
    assert!(ids(&store, RowFilter::default()).is_empty());
    assert_eq!(
        store.overview(&RowFilter::default()).unwrap().changes,
        ChangeSummary::default()
    );
}

#[test]
fn types_export_to_typescript() {
    let conf = specta_typescript::Typescript::default();
    for ts in [
        specta_typescript::export::<RowQuery>(&conf).unwrap(),
        specta_typescript::export::<Overview>(&conf).unwrap(),
        specta_typescript::export::<ResourceDetails>(&conf).unwrap(),
    ] {
        assert!(!ts.is_empty());
    }
}

#[test]
fn a_data_folder_that_cannot_hold_a_store_gives_a_session_store_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let not_a_folder = dir.path().join("data");
    std::fs::write(&not_a_folder, "a file where the data folder should be").unwrap();
    assert!(Store::open(&not_a_folder).is_err());

    let (store, warning) = Store::open_or_temporary(&not_a_folder).unwrap();
    let warning = warning.expect("the user is told the inventory is not kept");
    assert!(warning.message.contains("for this session only"), "{}", warning.message);
    assert!(
        warning.solution.iter().any(|s| s.contains("data folder")),
        "{:?}",
        warning.solution
    );
    store.save_refresh(full(1, "a"), None).unwrap();
    assert!(
        store.inventory("c1").unwrap().is_some(),
        "the session store keeps what is refreshed"
    );
    std::fs::remove_dir_all(store.path().parent().unwrap()).unwrap();
}

#[test]
fn a_saved_refresh_leaves_an_empty_write_ahead_log() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    store.save_refresh(full(1_000, ""), None).unwrap();
    let wal = store.path().with_extension("sqlite3-wal");
    let log = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
    assert_eq!(log, 0, "{} holds {log} bytes", wal.display());
}
