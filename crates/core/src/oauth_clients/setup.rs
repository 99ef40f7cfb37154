//! "Set up Sign in with OVH" from any API-key connection, even one whose
//! consumer key is read-only (the wizard's): Aurora requests a second,
//! single-purpose consumer key with the connection's application, shows its
//! rights first, has the person validate it in the browser, creates the
//! OAuth2 client with it, then ends that key at OVH and forgets it.
//!
//! ```ignore
//! show(sign_in_setup_rules());                                        // before the request
//! let pending = PendingSetup::default();                              // one per app
//! match pending.start(&sessions, &connection_id, DEFAULT_REDIRECT_URI, Some(deep_link)).await? {
//!     SetupStarted::AlreadySetUp { .. } => {}                          // the saved client still works
//!     SetupStarted::ValidateKey { validation_url } => {
//!         open(validation_url);                                        // the person validates
//!         let client = pending.finish(&vault, DEFAULT_REDIRECT_URI, PollOptions::default()).await?;
//!     }
//! }
//! ```

use std::sync::Arc;

use tokio::sync::Mutex;
use url::Url;

use super::create::{saved_client_still_usable, set_up_sign_in_with_ovh};
use super::manage::CLIENTS;
use crate::api::{ApiClient, ApiRequest};
use crate::discovery::CancelToken;
use crate::legacy::{request_consumer_key, wait_for_validation, AccessRule, DescribedRule, PollOptions};
use crate::oauth::{AuthMethod, OAuthClientConfig};
use crate::region::Endpoint;
use crate::session::Sessions;
use crate::user_error::{ErrorKind, UserError};
use crate::vault::{ApiCredentials, Vault};

/// Exactly what [`SetupKey::finish`] calls, each with its reason. A rule
/// `/x/*` does not cover `/x` (OVH's matching), hence the two paths.
const SETUP_RULES: &[(&str, &str, &str)] = &[
    (
        "POST",
        CLIENTS,
        "Create the OAuth2 client \"Aurora Integration\" that \"Sign in with OVH\" uses",
    ),
    (
        "GET",
        "/me/api/oauth2/client/*",
        "Read the client saved earlier, to use it again instead of creating another",
    ),
    (
        "DELETE",
        "/me/api/oauth2/client/*",
        "Delete the new client again if your keyring cannot keep its secret",
    ),
];

/// The rights of the single-purpose key, shown before it is requested.
pub fn sign_in_setup_rules() -> Vec<DescribedRule> {
    SETUP_RULES
        .iter()
        .map(|(method, path, purpose)| DescribedRule {
            method: (*method).into(),
            path: (*path).into(),
            purpose: (*purpose).into(),
        })
        .collect()
}

/// A consumer key requested for the setup only: held in memory, never saved.
pub struct SetupKey {
    api: ApiClient,
    validation_url: Url,
}

impl std::fmt::Debug for SetupKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SetupKey")
            .field("endpoint", &self.api.endpoint().api_base_str())
            .finish_non_exhaustive()
    }
}

impl SetupKey {
    /// `POST /auth/credential` with the connection's application key and
    /// [`sign_in_setup_rules`]. `redirection` is where OVH sends the browser
    /// once the key is validated (the app's deep link).
    pub async fn request(
        endpoint: &Endpoint,
        connection_keys: &ApiCredentials,
        redirection: Option<&str>,
    ) -> Result<SetupKey, UserError> {
        let rules: Vec<AccessRule> = sign_in_setup_rules().iter().map(DescribedRule::rule).collect();
        let request = request_consumer_key(endpoint, &connection_keys.application_key, &rules, redirection).await?;
        let keys = ApiCredentials::new(
            endpoint,
            connection_keys.application_key.clone(),
            connection_keys.application_secret.clone(),
            request.consumer_key,
        );
        Ok(SetupKey {
            api: ApiClient::new(endpoint.clone(), keys.auth())?,
            validation_url: request.validation_url,
        })
    }

    /// Where the person validates the key.
    pub fn validation_url(&self) -> &Url {
        &self.validation_url
    }

    /// Waits until the person validated the key, creates (or reuses) the
    /// sign-in client and saves it for the endpoint's issuer, then ends the
    /// key at OVH (`POST /auth/logout`, which every key may call). The key
    /// is ended whatever happened, and `cancel` stops the wait.
    pub async fn finish(
        &self,
        vault: &Vault,
        redirect_uri: &str,
        poll: PollOptions,
        cancel: &CancelToken,
    ) -> Result<OAuthClientConfig, UserError> {
        let work = async {
            wait_for_validation(&self.api, &self.validation_url, poll).await?;
            set_up_sign_in_with_ovh(&self.api, vault, redirect_uri).await
        };
        let outcome = tokio::select! {
            biased; // a cancelled setup never starts creating a client
            _ = cancel.cancelled() => Err(cancelled()),
            outcome = work => outcome,
        };
        self.end().await;
        outcome
    }

