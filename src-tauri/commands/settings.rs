//! Settings: the OAuth2 clients Aurora signs in with, per issuer (ids only,
//! secrets stay in the keyring), and the help for creating one by hand.

use aurora_core::oauth::{Issuer, OAuthClientConfig};
use aurora_core::oauth_clients::{
    checked_client_input, client_creation_help, issuer_for, ClientCreationHelp, KnownClient,
};
use aurora_core::{ErrorKind, Region, SecretString, UserError};

use crate::state::AppState;

/// The callback Aurora registers and sends (`OVH_OAUTH_REDIRECT_URI` or the deep link).
pub fn redirect_uri() -> String {
    OAuthClientConfig::redirect_uri_from(|name| std::env::var(name).ok())
}

#[tauri::command]
#[specta::specta]
pub async fn list_known_oauth_clients(state: tauri::State<'_, AppState>) -> Result<Vec<KnownClient>, UserError> {
    state.sessions.known_oauth_clients().await
}

/// Saves (or replaces) the OAuth2 client of a region's or a custom
/// address's authorization server; the secret goes to the keyring.
#[tauri::command]
#[specta::specta]
pub async fn save_oauth_client(
    state: tauri::State<'_, AppState>,
    region: Region,
    custom_api_base: Option<String>,
    client_id: String,
    client_secret: String,
) -> Result<Issuer, UserError> {
    let (client_id, client_secret) = checked_client_input(&client_id, &client_secret)?;
    let issuer = issuer_for(region, custom_api_base.as_deref())?;
    let secret = SecretString::new(client_secret);
    state.sessions.save_oauth_client(&issuer, &client_id, &secret).await?;
    Ok(issuer)
}

#[tauri::command]
#[specta::specta]
pub async fn forget_oauth_client(state: tauri::State<'_, AppState>, issuer: String) -> Result<(), UserError> {
    let issuer = Issuer::parse(&issuer).ok_or_else(|| {
        UserError::new(
            ErrorKind::InvalidInput,
            format!("\"{issuer}\" is not an authorization server address."),
            ["Choose the client to forget from the list in Settings, under \"OAuth clients\"."],
        )
    })?;
    state.sessions.forget_oauth_client(&issuer).await.map(|_| ())
}

/// How to create the sign-in client by hand for `region`.
#[tauri::command]
#[specta::specta]
pub fn oauth_client_creation_help(region: Region) -> ClientCreationHelp {
    client_creation_help(region, &redirect_uri())
}

/// Opens the region's API console at `POST /me/api/oauth2/client` in the browser.
#[tauri::command]
#[specta::specta]
pub fn open_oauth_client_console(app: tauri::AppHandle, region: Region) -> Result<(), UserError> {
    let help = client_creation_help(region, &redirect_uri());
    let url = help.console_url.ok_or_else(|| {
        UserError::new(
            ErrorKind::InvalidInput,
            "A custom endpoint has no OVH API console Aurora knows.",
            ["Create the client with your server's own console or API, then enter it here."],
        )
    })?;
    crate::browser::open(&app, &url)
}
