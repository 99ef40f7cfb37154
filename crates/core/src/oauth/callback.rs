//! The URL OVH sends the browser back to, validated strictly: it may arrive
//! from any program that can open a deep link.

use url::{Host, Position, Url};

use crate::secret::SecretString;
use crate::user_error::UserError;

/// The deep link OVH sends the browser back to after "Sign in with OVH" (and
/// the default redirect URI of Aurora's OAuth2 clients).
pub const DEEP_LINK_URL: &str = "aurora://ovh/oauth2/callback";
pub const LOOPBACK_PATH: &str = "/ovh/oauth2/callback";

/// Longer callback URLs (and `aurora://` links) are refused before parsing:
/// the known parameters at their longest and a few unknown ones fit well within.
pub const MAX_CALLBACK_URL_LEN: usize = 8192;
/// Most parameters a callback may carry, known or not (RFC 6749 §4.1.2 lets a
/// server add its own; Aurora ignores them within these bounds).
const MAX_PARAMETERS: usize = 32;
/// Longest accepted name and value of a parameter Aurora does not use.
const MAX_UNKNOWN_NAME: usize = 64;
const MAX_UNKNOWN_VALUE: usize = 2048;
/// The parameters Aurora reads, and the longest accepted value of each.
const KNOWN: [(&str, usize); 6] = [
    ("code", 2048),
    ("state", 256),
    ("iss", 512),
    ("error", 128),
    ("error_description", 1024),
    ("error_uri", 1024),
];

/// How a redirect URI reaches Aurora.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RedirectKind {
    /// `aurora://ovh/oauth2/callback`
    DeepLink,
    /// `http://127.0.0.1:<port>/ovh/oauth2/callback` (RFC 8252)
    Loopback { port: u16 },
    /// An https page that forwards `code` and `state` to the deep link.
    HttpsBounce,
}

impl RedirectKind {
    /// The kind of a redirect URI registered at OVH, if Aurora can receive it.
    pub fn of_registered_uri(uri: &str) -> Option<RedirectKind> {
        let url = Url::parse(uri).ok()?;
        if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() || url.password().is_some() {
            return None;
        }
        match Self::of_received(&url) {
            Some(kind) => Some(kind),
            None if url.scheme() == "https" && url.host().is_some() => Some(RedirectKind::HttpsBounce),
            None => None,
        }
    }

    /// The kind of a URL Aurora can receive directly (deep link or loopback).
    fn of_received(url: &Url) -> Option<RedirectKind> {
        match (url.scheme(), url.host()) {
            // Everything up to the path (user, host, port and path) must be the deep link's.
            _ if &url[..Position::AfterPath] == DEEP_LINK_URL => Some(RedirectKind::DeepLink),
            ("http", Some(Host::Ipv4(ip))) if ip.octets() == [127, 0, 0, 1] && url.path() == LOOPBACK_PATH => {
                url.port().map(|port| RedirectKind::Loopback { port })
            }
            _ => None,
        }
    }
}

