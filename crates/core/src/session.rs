//! [`Sessions`]: from a saved [`Connection`] to a ready [`ApiClient`].
//!
//! Legacy connections sign with the keys kept in the vault; OAuth
//! connections use one shared [`TokenRefresher`] per connection, so every
//! caller (discovery, IAM, the UI's status) sees the same renewed token.

use std::collections::HashMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tokio::sync::Mutex;

use crate::api::{ApiClient, Auth};
use crate::connections::{Connection, ConnectionRegistry};
use crate::http::HttpConfig;
use crate::legacy::validate::ValidatedKeys;
use crate::oauth::{
    AuthMethod, Issuer, OAuthClientConfig, OAuthFlow, SessionStatus, SignIn, TokenEndpoint, TokenRefresher, TokenStore,
};
pub use crate::oauth_clients::OAuthClients;
use crate::oauth_clients::{migrate_region_clients, KnownClient};
use crate::region::Endpoint;
use crate::secret::SecretString;
use crate::user_error::{ErrorKind, UserError};
use crate::vault::{ApiCredentials, Vault};

/// What the UI shows about a connection's credentials.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "state", rename_all = "camelCase")]
pub enum CredentialStatus {
    /// Usable. `expiresAt` (unix seconds) is set for OAuth access tokens.
    #[serde(rename_all = "camelCase")]
    Active { expires_at: Option<i64>, renewable: bool },
    /// "Sign in again": the credentials are gone or cannot be renewed.
    SignInRequired { reason: String },
}

/// A finished sign-in, and its non-fatal notes (such as a missing refresh token).
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SignedIn {
    pub connection: Connection,
    pub warnings: Vec<UserError>,
}

pub struct Sessions {
    registry: ConnectionRegistry,
    oauth_clients: OAuthClients,
    /// The "Sign in with OVH" attempts in progress.
    sign_ins: OAuthFlow,
    http: HttpConfig,
    refreshers: Mutex<HashMap<String, Arc<TokenRefresher>>>,
}

impl Sessions {
    pub fn new(registry: ConnectionRegistry, oauth_clients: OAuthClients, http: HttpConfig) -> Sessions {
        Sessions {
            registry,
            oauth_clients,
            sign_ins: OAuthFlow::new(),
            http,
            refreshers: Mutex::new(HashMap::new()),
        }
    }

    pub fn registry(&self) -> &ConnectionRegistry {
        &self.registry
    }

    fn vault(&self) -> &Vault {
        self.registry.vault()
    }

    /// The OAuth2 client of the endpoint's issuer (its token URL's origin).
    pub async fn oauth_client(&self, endpoint: &Endpoint) -> Result<OAuthClientConfig, UserError> {
        self.oauth_clients.resolve(endpoint, self.vault()).await
    }

    /// Keeps an issuer's OAuth2 client (id and secret) in the keyring for later sign-ins.
    pub async fn save_oauth_client(
        &self,
        issuer: &Issuer,
        client_id: &str,
        client_secret: &SecretString,
    ) -> Result<(), UserError> {
        Ok(self.vault().save_oauth_client(issuer, client_id, client_secret).await?)
    }

    /// What must be set before signing in to `region` (`None`: ready).
    pub async fn oauth_setup_needed(&self, region: crate::region::Region) -> Option<UserError> {
        self.oauth_clients.setup_needed(region, self.vault()).await
    }

    /// Forgets the client saved for `issuer` (its secret leaves the keyring).
    pub async fn forget_oauth_client(&self, issuer: &Issuer) -> Result<bool, UserError> {
        Ok(self.vault().delete_oauth_client(issuer).await?)
    }

    /// Every client Aurora knows, without secrets (for Settings).
    pub async fn known_oauth_clients(&self) -> Result<Vec<KnownClient>, UserError> {
        self.oauth_clients.list(self.vault()).await
    }

    /// Moves clients saved per region by earlier versions to their issuers.
    pub async fn migrate_oauth_clients(&self) -> Result<Vec<Issuer>, UserError> {
        migrate_region_clients(self.vault(), &self.registry).await
    }

