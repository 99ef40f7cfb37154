//! "Sign in with OVH": OAuth 2.0 authorization code with PKCE, in the system
//! browser, back through the `aurora://` deep link, a loopback listener, or a
//! callback URL pasted by the user.

use aurora_core::connections::Connection;
use aurora_core::oauth::{LoopbackListener, RedirectKind, STATE_LIFETIME};
use aurora_core::{Endpoint, EndpointOverrides, ErrorKind, Region, UserError};
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

/// The endpoint for a region; `custom` takes an API base URL (the demo's
/// simulator when none is given in the offline demo).
pub fn endpoint_for(state: &AppState, region: Region, custom_api_base: Option<String>) -> Result<Endpoint, UserError> {
    let api_base = custom_api_base
        .filter(|s| !s.trim().is_empty())
        .or_else(|| state.demo.as_ref().map(|d| d.api_url()));
    let overrides = EndpointOverrides {
        api_base: api_base.map(|s| s.trim().to_owned()),
        ..Default::default()
    };
    Endpoint::resolve(region, &overrides).map_err(|e| {
        UserError::new(
            ErrorKind::InvalidConfiguration,
            e.to_string(),
            ["Check the API address, for example https://eu.api.ovh.com/1.0."],
        )
    })
}

#[tauri::command]
#[specta::specta]
pub async fn start_sign_in(
    app: AppHandle,
    state: tauri::State<'_, AppState>,
    region: Region,
    custom_api_base: Option<String>,
) -> Result<SignInStarted, UserError> {
    let endpoint = endpoint_for(&state, region, custom_api_base)?;
    let client = state.sessions.oauth_client(&endpoint).await?;
    if let Some(RedirectKind::Loopback { port }) = RedirectKind::of_registered_uri(&client.redirect_uri) {
        let listener = LoopbackListener::bind(port).await?;
        let app = app.clone();
        // The listener lives as long as the sign-in's state, then frees its port.
        tauri::async_runtime::spawn(async move {
            if let Ok(Ok(url)) = tokio::time::timeout(STATE_LIFETIME, listener.next_callback()).await {
                finish_in_background(app, url).await;
            }
        });
    }
    let request = state.oauth.begin(&endpoint, &client);
    crate::browser::open(&app, request.url.as_str())?;
    Ok(SignInStarted {
        attempt: request.state,
        authorization_url: request.url.to_string(),
    })
}

#[tauri::command]
#[specta::specta]
pub fn cancel_sign_in(state: tauri::State<'_, AppState>, attempt: String) -> bool {
    state.oauth.cancel(&attempt)
}

/// Finishes a sign-in from a callback URL pasted by the user.
#[tauri::command]
#[specta::specta]
pub async fn finish_sign_in(app: AppHandle, callback_url: String) -> Result<Connection, UserError> {
    let finished = finish(&app, &callback_url).await;
    match (finished.connection.clone(), finished.error.clone()) {
        (Some(connection), _) => {
            let _ = finished.emit(&app);
            Ok(connection)
        }
        (None, error) => Err(error.unwrap_or_else(|| UserError::internal("The sign-in ended without an answer."))),
    }
}

/// Completes a sign-in that came back through the deep link or the loopback
/// listener, and tells the window.
pub async fn finish_in_background(app: AppHandle, callback_url: String) {
    let finished = finish(&app, &callback_url).await;
    if finished.connection.is_some() {
        crate::bring_to_front(&app);
    }
    if let Err(error) = finished.emit(&app) {
        tracing::warn!("The sign-in result could not reach the window: {error}");
    }
}

async fn finish(app: &AppHandle, callback_url: &str) -> SignInFinished {
    let state = app.state::<AppState>();
    let result = async {
        let sign_in = state.oauth.complete(callback_url).await?;
        let warnings = sign_in.warnings.clone();
        let connection = state.sessions.save_sign_in(sign_in).await?;
        Ok::<_, UserError>((connection, warnings))
    }
    .await;
    match result {
        Ok((connection, warnings)) => {
            tracing::info!(
                "Signed in to {} as connection {}.",
                connection.region.as_str(),
                connection.id
            );
            SignInFinished {
                connection: Some(connection),
                error: None,
                warnings,
            }
        }
        Err(error) => {
            tracing::warn!("A sign-in failed: {}", error.message);
            SignInFinished {
                connection: None,
                error: Some(error),
                warnings: Vec::new(),
            }
        }
    }
}
