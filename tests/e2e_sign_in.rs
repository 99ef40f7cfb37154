//! "Sign in with OVH" in the real window: the system browser (a stand-in
//! program, opened the way the app opens every URL) consents on the
//! simulator, the deep link comes back by launching Aurora a second time,
//! and the window shows the account. No token may leak anywhere.

mod support;

use std::time::Duration;

use ovh_sim::{SimConfig, Simulator};
use support::secrets::{assert_no_secret_in, saved_secrets};
use support::{app_binary, stand_in_browser, AppUnderTest, Launch};

const CLIENT_ID: &str = "e2e-client";
const CLIENT_SECRET: &str = "e2e-client-secret-value";
const WAIT: Duration = Duration::from_secs(30);

#[tokio::test(flavor = "multi_thread")]
async fn sign_in_with_ovh_through_the_browser_and_the_deep_link() {
    let sim = Simulator::start(
        SimConfig::default()
            .oauth_client(CLIENT_ID, CLIENT_SECRET, "aurora://ovh/oauth2/callback")
            .auto_consent(true),
    )
    .await
    .unwrap();
    let nichandle = sim.dataset().me.nichandle.clone();
    let browser_log = tempfile::NamedTempFile::new().unwrap();
    let app = AppUnderTest::launch(Launch {
        args: vec![],
        env: vec![
            ("AURORA_BROWSER".into(), stand_in_browser().to_string_lossy().into()),
            ("AURORA_BROWSER_LOG".into(), browser_log.path().to_string_lossy().into()),
            ("AURORA_APP".into(), app_binary().to_string_lossy().into()),
        ],
    })
    .await;
    let ui = &app.driver;

    ui.click_button("Sign in with OVH", WAIT).await.unwrap();
    ui.click_button("Advanced", WAIT).await.unwrap();
    let custom = ui.wait_for("input[value=custom]", WAIT).await.unwrap();
    ui.click(&custom).await.unwrap();
    let address = ui.wait_for("input[type=url]", WAIT).await.unwrap();
    ui.type_into(&address, &sim.api_url()).await.unwrap();

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

    let text = ui
        .wait_for_text(&nichandle, WAIT)
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", app.output()));
    assert!(text.contains("Connected to OVHcloud"), "{text}");
    // The token's expiry arrives a moment later, from the connection's status.
    ui.wait_for_text("renewed automatically", WAIT).await.unwrap();
    app.screenshot("sign-in-connected").await;

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
