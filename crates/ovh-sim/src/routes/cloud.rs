//! `/cloud/project/...` (v1) and `/v2/publicCloud/project`, with OVH's list semantics:
//! projects, kube, databases, regions and legacy load balancers list ids; instances,
//! registries, networks, Swift, S3 and Octavia load balancers list full objects.

use serde::Serialize;
use serde_json::{json, Value};

use super::{pagination, Ctx, RouteResult};
use crate::clock::rfc3339;
use crate::data::{LoadBalancer, ProjectData};
use crate::errors::ApiError;
use crate::reply::ok;

fn to_value<T: Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

fn find<'a, T>(items: &'a [T], what: &str, pred: impl Fn(&T) -> bool) -> Result<&'a T, ApiError> {
    items.iter().find(|i| pred(i)).ok_or_else(|| ApiError::not_found(what))
}

/// An instance as listed (`GET /instance` has no flavor, image or sshKey).
pub fn instance_list_item(i: &crate::data::Instance) -> Value {
    let mut v = to_value(i);
    if let Some(o) = v.as_object_mut() {
        o.remove("flavor");
        o.remove("image");
        o.remove("sshKey");
    }
    v
}

/// A registry as the API answers it (the plan has its own endpoint).
pub fn registry_json(r: &crate::data::ContainerRegistry) -> Value {
    let mut v = to_value(r);
    if let Some(o) = v.as_object_mut() {
        o.remove("plan");
    }
    v
}

/// An Octavia flavor's size, derived from its id so that the generated
/// accounts (pinned by hash) need no extra field: 0, 1 or 2.
fn load_balancer_size(flavor_id: &str) -> usize {
    flavor_id.as_bytes().first().map_or(2, |b| usize::from(b % 3))
}

/// The name of a load balancer's Octavia flavor: small, medium or large.
pub fn load_balancer_flavor_name(lb: &LoadBalancer) -> &'static str {
    ["small", "medium", "large"][load_balancer_size(&lb.flavor_id)]
}

/// `GET /cloud/project/{id}/region/{r}/loadbalancing/flavor`: the flavors the
/// region's load balancers use (`cloud.loadbalancing.Flavor`: id, name, region).
fn load_balancer_flavors(p: &ProjectData, region: &str) -> Vec<Value> {
    let mut seen = std::collections::HashSet::new();
    p.load_balancers
        .iter()
        .filter(|l| l.region == region && seen.insert(l.flavor_id.as_str()))
        .map(|l| json!({"id": l.flavor_id, "name": load_balancer_flavor_name(l), "region": l.region}))
        .collect()
}

/// The legacy load balancer shape served on `/cloud/project/{id}/loadbalancer/{lbId}`.
pub fn legacy_load_balancer(lb: &LoadBalancer) -> Value {
    let size = ["S", "M", "L"][load_balancer_size(&lb.flavor_id)];
    json!({
        "id": lb.id,
        "name": lb.name,
        "openstackRegion": lb.region,
        "region": lb.region.trim_end_matches(|c: char| c.is_ascii_digit()).to_lowercase(),
        "size": size,
        "status": if lb.provisioning_status == "ERROR" { "error" } else { "running" },
        "address": {"ipv4": lb.floating_ip.as_ref().and_then(|f| f["ip"].as_str()).unwrap_or(&lb.vip_address), "ipv6": null},
        "description": format!("Load balancer {}", lb.name),
        "networking": {"ingress": {"kind": "public"}, "egress": {"kind": "public"}},
        "egressAddress": {"ipv4": [], "ipv6": []},
        "createdAt": lb.created_at,
    })
}

/// `/cloud/project/{id}/usage/current`, computed from the project's instances.
pub fn usage_current(p: &ProjectData, now: i64) -> Value {
    let month_start = now - now.rem_euclid(86_400) - 86_400 * 14;
    let mut hourly = Vec::new();
    let mut monthly = Vec::new();
    for i in &p.instances {
        let price = (i.flavor.vcpus as f64) * 0.0121;
        let hours = 24.0 * 14.0;
        let entry = json!({
            "region": i.region,
            "reference": i.flavor.name,
            "quantity": {"unit": "Hour", "value": hours},
            "totalPrice": (price * hours * 100.0).round() / 100.0,
            "details": [{"instanceId": i.id, "quantity": {"unit": "Hour", "value": hours}, "totalPrice": (price * hours * 100.0).round() / 100.0}],
        });
        if i.monthly_billing.is_some() {
            monthly.push(json!({"region": i.region, "reference": i.flavor.name, "totalPrice": (price * 730.0 * 50.0).round() / 100.0,
                                "details": [{"instanceId": i.id, "activation": i.created, "totalPrice": (price * 730.0 * 50.0).round() / 100.0}]}));
        } else {
            hourly.push(entry);
        }
    }
    let storage: Vec<Value> = p
        .swift_containers
        .iter()
        .map(|s| {
            let gb = s.stored_bytes as f64 / 1e9;
            json!({"region": s.region, "type": "pcs", "bucketName": s.name, "stored": {"unit": "GiB.h", "value": gb * 336.0},
                   "totalPrice": (gb * 336.0 * 0.00001389 * 100.0).round() / 100.0})
        })
        .collect();
    json!({
        "period": {"from": rfc3339(month_start), "to": rfc3339(month_start + 86_400 * 30)},
        "lastUpdate": rfc3339(now - 3600),
        "hourlyUsage": {"instance": hourly, "storage": storage, "volume": [], "snapshot": [], "instanceBandwidth": [], "instanceOption": []},
        "monthlyUsage": {"instance": monthly, "instanceOption": [], "certification": []},
        "resourcesUsage": [],
    })
}

