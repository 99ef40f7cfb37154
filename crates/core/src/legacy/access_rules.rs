//! The rights Aurora asks for when it requests a consumer key, in two rule
//! sets the wizard shows before the request: "Read only" (the default: only
//! where discovery, the activity view and the IAM / OAuth-client screens
//! read) and "Read and act" (the same plus exactly the `POST` rules of the
//! actions Aurora offers). Listed here once, with the reason for each.

use serde::{Deserialize, Serialize};

/// One access rule of a consumer key, as OVH's API spells it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
pub struct AccessRule {
    pub method: String,
    pub path: String,
}

impl AccessRule {
    pub fn get(path: impl Into<String>) -> AccessRule {
        AccessRule {
            method: "GET".into(),
            path: path.into(),
        }
    }

    /// OVH's matching: same method; `*` matches any run of characters, so
    /// `/x/*` covers `/x/y` and deeper but not `/x` itself.
    pub fn covers(&self, method: &str, path: &str) -> bool {
        self.method.eq_ignore_ascii_case(method) && glob_matches(self.path.as_bytes(), path.as_bytes())
    }
}

/// An access rule with the reason Aurora asks for it (shown in the wizard).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct DescribedRule {
    pub method: String,
    pub path: String,
    pub purpose: String,
}

impl DescribedRule {
    pub fn rule(&self) -> AccessRule {
        AccessRule {
            method: self.method.clone(),
            path: self.path.clone(),
        }
    }
}

/// (path, purpose) of every GET rule. Each root comes with its `/*`
/// subtree where Aurora reads below it, because `/x/*` does not cover `/x`.
const READ_ONLY_RULES: &[(&str, &str)] = &[
    ("/me", "Your account's nichandle and email, to name the connection"),
    ("/auth/currentCredential", "This key's own rights and expiry, shown after validation"),
    ("/cloud/project", "The list of your Public Cloud projects"),
    ("/cloud/project/*", "Instances, Kubernetes clusters, databases, load balancers, registries, networks, storage and costs in each project"),
    ("/v2/publicCloud/project", "The list of your Public Cloud projects (API v2, used by newer ovhcloud CLI releases)"),
    ("/v2/publicCloud/project/*", "Details of each Public Cloud project (API v2)"),
    ("/dedicated/server", "The list of your dedicated servers"),
    ("/dedicated/server/*", "Details of each dedicated server"),
    ("/v2/iam/resource", "Every resource of the account in one list, to find what discovery may have missed"),
    ("/v2/iam/resource/*", "Details of each resource in the account's IAM inventory"),
    ("/v2/iam/policy", "Existing IAM policies, to show which ones apply to Aurora"),
    ("/v2/iam/policy/*", "Details of each IAM policy"),
    ("/v2/iam/reference/action", "The catalogue of IAM actions, to explain what a policy allows"),
    ("/me/api/oauth2/client", "Your OAuth2 clients, to check the one Aurora signs in with"),
    ("/me/api/oauth2/client/*", "Details of each OAuth2 client (never its secret)"),
    ("/me/api/logs/self", "The calls made with this key, for the connection's recent API activity"),
    ("/me/api/logs/self/*", "Date, method, path and source IP of each of those calls"),
];

/// (path, purpose) of every POST rule "Read and act" adds.
const ACT_RULES: &[(&str, &str)] = &[
    (
        "/cloud/project/*/instance/*/start",
        "Start a stopped instance, after you confirm",
    ),
    (
        "/cloud/project/*/instance/*/stop",
        "Stop an instance, after you confirm",
    ),
    (
        "/cloud/project/*/instance/*/reboot",
        "Soft or hard reboot an instance, after you confirm",
    ),
    (
        "/cloud/project/*/kube/*/kubeconfig",
        "Download a Kubernetes cluster's kubeconfig to a file you choose",
    ),
];

/// The two rule sets the API keys wizard offers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum RuleSet {
    /// See everything, change nothing.
    #[default]
    ReadOnly,
    /// Also start, stop and reboot instances and download kubeconfigs.
    ReadAndAct,
}

impl RuleSet {
    pub const ALL: [RuleSet; 2] = [RuleSet::ReadOnly, RuleSet::ReadAndAct];

