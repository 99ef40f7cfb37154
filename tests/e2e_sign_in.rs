//! "Sign in with OVH" in the real window: the system browser (a stand-in
//! program, opened the way the app opens every URL) reaches the simulator's
//! consent, the deep link comes back by launching Aurora a second time, and
//! the window shows the account. The simulator names itself in `iss` (RFC
//! 9207), as a conformant server does. Stray and forged links, a mix-up, a
//! forged loopback request, Cancel and a custom address abandoned for Europe
//! are checked in the same windows. No token may leak anywhere.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use ovh_sim::{IssuerParam, RefreshTokenMode, RunningSim, SimConfig, Simulator};
use support::secrets::{assert_no_secret_in, saved_secrets};
use support::{app_binary, stand_in_browser, AppUnderTest, Launch};

const CLIENT_ID: &str = "e2e-client";
const CLIENT_SECRET: &str = "e2e-client-secret-value";
const WAIT: Duration = Duration::from_secs(30);
const TOKEN_PATH: &str = "/auth/oauth2/token";
const WAITING: &str = "Waiting for OVH";
const IGNORED: &str = "Ignored a sign-in link that answers no sign-in in progress.";

/// Opens a link the way the desktop does: by launching Aurora with it (the
/// running window receives it through the single-instance plugin).
fn open_link(link: &str) {
    let status = std::process::Command::new(app_binary()).arg(link).status().unwrap();
    assert!(status.success(), "the second launch failed: {status}");
}

/// How many times the app's log says `line`.
fn log_count(app: &AppUnderTest, line: &str) -> usize {
    let log = app.home.path().join("data/app.aurora.desktop/logs/aurora.log");
    std::fs::read_to_string(log).unwrap_or_default().matches(line).count()
}

