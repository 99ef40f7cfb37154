//! IAM v2: `/v2/iam/resource`, `/v2/iam/policy` and `/v2/iam/reference/action`.

use serde_json::{json, Value};

use super::{json_body, pagination, Ctx, RouteResult};
use crate::auth::oauth::random_token;
use crate::clock::rfc3339;
use crate::data::Dataset;
use crate::errors::ApiError;
use crate::reply::ok;

/// Actions the simulator knows, per resource type.
pub const ACTIONS: &[(&str, &[&str])] = &[
    (
        "publicCloudProject",
        &[
            "publicCloudProject:apiovh:get",
            "publicCloudProject:apiovh:edit",
            "publicCloudProject:apiovh:instance/get",
            "publicCloudProject:apiovh:instance/create",
            "publicCloudProject:apiovh:instance/edit",
            "publicCloudProject:apiovh:instance/delete",
            "publicCloudProject:apiovh:instance/start",
            "publicCloudProject:apiovh:instance/stop",
            "publicCloudProject:apiovh:instance/reboot",
            "publicCloudProject:apiovh:instance/shelve",
            "publicCloudProject:apiovh:instance/unshelve",
            "publicCloudProject:apiovh:flavor/get",
            "publicCloudProject:apiovh:image/get",
            "publicCloudProject:apiovh:kube/get",
            "publicCloudProject:apiovh:kube/kubeconfig/create",
            "publicCloudProject:apiovh:kube/kubeconfig/reset",
            "publicCloudProject:apiovh:kube/create",
            "publicCloudProject:apiovh:kube/edit",
            "publicCloudProject:apiovh:kube/delete",
            "publicCloudProject:apiovh:network/private/get",
            "publicCloudProject:apiovh:network/private/create",
            "publicCloudProject:apiovh:network/private/edit",
            "publicCloudProject:apiovh:network/private/delete",
            "publicCloudProject:apiovh:volume/get",
            "publicCloudProject:apiovh:volume/create",
            "publicCloudProject:apiovh:volume/edit",
            "publicCloudProject:apiovh:volume/delete",
            "publicCloudProject:apiovh:database/service/get",
            "publicCloudProject:apiovh:containerRegistry/get",
            "publicCloudProject:apiovh:region/get",
            "publicCloudProject:apiovh:region/loadbalancing/loadbalancer/get",
            "publicCloudProject:apiovh:region/loadbalancing/flavor/get",
            "publicCloudProject:apiovh:loadbalancer/get",
            "publicCloudProject:apiovh:storage/get",
            "publicCloudProject:apiovh:region/storage/get",
            "publicCloudProject:apiovh:usage/current/get",
        ],
    ),
    (
        "dedicatedServer",
        &[
            "dedicatedServer:apiovh:get",
            "dedicatedServer:apiovh:edit",
            "dedicatedServer:apiovh:reboot",
        ],
    ),
    (
        "account",
        &[
            "account:apiovh:me/get",
            "account:apiovh:api/oauth2/client/get",
            "account:apiovh:api/oauth2/client/create",
            "account:apiovh:api/logs/self/get",
        ],
    ),
    (
        "iam",
        &[
            "iam:apiovh:policy/get",
            "iam:apiovh:policy/create",
            "iam:apiovh:policy/edit",
            "iam:apiovh:policy/delete",
        ],
    ),
];

fn known_action(action: &str) -> bool {
    if action == "*" {
        return true;
    }
    let all = ACTIONS.iter().flat_map(|(_, a)| a.iter());
    match action.strip_suffix('*') {
        Some(prefix) if !prefix.is_empty() => all.clone().any(|a| a.starts_with(prefix)),
        _ => all.clone().any(|a| *a == action),
    }
}

/// `urn:v1:<eu|ca|us>:<kind>:<type>:<id>` with non-empty type and id.
fn valid_urn(urn: &str, kind: &str) -> bool {
    let parts: Vec<&str> = urn.splitn(6, ':').collect();
    matches!(parts.as_slice(), ["urn", "v1", region, k, t, id]
        if ["eu", "ca", "us"].contains(region) && *k == kind && !t.is_empty() && !id.is_empty())
}

