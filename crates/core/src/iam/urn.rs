//! OVH IAM URNs: `urn:v1:<eu|ca|us>:<identity|resource>:<type>:<id>`.
//!
//! The region segment is the one of the API endpoint the policy is sent to
//! ([`Region::urn_segment`]): an EU policy cannot name a CA identity.

use crate::region::Region;

/// The region segments OVH uses in URNs.
pub const URN_SEGMENTS: [&str; 3] = ["eu", "ca", "us"];

/// An OAuth2 client's identity: `urn:v1:<seg>:identity:credential:<nichandle>/oauth2-<clientId>`.
pub fn oauth2_identity_urn(segment: &str, nichandle: &str, client_id: &str) -> String {
    format!("urn:v1:{segment}:identity:credential:{nichandle}/oauth2-{client_id}")
}

/// `urn:v1:<seg>:resource:publicCloudProject:<projectId>`.
pub fn project_urn(segment: &str, project_id: &str) -> String {
    resource_urn(segment, "publicCloudProject", project_id)
}

/// `urn:v1:<seg>:resource:dedicatedServer:<serviceName>` (the name `GET /dedicated/server` lists).
pub fn dedicated_server_urn(segment: &str, service_name: &str) -> String {
    resource_urn(segment, "dedicatedServer", service_name)
}

/// `urn:v1:<seg>:resource:account:<nichandle>`: what `account:apiovh:me/get` applies to.
pub fn account_urn(segment: &str, nichandle: &str) -> String {
    resource_urn(segment, "account", nichandle)
}

fn resource_urn(segment: &str, kind: &str, id: &str) -> String {
    format!("urn:v1:{segment}:resource:{kind}:{id}")
}

/// The parts of a URN Aurora checks before sending a policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedUrn<'a> {
    pub segment: &'a str,
    /// `identity` or `resource`.
    pub kind: &'a str,
    /// `credential`, `publicCloudProject`, ...
    pub entity: &'a str,
    pub id: &'a str,
}

/// Splits a URN; `None` when it does not have OVH's shape or its region
/// segment is not one of eu, ca, us.
pub fn parse(urn: &str) -> Option<ParsedUrn<'_>> {
    let parts: Vec<&str> = urn.trim().splitn(6, ':').collect();
    match parts.as_slice() {
        ["urn", "v1", segment, kind, entity, id]
            if URN_SEGMENTS.contains(segment)
                && matches!(*kind, "identity" | "resource")
                && !entity.is_empty()
                && !id.is_empty() =>
        {
            Some(ParsedUrn {
                segment,
                kind,
                entity,
                id,
            })
        }
        _ => None,
    }
}

/// The region whose endpoint uses `segment`, for messages ("Europe").
pub fn segment_label(segment: &str) -> &'static str {
    match segment {
        "ca" => Region::OvhCa.label(),
        "us" => Region::OvhUs.label(),
        _ => Region::OvhEu.label(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_the_documented_shapes() {
        assert_eq!(
            oauth2_identity_urn("ca", "ab1-ovh", "c0ffee"),
            "urn:v1:ca:identity:credential:ab1-ovh/oauth2-c0ffee"
        );
        assert_eq!(project_urn("eu", "p1"), "urn:v1:eu:resource:publicCloudProject:p1");
        assert_eq!(
            dedicated_server_urn("us", "ns1.ip-1-2-3.us"),
            "urn:v1:us:resource:dedicatedServer:ns1.ip-1-2-3.us"
        );
        assert_eq!(account_urn("eu", "ab1-ovh"), "urn:v1:eu:resource:account:ab1-ovh");
    }

    #[test]
    fn parses_identities_and_refuses_other_shapes() {
        let p = parse("urn:v1:eu:identity:credential:ab1-ovh/oauth2-c1").unwrap();
        assert_eq!(
            (p.segment, p.kind, p.entity, p.id),
            ("eu", "identity", "credential", "ab1-ovh/oauth2-c1")
        );
        for bad in [
            "",
            "urn:v1:mars:identity:credential:x",
            "urn:v1:eu:identity:credential",
            "urn:v2:eu:identity:credential:x",
            "urn:v1:eu:thing:credential:x",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
