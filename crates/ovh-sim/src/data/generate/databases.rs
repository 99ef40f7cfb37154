//! Managed databases, with their nodes and endpoints.

use serde_json::json;

use super::Gen;
use crate::clock::rfc3339;
use crate::data::model::DatabaseService;
use crate::data::names::{DB_ENGINES, DB_PURPOSES, ENVS};

impl Gen {
    pub(super) fn database(&mut self, i: usize) -> DatabaseService {
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
}
