//! Deterministic account generator: the same seed and sizes give the same account.

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use serde_json::json;

use super::model::*;
use super::names::*;
use crate::clock::rfc3339;
use crate::config::DataSize;

/// Compute regions: (name, continent, datacenter location, country).
const COMPUTE_REGIONS: &[(&str, &str, &str, &str)] = &[
    ("GRA11", "EU", "GRA", "fr"),
    ("SBG5", "EU", "SBG", "fr"),
    ("BHS5", "NA", "BHS", "ca"),
    ("DE1", "EU", "DE", "de"),
    ("UK1", "EU", "UK", "gb"),
    ("WAW1", "EU", "WAW", "pl"),
];

/// Object storage regions: (name, type, continent, location, country, has high-perf).
const STORAGE_REGIONS: &[(&str, &str, &str, &str, &str, bool)] = &[
    ("GRA", "region", "EU", "GRA", "fr", true),
    ("SBG", "region", "EU", "SBG", "fr", true),
    ("BHS", "region", "NA", "BHS", "ca", false),
    ("DE", "region", "EU", "DE", "de", false),
    ("UK", "region", "EU", "UK", "gb", false),
    ("WAW", "region", "EU", "WAW", "pl", false),
    ("EU-WEST-PAR", "region-3-az", "EU", "PAR", "fr", true),
];

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

fn ascii_lower(s: &str) -> String {
    s.to_lowercase().replace(['é', 'è'], "e")
}

struct Gen {
    rng: StdRng,
    urn_region: String,
}

