//! The store's tables and their migrations. `PRAGMA user_version` is the
//! schema version: each entry of [`MIGRATIONS`] takes the database from its
//! index to the next version, in one transaction.
//!
//! - `inventories`: one row per connection: engine, time, task outcomes,
//!   stale tasks and costs (JSON: small, and shown whole).
//! - `resources`: one row per resource, in typed columns; lists stay lists
//!   (`regions`, `ips`: JSON arrays; regions also in `resource_regions` for
//!   the filter), `fields` the kind's shown fields (a JSON object: each kind
//!   has its own), `raw` the OVH object. `project_id` is `''` for
//!   account-level resources, so the key is unique.
//! - `resource_search`: FTS5 trigram index over `search_text` (name, id and
//!   IP addresses, lowercase), kept in step by triggers.
//! - `refreshes` and `changes`: the history, what each refresh added,
//!   removed, and whose status changed.
//! - `resource_counts` and `region_counts`: the overview's counts, rewritten
//!   for a connection in the transaction that writes its refresh
//!   ([`recount`]), so an overview sums a few thousand rows
//!   instead of counting every resource. `region_counts` has one row per
//!   pair of regions a resource lists (`region`, `also_in`, the same region
//!   included): a resource in one region is counted where `region = also_in`,
//!   and with the region filter on `region`, `also_in` gives the other
//!   regions its resources list.

use rusqlite::{params, Connection, ToSql};

