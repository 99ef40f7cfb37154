//! Issue 18 point 2: identifiers that come back from the API (or a caller)
//! can never make Aurora call a path outside the collection they belong to.
//! The simulator serves projects, dedicated servers, regions and registries
//! whose ids are `..`, `%2e%2E`, `a?b` and `../../me`; its request counters
//! must show no path outside the expected collections.

use std::sync::Arc;

use aurora_core::api::StaticAccessToken;
use aurora_core::discovery::{
    discover, ApiEngine, ApiOptions, CancelToken, DiscoveryOptions, Inventory, Progress, TaskResult,
};
use aurora_core::{ApiClient, Auth, Endpoint, SecretString};
use ovh_sim::{Dataset, ListAggregation, RunningSim, SimConfig, Simulator};

const TOKEN: &str = "hostile-ids-token-5d1e";
const HOSTILE: [&str; 4] = ["..", "%2e%2E", "a?b", "../../me"];

fn config() -> SimConfig {
    SimConfig::default()
        .seed(11)
        .projects(1 + HOSTILE.len())
        .per_type(2)
        .dedicated_servers(1 + HOSTILE.len())
        .bearer_token(TOKEN)
}

/// The generated account with every id but the first project's and the
/// first server's replaced by a hostile one; in the first project, a region
/// and a registry get hostile ids too. Returns the safe project and server.
async fn hostile_dataset() -> (Dataset, String, String) {
    let mut data = Simulator::start(config()).await.unwrap().dataset();
    for (project, id) in data.projects.iter_mut().skip(1).zip(HOSTILE) {
        project.project.project_id = id.to_owned();
    }
    for (server, id) in data.dedicated_servers.iter_mut().skip(1).zip(HOSTILE) {
        server.name = id.to_owned();
    }
    let good = &mut data.projects[0];
    for (region, id) in good.regions.iter_mut().zip(HOSTILE) {
        for registry in good.container_registries.iter_mut().filter(|r| r.region == region.name) {
            registry.region = id.to_owned();
        }
        region.name = id.to_owned();
    }
    for (registry, id) in good.container_registries.iter_mut().zip(HOSTILE.iter().rev()) {
        registry.id = (*id).to_owned();
    }
    let (project, server) = (good.project.project_id.clone(), data.dedicated_servers[0].name.clone());
    (data, project, server)
}

async fn discover_on(sim: &RunningSim) -> Inventory {
    let auth = Auth::bearer(StaticAccessToken(SecretString::new(TOKEN)));
    let engine = ApiEngine::new(Endpoint::custom(&sim.api_url()).unwrap(), auth, ApiOptions::default()).unwrap();
    let source: Arc<dyn aurora_core::discovery::Source> = Arc::new(engine);
    let options = DiscoveryOptions::for_engine(source.engine());
    discover(source, "c-hostile", &options, &Progress::none(), &CancelToken::new()).await
}

/// Every path the simulator saw is the project or server collection, or
/// lies under the safe project or server; none carries a hostile id in any form.
fn assert_no_path_left_its_collection(sim: &RunningSim, project: &str, server: &str) {
    let counters = sim.counters();
    assert!(!counters.by_path.is_empty());
    for path in counters.by_path.keys() {
        let inside = path == "/1.0/cloud/project"
            || path == "/1.0/dedicated/server"
            || path == &format!("/1.0/cloud/project/{project}")
            || path.starts_with(&format!("/1.0/cloud/project/{project}/"))
            || path == &format!("/1.0/dedicated/server/{server}");
        assert!(
            inside,
            "a request left its collection: {path}\nall: {:#?}",
            counters.by_path
        );
        let lower = path.to_ascii_lowercase();
        for trace in ["..", "%2e", "%3f", "%2f", "%25", "/me"] {
            assert!(!lower.contains(trace), "{path} carries a hostile id ({trace})");
        }
    }
    // A region named `..` would have turned `{project}/region/../storage` into
    // `{project}/storage`: the Swift listing must have been asked exactly once.
    assert_eq!(
        counters.by_path.get(&format!("/1.0/cloud/project/{project}/storage")),
        Some(&1),
        "{:#?}",
        counters.by_path
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_ids_from_the_api_never_leave_their_collection() {
    let (data, project, server) = hostile_dataset().await;
    for aggregation in [ListAggregation::Served, ListAggregation::Ignored] {
        let sim = Simulator::start(config().dataset(data.clone()).list_aggregation(aggregation))
            .await
            .unwrap();
        let inventory = discover_on(&sim).await;
        assert_no_path_left_its_collection(&sim, &project, &server);

        // The safe project and server are still listed in full.
        assert!(inventory.resources.iter().any(|r| r.id == project), "{aggregation:?}");
        assert!(inventory.resources.iter().any(|r| r.id == server), "{aggregation:?}");
        let good = data.project(&project).unwrap();
        for instance in &good.instances {
            assert!(inventory.resources.iter().any(|r| r.id == instance.id));
        }
        // Listed as objects, a hostile project's tasks are refused with a message.
        let refused: Vec<&str> = inventory
            .tasks
            .iter()
            .filter_map(|t| match &t.result {
                TaskResult::Failed { error } if error.message.contains("cannot be put into an API address") => {
                    Some(error.message.as_str())
                }
                _ => None,
            })
            .collect();
        if aggregation == ListAggregation::Served {
            assert!(
                !refused.is_empty(),
                "hostile projects' tasks should fail with a clear message"
            );
        }
        for message in refused {
            assert!(message.contains("Aurora did not send that request") && !message.contains(TOKEN));
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleting_or_reading_by_a_hostile_id_sends_nothing() {
    let sim = Simulator::start(config()).await.unwrap();
    let auth = Auth::bearer(StaticAccessToken(SecretString::new(TOKEN)));
    let api = ApiClient::new(Endpoint::custom(&sim.api_url()).unwrap(), auth).unwrap();
    for id in HOSTILE.iter().chain(&["", ".", "%252e%252e", "a#b", "a%2Fb"]) {
        let e = aurora_core::oauth_clients::delete_client(&api, id).await.unwrap_err();
        assert!(
            e.message.contains("cannot be put into an API address"),
            "{id}: {}",
            e.message
        );
        aurora_core::oauth_clients::get_client(&api, id).await.unwrap_err();
        aurora_core::iam::delete_policy(&api, id).await.unwrap_err();
        aurora_core::iam::get_policy(&api, id).await.unwrap_err();
    }
    assert_eq!(sim.counters().total, 0, "{:#?}", sim.counters().by_path);
    // A raw path with a dot segment is refused by the client itself.
    let e = api
        .delete::<serde_json::Value>("/me/api/oauth2/client/..")
        .await
        .unwrap_err();
    assert!(e.to_string().contains(". or .. segment"), "{e}");
    assert_eq!(sim.counters().total, 0);
}
