//! Legacy API keys (Application Key, Application Secret, Consumer Key): the
//! core of the guided wizard (issue 5), without UI.
//!
//! ```ignore
//! let rules = discovery_rules();                                   // show them first
//! let request = request_consumer_key(&endpoint, &ak, &discovery_access_rules(), Some(deep_link)).await?;
//! open(request.validation_url);                                    // in the system browser
//! let keys = ApiCredentials::new(&endpoint, ak, as_, request.consumer_key);
//! let client = ApiClient::new(endpoint.clone(), keys.auth())?;
//! wait_for_validation(&client, &request.validation_url, PollOptions::default()).await?;
//! let account = validate_with(&client).await?;                     // nichandle, email, rules, expiry
//! registry.add_with_api_credentials(Connection::new(&endpoint, AuthMethod::ApiCredentials)
//!     .with_account(&account.nichandle, account.email.clone()), &keys).await?;
//! ```
//!
//! Pasted values go through [`paste::check_field`] as they are typed;
//! existing `ovh.conf` files and `OVH_*` variables through [`ovh_conf`].

pub mod access_rules;
pub mod application;
pub mod consumer_key;
pub mod error;
pub mod import;
pub mod ovh_conf;
pub mod paste;
pub mod validate;
pub mod wizard;

pub use access_rules::{discovery_access_rules, discovery_rules, missing_rules, AccessRule, DescribedRule, RuleSet};
pub use application::{
    create_app_page, create_token_page, APPLICATION_DESCRIPTION, APPLICATION_NAME, RECOMMENDED_VALIDITY,
};
pub use consumer_key::{
    credential_status, request_consumer_key, wait_for_validation, ConsumerKeyRequest, ConsumerKeyStatus,
    CredentialState, CurrentCredential, PollOptions,
};
pub use error::LegacyError;
pub use import::{
    import_from_system, resolve as resolve_import, ConfFile, ImportKind, ImportPreview, Imported, ImportedSecrets,
    ValueSource,
};
pub use ovh_conf::OvhConf;
pub use paste::{check_all, check_field, clean, FieldCheck, FieldState, KeyField};
pub use validate::{validate, validate_with, ValidatedKeys};
pub use wizard::{ApiKeysWizard, VALIDATED_DEEP_LINK};
