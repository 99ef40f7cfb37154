//! What can go wrong with legacy keys, typed, and the words the user sees.

use url::Url;

use crate::api::ApiError;
use crate::user_error::{ErrorKind, UserError};

#[derive(Debug, thiserror::Error)]
pub enum LegacyError {
    /// OVH refused the consumer key (not validated, refused, expired, or wrong).
    #[error("the credentials are not valid: {0}")]
    InvalidCredentials(ApiError),
    #[error("OVH does not know the application key: {0}")]
    UnknownApplicationKey(ApiError),
    /// Usually a wrong Application Secret.
    #[error("the signature was refused: {0}")]
    BadSignature(ApiError),
    #[error("the call is outside the key's rights: {0}")]
    NotGranted(ApiError),
    /// The consumer key waits for the person to open its validation link.
    #[error("the consumer key is waiting for validation")]
    Pending { validation_url: Option<Url> },
    #[error("the consumer key was refused")]
    Refused,
    #[error("the consumer key has expired")]
    Expired,
    /// OVH answered "This credential does not exist" for a key it issued.
    #[error("OVH no longer knows the consumer key")]
    UnknownConsumerKey,
    /// `POST /auth/credential` answered something unusable (no key, a
    /// validation link Aurora will not open).
    #[error("unusable consumer key answer: {0}")]
    BadCredentialAnswer(String),
    #[error(transparent)]
    Api(ApiError),
}

impl From<ApiError> for LegacyError {
    fn from(e: ApiError) -> LegacyError {
        match e {
            ApiError::InvalidCredential(_) => LegacyError::InvalidCredentials(e),
            ApiError::UnknownApplicationKey(_) => LegacyError::UnknownApplicationKey(e),
            ApiError::InvalidSignature(_) => LegacyError::BadSignature(e),
            ApiError::NotGranted(_) => LegacyError::NotGranted(e),
            other => LegacyError::Api(other),
        }
    }
}

/// The product document's solution lines for invalid API credentials.
const CHECK_KEYS: &str = "Verify Application Key, Application Secret, and Consumer Key are correct";
const CHECK_VALIDATED: &str = "Ensure Consumer Key was validated via the OVH validation link";
const CHECK_EXPIRY: &str = "Check that credentials haven't expired (if time-limited)";

impl From<LegacyError> for UserError {
    fn from(e: LegacyError) -> UserError {
        let invalid = |message: &str, solution: &[&str]| {
            UserError::new(ErrorKind::InvalidCredentials, message, solution.iter().copied())
        };
        match e {
            // The API client's mapping already carries the product wording
            // (and OVH's query id); keep it.
            LegacyError::InvalidCredentials(api)
            | LegacyError::UnknownApplicationKey(api)
            | LegacyError::BadSignature(api)
            | LegacyError::NotGranted(api)
            | LegacyError::Api(api) => UserError::from(api),
            LegacyError::Pending { validation_url } => {
                let mut u = invalid(
                    "OVH has not validated this consumer key yet. Open the validation link, log in to your OVH account and authorize Aurora, then try again.",
                    &[CHECK_VALIDATED, "Choose the validity \"Unlimited\" on the validation page (recommended)"],
                );
                if let Some(url) = validation_url {
                    u = u.with_hint(format!("Validation link: {url}"));
                }
                u
            }
            LegacyError::Refused => invalid(
                "The consumer key was refused on OVH's validation page. Request access again and choose to authorize Aurora.",
                &[CHECK_VALIDATED, "Log in with the OVH account that owns the application"],
            ),
            LegacyError::Expired => invalid(
                "This consumer key has expired. Request access again to get a new one.",
                &[CHECK_EXPIRY, "Choose the validity \"Unlimited\" on the validation page to avoid this"],
            ),
            LegacyError::UnknownConsumerKey => invalid(
                "OVH does not know this consumer key: it was refused, deleted or mistyped. Request access again, or paste the complete consumer key.",
                &[CHECK_KEYS, CHECK_VALIDATED],
            ),
            LegacyError::BadCredentialAnswer(detail) => UserError::new(
                ErrorKind::MalformedResponse,
                format!("OVH's answer to the consumer key request could not be used ({detail}). Try again in a few minutes."),
                ["Check OVH API status page for outages", "Check that the endpoint (ovh-eu, ovh-ca, ovh-us) is the right one"],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ErrorContext;

    #[test]
    fn product_wording_for_invalid_credentials() {
        let body = br#"{"errorCode":"INVALID_CREDENTIAL","message":"This credential is not valid"}"#;
        let api = ApiError::from_response(
            ErrorContext::default(),
            reqwest::StatusCode::FORBIDDEN,
            &Default::default(),
            body,
        );
        let e = LegacyError::from(api);
        assert!(matches!(e, LegacyError::InvalidCredentials(_)));
        let u = UserError::from(e);
        assert_eq!(
            u.message,
            "Invalid credentials. Please check your consumer key and permissions."
        );
        assert_eq!(u.solution[0], CHECK_KEYS);
        assert_eq!(u.solution[1], CHECK_VALIDATED);
        assert_eq!(u.solution[2], CHECK_EXPIRY);
        assert_eq!(u.solution[3], "Verify permissions include /me read access");
    }

    #[test]
    fn pending_refused_expired_say_what_to_do() {
        let url = Url::parse("https://eu.api.ovh.com/auth/?credentialToken=abc").unwrap();
        let pending = UserError::from(LegacyError::Pending {
            validation_url: Some(url),
        });
        assert!(pending.message.contains("Open the validation link"));
        assert!(pending.solution.last().unwrap().ends_with("credentialToken=abc"));
        assert!(UserError::from(LegacyError::Refused).message.contains("refused"));
        assert!(UserError::from(LegacyError::Expired)
            .solution
            .contains(&CHECK_EXPIRY.to_owned()));
        for e in [
            LegacyError::Refused,
            LegacyError::Expired,
            LegacyError::UnknownConsumerKey,
        ] {
            let u = UserError::from(e);
            assert_eq!(u.kind, ErrorKind::InvalidCredentials);
            assert!(u.message.ends_with('.'), "{}", u.message);
        }
    }
}
