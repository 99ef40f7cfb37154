//! Managed Kubernetes clusters.

use rand::Rng;
use serde_json::json;

use super::Gen;
use crate::clock::rfc3339;
use crate::data::model::{KubeCluster, PrivateNetwork};
use crate::data::names::{ENVS, TEAMS};

impl Gen {
    pub(super) fn kube(&mut self, i: usize, networks: &[PrivateNetwork]) -> KubeCluster {
        let region = self.compute_region();
        let lower = region.to_lowercase();
        let version = self.pick(&["1.29", "1.30", "1.31"]).to_string();
        let status = if self.in_error(i, 6) {
            "ERROR"
        } else {
            *self.pick(&["READY", "READY", "READY", "INSTALLING", "UPDATING"])
        };
        let created = self.date();
        let sub = self.alnum(6);
        KubeCluster {
            id: self.uuid(),
            name: format!("mks-{}-{}", self.pick(TEAMS), self.pick(ENVS)),
            region,
            version,
            status: status.into(),
            url: format!("{sub}.c1.{lower}.k8s.ovh.net"),
            nodes_url: format!("{sub}.nodes.c1.{lower}.k8s.ovh.net"),
            private_network_id: networks.get(i).map(|n| n.regions[0].openstack_id.clone()),
            created_at: rfc3339(created),
            updated_at: rfc3339(created + 86_400 * 30),
            update_policy: "ALWAYS_UPDATE".into(),
            is_up_to_date: self.rng.gen_bool(0.7),
            control_plane_is_up_to_date: true,
            audit_logs_subscribed: false,
            next_upgrade_versions: vec![],
            kube_proxy_mode: "iptables".into(),
            plan: self.pick(&["free", "standard"]).to_string(),
            customization: json!({"apiServer": {"admissionPlugins": {"enabled": ["AlwaysPullImages", "NodeRestriction"], "disabled": []}}}),
            private_network_configuration: None,
            nodes_subnet_id: None,
            load_balancers_subnet_id: None,
        }
    }
}
