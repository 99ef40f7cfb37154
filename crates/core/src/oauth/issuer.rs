//! [`Issuer`]: which authorization server an OAuth2 client belongs to.
//!
//! An OAuth2 client (id and secret) is registered at one authorization
//! server, so Aurora keeps clients per issuer, never per region: two custom
//! endpoints never share a client secret, and a secret is only ever sent to
//! the server that issued it.

use std::fmt;

use serde::{Deserialize, Serialize};
use url::Url;

use crate::region::{Endpoint, Region};

/// The origin of an endpoint's OAuth2 token URL, e.g. `https://www.ovh.com`
/// (scheme, host and port: no path, no trailing slash).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, specta::Type)]
#[serde(transparent)]
pub struct Issuer(String);

impl Issuer {
    pub fn of(endpoint: &Endpoint) -> Issuer {
        Issuer::from_url(&endpoint.oauth_token_url)
    }

    pub fn from_url(url: &Url) -> Issuer {
        Issuer(url.origin().ascii_serialization())
    }

    /// The issuer of a built-in region's default URLs (`None` for `Custom`).
    pub fn of_region(region: Region) -> Option<Issuer> {
        Endpoint::builtin(region).ok().map(|e| Issuer::of(&e))
    }

    /// Parses an issuer as the UI sends it back (an origin, or any URL whose
    /// origin is taken). `None` for anything without a host.
    pub fn parse(text: &str) -> Option<Issuer> {
        let url = Url::parse(text.trim()).ok()?;
        url.host()?;
        matches!(url.scheme(), "https" | "http").then(|| Issuer::from_url(&url))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The built-in region whose default authorization server this is.
    pub fn builtin_region(&self) -> Option<Region> {
        Region::BUILT_IN
            .into_iter()
            .find(|r| Issuer::of_region(*r).as_ref() == Some(self))
    }
}

impl fmt::Display for Issuer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_urls_origin() {
        let eu = Endpoint::builtin(Region::OvhEu).unwrap();
        assert_eq!(Issuer::of(&eu).as_str(), "https://www.ovh.com");
        assert_eq!(Issuer::of_region(Region::OvhCa).unwrap().as_str(), "https://ca.ovh.com");
        assert_eq!(
            Issuer::of_region(Region::OvhUs).unwrap().as_str(),
            "https://us.ovhcloud.com"
        );
        assert_eq!(Issuer::of_region(Region::Custom), None);
        let sim = Endpoint::custom("http://127.0.0.1:8787/1.0").unwrap();
        assert_eq!(Issuer::of(&sim).as_str(), "http://127.0.0.1:8787");
        assert_eq!(Issuer::of(&eu).builtin_region(), Some(Region::OvhEu));
        assert_eq!(Issuer::of(&sim).builtin_region(), None);
    }

    #[test]
    fn two_custom_endpoints_have_two_issuers() {
        let a = Endpoint::custom("http://127.0.0.1:8787/1.0").unwrap();
        let b = Endpoint::custom("http://127.0.0.1:8788/1.0").unwrap();
        assert_ne!(Issuer::of(&a), Issuer::of(&b));
        let same_host_other_path = Endpoint::custom("http://127.0.0.1:8787/v1").unwrap();
        assert_eq!(Issuer::of(&a), Issuer::of(&same_host_other_path));
    }

    #[test]
    fn parses_origins_and_urls() {
        assert_eq!(
            Issuer::parse("https://www.ovh.com/").unwrap().as_str(),
            "https://www.ovh.com"
        );
        assert_eq!(
            Issuer::parse(" https://auth.example:8443/auth/oauth2/token ")
                .unwrap()
                .as_str(),
            "https://auth.example:8443"
        );
        for bad in ["", "www.ovh.com", "javascript:alert(1)", "file:///etc/passwd"] {
            assert_eq!(Issuer::parse(bad), None, "{bad}");
        }
    }
}
