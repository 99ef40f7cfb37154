//! [`Connection`]: what Aurora shows and remembers about one OVH account
//! access, without any secret (those live in the vault under the same id).

use rand::Rng;
use serde::{Deserialize, Serialize};

use crate::api::unix_now;
use crate::discovery::EngineKind;
use crate::oauth::AuthMethod;
use crate::region::{Endpoint, EndpointError, EndpointOverrides, Region};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Connection {
    /// Also the name of the connection's keyring entry.
    pub id: String,
    pub label: String,
    pub region: Region,
    /// The API base URL of a `custom` region; `None` for built-in regions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_base: Option<String>,
    pub auth_method: AuthMethod,
    #[serde(default)]
    pub nichandle: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    /// Unix seconds.
    pub created_at: i64,
    /// The engine that refreshes this connection's inventory (Settings,
    /// "Discovery engine"). Connections saved before the choice existed use
    /// the default, Aurora's API engine.
    #[serde(default)]
    pub discovery_engine: EngineKind,
}

impl Connection {
    /// A new connection with a fresh id, labelled after its region until
    /// the account is known.
    pub fn new(endpoint: &Endpoint, auth_method: AuthMethod) -> Connection {
        Connection {
            id: new_id(),
            label: endpoint.region.label().to_owned(),
            region: endpoint.region,
            api_base: (endpoint.region == Region::Custom).then(|| endpoint.api_base_str().to_owned()),
            auth_method,
            nichandle: None,
            email: None,
            created_at: unix_now(),
            discovery_engine: EngineKind::default(),
        }
    }

    /// Records the account the credentials belong to and labels the
    /// connection after it ("xx1234-ovh (Europe)").
    pub fn with_account(mut self, nichandle: impl Into<String>, email: Option<String>) -> Connection {
        let nichandle = nichandle.into();
        self.label = format!("{nichandle} ({})", self.region.label());
        self.nichandle = Some(nichandle);
        self.email = email;
        self
    }

    /// The endpoint to call: the region's built-in URLs, or the custom base.
    pub fn endpoint(&self) -> Result<Endpoint, EndpointError> {
        let overrides = EndpointOverrides {
            api_base: self.api_base.clone(),
            ..Default::default()
        };
        Endpoint::resolve(self.region, &overrides)
    }
}

/// `conn-` and 16 hex digits: unique enough, and a valid keyring entry name.
pub fn new_id() -> String {
    format!("conn-{:016x}", rand::thread_rng().gen::<u64>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_connections_carry_their_endpoint() {
        let eu = Connection::new(&Endpoint::builtin(Region::OvhEu).unwrap(), AuthMethod::ApiCredentials);
        assert!(eu.id.starts_with("conn-") && eu.id.len() == 21);
        assert_eq!(eu.api_base, None);
        assert_eq!(eu.endpoint().unwrap(), Endpoint::builtin(Region::OvhEu).unwrap());
        let custom = Endpoint::custom("http://127.0.0.1:8080/1.0").unwrap();
        let c = Connection::new(&custom, AuthMethod::AuthorizationCode).with_account("xx1-ovh", Some("a@b.c".into()));
        assert_eq!(c.api_base.as_deref(), Some("http://127.0.0.1:8080/1.0"));
        assert_eq!(c.endpoint().unwrap(), custom);
        assert_eq!(c.label, "xx1-ovh (Custom endpoint)");
        let json = serde_json::to_value(&c).unwrap();
        assert_eq!(json["authMethod"], "authorization_code");
        assert_eq!(json["region"], "custom");
        assert_eq!(json["discoveryEngine"], "api");
        let mut saved = json.clone();
        saved.as_object_mut().unwrap().remove("discoveryEngine");
        let older: Connection = serde_json::from_value(saved).unwrap();
        assert_eq!(
            older.discovery_engine,
            EngineKind::Api,
            "connections saved before the choice existed use the API engine"
        );
        assert_ne!(new_id(), new_id());
    }
}
