//! [`Vault`]: Aurora's secrets in the OS keyring, one entry per connection.

use std::sync::{Arc, Mutex};

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::api::error::describe_json_error;
use crate::oauth::{AuthMethod, Issuer};
use crate::region::Region;
use crate::secret::SecretString;

use super::backend::{OsKeyring, SecretBackend};
use super::error::VaultError;
use super::records::{ApiCredentials, StoredOAuthClient};
use super::split;

/// Cheap to clone; clones share the backend and its lock.
///
/// Every keyring call runs on tokio's blocking pool (the async methods) or
/// on the caller's thread (the `*_blocking` methods, for code already on a
/// blocking thread). Calls are serialized: the keyring crate warns that
/// concurrent Secret Service calls may fail.
#[derive(Clone)]
pub struct Vault {
    backend: Arc<dyn SecretBackend>,
    lock: Arc<Mutex<()>>,
    /// Held while a client entry and the index of issuers change together.
    index_lock: Arc<Mutex<()>>,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Vault")
    }
}

impl Vault {
    /// The OS keyring under the service name `aurora`.
    pub fn os_keyring() -> Vault {
        Self::with_backend(Arc::new(OsKeyring::new()))
    }

    pub fn with_backend(backend: Arc<dyn SecretBackend>) -> Vault {
        Vault {
            backend,
            lock: Arc::new(Mutex::new(())),
            index_lock: Arc::new(Mutex::new(())),
        }
    }

    /// Fails with a clear message when the keyring cannot be used (reading
    /// an entry that never exists touches the service without a prompt).
    pub async fn check_available(&self) -> Result<(), VaultError> {
        self.run(|v| v.read_raw("availability-check").map(|_| ())).await
    }

    pub async fn save_api_credentials(
        &self,
        connection_id: &str,
        credentials: &ApiCredentials,
    ) -> Result<(), VaultError> {
        let (id, credentials) = (connection_name(connection_id)?, credentials.clone());
        self.run(move |v| v.write_json(&id, &credentials)).await
    }

    /// `Ok(None)` when the connection has no secrets; `WrongKind` when it
    /// holds OAuth tokens.
    pub async fn load_api_credentials(&self, connection_id: &str) -> Result<Option<ApiCredentials>, VaultError> {
        let id = connection_name(connection_id)?;
        self.run(move |v| v.read_json_of_kind(&id, &[AuthMethod::ApiCredentials], "API credentials"))
            .await
    }

    /// Deletes a connection's entry, whatever it holds. Returns whether there was one.
    pub async fn delete_connection(&self, connection_id: &str) -> Result<bool, VaultError> {
        let id = connection_name(connection_id)?;
        self.run(move |v| v.delete_blocking(&id)).await
    }

    /// Keeps the OAuth2 client registered at `issuer` (replacing any earlier
    /// one), and lists the issuer in the index the Settings view reads.
    pub async fn save_oauth_client(
        &self,
        issuer: &Issuer,
        client_id: &str,
        client_secret: &SecretString,
    ) -> Result<(), VaultError> {
        let record = StoredOAuthClient {
            client_id: client_id.to_owned(),
            client_secret: client_secret.clone(),
        };
        let issuer = issuer.clone();
        self.run(move |v| {
            let _index = v.index_lock.lock().unwrap_or_else(|p| p.into_inner());
            v.write_json(&oauth_client_name(&issuer), &record)?;
            let mut issuers = v.read_json::<Vec<Issuer>>(OAUTH_CLIENT_INDEX)?.unwrap_or_default();
            if !issuers.contains(&issuer) {
                issuers.push(issuer);
                issuers.sort();
                v.write_json(OAUTH_CLIENT_INDEX, &issuers)?;
            }
            Ok(())
        })
        .await
    }

    pub async fn load_oauth_client(&self, issuer: &Issuer) -> Result<Option<StoredOAuthClient>, VaultError> {
        let name = oauth_client_name(issuer);
        self.run(move |v| v.read_json(&name)).await
    }

    /// Forgets the client of `issuer`. Returns whether there was one.
    pub async fn delete_oauth_client(&self, issuer: &Issuer) -> Result<bool, VaultError> {
        let issuer = issuer.clone();
        self.run(move |v| {
            let _index = v.index_lock.lock().unwrap_or_else(|p| p.into_inner());
            let existed = v.delete_blocking(&oauth_client_name(&issuer))?;
            let issuers = v.read_json::<Vec<Issuer>>(OAUTH_CLIENT_INDEX)?.unwrap_or_default();
            if issuers.contains(&issuer) {
                let rest: Vec<&Issuer> = issuers.iter().filter(|i| **i != issuer).collect();
                v.write_json(OAUTH_CLIENT_INDEX, &rest)?;
            }
            Ok(existed)
        })
        .await
    }

