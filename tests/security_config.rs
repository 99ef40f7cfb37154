//! What the packaged app lets its webview do, and what it carries inside:
//! read from the files Tauri builds from and from the built binary. No
//! window is needed.
//!
//! - The capability files grant the webview no shell, file system, process,
//!   opener, dialog or HTTP permission, and no remote origin.
//! - The CSP only runs the app's own scripts; no dev server URL is set, so
//!   the UI is embedded.
//! - No OAuth client secret is compiled in. Aurora reads the client secret
//!   at run time (`OVH_<REGION>_CLIENT_SECRET`, or Settings, kept in the
//!   keyring); the checks below prove the build cannot have captured one:
//!   the compiler's record of the environment variables compiled into the
//!   app and its core names none that could hold a secret, the build script
//!   sets none, and the binary holds neither the client secrets the tests
//!   pass to the app at run time nor any `OVH_*_CLIENT_SECRET` value of the
//!   environment the test runs in. The offline demo's credentials
//!   (`ovh_sim::demo`, "aurora-demo-secret") are public on purpose and only
//!   open the loopback simulator: they are expected in the binary.

use std::path::{Path, PathBuf};

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{} cannot be read: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

fn tauri_conf() -> Value {
    json(&root().join("tauri.conf.json"))
}

/// Permission prefixes that would give the webview the machine.
const FORBIDDEN: &[&str] = &["shell:", "fs:", "process:", "opener:", "dialog:", "http:", "updater:", "global-shortcut:", "clipboard-manager:"];

/// Every capability: the files in `capabilities/` plus any inline in tauri.conf.json.
fn capabilities() -> Vec<(String, Value)> {
    let mut all = Vec::new();
    let dir = root().join("capabilities");
    for entry in std::fs::read_dir(&dir).expect("capabilities/ exists") {
        let path = entry.unwrap().path();
        match path.extension().and_then(|e| e.to_str()) {
            Some("json") => all.push((path.display().to_string(), json(&path))),
            Some(other) => panic!("{} is a {other} capability file, which this test cannot read; use JSON.", path.display()),
            None => {}
        }
    }
    if let Some(inline) = tauri_conf().pointer("/app/security/capabilities").and_then(Value::as_array) {
        for c in inline.iter().filter(|c| c.is_object()) {
            all.push(("tauri.conf.json".to_owned(), c.clone()));
        }
    }
    all
}