pub const MIGRATIONS: &[&str] = &[
    // 0 -> 1
    r#"
    CREATE TABLE inventories (
        connection_id TEXT PRIMARY KEY,
        engine TEXT NOT NULL,
        taken_at TEXT NOT NULL,
        tasks TEXT NOT NULL,
        stale TEXT NOT NULL,
        costs TEXT,
        refresh INTEGER NOT NULL
    );
    CREATE TABLE resources (
        row INTEGER PRIMARY KEY,
        connection_id TEXT NOT NULL,
        project_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        kind_rank INTEGER NOT NULL,
        id TEXT NOT NULL,
        owner_project TEXT,
        name TEXT NOT NULL,
        region TEXT,
        regions TEXT NOT NULL,
        status_class TEXT NOT NULL,
        status_rank INTEGER NOT NULL,
        status_raw TEXT,
        created TEXT,
        fields TEXT NOT NULL,
        ips TEXT NOT NULL,
        raw TEXT NOT NULL,
        search_text TEXT NOT NULL,
        content_hash INTEGER NOT NULL,
        first_seen TEXT NOT NULL,
        last_changed TEXT NOT NULL
    );
    CREATE UNIQUE INDEX resources_in_order ON resources (connection_id, project_id, kind_rank, id);
    CREATE INDEX resources_by_kind ON resources (kind_rank, connection_id, project_id, id);
    CREATE INDEX resources_by_owner ON resources (owner_project);
    CREATE INDEX resources_by_status ON resources (status_class);
    CREATE TABLE resource_regions (
        region TEXT NOT NULL,
        resource INTEGER NOT NULL,
        PRIMARY KEY (region, resource)
    ) WITHOUT ROWID;
    CREATE INDEX resource_regions_by_resource ON resource_regions (resource);
    CREATE VIRTUAL TABLE resource_search USING fts5 (
        search_text, content = 'resources', content_rowid = 'row', tokenize = 'trigram'
    );
    CREATE TRIGGER resources_inserted AFTER INSERT ON resources BEGIN
        INSERT INTO resource_search (rowid, search_text) VALUES (new.row, new.search_text);
        INSERT OR IGNORE INTO resource_regions (region, resource) SELECT value, new.row FROM json_each(new.regions);
    END;
    CREATE TRIGGER resources_deleted AFTER DELETE ON resources BEGIN
        INSERT INTO resource_search (resource_search, rowid, search_text) VALUES ('delete', old.row, old.search_text);
        DELETE FROM resource_regions WHERE resource = old.row;
    END;
    CREATE TRIGGER resources_updated AFTER UPDATE ON resources BEGIN
        INSERT INTO resource_search (resource_search, rowid, search_text) VALUES ('delete', old.row, old.search_text);
        INSERT INTO resource_search (rowid, search_text) VALUES (new.row, new.search_text);
        DELETE FROM resource_regions WHERE resource = old.row;
        INSERT OR IGNORE INTO resource_regions (region, resource) SELECT value, new.row FROM json_each(new.regions);
    END;
    CREATE TABLE refreshes (
        id INTEGER PRIMARY KEY,
        connection_id TEXT NOT NULL,
        taken_at TEXT NOT NULL,
        previous_taken_at TEXT,
        added INTEGER NOT NULL,
        removed INTEGER NOT NULL,
        status_changed INTEGER NOT NULL
    );
    CREATE INDEX refreshes_by_connection ON refreshes (connection_id, id);
    CREATE TABLE changes (
        refresh INTEGER NOT NULL REFERENCES refreshes (id) ON DELETE CASCADE,
        connection_id TEXT NOT NULL,
        project_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        id TEXT NOT NULL,
        name TEXT NOT NULL,
        change TEXT NOT NULL,
        status_before TEXT,
        status_after TEXT
    );
    CREATE INDEX changes_by_refresh ON changes (refresh);
    CREATE INDEX changes_by_resource ON changes (connection_id, project_id, kind, id);
    "#,
    // 1 -> 2
    r#"
    CREATE TABLE resource_counts (
        connection_id TEXT NOT NULL,
        owner_project TEXT,
        kind TEXT NOT NULL,
        status_class TEXT NOT NULL,
        count INTEGER NOT NULL
    );
    CREATE INDEX resource_counts_by_connection ON resource_counts (connection_id);
    CREATE TABLE region_counts (
        connection_id TEXT NOT NULL,
        owner_project TEXT,
        kind TEXT NOT NULL,
        status_class TEXT NOT NULL,
        region TEXT NOT NULL,
        also_in TEXT NOT NULL,
        count INTEGER NOT NULL
    );
    CREATE INDEX region_counts_by_region ON region_counts (region, connection_id);
    CREATE INDEX region_counts_by_connection ON region_counts (connection_id);
    -- The overview's first resources in error, in the store's order, without a sort.
    DROP INDEX resources_by_status;
    CREATE INDEX resources_by_status ON resources (status_class, connection_id, project_id, kind_rank, id);
    -- A page sorted by name, either way, read in order (query.rs's ORDER BY for the name, written the same way).
    CREATE INDEX resources_by_name ON resources (name = '', name COLLATE aurora_natural, connection_id, project_id, kind_rank, id);
    CREATE INDEX resources_by_name_descending ON resources (name = '', name COLLATE aurora_natural DESC, connection_id, project_id, kind_rank, id);
    "#,
];

/// The version whose migration adds the overview's counts, built by [`recount`] from the rows already there.
const COUNTS_ADDED: u32 = 2;

/// Rewrites the overview's counts of one connection (or of every one) from
/// its rows; run in the transaction that changed them.
pub fn recount(conn: &Connection, connection_id: Option<&str>) -> rusqlite::Result<()> {
    recount_rows(conn, "(?1 IS NULL OR connection_id = ?1)", params![connection_id])
}

/// Rewrites the counts of one connection's resources of one kind in one
/// project (`None`: account-level), after one of them changed outside a refresh.
pub fn recount_group(
    conn: &Connection,
    connection_id: &str,
    owner_project: Option<&str>,
    kind: &str,
) -> rusqlite::Result<()> {
    recount_rows(
        conn,
        "connection_id = ?1 AND owner_project IS ?2 AND kind = ?3",
        params![connection_id, owner_project, kind],
    )
}

/// `condition` names columns of `resources` that the counts keep too.
fn recount_rows(conn: &Connection, condition: &str, args: &[&dyn ToSql]) -> rusqlite::Result<()> {
    for sql in [
        format!("DELETE FROM resource_counts WHERE {condition}"),
        format!(
            "INSERT INTO resource_counts SELECT connection_id, owner_project, kind, status_class, count(*)
             FROM resources WHERE {condition} GROUP BY connection_id, owner_project, kind, status_class"
        ),
        format!("DELETE FROM region_counts WHERE {condition}"),
        format!(
            "INSERT INTO region_counts SELECT connection_id, owner_project, kind, status_class, a.region, b.region, count(*)
             FROM resources r JOIN resource_regions a ON a.resource = r.row JOIN resource_regions b ON b.resource = r.row
             WHERE {condition} GROUP BY connection_id, owner_project, kind, status_class, a.region, b.region"
        ),
    ] {
        conn.execute(&sql, args)?;
    }
    Ok(())
}

/// The version this build writes.
pub fn current_version() -> u32 {
    MIGRATIONS.len() as u32
}

/// Brings the database to [`current_version`]. A database from a newer
/// Aurora is refused as "not a database" for this one (it is set aside).
pub fn migrate(conn: &Connection) -> rusqlite::Result<()> {
    let version: u32 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if version > current_version() {
        return Err(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_NOTADB),
            Some(format!(
                "its schema version {version} is from a newer version of Aurora"
            )),
        ));
    }
    for (from, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        let to = from as u32 + 1;
        (|| {
            conn.execute_batch(&format!("BEGIN IMMEDIATE; {sql};"))?;
            if to == COUNTS_ADDED {
                recount(conn, None)?;
            }
            conn.execute_batch(&format!("PRAGMA user_version = {to}; COMMIT;"))
        })()
        .inspect_err(|_| {
            let _ = conn.execute_batch("ROLLBACK");
        })?;
    }
    Ok(())
}
