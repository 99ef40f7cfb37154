//! A connection's OAuth2 clients at OVH and least-privilege IAM policies.

use aurora_core::iam::{self, CapabilitySet, Policy, PolicyDraft};
use aurora_core::oauth_clients::{self, OAuthClientInfo};
use aurora_core::{ApiClient, UserError};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::state::AppState;

async fn api(state: &AppState, connection_id: &str) -> Result<ApiClient, UserError> {
    let connection = state.sessions.registry().require(connection_id).await?;
    state.sessions.client(&connection).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_oauth_clients(
    state: tauri::State<'_, AppState>,
    connection_id: String,
) -> Result<Vec<OAuthClientInfo>, UserError> {
    oauth_clients::list_aurora_clients(&api(&state, &connection_id).await?).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_oauth_client(
    state: tauri::State<'_, AppState>,
    connection_id: String,
    client_id: String,
) -> Result<(), UserError> {
    oauth_clients::delete_client(&api(&state, &connection_id).await?, &client_id).await
}

#[tauri::command]
#[specta::specta]
pub fn iam_capabilities() -> Vec<CapabilitySet> {
    iam::capability_sets()
}

/// A Public Cloud project to choose in the policy form.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ProjectChoice {
    pub id: String,
    pub name: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ProjectDetail {
    project_name: Option<String>,
    description: Option<String>,
}

#[tauri::command]
#[specta::specta]
pub async fn list_projects(
    state: tauri::State<'_, AppState>,
    connection_id: String,
) -> Result<Vec<ProjectChoice>, UserError> {
    let api = api(&state, &connection_id).await?;
    let ids: Vec<String> = api.get("/cloud/project").await?;
    let mut projects = Vec::new();
    for id in ids {
        let detail: ProjectDetail = api
            .get(&format!("/cloud/project/{}", aurora_core::api::path_segment(&id)?))
            .await?;
        let name = detail.project_name.or(detail.description).unwrap_or_else(|| id.clone());
        projects.push(ProjectChoice { id, name });
    }
    Ok(projects)
}

/// The identity URN of one of the account's OAuth2 clients.
#[tauri::command]
#[specta::specta]
pub async fn oauth_client_identity(
    state: tauri::State<'_, AppState>,
    connection_id: String,
    client_id: String,
) -> Result<String, UserError> {
    oauth_clients::client_identity(&api(&state, &connection_id).await?, &client_id).await
}

/// The exact JSON that "Create" would send, checked against the account.
#[tauri::command]
#[specta::specta]
pub async fn preview_iam_policy(
    state: tauri::State<'_, AppState>,
    connection_id: String,
    draft: PolicyDraft,
) -> Result<String, UserError> {
    Ok(iam::preview_policy(&api(&state, &connection_id).await?, &draft)
        .await?
        .pretty_json())
}

#[tauri::command]
#[specta::specta]
pub async fn create_iam_policy(
    state: tauri::State<'_, AppState>,
    connection_id: String,
    draft: PolicyDraft,
) -> Result<Policy, UserError> {
    iam::create_policy(&api(&state, &connection_id).await?, &draft).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_iam_policies(
    state: tauri::State<'_, AppState>,
    connection_id: String,
) -> Result<Vec<Policy>, UserError> {
    iam::list_aurora_policies(&api(&state, &connection_id).await?).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_iam_policy(
    state: tauri::State<'_, AppState>,
    connection_id: String,
    policy_id: String,
) -> Result<(), UserError> {
    iam::delete_policy(&api(&state, &connection_id).await?, &policy_id).await
}