fn project<'a>(ctx: &'a Ctx<'_>, id: &str) -> Result<&'a ProjectData, ApiError> {
    ctx.inner.dataset.project(id).ok_or_else(ApiError::not_found_service)
}

/// `/cloud/project/...` routes (v1).
pub fn route(ctx: &mut Ctx<'_>, method: &str, segs: &[&str]) -> Option<RouteResult> {
    match method {
        "POST" => super::actions::route(ctx, segs, ctx.action_delay),
        "GET" => read(ctx, segs).map(|answer| answer.map(|value| ok(&value))),
        _ => None,
    }
}

/// `GET /cloud/project/...` as a JSON value, or `None` when no route matches.
pub fn read(ctx: &Ctx<'_>, segs: &[&str]) -> Option<Result<Value, ApiError>> {
    let (pid, rest) = match segs {
        ["cloud", "project"] => {
            let ids: Vec<&str> = ctx
                .inner
                .dataset
                .projects
                .iter()
                .map(|p| p.project.project_id.as_str())
                .collect();
            return Some(Ok(to_value(&ids)));
        }
        ["cloud", "project", pid, rest @ ..] => (*pid, rest),
        _ => return None,
    };
    let p = match project(ctx, pid) {
        Ok(p) => p,
        Err(e) => return Some(Err(e)),
    };
    let filters = (ctx.req.query_param("region"), ctx.req.query_param("osType"));
    Some(project_route(p, rest, ctx.now, filters))
}

/// A project's flavors or images: the ones its instances use, each once, filtered.
fn catalog<'a, T>(
    p: &'a ProjectData,
    of: impl Fn(&'a crate::data::Instance) -> &'a T,
    id: impl Fn(&T) -> &String,
    keep: impl Fn(&T) -> bool,
) -> Vec<&'a T> {
    let mut seen = std::collections::HashSet::new();
    p.instances
        .iter()
        .map(of)
        .filter(|item| keep(item) && seen.insert(id(item).clone()))
        .collect()
}

