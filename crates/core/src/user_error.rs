//! The error the user sees: `{kind, message, solution}` across the Tauri IPC.
//!
//! Messages and solutions for the cases the product document lists come from
//! its "Troubleshooting" section, word for word where the advice applies to a
//! desktop app. Nothing here ever carries a secret: constructors take no
//! token, key or secret.

use serde::{Deserialize, Serialize};

/// Stable, machine-readable category (the UI switches on it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ErrorKind {
    InvalidCredentials,
    NotGranted,
    IamDenied,
    InvalidSignature,
    ClockSkew,
    UnknownApplicationKey,
    NotFound,
    RateLimited,
    ServerError,
    Timeout,
    NetworkUnreachable,
    MalformedResponse,
    RequestRejected,
    InvalidState,
    AuthorizationDenied,
    TokenExchangeFailed,
    NoAccessToken,
    NoRefreshToken,
    SignInRequired,
    OAuthNotConfigured,
    InvalidCallback,
    /// The callback names another authorization server than the one the
    /// sign-in went to (RFC 9207 mix-up protection).
    IssuerMismatch,
    InvalidConfiguration,
    /// A value the person typed or pasted is not usable.
    InvalidInput,
    IamPolicyCreationFailed,
    CliCommandFailed,
    Internal,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type, thiserror::Error)]
#[error("{message}")]
pub struct UserError {
    pub kind: ErrorKind,
    pub message: String,
    pub solution: Vec<String>,
}

impl UserError {
    pub fn new<S: Into<String>>(
        kind: ErrorKind,
        message: impl Into<String>,
        solution: impl IntoIterator<Item = S>,
    ) -> Self {
        UserError {
            kind,
            message: message.into(),
            solution: solution.into_iter().map(Into::into).collect(),
        }
    }

    /// Adds one more solution line (e.g. an OVH query id to quote to support).
    pub fn with_hint(mut self, line: impl Into<String>) -> Self {
        self.solution.push(line.into());
        self
    }

    pub fn invalid_credentials() -> Self {
        Self::new(
            ErrorKind::InvalidCredentials,
            "Invalid credentials. Please check your consumer key and permissions.",
            [
                "Verify Application Key, Application Secret, and Consumer Key are correct",
                "Ensure Consumer Key was validated via the OVH validation link",
                "Check that credentials haven't expired (if time-limited)",
                "Verify permissions include /me read access",
            ],
        )
    }

    pub fn invalid_state() -> Self {
        Self::new(
            ErrorKind::InvalidState,
            "Invalid or expired state token",
            [
                "State tokens expire after 10 minutes",
                "Re-initiate the OAuth flow",
                // The document's cookie and Redis lines describe a web backend;
                // in the desktop app pending sign-ins live in the running process.
                "Finish signing in within the same Aurora session that started it (quitting Aurora cancels pending sign-ins)",
                "Use the most recent sign-in link: each one can be used only once",
            ],
        )
    }

    /// `error` is the OAuth2 error code returned by the token endpoint.
    pub fn token_exchange_failed(error: &str) -> Self {
        let solution: &[&str] = if error == "invalid_grant" {
            &[
                "Authorization codes are single-use only",
                "If you refresh the callback page, you'll get this error",
                "Re-initiate the OAuth flow to get a new authorization code",
                "Check that redirect_uri matches exactly (including trailing slash)",
            ]
        } else {
            &[
                "Verify OAuth2 client credentials are correct",
                "Ensure client has AUTHORIZATION_CODE flow enabled",
                "Check that redirect_uri matches exactly (including trailing slash)",
                "Re-initiate the OAuth flow",
            ]
        };
        Self::new(
            ErrorKind::TokenExchangeFailed,
            format!("Token exchange failed: {error}"),
            solution.iter().copied(),
        )
    }

    pub fn no_access_token() -> Self {
        Self::new(
            ErrorKind::NoAccessToken,
            "No access_token received from OVH",
            [
                "Check OVH API status page for outages",
                "Verify OAuth2 client credentials are correct",
                "Ensure client has AUTHORIZATION_CODE flow enabled",
                "Review OVH API logs for detailed error messages",
            ],
        )
    }

    /// A warning rather than a failure: the sign-in worked but will not renew.
    pub fn no_refresh_token() -> Self {
        Self::new(
            ErrorKind::NoRefreshToken,
            "No refresh token received - user may need to re-authorize after expiration",
            [
                "Users will need to re-authenticate when access tokens expire (~1 hour)",
                "Consider requesting offline access scope if available",
                "For automation, use client credentials flow instead",
            ],
        )
    }

    /// The connection cannot get a valid access token any more.
    pub fn sign_in_required(reason: &str) -> Self {
        Self::new(
            ErrorKind::SignInRequired,
            format!("Your OVH session has ended ({reason}). Sign in with OVH again to continue."),
            [
                "Click \"Sign in again\" on this connection",
                "Re-initiate the OAuth flow",
            ],
        )
    }

    pub fn iam_policy_creation_failed() -> Self {
        Self::new(
            ErrorKind::IamPolicyCreationFailed,
            "IAM policy creation error",
            [
                "Ensure your account has IAM policy creation permissions",
                "Verify project ID is correct",
                "Check that the region matches your endpoint (EU, US, CA)",
                "Review OVH IAM documentation for policy format requirements",
            ],
        )
    }

    /// `command` is the full command line (it must not contain a secret).
    pub fn cli_command_failed(command: &str) -> Self {
        Self::new(
            ErrorKind::CliCommandFailed,
            "Resource discovery commands timeout or fail",
            [
                "Verify ovhcloud CLI is installed and configured".to_owned(),
                "Check network connectivity to OVH API endpoints".to_owned(),
                "Ensure service account has permissions for the resource type".to_owned(),
                format!("Try running the command manually to see detailed errors: {command}"),
            ],
        )
    }

