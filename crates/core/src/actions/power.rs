//! Start, stop, soft and hard reboot of a Public Cloud instance
//! (`POST /cloud/project/{p}/instance/{id}/start|stop|reboot`), and the wait
//! until its status settles: OVH answers at once and works in the background.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::api::ApiClient;
use crate::api::{path_segment, UnsafeId};
use crate::iam::Capability;
use crate::legacy::AccessRule;
use crate::user_error::{ErrorKind, UserError};

use super::denial::Needed;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum PowerAction {
    Start,
    Stop,
    SoftReboot,
    HardReboot,
}

impl PowerAction {
    pub const ALL: [PowerAction; 4] = [
        PowerAction::Start,
        PowerAction::Stop,
        PowerAction::SoftReboot,
        PowerAction::HardReboot,
    ];

    /// The last word of the API path.
    pub fn verb(self) -> &'static str {
        match self {
            PowerAction::Start => "start",
            PowerAction::Stop => "stop",
            PowerAction::SoftReboot | PowerAction::HardReboot => "reboot",
        }
    }

    /// "stop", "hard reboot": for sentences.
    pub fn words(self) -> &'static str {
        match self {
            PowerAction::Start => "start",
            PowerAction::Stop => "stop",
            PowerAction::SoftReboot => "soft reboot",
            PowerAction::HardReboot => "hard reboot",
        }
    }

    /// The call; ids that could leave their path segment are refused.
    pub fn path(self, project_id: &str, instance_id: &str) -> Result<String, UnsafeId> {
        Ok(format!("{}/{}", instance_path(project_id, instance_id)?, self.verb()))
    }

    /// The body OVH expects: reboot's `type`, nothing for the others.
    pub fn body(self) -> Value {
        match self {
            PowerAction::SoftReboot => json!({"type": "soft"}),
            PowerAction::HardReboot => json!({"type": "hard"}),
            PowerAction::Start | PowerAction::Stop => Value::Null,
        }
    }

    /// `ovhcloud cloud instance <verb> <id> [--type hard]` (the project flag is added by the engine).
    pub fn cli_args(self, instance_id: &str) -> Vec<String> {
        let mut args = vec![
            "cloud".into(),
            "instance".into(),
            self.verb().into(),
            instance_id.into(),
        ];
        match self {
            PowerAction::SoftReboot => args.extend(["--type".into(), "soft".into()]),
            PowerAction::HardReboot => args.extend(["--type".into(), "hard".into()]),
            PowerAction::Start | PowerAction::Stop => {}
        }
        args
    }

    /// The status the instance settles on.
    pub fn settled_status(self) -> &'static str {
        match self {
            PowerAction::Stop => "SHUTOFF",
            PowerAction::Start | PowerAction::SoftReboot | PowerAction::HardReboot => "ACTIVE",
        }
    }

    /// The consumer-key rule, IAM action and capability the action needs.
    pub fn needed(self) -> Needed {
        Needed {
            what: format!("{} instances", self.verb()),
            rule: AccessRule {
                method: "POST".into(),
                path: format!("/cloud/project/*/instance/*/{}", self.verb()),
            },
            iam_action: format!("publicCloudProject:apiovh:instance/{}", self.verb()),
            capability: Capability::Instances,
        }
    }
}

/// How often and how long to poll the instance after an action.
#[derive(Clone, Debug)]
pub struct Polling {
    pub interval: Duration,
    pub timeout: Duration,
}

impl Default for Polling {
    fn default() -> Self {
        Polling {
            interval: Duration::from_secs(2),
            timeout: Duration::from_secs(5 * 60),
        }
    }
}

/// Polls `GET /cloud/project/{p}/instance/{id}` until the status is the one
/// `action` settles on, calling `on_status` whenever it changes. Fails on
/// `ERROR`, on a failed read, and after `polling.timeout`.
pub async fn wait_until_settled(
    client: &ApiClient,
    project_id: &str,
    instance_id: &str,
    action: PowerAction,
    polling: &Polling,
    mut on_status: impl FnMut(&str),
) -> Result<String, UserError> {
    let path = instance_path(project_id, instance_id)?;
    let target = action.settled_status();
    let started = tokio::time::Instant::now();
    let mut last = String::new();
    loop {
        let detail: Value = client.get(&path).await.map_err(UserError::from)?;
        let status = detail["status"].as_str().unwrap_or("UNKNOWN").to_owned();
        let name = detail["name"].as_str().unwrap_or(instance_id).to_owned();
        if status != last {
            on_status(&status);
            last.clone_from(&status);
        }
        if status == target {
            return Ok(status);
        }
        if status == "ERROR" {
            return Err(UserError::new(
                ErrorKind::RequestRejected,
                format!("The instance {name} went into ERROR after the {}.", action.words()),
                [
                    "Open the instance in the OVH Manager to see what failed",
                    "Try the action again, or a hard reboot, once OVH shows why",
                ],
            ));
        }
        if started.elapsed() >= polling.timeout {
            return Err(UserError::new(
                ErrorKind::Timeout,
                format!(
                    "The instance {name} did not reach {target} within {} after the {}; it shows {status}.",
                    describe(polling.timeout),
                    action.words()
                ),
                [
                    "OVH may still be working on it: refresh the dashboard in a few minutes",
                    "Check the instance in the OVH Manager if it stays in this status",
                ],
            ));
        }
        tokio::time::sleep(polling.interval).await;
    }
}

/// `GET /cloud/project/{p}/instance/{id}`'s path.
fn instance_path(project_id: &str, instance_id: &str) -> Result<String, UnsafeId> {
    Ok(format!(
        "/cloud/project/{}/instance/{}",
        path_segment(project_id)?,
        path_segment(instance_id)?
    ))
}

fn describe(d: Duration) -> String {
    match d.as_secs() {
        s if s >= 120 => format!("{} minutes", s / 60),
        s => format!("{s} seconds"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_action_has_its_path_body_command_and_rights() {
        assert_eq!(
            PowerAction::Stop.path("p 1", "i-9").unwrap(),
            "/cloud/project/p%201/instance/i-9/stop"
        );
        assert!(PowerAction::Stop.path("p", "../../me").is_err());
        assert_eq!(PowerAction::HardReboot.body(), json!({"type": "hard"}));
        assert_eq!(PowerAction::Start.body(), Value::Null);
        assert_eq!(
            PowerAction::HardReboot.cli_args("i1"),
            ["cloud", "instance", "reboot", "i1", "--type", "hard"]
        );
        assert_eq!(PowerAction::Stop.settled_status(), "SHUTOFF");
        let needed = PowerAction::SoftReboot.needed();
        assert!(needed.rule.covers("POST", "/cloud/project/p/instance/i/reboot"));
        assert!(!needed.rule.covers("POST", "/cloud/project/p/instance/i/stop"));
        assert_eq!(needed.iam_action, "publicCloudProject:apiovh:instance/reboot");
        for action in PowerAction::ALL {
            assert!(Capability::Instances
                .actions()
                .contains(&action.needed().iam_action.as_str()));
        }
    }
}
