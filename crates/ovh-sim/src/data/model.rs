//! The account served by the simulator. Every struct serializes to exactly the JSON
//! OVH returns for the object (field names included), so a fixture file is just a
//! serialized [`Dataset`] and tests can compare a client's output with these values.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A whole OVH account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Dataset {
    pub me: Me,
    #[serde(default)]
    pub projects: Vec<ProjectData>,
    #[serde(default)]
    pub dedicated_servers: Vec<DedicatedServer>,
}

impl Dataset {
    /// The project with this id.
    pub fn project(&self, id: &str) -> Option<&ProjectData> {
        self.projects.iter().find(|p| p.project.project_id == id)
    }
}

/// `GET /me`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Me {
    pub nichandle: String,
    pub email: String,
    pub firstname: String,
    pub name: String,
    pub country: String,
    pub currency: Currency,
    pub ovh_subsidiary: String,
    pub state: String,
    pub language: String,
    pub customer_code: String,
    pub kyc_validated: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Currency {
    pub code: String,
    pub symbol: String,
}

/// `iam` block carried by v1 objects.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IamRef {
    pub id: String,
    pub urn: String,
    pub display_name: String,
}

/// One Public Cloud project and everything in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProjectData {
    pub project: Project,
    #[serde(default)]
    pub regions: Vec<Region>,
    #[serde(default)]
    pub instances: Vec<Instance>,
    #[serde(default)]
    pub kube_clusters: Vec<KubeCluster>,
    #[serde(default)]
    pub databases: Vec<DatabaseService>,
    #[serde(default)]
    pub load_balancers: Vec<LoadBalancer>,
    #[serde(default)]
    pub container_registries: Vec<ContainerRegistry>,
    #[serde(default)]
    pub private_networks: Vec<PrivateNetwork>,
    #[serde(default)]
    pub s3_containers: Vec<S3Container>,
    #[serde(default)]
    pub swift_containers: Vec<SwiftContainer>,
}

/// `GET /cloud/project/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Project {
    #[serde(rename = "project_id")]
    pub project_id: String,
    pub project_name: String,
    pub description: String,
    /// ok, creating, deleting, deleted, suspended
    pub status: String,
    pub plan_code: String,
    pub creation_date: String,
    pub expiration: Option<String>,
    pub order_id: Option<u64>,
    pub access: String,
    pub manual_quota: bool,
    pub unleash: bool,
    pub iam: IamRef,
}

/// `GET /cloud/project/{id}/region/{name}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Region {
    pub name: String,
    /// region, region-3-az, localzone
    #[serde(rename = "type")]
    pub kind: String,
    /// UP, DOWN, MAINTENANCE
    pub status: String,
    pub continent_code: String,
    pub datacenter_location: String,
    pub country_code: String,
    pub availability_zones: Vec<String>,
    pub ip_countries: Vec<String>,
    pub services: Vec<RegionService>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegionService {
    pub name: String,
    pub status: String,
    pub endpoint: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IpAddress {
    pub ip: String,
    /// public or private
    #[serde(rename = "type")]
    pub kind: String,
    pub version: u8,
    pub network_id: String,
    pub gateway_ip: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Flavor {
    pub id: String,
    pub name: String,
    pub region: String,
    pub vcpus: u32,
    pub ram: u32,
    pub disk: u32,
    #[serde(rename = "type")]
    pub kind: String,
    pub os_type: String,
    pub plan_codes: Value,
    pub available: bool,
    pub quota: u32,
    pub inbound_bandwidth: u32,
    pub outbound_bandwidth: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Image {
    pub id: String,
    pub name: String,
    pub region: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub visibility: String,
    pub status: String,
    pub creation_date: String,
    pub min_disk: u32,
    pub size: f64,
    pub user: String,
    pub flavor_type: Option<String>,
    pub plan_code: Option<String>,
    pub tags: Vec<String>,
}

/// An instance. The list (`GET /instance`) returns every field except
/// `flavor`, `image` and `sshKey`, which only the detail carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Instance {
    pub id: String,
    pub name: String,
    /// ACTIVE, BUILD, SHUTOFF, ERROR, RESCUE, SHELVED...
    pub status: String,
    pub region: String,
    pub flavor_id: String,
    pub image_id: String,
    pub ssh_key_id: Option<String>,
    pub ip_addresses: Vec<IpAddress>,
    pub created: String,
    pub plan_code: String,
    pub monthly_billing: Option<Value>,
    pub operation_ids: Vec<String>,
    pub current_month_outgoing_traffic: Option<u64>,
    pub rescue_password: Option<String>,
    pub availability_zone: Option<String>,
    pub flavor: Flavor,
    pub image: Image,
    pub ssh_key: Option<Value>,
}

/// `GET /cloud/project/{id}/kube/{kubeId}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KubeCluster {
    pub id: String,
    pub name: String,
    pub region: String,
    pub version: String,
    /// READY, INSTALLING, UPDATING, ERROR...
    pub status: String,
    pub url: String,
    pub nodes_url: String,
    pub private_network_id: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub update_policy: String,
    pub is_up_to_date: bool,
    pub control_plane_is_up_to_date: bool,
    #[serde(default)]
    pub audit_logs_subscribed: bool,
    pub next_upgrade_versions: Vec<String>,
    pub kube_proxy_mode: String,
    pub plan: String,
    pub customization: Value,
    pub private_network_configuration: Option<Value>,
    pub nodes_subnet_id: Option<String>,
    pub load_balancers_subnet_id: Option<String>,
}

/// `GET /cloud/project/{id}/database/service/{serviceId}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DatabaseService {
    pub id: String,
    pub description: String,
    /// postgresql, mysql, mongodb, redis, kafka, opensearch...
    pub engine: String,
    pub version: String,
    pub plan: String,
    pub flavor: String,
    pub node_number: u32,
    pub nodes: Vec<Value>,
    pub endpoints: Vec<Value>,
    /// READY, CREATING, UPDATING, ERROR...
    pub status: String,
    pub network_type: String,
    pub network_id: Option<String>,
    pub subnet_id: Option<String>,
    pub category: String,
    pub created_at: String,
    pub disk: Value,
    pub ip_restrictions: Vec<Value>,
    pub backup_time: String,
    pub maintenance_time: String,
    pub deletion_protection: bool,
}

