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
    fn save(&self, connection_id: &str, tokens: &TokenSet) -> Result<(), UserError>;
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

    fn delete(&self, connection_id: &str) -> Result<(), UserError> {
        self.entries
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(connection_id);
        Ok(())
    }
}
