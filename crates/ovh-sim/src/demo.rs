//! Fixed credentials for the offline demo, so the app, scripts and tests agree on them.
//! They are public on purpose: they only ever open the loopback simulator.

use crate::config::SimConfig;

/// OAuth2 client id of the demo (registered with [`DEMO_REDIRECT_URI`]).
pub const DEMO_CLIENT_ID: &str = "aurora-demo";
/// OAuth2 client secret of the demo.
pub const DEMO_CLIENT_SECRET: &str = "aurora-demo-secret";
/// Aurora's deep-link callback, the demo client's registered redirect URI.
pub const DEMO_REDIRECT_URI: &str = "aurora://ovh/oauth2/callback";
/// Legacy application key of the demo.
pub const DEMO_APPLICATION_KEY: &str = "auroraDemoAppKey";
/// Legacy application secret of the demo.
pub const DEMO_APPLICATION_SECRET: &str = "auroraDemoApplicationSecret00000";
/// A validated consumer key of the demo (full access).
pub const DEMO_CONSUMER_KEY: &str = "auroraDemoConsumerKey00000000000";
/// An access token of the demo that never expires.
pub const DEMO_ACCESS_TOKEN: &str = "aurora-demo-access-token";

impl SimConfig {
    /// The demo preset: the default account plus every `DEMO_*` credential, and
    /// consent given at once on the authorize page.
    pub fn demo() -> Self {
        SimConfig::default()
            .credential(DEMO_APPLICATION_KEY, DEMO_APPLICATION_SECRET, DEMO_CONSUMER_KEY)
            .bearer_token(DEMO_ACCESS_TOKEN)
            .oauth_client(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_REDIRECT_URI)
            .auto_consent(true)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn demo_preset_has_every_credential() {
        let c = crate::SimConfig::demo();
        assert!(c.auto_consent);
        assert_eq!(c.credentials.len(), 1);
        assert_eq!(c.bearer_tokens, vec![super::DEMO_ACCESS_TOKEN.to_string()]);
        assert_eq!(c.oauth_clients[0].client_id, super::DEMO_CLIENT_ID);
    }
}
