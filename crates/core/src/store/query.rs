//! What the window asks the store: the overview, a window of rows, one
//! resource. Filters, search and sort are applied in SQL, with the meaning
//! the dashboard gave them in memory:
//!
//! - the project filter matches a project's own row and every resource in it;
//! - the region filter matches a resource listing the region among several;
//! - search: every whitespace-separated term, lowercase, is a substring of
//!   the name, the id or an IP address (trigram index for terms of 3
//!   characters or more, a scan of the indexed text for shorter ones);
//! - sort: case-insensitive with numbers in text compared as numbers
//!   ([`natural_cmp`]), empty cells last in both directions, ties in the
//!   store's order (connection, project, kind, id).

use std::cmp::Ordering;
use std::collections::BTreeMap;

use rusqlite::types::Value as SqlValue;
use rusqlite::{params_from_iter, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::write::{StoreChange, StoreChangeKind};
use super::Store;
use crate::discovery::cache::StaleTask;
use crate::discovery::{
    costs_per_usage, CostReport, EngineKind, Inventory, ProjectCosts, Resource, ResourceKind, Status, StatusClass,
    TaskOutcome, UsageCost,
};
use crate::user_error::UserError;

/// Resources in error listed by the overview (the count is always whole).
pub const RESOURCE_ERRORS_SHOWN: u32 = 200;
/// Entries of "Changes since the last refresh" listed by the overview.
const CHANGES_SHOWN: u32 = 200;

/// A connection's saved inventory, without its resources.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StoredInventory {
    pub connection_id: String,
    pub engine: EngineKind,
    /// RFC 3339, UTC.
    pub taken_at: String,
    pub tasks: Vec<TaskOutcome>,
    /// Tasks whose rows are from an earlier refresh.
    pub stale: Vec<StaleTask>,
    pub costs: Option<CostReport>,
    pub resource_count: u32,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RowFilter {
    pub connection_id: Option<String>,
    pub kind: Option<ResourceKind>,
    pub project_id: Option<String>,
    pub region: Option<String>,
    pub status: Option<StatusClass>,
    /// Words that must all appear in the name, id or an IP address.
    pub search: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "by", rename_all = "camelCase")]
