//! The offline demo: Aurora starts its built-in simulator, signs in to it
//! through the browser and the deep link like a real account, and discovers
//! its resources.

mod support;

use std::time::Duration;

use support::{with_stand_in_browser, AppUnderTest, Launch};

const WAIT: Duration = Duration::from_secs(60);

/// Starts Aurora on its demo, signs in through the stand-in browser and
/// takes a first inventory from the dashboard.
async fn demo_with_an_inventory() -> AppUnderTest {
    let app = AppUnderTest::launch(Launch {
        args: vec!["--demo".into()],
        env: with_stand_in_browser(&[]),
    })
    .await;
    app.sign_in_to_the_demo().await;
    app.refresh_from_the_dashboard().await;
    app
}

#[tokio::test(flavor = "multi_thread")]
async fn the_offline_demo_signs_in_and_discovers_the_simulated_account() {
    let app = demo_with_an_inventory().await;
    let ui = &app.driver;
    let counter = ui
        .wait_for("[data-testid=resource-count]", WAIT)
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", app.output()));
    let text = ui.text(&counter).await.unwrap();
    let count: usize = text
        .trim_end_matches(" resources")
        .parse()
        .unwrap_or_else(|_| panic!("no resource count in: {text}"));
    assert!(count > 50, "the demo account should have many resources, found {count}");
    // The store keeps the history: a first inventory has no changes yet.
    ui.wait_for_text(
        "This is the first inventory: what changes shows here after the next refresh.",
        WAIT,
    )
    .await
    .unwrap_or_else(|e| panic!("{e}\n{}", app.output()));
    let nichandle = ovh_sim::Simulator::start(ovh_sim::SimConfig::demo())
        .await
        .unwrap()
        .dataset()
        .me
        .nichandle;
    ui.wait_for_text(&format!("{nichandle} (Offline demo)"), WAIT)
        .await
        .unwrap_or_else(|e| panic!("the connection is named after the demo: {e}"));
    // This month's cost per kind of usage, in the account's currency.
    let usage = ui
        .wait_for_element_text("[data-testid=dash-cost-per-usage]", "Instances", WAIT)
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", app.output()));
    assert!(usage.contains("Object storage") && usage.contains('€'), "{usage}");
    app.screenshot("demo-discovered").await;
}

/// The dashboard on the demo account: search across everything, open a
/// resource's details, and export the view to a file.
#[tokio::test(flavor = "multi_thread")]
async fn the_dashboard_searches_shows_details_and_exports() {
    let app = demo_with_an_inventory().await;
    let ui = &app.driver;
    ui.wait_for("[data-testid=resource-count]", WAIT).await.unwrap();
    app.screenshot("dashboard-overview").await;
    ui.execute(
        "[...document.querySelectorAll('.dash-nav-label')].find(e => e.textContent === 'Public Cloud instances').closest('button').click()",
        vec![],
    )
    .await
    .unwrap();

    // Search finds an instance by name and narrows the table to it.
    // The demo's simulator is deterministic: the same configuration here gives its data.
    let demo_data = ovh_sim::Simulator::start(ovh_sim::SimConfig::demo())
        .await
        .unwrap()
        .dataset();
    let name = demo_data.projects[1].instances[2].name.clone();
    let search = ui.wait_for("[data-testid=dash-search]", WAIT).await.unwrap();
    ui.type_into(&search, &name).await.unwrap();
    // The first hit opens in the drawer with OVH's raw JSON.
    let shown = app.table_rows_containing(&name).await;
    app.screenshot("dashboard-search").await;
    assert!(
        shown.contains(&name) && shown.lines().count() == 1,
        "the search should narrow the table to {name}: {shown}"
    );
    ui.click(&ui.wait_for("[data-testid=dash-row]", WAIT).await.unwrap())
        .await
        .unwrap();
    ui.wait_for_element_text("[data-testid=dash-raw-json]", &name, WAIT)
        .await
        .unwrap();
    // When the store first saw it and last saw it change.
    ui.wait_for_element_text("[data-testid=dash-drawer]", "First seen", WAIT)
        .await
        .unwrap();
    ui.wait_for_element_text("[data-testid=dash-drawer]", "Last changed", WAIT)
        .await
        .unwrap();
    app.screenshot("dashboard-drawer").await;

    // Export: the file lands in the Downloads folder, with the row in it.
    ui.click(&ui.wait_for("[data-testid=dash-export-csv]", WAIT).await.unwrap())
        .await
        .unwrap();
    let notice = ui.wait_for_text("Saved ", WAIT).await.unwrap();
    let saved = app
        .written_files()
        .into_iter()
        .find(|(path, _)| path.extension().is_some_and(|e| e == "csv"))
        .unwrap_or_else(|| panic!("no CSV was written; the window says: {notice}"));
    // The store wrote the view as the table showed it: the header, then the one row the search left.
    assert!(
        saved.1.contains(&name) && saved.1.lines().count() == 2,
        "the export should hold the row shown, and only it: {}",
        saved.1
    );
}

/// OVH's rate limit during a refresh: the refresh panel says the refresh is
/// waiting and goes on by itself, and it then ends with nothing failed.
#[tokio::test(flavor = "multi_thread")]
async fn a_rate_limited_refresh_says_it_waits_then_finishes() {
    let app = demo_with_an_inventory().await;
    let ui = &app.driver;
    ui.wait_for("[data-testid=resource-count]", WAIT).await.unwrap();
    let output = app.output();
    let sim = output
        .split("the OVH simulator listens on ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .map(|url| url.trim_end_matches('.').to_owned())
        .unwrap_or_else(|| panic!("the demo's simulator address is not in the log:\n{output}"));
    // The first Kubernetes list of the next refresh meets a 429 asking to wait 6 seconds.
    let fault = ovh_sim::FaultRule::too_many_requests("/cloud/project/*/kube", 6).times(1);
    let added = reqwest::Client::new()
        .post(format!("{sim}/_sim/faults"))
        .json(&fault)
        .send()
        .await
        .unwrap();
    assert!(added.status().is_success(), "{added:?}");

    ui.click_button("Refresh", WAIT).await.unwrap();
    let notice = ui
        .wait_for_element_text(".dash-refresh-paused", "goes on by itself", WAIT)
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", app.output()));
    assert!(
        notice.contains("OVH is limiting how fast Aurora may call the API"),
        "{notice}"
    );
    app.screenshot("refresh-paused-by-rate-limit").await;
    // A refresh that ends with nothing failed puts its panel away.
    let started = std::time::Instant::now();
    while ui.find(".dash-refresh").await.unwrap().is_some() {
        assert!(
            started.elapsed() < WAIT,
            "the refresh did not end after the pause:\n{}",
            ui.body_text().await.unwrap_or_default()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(
        ui.find("[data-testid=dash-failure-banner]").await.unwrap().is_none(),
        "no task failed:\n{}",
        ui.body_text().await.unwrap_or_default()
    );
}
