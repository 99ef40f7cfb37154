//! OVHcloud regions and the URLs Aurora talks to for each of them.
//!
//! Every URL of an [`Endpoint`] can be overridden ([`EndpointOverrides`]) because
//! OVH is migrating hosts; [`Region::Custom`] accepts any API base URL (the
//! simulator, a proxy). Plain `http` is only accepted for loopback hosts.

use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use url::{Host, Url};

use crate::user_error::{ErrorKind, UserError};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
pub enum Region {
    #[serde(rename = "ovh-eu")]
    OvhEu,
    #[serde(rename = "ovh-ca")]
    OvhCa,
    #[serde(rename = "ovh-us")]
    OvhUs,
    #[serde(rename = "custom")]
    Custom,
}

impl Region {
    pub const BUILT_IN: [Region; 3] = [Region::OvhEu, Region::OvhCa, Region::OvhUs];
    pub const ALL: [Region; 4] = [Region::OvhEu, Region::OvhCa, Region::OvhUs, Region::Custom];

    /// The name OVH's tools use (`ovh-eu`, ...), also the serde name.
    pub fn as_str(self) -> &'static str {
        match self {
            Region::OvhEu => "ovh-eu",
            Region::OvhCa => "ovh-ca",
            Region::OvhUs => "ovh-us",
            Region::Custom => "custom",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Region::OvhEu => "Europe",
            Region::OvhCa => "Canada",
            Region::OvhUs => "United States",
            Region::Custom => "Custom endpoint",
        }
    }

    /// `EU`, `CA` or `US`: the infix of `OVH_EU_CLIENT_ID` and friends.
    /// A custom endpoint uses `CUSTOM`.
    pub fn env_infix(self) -> &'static str {
        match self {
            Region::OvhEu => "EU",
            Region::OvhCa => "CA",
            Region::OvhUs => "US",
            Region::Custom => "CUSTOM",
        }
    }

    /// The region segment of IAM URNs (`urn:v1:eu:...`); a custom endpoint
    /// is assumed to behave like Europe.
    pub fn urn_segment(self) -> &'static str {
        match self {
            Region::OvhCa => "ca",
            Region::OvhUs => "us",
            Region::OvhEu | Region::Custom => "eu",
        }
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Region {
    type Err = EndpointError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Region::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| EndpointError::UnknownRegion(s.to_owned()))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EndpointError {
    #[error("\"{0}\" is not an OVHcloud region. Choose ovh-eu, ovh-ca, ovh-us or custom.")]
    UnknownRegion(String),
    #[error("A custom endpoint needs an API base URL, such as http://127.0.0.1:8080/1.0. Enter the URL of the OVH API to use.")]
    MissingCustomBase,
    #[error(
        "The {field} \"{url}\" is not a valid URL ({reason}). Enter a complete URL such as https://eu.api.ovh.com/1.0."
    )]
    Invalid {
        field: &'static str,
        url: String,
        reason: String,
    },
    #[error("An API address is used only with the Custom endpoint, not with {0}: Aurora would send your {0} sign-in or keys to that address. Choose Custom endpoint to use this address, or clear it.")]
    CustomBaseForBuiltin(&'static str),
    #[error("The {field} \"{url}\" must use https. Plain http is only accepted for 127.0.0.1, ::1 or localhost.")]
    Insecure { field: &'static str, url: String },
}

impl From<EndpointError> for UserError {
    fn from(e: EndpointError) -> Self {
        UserError::new(
            ErrorKind::InvalidConfiguration,
            e.to_string(),
            [
                "Check the API address, for example https://eu.api.ovh.com/1.0",
                "Regions ovh-eu, ovh-ca and ovh-us need no URL at all",
            ],
        )
    }
}

/// Optional replacements for an endpoint's URLs (from settings or tests).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EndpointOverrides {
    pub api_base: Option<String>,
    pub oauth_authorize_url: Option<String>,
    pub oauth_token_url: Option<String>,
    /// The authorization server's RFC 9207 issuer, when it is not the
    /// authorization URL's origin.
    #[serde(default)]
    pub oauth_issuer: Option<String>,
    pub create_app_url: Option<String>,
    pub create_token_url: Option<String>,
    pub manager_url: Option<String>,
}

