//! Keeps one connection's access token valid: renews it 5 minutes before
//! expiry (at half its lifetime when it lives less than that), one renewal
//! at a time, and never hands out an expired token. A renewed set is saved
//! only while the connection still exists ([`TokenStore::replace`]).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;

use crate::api::{unix_now, AccessTokenSource, BoxFuture};
use crate::secret::SecretString;
use crate::user_error::UserError;

use super::store::TokenStore;
use super::token::{AuthMethod, TokenEndpoint, TokenError, TokenSet};

pub const REFRESH_MARGIN: Duration = Duration::from_secs(5 * 60);
/// Pause between background attempts after a failed renewal.
const RETRY_AFTER: Duration = Duration::from_secs(30);

/// What the UI shows for a connection.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
#[serde(tag = "state", rename_all = "camelCase")]
pub enum SessionStatus {
    /// `expires_at`: unix seconds (a JS number holds it exactly).
    #[serde(rename_all = "camelCase")]
    Active {
        #[specta(type = f64)]
        expires_at: i64,
        renewable: bool,
    },
    /// "Sign in again": the session cannot be renewed.
    SignInRequired { reason: String },
}

struct Session {
    tokens: TokenSet,
    /// Set once renewing has failed for good; never cleared (a new sign-in
    /// makes a new refresher).
    sign_in_required: Option<String>,
    /// OVH refused the current access token before its expiry.
    rejected: bool,
    /// The current set could not be saved yet; every use tries again, since
    /// OVH has rotated the refresh token the store still holds.
    unsaved: bool,
    generation: u64,
    /// When `tokens` were issued, unix seconds, when known: for sets this
    /// refresher renewed, or marked with [`TokenRefresher::issued_now`]. A
    /// set loaded from the store has an unknown lifetime.
    issued_at: Option<i64>,
}

impl Session {
    fn new(tokens: TokenSet) -> Session {
        Session {
            tokens,
            sign_in_required: None,
            rejected: false,
            unsaved: false,
            generation: 0,
            issued_at: None,
        }
    }

    fn usable(&self, now: i64) -> bool {
        !self.rejected && !self.tokens.is_expired(now)
    }

    /// When to renew: `margin` before expiry, or half-way through the
    /// token's life when it lives less than the margin (every call would
    /// otherwise renew it). Without a known lifetime, at the margin.
    fn renew_at(&self, margin: i64) -> i64 {
        let margin = match self.issued_at {
            Some(issued) => margin.min((self.tokens.expires_at - issued).max(0) / 2),
            None => margin,
        };
        self.tokens.expires_at - margin
    }
}

pub struct TokenRefresher {
    connection_id: String,
    endpoint: TokenEndpoint,
    store: Arc<dyn TokenStore>,
    margin: i64,
    /// Mirrors `Session::generation` so a waiting caller can tell that a
    /// renewal finished while it waited for the lock.
    generation: AtomicU64,
    session: tokio::sync::Mutex<Session>,
    /// Wakes the background task when the refresher is dropped.
    dropped: Arc<tokio::sync::Notify>,
}

impl Drop for TokenRefresher {
    fn drop(&mut self) {
        // notify_one keeps a permit if the task is not waiting right now.
        self.dropped.notify_one();
    }
}

impl TokenRefresher {
    pub fn new(
        connection_id: impl Into<String>,
        tokens: TokenSet,
        endpoint: TokenEndpoint,
        store: Arc<dyn TokenStore>,
    ) -> Self {
        TokenRefresher {
            connection_id: connection_id.into(),
            endpoint,
            store,
            margin: REFRESH_MARGIN.as_secs() as i64,
            generation: AtomicU64::new(0),
            session: tokio::sync::Mutex::new(Session::new(tokens)),
            dropped: Arc::new(tokio::sync::Notify::new()),
        }
    }

    /// Loads a connection's tokens from `store`; `None` when it has none.
    pub async fn load(
        connection_id: &str,
        endpoint: TokenEndpoint,
        store: Arc<dyn TokenStore>,
    ) -> Result<Option<Self>, UserError> {
        let (id, s) = (connection_id.to_owned(), store.clone());
        let tokens = tokio::task::spawn_blocking(move || s.load(&id))
            .await
            .map_err(|e| UserError::internal(format!("Reading the saved session failed ({e}). Restart Aurora.")))??;
        Ok(tokens.map(|t| Self::new(connection_id, t, endpoint, store)))
    }

    /// Marks the set given to [`TokenRefresher::new`] as just issued (a
    /// sign-in), so a token living less than the margin is renewed half-way
    /// through its life rather than at once.
    pub fn issued_now(mut self) -> Self {
        self.session.get_mut().issued_at = Some(unix_now());
        self
    }

    /// Renew this long before expiry (default 5 minutes).
    pub fn with_margin(mut self, margin: Duration) -> Self {
        self.margin = margin.as_secs() as i64;
        self
    }

    pub fn connection_id(&self) -> &str {
        &self.connection_id
    }

    pub async fn tokens(&self) -> TokenSet {
        self.session.lock().await.tokens.clone()
    }

    pub async fn status(&self) -> SessionStatus {
        let s = self.session.lock().await;
        match &s.sign_in_required {
            Some(reason) => SessionStatus::SignInRequired { reason: reason.clone() },
            None if !s.usable(unix_now()) && !self.renewable(&s.tokens) => SessionStatus::SignInRequired {
                reason: "the access token expired and cannot be renewed".into(),
            },
            None => SessionStatus::Active {
                expires_at: s.tokens.expires_at,
                renewable: self.renewable(&s.tokens),
            },
        }
    }

    fn renewable(&self, tokens: &TokenSet) -> bool {
        tokens.refresh_token.is_some() || tokens.auth_method == AuthMethod::ClientCredentials
    }

