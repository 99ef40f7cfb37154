//! Private networks (vRack), spread over one to three compute regions.

use rand::seq::SliceRandom;
use rand::Rng;

use super::regions::COMPUTE_REGIONS;
use super::Gen;
use crate::data::model::{NetworkRegion, PrivateNetwork};
use crate::data::names::{ENVS, TEAMS};

impl Gen {
    pub(super) fn private_network(&mut self, i: usize) -> PrivateNetwork {
        let vlan = 100 + i as u32 * 10 + self.rng.gen_range(0..10);
        let vrack = self.rng.gen_range(10_000..99_999);
        let n_regions = self.rng.gen_range(1..=3);
        let mut regions: Vec<&(&str, &str, &str, &str)> = COMPUTE_REGIONS.iter().collect();
        regions.shuffle(&mut self.rng);
        let regions = regions[..n_regions]
            .iter()
            .map(|r| NetworkRegion {
                region: r.0.to_string(),
                status: "ACTIVE".into(),
                openstack_id: self.uuid(),
            })
            .collect();
        let env = self.pick(ENVS);
        PrivateNetwork {
            id: format!("pn-{vrack}_{vlan}"),
            name: format!("{}-{}-net", self.pick(TEAMS), env),
            vlan_id: vlan,
            status: if self.in_error(i, 8) {
                "BUILDING".into()
            } else {
                "ACTIVE".into()
            },
            kind: "private".into(),
            regions,
        }
    }
}