impl Gen {
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.rng.gen_range(0..items.len())]
    }
    fn hex(&mut self, n: usize) -> String {
        let mut out = String::with_capacity(n + 32);
        while out.len() < n {
            out.push_str(&format!("{:032x}", self.rng.gen::<u128>()));
        }
        out.truncate(n);
        out
    }
    fn uuid(&mut self) -> String {
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
    fn alnum(&mut self, n: usize) -> String {
        const A: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
        (0..n).map(|_| A[self.rng.gen_range(0..A.len())] as char).collect()
    }
    fn date(&mut self) -> i64 {
        self.rng.gen_range(EPOCH_START..EPOCH_END)
    }
    fn public_ip(&mut self) -> String {
        let first = *self.pick(&[51u8, 54, 57, 135, 141, 146, 152, 164, 178, 188]);
        format!(
            "{first}.{}.{}.{}",
            self.rng.gen_range(0..255),
            self.rng.gen_range(0..255),
            self.rng.gen_range(1..254)
        )
    }
    fn private_ip(&mut self) -> String {
        format!(
            "10.{}.{}.{}",
            self.rng.gen_range(0..255),
            self.rng.gen_range(0..255),
            self.rng.gen_range(2..254)
        )
    }
    /// About one object in `n` is in an error state, never the first one.
    fn in_error(&mut self, index: usize, n: u32) -> bool {
        index > 0 && self.rng.gen_ratio(1, n)
    }
    fn iam(&mut self, kind: &str, id: &str, display: &str) -> IamRef {
        IamRef {
            id: self.uuid(),
            urn: format!("urn:v1:{}:resource:{kind}:{id}", self.urn_region),
            display_name: display.to_string(),
        }
    }

    fn me(&mut self) -> Me {
        let first = self.pick(FIRST_NAMES).to_string();
        let last = self.pick(LAST_NAMES).to_string();
        let nic = format!(
            "{}{}{}-ovh",
            &first[..1].to_lowercase(),
            &last[..1].to_lowercase(),
            self.rng.gen_range(10_000..99_999)
        );
        Me {
            email: format!("{}.{}@example.com", ascii_lower(&first), ascii_lower(&last)),
            nichandle: nic,
            firstname: first,
            name: last,
            country: "FR".into(),
            currency: Currency {
                code: "EUR".into(),
                symbol: "EURO".into(),
            },
            ovh_subsidiary: "FR".into(),
            state: "complete".into(),
            language: "fr_FR".into(),
            customer_code: format!(
                "{:04}-{:04}-{:02}",
                self.rng.gen_range(0..9999),
                self.rng.gen_range(0..9999),
                self.rng.gen_range(0..99)
            ),
            kyc_validated: true,
        }
    }

    fn project(&mut self, name: &str, per_type: usize) -> ProjectData {
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

    fn compute_region(&mut self) -> String {
        self.pick(COMPUTE_REGIONS).0.to_string()
    }

    fn private_network(&mut self, i: usize) -> PrivateNetwork {
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

    fn instance(&mut self, i: usize, networks: &[PrivateNetwork]) -> Instance {
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

    fn kube(&mut self, i: usize, networks: &[PrivateNetwork]) -> KubeCluster {
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

    fn database(&mut self, i: usize) -> DatabaseService {
        let (engine, versions) = *self.pick(DB_ENGINES);
        let version = self.pick(versions).to_string();
        let region = self.pick(&["GRA", "SBG", "BHS", "DE", "UK", "WAW"]).to_string();
        let plan = self.pick(&["essential", "business", "enterprise"]).to_string();
        let flavor = self.pick(&["db1-4", "db1-7", "db1-15", "b3-8"]).to_string();
        let nodes_n = if plan == "essential" { 1 } else { 3 };
        let status = if self.in_error(i, 6) {
            "ERROR"
        } else {
            *self.pick(&["READY", "READY", "READY", "CREATING", "UPDATING"])
        };
        let created = self.date();
        let host = format!("{}-{}.database.cloud.ovh.net", engine, self.alnum(8));
        let network_type = self.pick(&["public", "private"]).to_string();
        let nodes = (0..nodes_n)
            .map(|n| {
                json!({"id": self.uuid(), "flavor": flavor, "name": format!("node{n}-{}", host), "region": region,
                       "status": if status == "ERROR" { "ERROR" } else { "READY" }, "createdAt": rfc3339(created)})
            })
            .collect();
        let port = match engine {
            "postgresql" => 20184,
            "mysql" => 20184,
            "mongodb" => 27017,
            "redis" => 20185,
            _ => 20186,
        };
        DatabaseService {
            id: self.uuid(),
            description: format!("{}-{}-{}", self.pick(DB_PURPOSES), engine, self.pick(ENVS)),
            engine: engine.into(),
            version,
            plan,
            flavor,
            node_number: nodes_n,
            nodes,
            endpoints: vec![
                json!({"component": engine, "domain": host, "path": null, "port": port, "scheme": engine,
                                   "ssl": true, "sslMode": "require", "uri": format!("{engine}://avnadmin@{host}:{port}")}),
            ],
            status: status.into(),
            network_type: network_type.clone(),
            network_id: (network_type == "private").then(|| self.uuid()),
            subnet_id: (network_type == "private").then(|| self.uuid()),
            category: match engine {
                "kafka" => "streaming",
                "opensearch" => "operational",
                _ => "all",
            }
            .into(),
            created_at: rfc3339(created),
            disk: json!({"size": 80, "type": "high-speed"}),
            ip_restrictions: vec![json!({"ip": "0.0.0.0/0", "description": "", "status": "READY"})],
            backup_time: "22:00:00".into(),
            maintenance_time: "03:00:00".into(),
            deletion_protection: false,
        }
    }

    fn load_balancer(&mut self, i: usize) -> LoadBalancer {
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

    fn registry(&mut self, i: usize, project_id: &str) -> ContainerRegistry {
        let region = self.compute_region();
        let created = self.date();
        let (plan_name, storage) = *self.pick(&[("SMALL", 200u64), ("MEDIUM", 600), ("LARGE", 5000)]);
        let storage_bytes = storage * 1_000_000_000;
        let sub = self.alnum(8);
        ContainerRegistry {
            id: self.uuid(),
            name: format!("registry-{}-{}", self.pick(TEAMS), i + 1),
            region: region.clone(),
            status: if self.in_error(i, 6) {
                "ERROR".into()
            } else {
                "READY".into()
            },
            url: format!("https://{sub}.c1.{}.container-registry.ovh.net", region.to_lowercase()),
            version: self.pick(&["2.10.2", "2.11.1", "2.12.0"]).to_string(),
            size: self.rng.gen_range(0..storage_bytes / 2),
            project_id: project_id.to_string(),
            created_at: rfc3339(created),
            updated_at: rfc3339(created + 86_400),
            iam_enabled: false,
            plan: json!({
                "id": self.uuid(),
                "name": plan_name,
                "code": format!("registry.{}-plan-monthly", plan_name.chars().next().unwrap().to_lowercase()),
                "registryLimits": {"imageStorage": storage_bytes, "parallelRequest": 15},
                "features": {"vulnerability": plan_name != "SMALL"},
                "createdAt": rfc3339(EPOCH_START),
                "updatedAt": rfc3339(EPOCH_START),
            }),
        }
    }

    fn s3(&mut self, i: usize) -> S3Container {
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

    fn swift(&mut self, i: usize) -> SwiftContainer {
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

    fn dedicated_server(&mut self, i: usize) -> DedicatedServer {
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
