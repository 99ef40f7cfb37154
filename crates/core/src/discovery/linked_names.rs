//! Names one resource takes from another found in the same refresh: an
//! instance's private network. An instance's private address names the
//! network's OpenStack id in one region (`ipAddresses[].networkId`); the
//! private networks list those ids (`regions[].openstackId`). Done once over
//! the inventory a refresh saves (`store::Store::save_refresh`; the JSON
//! cache's `cache::merge` also with the networks kept from an earlier refresh
//! when listing them failed), so it costs no request and works for both engines.

use std::collections::HashMap;

use super::model::{Resource, ResourceKind};

/// Sets the `privateNetwork` field of instances whose private addresses are on
/// networks of the same project found in this inventory.
pub fn name_private_networks(resources: &mut [Resource]) {
    let names: HashMap<(Option<String>, String), String> = resources
        .iter()
        .filter(|r| r.kind == ResourceKind::PrivateNetwork)
        .flat_map(|n| {
            n.raw["regions"].as_array().into_iter().flatten().filter_map(|r| {
                Some((
                    (n.project_id.clone(), r["openstackId"].as_str()?.to_owned()),
                    n.name.clone(),
                ))
            })
        })
        .collect();
    if names.is_empty() {
        return;
    }
    for instance in resources.iter_mut().filter(|r| r.kind == ResourceKind::Instance) {
        let mut found: Vec<&str> = instance.raw["ipAddresses"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|ip| ip["type"] == "private")
            .filter_map(|ip| names.get(&(instance.project_id.clone(), ip["networkId"].as_str()?.to_owned())))
            .map(String::as_str)
            .collect();
        found.dedup();
        if !found.is_empty() {
            let text = found.join(", ");
            instance.fields.insert("privateNetwork".into(), text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discovery::normalize::{normalize, Origin};
    use serde_json::json;

    fn resource(kind: ResourceKind, project: &str, raw: serde_json::Value) -> Resource {
        normalize(
            kind,
            Origin {
                connection_id: "c",
                project_id: Some(project),
            },
            raw,
        )
        .unwrap()
    }

    #[test]
    fn instances_get_their_networks_name_within_their_project() {
        let network =
            json!({"id": "pn-1_100", "name": "prod-net", "regions": [{"region": "GRA11", "openstackId": "os-1"}]});
        let instance = |id: &str| {
            json!({"id": id, "name": id, "ipAddresses": [
            {"ip": "10.0.0.2", "type": "private", "networkId": "os-1", "version": 4},
            {"ip": "1.2.3.4", "type": "public", "networkId": "os-1", "version": 4}]})
        };
        let mut resources = vec![
            resource(ResourceKind::PrivateNetwork, "p1", network),
            resource(ResourceKind::Instance, "p1", instance("i1")),
            resource(ResourceKind::Instance, "p2", instance("i2")),
        ];
        name_private_networks(&mut resources);
        assert_eq!(resources[1].fields["privateNetwork"], "prod-net");
        assert!(
            !resources[2].fields.contains_key("privateNetwork"),
            "another project's network is not this one"
        );
    }
}