/// Every URL Aurora needs for one region.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Endpoint {
    pub region: Region,
    /// API base including its version segment, e.g. `https://eu.api.ovh.com/1.0`.
    pub api_base: Url,
    pub oauth_authorize_url: Url,
    pub oauth_token_url: Url,
    /// The issuer its authorization server names in `iss` (RFC 9207), when it
    /// is not the authorization URL's origin.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oauth_issuer: Option<String>,
    pub create_app_url: Url,
    pub create_token_url: Url,
    /// OVH Manager root, e.g. `https://www.ovh.com/manager/`.
    pub manager_url: Url,
}

impl Endpoint {
    /// The default URLs of a built-in region. `Region::Custom` has no defaults:
    /// use [`Endpoint::custom`].
    pub fn builtin(region: Region) -> Result<Endpoint, EndpointError> {
        let (api_host, auth_host) = match region {
            Region::OvhEu => ("https://eu.api.ovh.com", "https://www.ovh.com"),
            Region::OvhCa => ("https://ca.api.ovh.com", "https://ca.ovh.com"),
            Region::OvhUs => ("https://api.us.ovhcloud.com", "https://us.ovhcloud.com"),
            Region::Custom => return Err(EndpointError::MissingCustomBase),
        };
        Self::from_hosts(region, &format!("{api_host}/1.0"), api_host, auth_host)
    }

    /// An endpoint for any API base URL. The OAuth2, token-creation and
    /// Manager URLs are derived from its origin the way OVH lays them out
    /// (`/auth/oauth2/authorize`, `/createApp/`, `/manager/`).
    pub fn custom(api_base: &str) -> Result<Endpoint, EndpointError> {
        let base = parse_url("API base URL", api_base)?;
        let origin = base.origin().ascii_serialization();
        Self::from_hosts(Region::Custom, api_base, &origin, &origin)
    }

    /// A region's endpoint with `overrides` applied. For `Region::Custom`,
    /// `overrides.api_base` is required.
    pub fn resolve(region: Region, overrides: &EndpointOverrides) -> Result<Endpoint, EndpointError> {
        let endpoint = match region {
            Region::Custom => Self::custom(overrides.api_base.as_deref().ok_or(EndpointError::MissingCustomBase)?)?,
            builtin => Self::builtin(builtin)?,
        };
        endpoint.with_overrides(overrides)
    }

    /// The endpoint a person chose: a built-in region, or the Custom endpoint
    /// at the API address they typed (and the issuer set for it, if any). An
    /// address given with a built-in region is refused, never used.
    pub fn chosen(
        region: Region,
        custom_api_base: Option<&str>,
        custom_issuer: Option<&str>,
    ) -> Result<Endpoint, EndpointError> {
        let typed = |v: Option<&str>| v.map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
        match (region, typed(custom_api_base)) {
            (Region::Custom, api_base) => Self::resolve(
                region,
                &EndpointOverrides {
                    api_base,
                    oauth_issuer: typed(custom_issuer),
                    ..Default::default()
                },
            ),
            (builtin, None) => Self::builtin(builtin),
            (builtin, Some(_)) => Err(EndpointError::CustomBaseForBuiltin(builtin.label())),
        }
    }

    /// An endpoint named the way OVH's own tools name it (`OVH_ENDPOINT`,
    /// `endpoint=` in `ovh.conf`, `aurora discover --endpoint`): a region name
    /// such as `ovh-eu`, or the URL of an OVH API (a Custom endpoint).
    pub fn parse(text: &str) -> Result<Endpoint, EndpointError> {
        let text = text.trim();
        let scheme = text.split_once("://").map(|(scheme, _)| scheme.to_ascii_lowercase());
        if matches!(scheme.as_deref(), Some("https" | "http")) {
            Self::custom(text.trim_end_matches('/'))
        } else {
            text.parse::<Region>().and_then(Self::builtin)
        }
    }

