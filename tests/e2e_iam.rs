//! Issues 8 and 14 in the real window: from a connection made with API keys
//! (imported, or made by the wizard with a read-only key), set up "Sign in
//! with OVH" through a single-purpose key the stand-in browser validates
//! (Aurora creates the OAuth2 client), sign in with that new client, then
//! give it a read-only least-privilege policy.

mod support;

use std::time::Duration;

use ovh_sim::{SimConfig, Simulator};
use support::secrets::saved_secrets;
use support::{app_binary, stand_in_browser, with_stand_in_browser, AppUnderTest, Launch};

const AK: &str = "iamAppKey0000001";
const AS: &str = "iamApplicationSecret000000000001";
const CK: &str = "iamConsumerKey000000000000000001";
const WAIT: Duration = Duration::from_secs(30);

#[tokio::test(flavor = "multi_thread")]
async fn set_up_sign_in_then_a_read_only_policy() {
    let sim = Simulator::start(SimConfig::default().credential(AK, AS, CK).auto_consent(true))
        .await
        .unwrap();
    let data = sim.dataset();
    let nichandle = data.me.nichandle.clone();
    let app = AppUnderTest::launch(Launch {
        args: vec![],
        env: vec![
            ("OVH_ENDPOINT".into(), sim.api_url()),
            ("OVH_APPLICATION_KEY".into(), AK.into()),
            ("OVH_APPLICATION_SECRET".into(), AS.into()),
            ("OVH_CONSUMER_KEY".into(), CK.into()),
            ("AURORA_BROWSER".into(), stand_in_browser().to_string_lossy().into()),
            ("AURORA_APP".into(), app_binary().to_string_lossy().into()),
        ],
    })
    .await;
    let ui = &app.driver;

    // A legacy connection, from the keys found in the environment.
    ui.click_button("Use API keys", WAIT).await.unwrap();
    ui.click_button("Check and use these keys", WAIT).await.unwrap();
    ui.click_button("Next", WAIT).await.unwrap();
    ui.click_button("Save and open the dashboard", WAIT).await.unwrap();

    // Set up Sign in with OVH from it.
    ui.click_button("Access & IAM", WAIT).await.unwrap();
    ui.click_button("Set up Sign in with OVH", WAIT).await.unwrap();
    ui.click_button("Request this key", WAIT).await.unwrap();
    let notice = ui
        .text(&ui.wait_for("[data-testid=access-notice]", WAIT).await.unwrap())
        .await
        .unwrap();
    let client_id = notice.trim_end_matches('.').rsplit(' ').next().unwrap().to_owned();
    let clients = ui
        .text(&ui.wait_for("[data-testid=oauth-clients]", WAIT).await.unwrap())
        .await
        .unwrap();
    assert!(
        clients.contains("Aurora Integration") && clients.contains(&client_id),
        "{clients}"
    );

    // Sign in with the new client: no variable, no form, straight to the browser.
    ui.click_button("Close", WAIT).await.unwrap();
    ui.click_button("Add a connection", WAIT).await.unwrap();
    ui.click_button("Sign in with OVH", WAIT).await.unwrap();
    app.choose_custom_endpoint(&sim.api_url()).await;
    ui.click_button("Sign in with OVH", WAIT).await.unwrap();
    let connected = ui
        .wait_for_text("Connected to OVHcloud", WAIT)
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", app.output()));
    assert!(
        connected.contains(&nichandle) && connected.contains("Sign in with OVH"),
        "{connected}"
    );
    ui.click_button("Open the dashboard", WAIT).await.unwrap();

    // A read-only policy for that client on the first project.
    ui.click_button("Access & IAM", WAIT).await.unwrap();
    let project = &data.projects[0].project.project_id;
    let checkbox = ui
        .wait_for(".policy-form fieldset:first-of-type input[type=checkbox]", WAIT)
        .await
        .unwrap();
    ui.click(&checkbox).await.unwrap();
    ui.click_button("Preview", WAIT).await.unwrap();
    let preview = ui
        .text(&ui.wait_for("[data-testid=policy-preview]", WAIT).await.unwrap())
        .await
        .unwrap();
    let body: serde_json::Value =
        serde_json::from_str(&preview).unwrap_or_else(|e| panic!("the preview is not JSON ({e}): {preview}"));
    assert!(
        body["identities"][0]
            .as_str()
            .unwrap()
            .ends_with(&format!("/oauth2-{client_id}")),
        "{preview}"
    );
    assert!(preview.contains(&format!("publicCloudProject:{project}")), "{preview}");
    assert!(preview.contains("publicCloudProject:apiovh:instance/get"), "{preview}");
    assert!(
        !preview.contains("instance/create"),
        "read-only must not allow writes: {preview}"
    );
    ui.click_button("Create policy", WAIT).await.unwrap();
    let listed = ui
        .text(&ui.wait_for("[data-testid=iam-policies]", WAIT).await.unwrap())
        .await
        .unwrap();
    assert!(listed.contains(&format!("aurora-{client_id}")), "{listed}");
    app.screenshot("iam-policy-created").await;
}

