//! Request URLs the way OVH's SDKs build them: the base ends in `/1.0`, and a
//! path starting with `/v1/` or `/v2/` replaces that version segment.

use url::Url;

/// Joins `base` (e.g. `https://eu.api.ovh.com/1.0`) and `path` (which may
/// carry a raw `?query`), then appends `query` pairs form-encoded. The
/// returned URL's `as_str()` is exactly what is sent and signed.
pub fn build_url(base: &str, path: &str, query: &[(String, String)]) -> Result<Url, String> {
    if !path.starts_with('/') {
        return Err(format!("the API path \"{path}\" must start with /"));
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
    fn relative_paths_are_refused() {
        assert!(build_url("https://eu.api.ovh.com/1.0", "me", &[]).is_err());
    }
}
