//! Getting a consumer key: `POST /auth/credential`, then waiting until the
//! person validates it in the browser.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use url::Url;

use crate::api::{ApiClient, ApiError, Auth};
use crate::region::{is_loopback, Endpoint};
use crate::secret::SecretString;

use super::access_rules::AccessRule;
use super::error::LegacyError;

/// The states OVH gives a consumer key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum CredentialState {
    PendingValidation,
    Validated,
    Refused,
    Expired,
}

/// A freshly requested consumer key. Keep the key in memory until it is
/// validated and saved; show only `validation_url`.
#[derive(Clone, Debug)]
pub struct ConsumerKeyRequest {
    pub consumer_key: SecretString,
    /// Where the person logs in and authorizes Aurora (https, or a loopback
    /// URL for a local simulator).
    pub validation_url: Url,
    pub state: CredentialState,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CredentialRequestBody<'a> {
    access_rules: &'a [AccessRule],
    redirection: Option<&'a str>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CredentialAnswer {
    consumer_key: Option<String>,
    validation_url: Option<String>,
    state: Option<CredentialState>,
}

/// `POST /auth/credential` with only the `X-Ovh-Application` header.
/// `redirection` is where OVH sends the browser after validation (the app's
/// deep link); `None` leaves the person on OVH's page.
pub async fn request_consumer_key(
    endpoint: &Endpoint,
    application_key: &str,
    rules: &[AccessRule],
    redirection: Option<&str>,
) -> Result<ConsumerKeyRequest, LegacyError> {
    let client = ApiClient::new(
        endpoint.clone(),
        Auth::Application {
            application_key: application_key.to_owned(),
        },
    )?;
    let answer: CredentialAnswer = client
        .post(
            "/auth/credential",
            &CredentialRequestBody {
                access_rules: rules,
                redirection,
            },
        )
        .await?;
    let consumer_key = answer
        .consumer_key
        .filter(|k| !k.trim().is_empty())
        .ok_or_else(|| LegacyError::BadCredentialAnswer("it has no consumer key".into()))?;
    let validation_url = answer
        .validation_url
        .as_deref()
        .ok_or_else(|| LegacyError::BadCredentialAnswer("it has no validation link".into()))
        .and_then(checked_validation_url)?;
    Ok(ConsumerKeyRequest {
        consumer_key: SecretString::new(consumer_key),
        validation_url,
        state: answer.state.unwrap_or(CredentialState::PendingValidation),
    })
}

/// The link is opened in the person's browser: only https (or plain http to
/// a loopback simulator) is acceptable, never `file:`, `javascript:` or the like.
fn checked_validation_url(raw: &str) -> Result<Url, LegacyError> {
    let url =
        Url::parse(raw).map_err(|_| LegacyError::BadCredentialAnswer("the validation link is not a URL".into()))?;
    match url.scheme() {
        "https" if url.host().is_some() => Ok(url),
        "http" if is_loopback(&url) => Ok(url),
        _ => Err(LegacyError::BadCredentialAnswer(
            "the validation link is not an https address".into(),
        )),
    }
}

/// `GET /auth/currentCredential`: the key's id, rules, status and dates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CurrentCredential {
    #[serde(default)]
    pub credential_id: Option<u64>,
    #[serde(default)]
    pub application_id: Option<u64>,
    /// ISO 8601, as OVH gives it.
    #[serde(default)]
    pub creation: Option<String>,
    /// ISO 8601; `None` for an unlimited key.
    #[serde(default)]
    pub expiration: Option<String>,
    #[serde(default)]
    pub last_use: Option<String>,
    #[serde(default)]
    pub rules: Vec<AccessRule>,
    pub status: CredentialState,
}

/// Where a consumer key stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConsumerKeyStatus {
    Validated(CurrentCredential),
    /// Not validated yet. OVH answers "This credential is not valid" for a
    /// key that is pending, and may answer the same for one that was
    /// refused or has expired: until a deadline passes, that means "wait".
    Pending,
    Refused,
    Expired,
    /// OVH does not know the key (deleted, or never issued to this application).
    Unknown,
}

