//! From what the person picked to the exact body of `POST /v2/iam/policy`,
//! checked before anything is sent.

use serde::{Deserialize, Serialize};

use super::capability::{Capability, ACCOUNT_READ, DEDICATED_SERVER_READ, OWN_API_LOGS_READ};
use super::error::{policy_error, PolicyProblem};
use super::policy::{ActionRef, Permissions, PolicyBody, ResourceRef, POLICY_NAME_PREFIX};
use super::urn;
use crate::user_error::UserError;

/// What the person chose in the UI.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PolicyDraft {
    /// The OAuth2 client's identity URN (see `oauth_clients::client_identity`).
    pub identity: String,
    pub project_ids: Vec<String>,
    pub capabilities: Vec<Capability>,
    /// Defaults to `aurora-<client id>-<capabilities>`; `aurora-` is added
    /// when missing, so Aurora can list the policy later.
    #[serde(default)]
    pub name: Option<String>,
}

/// What the account has, as read from the API the policy goes to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountScope {
    /// The URN region segment of the endpoint's resources (`eu`, `ca`, `us`):
    /// the only one accepted. See [`super::policies::load_scope`].
    pub urn_segment: String,
    pub nichandle: String,
    /// `GET /cloud/project`.
    pub project_ids: Vec<String>,
    /// `GET /dedicated/server` service names (read only for the inventory set).
    pub dedicated_servers: Vec<String>,
}

const MAX_NAME_LEN: usize = 100;

/// The policy body for `draft`, or the reason it cannot be created.
///
/// Resources are the chosen projects; the read-only inventory set adds each
/// dedicated server (`dedicatedServer:apiovh:get`) and the account itself
/// (`account:apiovh:me/get`), the resources those actions apply to.
pub fn build_policy(draft: &PolicyDraft, scope: &AccountScope) -> Result<PolicyBody, UserError> {
    let segment = scope.urn_segment.as_str();
    let identity = draft.identity.trim();
    check_identity(identity, segment, &scope.nichandle)?;
    let capabilities = chosen(&draft.capabilities)?;
    let projects = chosen_projects(&draft.project_ids, &scope.project_ids)?;

    let mut actions: Vec<&str> = Vec::new();
    for capability in &capabilities {
        for action in capability.project_actions() {
            if !actions.contains(action) {
                actions.push(action);
            }
        }
    }
    let mut resources: Vec<ResourceRef> = projects
        .iter()
        .map(|p| ResourceRef {
            urn: urn::project_urn(segment, p),
        })
        .collect();
    if capabilities.contains(&Capability::ReadOnlyInventory) {
        if !scope.dedicated_servers.is_empty() {
            actions.push(DEDICATED_SERVER_READ);
            resources.extend(scope.dedicated_servers.iter().map(|s| ResourceRef {
                urn: urn::dedicated_server_urn(segment, s),
            }));
        }
        actions.extend([ACCOUNT_READ, OWN_API_LOGS_READ]);
        resources.push(ResourceRef {
            urn: urn::account_urn(segment, &scope.nichandle),
        });
    }

    Ok(PolicyBody {
        name: policy_name(draft.name.as_deref(), identity, &capabilities)?,
        description: description(&capabilities, projects.len()),
        identities: vec![identity.to_owned()],
        resources,
        permissions: Permissions {
            allow: actions
                .into_iter()
                .map(|a| ActionRef { action: a.to_owned() })
                .collect(),
            ..Permissions::default()
        },
    })
}

fn check_identity(identity: &str, segment: &str, nichandle: &str) -> Result<(), UserError> {
    let parsed = urn::parse(identity).filter(|p| p.kind == "identity").ok_or_else(|| {
        policy_error(
            PolicyProblem::Format,
            format!("\"{identity}\" is not an OVH identity URN. Choose one of Aurora's OAuth2 clients, whose identity looks like urn:v1:{segment}:identity:credential:<nichandle>/oauth2-<clientId>."),
        )
    })?;
    if parsed.segment != segment {
        return Err(policy_error(
            PolicyProblem::RegionMismatch,
            format!(
                "The identity belongs to OVH {} (urn:v1:{}:...) but this connection's endpoint is OVH {} (urn:v1:{segment}:...). Use a connection to the identity's region, or an OAuth2 client created in this one.",
                urn::segment_label(parsed.segment),
                parsed.segment,
                urn::segment_label(segment),
            ),
        ));
    }
    // Credentials are `<nichandle>/oauth2-<clientId>`: another account's
    // client cannot be governed from this one.
    if let Some((owner, _)) = parsed.id.split_once('/') {
        if !owner.eq_ignore_ascii_case(nichandle) {
            return Err(policy_error(
                PolicyProblem::Format,
                format!("The identity belongs to the account {owner}, not to {nichandle}. Choose one of this account's OAuth2 clients."),
            ));
        }
    }
    Ok(())
}

