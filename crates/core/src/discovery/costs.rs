//! The current month's usage (costs) of each Public Cloud project, from
//! `GET /cloud/project/{id}/usage/current`. It sits beside the
//! [`Inventory`](super::Inventory) rather than in it: it is not a resource,
//! the CLI has no command for it, and an old cached inventory stays readable.
//! Both engines' connections read it through [`ApiEngine::current_costs`](super::ApiEngine::current_costs).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::model::ResourceKind;
use crate::user_error::UserError;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ProjectCosts {
    pub project_id: String,
    /// The billing period, as OVH wrote it (ISO 8601).
    pub period_from: Option<String>,
    pub period_to: Option<String>,
    /// When OVH last computed these figures.
    pub last_update: Option<String>,
    /// Sum of every `totalPrice` of `hourlyUsage` and `resourcesUsage` (the account's currency, see `/me`).
    pub hourly_total: f64,
    /// Sum of every `totalPrice` of `monthlyUsage`.
    pub monthly_total: f64,
    pub total: f64,
    /// Per usage line, e.g. `hourly.instance`, `hourly.storage`, `monthly.instance`, `resources.registry`.
    pub by_type: BTreeMap<String, f64>,
    // OVH's answer itself is not kept: it lists every instance's hours, about
    // 20 MB for 1,500 projects, read and sent to the window at each launch.
}

impl ProjectCosts {
    /// Reads OVH's usage object; missing or odd parts count as zero.
    pub fn from_usage(project_id: &str, raw: Value) -> ProjectCosts {
        let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
        let mut by_type = BTreeMap::new();
        let mut totals = [0.0f64; 2];
        for (slot, section, prefix) in [(0, "hourlyUsage", "hourly"), (1, "monthlyUsage", "monthly")] {
            let Some(lines) = raw.get(section).and_then(Value::as_object) else {
                continue;
            };
            for (kind, entries) in lines {
                let sum: f64 = entries
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|e| e.get("totalPrice").and_then(Value::as_f64))
                    .sum();
                if sum != 0.0 {
                    by_type.insert(format!("{prefix}.{kind}"), cents(sum));
                }
                totals[slot] += sum;
            }
        }
        // Newer products (managed databases, registries...) bill in
        // `resourcesUsage`, one entry per type with its own `totalPrice`.
        for entry in raw
            .get("resourcesUsage")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let (Some(kind), Some(price)) = (
                entry.get("type").and_then(Value::as_str),
                entry.get("totalPrice").and_then(Value::as_f64),
            ) else {
                continue;
            };
            if price != 0.0 {
                *by_type.entry(format!("resources.{kind}")).or_insert(0.0) += price;
                totals[0] += price;
            }
        }
        ProjectCosts {
            project_id: project_id.to_owned(),
            period_from: text(raw.pointer("/period/from")),
            period_to: text(raw.pointer("/period/to")),
            last_update: text(raw.get("lastUpdate")),
            hourly_total: cents(totals[0]),
            monthly_total: cents(totals[1]),
            total: cents(totals[0] + totals[1]),
            by_type,
        }
    }
}

/// This month's cost of one kind of usage, over the projects in view.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UsageCost {
    /// "Instances", "Object storage", "Volume snapshots"...
    pub label: String,
    /// The resource kind it is the cost of, when Aurora lists that kind.
    pub kind: Option<ResourceKind>,
    pub amount: f64,
}

/// What a usage line of OVH's `usage/current` is the cost of.
fn usage_label(line: &str) -> (String, Option<ResourceKind>) {
    let (_, usage) = line.split_once('.').unwrap_or(("", line));
    let (label, kind) = match usage {
        "instance" => ("Instances", Some(ResourceKind::Instance)),
        "storage" => ("Object storage", None),
        "volume" => ("Block storage volumes", None),
        "snapshot" => ("Volume snapshots", None),
        "instanceBandwidth" => ("Outgoing traffic", None),
        "instanceOption" => ("Instance options", None),
        "certification" => ("Certifications", None),
        "registry" => ("Managed Private Registries", Some(ResourceKind::ContainerRegistry)),
        "loadbalancer" | "octavia-loadbalancer" => ("Load balancers", Some(ResourceKind::LoadBalancer)),
        "databases" | "database" => ("Managed databases", Some(ResourceKind::Database)),
        other => return (other.to_owned(), None),
    };
    (label.to_owned(), kind)
}

