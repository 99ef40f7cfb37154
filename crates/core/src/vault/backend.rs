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

impl SecretBackend for OsKeyring {
    fn read(&self, name: &str) -> Result<Option<Vec<u8>>, VaultError> {
        match self.entry(name)?.get_secret() {
            Ok(bytes) => Ok(Some(bytes)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(VaultError::from_keyring(e)),
        }
    }

    fn write(&self, name: &str, secret: &[u8]) -> Result<(), VaultError> {
        self.entry(name)?.set_secret(secret).map_err(VaultError::from_keyring)
    }

    fn remove(&self, name: &str) -> Result<bool, VaultError> {
        match self.entry(name)?.delete_credential() {
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
