//! Where secret bytes physically go: the OS credential store through the
//! `keyring` crate (Secret Service on Linux, Keychain on macOS, Credential
//! Manager on Windows), or memory for tests and the offline demo.
//!
//! Backends are blocking; [`super::Vault`] calls them on tokio's blocking
//! pool. There is deliberately no file backend: when the keyring is missing
//! Aurora says so instead of writing secrets to disk.

use std::collections::HashMap;
use std::sync::Mutex;

use super::error::VaultError;

/// One named secret per entry, as raw bytes.
pub trait SecretBackend: Send + Sync {
    /// `Ok(None)` when there is no such entry.
    fn read(&self, name: &str) -> Result<Option<Vec<u8>>, VaultError>;
    fn write(&self, name: &str, secret: &[u8]) -> Result<(), VaultError>;
    /// Returns whether an entry was there.
    fn remove(&self, name: &str) -> Result<bool, VaultError>;
}

/// The OS credential store. Every entry lives under one `service` name
/// (`aurora`), the entry name being the keyring "user".
#[derive(Clone, Debug)]
pub struct OsKeyring {
    service: String,
}

/// The keyring service name of Aurora's entries.
pub const SERVICE: &str = "aurora";

impl OsKeyring {
    pub fn new() -> Self {
        Self::with_service(SERVICE)
    }

    /// Another service name, so tests never touch the app's own entries.
    pub fn with_service(service: impl Into<String>) -> Self {
        OsKeyring {
            service: service.into(),
        }
    }

    fn entry(&self, name: &str) -> Result<keyring::Entry, VaultError> {
        keyring::Entry::new(&self.service, name).map_err(VaultError::from_keyring)
    }
}

impl Default for OsKeyring {
    fn default() -> Self {
        Self::new()
    }
}

/// Runs a keyring call once more when the Secret Service went away in the
/// middle of it (gnome-keyring crashed or was restarted): D-Bus starts the
/// service again on the next call, so the person does not see a one-off
/// failure. Every call here is safe to repeat: reads, whole-value writes and
/// removals.
fn once_more_if_the_service_restarted<T>(call: impl Fn() -> keyring::Result<T>) -> keyring::Result<T> {
    // What D-Bus and the Secret Service answer when the service went away
    // during a call, or came back without the session the call had opened.
    const RESTARTED: [&str; 2] = [
        "disconnected from message bus",
        "session wrapping the secret does not exist",
    ];
    match call() {
        Err(keyring::Error::PlatformFailure(e)) if RESTARTED.iter().any(|r| e.to_string().contains(r)) => {
            tracing::warn!("the Secret Service left in the middle of a call; trying once more");
            call()
        }
        other => other,
    }
}

impl SecretBackend for OsKeyring {
    fn read(&self, name: &str) -> Result<Option<Vec<u8>>, VaultError> {
        let entry = self.entry(name)?;
        match once_more_if_the_service_restarted(|| entry.get_secret()) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(VaultError::from_keyring(e)),
        }
    }

    fn write(&self, name: &str, secret: &[u8]) -> Result<(), VaultError> {
        let entry = self.entry(name)?;
        once_more_if_the_service_restarted(|| entry.set_secret(secret)).map_err(VaultError::from_keyring)
    }

    fn remove(&self, name: &str) -> Result<bool, VaultError> {
        let entry = self.entry(name)?;
        match once_more_if_the_service_restarted(|| entry.delete_credential()) {
            Ok(()) => Ok(true),
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(e) => Err(VaultError::from_keyring(e)),
        }
    }
}

/// Secrets kept in this process only (tests, the offline demo). Lost on exit.
#[derive(Debug, Default)]
pub struct MemoryBackend {
    entries: Mutex<HashMap<String, Vec<u8>>>,
}

impl MemoryBackend {
    pub fn new() -> Self {
        Self::default()
    }

    /// Entry names currently held (tests check for leftovers).
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.lock().keys().cloned().collect();
        names.sort();
        names
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Vec<u8>>> {
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl SecretBackend for MemoryBackend {
    fn read(&self, name: &str) -> Result<Option<Vec<u8>>, VaultError> {
        Ok(self.lock().get(name).cloned())
    }

    fn write(&self, name: &str, secret: &[u8]) -> Result<(), VaultError> {
        self.lock().insert(name.to_owned(), secret.to_vec());
        Ok(())
    }

    fn remove(&self, name: &str) -> Result<bool, VaultError> {
        Ok(self.lock().remove(name).is_some())
    }
}

#[cfg(test)]
mod retry_tests {
    use std::cell::Cell;

    use super::once_more_if_the_service_restarted;

    fn failure(text: &str) -> keyring::Error {
        keyring::Error::PlatformFailure(text.to_owned().into())
    }

    #[test]
    fn a_call_the_secret_service_dropped_is_tried_once_more_and_nothing_else_is() {
        let calls = Cell::new(0);
        let dropped_once = once_more_if_the_service_restarted(|| {
            calls.set(calls.get() + 1);
            match calls.get() {
                1 => Err(failure(
                    "DBus error: Message recipient disconnected from message bus without replying",
                )),
                _ => Ok("secret"),
            }
        });
        assert_eq!((dropped_once.unwrap(), calls.get()), ("secret", 2));

        calls.set(0);
        let new_session = once_more_if_the_service_restarted(|| {
            calls.set(calls.get() + 1);
            match calls.get() {
                1 => Err(failure("DBus error: The session wrapping the secret does not exist")),
                _ => Ok(()),
            }
        });
        assert!(
            new_session.is_ok() && calls.get() == 2,
            "a restarted service's lost session"
        );

        calls.set(0);
        let always: keyring::Result<()> = once_more_if_the_service_restarted(|| {
            calls.set(calls.get() + 1);
            Err(failure(
                "DBus error: Message recipient disconnected from message bus without replying",
            ))
        });
        assert!(always.is_err());
        assert_eq!(calls.get(), 2, "once more, not forever");

        calls.set(0);
        let locked: keyring::Result<()> = once_more_if_the_service_restarted(|| {
            calls.set(calls.get() + 1);
            Err(failure("The collection is locked"))
        });
        assert!(locked.is_err());
        assert_eq!(calls.get(), 1, "other failures are not repeated");
    }
}