    /// The endpoint a sign-in or the API keys wizard uses: [`Endpoint::chosen`],
    /// except that the offline demo (`demo_api_base`, its simulator) answers for
    /// every region when no address was typed.
    pub fn chosen_or_demo(
        region: Region,
        custom_api_base: Option<&str>,
        custom_issuer: Option<&str>,
        demo_api_base: Option<&str>,
    ) -> Result<Endpoint, EndpointError> {
        let typed = custom_api_base.filter(|s| !s.trim().is_empty());
        match (typed, demo_api_base) {
            (None, Some(demo)) => Self::resolve(
                region,
                &EndpointOverrides {
                    api_base: Some(demo.to_owned()),
                    ..Default::default()
                },
            ),
            (typed, _) => Self::chosen(region, typed, custom_issuer),
        }
    }

    pub fn with_overrides(mut self, o: &EndpointOverrides) -> Result<Endpoint, EndpointError> {
        let fields: [(&'static str, &Option<String>, &mut Url); 6] = [
            ("API base URL", &o.api_base, &mut self.api_base),
            (
                "OAuth2 authorization URL",
                &o.oauth_authorize_url,
                &mut self.oauth_authorize_url,
            ),
            ("OAuth2 token URL", &o.oauth_token_url, &mut self.oauth_token_url),
            (
                "application creation page URL",
                &o.create_app_url,
                &mut self.create_app_url,
            ),
            (
                "token creation page URL",
                &o.create_token_url,
                &mut self.create_token_url,
            ),
            ("OVH Manager URL", &o.manager_url, &mut self.manager_url),
        ];
        for (field, value, slot) in fields {
            if let Some(value) = value {
                *slot = parse_url(field, value)?;
            }
        }
        if let Some(issuer) = &o.oauth_issuer {
            // RFC 9207 compares issuers as plain strings: kept as given once valid.
            parse_url("OAuth2 issuer", issuer)?;
            self.oauth_issuer = Some(issuer.trim().to_owned());
        }
        Ok(self)
    }

    fn from_hosts(region: Region, api_base: &str, api_host: &str, auth_host: &str) -> Result<Endpoint, EndpointError> {
        Ok(Endpoint {
            region,
            api_base: parse_url("API base URL", api_base)?,
            oauth_authorize_url: parse_url(
                "OAuth2 authorization URL",
                &format!("{auth_host}/auth/oauth2/authorize"),
            )?,
            oauth_token_url: parse_url("OAuth2 token URL", &format!("{auth_host}/auth/oauth2/token"))?,
            oauth_issuer: None,
            create_app_url: parse_url("application creation page URL", &format!("{api_host}/createApp/"))?,
            create_token_url: parse_url("token creation page URL", &format!("{api_host}/createToken/"))?,
            manager_url: parse_url("OVH Manager URL", &format!("{auth_host}/manager/"))?,
        })
    }

    /// The `iss` values (RFC 9207) accepted in this endpoint's sign-in answers:
    /// its authorization server's origin, and the issuer set for it.
    pub fn expected_issuers(&self) -> Vec<String> {
        let origin = self.oauth_authorize_url.origin().ascii_serialization();
        std::iter::once(origin).chain(self.oauth_issuer.clone()).collect()
    }

    /// The API base as a string without a trailing slash.
    pub fn api_base_str(&self) -> &str {
        self.api_base.as_str().trim_end_matches('/')
    }

    /// The token creation page with rights pre-filled, e.g.
    /// `?GET=/me&GET=/cloud/project&GET=/cloud/project/*`.
    pub fn create_token_page(&self, rights: &[(&str, &str)]) -> Url {
        let mut url = self.create_token_url.clone();
        if !rights.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (method, path) in rights {
                pairs.append_pair(method, path);
            }
        }
        url
    }