    /// Every issuer with a saved client. The keyring cannot be searched, so
    /// the vault keeps this index (issuers only, no secret) beside the clients.
    pub async fn oauth_client_issuers(&self) -> Result<Vec<Issuer>, VaultError> {
        self.run(|v| Ok(v.read_json::<Vec<Issuer>>(OAUTH_CLIENT_INDEX)?.unwrap_or_default()))
            .await
    }

    /// Reads and removes the client an earlier Aurora saved per region
    /// (`oauth-client/ovh-eu`), for [`crate::oauth_clients::migrate_region_clients`].
    pub async fn take_region_oauth_client(&self, region: Region) -> Result<Option<StoredOAuthClient>, VaultError> {
        let name = format!("oauth-client/{}", region.as_str());
        self.run(move |v| {
            let found = v.read_json(&name)?;
            if found.is_some() {
                v.delete_blocking(&name)?;
            }
            Ok(found)
        })
        .await
    }

    async fn run<T: Send + 'static>(
        &self,
        op: impl FnOnce(&Vault) -> Result<T, VaultError> + Send + 'static,
    ) -> Result<T, VaultError> {
        let vault = self.clone();
        tokio::task::spawn_blocking(move || op(&vault))
            .await
            .map_err(|e| VaultError::Failed {
                detail: format!("the keyring task stopped: {e}"),
            })?
    }

    // ---- blocking core: every path below holds the lock ----

    fn read_raw(&self, name: &str) -> Result<Option<Vec<u8>>, VaultError> {
        let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        split::read(self.backend.as_ref(), name)
    }

    pub(crate) fn write_json<T: Serialize>(&self, name: &str, value: &T) -> Result<(), VaultError> {
        let bytes = serde_json::to_vec(value).map_err(|e| VaultError::Failed {
            detail: format!("the secrets cannot be encoded ({})", describe_json_error(&e)),
        })?;
        let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        split::write(self.backend.as_ref(), name, &bytes)
    }

    pub(crate) fn read_json<T: DeserializeOwned>(&self, name: &str) -> Result<Option<T>, VaultError> {
        let Some(bytes) = self.read_raw(name)? else {
            return Ok(None);
        };
        decode(&bytes).map(Some)
    }

    /// Reads a connection record whose `authMethod` is one of `accepted`.
    pub(crate) fn read_json_of_kind<T: DeserializeOwned>(
        &self,
        name: &str,
        accepted: &[AuthMethod],
        expected: &'static str,
    ) -> Result<Option<T>, VaultError> {
        let Some(value) = self.read_json::<serde_json::Value>(name)? else {
            return Ok(None);
        };
        let method = value
            .get("authMethod")
            .cloned()
            .and_then(|m| serde_json::from_value::<AuthMethod>(m).ok());
        if !method.is_some_and(|m| accepted.contains(&m)) {
            return Err(VaultError::WrongKind {
                expected,
                found: describe_method(method),
            });
        }
        serde_json::from_value(value)
            .map(Some)
            .map_err(|e| VaultError::Corrupt {
                what: describe_json_error(&e),
            })
    }

    /// Deletes the entry and any pending token renewal of it.
    pub(crate) fn delete_blocking(&self, name: &str) -> Result<bool, VaultError> {
        self.locked(|backend| {
            let existed = split::remove(backend, name)?;
            split::remove(backend, &format!("{name}.pending"))?;
            Ok(existed)
        })
    }

    /// Runs `op` on the backend with the lock held, so its steps cannot
    /// interleave with another save or delete of this process.
    pub(crate) fn locked<T>(
        &self,
        op: impl FnOnce(&dyn SecretBackend) -> Result<T, VaultError>,
    ) -> Result<T, VaultError> {
        let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        op(self.backend.as_ref())
    }
}

fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, VaultError> {
    serde_json::from_slice(bytes).map_err(|e| VaultError::Corrupt {
        what: describe_json_error(&e),
    })
}

fn describe_method(method: Option<AuthMethod>) -> String {
    match method {
        Some(AuthMethod::AuthorizationCode) => "\"Sign in with OVH\" (OAuth2)".into(),
        Some(AuthMethod::ClientCredentials) => "OAuth2 client credentials".into(),
        Some(AuthMethod::ApiCredentials) => "API credentials".into(),
        None => "unrecognized".into(),
    }
}

/// Connection ids become keyring entry names as they are; they must not be
/// able to reach another entry (the OAuth client entries contain a `/`).
pub(crate) fn connection_name(connection_id: &str) -> Result<String, VaultError> {
    let valid = !connection_id.is_empty()
        && connection_id.len() <= 64
        && connection_id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if valid {
        Ok(connection_id.to_owned())
    } else {
        Err(VaultError::InvalidName(connection_id.chars().take(80).collect()))
    }
}

/// `oauth-client/https://www.ovh.com`: one entry per issuer.
fn oauth_client_name(issuer: &Issuer) -> String {
    format!("oauth-client/{issuer}")
}

