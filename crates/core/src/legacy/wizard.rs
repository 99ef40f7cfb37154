//! The guided API keys wizard's state between its steps: region, create the
//! application, paste its key and secret, let Aurora request the consumer key
//! (or paste an existing one, or import `ovh.conf`), validate, save.
//!
//! The application secret and the consumer key stay here, in memory, until
//! they are saved to the keyring; the window only ever learns whether each
//! step succeeded.

use std::time::Duration;

use serde::Serialize;
use tokio::sync::Mutex;
use url::Url;

use crate::api::ApiClient;
use crate::connections::Connection;
use crate::region::Endpoint;
use crate::secret::SecretString;
use crate::session::Sessions;
use crate::user_error::{ErrorKind, UserError};
use crate::vault::ApiCredentials;

use super::access_rules::{DescribedRule, RuleSet};
use super::consumer_key::{request_consumer_key, wait_for_validation, PollOptions};
use super::import::{import_from_system, ImportPreview};
use super::paste::{check_field, clean, FieldState, KeyField};
use super::validate::{validate_with, ValidatedKeys};

/// Where OVH sends the browser once the consumer key is authorized.
pub const VALIDATED_DEEP_LINK: &str = "aurora://ovh/api-keys/validated";

/// How often the wizard asks OVH whether the consumer key was authorized.
const POLL_INTERVAL: Duration = Duration::from_secs(2);

/// What the wizard's first steps show for the chosen endpoint.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ApiKeysSetup {
    /// The region's page for creating an application.
    pub create_app_url: String,
    /// The read-only rights Aurora will ask for, each with its purpose.
    pub rules: Vec<DescribedRule>,
    /// In the offline demo only: the simulator's public demo application.
    pub demo_application: Option<DemoApplication>,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DemoApplication {
    pub application_key: String,
    pub application_secret: String,
}

impl ApiKeysSetup {
    pub fn new(endpoint: &Endpoint, demo_application: Option<DemoApplication>) -> ApiKeysSetup {
        ApiKeysSetup {
            create_app_url: endpoint.create_app_url.to_string(),
            rules: RuleSet::ReadOnly.rules(),
            demo_application,
        }
    }
}

/// One rule set the wizard offers, shown before the request.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RuleSetChoice {
    pub rule_set: RuleSet,
    pub label: String,
    pub rules: Vec<DescribedRule>,
}

/// "Read only" (the default) and "Read and act", each with its rules.
pub fn rule_set_choices() -> Vec<RuleSetChoice> {
    RuleSet::ALL
        .into_iter()
        .map(|rule_set| RuleSetChoice {
            rule_set,
            label: rule_set.label().to_owned(),
            rules: rule_set.rules(),
        })
        .collect()
}

/// The consumer key was requested: the person authorizes it on this page.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AccessRequested {
    pub validation_url: String,
}

struct PendingKeys {
    endpoint: Endpoint,
    credentials: ApiCredentials,
    /// Where the person authorizes the consumer key (for "open it again").
    validation_url: Option<Url>,
    /// Set once `GET /me` succeeded with these keys.
    validated: Option<ValidatedKeys>,
}

/// One wizard per app: the keys of the attempt in progress, if any.
#[derive(Default)]
pub struct ApiKeysWizard {
    pending: Mutex<Option<PendingKeys>>,
}

impl ApiKeysWizard {
    /// Step 4: asks OVH for a consumer key with the rule set's rights (read
    /// only by default) and keeps it until it is validated. Returns the page
    /// where the person authorizes it, to open in the browser.
    pub async fn request_access(
        &self,
        endpoint: Endpoint,
        application_key: &str,
        application_secret: &str,
        rule_set: RuleSet,
    ) -> Result<AccessRequested, UserError> {
        let (key, secret) = application(application_key, application_secret)?;
        let request =
            request_consumer_key(&endpoint, &key, &rule_set.access_rules(), Some(VALIDATED_DEEP_LINK)).await?;
        let credentials = ApiCredentials::new(&endpoint, key, secret, request.consumer_key);
        let validation_url = request.validation_url.to_string();
        self.hold(endpoint, credentials, Some(request.validation_url), None)
            .await;
        Ok(AccessRequested { validation_url })
    }

    /// Waits until the consumer key is authorized (or refused, or expired),
    /// then checks the keys with `GET /me`.
    pub async fn wait_for_access(&self) -> Result<ValidatedKeys, UserError> {
        let (client, url) = self.client().await?;
        if let Some(url) = url {
            let poll = PollOptions {
                interval: POLL_INTERVAL,
                ..PollOptions::default()
            };
            wait_for_validation(&client, &url, poll).await?;
        }
        self.validate(&client).await
    }

