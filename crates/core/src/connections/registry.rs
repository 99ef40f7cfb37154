//! [`ConnectionRegistry`]: the list of connections in the app data dir
//! (`connections.json`), kept in step with the vault.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tokio::sync::Mutex;

use crate::discovery::EngineKind;
use crate::region::Region;
use crate::user_error::{ErrorKind, UserError};
use crate::vault::{ApiCredentials, Vault};

use super::json_file::{self, Loaded};
use super::model::Connection;

pub const FILE_NAME: &str = "connections.json";

#[derive(Debug, Default, Serialize, Deserialize)]
struct RegistryFile {
    version: u32,
    connections: Vec<Connection>,
}

/// Cheap to clone; clones share the list. Every change is written to disk
/// before the call returns.
#[derive(Clone, Debug)]
pub struct ConnectionRegistry {
    path: Arc<PathBuf>,
    vault: Vault,
    connections: Arc<Mutex<Vec<Connection>>>,
    /// What custom-endpoint connections are labelled after instead of "Custom endpoint".
    custom_place: Option<Arc<str>>,
}

impl ConnectionRegistry {
    /// Reads `<dir>/connections.json`. A missing file is an empty list. A
    /// damaged one is moved to `connections.json.bak` and the second value
    /// says so (show it to the user); the registry then starts empty.
    pub async fn open(
        dir: impl AsRef<Path>,
        vault: Vault,
    ) -> Result<(ConnectionRegistry, Option<UserError>), UserError> {
        let path = dir.as_ref().join(FILE_NAME);
        let load_path = path.clone();
        let loaded = blocking(move || json_file::load::<RegistryFile>(&load_path))
            .await
            .map_err(|e| file_error("read", &path, e))?;
        let (connections, notice) = match loaded {
            Loaded::Missing => (Vec::new(), None),
            Loaded::Read(file) => (file.connections, None),
            Loaded::SetAside { kept_as, reason } => {
                tracing::warn!(kept_as = %kept_as.display(), %reason, "the connection list was damaged and has been set aside");
                (Vec::new(), Some(set_aside_notice(&kept_as, &reason)))
            }
        };
        let registry = ConnectionRegistry {
            path: Arc::new(path),
            vault,
            connections: Arc::new(Mutex::new(connections)),
            custom_place: None,
        };
        Ok((registry, notice))
    }

    /// Labels the connections to the Custom endpoint after `place` ("xx1-ovh
    /// (Offline demo)"): the offline demo's registry holds only connections
    /// to its simulator.
    pub async fn naming_custom_endpoint(mut self, place: &str) -> ConnectionRegistry {
        self.custom_place = Some(place.into());
        let mut list = self.connections.lock().await;
        let relabelled: Vec<Connection> = list.iter().cloned().map(|c| self.labelled(c)).collect();
        *list = relabelled;
        drop(list);
        self
    }

    /// A label given by the app after the account ("xx1-ovh (Custom endpoint)")
    /// names the place instead; a label the person chose stays.
    fn labelled(&self, mut connection: Connection) -> Connection {
        if let (Some(place), Region::Custom, Some(nichandle)) =
            (&self.custom_place, connection.region, &connection.nichandle)
        {
            if connection.label == format!("{nichandle} ({})", Region::Custom.label()) {
                connection.label = format!("{nichandle} ({place})");
            }
        }
        connection
    }

    pub fn vault(&self) -> &Vault {
        &self.vault
    }

    pub async fn list(&self) -> Vec<Connection> {
        self.connections.lock().await.clone()
    }

    /// The connection, or a message that it no longer exists.
    pub async fn require(&self, id: &str) -> Result<Connection, UserError> {
        self.get(id).await.ok_or_else(unknown_connection)
    }

    pub async fn get(&self, id: &str) -> Option<Connection> {
        self.connections.lock().await.iter().find(|c| c.id == id).cloned()
    }

    /// Adds a connection whose secrets are already in the vault (the OAuth
    /// flow saves its tokens through the vault's `TokenStore`).
    pub async fn add(&self, connection: Connection) -> Result<(), UserError> {
        let connection = self.labelled(connection);
        let mut list = self.connections.lock().await;
        if list.iter().any(|c| c.id == connection.id) {
            return Err(UserError::internal(format!(
                "A connection with the id {} already exists. Try again.",
                connection.id
            )));
        }
        let mut next = list.clone();
        next.push(connection);
        self.write(&next).await?;
        *list = next;
        Ok(())
    }

    /// Saves the legacy keys in the vault, then the connection in the list.
    /// If the list cannot be written, the keys are removed again.
    pub async fn add_with_api_credentials(
        &self,
        connection: Connection,
        credentials: &ApiCredentials,
    ) -> Result<(), UserError> {
        self.vault.save_api_credentials(&connection.id, credentials).await?;
        let id = connection.id.clone();
        if let Err(e) = self.add(connection).await {
            if let Err(undo) = self.vault.delete_connection(&id).await {
                tracing::warn!(error = %undo, "could not remove the keys of a connection that was not added");
            }
            return Err(e);
        }
        Ok(())
    }

