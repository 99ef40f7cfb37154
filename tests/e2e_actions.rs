//! Acting from the window on the demo (one app launch): names instead of ids
//! in the table and drawer, search by image name, stop an instance and watch
//! it reach SHUTOFF then start it again behind a modal confirmation, and the
//! kubeconfig saved to the chosen file with mode 0600, two instances picked in
//! the table rebooted together, and the calls in the recent API activity.

mod support;

use std::time::Duration;

use support::{with_stand_in_browser, AppUnderTest, Launch};

const WAIT: Duration = Duration::from_secs(60);

async fn wait_for_status(app: &AppUnderTest, status: &str) {
    app.driver
        .wait_for_element_text("[data-testid=action-status]", status, WAIT)
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", app.output()));
}

#[tokio::test(flavor = "multi_thread")]
async fn names_power_actions_and_kubeconfig_on_the_demo() {
    let out = tempfile::tempdir().unwrap();
    let kubeconfig = out.path().join("demo-cluster.yaml");
    let app = AppUnderTest::launch(Launch {
        args: vec!["--demo".into()],
        env: with_stand_in_browser(&[
            ("AURORA_SAVE_PATH", kubeconfig.to_string_lossy().into_owned()),
            // Polled twice a second, so the activity view's last 50 calls still reach back to the stop.
            ("AURORA_ACTION_POLL_MS", "500".to_owned()),
        ]),
    })
    .await;
    let ui = &app.driver;
    app.sign_in_to_the_demo().await;
    app.refresh_from_the_dashboard().await;
    ui.wait_for("[data-testid=resource-count]", WAIT)
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", app.output()));

    // The demo's simulator is deterministic: the same configuration here gives its data.
    let data = ovh_sim::Simulator::start(ovh_sim::SimConfig::demo())
        .await
        .unwrap()
        .dataset();
    let target = data
        .projects
        .iter()
        .flat_map(|p| &p.instances)
        .find(|i| i.status == "ACTIVE")
        .expect("the demo has an active instance")
        .clone();
    app.open_kind("Public Cloud instances").await;

    // The instances table names each flavor (with its size) and image.
    let flavor = format!("{} ({} vCPU", target.flavor.name, target.flavor.vcpus);
    let table = app.table_rows_containing(&target.name).await;
    let row = table
        .lines()
        .find(|l| l.contains(&target.name))
        .unwrap_or_else(|| panic!("no row for {}: {table}", target.name));
    assert!(
        row.contains(&flavor) && row.contains(&target.image.name),
        "the table shows names: {row}"
    );
    assert!(
        !row.contains(&target.flavor_id) && !row.contains(&target.image_id),
        "not ids: {row}"
    );

    // Searching an image name finds exactly the instances running it.
    let image = target.image.name.clone();
    let with_image = data
        .projects
        .iter()
        .flat_map(|p| &p.instances)
        .filter(|i| i.image.name == image)
        .count();
    let shown = app.search_table(&image, &image).await;
    assert_eq!(
        shown.lines().count(),
        with_image,
        "searching {image} shows its instances: {shown}"
    );
    assert!(
        !shown.contains(&target.image_id),
        "the table shows the image's name, not its id"
    );

    // Names in the drawer.
    app.search_table(&target.name, &target.name).await;
    ui.click(&ui.wait_for("[data-testid=dash-row]", WAIT).await.unwrap())
        .await
        .unwrap();
    let drawer = ui
        .wait_for_element_text("[data-testid=dash-drawer]", &flavor, WAIT)
        .await
        .unwrap();
    assert!(drawer.contains(&image), "the drawer names the image: {drawer}");
    app.screenshot("actions-drawer").await;

    // Stop: the confirmation names the instance and says a stopped instance is still billed.
    app.confirm_action(
        "action-stop",
        &[&target.name, "still billed", "Shelving"],
        Some("actions-confirm-stop"),
    )
    .await;
    wait_for_status(&app, "SHUTOFF").await;
    // The table shows it too: the store keeps the status the action saw.
    let rows = app.table_rows_containing("OVH status: SHUTOFF").await;
    assert!(
        rows.lines()
            .any(|l| l.contains(&target.name) && l.contains("OVH status: SHUTOFF")),
        "the table shows the stopped instance: {rows}"
    );
    app.confirm_action("action-start", &[&target.name], None).await;
    wait_for_status(&app, "ACTIVE").await;

    // Reboot two instances picked in the table, from the bar above it.
    ui.click(&ui.wait_for("[aria-label='Close the details']", WAIT).await.unwrap())
        .await
        .unwrap();
    app.open_kind("Public Cloud instances").await;
    app.table_rows_containing("OVH status: ACTIVE").await;
    let picked = ui
        .execute(
            "const rows = [...document.querySelectorAll('[data-testid=dash-row]')].filter(r => r.textContent.includes('OVH status: ACTIVE')).slice(0, 2);
             rows.forEach(r => r.querySelector('[data-testid=row-select]').click());
             return rows.map(r => r.dataset.resourceId);",
            vec![],
        )
        .await
        .unwrap();
    let picked: Vec<String> = serde_json::from_value(picked).unwrap();
    assert_eq!(picked.len(), 2, "two active instances are in sight");
    let names: Vec<String> = picked
        .iter()
        .map(|id| {
            data.projects
                .iter()
                .flat_map(|p| &p.instances)
                .find(|i| &i.id == id)
                .unwrap()
                .name
                .clone()
        })
        .collect();
    ui.wait_for_element_text("[data-testid=selection-actions]", "2 instances selected", WAIT)
        .await
        .unwrap();
    app.confirm_action(
        "action-softReboot",
        &[&names[0], &names[1]],
        Some("actions-confirm-reboot-two"),
    )
    .await;
    let statuses = app
        .script_text_until(
            "return [...document.querySelectorAll('[data-testid=selection-actions] [data-testid=action-status]')].map(s => s.textContent).join(',')",
            Duration::from_secs(30),
            |s| s == "ACTIVE,ACTIVE",
        )
        .await;
    assert_eq!(statuses, "ACTIVE,ACTIVE", "both reboots settle\n{}", app.output());
    app.screenshot("actions-reboot-two").await;

    // Kubeconfig: saved to the chosen file, readable by its owner only, with the simulator's content.
    let project = data.projects.iter().find(|p| !p.kube_clusters.is_empty()).unwrap();
    let cluster = &project.kube_clusters[0];
    app.open_kind("Managed Kubernetes clusters").await;
    app.search_table(&cluster.name, &cluster.name).await;
    ui.click(&ui.wait_for("[data-testid=dash-row]", WAIT).await.unwrap())
        .await
        .unwrap();
    ui.click(&ui.wait_for("[data-testid=download-kubeconfig]", WAIT).await.unwrap())
        .await
        .unwrap();
    let saved = ui
        .wait_for_element_text("[data-testid=kubeconfig-saved]", "kubectl --kubeconfig", WAIT)
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", app.output()));
    assert!(saved.contains(&kubeconfig.display().to_string()), "{saved}");
    let content = std::fs::read_to_string(&kubeconfig).unwrap();
    assert_eq!(
        content,
        ovh_sim::routes::actions::kubeconfig_yaml(project, &cluster.id, &cluster.name, &cluster.url)
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&kubeconfig).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    assert!(
        !app.output().contains("client-key-data"),
        "the kubeconfig is never logged"
    );
    app.screenshot("actions-kubeconfig").await;

    // The activity view lists the calls just made, newest first.
    ui.click_button("Access & IAM", WAIT).await.unwrap();
    ui.click(&ui.wait_for("[data-testid=load-activity]", WAIT).await.unwrap())
        .await
        .unwrap();
    let table = ui
        .wait_for_element_text("[data-testid=activity-table]", "/kubeconfig", WAIT)
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", app.output()));
    let stop = format!("/instance/{}/stop", target.id);
    let start = format!("/instance/{}/start", target.id);
    assert!(
        table.contains(&stop) && table.contains(&start) && table.contains("127.0.0.1"),
        "{table}"
    );
    for id in &picked {
        let reboot = format!("/instance/{id}/reboot");
        assert!(table.contains(&reboot), "each picked instance was rebooted: {table}");
    }
    // Newest first: the kubeconfig download, then the start, then the stop
    // (the access panel's own reads came after them all).
    let at = |needle: &str| table.find(needle).unwrap();
    assert!(
        at("/kubeconfig") < at(&start) && at(&start) < at(&stop),
        "newest first: {table}"
    );
    app.screenshot("actions-activity").await;
}
