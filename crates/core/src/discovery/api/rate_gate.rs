//! One pause for every request of an engine after OVH's rate limit answered.

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// After a 429 with `Retry-After`, no request of the engine is sent before
/// that time: without it, each request in flight would meet its own 429 and
/// spend the next window's budget the moment it opens.
#[derive(Debug, Default)]
pub struct RateGate {
    reopens_at: Mutex<Option<Instant>>,
}

impl RateGate {
    /// How long until requests may be sent again, if they may not now.
    pub fn closed_for(&self) -> Option<Duration> {
        let reopens_at = *self.reopens_at.lock().unwrap_or_else(|p| p.into_inner());
        reopens_at
            .map(|at| at.saturating_duration_since(Instant::now()))
            .filter(|left| !left.is_zero())
    }

    /// Closes the gate for `wait` (or longer, if it already is); true when it was open.
    pub fn close_for(&self, wait: Duration) -> bool {
        let now = Instant::now();
        let until = now + wait;
        let mut reopens_at = self.reopens_at.lock().unwrap_or_else(|p| p.into_inner());
        let was_open = reopens_at.is_none_or(|at| at <= now);
        if reopens_at.is_none_or(|at| at < until) {
            *reopens_at = Some(until);
        }
        was_open
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closes_for_the_longest_wait_and_says_when_it_was_open() {
        let gate = RateGate::default();
        assert_eq!(gate.closed_for(), None);
        assert!(gate.close_for(Duration::from_secs(30)), "it was open");
        assert!(!gate.close_for(Duration::from_secs(5)), "already closed");
        let left = gate.closed_for().unwrap();
        assert!(
            left > Duration::from_secs(25),
            "a shorter wait does not reopen it early: {left:?}"
        );
        gate.close_for(Duration::from_secs(90));
        assert!(gate.closed_for().unwrap() > Duration::from_secs(85));
    }
}
