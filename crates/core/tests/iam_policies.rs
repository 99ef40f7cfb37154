//! Least-privilege IAM policies against ovh-sim (which validates identities,
//! resource URNs and action names, and enforces policies on service
//! accounts): each capability set, the checks made before sending, callers
//! without IAM rights, v2 pagination, delete.

use std::sync::Arc;

use aurora_core::api::StaticAccessToken;
use aurora_core::discovery::{
    discover, ApiEngine, ApiOptions, CancelToken, DiscoveryOptions, Progress, ResourceKind, TaskResult,
};
use aurora_core::iam::{
    create_policy, delete_policy, get_policy, list_aurora_policies, preview_policy, Capability, PolicyBody, PolicyDraft,
};
use aurora_core::legacy::{request_consumer_key, AccessRule};
use aurora_core::oauth::{sign_in_with_client_credentials, OAuthClientConfig, DEFAULT_REDIRECT_URI};
use aurora_core::oauth_clients::{client_identity, create_service_account, CreatedClient};
use aurora_core::{ApiClient, ApiError, Auth, Endpoint, ErrorKind, HttpConfig, UserError};
use ovh_sim::{FaultRule, RunningSim, SimConfig, Simulator};
use serde_json::{json, Value};

const AK: &str = "7kbG7Bk7S9Nt7ZSV";
const AS: &str = "EXEgWIz07P0HYwtQDs7cNIqCiQaWSuHF";
const CK: &str = "MtSwSrPpNjqfVSmJhLbPyr2i45lSwPU1";
const POLICY_PATH: &str = "/v2/iam/policy";

const PERMISSION_LINE: &str = "Ensure your account has IAM policy creation permissions";
const PROJECT_LINE: &str = "Verify project ID is correct";
const REGION_LINE: &str = "Check that the region matches your endpoint (EU, US, CA)";

async fn sim_with(config: SimConfig) -> RunningSim {
    let sim = Simulator::start(
        config
            .seed(11)
            .projects(3)
            .per_type(2)
            .dedicated_servers(2)
            .credential(AK, AS, CK),
    )
    .await
    .expect("ovh-sim starts");
    sim.add_application(AK, AS);
    sim
}

async fn sim() -> RunningSim {
    sim_with(SimConfig::default()).await
}

fn endpoint(sim: &RunningSim) -> Endpoint {
    Endpoint::custom(&sim.api_url()).unwrap()
}

fn admin(sim: &RunningSim) -> ApiClient {
    ApiClient::new(endpoint(sim), Auth::signed(AK, AS, CK)).unwrap()
}

fn projects(sim: &RunningSim) -> Vec<String> {
    sim.dataset()
        .projects
        .iter()
        .map(|p| p.project.project_id.clone())
        .collect()
}

/// A service account and its identity URN.
async fn service_account(api: &ApiClient) -> (CreatedClient, String) {
    let client = create_service_account(api).await.unwrap();
    let identity = client_identity(api, &client.client_id).await.unwrap();
    (client, identity)
}

fn draft(identity: &str, projects: &[String], capabilities: &[Capability]) -> PolicyDraft {
    PolicyDraft {
        identity: identity.to_owned(),
        project_ids: projects.to_vec(),
        capabilities: capabilities.to_vec(),
        name: None,
    }
}

fn posts(sim: &RunningSim) -> u64 {
    sim.counters().path(POLICY_PATH)
}

fn assert_policy_error(e: &UserError, first_line: &str) {
    assert_eq!(
        (e.kind, e.message.as_str()),
        (ErrorKind::IamPolicyCreationFailed, "IAM policy creation error"),
        "{e:?}"
    );
    assert_eq!(e.solution[0], first_line, "{:?}", e.solution);
    assert!(e
        .solution
        .contains(&"Review OVH IAM documentation for policy format requirements".to_owned()));
}

