//! What a running discovery tells the UI, and how it is stopped.

use serde::{Deserialize, Serialize};
use tokio::sync::{mpsc, watch};

use super::model::TaskKey;
use crate::user_error::UserError;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "event", rename_all = "camelCase")]
pub enum DiscoveryEvent {
    TaskStarted {
        task: TaskKey,
    },
    #[serde(rename_all = "camelCase")]
    TaskDone {
        task: TaskKey,
        count: u32,
    },
    TaskFailed {
        task: TaskKey,
        error: UserError,
    },
    TaskCancelled {
        task: TaskKey,
    },
    /// OVH answered 429: no request is sent for `wait_seconds`, then the
    /// refresh goes on by itself.
    #[serde(rename_all = "camelCase")]
    RateLimited {
        wait_seconds: u32,
    },
    /// Last event of a run.
    #[serde(rename_all = "camelCase")]
    Finished {
        resources: u32,
        failed_tasks: u32,
        cancelled: bool,
    },
}

/// Where events go; a closed or absent receiver is fine.
#[derive(Clone, Debug, Default)]
pub struct Progress(Option<mpsc::UnboundedSender<DiscoveryEvent>>);

impl Progress {
    pub fn none() -> Progress {
        Progress(None)
    }

    pub fn channel() -> (Progress, mpsc::UnboundedReceiver<DiscoveryEvent>) {
        let (tx, rx) = mpsc::unbounded_channel();
        (Progress(Some(tx)), rx)
    }

    pub fn send(&self, event: DiscoveryEvent) {
        if let Some(tx) = &self.0 {
            let _ = tx.send(event);
        }
    }
}

/// Cancels a discovery: running CLI processes are killed, queued tasks are
/// reported as cancelled. Clones share the same state.
#[derive(Clone, Debug)]
pub struct CancelToken {
    tx: std::sync::Arc<watch::Sender<bool>>,
}

impl Default for CancelToken {
    fn default() -> Self {
        Self::new()
    }
}

impl CancelToken {
    /// True when `other` is a clone of this token (the same switch).
    pub fn same_as(&self, other: &CancelToken) -> bool {
        std::sync::Arc::ptr_eq(&self.tx, &other.tx)
    }

    pub fn new() -> CancelToken {
        CancelToken {
            tx: std::sync::Arc::new(watch::channel(false).0),
        }
    }

    pub fn cancel(&self) {
        self.tx.send_replace(true);
    }

    pub fn is_cancelled(&self) -> bool {
        *self.tx.borrow()
    }

    /// Resolves once [`CancelToken::cancel`] has been called.
    pub async fn cancelled(&self) {
        let mut rx = self.tx.subscribe();
        // The sender lives in self, so wait_for cannot fail while we borrow it.
        let _ = rx.wait_for(|c| *c).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn cancel_wakes_waiters() {
        let token = CancelToken::new();
        let waiter = {
            let t = token.clone();
            tokio::spawn(async move { t.cancelled().await })
        };
        tokio::time::sleep(Duration::from_millis(10)).await;
        assert!(!token.is_cancelled());
        token.cancel();
        tokio::time::timeout(Duration::from_secs(2), waiter)
            .await
            .unwrap()
            .unwrap();
        // Already cancelled: returns at once.
        tokio::time::timeout(Duration::from_millis(100), token.cancelled())
            .await
            .unwrap();
    }
}
