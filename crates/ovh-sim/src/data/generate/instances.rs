//! Compute instances, with their flavor, image and addresses.

use rand::Rng;
use serde_json::json;

use super::{Gen, EPOCH_START};
use crate::clock::rfc3339;
use crate::data::model::{Flavor, Image, Instance, IpAddress, PrivateNetwork};
use crate::data::names::{ENVS, FLAVORS, IMAGES, ROLES};

impl Gen {
    pub(super) fn instance(&mut self, i: usize, networks: &[PrivateNetwork]) -> Instance {
        let region = self.compute_region();
        let (fname, vcpus, ram, disk) = *self.pick(FLAVORS);
        let image_name = self.pick(IMAGES).to_string();
        let os_type = if image_name.starts_with("Windows") {
            "windows"
        } else {
            "linux"
        };
        let user = image_name.split(' ').next().unwrap_or("debian").to_lowercase();
        let status = if self.in_error(i, 6) {
            "ERROR"
        } else {
            *self.pick(&[
                "ACTIVE", "ACTIVE", "ACTIVE", "ACTIVE", "SHUTOFF", "BUILD", "SHELVED", "RESCUE",
            ])
        };
        let created = self.date();
        let flavor_id = self.uuid();
        let image_id = self.uuid();
        let mut ips = vec![IpAddress {
            ip: self.public_ip(),
            kind: "public".into(),
            version: 4,
            network_id: self.hex(64),
            gateway_ip: None,
        }];
        if let Some(net) = networks.get(i % networks.len().max(1)) {
            ips.push(IpAddress {
                ip: self.private_ip(),
                kind: "private".into(),
                version: 4,
                network_id: net.regions[0].openstack_id.clone(),
                gateway_ip: None,
            });
        }
        let name = format!("{}-{}-{:02}", self.pick(ROLES), self.pick(ENVS), i + 1);
        let monthly = self.rng.gen_ratio(1, 4);
        Instance {
            id: self.uuid(),
            name,
            status: status.into(),
            region: region.clone(),
            flavor_id: flavor_id.clone(),
            image_id: image_id.clone(),
            ssh_key_id: None,
            ip_addresses: ips,
            created: rfc3339(created),
            plan_code: format!("{fname}.consumption"),
            monthly_billing: if monthly {
                Some(json!({"since": rfc3339(created), "status": "ok"}))
            } else {
                None
            },
            operation_ids: vec![],
            current_month_outgoing_traffic: None,
            rescue_password: None,
            availability_zone: None,
            flavor: Flavor {
                id: flavor_id,
                name: fname.into(),
                region: region.clone(),
                vcpus,
                ram,
                disk,
                kind: "ovh.ssd.eg".into(),
                os_type: os_type.into(),
                plan_codes: json!({"hourly": format!("{fname}.consumption"), "monthly": format!("{fname}.monthly")}),
                available: true,
                quota: 20,
                inbound_bandwidth: 250,
                outbound_bandwidth: 250,
            },
            image: Image {
                id: image_id,
                name: image_name,
                region,
                kind: os_type.into(),
                visibility: "public".into(),
                status: "active".into(),
                creation_date: rfc3339(EPOCH_START),
                min_disk: 0,
                size: 2.5,
                user: if os_type == "windows" {
                    "Administrator".into()
                } else {
                    user
                },
                flavor_type: None,
                plan_code: None,
                tags: vec![],
            },
            ssh_key: None,
        }
    }
}
