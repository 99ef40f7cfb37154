//! Injected faults: latency, error statuses, hangs, malformed JSON, dropped
//! connections, IAM denials, and the per-credential rate limit.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// What an injected fault does to a matching request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum FaultKind {
    /// Delay the answer by `ms` milliseconds, then answer normally.
    Latency { ms: u64 },
    /// Answer this status with an OVH error body (`retryAfter` adds `Retry-After`).
    Status {
        status: u16,
        #[serde(default, rename = "retryAfter", skip_serializing_if = "Option::is_none")]
        retry_after: Option<u64>,
    },
    /// Never answer (until the simulator stops or the client gives up).
    Hang,
    /// Answer 200 with a body that is not valid JSON.
    MalformedJson,
    /// Close the connection without any answer.
    DropConnection,
    /// Answer OVH's IAM denial (403 with `details.unauthorizedActionsByIAM`).
    IamDenied { action: String },
}

/// A fault applied to requests whose path matches `path`.
///
/// `path` is a glob (`*` matches any characters, `/` included) matched against the
/// path as sent (`/1.0/cloud/project/abc/instance`) and against the same path without
/// its API prefix (`/cloud/project/abc/instance`; `/v2/...` paths keep `/v2`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FaultRule {
    pub path: String,
    /// Only this HTTP method when set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    #[serde(flatten)]
    pub kind: FaultKind,
    /// Applies this many times, then disappears; `None` = until removed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<u32>,
}

impl FaultRule {
    pub fn new(path: impl Into<String>, kind: FaultKind) -> Self {
        Self {
            path: path.into(),
            method: None,
            kind,
            times: None,
        }
    }
    pub fn method(mut self, method: impl Into<String>) -> Self {
        self.method = Some(method.into().to_uppercase());
        self
    }
    pub fn times(mut self, n: u32) -> Self {
        self.times = Some(n);
        self
    }
    pub fn latency(path: impl Into<String>, ms: u64) -> Self {
        Self::new(path, FaultKind::Latency { ms })
    }
    pub fn status(path: impl Into<String>, status: u16) -> Self {
        Self::new(
            path,
            FaultKind::Status {
                status,
                retry_after: None,
            },
        )
    }
    pub fn too_many_requests(path: impl Into<String>, retry_after: u64) -> Self {
        Self::new(
            path,
            FaultKind::Status {
                status: 429,
                retry_after: Some(retry_after),
            },
        )
    }
    pub fn iam_denied(path: impl Into<String>, action: impl Into<String>) -> Self {
        Self::new(path, FaultKind::IamDenied { action: action.into() })
    }

    /// Parses the command-line form `PATH=KIND[,times=N][,method=M]` where KIND is one of
    /// `latency:MS`, `429[:RETRY_AFTER]`, any status code, `hang`, `malformed`, `drop`,
    /// `iam:ACTION`.
    pub fn parse(spec: &str) -> Result<Self, String> {
        let (path, rest) = spec.split_once('=').ok_or_else(|| {
            format!("The fault \"{spec}\" is not of the form PATH=KIND (for example /cloud/project/*=503).")
        })?;
        let mut parts = rest.split(',');
        let kind_spec = parts.next().unwrap_or("");
        let kind = parse_kind(kind_spec).ok_or_else(|| {
            format!("The fault kind \"{kind_spec}\" is unknown; use latency:MS, a status such as 429:RETRY_AFTER or 503, hang, malformed, drop or iam:ACTION.")
        })?;
        let mut rule = FaultRule::new(path, kind);
        for opt in parts {
            match opt.split_once('=') {
                Some(("times", n)) => {
                    rule.times = Some(
                        n.parse()
                            .map_err(|_| format!("The fault option \"{opt}\" needs a number."))?,
                    )
                }
                Some(("method", m)) => rule.method = Some(m.to_uppercase()),
                _ => {
                    return Err(format!(
                        "The fault option \"{opt}\" is unknown; use times=N or method=M."
                    ))
                }
            }
        }
        Ok(rule)
    }

    fn matches(&self, method: &str, paths: &[&str]) -> bool {
        if let Some(m) = &self.method {
            if !m.eq_ignore_ascii_case(method) {
                return false;
            }
        }
        paths.iter().any(|p| glob_match(&self.path, p))
    }
}

fn parse_kind(s: &str) -> Option<FaultKind> {
    let (head, arg) = match s.split_once(':') {
        Some((h, a)) => (h, Some(a)),
        None => (s, None),
    };
    match head {
        "latency" => Some(FaultKind::Latency { ms: arg?.parse().ok()? }),
        "hang" => Some(FaultKind::Hang),
        "malformed" => Some(FaultKind::MalformedJson),
        "drop" => Some(FaultKind::DropConnection),
        "iam" => Some(FaultKind::IamDenied {
            action: arg?.to_string(),
        }),
        code => {
            let status: u16 = code.parse().ok()?;
            if !(400..=599).contains(&status) {
                return None;
            }
            let retry_after = match arg {
                Some(a) => Some(a.parse().ok()?),
                None if status == 429 => Some(1),
                None => None,
            };
            Some(FaultKind::Status { status, retry_after })
        }
    }
}

