//! OAuth2 clients Aurora creates in the person's OVH account (issue 8):
//! the one behind "Sign in with OVH" and service accounts for automation.
//!
//! ```ignore
//! let api = sessions.client(&legacy_connection).await?;
//! let client = set_up_sign_in_with_ovh(&api, &vault, DEFAULT_REDIRECT_URI).await?; // saved per issuer
//! let request = flow.begin(api.endpoint(), &client);                              // sign in with it
//! let service = create_service_account(&api).await?;                              // secret shown once
//! let identity = client_identity(&api, &service.client_id).await?;                // for an IAM policy
//! for c in list_aurora_clients(&api).await? { delete_client(&api, &c.client_id).await?; }
//! ```

pub mod by_hand;
pub mod create;
pub mod manage;
pub mod model;
pub mod saved;
pub mod setup;

pub use by_hand::{client_creation_help, ClientCreationHelp};
pub use create::{create_service_account, create_sign_in_client, saved_client_still_usable, set_up_sign_in_with_ovh};
pub use manage::{client_identity, delete_client, get_client, list_aurora_clients};
pub use model::{
    ClientFlow, CreatedClient, OAuthClientInfo, CLIENT_DESCRIPTION, SERVICE_ACCOUNT_NAME, SIGN_IN_CLIENT_NAME,
};
pub use saved::{checked_client_input, issuer_for, migrate_region_clients, ClientSource, KnownClient, OAuthClients};
pub use setup::{sign_in_setup_rules, PendingSetup, SetupKey, SetupStarted};
