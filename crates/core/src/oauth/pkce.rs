//! PKCE (RFC 7636) with the S256 method.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::secret::SecretString;

/// A fresh code verifier: 32 random bytes, base64url (43 characters).
#[derive(Clone, Debug)]
pub struct PkceVerifier(SecretString);

impl PkceVerifier {
    pub fn generate() -> Self {
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        PkceVerifier(SecretString::new(URL_SAFE_NO_PAD.encode(bytes)))
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
        URL_SAFE_NO_PAD.encode(Sha256::digest(self.0.expose().as_bytes()))
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