/// `*` matches any run of characters (including `/`); everything else is literal.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let p = pattern.as_bytes();
    let t = text.as_bytes();
    let (mut pi, mut ti) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ti < t.len() {
        if pi < p.len() && p[pi] == b'*' {
            star = Some(pi);
            pi += 1;
            mark = ti;
        } else if pi < p.len() && p[pi] == t[ti] {
            pi += 1;
            ti += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == b'*' {
        pi += 1;
    }
    pi == p.len()
}

/// What the request pipeline must do, decided from the active faults.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct FaultPlan {
    pub extra_latency_ms: u64,
    /// The first non-latency fault that matched.
    pub action: Option<FaultKind>,
}

/// The active fault rules.
#[derive(Debug, Default, Clone)]
pub struct FaultSet {
    pub rules: Vec<FaultRule>,
}

impl FaultSet {
    /// Decides what to do with a request and consumes `times` of matching rules.
    pub fn plan(&mut self, method: &str, paths: &[&str]) -> FaultPlan {
        let mut plan = FaultPlan::default();
        for rule in self.rules.iter_mut() {
            if !rule.matches(method, paths) {
                continue;
            }
            let used = match &rule.kind {
                FaultKind::Latency { ms } => {
                    plan.extra_latency_ms += ms;
                    true
                }
                other if plan.action.is_none() => {
                    plan.action = Some(other.clone());
                    true
                }
                _ => false,
            };
            if used {
                if let Some(n) = rule.times.as_mut() {
                    *n = n.saturating_sub(1);
                }
            }
        }
        self.rules.retain(|r| r.times != Some(0));
        plan
    }
}

/// A fixed one-minute window counter per credential.
#[derive(Debug, Default, Clone)]
pub struct RateLimiter {
    windows: HashMap<String, (i64, u32)>,
}

impl RateLimiter {
    /// Counts a request; `Err(retry_after_secs)` when over `per_minute`.
    pub fn check(&mut self, credential: &str, per_minute: u32, now: i64) -> Result<(), u64> {
        let window = now - now.rem_euclid(60);
        let entry = self.windows.entry(credential.to_string()).or_insert((window, 0));
        if entry.0 != window {
            *entry = (window, 0);
        }
        if entry.1 >= per_minute {
            return Err((window + 60 - now).max(1) as u64);
        }
        entry.1 += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob() {
        assert!(glob_match("/cloud/project/*", "/cloud/project/abc/instance"));
        assert!(!glob_match("/cloud/project/*", "/cloud/project"));
        assert!(glob_match("*/instance", "/1.0/cloud/project/x/instance"));
        assert!(glob_match("/me", "/me"));
        assert!(!glob_match("/me", "/me/api"));
        assert!(glob_match("/*", "/anything/at/all"));
    }

    #[test]
    fn parses_specs() {
        let r = FaultRule::parse("/cloud/project/*=429:5,times=2").unwrap();
        assert_eq!(
            r.kind,
            FaultKind::Status {
                status: 429,
                retry_after: Some(5)
            }
        );
        assert_eq!(r.times, Some(2));
        assert_eq!(
            FaultRule::parse("/me=latency:200").unwrap().kind,
            FaultKind::Latency { ms: 200 }
        );
        assert_eq!(FaultRule::parse("/me=drop").unwrap().kind, FaultKind::DropConnection);
        assert_eq!(
            FaultRule::parse("/me=hang,method=get").unwrap().method.as_deref(),
            Some("GET")
        );
        assert_eq!(
            FaultRule::parse("/me=iam:account:apiovh:me/get").unwrap().kind,
            FaultKind::IamDenied {
                action: "account:apiovh:me/get".into()
            }
        );
        assert!(FaultRule::parse("/me=teapot").is_err());
        assert!(FaultRule::parse("/me").is_err());
    }

    #[test]
    fn times_are_consumed_and_latency_adds_up() {
        let mut set = FaultSet {
            rules: vec![
                FaultRule::latency("/me", 10),
                FaultRule::latency("/*", 5),
                FaultRule::status("/me", 500).times(1),
                FaultRule::status("/me", 503),
            ],
        };
        let p = set.plan("GET", &["/1.0/me", "/me"]);
        assert_eq!(p.extra_latency_ms, 15);
        assert_eq!(
            p.action,
            Some(FaultKind::Status {
                status: 500,
                retry_after: None
            })
        );
        let p = set.plan("GET", &["/me"]);
        assert_eq!(
            p.action,
            Some(FaultKind::Status {
                status: 503,
                retry_after: None
            })
        );
        assert_eq!(set.plan("GET", &["/other"]).action, None);
    }

    #[test]
    fn method_filter() {
        let mut set = FaultSet {
            rules: vec![FaultRule::status("/me", 500).method("POST")],
        };
        assert_eq!(set.plan("GET", &["/me"]).action, None);
        assert!(set.plan("POST", &["/me"]).action.is_some());
    }

    #[test]
    fn rate_limit_per_credential() {
        let mut rl = RateLimiter::default();
        let now = 1_000_040;
        assert!(rl.check("a", 2, now).is_ok());
        assert!(rl.check("a", 2, now).is_ok());
        assert_eq!(rl.check("a", 2, now), Err(40));
        assert!(rl.check("b", 2, now).is_ok());
        assert!(rl.check("a", 2, now + 60).is_ok());
    }

    #[test]
    fn serde_shape() {
        let r = FaultRule::too_many_requests("/me", 3);
        let v = serde_json::to_value(&r).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"path": "/me", "kind": "status", "status": 429, "retryAfter": 3})
        );
        let back: FaultRule = serde_json::from_value(serde_json::json!({"path": "/x", "kind": "hang"})).unwrap();
        assert_eq!(back.kind, FaultKind::Hang);
    }
}
