//! Issue 8 in the real window: from a connection made with API keys, set up
//! "Sign in with OVH" (Aurora creates the OAuth2 client), sign in with that
//! new client, then give it a read-only least-privilege policy.

mod support;

use std::time::Duration;

use ovh_sim::{SimConfig, Simulator};
use support::{app_binary, stand_in_browser, AppUnderTest, Launch};

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
    ui.click_button("Advanced", WAIT).await.unwrap();
    ui.click(&ui.wait_for("input[value=custom]", WAIT).await.unwrap())
        .await
        .unwrap();
    ui.type_into(&ui.wait_for("input[type=url]", WAIT).await.unwrap(), &sim.api_url())
        .await
        .unwrap();
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
