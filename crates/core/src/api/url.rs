//! Request URLs the way OVH's SDKs build them: the base ends in `/1.0`, and a
//! path starting with `/v1/` or `/v2/` replaces that version segment.

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use url::Url;

/// Everything but RFC 3986 unreserved characters is percent-encoded in a segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// An identifier that cannot be put into an API path: it would name another
/// address than the object's (`..`, a `/`, a `?` or `#`, in any encoding).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the identifier \"{shown}\" cannot be used in an API address")]
pub struct UnsafeId {
    /// The identifier with control characters escaped, cut at 64 characters.
    pub shown: String,
}

/// The one way an identifier goes into an API path: percent-encoded as a
/// single segment, after refusing any identifier that is empty, `.` or
/// `..`, or holds `/`, `\`, `?` or `#`, as it is or once or more
/// percent-decoded (`%2e%2E`, `%252F`...). A server (or anyone between it
/// and us) cannot make Aurora call a path outside the intended collection.
pub fn path_segment(id: &str) -> Result<String, UnsafeId> {
    let unsafe_id = || UnsafeId {
        shown: id.chars().take(64).flat_map(char::escape_debug).collect(),
    };
    let mut layer = id.to_owned();
    // Each round removes one layer of encoding; 8 is more than any server nests.
    for _ in 0..8 {
        if matches!(layer.as_str(), "" | "." | "..") || layer.contains(['/', '\\', '?', '#']) {
            return Err(unsafe_id());
        }
        let decoded = percent_decode_str(&layer).decode_utf8_lossy().into_owned();
        if decoded == layer {
            return Ok(utf8_percent_encode(id, SEGMENT).to_string());
        }
        layer = decoded;
    }
    Err(unsafe_id())
}

/// True for a path segment the URL standard treats as `.` or `..` (and so
/// removes while parsing, moving the request up the path).
fn is_dot_segment(segment: &str) -> bool {
    let lower = segment.to_ascii_lowercase();
    matches!(lower.as_str(), "." | ".." | "%2e" | "%2e%2e" | ".%2e" | "%2e.")
}

/// Joins `base` (e.g. `https://eu.api.ovh.com/1.0`) and `path` (which may
/// carry a raw `?query`), then appends `query` pairs form-encoded. The
/// returned URL's `as_str()` is exactly what is sent and signed.
pub fn build_url(base: &str, path: &str, query: &[(String, String)]) -> Result<Url, String> {
    if !path.starts_with('/') {
        return Err(format!("the API path \"{path}\" must start with /"));
    }
    let path_only = path.split(['?', '#']).next().unwrap_or_default();
    if path_only.split('/').any(is_dot_segment) {
        return Err(format!(
            "the API path \"{path_only}\" holds a . or .. segment, which would send the request elsewhere"
        ));
    }
    let mut base = base.trim_end_matches('/');
    if path.starts_with("/v1/") || path.starts_with("/v2/") {
        base = base.strip_suffix("/1.0").unwrap_or(base);
    }
    let mut url =
        Url::parse(&format!("{base}{path}")).map_err(|e| format!("\"{base}{path}\" is not a valid URL: {e}"))?;
    if !query.is_empty() {
        let mut pairs = url.query_pairs_mut();
        for (k, v) in query {
            pairs.append_pair(k, v);
        }
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(base: &str, path: &str) -> String {
        build_url(base, path, &[]).unwrap().to_string()
    }

    #[test]
    fn version_segments() {
        let eu = "https://eu.api.ovh.com/1.0";
        assert_eq!(url(eu, "/me"), "https://eu.api.ovh.com/1.0/me");
        assert_eq!(url(eu, "/v1/cloud/project"), "https://eu.api.ovh.com/v1/cloud/project");
        assert_eq!(
            url(eu, "/v2/publicCloud/project"),
            "https://eu.api.ovh.com/v2/publicCloud/project"
        );
        assert_eq!(
            url("https://eu.api.ovh.com/1.0/", "/me"),
            "https://eu.api.ovh.com/1.0/me"
        );
        // Only a trailing /1.0 is stripped, and only for /v1/ and /v2/ paths.
        assert_eq!(
            url("http://127.0.0.1:9000", "/v2/iam/resource"),
            "http://127.0.0.1:9000/v2/iam/resource"
        );
        assert_eq!(url("http://127.0.0.1:9000/", "/me"), "http://127.0.0.1:9000/me");
        assert_eq!(url(eu, "/v2"), "https://eu.api.ovh.com/1.0/v2");
        assert_eq!(url(eu, "/v1beta/x"), "https://eu.api.ovh.com/1.0/v1beta/x");
    }

    #[test]
    fn query_strings() {
        let eu = "https://eu.api.ovh.com/1.0";
        assert_eq!(
            url(eu, "/cloud/project?a=1&b=x%20y"),
            "https://eu.api.ovh.com/1.0/cloud/project?a=1&b=x%20y"
        );
        let q = [
            ("resourceType".to_owned(), "publicCloudProject".to_owned()),
            ("q".to_owned(), "a b&c".to_owned()),
        ];
        assert_eq!(
            build_url(eu, "/v2/iam/reference/action", &q).unwrap().as_str(),
            "https://eu.api.ovh.com/v2/iam/reference/action?resourceType=publicCloudProject&q=a+b%26c"
        );
        assert_eq!(
            build_url(eu, "/x?a=1", &q[..1]).unwrap().as_str(),
            "https://eu.api.ovh.com/1.0/x?a=1&resourceType=publicCloudProject"
        );
    }

    #[test]
    fn ids_that_could_leave_their_path_are_refused_in_any_encoding() {
        for id in [
            "",
            ".",
            "..",
            "%2e",
            "%2E%2e",
            ".%2E",
            "%2e.",
            "%252e%252E",
            "a/b",
            "../../me",
            "a%2Fb",
            "a%252fb",
            "a?b",
            "a%3Fb",
            "a#b",
            "a%23b",
            "a\\b",
            "a%5Cb",
            "%25252e%25252e",
        ] {
            assert!(path_segment(id).is_err(), "{id:?} should be refused");
        }
        assert_eq!(path_segment("ns1.ip-1-2-3.eu").unwrap(), "ns1.ip-1-2-3.eu");
        assert_eq!(path_segment("a b=c&d").unwrap(), "a%20b%3Dc%26d");
        assert_eq!(path_segment("é").unwrap(), "%C3%A9");
        assert_eq!(path_segment("...").unwrap(), "...");
        assert_eq!(path_segment("100%").unwrap(), "100%25");
        let long = "\u{1b}/".repeat(50);
        assert_eq!(path_segment(&long).unwrap_err().shown, "\\u{1b}/".repeat(32));
    }

    #[test]
    fn dot_segments_in_a_path_are_refused_before_parsing_removes_them() {
        let eu = "https://eu.api.ovh.com/1.0";
        for path in [
            "/me/api/oauth2/client/..",
            "/cloud/project/../me",
            "/cloud/%2E%2e/x",
            "/a/./b",
            "/x/.%2e?q=1",
        ] {
            assert!(build_url(eu, path, &[]).is_err(), "{path}");
        }
        assert!(build_url(eu, "/x/...", &[]).is_ok());
        assert!(build_url(eu, "/x?next=../..", &[]).is_ok(), "a query is not a path");
    }

    #[test]
    fn relative_paths_are_refused() {
        assert!(build_url("https://eu.api.ovh.com/1.0", "me", &[]).is_err());
    }
}
