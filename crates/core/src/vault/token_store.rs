//! The OAuth refresher persists token sets through [`TokenStore`]; the vault
//! keeps them in the connection's keyring entry.
//!
//! A renewal is the dangerous moment: OVH has already rotated the refresh
//! token when its answer arrives, so until the new set is in the keyring a
//! stopped process loses the session. A large set is stored split over
//! several keyring writes (`split.rs`), which take most of a second under
//! gnome-keyring. So a renewal first writes only what changed (access token,
//! refresh token, expiry: a few hundred bytes, one keyring write) to the
//! connection's `<id>.pending` entry, then replaces the full set, then
//! deletes `<id>.pending`. Loading applies a pending entry over the full set
//! it belongs to: the result is the last completed set or the one in flight,
//! never a mix. Every step holds the vault's lock, and a renewal writes only
//! while the connection's entry still exists, so one that finishes after the
//! user forgot the connection cannot write it back.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::oauth::{AuthMethod, TokenSet, TokenStore};
use crate::secret::SecretString;
use crate::user_error::UserError;

use super::error::VaultError;
use super::store::{connection_name, Vault};

const OAUTH_METHODS: &[AuthMethod] = &[AuthMethod::AuthorizationCode, AuthMethod::ClientCredentials];

/// The part of a renewed set that changes, and which set it belongs to.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Pending {
    /// First 16 bytes of SHA-256 of the client id, in hex: the client id
    /// itself can be kilobytes long and never changes in a renewal.
    client: String,
    access_token: SecretString,
    refresh_token: Option<SecretString>,
    expires_at: i64,
}

impl Pending {
    fn of(tokens: &TokenSet) -> Pending {
        Pending {
            client: client_digest(&tokens.client_id),
            access_token: tokens.access_token.clone(),
            refresh_token: tokens.refresh_token.clone(),
            expires_at: tokens.expires_at,
        }
    }

    /// `base` with this renewal applied, when it is the set this renewal belongs to.
    fn apply(self, base: TokenSet) -> TokenSet {
        if self.client != client_digest(&base.client_id) {
            return base;
        }
        TokenSet {
            access_token: self.access_token,
            refresh_token: self.refresh_token,
            expires_at: self.expires_at,
            ..base
        }
    }
}

fn client_digest(client_id: &str) -> String {
    hex::encode(&Sha256::digest(client_id.as_bytes())[..16])
}

fn pending_name(name: &str) -> String {
    format!("{name}.pending")
}

/// Blocking, as the trait asks: callers run it on a blocking thread.
impl TokenStore for Vault {
    fn load(&self, connection_id: &str) -> Result<Option<TokenSet>, UserError> {
        let name = connection_name(connection_id)?;
        let Some(tokens) = self.read_json_of_kind::<TokenSet>(&name, OAUTH_METHODS, "OAuth2 tokens")? else {
            return Ok(None);
        };
        // A damaged pending entry is ignored: the full set is still whole.
        match self.read_json::<Pending>(&pending_name(&name)) {
            Ok(Some(pending)) => Ok(Some(pending.apply(tokens))),
            Ok(None) => Ok(Some(tokens)),
            Err(e) => {
                tracing::warn!(error = %e, "a pending token renewal could not be read; using the saved set");
                Ok(Some(tokens))
            }
        }
    }

    fn save(&self, connection_id: &str, tokens: &TokenSet) -> Result<(), UserError> {
        let name = connection_name(connection_id)?;
        let full = encode(tokens)?;
        Ok(self.locked(|backend| {
            // A pending renewal of an earlier set must not apply to this one.
            super::split::remove(backend, &pending_name(&name))?;
            super::split::write(backend, &name, &full)
        })?)
    }

    fn replace(&self, connection_id: &str, tokens: &TokenSet) -> Result<bool, UserError> {
        let name = connection_name(connection_id)?;
        let (pending, full) = (encode(&Pending::of(tokens))?, encode(tokens)?);
        Ok(self.locked(|backend| {
            let pending_name = pending_name(&name);
            // The one write between OVH rotating the refresh token and the
            // new one being safe: a JSON value this small goes in as is,
            // without reading the entry first as a split write does.
            if pending.len() <= super::split::PART_SIZE {
                backend.write(&pending_name, &pending)?;
            } else {
                super::split::write(backend, &pending_name, &pending)?;
            }
            if backend.read(&name)?.is_none() {
                // Forgotten while renewing: leave nothing behind.
                super::split::remove(backend, &pending_name)?;
                return Ok(false);
            }
            super::split::write(backend, &name, &full)?;
            if let Err(e) = super::split::remove(backend, &pending_name) {
                // Harmless: it holds what the full set now holds.
                tracing::warn!(error = %e, "a pending token renewal could not be deleted");
            }
            Ok(true)
        })?)
    }

    fn delete(&self, connection_id: &str) -> Result<(), UserError> {
        let name = connection_name(connection_id)?;
        self.delete_blocking(&name)?;
        Ok(())
    }
}

fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, VaultError> {
    serde_json::to_vec(value).map_err(|e| VaultError::Failed {
        detail: format!(
            "the secrets cannot be encoded ({})",
            crate::api::error::describe_json_error(&e)
        ),
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::region::{Endpoint, Region};
    use crate::vault::{ApiCredentials, MemoryBackend, SecretBackend};

    fn tokens(access: &str) -> TokenSet {
        TokenSet {
            provider: "ovh".into(),
            region: Region::OvhEu,
            access_token: access.into(),
            refresh_token: Some("refresh-secret".into()),
            client_id: "client-1".into(),
            expires_at: 1_900_000_000,
            auth_method: AuthMethod::AuthorizationCode,
        }
    }

    #[test]
    fn token_sets_round_trip_with_the_product_fields() {
        let backend = Arc::new(MemoryBackend::new());
        let vault = Vault::with_backend(backend.clone());
        let store: &dyn TokenStore = &vault;
        assert_eq!(store.load("c1").unwrap(), None);
        store.save("c1", &tokens("access-secret")).unwrap();
        assert_eq!(store.load("c1").unwrap(), Some(tokens("access-secret")));
        let raw: serde_json::Value = serde_json::from_slice(&backend.read("c1").unwrap().unwrap()).unwrap();
        for field in [
            "provider",
            "region",
            "accessToken",
            "refreshToken",
            "clientId",
            "expiresAt",
            "authMethod",
        ] {
            assert!(
                raw.get(field).is_some(),
                "{field} missing from {:?}",
                raw.as_object().map(|o| o.keys().collect::<Vec<_>>())
            );
        }
        assert_eq!(raw["authMethod"], "authorization_code");
        store.delete("c1").unwrap();
        store.delete("c1").unwrap();
        assert!(backend.names().is_empty());
    }

    /// Stops writing after `budget` writes, like a process killed mid-save.
    struct Crashing {
        inner: MemoryBackend,
        budget: std::sync::atomic::AtomicUsize,
    }

    impl SecretBackend for Crashing {
        fn read(&self, name: &str) -> Result<Option<Vec<u8>>, crate::vault::VaultError> {
            self.inner.read(name)
        }
        fn write(&self, name: &str, secret: &[u8]) -> Result<(), crate::vault::VaultError> {
            use std::sync::atomic::Ordering;
            if self
                .budget
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |b| b.checked_sub(1))
                .is_err()
            {
                return Err(crate::vault::VaultError::Failed {
                    detail: "stopped".into(),
                });
            }
            self.inner.write(name, secret)
        }
        fn remove(&self, name: &str) -> Result<bool, crate::vault::VaultError> {
            self.inner.remove(name)
        }
    }

    /// Issue 18 point 6: once the renewal's first write (the pending entry)
    /// is done, a process stopped at any later point keeps the new set.
    #[test]
    fn a_renewal_stopped_after_its_first_write_keeps_the_new_set() {
        let long_client = format!("client-{}", "k".repeat(2_500));
        let old = TokenSet {
            client_id: long_client.clone(),
            ..tokens("old-access")
        };
        let new = TokenSet {
            refresh_token: Some("new-refresh".into()),
            expires_at: 1_900_003_600,
            ..old.clone()
        };
        let new = TokenSet {
            access_token: "new-access".into(),
            ..new
        };
        for budget in 0..8 {
            let backend = Arc::new(Crashing {
                inner: MemoryBackend::new(),
                budget: usize::MAX.into(),
            });
            let vault = Vault::with_backend(backend.clone());
            vault.save("c1", &old).unwrap();
            backend.budget.store(budget, std::sync::atomic::Ordering::SeqCst);
            let finished = vault.replace("c1", &new).is_ok();
            let kept = vault.load("c1").unwrap().unwrap();
            assert!(kept == old || kept == new, "budget {budget}: a mix was kept");
            assert_eq!(kept == new, budget >= 1, "budget {budget} (finished: {finished})");
        }
        // A later sign-in is not overridden by a pending renewal of an earlier set.
        let backend = Arc::new(MemoryBackend::new());
        let vault = Vault::with_backend(backend.clone());
        vault.save("c1", &old).unwrap();
        backend
            .write("c1.pending", &encode(&Pending::of(&new)).unwrap())
            .unwrap();
        let signed_in_again = tokens("fresh-access");
        vault.save("c1", &signed_in_again).unwrap();
        assert_eq!(vault.load("c1").unwrap(), Some(signed_in_again));
    }

    #[test]
    fn a_renewal_never_recreates_a_deleted_connection() {
        let backend = Arc::new(MemoryBackend::new());
        let vault = Vault::with_backend(backend.clone());
        assert!(!vault.replace("c1", &tokens("a")).unwrap());
        assert!(backend.names().is_empty());
        vault.save("c1", &tokens("a")).unwrap();
        assert!(vault.replace("c1", &tokens("b")).unwrap());
        assert_eq!(vault.load("c1").unwrap(), Some(tokens("b")));
        assert_eq!(backend.names(), vec!["c1"], "the pending entry is gone");
        TokenStore::delete(&vault, "c1").unwrap();
        assert!(!vault.replace("c1", &tokens("c")).unwrap());
        assert!(backend.names().is_empty());
    }

    #[test]
    fn legacy_entries_are_not_token_sets() {
        let vault = Vault::with_backend(Arc::new(MemoryBackend::new()));
        let creds = ApiCredentials::new(&Endpoint::builtin(Region::OvhEu).unwrap(), "AK", "s".into(), "c".into());
        vault.write_json("c1", &creds).unwrap();
        let e = TokenStore::load(&vault, "c1").unwrap_err();
        assert!(
            e.message.contains("API credentials secrets, not OAuth2 tokens"),
            "{}",
            e.message
        );
    }
}