/// `filters`: the `region` query parameter (instance, flavor and image lists) and
/// `osType` (image list).
fn project_route(
    p: &ProjectData,
    rest: &[&str],
    now: i64,
    (region_filter, os_type_filter): (Option<String>, Option<String>),
) -> Result<Value, ApiError> {
    let region_of = |r: &str| find(&p.regions, &format!("The region {r}"), |x| x.name == r);
    Ok(match rest {
        [] => to_value(&p.project),
        ["instance"] => to_value(
            &p.instances
                .iter()
                .filter(|i| region_filter.as_deref().is_none_or(|r| i.region == r))
                .map(instance_list_item)
                .collect::<Vec<_>>(),
        ),
        ["instance", id] => to_value(find(&p.instances, &format!("The instance {id}"), |i| i.id == *id)?),
        ["flavor"] => to_value(&catalog(
            p,
            |i| &i.flavor,
            |f| &f.id,
            |f| region_filter.as_deref().is_none_or(|r| f.region == r),
        )),
        ["flavor", id] => to_value(
            p.instances
                .iter()
                .map(|i| &i.flavor)
                .find(|f| f.id == *id)
                .ok_or_else(|| ApiError::not_found(&format!("The flavor {id}")))?,
        ),
        ["image"] => {
            let os_type = os_type_filter;
            to_value(&catalog(
                p,
                |i| &i.image,
                |m| &m.id,
                |m| {
                    region_filter.as_deref().is_none_or(|r| m.region == r)
                        && os_type.as_deref().is_none_or(|o| m.kind == o)
                },
            ))
        }
        ["image", id] => to_value(
            p.instances
                .iter()
                .map(|i| &i.image)
                .find(|m| m.id == *id)
                .ok_or_else(|| ApiError::not_found(&format!("The image {id}")))?,
        ),
        ["kube"] => to_value(&p.kube_clusters.iter().map(|k| &k.id).collect::<Vec<_>>()),
        ["kube", id] => to_value(find(&p.kube_clusters, &format!("The Kubernetes cluster {id}"), |k| {
            k.id == *id
        })?),
        ["database", "service"] => to_value(&p.databases.iter().map(|d| &d.id).collect::<Vec<_>>()),
        ["database", "service", id] => to_value(find(&p.databases, &format!("The database service {id}"), |d| {
            d.id == *id
        })?),
        ["loadbalancer"] => to_value(&p.load_balancers.iter().map(|l| &l.id).collect::<Vec<_>>()),
        ["loadbalancer", id] => to_value(&legacy_load_balancer(find(
            &p.load_balancers,
            &format!("The load balancer {id}"),
            |l| l.id == *id,
        )?)),
        ["region"] => to_value(&p.regions.iter().map(|r| &r.name).collect::<Vec<_>>()),
        ["region", r] => to_value(region_of(r)?),
        ["region", r, "loadbalancing", "loadbalancer"] => {
            region_of(r)?;
            to_value(&p.load_balancers.iter().filter(|l| l.region == *r).collect::<Vec<_>>())
        }
        ["region", r, "loadbalancing", "loadbalancer", id] => {
            region_of(r)?;
            to_value(find(&p.load_balancers, &format!("The load balancer {id}"), |l| {
                l.id == *id && l.region == *r
            })?)
        }
        ["region", r, "loadbalancing", "flavor"] => {
            region_of(r)?;
            Value::Array(load_balancer_flavors(p, r))
        }
        ["region", r, "loadbalancing", "flavor", id] => {
            region_of(r)?;
            load_balancer_flavors(p, r)
                .into_iter()
                .find(|f| f["id"] == *id)
                .ok_or_else(|| ApiError::not_found(&format!("The load balancer flavor {id}")))?
        }
        ["region", r, "storage"] => {
            let region = region_of(r)?;
            if !region.services.iter().any(|s| s.name.starts_with("storage-s3")) {
                return Err(ApiError::bad_request(format!(
                    "S3 object storage is not available in the region {r}."
                )));
            }
            to_value(&p.s3_containers.iter().filter(|c| c.region == *r).collect::<Vec<_>>())
        }
        ["region", r, "storage", name] => {
            region_of(r)?;
            to_value(find(&p.s3_containers, &format!("The storage container {name}"), |c| {
                c.region == *r && c.name == *name
            })?)
        }
        ["containerRegistry"] => to_value(&p.container_registries.iter().map(registry_json).collect::<Vec<_>>()),
        ["containerRegistry", id] => to_value(&registry_json(find(
            &p.container_registries,
            &format!("The registry {id}"),
            |c| c.id == *id,
        )?)),
        ["containerRegistry", id, "plan"] => {
            to_value(&find(&p.container_registries, &format!("The registry {id}"), |c| c.id == *id)?.plan)
        }
        ["network", "private"] => to_value(&p.private_networks),
        ["network", "private", id] => to_value(find(&p.private_networks, &format!("The private network {id}"), |n| {
            n.id == *id
        })?),
        ["storage"] => to_value(&p.swift_containers),
        ["storage", id] => {
            let c = find(&p.swift_containers, &format!("The storage container {id}"), |c| {
                c.id == *id
            })?;
            to_value(
                &json!({"name": c.name, "region": c.region, "storedBytes": c.stored_bytes, "storedObjects": c.stored_objects,
                       "containerType": c.container_type, "public": c.container_type == "public", "staticUrl": format!("https://storage.{}.cloud.ovh.net/v1/AUTH_{}/{}", c.region.to_lowercase(), p.project.project_id, c.name),
                       "cors": [], "objects": []}),
            )
        }
        ["usage", "current"] => to_value(&usage_current(p, now)),
        _ => {
            return Err(ApiError::no_route(
                "GET",
                &format!("/cloud/project/{}/{}", p.project.project_id, rest.join("/")),
            ))
        }
    })
}

/// `/v2/publicCloud/project` objects.
pub fn v2_project(p: &ProjectData) -> Value {
    let pr = &p.project;
    json!({
        "id": pr.project_id,
        "name": pr.project_name,
        "resourceStatus": if pr.status == "ok" { "READY" } else { "ERROR" },
        "currentState": {"description": pr.description, "name": pr.project_name, "status": pr.status, "planCode": pr.plan_code},
        "targetSpec": {"description": pr.description},
        "createdAt": pr.creation_date,
        "updatedAt": pr.creation_date,
        "iam": {"id": pr.iam.id, "urn": pr.iam.urn, "displayName": pr.iam.display_name, "tags": {}},
    })
}

/// `/v2/publicCloud/project` routes.
pub fn route_v2(ctx: &mut Ctx<'_>, method: &str, segs: &[&str]) -> Option<RouteResult> {
    match (method, segs) {
        ("GET", ["publicCloud", "project"]) => {
            let items: Vec<Value> = ctx.inner.dataset.projects.iter().map(v2_project).collect();
            Some(pagination::reply(ctx.req, &items, ctx.page_size))
        }
        ("GET", ["publicCloud", "project", id]) => Some(project(ctx, id).map(|p| ok(&v2_project(p)))),
        _ => None,
    }
}
