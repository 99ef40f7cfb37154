//! The connections Aurora knows (account x region x sign-in method), as the
//! UI sees them: no secret here. Their secrets live in the [`crate::vault`]
//! under the same id.
//!
//! ```ignore
//! let (registry, notice) = ConnectionRegistry::open(app_data_dir, Vault::os_keyring()).await?;
//! if let Some(notice) = notice { /* show it: the damaged file was kept as .bak */ }
//! let connection = Connection::new(&endpoint, AuthMethod::ApiCredentials).with_account(nic, email);
//! registry.add_with_api_credentials(connection, &ApiCredentials::new(&endpoint, ak, as_, ck)).await?;
//! registry.remove(&id).await?;               // deletes the keyring entry too
//! ```

/// The atomic JSON file the registry (and the discovery cache) are kept in.
pub(crate) mod json_file;
mod model;
mod registry;

pub use model::{new_id, Connection};
pub use registry::{ConnectionRegistry, FILE_NAME};
