//! IAM enforcement for OAuth2 service accounts (tokens from the `client_credentials`
//! grant). Opt-in: it applies only once at least one IAM policy names the client's
//! identity (`urn:v1:eu:identity:credential:<nic>/oauth2-<clientId>`); then a call
//! needs a policy allowing its action on its resource, else OVH's IAM denial.

use serde_json::Value;

use crate::errors::ApiError;
use crate::faults::glob_match;
use crate::path_words::{ACTION_WORDS, RESOURCE_WORDS};
use crate::routes::Version;

/// With [`RESOURCE_WORDS`], the path words that are not identifiers, for
/// deriving actions from paths: sub-resources the actions name.
const SUB_RESOURCE_WORDS: &[&str] = &["volume", "sshkey"];

fn verb(method: &str) -> &'static str {
    match method {
        "POST" => "create",
        "PUT" => "edit",
        "DELETE" => "delete",
        _ => "get",
    }
}

fn action_path(rest: &[&str], method: &str) -> String {
    let mut words: Vec<&str> = rest
        .iter()
        .copied()
        .filter(|w| RESOURCE_WORDS.contains(w) || SUB_RESOURCE_WORDS.contains(w))
        .collect();
    // `POST .../instance/{id}/stop` is the action `instance/stop`, not `instance/create`.
    match rest.last() {
        Some(last) if method == "POST" && ACTION_WORDS.contains(last) => words.push(last),
        _ => words.push(verb(method)),
    }
    words.join("/")
}

/// The IAM action and resource URN a call needs; `None` for calls IAM does not guard
/// here (top-level lists, `/auth/...`).
pub fn required(
    version: Version,
    method: &str,
    segs: &[&str],
    urn_region: &str,
    nichandle: &str,
) -> Option<(String, String)> {
    let account = format!("urn:v1:{urn_region}:resource:account:{nichandle}");
    let project = |id: &str| format!("urn:v1:{urn_region}:resource:publicCloudProject:{id}");
    match (version, segs) {
        (Version::V1, ["me"]) => Some((format!("account:apiovh:me/{}", verb(method)), account)),
        (Version::V1, ["me", rest @ ..]) => Some((format!("account:apiovh:{}", action_path(rest, method)), account)),
        (Version::V1, ["cloud", "project", id]) => {
            Some((format!("publicCloudProject:apiovh:{}", verb(method)), project(id)))
        }
        (Version::V1, ["cloud", "project", id, rest @ ..]) => Some((
            format!("publicCloudProject:apiovh:{}", action_path(rest, method)),
            project(id),
        )),
        (Version::V1, ["dedicated", "server", name, rest @ ..]) => Some((
            format!("dedicatedServer:apiovh:{}", action_path(rest, method)),
            format!("urn:v1:{urn_region}:resource:dedicatedServer:{name}"),
        )),
        (Version::V2, ["publicCloud", "project", id, ..]) => {
            Some((format!("publicCloudProject:apiovh:{}", verb(method)), project(id)))
        }
        (Version::V2, ["iam", "policy", ..]) => Some((format!("iam:apiovh:policy/{}", verb(method)), account)),
        _ => None,
    }
}

fn strings(v: &Value) -> Vec<&str> {
    v.as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

fn actions<'a>(policy: &'a Value, group: &str) -> Vec<&'a str> {
    policy["permissions"][group]
        .as_array()
        .map(|a| a.iter().filter_map(|x| x["action"].as_str()).collect())
        .unwrap_or_default()
}

/// Whether any policy names this identity (enforcement is on for it).
pub fn governed(policies: &[Value], identity: &str) -> bool {
    policies.iter().any(|p| strings(&p["identities"]).contains(&identity))
}

