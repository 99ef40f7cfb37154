//! Every screen of the window meets WCAG 2.1 A and AA as axe-core judges it,
//! in the real webview on the offline demo: the welcome screen, both ways to
//! connect, the dashboard, a resource table, the details drawer, and
//! Settings and the dashboard in the dark theme.

mod support;

use std::time::Duration;

use support::accessibility::wcag_violations;
use support::{with_stand_in_browser, AppUnderTest, Launch};

const WAIT: Duration = Duration::from_secs(60);

#[tokio::test(flavor = "multi_thread")]
async fn every_screen_meets_wcag_2_1_aa() {
    let app = AppUnderTest::launch(Launch {
        args: vec!["--demo".into()],
        env: with_stand_in_browser(&[]),
    })
    .await;
    let ui = &app.driver;
    let mut report = Vec::new();
    let mut check = |screen: &str, found: Vec<String>| {
        report.extend(found.into_iter().map(|v| format!("{screen}: {v}")));
    };

    ui.wait_for_text("Offline demo", WAIT).await.unwrap();
    check("welcome", wcag_violations(ui).await);

    ui.click_button("Use API keys", WAIT).await.unwrap();
    ui.wait_for("form, [role=form], input", WAIT).await.unwrap();
    check("API keys wizard", wcag_violations(ui).await);
    ui.click_button("Back", WAIT).await.unwrap();

    ui.click_button("Sign in with OVH", WAIT).await.unwrap();
    ui.wait_for_text("Offline demo (built-in simulator)", WAIT)
        .await
        .unwrap();
    check("sign in", wcag_violations(ui).await);
    ui.click_button("Sign in with OVH", WAIT).await.unwrap();
    ui.wait_for_text("Connected to OVHcloud", WAIT)
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", app.output()));
    check("connected", wcag_violations(ui).await);

    ui.click_button("Open the dashboard", WAIT).await.unwrap();
    ui.click_button("Refresh", WAIT).await.unwrap();
    ui.wait_for("[data-testid=resource-count]", WAIT).await.unwrap();
    check("dashboard overview", wcag_violations(ui).await);

    ui.execute(
        "[...document.querySelectorAll('.dash-nav-label')].find(e => e.textContent === 'Public Cloud instances').closest('button').click()",
        vec![],
    )
    .await
    .unwrap();
    let first_row = ui.wait_for("[data-testid=dash-row]", WAIT).await.unwrap();
    ui.click(&ui.wait_for("[data-testid=row-select]", WAIT).await.unwrap())
        .await
        .unwrap();
    ui.wait_for("[data-testid=selection-actions]", WAIT).await.unwrap();
    check("instances table with a picked instance", wcag_violations(ui).await);
    ui.click(&first_row).await.unwrap();
    ui.wait_for("[role=dialog]", WAIT).await.unwrap();
    check("details drawer", wcag_violations(ui).await);
    ui.execute("document.querySelector('[role=dialog] button')?.click()", vec![])
        .await
        .unwrap();

    // Settings in both themes (axe-core checks the colour contrast of each).
    ui.click_button("Settings", WAIT).await.unwrap();
    ui.wait_for("[data-testid=theme-choice]", WAIT).await.unwrap();
    check("settings, light theme", wcag_violations(ui).await);
    let dark = ui
        .wait_for("[data-testid=theme-choice] input[value=dark]", WAIT)
        .await
        .unwrap();
    ui.click(&dark).await.unwrap();
    check("settings, dark theme", wcag_violations(ui).await);
    ui.click_button("Back", WAIT).await.unwrap();
    check("dashboard, dark theme", wcag_violations(ui).await);

    assert!(report.is_empty(), "WCAG 2.1 AA violations:\n{}", report.join("\n"));

    // The checker itself works in this webview: a button with no name is caught.
    ui.execute("document.body.appendChild(document.createElement('button'))", vec![])
        .await
        .unwrap();
    let found = wcag_violations(ui).await;
    assert!(
        found.iter().any(|v| v.starts_with("button-name")),
        "axe-core should catch an unnamed button: {found:?}"
    );
}