#[tokio::test]
async fn each_capability_set_creates_exactly_the_policy_it_previews() {
    let sim = sim().await;
    let api = admin(&sim);
    let (_, identity) = service_account(&api).await;
    let project = vec![projects(&sim)[0].clone()];
    for capability in Capability::ALL {
        let draft = draft(&identity, &project, &[capability]);
        let preview: PolicyBody = preview_policy(&api, &draft).await.unwrap();
        // The account has dedicated servers, so every action of the set is used.
        assert_eq!(preview.permissions.allowed(), capability.actions());
        let created = create_policy(&api, &draft).await.unwrap();
        assert_eq!(
            created.permissions.allowed(),
            preview.permissions.allowed(),
            "{capability:?}"
        );
        assert_eq!(
            (&created.name, &created.identities, &created.resources),
            (&preview.name, &preview.identities, &preview.resources)
        );
        assert_eq!(created.description.as_deref(), Some(preview.description.as_str()));
        assert!(!created.id.is_empty() && created.is_aurora());
        assert_eq!(get_policy(&api, &created.id).await.unwrap(), created);
    }
    let nic = sim.dataset().me.nichandle;
    let read = preview_policy(&api, &draft(&identity, &project, &[Capability::ReadOnlyInventory]))
        .await
        .unwrap();
    let urns: Vec<&str> = read.resources.iter().map(|r| r.urn.as_str()).collect();
    assert!(urns.contains(&format!("urn:v1:eu:resource:publicCloudProject:{}", project[0]).as_str()));
    assert!(urns.contains(&format!("urn:v1:eu:resource:account:{nic}").as_str()));
    for server in sim.dataset().dedicated_servers {
        assert!(
            urns.contains(&server.iam.urn.as_str()),
            "{} is not in {urns:?}",
            server.iam.urn
        );
    }
    assert_eq!(list_aurora_policies(&api).await.unwrap().len(), Capability::ALL.len());
}

#[tokio::test]
async fn a_read_only_policy_lets_the_service_account_discover_only_its_projects() {
    let sim = sim().await;
    let api = admin(&sim);
    let (client, identity) = service_account(&api).await;
    let all = projects(&sim);
    let granted = vec![all[0].clone(), all[1].clone()];
    create_policy(&api, &draft(&identity, &granted, &[Capability::ReadOnlyInventory]))
        .await
        .unwrap();

    let config = OAuthClientConfig::new(
        client.client_id.clone(),
        client.client_secret.clone(),
        DEFAULT_REDIRECT_URI,
    )
    .unwrap();
    let tokens = sign_in_with_client_credentials(&endpoint(&sim), &config, &HttpConfig::default())
        .await
        .unwrap();
    let service = ApiClient::new(
        endpoint(&sim),
        Auth::bearer(StaticAccessToken(tokens.access_token.clone())),
    )
    .unwrap();
    let _: Value = service.get("/me").await.unwrap();
    let _: Value = service
        .get(&format!("/cloud/project/{}/instance", granted[0]))
        .await
        .unwrap();
    let server = &sim.dataset().dedicated_servers[0].name;
    let _: Value = service.get(&format!("/dedicated/server/{server}")).await.unwrap();
    let denied = service
        .get::<Value>(&format!("/cloud/project/{}/instance", all[2]))
        .await
        .unwrap_err();
    assert!(
        matches!(&denied, ApiError::IamDenied { action, .. } if action == "publicCloudProject:apiovh:instance/get"),
        "{denied:?}"
    );

    let run = || async {
        let auth = Auth::bearer(StaticAccessToken(tokens.access_token.clone()));
        let engine = ApiEngine::new(endpoint(&sim), auth, ApiOptions::default()).unwrap();
        discover(
            Arc::new(engine),
            "service",
            &DiscoveryOptions::default(),
            &Progress::none(),
            &CancelToken::new(),
        )
        .await
    };
    let inventory = run().await;
    for outcome in inventory.tasks.iter().filter(|t| t.task.project_id.is_some()) {
        let in_granted = outcome.task.project_id.as_ref().is_some_and(|p| granted.contains(p));
        assert_eq!(
            matches!(outcome.result, TaskResult::Failed { .. }),
            !in_granted,
            "{outcome:?}"
        );
    }
    assert_eq!(inventory.of_kind(ResourceKind::DedicatedServer).count(), 2);

    // A second policy for the last project: now discovery sees everything.
    create_policy(&api, &draft(&identity, &all[2..], &[Capability::ReadOnlyInventory]))
        .await
        .unwrap();
    let inventory = run().await;
    assert!(
        inventory.is_complete(),
        "{:?}",
        inventory.failed_tasks().collect::<Vec<_>>()
    );
    assert_eq!(inventory.of_kind(ResourceKind::Project).count(), 3);
    // Registry plans need publicCloudProject:apiovh:containerRegistry/plan/get,
    // which the facts' read list and the simulator's catalogue lack: the
    // only gap, reported as a warning rather than a failure.
    for outcome in &inventory.tasks {
        if let TaskResult::Ok { warning: Some(w), .. } = &outcome.result {
            assert_eq!(outcome.task.kind, ResourceKind::ContainerRegistry, "{outcome:?}");
            assert!(w.message.contains("containerRegistry/plan/get"), "{}", w.message);
        }
    }
}

