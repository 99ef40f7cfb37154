//! The installed Aurora package. `make test` bundles a .deb from the debug build
//! the other tests use (scripts/test.sh: `tauri bundle --debug --bundles deb`),
//! and this test:
//!
//! 1. checks the package's file list: the binary, the ovhcloud sidecar, the
//!    desktop entry that opens aurora:// links, the icons;
//! 2. installs it: into a throwaway root with `dpkg -x` (default), or with
//!    `dpkg -i` when `AURORA_PACKAGE_INSTALL=dpkg` and the test runs as root on a
//!    machine it owns (the package is removed afterwards);
//! 3. launches the installed app on its offline demo under WebDriver, signs in
//!    with the callback handed back through `xdg-open` (which resolves the
//!    installed desktop entry, as a browser's hand-off does), and refreshes with
//!    the CLI engine, which can only find the bundled sidecar.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use aurora_core::discovery::cli::real_cli_for_tests;
use serde_json::{json, Value};
use support::{stand_in_browser, AppUnderTest, Home, Launch};

const WAIT: Duration = Duration::from_secs(60);
const SCHEME: &str = "x-scheme-handler/aurora";

/// The .deb scripts/test.sh bundled from the debug build.
fn debug_deb() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/debug/bundle/deb");
    let mut debs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "deb"))
        .collect();
    debs.sort_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
    debs.pop().unwrap_or_else(|| {
        panic!(
            "No .deb in {}: run `make test`, which bundles it from the debug build (scripts/test.sh).",
            dir.display()
        )
    })
}