/// The chosen capabilities in [`Capability::ALL`] order, without repeats.
fn chosen(capabilities: &[Capability]) -> Result<Vec<Capability>, UserError> {
    let chosen: Vec<Capability> = Capability::ALL
        .into_iter()
        .filter(|c| capabilities.contains(c))
        .collect();
    if chosen.is_empty() {
        return Err(policy_error(
            PolicyProblem::Format,
            "No capability is selected. Choose at least one, such as Read-only inventory.",
        ));
    }
    Ok(chosen)
}

fn chosen_projects(wanted: &[String], known: &[String]) -> Result<Vec<String>, UserError> {
    let mut projects: Vec<String> = Vec::new();
    for id in wanted.iter().map(|p| p.trim()) {
        if !known.iter().any(|k| k == id) {
            return Err(policy_error(
                PolicyProblem::UnknownProject,
                format!("\"{id}\" is not one of this account's Public Cloud projects. Choose the projects from the list Aurora shows, then try again."),
            ));
        }
        if !projects.iter().any(|p| p == id) {
            projects.push(id.to_owned());
        }
    }
    if projects.is_empty() {
        return Err(policy_error(
            PolicyProblem::UnknownProject,
            "No project is selected. Choose at least one Public Cloud project.",
        ));
    }
    Ok(projects)
}

fn policy_name(custom: Option<&str>, identity: &str, capabilities: &[Capability]) -> Result<String, UserError> {
    let name = match custom.map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) if n.starts_with(POLICY_NAME_PREFIX) => n.to_owned(),
        Some(n) => format!("{POLICY_NAME_PREFIX}{n}"),
        None => {
            let client = identity.rsplit_once("oauth2-").map_or("client", |(_, id)| id);
            let slugs: Vec<&str> = capabilities.iter().map(|c| c.slug()).collect();
            format!("{POLICY_NAME_PREFIX}{client}-{}", slugs.join("-"))
        }
    };
    let valid = name.len() <= MAX_NAME_LEN
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !valid {
        return Err(policy_error(
            PolicyProblem::Format,
            format!("The policy name \"{name}\" cannot be used. Use letters, digits, '-' and '_' only, at most {MAX_NAME_LEN} characters."),
        ));
    }
    Ok(name)
}

