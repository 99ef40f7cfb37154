//! Least-privilege IAM policies for Aurora's OAuth2 clients (issue 8).
//!
//! ```ignore
//! let sets = capability_sets();                                  // what the UI lists
//! let draft = PolicyDraft { identity, project_ids, capabilities, name: None };
//! let body = preview_policy(&api, &draft).await?;                // body.pretty_json() is what is sent
//! let policy = create_policy(&api, &draft).await?;               // the same body, checked again
//! let mine = list_aurora_policies(&api).await?;                  // every v2 page, names `aurora-...`
//! delete_policy(&api, &policy.id).await?;
//! ```
//!
//! Every failure is the product document's "IAM policy creation error"
//! ([`error::policy_error`]) with the most relevant solution first.

pub mod builder;
pub mod capability;
pub mod error;
pub mod policies;
pub mod policy;
pub mod urn;

pub use builder::{build_policy, AccountScope, PolicyDraft};
pub use capability::{capability_sets, Capability, CapabilitySet};
pub use policies::{create_policy, delete_policy, get_policy, list_aurora_policies, load_scope, preview_policy};
pub use policy::{ActionRef, Permissions, Policy, PolicyBody, ResourceRef, POLICY_NAME_PREFIX};
