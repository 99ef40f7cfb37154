//! Process-wide state shared by the commands.

use std::path::PathBuf;
use std::sync::Arc;

use aurora_core::connections::ConnectionRegistry;
use aurora_core::discovery::cache::InventoryCache;
use aurora_core::discovery::DiscoveryService;
use aurora_core::legacy::ApiKeysWizard;
use aurora_core::oauth::{Issuer, LoopbackWaits, OAuthClientConfig, CUSTOM_ISSUER_VAR};
use aurora_core::oauth_clients::PendingSetup;
use aurora_core::session::{OAuthClients, Sessions};
use aurora_core::store::Store;
use aurora_core::vault::{OsKeyring, Vault};
use aurora_core::{Endpoint, EndpointError, ErrorKind, HttpConfig, Region, UserError};

use crate::demo::Demo;

/// How Aurora was launched.
#[derive(Debug, Clone, Default)]
pub struct LaunchOptions {
    /// `--demo`: run on the built-in OVH simulator instead of a real account.
    pub demo: bool,
}

impl LaunchOptions {
    pub fn from_args(args: impl IntoIterator<Item = String>) -> Self {
        let mut options = LaunchOptions {
            demo: std::env::var("AURORA_DEMO").is_ok_and(|v| v == "1"),
        };
        for arg in args {
            if arg == "--demo" {
                options.demo = true;
            }
        }
        options
    }
}

pub struct AppState {
    pub options: LaunchOptions,
    pub sessions: Arc<Sessions>,
    /// The loopback listeners of sign-ins in progress (for Cancel).
    pub loopbacks: LoopbackWaits,
    pub demo: Option<Demo>,
    pub wizard: ApiKeysWizard,
    /// "Set up Sign in with OVH": its single-purpose key while it is validated.
    pub sign_in_setup: PendingSetup,
    pub discovery: DiscoveryService,
    /// Problems found at start-up (for example a damaged connections file), shown once.
    pub startup_warnings: Vec<UserError>,
}

/// The OS keyring under the service name `aurora`, or `AURORA_KEYRING_SERVICE`
/// when set (separate profiles, and tests that must not share secrets). The
/// offline demo keeps its own entries apart from real accounts.
fn keyring(demo: bool) -> Vault {
    let service = std::env::var("AURORA_KEYRING_SERVICE")
        .ok()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty());
    match (service, demo) {
        (Some(service), true) => Vault::with_backend(Arc::new(OsKeyring::with_service(format!("{service}-demo")))),
        (Some(service), false) => Vault::with_backend(Arc::new(OsKeyring::with_service(service))),
        (None, true) => Vault::with_backend(Arc::new(OsKeyring::with_service("aurora-demo"))),
        (None, false) => Vault::os_keyring(),
    }
}

impl AppState {
    pub async fn open(options: LaunchOptions, data_dir: PathBuf) -> Result<AppState, UserError> {
        // The demo's connections and inventories never mix with real ones.
        let data_dir = if options.demo { data_dir.join("demo") } else { data_dir };
        let demo = if options.demo { Some(Demo::start()?) } else { None };
        let mut oauth_clients = OAuthClients::default();
        if let Some(demo) = &demo {
            let client = OAuthClientConfig::new(demo.client_id(), demo.client_secret(), demo.redirect_uri())?;
            let issuer = Issuer::of(&Endpoint::custom(&demo.api_url())?);
            oauth_clients = oauth_clients.with_client(issuer, client);
        }
        let (mut registry, warning) = ConnectionRegistry::open(&data_dir, keyring(options.demo)).await?;
        if options.demo {
            registry = registry.naming_custom_endpoint("Offline demo").await;
        }
        let sessions = Arc::new(Sessions::new(registry, oauth_clients, HttpConfig::default()));
        // Clients saved per region by earlier versions move to their issuer;
        // a keyring that cannot be reached now is tried again at the next start.
        if let Err(e) = sessions.migrate_oauth_clients().await {
            tracing::warn!(
                "The saved OAuth2 clients could not be moved to their issuers yet: {}",
                e.message
            );
        }
        let mut startup_warnings: Vec<UserError> = warning.into_iter().collect();
        let (store, problem) = Store::open_or_temporary(&data_dir)?;
        startup_warnings.extend(problem);
        // Inventories saved as JSON by earlier versions move into the store once.
        startup_warnings.extend(store.import_json_cache(&InventoryCache::new(data_dir.join("inventories"))));
        Ok(AppState {
            options,
            sessions,
            loopbacks: LoopbackWaits::default(),
            demo,
            wizard: ApiKeysWizard::default(),
            sign_in_setup: PendingSetup::default(),
            discovery: DiscoveryService::new(Arc::new(store)),
            startup_warnings,
        })
    }

    /// The endpoint chosen in the sign-in window or the API keys wizard: only
    /// the Custom endpoint takes an API address (with `OVH_CUSTOM_OAUTH_ISSUER`
    /// as its issuer), and the offline demo's simulator answers when none is typed.
    pub fn endpoint(&self, region: Region, custom_api_base: Option<&str>) -> Result<Endpoint, UserError> {
        let demo_api_base = self.demo.as_ref().map(Demo::api_url);
        let issuer = std::env::var(CUSTOM_ISSUER_VAR).ok();
        Endpoint::chosen_or_demo(region, custom_api_base, issuer.as_deref(), demo_api_base.as_deref()).map_err(|e| {
            let solution = match e {
                EndpointError::CustomBaseForBuiltin(_) => "Choose Custom endpoint under Advanced to use that address.",
                _ => "Check the API address, for example https://eu.api.ovh.com/1.0.",
            };
            UserError::new(ErrorKind::InvalidConfiguration, e.to_string(), [solution])
        })
    }
}
