//! The person's browser during "Sign in with OVH".

/// Plays the browser: opens the authorization URL and returns where OVH
/// redirects (the callback URL). Fails the test unless OVH redirects (the
/// simulator must consent on its own: `auto_consent(true)`).
pub async fn browser(url: &url::Url) -> String {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let response = http.get(url.clone()).send().await.unwrap();
    assert!(
        response.status().is_redirection(),
        "authorize answered {}",
        response.status()
    );
    response.headers()["location"].to_str().unwrap().to_owned()
}
