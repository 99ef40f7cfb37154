//! OVH JSON objects → [`Resource`]. Both engines feed the objects OVH's API
//! returns (the CLI engine first reshapes the CLI's flattened rows, see
//! `cli::reshape`), so one set of rules gives both the same inventory.
//! Every field is optional here: a missing field leaves a blank, it never
//! fails; only an object without an identifier is refused.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::model::{Resource, ResourceKind, Status, StatusClass};
use super::status::classify;

/// Where a raw object was found.
#[derive(Clone, Copy, Debug)]
pub struct Origin<'a> {
    pub connection_id: &'a str,
    pub project_id: Option<&'a str>,
}

/// True for a field name that looks like a credential (`password`,
/// `adminPassword`, `secret`, `token`, `accessToken`, `privateKey`...).
fn is_credential_name(key: &str) -> bool {
    let k: String = key
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    k == "token"
        || [
            "password",
            "secret",
            "accesstoken",
            "refreshtoken",
            "consumerkey",
            "privatekey",
            "apikey",
            "authorization",
            "credential",
        ]
        .iter()
        .any(|w| k.contains(w))
}

/// Removes every credential-like field, at any depth, so neither the
/// inventory shown and printed (`aurora discover`) nor the cache holds one.
pub fn remove_credentials(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|k, _| !is_credential_name(k));
            map.values_mut().for_each(remove_credentials);
        }
        Value::Array(items) => items.iter_mut().for_each(remove_credentials),
        _ => {}
    }
}

/// Why an object was left out of the inventory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unreadable(pub String);