pub enum SortColumn {
    Name,
    Id,
    Kind,
    /// By the project's name.
    Project,
    Region,
    /// What needs attention first: error, unknown, in progress, stopped, ok.
    Status,
    Created,
    Ips,
    /// One of the kind's fields (`flavor`, `version`...); `numeric` sorts by its value as a number.
    Field {
        key: String,
        numeric: bool,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SortBy {
    pub column: SortColumn,
    pub descending: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RowQuery {
    pub filter: RowFilter,
    pub sort: Option<SortBy>,
    pub offset: u32,
    pub limit: u32,
}

/// One row of the table: what its columns show, without the OVH object.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ResourceRow {
    /// The store's handle for [`Store::resource`].
    pub row: i64,
    pub connection_id: String,
    pub project_id: Option<String>,
    pub kind: ResourceKind,
    pub id: String,
    pub name: String,
    /// As OVH wrote it ("GRA11, SBG5" for a private network in two regions).
    pub region: Option<String>,
    pub regions: Vec<String>,
    pub status: Status,
    pub created: Option<String>,
    pub fields: BTreeMap<String, String>,
    pub ips: Vec<String>,
    /// From an earlier refresh (its task failed this time).
    pub stale: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RowPage {
    /// Rows matching the filter, all pages together.
    pub total: u32,
    pub offset: u32,
    pub rows: Vec<ResourceRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Count<K> {
    pub key: K,
    pub count: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ProjectCount {
    pub connection_id: String,
    pub project_id: String,
    /// The project's name, or its id when the project itself was not listed.
    pub name: String,
    /// Resources in the project (the project itself not counted).
    pub count: u32,
    pub errors: u32,
    /// This month's cost so far, when known.
    pub cost: Option<f64>,
}

/// What the last refresh of each connection changed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ChangeSummary {
    /// When the refresh before the last one was taken (the latest of them
    /// across connections); `None` when no connection was refreshed twice yet.
    pub since: Option<String>,
    pub added: u32,
    pub removed: u32,
    pub status_changed: u32,
    /// The first entries, newest refresh first.
    pub changes: Vec<StoreChange>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Overview {
    pub total: u32,
    pub per_kind: Vec<Count<ResourceKind>>,
    pub per_status: Vec<Count<StatusClass>>,
    pub per_region: Vec<Count<String>>,
    pub per_project: Vec<ProjectCount>,
    pub error_count: u32,
    /// The first [`RESOURCE_ERRORS_SHOWN`] resources in error.
    pub errors: Vec<ResourceRow>,
    /// This month's costs of the projects in view.
    pub cost_total: Option<f64>,
    /// The same costs per kind of usage (instances, object storage...), largest first.
    pub cost_per_usage: Vec<UsageCost>,
    pub changes: ChangeSummary,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ResourceDetails {
    pub resource: Resource,
    pub stale: bool,
    /// When this resource was first in an inventory, and when what the store keeps of it last changed (RFC 3339, UTC).
    pub first_seen: String,
    pub last_changed: String,
    /// Its entries in the history, newest first.
    pub history: Vec<StoreChange>,
}

const ROW_COLUMNS: &str = "r.row, r.connection_id, r.project_id, r.kind, r.id, r.name, r.region, r.regions, r.status_class, r.status_raw, r.created, r.fields, r.ips";

impl Store {
    /// Every connection's saved inventory, without resources.
    pub fn inventories(&self) -> Result<Vec<StoredInventory>, UserError> {
        let conn = self.reader();
        let found = (|| {
            let mut s = conn.prepare("SELECT connection_id FROM inventories ORDER BY connection_id")?;
            let ids = s
                .query_map([], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            ids.iter()
                .filter_map(|id| read_header(&conn, id).transpose())
                .collect::<rusqlite::Result<Vec<_>>>()
        })();
        // Released first: a damaged database is set aside through the same lock.
        drop(conn);
        found.map_err(|e| self.read_failure(e))
    }

    /// One connection's saved inventory, without resources.
    pub fn inventory_header(&self, connection_id: &str) -> Result<Option<StoredInventory>, UserError> {
        let result = read_header(&self.reader(), connection_id);
        result.map_err(|e| self.read_failure(e))
    }

    /// One connection's whole saved inventory, resources included.
    pub fn inventory(&self, connection_id: &str) -> Result<Option<Inventory>, UserError> {
        let Some(header) = self.inventory_header(connection_id)? else {
            return Ok(None);
        };
        let filter = RowFilter {
            connection_id: Some(connection_id.to_owned()),
            ..RowFilter::default()
        };
        let mut resources = Vec::with_capacity(header.resource_count as usize);
        self.each_resource(&filter, None, &mut |r| {
            resources.push(r);
            Ok(())
        })?;
        Ok(Some(Inventory {
            connection_id: header.connection_id,
            engine: header.engine,
            resources,
            tasks: header.tasks,
            taken_at: header.taken_at,
        }))
    }

    /// The rows `query` asks for, and how many match in all.
    pub fn rows(&self, query: &RowQuery) -> Result<RowPage, UserError> {
        let conn = self.reader();
        let result = (|| {
            let (counts, count_args) = counted(&query.filter);
            let total: u32 = conn.query_row(
                &format!("SELECT ifnull(sum(count), 0) FROM {counts}"),
                params_from_iter(count_args.iter()),
                |r| r.get(0),
            )?;
            let (filter_sql, mut args) = where_clause(&query.filter, RegionTest::choose(&conn, &query.filter)?);
            let order = order_clause(query.sort.as_ref());
            args.push(SqlValue::Integer(i64::from(query.limit)));
            args.push(SqlValue::Integer(i64::from(query.offset)));
            let sql =
                format!("SELECT {ROW_COLUMNS} FROM resources r WHERE {filter_sql} ORDER BY {order} LIMIT ? OFFSET ?");
            let stale = StaleSets::read(&conn)?;
            let mut statement = conn.prepare(&sql)?;
            let rows = statement
                .query_map(params_from_iter(args.iter()), |r| read_row(r, &stale))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(RowPage {
                total,
                offset: query.offset,
                rows,
            })
        })();
        drop(conn);
        result.map_err(|e| self.read_failure(e))
    }

    /// Counts, errors, costs and recent changes of what `filter` lets through.
    pub fn overview(&self, filter: &RowFilter) -> Result<Overview, UserError> {
        let conn = self.reader();
        let result = overview(&conn, filter);
        drop(conn);
        result.map_err(|e| self.read_failure(e))
    }

    /// One resource, whole, with its history; `None` when it is gone.
    pub fn resource(&self, row: i64) -> Result<Option<ResourceDetails>, UserError> {
        let conn = self.reader();
        let result = (|| {
            let stale = StaleSets::read(&conn)?;
            let found = conn
                .query_row(
                    &format!(
                        "SELECT {ROW_COLUMNS}, r.raw, r.first_seen, r.last_changed FROM resources r WHERE r.row = ?1"
                    ),
                    [row],
                    |r| {
                        let shown = read_row(r, &stale)?;
                        let raw: String = r.get(13)?;
                        Ok((shown, raw, r.get::<_, String>(14)?, r.get::<_, String>(15)?))
                    },
                )
                .optional()?;
            let Some((shown, raw, first_seen, last_changed)) = found else {
                return Ok(None);
            };
            let history = read_changes(
                &conn,
                "c.connection_id = ?1 AND c.project_id = ?2 AND c.kind = ?3 AND c.id = ?4",
                &[
                    SqlValue::Text(shown.connection_id.clone()),
                    SqlValue::Text(shown.project_id.clone().unwrap_or_default()),
                    SqlValue::Text(kind_name(shown.kind).to_owned()),
                    SqlValue::Text(shown.id.clone()),
                ],
                50,
            )?;
            Ok(Some(ResourceDetails {
                stale: shown.stale,
                resource: into_resource(shown, &raw),
                first_seen,
                last_changed,
                history,
            }))
        })();
        drop(conn);
        result.map_err(|e| self.read_failure(e))
    }

    /// The store's handle of a resource, by what identifies it in an inventory.
    pub fn find_row(
        &self,
        connection_id: &str,
        project_id: Option<&str>,
        kind: ResourceKind,
        id: &str,
    ) -> Result<Option<i64>, UserError> {
        let found = self
            .reader()
            .query_row(
                "SELECT row FROM resources WHERE connection_id = ?1 AND project_id = ?2 AND kind_rank = ?3 AND id = ?4",
                rusqlite::params![connection_id, project_id.unwrap_or(""), kind_rank(kind), id],
                |r| r.get(0),
            )
            .optional();
        found.map_err(|e| self.read_failure(e))
    }

    /// What the last refresh of each connection (or of `connection_id`) changed.
    pub fn last_changes(&self, connection_id: Option<&str>) -> Result<ChangeSummary, UserError> {
        let found = last_changes(&self.reader(), connection_id);
        found.map_err(|e| self.read_failure(e))
    }

    /// Calls `each` with every resource `filter` lets through, whole, in `sort`'s order.
    pub fn each_resource(
        &self,
        filter: &RowFilter,
        sort: Option<&SortBy>,
        each: &mut dyn FnMut(Resource) -> Result<(), UserError>,
    ) -> Result<(), UserError> {
        let conn = self.reader();
        let (filter_sql, args) = where_clause(filter, RegionTest::LookedUp);
        let order = order_clause(sort);
        let sql = format!("SELECT {ROW_COLUMNS}, r.raw FROM resources r WHERE {filter_sql} ORDER BY {order}");
        let mut failed = None;
        let read = (|| {
            let stale = StaleSets::read(&conn)?;
            let mut statement = conn.prepare(&sql)?;
            let mut rows = statement.query(params_from_iter(args.iter()))?;
            while let Some(r) = rows.next()? {
                let shown = read_row(r, &stale)?;
                let raw: String = r.get(13)?;
                if let Err(e) = each(into_resource(shown, &raw)) {
                    failed = Some(e);
                    break;
                }
            }
            Ok(())
        })();
        drop(conn);
        read.map_err(|e| self.read_failure(e))?;
        failed.map_or(Ok(()), Err)
    }

    fn read_failure(&self, e: rusqlite::Error) -> UserError {
        self.failure(e, "read the saved inventory")
    }
}

fn overview(conn: &Connection, filter: &RowFilter) -> rusqlite::Result<Overview> {
    let (counts, count_args) = counted(filter);
    let (regions, region_args) = counted_regions(filter);
    let args = || params_from_iter(count_args.iter());
    let total: u32 = conn.query_row(&format!("SELECT ifnull(sum(count), 0) FROM {counts}"), args(), |r| {
        r.get(0)
    })?;
    let grouped = |column: &str| -> rusqlite::Result<Vec<(String, u32)>> {
        let mut s = conn.prepare(&format!(
            "SELECT {column}, sum(count) FROM {counts} GROUP BY 1 ORDER BY 1"
        ))?;
        let rows = s.query_map(args(), |r| Ok((r.get(0)?, r.get(1)?)))?.collect();
        rows
    };
    let mut per_kind: Vec<Count<ResourceKind>> = grouped("kind")?
        .into_iter()
        .map(|(k, count)| Count {
            key: parse_kind(&k),
            count,
        })
        .collect();
    per_kind.sort_by_key(|c| c.key);
    let mut per_status: Vec<Count<StatusClass>> = grouped("status_class")?
        .into_iter()
        .map(|(k, count)| Count {
            key: parse_status(&k),
            count,
        })
        .collect();
    per_status.sort_by_key(|c| status_order(c.key));
    let per_region = {
        let mut s = conn.prepare(&format!(
            "SELECT region, sum(count) FROM {regions} GROUP BY region ORDER BY region"
        ))?;
        let rows = s
            .query_map(params_from_iter(region_args.iter()), |r| {
                Ok(Count {
                    key: r.get(0)?,
                    count: r.get(1)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows
    };
    let saved_costs = saved_project_costs(conn)?;
    let mut costs = std::collections::HashMap::new();
    for (connection, p) in &saved_costs {
        *costs.entry((connection.clone(), p.project_id.clone())).or_insert(0.0) += p.total;
    }
    let mut per_project = {
        let mut s = conn.prepare(&format!(
            "SELECT x.connection_id, x.owner_project, sum(iif(x.kind != 'project', x.count, 0)), sum(iif(x.kind != 'project' AND x.status_class = 'error', x.count, 0)),
                    (SELECT p.name FROM resources p WHERE p.connection_id = x.connection_id AND p.project_id = '' AND p.kind_rank = 0 AND p.id = x.owner_project)
             FROM {counts} x WHERE x.owner_project IS NOT NULL GROUP BY x.connection_id, x.owner_project ORDER BY x.connection_id, x.owner_project"
        ))?;
        let rows = s
            .query_map(args(), |r| {
                let connection_id: String = r.get(0)?;
                let project_id: String = r.get(1)?;
                let cost = costs.get(&(connection_id.clone(), project_id.clone())).copied();
                Ok(ProjectCount {
                    name: r.get::<_, Option<String>>(4)?.unwrap_or_else(|| project_id.clone()),
                    connection_id,
                    project_id,
                    count: r.get(2)?,
                    errors: r.get(3)?,
                    cost,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows
    };
    per_project.sort_by(|a, b| natural_cmp(&a.name, &b.name).then_with(|| a.project_id.cmp(&b.project_id)));
    let known: Vec<f64> = per_project.iter().filter_map(|p| p.cost).collect();
    let cost_total = (!known.is_empty()).then(|| (known.iter().sum::<f64>() * 100.0).round() / 100.0);

    let error_filter = RowFilter {
        status: Some(StatusClass::Error),
        ..filter.clone()
    };
    let (error_sql, mut error_args) = where_clause(&error_filter, RegionTest::choose(conn, filter)?);
    let error_count: u32 = conn.query_row(
        &format!("SELECT ifnull(sum(count), 0) FROM {counts} WHERE status_class = 'error'"),
        args(),
        |r| r.get(0),
    )?;
    let order = order_clause(None);
    error_args.push(SqlValue::Integer(i64::from(RESOURCE_ERRORS_SHOWN)));
    let stale = StaleSets::read(conn)?;
    let errors = if error_count == 0 {
        Vec::new()
    } else {
        let mut s = conn.prepare(&format!(
            "SELECT {ROW_COLUMNS} FROM resources r WHERE {error_sql} ORDER BY {order} LIMIT ?"
        ))?;
        let rows = s
            .query_map(params_from_iter(error_args.iter()), |r| read_row(r, &stale))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows
    };
    let cost_per_usage = {
        let shown: std::collections::HashSet<(&str, &str)> = per_project
            .iter()
            .map(|p| (p.connection_id.as_str(), p.project_id.as_str()))
            .collect();
        costs_per_usage(
            saved_costs
                .iter()
                .filter(|(c, p)| shown.contains(&(c.as_str(), p.project_id.as_str())))
                .map(|(_, p)| p),
        )
    };
    Ok(Overview {
        total,
        per_kind,
        per_status,
        per_region,
        per_project,
        error_count,
        errors,
        cost_total,
        cost_per_usage,
        changes: last_changes(conn, filter.connection_id.as_deref())?,
    })
}

/// What the last refresh of each connection (or of one) changed.
fn last_changes(conn: &Connection, connection_id: Option<&str>) -> rusqlite::Result<ChangeSummary> {
    let latest = "SELECT max(id) FROM refreshes WHERE previous_taken_at IS NOT NULL AND (?1 IS NULL OR connection_id = ?1) GROUP BY connection_id";
    let mut summary = conn.query_row(
        &format!("SELECT ifnull(sum(added), 0), ifnull(sum(removed), 0), ifnull(sum(status_changed), 0), max(previous_taken_at) FROM refreshes WHERE id IN ({latest})"),
        [connection_id],
        |r| {
            Ok(ChangeSummary {
                since: r.get(3)?,
                added: r.get(0)?,
                removed: r.get(1)?,
                status_changed: r.get(2)?,
                changes: Vec::new(),
            })
        },
    )?;
    summary.changes = read_changes(
        conn,
        &format!("c.refresh IN ({})", latest.replace("?1", "?")),
        &[
            connection_id.map_or(SqlValue::Null, |c| SqlValue::Text(c.to_owned())),
            connection_id.map_or(SqlValue::Null, |c| SqlValue::Text(c.to_owned())),
        ],
        CHANGES_SHOWN,
    )?;
    Ok(summary)
}

fn read_changes(conn: &Connection, filter: &str, args: &[SqlValue], limit: u32) -> rusqlite::Result<Vec<StoreChange>> {
    let mut s = conn.prepare(&format!(
        "SELECT c.connection_id, c.project_id, c.kind, c.id, c.name, c.change, c.status_before, c.status_after, f.taken_at
         FROM changes c JOIN refreshes f ON f.id = c.refresh WHERE {filter} ORDER BY c.refresh DESC, c.rowid LIMIT {limit}"
    ))?;
    let rows = s
        .query_map(params_from_iter(args.iter()), |r| {
            Ok(StoreChange {
                connection_id: r.get(0)?,
                project_id: Some(r.get::<_, String>(1)?).filter(|p| !p.is_empty()),
                kind: parse_kind(&r.get::<_, String>(2)?),
                id: r.get(3)?,
                name: r.get(4)?,
                change: StoreChangeKind::parse(&r.get::<_, String>(5)?),
                status_before: r.get(6)?,
                status_after: r.get(7)?,
                at: r.get(8)?,
            })
        })?
        .collect();
    rows
}

/// Every project's costs of this month, with its connection, from every connection's cost report.
fn saved_project_costs(conn: &Connection) -> rusqlite::Result<Vec<(String, ProjectCosts)>> {
    let mut s = conn.prepare("SELECT connection_id, costs FROM inventories WHERE costs IS NOT NULL")?;
    let mut out = Vec::new();
    for row in s.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
        let (connection, text) = row?;
        if let Ok(report) = serde_json::from_str::<CostReport>(&text) {
            out.extend(report.projects.into_iter().map(|p| (connection.clone(), p)));
        }
    }
    Ok(out)
}

/// The stale (project, kind) pairs of every connection.
struct StaleSets(Vec<(String, String, ResourceKind)>);

impl StaleSets {
    fn read(conn: &Connection) -> rusqlite::Result<StaleSets> {
        let mut s = conn.prepare("SELECT connection_id, stale FROM inventories WHERE stale != '[]'")?;
        let mut out = Vec::new();
        for row in s.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
            let (connection, text) = row?;
            for task in serde_json::from_str::<Vec<StaleTask>>(&text).unwrap_or_default() {
                out.push((
                    connection.clone(),
                    task.task.project_id.unwrap_or_default(),
                    task.task.kind,
                ));
            }
        }
        Ok(StaleSets(out))
    }

    fn contains(&self, connection: &str, project: &str, kind: ResourceKind) -> bool {
        self.0
            .iter()
            .any(|(c, p, k)| c == connection && p == project && *k == kind)
    }
}

fn read_row(r: &rusqlite::Row<'_>, stale: &StaleSets) -> rusqlite::Result<ResourceRow> {
    let connection_id: String = r.get(1)?;
    let project: String = r.get(2)?;
    let kind = parse_kind(&r.get::<_, String>(3)?);
    let json_list = |i: usize| -> rusqlite::Result<Vec<String>> {
        Ok(serde_json::from_str(&r.get::<_, String>(i)?).unwrap_or_default())
    };
    Ok(ResourceRow {
        row: r.get(0)?,
        stale: stale.contains(&connection_id, &project, kind),
        connection_id,
        project_id: Some(project).filter(|p| !p.is_empty()),
        kind,
        id: r.get(4)?,
        name: r.get(5)?,
        region: r.get(6)?,
        regions: json_list(7)?,
        status: Status {
            class: parse_status(&r.get::<_, String>(8)?),
            raw: r.get(9)?,
        },
        created: r.get(10)?,
        fields: serde_json::from_str(&r.get::<_, String>(11)?).unwrap_or_default(),
        ips: json_list(12)?,
    })
}

fn into_resource(row: ResourceRow, raw: &str) -> Resource {
    Resource {
        connection_id: row.connection_id,
        project_id: row.project_id,
        kind: row.kind,
        id: row.id,
        name: row.name,
        region: row.region,
        status: row.status,
        created: row.created,
        fields: row.fields,
        raw: serde_json::from_str(raw).unwrap_or(serde_json::Value::Null),
    }
}

pub(super) fn read_header(conn: &Connection, connection_id: &str) -> rusqlite::Result<Option<StoredInventory>> {
    let found = conn
        .query_row(
            "SELECT engine, taken_at, tasks, stale, costs, (SELECT ifnull(sum(count), 0) FROM resource_counts c WHERE c.connection_id = i.connection_id)
             FROM inventories i WHERE connection_id = ?1",
            [connection_id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, u32>(5)?,
                ))
            },
        )
        .optional()?;
    let Some((engine, taken_at, tasks, stale, costs, resource_count)) = found else {
        return Ok(None);
    };
    let damaged = |what: &str, e: serde_json::Error| {
        rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT),
            Some(format!("the {what} saved with the inventory could not be read: {e}")),
        )
    };
    Ok(Some(StoredInventory {
        connection_id: connection_id.to_owned(),
        engine: serde_json::from_str(&engine).map_err(|e| damaged("engine", e))?,
        taken_at,
        tasks: serde_json::from_str(&tasks).map_err(|e| damaged("task outcomes", e))?,
        stale: serde_json::from_str(&stale).map_err(|e| damaged("stale tasks", e))?,
        costs: costs
            .map(|c| serde_json::from_str(&c))
            .transpose()
            .map_err(|e| damaged("costs", e))?,
        resource_count,
    }))
}

/// A table of counts (`connection_id, owner_project, kind, status_class,
/// count`) of what `filter` lets through, and its arguments: from the
/// counts kept per refresh (schema.rs), or, with a search, from the rows.
fn counted(filter: &RowFilter) -> (String, Vec<SqlValue>) {
    const COLUMNS: &str = "connection_id, owner_project, kind, status_class";
    if !search_terms(&filter.search).is_empty() {
        let (filter_sql, args) = where_clause(filter, RegionTest::LookedUp);
        return (
            format!("(SELECT {COLUMNS}, 1 AS count FROM resources r WHERE {filter_sql})"),
            args,
        );
    }
    let (conditions, mut args) = column_conditions(filter, "c");
    match &filter.region {
        None => (
            format!("(SELECT {COLUMNS}, count FROM resource_counts c WHERE {conditions})"),
            args,
        ),
        Some(region) => {
            args.insert(0, SqlValue::Text(region.clone()));
            (
                format!("(SELECT {COLUMNS}, count FROM region_counts c WHERE c.region = ? AND c.also_in = c.region AND {conditions})"),
                args,
            )
        }
    }
}

/// A table of counts per region (`region, count`) of what `filter` lets
/// through, a resource counted in each region it lists, and its arguments.
fn counted_regions(filter: &RowFilter) -> (String, Vec<SqlValue>) {
    if !search_terms(&filter.search).is_empty() {
        let (filter_sql, args) = where_clause(filter, RegionTest::LookedUp);
        return (
            format!("(SELECT g.region, 1 AS count FROM resource_regions g JOIN resources r ON r.row = g.resource WHERE {filter_sql})"),
            args,
        );
    }
    let (conditions, mut args) = column_conditions(filter, "c");
    match &filter.region {
        None => (
            format!("(SELECT c.region, c.count FROM region_counts c WHERE c.also_in = c.region AND {conditions})"),
            args,
        ),
        Some(region) => {
            args.insert(0, SqlValue::Text(region.clone()));
            (
                format!(
                    "(SELECT c.also_in AS region, c.count FROM region_counts c WHERE c.region = ? AND {conditions})"
                ),
                args,
            )
        }
    }
}

/// The filter's conditions on the columns the counts keep (connection, kind,
/// project, status) over table `t`, and their arguments.
fn column_conditions(filter: &RowFilter, t: &str) -> (String, Vec<SqlValue>) {
    let mut parts: Vec<String> = vec!["1".into()];
    let mut args = Vec::new();
    let mut text = |column: &str, value: &str| {
        parts.push(format!("{t}.{column} = ?"));
        args.push(SqlValue::Text(value.to_owned()));
    };
    if let Some(c) = &filter.connection_id {
        text("connection_id", c);
    }
    if let Some(k) = filter.kind {
        text("kind", kind_name(k));
    }
    if let Some(p) = &filter.project_id {
        text("owner_project", p);
    }
    if let Some(s) = filter.status {
        text("status_class", status_name(s));
    }
    (parts.join(" AND "), args)
}

/// How the region filter is tested when a window of rows is read.
#[derive(Clone, Copy)]
enum RegionTest {
    /// The region's rows are looked up first, then sorted: for a region with few rows.
    LookedUp,
    /// Each row is checked as the rows are read in order, so a window stops
    /// early: for a region holding a large share of the rows, where looking
    /// them all up and sorting them would take most of a second at 500,000.
    EachRow,
}

impl RegionTest {
    fn choose(conn: &Connection, filter: &RowFilter) -> rusqlite::Result<RegionTest> {
        let Some(region) = &filter.region else {
            return Ok(RegionTest::LookedUp);
        };
        let (in_region, all): (i64, i64) = conn.query_row(
            "SELECT (SELECT ifnull(sum(count), 0) FROM region_counts WHERE region = ?1 AND also_in = ?1),
                    (SELECT ifnull(sum(count), 0) FROM resource_counts)",
            [region],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(if in_region * 4 >= all {
            RegionTest::EachRow
        } else {
            RegionTest::LookedUp
        })
    }
}

/// The SQL condition of a filter (over `resources r`) and its arguments.
fn where_clause(filter: &RowFilter, region_test: RegionTest) -> (String, Vec<SqlValue>) {
    let (columns, mut args) = column_conditions(filter, "r");
    let mut parts: Vec<String> = vec![columns];
    let mut text = |part: &str, value: String, args: &mut Vec<SqlValue>| {
        parts.push(part.to_owned());
        args.push(SqlValue::Text(value));
    };
    if let Some(region) = &filter.region {
        let test = match region_test {
            RegionTest::LookedUp => "r.row IN (SELECT resource FROM resource_regions WHERE region = ?)",
            RegionTest::EachRow => {
                "EXISTS (SELECT 1 FROM resource_regions g WHERE g.region = ? AND g.resource = r.row)"
            }
        };
        text(test, region.clone(), &mut args);
    }
    let terms = search_terms(&filter.search);
    let (long, short): (Vec<&String>, Vec<&String>) = terms.iter().partition(|t| t.chars().count() >= 3);
    if !long.is_empty() {
        let phrase = long
            .iter()
            .map(|t| format!("\"{}\"", t.replace('"', "\"\"")))
            .collect::<Vec<_>>()
            .join(" AND ");
        text(
            "r.row IN (SELECT rowid FROM resource_search WHERE resource_search MATCH ?)",
            phrase,
            &mut args,
        );
    }
    for t in short {
        text("instr(r.search_text, ?) > 0", t.clone(), &mut args);
    }
    (parts.join(" AND "), args)
}

/// Lowercase terms of a search; every one must match.
pub fn search_terms(search: &str) -> Vec<String> {
    search.to_lowercase().split_whitespace().map(str::to_owned).collect()
}

/// The ORDER BY of a sort: empty cells last, then the key, then the store's order.
fn order_clause(sort: Option<&SortBy>) -> String {
    const STORE_ORDER: &str = "r.connection_id, r.project_id, r.kind_rank, r.id";
    let Some(sort) = sort else {
        return STORE_ORDER.to_owned();
    };
    let dir = if sort.descending { "DESC" } else { "ASC" };
    let natural = |text: &str| format!("ifnull({text}, '') COLLATE aurora_natural");
    let (key, empty) = match &sort.column {
        // Written as the indexes resources_by_name(_descending) are (the name is never NULL), so a page is read in order.
        SortColumn::Name => ("r.name COLLATE aurora_natural".to_owned(), "r.name = ''".to_owned()),
        SortColumn::Id => (natural("r.id"), "r.id = ''".to_owned()),
        SortColumn::Kind => ("r.kind_rank".to_owned(), "r.kind_rank < 0".to_owned()),
        SortColumn::Status => ("r.status_rank".to_owned(), "r.status_rank < 0".to_owned()),
        SortColumn::Region => (natural("r.region"), "ifnull(r.region, '') = ''".to_owned()),
        SortColumn::Created => (
            "ifnull(r.created, '')".to_owned(),
            "ifnull(r.created, '') = ''".to_owned(),
        ),
        SortColumn::Project => {
            let name = "(CASE WHEN r.project_id = '' THEN '' ELSE ifnull((SELECT p.name FROM resources p WHERE p.connection_id = r.connection_id AND p.project_id = '' AND p.kind_rank = 0 AND p.id = r.project_id), r.project_id) END)";
            (natural(name), format!("{name} = ''"))
        }
        SortColumn::Ips => (natural("r.ips"), "r.ips = '[]'".to_owned()),
        SortColumn::Field { key, numeric } => {
            // A literal path (quotes removed or doubled): the key names a field, it is never run.
            let path = format!("'$.\"{}\"'", key.replace('"', "").replace('\'', "''"));
            let text = format!("json_extract(r.fields, {path})");
            let empty = format!("ifnull({text}, '') = ''");
            let key = if *numeric {
                format!("(CASE WHEN {empty} THEN -1 ELSE ifnull({text} + 0.0, -1) END)")
            } else {
                natural(&text)
            };
            (key, empty)
        }
    };
    // Empty cells last in both directions, and the same key among them, so they keep the store's order.
    format!("{empty}, {key} {dir}, {STORE_ORDER}")
}

/// Case-insensitive, with runs of digits compared as numbers ("web-9" before "web-10").
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a.chars().peekable(), b.chars().peekable());
    loop {
        match (a.peek().copied(), b.peek().copied()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let take = |it: &mut std::iter::Peekable<std::str::Chars<'_>>| {
                    let mut digits = String::new();
                    while let Some(c) = it.peek().copied().filter(char::is_ascii_digit) {
                        digits.push(c);
                        it.next();
                    }
                    digits
                };
                let (da, db) = (take(&mut a), take(&mut b));
                let (ta, tb) = (da.trim_start_matches('0'), db.trim_start_matches('0'));
                let by_value = ta.len().cmp(&tb.len()).then_with(|| ta.cmp(tb));
                if by_value != Ordering::Equal {
                    return by_value;
                }
            }
            (Some(x), Some(y)) => {
                let order = x.to_lowercase().cmp(y.to_lowercase());
                if order != Ordering::Equal {
                    return order;
                }
                a.next();
                b.next();
            }
        }
    }
}

pub(super) fn register_functions(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_collation("aurora_natural", natural_cmp)
}

pub(super) fn kind_name(kind: ResourceKind) -> &'static str {
    match kind {
        ResourceKind::Project => "project",
        ResourceKind::Instance => "instance",
        ResourceKind::Kubernetes => "kubernetes",
        ResourceKind::Database => "database",
        ResourceKind::LoadBalancer => "loadBalancer",
        ResourceKind::ContainerRegistry => "containerRegistry",
        ResourceKind::PrivateNetwork => "privateNetwork",
        ResourceKind::ObjectStorageS3 => "objectStorageS3",
        ResourceKind::ObjectStorageSwift => "objectStorageSwift",
        ResourceKind::DedicatedServer => "dedicatedServer",
    }
}

pub(super) fn parse_kind(text: &str) -> ResourceKind {
    ResourceKind::ALL
        .into_iter()
        .find(|k| kind_name(*k) == text)
        .unwrap_or(ResourceKind::Project)
}

pub(super) fn kind_rank(kind: ResourceKind) -> i64 {
    ResourceKind::ALL.iter().position(|k| *k == kind).unwrap_or(0) as i64
}

pub(super) fn status_name(class: StatusClass) -> &'static str {
    match class {
        StatusClass::Ok => "ok",
        StatusClass::InProgress => "in_progress",
        StatusClass::Stopped => "stopped",
        StatusClass::Error => "error",
        StatusClass::Unknown => "unknown",
    }
}

fn parse_status(text: &str) -> StatusClass {
    [
        StatusClass::Ok,
        StatusClass::InProgress,
        StatusClass::Stopped,
        StatusClass::Error,
        StatusClass::Unknown,
    ]
    .into_iter()
    .find(|s| status_name(*s) == text)
    .unwrap_or(StatusClass::Unknown)
}

/// The order the overview lists statuses in.
fn status_order(class: StatusClass) -> u8 {
    match class {
        StatusClass::Ok => 0,
        StatusClass::InProgress => 1,
        StatusClass::Stopped => 2,
        StatusClass::Error => 3,
        StatusClass::Unknown => 4,
    }
}

/// Sorting by status puts what needs attention first.
pub(super) fn status_rank(class: StatusClass) -> i64 {
    match class {
        StatusClass::Error => 0,
        StatusClass::Unknown => 1,
        StatusClass::InProgress => 2,
        StatusClass::Stopped => 3,
        StatusClass::Ok => 4,
    }
}
