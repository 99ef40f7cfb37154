//! What the packaged app lets its webview do, and what it carries inside:
//! read from the files Tauri builds from and from the built binary. No
//! window is needed.
//!
//! - The capability files grant the webview no shell, file system, process,
//!   opener, dialog or HTTP permission, and no remote origin.
//! - Every IPC command is under the capability system (issue 18 point 4):
//!   the app manifest in src-tauri/build.rs lists exactly the commands of
//!   src-tauri/ipc.rs, the window is granted exactly those, and Tauri's own
//!   ACL resolution refuses a command the capability leaves out.
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
const FORBIDDEN: &[&str] = &[
    "shell:",
    "fs:",
    "process:",
    "opener:",
    "dialog:",
    "http:",
    "updater:",
    "global-shortcut:",
    "clipboard-manager:",
];

/// Every capability: the files in `capabilities/` plus any inline in tauri.conf.json.
fn capabilities() -> Vec<(String, Value)> {
    let mut all = Vec::new();
    let dir = root().join("capabilities");
    for entry in std::fs::read_dir(&dir).expect("capabilities/ exists") {
        let path = entry.unwrap().path();
        match path.extension().and_then(|e| e.to_str()) {
            Some("json") => all.push((path.display().to_string(), json(&path))),
            Some(other) => panic!(
                "{} is a {other} capability file, which this test cannot read; use JSON.",
                path.display()
            ),
            None => {}
        }
    }
    if let Some(inline) = tauri_conf()
        .pointer("/app/security/capabilities")
        .and_then(Value::as_array)
    {
        for c in inline.iter().filter(|c| c.is_object()) {
            all.push(("tauri.conf.json".to_owned(), c.clone()));
        }
    }
    all
}