/// The projects' costs summed per kind of usage, largest first.
pub fn costs_per_usage<'a>(projects: impl IntoIterator<Item = &'a ProjectCosts>) -> Vec<UsageCost> {
    let mut sums: BTreeMap<String, (Option<ResourceKind>, f64)> = BTreeMap::new();
    for (line, amount) in projects.into_iter().flat_map(|p| &p.by_type) {
        let (label, kind) = usage_label(line);
        sums.entry(label).or_insert((kind, 0.0)).1 += amount;
    }
    let mut out: Vec<UsageCost> = sums
        .into_iter()
        .map(|(label, (kind, amount))| UsageCost {
            label,
            kind,
            amount: cents(amount),
        })
        .filter(|c| c.amount != 0.0)
        .collect();
    out.sort_by(|a, b| b.amount.total_cmp(&a.amount).then_with(|| a.label.cmp(&b.label)));
    out
}

fn cents(amount: f64) -> f64 {
    (amount * 100.0).round() / 100.0
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CostFailure {
    pub project_id: String,
    pub error: UserError,
}

impl From<(String, UserError)> for CostFailure {
    fn from((project_id, error): (String, UserError)) -> CostFailure {
        CostFailure { project_id, error }
    }
}

/// Costs of every project of a connection; a project that could not be
/// read is in `failures` with its message and solution.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CostReport {
    pub connection_id: String,
    pub projects: Vec<ProjectCosts>,
    pub failures: Vec<CostFailure>,
    /// RFC 3339, UTC.
    pub taken_at: String,
    /// The account's currency code (`/me` `currency.code`: EUR, CAD, USD...),
    /// which every `totalPrice` is in; `None` when `/me` could not be read.
    #[serde(default)]
    pub currency: Option<String>,
}

impl CostReport {
    pub fn total(&self) -> f64 {
        cents(self.projects.iter().map(|p| p.total).sum())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sums_hourly_and_monthly_lines() {
        let usage = json!({
            "period": {"from": "2026-11-01T00:00:00Z", "to": "2026-12-01T00:00:00Z"},
            "lastUpdate": "2026-11-28T10:00:00Z",
            "hourlyUsage": {"instance": [{"totalPrice": 4.07}, {"totalPrice": 1.005}], "storage": [{"totalPrice": 0.2}], "volume": [], "odd": "x"},
            "monthlyUsage": {"instance": [{"totalPrice": 17.66}], "certification": [{"noPrice": true}]},
        });
        let c = ProjectCosts::from_usage("p1", usage);
        assert_eq!(c.hourly_total, 5.28);
        assert_eq!(c.monthly_total, 17.66);
        assert_eq!(c.total, 22.94);
        assert_eq!(
            c.by_type.keys().collect::<Vec<_>>(),
            ["hourly.instance", "hourly.storage", "monthly.instance"]
        );
        assert_eq!(c.period_from.as_deref(), Some("2026-11-01T00:00:00Z"));
        assert_eq!(c.last_update.as_deref(), Some("2026-11-28T10:00:00Z"));
        let empty = ProjectCosts::from_usage("p2", json!("not an object"));
        assert_eq!((empty.total, empty.period_to), (0.0, None));
    }

    #[test]
    fn costs_add_up_per_kind_of_usage_across_projects() {
        let p1 = ProjectCosts::from_usage(
            "p1",
            json!({
                "hourlyUsage": {"instance": [{"totalPrice": 4.0}], "storage": [{"totalPrice": 0.25}], "volume": [{"totalPrice": 0.0}]},
                "monthlyUsage": {"instance": [{"totalPrice": 17.5}]},
                "resourcesUsage": [{"type": "registry", "totalPrice": 6.0}, {"type": "coldarchive", "totalPrice": 1.0}, {"type": "odd"}],
            }),
        );
        let p2 = ProjectCosts::from_usage("p2", json!({"hourlyUsage": {"instance": [{"totalPrice": 1.5}]}}));
        assert_eq!(p1.total, 28.75, "resourcesUsage counts in the project's total");
        let per_usage = costs_per_usage([&p1, &p2]);
        let shown: Vec<(&str, Option<ResourceKind>, f64)> =
            per_usage.iter().map(|c| (c.label.as_str(), c.kind, c.amount)).collect();
        assert_eq!(
            shown,
            [
                ("Instances", Some(ResourceKind::Instance), 23.0),
                ("Managed Private Registries", Some(ResourceKind::ContainerRegistry), 6.0),
                ("coldarchive", None, 1.0),
                ("Object storage", None, 0.25),
            ]
        );
    }

    #[test]
    fn exports_to_typescript() {
        let conf = specta_typescript::Typescript::default();
        let ts = specta_typescript::export::<CostReport>(&conf).unwrap();
        assert!(ts.contains("takenAt: string"), "{ts}");
    }
}
