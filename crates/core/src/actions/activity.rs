//! Recent API activity of a connection: the calls made with its own
//! credentials (`GET /me/api/logs/self`, then `GET /me/api/logs/self/{logId}`),
//! by Aurora or anything else using the same key.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::api::ApiClient;
use crate::user_error::UserError;

/// One call, as the activity view shows it (OVH's `api.Log`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ApiCall {
    pub log_id: u64,
    /// RFC 3339.
    pub date: String,
    pub method: String,
    pub path: String,
    /// The source IP.
    pub ip: String,
}

/// Log reads at once.
const IN_FLIGHT: usize = 8;

/// The `limit` newest calls, newest first. Log ids grow with time, so the
/// `limit` largest ids are the newest; only those are read.
pub async fn recent_activity(client: &ApiClient, limit: usize) -> Result<Vec<ApiCall>, UserError> {
    let mut ids: Vec<u64> = client.get("/me/api/logs/self").await?;
    ids.sort_unstable_by(|a, b| b.cmp(a));
    ids.truncate(limit);
    let gate = Arc::new(Semaphore::new(IN_FLIGHT));
    let mut reads = JoinSet::new();
    for id in ids {
        let (client, gate) = (client.clone(), gate.clone());
        reads.spawn(async move {
            let _permit = gate.acquire_owned().await;
            client.get::<ApiCall>(&format!("/me/api/logs/self/{id}")).await
        });
    }
    let mut calls = Vec::new();
    while let Some(joined) = reads.join_next().await {
        match joined {
            Ok(Ok(call)) => calls.push(call),
            // A log that expired between the list and the read is simply gone.
            Ok(Err(crate::ApiError::NotFound(_))) => {}
            Ok(Err(e)) => return Err(e.into()),
            Err(e) => tracing::error!(error = %e, "reading an API log panicked"),
        }
    }
    calls.sort_by(|a, b| b.date.cmp(&a.date).then(b.log_id.cmp(&a.log_id)));
    Ok(calls)
}