/// The entry listing the issuers that have a saved client.
const OAUTH_CLIENT_INDEX: &str = "oauth-client-index";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::region::Endpoint;
    use crate::vault::backend::MemoryBackend;

    fn vault() -> (Vault, Arc<MemoryBackend>) {
        let backend = Arc::new(MemoryBackend::new());
        (Vault::with_backend(backend.clone()), backend)
    }

    fn creds() -> ApiCredentials {
        ApiCredentials::new(
            &Endpoint::builtin(Region::OvhCa).unwrap(),
            "AK",
            "as-secret".into(),
            "ck-secret".into(),
        )
    }

    #[tokio::test]
    async fn api_credentials_round_trip_and_delete() {
        let (v, backend) = vault();
        assert_eq!(v.load_api_credentials("c1").await.unwrap(), None);
        v.save_api_credentials("c1", &creds()).await.unwrap();
        assert_eq!(v.load_api_credentials("c1").await.unwrap(), Some(creds()));
        assert_eq!(backend.names(), vec!["c1"]);
        assert!(v.delete_connection("c1").await.unwrap());
        assert!(!v.delete_connection("c1").await.unwrap());
        assert!(backend.names().is_empty());
    }

    #[tokio::test]
    async fn ids_that_could_reach_other_entries_are_refused() {
        let (v, _) = vault();
        for bad in [
            "",
            "oauth-client/ovh-eu",
            "a b",
            "é",
            &"x".repeat(65),
            "c1.part.00000000.0",
        ] {
            assert!(
                matches!(
                    v.save_api_credentials(bad, &creds()).await,
                    Err(VaultError::InvalidName(_))
                ),
                "{bad}"
            );
        }
    }

    #[tokio::test]
    async fn a_token_entry_is_not_read_as_api_credentials() {
        let (v, backend) = vault();
        backend
            .write(
                "c1",
                br#"{"provider":"ovh","authMethod":"authorization_code","accessToken":"tok"}"#,
            )
            .unwrap();
        let e = v.load_api_credentials("c1").await.unwrap_err();
        assert!(matches!(&e, VaultError::WrongKind { .. }));
        assert!(!e.to_string().contains("tok\""));
    }

    #[tokio::test]
    async fn corrupt_entries_are_reported_without_their_content() {
        let (v, backend) = vault();
        backend
            .write("c1", br#"{"authMethod":"api_credentials","applicationSecret":42}"#)
            .unwrap();
        let e = v.load_api_credentials("c1").await.unwrap_err();
        assert!(matches!(e, VaultError::Corrupt { .. }), "{e:?}");
        backend.write("c2", b"not json at all: hunter2").unwrap();
        let e = v.load_api_credentials("c2").await.unwrap_err();
        assert!(!format!("{e} {e:?}").contains("hunter2"));
    }

    #[tokio::test]
    async fn oauth_clients_per_issuer_with_their_index() {
        let (v, backend) = vault();
        let eu = Issuer::of_region(Region::OvhEu).unwrap();
        let sim_a = Issuer::parse("http://127.0.0.1:8787").unwrap();
        let sim_b = Issuer::parse("http://127.0.0.1:8788").unwrap();
        v.save_oauth_client(&eu, "client-eu", &"cs-eu".into()).await.unwrap();
        v.save_oauth_client(&sim_a, "client-a", &"cs-a".into()).await.unwrap();
        let a = v.load_oauth_client(&sim_a).await.unwrap().unwrap();
        assert_eq!((a.client_id.as_str(), a.client_secret.expose()), ("client-a", "cs-a"));
        assert_eq!(
            v.load_oauth_client(&sim_b).await.unwrap(),
            None,
            "another custom endpoint shares nothing"
        );
        v.save_oauth_client(&sim_a, "client-a2", &"cs-a2".into()).await.unwrap();
        assert_eq!(
            v.load_oauth_client(&sim_a).await.unwrap().unwrap().client_id,
            "client-a2"
        );
        assert_eq!(v.oauth_client_issuers().await.unwrap(), vec![sim_a.clone(), eu.clone()]);
        assert!(v.delete_oauth_client(&eu).await.unwrap());
        assert!(!v.delete_oauth_client(&eu).await.unwrap());
        assert_eq!(v.oauth_client_issuers().await.unwrap(), vec![sim_a]);
        assert_eq!(
            backend.names(),
            vec!["oauth-client-index", "oauth-client/http://127.0.0.1:8787"]
        );
    }

    #[tokio::test]
    async fn a_client_saved_per_region_is_taken_once() {
        let (v, backend) = vault();
        backend
            .write(
                "oauth-client/ovh-eu",
                br#"{"clientId":"old","clientSecret":"old-secret"}"#,
            )
            .unwrap();
        let old = v.take_region_oauth_client(Region::OvhEu).await.unwrap().unwrap();
        assert_eq!(
            (old.client_id.as_str(), old.client_secret.expose()),
            ("old", "old-secret")
        );
        assert_eq!(v.take_region_oauth_client(Region::OvhEu).await.unwrap(), None);
        assert!(backend.names().is_empty());
    }
}
