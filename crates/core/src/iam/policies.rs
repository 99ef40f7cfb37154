//! `/v2/iam/policy`: preview, create, list Aurora's, get, delete.

use serde::Deserialize;

use super::builder::{build_policy, AccountScope, PolicyDraft};
use super::capability::Capability;
use super::error::from_api_error;
use super::policy::{Policy, PolicyBody};
use super::urn;
use crate::api::{path_segment, ApiClient, ApiError};
use crate::region::Region;
use crate::user_error::UserError;

const POLICIES: &str = "/v2/iam/policy";

#[derive(Deserialize)]
struct Me {
    nichandle: String,
}

#[derive(Deserialize)]
struct ProjectIam {
    iam: Option<IamRef>,
}

#[derive(Deserialize)]
struct IamRef {
    urn: String,
}

/// Reads what `draft` is checked against: the account's nichandle, its
/// projects and (for the read-only inventory) its dedicated servers.
pub async fn load_scope(api: &ApiClient, draft: &PolicyDraft) -> Result<AccountScope, UserError> {
    let me: Me = api.get("/me").await.map_err(from_api_error)?;
    let project_ids: Vec<String> = api.get("/cloud/project").await.map_err(from_api_error)?;
    let dedicated_servers = if draft.capabilities.contains(&Capability::ReadOnlyInventory) {
        api.get("/dedicated/server").await.map_err(from_api_error)?
    } else {
        Vec::new()
    };
    let urn_segment = urn_segment(api, &project_ids).await;
    Ok(AccountScope {
        urn_segment,
        nichandle: me.nichandle,
        project_ids,
        dedicated_servers,
    })
}

/// A built-in region's segment; a custom endpoint (a proxy, the simulator)
/// says which through a project's own IAM URN, Europe when it cannot.
async fn urn_segment(api: &ApiClient, project_ids: &[String]) -> String {
    let region = api.endpoint().region;
    if region != Region::Custom {
        return region.urn_segment().to_owned();
    }
    let learned = match project_ids.first().map(|id| path_segment(id)) {
        Some(Ok(segment)) => match api.get::<ProjectIam>(&format!("/cloud/project/{segment}")).await {
            Ok(project) => project
                .iam
                .and_then(|iam| urn::parse(&iam.urn).map(|p| p.segment.to_owned())),
            Err(e) => {
                tracing::debug!(error = %e, "the custom endpoint's URN region is unknown");
                None
            }
        },
        Some(Err(_)) | None => None,
    };
    learned.unwrap_or_else(|| region.urn_segment().to_owned())
}

/// The exact body [`create_policy`] would send for `draft`, after every check.
pub async fn preview_policy(api: &ApiClient, draft: &PolicyDraft) -> Result<PolicyBody, UserError> {
    build_policy(draft, &load_scope(api, draft).await?)
}

/// Checks `draft`, then `POST /v2/iam/policy`; returns the policy OVH created.
pub async fn create_policy(api: &ApiClient, draft: &PolicyDraft) -> Result<Policy, UserError> {
    let body = preview_policy(api, draft).await?;
    let policy: Policy = api.post(POLICIES, &body).await.map_err(from_api_error)?;
    tracing::info!(policy = %policy.id, name = %policy.name, "IAM policy created");
    Ok(policy)
}

// Listing, reading and deleting keep the API's own messages: the product
// wording is about creating a policy ("Verify project ID is correct" would
// mislead for a policy that was deleted meanwhile).

/// The policies Aurora created (named `aurora-...`), every page of them.
pub async fn list_aurora_policies(api: &ApiClient) -> Result<Vec<Policy>, UserError> {
    let all: Vec<Policy> = api.get_all(POLICIES).await?;
    Ok(all.into_iter().filter(Policy::is_aurora).collect())
}

pub async fn get_policy(api: &ApiClient, id: &str) -> Result<Policy, UserError> {
    Ok(api.get(&policy_path(id)?).await?)
}

pub async fn delete_policy(api: &ApiClient, id: &str) -> Result<(), UserError> {
    api.delete::<serde_json::Value>(&policy_path(id)?).await?;
    tracing::info!(policy = %id, "IAM policy deleted");
    Ok(())
}

fn policy_path(id: &str) -> Result<String, ApiError> {
    Ok(format!("{POLICIES}/{}", path_segment(id)?))
}
