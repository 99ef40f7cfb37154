//! Octavia load balancers, some with a floating IP.

use rand::Rng;
use serde_json::json;

use super::Gen;
use crate::clock::rfc3339;
use crate::data::model::LoadBalancer;
use crate::data::names::{ENVS, ROLES};

impl Gen {
    pub(super) fn load_balancer(&mut self, i: usize) -> LoadBalancer {
        let region = self.compute_region();
        let created = self.date();
        let error = self.in_error(i, 6);
        let floating = if self.rng.gen_bool(0.6) {
            Some(json!({"id": self.uuid(), "ip": self.public_ip()}))
        } else {
            None
        };
        LoadBalancer {
            id: self.uuid(),
            name: format!("lb-{}-{}", self.pick(ROLES), self.pick(ENVS)),
            region,
            vip_address: self.private_ip(),
            vip_network_id: self.uuid(),
            vip_subnet_id: self.uuid(),
            operating_status: if error {
                "ERROR".into()
            } else {
                self.pick(&["ONLINE", "ONLINE", "ONLINE", "DEGRADED"]).to_string()
            },
            provisioning_status: if error { "ERROR".into() } else { "ACTIVE".into() },
            flavor_id: self.uuid(),
            floating_ip: floating,
            created_at: rfc3339(created),
            updated_at: rfc3339(created + 3600),
        }
    }
}