    /// A valid access token, renewed first when it expires within the margin.
    /// Concurrent callers wait for one renewal and share its result.
    pub async fn access_token(&self) -> Result<SecretString, UserError> {
        let seen = self.generation.load(Ordering::Acquire);
        let mut s = self.session.lock().await;
        let now = unix_now();
        let valid = s.usable(now);
        if let Some(reason) = &s.sign_in_required {
            return if valid {
                Ok(s.tokens.access_token.clone())
            } else {
                Err(UserError::sign_in_required(reason))
            };
        }
        let due = now >= s.renew_at(self.margin);
        let renewed_while_waiting = s.generation != seen;
        if valid && (!due || renewed_while_waiting) {
            if s.unsaved {
                s.unsaved = !self.persist(&mut s).await;
            }
            return Ok(s.tokens.access_token.clone());
        }
        self.renew(&mut s).await
    }

    /// Renews now, whatever the expiry (e.g. after OVH refused the token).
    pub async fn refresh_now(&self) -> Result<(), UserError> {
        let mut s = self.session.lock().await;
        if let Some(reason) = &s.sign_in_required {
            return Err(UserError::sign_in_required(reason));
        }
        self.renew(&mut s).await.map(|_| ())
    }

    async fn renew(&self, s: &mut Session) -> Result<SecretString, UserError> {
        let result = match s.tokens.auth_method {
            AuthMethod::ClientCredentials => self.endpoint.client_credentials().await,
            AuthMethod::AuthorizationCode | AuthMethod::ApiCredentials => self.endpoint.refresh(&s.tokens).await,
        };
        let valid = s.usable(unix_now());
        match result {
            Ok(tokens) => {
                s.tokens = tokens;
                s.issued_at = Some(unix_now());
                s.rejected = false;
                s.generation += 1;
                self.generation.store(s.generation, Ordering::Release);
                s.unsaved = !self.persist(s).await;
                Ok(s.tokens.access_token.clone())
            }
            Err(TokenError::Transport(e)) => {
                tracing::warn!(connection = %self.connection_id, error = %e, "renewing the OVH session failed; will retry");
                if valid {
                    Ok(s.tokens.access_token.clone())
                } else {
                    Err(e.into())
                }
            }
            Err(e) => {
                let reason = match &e {
                    TokenError::NoRefreshToken => "OVH provided no refresh token".to_owned(),
                    TokenError::Refused { error, .. } => format!("OVH refused to renew it: {error}"),
                    TokenError::NoAccessToken | TokenError::Transport(_) => {
                        "OVH renewed it without an access token".to_owned()
                    }
                };
                tracing::warn!(connection = %self.connection_id, %reason, "the OVH session can no longer be renewed");
                s.sign_in_required = Some(reason.clone());
                if valid {
                    Ok(s.tokens.access_token.clone())
                } else {
                    Err(UserError::sign_in_required(&reason))
                }
            }
        }
    }

    /// Saves the session's set over the stored one; false (with a log
    /// line) when the store refused it. When the connection was forgotten
    /// meanwhile nothing is written and the session ends.
    async fn persist(&self, s: &mut Session) -> bool {
        let (store, id, tokens) = (self.store.clone(), self.connection_id.clone(), s.tokens.clone());
        let saved = tokio::task::spawn_blocking(move || store.replace(&id, &tokens)).await;
        match saved {
            Ok(Ok(true)) => return true,
            Ok(Ok(false)) => {
                tracing::info!(connection = %self.connection_id, "the connection was removed during a renewal; the new tokens were not saved");
                s.sign_in_required = Some("the connection was removed".into());
                return true;
            }
            Ok(Err(e)) => {
                tracing::warn!(connection = %self.connection_id, error = %e.message, "the renewed session could not be saved; will try again")
            }
            Err(e) => {
                tracing::warn!(connection = %self.connection_id, error = %e, "the renewed session could not be saved; will try again")
            }
        }
        false
    }

    /// Renews in the background ahead of expiry until the refresher is
    /// dropped or the session needs a new sign-in.
    pub fn spawn_background_refresh(self: &Arc<Self>) -> tokio::task::JoinHandle<()> {
        let weak = Arc::downgrade(self);
        let dropped = self.dropped.clone();
        tokio::spawn(async move {
            let mut just_tried = false;
            loop {
                let Some(this) = weak.upgrade() else { return };
                let wait = {
                    let s = this.session.lock().await;
                    if s.sign_in_required.is_some() {
                        return;
                    }
                    s.renew_at(this.margin) - unix_now()
                };
                if wait > 0 || just_tried {
                    drop(this);
                    let pause = if wait > 0 {
                        Duration::from_secs(wait as u64)
                    } else {
                        RETRY_AFTER
                    };
                    just_tried = false;
                    tokio::select! {
                        _ = tokio::time::sleep(pause) => continue,
                        _ = dropped.notified() => return,
                    }
                }
                let _ = this.access_token().await;
                just_tried = true;
            }
        })
    }
}

impl AccessTokenSource for TokenRefresher {
    fn access_token(&self) -> BoxFuture<'_, Result<SecretString, UserError>> {
        Box::pin(TokenRefresher::access_token(self))
    }

    fn token_rejected<'a>(&'a self, token: &'a SecretString) -> BoxFuture<'a, bool> {
        Box::pin(async move {
            let mut s = self.session.lock().await;
            if s.tokens.access_token != *token {
                // Already renewed by another caller: retry with the new token.
                return s.usable(unix_now());
            }
            tracing::info!(connection = %self.connection_id, "OVH refused the access token; renewing it");
            s.rejected = true;
            s.sign_in_required.is_none() && self.renewable(&s.tokens)
        })
    }
}