/// What is wrong with one capability, as sentences.
fn capability_problems(file: &str, cap: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    if cap.get("remote").is_some() {
        problems.push(format!("{file} lets remote origins use Aurora's commands."));
    }
    let Some(permissions) = cap["permissions"].as_array() else {
        return vec![format!("{file} has no permissions list.")];
    };
    for p in permissions {
        match p.as_str().or_else(|| p["identifier"].as_str()) {
            Some(id) if FORBIDDEN.iter().any(|f| id.starts_with(f)) => {
                problems.push(format!("{file} grants the webview {id}."))
            }
            Some(_) => {}
            None => problems.push(format!("{file} has a permission without identifier: {p}.")),
        }
    }
    let windows: Vec<&str> = cap["windows"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    if windows != ["main"] {
        problems.push(format!(
            "{file} applies to the windows {windows:?}, not only Aurora's own."
        ));
    }
    problems
}

/// Each directive of a CSP (object or string form), as source lists.
fn csp_directives(policy: &Value) -> Option<Vec<(String, Vec<String>)>> {
    let split = |s: &str| s.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
    match policy {
        Value::Object(map) => Some(
            map.iter()
                .map(|(k, v)| (k.clone(), split(v.as_str().unwrap_or("<not a string>"))))
                .collect(),
        ),
        Value::String(s) => Some(
            s.split(';')
                .filter_map(|d| {
                    let mut words = d.split_whitespace();
                    words
                        .next()
                        .map(|name| (name.to_owned(), words.map(str::to_owned).collect()))
                })
                .collect(),
        ),
        _ => None,
    }
}

/// What is wrong with tauri.conf.json's CSP and security switches.
fn csp_problems(conf: &Value) -> Vec<String> {
    let security = &conf["app"]["security"];
    let Some(csp) = csp_directives(&security["csp"]) else {
        return vec!["tauri.conf.json sets no CSP: the webview would run any script.".to_owned()];
    };
    let mut problems = Vec::new();
    let get = |name: &str| csp.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    let self_only = vec!["'self'".to_owned()];
    if get("default-src") != Some(self_only.clone()) {
        problems.push("default-src must be 'self' only.".to_owned());
    }
    // script-src falls back to default-src when absent.
    if get("script-src").unwrap_or(self_only.clone()) != self_only {
        problems.push("script-src must be 'self' only (no remote hosts, inline or eval).".to_owned());
    }
    if get("object-src") != Some(vec!["'none'".to_owned()]) {
        problems.push("object-src must be 'none'.".to_owned());
    }
    for (name, sources) in &csp {
        for s in sources {
            let remote = (s.starts_with("http:")
                || s.starts_with("https:")
                || s == "*"
                || s.starts_with("*.")
                || s == "data:" && name.starts_with("script"))
                && s != "http://ipc.localhost";
            if remote {
                problems.push(format!("CSP {name} allows the source {s}."));
            }
            if ["'unsafe-eval'", "'unsafe-inline'", "'strict-dynamic'"].contains(&s.as_str())
                && !name.starts_with("style")
            {
                problems.push(format!("CSP {name} allows {s}."));
            }
        }
    }
    if security.get("dangerousDisableAssetCspModification").is_some() {
        problems.push("Tauri's CSP nonces must stay on (dangerousDisableAssetCspModification).".to_owned());
    }
    if security.get("devCsp").is_some() {
        problems.push("a separate development CSP could be weaker.".to_owned());
    }
    if security["freezePrototype"] != Value::Bool(true) {
        problems.push("freezePrototype must stay on.".to_owned());
    }
    if conf
        .pointer("/app/withGlobalTauri")
        .is_some_and(|v| v != &Value::Bool(false))
    {
        problems.push("window.__TAURI__ must not be global.".to_owned());
    }
    problems
}

/// What would make the app load its UI from elsewhere than its own binary.
fn embedding_problems(conf: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let build = &conf["build"];
    if build.get("devUrl").is_some() {
        problems.push(
            "tauri.conf.json sets devUrl: the app would load its UI from a server instead of the embedded files."
                .to_owned(),
        );
    }
    match build["frontendDist"].as_str() {
        Some(dist) if dist.contains("://") => {
            problems.push(format!("frontendDist {dist} is a URL: the UI would be loaded from it."))
        }
        Some(_) => {}
        None => problems.push("build.frontendDist is not a path.".to_owned()),
    }
    for window in conf["app"]["windows"].as_array().into_iter().flatten() {
        let url = window["url"].as_str().unwrap_or("index.html");
        if url.contains("://") {
            problems.push(format!("the window {} opens the remote page {url}.", window["label"]));
        }
    }
    problems
}

#[test]
fn capabilities_grant_no_shell_file_system_or_process_access() {
    let all = capabilities();
    assert!(
        !all.is_empty(),
        "No capability file was found: the test would prove nothing."
    );
    let problems: Vec<String> = all
        .iter()
        .flat_map(|(file, cap)| capability_problems(file, cap))
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_csp_runs_only_the_apps_own_scripts() {
    let problems = csp_problems(&tauri_conf());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_ui_is_embedded_not_served() {
    let problems = embedding_problems(&tauri_conf());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The checks above catch what they are meant to: each hostile variant of
/// the real files is reported.
#[test]
fn the_checks_catch_weakened_configurations() {
    let (_, real_cap) = capabilities().into_iter().next().unwrap();
    let with = |mut v: Value, pointer: &str, value: Value| {
        *v.pointer_mut(pointer).unwrap_or_else(|| panic!("{pointer} is missing")) = value;
        v
    };
    let granting = |id: &str| {
        let mut cap = real_cap.clone();
        cap["permissions"]
            .as_array_mut()
            .unwrap()
            .push(Value::String(id.to_owned()));
        cap
    };
    for cap in [
        granting("shell:allow-execute"),
        granting("fs:default"),
        granting("process:allow-restart"),
        granting("opener:allow-open-path"),
        with(real_cap.clone(), "/windows", serde_json::json!(["main", "*"])),
        {
            let mut c = real_cap.clone();
            c["remote"] = serde_json::json!({"urls": ["https://*.example"]});
            c
        },
    ] {
        assert!(!capability_problems("variant", &cap).is_empty(), "not caught: {cap}");
    }
    let conf = tauri_conf();
    let csp = |directive: &str, sources: &str| {
        with(
            conf.clone(),
            &format!("/app/security/csp/{directive}"),
            Value::String(sources.to_owned()),
        )
    };
    for bad in [
        csp("script-src", "'self' https://cdn.example"),
        csp("script-src", "'self' 'unsafe-eval'"),
        csp("default-src", "*"),
        csp("connect-src", "ipc: http://ipc.localhost https://eu.api.ovh.com"),
        with(conf.clone(), "/app/security/csp", Value::Null),
        with(
            conf.clone(),
            "/app/security/csp",
            Value::String("default-src 'self'; script-src 'self' 'unsafe-inline'; object-src 'none'".into()),
        ),
        with(conf.clone(), "/app/security/freezePrototype", Value::Bool(false)),
    ] {
        assert!(!csp_problems(&bad).is_empty(), "not caught: {}", bad["app"]["security"]);
    }
    let mut served = conf.clone();
    served["build"]["devUrl"] = Value::String("http://localhost:1420".into());
    assert!(!embedding_problems(&served).is_empty());
    assert!(!embedding_problems(&with(
        conf.clone(),
        "/build/frontendDist",
        Value::String("https://aurora.example/ui".into())
    ))
    .is_empty());
}

/// The environment variables a crate's build compiled in (`env!`, `option_env!`),
/// as rustc records them in its dep-info files (`# env-dep:NAME=value`).
fn compiled_in_variables() -> Vec<(PathBuf, String)> {
    let deps = Path::new(env!("CARGO_BIN_EXE_aurora")).parent().unwrap().join("deps");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&deps).expect("the deps directory exists") {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let ours = ["aurora-", "aurora_app-", "aurora_core-"]
            .iter()
            .any(|p| name.starts_with(p));
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
    let Some((&first, _)) = needle.split_first() else {
        return false;
    };
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
            for line in text
                .lines()
                .filter(|l| l.trim_start().starts_with("const CLIENT_SECRET: &str = \""))
            {
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
    assert!(
        compiled.iter().any(|(_, v)| v == "CARGO_PKG_VERSION"),
        "no dep-info was read, so the check below would prove nothing"
    );
    for (file, var) in &compiled {
        let upper = var.to_ascii_uppercase();
        let risky = ["SECRET", "CLIENT", "TOKEN", "CONSUMER", "APPLICATION_KEY", "PASSWORD"]
            .iter()
            .any(|w| upper.contains(w));
        assert!(!risky, "{} compiles in the environment variable {var}: a secret in the build environment would end up in the binary.", file.display());
    }
    let build_script = std::fs::read_to_string(root().join("src-tauri/build.rs")).unwrap();
    assert!(
        !build_script.contains("rustc-env"),
        "the build script passes environment variables to the compiler."
    );

    let binary = std::fs::read(env!("CARGO_BIN_EXE_aurora")).expect("the aurora binary is built for integration tests");
    assert!(
        contains(&binary, b"aurora://ovh/oauth2/callback"),
        "the binary was not read correctly: the redirect URI is missing"
    );
    let mut secrets = client_secrets_used_by_tests();
    assert!(
        secrets.iter().any(|s| s == "e2e-client-secret-value"),
        "the sign-in test's client secret was not found: {secrets:?}"
    );
    for region in ["EU", "CA", "US", "CUSTOM"] {
        if let Ok(value) = std::env::var(format!("OVH_{region}_CLIENT_SECRET")) {
            secrets.push(value);
        }
    }
    for (i, secret) in secrets.iter().enumerate().filter(|(_, s)| s.len() >= 8) {
        assert!(
            !contains(&binary, secret.as_bytes()),
            "client secret #{i} (of {}) is inside the aurora binary.",
            secrets.len()
        );
    }
}

// ---- Issue 18 point 4: every IPC command is under the capability system ----

use tauri::ipc::{Origin, RuntimeAuthority};
use tauri::utils::acl::capability::Capability;
use tauri::utils::acl::manifest::Manifest;
use tauri::utils::acl::resolved::Resolved;
use tauri::utils::platform::Target;

/// The command names of `collect_commands![...]` in src-tauri/ipc.rs.
fn registered_commands() -> Vec<String> {
    let ipc = std::fs::read_to_string(root().join("src-tauri/ipc.rs")).unwrap();
    let start = ipc.find("collect_commands![").expect("ipc.rs collects its commands");
    let end = start + ipc[start..].find(']').unwrap();
    ipc[start..end]
        .split(',')
        .filter_map(|item| item.trim().rsplit("::").next())
        .filter(|name| !name.is_empty() && !name.contains('!') && !name.contains('['))
        .map(str::to_owned)
        .collect()
}

/// The names in `COMMANDS` of src-tauri/build.rs (the app manifest).
fn manifest_commands() -> Vec<String> {
    let build = std::fs::read_to_string(root().join("src-tauri/build.rs")).unwrap();
    let start = build.find("const COMMANDS").expect("build.rs lists the app's commands");
    let end = start + build[start..].find("];").unwrap();
    build[start..end]
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// The ACL the app embeds: tauri-build's manifests (written to gen/schemas
/// by the build script, the app's own under `__app-acl__`) and `capabilities`,
/// resolved by Tauri's resolver into the [`RuntimeAuthority`] the webview
/// asks before running any command. Also returns `has_app_acl`: when it is
/// true, the webview refuses every app command the authority does not
/// resolve ("Command … not allowed by ACL").
fn authority(capabilities: Vec<Value>) -> (RuntimeAuthority, bool) {
    let manifests: std::collections::BTreeMap<String, Manifest> =
        serde_json::from_value(json(&root().join("gen/schemas/acl-manifests.json")))
            .expect("the build script wrote the ACL manifests");
    let capabilities = capabilities
        .into_iter()
        .map(|c| {
            let c: Capability = serde_json::from_value(c).expect("a capability");
            (c.identifier.clone(), c)
        })
        .collect();
    let resolved = Resolved::resolve(&manifests, capabilities, Target::Linux).expect("the ACL resolves");
    let has_app_acl = resolved.has_app_acl;
    (RuntimeAuthority::new(manifests, resolved), has_app_acl)
}

fn allowed(authority: &RuntimeAuthority, command: &str, window: &str) -> bool {
    authority
        .resolve_access(command, window, window, &Origin::Local)
        .is_some()
}

#[test]
fn every_command_is_in_the_app_manifest_and_granted_to_the_window() {
    let registered = registered_commands();
    assert!(registered.len() > 30, "ipc.rs was not read: {registered:?}");
    let mut sorted = registered.clone();
    sorted.sort();
    let mut listed = manifest_commands();
    listed.sort();
    assert_eq!(
        sorted, listed,
        "src-tauri/build.rs's COMMANDS must list exactly the commands of src-tauri/ipc.rs"
    );
    let (_, default) = capabilities()
        .into_iter()
        .find(|(file, _)| file.ends_with("default.json"))
        .expect("capabilities/default.json");
    let mut granted: Vec<String> = default["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .filter_map(|p| p.strip_prefix("allow-"))
        .map(|p| p.replace('-', "_"))
        .collect();
    granted.sort();
    assert_eq!(
        sorted, granted,
        "capabilities/default.json must grant exactly the commands of src-tauri/ipc.rs"
    );

    let (authority, has_app_acl) = authority(vec![default]);
    assert!(
        has_app_acl,
        "without the app manifest Tauri lets any window call any command"
    );
    for command in &registered {
        assert!(
            allowed(&authority, command, "main"),
            "{command} is not allowed to the main window"
        );
        assert!(
            !allowed(&authority, command, "other"),
            "{command} is allowed to another window"
        );
        let remote = Origin::Remote {
            url: "https://example.com/".parse().unwrap(),
        };
        assert!(authority.resolve_access(command, "main", "main", &remote).is_none());
    }
}

#[test]
fn a_command_missing_from_the_capability_is_refused() {
    let (_, default) = capabilities()
        .into_iter()
        .find(|(file, _)| file.ends_with("default.json"))
        .unwrap();
    let mut without = default.clone();
    without["permissions"]
        .as_array_mut()
        .unwrap()
        .retain(|p| p != "allow-delete-iam-policy");
    let (authority, has_app_acl) = authority(vec![without]);
    assert!(has_app_acl);
    assert!(
        !allowed(&authority, "delete_iam_policy", "main"),
        "a command left out is refused"
    );
    assert!(
        allowed(&authority, "list_iam_policies", "main"),
        "the others still work"
    );
    assert!(
        !allowed(&authority, "not_a_command", "main"),
        "an unknown command is refused"
    );
    // Plugin commands were already under the ACL, and none is granted.
    for plugin_command in [
        "plugin:shell|execute",
        "plugin:opener|open_url",
        "plugin:deep-link|get_current",
    ] {
        assert!(!allowed(&authority, plugin_command, "main"), "{plugin_command}");
    }
}
