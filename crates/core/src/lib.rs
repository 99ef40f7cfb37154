//! Aurora core: everything that talks to OVHcloud, without Tauri.
//!
//! Modules
//! - [`region`]: [`Region`] (`ovh-eu`, `ovh-ca`, `ovh-us`, `custom`) and
//!   [`Endpoint`] (API base, OAuth2 authorize/token URLs, createApp/createToken
//!   pages, OVH Manager), every URL overridable with [`EndpointOverrides`].
//!   `Endpoint::builtin(Region::OvhEu)`, `Endpoint::custom("http://127.0.0.1:PORT/1.0")`,
//!   `Endpoint::resolve(region, &overrides)`.
//! - [`signing`]: `sign(AS, CK, method, url, body, timestamp) -> "$1$..."`.
//! - [`api`], the API client ([`ApiClient`]).
//!   ```ignore
//!   let client = ApiClient::new(endpoint, Auth::signed(ak, as_, ck))?;   // or Auth::bearer(source)
//!   let me: serde_json::Value = client.get("/me").await?;
//!   let ids: Vec<String> = client.get("/cloud/project").await?;
//!   let projects: Vec<P> = client.get_all("/v2/publicCloud/project").await?; // follows cursors
//!   let raw = client.send(ApiRequest::get("/v2/iam/resource").query("k", "v")).await?; // status, headers, body
//!   ```
//!   `get`, `post(path, &body)`, `put`, `delete`; paths starting `/v1/` or
//!   `/v2/` replace the base's `/1.0`. Signed requests fetch `GET /auth/time`
//!   once per client (clones and `with_auth` share it). Bearer tokens come from
//!   an [`api::AccessTokenSource`] (the OAuth refresher implements it). Every
//!   non-2xx answer is an [`ApiError`] (not granted, invalid credential, IAM
//!   denial with the action, rate limit with Retry-After, ...), with the
//!   `X-Ovh-QueryID`. `Auth::Application { application_key }` sends only
//!   `X-Ovh-Application` (for `POST /auth/credential`). GETs answered 429 are
//!   retried after Retry-After (capped); `QUERY_TIME_OUT` re-learns the clock.
//! - [`oauth`]: "Sign in with OVH" (authorization code + PKCE S256).
//!   ```ignore
//!   let flow = OAuthFlow::new();                               // one per app: holds pending states
//!   let client = OAuthClientConfig::from_env(Region::OvhEu)?;   // OVH_EU_CLIENT_ID/SECRET, OVH_OAUTH_REDIRECT_URI
//!   let request = flow.begin(&endpoint, &client)?;             // open request.url in the system browser
//!   let sign_in = flow.complete(&callback_url).await?;         // validates URL + state, exchanges the code
//!   // sign_in.tokens: TokenSet; sign_in.warnings: e.g. UserError::no_refresh_token()
//!   let refresher = Arc::new(TokenRefresher::new(id, sign_in.tokens,
//!       TokenEndpoint::new(&sign_in.endpoint, &sign_in.client, &HttpConfig::default())?, store));
//!   let api = ApiClient::new(sign_in.endpoint, Auth::Bearer(refresher.clone()))?;
//!   ```
//!   The app does all of this through [`session::Sessions`]: `sessions.sign_ins().begin(..)`,
//!   then `sessions.complete_sign_in(&callback_url)` saves the connection and its tokens.
//!   `parse_callback` (strict deep-link / loopback validation), `StateStore`
//!   (single use, 10 minutes), `TokenRefresher` (renews 5 minutes before
//!   expiry, one renewal at a time, `status()` says when to sign in again,
//!   `spawn_background_refresh`), `TokenStore` (load/save/delete by connection
//!   id; `MemoryTokenStore` for tests), `sign_in_with_client_credentials`.
//! - [`http`]: [`HttpConfig`] (timeout 30 s, connect 10 s, never follows redirects).
//! - [`user_error`]: [`UserError`] `{kind, message, solution}`, the error the UI
//!   shows; `From<ApiError>`; constructors carry the product document's
//!   troubleshooting wording (`invalid_credentials()`, `invalid_state()`, ...).
//! - [`secret`]: [`SecretString`], which never prints in `Debug`.
//! - [`discovery`]: the [`discovery::Inventory`] model, normalization, the
//!   task runner [`discovery::discover`] and the `ovhcloud` CLI engine
//!   [`discovery::CliEngine`].
//! - [`store`]: the inventory store (SQLite): every connection's last good
//!   inventory, its history, and the queries the window makes (overview, a
//!   window of rows, one resource, export).
//! - [`oauth_clients`]: OAuth2 clients Aurora creates at OVH: "Set up Sign in
//!   with OVH" (`set_up_sign_in_with_ovh`: create + save in the vault),
//!   service accounts, list/delete Aurora's, identity URNs.
//! - [`iam`]: least-privilege IAM policies: capability sets, the policy
//!   builder and its checks, preview/create/list/delete on `/v2/iam/policy`.

pub mod actions;
pub mod api;
pub mod http;
pub mod private_file;
pub mod region;
pub mod secret;
pub mod signing;
pub mod user_error;

pub use api::{ApiClient, ApiError, ApiRequest, ApiResponse, Auth};
pub use http::HttpConfig;
pub use region::{Endpoint, EndpointError, EndpointOverrides, Region};
pub use secret::SecretString;
pub use user_error::{ErrorKind, UserError};
pub mod connections;
pub mod discovery;
pub mod iam;
pub mod legacy;
pub mod oauth;
pub mod oauth_clients;
pub mod session;
pub mod store;
pub mod vault;
