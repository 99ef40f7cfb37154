//! Aurora's OAuth2 clients: list, details, identity URN, delete.

use serde::Deserialize;

use super::model::OAuthClientInfo;
use crate::api::path_segment;
use crate::api::ApiClient;
use crate::iam::urn::oauth2_identity_urn;
use crate::user_error::UserError;

pub(super) const CLIENTS: &str = "/me/api/oauth2/client";

#[derive(Deserialize)]
struct Me {
    nichandle: String,
}

/// The clients Aurora created (recognised by name and description), each
/// with its identity URN.
pub async fn list_aurora_clients(api: &ApiClient) -> Result<Vec<OAuthClientInfo>, UserError> {
    let ids: Vec<String> = api.get(CLIENTS).await?;
    let mut nichandle = None;
    let mut mine = Vec::new();
    for id in ids {
        let client: OAuthClientInfo = api.get(&client_path(&id)?).await?;
        if client.is_aurora() {
            mine.push(with_identity(api, client, &mut nichandle).await?);
        }
    }
    Ok(mine)
}

/// One client's details, with its identity URN.
pub async fn get_client(api: &ApiClient, client_id: &str) -> Result<OAuthClientInfo, UserError> {
    let client: OAuthClientInfo = api.get(&client_path(client_id)?).await?;
    with_identity(api, client, &mut None).await
}

/// `urn:v1:<eu|ca|us>:identity:credential:<nichandle>/oauth2-<clientId>`: what
/// an IAM policy names to govern this client.
pub async fn client_identity(api: &ApiClient, client_id: &str) -> Result<String, UserError> {
    Ok(get_client(api, client_id).await?.identity.unwrap_or_default())
}

pub async fn delete_client(api: &ApiClient, client_id: &str) -> Result<(), UserError> {
    api.delete::<serde_json::Value>(&client_path(client_id)?).await?;
    tracing::info!(client = %client_id, "OAuth2 client deleted");
    Ok(())
}

/// OVH's `identity` when present, else built from the account's nichandle
/// (read once per call through `nichandle`).
async fn with_identity(
    api: &ApiClient,
    mut client: OAuthClientInfo,
    nichandle: &mut Option<String>,
) -> Result<OAuthClientInfo, UserError> {
    if client.identity.as_deref().is_none_or(str::is_empty) {
        let nic = match nichandle {
            Some(nic) => nic.clone(),
            None => nichandle.insert(api.get::<Me>("/me").await?.nichandle).clone(),
        };
        client.identity = Some(oauth2_identity_urn(
            api.endpoint().region.urn_segment(),
            &nic,
            &client.client_id,
        ));
    }
    Ok(client)
}

pub(super) fn client_path(id: &str) -> Result<String, crate::api::ApiError> {
    Ok(format!("{CLIENTS}/{}", path_segment(id)?))
}
