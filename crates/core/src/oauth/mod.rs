//! "Sign in with OVH": OAuth2 authorization code with PKCE, token renewal,
//! client credentials.
//!
//! ```ignore
//! let flow = OAuthFlow::new();                                  // keep one per app
//! let client = OAuthClientConfig::from_env(Region::OvhEu)?;      // OVH_EU_CLIENT_ID/SECRET
//! let request = flow.begin(&endpoint, &client)?;                // open request.url in the browser
//! let sign_in = flow.complete(&callback_url).await?;            // deep link or loopback URL
//! store.save(&connection_id, &sign_in.tokens)?;
//! let refresher = Arc::new(TokenRefresher::new(&connection_id, sign_in.tokens,
//!     TokenEndpoint::new(&sign_in.endpoint, &sign_in.client, &HttpConfig::default())?, store));
//! let api = ApiClient::new(sign_in.endpoint, Auth::Bearer(refresher.clone()))?;
//! ```

pub mod callback;
pub mod config;
pub mod flow;
pub mod issuer;
pub mod loopback;
pub mod pkce;
pub mod refresher;
pub mod state;
pub mod store;
pub mod token;

pub use callback::{parse_callback, Callback, CallbackOutcome, RedirectKind, DEEP_LINK_URL, MAX_CALLBACK_URL_LEN};
pub use config::{OAuthClientConfig, CUSTOM_ISSUER_VAR, DEFAULT_REDIRECT_URI};
pub use flow::{authorization_url, sign_in_with_client_credentials, AuthorizationRequest, OAuthFlow, SignIn};
pub use issuer::Issuer;
pub use loopback::{LoopbackListener, LoopbackWaits};
pub use pkce::PkceVerifier;
pub use refresher::{SessionStatus, TokenRefresher, REFRESH_MARGIN};
pub use state::{PendingAuthorization, StateStore, STATE_LIFETIME};
pub use store::{MemoryTokenStore, TokenStore};
pub use token::{AuthMethod, TokenEndpoint, TokenError, TokenSet};