    /// Replaces the connection with the same id (label, account details).
    pub async fn update(&self, connection: Connection) -> Result<(), UserError> {
        let connection = self.labelled(connection);
        let mut list = self.connections.lock().await;
        let Some(index) = list.iter().position(|c| c.id == connection.id) else {
            return Err(unknown_connection());
        };
        let mut next = list.clone();
        next[index] = connection;
        self.write(&next).await?;
        *list = next;
        Ok(())
    }

    /// Sets the engine that refreshes the connection's inventory; returns the
    /// connection as saved.
    pub async fn set_discovery_engine(&self, id: &str, engine: EngineKind) -> Result<Connection, UserError> {
        let mut connection = self.require(id).await?;
        connection.discovery_engine = engine;
        self.update(connection.clone()).await?;
        Ok(connection)
    }

    /// Deletes the connection's keyring entry, then the connection. If the
    /// keyring cannot be reached the connection stays, so no secret is left
    /// behind unnoticed. Returns whether the connection existed.
    pub async fn remove(&self, id: &str) -> Result<bool, UserError> {
        let mut list = self.connections.lock().await;
        let Some(index) = list.iter().position(|c| c.id == id) else {
            return Ok(false);
        };
        self.vault.delete_connection(id).await?;
        let mut next = list.clone();
        next.remove(index);
        self.write(&next).await?;
        *list = next;
        Ok(true)
    }

    async fn write(&self, connections: &[Connection]) -> Result<(), UserError> {
        let file = RegistryFile {
            version: 1,
            connections: connections.to_vec(),
        };
        let path = self.path.clone();
        blocking(move || json_file::save(&path, &file))
            .await
            .map_err(|e| file_error("save", &self.path, e))
    }
}

async fn blocking<T: Send + 'static>(op: impl FnOnce() -> std::io::Result<T> + Send + 'static) -> std::io::Result<T> {
    tokio::task::spawn_blocking(op)
        .await
        .unwrap_or_else(|e| Err(std::io::Error::other(e.to_string())))
}

fn file_error(action: &str, path: &Path, e: std::io::Error) -> UserError {
    UserError::new(
        ErrorKind::Internal,
        format!("Aurora could not {action} its list of connections at {} ({e}). Check that the folder exists and is writable, then try again.", path.display()),
        ["Check the free disk space and the permissions of Aurora's data folder"],
    )
}

fn set_aside_notice(kept_as: &Path, reason: &str) -> UserError {
    UserError::new(
        ErrorKind::InvalidConfiguration,
        format!(
            "Aurora's list of connections could not be read ({reason}). It was kept as {} and Aurora starts with an empty list: add your connections again.",
            kept_as.display()
        ),
        [
            "Secrets of the old connections are still in the system keyring under the service \"aurora\"".to_owned(),
            format!("To recover the list, repair {} and rename it back to {FILE_NAME} while Aurora is closed", kept_as.display()),
        ],
    )
}