/// Checks a policy body; the 400 message names the first problem.
pub fn validate_policy(body: &Value) -> Result<(), ApiError> {
    let name = body["name"].as_str().unwrap_or_default();
    if name.is_empty() {
        return Err(ApiError::bad_request("The policy needs a name."));
    }
    let identities = body["identities"].as_array().cloned().unwrap_or_default();
    if identities.is_empty() {
        return Err(ApiError::bad_request("The policy needs at least one identity URN."));
    }
    for i in &identities {
        let s = i.as_str().unwrap_or_default();
        if !valid_urn(s, "identity") {
            return Err(ApiError::bad_request(format!(
                "The identity \"{s}\" is not a valid URN; expected urn:v1:eu:identity:<type>:<id>."
            )));
        }
    }
    let resources = body["resources"].as_array().cloned().unwrap_or_default();
    if resources.is_empty() {
        return Err(ApiError::bad_request("The policy needs at least one resource."));
    }
    for r in &resources {
        let s = r["urn"].as_str().unwrap_or_default();
        if !valid_urn(s, "resource") {
            return Err(ApiError::bad_request(format!(
                "The resource \"{s}\" is not a valid URN; expected urn:v1:eu:resource:<type>:<id>."
            )));
        }
    }
    let mut count = 0;
    for group in ["allow", "except", "deny"] {
        for a in body["permissions"][group].as_array().cloned().unwrap_or_default() {
            let action = a["action"].as_str().unwrap_or_default();
            if !known_action(action) {
                return Err(ApiError::bad_request(format!(
                    "The action \"{action}\" does not exist."
                )));
            }
            count += 1;
        }
    }
    if count == 0 {
        return Err(ApiError::bad_request(
            "The policy needs at least one action in permissions.allow.",
        ));
    }
    Ok(())
}

fn resources(ctx: &Ctx<'_>) -> Vec<Value> {
    let nic = &ctx.inner.dataset.me.nichandle;
    let mut out: Vec<Value> = ctx
        .inner
        .dataset
        .projects
        .iter()
        .map(|p| {
            json!({"id": p.project.iam.id, "urn": p.project.iam.urn, "name": p.project.project_id,
                   "displayName": p.project.project_name, "type": "publicCloudProject", "owner": nic, "tags": {}})
        })
        .collect();
    out.extend(ctx.inner.dataset.dedicated_servers.iter().map(|s| {
        json!({"id": s.iam.id, "urn": s.iam.urn, "name": s.name, "displayName": s.iam.display_name,
               "type": "dedicatedServer", "owner": nic, "tags": {}})
    }));
    out.push(
        json!({"id": format!("account-{nic}"), "urn": format!("urn:v1:{}:resource:account:{nic}", ctx.urn_region),
                    "name": nic, "displayName": nic, "type": "account", "owner": nic, "tags": {}}),
    );
    out
}

