//! Vault failures. None of them carries a secret: keyring errors are turned
//! into descriptions here, and `keyring::Error::BadEncoding` (which holds the
//! stored bytes) is never kept.

use crate::user_error::{ErrorKind, UserError};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VaultError {
    /// No keyring service to talk to (no session bus, daemon not running).
    #[error("{}", unavailable_message())]
    Unavailable { detail: String },
    /// The keyring is there but locked, or access was refused.
    #[error("Your system keyring is locked or refused access to Aurora. Unlock it (log in to your desktop session or open your keyring manager) and try again.")]
    Locked { detail: String },
    /// An entry exists but cannot be read back as what Aurora saved.
    #[error(
        "Aurora's saved secrets for this connection cannot be read ({what}). Remove the connection and add it again."
    )]
    Corrupt { what: String },
    /// Asked for one kind of secrets, found another (e.g. API keys on an OAuth connection).
    #[error("This connection holds {found} secrets, not {expected}. Remove the connection and add it again with the sign-in method you want.")]
    WrongKind { expected: &'static str, found: String },
    /// A name Aurora refuses to use as a keyring entry (a bug in the caller).
    #[error("\"{0}\" cannot name a keyring entry: use letters, digits, '-' and '_' only (at most 64).")]
    InvalidName(String),
    /// Anything else the keyring refused.
    #[error("Your system keyring refused the operation ({detail}). Try again; if it keeps failing, check your keyring manager.")]
    Failed { detail: String },
}

#[cfg(target_os = "macos")]
fn unavailable_message() -> &'static str {
    "Aurora could not reach your macOS Keychain. Log in to your user session, unlock the login keychain in Keychain Access and try again."
}

#[cfg(target_os = "windows")]
fn unavailable_message() -> &'static str {
    "Aurora could not reach Windows Credential Manager. Make sure the Credential Manager service is running and try again."
}

#[cfg(not(any(target_os = "macos", target_os = "windows")))]
fn unavailable_message() -> &'static str {
    "Aurora could not reach your system keyring (Secret Service). Start gnome-keyring or KWallet in your desktop session and try again."
}

impl VaultError {
    /// Classifies a keyring failure without keeping anything it carries
    /// besides text the platform produced about itself.
    pub fn from_keyring(e: keyring::Error) -> VaultError {
        match e {
            keyring::Error::PlatformFailure(inner) => VaultError::Unavailable { detail: inner.to_string() },
            keyring::Error::NoStorageAccess(inner) => VaultError::Locked { detail: inner.to_string() },
            keyring::Error::BadEncoding(_) => VaultError::Corrupt { what: "the keyring returned data that is not text".into() },
            keyring::Error::Ambiguous(found) => VaultError::Failed {
                detail: format!("{} keyring entries have the same name; delete the duplicates named \"aurora\" in your keyring manager", found.len()),
            },
            keyring::Error::NoEntry => VaultError::Failed { detail: "the entry disappeared while it was being used".into() },
            other => VaultError::Failed { detail: other.to_string() },
        }
    }

    pub fn is_unavailable(&self) -> bool {
        matches!(self, VaultError::Unavailable { .. } | VaultError::Locked { .. })
    }
}

impl From<VaultError> for UserError {
    fn from(e: VaultError) -> UserError {
        let message = e.to_string();
        match e {
            // No dedicated ErrorKind exists for this yet: the desktop is not
            // set up the way Aurora needs, which is what InvalidConfiguration means.
            VaultError::Unavailable { detail } => {
                UserError::new(ErrorKind::InvalidConfiguration, message, unavailable_solution(&detail))
            }
            VaultError::Locked { detail } => UserError::new(
                ErrorKind::InvalidConfiguration,
                message,
                [
                    "Unlock the keyring named \"login\" (or \"Default keyring\") in your keyring manager".to_owned(),
                    "If a password prompt appeared, accept it so Aurora may use the keyring".to_owned(),
                    "Aurora never saves secrets to a plain file instead".to_owned(),
                    format!("Details: {detail}"),
                ],
            ),
            VaultError::Corrupt { .. } | VaultError::WrongKind { .. } => UserError::new(
                ErrorKind::InvalidConfiguration,
                message,
                ["Remove the connection, then add it again"],
            ),
            VaultError::InvalidName(_) | VaultError::Failed { .. } => UserError::internal(message),
        }
    }
}

fn unavailable_solution(detail: &str) -> Vec<String> {
    let mut lines: Vec<String> = if cfg!(any(target_os = "macos", target_os = "windows")) {
        vec![]
    } else {
        vec![
            "Install gnome-keyring (Debian and Ubuntu: sudo apt install gnome-keyring) or KWallet, then log out and in again".into(),
            "In a session without a desktop (SSH, a container), run Aurora inside dbus-run-session with gnome-keyring-daemon --unlock --components=secrets started first".into(),
        ]
    };
    lines.push("Aurora never saves secrets to a plain file instead".into());
    lines.push(format!("Details: {detail}"));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_encoding_never_keeps_the_bytes() {
        let e = VaultError::from_keyring(keyring::Error::BadEncoding(b"s3cr3t".to_vec()));
        assert!(!format!("{e:?} {e}").contains("s3cr3t"));
        assert!(matches!(e, VaultError::Corrupt { .. }));
    }

    #[test]
    fn platform_failures_say_what_to_start() {
        let e = VaultError::from_keyring(keyring::Error::PlatformFailure(
            "D-Bus error: Failed to connect to socket".into(),
        ));
        assert!(e.is_unavailable());
        let user = UserError::from(e);
        assert_eq!(user.kind, ErrorKind::InvalidConfiguration);
        if cfg!(target_os = "linux") {
            assert_eq!(
                user.message,
                "Aurora could not reach your system keyring (Secret Service). Start gnome-keyring or KWallet in your desktop session and try again."
            );
            assert!(user.solution.iter().any(|l| l.contains("apt install gnome-keyring")));
        }
        assert!(user
            .solution
            .iter()
            .any(|l| l == "Aurora never saves secrets to a plain file instead"));
        assert!(user.solution.last().unwrap().contains("Failed to connect to socket"));
    }

    #[test]
    fn locked_keyring_says_to_unlock() {
        let user = UserError::from(VaultError::from_keyring(keyring::Error::NoStorageAccess(
            "locked".into(),
        )));
        assert!(
            user.message.starts_with("Your system keyring is locked"),
            "{}",
            user.message
        );
    }
}
