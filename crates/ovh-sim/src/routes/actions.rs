//! What the API lets a client do besides reading: an instance's power actions
//! (`POST /cloud/project/{p}/instance/{id}/start|stop|reboot|shelve|unshelve`) and a
//! Managed Kubernetes cluster's kubeconfig (`POST /cloud/project/{p}/kube/{id}/kubeconfig`).
//!
//! OVH answers an instance action at once with `null` and works in the background:
//! a reboot shows `REBOOT` or `HARD_REBOOT` at once, and every action reaches its final
//! status after the configured delay ([`crate::SimConfig::action_delay`]), which a
//! client sees by polling `GET …/instance/{id}`.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::{json_body, Ctx, RouteResult};
use crate::data::ProjectData;
use crate::errors::ApiError;
use crate::reply::ok;

/// A status an instance reaches once `due` has passed.
#[derive(Debug, Clone)]
pub struct PendingStatus {
    pub project_id: String,
    pub instance_id: String,
    pub status: &'static str,
    pub due: Instant,
}

/// Applies the statuses whose time has come.
pub fn settle(inner: &mut crate::state::Inner, now: Instant) {
    let (due, waiting): (Vec<PendingStatus>, Vec<PendingStatus>) = inner.pending.drain(..).partition(|p| p.due <= now);
    inner.pending = waiting;
    for p in due {
        if let Some(i) = inner
            .dataset
            .projects
            .iter_mut()
            .filter(|pr| pr.project.project_id == p.project_id)
            .flat_map(|pr| pr.instances.iter_mut())
            .find(|i| i.id == p.instance_id)
        {
            i.status = p.status.to_string();
        }
    }
}

/// `POST` routes of `/cloud/project/...`.
pub fn route(ctx: &mut Ctx<'_>, segs: &[&str], action_delay: Duration) -> Option<RouteResult> {
    match segs {
        ["cloud", "project", pid, "instance", id, action] => instance_action(ctx, pid, id, action, action_delay),
        ["cloud", "project", pid, "kube", id, "kubeconfig"] => Some(kubeconfig(ctx, pid, id)),
        _ => None,
    }
}

/// The status an action shows at once, and the one it settles on. `None`: no such action.
fn transition(action: &str, reboot_type: Option<&str>) -> Option<(Option<&'static str>, &'static str)> {
    Some(match (action, reboot_type) {
        ("start", _) => (None, "ACTIVE"),
        ("stop", _) => (None, "SHUTOFF"),
        ("reboot", Some("hard")) => (Some("HARD_REBOOT"), "ACTIVE"),
        ("reboot", _) => (Some("REBOOT"), "ACTIVE"),
        ("shelve", _) => (Some("SHELVING"), "SHELVED_OFFLOADED"),
        ("unshelve", _) => (Some("UNSHELVING"), "ACTIVE"),
        _ => return None,
    })
}

/// OpenStack refuses an action an instance's state does not allow (a stopped
/// instance cannot be stopped again); OVH passes the refusal on as a 409.
fn allowed(action: &str, status: &str) -> bool {
    match action {
        "start" => status == "SHUTOFF",
        "stop" => matches!(status, "ACTIVE" | "RESCUE"),
        "reboot" => matches!(status, "ACTIVE" | "SHUTOFF" | "RESCUE"),
        "shelve" => matches!(status, "ACTIVE" | "SHUTOFF"),
        "unshelve" => status.starts_with("SHELVED"),
        _ => false,
    }
}

/// `reboot`'s body: `{"type": "soft"|"hard"}`, required, anything else refused
/// with OVH's enumeration message.
fn reboot_type(ctx: &Ctx<'_>) -> Result<&'static str, ApiError> {
    let body = json_body(ctx.req)?;
    match body.get("type") {
        None | Some(Value::Null) => Err(ApiError::bad_request("[type] Property is mandatory")),
        Some(Value::String(t)) if t == "soft" => Ok("soft"),
        Some(Value::String(t)) if t == "hard" => Ok("hard"),
        Some(other) => Err(ApiError::bad_request(format!(
            "[type] Given data ({}) does not belong to the cloud.instance.RebootTypeEnum enumeration",
            other.as_str().map(str::to_string).unwrap_or_else(|| other.to_string())
        ))),
    }
}

fn instance_action(
    ctx: &mut Ctx<'_>,
    pid: &str,
    id: &str,
    action: &str,
    action_delay: Duration,
) -> Option<RouteResult> {
    transition(action, None)?;
    let reboot = match action {
        "reboot" => match reboot_type(ctx) {
            Ok(t) => Some(t),
            Err(e) => return Some(Err(e)),
        },
        _ => None,
    };
    let (now_status, final_status) = transition(action, reboot)?;
    let Some(project) = ctx
        .inner
        .dataset
        .projects
        .iter_mut()
        .find(|p| p.project.project_id == pid)
    else {
        return Some(Err(ApiError::not_found_service()));
    };
    let Some(instance) = project.instances.iter_mut().find(|i| i.id == id) else {
        return Some(Err(ApiError::not_found(&format!("The instance {id}"))));
    };
    let busy = ctx.inner.pending.iter().any(|p| p.instance_id == id);
    if busy || !allowed(action, &instance.status) {
        return Some(Err(ApiError::new(
            409,
            "Client::Conflict",
            format!(
                "Cannot '{action}' instance {id} while it is in status {}",
                instance.status
            ),
            None,
        )));
    }
    if let Some(s) = now_status {
        instance.status = s.to_string();
    }
    ctx.inner.pending.push(PendingStatus {
        project_id: pid.to_string(),
        instance_id: id.to_string(),
        status: final_status,
        due: Instant::now() + action_delay,
    });
    Some(Ok(ok(&Value::Null)))
}

fn kubeconfig(ctx: &mut Ctx<'_>, pid: &str, id: &str) -> RouteResult {
    let project = ctx.inner.dataset.project(pid).ok_or_else(ApiError::not_found_service)?;
    let cluster = project
        .kube_clusters
        .iter()
        .find(|k| k.id == id)
        .ok_or_else(|| ApiError::not_found(&format!("The Kubernetes cluster {id}")))?;
    Ok(ok(
        &json!({"content": kubeconfig_yaml(project, &cluster.id, &cluster.name, &cluster.url)}),
    ))
}

/// A kubeconfig like the ones OVH hands out: one cluster, one admin user with a
/// client certificate, one context. The certificate data is deterministic filler.
pub fn kubeconfig_yaml(project: &ProjectData, kube_id: &str, name: &str, url: &str) -> String {
    let filler = |what: &str| {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(format!(
            "ovh-sim {what} for {kube_id} in {}",
            project.project.project_id
        ))
    };
    format!(
        "apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: {ca}\n    server: https://{url}\n  name: {name}\ncontexts:\n- context:\n    cluster: {name}\n    user: kubernetes-admin-{name}\n  name: kubernetes-admin@{name}\ncurrent-context: kubernetes-admin@{name}\nkind: Config\npreferences: {{}}\nusers:\n- name: kubernetes-admin-{name}\n  user:\n    client-certificate-data: {cert}\n    client-key-data: {key}\n",
        ca = filler("certificate authority"),
        cert = filler("client certificate"),
        key = filler("client key"),
        url = url.trim_start_matches("https://"),
    )
}