pub fn route(ctx: &mut Ctx<'_>, method: &str, segs: &[&str]) -> Option<RouteResult> {
    Some(match (method, segs) {
        ("GET", ["iam", "resource"]) => {
            let wanted: Vec<String> = ctx
                .req
                .query_pairs()
                .into_iter()
                .filter(|(k, _)| k == "resourceType")
                .map(|(_, v)| v)
                .collect();
            let items: Vec<Value> = resources(ctx)
                .into_iter()
                .filter(|r| wanted.is_empty() || wanted.iter().any(|w| r["type"] == w.as_str()))
                .collect();
            pagination::reply(ctx.req, &items, ctx.page_size)
        }
        ("GET", ["iam", "resource", urn]) => resources(ctx)
            .into_iter()
            .find(|r| r["urn"] == *urn)
            .map(|r| ok(&r))
            .ok_or_else(|| ApiError::not_found(&format!("The resource {urn}"))),
        ("GET", ["iam", "policy"]) => {
            let items = ctx.inner.policies.clone();
            pagination::reply(ctx.req, &items, ctx.page_size)
        }
        ("POST", ["iam", "policy"]) => create_policy(ctx),
        ("GET", ["iam", "policy", id]) => ctx
            .inner
            .policies
            .iter()
            .find(|p| p["id"] == *id)
            .map(ok)
            .ok_or_else(|| ApiError::not_found(&format!("The policy {id}"))),
        ("DELETE", ["iam", "policy", id]) => {
            let before = ctx.inner.policies.len();
            ctx.inner.policies.retain(|p| p["id"] != *id);
            if ctx.inner.policies.len() == before {
                Err(ApiError::not_found(&format!("The policy {id}")))
            } else {
                Ok(crate::reply::json(204, &Value::Null))
            }
        }
        ("GET", ["iam", "reference", "action"]) => {
            let kind = ctx.req.query_param("resourceType");
            let items: Vec<Value> = ACTIONS
                .iter()
                .filter(|(t, _)| kind.as_deref().is_none_or(|k| k == *t))
                .flat_map(|(t, actions)| {
                    actions.iter().map(move |a| {
                        let cat = if a.ends_with("/get") || a.ends_with(":get") { "READ" } else { "OPERATE" };
                        json!({"action": a, "categories": [cat], "description": format!("Action {a}"), "resourceType": t})
                    })
                })
                .collect();
            Ok(ok(&items))
        }
        _ => return None,
    })
}

/// Checks a (well-formed) policy against the account: URNs in the account's region,
/// identities and resources that exist (`*` as the id matches any).
pub fn check_policy_targets(
    body: &Value,
    dataset: &Dataset,
    client_exists: impl Fn(&str) -> bool,
    urn_region: &str,
) -> Result<(), ApiError> {
    let nic = dataset.me.nichandle.as_str();
    let region_of = |urn: &str| urn.split(':').nth(2).unwrap_or_default().to_string();
    let urns = |v: &Value| -> Vec<String> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().or_else(|| x["urn"].as_str()).map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let identities = urns(&body["identities"]);
    let resources = urns(&body["resources"]);
    for urn in identities.iter().chain(resources.iter()) {
        let region = region_of(urn);
        if region != urn_region {
            return Err(ApiError::bad_request(format!(
                "The URN \"{urn}\" is in region {region}, but this account is in region {urn_region}; use urn:v1:{urn_region}:..."
            )));
        }
    }
    for urn in &identities {
        let parts: Vec<&str> = urn.splitn(6, ':').collect();
        let known = match (parts[4], parts[5]) {
            ("account", id) => id == nic,
            ("credential", id) => match id.split_once("/oauth2-") {
                Some((owner, client)) => owner == nic && client_exists(client),
                None => id.starts_with(nic),
            },
            (_, id) => id.starts_with(nic),
        };
        if !known {
            return Err(ApiError::bad_request(format!(
                "The identity \"{urn}\" does not exist on this account."
            )));
        }
    }
    for urn in &resources {
        let parts: Vec<&str> = urn.splitn(6, ':').collect();
        let known = match (parts[4], parts[5]) {
            (_, "*") => true,
            ("publicCloudProject", id) => dataset.project(id).is_some(),
            ("dedicatedServer", id) => dataset.dedicated_servers.iter().any(|s| s.name == id),
            ("account", id) => id == nic,
            _ => true,
        };
        if !known {
            return Err(ApiError::bad_request(format!(
                "The resource \"{urn}\" does not exist on this account."
            )));
        }
    }
    Ok(())
}

