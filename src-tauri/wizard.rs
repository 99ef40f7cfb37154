//! What the API keys wizard holds between its steps. The application secret
//! and the consumer key stay here, in Rust memory, until they are saved to
//! the keyring; the window only ever sees whether each step succeeded.

use aurora_core::legacy::ValidatedKeys;
use aurora_core::vault::ApiCredentials;
use aurora_core::Endpoint;
use tokio::sync::Mutex;

pub struct PendingKeys {
    pub endpoint: Endpoint,
    pub credentials: ApiCredentials,
    /// Where the person authorizes the consumer key (for "open it again").
    pub validation_url: Option<String>,
    /// Set once `GET /me` succeeded with these keys.
    pub validated: Option<ValidatedKeys>,
}

#[derive(Default)]
pub struct WizardState {
    pub pending: Mutex<Option<PendingKeys>>,
}