/// Checks the policies for `identity` doing `action` on `resource`.
pub fn check(policies: &[Value], identity: &str, action: &str, resource: &str) -> Result<(), ApiError> {
    let mine: Vec<&Value> = policies
        .iter()
        .filter(|p| strings(&p["identities"]).contains(&identity))
        .filter(|p| {
            p["resources"].as_array().is_some_and(|rs| {
                rs.iter()
                    .any(|r| r["urn"].as_str().is_some_and(|u| glob_match(u, resource)))
            })
        })
        .collect();
    let matches = |list: Vec<&str>| list.iter().any(|a| glob_match(a, action));
    let denied = mine.iter().any(|p| matches(actions(p, "deny")));
    let allowed = mine
        .iter()
        .any(|p| matches(actions(p, "allow")) && !matches(actions(p, "except")));
    if allowed && !denied {
        Ok(())
    } else {
        Err(ApiError::iam_denied(action))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const ID: &str = "urn:v1:eu:identity:credential:ab1-ovh/oauth2-c1";

    fn policy(actions: &[&str], resource: &str) -> Value {
        json!({"identities": [ID], "resources": [{"urn": resource}],
               "permissions": {"allow": actions.iter().map(|a| json!({"action": a})).collect::<Vec<_>>()}})
    }

    #[test]
    fn derives_actions_from_paths() {
        let r = |m: &str, segs: &[&str]| required(Version::V1, m, segs, "eu", "ab1-ovh").map(|(a, _)| a);
        assert_eq!(
            r("GET", &["cloud", "project", "p1", "instance"]).unwrap(),
            "publicCloudProject:apiovh:instance/get"
        );
        assert_eq!(
            r("GET", &["cloud", "project", "p1", "instance", "i-9"]).unwrap(),
            "publicCloudProject:apiovh:instance/get"
        );
        assert_eq!(
            r("GET", &["cloud", "project", "p1", "database", "service", "d"]).unwrap(),
            "publicCloudProject:apiovh:database/service/get"
        );
        assert_eq!(
            r(
                "GET",
                &[
                    "cloud",
                    "project",
                    "p1",
                    "region",
                    "GRA11",
                    "loadbalancing",
                    "loadbalancer"
                ]
            )
            .unwrap(),
            "publicCloudProject:apiovh:region/loadbalancing/loadbalancer/get"
        );
        assert_eq!(
            r("GET", &["cloud", "project", "p1"]).unwrap(),
            "publicCloudProject:apiovh:get"
        );
        assert_eq!(r("GET", &["me"]).unwrap(), "account:apiovh:me/get");
        assert_eq!(
            r("GET", &["dedicated", "server", "ns1"]).unwrap(),
            "dedicatedServer:apiovh:get"
        );
        assert_eq!(r("GET", &["cloud", "project"]), None);
        assert_eq!(
            r("POST", &["cloud", "project", "p1", "instance", "i-9", "reboot"]).unwrap(),
            "publicCloudProject:apiovh:instance/reboot"
        );
    }

    #[test]
    fn allow_except_deny_and_resources() {
        let res = "urn:v1:eu:resource:publicCloudProject:p1";
        let policies = vec![policy(&["publicCloudProject:apiovh:instance/get"], res)];
        assert!(governed(&policies, ID));
        assert!(!governed(
            &policies,
            "urn:v1:eu:identity:credential:ab1-ovh/oauth2-other"
        ));
        assert!(check(&policies, ID, "publicCloudProject:apiovh:instance/get", res).is_ok());
        let e = check(&policies, ID, "publicCloudProject:apiovh:kube/get", res).unwrap_err();
        assert_eq!(
            e.details.unwrap()["unauthorizedActionsByIAM"],
            "publicCloudProject:apiovh:kube/get"
        );
        assert!(check(
            &policies,
            ID,
            "publicCloudProject:apiovh:instance/get",
            "urn:v1:eu:resource:publicCloudProject:p2"
        )
        .is_err());
        let wide = vec![policy(
            &["publicCloudProject:apiovh:*"],
            "urn:v1:eu:resource:publicCloudProject:*",
        )];
        assert!(check(&wide, ID, "publicCloudProject:apiovh:kube/get", res).is_ok());
        let mut except = wide[0].clone();
        except["permissions"]["except"] = json!([{"action": "publicCloudProject:apiovh:kube/*"}]);
        assert!(check(&[except], ID, "publicCloudProject:apiovh:kube/get", res).is_err());
    }
}
