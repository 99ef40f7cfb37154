//! A refresh saved in one transaction. The partial-failure policy is the
//! cache's ([`carried_over`]): tasks that failed this time keep their
//! previous rows, listed as stale; a refresh in which nothing succeeded
//! writes nothing. Rows whose content did not change are not written again.
//! Each refresh after the first records what it added, removed, and whose
//! status changed.

use std::collections::{HashMap, HashSet};

use rusqlite::{params, OptionalExtension, Transaction, TransactionBehavior};
use serde::{Deserialize, Serialize};

use super::query::{kind_name, kind_rank, read_header, status_name, status_rank, StoredInventory};
use super::Store;
use crate::discovery::cache::{carried_over, PreviousRefresh, StaleTask};
use crate::discovery::normalize::remove_credentials;
use crate::discovery::{CostReport, Inventory, Resource, ResourceKind};
use crate::user_error::UserError;

/// Refreshes kept in the history of each connection.
const HISTORY_KEPT: i64 = 30;

/// What saving a refresh did.
#[derive(Clone, Debug, PartialEq)]
pub enum Saved {
    /// The refresh is the inventory now (merged with the rows kept for failed tasks).
    Saved(StoredInventory),
    /// Nothing in the refresh succeeded: the previous inventory, if any, is kept.
    KeptPrevious(Option<StoredInventory>),
}

impl Saved {
    /// The inventory to show now.
    pub fn current(&self) -> Option<&StoredInventory> {
        match self {
            Saved::Saved(s) => Some(s),
            Saved::KeptPrevious(s) => s.as_ref(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum StoreChangeKind {
    Added,
    Removed,
    Status,
}

impl StoreChangeKind {
    fn name(self) -> &'static str {
        match self {
            StoreChangeKind::Added => "added",
            StoreChangeKind::Removed => "removed",
            StoreChangeKind::Status => "status",
        }
    }

    pub(super) fn parse(text: &str) -> StoreChangeKind {
        match text {
            "added" => StoreChangeKind::Added,
            "removed" => StoreChangeKind::Removed,
            _ => StoreChangeKind::Status,
        }
    }
}

/// One entry of the history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StoreChange {
    pub connection_id: String,
    pub project_id: Option<String>,
    pub kind: ResourceKind,
    pub id: String,
    pub name: String,
    pub change: StoreChangeKind,
    /// Status words (`ok`, `error`... then OVH's own word after a space) before and after.
    pub status_before: Option<String>,
    pub status_after: Option<String>,
    /// When the refresh that saw it was taken (RFC 3339, UTC).
    pub at: String,
}

/// A row already in the store, as far as the diff needs it.
struct Existing {
    row: i64,
    name: String,
    status: String,
    hash: i64,
}

type Key = (String, ResourceKind, String);

impl Store {
    /// Saves a refresh in one transaction (see the module documentation).
    pub fn save_refresh(&self, mut fresh: Inventory, costs: Option<CostReport>) -> Result<Saved, UserError> {
        // Names taken across kinds (an instance's private network) from what this refresh found.
        crate::discovery::linked_names::name_private_networks(&mut fresh.resources);
        let doing = "save the inventory";
        let mut conn = self.writer().map_err(|e| self.failure(e, doing))?;
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| self.failure(e, doing))?;
        let previous = read_header(&tx, &fresh.connection_id).map_err(|e| self.failure(e, doing))?;
        let stale = carried_over(
            previous.as_ref().map(|p| PreviousRefresh {
                tasks: &p.tasks,
                stale: &p.stale,
                taken_at: &p.taken_at,
            }),
            &fresh,
        );
        let Some(stale) = stale else {
            return Ok(Saved::KeptPrevious(previous));
        };
        let costs = costs.or_else(|| previous.as_ref().and_then(|p| p.costs.clone()));
        let header =
            write_inventory(&tx, fresh, stale, costs, previous.is_some()).map_err(|e| self.failure(e, doing))?;
        tx.commit().map_err(|e| self.failure(e, doing))?;
        // The refresh is safe in the log already; copying it into the database
        // now leaves an empty log, so the next launch has none to read first.
        if let Err(e) = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(())) {
            tracing::debug!(error = %e, "the write-ahead log is checkpointed later");
        }
        Ok(Saved::Saved(header))
    }

