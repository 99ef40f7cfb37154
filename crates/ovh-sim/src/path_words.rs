//! The words of OVH's resource paths that are not identifiers, shared by the
//! routes, the request counters and the IAM actions.

/// Words of the resource paths (`/cloud/project/{id}/instance`,
/// `/me/api/oauth2/client`, `/v2/iam/policy`...) that are not identifiers.
/// The request counters (`state::route_of`) add the prefixes and top-level
/// words; the IAM actions (`auth::iam`) add the sub-resources they name.
pub(crate) const RESOURCE_WORDS: &[&str] = &[
    "instance",
    "kube",
    "database",
    "service",
    "loadbalancer",
    "region",
    "loadbalancing",
    "storage",
    "containerRegistry",
    "plan",
    "network",
    "private",
    "usage",
    "current",
    "api",
    "oauth2",
    "client",
    "policy",
    "resource",
    "flavor",
    "image",
    "kubeconfig",
    "logs",
    "self",
];

/// Path words that name an operation (`POST .../instance/{id}/stop`).
pub(crate) const ACTION_WORDS: &[&str] = &["start", "stop", "reboot", "shelve", "unshelve", "reset"];
