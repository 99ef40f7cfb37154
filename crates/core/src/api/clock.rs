//! The offset between OVH's clock and ours. Signed requests carry OVH's
//! time, so a wrong local clock must not break them: the delta is fetched
//! once from `GET /auth/time` and shared by every clone of a client.

use std::future::Future;
use std::time::{SystemTime, UNIX_EPOCH};

use tokio::sync::OnceCell;

#[derive(Debug, Default)]
pub struct ServerClock {
    delta: OnceCell<i64>,
}

impl ServerClock {
    pub fn new() -> Self {
        Self::default()
    }

    /// A clock whose delta is already known (seconds, server minus local).
    pub fn with_delta(delta: i64) -> Self {
        ServerClock { delta: OnceCell::new_with(Some(delta)) }
    }

    pub fn delta(&self) -> Option<i64> {
        self.delta.get().copied()
    }

    /// Returns the cached delta, or runs `fetch_server_time` once to learn
    /// it. Concurrent callers wait for the same fetch; a failure is not
    /// cached, so the next call tries again.
    pub async fn delta_or_fetch<E, F, Fut>(&self, fetch_server_time: F) -> Result<i64, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<i64, E>>,
    {
        self.delta
            .get_or_try_init(|| async {
                let server = fetch_server_time().await?;
                Ok(server - unix_now())
            })
            .await
            .copied()
    }
}

pub fn unix_now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test]
    async fn fetched_once_and_failures_are_retried() {
        let clock = ServerClock::new();
        let calls = AtomicUsize::new(0);
        let failed: Result<i64, &str> = clock
            .delta_or_fetch(|| async {
                calls.fetch_add(1, Ordering::SeqCst);
                Err("down")
            })
            .await;
        assert!(failed.is_err());
        assert_eq!(clock.delta(), None);
        for _ in 0..3 {
            let delta = clock
                .delta_or_fetch(|| async {
                    calls.fetch_add(1, Ordering::SeqCst);
                    Ok::<_, &str>(unix_now() - 600)
                })
                .await
                .unwrap();
            assert!((-601..=-599).contains(&delta), "{delta}");
        }
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }
}