#[test]
fn capabilities_grant_no_shell_file_system_or_process_access() {
    let all = capabilities();
    assert!(!all.is_empty(), "No capability file was found: the test would prove nothing.");
    for (file, cap) in all {
        assert!(cap.get("remote").is_none(), "{file} lets remote origins use Aurora's commands.");
        let permissions = cap["permissions"].as_array().unwrap_or_else(|| panic!("{file} has no permissions list."));
        for p in permissions {
            let id = p.as_str().or_else(|| p["identifier"].as_str()).unwrap_or_else(|| panic!("{file} has a permission without identifier: {p}"));
            assert!(!FORBIDDEN.iter().any(|f| id.starts_with(f)), "{file} grants the webview {id}.");
        }
        let windows: Vec<&str> = cap["windows"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        assert_eq!(windows, ["main"], "{file} applies to windows other than Aurora's own.");
    }
}

/// Each directive of the CSP, as source lists.
fn csp() -> Vec<(String, Vec<String>)> {
    let conf = tauri_conf();
    let policy = &conf["app"]["security"]["csp"];
    let split = |s: &str| s.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
    match policy {
        Value::Object(map) => map.iter().map(|(k, v)| (k.clone(), split(v.as_str().unwrap_or_else(|| panic!("CSP {k} is not a string"))))).collect(),
        Value::String(s) => s
            .split(';')
            .filter_map(|d| {
                let mut words = d.split_whitespace();
                words.next().map(|name| (name.to_owned(), words.map(str::to_owned).collect()))
            })
            .collect(),
        other => panic!("tauri.conf.json sets no CSP (app.security.csp is {other}): the webview would run any script."),
    }
}

#[test]
fn the_csp_runs_only_the_apps_own_scripts() {
    let csp = csp();
    let get = |name: &str| csp.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    let self_only = vec!["'self'".to_owned()];
    assert_eq!(get("default-src"), Some(self_only.clone()), "default-src must be 'self' only.");
    // script-src falls back to default-src when absent.
    assert_eq!(get("script-src").unwrap_or(self_only.clone()), self_only, "script-src must be 'self' only (no remote hosts, inline or eval).");
    assert_eq!(get("object-src"), Some(vec!["'none'".to_owned()]), "object-src must be 'none'.");
    for (name, sources) in &csp {
        for s in sources {
            let remote = (s.starts_with("http:") || s.starts_with("https:") || s == "*" || s.starts_with("*.")) && s != "http://ipc.localhost";
            assert!(!remote, "CSP {name} allows the remote source {s}.");
            assert!(!["'unsafe-eval'", "'unsafe-inline'", "'strict-dynamic'"].contains(&s.as_str()) || name.starts_with("style"), "CSP {name} allows {s}.");
        }
    }
    let conf = tauri_conf();
    let security = &conf["app"]["security"];
    assert!(security.get("dangerousDisableAssetCspModification").is_none(), "Tauri's CSP nonces must stay on.");
    assert!(security.get("devCsp").is_none(), "a separate development CSP could be weaker.");
    assert_eq!(security["freezePrototype"], Value::Bool(true), "freezePrototype must stay on.");
    assert!(conf.pointer("/app/withGlobalTauri").map_or(true, |v| v == &Value::Bool(false)), "window.__TAURI__ must not be global.");
}

#[test]
fn the_ui_is_embedded_not_served() {
    let conf = tauri_conf();
    let build = &conf["build"];
    assert!(build.get("devUrl").is_none(), "tauri.conf.json sets devUrl: the app would load its UI from a server instead of the embedded files.");
    let dist = build["frontendDist"].as_str().expect("build.frontendDist is a path");
    assert!(!dist.contains("://"), "frontendDist {dist} is a URL: the UI would be loaded from it.");
    for window in conf["app"]["windows"].as_array().into_iter().flatten() {
        let url = window["url"].as_str().unwrap_or("index.html");
        assert!(!url.contains("://"), "the window {} opens the remote page {url}.", window["label"]);
    }
}

/// The environment variables a crate's build compiled in (`env!`, `option_env!`),
/// as rustc records them in its dep-info files (`# env-dep:NAME=value`).
fn compiled_in_variables() -> Vec<(PathBuf, String)> {
    let deps = Path::new(env!("CARGO_BIN_EXE_aurora")).parent().unwrap().join("deps");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&deps).expect("the deps directory exists") {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let ours = ["aurora-", "aurora_app-", "aurora_core-"].iter().any(|p| name.starts_with(p));
        if !ours || !name.ends_with(".d") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        for line in text.lines().filter_map(|l| l.strip_prefix("# env-dep:")) {
            found.push((path.clone(), line.split('=').next().unwrap_or(line).to_owned()));
        }
    }
    found
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    let Some((&first, _)) = needle.split_first() else { return false };
    let mut at = 0;
    while let Some(i) = haystack[at..].iter().position(|&b| b == first) {
        let start = at + i;
        if haystack[start..].starts_with(needle) {
            return true;
        }
        at = start + 1;
    }
    false
}

/// `const CLIENT_SECRET: &str = "...";` in the test sources: values tests give the app at run time.
fn client_secrets_used_by_tests() -> Vec<String> {
    let mut out = Vec::new();
    for dir in [root().join("tests"), root().join("crates/core/tests")] {
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap_or_default();
            for line in text.lines().filter(|l| l.trim_start().starts_with("const CLIENT_SECRET: &str = \"")) {
                if let Some(value) = line.split('"').nth(1) {
                    out.push(value.to_owned());
                }
            }
        }
    }
    out
}

#[test]
fn no_oauth_client_secret_is_compiled_into_the_binary() {
    let compiled = compiled_in_variables();
    assert!(compiled.iter().any(|(_, v)| v == "CARGO_PKG_VERSION"), "no dep-info was read, so the check below would prove nothing");
    for (file, var) in &compiled {
        let upper = var.to_ascii_uppercase();
        let risky = ["SECRET", "CLIENT", "TOKEN", "CONSUMER", "APPLICATION_KEY", "PASSWORD"].iter().any(|w| upper.contains(w));
        assert!(!risky, "{} compiles in the environment variable {var}: a secret in the build environment would end up in the binary.", file.display());
    }
    let build_script = std::fs::read_to_string(root().join("src-tauri/build.rs")).unwrap();
    assert!(!build_script.contains("rustc-env"), "the build script passes environment variables to the compiler.");

    let binary = std::fs::read(env!("CARGO_BIN_EXE_aurora")).expect("the aurora binary is built for integration tests");
    assert!(contains(&binary, b"aurora://ovh/oauth2/callback"), "the binary was not read correctly: the redirect URI is missing");
    let mut secrets = client_secrets_used_by_tests();
    assert!(secrets.iter().any(|s| s == "e2e-client-secret-value"), "the sign-in test's client secret was not found: {secrets:?}");
    for region in ["EU", "CA", "US", "CUSTOM"] {
        if let Ok(value) = std::env::var(format!("OVH_{region}_CLIENT_SECRET")) {
            secrets.push(value);
        }
    }
    for (i, secret) in secrets.iter().enumerate().filter(|(_, s)| s.len() >= 8) {
        assert!(!contains(&binary, secret.as_bytes()), "client secret #{i} (of {}) is inside the aurora binary.", secrets.len());
    }
}
