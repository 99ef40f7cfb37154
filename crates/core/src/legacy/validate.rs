//! Checking a set of keys: `GET /me` names the account, `GET
//! /auth/currentCredential` tells the key's rights and expiry.

use serde::{Deserialize, Serialize};

use crate::api::{ApiClient, ApiError};
use crate::region::Endpoint;
use crate::vault::ApiCredentials;

use super::access_rules::{discovery_access_rules, missing_rules, AccessRule};
use super::consumer_key::{CredentialState, CurrentCredential};
use super::error::LegacyError;

/// What the wizard shows after a successful check (no secret in it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ValidatedKeys {
    pub nichandle: String,
    pub email: Option<String>,
    /// `None` when the key may not read `/auth/currentCredential`.
    pub rules: Option<Vec<AccessRule>>,
    /// ISO 8601; `None` for an unlimited key (or unknown rules).
    pub expiration: Option<String>,
    /// Discovery rules the key lacks (a hand-made key may have fewer rights).
    pub missing_rules: Vec<AccessRule>,
}

#[derive(Deserialize)]
struct Me {
    nichandle: String,
    email: Option<String>,
}

/// Signs `GET /me` and `GET /auth/currentCredential` with `keys` on
/// `endpoint`. The client corrects a wrong local clock with `/auth/time`.
pub async fn validate(endpoint: &Endpoint, keys: &ApiCredentials) -> Result<ValidatedKeys, LegacyError> {
    let client = ApiClient::new(endpoint.clone(), keys.auth())?;
    validate_with(&client).await
}

/// [`validate`] with a client already set up (shared pool and clock).
pub async fn validate_with(client: &ApiClient) -> Result<ValidatedKeys, LegacyError> {
    let me: Me = client.get("/me").await?;
    let credential = match client.get::<CurrentCredential>("/auth/currentCredential").await {
        Ok(c) => Some(c),
        Err(ApiError::NotGranted(_)) => None,
        Err(e) => return Err(e.into()),
    };
    if let Some(c) = &credential {
        match c.status {
            CredentialState::Validated => {}
            CredentialState::PendingValidation => return Err(LegacyError::Pending { validation_url: None }),
            CredentialState::Refused => return Err(LegacyError::Refused),
            CredentialState::Expired => return Err(LegacyError::Expired),
        }
    }
    let missing = credential
        .as_ref()
        .map(|c| missing_rules(&c.rules, &discovery_access_rules()))
        .unwrap_or_default();
    Ok(ValidatedKeys {
        nichandle: me.nichandle,
        email: me.email.filter(|e| !e.is_empty()),
        expiration: credential.as_ref().and_then(|c| c.expiration.clone()),
        rules: credential.map(|c| c.rules),
        missing_rules: missing,
    })
}