fn create_policy(ctx: &mut Ctx<'_>) -> RouteResult {
    let body = json_body(ctx.req)?;
    validate_policy(&body)?;
    let clients = &ctx.inner.oauth.clients;
    check_policy_targets(&body, &ctx.inner.dataset, |id| clients.contains_key(id), ctx.urn_region)?;
    let policy = json!({
        "id": format!("{}-{}-4{}-8{}-{}", random_token(8), random_token(4), random_token(3), random_token(3), random_token(12)).to_lowercase(),
        "name": body["name"],
        "description": body["description"].as_str().unwrap_or_default(),
        "identities": body["identities"],
        "resources": body["resources"],
        "permissions": body["permissions"],
        "createdAt": rfc3339(ctx.now),
        "updatedAt": null,
        "readOnly": false,
        "owner": ctx.inner.dataset.me.nichandle,
    });
    ctx.inner.policies.push(policy.clone());
    Ok(ok(&policy))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(action: &str, identity: &str, resource: &str) -> Value {
        json!({"name": "aurora-read", "identities": [identity], "resources": [{"urn": resource}],
               "permissions": {"allow": [{"action": action}]}})
    }

    const ID: &str = "urn:v1:eu:identity:credential:ab12345-ovh/oauth2-0123456789abcdef";
    const RES: &str = "urn:v1:eu:resource:publicCloudProject:0123456789abcdef0123456789abcdef";

    #[test]
    fn accepts_known_actions_and_urns() {
        assert!(validate_policy(&policy("publicCloudProject:apiovh:instance/get", ID, RES)).is_ok());
        assert!(validate_policy(&policy("publicCloudProject:apiovh:*", ID, RES)).is_ok());
        assert!(validate_policy(&policy(
            "account:apiovh:me/get",
            ID,
            "urn:v1:ca:resource:account:ab12345-ovh"
        ))
        .is_ok());
    }

    #[test]
    fn checks_targets_against_the_account() {
        let d = crate::data::generate(
            1,
            crate::DataSize {
                projects: 1,
                per_type: 0,
                dedicated_servers: 1,
            },
            "eu",
        );
        let nic = d.me.nichandle.clone();
        let pid = d.projects[0].project.project_id.clone();
        let ident = format!("urn:v1:eu:identity:credential:{nic}/oauth2-c1");
        let res = format!("urn:v1:eu:resource:publicCloudProject:{pid}");
        let exists = |id: &str| id == "c1";
        let check =
            |i: &str, r: &str| check_policy_targets(&policy("publicCloudProject:apiovh:get", i, r), &d, exists, "eu");
        assert!(check(&ident, &res).is_ok());
        assert!(check(&ident, "urn:v1:eu:resource:publicCloudProject:*").is_ok());
        let e = check(&ident, &res.replace(":eu:", ":ca:")).unwrap_err();
        assert!(e.message.contains("region ca"), "{}", e.message);
        assert!(check(&ident, "urn:v1:eu:resource:publicCloudProject:0000")
            .unwrap_err()
            .message
            .contains("does not exist"));
        assert!(check(&ident.replace("oauth2-c1", "oauth2-c2"), &res).is_err());
        assert!(check(&format!("urn:v1:eu:identity:account:{nic}"), &res).is_ok());
        assert!(check("urn:v1:eu:identity:account:someone-else", &res).is_err());
        let server = format!("urn:v1:eu:resource:dedicatedServer:{}", d.dedicated_servers[0].name);
        assert!(check(&ident, &server).is_ok());
    }

    #[test]
    fn rejects_unknown_actions_and_bad_urns() {
        let e = validate_policy(&policy("publicCloudProject:apiovh:teleport", ID, RES)).unwrap_err();
        assert_eq!(e.status, 400);
        assert!(e.message.contains("teleport"));
        assert!(validate_policy(&policy("publicCloudProject:apiovh:get", "not-a-urn", RES)).is_err());
        assert!(validate_policy(&policy(
            "publicCloudProject:apiovh:get",
            ID,
            "urn:v1:mars:resource:publicCloudProject:x"
        ))
        .is_err());
        assert!(validate_policy(&policy(
            "publicCloudProject:apiovh:get",
            ID,
            "urn:v1:eu:resource:publicCloudProject"
        ))
        .is_err());
        assert!(validate_policy(&policy(
            "publicCloudProject:apiovh:get",
            ID,
            "urn:v1:eu:identity:credential:x"
        ))
        .is_err());
        assert!(validate_policy(&json!({"name": "x"})).is_err());
    }
}
