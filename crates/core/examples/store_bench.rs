//! The inventory store at scale: a refresh's write (time per 10,000
//! resources) and the window's queries, on synthetic inventories of 50,000
//! and 500,000 resources. Prints a Markdown table; asserts nothing.
//!
//! `cargo run --release -p aurora-core --example store_bench [SIZES...]`

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use aurora_core::discovery::model::rfc3339_utc;
use aurora_core::discovery::{
    EngineKind, Inventory, Resource, ResourceKind, Status, StatusClass, TaskKey, TaskOutcome, TaskResult,
};
use aurora_core::store::{RowFilter, RowQuery, SortBy, SortColumn, Store};

const KINDS: [ResourceKind; 8] = ResourceKind::PER_PROJECT;

fn inventory(size: usize, generation: u32) -> Inventory {
    let projects = (size / 1_000).max(1);
    let mut resources = Vec::with_capacity(size);
    for p in 0..projects {
        resources.push(resource(
            None,
            ResourceKind::Project,
            format!("proj{p:05}"),
            format!("project-{p}"),
            0,
        ));
    }
    for i in 0..size - projects {
        let project = format!("proj{:05}", i % projects);
        let kind = KINDS[i % KINDS.len()];
        // One resource in a hundred changes status between generations.
        let status = u32::from(i % 100 == 0) * generation;
        resources.push(resource(
            Some(project),
            kind,
            format!("id-{i:07}"),
            format!("web-{i}"),
            status,
        ));
    }
    let mut tasks = vec![ok(TaskKey::account(ResourceKind::Project))];
    for p in 0..projects {
        for kind in KINDS {
            tasks.push(ok(TaskKey::project(format!("proj{p:05}"), kind)));
        }
    }
    Inventory {
        connection_id: "bench".into(),
        engine: EngineKind::Api,
        resources,
        tasks,
        taken_at: rfc3339_utc(1_800_000_000 + i64::from(generation)),
    }
}

fn ok(task: TaskKey) -> TaskOutcome {
    TaskOutcome {
        task,
        result: TaskResult::Ok {
            count: 0,
            skipped: 0,
            warning: None,
        },
        duration_ms: 0,
    }
}

fn resource(project: Option<String>, kind: ResourceKind, id: String, name: String, status: u32) -> Resource {
    let n = id.len() as u32 + status;
    let ip = format!("51.{}.{}.{}", n % 250, (id.as_bytes()[id.len() - 1]) % 250, id.len());
    Resource {
        connection_id: "bench".into(),
        project_id: project,
        kind,
        raw: serde_json::json!({
            "id": id, "name": name, "status": "ACTIVE", "region": "GRA11",
            "flavor": {"name": "b2-7", "vcpus": 2, "ram": 7000},
            "image": {"name": "Ubuntu 24.04"}, "ipAddresses": [{"ip": ip, "type": "public", "version": 4}],
            "created": "2026-01-02T03:04:05Z", "planCode": "b2-7.consumption", "monthlyBilling": null,
        }),
        id,
        name,
        region: Some("GRA11".into()),
        status: Status {
            class: if status % 2 == 1 {
                StatusClass::Error
            } else {
                StatusClass::Ok
            },
            raw: Some("ACTIVE".into()),
        },
        created: Some("2026-01-02T03:04:05Z".into()),
        fields: BTreeMap::from([("flavor".to_owned(), "b2-7".to_owned()), ("ipv4".to_owned(), ip)]),
    }
}

fn time<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let out = f();
    (out, start.elapsed())
}

/// Median of five runs.
fn median(mut f: impl FnMut()) -> Duration {
    let mut runs: Vec<Duration> = (0..5).map(|_| time(&mut f).1).collect();
    runs.sort();
    runs[2]
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect::<Vec<_>>();
    let sizes = if sizes.is_empty() { vec![50_000, 500_000] } else { sizes };
    println!("| resources | first write (s) | per 10,000 | second write, 1% changed (s) | per 10,000 | file (MiB) | open + overview + first 100 rows (ms) | overview (ms) | overview, region filter (ms) | rows 100 at offset 0 (ms) | rows 100 sorted by name (ms) | rows sorted by name, deep page (ms) | search 3+ chars (ms) | search 2 chars (ms) | region filter (ms) | one resource (ms) |");
    println!("|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
    for size in sizes {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = Store::open(dir.path()).unwrap();
        let first = inventory(size, 0);
        let (_, write1) = time(|| store.save_refresh(first, None).unwrap());
        let second = inventory(size, 1);
        let (_, write2) = time(|| store.save_refresh(second, None).unwrap());
        drop(store);
        let file = std::fs::metadata(dir.path().join(aurora_core::store::FILE_NAME))
            .unwrap()
            .len() as f64;
        let page = |filter: RowFilter, sort: Option<SortBy>, offset: u32| RowQuery {
            filter,
            sort,
            offset,
            limit: 100,
        };
        let (store, launch) = time(|| {
            let (store, _) = Store::open(dir.path()).unwrap();
            store.overview(&RowFilter::default()).unwrap();
            store.rows(&page(RowFilter::default(), None, 0)).unwrap();
            store
        });
        let overview = median(|| drop(store.overview(&RowFilter::default()).unwrap()));
        let first_rows = median(|| drop(store.rows(&page(RowFilter::default(), None, 0)).unwrap()));
        let by_name = Some(SortBy {
            column: SortColumn::Name,
            descending: false,
        });
        let sorted_first = median(|| drop(store.rows(&page(RowFilter::default(), by_name.clone(), 0)).unwrap()));
        let sorted = median(|| {
            drop(
                store
                    .rows(&page(RowFilter::default(), by_name.clone(), (size / 2) as u32))
                    .unwrap(),
            )
        });
        let search = |text: &str| RowFilter {
            search: text.into(),
            ..RowFilter::default()
        };
        let long = median(|| drop(store.rows(&page(search("web-1234"), None, 0)).unwrap()));
        let short = median(|| drop(store.rows(&page(search("12"), None, 0)).unwrap()));
        let region = RowFilter {
            region: Some("GRA11".into()),
            ..RowFilter::default()
        };
        let by_region = median(|| drop(store.rows(&page(region.clone(), None, 0)).unwrap()));
        let overview_region = median(|| drop(store.overview(&region).unwrap()));
        let row = store.rows(&page(RowFilter::default(), None, 7)).unwrap().rows[0].row;
        let one = median(|| drop(store.resource(row).unwrap()));
        let per = |d: Duration| format!("{:.2} s", d.as_secs_f64() * 10_000.0 / size as f64);
        println!(
            "| {size} | {:.1} | {} | {:.1} | {} | {:.0} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            write1.as_secs_f64(),
            per(write1),
            write2.as_secs_f64(),
            per(write2),
            file / 1_048_576.0,
            ms(launch),
            ms(overview),
            ms(overview_region),
            ms(first_rows),
            ms(sorted_first),
            ms(sorted),
            ms(long),
            ms(short),
            ms(by_region),
            ms(one)
        );
    }
}