fn description(capabilities: &[Capability], projects: usize) -> String {
    let labels: Vec<&str> = capabilities.iter().map(|c| c.label()).collect();
    let plural = if projects == 1 { "" } else { "s" };
    format!(
        "Created by Aurora: {} on {projects} Public Cloud project{plural}.",
        labels.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::user_error::ErrorKind;

    const ID: &str = "urn:v1:eu:identity:credential:ab1-ovh/oauth2-c0ffee";

    fn scope() -> AccountScope {
        AccountScope {
            urn_segment: "eu".into(),
            nichandle: "ab1-ovh".into(),
            project_ids: vec!["p1".into(), "p2".into()],
            dedicated_servers: vec!["ns1.ip-1-2-3.eu".into()],
        }
    }

    fn draft(projects: &[&str], capabilities: &[Capability]) -> PolicyDraft {
        PolicyDraft {
            identity: ID.into(),
            project_ids: projects.iter().map(|p| p.to_string()).collect(),
            capabilities: capabilities.to_vec(),
            name: None,
        }
    }

    #[test]
    fn read_only_inventory_covers_projects_servers_and_account() {
        let body = build_policy(&draft(&["p1"], &[Capability::ReadOnlyInventory]), &scope()).unwrap();
        let json = serde_json::to_value(&body).unwrap();
        assert_eq!(json["name"], "aurora-c0ffee-read");
        assert_eq!(json["identities"], serde_json::json!([ID]));
        assert_eq!(
            json["resources"],
            serde_json::json!([
                {"urn": "urn:v1:eu:resource:publicCloudProject:p1"},
                {"urn": "urn:v1:eu:resource:dedicatedServer:ns1.ip-1-2-3.eu"},
                {"urn": "urn:v1:eu:resource:account:ab1-ovh"}
            ])
        );
        assert_eq!(body.permissions.allowed(), Capability::ReadOnlyInventory.actions());
        assert_eq!(json["permissions"].as_object().unwrap().len(), 1, "only allow is sent");
        assert_eq!(json.as_object().unwrap().len(), 5);
    }

    #[test]
    fn write_families_touch_only_projects_and_merge_without_repeats() {
        let body = build_policy(
            &draft(
                &["p2", "p1", "p2"],
                &[
                    Capability::KubernetesClusters,
                    Capability::Instances,
                    Capability::Instances,
                ],
            ),
            &scope(),
        )
        .unwrap();
        assert_eq!(body.resources.len(), 2);
        assert_eq!(body.resources[0].urn, "urn:v1:eu:resource:publicCloudProject:p2");
        let actions = body.permissions.allowed();
        assert_eq!(actions.len(), 8);
        assert_eq!(actions[0], "publicCloudProject:apiovh:instance/get");
        assert_eq!(actions[7], "publicCloudProject:apiovh:kube/*");
        assert_eq!(body.name, "aurora-c0ffee-instances-kube");
        assert_eq!(
            body.description,
            "Created by Aurora: Instances (VMs), Kubernetes clusters on 2 Public Cloud projects."
        );

        let read_and_instances = build_policy(
            &draft(&["p1"], &[Capability::ReadOnlyInventory, Capability::Instances]),
            &scope(),
        )
        .unwrap();
        let actions = read_and_instances.permissions.allowed();
        assert_eq!(
            actions
                .iter()
                .filter(|a| **a == "publicCloudProject:apiovh:instance/get")
                .count(),
            1
        );
    }

    #[test]
    fn no_dedicated_servers_means_no_server_action() {
        let scope = AccountScope {
            dedicated_servers: vec![],
            ..scope()
        };
        let body = build_policy(&draft(&["p1"], &[Capability::ReadOnlyInventory]), &scope).unwrap();
        assert!(!body.permissions.allowed().contains(&DEDICATED_SERVER_READ));
        assert_eq!(body.resources.len(), 2);
    }

    #[test]
    fn what_cannot_be_sent_is_explained() {
        let e = build_policy(&draft(&["p1"], &[]), &scope()).unwrap_err();
        assert_eq!(
            (e.kind, e.message.as_str()),
            (ErrorKind::IamPolicyCreationFailed, "IAM policy creation error")
        );
        assert!(e.solution.last().unwrap().contains("No capability is selected"));

        let e = build_policy(&draft(&[], &[Capability::Instances]), &scope()).unwrap_err();
        assert_eq!(e.solution[0], "Verify project ID is correct");

        let e = build_policy(&draft(&["p1", "nope"], &[Capability::Instances]), &scope()).unwrap_err();
        assert_eq!(e.solution[0], "Verify project ID is correct");
        assert!(e.solution.last().unwrap().contains("\"nope\""));

        let ca = PolicyDraft {
            identity: ID.replace(":eu:", ":ca:"),
            ..draft(&["p1"], &[Capability::Instances])
        };
        let e = build_policy(&ca, &scope()).unwrap_err();
        assert_eq!(
            e.solution[0],
            "Check that the region matches your endpoint (EU, US, CA)"
        );
        assert!(e.solution.last().unwrap().contains("OVH Canada"), "{:?}", e.solution);

        let foreign = PolicyDraft {
            identity: ID.replace("ab1-ovh", "zz9-ovh"),
            ..draft(&["p1"], &[Capability::Instances])
        };
        let e = build_policy(&foreign, &scope()).unwrap_err();
        assert!(e.solution.last().unwrap().contains("zz9-ovh"), "{:?}", e.solution);

        let garbage = PolicyDraft {
            identity: "oauth2-c0ffee".into(),
            ..draft(&["p1"], &[Capability::Instances])
        };
        assert_eq!(
            build_policy(&garbage, &scope()).unwrap_err().solution[0],
            "Review OVH IAM documentation for policy format requirements"
        );
    }

    #[test]
    fn custom_names_keep_the_aurora_prefix() {
        let named = |n: &str| {
            build_policy(
                &PolicyDraft {
                    name: Some(n.into()),
                    ..draft(&["p1"], &[Capability::Instances])
                },
                &scope(),
            )
        };
        assert_eq!(named("ops").unwrap().name, "aurora-ops");
        assert_eq!(named("aurora-ops").unwrap().name, "aurora-ops");
        assert!(named("bad name!").is_err());
        assert!(named(&"x".repeat(200)).is_err());
    }
}
