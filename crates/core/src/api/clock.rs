//! The offset between OVH's clock and ours. Signed requests carry OVH's
//! time, so a wrong local clock must not break them: the delta is fetched
//! once from `GET /auth/time` and shared by every clone of a client.

use std::future::Future;
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

#[derive(Debug, Default)]
pub struct ServerClock {
    delta: Mutex<Option<i64>>,
    /// Serializes fetches so concurrent first requests ask `/auth/time` once.
    fetching: tokio::sync::Mutex<()>,
}

impl ServerClock {
    pub fn new() -> Self {
        Self::default()
    }

    /// A clock whose delta is already known (seconds, server minus local).
    pub fn with_delta(delta: i64) -> Self {
        ServerClock {
            delta: Mutex::new(Some(delta)),
            fetching: Default::default(),
        }
    }

    pub fn delta(&self) -> Option<i64> {
        *self.delta.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Drops the cached delta (OVH said our timestamp is out of its window,
    /// e.g. after the local clock jumped); the next signed request re-fetches it.
    pub fn forget(&self) {
        *self.delta.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }

    /// Returns the cached delta, or runs `fetch_server_time` once to learn
    /// it. Concurrent callers wait for the same fetch; a failure is not
    /// cached, so the next call tries again.
    pub async fn delta_or_fetch<E, F, Fut>(&self, fetch_server_time: F) -> Result<i64, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<i64, E>>,
    {
        if let Some(delta) = self.delta() {
            return Ok(delta);
        }
        let _fetching = self.fetching.lock().await;
        if let Some(delta) = self.delta() {
            return Ok(delta);
        }
        let delta = fetch_server_time().await? - unix_now();
        *self.delta.lock().unwrap_or_else(|p| p.into_inner()) = Some(delta);
        Ok(delta)
    }
}

pub fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test]
    async fn fetched_once_failures_are_retried_and_forget_refetches() {
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
        let fetch = || async {
            calls.fetch_add(1, Ordering::SeqCst);
            Ok::<_, &str>(unix_now() - 600)
        };
        for _ in 0..3 {
            let delta = clock.delta_or_fetch(fetch).await.unwrap();
            assert!((-601..=-599).contains(&delta), "{delta}");
        }
        assert_eq!(calls.load(Ordering::SeqCst), 2);
        clock.forget();
        clock.delta_or_fetch(fetch).await.unwrap();
        assert_eq!(calls.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn concurrent_first_requests_fetch_once() {
        let clock = std::sync::Arc::new(ServerClock::new());
        let calls = std::sync::Arc::new(AtomicUsize::new(0));
        let tasks: Vec<_> = (0..10)
            .map(|_| {
                let (clock, calls) = (clock.clone(), calls.clone());
                tokio::spawn(async move {
                    clock
                        .delta_or_fetch(|| async {
                            calls.fetch_add(1, Ordering::SeqCst);
                            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                            Ok::<_, ()>(unix_now() + 5)
                        })
                        .await
                })
            })
            .collect();
        for t in tasks {
            t.await.unwrap().unwrap();
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }
}