    /// Saves an inventory of the JSON cache as it was (stale tasks and costs included), without history.
    pub(super) fn save_imported(
        &self,
        inventory: Inventory,
        stale: Vec<StaleTask>,
        costs: Option<CostReport>,
    ) -> Result<(), UserError> {
        let doing = "import the saved inventory";
        let mut conn = self.writer().map_err(|e| self.failure(e, doing))?;
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| self.failure(e, doing))?;
        write_inventory(&tx, inventory, stale, costs, false).map_err(|e| self.failure(e, doing))?;
        tx.commit().map_err(|e| self.failure(e, doing))
    }

    /// Forgets a removed connection's inventory and history.
    pub fn remove_connection(&self, connection_id: &str) -> Result<(), UserError> {
        let doing = "forget the connection's inventory";
        let mut conn = self.writer().map_err(|e| self.failure(e, doing))?;
        let tx = conn.transaction().map_err(|e| self.failure(e, doing))?;
        for sql in [
            "DELETE FROM resources WHERE connection_id = ?1",
            "DELETE FROM inventories WHERE connection_id = ?1",
            "DELETE FROM refreshes WHERE connection_id = ?1",
        ] {
            tx.execute(sql, [connection_id]).map_err(|e| self.failure(e, doing))?;
        }
        super::schema::recount(&tx, Some(connection_id)).map_err(|e| self.failure(e, doing))?;
        tx.commit().map_err(|e| self.failure(e, doing))
    }
}

