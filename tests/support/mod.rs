//! Launches the real Aurora binary under tauri-driver + WebKitWebDriver and
//! hands the test a WebDriver session on its window. Needs the private
//! desktop session of `scripts/with-desktop-session.sh` (`make test` uses it).

#![allow(dead_code)]

pub mod accessibility;
pub mod secrets;
pub mod webdriver;

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde_json::json;
#[allow(unused_imports)]
pub use webdriver::{Element, WebDriver};

/// One Aurora window at a time: the single-instance plugin would hand a
/// second window's launch over to the first.
static ONE_APP_AT_A_TIME: Mutex<()> = Mutex::new(());

pub struct AppUnderTest {
    pub driver: WebDriver,
    /// The app's private HOME and XDG directories (data, config, cache, logs).
    pub home: Home,
    tauri_driver: Child,
    log_path: PathBuf,
    _turn: MutexGuard<'static, ()>,
}

/// The app's private home: its own temporary directory, or one the caller
/// keeps (to seed it first, or to launch the app again in the same home).
pub enum Home {
    Own(tempfile::TempDir),
    Given(PathBuf),
}

impl Home {
    pub fn path(&self) -> &Path {
        match self {
            Home::Own(dir) => dir.path(),
            Home::Given(path) => path,
        }
    }
}

#[derive(Default)]
pub struct Launch {
    pub args: Vec<String>,
    pub env: Vec<(String, String)>,
}

/// The program the app opens web pages with in tests (see stand_in_browser.py).
pub fn stand_in_browser() -> PathBuf {
    repo_root().join("tests/support/stand_in_browser.py")
}

/// The app opens pages in the stand-in browser, which consents and hands the
/// sign-in callback back by launching the app binary again (as the OS does).
pub fn with_stand_in_browser(extra: &[(&str, String)]) -> Vec<(String, String)> {
    let mut env = vec![
        (
            "AURORA_BROWSER".to_owned(),
            stand_in_browser().to_string_lossy().into_owned(),
        ),
        ("AURORA_APP".to_owned(), app_binary().to_string_lossy().into_owned()),
    ];
    env.extend(extra.iter().map(|(k, v)| ((*k).to_owned(), v.clone())));
    env
}

/// The repository's root. These helpers are built by the root package's end-to-end tests and by
/// the app benchmark in crates/bench, whose manifest folders differ.
pub fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .find(|dir| dir.join("tauri.conf.json").is_file())
        .expect("the repository root (with tauri.conf.json) holds this crate")
}