    /// Ends the key at OVH; a failure only leaves a key nobody knows.
    async fn end(&self) {
        match self.api.send(ApiRequest::post("/auth/logout")).await {
            Ok(_) => tracing::info!("the single-purpose consumer key of the sign-in setup was ended"),
            Err(e) => tracing::warn!(error = %e, "the single-purpose consumer key could not be ended at OVH"),
        }
    }
}

fn cancelled() -> UserError {
    UserError::new(
        ErrorKind::InvalidInput,
        "Setting up Sign in with OVH was cancelled.",
        ["Choose Set up Sign in with OVH again when you are ready."],
    )
}

/// What [`PendingSetup::start`] did.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, specta::Type)]
#[serde(tag = "state", rename_all = "camelCase")]
pub enum SetupStarted {
    /// The issuer's saved client is still at OVH: nothing to create.
    #[serde(rename_all = "camelCase")]
    AlreadySetUp { client_id: String },
    /// The person validates the single-purpose key at this address.
    #[serde(rename_all = "camelCase")]
    ValidateKey { validation_url: String },
}

/// The one sign-in setup in progress in the app: its key in memory only,
/// and what cancels its wait.
#[derive(Default)]
pub struct PendingSetup {
    slot: Mutex<Option<(Arc<SetupKey>, CancelToken)>>,
}

impl PendingSetup {
    /// Uses the saved client again when the connection's own key can see it
    /// is still at OVH; otherwise requests the single-purpose key (replacing
    /// any earlier pending one). `connection_id` must be an API-key connection.
    pub async fn start(
        &self,
        sessions: &Sessions,
        connection_id: &str,
        redirect_uri: &str,
        redirection: Option<&str>,
    ) -> Result<SetupStarted, UserError> {
        let connection = sessions.registry().require(connection_id).await?;
        if connection.auth_method != AuthMethod::ApiCredentials {
            return Err(UserError::new(
                ErrorKind::InvalidInput,
                format!("{} is already signed in with OVH: it needs no setup.", connection.label),
                ["Set up Sign in with OVH from a connection made with API keys."],
            ));
        }
        let vault = sessions.registry().vault();
        let api = sessions.client(&connection).await?;
        if let Some(saved) = saved_client_still_usable(&api, vault, redirect_uri).await? {
            return Ok(SetupStarted::AlreadySetUp {
                client_id: saved.client_id,
            });
        }
        let keys = vault
            .load_api_credentials(&connection.id)
            .await?
            .ok_or_else(|| UserError::sign_in_required("its API keys are no longer in your keyring"))?;
        let key = SetupKey::request(api.endpoint(), &keys, redirection).await?;
        let validation_url = key.validation_url().to_string();
        if let Some((_, earlier)) = self.slot.lock().await.replace((Arc::new(key), CancelToken::new())) {
            earlier.cancel();
        }
        Ok(SetupStarted::ValidateKey { validation_url })
    }

    /// Waits for the pending key's validation, then creates and saves the client.
    pub async fn finish(
        &self,
        vault: &Vault,
        redirect_uri: &str,
        poll: PollOptions,
    ) -> Result<OAuthClientConfig, UserError> {
        let Some((key, cancel)) = self.slot.lock().await.clone() else {
            return Err(UserError::new(
                ErrorKind::InvalidInput,
                "No Sign in with OVH setup is waiting.",
                ["Choose Set up Sign in with OVH again."],
            ));
        };
        let outcome = key.finish(vault, redirect_uri, poll, &cancel).await;
        let mut slot = self.slot.lock().await;
        if slot.as_ref().is_some_and(|(k, _)| Arc::ptr_eq(k, &key)) {
            *slot = None; // the key is forgotten
        }
        outcome
    }

    /// Stops the wait; the key is ended at OVH and forgotten.
    pub async fn cancel(&self) {
        if let Some((_, cancel)) = self.slot.lock().await.take() {
            cancel.cancel();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exactly_the_rights_the_setup_uses() {
        let rules: Vec<AccessRule> = sign_in_setup_rules().iter().map(DescribedRule::rule).collect();
        assert!(rules.iter().any(|r| r.covers("POST", "/me/api/oauth2/client")));
        assert!(rules.iter().any(|r| r.covers("GET", "/me/api/oauth2/client/abc")));
        assert!(rules.iter().any(|r| r.covers("DELETE", "/me/api/oauth2/client/abc")));
        for (method, path) in [
            ("GET", "/me"),
            ("GET", "/cloud/project"),
            ("POST", "/me/api/oauth2/client/abc"),
            ("PUT", "/me/api/oauth2/client/abc"),
            ("DELETE", "/me/api/oauth2/client"),
            ("POST", "/v2/iam/policy"),
        ] {
            assert!(!rules.iter().any(|r| r.covers(method, path)), "{method} {path}");
        }
        assert!(sign_in_setup_rules().iter().all(|r| r.purpose.len() > 20));
    }
}
