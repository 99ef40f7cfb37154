//! Names instead of ids for instances: `GET /cloud/project/{p}/instance`
//! lists `flavorId` and `imageId` only, so the project's flavor and image
//! lists (`GET …/flavor`, `GET …/image`) are read once per project and
//! refresh (every region at once), not once per instance, and their names
//! are put into the instance objects the way OVH's instance detail carries
//! them (`flavor.name`, `image.name`). Load balancers name their flavor
//! the same way, from each region's Octavia flavor list (`GET
//! …/region/{r}/loadbalancing/flavor`), read once per region that has load
//! balancers. Private network names come from the private networks
//! discovery lists anyway (see `discovery::linked_names`).

use std::collections::HashMap;

use serde_json::{json, Value};

use super::fetch::Fetcher;
use crate::api::{path_segment, ApiError};
use crate::user_error::{ErrorKind, UserError};

/// Puts flavor and image names into `instances`. A list that
/// cannot be read leaves its ids and returns a warning; the instances are kept.
pub async fn name_instances(fetch: &Fetcher, project: &str, instances: &mut [Value]) -> Option<UserError> {
    if instances.is_empty() {
        return None;
    }
    let paths = ["/flavor", "/image"].map(|suffix| format!("{project}{suffix}"));
    let mut answers = fetch.get_each(paths.into_iter().map(Ok).collect()).await.into_iter();
    let mut unread = Vec::new();
    let mut list = |name: &str| match answers.next() {
        Some(Ok(Value::Array(items))) => items,
        _ => {
            unread.push(name.to_owned());
            Vec::new()
        }
    };
    let (flavors, images) = (list("flavors"), list("images"));
    let (flavors, images) = (by_key(&flavors, "id"), by_key(&images, "id"));
    for instance in instances.iter_mut() {
        name_one(instance, &flavors, &images);
    }
    (!unread.is_empty()).then(|| {
        UserError::new(
            ErrorKind::NotGranted,
            format!(
                "Aurora could not read this project's {}, so some instances show ids instead of names.",
                unread.join(" and ")
            ),
            [
                "Refresh to try again",
                "Verify permissions include GET /cloud/project/*",
            ],
        )
    })
}

/// Puts flavor names (`flavor.name`) into Octavia load balancers. A region's
/// list that cannot be read leaves its ids and returns a warning.
pub async fn name_load_balancers(fetch: &Fetcher, project: &str, balancers: &mut [Value]) -> Option<UserError> {
    let mut regions: Vec<&str> = balancers
        .iter()
        .filter(|b| b.get("flavorId").is_some_and(Value::is_string))
        .filter_map(|b| b["region"].as_str())
        .collect();
    regions.sort_unstable();
    regions.dedup();
    if regions.is_empty() {
        return None;
    }
    let paths = regions
        .iter()
        .map(|r| -> Result<String, ApiError> {
            Ok(format!("{project}/region/{}/loadbalancing/flavor", path_segment(r)?))
        })
        .collect();
    let mut names: HashMap<String, Value> = HashMap::new();
    let mut unread = Vec::new();
    for (region, answer) in regions.iter().zip(fetch.get_each(paths).await) {
        match answer {
            Ok(Value::Array(flavors)) => names.extend(
                flavors
                    .into_iter()
                    .filter_map(|f| Some((f["id"].as_str()?.to_owned(), f["name"].clone()))),
            ),
            _ => unread.push(region.to_string()),
        }
    }
    for balancer in balancers.iter_mut() {
        let Some(o) = balancer.as_object_mut() else { continue };
        if let Some(name) = o.get("flavorId").and_then(Value::as_str).and_then(|id| names.get(id)) {
            o.entry("flavor").or_insert_with(|| json!({ "name": name }));
        }
    }
    (!unread.is_empty()).then(|| {
        UserError::new(
            ErrorKind::NotGranted,
            format!(
                "Aurora could not read the load balancer flavors of {}, so some load balancers show flavor ids instead of names.",
                unread.join(", ")
            ),
            [
                "Refresh to try again",
                "Verify permissions include GET /cloud/project/*",
            ],
        )
    })
}

fn by_key<'a>(items: &'a [Value], key: &str) -> HashMap<&'a str, &'a Value> {
    items.iter().filter_map(|i| Some((i[key].as_str()?, i))).collect()
}

fn name_one(instance: &mut Value, flavors: &HashMap<&str, &Value>, images: &HashMap<&str, &Value>) {
    let Some(o) = instance.as_object_mut() else { return };
    if let Some(f) = o.get("flavorId").and_then(Value::as_str).and_then(|id| flavors.get(id)) {
        o.entry("flavor")
            .or_insert_with(|| json!({"name": f["name"], "vcpus": f["vcpus"], "ram": f["ram"]}));
    }
    if let Some(i) = o.get("imageId").and_then(Value::as_str).and_then(|id| images.get(id)) {
        o.entry("image").or_insert_with(|| json!({"name": i["name"]}));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_become_names_and_unknown_ids_stay() {
        let flavors = [json!({"id": "f1", "name": "b3-8", "vcpus": 2, "ram": 8000})];
        let images = [json!({"id": "m1", "name": "Ubuntu 24.04"})];
        let (flavors, images) = (by_key(&flavors, "id"), by_key(&images, "id"));
        let mut known = json!({"flavorId": "f1", "imageId": "m1"});
        name_one(&mut known, &flavors, &images);
        assert_eq!(known["flavor"]["name"], "b3-8");
        assert_eq!(known["flavor"]["vcpus"], 2);
        assert_eq!(known["image"]["name"], "Ubuntu 24.04");
        let mut unknown = json!({"flavorId": "f9", "imageId": "m9"});
        name_one(&mut unknown, &flavors, &images);
        assert!(unknown.get("flavor").is_none() && unknown.get("image").is_none());
    }
}
