//! The guided legacy API keys wizard: region, create the application, paste
//! its key and secret, let Aurora request the consumer key, validate, save.

use aurora_core::connections::Connection;
use aurora_core::legacy::{
    check_field, clean, discovery_rules, import_from_system, request_consumer_key, validate_with, wait_for_validation,
    DescribedRule, FieldCheck, FieldState, ImportPreview, KeyField, PollOptions, RuleSet, ValidatedKeys,
};
use aurora_core::vault::ApiCredentials;
use aurora_core::{ApiClient, ErrorKind, Region, SecretString, UserError};
use serde::Serialize;
use specta::Type;
use tauri::AppHandle;

use crate::state::AppState;
use crate::wizard::PendingKeys;

/// Where OVH sends the browser once the consumer key is authorized.
pub const VALIDATED_DEEP_LINK: &str = "aurora://ovh/api-keys/validated";

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ApiKeysSetup {
    /// The region's page for creating an application.
    pub create_app_url: String,
    /// The read-only rights Aurora will ask for, each with its purpose.
    pub rules: Vec<DescribedRule>,
    /// In the offline demo only: the simulator's public demo application.
    pub demo_application: Option<DemoApplication>,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DemoApplication {
    pub application_key: String,
    pub application_secret: String,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AccessRequested {
    pub validation_url: String,
}

#[tauri::command]
#[specta::specta]
pub fn api_keys_setup(
    state: tauri::State<'_, AppState>,
    region: Region,
    custom_api_base: Option<String>,
) -> Result<ApiKeysSetup, UserError> {
    let endpoint = state.endpoint(region, custom_api_base.as_deref())?;
    let demo_application = state.demo.as_ref().map(|demo| {
        let (key, secret) = demo.application();
        DemoApplication {
            application_key: key.into(),
            application_secret: secret.into(),
        }
    });
    Ok(ApiKeysSetup {
        create_app_url: endpoint.create_app_url.to_string(),
        rules: discovery_rules(),
        demo_application,
    })
}

#[tauri::command]
#[specta::specta]
pub fn open_create_app_page(
    app: AppHandle,
    state: tauri::State<'_, AppState>,
    region: Region,
    custom_api_base: Option<String>,
) -> Result<(), UserError> {
    let endpoint = state.endpoint(region, custom_api_base.as_deref())?;
    crate::browser::open(&app, endpoint.create_app_url.as_str())
}

/// Checks one pasted value as it is typed. The answer holds no part of it.
#[tauri::command]
#[specta::specta]
pub fn check_api_key_field(field: KeyField, value: String) -> FieldCheck {
    check_field(field, &value)
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

/// The endpoint and the checked Application Key and Secret of a wizard step.
fn application(
    state: &AppState,
    region: Region,
    custom_api_base: Option<String>,
    application_key: &str,
    application_secret: &str,
) -> Result<(aurora_core::Endpoint, String, SecretString), UserError> {
    let endpoint = state.endpoint(region, custom_api_base.as_deref())?;
    let key = checked(KeyField::ApplicationKey, application_key)?;
    let secret = SecretString::new(checked(KeyField::ApplicationSecret, application_secret)?);
    Ok((endpoint, key, secret))
}

/// One rule set the wizard offers, shown before the request.
#[derive(Debug, Clone, serde::Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RuleSetChoice {
    pub rule_set: RuleSet,
    pub label: String,
    pub rules: Vec<DescribedRule>,
}

/// "Read only" (the default) and "Read and act", each with its rules.
#[tauri::command]
#[specta::specta]
pub fn api_key_rule_sets() -> Vec<RuleSetChoice> {
    RuleSet::ALL
        .into_iter()
        .map(|rule_set| RuleSetChoice {
            rule_set,
            label: rule_set.label().to_owned(),
            rules: rule_set.rules(),
        })
        .collect()
}

/// Step 4: asks OVH for a consumer key with the chosen rights (read only
/// unless `rule_set` says otherwise), opens its authorization page in the
/// browser and keeps the key here until it is validated.
#[tauri::command]
#[specta::specta]
pub async fn request_api_access(
    app: AppHandle,
    state: tauri::State<'_, AppState>,
    region: Region,
    custom_api_base: Option<String>,
    application_key: String,
    application_secret: String,
    rule_set: Option<RuleSet>,
) -> Result<AccessRequested, UserError> {
    let (endpoint, key, secret) = application(&state, region, custom_api_base, &application_key, &application_secret)?;
    let rules = rule_set.unwrap_or_default().access_rules();
    let request = request_consumer_key(&endpoint, &key, &rules, Some(VALIDATED_DEEP_LINK)).await?;
    let validation_url = request.validation_url.to_string();
    let credentials = ApiCredentials::new(&endpoint, key, secret, request.consumer_key);
    *state.wizard.pending.lock().await = Some(PendingKeys {
        endpoint,
        credentials,
        validation_url: Some(validation_url.clone()),
        validated: None,
    });
    crate::browser::open(&app, &validation_url)?;
    Ok(AccessRequested { validation_url })
}

/// Waits until the consumer key is authorized (or refused, or expired), then
/// checks the keys with `GET /me`.
#[tauri::command]
#[specta::specta]
pub async fn wait_for_api_access(state: tauri::State<'_, AppState>) -> Result<ValidatedKeys, UserError> {
    let (endpoint, credentials, url) = {
        let pending = state.wizard.pending.lock().await;
        let pending = pending.as_ref().ok_or_else(no_pending_keys)?;
        (
            pending.endpoint.clone(),
            pending.credentials.clone(),
            pending.validation_url.clone(),
        )
    };
    let client = ApiClient::new(endpoint, credentials.auth())?;
    if let Some(url) = url.as_deref().and_then(|u| url::Url::parse(u).ok()) {
        let poll = PollOptions {
            interval: std::time::Duration::from_secs(2),
            ..PollOptions::default()
        };
        wait_for_validation(&client, &url, poll).await?;
    }
    let validated = validate_with(&client).await?;
    remember_validated(&state, &validated).await;
    Ok(validated)
}

/// The "I already have a consumer key" path: checks the three keys with `GET /me`.
#[tauri::command]
#[specta::specta]
pub async fn check_existing_api_keys(
    state: tauri::State<'_, AppState>,
    region: Region,
    custom_api_base: Option<String>,
    application_key: String,
    application_secret: String,
    consumer_key: String,
) -> Result<ValidatedKeys, UserError> {
    let (endpoint, key, secret) = application(&state, region, custom_api_base, &application_key, &application_secret)?;
    let consumer = SecretString::new(checked(KeyField::ConsumerKey, &consumer_key)?);
    let credentials = ApiCredentials::new(&endpoint, key, secret, consumer);
    let client = ApiClient::new(endpoint.clone(), credentials.auth())?;
    let validated = validate_with(&client).await?;
    *state.wizard.pending.lock().await = Some(PendingKeys {
        endpoint,
        credentials,
        validation_url: None,
        validated: Some(validated.clone()),
    });
    Ok(validated)
}

async fn remember_validated(state: &AppState, validated: &ValidatedKeys) {
    if let Some(pending) = state.wizard.pending.lock().await.as_mut() {
        pending.validated = Some(validated.clone());
    }
}

/// Step 6: saves the validated keys in the keyring and adds the connection.
#[tauri::command]
#[specta::specta]
pub async fn save_api_keys(state: tauri::State<'_, AppState>) -> Result<Connection, UserError> {
    let pending = state.wizard.pending.lock().await.take().ok_or_else(no_pending_keys)?;
    let Some(validated) = pending.validated.as_ref() else {
        let message = "These keys have not been checked with OVH yet.";
        *state.wizard.pending.lock().await = Some(pending);
        return Err(UserError::new(
            ErrorKind::InvalidInput,
            message,
            ["Finish the validation step, then save."],
        ));
    };
    match state
        .sessions
        .save_api_credentials(&pending.endpoint, &pending.credentials, validated)
        .await
    {
        Ok(connection) => Ok(connection),
        Err(error) => {
            // Keep the keys so that "Save" can be tried again.
            *state.wizard.pending.lock().await = Some(pending);
            Err(error)
        }
    }
}

#[tauri::command]
#[specta::specta]
pub async fn cancel_api_keys(state: tauri::State<'_, AppState>) -> Result<(), UserError> {
    state.wizard.pending.lock().await.take();
    Ok(())
}

fn no_pending_keys() -> UserError {
    UserError::new(
        ErrorKind::InvalidInput,
        "There are no API keys waiting to be checked.",
        ["Start the API keys wizard again from its first step."],
    )
}

/// Looks for keys in `~/.ovh.conf`, `./ovh.conf` and `OVH_*` variables (the
/// places OVH's own tools read) and shows what was found, without secrets.
/// Complete keys are held here, ready for `check_imported_api_keys`.
#[tauri::command]
#[specta::specta]
pub async fn preview_api_keys_import(state: tauri::State<'_, AppState>) -> Result<Option<ImportPreview>, UserError> {
    let imported = tokio::task::spawn_blocking(import_from_system)
        .await
        .map_err(|_| UserError::internal("Reading ovh.conf was interrupted."))??;
    let Some(imported) = imported else { return Ok(None) };
    let mut pending = state.wizard.pending.lock().await;
    *pending = imported.api_credentials().map(|credentials| PendingKeys {
        endpoint: imported.endpoint.clone(),
        credentials,
        validation_url: None,
        validated: None,
    });
    Ok(Some(imported.preview))
}

/// Checks the imported keys with `GET /me`.
#[tauri::command]
#[specta::specta]
pub async fn check_imported_api_keys(state: tauri::State<'_, AppState>) -> Result<ValidatedKeys, UserError> {
    let (endpoint, credentials) = {
        let pending = state.wizard.pending.lock().await;
        let pending = pending.as_ref().ok_or_else(no_pending_keys)?;
        (pending.endpoint.clone(), pending.credentials.clone())
    };
    let validated = validate_with(&ApiClient::new(endpoint, credentials.auth())?).await?;
    remember_validated(&state, &validated).await;
    Ok(validated)
}
