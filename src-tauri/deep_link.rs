//! Receives `aurora://` links: from the OS while running, from a second launch
//! (the single-instance plugin forwards them to the deep-link plugin's
//! handler below) and from the launch arguments.
//! Only two links mean something; anything else is ignored with a log line
//! that shows no part of the query (it may carry codes or states).

use tauri::AppHandle;
use tauri_plugin_deep_link::DeepLinkExt;

use crate::commands::api_keys::VALIDATED_DEEP_LINK;

const SIGN_IN_CALLBACK: &str = "aurora://ovh/oauth2/callback";
/// Longer links are refused before parsing; OVH's never come close.
const MAX_LINK_LEN: usize = 4096;

/// Registers the handlers and processes a link the app was launched with.
pub fn install(app: &AppHandle) {
    #[cfg(any(target_os = "linux", all(debug_assertions, windows)))]
    if let Err(error) = app.deep_link().register_all() {
        tracing::warn!("The aurora:// scheme could not be registered with the desktop: {error}");
    }
    let handle = app.clone();
    app.deep_link().on_open_url(move |event| {
        for url in event.urls() {
            receive(&handle, url.as_str());
        }
    });
    if let Ok(Some(urls)) = app.deep_link().get_current() {
        for url in urls {
            receive(app, url.as_str());
        }
    }
}

fn receive(app: &AppHandle, link: &str) {
    let without_query = link.split(['?', '#']).next().unwrap_or_default();
    let shown: String = without_query.chars().take(80).filter(|c| !c.is_control()).collect();
    if link.len() > MAX_LINK_LEN {
        tracing::warn!(
            "Ignored an aurora:// link of {} bytes: it is longer than any link OVH sends.",
            link.len()
        );
        return;
    }
    match without_query {
        SIGN_IN_CALLBACK => {
            tracing::info!("Received the sign-in callback.");
            let (app, link) = (app.clone(), link.to_owned());
            tauri::async_runtime::spawn(crate::commands::sign_in::finish_in_background(app, link));
        }
        VALIDATED_DEEP_LINK => {
            tracing::info!("OVH says the API keys were authorized.");
            crate::bring_to_front(app);
        }
        _ => tracing::warn!("Ignored an unknown link to {shown}."),
    }
}
