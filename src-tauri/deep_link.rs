//! Receives `aurora://` links: from the OS while running, from a second launch
//! (the single-instance plugin forwards them to the deep-link plugin's
//! handler below) and from the launch arguments.
//! Only two links mean something; anything else is ignored with a log line
//! that shows no part of the query (it may carry codes or states).

use aurora_core::oauth::{DEEP_LINK_URL, MAX_CALLBACK_URL_LEN};
use tauri::AppHandle;
use tauri_plugin_deep_link::DeepLinkExt;

use aurora_core::legacy::VALIDATED_DEEP_LINK;

/// Registers the handlers and processes a link the app was launched with.
pub fn install(app: &AppHandle) {
    #[cfg(target_os = "linux")]
    match installed_desktop_entry() {
        // The package's own entry already tells the desktop to open aurora://
        // links with this program; a per-user entry would shadow it and keep
        // pointing at this path after an upgrade or removal.
        Some(entry) => tracing::info!("aurora:// links are handled through {}.", entry.display()),
        None => register_with_the_desktop(app),
    }
    #[cfg(all(debug_assertions, windows))]
    register_with_the_desktop(app);
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

/// A build run from its source tree has no desktop entry: it writes its own
/// (`aurora-handler.desktop` in the user's applications) so links reach it.
#[cfg(any(target_os = "linux", all(debug_assertions, windows)))]
fn register_with_the_desktop(app: &AppHandle) {
    if let Err(error) = app.deep_link().register_all() {
        tracing::warn!("The aurora:// scheme could not be registered with the desktop: {error}");
    }
}

/// The desktop entry of an installed Aurora (`<prefix>/bin/aurora` with
/// `<prefix>/share/applications/*.desktop` declaring
/// `MimeType=x-scheme-handler/aurora`, as the .deb and .rpm install it).
#[cfg(target_os = "linux")]
fn installed_desktop_entry() -> Option<std::path::PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let applications = exe.parent()?.parent()?.join("share/applications");
    std::fs::read_dir(applications)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .find(|path| {
            path.extension().is_some_and(|x| x == "desktop")
                && std::fs::read_to_string(path).is_ok_and(|text| {
                    text.lines().any(|l| {
                        l.starts_with("MimeType=") && l.split([';', '=']).any(|m| m == "x-scheme-handler/aurora")
                    })
                })
        })
}

fn receive(app: &AppHandle, link: &str) {
    let without_query = link.split(['?', '#']).next().unwrap_or_default();
    let shown: String = without_query.chars().take(80).filter(|c| !c.is_control()).collect();
    if link.len() > MAX_CALLBACK_URL_LEN {
        tracing::warn!(
            "Ignored an aurora:// link of {} bytes: it is longer than any link OVH sends.",
            link.len()
        );
        return;
    }
    match without_query {
        DEEP_LINK_URL => {
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