    /// The OVH Manager page of a Public Cloud project.
    pub fn manager_project_url(&self, project_id: &str) -> Url {
        let mut url = self.manager_url.clone();
        url.set_fragment(Some(&format!("/public-cloud/pci/projects/{project_id}")));
        url
    }
}

fn parse_url(field: &'static str, value: &str) -> Result<Url, EndpointError> {
    let invalid = |reason: &str| EndpointError::Invalid {
        field,
        url: value.to_owned(),
        reason: reason.to_owned(),
    };
    let url = Url::parse(value.trim()).map_err(|e| invalid(&e.to_string()))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid("it must not contain a user name or password"));
    }
    let mut url = url;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {
            // RFC 8252 §8.3: plain http goes to a loopback IP literal, never to
            // whatever name resolution (a hosts file, a resolver) says
            // `localhost` is; a literal cannot be redirected off the machine.
            if matches!(url.host(), Some(Host::Domain(_))) {
                url.set_host(Some("127.0.0.1")).map_err(|e| invalid(&e.to_string()))?;
            }
        }
        "http" => {
            return Err(EndpointError::Insecure {
                field,
                url: value.to_owned(),
            })
        }
        _ => return Err(invalid("only https and http URLs are supported")),
    }
    if url.host().is_none() {
        return Err(invalid("it has no host"));
    }
    Ok(url)
}