fn write_inventory(
    tx: &Transaction<'_>,
    fresh: Inventory,
    stale: Vec<StaleTask>,
    costs: Option<CostReport>,
    record_history: bool,
) -> rusqlite::Result<StoredInventory> {
    let connection = fresh.connection_id.clone();
    let at = fresh.taken_at.clone();
    let previous_taken_at: Option<String> = tx
        .query_row(
            "SELECT taken_at FROM inventories WHERE connection_id = ?1",
            [&connection],
            |r| r.get(0),
        )
        .optional()?;
    tx.execute(
        "INSERT INTO refreshes (connection_id, taken_at, previous_taken_at, added, removed, status_changed) VALUES (?1, ?2, ?3, 0, 0, 0)",
        params![connection, at, previous_taken_at],
    )?;
    let refresh = tx.last_insert_rowid();

    let mut existing: HashMap<Key, Existing> = HashMap::new();
    {
        let mut select = tx.prepare(
            "SELECT row, project_id, kind, id, name, status_class || ' ' || ifnull(status_raw, ''), content_hash FROM resources WHERE connection_id = ?1",
        )?;
        let mut rows = select.query([&connection])?;
        while let Some(r) = rows.next()? {
            let kind = super::query::parse_kind(&r.get::<_, String>(2)?);
            existing.insert(
                (r.get(1)?, kind, r.get(3)?),
                Existing {
                    row: r.get(0)?,
                    name: r.get(4)?,
                    status: r.get(5)?,
                    hash: r.get(6)?,
                },
            );
        }
    }

    let mut insert = tx.prepare(
        "INSERT INTO resources (connection_id, project_id, kind, kind_rank, id, owner_project, name, region, regions, status_class, status_rank, status_raw, created, fields, ips, raw, search_text, content_hash, first_seen, last_changed)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?19)",
    )?;
    let mut update = tx.prepare(
        "UPDATE resources SET name = ?2, region = ?3, regions = ?4, status_class = ?5, status_rank = ?6, status_raw = ?7, created = ?8, fields = ?9, ips = ?10, raw = ?11, search_text = ?12, content_hash = ?13, last_changed = ?14 WHERE row = ?1",
    )?;
    let mut change = tx.prepare(
        "INSERT INTO changes (refresh, connection_id, project_id, kind, id, name, change, status_before, status_after) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    let mut record = |key: &Key, name: &str, kind: StoreChangeKind, before: Option<&str>, after: Option<&str>| {
        change.execute(params![
            refresh,
            connection,
            key.0,
            kind_name(key.1),
            key.2,
            name,
            kind.name(),
            before,
            after
        ])
    };
    let (mut added, mut removed, mut status_changed) = (0i64, 0i64, 0i64);
    let mut written: HashSet<Key> = HashSet::new();
    for mut resource in fresh.resources {
        // Normalization already removed them; an imported older inventory may still have some.
        remove_credentials(&mut resource.raw);
        let key: Key = (
            resource.project_id.clone().unwrap_or_default(),
            resource.kind,
            resource.id.clone(),
        );
        if !written.insert(key.clone()) {
            continue; // The same resource twice in one refresh: the first is kept.
        }
        let row = RowValues::of(&resource);
        match existing.remove(&key) {
            Some(old) if old.hash == row.hash => {}
            Some(old) => {
                update.execute(params![
                    old.row,
                    resource.name,
                    resource.region,
                    row.regions,
                    status_name(resource.status.class),
                    status_rank(resource.status.class),
                    resource.status.raw,
                    resource.created,
                    row.fields,
                    row.ips,
                    row.raw,
                    row.search_text,
                    row.hash,
                    at
                ])?;
                if record_history && old.status != row.status {
                    record(
                        &key,
                        &resource.name,
                        StoreChangeKind::Status,
                        Some(old.status.trim_end()),
                        Some(row.status.trim_end()),
                    )?;
                    status_changed += 1;
                }
            }
            None => {
                insert.execute(params![
                    connection,
                    key.0,
                    kind_name(resource.kind),
                    kind_rank(resource.kind),
                    resource.id,
                    owner_project(resource.kind, resource.project_id.as_deref(), &resource.id),
                    resource.name,
                    resource.region,
                    row.regions,
                    status_name(resource.status.class),
                    status_rank(resource.status.class),
                    resource.status.raw,
                    resource.created,
                    row.fields,
                    row.ips,
                    row.raw,
                    row.search_text,
                    row.hash,
                    at
                ])?;
                if record_history {
                    record(
                        &key,
                        &resource.name,
                        StoreChangeKind::Added,
                        None,
                        Some(row.status.trim_end()),
                    )?;
                    added += 1;
                }
            }
        }
    }
    let kept = |key: &Key| {
        stale
            .iter()
            .any(|s| s.task.kind == key.1 && s.task.project_id.as_deref().unwrap_or("") == key.0)
    };
    let mut delete = tx.prepare("DELETE FROM resources WHERE row = ?1")?;
    for (key, old) in existing.iter().filter(|(key, _)| !kept(key)) {
        delete.execute([old.row])?;
        if record_history {
            record(
                key,
                &old.name,
                StoreChangeKind::Removed,
                Some(old.status.trim_end()),
                None,
            )?;
            removed += 1;
        }
    }

    tx.execute(
        "UPDATE refreshes SET added = ?2, removed = ?3, status_changed = ?4 WHERE id = ?1",
        params![refresh, added, removed, status_changed],
    )?;
    tx.execute(
        "DELETE FROM refreshes WHERE connection_id = ?1 AND id <= (SELECT id FROM refreshes WHERE connection_id = ?1 ORDER BY id DESC LIMIT 1 OFFSET ?2)",
        params![connection, HISTORY_KEPT],
    )?;
    tx.execute(
        "INSERT INTO inventories (connection_id, engine, taken_at, tasks, stale, costs, refresh) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (connection_id) DO UPDATE SET engine = excluded.engine, taken_at = excluded.taken_at, tasks = excluded.tasks,
         stale = excluded.stale, costs = excluded.costs, refresh = excluded.refresh",
        params![
            connection,
            json(&fresh.engine),
            at,
            json(&fresh.tasks),
            json(&stale),
            costs.as_ref().map(json),
            refresh
        ],
    )?;
    super::schema::recount(tx, Some(&connection))?;
    Ok(read_header(tx, &connection)?.expect("the header was just written"))
}