/// The app under test: the `aurora` binary Cargo built for the end-to-end tests; for the app
/// benchmark, which another package builds, `AURORA_APP_BINARY` or else the release build.
pub fn app_binary() -> PathBuf {
    match option_env!("CARGO_BIN_EXE_aurora") {
        Some(built) => PathBuf::from(built),
        None => std::env::var_os("AURORA_APP_BINARY")
            .map(PathBuf::from)
            .unwrap_or_else(|| repo_root().join("target/release/aurora")),
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn require_desktop_session() {
    for var in ["DISPLAY", "DBUS_SESSION_BUS_ADDRESS"] {
        assert!(
            std::env::var_os(var).is_some(),
            "{var} is not set: run the end-to-end tests through `make test` \
             (or scripts/with-desktop-session.sh cargo test), which provides Xvfb, D-Bus and a keyring."
        );
    }
}

/// The keyring service name of the app whose private home is `home`.
pub fn keyring_service(home: &Path) -> String {
    format!("aurora-test-{}", home.file_name().unwrap().to_string_lossy())
}

/// Environment that points the app at its private home.
pub fn private_env(home: &Path) -> Vec<(String, String)> {
    let dir = |name: &str| {
        let path = home.join(name);
        std::fs::create_dir_all(&path).unwrap();
        path.to_string_lossy().into_owned()
    };
    // Downloads (where exports go) are named in user-dirs.dirs, as on a desktop.
    let downloads = dir("downloads");
    std::fs::write(
        Path::new(&dir("config")).join("user-dirs.dirs"),
        format!("XDG_DOWNLOAD_DIR=\"{downloads}\"\n"),
    )
    .unwrap();
    vec![
        ("XDG_CONFIG_HOME".into(), dir("config")),
        ("XDG_CACHE_HOME".into(), dir("cache")),
        ("XDG_STATE_HOME".into(), dir("state")),
        ("XDG_DATA_HOME".into(), dir("data")),
        // Its own keyring namespace, so tests sharing a Secret Service never see each other's secrets.
        ("AURORA_KEYRING_SERVICE".into(), keyring_service(home)),
    ]
}

impl AppUnderTest {
    /// From the offline demo's welcome screen: Sign in with OVH through the
    /// stand-in browser, until the window says it is connected.
    pub async fn sign_in_to_the_demo(&self) {
        let (ui, wait) = (&self.driver, Duration::from_secs(60));
        ui.wait_for_text("Offline demo", wait).await.unwrap();
        ui.click_button("Sign in with OVH", wait).await.unwrap();
        ui.wait_for_text("Offline demo (built-in simulator)", wait)
            .await
            .unwrap();
        ui.click_button("Sign in with OVH", wait).await.unwrap();
        ui.wait_for_text("Connected to OVHcloud", wait)
            .await
            .unwrap_or_else(|e| panic!("{e}\n{}", self.output()));
    }

    /// In a sign-in or API keys form: Advanced, the Custom endpoint, and `address` typed in.
    pub async fn choose_custom_endpoint(&self, address: &str) {
        let (ui, wait) = (&self.driver, Duration::from_secs(60));
        ui.click_button("Advanced", wait).await.unwrap();
        ui.click(&ui.wait_for("input[value=custom]", wait).await.unwrap())
            .await
            .unwrap();
        ui.type_into(&ui.wait_for("input[type=url]", wait).await.unwrap(), address)
            .await
            .unwrap();
    }

    /// The dashboard table's rows, one line each, once they contain `needle`
    /// (or as they are after 10 seconds, for the caller's assertion to explain).
    pub async fn table_rows_containing(&self, needle: &str) -> String {
        const ROWS: &str =
            "return [...document.querySelectorAll('[data-testid=dash-row]')].map(r => r.textContent).join('\\n')";
        self.script_text_until(ROWS, Duration::from_secs(10), |shown| shown.contains(needle))
            .await
    }

    /// The text `script` returns in the page, once `done` holds for it (or as
    /// it is after `timeout`, for the caller's assertion to explain).
    pub async fn script_text_until(&self, script: &str, timeout: Duration, done: impl Fn(&str) -> bool) -> String {
        let deadline = std::time::Instant::now() + timeout;
        loop {
            let shown = self
                .driver
                .execute(script, vec![])
                .await
                .unwrap()
                .as_str()
                .unwrap_or_default()
                .to_owned();
            if done(&shown) || std::time::Instant::now() >= deadline {
                return shown;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// On the dashboard: shows the kind whose sidebar entry reads `label` ("Public Cloud instances").
    pub async fn open_kind(&self, label: &str) {
        self.driver
            .execute(
                &format!("[...document.querySelectorAll('.dash-nav-label')].find(e => e.textContent === '{label}').closest('button').click()"),
                vec![],
            )
            .await
            .unwrap();
    }

    /// Types `query` into the dashboard's search box (replacing what was there) and waits for rows containing `expect`.
    pub async fn search_table(&self, query: &str, expect: &str) -> String {
        let ui = &self.driver;
        ui.execute(
            "const s = document.querySelector('[data-testid=dash-search]'); s.value = ''; s.dispatchEvent(new Event('input', {bubbles: true}));",
            vec![],
        )
        .await
        .unwrap();
        let field = ui
            .wait_for("[data-testid=dash-search]", Duration::from_secs(60))
            .await
            .unwrap();
        ui.type_into(&field, query).await.unwrap();
        self.table_rows_containing(expect).await
    }

    /// Clicks the action `button` (a test id), checks the modal confirmation says each of `expect_in_dialog`, and confirms.
    pub async fn confirm_action(&self, button: &str, expect_in_dialog: &[&str], screenshot: Option<&str>) {
        let (ui, wait) = (&self.driver, Duration::from_secs(60));
        ui.click(&ui.wait_for(&format!("[data-testid={button}]"), wait).await.unwrap())
            .await
            .unwrap();
        let dialog = ui.wait_for("[data-testid=confirm-dialog]", wait).await.unwrap();
        let text = ui.text(&dialog).await.unwrap();
        for needle in expect_in_dialog {
            assert!(text.contains(needle), "the confirmation should say {needle:?}: {text}");
        }
        let modal = ui
            .execute(
                "return document.querySelector('[data-testid=confirm-dialog]').getAttribute('aria-modal')",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(modal, "true", "the confirmation is a modal dialog");
        if let Some(name) = screenshot {
            self.screenshot(name).await;
        }
        ui.click(&ui.wait_for("[data-testid=confirm-action]", wait).await.unwrap())
            .await
            .unwrap();
    }

    /// From the connected view: opens the dashboard and starts a first refresh.
    pub async fn refresh_from_the_dashboard(&self) {
        let (ui, wait) = (&self.driver, Duration::from_secs(60));
        ui.click_button("Open the dashboard", wait).await.unwrap();
        ui.click_button("Refresh", wait).await.unwrap();
    }

    pub async fn launch(launch: Launch) -> AppUnderTest {
        AppUnderTest::launch_in(Home::Own(tempfile::tempdir().unwrap()), launch).await
    }

    /// Launches the app in `home` (for example one already holding connections and inventories).
    pub async fn launch_in(home: Home, launch: Launch) -> AppUnderTest {
        AppUnderTest::launch_program(&app_binary(), home, launch).await
    }

    /// Launches `program` (for example an installed Aurora) instead of the one cargo built.
    // The turn is a std mutex held for the app's whole life on purpose: each
    // test has its own runtime, and a test must wait (block) until the app of
    // the one before has closed.
    #[allow(clippy::await_holding_lock)]
    pub async fn launch_program(program: &Path, home: Home, launch: Launch) -> AppUnderTest {
        require_desktop_session();
        let turn = ONE_APP_AT_A_TIME
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let log_path = home.path().join("app-output.log");
        let capabilities = json!({
            "tauri:options": { "application": program, "args": launch.args }
        });
        // tauri-driver starts WebKitWebDriver on its own; on a loaded machine
        // that first connection can fail, so a launch is tried three times.
        let mut failures = Vec::new();
        for _ in 0..3 {
            let mut tauri_driver = start_tauri_driver(home.path(), &log_path, &launch.env);
            match WebDriver::new_session(&tauri_driver.1, capabilities.clone()).await {
                Ok(driver) => {
                    return AppUnderTest {
                        driver,
                        home,
                        tauri_driver: tauri_driver.0,
                        log_path,
                        _turn: turn,
                    }
                }
                Err(e) => {
                    failures.push(e);
                    stop_group(&mut tauri_driver.0);
                }
            }
        }
        panic!(
            "The app did not start under tauri-driver: {failures:?}\n{}",
            read(&log_path)
        );
    }

    /// The process id of tauri-driver, which started WebKitWebDriver, which started the app.
    pub fn tauri_driver_pid(&self) -> u32 {
        self.tauri_driver.id()
    }

    /// Everything the app (and its WebDriver) printed so far, plus the app's own log file.
    pub fn output(&self) -> String {
        let log_file = self.home.path().join("data/app.aurora.desktop/logs/aurora.log");
        read(&self.log_path) + &read(&log_file)
    }

    /// Every file the app wrote under its private home, except the keyring's own.
    pub fn written_files(&self) -> Vec<(PathBuf, String)> {
        let mut files = Vec::new();
        let mut dirs = vec![self.home.path().to_path_buf()];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else {
                    files.push((
                        path.clone(),
                        String::from_utf8_lossy(&std::fs::read(&path).unwrap_or_default()).into_owned(),
                    ));
                }
            }
        }
        files
    }

    /// Saves a screenshot of the virtual display under
    /// target/e2e-screenshots/NAME.png for people to look at. (WebKitWebDriver's
    /// own screenshot command hangs without compositing, so X is asked directly.)
    pub async fn screenshot(&self, name: &str) {
        let dir = repo_root().join("target/e2e-screenshots");
        let _ = std::fs::create_dir_all(&dir);
        let _ = Command::new("import")
            .args(["-window", "root"])
            .arg(dir.join(format!("{name}.png")))
            .status();
    }
}

impl Drop for AppUnderTest {
    fn drop(&mut self) {
        // Closing the session quits the app; then tauri-driver's whole process
        // group (tauri-driver, WebKitWebDriver, the app) is stopped by its id.
        let session = self.driver.session_url().to_string();
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            runtime.block_on(async {
                reqwest::Client::new()
                    .delete(session)
                    .timeout(Duration::from_secs(10))
                    .send()
                    .await
                    .ok()
            })
        })
        .join();
        stop_group(&mut self.tauri_driver);
    }
}

/// Starts tauri-driver on free ports in its own process group; returns it and its URL.
fn start_tauri_driver(home: &Path, log_path: &Path, env: &[(String, String)]) -> (Child, String) {
    let log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log_path)
        .unwrap();
    let (port, native_port) = (free_port(), free_port());
    let child = Command::new("tauri-driver")
        .process_group(0)
        .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
        .envs(private_env(home))
        .envs(env.iter().cloned())
        .stdout(Stdio::from(log.try_clone().unwrap()))
        .stderr(Stdio::from(log))
        .spawn()
        .expect("tauri-driver should be installed (make test installs it)");
    wait_for_port(port, Duration::from_secs(20));
    (child, format!("http://127.0.0.1:{port}"))
}

/// Stops tauri-driver's whole process group (tauri-driver, WebKitWebDriver, the app) by its id.
fn stop_group(child: &mut Child) {
    let group = format!("-{}", child.id());
    let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
    let _ = child.wait();
}

fn wait_for_port(port: u16, timeout: Duration) {
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < timeout,
            "tauri-driver did not listen on port {port} within {timeout:?}."
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}
