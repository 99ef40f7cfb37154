//! `POST /me/api/oauth2/client`: the client behind "Sign in with OVH", or a
//! service account.

use serde::{Deserialize, Serialize};

use super::manage::{client_path, delete_client, CLIENTS};
use super::model::{
    ClientFlow, CreatedClient, OAuthClientInfo, CLIENT_DESCRIPTION, SERVICE_ACCOUNT_NAME, SIGN_IN_CLIENT_NAME,
};
use crate::api::ApiClient;
use crate::oauth::{Issuer, OAuthClientConfig};
use crate::secret::SecretString;
use crate::user_error::{ErrorKind, UserError};
use crate::vault::Vault;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NewClientBody<'a> {
    name: &'a str,
    description: &'a str,
    flow: ClientFlow,
    callback_urls: Vec<&'a str>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NewClientAnswer {
    client_id: Option<String>,
    client_secret: Option<SecretString>,
}

/// Creates the `AUTHORIZATION_CODE` client "Aurora Integration" whose
/// callback is `redirect_uri` (the app's, e.g. `aurora://ovh/oauth2/callback`).
/// Returns it ready for [`crate::oauth::OAuthFlow::begin`].
pub async fn create_sign_in_client(api: &ApiClient, redirect_uri: &str) -> Result<OAuthClientConfig, UserError> {
    // Refuses a redirect URI Aurora could not receive before OVH registers it.
    OAuthClientConfig::new("pending", "", redirect_uri)?;
    let created = create(
        api,
        SIGN_IN_CLIENT_NAME,
        ClientFlow::AuthorizationCode,
        Some(redirect_uri),
    )
    .await?;
    OAuthClientConfig::new(created.client_id, created.client_secret, redirect_uri)
}

/// Creates a `CLIENT_CREDENTIALS` service account (no callback), for
/// automation and [`crate::oauth::sign_in_with_client_credentials`].
pub async fn create_service_account(api: &ApiClient) -> Result<CreatedClient, UserError> {
    create(api, SERVICE_ACCOUNT_NAME, ClientFlow::ClientCredentials, None).await
}

/// Creates the sign-in client with `api` (a key that may create clients) and
/// saves its id and secret as the OAuth client of the endpoint's issuer, so
/// the next sign-in needs no environment variables. When the issuer's saved
/// client is still at OVH with this callback, it is used again rather than
/// adding one more client at each click. A client whose secret the keyring
/// refuses is deleted again: without its secret it could never be used.
pub async fn set_up_sign_in_with_ovh(
    api: &ApiClient,
    vault: &Vault,
    redirect_uri: &str,
) -> Result<OAuthClientConfig, UserError> {
    let issuer = Issuer::of(api.endpoint());
    if let Some(saved) = saved_client_still_usable(api, vault, redirect_uri).await? {
        tracing::info!(client = %saved.client_id, %issuer, "Sign in with OVH already set up");
        return Ok(saved);
    }
    let client = create_sign_in_client(api, redirect_uri).await?;
    if let Err(e) = vault
        .save_oauth_client(&issuer, &client.client_id, &client.client_secret)
        .await
    {
        let cause = UserError::from(e);
        let deleted = delete_client(api, &client.client_id).await.is_ok();
        let next = if deleted {
            "Aurora deleted that client again: set up Sign in with OVH once the keyring works.".to_owned()
        } else {
            format!(
                "Delete the client {} in Access & IAM, then set up Sign in with OVH again once the keyring works.",
                client.client_id
            )
        };
        return Err(UserError {
            message: format!(
                "OVH created an OAuth2 client but Aurora could not keep its secret: {} {next}",
                cause.message
            ),
            ..cause
        }
        .with_hint("OVH shows a client secret only once: a client whose secret is lost cannot be used"));
    }
    tracing::info!(client = %client.client_id, %issuer, "Sign in with OVH set up");
    Ok(client)
}

/// The issuer's saved client, when `api` can still read it at OVH with the
/// Aurora name, the authorization code flow and this callback.
pub async fn saved_client_still_usable(
    api: &ApiClient,
    vault: &Vault,
    redirect_uri: &str,
) -> Result<Option<OAuthClientConfig>, UserError> {
    let Some(saved) = vault.load_oauth_client(&Issuer::of(api.endpoint())).await? else {
        return Ok(None);
    };
    // Any failure to read it back (deleted, another account's, no right to
    // read clients) means a new client is needed.
    let usable = match api.get::<OAuthClientInfo>(&client_path(&saved.client_id)?).await {
        Ok(info) => {
            info.is_aurora()
                && info.flow == ClientFlow::AuthorizationCode
                && info.callback_urls.iter().any(|u| u == redirect_uri)
        }
        Err(e) => {
            tracing::debug!(error = %e, "the saved OAuth2 client cannot be used again");
            false
        }
    };
    usable
        .then(|| OAuthClientConfig::new(saved.client_id, saved.client_secret, redirect_uri))
        .transpose()
}

async fn create(
    api: &ApiClient,
    name: &str,
    flow: ClientFlow,
    callback: Option<&str>,
) -> Result<CreatedClient, UserError> {
    let body = NewClientBody {
        name,
        description: CLIENT_DESCRIPTION,
        flow,
        callback_urls: callback.into_iter().collect(),
    };
    let answer: NewClientAnswer = api.post(CLIENTS, &body).await.map_err(UserError::from)?;
    let client_id = answer
        .client_id
        .filter(|id| !id.trim().is_empty())
        .ok_or_else(|| incomplete("an id"))?;
    let client_secret = answer
        .client_secret
        .filter(|s| !s.is_empty())
        .ok_or_else(|| incomplete("its secret"))?;
    tracing::info!(client = %client_id, ?flow, "OAuth2 client created");
    Ok(CreatedClient {
        client_id,
        client_secret,
        flow,
    })
}

fn incomplete(what: &str) -> UserError {
    UserError::new(
        ErrorKind::MalformedResponse,
        format!("OVH created an OAuth2 client but did not return {what}. Delete the new client in Access & IAM, then try again."),
        ["Check OVH API status page for outages"],
    )
}