pub fn normalize(kind: ResourceKind, origin: Origin<'_>, raw: Value) -> Result<Resource, Unreadable> {
    let Some(obj) = raw.as_object() else {
        return Err(Unreadable(format!("expected a JSON object, found {}", json_type(&raw))));
    };
    let o = Obj(obj);
    let mut fields = Fields::default();

    let (id, name, region, status_raw, created) = match kind {
        ResourceKind::Project => {
            fields.copy(&o, &["description", "planCode", "access"]);
            let id = o.text("project_id").or_else(|| o.text("id"));
            let name = o.text("projectName").or_else(|| o.text("description"));
            (id, name, None, o.text("status"), o.text("creationDate"))
        }
        ResourceKind::Instance => {
            fields.put("flavor", flavor_text(&o).or_else(|| o.text("flavorId")));
            fields.put("image", o.path(&["image", "name"]).or_else(|| o.text("imageId")));
            fields.put(
                "privateNetwork",
                join(o.array("privateNetworks").filter_map(Value::as_str).map(str::to_owned)),
            );
            fields.put(
                "ipv4",
                join(
                    o.array("ipAddresses")
                        .filter(|ip| Obj::of(ip).text("version").as_deref() == Some("4"))
                        .filter_map(|ip| Obj::of(ip).text("ip")),
                ),
            );
            fields.put("planCode", o.text("planCode"));
            (
                o.text("id"),
                o.text("name"),
                o.text("region"),
                o.text("status"),
                o.text("created"),
            )
        }
        ResourceKind::Kubernetes => {
            fields.copy(&o, &["version", "plan", "url", "updatePolicy"]);
            (
                o.text("id"),
                o.text("name"),
                o.text("region"),
                o.text("status"),
                o.text("createdAt"),
            )
        }
        ResourceKind::Database => {
            fields.copy(&o, &["engine", "version", "plan", "flavor", "nodeNumber"]);
            let region = o
                .text("region")
                .or_else(|| o.array("nodes").find_map(|n| Obj::of(n).text("region")));
            (
                o.text("id"),
                o.text("description"),
                region,
                o.text("status"),
                o.text("createdAt"),
            )
        }
        ResourceKind::LoadBalancer => {
            // Octavia objects (API engine, newer CLIs) and the older Load
            // Balancer product (`/loadbalancer`, CLI v0.5.0) share this kind.
            fields.put(
                "vipAddress",
                o.text("vipAddress").or_else(|| o.path(&["address", "ipv4"])),
            );
            fields.put("floatingIp", o.path(&["floatingIp", "ip"]));
            fields.put(
                "flavor",
                o.path(&["flavor", "name"])
                    .or_else(|| o.text("flavorId"))
                    .or_else(|| o.text("size")),
            );
            fields.put("operatingStatus", o.text("operatingStatus"));
            fields.put("provisioningStatus", o.text("provisioningStatus"));
            let status = match (o.text("provisioningStatus"), o.text("operatingStatus")) {
                (Some(p), Some(op)) if p.eq_ignore_ascii_case("ACTIVE") => Some(op),
                (Some(p), _) => Some(p),
                (None, op) => op.or_else(|| o.text("status")),
            };
            // The legacy `region` is a city code ("gra"); `openstackRegion` is the region.
            let region = o.text("openstackRegion").or_else(|| o.text("region"));
            (o.text("id"), o.text("name"), region, status, o.text("createdAt"))
        }
        ResourceKind::ContainerRegistry => {
            fields.copy(&o, &["url", "version", "size", "deploymentMode"]);
            fields.put("plan", o.path(&["plan", "name"]));
            (
                o.text("id"),
                o.text("name"),
                o.text("region"),
                o.text("status"),
                o.text("createdAt"),
            )
        }
        ResourceKind::PrivateNetwork => {
            let regions: Vec<(String, Option<String>)> = o
                .array("regions")
                .filter_map(|r| Obj::of(r).text("region").map(|name| (name, Obj::of(r).text("status"))))
                .collect();
            fields.copy(&o, &["vlanId", "type"]);
            fields.put(
                "regions",
                join(regions.iter().map(|(r, s)| match s {
                    Some(s) => format!("{r} ({s})"),
                    None => r.clone(),
                })),
            );
            // The CLI prints region rows only, so the network's status is
            // taken from its regions: the same for both engines.
            let status = common_status(regions.iter().filter_map(|(_, s)| s.clone())).or_else(|| o.text("status"));
            let region = join(regions.iter().map(|(r, _)| r.clone()));
            (o.text("id"), o.text("name"), region, status, None)
        }
        ResourceKind::ObjectStorageS3 => {
            fields.copy(&o, &["objectsCount", "objectsSize", "virtualHost"]);
            let name = o.text("name");
            let region = o.text("region");
            // Bucket names are unique per region, not per project.
            let id = name.as_ref().map(|n| match &region {
                Some(r) => format!("{r}/{n}"),
                None => n.clone(),
            });
            (id, name, region, None, o.text("createdAt"))
        }
        ResourceKind::ObjectStorageSwift => {
            fields.copy(&o, &["storedBytes", "storedObjects", "containerType"]);
            (o.text("id"), o.text("name"), o.text("region"), None, None)
        }
        ResourceKind::DedicatedServer => {
            fields.copy(
                &o,
                &["ip", "datacenter", "os", "commercialRange", "powerState", "reverse"],
            );
            let name = o.path(&["iam", "displayName"]).or_else(|| o.text("name"));
            let region = o.text("region").or_else(|| o.text("datacenter"));
            let mut state = o.text("state");
            if state.as_deref() == Some("ok") && o.text("powerState").as_deref() == Some("poweroff") {
                state = Some("poweroff".into());
            }
            (o.text("name"), name, region, state, None)
        }
    };

    let id = id
        .filter(|i| !i.is_empty())
        .ok_or_else(|| Unreadable(format!("{} object without an identifier", kind.label())))?;
    let status = match (kind, status_raw) {
        (_, Some(raw)) => Status {
            class: classify(&raw),
            raw: Some(raw),
        },
        // A listed container has no status of its own: it exists and answers.
        (ResourceKind::ObjectStorageS3 | ResourceKind::ObjectStorageSwift, None) => Status {
            class: StatusClass::Ok,
            raw: None,
        },
        (_, None) => Status {
            class: StatusClass::Unknown,
            raw: None,
        },
    };
    let mut raw = raw;
    remove_credentials(&mut raw);
    Ok(Resource {
        connection_id: origin.connection_id.to_owned(),
        project_id: if kind.is_account_level() {
            None
        } else {
            origin.project_id.map(str::to_owned)
        },
        kind,
        name: name.filter(|n| !n.is_empty()).unwrap_or_else(|| id.clone()),
        id,
        region,
        status,
        created,
        fields: fields.0,
        raw,
    })
}

/// The status shared by all parts, or the first one that is not `ok`.
fn common_status(statuses: impl Iterator<Item = String>) -> Option<String> {
    let all: Vec<String> = statuses.collect();
    let first = all.first()?.clone();
    Some(
        all.iter()
            .find(|s| classify(s) != StatusClass::Ok)
            .cloned()
            .unwrap_or(first),
    )
}

