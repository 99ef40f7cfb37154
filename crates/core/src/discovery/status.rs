//! OVH status words (OpenStack's for instances, OVH's own elsewhere) reduced
//! to five classes. Matching is case-insensitive; unknown words stay
//! `Unknown` with the raw value kept, so a new OVH status never breaks discovery.

use super::model::StatusClass;

const OK: &[&str] = &[
    "ACTIVE",
    "READY",
    "OK",
    "ONLINE",
    "UP",
    "RUNNING",
    "AVAILABLE",
    "ENABLED",
    "NO_MONITOR",
    "DEPLOYED",
];

const IN_PROGRESS: &[&str] = &[
    "BUILD",
    "BUILDING",
    "CREATING",
    "INSTALLING",
    "UPDATING",
    "DELETING",
    "RESETTING",
    "REBUILD",
    "REBOOT",
    "HARD_REBOOT",
    "RESIZE",
    "VERIFY_RESIZE",
    "REVERT_RESIZE",
    "MIGRATING",
    "PASSWORD",
    "SHELVING",
    "UNSHELVING",
    "RESCUE",
    "RESCUING",
    "UNRESCUING",
    "SCALING_UP",
    "UPGRADING",
    "RESTORING",
    "REDEPLOYING",
    "REOPENING",
    "SUSPENDING",
    "MAINTENANCE",
    "PENDING",
    "PENDING_CREATE",
    "PENDING_UPDATE",
    "PENDING_DELETE",
    "REINSTALLING",
];

const STOPPED: &[&str] = &[
    "SHUTOFF",
    "STOPPED",
    "SHELVED",
    "SHELVED_OFFLOADED",
    "PAUSED",
    "SUSPENDED",
    "OFFLINE",
    "DOWN",
    "DELETED",
    "DISABLED",
    "POWEROFF",
];

const ERROR: &[&str] = &["ERROR", "FAILED", "DEGRADED", "HACKED", "HACKEDBLOCKED", "UNHEALTHY"];

pub fn classify(raw: &str) -> StatusClass {
    let word = raw.trim().to_ascii_uppercase().replace(['-', ' '], "_");
    let is = |set: &[&str]| set.contains(&word.as_str());
    if word.is_empty() {
        StatusClass::Unknown
    } else if is(OK) {
        StatusClass::Ok
    } else if is(ERROR) || word.starts_with("ERROR_") || word.ends_with("_ERROR") || word.starts_with("USER_NODE_") {
        StatusClass::Error
    } else if is(IN_PROGRESS) || word.starts_with("PENDING_") {
        StatusClass::InProgress
    } else if is(STOPPED) {
        StatusClass::Stopped
    } else {
        StatusClass::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words() {
        for (raw, class) in [
            ("ACTIVE", StatusClass::Ok),
            ("ok", StatusClass::Ok),
            ("READY", StatusClass::Ok),
            ("BUILD", StatusClass::InProgress),
            ("creating", StatusClass::InProgress),
            ("PENDING_UPDATE", StatusClass::InProgress),
            ("SHUTOFF", StatusClass::Stopped),
            ("suspended", StatusClass::Stopped),
            ("ERROR", StatusClass::Error),
            ("USER_QUOTA_ERROR", StatusClass::Error),
            ("ERROR_INCONSISTENT_SPEC", StatusClass::Error),
            ("hackedBlocked", StatusClass::Error),
            ("", StatusClass::Unknown),
            ("SOMETHING_NEW", StatusClass::Unknown),
        ] {
            assert_eq!(classify(raw), class, "{raw}");
        }
    }
}
