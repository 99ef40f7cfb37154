//! The store's queries against a naive in-memory filter over random
//! inventories: the same rows, in the same order, for any filters, search,
//! sort and page; and the same overview (every count, the projects and the
//! resources in error) as counting the rows one by one, after refreshes
//! that add, change and remove resources, statuses an action observed, and
//! a connection removed.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use aurora_core::discovery::{
    classify_status, EngineKind, Inventory, Resource, ResourceKind, Status, StatusClass, TaskKey, TaskOutcome,
    TaskResult,
};
use aurora_core::store::{natural_cmp, Overview, RowFilter, RowQuery, SortBy, SortColumn, Store};
use proptest::prelude::*;

const CONNECTIONS: [&str; 2] = ["c1", "c2"];
const PROJECTS: [&str; 3] = ["p1", "p2", "p3"];
const REGIONS: [&str; 4] = ["GRA11", "SBG5", "BHS", "GRA11, SBG5"];
/// OVH statuses an action may observe (stopped, running, failed).
const OBSERVED: [&str; 3] = ["SHUTOFF", "ACTIVE", "ERROR"];
const STATUSES: [StatusClass; 5] = [
    StatusClass::Ok,
    StatusClass::InProgress,
    StatusClass::Stopped,
    StatusClass::Error,
    StatusClass::Unknown,
];

/// Short texts from a small alphabet, so searches and sorts meet ties, digits, cases and empties.
fn text() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[aAb1 0.é-]{0,6}").unwrap()
}

fn resource() -> impl Strategy<Value = Resource> {
    (
        0..CONNECTIONS.len(),
        0..ResourceKind::ALL.len(),
        0..PROJECTS.len(),
        "[ab1]{1,3}",
        text(),
        proptest::option::of(0..REGIONS.len()),
        0..STATUSES.len(),
        proptest::option::of("[0-9]{1,3}(\\.[0-9]){0,3}"),
        proptest::option::of(text()),
    )
        .prop_map(|(c, k, p, id, name, region, s, ip, flavor)| {
            let kind = ResourceKind::ALL[k];
            let mut fields = BTreeMap::new();
            if let Some(ip) = ip {
                fields.insert("ipv4".to_owned(), ip);
            }
            if let Some(flavor) = flavor {
                fields.insert("flavor".to_owned(), flavor);
            }
            Resource {
                connection_id: CONNECTIONS[c].to_owned(),
                project_id: (!kind.is_account_level()).then(|| PROJECTS[p].to_owned()),
                kind,
                // A project's id is one its resources name, so the overview finds its name.
                id: if kind == ResourceKind::Project {
                    PROJECTS[p].to_owned()
                } else {
                    id
                },
                name,
                region: region.map(|r| REGIONS[r].to_owned()),
                status: Status {
                    class: STATUSES[s],
                    raw: None,
                },
                created: None,
                fields,
                raw: serde_json::Value::Null,
            }
        })
}

fn filter() -> impl Strategy<Value = RowFilter> {
    (
        proptest::option::of(0..CONNECTIONS.len()),
        proptest::option::of(0..ResourceKind::ALL.len()),
        proptest::option::of(0..PROJECTS.len()),
        proptest::option::of(0..3usize),
        proptest::option::of(0..STATUSES.len()),
        prop_oneof![Just(String::new()), "[aAb1.é ]{1,5}", "[ab1]{3,4}"],
    )
        .prop_map(|(c, k, p, r, s, search)| RowFilter {
            connection_id: c.map(|c| CONNECTIONS[c].to_owned()),
            kind: k.map(|k| ResourceKind::ALL[k]),
            project_id: p.map(|p| PROJECTS[p].to_owned()),
            region: r.map(|r| REGIONS[r].to_owned()),
            status: s.map(|s| STATUSES[s]),
            search,
        })
}

fn sort() -> impl Strategy<Value = Option<SortBy>> {
    let column = prop_oneof![
        Just(SortColumn::Name),
        Just(SortColumn::Id),
        Just(SortColumn::Kind),
        Just(SortColumn::Region),
        Just(SortColumn::Status),
        Just(SortColumn::Field {
            key: "flavor".into(),
            numeric: false
        }),
    ];
    proptest::option::of((column, any::<bool>()).prop_map(|(column, descending)| SortBy { column, descending }))
}