/// "b3-8 (2 vCPU, 8 GB RAM)": OVH's flavor name with its size, when known
/// (OVH gives the RAM in MB: 8000 for b3-8's 8 GB).
fn flavor_text(o: &Obj<'_>) -> Option<String> {
    let name = o.path(&["flavor", "name"])?;
    let number = |key: &str| o.0.get("flavor")?.get(key)?.as_f64();
    Some(match (number("vcpus"), number("ram")) {
        (Some(vcpus), Some(ram)) => {
            let gb = ram / 1000.0;
            let gb = if gb.fract() == 0.0 {
                format!("{gb:.0}")
            } else {
                format!("{gb:.1}")
            };
            format!("{name} ({vcpus} vCPU, {gb} GB RAM)")
        }
        _ => name,
    })
}

fn join(items: impl Iterator<Item = String>) -> Option<String> {
    let items: Vec<String> = items.collect();
    (!items.is_empty()).then(|| items.join(", "))
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A resource's fields; blank values are left out.
#[derive(Default)]
struct Fields(BTreeMap<String, String>);

impl Fields {
    fn put(&mut self, key: &str, value: Option<String>) {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            self.0.insert(key.to_owned(), v);
        }
    }

    /// Fields shown under the name OVH gives them.
    fn copy(&mut self, o: &Obj<'_>, keys: &[&str]) {
        for key in keys {
            self.put(key, o.text(key));
        }
    }
}

struct Obj<'a>(&'a Map<String, Value>);

