//! A process SIGKILLed (by its pid) at random points while it writes
//! refreshes to the store: each time, the store opens with the previous
//! inventory or the new one, whole, never a mix.
//!
//! The child (this test binary, started again with `STORE_KILL_CHILD` set)
//! saves generation after generation of a 3,000-resource inventory in which
//! every name carries the generation, a tenth of the resources are replaced
//! and a tenth change status, printing `saved N` after each commit. The parent kills it
//! 0–1.6 s after it is ready, then checks the store: every row of one
//! generation, as many rows as that generation has, the header's time the
//! generation's, and the generation the last one the child reported or the
//! one in flight; the overview's counts and resources in error that
//! generation's too.

mod support;

use std::collections::BTreeMap;
use std::time::Duration;

use aurora_core::discovery::model::rfc3339_utc;
use aurora_core::discovery::{
    EngineKind, Inventory, Resource, ResourceKind, Status, StatusClass, TaskKey, TaskOutcome, TaskResult,
};
use aurora_core::store::{RowFilter, RowQuery, Store};
use rand::Rng;
use support::child::ChildTest;

const CHILD_VAR: &str = "STORE_KILL_CHILD";
const SIZE: usize = 3_000;
/// Generation n is taken at this Unix time plus n seconds.
const BASE_TIME: i64 = 1_800_000_000;

fn generation(n: u32) -> Inventory {
    let resources = (0..SIZE)
        .map(|i| {
            // A tenth of the ids move on each generation: rows added and removed.
            let id = if i.is_multiple_of(10) {
                format!("r{i}-g{n}")
            } else {
                format!("r{i}")
            };
            let class = if (i as u32 + n).is_multiple_of(10) {
                StatusClass::Error
            } else {
                StatusClass::Ok
            };
            Resource {
                connection_id: "kill".into(),
                project_id: Some("p".into()),
                kind: ResourceKind::Instance,
                id,
                name: format!("gen-{n}-{i}"),
                region: Some("GRA11".into()),
                status: Status { class, raw: None },
                created: None,
                fields: BTreeMap::from([("ipv4".to_owned(), format!("10.{}.{}.{}", n % 250, i / 250, i % 250))]),
                raw: serde_json::json!({"generation": n, "padding": "x".repeat(200)}),
            }
        })
        .collect();
    Inventory {
        connection_id: "kill".into(),
        engine: EngineKind::Api,
        resources,
        tasks: vec![
            TaskOutcome {
                task: TaskKey::account(ResourceKind::Project),
                result: TaskResult::Ok {
                    count: 1,
                    skipped: 0,
                    warning: None,
                },
                duration_ms: 1,
            },
            TaskOutcome {
                task: TaskKey::project("p", ResourceKind::Instance),
                result: TaskResult::Ok {
                    count: SIZE as u32,
                    skipped: 0,
                    warning: None,
                },
                duration_ms: 1,
            },
        ],
        taken_at: rfc3339_utc(BASE_TIME + i64::from(n)),
    }
}

/// The child: writes generations until killed. Does nothing unless started by the test below.
#[test]
fn store_writer_child_process() {
    let Ok(dir) = std::env::var(CHILD_VAR) else { return };
    let (store, _) = Store::open(std::path::Path::new(&dir)).unwrap();
    let mut n = store
        .inventory_header("kill")
        .unwrap()
        .map_or(0, |h| generation_of(&h.taken_at) + 1);
    println!("ready");
    loop {
        store.save_refresh(generation(n), None).unwrap();
        println!("saved {n}");
        n += 1;
    }
}

fn generation_of(taken_at: &str) -> u32 {
    (0..100_000)
        .find(|n| rfc3339_utc(BASE_TIME + i64::from(*n)) == taken_at)
        .expect("a generation's time")
}

#[test]
fn a_refresh_write_killed_at_any_point_leaves_the_previous_or_the_new_inventory() {
    let dir = tempfile::tempdir().unwrap();
    {
        let (store, _) = Store::open(dir.path()).unwrap();
        store.save_refresh(generation(0), None).unwrap();
    }
    let mut last_saved = 0u32;
    let (mut previous, mut new) = (0, 0);
    const ROUNDS: u64 = 8;
    for round in 0..ROUNDS {
        let child = ChildTest::start_when_ready(
            "store_writer_child_process",
            CHILD_VAR,
            &dir.path().to_string_lossy(),
            Duration::from_secs(30),
        );
        std::thread::sleep(Duration::from_millis(
            round * 200 + rand::thread_rng().gen_range(0..200),
        ));
        if let Some(n) = child
            .kill()
            .iter()
            .rev()
            .find_map(|l| l.strip_prefix("saved ").and_then(|n| n.trim().parse::<u32>().ok()))
        {
            last_saved = n;
        }

        let (store, problem) = Store::open(dir.path()).unwrap();
        assert!(problem.is_none(), "round {round}: {problem:?}");
        let header = store.inventory_header("kill").unwrap().expect("an inventory is kept");
        let kept = generation_of(&header.taken_at);
        assert!(
            kept == last_saved || kept == last_saved + 1,
            "round {round}: generation {kept} kept, the child last reported {last_saved}"
        );
        let page = store
            .rows(&RowQuery {
                filter: RowFilter::default(),
                sort: None,
                offset: 0,
                limit: SIZE as u32 + 10,
            })
            .unwrap();
        assert_eq!(page.total as usize, SIZE, "round {round}: a whole generation");
        let expected = generation(kept);
        let mut want: Vec<(&str, &str, String)> = expected
            .resources
            .iter()
            .map(|r| (r.id.as_str(), r.name.as_str(), format!("{:?}", r.status.class)))
            .collect();
        let mut got: Vec<(&str, &str, String)> = page
            .rows
            .iter()
            .map(|r| (r.id.as_str(), r.name.as_str(), format!("{:?}", r.status.class)))
            .collect();
        want.sort();
        got.sort();
        assert_eq!(got, want, "round {round}: rows of generation {kept} only");
        // The overview's counts are written in the same transaction as the rows.
        let overview = store.overview(&RowFilter::default()).unwrap();
        let mut errors: Vec<&str> = expected
            .resources
            .iter()
            .filter(|r| r.status.class == StatusClass::Error)
            .map(|r| r.id.as_str())
            .collect();
        errors.sort();
        let listed: Vec<&str> = overview.errors.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(
            (overview.total as usize, overview.error_count as usize, listed),
            (SIZE, errors.len(), errors.into_iter().take(200).collect::<Vec<_>>()),
            "round {round}: the overview of generation {kept}"
        );
        if kept == last_saved {
            previous += 1;
        } else {
            new += 1;
        }
        last_saved = kept;
    }
    eprintln!("{ROUNDS} kills: {previous} kept the last reported inventory, {new} the one being written");
}