/// One inventory per connection, each resource key once.
fn inventories(resources: Vec<Resource>) -> Vec<Inventory> {
    inventories_taken_at(resources, "2026-12-01T00:00:00Z")
}

fn inventories_taken_at(resources: Vec<Resource>, taken_at: &str) -> Vec<Inventory> {
    let mut seen = std::collections::HashSet::new();
    CONNECTIONS
        .iter()
        .map(|c| Inventory {
            connection_id: (*c).to_owned(),
            engine: EngineKind::Api,
            resources: resources
                .iter()
                .filter(|r| r.connection_id == *c)
                .filter(|r| seen.insert((r.connection_id.clone(), r.project_id.clone(), r.kind, r.id.clone())))
                .cloned()
                .collect(),
            tasks: vec![TaskOutcome {
                task: TaskKey::account(ResourceKind::Project),
                result: TaskResult::Ok {
                    count: 0,
                    skipped: 0,
                    warning: None,
                },
                duration_ms: 0,
            }],
            taken_at: taken_at.into(),
        })
        .collect()
}

// ---- The naive model: the dashboard's in-memory rules, written out plainly. ----

fn ips(r: &Resource) -> Vec<String> {
    r.fields
        .get("ipv4")
        .map(|v| {
            v.split(',')
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

fn regions(r: &Resource) -> Vec<String> {
    r.region
        .as_deref()
        .unwrap_or("")
        .split(',')
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

fn passes(r: &Resource, f: &RowFilter) -> bool {
    let owner = if r.kind == ResourceKind::Project {
        Some(&r.id)
    } else {
        r.project_id.as_ref()
    };
    // Name, id, IP addresses, and the names of what the resource uses.
    let used = ["flavor", "image", "privateNetwork"]
        .iter()
        .filter_map(|k| r.fields.get(*k));
    let haystack = format!("{}\n{}\n{}", r.name, r.id, ips(r).join("\n"));
    let haystack = used
        .fold(haystack, |text, name| format!("{text}\n{name}"))
        .to_lowercase();
    f.connection_id.as_ref().is_none_or(|c| &r.connection_id == c)
        && f.kind.is_none_or(|k| r.kind == k)
        && f.project_id.as_ref().is_none_or(|p| owner == Some(p))
        && f.region.as_ref().is_none_or(|g| regions(r).contains(g))
        && f.status.is_none_or(|s| r.status.class == s)
        && f.search.to_lowercase().split_whitespace().all(|t| haystack.contains(t))
}

fn severity(s: StatusClass) -> u8 {
    match s {
        StatusClass::Error => 0,
        StatusClass::Unknown => 1,
        StatusClass::InProgress => 2,
        StatusClass::Stopped => 3,
        StatusClass::Ok => 4,
    }
}

fn store_order(a: &Resource, b: &Resource) -> Ordering {
    let key = |r: &Resource| {
        (
            r.connection_id.clone(),
            r.project_id.clone().unwrap_or_default(),
            ResourceKind::ALL.iter().position(|k| *k == r.kind),
            r.id.clone(),
        )
    };
    key(a).cmp(&key(b))
}

fn naive(all: &[Resource], query: &RowQuery) -> (usize, Vec<(String, String, ResourceKind, String)>) {
    let mut rows: Vec<&Resource> = all.iter().filter(|r| passes(r, &query.filter)).collect();
    rows.sort_by(|a, b| store_order(a, b));
    if let Some(sort) = &query.sort {
        let text = |r: &Resource| -> String {
            match &sort.column {
                SortColumn::Name => r.name.clone(),
                SortColumn::Id => r.id.clone(),
                SortColumn::Region => r.region.clone().unwrap_or_default(),
                SortColumn::Field { key, .. } => r.fields.get(key).cloned().unwrap_or_default(),
                _ => "x".into(),
            }
        };
        rows.sort_by(|a, b| {
            let (ta, tb) = (text(a), text(b));
            if ta.is_empty() != tb.is_empty() {
                return if ta.is_empty() {
                    Ordering::Greater
                } else {
                    Ordering::Less
                };
            }
            let by = match sort.column {
                SortColumn::Kind => a.kind.cmp(&b.kind),
                SortColumn::Status => severity(a.status.class).cmp(&severity(b.status.class)),
                _ => natural_cmp(&ta, &tb),
            };
            if sort.descending {
                by.reverse()
            } else {
                by
            }
        });
    }
    let total = rows.len();
    let page = rows
        .into_iter()
        .skip(query.offset as usize)
        .take(query.limit as usize)
        .map(|r| {
            (
                r.connection_id.clone(),
                r.project_id.clone().unwrap_or_default(),
                r.kind,
                r.id.clone(),
            )
        })
        .collect();
    (total, page)
}

/// The overview's counts, projects and resources in error, counted one row at a time.
#[derive(Debug, PartialEq)]
struct Counted {
    total: u32,
    per_kind: Vec<(ResourceKind, u32)>,
    per_status: Vec<(StatusClass, u32)>,
    per_region: Vec<(String, u32)>,
    /// Connection, project, name, resources, errors.
    per_project: Vec<(String, String, String, u32, u32)>,
    error_count: u32,
    errors: Vec<(String, String, ResourceKind, String)>,
}

fn naive_overview(all: &[Resource], f: &RowFilter) -> Counted {
    let mut shown: Vec<&Resource> = all.iter().filter(|r| passes(r, f)).collect();
    shown.sort_by(|a, b| store_order(a, b));
    let mut per_kind = BTreeMap::new();
    let mut per_status = BTreeMap::new();
    let mut per_region = BTreeMap::new();
    let mut per_project: BTreeMap<(String, String), (u32, u32)> = BTreeMap::new();
    for r in &shown {
        *per_kind.entry(r.kind).or_insert(0) += 1;
        *per_status
            .entry(STATUSES.iter().position(|s| *s == r.status.class))
            .or_insert(0) += 1;
        let mut listed = regions(r);
        listed.dedup();
        for region in listed {
            *per_region.entry(region).or_insert(0) += 1;
        }
        let owner = if r.kind == ResourceKind::Project {
            Some(&r.id)
        } else {
            r.project_id.as_ref()
        };
        if let Some(owner) = owner {
            let entry = per_project
                .entry((r.connection_id.clone(), owner.clone()))
                .or_insert((0, 0));
            if r.kind != ResourceKind::Project {
                entry.0 += 1;
                entry.1 += u32::from(r.status.class == StatusClass::Error);
            }
        }
    }
    let project_name = |connection: &str, project: &str| {
        all.iter()
            .find(|p| p.kind == ResourceKind::Project && p.connection_id == connection && p.id == project)
            .map_or_else(|| project.to_owned(), |p| p.name.clone())
    };
    let mut per_project: Vec<_> = per_project
        .into_iter()
        .map(|((c, p), (count, errors))| (c.clone(), p.clone(), project_name(&c, &p), count, errors))
        .collect();
    per_project.sort_by(|a, b| natural_cmp(&a.2, &b.2).then_with(|| a.1.cmp(&b.1)));
    let errors: Vec<_> = shown.iter().filter(|r| r.status.class == StatusClass::Error).collect();
    Counted {
        total: shown.len() as u32,
        per_kind: per_kind.into_iter().collect(),
        per_status: per_status.into_iter().map(|(i, n)| (STATUSES[i.unwrap()], n)).collect(),
        per_region: per_region.into_iter().collect(),
        per_project,
        error_count: errors.len() as u32,
        errors: errors
            .iter()
            .take(200)
            .map(|r| {
                (
                    r.connection_id.clone(),
                    r.project_id.clone().unwrap_or_default(),
                    r.kind,
                    r.id.clone(),
                )
            })
            .collect(),
    }
}

fn counted(o: &Overview) -> Counted {
    Counted {
        total: o.total,
        per_kind: o.per_kind.iter().map(|c| (c.key, c.count)).collect(),
        per_status: o.per_status.iter().map(|c| (c.key, c.count)).collect(),
        per_region: o.per_region.iter().map(|c| (c.key.clone(), c.count)).collect(),
        per_project: o
            .per_project
            .iter()
            .map(|p| {
                (
                    p.connection_id.clone(),
                    p.project_id.clone(),
                    p.name.clone(),
                    p.count,
                    p.errors,
                )
            })
            .collect(),
        error_count: o.error_count,
        errors: o
            .errors
            .iter()
            .map(|r| {
                (
                    r.connection_id.clone(),
                    r.project_id.clone().unwrap_or_default(),
                    r.kind,
                    r.id.clone(),
                )
            })
            .collect(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn the_overview_agrees_with_counting_rows_after_refreshes_observed_statuses_and_a_removal(
        first in proptest::collection::vec(resource(), 0..60),
        second in proptest::collection::vec(resource(), 0..60),
        observed in proptest::collection::vec((any::<proptest::sample::Index>(), 0..OBSERVED.len()), 0..4),
        remove_second_connection in any::<bool>(),
        filters in proptest::collection::vec(filter(), 12),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = Store::open(dir.path()).unwrap();
        let check = |all: &[Resource], filters: &[RowFilter]| -> Result<(), TestCaseError> {
            for filter in filters {
                let got = counted(&store.overview(filter).unwrap());
                prop_assert_eq!(got, naive_overview(all, filter), "{:?}", filter);
            }
            Ok(())
        };
        let mut all: Vec<Resource> = Vec::new();
        for (resources, at) in [(first, "2026-12-01T00:00:00Z"), (second, "2026-12-02T00:00:00Z")] {
            let inventories = inventories_taken_at(resources, at);
            for inventory in &inventories {
                store.save_refresh(inventory.clone(), None).unwrap();
            }
            // A refresh in which nothing failed replaces the connection's rows.
            all = inventories.into_iter().flat_map(|i| i.resources).collect();
            check(&all, &filters)?;
        }
        // Statuses an action observed, kept in the store until the next refresh.
        if !all.is_empty() {
            for (which, raw) in &observed {
                let at = which.index(all.len());
                let r = &mut all[at];
                store.set_status(&r.connection_id, r.project_id.as_deref(), r.kind, &r.id, OBSERVED[*raw]).unwrap();
                r.status.class = classify_status(OBSERVED[*raw]);
            }
            check(&all, &filters)?;
        }
        if remove_second_connection {
            store.remove_connection(CONNECTIONS[1]).unwrap();
            all.retain(|r| r.connection_id != CONNECTIONS[1]);
            check(&all, &filters)?;
        }
    }

    #[test]
    fn queries_agree_with_a_naive_filter(
        resources in proptest::collection::vec(resource(), 0..60),
        queries in proptest::collection::vec((filter(), sort(), 0u32..30, 1u32..40), 12),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = Store::open(dir.path()).unwrap();
        let inventories = inventories(resources);
        for inventory in &inventories {
            store.save_refresh(inventory.clone(), None).unwrap();
        }
        let all: Vec<Resource> = inventories.into_iter().flat_map(|i| i.resources).collect();
        for (filter, sort, offset, limit) in queries {
            let query = RowQuery { filter, sort, offset, limit };
            let page = store.rows(&query).unwrap();
            let got: Vec<_> = page
                .rows
                .iter()
                .map(|r| (r.connection_id.clone(), r.project_id.clone().unwrap_or_default(), r.kind, r.id.clone()))
                .collect();
            let (total, expected) = naive(&all, &query);
            prop_assert_eq!(page.total as usize, total, "{:?}", query);
            prop_assert_eq!(got, expected, "{:?}", query);
            let overview = store.overview(&query.filter).unwrap();
            prop_assert_eq!(overview.total as usize, total);
            let errors = all.iter().filter(|r| passes(r, &query.filter) && r.status.class == StatusClass::Error).count();
            prop_assert_eq!(overview.error_count as usize, errors);
        }
    }
}
