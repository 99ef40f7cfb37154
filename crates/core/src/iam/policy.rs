//! The JSON of `POST /v2/iam/policy` and of the policies OVH returns.

use serde::{Deserialize, Serialize};

/// Policies Aurora creates are named with this prefix; that is how they are
/// told apart from the account's other policies.
pub const POLICY_NAME_PREFIX: &str = "aurora-";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct ResourceRef {
    pub urn: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct ActionRef {
    pub action: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Permissions {
    #[serde(default)]
    pub allow: Vec<ActionRef>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub except: Vec<ActionRef>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deny: Vec<ActionRef>,
}

impl Permissions {
    pub fn allowed(&self) -> Vec<&str> {
        self.allow.iter().map(|a| a.action.as_str()).collect()
    }
}

/// Exactly what is sent to `POST /v2/iam/policy` (the preview shows it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct PolicyBody {
    pub name: String,
    pub description: String,
    pub identities: Vec<String>,
    pub resources: Vec<ResourceRef>,
    pub permissions: Permissions,
}

impl PolicyBody {
    /// The body as the preview shows it, indented.
    pub fn pretty_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// A policy as OVH returns it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Policy {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub identities: Vec<String>,
    #[serde(default)]
    pub resources: Vec<ResourceRef>,
    #[serde(default)]
    pub permissions: Permissions,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub read_only: bool,
}

impl Policy {
    pub fn is_aurora(&self) -> bool {
        self.name.starts_with(POLICY_NAME_PREFIX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipc_types_export_to_typescript() {
        let conf = specta_typescript::Typescript::default();
        let body = specta_typescript::export::<PolicyBody>(&conf).unwrap();
        assert!(body.contains("identities: string[]"), "{body}");
        let policy = specta_typescript::export::<Policy>(&conf).unwrap();
        assert!(policy.contains("readOnly") && policy.contains("createdAt"), "{policy}");
        let draft = specta_typescript::export::<crate::iam::PolicyDraft>(&conf).unwrap();
        assert!(draft.contains("projectIds: string[]"), "{draft}");
    }

    #[test]
    fn policies_from_ovh_read_with_missing_optional_fields() {
        let p: Policy =
            serde_json::from_str(r#"{"id":"x","name":"aurora-a","permissions":{"allow":[{"action":"a:b:c"}]}}"#)
                .unwrap();
        assert!(p.is_aurora() && !p.read_only);
        assert_eq!(p.permissions.allowed(), vec!["a:b:c"]);
        let other: Policy = serde_json::from_str(r#"{"id":"y","name":"ops"}"#).unwrap();
        assert!(!other.is_aurora());
    }
}
