//! Managed container registries, with their plan.

use rand::Rng;
use serde_json::json;

use super::{Gen, EPOCH_START};
use crate::clock::rfc3339;
use crate::data::model::ContainerRegistry;
use crate::data::names::TEAMS;

impl Gen {
    pub(super) fn registry(&mut self, i: usize, project_id: &str) -> ContainerRegistry {
        let region = self.compute_region();
        let created = self.date();
        let (plan_name, storage) = *self.pick(&[("SMALL", 200u64), ("MEDIUM", 600), ("LARGE", 5000)]);
        let storage_bytes = storage * 1_000_000_000;
        let sub = self.alnum(8);
        ContainerRegistry {
            id: self.uuid(),
            name: format!("registry-{}-{}", self.pick(TEAMS), i + 1),
            region: region.clone(),
            status: if self.in_error(i, 6) {
                "ERROR".into()
            } else {
                "READY".into()
            },
            url: format!("https://{sub}.c1.{}.container-registry.ovh.net", region.to_lowercase()),
            version: self.pick(&["2.10.2", "2.11.1", "2.12.0"]).to_string(),
            size: self.rng.gen_range(0..storage_bytes / 2),
            project_id: project_id.to_string(),
            created_at: rfc3339(created),
            updated_at: rfc3339(created + 86_400),
            iam_enabled: false,
            plan: json!({
                "id": self.uuid(),
                "name": plan_name,
                "code": format!("registry.{}-plan-monthly", plan_name.chars().next().unwrap().to_lowercase()),
                "registryLimits": {"imageStorage": storage_bytes, "parallelRequest": 15},
                "features": {"vulnerability": plan_name != "SMALL"},
                "createdAt": rfc3339(EPOCH_START),
                "updatedAt": rfc3339(EPOCH_START),
            }),
        }
    }
}