/// Issue 14 point 6: the wizard's consumer key is read-only, yet "Set up Sign
/// in with OVH" works: the rights of a second key are shown first, the
/// stand-in browser validates it, the client is created, the key is ended
/// and kept nowhere, and the new client signs in.
#[tokio::test(flavor = "multi_thread")]
async fn a_wizard_connection_sets_up_sign_in_with_a_single_purpose_key() {
    let sim = Simulator::start(SimConfig::default().auto_consent(true)).await.unwrap();
    sim.add_application(AK, AS);
    let nichandle = sim.dataset().me.nichandle.clone();
    let app = AppUnderTest::launch(Launch {
        args: vec![],
        env: with_stand_in_browser(&[]),
    })
    .await;
    let ui = &app.driver;

    // The wizard: its consumer key is read-only.
    ui.click_button("Use API keys", WAIT).await.unwrap();
    app.choose_custom_endpoint(&sim.api_url()).await;
    ui.click_button("Next", WAIT).await.unwrap();
    ui.click_button("I have the keys", WAIT).await.unwrap();
    ui.type_into(
        &ui.wait_for("[data-testid=key-applicationKey]", WAIT).await.unwrap(),
        AK,
    )
    .await
    .unwrap();
    ui.type_into(
        &ui.wait_for("[data-testid=key-applicationSecret]", WAIT).await.unwrap(),
        AS,
    )
    .await
    .unwrap();
    ui.click_button("Next", WAIT).await.unwrap();
    ui.click_button("Request access", WAIT).await.unwrap();
    ui.wait_for_text(&nichandle, WAIT)
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", app.output()));
    ui.click_button("Next", WAIT).await.unwrap();
    ui.click_button("Save and open the dashboard", WAIT).await.unwrap();
    let wizard_key = sim.consumer_keys().pop().unwrap();
    assert!(
        wizard_key.rules.iter().all(|r| r.method == "GET"),
        "the wizard's key is read-only"
    );

    // Set up Sign in with OVH: the rights first, then the browser.
    ui.click_button("Access & IAM", WAIT).await.unwrap();
    ui.click_button("Set up Sign in with OVH", WAIT).await.unwrap();
    let rights = ui
        .text(&ui.wait_for("[data-testid=setup-rights]", WAIT).await.unwrap())
        .await
        .unwrap();
    for right in [
        "POST /me/api/oauth2/client",
        "GET /me/api/oauth2/client/*",
        "DELETE /me/api/oauth2/client/*",
    ] {
        assert!(rights.contains(right), "{right} is not shown first: {rights}");
    }
    ui.click_button("Request this key", WAIT).await.unwrap();
    let notice = ui
        .text(&ui.wait_for("[data-testid=access-notice]", WAIT).await.unwrap())
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", app.output()));
    let client_id = notice.trim_end_matches('.').rsplit(' ').next().unwrap().to_owned();
    app.screenshot("sign-in-set-up-from-a-wizard-key").await;

    let keys = sim.consumer_keys();
    assert_eq!(keys.len(), 2, "one more key, for the setup only");
    let setup_key = keys.last().unwrap();
    let rules: Vec<String> = setup_key
        .rules
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert_eq!(
        rules,
        [
            "POST /me/api/oauth2/client",
            "GET /me/api/oauth2/client/*",
            "DELETE /me/api/oauth2/client/*"
        ]
    );
    assert_eq!(setup_key.state, ovh_sim::CredentialState::Expired, "ended at OVH");
    let keyring = std::process::Command::new("secret-tool")
        .args(["search", "--all", "service", &support::keyring_service(app.home.path())])
        .output()
        .unwrap();
    let keyring = String::from_utf8_lossy(&keyring.stdout);
    assert!(
        keyring.contains(&wizard_key.consumer_key),
        "the search reads the secrets: {keyring}"
    );
    assert!(
        !keyring.contains(&setup_key.consumer_key),
        "the setup key is not kept in the keyring"
    );
    assert!(!saved_secrets(&app).is_empty());
    for (path, content) in app.written_files() {
        assert!(
            !content.contains(&setup_key.consumer_key),
            "{} keeps the setup key",
            path.display()
        );
    }
    assert!(!app.output().contains(&setup_key.consumer_key));

    // Sign in with the new client.
    ui.click_button("Close", WAIT).await.unwrap();
    ui.click_button("Add a connection", WAIT).await.unwrap();
    ui.click_button("Sign in with OVH", WAIT).await.unwrap();
    app.choose_custom_endpoint(&sim.api_url()).await;
    ui.click_button("Sign in with OVH", WAIT).await.unwrap();
    let connected = ui
        .wait_for_text("Connected to OVHcloud", WAIT)
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", app.output()));
    assert!(connected.contains(&nichandle), "{connected}");

    // Settings, from the header: the client by its id, never its secret; forget; the theme stays.
    ui.click_button("Settings", WAIT).await.unwrap();
    let clients = ui
        .text(&ui.wait_for("[data-testid=settings-oauth-clients]", WAIT).await.unwrap())
        .await
        .unwrap();
    assert!(
        clients.contains(&client_id) && clients.contains(&sim.base_url()),
        "{clients}"
    );
    let keyring = std::process::Command::new("secret-tool")
        .args(["search", "--all", "service", &support::keyring_service(app.home.path())])
        .output()
        .unwrap();
    let keyring = String::from_utf8_lossy(&keyring.stdout).into_owned();
    let client_secret = keyring
        .split("\"clientSecret\":\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("the client secret should be in the keyring: {keyring}"));
    assert!(
        !ui.source().await.unwrap().contains(client_secret),
        "Settings shows no secret"
    );
    let dark = ui
        .wait_for("[data-testid=theme-choice] input[value=dark]", WAIT)
        .await
        .unwrap();
    ui.click(&dark).await.unwrap();
    ui.click_button("Forget", WAIT).await.unwrap();
    ui.wait_for_text("Aurora forgot the client", WAIT).await.unwrap();
    app.screenshot("settings-dark").await;
    ui.execute("location.reload()", vec![]).await.unwrap();
    ui.wait_for_text("Add a connection", WAIT).await.unwrap();
    let theme = ui
        .execute("return document.documentElement.dataset.theme", vec![])
        .await
        .unwrap();
    assert_eq!(theme, "dark", "the theme is kept");
    let listed = ui
        .invoke("list_known_oauth_clients", serde_json::json!({}))
        .await
        .unwrap();
    assert!(!listed.to_string().contains(&client_id), "forgotten: {listed}");
}
