//! The regions of every generated project, and the region a generated resource is placed in.

use super::Gen;
use crate::data::model::{Region, RegionService};

/// Compute regions: (name, continent, datacenter location, country).
pub(super) const COMPUTE_REGIONS: &[(&str, &str, &str, &str)] = &[
    ("GRA11", "EU", "GRA", "fr"),
    ("SBG5", "EU", "SBG", "fr"),
    ("BHS5", "NA", "BHS", "ca"),
    ("DE1", "EU", "DE", "de"),
    ("UK1", "EU", "UK", "gb"),
    ("WAW1", "EU", "WAW", "pl"),
];

/// Object storage regions: (name, type, continent, location, country, has high-perf).
pub(super) const STORAGE_REGIONS: &[(&str, &str, &str, &str, &str, bool)] = &[
    ("GRA", "region", "EU", "GRA", "fr", true),
    ("SBG", "region", "EU", "SBG", "fr", true),
    ("BHS", "region", "NA", "BHS", "ca", false),
    ("DE", "region", "EU", "DE", "de", false),
    ("UK", "region", "EU", "UK", "gb", false),
    ("WAW", "region", "EU", "WAW", "pl", false),
    ("EU-WEST-PAR", "region-3-az", "EU", "PAR", "fr", true),
];

/// The regions every generated project has (also given to fixture projects without regions):
/// compute regions with every service UP, object-storage regions with S3, and a local zone
/// in maintenance.
pub fn standard_regions() -> Vec<Region> {
    let mut out = Vec::new();
    for (name, continent, loc, country) in COMPUTE_REGIONS {
        let lower = name.to_lowercase();
        let services = [
            "instance",
            "network",
            "volume",
            "image",
            "octavialoadbalancer",
            "kubernetes",
            "registry",
            "databases",
            "storage",
        ]
        .iter()
        .map(|s| RegionService {
            name: s.to_string(),
            status: "UP".into(),
            endpoint: format!("https://{s}.{lower}.cloud.ovh.net/"),
        })
        .collect();
        out.push(Region {
            name: name.to_string(),
            kind: "region".into(),
            status: "UP".into(),
            continent_code: continent.to_string(),
            datacenter_location: loc.to_string(),
            country_code: country.to_string(),
            availability_zones: vec![format!("{}-a", lower)],
            ip_countries: vec![country.to_string()],
            services,
        });
    }
    for (name, kind, continent, loc, country, high_perf) in STORAGE_REGIONS {
        let lower = name.to_lowercase();
        let mut names = vec!["storage", "storage-s3-standard"];
        if *high_perf {
            names.push("storage-s3-high-perf");
        }
        let services = names
            .iter()
            .map(|s| RegionService {
                name: s.to_string(),
                status: "UP".into(),
                endpoint: format!("https://s3.{lower}.io.cloud.ovh.net/"),
            })
            .collect();
        out.push(Region {
            name: name.to_string(),
            kind: kind.to_string(),
            status: "UP".into(),
            continent_code: continent.to_string(),
            datacenter_location: loc.to_string(),
            country_code: country.to_string(),
            availability_zones: if *kind == "region-3-az" {
                vec!["eu-west-par-a".into(), "eu-west-par-b".into(), "eu-west-par-c".into()]
            } else {
                vec![]
            },
            ip_countries: vec![country.to_string()],
            services,
        });
    }
    // A local zone in maintenance: nothing may be listed there.
    out.push(Region {
        name: "EU-SOUTH-LZ-MAD-A".into(),
        kind: "localzone".into(),
        status: "MAINTENANCE".into(),
        continent_code: "EU".into(),
        datacenter_location: "MAD".into(),
        country_code: "es".into(),
        availability_zones: vec![],
        ip_countries: vec!["es".into()],
        services: vec![RegionService {
            name: "instance".into(),
            status: "DOWN".into(),
            endpoint: String::new(),
        }],
    });
    out
}

impl Gen {
    pub(super) fn compute_region(&mut self) -> String {
        self.pick(COMPUTE_REGIONS).0.to_string()
    }
}
