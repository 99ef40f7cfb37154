//! Finds the secrets Aurora saved in the Secret Service, so a test can check
//! that none of them leaked into the window, an IPC answer or a log.

use std::process::Command;

/// The JSON fields of Aurora's keyring records that hold secrets.
const SECRET_FIELDS: &[&str] = &["accessToken", "refreshToken", "applicationSecret", "consumerKey", "clientSecret"];

/// Every secret value Aurora keeps in the keyring (service "aurora").
pub fn saved_secrets() -> Vec<String> {
    let output = Command::new("secret-tool")
        .args(["search", "--all", "--unlock", "service", "aurora"])
        .output()
        .expect("secret-tool (libsecret-tools) should be installed");
    let text = String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr);
    let mut secrets = Vec::new();
    for line in text.lines() {
        let Some(record) = line.strip_prefix("secret = ") else { continue };
        let Ok(json) = serde_json::from_str::<serde_json::Value>(record) else { continue };
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
        assert!(!haystack.contains(secret.as_str()), "Secret #{i} (of {}) appears in {place}.", secrets.len());
    }
}
