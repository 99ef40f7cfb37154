//! The OAuth2 clients Aurora signs in with, kept per issuer (the token URL's
//! origin): given by the app (the offline demo), set in the environment
//! (`OVH_EU_CLIENT_ID`...), or saved in the keyring (Settings, the sign-in
//! window, "Set up Sign in with OVH").
//!
//! ```ignore
//! let clients = OAuthClients::default();
//! let client = clients.resolve(&endpoint, &vault).await?;       // fixed, then environment, then keyring
//! let listed = clients.list(&vault).await?;                      // what Settings shows (never a secret)
//! migrate_region_clients(&vault, &registry).await?;              // once at start-up
//! ```

use std::collections::HashMap;

use serde::Serialize;

use crate::connections::ConnectionRegistry;
use crate::oauth::{AuthMethod, Issuer, OAuthClientConfig, TokenStore};
use crate::region::{Endpoint, Region};
use crate::user_error::{ErrorKind, UserError};
use crate::vault::{StoredOAuthClient, Vault};

/// Where a client Aurora knows comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ClientSource {
    /// Built into this run of the app (the offline demo's simulator).
    App,
    /// `OVH_<EU|CA|US|CUSTOM>_CLIENT_ID` and `..._SECRET`: it takes precedence.
    Environment,
    /// Saved in the system keyring: can be replaced or forgotten.
    Keyring,
}

/// One client as Settings lists it: its id, never its secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct KnownClient {
    /// `None` for the environment's custom client, which applies to any custom endpoint.
    pub issuer: Option<Issuer>,
    /// The built-in region whose server this is (`None`: a custom endpoint's).
    pub region: Option<Region>,
    /// "Europe (ovh-eu)" for a built-in region's server, else the issuer itself.
    pub label: String,
    pub client_id: String,
    pub source: ClientSource,
}

/// Finds the OAuth2 client of an endpoint's issuer: clients given by the app
/// (the offline demo), then the environment, then the keyring.
#[derive(Clone, Debug, Default)]
pub struct OAuthClients {
    fixed: HashMap<Issuer, OAuthClientConfig>,
}

impl OAuthClients {
    pub fn with_client(mut self, issuer: Issuer, client: OAuthClientConfig) -> Self {
        self.fixed.insert(issuer, client);
        self
    }

    pub async fn resolve(&self, endpoint: &Endpoint, vault: &Vault) -> Result<OAuthClientConfig, UserError> {
        let issuer = Issuer::of(endpoint);
        if let Some(client) = self.fixed.get(&issuer) {
            return Ok(client.clone());
        }
        let from_env = OAuthClientConfig::from_env(endpoint.region);
        if from_env.is_ok() {
            return from_env;
        }
        let saved = match vault.load_oauth_client(&issuer).await? {
            Some(saved) => Some(saved),
            None if endpoint.region == Region::Custom => claim_unmatched_custom_client(vault, &issuer).await?,
            None => None,
        };
        match saved {
            // The redirect URI still comes from the environment or its default.
            Some(saved) => OAuthClientConfig::new(
                saved.client_id,
                saved.client_secret,
                OAuthClientConfig::redirect_uri_from(|name| std::env::var(name).ok()),
            ),
            None => from_env,
        }
    }

    /// Why "Sign in with OVH" cannot start for `region` yet (`None` when a
    /// client is known). A custom endpoint's issuer is only known once its
    /// address is typed, so any custom client counts here; the sign-in
    /// itself then looks for the client of that address's issuer.
    pub async fn setup_needed(&self, region: Region, vault: &Vault) -> Option<UserError> {
        if let Ok(endpoint) = Endpoint::builtin(region) {
            return self.resolve(&endpoint, vault).await.err();
        }
        let custom = |issuer: &Issuer| issuer.builtin_region().is_none();
        if self.fixed.keys().any(custom) {
            return None;
        }
        match vault.oauth_client_issuers().await {
            Ok(saved) if saved.iter().any(custom) => None,
            Ok(_) => OAuthClientConfig::from_env(Region::Custom).err(),
            Err(e) => Some(e.into()),
        }
    }

