//! Dedicated (bare-metal) servers.

use rand::Rng;

use super::Gen;
use crate::data::model::DedicatedServer;
use crate::data::names::{DATACENTERS, DEDICATED_OS, DEDICATED_RANGES};

impl Gen {
    pub(super) fn dedicated_server(&mut self, i: usize) -> DedicatedServer {
        let (dc, region, az) = *self.pick(DATACENTERS);
        let ip = self.public_ip();
        let octets: Vec<&str> = ip.split('.').collect();
        let name = format!(
            "ns{}.ip-{}-{}-{}.eu",
            self.rng.gen_range(3_000_000..3_999_999),
            octets[0],
            octets[1],
            octets[2]
        );
        DedicatedServer {
            reverse: format!("{name}."),
            server_id: self.rng.gen_range(100_000..999_999),
            ip,
            datacenter: dc.into(),
            region: region.into(),
            availability_zone: az.into(),
            os: self.pick(DEDICATED_OS).to_string(),
            state: if self.in_error(i, 4) {
                "error".into()
            } else {
                "ok".into()
            },
            power_state: self.pick(&["poweron", "poweron", "poweron", "poweroff"]).to_string(),
            commercial_range: self.pick(DEDICATED_RANGES).to_string(),
            rack: format!("{}{}", dc.to_uppercase(), self.rng.gen_range(1..40)),
            link_speed: 1000,
            monitoring: true,
            no_intervention: false,
            professional_use: false,
            rescue_mail: None,
            root_device: None,
            boot_id: 1,
            support_level: "pro".into(),
            new_upgrade_system: true,
            efi_bootloader_path: None,
            iam: self.iam("dedicatedServer", &name, &name),
            name,
        }
    }
}
