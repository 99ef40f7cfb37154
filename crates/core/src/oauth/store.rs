//! Where token sets live between runs. The keyring vault implements
//! [`TokenStore`]; [`MemoryTokenStore`] is for tests and the demo.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::user_error::UserError;

use super::token::TokenSet;

/// Blocking on purpose (OS keyrings are synchronous): async callers run it
/// on a blocking thread.
pub trait TokenStore: Send + Sync {
    fn load(&self, connection_id: &str) -> Result<Option<TokenSet>, UserError>;
    /// Creates or replaces the set (a sign-in).
    fn save(&self, connection_id: &str, tokens: &TokenSet) -> Result<(), UserError>;
    /// Replaces the set only if the connection still has one (a renewal):
    /// `Ok(false)` when it was deleted meanwhile, so a renewal that finishes
    /// after the user forgot the connection never writes it back. Stores
    /// that others can delete from concurrently must make this atomic (the
    /// vault does); this default is for single-user test stores.
    fn replace(&self, connection_id: &str, tokens: &TokenSet) -> Result<bool, UserError> {
        if self.load(connection_id)?.is_none() {
            return Ok(false);
        }
        self.save(connection_id, tokens).map(|()| true)
    }
    fn delete(&self, connection_id: &str) -> Result<(), UserError>;
}

#[derive(Debug, Default)]
pub struct MemoryTokenStore {
    entries: Mutex<HashMap<String, TokenSet>>,
}

impl MemoryTokenStore {
    pub fn new() -> Self {
        Self::default()
    }
}

impl TokenStore for MemoryTokenStore {
    fn load(&self, connection_id: &str) -> Result<Option<TokenSet>, UserError> {
        Ok(self
            .entries
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(connection_id)
            .cloned())
    }

    fn save(&self, connection_id: &str, tokens: &TokenSet) -> Result<(), UserError> {
        self.entries
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(connection_id.to_owned(), tokens.clone());
        Ok(())
    }

    fn replace(&self, connection_id: &str, tokens: &TokenSet) -> Result<bool, UserError> {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        match entries.get_mut(connection_id) {
            Some(entry) => {
                *entry = tokens.clone();
                Ok(true)
            }
            None => Ok(false),
        }
    }

    fn delete(&self, connection_id: &str) -> Result<(), UserError> {
        self.entries
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(connection_id);
        Ok(())
    }
}