    /// The sign-ins in progress: [`OAuthFlow::begin`] one, cancel it, or ask
    /// whether a callback answers one.
    pub fn sign_ins(&self) -> &OAuthFlow {
        &self.sign_ins
    }

    /// Completes a sign-in from the URL OVH sent the browser back to (deep
    /// link, loopback or pasted): checks it against the sign-in in progress,
    /// exchanges the code, then saves the connection and its tokens.
    pub async fn complete_sign_in(&self, callback_url: &str) -> Result<SignedIn, UserError> {
        let sign_in = self.sign_ins.complete(callback_url).await?;
        let warnings = sign_in.warnings.clone();
        let connection = self.save_sign_in(sign_in).await?;
        Ok(SignedIn { connection, warnings })
    }

    /// Saves a finished OAuth sign-in: asks OVH who the account is, keeps the
    /// tokens in the keyring and the client for later renewals. Signing in
    /// again to the same account and region replaces its tokens in place.
    async fn save_sign_in(&self, sign_in: SignIn) -> Result<Connection, UserError> {
        let SignIn {
            endpoint,
            client,
            tokens,
            ..
        } = sign_in;
        let store: Arc<dyn TokenStore> = Arc::new(self.vault().clone());
        let token_endpoint = TokenEndpoint::new(&endpoint, &client, &self.http)?;
        let placeholder = Connection::new(&endpoint, tokens.auth_method);
        let refresher = Arc::new(TokenRefresher::new(
            placeholder.id.clone(),
            tokens.clone(),
            token_endpoint,
            store.clone(),
        ));
        let api = ApiClient::with_config(endpoint.clone(), Auth::Bearer(refresher.clone()), &self.http)?;
        let me: Me = api.get("/me").await.map_err(UserError::from)?;
        let connection = self
            .reuse_or(placeholder, &me, tokens.auth_method)
            .await
            .with_account(me.nichandle, me.email);

        let id = connection.id.clone();
        let saved = tokens.clone();
        tokio::task::spawn_blocking(move || store.save(&id, &saved))
            .await
            .map_err(|_| UserError::internal("Saving the tokens was interrupted."))??;
        self.vault()
            .save_oauth_client(&Issuer::of(&endpoint), &client.client_id, &client.client_secret)
            .await?;
        self.upsert(connection.clone()).await?;

        let token_endpoint = TokenEndpoint::new(&endpoint, &client, &self.http)?;
        let refresher = Arc::new(
            TokenRefresher::new(
                connection.id.clone(),
                tokens,
                token_endpoint,
                Arc::new(self.vault().clone()),
            )
            .issued_now(),
        );
        refresher.spawn_background_refresh();
        self.refreshers.lock().await.insert(connection.id.clone(), refresher);
        Ok(connection)
    }

    /// Saves validated legacy keys as a connection (same account and region: updated in place).
    pub async fn save_api_credentials(
        &self,
        endpoint: &Endpoint,
        credentials: &ApiCredentials,
        account: &ValidatedKeys,
    ) -> Result<Connection, UserError> {
        let me = Me {
            nichandle: account.nichandle.clone(),
            email: account.email.clone(),
        };
        let fresh = Connection::new(endpoint, AuthMethod::ApiCredentials);
        let connection = self
            .reuse_or(fresh, &me, AuthMethod::ApiCredentials)
            .await
            .with_account(me.nichandle, me.email);
        self.vault().save_api_credentials(&connection.id, credentials).await?;
        self.upsert(connection.clone()).await?;
        Ok(connection)
    }

    async fn upsert(&self, connection: Connection) -> Result<(), UserError> {
        match self.registry.get(&connection.id).await {
            Some(_) => self.registry.update(connection).await,
            None => self.registry.add(connection).await,
        }
    }

