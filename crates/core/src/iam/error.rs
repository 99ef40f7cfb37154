//! Every IAM policy failure is the product document's "IAM policy creation
//! error" with its four solution lines, the most relevant one first, then
//! one line saying what exactly went wrong.

use crate::api::ApiError;
use crate::user_error::UserError;

/// Why a policy cannot be created; picks which solution line comes first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyProblem {
    /// The caller may not create IAM policies (403).
    MissingPermission,
    /// A project id is not one of the account's projects.
    UnknownProject,
    /// The identity URN's region is not the endpoint's.
    RegionMismatch,
    /// Anything else about the policy's content.
    Format,
}

impl PolicyProblem {
    /// Index in [`UserError::iam_policy_creation_failed`]'s solution lines.
    fn solution_index(self) -> usize {
        match self {
            PolicyProblem::MissingPermission => 0,
            PolicyProblem::UnknownProject => 1,
            PolicyProblem::RegionMismatch => 2,
            PolicyProblem::Format => 3,
        }
    }
}

/// "IAM policy creation error", the relevant line first, then `detail`
/// (a complete sentence that says what to do).
pub fn policy_error(problem: PolicyProblem, detail: impl Into<String>) -> UserError {
    let mut error = UserError::iam_policy_creation_failed();
    let first = error.solution.remove(problem.solution_index());
    error.solution.insert(0, first);
    error.with_hint(detail)
}

/// Maps a failed IAM call. Refusals (400, 403, 404) are policy problems;
/// a dead network, an expired session or an OVH outage keep their own
/// message, which says better what to do.
pub fn from_api_error(e: ApiError) -> UserError {
    let query = e.context().and_then(|c| c.query_id.clone());
    let error = match &e {
        ApiError::NotGranted(ctx) => policy_error(
            PolicyProblem::MissingPermission,
            format!(
                "These API keys have not been granted {} {}. Create a consumer key whose rights include it (or sign in with OVH), then try again.",
                ctx.method, ctx.path
            ),
        ),
        ApiError::IamDenied { action, .. } => policy_error(
            PolicyProblem::MissingPermission,
            format!("An OVH IAM policy does not allow {action} for this account user. Ask the account administrator to allow it, then try again."),
        ),
        ApiError::Rejected(ctx) if ctx.status == Some(403) => policy_error(
            PolicyProblem::MissingPermission,
            "OVH refused to let these credentials manage IAM policies. Use credentials of the account administrator, then try again.",
        ),
        ApiError::Rejected(ctx) => {
            let said = ctx.server_message.clone().unwrap_or_else(|| format!("HTTP {}", ctx.status.unwrap_or(400)));
            let problem = classify_refusal(&said);
            policy_error(problem, format!("OVH refused the policy: {}. Correct it and try again.", said.trim_end_matches('.')))
        }
        ApiError::NotFound(ctx) => policy_error(
            PolicyProblem::UnknownProject,
            format!("OVH found nothing at {}. Refresh the list of projects and policies, then try again.", ctx.path),
        ),
        _ => return UserError::from(e),
    };
    match query {
        Some(id) => error.with_hint(format!("If you contact OVH support, quote query id {id}")),
        None => error,
    }
}

/// OVH's 400 messages name what they refuse: a resource, an identity, an action.
fn classify_refusal(message: &str) -> PolicyProblem {
    let m = message.to_ascii_lowercase();
    if m.contains("identity") {
        PolicyProblem::RegionMismatch
    } else if m.contains("resource") || m.contains("project") {
        PolicyProblem::UnknownProject
    } else {
        PolicyProblem::Format
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_relevant_line_comes_first_and_the_wording_is_kept() {
        let e = policy_error(
            PolicyProblem::RegionMismatch,
            "The identity is in Canada. Use a Canada connection.",
        );
        assert_eq!(e.message, "IAM policy creation error");
        assert_eq!(
            e.solution[0],
            "Check that the region matches your endpoint (EU, US, CA)"
        );
        assert_eq!(e.solution.len(), 5);
        assert_eq!(e.solution[4], "The identity is in Canada. Use a Canada connection.");
        let mut lines = e.solution[..4].to_vec();
        lines.sort();
        let mut product = UserError::iam_policy_creation_failed().solution;
        product.sort();
        assert_eq!(lines, product);
        assert_eq!(
            policy_error(PolicyProblem::MissingPermission, "x").solution[0],
            "Ensure your account has IAM policy creation permissions"
        );
        assert_eq!(
            policy_error(PolicyProblem::UnknownProject, "x").solution[0],
            "Verify project ID is correct"
        );
        assert_eq!(
            policy_error(PolicyProblem::Format, "x").solution[0],
            "Review OVH IAM documentation for policy format requirements"
        );
    }

    #[test]
    fn refusals_are_classified_by_what_they_name() {
        assert_eq!(
            classify_refusal("The identity \"x\" is not a valid URN"),
            PolicyProblem::RegionMismatch
        );
        assert_eq!(
            classify_refusal("The resource \"y\" is not a valid URN"),
            PolicyProblem::UnknownProject
        );
        assert_eq!(
            classify_refusal("The action \"z\" does not exist."),
            PolicyProblem::Format
        );
    }
}
