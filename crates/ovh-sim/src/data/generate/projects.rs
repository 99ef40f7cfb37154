//! A Public Cloud project and every resource in it, `per_type` of each kind.

use rand::Rng;

use super::regions::standard_regions;
use super::Gen;
use crate::clock::rfc3339;
use crate::data::model::{PrivateNetwork, Project, ProjectData};

impl Gen {
    pub(super) fn project(&mut self, name: &str, per_type: usize) -> ProjectData {
        let id = self.hex(32);
        let created = self.date();
        let project = Project {
            project_id: id.clone(),
            project_name: name.to_string(),
            description: format!("{name} environment"),
            status: "ok".into(),
            plan_code: "project.2018".into(),
            creation_date: rfc3339(created),
            expiration: None,
            order_id: Some(self.rng.gen_range(100_000_000..299_999_999)),
            access: "full".into(),
            manual_quota: false,
            unleash: false,
            iam: self.iam("publicCloudProject", &id, name),
        };
        let regions = standard_regions();
        let networks: Vec<PrivateNetwork> = (0..per_type).map(|i| self.private_network(i)).collect();
        let instances = (0..per_type).map(|i| self.instance(i, &networks)).collect();
        let kube_clusters = (0..per_type).map(|i| self.kube(i, &networks)).collect();
        let databases = (0..per_type).map(|i| self.database(i)).collect();
        let load_balancers = (0..per_type).map(|i| self.load_balancer(i)).collect();
        let container_registries = (0..per_type).map(|i| self.registry(i, &id)).collect();
        let s3_containers = (0..per_type).map(|i| self.s3(i)).collect();
        let swift_containers = (0..per_type).map(|i| self.swift(i)).collect();
        ProjectData {
            project,
            regions,
            instances,
            kube_clusters,
            databases,
            load_balancers,
            container_registries,
            private_networks: networks,
            s3_containers,
            swift_containers,
        }
    }
}
