//! The offline demo: Aurora starts its built-in simulator, signs in to it
//! through the browser and the deep link like a real account, and discovers
//! its resources.

mod support;

use std::time::Duration;

use support::{app_binary, stand_in_browser, AppUnderTest, Launch};

const WAIT: Duration = Duration::from_secs(60);

#[tokio::test(flavor = "multi_thread")]
async fn the_offline_demo_signs_in_and_discovers_the_simulated_account() {
    let app = AppUnderTest::launch(Launch {
        args: vec!["--demo".into()],
        env: vec![
            ("AURORA_BROWSER".into(), stand_in_browser().to_string_lossy().into()),
            ("AURORA_APP".into(), app_binary().to_string_lossy().into()),
        ],
    })
    .await;
    let ui = &app.driver;
    ui.wait_for_text("Offline demo", WAIT).await.unwrap();
    ui.click_button("Sign in with OVH", WAIT).await.unwrap();
    ui.wait_for_text("Offline demo (built-in simulator)", WAIT).await.unwrap();
    ui.click_button("Sign in with OVH", WAIT).await.unwrap();
    ui.wait_for_text("Connected to OVHcloud", WAIT).await.unwrap_or_else(|e| panic!("{e}\n{}", app.output()));
    ui.click_button("Open the dashboard", WAIT).await.unwrap();
    ui.click_button("Refresh", WAIT).await.unwrap();
    let counter = ui.wait_for("[data-testid=resource-count]", WAIT).await.unwrap_or_else(|e| panic!("{e}\n{}", app.output()));
    let text = ui.text(&counter).await.unwrap();
    let count: usize = text.trim_end_matches(" resources").parse().unwrap_or_else(|_| panic!("no resource count in: {text}"));
    assert!(count > 50, "the demo account should have many resources, found {count}");
    app.screenshot("demo-discovered").await;
}
