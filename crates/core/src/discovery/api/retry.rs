//! When a failed GET is worth sending again, and how long to wait first.
//!
//! Transient failures (429, 5xx, a connection that dropped or could not be
//! made) are retried a bounded number of times with capped exponential
//! backoff and full jitter, so many clients that failed together do not
//! come back together. A 429's `Retry-After` is honoured (plus a little
//! jitter) unless it is longer than `max_retry_after` (a minute, the
//! longest window a per-minute limit can ask for), in which case the error
//! is returned at once: a refresh should not stall for minutes.
//! Timeouts are not retried: the per-request timeout already bounds the wait.

use std::time::Duration;

use rand::Rng;

use crate::api::ApiError;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (so at most `1 + max_retries` requests).
    pub max_retries: u32,
    /// First backoff ceiling; doubles with every retry.
    pub base_delay: Duration,
    /// Ceiling of any backoff.
    pub max_delay: Duration,
    /// A longer `Retry-After` is not waited for.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> RetryPolicy {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// How long to wait before retry number `retry` (0-based) after `error`,
    /// or `None` when the error must be returned.
    pub fn delay(&self, retry: u32, error: &ApiError) -> Option<Duration> {
        if retry >= self.max_retries {
            return None;
        }
        let mut rng = rand::thread_rng();
        match error {
            ApiError::RateLimited {
                retry_after: Some(after),
                ..
            } => {
                if *after > self.max_retry_after {
                    return None;
                }
                let spread = self.base_delay.as_millis().min(1_000) as u64;
                Some(*after + Duration::from_millis(rng.gen_range(0..=spread)))
            }
            ApiError::RateLimited { retry_after: None, .. } | ApiError::Server(_) | ApiError::Unreachable { .. } => {
                let ceiling = self.backoff_ceiling(retry).as_millis() as u64;
                Some(Duration::from_millis(rng.gen_range(ceiling / 2..=ceiling.max(1))))
            }
            _ => None,
        }
    }

    fn backoff_ceiling(&self, retry: u32) -> Duration {
        self.base_delay
            .saturating_mul(1u32 << retry.min(16))
            .min(self.max_delay)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ErrorContext;

    fn limited(after: Option<u64>) -> ApiError {
        ApiError::RateLimited {
            ctx: Box::default(),
            retry_after: after.map(Duration::from_secs),
        }
    }

    #[test]
    fn bounded_exponential_with_jitter() {
        let policy = RetryPolicy {
            max_retries: 4,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(300),
            ..RetryPolicy::default()
        };
        let server = ApiError::Server(Box::<ErrorContext>::default());
        for _ in 0..50 {
            let d0 = policy.delay(0, &server).unwrap();
            assert!(
                (Duration::from_millis(50)..=Duration::from_millis(100)).contains(&d0),
                "{d0:?}"
            );
            let d1 = policy.delay(1, &server).unwrap();
            assert!(
                (Duration::from_millis(100)..=Duration::from_millis(200)).contains(&d1),
                "{d1:?}"
            );
            let d3 = policy.delay(3, &server).unwrap();
            assert!(d3 <= Duration::from_millis(300), "capped: {d3:?}");
        }
        assert_eq!(policy.delay(4, &server), None, "no fifth retry");
    }

    #[test]
    fn retry_after_is_honoured_unless_too_long() {
        let policy = RetryPolicy::default();
        let d = policy.delay(0, &limited(Some(2))).unwrap();
        assert!(
            d >= Duration::from_secs(2) && d <= Duration::from_millis(2_500),
            "{d:?}"
        );
        assert_eq!(policy.delay(0, &limited(Some(120))), None);
        assert!(policy.delay(0, &limited(None)).is_some());
    }

    #[test]
    fn permanent_errors_are_not_retried() {
        let policy = RetryPolicy::default();
        let ctx = Box::<ErrorContext>::default;
        for e in [
            ApiError::NotGranted(ctx()),
            ApiError::IamDenied {
                ctx: ctx(),
                action: "a".into(),
            },
            ApiError::NotFound(ctx()),
            ApiError::Malformed {
                ctx: ctx(),
                detail: "x".into(),
            },
            ApiError::Timeout {
                ctx: ctx(),
                after: Duration::from_secs(1),
            },
        ] {
            assert_eq!(policy.delay(0, &e), None, "{e:?}");
        }
        assert_eq!(RetryPolicy::none().delay(0, &limited(Some(1))), None);
    }
}
