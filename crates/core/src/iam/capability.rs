//! What a policy may let an OAuth2 client do, in sets the person picks:
//! read-only inventory, then the product document's four write families.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum Capability {
    /// Every read discovery makes: projects and what is in them, dedicated
    /// servers, the account's own `/me`.
    ReadOnlyInventory,
    Instances,
    Networking,
    StorageVolumes,
    KubernetesClusters,
}

/// One capability as the UI lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CapabilitySet {
    pub capability: Capability,
    pub label: String,
    pub description: String,
    /// The IAM actions the policy allows for it, in the order they are sent.
    pub actions: Vec<String>,
}

const PROJECT_READS: &[&str] = &[
    "publicCloudProject:apiovh:get",
    "publicCloudProject:apiovh:instance/get",
    "publicCloudProject:apiovh:flavor/get",
    "publicCloudProject:apiovh:image/get",
    "publicCloudProject:apiovh:kube/get",
    "publicCloudProject:apiovh:network/private/get",
    "publicCloudProject:apiovh:volume/get",
    "publicCloudProject:apiovh:database/service/get",
    "publicCloudProject:apiovh:containerRegistry/get",
    "publicCloudProject:apiovh:region/get",
    "publicCloudProject:apiovh:region/loadbalancing/loadbalancer/get",
    "publicCloudProject:apiovh:region/loadbalancing/flavor/get",
    "publicCloudProject:apiovh:storage/get",
    "publicCloudProject:apiovh:region/storage/get",
    "publicCloudProject:apiovh:usage/current/get",
];

/// Applies to each dedicated server's URN.
pub const DEDICATED_SERVER_READ: &str = "dedicatedServer:apiovh:get";
/// Applies to the account URN (`GET /me`).
pub const ACCOUNT_READ: &str = "account:apiovh:me/get";
/// Applies to the account URN: the identity's own API calls (the activity view).
pub const OWN_API_LOGS_READ: &str = "account:apiovh:api/logs/self/get";

// Each write family includes its own reads: managing what one cannot see
// is not possible. Instances list their verbs (instance/* would also cover
// interfaces, snapshots and more); the other families are OVH's wildcards.
const INSTANCES: &[&str] = &[
    "publicCloudProject:apiovh:instance/get",
    "publicCloudProject:apiovh:instance/create",
    "publicCloudProject:apiovh:instance/edit",
    "publicCloudProject:apiovh:instance/delete",
    "publicCloudProject:apiovh:instance/start",
    "publicCloudProject:apiovh:instance/stop",
    "publicCloudProject:apiovh:instance/reboot",
];
const NETWORKING: &[&str] = &["publicCloudProject:apiovh:network/private/*"];
const STORAGE_VOLUMES: &[&str] = &["publicCloudProject:apiovh:volume/*"];
const KUBERNETES: &[&str] = &["publicCloudProject:apiovh:kube/*"];

impl Capability {
    pub const ALL: [Capability; 5] = [
        Capability::ReadOnlyInventory,
        Capability::Instances,
        Capability::Networking,
        Capability::StorageVolumes,
        Capability::KubernetesClusters,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Capability::ReadOnlyInventory => "Read-only inventory",
            Capability::Instances => "Instances (VMs)",
            Capability::Networking => "Networking",
            Capability::StorageVolumes => "Storage volumes",
            Capability::KubernetesClusters => "Kubernetes clusters",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Capability::ReadOnlyInventory => {
                "See everything Aurora discovers: projects, instances, Kubernetes clusters, databases, load balancers, registries, private networks, storage, costs, dedicated servers and the account name. Nothing can be changed."
            }
            Capability::Instances => "See, create, edit, delete, start, stop and reboot instances in the chosen projects.",
            Capability::Networking => "See and manage the private networks (vRack) of the chosen projects.",
            Capability::StorageVolumes => "See and manage the block storage volumes of the chosen projects.",
            Capability::KubernetesClusters => {
                "See and manage the Managed Kubernetes clusters of the chosen projects, and download their kubeconfig."
            }
        }
    }

    /// Short word used in policy names (`aurora-<client>-read-instances`).
    pub fn slug(self) -> &'static str {
        match self {
            Capability::ReadOnlyInventory => "read",
            Capability::Instances => "instances",
            Capability::Networking => "network",
            Capability::StorageVolumes => "volumes",
            Capability::KubernetesClusters => "kube",
        }
    }

    /// Actions on Public Cloud project resources.
    pub fn project_actions(self) -> &'static [&'static str] {
        match self {
            Capability::ReadOnlyInventory => PROJECT_READS,
            Capability::Instances => INSTANCES,
            Capability::Networking => NETWORKING,
            Capability::StorageVolumes => STORAGE_VOLUMES,
            Capability::KubernetesClusters => KUBERNETES,
        }
    }

    /// Every action of the set, account-level ones included.
    pub fn actions(self) -> Vec<&'static str> {
        let mut actions = self.project_actions().to_vec();
        if self == Capability::ReadOnlyInventory {
            actions.extend([DEDICATED_SERVER_READ, ACCOUNT_READ, OWN_API_LOGS_READ]);
        }
        actions
    }

    pub fn set(self) -> CapabilitySet {
        CapabilitySet {
            capability: self,
            label: self.label().to_owned(),
            description: self.description().to_owned(),
            actions: self.actions().into_iter().map(str::to_owned).collect(),
        }
    }
}

/// Every capability, in the order the UI shows them.
pub fn capability_sets() -> Vec<CapabilitySet> {
    Capability::ALL.into_iter().map(Capability::set).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_set_is_listed_with_actions() {
        let sets = capability_sets();
        assert_eq!(sets.len(), 5);
        for set in &sets {
            assert!(
                !set.actions.is_empty() && !set.label.is_empty() && set.description.ends_with('.'),
                "{set:?}"
            );
        }
        let json = serde_json::to_value(&sets[0]).unwrap();
        assert_eq!(json["capability"], "readOnlyInventory");
    }

    #[test]
    fn read_only_inventory_only_reads() {
        for action in Capability::ReadOnlyInventory.actions() {
            assert!(action.ends_with(":get") || action.ends_with("/get"), "{action}");
        }
    }

    #[test]
    fn the_actions_aurora_offers_map_to_capabilities() {
        for action in crate::actions::PowerAction::ALL {
            let needed = action.needed();
            assert!(
                needed.capability.actions().contains(&needed.iam_action.as_str()),
                "{needed:?}"
            );
        }
        // kube/* covers the kubeconfig download.
        let kube = crate::actions::kubeconfig::needed();
        assert_eq!(kube.capability, Capability::KubernetesClusters);
        assert!(kube.iam_action.starts_with("publicCloudProject:apiovh:kube/"));
        assert!(Capability::KubernetesClusters
            .actions()
            .contains(&"publicCloudProject:apiovh:kube/*"));
        assert!(Capability::ReadOnlyInventory.actions().contains(&OWN_API_LOGS_READ));
    }

    #[test]
    fn exports_to_typescript() {
        let conf = specta_typescript::Typescript::default();
        let set = specta_typescript::export::<CapabilitySet>(&conf).unwrap();
        assert!(set.contains("actions: string[]"), "{set}");
        specta_typescript::export::<Capability>(&conf).unwrap();
    }
}