    async fn reuse_or(&self, fresh: Connection, me: &Me, method: AuthMethod) -> Connection {
        let same = |c: &Connection| {
            c.region == fresh.region
                && c.api_base == fresh.api_base
                && c.auth_method == method
                && c.nichandle.as_deref() == Some(&me.nichandle)
        };
        self.registry
            .list()
            .await
            .into_iter()
            .find(same)
            .map(|c| Connection {
                created_at: c.created_at,
                ..c
            })
            .unwrap_or(fresh)
    }

    /// An API client for the connection, with its current credentials.
    pub async fn client(&self, connection: &Connection) -> Result<ApiClient, UserError> {
        let endpoint = endpoint_of(connection)?;
        let auth = match connection.auth_method {
            AuthMethod::ApiCredentials => self
                .vault()
                .load_api_credentials(&connection.id)
                .await?
                .ok_or_else(|| missing_secrets(connection))?
                .auth(),
            _ => Auth::Bearer(self.refresher(connection, &endpoint).await?),
        };
        Ok(ApiClient::with_config(endpoint, auth, &self.http)?)
    }

    async fn refresher(&self, connection: &Connection, endpoint: &Endpoint) -> Result<Arc<TokenRefresher>, UserError> {
        let mut refreshers = self.refreshers.lock().await;
        if let Some(existing) = refreshers.get(&connection.id) {
            return Ok(existing.clone());
        }
        let client = self.oauth_client(endpoint).await?;
        let token_endpoint = TokenEndpoint::new(endpoint, &client, &self.http)?;
        let store: Arc<dyn TokenStore> = Arc::new(self.vault().clone());
        let loaded = TokenRefresher::load(&connection.id, token_endpoint, store).await?;
        let refresher = Arc::new(loaded.ok_or_else(|| missing_secrets(connection))?);
        refresher.spawn_background_refresh();
        refreshers.insert(connection.id.clone(), refresher.clone());
        Ok(refresher)
    }

    pub async fn status(&self, connection: &Connection) -> CredentialStatus {
        let endpoint = match connection.endpoint() {
            Ok(endpoint) => endpoint,
            Err(e) => return CredentialStatus::SignInRequired { reason: e.to_string() },
        };
        match connection.auth_method {
            AuthMethod::ApiCredentials => match self.vault().load_api_credentials(&connection.id).await {
                Ok(Some(_)) => CredentialStatus::Active {
                    expires_at: None,
                    renewable: false,
                },
                Ok(None) => CredentialStatus::SignInRequired {
                    reason: missing_secrets(connection).message,
                },
                Err(e) => CredentialStatus::SignInRequired {
                    reason: UserError::from(e).message,
                },
            },
            _ => match self.refresher(connection, &endpoint).await {
                Ok(refresher) => match refresher.status().await {
                    SessionStatus::Active { expires_at, renewable } => CredentialStatus::Active {
                        expires_at: Some(expires_at),
                        renewable,
                    },
                    SessionStatus::SignInRequired { reason } => CredentialStatus::SignInRequired { reason },
                },
                Err(e) => CredentialStatus::SignInRequired { reason: e.message },
            },
        }
    }

    /// Forgets the connection and deletes its keyring entry.
    pub async fn disconnect(&self, id: &str) -> Result<bool, UserError> {
        self.refreshers.lock().await.remove(id);
        self.registry.remove(id).await
    }
}

#[derive(Deserialize)]
struct Me {
    nichandle: String,
    email: Option<String>,
}

/// The connection's endpoint, or why its saved address is unusable.
pub fn endpoint_of(connection: &Connection) -> Result<Endpoint, UserError> {
    connection.endpoint().map_err(|e| {
        UserError::new(
            ErrorKind::InvalidConfiguration,
            e.to_string(),
            ["Remove this connection and add it again."],
        )
    })
}

fn missing_secrets(connection: &Connection) -> UserError {
    UserError::new(
        ErrorKind::SignInRequired,
        format!(
            "The credentials of {} are no longer in your system keyring.",
            connection.label
        ),
        ["Sign in again, or remove this connection and add it again."],
    )
}
