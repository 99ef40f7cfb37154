//! Secrets in the OS keyring (Secret Service on Linux, Keychain on macOS,
//! Credential Manager on Windows), never in a file.
//!
//! One entry per connection (service `aurora`, user = the connection id)
//! holds a small JSON object with the product document's "Token Storage"
//! fields: provider `ovh`, endpoint, then either the OAuth tokens (access
//! token, refresh token, client id, expires at, auth method
//! `authorization_code`) or the legacy keys (application key and secret,
//! consumer key, auth method `api_credentials`). One more entry per authorization
//! server, `oauth-client/<issuer>` (e.g. `oauth-client/https://www.ovh.com`),
//! keeps an OAuth2 client's id and secret, and `oauth-client-index` lists
//! those issuers (the keyring cannot be searched). Values over 2 KiB are split across numbered entries (Windows
//! allows 2560 bytes per credential), see [`split`].
//!
//! ```ignore
//! let vault = Vault::os_keyring();
//! vault.check_available().await?;            // a clear message when no keyring runs
//! vault.save_api_credentials(&id, &ApiCredentials::new(&endpoint, ak, as_, ck)).await?;
//! let keys = vault.load_api_credentials(&id).await?;
//! vault.delete_connection(&id).await?;
//! ```

mod backend;
mod error;
mod records;
pub mod split;
mod store;
mod token_store;

pub use backend::{MemoryBackend, OsKeyring, SecretBackend, SERVICE};
pub use error::VaultError;
pub use records::{endpoint_name, ApiCredentials, StoredOAuthClient, PROVIDER};
pub use store::Vault;
