//! Finds the secrets Aurora saved in the Secret Service, so a test can check
//! that none of them leaked into the window, an IPC answer or a log.

use std::process::Command;

/// The JSON fields of Aurora's keyring records that hold secrets.
const SECRET_FIELDS: &[&str] = &[
    "accessToken",
    "refreshToken",
    "applicationSecret",
    "consumerKey",
    "clientSecret",
];

/// The secret values one app under test keeps in the keyring (under its own
/// service name) for its connections (its connections.json names them).
pub fn saved_secrets(app: &super::AppUnderTest) -> Vec<String> {
    let connections =
        std::fs::read_to_string(app.home.path().join("data/app.aurora.desktop/connections.json")).unwrap_or_default();
    let ids: Vec<String> = serde_json::from_str::<serde_json::Value>(&connections)
        .ok()
        .and_then(|file| file["connections"].as_array().cloned())
        .unwrap_or_default()
        .iter()
        .filter_map(|c| c["id"].as_str().map(str::to_owned))
        .collect();
    let mut secrets = Vec::new();
    for id in ids {
        let output = Command::new("secret-tool")
            .args([
                "lookup",
                "service",
                &super::keyring_service(app.home.path()),
                "username",
                &id,
            ])
            .output()
            .expect("secret-tool (libsecret-tools) should be installed");
        let Ok(json) = serde_json::from_slice::<serde_json::Value>(&output.stdout) else {
            continue;
        };
        for field in SECRET_FIELDS {
            if let Some(value) = json[*field].as_str().filter(|v| v.len() >= 8) {
                secrets.push(value.to_owned());
            }
        }
    }
    secrets
}

/// Panics naming the place where a secret was found (never the secret itself).
pub fn assert_no_secret_in(place: &str, haystack: &str, secrets: &[String]) {
    for (i, secret) in secrets.iter().enumerate() {
        assert!(
            !haystack.contains(secret.as_str()),
            "Secret #{i} (of {}) appears in {place}.",
            secrets.len()
        );
    }
}
