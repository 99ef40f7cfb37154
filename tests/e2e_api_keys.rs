//! The API keys wizard in the real window: two pastes, the consumer key
//! requested by Aurora and authorized on the simulator's page by the
//! stand-in browser, validation with GET /me, saved to the keyring; the
//! read-only key then denied an instance action, naming the missing right.

mod support;

use std::time::Duration;

use ovh_sim::{SimConfig, Simulator};
use support::secrets::{assert_no_secret_in, saved_secrets};
use support::{with_stand_in_browser, AppUnderTest, Launch};

const APPLICATION_KEY: &str = "e2eAppKey0000001";
const APPLICATION_SECRET: &str = "e2eApplicationSecret000000000001";
const WAIT: Duration = Duration::from_secs(30);

#[tokio::test(flavor = "multi_thread")]
async fn the_wizard_connects_with_two_pastes_in_six_steps() {
    let sim = Simulator::start(SimConfig::default()).await.unwrap();
    sim.add_application(APPLICATION_KEY, APPLICATION_SECRET);
    let nichandle = sim.dataset().me.nichandle.clone();
    let app = AppUnderTest::launch(Launch {
        args: vec![],
        env: with_stand_in_browser(&[]),
    })
    .await;
    let ui = &app.driver;
    let mut steps_seen = Vec::new();
    let mut pastes = 0;

    ui.click_button("Use API keys", WAIT).await.unwrap();
    steps_seen.push(step(ui).await);
    app.choose_custom_endpoint(&sim.api_url()).await;
    ui.click_button("Next", WAIT).await.unwrap();

    ui.wait_for_text("Aurora cloud management", WAIT).await.unwrap();
    steps_seen.push(step(ui).await);
    ui.click_button("I have the keys", WAIT).await.unwrap();

    steps_seen.push(step(ui).await);
    let key = ui.wait_for("[data-testid=key-applicationKey]", WAIT).await.unwrap();
    ui.type_into(&key, &format!("  {APPLICATION_KEY} ")).await.unwrap();
    pastes += 1;
    let secret = ui.wait_for("[data-testid=key-applicationSecret]", WAIT).await.unwrap();
    ui.type_into(&secret, APPLICATION_SECRET).await.unwrap();
    pastes += 1;
    let masked = ui
        .execute(
            "return document.querySelector('[data-testid=key-applicationSecret]').type",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(masked, "password", "the Application Secret is masked until revealed");
    ui.click_button("Next", WAIT).await.unwrap();

    steps_seen.push(step(ui).await);
    let rules = ui
        .text(&ui.wait_for("[data-testid=access-rules]", WAIT).await.unwrap())
        .await
        .unwrap();
    for rule in [
        "GET /me",
        "GET /cloud/project",
        "GET /cloud/project/*",
        "GET /dedicated/server/*",
    ] {
        assert!(
            rules.contains(rule),
            "the rights shown before the request lack {rule}: {rules}"
        );
    }
    ui.click_button("Request access", WAIT).await.unwrap();

    let text = ui
        .wait_for_text(&nichandle, WAIT)
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", app.output()));
    steps_seen.push(step(ui).await);
    assert!(text.contains("Never (unlimited)"), "{text}");
    ui.click_button("Next", WAIT).await.unwrap();
    steps_seen.push(step(ui).await);
    ui.click_button("Save and open the dashboard", WAIT).await.unwrap();
    ui.wait_for_text(&format!("{nichandle} (Custom"), WAIT).await.unwrap();
    app.screenshot("api-keys-saved").await;

    assert_eq!(
        steps_seen,
        (1..=6).collect::<Vec<_>>(),
        "the wizard should take exactly six steps"
    );
    assert_eq!(pastes, 2, "only the Application Key and Secret are pasted");
    let keys = sim.consumer_keys();
    assert_eq!(keys.len(), 1, "Aurora requests exactly one consumer key");

    // Once saved, the wizard is gone: not even the secret the person typed stays in the page.
    let secrets = saved_secrets(&app);
    assert!(
        secrets.iter().any(|s| s == APPLICATION_SECRET),
        "the application secret should be in the keyring"
    );
    assert_eq!(
        secrets.len(),
        2,
        "the application secret and the consumer key should be in the keyring"
    );
    assert_no_secret_in("the page", &ui.source().await.unwrap(), &secrets);
    assert_no_secret_in("the app's output and log", &app.output(), &secrets);
    for (path, content) in app.written_files() {
        assert_no_secret_in(&path.display().to_string(), &content, &secrets);
    }

    // The key is read only (the wizard's default rule set): stopping an
    // instance is refused with the missing right and how to grant it, and
    // nothing changes.
    ui.click_button("Refresh", WAIT).await.unwrap();
    let target = sim
        .dataset()
        .projects
        .iter()
        .flat_map(|p| p.instances.clone())
        .find(|i| i.status == "ACTIVE")
        .expect("the simulator has an active instance");
    app.open_kind("Public Cloud instances").await;
    app.search_table(&target.name, &target.name).await;
    ui.click(&ui.wait_for("[data-testid=dash-row]", WAIT).await.unwrap())
        .await
        .unwrap();
    app.confirm_action("action-stop", &[&target.name], None).await;
    let denial = ui
        .wait_for_element_text(
            "[data-testid=action-progress]",
            "POST /cloud/project/*/instance/*/stop",
            WAIT,
        )
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", app.output()));
    assert!(
        denial.contains("Not changed") && denial.contains("Read and act"),
        "the denial says nothing changed and how to get the right: {denial}"
    );
    app.screenshot("actions-denied").await;
    let now = sim
        .dataset()
        .projects
        .iter()
        .flat_map(|p| p.instances.clone())
        .find(|i| i.id == target.id)
        .unwrap();
    assert_eq!(now.status, "ACTIVE", "the instance was not stopped");
}

async fn step(ui: &support::WebDriver) -> u32 {
    let label = ui
        .text(&ui.wait_for("[data-testid=wizard-step]", WAIT).await.unwrap())
        .await
        .unwrap();
    label
        .split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("unexpected step label {label}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn keys_found_in_ovh_variables_are_previewed_then_used() {
    const CONSUMER_KEY: &str = "e2eConsumerKey000000000000000001";
    let sim = Simulator::start(SimConfig::default().credential(APPLICATION_KEY, APPLICATION_SECRET, CONSUMER_KEY))
        .await
        .unwrap();
    let nichandle = sim.dataset().me.nichandle.clone();
    let app = AppUnderTest::launch(Launch {
        args: vec![],
        env: vec![
            ("OVH_ENDPOINT".into(), sim.api_url()),
            ("OVH_APPLICATION_KEY".into(), APPLICATION_KEY.into()),
            ("OVH_APPLICATION_SECRET".into(), APPLICATION_SECRET.into()),
            ("OVH_CONSUMER_KEY".into(), CONSUMER_KEY.into()),
        ],
    })
    .await;
    let ui = &app.driver;
    ui.click_button("Use API keys", WAIT).await.unwrap();
    let preview = ui
        .text(&ui.wait_for("[data-testid=import-preview]", WAIT).await.unwrap())
        .await
        .unwrap();
    assert!(
        preview.contains(APPLICATION_KEY) && preview.contains("OVH_CONSUMER_KEY"),
        "{preview}"
    );
    assert_no_secret_in(
        "the import preview",
        &ui.source().await.unwrap(),
        &[APPLICATION_SECRET.into(), CONSUMER_KEY.into()],
    );
    ui.click_button("Check and use these keys", WAIT).await.unwrap();
    ui.wait_for_text(&nichandle, WAIT)
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", app.output()));
    ui.click_button("Next", WAIT).await.unwrap();
    ui.click_button("Save and open the dashboard", WAIT).await.unwrap();
    ui.wait_for_text(&format!("{nichandle} (Custom"), WAIT).await.unwrap();
    assert_eq!(saved_secrets(&app).len(), 2);
}
