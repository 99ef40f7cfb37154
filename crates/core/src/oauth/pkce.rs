//! PKCE (RFC 7636) with the S256 method, from the `oauth2` crate. The
//! verifier is kept in a [`SecretString`] so that a pending sign-in can be
//! cloned and never prints it.

use oauth2::{PkceCodeChallenge, PkceCodeVerifier};

use crate::secret::SecretString;

/// A fresh code verifier: 32 random bytes, base64url (43 characters).
#[derive(Clone, Debug)]
pub struct PkceVerifier(SecretString);

impl PkceVerifier {
    pub fn generate() -> Self {
        let (_, verifier) = PkceCodeChallenge::new_random_sha256();
        PkceVerifier(SecretString::new(verifier.secret().clone()))
    }

    /// Wraps an existing verifier (tests, or a verifier from elsewhere).
    pub fn from_string(verifier: impl Into<String>) -> Self {
        PkceVerifier(SecretString::new(verifier))
    }

    pub fn secret(&self) -> &str {
        self.0.expose()
    }

    /// `base64url(sha256(verifier))` without padding.
    pub fn challenge(&self) -> String {
        self.code_challenge().as_str().to_owned()
    }

    pub(crate) fn code_challenge(&self) -> PkceCodeChallenge {
        PkceCodeChallenge::from_code_verifier_sha256(&PkceCodeVerifier::new(self.0.expose().to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7636_appendix_b() {
        let v = PkceVerifier::from_string("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
        assert_eq!(v.challenge(), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }

    #[test]
    fn generated_verifiers_are_long_random_and_url_safe() {
        let a = PkceVerifier::generate();
        let b = PkceVerifier::generate();
        assert_eq!(a.secret().len(), 43);
        assert_ne!(a.secret(), b.secret());
        assert!(a
            .secret()
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'));
        assert_eq!(a.challenge().len(), 43);
    }
}