    pub fn label(self) -> &'static str {
        match self {
            RuleSet::ReadOnly => "Read only",
            RuleSet::ReadAndAct => "Read and act",
        }
    }

    /// The rules of the set, with their reasons.
    pub fn rules(self) -> Vec<DescribedRule> {
        let described = |method: &str, rules: &[(&str, &str)]| -> Vec<DescribedRule> {
            rules
                .iter()
                .map(|(path, purpose)| DescribedRule {
                    method: method.into(),
                    path: (*path).into(),
                    purpose: (*purpose).into(),
                })
                .collect()
        };
        let mut rules = described("GET", READ_ONLY_RULES);
        if self == RuleSet::ReadAndAct {
            rules.extend(described("POST", ACT_RULES));
        }
        rules
    }

    /// The same rules, as `POST /auth/credential` takes them.
    pub fn access_rules(self) -> Vec<AccessRule> {
        self.rules().iter().map(DescribedRule::rule).collect()
    }
}

/// The read-only rules Aurora requests by default, with their reasons.
pub fn discovery_rules() -> Vec<DescribedRule> {
    RuleSet::ReadOnly.rules()
}

/// The same rules, as `POST /auth/credential` takes them.
pub fn discovery_access_rules() -> Vec<AccessRule> {
    RuleSet::ReadOnly.access_rules()
}

/// The wanted rules that `granted` does not cover (e.g. a pasted consumer
/// key created by hand with fewer rights).
pub fn missing_rules(granted: &[AccessRule], wanted: &[AccessRule]) -> Vec<AccessRule> {
    wanted
        .iter()
        .filter(|w| !granted.iter().any(|g| g.covers(&w.method, &w.path)))
        .cloned()
        .collect()
}

/// `*` matches any (possibly empty) run of bytes; everything else matches itself.
fn glob_matches(pattern: &[u8], text: &[u8]) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut backtrack: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pattern.len() && pattern[p] == b'*' {
            backtrack = Some((p, t));
            p += 1;
        } else if p < pattern.len() && pattern[p] == text[t] {
            p += 1;
            t += 1;
        } else if let Some((star, matched)) = backtrack {
            p = star + 1;
            t = matched + 1;
            backtrack = Some((star, matched + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&b| b == b'*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_only_and_every_root_with_its_subtree() {
        let rules = discovery_access_rules();
        assert!(rules.iter().all(|r| r.method == "GET"), "read-only");
        for root in [
            "/me",
            "/cloud/project",
            "/cloud/project/*",
            "/dedicated/server",
            "/dedicated/server/*",
            "/auth/currentCredential",
        ] {
            assert!(rules.iter().any(|r| r.path == root), "{root}");
        }
        for r in rules.iter().filter(|r| r.path.ends_with("/*")) {
            let root = r.path.trim_end_matches("/*");
            assert!(
                rules.iter().any(|x| x.path == root),
                "{root} is requested with its subtree"
            );
        }
        assert!(discovery_rules().iter().all(|r| r.purpose.len() > 10));
    }

    #[test]
    fn read_and_act_adds_exactly_the_actions_post_rules() {
        let read = RuleSet::ReadOnly.access_rules();
        let act = RuleSet::ReadAndAct.access_rules();
        let added: Vec<&AccessRule> = act.iter().filter(|r| !read.contains(r)).collect();
        assert!(added.iter().all(|r| r.method == "POST"));
        let needed: Vec<AccessRule> = crate::actions::PowerAction::ALL
            .iter()
            .map(|a| a.needed().rule)
            .chain([crate::actions::kubeconfig::needed().rule])
            .collect();
        for rule in &needed {
            assert!(added.contains(&rule), "{rule:?} is requested");
        }
        assert_eq!(added.len(), 4, "nothing more than the actions need: {added:?}");
        assert!(
            missing_rules(&read, &needed).len() == needed.len(),
            "read only acts on nothing"
        );
        assert!(read.contains(&AccessRule::get("/me/api/logs/self/*")));
    }

    #[test]
    fn matching_follows_ovh() {
        let sub = AccessRule::get("/cloud/project/*");
        assert!(sub.covers("GET", "/cloud/project/abc/instance"));
        assert!(!sub.covers("GET", "/cloud/project"));
        assert!(!sub.covers("POST", "/cloud/project/abc"));
        assert!(AccessRule::get("/*").covers("get", "/me"));
        assert!(AccessRule::get("/cloud/project/*/instance").covers("GET", "/cloud/project/p/instance"));
        assert!(!AccessRule::get("/cloud/project/*/instance").covers("GET", "/cloud/project/p/kube"));
        let granted = vec![AccessRule::get("/me"), AccessRule::get("/cloud/*")];
        let missing = missing_rules(&granted, &discovery_access_rules());
        assert!(!missing.contains(&AccessRule::get("/cloud/project")));
        assert!(missing.contains(&AccessRule::get("/dedicated/server")));
        assert!(!missing.contains(&AccessRule::get("/me")));
    }
}
