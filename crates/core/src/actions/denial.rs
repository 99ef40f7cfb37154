//! A refused action, explained: which consumer-key right or IAM action is
//! missing, and where in Aurora to grant it, in the product document's words
//! ("Invalid credentials. Please check your consumer key and permissions.",
//! "IAM policy ...").

use crate::iam::Capability;
use crate::legacy::AccessRule;
use crate::user_error::{ErrorKind, UserError};

/// What an action needs from the connection's rights.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Needed {
    /// "stop instances", "download kubeconfigs": for sentences.
    pub what: String,
    /// The consumer-key rule ("read and act" requests it).
    pub rule: AccessRule,
    /// The IAM action a service account's policy must allow.
    pub iam_action: String,
    /// The IAM policy form's capability that includes `iam_action`.
    pub capability: Capability,
}

/// Rewrites a "not granted" or IAM refusal of an action into what is missing
/// and how to grant it; other errors pass unchanged. The OVH query id lines
/// of the original are kept.
pub fn explain_denial(error: UserError, needed: &Needed) -> UserError {
    let query_lines = error.solution.iter().filter(|l| l.contains("query id")).cloned();
    let explained = match error.kind {
        ErrorKind::NotGranted => UserError::new(
            ErrorKind::NotGranted,
            format!(
                "Invalid credentials. Please check your consumer key and permissions: this consumer key has no right to {} {}, so Aurora cannot {} with it. Nothing was changed.",
                needed.rule.method, needed.rule.path, needed.what
            ),
            [
                "Create a new consumer key with the \"Read and act\" rights: Add a connection, choose Use API keys, and pick \"Read and act\" before requesting the key".to_owned(),
                format!("Or add the right {} {} to a key you create yourself", needed.rule.method, needed.rule.path),
                "Or sign in with OVH instead: an OAuth sign-in can act, and Aurora still asks before every change".to_owned(),
            ],
        ),
        ErrorKind::IamDenied => UserError::new(
            ErrorKind::IamDenied,
            format!(
                "IAM policy does not allow {}: this connection may not {} here. Nothing was changed.",
                needed.iam_action, needed.what
            ),
            [
                format!(
                    "In Access & IAM, create a policy for this connection's OAuth2 client with the \"{}\" capability on this project",
                    needed.capability.label()
                ),
                format!("Or ask the account administrator to allow {} in an IAM policy for this identity", needed.iam_action),
                "Ensure your account has IAM policy creation permissions".to_owned(),
            ],
        ),
        _ => return error,
    };
    let mut explained = explained;
    explained.solution.extend(query_lines);
    explained
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actions::PowerAction;

    #[test]
    fn denials_name_the_missing_right_and_where_to_grant_it() {
        let needed = PowerAction::Stop.needed();
        let refused = UserError::new(ErrorKind::NotGranted, "x", ["OVH query id: EU.1"]);
        let e = explain_denial(refused, &needed);
        assert!(e
            .message
            .starts_with("Invalid credentials. Please check your consumer key and permissions"));
        assert!(
            e.message.contains("POST /cloud/project/*/instance/*/stop"),
            "{}",
            e.message
        );
        assert!(e.solution[0].contains("Read and act"));
        assert_eq!(e.solution.last().unwrap(), "OVH query id: EU.1");

        let e = explain_denial(UserError::new(ErrorKind::IamDenied, "x", Vec::<String>::new()), &needed);
        assert!(e
            .message
            .starts_with("IAM policy does not allow publicCloudProject:apiovh:instance/stop"));
        assert!(e.solution[0].contains("\"Instances (VMs)\""));

        let other = UserError::new(ErrorKind::Timeout, "slow", Vec::<String>::new());
        assert_eq!(explain_denial(other.clone(), &needed), other);
    }
}
