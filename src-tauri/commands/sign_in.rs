//! "Sign in with OVH": OAuth 2.0 authorization code with PKCE, in the system
//! browser, back through the `aurora://` deep link, a loopback listener, or a
//! callback URL pasted by the user.

use aurora_core::connections::Connection;
use aurora_core::oauth::{LoopbackListener, RedirectKind, STATE_LIFETIME};
use aurora_core::session::SignedIn;
use aurora_core::{Region, UserError};
use serde::Serialize;
use specta::Type;
use tauri::{AppHandle, Manager};
use tauri_specta::Event;

use crate::state::AppState;

/// A region the sign-in window offers, and whether its OAuth2 client is set up.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RegionChoice {
    pub region: Region,
    pub label: String,
    /// What to set when no OAuth2 client is configured for the region.
    pub setup_needed: Option<UserError>,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SignInStarted {
    /// Identifies this attempt (for cancel).
    pub attempt: String,
    /// The address opened in the browser, for people who must open it by hand.
    pub authorization_url: String,
}

/// Sent when a sign-in that came back through the browser has finished.
#[derive(Debug, Clone, Serialize, Type, Event)]
#[serde(rename_all = "camelCase")]
pub struct SignInFinished {
    pub connection: Option<Connection>,
    pub error: Option<UserError>,
    /// Non-fatal notes, such as a missing refresh token.
    pub warnings: Vec<UserError>,
}

#[tauri::command]
#[specta::specta]
pub async fn sign_in_regions(state: tauri::State<'_, AppState>) -> Result<Vec<RegionChoice>, UserError> {
    let mut choices = Vec::new();
    for region in [Region::OvhEu, Region::OvhCa, Region::OvhUs, Region::Custom] {
        let setup_needed = state.sessions.oauth_setup_needed(region).await;
        choices.push(RegionChoice {
            region,
            label: region.label().to_owned(),
            setup_needed,
        });
    }
    Ok(choices)
}

#[tauri::command]
#[specta::specta]
pub async fn start_sign_in(
    app: AppHandle,
    state: tauri::State<'_, AppState>,
    region: Region,
    custom_api_base: Option<String>,
) -> Result<SignInStarted, UserError> {
    let endpoint = state.endpoint(region, custom_api_base.as_deref())?;
    let client = state.sessions.oauth_client(&endpoint).await?;
    let listener = match RedirectKind::of_registered_uri(&client.redirect_uri) {
        Some(RedirectKind::Loopback { port }) => Some(LoopbackListener::bind(port).await?),
        _ => None,
    };
    let request = state.sessions.sign_ins().begin(&endpoint, &client)?;
    if let Some(listener) = listener {
        let (app, attempt) = (app.clone(), request.state.clone());
        // The listener lives as long as the sign-in's state, or until Cancel.
        state.loopbacks.start(request.state.clone(), async move {
            if let Ok(Ok(url)) = tokio::time::timeout(STATE_LIFETIME, listener.wait_for(&attempt)).await {
                finish_in_background(app, url).await;
            }
        });
    }
    if let Err(error) = crate::browser::open(&app, request.url.as_str()) {
        cancel(&state, &request.state).await;
        return Err(error);
    }
    Ok(SignInStarted {
        attempt: request.state,
        authorization_url: request.url.to_string(),
    })
}

/// Forgets a pending sign-in and closes its loopback listener, if any: its
/// port is free when this returns.
#[tauri::command]
#[specta::specta]
pub async fn cancel_sign_in(state: tauri::State<'_, AppState>, attempt: String) -> Result<bool, UserError> {
    Ok(cancel(&state, &attempt).await)
}

async fn cancel(state: &AppState, attempt: &str) -> bool {
    state.loopbacks.cancel(attempt).await;
    state.sessions.sign_ins().cancel(attempt)
}

/// Finishes a sign-in from a callback URL pasted by the user.
#[tauri::command]
#[specta::specta]
pub async fn finish_sign_in(state: tauri::State<'_, AppState>, callback_url: String) -> Result<SignedIn, UserError> {
    logged(state.sessions.complete_sign_in(&callback_url).await)
}

/// Completes a sign-in that came back through the deep link or the loopback
/// listener, and tells the window. A link that answers no sign-in in progress
/// (stray, replayed or forged: any web page can open one) is logged without
/// its query and ignored, so it never replaces what the window shows.
pub async fn finish_in_background(app: AppHandle, callback_url: String) {
    let sessions = &app.state::<AppState>().sessions;
    if !sessions.sign_ins().is_awaited(&callback_url) {
        tracing::warn!("Ignored a sign-in link that answers no sign-in in progress.");
        return;
    }
    let finished = match logged(sessions.complete_sign_in(&callback_url).await) {
        Ok(SignedIn { connection, warnings }) => {
            crate::bring_to_front(&app);
            SignInFinished {
                connection: Some(connection),
                error: None,
                warnings,
            }
        }
        Err(error) => SignInFinished {
            connection: None,
            error: Some(error),
            warnings: Vec::new(),
        },
    };
    if let Err(error) = finished.emit(&app) {
        tracing::warn!("The sign-in result could not reach the window: {error}");
    }
}

fn logged(result: Result<SignedIn, UserError>) -> Result<SignedIn, UserError> {
    match &result {
        Ok(signed_in) => tracing::info!(
            "Signed in to {} as connection {}.",
            signed_in.connection.region.as_str(),
            signed_in.connection.id
        ),
        Err(error) => tracing::warn!("A sign-in failed: {}", error.message),
    }
    result
}