#[tokio::test]
async fn an_identity_of_another_region_is_refused_before_sending() {
    let sim = sim().await;
    let api = admin(&sim);
    let (_, identity) = service_account(&api).await;
    let canada = identity.replacen(":eu:", ":ca:", 1);
    let e = create_policy(&api, &draft(&canada, &projects(&sim)[..1], &[Capability::Instances]))
        .await
        .unwrap_err();
    assert_policy_error(&e, REGION_LINE);
    assert!(e.solution.last().unwrap().contains("OVH Canada"), "{:?}", e.solution);
    assert_eq!(posts(&sim), 0);
}

#[tokio::test]
async fn an_unknown_project_or_an_empty_selection_is_refused_before_sending() {
    let sim = sim().await;
    let api = admin(&sim);
    let (_, identity) = service_account(&api).await;
    let wrong = vec!["0123456789abcdef0123456789abcdef".to_owned()];
    let e = create_policy(&api, &draft(&identity, &wrong, &[Capability::StorageVolumes]))
        .await
        .unwrap_err();
    assert_policy_error(&e, PROJECT_LINE);
    assert!(e.solution.last().unwrap().contains(&wrong[0]));

    let e = create_policy(&api, &draft(&identity, &[], &[Capability::StorageVolumes]))
        .await
        .unwrap_err();
    assert_policy_error(&e, PROJECT_LINE);
    let e = preview_policy(&api, &draft(&identity, &projects(&sim), &[]))
        .await
        .unwrap_err();
    assert!(
        e.solution.last().unwrap().contains("No capability is selected"),
        "{:?}",
        e.solution
    );
    assert_eq!(posts(&sim), 0);
}

#[tokio::test]
async fn keys_without_the_right_to_create_policies_get_the_permission_line_first() {
    let sim = sim().await;
    let (_, identity) = service_account(&admin(&sim)).await;
    let rules = [
        AccessRule::get("/me"),
        AccessRule::get("/cloud/project"),
        AccessRule::get("/dedicated/server"),
        AccessRule::get("/v2/iam/policy"),
    ];
    let request = request_consumer_key(&endpoint(&sim), AK, &rules, None).await.unwrap();
    sim.validate_consumer_key(request.consumer_key.expose(), None).unwrap();
    let limited = ApiClient::new(endpoint(&sim), Auth::signed(AK, AS, request.consumer_key.clone())).unwrap();

    let e = create_policy(
        &limited,
        &draft(&identity, &projects(&sim)[..1], &[Capability::ReadOnlyInventory]),
    )
    .await
    .unwrap_err();
    assert_policy_error(&e, PERMISSION_LINE);
    assert!(
        e.solution.iter().any(|l| l.contains("POST /v2/iam/policy")),
        "{:?}",
        e.solution
    );
    let shown = format!("{e:?} {}", serde_json::to_string(&e).unwrap());
    assert!(!shown.contains(request.consumer_key.expose()) && !shown.contains(AS));
    assert!(
        list_aurora_policies(&limited).await.unwrap().is_empty(),
        "reading is still allowed"
    );
}

