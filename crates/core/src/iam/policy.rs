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