    /// Every client Aurora would use, for Settings (ids only).
    pub async fn list(&self, vault: &Vault) -> Result<Vec<KnownClient>, UserError> {
        let mut known: Vec<KnownClient> = self
            .fixed
            .iter()
            .map(|(issuer, client)| KnownClient {
                region: issuer.builtin_region(),
                issuer: Some(issuer.clone()),
                label: label_of(Some(issuer)),
                client_id: client.client_id.clone(),
                source: ClientSource::App,
            })
            .collect();
        for region in Region::ALL {
            if let Ok(client) = OAuthClientConfig::from_env(region) {
                let issuer = Issuer::of_region(region);
                known.push(KnownClient {
                    region: issuer.as_ref().map(|_| region),
                    label: label_of(issuer.as_ref()),
                    issuer,
                    client_id: client.client_id,
                    source: ClientSource::Environment,
                });
            }
        }
        for issuer in vault.oauth_client_issuers().await? {
            if let Some(saved) = vault.load_oauth_client(&issuer).await? {
                known.push(KnownClient {
                    region: issuer.builtin_region(),
                    label: label_of(Some(&issuer)),
                    issuer: Some(issuer),
                    client_id: saved.client_id,
                    source: ClientSource::Keyring,
                });
            }
        }
        Ok(known)
    }
}

/// "Europe (ovh-eu)" for a built-in region's authorization server.
fn label_of(issuer: Option<&Issuer>) -> String {
    match issuer {
        None => "Any custom endpoint".to_owned(),
        Some(issuer) if *issuer == unclaimed_custom() => "The next custom endpoint you sign in to".to_owned(),
        Some(issuer) => match issuer.builtin_region() {
            Some(region) => format!("{} ({region})", region.label()),
            None => issuer.to_string(),
        },
    }
}

/// The issuer of the region or custom address the person chose in Settings
/// or in the sign-in window.
pub fn issuer_for(region: Region, custom_api_base: Option<&str>) -> Result<Issuer, UserError> {
    let endpoint = match region {
        Region::Custom => Endpoint::custom(custom_api_base.map(str::trim).unwrap_or_default())?,
        builtin => Endpoint::builtin(builtin)?,
    };
    Ok(Issuer::of(&endpoint))
}

/// Checks a client id and secret typed or pasted by the person.
pub fn checked_client_input(client_id: &str, client_secret: &str) -> Result<(String, String), UserError> {
    let (id, secret) = (client_id.trim(), client_secret.trim());
    if id.is_empty() || secret.is_empty() || id.chars().chain(secret.chars()).any(char::is_control) {
        return Err(UserError::new(
            ErrorKind::InvalidInput,
            "Both the client id and the client secret are needed.",
            ["Copy them from the answer OVH gave when the OAuth2 client was created."],
        ));
    }
    Ok((id.to_owned(), secret.to_owned()))
}

/// Earlier versions kept one client per region (`oauth-client/ovh-eu`).
/// A built-in region's client moves to that region's issuer. The single
/// "custom" client moves to the issuer of every saved custom connection
/// that signed in with it (they shared it before; each keeps working);
/// when no connection used it, it is kept aside for the first custom
/// endpoint that needs a client ([`OAuthClients::resolve`] claims it).
/// Returns the issuers that received a client.
pub async fn migrate_region_clients(vault: &Vault, registry: &ConnectionRegistry) -> Result<Vec<Issuer>, UserError> {
    let mut moved = Vec::new();
    for region in Region::BUILT_IN {
        if let Some(old) = vault.take_region_oauth_client(region).await? {
            let issuer = Issuer::of_region(region).expect("a built-in region has an issuer");
            save_unless_present(vault, &issuer, &old).await?;
            moved.push(issuer);
        }
    }
    let Some(old) = vault.take_region_oauth_client(Region::Custom).await? else {
        return Ok(moved);
    };
    let mut users = Vec::new();
    for connection in registry.list().await {
        if connection.region != Region::Custom || connection.auth_method == AuthMethod::ApiCredentials {
            continue;
        }
        let (Ok(endpoint), store) = (connection.endpoint(), vault.clone()) else {
            continue;
        };
        let id = connection.id.clone();
        let tokens = tokio::task::spawn_blocking(move || store.load(&id)).await;
        if let Ok(Ok(Some(tokens))) = tokens {
            if tokens.client_id == old.client_id {
                users.push(Issuer::of(&endpoint));
            }
        }
    }
    users.sort();
    users.dedup();
    if users.is_empty() {
        save_unless_present(vault, &unclaimed_custom(), &old).await?;
    }
    for issuer in users {
        save_unless_present(vault, &issuer, &old).await?;
        moved.push(issuer);
    }
    tracing::info!(
        count = moved.len(),
        "moved OAuth2 clients saved per region to their issuers"
    );
    Ok(moved)
}

