//! A status an action observed (an instance that reached SHUTOFF), kept
//! until the next refresh reads it from OVH, so the table shows what the
//! user just did. The row's content hash is inverted, so the next refresh
//! rewrites the row with what OVH says even when nothing else changed.

use rusqlite::params;

use super::query::{kind_name, kind_rank, status_name, status_rank};
use super::Store;
use crate::discovery::classify_status as classify;
use crate::discovery::model::rfc3339_utc;
use crate::discovery::ResourceKind;
use crate::user_error::UserError;

impl Store {
    /// Sets the OVH status (`SHUTOFF`) of one resource; `false` when the store does not hold it.
    pub fn set_status(
        &self,
        connection_id: &str,
        project_id: Option<&str>,
        kind: ResourceKind,
        id: &str,
        raw_status: &str,
    ) -> Result<bool, UserError> {
        let doing = "save the instance's new status";
        let class = classify(raw_status);
        let mut conn = self.writer().map_err(|e| self.failure(e, doing))?;
        let tx = conn.transaction().map_err(|e| self.failure(e, doing))?;
        let changed = tx
            .execute(
                "UPDATE resources SET status_class = ?5, status_rank = ?6, status_raw = ?7,
                        raw = json_set(raw, '$.status', ?7), last_changed = ?8,
                        content_hash = ~content_hash
                 WHERE connection_id = ?1 AND project_id = ?2 AND kind_rank = ?3 AND id = ?4
                   AND ifnull(status_raw, '') != ?7",
                params![
                    connection_id,
                    project_id.unwrap_or(""),
                    kind_rank(kind),
                    id,
                    status_name(class),
                    status_rank(class),
                    raw_status,
                    rfc3339_utc(crate::api::unix_now()),
                ],
            )
            .map_err(|e| self.failure(e, doing))?;
        if changed > 0 {
            // The overview's counts of the resource's kind in its project, in the same transaction.
            let owner = super::write::owner_project(kind, project_id, id);
            super::schema::recount_group(&tx, connection_id, owner, kind_name(kind))
                .map_err(|e| self.failure(e, doing))?;
        }
        tx.commit().map_err(|e| self.failure(e, doing))?;
        Ok(changed > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{full, open};
    use crate::discovery::{ResourceKind, StatusClass};
    use crate::store::RowFilter;

    #[test]
    fn an_observed_status_shows_in_the_table_and_the_counts_until_the_next_refresh() {
        let dir = tempfile::tempdir().unwrap();
        let store = open(dir.path());
        store.save_refresh(full(1_000, ""), None).unwrap();
        let instance = |store: &crate::store::Store| {
            let row = store
                .find_row("c1", Some("p1"), ResourceKind::Instance, "i")
                .unwrap()
                .unwrap();
            store.resource(row).unwrap().unwrap()
        };
        assert!(store
            .set_status("c1", Some("p1"), ResourceKind::Instance, "i", "SHUTOFF")
            .unwrap());
        let shown = instance(&store);
        assert_eq!(shown.resource.status.raw.as_deref(), Some("SHUTOFF"));
        assert_eq!(shown.resource.status.class, StatusClass::Stopped);
        assert_eq!(shown.resource.raw["status"], "SHUTOFF");
        let stopped = RowFilter {
            status: Some(StatusClass::Stopped),
            ..RowFilter::default()
        };
        assert_eq!(store.overview(&stopped).unwrap().total, 1);
        assert!(
            !store
                .set_status("c1", Some("p1"), ResourceKind::Instance, "gone", "ACTIVE")
                .unwrap(),
            "a resource the store does not hold is not invented"
        );
        store.save_refresh(full(2_000, ""), None).unwrap();
        assert_eq!(
            instance(&store).resource.status.raw.as_deref(),
            Some("RAW"),
            "the next refresh says what OVH says"
        );
    }
}