#[tokio::test]
async fn an_iam_denial_gets_the_permission_line_first_and_names_the_action() {
    let sim = sim().await;
    let api = admin(&sim);
    let (_, identity) = service_account(&api).await;
    sim.add_fault(FaultRule::iam_denied(POLICY_PATH, "iam:apiovh:policy/create").method("POST"));
    let e = create_policy(&api, &draft(&identity, &projects(&sim)[..1], &[Capability::Networking]))
        .await
        .unwrap_err();
    assert_policy_error(&e, PERMISSION_LINE);
    assert!(
        e.solution.iter().any(|l| l.contains("iam:apiovh:policy/create")),
        "{:?}",
        e.solution
    );
}

#[tokio::test]
async fn a_policy_ovh_refuses_keeps_ovhs_reason() {
    let sim = sim().await;
    let api = admin(&sim);
    sim.add_fault(FaultRule::status(POLICY_PATH, 400).method("POST"));
    let (_, identity) = service_account(&api).await;
    let e = create_policy(
        &api,
        &draft(&identity, &projects(&sim)[..1], &[Capability::KubernetesClusters]),
    )
    .await
    .unwrap_err();
    assert_eq!(e.kind, ErrorKind::IamPolicyCreationFailed);
    assert!(
        e.solution
            .iter()
            .any(|l| l.starts_with("OVH refused the policy") && !l.contains("..")),
        "{:?}",
        e.solution
    );
}

#[tokio::test]
async fn listing_follows_every_v2_page_and_keeps_only_aurora_policies() {
    let sim = sim_with(SimConfig::default().page_size(2)).await;
    let api = admin(&sim);
    let (_, identity) = service_account(&api).await;
    let project = projects(&sim)[..1].to_vec();
    let mut created = Vec::new();
    for i in 0..5 {
        let named = PolicyDraft {
            name: Some(format!("batch-{i}")),
            ..draft(&identity, &project, &[Capability::ReadOnlyInventory])
        };
        created.push(create_policy(&api, &named).await.unwrap().id);
    }
    let foreign = json!({"name": "ops-manual", "description": "", "identities": [identity],
        "resources": [{"urn": format!("urn:v1:eu:resource:publicCloudProject:{}", project[0])}],
        "permissions": {"allow": [{"action": "publicCloudProject:apiovh:get"}]}});
    let _: Value = api.post(POLICY_PATH, &foreign).await.unwrap();

    sim.reset_counters();
    let listed = list_aurora_policies(&api).await.unwrap();
    assert_eq!(sim.counters().path(POLICY_PATH), 3, "six policies on pages of two");
    let mut ids: Vec<String> = listed.iter().map(|p| p.id.clone()).collect();
    ids.sort();
    created.sort();
    assert_eq!(ids, created);
    assert!(listed.iter().all(|p| p.name.starts_with("aurora-batch-")));

    for id in &created {
        delete_policy(&api, id).await.unwrap();
    }
    assert!(list_aurora_policies(&api).await.unwrap().is_empty());
    let e = delete_policy(&api, &created[0]).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotFound);
    let e = get_policy(&api, &created[0]).await.unwrap_err();
    assert!(e.message.contains("may have been deleted"), "{}", e.message);
}

#[tokio::test]
async fn a_custom_endpoint_uses_the_urn_region_its_resources_carry() {
    let sim = sim_with(SimConfig::default().urn_region("ca")).await;
    let api = admin(&sim);
    let (_, identity) = service_account(&api).await;
    assert!(identity.starts_with("urn:v1:ca:identity:"), "{identity}");
    let project = projects(&sim)[..1].to_vec();
    let created = create_policy(&api, &draft(&identity, &project, &[Capability::ReadOnlyInventory]))
        .await
        .unwrap();
    assert!(
        created
            .resources
            .iter()
            .all(|r| r.urn.starts_with("urn:v1:ca:resource:")),
        "{:?}",
        created.resources
    );

    let europe = identity.replacen(":ca:", ":eu:", 1);
    let e = create_policy(&api, &draft(&europe, &project, &[Capability::Instances]))
        .await
        .unwrap_err();
    assert_policy_error(&e, REGION_LINE);
}
