//! Which OAuth2 client Aurora uses for a region, from the environment (or
//! from settings the app passes in).

use crate::region::Region;
use crate::secret::SecretString;
use crate::user_error::{ErrorKind, UserError};

use super::callback::{RedirectKind, DEEP_LINK_URL};

pub const DEFAULT_REDIRECT_URI: &str = DEEP_LINK_URL;
pub const REDIRECT_URI_VAR: &str = "OVH_OAUTH_REDIRECT_URI";
/// The RFC 9207 issuer of a custom endpoint's authorization server, when it
/// is not the origin of its API address.
pub const CUSTOM_ISSUER_VAR: &str = "OVH_CUSTOM_OAUTH_ISSUER";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OAuthClientConfig {
    pub client_id: String,
    pub client_secret: SecretString,
    /// Sent as `redirect_uri`, exactly as registered at OVH.
    pub redirect_uri: String,
}

impl OAuthClientConfig {
    /// `OVH_<EU|CA|US>_CLIENT_ID`, `OVH_<..>_CLIENT_SECRET` and
    /// `OVH_OAUTH_REDIRECT_URI` (default `aurora://ovh/oauth2/callback`).
    pub fn from_env(region: Region) -> Result<Self, UserError> {
        Self::from_lookup(region, |name| std::env::var(name).ok())
    }

    /// Like [`from_env`](Self::from_env) with any variable source.
    pub fn from_lookup(region: Region, lookup: impl Fn(&str) -> Option<String>) -> Result<Self, UserError> {
        let [id_var, secret_var] = Self::variable_names(region);
        let get = |name: &str| lookup(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        let (id, secret) = (get(&id_var), get(&secret_var));
        let missing: Vec<String> = [(id.is_none(), id_var), (secret.is_none(), secret_var)]
            .into_iter()
            .filter_map(|(missing, name)| missing.then_some(name))
            .collect();
        if !missing.is_empty() {
            return Err(UserError::oauth_not_configured(region.label(), &missing));
        }
        Self::new(
            id.unwrap_or_default(),
            secret.unwrap_or_default(),
            Self::redirect_uri_from(lookup),
        )
    }

    /// `OVH_OAUTH_REDIRECT_URI` from `lookup`, else the deep link.
    pub fn redirect_uri_from(lookup: impl Fn(&str) -> Option<String>) -> String {
        lookup(REDIRECT_URI_VAR)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| DEFAULT_REDIRECT_URI.to_owned())
    }

    /// Checks that `redirect_uri` is one Aurora can receive: the deep link,
    /// the loopback listener, or an https bounce page that forwards to the
    /// deep link.
    pub fn new(
        client_id: impl Into<String>,
        client_secret: impl Into<SecretString>,
        redirect_uri: impl Into<String>,
    ) -> Result<Self, UserError> {
        let redirect_uri = redirect_uri.into();
        if RedirectKind::of_registered_uri(&redirect_uri).is_none() {
            return Err(UserError::new(
                ErrorKind::InvalidConfiguration,
                format!(
                    "The OAuth2 redirect URI \"{redirect_uri}\" cannot reach Aurora. Set {REDIRECT_URI_VAR} to {DEFAULT_REDIRECT_URI}, to http://127.0.0.1:<port>/ovh/oauth2/callback, or to an https page that forwards to the deep link."
                ),
                ["Use exactly the callback URL registered for the OAuth2 client at OVH"],
            ));
        }
        Ok(OAuthClientConfig {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            redirect_uri,
        })
    }

    /// `["OVH_EU_CLIENT_ID", "OVH_EU_CLIENT_SECRET"]` and so on.
    pub fn variable_names(region: Region) -> [String; 2] {
        let infix = region.env_infix();
        [format!("OVH_{infix}_CLIENT_ID"), format!("OVH_{infix}_CLIENT_SECRET")]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn lookup(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn reads_the_region_variables() {
        let c = OAuthClientConfig::from_lookup(
            Region::OvhCa,
            lookup(&[("OVH_CA_CLIENT_ID", "id"), ("OVH_CA_CLIENT_SECRET", "s")]),
        )
        .unwrap();
        assert_eq!(c.client_id, "id");
        assert_eq!(c.client_secret.expose(), "s");
        assert_eq!(c.redirect_uri, DEFAULT_REDIRECT_URI);
        let c = OAuthClientConfig::from_lookup(
            Region::OvhUs,
            lookup(&[
                ("OVH_US_CLIENT_ID", "id"),
                ("OVH_US_CLIENT_SECRET", "s"),
                (REDIRECT_URI_VAR, "http://127.0.0.1:53682/ovh/oauth2/callback"),
            ]),
        )
        .unwrap();
        assert_eq!(c.redirect_uri, "http://127.0.0.1:53682/ovh/oauth2/callback");
    }

    #[test]
    fn missing_configuration_says_what_to_set() {
        let e = OAuthClientConfig::from_lookup(
            Region::OvhEu,
            lookup(&[("OVH_EU_CLIENT_ID", "id"), ("OVH_EU_CLIENT_SECRET", " ")]),
        )
        .unwrap_err();
        assert_eq!(e.kind, ErrorKind::OAuthNotConfigured);
        assert!(
            e.message.contains("Set OVH_EU_CLIENT_SECRET and restart"),
            "{}",
            e.message
        );
        let e = OAuthClientConfig::from_lookup(Region::OvhEu, lookup(&[])).unwrap_err();
        assert!(
            e.message.contains("OVH_EU_CLIENT_ID and OVH_EU_CLIENT_SECRET"),
            "{}",
            e.message
        );
    }

    #[test]
    fn unusable_redirect_uris_are_refused() {
        for bad in ["http://example.com/cb", "aurora://evil/cb", "javascript:alert(1)"] {
            let e = OAuthClientConfig::new("id", "s", bad).unwrap_err();
            assert_eq!(e.kind, ErrorKind::InvalidConfiguration, "{bad}");
        }
        assert!(OAuthClientConfig::new("id", "s", "https://aurora.example/ovh/oauth2/callback").is_ok());
    }
}
