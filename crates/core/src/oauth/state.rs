//! Pending authorizations, keyed by their random single-use `state`.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::RngCore;

use crate::region::Endpoint;
use crate::user_error::UserError;

use super::config::OAuthClientConfig;
use super::pkce::PkceVerifier;

pub const STATE_LIFETIME: Duration = Duration::from_secs(10 * 60);
/// More pending sign-ins than anyone starts by hand; the oldest goes first.
const MAX_PENDING: usize = 32;

/// Everything the callback needs, bound to one state.
#[derive(Clone, Debug)]
pub struct PendingAuthorization {
    pub endpoint: Endpoint,
    pub client: OAuthClientConfig,
    pub verifier: PkceVerifier,
    /// The exact `redirect_uri` sent in the authorization request.
    pub redirect_uri: String,
}

#[derive(Debug)]
pub struct StateStore {
    lifetime: Duration,
    pending: Mutex<HashMap<String, (Instant, PendingAuthorization)>>,
}

impl Default for StateStore {
    fn default() -> Self {
        Self::with_lifetime(STATE_LIFETIME)
    }
}

impl StateStore {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with_lifetime(lifetime: Duration) -> Self {
        StateStore {
            lifetime,
            pending: Mutex::new(HashMap::new()),
        }
    }

    /// Stores `pending` under a new random state (256 bits, base64url).
    pub fn issue(&self, pending: PendingAuthorization) -> String {
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        let state = URL_SAFE_NO_PAD.encode(bytes);
        let now = Instant::now();
        let mut map = self.pending.lock().unwrap_or_else(|p| p.into_inner());
        map.retain(|_, (created, _)| now.duration_since(*created) < self.lifetime);
        if map.len() >= MAX_PENDING {
            if let Some(oldest) = map
                .iter()
                .min_by_key(|(_, (created, _))| *created)
                .map(|(k, _)| k.clone())
            {
                map.remove(&oldest);
            }
        }
        map.insert(state.clone(), (now, pending));
        state
    }

    /// Consumes a state: it works once, within its lifetime. Unknown, reused
    /// and expired states all get "Invalid or expired state token".
    pub fn take(&self, state: &str) -> Result<PendingAuthorization, UserError> {
        let entry = self.pending.lock().unwrap_or_else(|p| p.into_inner()).remove(state);
        match entry {
            Some((created, pending)) if created.elapsed() < self.lifetime => Ok(pending),
            _ => Err(UserError::invalid_state()),
        }
    }

    /// Whether `state` belongs to a sign-in started here and not yet
    /// finished or cancelled (an expired one still counts until it is taken,
    /// so that its late answer gets "Invalid or expired state token").
    pub fn contains(&self, state: &str) -> bool {
        self.pending
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .contains_key(state)
    }

    /// Forgets a pending sign-in (the user pressed Cancel).
    pub fn cancel(&self, state: &str) -> bool {
        self.pending
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(state)
            .is_some()
    }

    pub fn pending_count(&self) -> usize {
        self.pending.lock().unwrap_or_else(|p| p.into_inner()).len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::region::Region;
    use crate::user_error::ErrorKind;

    fn pending() -> PendingAuthorization {
        PendingAuthorization {
            endpoint: Endpoint::builtin(Region::OvhEu).unwrap(),
            client: OAuthClientConfig::new("id", "secret", "aurora://ovh/oauth2/callback").unwrap(),
            verifier: PkceVerifier::generate(),
            redirect_uri: "aurora://ovh/oauth2/callback".into(),
        }
    }

    #[test]
    fn single_use() {
        let store = StateStore::new();
        let state = store.issue(pending());
        assert_eq!(state.len(), 43);
        assert!(store.take(&state).is_ok());
        assert_eq!(store.take(&state).unwrap_err().kind, ErrorKind::InvalidState);
        assert_eq!(
            store.take("unknown").unwrap_err().message,
            "Invalid or expired state token"
        );
    }

    #[test]
    fn expires() {
        let store = StateStore::with_lifetime(Duration::from_millis(20));
        let state = store.issue(pending());
        std::thread::sleep(Duration::from_millis(40));
        assert_eq!(store.take(&state).unwrap_err().kind, ErrorKind::InvalidState);
    }

    #[test]
    fn bounded_and_cancellable() {
        let store = StateStore::new();
        let first = store.issue(pending());
        for _ in 0..MAX_PENDING {
            store.issue(pending());
        }
        assert_eq!(store.pending_count(), MAX_PENDING);
        assert!(store.take(&first).is_err(), "the oldest pending sign-in was dropped");
        let s = store.issue(pending());
        assert!(store.cancel(&s));
        assert!(store.take(&s).is_err());
    }
}