/// What the callback says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CallbackOutcome {
    Code(SecretString),
    /// `error` (an OAuth2 error code), the server's description and the
    /// address of its page about the error, when it sent them.
    Denied {
        error: String,
        description: Option<String>,
        uri: Option<String>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Callback {
    pub kind: RedirectKind,
    pub state: String,
    /// RFC 9207 `iss`: who issued this answer, when the server says so.
    pub issuer: Option<String>,
    pub outcome: CallbackOutcome,
}

/// Parses a callback URL. Anything unexpected is refused with a reason that
/// quotes no value from the URL.
pub fn parse_callback(raw: &str) -> Result<Callback, UserError> {
    parse(raw).map_err(|reason| {
        tracing::warn!(reason, "ignored an OAuth callback URL that is not valid");
        UserError::invalid_callback(reason)
    })
}

fn parse(raw: &str) -> Result<Callback, &'static str> {
    if raw.len() > MAX_CALLBACK_URL_LEN {
        return Err("the address is too long");
    }
    if raw.bytes().any(|b| b.is_ascii_control() || b == b' ' || !b.is_ascii()) {
        return Err("the address contains spaces, control or non-ASCII characters");
    }
    let url = Url::parse(raw).map_err(|_| "the address cannot be parsed")?;
    if !url.username().is_empty() || url.password().is_some() || url.fragment().is_some() {
        return Err("the address has unexpected parts");
    }
    let kind = RedirectKind::of_received(&url).ok_or("the address is not Aurora's sign-in callback")?;

    let mut values: [Option<String>; KNOWN.len()] = Default::default();
    for (count, (name, value)) in url.query_pairs().enumerate() {
        if count >= MAX_PARAMETERS {
            return Err("the address has too many parameters");
        }
        let Some(index) = KNOWN.iter().position(|(known, _)| *known == name) else {
            // RFC 6749 §4.1.2: a client ignores the parameters it does not know.
            if name.len() > MAX_UNKNOWN_NAME || value.len() > MAX_UNKNOWN_VALUE {
                return Err("the address has a parameter that is too long");
            }
            continue;
        };
        // RFC 6749 §3.1: a parameter is never sent more than once.
        if values[index].is_some() {
            return Err("the address repeats a parameter");
        }
        if value.is_empty() || value.len() > KNOWN[index].1 {
            return Err("a parameter is empty or too long");
        }
        // Decoding may have produced control characters (%0A ...).
        if value.chars().any(char::is_control) {
            return Err("a parameter contains control characters");
        }
        values[index] = Some(value.into_owned());
    }
    let [code, state, issuer, error, description, uri] = values;
    let state = state.ok_or("the address has no state")?;
    let outcome = match (code, error) {
        (Some(code), None) => CallbackOutcome::Code(SecretString::new(code)),
        (None, Some(error)) => {
            if !error.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
                return Err("the error code is not valid");
            }
            // Only a web page is worth offering as the server's help on the error.
            let uri = uri.filter(|u| Url::parse(u).is_ok_and(|u| u.scheme() == "https"));
            CallbackOutcome::Denied {
                error,
                description,
                uri,
            }
        }
        (Some(_), Some(_)) => return Err("the address has both a code and an error"),
        (None, None) => return Err("the address has neither a code nor an error"),
    };
    Ok(Callback {
        kind,
        state,
        issuer,
        outcome,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_link_and_loopback() {
        let c = parse_callback("aurora://ovh/oauth2/callback?code=abc&state=xyz").unwrap();
        assert_eq!(c.kind, RedirectKind::DeepLink);
        assert_eq!(c.state, "xyz");
        assert_eq!(c.outcome, CallbackOutcome::Code(SecretString::new("abc")));
        let c = parse_callback("http://127.0.0.1:53682/ovh/oauth2/callback?state=s&code=c").unwrap();
        assert_eq!(c.kind, RedirectKind::Loopback { port: 53682 });
        let c = parse_callback(
            "aurora://ovh/oauth2/callback?error=access_denied&error_description=The+user+refused&state=s",
        )
        .unwrap();
        assert_eq!(
            c.outcome,
            CallbackOutcome::Denied {
                error: "access_denied".into(),
                description: Some("The user refused".into()),
                uri: None,
            }
        );
    }

    #[test]
    fn iss_is_read_and_unknown_parameters_are_ignored() {
        let c = parse_callback(
            "aurora://ovh/oauth2/callback?session_state=abc&code=c&iss=https%3A%2F%2Fwww.ovh.com&state=s&x-y=",
        )
        .unwrap();
        assert_eq!(c.issuer.as_deref(), Some("https://www.ovh.com"));
        assert_eq!(c.state, "s");
        assert_eq!(c.outcome, CallbackOutcome::Code(SecretString::new("c")));
        let c = parse_callback(
            "aurora://ovh/oauth2/callback?error=access_denied&error_uri=https%3A%2F%2Fhelp.example%2Fdenied&state=s",
        )
        .unwrap();
        assert_eq!(
            c.outcome,
            CallbackOutcome::Denied {
                error: "access_denied".into(),
                description: None,
                uri: Some("https://help.example/denied".into()),
            }
        );
        // A help page that is not a web page is not offered.
        let c = parse_callback("aurora://ovh/oauth2/callback?error=access_denied&error_uri=javascript%3Ax&state=s")
            .unwrap();
        assert!(matches!(c.outcome, CallbackOutcome::Denied { uri: None, .. }));
    }

    #[test]
    fn everything_else_is_refused() {
        let long = format!("aurora://ovh/oauth2/callback?code={}&state=s", "a".repeat(9000));
        let long_code = format!("aurora://ovh/oauth2/callback?code={}&state=s", "a".repeat(3000));
        let long_extra = format!("aurora://ovh/oauth2/callback?code=c&state=s&x={}", "a".repeat(3000));
        let many = format!("aurora://ovh/oauth2/callback?code=c&state=s{}", "&x=1".repeat(31));
        let bad = [
            "aurora://ovh/oauth2/callback/?code=c&state=s",
            "aurora://evil/oauth2/callback?code=c&state=s",
            "aurora://ovh/oauth2/other?code=c&state=s",
            "aurora://ovh:1/oauth2/callback?code=c&state=s",
            "https://ovh/oauth2/callback?code=c&state=s",
            "http://127.0.0.1/ovh/oauth2/callback?code=c&state=s",
            "http://localhost:1234/ovh/oauth2/callback?code=c&state=s",
            "http://127.0.0.2:1234/ovh/oauth2/callback?code=c&state=s",
            "http://u:p@127.0.0.1:1234/ovh/oauth2/callback?code=c&state=s",
            "aurora://ovh/oauth2/callback?code=c&state=s#frag",
            "aurora://ovh/oauth2/callback?code=c",
            "aurora://ovh/oauth2/callback?state=s",
            "aurora://ovh/oauth2/callback?code=c&code=d&state=s",
            "aurora://ovh/oauth2/callback?code=&state=s",
            "aurora://ovh/oauth2/callback?code=c%0A&state=s",
            "aurora://ovh/oauth2/callback?code=c&state=s\n",
            "aurora://ovh/oauth2/callback?code=c&error=access_denied&state=s",
            "aurora://ovh/oauth2/callback?error=<script>&state=s",
            "aurora://ovh/oauth2/callback?code=c d&state=s",
            "aurora://ovh/oauth2/callback?code=c&state=s&state=t",
            "aurora://ovh/oauth2/callback?code=c&state=s&iss=a&iss=b",
            "aurora://ovh/oauth2/callback?code=c&state=s&iss=",
            "aurora://ovh/oauth2/callback?code=c&state=s&iss=https%3A%2F%2Fa%0A",
            long.as_str(),
            long_code.as_str(),
            long_extra.as_str(),
            many.as_str(),
            "not a url",
        ];
        for url in bad {
            let e = parse_callback(url).unwrap_err();
            assert_eq!(e.kind, crate::user_error::ErrorKind::InvalidCallback, "{url}");
            assert!(!e.message.contains("code=c"), "{}", e.message);
        }
    }

    #[test]
    fn registered_uri_kinds() {
        assert_eq!(
            RedirectKind::of_registered_uri(DEEP_LINK_URL),
            Some(RedirectKind::DeepLink)
        );
        assert_eq!(
            RedirectKind::of_registered_uri("http://127.0.0.1:8123/ovh/oauth2/callback"),
            Some(RedirectKind::Loopback { port: 8123 })
        );
        assert_eq!(
            RedirectKind::of_registered_uri("https://example.com/ovh/oauth2/callback"),
            Some(RedirectKind::HttpsBounce)
        );
        assert_eq!(RedirectKind::of_registered_uri("https://example.com/cb?x=1"), None);
        assert_eq!(RedirectKind::of_registered_uri("http://example.com/cb"), None);
    }
}
