//! What one keyring entry holds: a small JSON object with the product
//! document's "Token Storage" fields. The OAuth record is the oauth module's
//! `TokenSet`; the legacy one is [`ApiCredentials`].

use serde::{Deserialize, Serialize};

use crate::api::{Auth, SignedCredentials};
use crate::oauth::AuthMethod;
use crate::region::{Endpoint, EndpointError, Region};
use crate::secret::SecretString;

pub const PROVIDER: &str = "ovh";

/// A legacy connection's secrets: Application Key, Application Secret,
/// Consumer Key, and the endpoint they belong to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiCredentials {
    provider: String,
    /// `ovh-eu`, `ovh-ca`, `ovh-us`, or the API base URL of a custom endpoint
    /// (the convention of OVH's SDKs and `ovh.conf`).
    pub endpoint: String,
    pub application_key: String,
    pub application_secret: SecretString,
    pub consumer_key: SecretString,
    auth_method: AuthMethod,
}

impl ApiCredentials {
    pub fn new(
        endpoint: &Endpoint,
        application_key: impl Into<String>,
        application_secret: SecretString,
        consumer_key: SecretString,
    ) -> Self {
        ApiCredentials {
            provider: PROVIDER.into(),
            endpoint: endpoint_name(endpoint),
            application_key: application_key.into(),
            application_secret,
            consumer_key,
            auth_method: AuthMethod::ApiCredentials,
        }
    }

    /// The endpoint these keys were created on (built-in URLs, or the custom base).
    pub fn resolve_endpoint(&self) -> Result<Endpoint, EndpointError> {
        match self.endpoint.parse::<Region>() {
            Ok(Region::Custom) | Err(_) => Endpoint::custom(&self.endpoint),
            Ok(region) => Endpoint::builtin(region),
        }
    }

    pub fn signed(&self) -> SignedCredentials {
        SignedCredentials {
            application_key: self.application_key.clone(),
            application_secret: self.application_secret.clone(),
            consumer_key: self.consumer_key.clone(),
        }
    }

    pub fn auth(&self) -> Auth {
        Auth::Signed(self.signed())
    }
}

/// `ovh-eu` for a built-in region, the API base URL for a custom endpoint.
pub fn endpoint_name(endpoint: &Endpoint) -> String {
    match endpoint.region {
        Region::Custom => endpoint.api_base_str().to_owned(),
        region => region.as_str().to_owned(),
    }
}

/// An OAuth2 client registered at OVH for one region (issue 4: the
/// settings panel keeps the secret in the keyring, the id beside it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredOAuthClient {
    pub client_id: String,
    pub client_secret: SecretString,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_record_has_the_product_fields_and_hides_secrets_in_debug() {
        let eu = Endpoint::builtin(Region::OvhEu).unwrap();
        let c = ApiCredentials::new(&eu, "AK", "the-secret".into(), "the-consumer".into());
        let json = serde_json::to_value(&c).unwrap();
        assert_eq!(json["provider"], "ovh");
        assert_eq!(json["endpoint"], "ovh-eu");
        assert_eq!(json["authMethod"], "api_credentials");
        assert_eq!(json["applicationSecret"], "the-secret");
        let debug = format!("{c:?}");
        assert!(
            !debug.contains("the-secret") && !debug.contains("the-consumer"),
            "{debug}"
        );
        assert_eq!(c.resolve_endpoint().unwrap(), eu);
    }

    #[test]
    fn custom_endpoints_are_stored_as_their_url() {
        let custom = Endpoint::custom("http://127.0.0.1:9999/1.0").unwrap();
        let c = ApiCredentials::new(&custom, "AK", "s".into(), "c".into());
        assert_eq!(c.endpoint, "http://127.0.0.1:9999/1.0");
        assert_eq!(c.resolve_endpoint().unwrap(), custom);
    }
}