/// Asks OVH once. `client` must sign with the key being checked.
pub async fn credential_status(client: &ApiClient) -> Result<ConsumerKeyStatus, LegacyError> {
    match client.get::<CurrentCredential>("/auth/currentCredential").await {
        Ok(c) => Ok(match c.status {
            CredentialState::Validated => ConsumerKeyStatus::Validated(c),
            CredentialState::PendingValidation => ConsumerKeyStatus::Pending,
            CredentialState::Refused => ConsumerKeyStatus::Refused,
            CredentialState::Expired => ConsumerKeyStatus::Expired,
        }),
        Err(ApiError::InvalidCredential(ctx))
            if ctx.server_message.as_deref() == Some("This credential does not exist") =>
        {
            Ok(ConsumerKeyStatus::Unknown)
        }
        Err(ApiError::InvalidCredential(_)) => Ok(ConsumerKeyStatus::Pending),
        Err(e) => Err(e.into()),
    }
}

/// How [`wait_for_validation`] polls.
#[derive(Clone, Copy, Debug)]
pub struct PollOptions {
    pub interval: Duration,
    /// Give up after this long; OVH's validation links do not last forever.
    pub timeout: Duration,
}

impl Default for PollOptions {
    fn default() -> Self {
        PollOptions {
            interval: Duration::from_secs(3),
            timeout: Duration::from_secs(15 * 60),
        }
    }
}

/// Polls [`credential_status`] until the key is validated (its details are
/// returned), refused, expired or unknown, or `options.timeout` passes
/// (`LegacyError::Pending` with the link to open again). Network and server
/// trouble is retried until the deadline. Dropping the future cancels it.
pub async fn wait_for_validation(
    client: &ApiClient,
    validation_url: &Url,
    options: PollOptions,
) -> Result<CurrentCredential, LegacyError> {
    let deadline = tokio::time::Instant::now() + options.timeout;
    loop {
        match credential_status(client).await {
            Ok(ConsumerKeyStatus::Validated(c)) => return Ok(c),
            Ok(ConsumerKeyStatus::Refused) => return Err(LegacyError::Refused),
            Ok(ConsumerKeyStatus::Expired) => return Err(LegacyError::Expired),
            Ok(ConsumerKeyStatus::Unknown) => return Err(LegacyError::UnknownConsumerKey),
            Ok(ConsumerKeyStatus::Pending) => {}
            Err(LegacyError::Api(e)) if e.is_transient() => {
                tracing::debug!(error = %e, "consumer key status not available yet; polling again");
            }
            Err(e) => return Err(e),
        }
        if tokio::time::Instant::now() + options.interval > deadline {
            return Err(LegacyError::Pending {
                validation_url: Some(validation_url.clone()),
            });
        }
        tokio::time::sleep(options.interval).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_links_must_be_https_or_loopback() {
        assert!(checked_validation_url("https://eu.api.ovh.com/auth/?credentialToken=x").is_ok());
        assert!(checked_validation_url("http://127.0.0.1:5000/auth/?credentialToken=x").is_ok());
        for bad in [
            "http://eu.api.ovh.com/auth/",
            "javascript:alert(1)",
            "file:///etc/passwd",
            "aurora://x",
            "not a url",
        ] {
            assert!(
                matches!(checked_validation_url(bad), Err(LegacyError::BadCredentialAnswer(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn current_credential_reads_ovh_answers() {
        let body = r#"{"credentialId":12,"applicationId":34,"creation":"2026-01-01T00:00:00Z","expiration":null,"lastUse":null,
            "rules":[{"method":"GET","path":"/me"}],"status":"validated","allowedIPs":null,"ovhSupport":false}"#;
        let c: CurrentCredential = serde_json::from_str(body).unwrap();
        assert_eq!(c.status, CredentialState::Validated);
        assert_eq!(c.rules, vec![AccessRule::get("/me")]);
        let refused: CurrentCredential = serde_json::from_str(r#"{"status":"refused"}"#).unwrap();
        assert_eq!(refused.status, CredentialState::Refused);
    }
}
