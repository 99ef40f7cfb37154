//! The guided legacy API keys wizard's commands: one-line adapters over
//! [`aurora_core::legacy::wizard`], plus the browser and the demo's application.

use aurora_core::connections::Connection;
use aurora_core::legacy::wizard::{rule_set_choices, AccessRequested, ApiKeysSetup, DemoApplication, RuleSetChoice};
use aurora_core::legacy::{check_field, FieldCheck, ImportPreview, KeyField, RuleSet, ValidatedKeys};
use aurora_core::{Region, UserError};
use tauri::AppHandle;

use crate::state::AppState;

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
    Ok(ApiKeysSetup::new(&endpoint, demo_application))
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

/// "Read only" (the default) and "Read and act", each with its rules.
#[tauri::command]
#[specta::specta]
pub fn api_key_rule_sets() -> Vec<RuleSetChoice> {
    rule_set_choices()
}

/// Step 4: asks OVH for a consumer key with the chosen rights (read only
/// unless `rule_set` says otherwise) and opens its authorization page in the browser.
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
    let endpoint = state.endpoint(region, custom_api_base.as_deref())?;
    let requested = (state.wizard)
        .request_access(
            endpoint,
            &application_key,
            &application_secret,
            rule_set.unwrap_or_default(),
        )
        .await?;
    crate::browser::open(&app, &requested.validation_url)?;
    Ok(requested)
}

/// Waits until the consumer key is authorized (or refused, or expired), then
/// checks the keys with `GET /me`.
#[tauri::command]
#[specta::specta]
pub async fn wait_for_api_access(state: tauri::State<'_, AppState>) -> Result<ValidatedKeys, UserError> {
    state.wizard.wait_for_access().await
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
    let endpoint = state.endpoint(region, custom_api_base.as_deref())?;
    (state.wizard)
        .check_existing(endpoint, &application_key, &application_secret, &consumer_key)
        .await
}

/// Step 6: saves the validated keys in the keyring and adds the connection.
#[tauri::command]
#[specta::specta]
pub async fn save_api_keys(state: tauri::State<'_, AppState>) -> Result<Connection, UserError> {
    state.wizard.save(&state.sessions).await
}

#[tauri::command]
#[specta::specta]
pub async fn cancel_api_keys(state: tauri::State<'_, AppState>) -> Result<(), UserError> {
    state.wizard.cancel().await;
    Ok(())
}

/// Looks for keys in `~/.ovh.conf`, `./ovh.conf` and `OVH_*` variables and
/// shows what was found, without secrets.
#[tauri::command]
#[specta::specta]
pub async fn preview_api_keys_import(state: tauri::State<'_, AppState>) -> Result<Option<ImportPreview>, UserError> {
    state.wizard.preview_import().await
}

/// Checks the imported keys with `GET /me`.
#[tauri::command]
#[specta::specta]
pub async fn check_imported_api_keys(state: tauri::State<'_, AppState>) -> Result<ValidatedKeys, UserError> {
    state.wizard.check_imported().await
}