fn unknown_connection() -> UserError {
    UserError::new(
        ErrorKind::NotFound,
        "This connection no longer exists. Refresh the list of connections.",
        ["Add the connection again if you still need it"],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oauth::AuthMethod;
    use crate::region::{Endpoint, Region};
    use crate::vault::{MemoryBackend, SecretBackend};

    fn memory_vault() -> (Vault, Arc<MemoryBackend>) {
        let backend = Arc::new(MemoryBackend::new());
        (Vault::with_backend(backend.clone()), backend)
    }

    fn eu() -> Endpoint {
        Endpoint::builtin(Region::OvhEu).unwrap()
    }

    #[tokio::test]
    async fn the_demo_names_its_connections_after_itself_unless_renamed() {
        let dir = tempfile::tempdir().unwrap();
        let custom = Endpoint::custom("http://127.0.0.1:18787/1.0").unwrap();
        let saved = Connection::new(&custom, AuthMethod::AuthorizationCode).with_account("xx1-ovh", None);
        let (plain, _) = ConnectionRegistry::open(dir.path(), memory_vault().0).await.unwrap();
        plain.add(saved.clone()).await.unwrap();
        assert_eq!(plain.list().await[0].label, "xx1-ovh (Custom endpoint)");

        let (demo, _) = ConnectionRegistry::open(dir.path(), memory_vault().0).await.unwrap();
        let demo = demo.naming_custom_endpoint("Offline demo").await;
        assert_eq!(demo.list().await[0].label, "xx1-ovh (Offline demo)", "saved before");
        let added = Connection::new(&custom, AuthMethod::ApiCredentials).with_account("yy2-ovh", None);
        demo.add(added).await.unwrap();
        assert_eq!(demo.list().await[1].label, "yy2-ovh (Offline demo)", "added now");
        let renamed = Connection {
            label: "Sandbox".into(),
            ..saved
        };
        demo.update(renamed).await.unwrap();
        assert_eq!(demo.list().await[0].label, "Sandbox", "a chosen label stays");
    }

    #[tokio::test]
    async fn add_list_update_remove_survive_a_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let (vault, backend) = memory_vault();
        let (registry, notice) = ConnectionRegistry::open(dir.path(), vault.clone()).await.unwrap();
        assert!(notice.is_none());
        assert!(registry.list().await.is_empty());

        let legacy =
            Connection::new(&eu(), AuthMethod::ApiCredentials).with_account("xx1-ovh", Some("me@example.com".into()));
        let creds = ApiCredentials::new(
            &eu(),
            "AK",
            "application-secret-value".into(),
            "consumer-key-value".into(),
        );
        registry.add_with_api_credentials(legacy.clone(), &creds).await.unwrap();
        let oauth = Connection::new(&eu(), AuthMethod::AuthorizationCode);
        registry.add(oauth.clone()).await.unwrap();
        assert!(registry.add(oauth.clone()).await.is_err(), "duplicate ids are refused");

        let renamed = Connection {
            label: "Work".into(),
            ..oauth.clone()
        };
        registry.update(renamed.clone()).await.unwrap();

        let with_cli = registry.set_discovery_engine(&oauth.id, EngineKind::Cli).await.unwrap();
        assert_eq!(with_cli.discovery_engine, EngineKind::Cli);
        assert_eq!(with_cli.label, "Work", "only the engine changes");
        assert!(registry
            .set_discovery_engine("conn-gone", EngineKind::Cli)
            .await
            .is_err());

        let (reopened, _) = ConnectionRegistry::open(dir.path(), vault.clone()).await.unwrap();
        assert_eq!(reopened.list().await, vec![legacy.clone(), with_cli]);
        let text = std::fs::read_to_string(dir.path().join(FILE_NAME)).unwrap();
        assert!(
            !text.contains("application-secret-value") && !text.contains("consumer-key-value"),
            "no secret in the file"
        );

        assert!(reopened.remove(&legacy.id).await.unwrap());
        assert!(!reopened.remove(&legacy.id).await.unwrap());
        assert_eq!(
            backend.read(&legacy.id).unwrap(),
            None,
            "removing deletes the keyring entry"
        );
        let (again, _) = ConnectionRegistry::open(dir.path(), vault).await.unwrap();
        assert_eq!(again.list().await.len(), 1);
        assert!(again.update(legacy).await.is_err());
    }

    #[tokio::test]
    async fn a_damaged_file_is_kept_aside_and_reported() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE_NAME), b"{\"version\":1,\"connections\":[{\"id\":").unwrap();
        let (registry, notice) = ConnectionRegistry::open(dir.path(), memory_vault().0).await.unwrap();
        let notice = notice.expect("the damage is reported");
        assert!(notice.message.contains("connections.json.bak"), "{}", notice.message);
        assert!(registry.list().await.is_empty());
        assert!(dir.path().join("connections.json.bak").exists());
        registry
            .add(Connection::new(&eu(), AuthMethod::ApiCredentials))
            .await
            .unwrap();
        assert_eq!(
            std::fs::read(dir.path().join("connections.json.bak")).unwrap(),
            b"{\"version\":1,\"connections\":[{\"id\":"
        );
    }

    #[tokio::test]
    async fn a_vault_failure_keeps_the_connection() {
        struct Down;
        impl SecretBackend for Down {
            fn read(&self, _: &str) -> Result<Option<Vec<u8>>, crate::vault::VaultError> {
                Err(crate::vault::VaultError::Unavailable {
                    detail: "no bus".into(),
                })
            }
            fn write(&self, _: &str, _: &[u8]) -> Result<(), crate::vault::VaultError> {
                Err(crate::vault::VaultError::Unavailable {
                    detail: "no bus".into(),
                })
            }
            fn remove(&self, _: &str) -> Result<bool, crate::vault::VaultError> {
                Err(crate::vault::VaultError::Unavailable {
                    detail: "no bus".into(),
                })
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let (registry, _) = ConnectionRegistry::open(dir.path(), Vault::with_backend(Arc::new(Down)))
            .await
            .unwrap();
        let c = Connection::new(&eu(), AuthMethod::AuthorizationCode);
        registry.add(c.clone()).await.unwrap();
        let e = registry.remove(&c.id).await.unwrap_err();
        assert!(e.message.contains("system keyring"), "{}", e.message);
        assert_eq!(registry.list().await, vec![c.clone()]);
        let creds = ApiCredentials::new(&eu(), "AK", "s".into(), "c".into());
        assert!(registry
            .add_with_api_credentials(Connection::new(&eu(), AuthMethod::ApiCredentials), &creds)
            .await
            .is_err());
        assert_eq!(registry.list().await, vec![c]);
    }
}
