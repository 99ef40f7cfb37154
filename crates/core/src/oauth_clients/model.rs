//! The OAuth2 clients of `/me/api/oauth2/client`, as Aurora creates and lists them.

use serde::{Deserialize, Serialize};

use crate::secret::SecretString;

/// Name of the client behind "Sign in with OVH" (the product document's Step 1).
pub const SIGN_IN_CLIENT_NAME: &str = "Aurora Integration";
/// Name of a service account for automation.
pub const SERVICE_ACCOUNT_NAME: &str = "Aurora Service Account";
/// Every client Aurora creates carries this description; with the names
/// above it is how Aurora recognises its own clients.
pub const CLIENT_DESCRIPTION: &str = "Aurora cloud management platform";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ClientFlow {
    AuthorizationCode,
    ClientCredentials,
}

/// A client just created. OVH shows the secret this once: save it now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreatedClient {
    pub client_id: String,
    pub client_secret: SecretString,
    pub flow: ClientFlow,
}

/// `GET /me/api/oauth2/client/{id}` (never holds the secret).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct OAuthClientInfo {
    pub client_id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub flow: ClientFlow,
    #[serde(default)]
    pub callback_urls: Vec<String>,
    /// The IAM identity URN; OVH includes it, Aurora fills it in otherwise.
    #[serde(default)]
    pub identity: Option<String>,
}

impl OAuthClientInfo {
    pub fn is_aurora(&self) -> bool {
        self.description == CLIENT_DESCRIPTION || self.name == SIGN_IN_CLIENT_NAME || self.name == SERVICE_ACCOUNT_NAME
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_read_as_ovh_sends_them_and_export_to_typescript() {
        let c: OAuthClientInfo = serde_json::from_str(
            r#"{"clientId":"c1","name":"Aurora Integration","description":"Aurora cloud management platform","flow":"AUTHORIZATION_CODE","callbackUrls":["aurora://ovh/oauth2/callback"]}"#,
        )
        .unwrap();
        assert!(c.is_aurora() && c.identity.is_none());
        assert_eq!(c.flow, ClientFlow::AuthorizationCode);
        let other: OAuthClientInfo =
            serde_json::from_str(r#"{"clientId":"c2","name":"terraform","flow":"CLIENT_CREDENTIALS"}"#).unwrap();
        assert!(!other.is_aurora());
        let conf = specta_typescript::Typescript::default();
        let ts = specta_typescript::export::<OAuthClientInfo>(&conf).unwrap();
        assert!(ts.contains("callbackUrls") && ts.contains("flow: ClientFlow"), "{ts}");
        specta_typescript::export::<ClientFlow>(&conf).unwrap();
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let c = CreatedClient {
            client_id: "c1".into(),
            client_secret: "s3cr3t-value".into(),
            flow: ClientFlow::ClientCredentials,
        };
        assert!(!format!("{c:?}").contains("s3cr3t"));
    }
}
