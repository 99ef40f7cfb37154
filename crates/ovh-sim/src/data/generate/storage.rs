//! Object storage: S3 buckets and Swift containers.

use rand::Rng;
use serde_json::json;

use super::regions::STORAGE_REGIONS;
use super::Gen;
use crate::clock::rfc3339;
use crate::data::model::{S3Container, SwiftContainer};
use crate::data::names::TEAMS;

impl Gen {
    pub(super) fn s3(&mut self, i: usize) -> S3Container {
        let (region, ..) = *self.pick(STORAGE_REGIONS);
        let name = format!(
            "{}-{}-{}",
            self.pick(TEAMS),
            self.pick(&["backups", "assets", "logs", "uploads", "artifacts"]),
            i + 1
        );
        S3Container {
            virtual_host: format!("https://{name}.s3.{}.io.cloud.ovh.net/", region.to_lowercase()),
            name,
            region: region.into(),
            objects_count: self.rng.gen_range(0..100_000),
            objects_size: self.rng.gen_range(0..500_000_000_000),
            owner_id: self.rng.gen_range(100_000..999_999),
            created_at: rfc3339(self.date()),
            encryption: json!({"sseAlgorithm": "AES256"}),
            versioning: json!({"status": "disabled"}),
        }
    }

    pub(super) fn swift(&mut self, i: usize) -> SwiftContainer {
        use base64::Engine;
        let region = self.pick(&["GRA", "SBG", "BHS", "DE", "UK", "WAW"]).to_string();
        let name = format!(
            "{}-{}-{}",
            self.pick(TEAMS),
            self.pick(&["static", "archive", "media", "exports"]),
            i + 1
        );
        SwiftContainer {
            id: base64::engine::general_purpose::STANDARD.encode(format!("{region}:{name}")),
            name,
            region,
            stored_bytes: self.rng.gen_range(0..50_000_000_000),
            stored_objects: self.rng.gen_range(0..50_000),
            container_type: self.pick(&["private", "public", "static"]).to_string(),
        }
    }
}