async fn save_unless_present(vault: &Vault, issuer: &Issuer, client: &StoredOAuthClient) -> Result<(), UserError> {
    if vault.load_oauth_client(issuer).await?.is_none() {
        vault
            .save_oauth_client(issuer, &client.client_id, &client.client_secret)
            .await?;
    }
    Ok(())
}

/// Where a legacy custom client that no connection used waits to be
/// claimed. Not an origin any endpoint can have (the `invalid.` top-level
/// domain is reserved, RFC 2606), so no sign-in ever reads it directly.
fn unclaimed_custom() -> Issuer {
    Issuer::parse("https://unclaimed-custom-client.invalid").expect("a valid origin")
}

/// Moves the waiting legacy custom client to `issuer`: the first custom
/// endpoint that needs one gets it, and no other endpoint ever sees it.
async fn claim_unmatched_custom_client(vault: &Vault, issuer: &Issuer) -> Result<Option<StoredOAuthClient>, UserError> {
    let waiting = unclaimed_custom();
    let Some(client) = vault.load_oauth_client(&waiting).await? else {
        return Ok(None);
    };
    vault
        .save_oauth_client(issuer, &client.client_id, &client.client_secret)
        .await?;
    vault.delete_oauth_client(&waiting).await?;
    tracing::info!(%issuer, "a custom endpoint's OAuth2 client saved before clients were kept per issuer now belongs to it");
    Ok(Some(client))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::connections::Connection;
    use crate::oauth::TokenSet;
    use crate::vault::{MemoryBackend, SecretBackend};

    fn vault() -> (Vault, Arc<MemoryBackend>) {
        let backend = Arc::new(MemoryBackend::new());
        (Vault::with_backend(backend.clone()), backend)
    }

    fn custom(port: u16) -> Endpoint {
        Endpoint::custom(&format!("http://127.0.0.1:{port}/1.0")).unwrap()
    }

    #[tokio::test]
    async fn a_saved_client_serves_its_issuer_only() {
        let (v, _) = vault();
        v.save_oauth_client(&Issuer::of(&custom(8787)), "a", &"secret-a".into())
            .await
            .unwrap();
        let clients = OAuthClients::default();
        let a = clients.resolve(&custom(8787), &v).await.unwrap();
        assert_eq!((a.client_id.as_str(), a.client_secret.expose()), ("a", "secret-a"));
        let other = clients.resolve(&custom(8788), &v).await;
        if std::env::var_os("OVH_CUSTOM_CLIENT_ID").is_none() {
            assert_eq!(other.unwrap_err().kind, ErrorKind::OAuthNotConfigured);
        }
        let listed = clients.list(&v).await.unwrap();
        let saved: Vec<_> = listed.iter().filter(|c| c.source == ClientSource::Keyring).collect();
        assert_eq!(saved.len(), 1);
        assert_eq!(saved[0].label, "http://127.0.0.1:8787");
        assert!(!format!("{listed:?}").contains("secret-a"));
    }

    #[tokio::test]
    async fn fixed_clients_come_first_and_are_listed() {
        let (v, _) = vault();
        let fixed = OAuthClientConfig::new("demo", "demo-secret", "aurora://ovh/oauth2/callback").unwrap();
        let clients = OAuthClients::default().with_client(Issuer::of(&custom(9000)), fixed.clone());
        assert_eq!(clients.resolve(&custom(9000), &v).await.unwrap(), fixed);
        let listed = clients.list(&v).await.unwrap();
        assert!(listed
            .iter()
            .any(|c| c.source == ClientSource::App && c.client_id == "demo"));
    }

    async fn registry_with(v: &Vault, endpoint: &Endpoint, client_id: &str) -> (tempfile::TempDir, ConnectionRegistry) {
        let dir = tempfile::tempdir().unwrap();
        let (registry, _) = ConnectionRegistry::open(dir.path(), v.clone()).await.unwrap();
        let connection = Connection::new(endpoint, AuthMethod::AuthorizationCode);
        let tokens = TokenSet {
            provider: "ovh".into(),
            region: Region::Custom,
            access_token: "at".into(),
            refresh_token: None,
            client_id: client_id.into(),
            expires_at: 1,
            auth_method: AuthMethod::AuthorizationCode,
        };
        TokenStore::save(v, &connection.id, &tokens).unwrap();
        registry.add(connection).await.unwrap();
        (dir, registry)
    }

    #[tokio::test]
    async fn clients_saved_per_region_move_to_their_issuers() {
        let (v, backend) = vault();
        backend
            .write(
                "oauth-client/ovh-ca",
                br#"{"clientId":"ca-client","clientSecret":"ca-secret"}"#,
            )
            .unwrap();
        backend
            .write(
                "oauth-client/custom",
                br#"{"clientId":"sim-client","clientSecret":"sim-secret"}"#,
            )
            .unwrap();
        let (_dir, registry) = registry_with(&v, &custom(8787), "sim-client").await;
        let moved = migrate_region_clients(&v, &registry).await.unwrap();
        assert_eq!(moved.len(), 2, "{moved:?}");

        let ca = Endpoint::builtin(Region::OvhCa).unwrap();
        let clients = OAuthClients::default();
        if std::env::var_os("OVH_CA_CLIENT_ID").is_none() {
            assert_eq!(clients.resolve(&ca, &v).await.unwrap().client_id, "ca-client");
        }
        if std::env::var_os("OVH_CUSTOM_CLIENT_ID").is_none() {
            let sim = clients.resolve(&custom(8787), &v).await.unwrap();
            assert_eq!(sim.client_secret.expose(), "sim-secret");
            assert!(clients.resolve(&custom(8788), &v).await.is_err(), "never shared");
        }
        assert!(!backend
            .names()
            .iter()
            .any(|n| n == "oauth-client/ovh-ca" || n == "oauth-client/custom"));
        assert!(
            migrate_region_clients(&v, &registry).await.unwrap().is_empty(),
            "runs once"
        );
    }

    #[tokio::test]
    async fn an_unused_custom_client_goes_to_the_first_custom_endpoint_only() {
        if std::env::var_os("OVH_CUSTOM_CLIENT_ID").is_some() {
            return;
        }
        let (v, backend) = vault();
        backend
            .write(
                "oauth-client/custom",
                br#"{"clientId":"old","clientSecret":"old-secret"}"#,
            )
            .unwrap();
        let (_dir, registry) = registry_with(&v, &custom(7000), "another-client").await;
        migrate_region_clients(&v, &registry).await.unwrap();
        let clients = OAuthClients::default();
        assert_eq!(clients.resolve(&custom(8787), &v).await.unwrap().client_id, "old");
        assert!(clients.resolve(&custom(8788), &v).await.is_err(), "claimed once");
        assert_eq!(clients.resolve(&custom(8787), &v).await.unwrap().client_id, "old");
    }

    #[test]
    fn typed_clients_are_checked() {
        assert_eq!(checked_client_input(" id ", " s ").unwrap(), ("id".into(), "s".into()));
        assert_eq!(checked_client_input("", "s").unwrap_err().kind, ErrorKind::InvalidInput);
        assert!(checked_client_input("id", "a\nb").is_err());
    }
}
