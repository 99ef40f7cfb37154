//! The OAuth refresher persists token sets through [`TokenStore`]; the vault
//! keeps them in the connection's keyring entry.

use crate::oauth::{AuthMethod, TokenSet, TokenStore};
use crate::user_error::UserError;

use super::store::{connection_name, Vault};

const OAUTH_METHODS: &[AuthMethod] = &[AuthMethod::AuthorizationCode, AuthMethod::ClientCredentials];

/// Blocking, as the trait asks: callers run it on a blocking thread.
impl TokenStore for Vault {
    fn load(&self, connection_id: &str) -> Result<Option<TokenSet>, UserError> {
        let name = connection_name(connection_id)?;
        Ok(self.read_json_of_kind(&name, OAUTH_METHODS, "OAuth2 tokens")?)
    }

    fn save(&self, connection_id: &str, tokens: &TokenSet) -> Result<(), UserError> {
        let name = connection_name(connection_id)?;
        Ok(self.write_json(&name, tokens)?)
    }

    fn delete(&self, connection_id: &str) -> Result<(), UserError> {
        let name = connection_name(connection_id)?;
        self.delete_blocking(&name)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::region::{Endpoint, Region};
    use crate::vault::{ApiCredentials, MemoryBackend, SecretBackend};

    fn tokens(access: &str) -> TokenSet {
        TokenSet {
            provider: "ovh".into(),
            region: Region::OvhEu,
            access_token: access.into(),
            refresh_token: Some("refresh-secret".into()),
            client_id: "client-1".into(),
            expires_at: 1_900_000_000,
            auth_method: AuthMethod::AuthorizationCode,
        }
    }

    #[test]
    fn token_sets_round_trip_with_the_product_fields() {
        let backend = Arc::new(MemoryBackend::new());
        let vault = Vault::with_backend(backend.clone());
        let store: &dyn TokenStore = &vault;
        assert_eq!(store.load("c1").unwrap(), None);
        store.save("c1", &tokens("access-secret")).unwrap();
        assert_eq!(store.load("c1").unwrap(), Some(tokens("access-secret")));
        let raw: serde_json::Value = serde_json::from_slice(&backend.read("c1").unwrap().unwrap()).unwrap();
        for field in [
            "provider",
            "region",
            "accessToken",
            "refreshToken",
            "clientId",
            "expiresAt",
            "authMethod",
        ] {
            assert!(
                raw.get(field).is_some(),
                "{field} missing from {:?}",
                raw.as_object().map(|o| o.keys().collect::<Vec<_>>())
            );
        }
        assert_eq!(raw["authMethod"], "authorization_code");
        store.delete("c1").unwrap();
        store.delete("c1").unwrap();
        assert!(backend.names().is_empty());
    }

    #[test]
    fn legacy_entries_are_not_token_sets() {
        let vault = Vault::with_backend(Arc::new(MemoryBackend::new()));
        let creds = ApiCredentials::new(&Endpoint::builtin(Region::OvhEu).unwrap(), "AK", "s".into(), "c".into());
        vault.write_json("c1", &creds).unwrap();
        let e = TokenStore::load(&vault, "c1").unwrap_err();
        assert!(
            e.message.contains("API credentials secrets, not OAuth2 tokens"),
            "{}",
            e.message
        );
    }
}