    /// `missing` lists the environment variables (or settings) to set.
    pub fn oauth_not_configured(region_label: &str, missing: &[String]) -> Self {
        Self::new(
            ErrorKind::OAuthNotConfigured,
            format!(
                "Sign in with OVH is not configured for {region_label}. Set {} and restart Aurora, or add the OAuth2 client in Settings, under \"OAuth clients\".",
                missing.join(" and ")
            ),
            [
                "Create an OAuth2 client at OVH with flow AUTHORIZATION_CODE: the sign-in window links to your region's API console (README, \"Connecting an account\")".to_owned(),
                "Or, from a connection made with API keys, open Access & IAM and choose Set up Sign in with OVH: Aurora creates the client for you".to_owned(),
                "Use aurora://ovh/oauth2/callback as its callback URL, or set OVH_OAUTH_REDIRECT_URI to the one you registered".to_owned(),
                format!("Set {}", missing.join(", ")),
            ],
        )
    }

    pub fn invalid_callback(reason: &str) -> Self {
        Self::new(
            ErrorKind::InvalidCallback,
            format!("This is not a valid OVH sign-in callback ({reason}). Paste the complete address your browser opened after you authorized Aurora."),
            ["Re-initiate the OAuth flow", "Copy the whole address from the browser, starting with aurora:// or http://127.0.0.1"],
        )
    }

    /// OVH redirected back with `error=...` (the user refused, or the
    /// authorization request was refused). `error` is the OAuth2 error code;
    /// the server's description and help page, when given, are passed on.
    pub fn authorization_denied(error: &str, description: Option<&str>, uri: Option<&str>) -> Self {
        let said = description.map(|d| format!(" It said: \"{d}\"")).unwrap_or_default();
        let mut denied = Self::new(
            ErrorKind::AuthorizationDenied,
            format!(
                "OVH did not authorize Aurora ({error}).{said} Sign in with OVH again and choose to authorize Aurora."
            ),
            [
                "Re-initiate the OAuth flow",
                "Ensure client has AUTHORIZATION_CODE flow enabled",
                "Check that redirect_uri matches exactly (including trailing slash)",
            ],
        );
        if let Some(uri) = uri {
            denied = denied.with_hint(format!("The authorization server explains this error at {uri}"));
        }
        denied
    }

    /// The callback's `iss` is not the server the sign-in went to: another
    /// server's answer was slipped in (an OAuth mix-up attack, RFC 9207).
    pub fn issuer_mismatch(expected: &str) -> Self {
        Self::new(
            ErrorKind::IssuerMismatch,
            format!("The sign-in answer came from another authorization server than {expected}, where this sign-in was sent. Aurora refused it and used nothing from it, to protect your account from a mix-up attack."),
            [
                "Re-initiate the OAuth flow",
                "Close other sign-in pages open in your browser before signing in again",
                "For a custom endpoint whose authorization server has another address, set its issuer (OVH_CUSTOM_OAUTH_ISSUER)",
            ],
        )
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(
            ErrorKind::Internal,
            message,
            ["Try again; if it happens again, report it with Aurora's log file"],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_as_kind_message_solution() {
        let json = serde_json::to_value(UserError::invalid_credentials()).unwrap();
        assert_eq!(json["kind"], "invalidCredentials");
        assert_eq!(
            json["message"],
            "Invalid credentials. Please check your consumer key and permissions."
        );
        assert_eq!(json["solution"].as_array().unwrap().len(), 4);
        assert_eq!(json.as_object().unwrap().len(), 3);
    }

    #[test]
    fn product_wording() {
        assert_eq!(UserError::invalid_state().message, "Invalid or expired state token");
        let grant = UserError::token_exchange_failed("invalid_grant");
        assert_eq!(grant.message, "Token exchange failed: invalid_grant");
        assert_eq!(grant.solution[0], "Authorization codes are single-use only");
        assert_eq!(
            UserError::no_access_token().message,
            "No access_token received from OVH"
        );
        assert_eq!(
            UserError::no_refresh_token().message,
            "No refresh token received - user may need to re-authorize after expiration"
        );
        assert_eq!(
            UserError::iam_policy_creation_failed().message,
            "IAM policy creation error"
        );
        let cli = UserError::cli_command_failed("ovhcloud cloud kube list --cloud-project p");
        assert!(cli.solution[3].ends_with("ovhcloud cloud kube list --cloud-project p"));
    }

    #[test]
    fn ipc_types_export_to_typescript() {
        let conf = specta_typescript::Typescript::default();
        let user = specta_typescript::export::<UserError>(&conf).unwrap();
        assert!(
            user.contains("kind: ErrorKind") && user.contains("solution: string[]"),
            "{user}"
        );
        specta_typescript::export::<ErrorKind>(&conf).unwrap();
        specta_typescript::export::<crate::Region>(&conf).unwrap();
        specta_typescript::export::<crate::EndpointOverrides>(&conf).unwrap();
        specta_typescript::export::<crate::oauth::AuthMethod>(&conf).unwrap();
        let status = specta_typescript::export::<crate::oauth::SessionStatus>(&conf).unwrap();
        assert!(status.contains("expiresAt: number"), "{status}");
    }

    #[test]
    fn oauth_not_configured_names_the_variables() {
        let e = UserError::oauth_not_configured("Europe", &["OVH_EU_CLIENT_ID".into(), "OVH_EU_CLIENT_SECRET".into()]);
        assert!(
            e.message.contains("Set OVH_EU_CLIENT_ID and OVH_EU_CLIENT_SECRET"),
            "{}",
            e.message
        );
    }
}
