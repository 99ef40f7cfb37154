//! "Set up Sign in with OVH" from an API-key connection: the rights of the
//! single-purpose key first, then its validation in the browser, then the
//! client. The work is `aurora_core::oauth_clients::PendingSetup`.

use aurora_core::legacy::{DescribedRule, PollOptions};
use aurora_core::oauth_clients::{sign_in_setup_rules, SetupStarted};
use aurora_core::UserError;
use serde::Serialize;
use specta::Type;
use tauri::AppHandle;

use crate::commands::settings::redirect_uri;
use crate::state::AppState;
use aurora_core::legacy::VALIDATED_DEEP_LINK;

/// What "Set up Sign in with OVH" made ready (the secret went to the keyring).
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SignInClientReady {
    pub client_id: String,
    pub redirect_uri: String,
}

/// The rights of the single-purpose key, shown before it is requested.
#[tauri::command]
#[specta::specta]
pub fn sign_in_setup_rights() -> Vec<DescribedRule> {
    sign_in_setup_rules()
}

/// Requests the single-purpose key and opens its validation page, unless the
/// client saved earlier still works.
#[tauri::command]
#[specta::specta]
pub async fn start_sign_in_setup(
    app: AppHandle,
    state: tauri::State<'_, AppState>,
    connection_id: String,
) -> Result<SetupStarted, UserError> {
    let started = state
        .sign_in_setup
        .start(
            &state.sessions,
            &connection_id,
            &redirect_uri(),
            Some(VALIDATED_DEEP_LINK),
        )
        .await?;
    if let SetupStarted::ValidateKey { validation_url } = &started {
        crate::browser::open(&app, validation_url)?;
    }
    Ok(started)
}

/// Waits until the key is validated, then creates and saves the client.
#[tauri::command]
#[specta::specta]
pub async fn finish_sign_in_setup(state: tauri::State<'_, AppState>) -> Result<SignInClientReady, UserError> {
    let poll = PollOptions {
        interval: std::time::Duration::from_secs(2),
        ..PollOptions::default()
    };
    let client = state
        .sign_in_setup
        .finish(state.sessions.registry().vault(), &redirect_uri(), poll)
        .await?;
    Ok(SignInClientReady {
        client_id: client.client_id,
        redirect_uri: client.redirect_uri,
    })
}

#[tauri::command]
#[specta::specta]
pub async fn cancel_sign_in_setup(state: tauri::State<'_, AppState>) -> Result<(), UserError> {
    state.sign_in_setup.cancel().await;
    Ok(())
}