/// True for `localhost`, `127.0.0.0/8` and `::1`.
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(d)) => d.trim_end_matches('.').eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_endpoint_is_named_by_its_region_or_its_api_url() {
        assert_eq!(
            Endpoint::parse(" ovh-ca ").unwrap(),
            Endpoint::builtin(Region::OvhCa).unwrap()
        );
        let custom = Endpoint::parse("http://localhost:8080/1.0/").unwrap();
        assert_eq!(custom.region, Region::Custom);
        assert_eq!(custom.api_base_str(), "http://127.0.0.1:8080/1.0");
        assert_eq!(
            Endpoint::parse("kimsufi-eu"),
            Err(EndpointError::UnknownRegion("kimsufi-eu".into()))
        );
        assert_eq!(Endpoint::parse("custom"), Err(EndpointError::MissingCustomBase));
        // Only web addresses name an API; anything else is an unknown region.
        assert_eq!(
            Endpoint::parse("file:///etc/passwd"),
            Err(EndpointError::UnknownRegion("file:///etc/passwd".into()))
        );
        assert!(matches!(
            Endpoint::parse("http://example.com/1.0"),
            Err(EndpointError::Insecure { .. })
        ));
    }

    #[test]
    fn the_demo_answers_for_every_region_unless_an_address_is_typed() {
        let demo = Some("http://127.0.0.1:9/1.0");
        for region in Region::ALL {
            let e = Endpoint::chosen_or_demo(region, Some(" "), None, demo).unwrap();
            assert_eq!((e.region, e.api_base_str()), (region, "http://127.0.0.1:9/1.0"));
        }
        let typed = Endpoint::chosen_or_demo(Region::Custom, Some("https://api.example/1.0"), None, demo).unwrap();
        assert_eq!(typed.api_base_str(), "https://api.example/1.0");
        assert_eq!(
            Endpoint::chosen_or_demo(Region::OvhEu, Some("https://api.example/1.0"), None, demo),
            Err(EndpointError::CustomBaseForBuiltin("Europe"))
        );
        assert_eq!(
            Endpoint::chosen_or_demo(Region::OvhUs, None, None, None).unwrap(),
            Endpoint::builtin(Region::OvhUs).unwrap()
        );
    }

    #[test]
    fn a_custom_address_is_used_only_with_the_custom_endpoint() {
        let e = Endpoint::chosen(Region::OvhEu, Some("https://evil.example/1.0"), None).unwrap_err();
        assert_eq!(e, EndpointError::CustomBaseForBuiltin("Europe"));
        assert!(e.to_string().contains("not with Europe"), "{e}");
        assert_eq!(
            Endpoint::chosen(Region::OvhCa, Some("  "), None).unwrap(),
            Endpoint::builtin(Region::OvhCa).unwrap()
        );
        let custom = Endpoint::chosen(
            Region::Custom,
            Some(" https://api.example/1.0 "),
            Some("https://id.example"),
        )
        .unwrap();
        assert_eq!(custom.api_base_str(), "https://api.example/1.0");
        assert_eq!(custom.expected_issuers(), ["https://api.example", "https://id.example"]);
        assert_eq!(
            Endpoint::builtin(Region::OvhUs).unwrap().expected_issuers(),
            ["https://us.ovhcloud.com"]
        );
        assert_eq!(
            Endpoint::chosen(Region::Custom, None, None),
            Err(EndpointError::MissingCustomBase)
        );
    }

    #[test]
    fn region_names_round_trip_through_serde_and_from_str() {
        for region in Region::ALL {
            let json = serde_json::to_string(&region).unwrap();
            assert_eq!(json, format!("\"{}\"", region.as_str()));
            assert_eq!(serde_json::from_str::<Region>(&json).unwrap(), region);
            assert_eq!(region.as_str().parse::<Region>().unwrap(), region);
        }
        assert!("eu".parse::<Region>().is_err());
    }

    #[test]
    fn builtin_urls_match_ovh() {
        let eu = Endpoint::builtin(Region::OvhEu).unwrap();
        assert_eq!(eu.api_base_str(), "https://eu.api.ovh.com/1.0");
        assert_eq!(
            eu.oauth_authorize_url.as_str(),
            "https://www.ovh.com/auth/oauth2/authorize"
        );
        assert_eq!(eu.oauth_token_url.as_str(), "https://www.ovh.com/auth/oauth2/token");
        assert_eq!(eu.create_app_url.as_str(), "https://eu.api.ovh.com/createApp/");
        assert_eq!(eu.create_token_url.as_str(), "https://eu.api.ovh.com/createToken/");
        let ca = Endpoint::builtin(Region::OvhCa).unwrap();
        assert_eq!(ca.api_base_str(), "https://ca.api.ovh.com/1.0");
        assert_eq!(ca.oauth_token_url.as_str(), "https://ca.ovh.com/auth/oauth2/token");
        let us = Endpoint::builtin(Region::OvhUs).unwrap();
        assert_eq!(us.api_base_str(), "https://api.us.ovhcloud.com/1.0");
        assert_eq!(
            us.oauth_authorize_url.as_str(),
            "https://us.ovhcloud.com/auth/oauth2/authorize"
        );
        assert_eq!(us.create_token_url.as_str(), "https://api.us.ovhcloud.com/createToken/");
        assert_eq!(Endpoint::builtin(Region::Custom), Err(EndpointError::MissingCustomBase));
    }

    #[test]
    fn custom_endpoint_derives_urls_from_its_origin() {
        let e = Endpoint::custom("http://127.0.0.1:8080/1.0").unwrap();
        assert_eq!(e.region, Region::Custom);
        assert_eq!(e.api_base_str(), "http://127.0.0.1:8080/1.0");
        assert_eq!(e.oauth_token_url.as_str(), "http://127.0.0.1:8080/auth/oauth2/token");
        assert_eq!(e.create_token_url.as_str(), "http://127.0.0.1:8080/createToken/");
        assert!(Endpoint::custom("http://localhost:1/").is_ok());
    }

    /// Issue 18 point 7 (RFC 8252 §8.3): `http://localhost` is never looked
    /// up; every URL of the endpoint uses the loopback IP literal.
    #[test]
    fn http_localhost_becomes_the_loopback_literal_for_every_url() {
        let e = Endpoint::custom("http://LocalHost:8443/1.0").unwrap();
        for url in [
            &e.api_base,
            &e.oauth_authorize_url,
            &e.oauth_token_url,
            &e.create_app_url,
            &e.create_token_url,
            &e.manager_url,
        ] {
            assert_eq!(url.host(), Some(Host::Ipv4(std::net::Ipv4Addr::LOCALHOST)), "{url}");
            assert_eq!(url.port(), Some(8443), "{url}");
        }
        assert_eq!(e.api_base_str(), "http://127.0.0.1:8443/1.0");
        let overrides = EndpointOverrides {
            api_base: Some("http://127.0.0.1:1/1.0".into()),
            oauth_token_url: Some("http://localhost./auth/oauth2/token".into()),
            ..EndpointOverrides::default()
        };
        let e = Endpoint::resolve(Region::Custom, &overrides).unwrap();
        assert_eq!(e.oauth_token_url.as_str(), "http://127.0.0.1/auth/oauth2/token");
        // https keeps its name: the certificate is checked against it.
        let e = Endpoint::custom("https://localhost:8443/1.0").unwrap();
        assert_eq!(e.api_base.host_str(), Some("localhost"));
        // A name that merely starts or ends like localhost is not loopback.
        assert!(Endpoint::custom("http://localhost.example.com/1.0").is_err());
        assert!(Endpoint::custom("http://mylocalhost/1.0").is_err());
        assert!(Endpoint::custom("http://[::1]:9/1.0").is_ok());
        assert!(Endpoint::custom("https://api.example.com/1.0").is_ok());
    }

    #[test]
    fn http_is_refused_off_loopback() {
        assert!(matches!(
            Endpoint::custom("http://api.example.com/1.0"),
            Err(EndpointError::Insecure { .. })
        ));
        assert!(matches!(
            Endpoint::custom("http://10.0.0.1/1.0"),
            Err(EndpointError::Insecure { .. })
        ));
        assert!(matches!(
            Endpoint::custom("ftp://127.0.0.1/"),
            Err(EndpointError::Invalid { .. })
        ));
        assert!(matches!(
            Endpoint::custom("https://u:p@api.example.com/"),
            Err(EndpointError::Invalid { .. })
        ));
        assert!(matches!(
            Endpoint::custom("not a url"),
            Err(EndpointError::Invalid { .. })
        ));
    }

    #[test]
    fn every_url_can_be_overridden() {
        let overrides = EndpointOverrides {
            api_base: Some("https://api.eu.ovhcloud.com/1.0".into()),
            oauth_token_url: Some("https://auth.eu.ovhcloud.com/oauth2/token".into()),
            ..Default::default()
        };
        let e = Endpoint::resolve(Region::OvhEu, &overrides).unwrap();
        assert_eq!(e.api_base_str(), "https://api.eu.ovhcloud.com/1.0");
        assert_eq!(e.oauth_token_url.as_str(), "https://auth.eu.ovhcloud.com/oauth2/token");
        assert_eq!(
            e.oauth_authorize_url.as_str(),
            "https://www.ovh.com/auth/oauth2/authorize"
        );
        let bad = EndpointOverrides {
            manager_url: Some("http://evil.example/".into()),
            ..Default::default()
        };
        assert!(Endpoint::resolve(Region::OvhEu, &bad).is_err());
        assert_eq!(
            Endpoint::resolve(Region::Custom, &EndpointOverrides::default()),
            Err(EndpointError::MissingCustomBase)
        );
    }

    #[test]
    fn token_page_and_manager_links() {
        let eu = Endpoint::builtin(Region::OvhEu).unwrap();
        let page = eu.create_token_page(&[("GET", "/me"), ("GET", "/cloud/project/*")]);
        let pairs: Vec<(String, String)> = page.query_pairs().into_owned().collect();
        assert_eq!(
            pairs,
            vec![("GET".into(), "/me".into()), ("GET".into(), "/cloud/project/*".into())]
        );
        assert_eq!(
            eu.manager_project_url("abc").as_str(),
            "https://www.ovh.com/manager/#/public-cloud/pci/projects/abc"
        );
    }
}
