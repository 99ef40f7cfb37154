//! Undoes the CLI's reshaping so its objects look like the API's.

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use crate::discovery::model::ResourceKind;

pub fn to_api_shape(kind: ResourceKind, objects: Vec<Value>) -> Vec<Value> {
    match kind {
        ResourceKind::PrivateNetwork => regroup_networks(objects),
        _ => objects,
    }
}

/// `cloud network private list` prints one row per (network, region) with
/// `id, name, vlanId, type, openstackId, region, status`; the API has one
/// network with `regions: [{region, status, openstackId}]`.
fn regroup_networks(rows: Vec<Value>) -> Vec<Value> {
    let mut networks: Vec<Map<String, Value>> = Vec::new();
    // Position of each network by id, so regrouping stays linear in the rows.
    let mut positions: HashMap<String, usize> = HashMap::new();
    for row in rows {
        let Value::Object(row) = row else { continue };
        let id = row.get("id").cloned().unwrap_or(Value::Null);
        let region = json!({
            "region": row.get("region").cloned().unwrap_or(Value::Null),
            "status": row.get("status").cloned().unwrap_or(Value::Null),
            "openstackId": row.get("openstackId").cloned().unwrap_or(Value::Null),
        });
        match positions.get(&id.to_string()).map(|&i| &mut networks[i]) {
            Some(network) => {
                if let Some(Value::Array(regions)) = network.get_mut("regions") {
                    regions.push(region);
                }
            }
            None => {
                positions.insert(id.to_string(), networks.len());
                let mut network = Map::new();
                for key in ["id", "name", "vlanId", "type"] {
                    network.insert(key.to_owned(), row.get(key).cloned().unwrap_or(Value::Null));
                }
                network.insert("regions".to_owned(), Value::Array(vec![region]));
                networks.push(network);
            }
        }
    }
    networks.into_iter().map(Value::Object).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn networks_regrouped_in_order() {
        let rows = vec![
            json!({"id":"n1","name":"a","vlanId":0,"type":"private","region":"GRA11","status":"ACTIVE","openstackId":"x"}),
            json!({"id":"n2","name":"b","vlanId":5,"type":"private","region":"SBG5","status":"ACTIVE","openstackId":"y"}),
            json!({"id":"n1","name":"a","vlanId":0,"type":"private","region":"BHS5","status":"BUILDING","openstackId":null}),
        ];
        let out = to_api_shape(ResourceKind::PrivateNetwork, rows);
        assert_eq!(
            out,
            vec![
                json!({"id":"n1","name":"a","vlanId":0,"type":"private","regions":[
                    {"region":"GRA11","status":"ACTIVE","openstackId":"x"},{"region":"BHS5","status":"BUILDING","openstackId":null}]}),
                json!({"id":"n2","name":"b","vlanId":5,"type":"private","regions":[{"region":"SBG5","status":"ACTIVE","openstackId":"y"}]}),
            ]
        );
        assert_eq!(to_api_shape(ResourceKind::Instance, vec![json!(1)]), vec![json!(1)]);
    }
}
