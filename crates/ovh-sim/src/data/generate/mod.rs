//! Deterministic account generator: the same seed and sizes give the same account.
//!
//! [`Gen`] holds the one random stream; each kind of object has its generator in its own
//! module. The order of draws is part of the output: changing it changes every account
//! (the pinned hashes in the tests catch that).

mod account;
mod databases;
mod dedicated;
mod instances;
mod kube;
mod load_balancers;
mod networks;
mod projects;
mod regions;
mod registries;
mod storage;

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

use super::model::*;
use super::names::*;
use crate::config::DataSize;

pub use regions::standard_regions;

/// Earliest creation date of generated objects (2021-01-01).
const EPOCH_START: i64 = 1_609_459_200;
/// Latest creation date of generated objects (2025-06-01).
const EPOCH_END: i64 = 1_748_736_000;

/// Generates an account from a seed.
pub fn generate(seed: u64, size: DataSize, urn_region: &str) -> Dataset {
    let mut g = Gen {
        rng: StdRng::seed_from_u64(seed),
        urn_region: urn_region.to_string(),
    };
    let me = g.me();
    let mut projects = Vec::new();
    let mut offsets: Vec<usize> = (0..PROJECT_NAMES.len()).collect();
    offsets.shuffle(&mut g.rng);
    for i in 0..size.projects {
        let name = if i < PROJECT_NAMES.len() {
            PROJECT_NAMES[offsets[i]].to_string()
        } else {
            format!(
                "{} {}",
                PROJECT_NAMES[offsets[i % PROJECT_NAMES.len()]],
                i / PROJECT_NAMES.len() + 1
            )
        };
        projects.push(g.project(&name, size.per_type));
    }
    let dedicated_servers = (0..size.dedicated_servers).map(|i| g.dedicated_server(i)).collect();
    Dataset {
        me,
        projects,
        dedicated_servers,
    }
}

struct Gen {
    rng: StdRng,
    urn_region: String,
}

impl Gen {
    pub(super) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.rng.gen_range(0..items.len())]
    }
    pub(super) fn hex(&mut self, n: usize) -> String {
        let mut out = String::with_capacity(n + 32);
        while out.len() < n {
            out.push_str(&format!("{:032x}", self.rng.gen::<u128>()));
        }
        out.truncate(n);
        out
    }
    pub(super) fn uuid(&mut self) -> String {
        let h = self.hex(32);
        format!(
            "{}-{}-4{}-a{}-{}",
            &h[0..8],
            &h[8..12],
            &h[13..16],
            &h[17..20],
            &h[20..32]
        )
    }
    pub(super) fn alnum(&mut self, n: usize) -> String {
        const A: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
        (0..n).map(|_| A[self.rng.gen_range(0..A.len())] as char).collect()
    }
    pub(super) fn date(&mut self) -> i64 {
        self.rng.gen_range(EPOCH_START..EPOCH_END)
    }
    pub(super) fn public_ip(&mut self) -> String {
        let first = *self.pick(&[51u8, 54, 57, 135, 141, 146, 152, 164, 178, 188]);
        format!(
            "{first}.{}.{}.{}",
            self.rng.gen_range(0..255),
            self.rng.gen_range(0..255),
            self.rng.gen_range(1..254)
        )
    }
    pub(super) fn private_ip(&mut self) -> String {
        format!(
            "10.{}.{}.{}",
            self.rng.gen_range(0..255),
            self.rng.gen_range(0..255),
            self.rng.gen_range(2..254)
        )
    }
    /// About one object in `n` is in an error state, never the first one.
    pub(super) fn in_error(&mut self, index: usize, n: u32) -> bool {
        index > 0 && self.rng.gen_ratio(1, n)
    }
    pub(super) fn iam(&mut self, kind: &str, id: &str, display: &str) -> IamRef {
        IamRef {
            id: self.uuid(),
            urn: format!("urn:v1:{}:resource:{kind}:{id}", self.urn_region),
            display_name: display.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_account() {
        let size = DataSize {
            projects: 2,
            per_type: 3,
            dedicated_servers: 2,
        };
        assert_eq!(generate(7, size, "eu"), generate(7, size, "eu"));
        assert_ne!(generate(7, size, "eu"), generate(8, size, "eu"));
    }

    #[test]
    fn sizes_are_respected() {
        let d = generate(
            1,
            DataSize {
                projects: 4,
                per_type: 6,
                dedicated_servers: 5,
            },
            "eu",
        );
        assert_eq!(d.projects.len(), 4);
        assert_eq!(d.dedicated_servers.len(), 5);
        for p in &d.projects {
            assert_eq!(p.project.project_id.len(), 32);
            assert_eq!(p.instances.len(), 6);
            assert_eq!(p.kube_clusters.len(), 6);
            assert_eq!(p.databases.len(), 6);
            assert_eq!(p.load_balancers.len(), 6);
            assert_eq!(p.container_registries.len(), 6);
            assert_eq!(p.private_networks.len(), 6);
            assert_eq!(p.s3_containers.len(), 6);
            assert_eq!(p.swift_containers.len(), 6);
            assert!(p.private_networks.iter().all(|n| !n.regions.is_empty()));
        }
    }

    #[test]
    fn empty_and_large_sizes() {
        let d = generate(
            5,
            DataSize {
                projects: 0,
                per_type: 0,
                dedicated_servers: 0,
            },
            "eu",
        );
        assert!(d.projects.is_empty() && d.dedicated_servers.is_empty());
        let d = generate(
            5,
            DataSize {
                projects: 12,
                per_type: 0,
                dedicated_servers: 0,
            },
            "ca",
        );
        assert_eq!(d.projects.len(), 12);
        assert!(d
            .projects
            .iter()
            .all(|p| p.instances.is_empty() && !p.regions.is_empty()));
        let names: std::collections::BTreeSet<_> = d.projects.iter().map(|p| &p.project.project_name).collect();
        assert_eq!(names.len(), 12, "Project names stay unique past the word list.");
        assert!(d.projects[0]
            .project
            .iam
            .urn
            .starts_with("urn:v1:ca:resource:publicCloudProject:"));
    }

    #[test]
    fn some_resources_are_in_error() {
        let d = generate(
            42,
            DataSize {
                projects: 3,
                per_type: 10,
                dedicated_servers: 8,
            },
            "eu",
        );
        let errors = d
            .projects
            .iter()
            .flat_map(|p| &p.instances)
            .filter(|i| i.status == "ERROR")
            .count();
        assert!(errors > 0, "Some instances must be in error.");
    }

    /// SHA-256 of the serialized account a config generates.
    fn dataset_hash(config: &crate::SimConfig) -> String {
        use sha2::{Digest, Sha256};
        let d = generate(config.seed, config.size, &config.urn_region);
        hex::encode(Sha256::digest(serde_json::to_vec(&d).unwrap()))
    }

    /// The generator is deterministic across versions too: the demo account and a large one
    /// stay byte-for-byte what they were, so benchmarks and screenshots stay comparable.
    #[test]
    fn generated_accounts_are_pinned() {
        let demo = crate::SimConfig::demo();
        let large = crate::SimConfig {
            seed: 4242,
            size: DataSize {
                projects: 12,
                per_type: 40,
                dedicated_servers: 30,
            },
            ..crate::SimConfig::demo()
        };
        assert_eq!(
            dataset_hash(&demo),
            "901c7d50f909cd8023dc793e89171907557e9106371f899dea3dba7140a1ade6"
        );
        assert_eq!(
            dataset_hash(&large),
            "728e20b77edb557713f511ad11a1e26185f0a38d758bdfb423935451284b6180"
        );
    }
}