fn run(program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} could not run: {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Where the package went, and how to take it away again.
struct Installed {
    root: PathBuf,
    _throwaway: Option<tempfile::TempDir>,
    by_dpkg: bool,
}

impl Installed {
    fn install(deb: &Path) -> Installed {
        let as_root = unsafe { libc::geteuid() } == 0;
        if std::env::var("AURORA_PACKAGE_INSTALL").as_deref() == Ok("dpkg") {
            assert!(as_root, "AURORA_PACKAGE_INSTALL=dpkg needs root.");
            run("dpkg", &["-i", &deb.to_string_lossy()]);
            return Installed {
                root: PathBuf::from("/"),
                _throwaway: None,
                by_dpkg: true,
            };
        }
        let dir = tempfile::tempdir().unwrap();
        run(
            "dpkg-deb",
            &["-x", &deb.to_string_lossy(), &dir.path().to_string_lossy()],
        );
        // What dpkg's trigger for desktop-file-utils does after an install.
        run(
            "update-desktop-database",
            &[&dir.path().join("usr/share/applications").to_string_lossy()],
        );
        Installed {
            root: dir.path().to_path_buf(),
            _throwaway: Some(dir),
            by_dpkg: false,
        }
    }

    fn path(&self, inside: &str) -> PathBuf {
        self.root.join(inside.trim_start_matches('/'))
    }
}

impl Drop for Installed {
    fn drop(&mut self) {
        if self.by_dpkg {
            let _ = Command::new("dpkg").args(["-r", "aurora"]).status();
        }
    }
}

#[test]
fn the_package_holds_the_app_the_cli_the_desktop_entry_and_the_icons() {
    let Some(_) = real_cli_for_tests() else { return };
    let deb = debug_deb();
    let deb_text = deb.to_string_lossy();
    assert_eq!(run("dpkg-deb", &["-f", &deb_text, "Package"]).trim(), "aurora");
    assert_eq!(
        run("dpkg-deb", &["-f", &deb_text, "Version"]).trim(),
        env!("CARGO_PKG_VERSION")
    );
    let files = run("dpkg-deb", &["-c", &deb_text]);
    let listed = |path: &str| {
        files
            .lines()
            .any(|l| l.split_whitespace().last().map(|p| p.trim_start_matches("./")) == Some(path))
    };
    for path in [
        "usr/bin/aurora",
        "usr/bin/ovhcloud",
        "usr/share/applications/Aurora.desktop",
        "usr/share/icons/hicolor/32x32/apps/aurora.png",
        "usr/share/icons/hicolor/128x128/apps/aurora.png",
        "usr/share/icons/hicolor/256x256/apps/aurora.png",
        "usr/share/icons/hicolor/512x512/apps/aurora.png",
        "usr/share/doc/aurora/copyright",
    ] {
        assert!(listed(path), "the package lacks {path}:\n{files}");
    }
    let installed = Installed::install(&deb);
    let entry = std::fs::read_to_string(installed.path("/usr/share/applications/Aurora.desktop")).unwrap();
    assert!(
        entry.lines().any(|l| l.starts_with("MimeType=") && l.contains(SCHEME)),
        "{entry}"
    );
    assert!(entry.lines().any(|l| l == "Exec=aurora %u"), "{entry}");
    // The sidecar is OVH's CLI, the pinned version.
    let version = run(
        &installed.path("/usr/bin/ovhcloud").to_string_lossy(),
        &["version", "--json"],
    );
    assert!(version.contains("0.5.0"), "{version}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_installed_app_signs_in_through_the_url_handler_and_refreshes_with_the_bundled_cli() {
    // Without a CLI (AURORA_ALLOW_NO_CLI=1) no package is bundled.
    let Some(_) = real_cli_for_tests() else { return };
    let installed = Installed::install(&debug_deb());
    let home = tempfile::tempdir().unwrap();
    // Only the installed programs and the system's: no ovhcloud anywhere but
    // beside the installed aurora (the test's PATH holds .tools/bin).
    let path = format!(
        "{}:/usr/local/bin:/usr/bin:/bin:{}",
        installed.path("/usr/bin").display(),
        Path::new(&std::env::var("HOME").unwrap()).join(".cargo/bin").display()
    );
    let data_dirs = format!("{}:/usr/local/share:/usr/share", installed.path("/usr/share").display());
    let env = vec![
        ("PATH".to_owned(), path),
        ("XDG_DATA_DIRS".to_owned(), data_dirs),
        ("OVHCLOUD_CLI".to_owned(), String::new()),
        ("AURORA_BROWSER".to_owned(), stand_in_browser().to_string_lossy().into()),
        // The browser hands the callback to the desktop, which picks the app.
        ("AURORA_APP".to_owned(), "xdg-open".to_owned()),
    ];
    // The desktop resolves aurora:// to the installed entry.
    let handler = Command::new("xdg-mime")
        .args(["query", "default", SCHEME])
        .envs(support::private_env(home.path()))
        .envs(env.iter().cloned())
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&handler.stdout).trim(), "Aurora.desktop");

    let app = AppUnderTest::launch_program(
        &installed.path("/usr/bin/aurora"),
        Home::Given(home.path().to_path_buf()),
        Launch {
            args: vec!["--demo".into()],
            env,
        },
    )
    .await;
    let ui = &app.driver;
    app.sign_in_to_the_demo().await;
    // The installed app left the scheme to its package's entry.
    assert!(
        !home.path().join("data/applications/aurora-handler.desktop").exists(),
        "the installed app should not register a per-user handler"
    );

    let engines = answer(ui.invoke("discovery_engines", json!({})).await);
    assert_eq!(
        engines["cliPath"].as_str().map(PathBuf::from),
        Some(installed.path("/usr/bin/ovhcloud")),
        "{engines}"
    );
    // The user picks the bundled CLI for this connection in Settings.
    ui.click_button("Settings", WAIT).await.unwrap();
    let cli_choice = ui
        .wait_for(
            "[data-testid=discovery-engine-settings] input[type=radio][value=cli]",
            WAIT,
        )
        .await
        .unwrap();
    ui.click(&cli_choice).await.unwrap();
    let mut connections = json!(null);
    for _ in 0..100 {
        connections = answer(ui.invoke("list_connections", json!({})).await);
        if connections[0]["connection"]["discoveryEngine"] == "cli" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(connections[0]["connection"]["discoveryEngine"], "cli", "{connections}");
    let id = connections[0]["connection"]["id"].as_str().unwrap().to_owned();
    ui.click_button("Back", WAIT).await.unwrap();

    ui.click_button("Open the dashboard", WAIT).await.unwrap();
    ui.click_button("Refresh", WAIT).await.unwrap();
    ui.wait_for_element_text("[data-testid=refresh-engine]", "The official ovhcloud CLI", WAIT)
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", app.output()));
    ui.wait_for_element_text("[data-testid=inventory-engine]", "the official ovhcloud CLI", WAIT)
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", app.output()));
    let count = ui.wait_for("[data-testid=resource-count]", WAIT).await.unwrap();
    let count: usize = ui
        .text(&count)
        .await
        .unwrap()
        .trim_end_matches(" resources")
        .parse()
        .unwrap();
    app.screenshot("package-cli-refresh").await;

    let details = answer(ui.invoke("get_inventory_details", json!({"connectionId": id})).await);
    let inventory = &details["inventory"];
    assert_eq!(inventory["engine"], "cli");
    let failed: Vec<&Value> = inventory["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["result"]["state"] != "ok")
        .collect();
    assert!(failed.is_empty(), "tasks did not finish: {failed:#?}");
    assert_eq!(count as u64, inventory["resourceCount"].as_u64().unwrap());
    assert!(count > 50, "the demo account has many resources, found {count}");
}

/// The `ok` value of an invoke, or a failure with the command's error.
fn answer(result: Result<Value, String>) -> Value {
    let value = result.unwrap();
    assert!(value.get("err").is_none(), "{value}");
    value["ok"].clone()
}
