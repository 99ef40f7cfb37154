//! The real app window, driven through WebDriver: it starts and shows its UI.

mod support;

use std::time::Duration;

use support::{AppUnderTest, Launch};

#[tokio::test]
async fn window_opens_with_the_aurora_ui() {
    let app = AppUnderTest::launch(Launch::default()).await;
    let text = app
        .driver
        .wait_for_text("Everything you run on OVHcloud", Duration::from_secs(30))
        .await
        .unwrap();
    assert!(
        text.contains("Connect an OVHcloud account"),
        "unexpected window text: {text}"
    );
    assert_eq!(app.driver.title().await.unwrap(), "Aurora");
    let version = app
        .driver
        .wait_for("[data-testid=version]", Duration::from_secs(10))
        .await
        .unwrap();
    assert_eq!(
        app.driver.text(&version).await.unwrap(),
        format!("v{}", env!("CARGO_PKG_VERSION"))
    );
    app.screenshot("smoke").await;
}
