//! A project's regions (`GET /region`, then each `GET /region/{r}`), fetched
//! once per engine and shared by the load balancer, S3 and registry tasks of
//! that project. A failure is kept too, so sibling tasks do not ask again
//! within the same refresh.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde_json::Value;
use tokio::sync::OnceCell;

use super::fetch::Fetcher;
use crate::api::path_segment;
use crate::user_error::UserError;

type Regions = Result<Arc<Vec<Value>>, UserError>;

#[derive(Debug, Default)]
pub struct RegionCache {
    per_project: Mutex<HashMap<String, Arc<OnceCell<Regions>>>>,
}

impl RegionCache {
    pub async fn get(&self, fetch: &Fetcher, project_id: &str) -> Regions {
        let cell = {
            let mut map = self.per_project.lock().unwrap_or_else(|p| p.into_inner());
            map.entry(project_id.to_owned()).or_default().clone()
        };
        cell.get_or_init(|| async {
            let segment = path_segment(project_id)?;
            let base = format!("/cloud/project/{segment}/region");
            fetch.objects(&base).await.map(Arc::new).map_err(UserError::from)
        })
        .await
        .clone()
    }
}

/// Names of the regions that are UP and offer one of `services`, UP.
pub fn regions_offering(regions: &[Value], services: &[&str]) -> Vec<String> {
    let up = |v: &Value| v.get("status").and_then(Value::as_str) == Some("UP");
    regions
        .iter()
        .filter(|r| up(r))
        .filter(|r| {
            r.get("services").and_then(Value::as_array).is_some_and(|list| {
                list.iter().any(|s| {
                    up(s)
                        && s.get("name")
                            .and_then(Value::as_str)
                            .is_some_and(|n| services.contains(&n))
                })
            })
        })
        .filter_map(|r| r.get("name").and_then(Value::as_str).map(str::to_owned))
        .collect()
}

/// What the ovhcloud CLI calls a registry's deployment mode, from the `type`
/// of the region it lives in, so both engines show the same value.
pub fn deployment_mode(regions: &[Value], region: &str) -> Option<String> {
    let found = regions
        .iter()
        .find(|r| r.get("name").and_then(Value::as_str) == Some(region))?;
    let kind = found.get("type").and_then(Value::as_str)?;
    Some(
        match kind {
            "region" => "1-AZ",
            "region-3-az" => "3-AZ",
            "localzone" => "Local Zone",
            other => other,
        }
        .to_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_regions_and_services_that_are_up() {
        let regions = vec![
            json!({"name":"GRA11","type":"region","status":"UP","services":[{"name":"octavialoadbalancer","status":"UP"}]}),
            json!({"name":"SBG5","type":"region","status":"UP","services":[{"name":"octavialoadbalancer","status":"DOWN"}]}),
            json!({"name":"LZ","type":"localzone","status":"MAINTENANCE","services":[{"name":"octavialoadbalancer","status":"UP"}]}),
            json!({"name":"GRA","type":"region-3-az","status":"UP","services":[{"name":"storage-s3-high-perf","status":"UP"}]}),
            json!({"name":"odd","status":"UP","services":"not a list"}),
        ];
        assert_eq!(regions_offering(&regions, &["octavialoadbalancer"]), ["GRA11"]);
        assert_eq!(
            regions_offering(&regions, &["storage-s3-standard", "storage-s3-high-perf"]),
            ["GRA"]
        );
        assert_eq!(deployment_mode(&regions, "GRA").as_deref(), Some("3-AZ"));
        assert_eq!(deployment_mode(&regions, "LZ").as_deref(), Some("Local Zone"));
        assert_eq!(deployment_mode(&regions, "nowhere"), None);
    }
}
