//! Word lists for realistic generated names.

pub const PROJECT_NAMES: &[&str] = &[
    "Production",
    "Staging",
    "Data Platform",
    "ML Research",
    "Sandbox",
    "Internal Tools",
    "Customer Portal",
    "Analytics",
    "Mobile Backend",
    "Disaster Recovery",
];

pub const ROLES: &[&str] = &[
    "web",
    "api",
    "worker",
    "cache",
    "bastion",
    "gateway",
    "etl",
    "grafana",
    "ci-runner",
    "search",
    "mail",
    "vpn",
];

pub const ENVS: &[&str] = &["prod", "staging", "dev", "qa"];

pub const TEAMS: &[&str] = &[
    "platform", "payments", "checkout", "identity", "growth", "data", "infra", "mobile",
];

pub const DB_ENGINES: &[(&str, &[&str])] = &[
    ("postgresql", &["14", "15", "16"]),
    ("mysql", &["8"]),
    ("mongodb", &["6.0", "7.0"]),
    ("redis", &["7.2"]),
    ("kafka", &["3.7"]),
    ("opensearch", &["2"]),
];

pub const DB_PURPOSES: &[&str] = &[
    "orders", "users", "sessions", "events", "catalog", "billing", "audit", "metrics",
];

pub const FLAVORS: &[(&str, u32, u32, u32)] = &[
    // name, vcpus, ram (MB), disk (GB)
    ("b3-8", 2, 8000, 50),
    ("b3-16", 4, 16000, 100),
    ("c3-4", 2, 4000, 50),
    ("d2-2", 1, 2000, 25),
    ("d2-4", 2, 4000, 50),
    ("r3-32", 4, 32000, 100),
    ("t1-45", 8, 45000, 400),
];

pub const IMAGES: &[&str] = &[
    "Debian 12",
    "Ubuntu 24.04",
    "Ubuntu 22.04",
    "Rocky Linux 9",
    "AlmaLinux 9",
    "Windows Server 2022",
];

pub const DEDICATED_RANGES: &[&str] = &[
    "Advance-1",
    "Advance-2",
    "Rise-1",
    "Rise-3",
    "Scale-a1",
    "HGR-HCI-i1",
    "KS-5",
];

pub const DEDICATED_OS: &[&str] = &[
    "debian12_64",
    "ubuntu2404-server_64",
    "proxmox8_64",
    "rocky9_64",
    "win2022-std_64",
];

pub const DATACENTERS: &[(&str, &str, &str)] = &[
    // datacenter, region, availability zone
    ("gra3", "eu-west-gra", "eu-west-gra-a"),
    ("rbx8", "eu-west-rbx", "eu-west-rbx-a"),
    ("sbg5", "eu-west-sbg", "eu-west-sbg-a"),
    ("bhs6", "ca-east-bhs", "ca-east-bhs-a"),
    ("waw1", "eu-central-waw", "eu-central-waw-a"),
    ("lon1", "eu-west-lon", "eu-west-lon-a"),
    ("fra1", "eu-west-fra", "eu-west-fra-a"),
];

pub const FIRST_NAMES: &[&str] = &["Camille", "Louis", "Chloé", "Hugo", "Léa", "Nathan", "Manon", "Julien"];
pub const LAST_NAMES: &[&str] = &[
    "Martin", "Bernard", "Dubois", "Moreau", "Laurent", "Girard", "Roux", "Fontaine",
];