/// A value written as a JSON column.
fn json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).expect("store values serialize to JSON")
}

/// The project a resource belongs to for the project filter: its own id for a project.
pub(super) fn owner_project<'a>(kind: ResourceKind, project_id: Option<&'a str>, id: &'a str) -> Option<&'a str> {
    if kind == ResourceKind::Project {
        Some(id)
    } else {
        project_id
    }
}

/// The columns computed from a resource.
struct RowValues {
    regions: String,
    fields: String,
    ips: String,
    raw: String,
    search_text: String,
    status: String,
    hash: i64,
}

impl RowValues {
    fn of(r: &Resource) -> RowValues {
        let regions = serde_json::to_string(&regions_of(r.region.as_deref())).expect("strings serialize");
        let fields = serde_json::to_string(&r.fields).expect("strings serialize");
        let ip_list = ips_of(r);
        let ips = serde_json::to_string(&ip_list).expect("strings serialize");
        let raw = serde_json::to_string(&r.raw).expect("JSON values serialize");
        let mut search_text = search_text(&r.name, &r.id, &ip_list);
        // Names of what the resource uses (flavor, image, private network) are searchable too.
        for used in ["flavor", "image", "privateNetwork"]
            .iter()
            .filter_map(|k| r.fields.get(*k))
        {
            search_text.push('\n');
            search_text.push_str(&used.to_lowercase());
        }
        let status = format!(
            "{} {}",
            status_name(r.status.class),
            r.status.raw.as_deref().unwrap_or("")
        );
        let mut hash = Fnv::default();
        for part in [
            r.name.as_str(),
            r.region.as_deref().unwrap_or("\u{0}"),
            &status,
            r.created.as_deref().unwrap_or("\u{0}"),
            &fields,
            &raw,
        ] {
            hash.write(part.as_bytes());
            hash.write(&[0xff]);
        }
        RowValues {
            regions,
            fields,
            ips,
            raw,
            search_text,
            status,
            hash: hash.0 as i64,
        }
    }
}

/// A resource's regions: a private network lists several ("GRA11, SBG5").
pub fn regions_of(region: Option<&str>) -> Vec<&str> {
    region
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// Every IP address of a resource: the normalized fields (public IPv4, VIP,
/// floating IP, server IP) and, for instances, every address in the raw
/// object (private and IPv6 ones too).
pub fn ips_of(r: &Resource) -> Vec<String> {
    let mut ips: Vec<String> = Vec::new();
    let mut add = |ip: &str| {
        if !ip.is_empty() && !ips.iter().any(|i| i == ip) {
            ips.push(ip.to_owned());
        }
    };
    if let Some(addresses) = r.raw.get("ipAddresses").and_then(|a| a.as_array()) {
        for ip in addresses.iter().filter_map(|a| a.get("ip").and_then(|ip| ip.as_str())) {
            add(ip);
        }
    }
    for key in ["ipv4", "vipAddress", "floatingIp", "ip"] {
        for part in r.fields.get(key).map_or("", String::as_str).split(',') {
            add(part.trim());
        }
    }
    ips
}

/// What search looks in: name, id and IP addresses, lowercase, one per line.
pub fn search_text(name: &str, id: &str, ips: &[String]) -> String {
    let mut text = format!("{name}\n{id}");
    for ip in ips {
        text.push('\n');
        text.push_str(ip);
    }
    text.to_lowercase()
}

/// FNV-1a: a stable digest of a row's content, so unchanged rows are not
/// rewritten. (Not `std`'s hasher, whose output may change between Rust releases.)
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}