    /// The "I already have a consumer key" path: checks the three keys with `GET /me`.
    pub async fn check_existing(
        &self,
        endpoint: Endpoint,
        application_key: &str,
        application_secret: &str,
        consumer_key: &str,
    ) -> Result<ValidatedKeys, UserError> {
        let (key, secret) = application(application_key, application_secret)?;
        let consumer = SecretString::new(checked(KeyField::ConsumerKey, consumer_key)?);
        let credentials = ApiCredentials::new(&endpoint, key, secret, consumer);
        let validated = validate_with(&ApiClient::new(endpoint.clone(), credentials.auth())?).await?;
        self.hold(endpoint, credentials, None, Some(validated.clone())).await;
        Ok(validated)
    }

    /// Looks for keys in `~/.ovh.conf`, `./ovh.conf` and `OVH_*` variables
    /// (the places OVH's own tools read) and shows what was found, without
    /// secrets. Complete keys are held, ready for [`Self::check_imported`].
    pub async fn preview_import(&self) -> Result<Option<ImportPreview>, UserError> {
        let imported = tokio::task::spawn_blocking(import_from_system)
            .await
            .map_err(|_| UserError::internal("Reading ovh.conf was interrupted."))??;
        let Some(imported) = imported else { return Ok(None) };
        *self.pending.lock().await = imported.api_credentials().map(|credentials| PendingKeys {
            endpoint: imported.endpoint.clone(),
            credentials,
            validation_url: None,
            validated: None,
        });
        Ok(Some(imported.preview))
    }

    /// Checks the imported keys with `GET /me`.
    pub async fn check_imported(&self) -> Result<ValidatedKeys, UserError> {
        let (client, _) = self.client().await?;
        self.validate(&client).await
    }

    /// Step 6: saves the validated keys in the keyring and adds the
    /// connection. On failure the keys are kept, so saving can be tried again.
    pub async fn save(&self, sessions: &Sessions) -> Result<Connection, UserError> {
        let mut slot = self.pending.lock().await;
        let pending = slot.as_ref().ok_or_else(no_pending_keys)?;
        let Some(validated) = pending.validated.as_ref() else {
            return Err(UserError::new(
                ErrorKind::InvalidInput,
                "These keys have not been checked with OVH yet.",
                ["Finish the validation step, then save."],
            ));
        };
        let connection = sessions
            .save_api_credentials(&pending.endpoint, &pending.credentials, validated)
            .await?;
        slot.take();
        Ok(connection)
    }

    /// Forgets the keys of the attempt in progress.
    pub async fn cancel(&self) {
        self.pending.lock().await.take();
    }

    async fn hold(
        &self,
        endpoint: Endpoint,
        credentials: ApiCredentials,
        validation_url: Option<Url>,
        validated: Option<ValidatedKeys>,
    ) {
        *self.pending.lock().await = Some(PendingKeys {
            endpoint,
            credentials,
            validation_url,
            validated,
        });
    }

    /// A client signing with the held keys, and their validation page if any.
    async fn client(&self) -> Result<(ApiClient, Option<Url>), UserError> {
        let pending = self.pending.lock().await;
        let pending = pending.as_ref().ok_or_else(no_pending_keys)?;
        let client = ApiClient::new(pending.endpoint.clone(), pending.credentials.auth())?;
        Ok((client, pending.validation_url.clone()))
    }

    /// Checks the held keys with `GET /me` and remembers that they work.
    async fn validate(&self, client: &ApiClient) -> Result<ValidatedKeys, UserError> {
        let validated = validate_with(client).await?;
        if let Some(pending) = self.pending.lock().await.as_mut() {
            pending.validated = Some(validated.clone());
        }
        Ok(validated)
    }
}

/// The checked Application Key and Secret of a wizard step.
fn application(application_key: &str, application_secret: &str) -> Result<(String, SecretString), UserError> {
    let key = checked(KeyField::ApplicationKey, application_key)?;
    let secret = SecretString::new(checked(KeyField::ApplicationSecret, application_secret)?);
    Ok((key, secret))
}

fn checked(field: KeyField, value: &str) -> Result<String, UserError> {
    let check = check_field(field, value);
    match check.state {
        FieldState::Valid => Ok(clean(value).to_owned()),
        _ => Err(UserError::new(
            ErrorKind::InvalidInput,
            check
                .message
                .unwrap_or_else(|| format!("The {} is not valid.", field.label())),
            ["Copy the value again from the OVH page and paste it without extra characters."],
        )),
    }
}

fn no_pending_keys() -> UserError {
    UserError::new(
        ErrorKind::InvalidInput,
        "There are no API keys waiting to be checked.",
        ["Start the API keys wizard again from its first step."],
    )
}