/// Octavia load balancer, `GET /cloud/project/{id}/region/{r}/loadbalancing/loadbalancer`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoadBalancer {
    pub id: String,
    pub name: String,
    pub region: String,
    pub vip_address: String,
    pub vip_network_id: String,
    pub vip_subnet_id: String,
    /// ONLINE, OFFLINE, DEGRADED, ERROR, NO_MONITOR
    pub operating_status: String,
    /// ACTIVE, CREATING, UPDATING, DELETING, ERROR
    pub provisioning_status: String,
    pub flavor_id: String,
    pub floating_ip: Option<Value>,
    pub created_at: String,
    pub updated_at: String,
}

/// `GET /cloud/project/{id}/containerRegistry` (full objects).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerRegistry {
    pub id: String,
    pub name: String,
    pub region: String,
    /// READY, INSTALLING, ERROR, DELETING, SUSPENDED...
    pub status: String,
    pub url: String,
    pub version: String,
    pub size: u64,
    #[serde(rename = "projectID")]
    pub project_id: String,
    pub created_at: String,
    pub updated_at: String,
    pub iam_enabled: bool,
    /// `GET /containerRegistry/{id}/plan`; the API leaves it out of the registry object.
    #[serde(default)]
    pub plan: Value,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NetworkRegion {
    pub region: String,
    pub status: String,
    pub openstack_id: String,
}

/// `GET /cloud/project/{id}/network/private` (full objects).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PrivateNetwork {
    pub id: String,
    pub name: String,
    pub vlan_id: u32,
    pub status: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub regions: Vec<NetworkRegion>,
}

/// `GET /cloud/project/{id}/region/{r}/storage` (full objects).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct S3Container {
    pub name: String,
    pub region: String,
    pub objects_count: u64,
    pub objects_size: u64,
    pub virtual_host: String,
    pub owner_id: u64,
    pub created_at: String,
    pub encryption: Value,
    pub versioning: Value,
}

/// `GET /cloud/project/{id}/storage` (full objects).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SwiftContainer {
    pub id: String,
    pub name: String,
    pub region: String,
    pub stored_bytes: u64,
    pub stored_objects: u64,
    pub container_type: String,
}

/// `GET /dedicated/server/{name}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DedicatedServer {
    pub name: String,
    pub server_id: u64,
    pub ip: String,
    pub reverse: String,
    pub datacenter: String,
    pub region: String,
    pub availability_zone: String,
    pub os: String,
    /// ok, error, hacked, hackedBlocked
    pub state: String,
    pub power_state: String,
    pub commercial_range: String,
    pub rack: String,
    pub link_speed: u32,
    pub monitoring: bool,
    pub no_intervention: bool,
    pub professional_use: bool,
    pub rescue_mail: Option<String>,
    pub root_device: Option<String>,
    pub boot_id: u64,
    pub support_level: String,
    pub new_upgrade_system: bool,
    pub efi_bootloader_path: Option<String>,
    pub iam: IamRef,
}