/// Waits until the app's log says `line` `count` times in all.
async fn wait_for_log(app: &AppUnderTest, line: &str, count: usize) {
    let start = Instant::now();
    while log_count(app, line) < count {
        assert!(
            start.elapsed() < WAIT,
            "the log never said {line:?} {count} times:\n{}",
            app.output()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A stray, a forged and a replayed-looking link, each handled (and ignored)
/// before this returns: the screen must still say `expected`, without error.
async fn stray_links_change_nothing(app: &AppUnderTest, expected: &str, replay: Option<&str>) {
    let before = log_count(app, IGNORED);
    let mut links = vec![
        "aurora://ovh/oauth2/callback?code=forged&state=forged-state".to_owned(),
        "aurora://ovh/oauth2/callback?error=access_denied&state=x&code=y".to_owned(),
    ];
    links.extend(replay.map(str::to_owned));
    for link in &links {
        open_link(link);
    }
    wait_for_log(app, IGNORED, before + links.len()).await;
    let text = app.driver.body_text().await.unwrap();
    assert!(text.contains(expected), "a stray link changed the screen: {text}");
    assert!(
        app.driver.find("[role=alert]").await.unwrap().is_none(),
        "a stray link put up an error: {text}"
    );
}

/// The app with the stand-in browser, the simulator's OAuth client in the
/// environment for the custom endpoint, and `env` besides.
async fn launch(browser_log: &std::path::Path, env: &[(&str, &str)]) -> AppUnderTest {
    let mut all: Vec<(String, String)> = vec![
        ("AURORA_BROWSER".into(), stand_in_browser().to_string_lossy().into()),
        ("AURORA_BROWSER_LOG".into(), browser_log.to_string_lossy().into()),
        ("AURORA_APP".into(), app_binary().to_string_lossy().into()),
    ];
    all.extend(env.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    AppUnderTest::launch(Launch { args: vec![], env: all }).await
}

/// Waits until the browser has shown OVH's consent page `count` times in all.
async fn wait_for_consent_pages(sim: &RunningSim, count: usize) {
    let start = Instant::now();
    while sim.pending_consents().len() < count {
        assert!(start.elapsed() < WAIT, "the browser never reached the consent page");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Consents on the simulator to every pending authorization, as the person
/// would in the browser, and returns where the browser is sent.
fn consent_all(sim: &RunningSim) -> Vec<String> {
    sim.pending_consents()
        .iter()
        .map(|ticket| sim.approve_consent(ticket).unwrap())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn sign_in_with_ovh_through_the_browser_and_the_deep_link() {
    let sim =
        Simulator::start(SimConfig::default().oauth_client(CLIENT_ID, CLIENT_SECRET, "aurora://ovh/oauth2/callback"))
            .await
            .unwrap();
    let nichandle = sim.dataset().me.nichandle.clone();
    let browser_log = tempfile::NamedTempFile::new().unwrap();
    let app = launch(browser_log.path(), &[]).await;
    let ui = &app.driver;

    ui.click_button("Sign in with OVH", WAIT).await.unwrap();
    app.choose_custom_endpoint(&sim.api_url()).await;

    // No OAuth2 client is configured for this endpoint yet: the window says
    // what to set and takes the client here (its secret goes to the keyring).
    ui.wait_for_text("OVH_CUSTOM_CLIENT_ID", WAIT).await.unwrap();
    let form = "[data-testid=oauth-client-form] input";
    ui.type_into(
        &ui.wait_for(&format!("{form}:not([type=password])"), WAIT)
            .await
            .unwrap(),
        CLIENT_ID,
    )
    .await
    .unwrap();
    ui.type_into(
        &ui.wait_for(&format!("{form}[type=password]"), WAIT).await.unwrap(),
        CLIENT_SECRET,
    )
    .await
    .unwrap();
    ui.click_button("Save this client", WAIT).await.unwrap();
    ui.click_button("Sign in with OVH", WAIT).await.unwrap();

    // The browser shows OVH's consent page. Meanwhile any web page may fire
    // aurora:// links: the waiting screen stays as it is.
    ui.wait_for_text(WAITING, WAIT).await.unwrap();
    wait_for_consent_pages(&sim, 1).await;
    stray_links_change_nothing(&app, WAITING, None).await;

    // The person consents; OVH sends the browser back with code, state and iss.
    let back = consent_all(&sim);
    assert_eq!(back.len(), 1, "{back:?}");
    assert!(
        back[0].contains(&format!("iss={}", urlencode(&sim.base_url()))),
        "{}",
        back[0]
    );
    let received = log_count(&app, "Received the sign-in callback.");
    open_link(&back[0]);

    let text = ui
        .wait_for_text(&nichandle, WAIT)
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", app.output()));
    assert!(text.contains("Connected to OVHcloud"), "{text}");
    // The token's expiry arrives a moment later, from the connection's status.
    ui.wait_for_text("renewed automatically", WAIT).await.unwrap();
    app.screenshot("sign-in-connected").await;
    assert_eq!(
        log_count(&app, "Received the sign-in callback."),
        received + 1,
        "each deep link is handled exactly once"
    );
    // Stray links again, and the real one replayed: the connected view stays.
    stray_links_change_nothing(&app, "Connected to OVHcloud", Some(&back[0])).await;
    assert_eq!(sim.counters().path(TOKEN_PATH), 1, "only the real answer was exchanged");

    // The browser was given OVH's authorization page with PKCE, never a token.
    let opened = std::fs::read_to_string(browser_log.path()).unwrap();
    assert!(
        opened.starts_with(&format!("{}/auth/oauth2/authorize?", sim.base_url())),
        "{opened}"
    );
    for part in [
        "response_type=code",
        "scope=all",
        "code_challenge_method=S256",
        "code_challenge=",
        "state=",
    ] {
        assert!(opened.contains(part), "the authorization URL lacks {part}: {opened}");
    }

    // The connection is listed after opening the dashboard.
    ui.click_button("Open the dashboard", WAIT).await.unwrap();
    ui.wait_for_text(&format!("{nichandle} (Custom"), WAIT).await.unwrap();

    let mut secrets = saved_secrets(&app);
    assert!(
        secrets.len() >= 2,
        "the access and refresh tokens should be in the keyring"
    );
    let stored_client = std::process::Command::new("secret-tool")
        .args([
            "lookup",
            "service",
            &support::keyring_service(app.home.path()),
            "username",
            &format!("oauth-client/{}", sim.base_url()),
        ])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&stored_client.stdout).contains(CLIENT_SECRET),
        "the client secret should be in the keyring"
    );
    secrets.push(CLIENT_SECRET.to_owned());
    let answer = ui.invoke("list_connections", serde_json::json!({})).await.unwrap();
    assert!(answer.to_string().contains(&nichandle), "{answer}");
    assert_no_secret_in("the list_connections answer", &answer.to_string(), &secrets);
    assert_no_secret_in("the page", &ui.source().await.unwrap(), &secrets);
    assert_no_secret_in("the app's output and log", &app.output(), &secrets);
    for (path, content) in app.written_files() {
        assert_no_secret_in(&path.display().to_string(), &content, &secrets);
    }
}

/// `value` percent-encoded as in a query string.
fn urlencode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Counts the connections made to it: where a request must never go.
async fn capture_server() -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}/1.0", listener.local_addr().unwrap());
    let count = Arc::new(AtomicUsize::new(0));
    let counted = count.clone();
    tokio::spawn(async move {
        while let Ok((_connection, _)) = listener.accept().await {
            counted.fetch_add(1, Ordering::SeqCst);
        }
    });
    (address, count)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_custom_address_left_for_europe_and_a_mixed_up_issuer() {
    // This simulator names another server in `iss`: an answer slipped in from
    // elsewhere (an OAuth mix-up).
    let sim = Simulator::start(
        SimConfig::default()
            .oauth_client(CLIENT_ID, CLIENT_SECRET, "aurora://ovh/oauth2/callback")
            .auto_consent(true)
            .issuer(IssuerParam::Fixed("https://evil.example".into())),
    )
    .await
    .unwrap();
    let (capture, captured) = capture_server().await;
    let browser_log = tempfile::NamedTempFile::new().unwrap();
    let app = launch(
        browser_log.path(),
        &[
            ("OVH_EU_CLIENT_ID", "eu-client"),
            ("OVH_EU_CLIENT_SECRET", "eu-client-secret-value"),
            ("OVH_CUSTOM_CLIENT_ID", CLIENT_ID),
            ("OVH_CUSTOM_CLIENT_SECRET", CLIENT_SECRET),
        ],
    )
    .await;
    let ui = &app.driver;

    // A custom address typed, then Europe chosen: the sign-in goes to OVH
    // Europe and nothing reaches the address.
    ui.click_button("Sign in with OVH", WAIT).await.unwrap();
    app.choose_custom_endpoint(&capture).await;
    let europe = ui.wait_for("input[value=ovh-eu]", WAIT).await.unwrap();
    ui.click(&europe).await.unwrap();
    ui.click_button("Sign in with OVH", WAIT).await.unwrap();
    ui.wait_for_text(WAITING, WAIT).await.unwrap();
    let start = Instant::now();
    while !std::fs::read_to_string(browser_log.path()).unwrap().contains("ovh.com") {
        assert!(start.elapsed() < WAIT, "the browser was never opened");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let opened = std::fs::read_to_string(browser_log.path()).unwrap();
    assert!(
        opened.starts_with("https://www.ovh.com/auth/oauth2/authorize?"),
        "{opened}"
    );
    ui.click_button("Cancel", WAIT).await.unwrap();
    // The backend refuses the address with a built-in region, whoever sends it.
    for command in ["start_sign_in", "api_keys_setup"] {
        let answer = ui
            .invoke(
                command,
                serde_json::json!({ "region": "ovh-eu", "customApiBase": capture }),
            )
            .await
            .unwrap();
        assert!(
            answer.to_string().contains("used only with the Custom endpoint"),
            "{command}: {answer}"
        );
    }
    assert_eq!(
        captured.load(Ordering::SeqCst),
        0,
        "a request went to the abandoned address"
    );

    // The custom endpoint again, on the simulator: its answer names another
    // issuer, so it is refused with the mix-up message and nothing is exchanged.
    ui.click_button("Advanced", WAIT).await.unwrap();
    let custom = ui.wait_for("input[value=custom]", WAIT).await.unwrap();
    ui.click(&custom).await.unwrap();
    let field = ui.wait_for("input[type=url]", WAIT).await.unwrap();
    let typed = ui
        .execute("return document.querySelector('input[type=url]').value", vec![])
        .await
        .unwrap();
    assert_eq!(typed, "", "the abandoned address came back");
    ui.type_into(&field, &sim.api_url()).await.unwrap();
    ui.click_button("Sign in with OVH", WAIT).await.unwrap();
    let text = ui
        .wait_for_text("mix-up attack", WAIT)
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", app.output()));
    assert!(text.contains("came from another authorization server than"), "{text}");
    assert_eq!(sim.counters().path(TOKEN_PATH), 0, "the code was exchanged");
    assert_eq!(captured.load(Ordering::SeqCst), 0);
    app.screenshot("sign-in-mix-up").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn loopback_sign_in_survives_a_forged_request_and_a_cancel() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let redirect = format!("http://127.0.0.1:{port}/ovh/oauth2/callback");
    // This server gives no refresh token: the window must say so.
    let sim = Simulator::start(
        SimConfig::default()
            .oauth_client(CLIENT_ID, CLIENT_SECRET, redirect.clone())
            .refresh_token_mode(RefreshTokenMode::Omit),
    )
    .await
    .unwrap();
    let nichandle = sim.dataset().me.nichandle.clone();
    let browser_log = tempfile::NamedTempFile::new().unwrap();
    let app = launch(
        browser_log.path(),
        &[
            ("OVH_CUSTOM_CLIENT_ID", CLIENT_ID),
            ("OVH_CUSTOM_CLIENT_SECRET", CLIENT_SECRET),
            ("OVH_OAUTH_REDIRECT_URI", &redirect),
        ],
    )
    .await;
    let ui = &app.driver;
    ui.click_button("Sign in with OVH", WAIT).await.unwrap();
    app.choose_custom_endpoint(&sim.api_url()).await;
    ui.click_button("Sign in with OVH", WAIT).await.unwrap();
    ui.wait_for_text(WAITING, WAIT).await.unwrap();
    wait_for_consent_pages(&sim, 1).await;

    // Cancel frees the port at once: signing in again right away works.
    ui.click_button("Cancel", WAIT).await.unwrap();
    ui.click_button("Sign in with OVH", WAIT).await.unwrap();
    ui.wait_for_text(WAITING, WAIT).await.unwrap();
    assert!(
        ui.find("[role=alert]").await.unwrap().is_none(),
        "{}",
        ui.body_text().await.unwrap()
    );

    wait_for_consent_pages(&sim, 2).await;

    // Any program on this computer can send the listener a forged answer: it
    // is turned away and the listener keeps waiting for the real one.
    let http = reqwest::Client::new();
    let forged = http
        .get(format!("{redirect}?code=forged&state=forged"))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 400);
    assert!(ui.body_text().await.unwrap().contains(WAITING));

    // The person consents to both attempts in the browser. The cancelled
    // one's answer (its state is in the first page the browser opened) is
    // turned away; the current one signs in.
    let opened = std::fs::read_to_string(browser_log.path()).unwrap();
    let first_state = opened
        .lines()
        .next()
        .and_then(|url| url.split(['?', '&']).find_map(|p| p.strip_prefix("state=")))
        .unwrap()
        .to_owned();
    let mut answers = consent_all(&sim);
    assert_eq!(answers.len(), 2, "{answers:?}");
    answers.sort_by_key(|a| !a.contains(&format!("state={first_state}")));
    let mut statuses = Vec::new();
    for answer in &answers {
        assert!(answer.starts_with(&redirect) && answer.contains("iss="), "{answer}");
        statuses.push(http.get(answer).send().await.unwrap().status().as_u16());
    }
    assert_eq!(
        statuses,
        [400, 200],
        "the cancelled attempt's answer, then the current one"
    );
    let text = ui
        .wait_for_text(&nichandle, WAIT)
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", app.output()));
    assert!(text.contains("Connected to OVHcloud"), "{text}");
    assert!(
        text.contains("No refresh token received - user may need to re-authorize after expiration"),
        "{text}"
    );
    assert_eq!(sim.counters().path(TOKEN_PATH), 1);
}
