//! The API calls each credential made, for `GET /me/api/logs/self` and
//! `GET /me/api/logs/self/{logId}` (OVH's `api.Log`).

use std::collections::{HashMap, VecDeque};

use serde::Serialize;

use crate::path_words::RESOURCE_WORDS;

/// Logs kept per credential; older ones are dropped (a benchmark makes thousands of calls).
const KEPT_PER_CREDENTIAL: usize = 1000;

/// One call, as `GET /me/api/logs/self/{logId}` answers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiLog {
    pub log_id: u64,
    pub date: String,
    /// The account's nichandle.
    pub account: String,
    pub ip: String,
    pub method: String,
    /// The path as called, without the `/1.0` prefix or the query.
    pub path: String,
    /// The path with its identifiers named (`/cloud/project/{serviceName}/instance/{instanceId}`).
    pub route: String,
}

/// Every credential's calls, newest last.
#[derive(Debug, Default)]
pub struct ApiLogs {
    next_id: u64,
    by_credential: HashMap<String, VecDeque<ApiLog>>,
}

/// What to record of one call.
pub struct Call<'a> {
    pub credential: &'a str,
    pub date: String,
    pub account: &'a str,
    pub ip: &'a str,
    pub method: &'a str,
    pub path: &'a str,
}

impl ApiLogs {
    pub fn record(&mut self, call: Call<'_>) {
        self.next_id += 1;
        let log = ApiLog {
            log_id: self.next_id,
            date: call.date,
            account: call.account.to_string(),
            ip: call.ip.to_string(),
            method: call.method.to_string(),
            path: call.path.to_string(),
            route: route_template(call.path),
        };
        let logs = self.by_credential.entry(call.credential.to_string()).or_default();
        if logs.len() == KEPT_PER_CREDENTIAL {
            logs.pop_front();
        }
        logs.push_back(log);
    }

    /// The ids of a credential's calls, oldest first (as OVH lists them).
    pub fn ids(&self, credential: &str) -> Vec<u64> {
        self.by_credential
            .get(credential)
            .map(|logs| logs.iter().map(|l| l.log_id).collect())
            .unwrap_or_default()
    }

    /// One of a credential's own calls (another credential's log is not found).
    pub fn get(&self, credential: &str, log_id: u64) -> Option<&ApiLog> {
        self.by_credential.get(credential)?.iter().find(|l| l.log_id == log_id)
    }
}

/// The placeholder OVH's API schema names an identifier after the word before it.
fn placeholder(previous: &str) -> &'static str {
    match previous {
        "project" => "{serviceName}",
        "instance" => "{instanceId}",
        "kube" => "{kubeId}",
        "service" => "{serviceId}",
        "loadbalancer" => "{loadBalancerId}",
        "region" => "{regionName}",
        "containerRegistry" => "{registryID}",
        "private" => "{networkId}",
        "storage" => "{containerId}",
        "server" => "{serviceName}",
        "client" => "{clientId}",
        "self" => "{logId}",
        "policy" => "{policyId}",
        _ => "{id}",
    }
}

/// Words of the paths that are never identifiers, besides [`RESOURCE_WORDS`].
const FIXED_WORDS: &[&str] = &[
    "me",
    "cloud",
    "project",
    "dedicated",
    "server",
    "auth",
    "v2",
    "publicCloud",
    "iam",
];

/// `/cloud/project/p1/instance/i-9/stop` -> `/cloud/project/{serviceName}/instance/{instanceId}/stop`.
pub fn route_template(path: &str) -> String {
    let mut previous = "";
    let mut out = Vec::new();
    for seg in path.split('/') {
        let fixed = seg.is_empty()
            || RESOURCE_WORDS.contains(&seg)
            || FIXED_WORDS.contains(&seg)
            || crate::path_words::ACTION_WORDS.contains(&seg);
        out.push(if fixed { seg } else { placeholder(previous) });
        previous = seg;
    }
    out.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_name_their_identifiers() {
        assert_eq!(
            route_template("/cloud/project/p1/instance/i-9/reboot"),
            "/cloud/project/{serviceName}/instance/{instanceId}/reboot"
        );
        assert_eq!(route_template("/me/api/logs/self/12"), "/me/api/logs/self/{logId}");
        assert_eq!(
            route_template("/cloud/project/p1/kube/k1/kubeconfig"),
            "/cloud/project/{serviceName}/kube/{kubeId}/kubeconfig"
        );
    }

    #[test]
    fn each_credential_sees_only_its_own_calls_and_old_ones_go() {
        let mut logs = ApiLogs::default();
        let call = |credential| Call {
            credential,
            date: "2026-01-01T00:00:00+00:00".into(),
            account: "ab1-ovh",
            ip: "127.0.0.1",
            method: "GET",
            path: "/me",
        };
        logs.record(call("a"));
        logs.record(call("b"));
        assert_eq!(logs.ids("a"), vec![1]);
        assert!(logs.get("a", 2).is_none());
        assert_eq!(logs.get("b", 2).unwrap().route, "/me");
        for _ in 0..KEPT_PER_CREDENTIAL {
            logs.record(call("a"));
        }
        assert_eq!(logs.ids("a").len(), KEPT_PER_CREDENTIAL);
        assert_eq!(logs.ids("a")[0], 3);
    }
}