impl<'a> Obj<'a> {
    fn of(v: &'a Value) -> Obj<'a> {
        static EMPTY: std::sync::OnceLock<Map<String, Value>> = std::sync::OnceLock::new();
        Obj(v.as_object().unwrap_or_else(|| EMPTY.get_or_init(Map::new)))
    }

    /// A scalar as display text; `None` for null, objects and arrays.
    fn text(&self, key: &str) -> Option<String> {
        scalar(self.0.get(key)?)
    }

    fn path(&self, keys: &[&str]) -> Option<String> {
        let mut v = self.0.get(keys[0])?;
        for k in &keys[1..] {
            v = v.get(k)?;
        }
        scalar(v)
    }

    fn array(&self, key: &str) -> impl Iterator<Item = &'a Value> {
        self.0.get(key).and_then(Value::as_array).into_iter().flatten()
    }
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const AT: Origin<'static> = Origin {
        connection_id: "c1",
        project_id: Some("p1"),
    };

    #[test]
    fn instance() {
        let r = normalize(
            ResourceKind::Instance,
            AT,
            json!({"id":"i1","name":"web-1","status":"SHUTOFF","region":"GRA11","flavorId":"f1","flavor":{"name":"b2-7"},
                   "ipAddresses":[{"ip":"51.1.2.3","version":4,"type":"public"},{"ip":"2001:db8::1","version":6}],
                   "created":"2025-01-02T03:04:05Z","planCode":"b2-7.consumption"}),
        )
        .unwrap();
        assert_eq!(
            (r.id.as_str(), r.name.as_str(), r.region.as_deref()),
            ("i1", "web-1", Some("GRA11"))
        );
        assert_eq!(
            r.status,
            Status {
                class: StatusClass::Stopped,
                raw: Some("SHUTOFF".into())
            }
        );
        assert_eq!(r.fields["flavor"], "b2-7");
        assert_eq!(r.fields["ipv4"], "51.1.2.3");
        assert_eq!(r.project_id.as_deref(), Some("p1"));
        assert_eq!(r.created.as_deref(), Some("2025-01-02T03:04:05Z"));
    }

    #[test]
    fn account_level_kinds_have_no_project() {
        let p = normalize(
            ResourceKind::Project,
            AT,
            json!({"project_id":"p9","projectName":"Prod","status":"ok"}),
        )
        .unwrap();
        assert_eq!(
            (p.id.as_str(), p.name.as_str(), p.project_id.clone()),
            ("p9", "Prod", None)
        );
        let s = normalize(ResourceKind::DedicatedServer, AT, json!({"name":"ns1.ip-1-2-3.eu","state":"ok","powerState":"poweron","datacenter":"gra3","iam":{"displayName":"db-box"}})).unwrap();
        assert_eq!(
            (s.id.as_str(), s.name.as_str(), s.region.as_deref()),
            ("ns1.ip-1-2-3.eu", "db-box", Some("gra3"))
        );
        assert_eq!(s.status.class, StatusClass::Ok);
        assert_eq!(s.project_id, None);
    }

    #[test]
    fn network_status_and_regions_come_from_its_regions() {
        let n = normalize(
            ResourceKind::PrivateNetwork,
            AT,
            json!({"id":"pn-1_0","name":"back","vlanId":0,"type":"private","status":"ACTIVE",
                   "regions":[{"region":"GRA11","status":"ACTIVE","openstackId":"a"},{"region":"SBG5","status":"BUILDING","openstackId":null}]}),
        )
        .unwrap();
        assert_eq!(n.region.as_deref(), Some("GRA11, SBG5"));
        assert_eq!(n.status.raw.as_deref(), Some("BUILDING"));
        assert_eq!(n.fields["vlanId"], "0");
        assert_eq!(n.fields["regions"], "GRA11 (ACTIVE), SBG5 (BUILDING)");
    }

    #[test]
    fn load_balancer_shapes() {
        let octavia = normalize(
            ResourceKind::LoadBalancer,
            AT,
            json!({"id":"lb1","name":"front","region":"GRA11","vipAddress":"10.0.0.5","operatingStatus":"ONLINE","provisioningStatus":"ACTIVE"}),
        )
        .unwrap();
        assert_eq!(
            octavia.status,
            Status {
                class: StatusClass::Ok,
                raw: Some("ONLINE".into())
            }
        );
        let busy = normalize(
            ResourceKind::LoadBalancer,
            AT,
            json!({"id":"lb2","operatingStatus":"OFFLINE","provisioningStatus":"PENDING_UPDATE"}),
        )
        .unwrap();
        assert_eq!(busy.status.class, StatusClass::InProgress);
        let legacy = normalize(
            ResourceKind::LoadBalancer,
            AT,
            json!({"id":"lb3","openstackRegion":"GRA11","size":"S","status":"active","address":{"ipv4":"1.2.3.4"}}),
        )
        .unwrap();
        assert_eq!(
            (legacy.region.as_deref(), legacy.status.class),
            (Some("GRA11"), StatusClass::Ok)
        );
        assert_eq!(legacy.fields["vipAddress"], "1.2.3.4");
    }

    #[test]
    fn storage_ids_and_status() {
        let s3 = normalize(
            ResourceKind::ObjectStorageS3,
            AT,
            json!({"name":"logs","region":"GRA","objectsCount":3}),
        )
        .unwrap();
        assert_eq!((s3.id.as_str(), s3.status.class), ("GRA/logs", StatusClass::Ok));
        let db = normalize(
            ResourceKind::Database,
            AT,
            json!({"id":"d1","description":"","engine":"mysql","nodes":[{"region":"DE"}],"status":"READY"}),
        )
        .unwrap();
        assert_eq!((db.name.as_str(), db.region.as_deref()), ("d1", Some("DE")));
    }

    #[test]
    fn credential_fields_are_removed_at_any_depth() {
        let at = Origin {
            connection_id: "c",
            project_id: Some("p"),
        };
        let raw = json!({
            "id": "i1", "name": "web", "status": "ACTIVE",
            "adminPassword": "hunter2", "token": "t0k", "keep": 1,
            "monthlyBilling": {"since": "x", "accessToken": "at-1", "nested": [{"client_secret": "cs-1", "ok": true}]},
            "sshKey": {"privateKey": "-----BEGIN", "publicKey": "ssh-ed25519"},
            "credentials": {"user": "u"}
        });
        let r = normalize(ResourceKind::Instance, at, raw).unwrap();
        let text = serde_json::to_string(&r).unwrap();
        for secret in ["hunter2", "t0k", "at-1", "cs-1", "BEGIN", "credentials"] {
            assert!(!text.contains(secret), "{secret} kept: {text}");
        }
        assert_eq!(r.raw["keep"], 1);
        assert_eq!(r.raw["monthlyBilling"]["nested"][0]["ok"], true);
        assert_eq!(r.raw["sshKey"]["publicKey"], "ssh-ed25519");
        assert_eq!((r.id.as_str(), r.name.as_str()), ("i1", "web"));
    }

    #[test]
    fn hostile_objects() {
        assert!(normalize(ResourceKind::Instance, AT, json!("i1")).is_err());
        assert!(normalize(ResourceKind::Instance, AT, json!({"name":"no id"})).is_err());
        assert!(normalize(ResourceKind::Kubernetes, AT, json!({"id":""})).is_err());
        let odd = normalize(
            ResourceKind::Kubernetes,
            AT,
            json!({"id":7,"name":{"x":1},"status":null,"region":[1]}),
        )
        .unwrap();
        assert_eq!(
            (odd.id.as_str(), odd.name.as_str(), odd.region.clone(), odd.status.class),
            ("7", "7", None, StatusClass::Unknown)
        );
    }
}
