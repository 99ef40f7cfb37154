//! The URL OVH sends the browser back to, validated strictly: it may arrive
//! from any program that can open a deep link.

use url::{Host, Url};

use crate::secret::SecretString;
use crate::user_error::UserError;

pub const DEEP_LINK_SCHEME: &str = "aurora";
pub const DEEP_LINK_HOST: &str = "ovh";
pub const DEEP_LINK_PATH: &str = "/oauth2/callback";
pub const LOOPBACK_PATH: &str = "/ovh/oauth2/callback";

const MAX_URL_LEN: usize = 4096;
/// Longest accepted value of each parameter.
const LIMITS: [(&str, usize); 4] = [
    ("code", 2048),
    ("state", 256),
    ("error", 128),
    ("error_description", 1024),
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
            (DEEP_LINK_SCHEME, Some(Host::Domain(DEEP_LINK_HOST)))
                if url.path() == DEEP_LINK_PATH && url.port().is_none() =>
            {
                Some(RedirectKind::DeepLink)
            }
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
    /// `error` (an OAuth2 error code) and OVH's description.
    Denied {
        error: String,
        description: Option<String>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Callback {
    pub kind: RedirectKind,
    pub state: String,
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
    if raw.len() > MAX_URL_LEN {
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

    let mut values: [Option<String>; 4] = Default::default();
    for (name, value) in url.query_pairs() {
        let index = LIMITS
            .iter()
            .position(|(known, _)| *known == name)
            .ok_or("the address has an unknown parameter")?;
        if values[index].is_some() {
            return Err("the address repeats a parameter");
        }
        if value.is_empty() || value.len() > LIMITS[index].1 {
            return Err("a parameter is empty or too long");
        }
        // Decoding may have produced control characters (%0A ...).
        if value.chars().any(char::is_control) {
            return Err("a parameter contains control characters");
        }
        values[index] = Some(value.into_owned());
    }
    let [code, state, error, description] = values;
    let state = state.ok_or("the address has no state")?;
    let outcome = match (code, error) {
        (Some(code), None) => CallbackOutcome::Code(SecretString::new(code)),
        (None, Some(error)) => {
            if !error.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
                return Err("the error code is not valid");
            }
            CallbackOutcome::Denied { error, description }
        }
        (Some(_), Some(_)) => return Err("the address has both a code and an error"),
        (None, None) => return Err("the address has neither a code nor an error"),
    };
    Ok(Callback { kind, state, outcome })
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
                description: Some("The user refused".into())
            }
        );
    }

    #[test]
    fn everything_else_is_refused() {
        let long = format!("aurora://ovh/oauth2/callback?code={}&state=s", "a".repeat(3000));
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
            "aurora://ovh/oauth2/callback?code=c&state=s&extra=1",
            "aurora://ovh/oauth2/callback?code=c&code=d&state=s",
            "aurora://ovh/oauth2/callback?code=&state=s",
            "aurora://ovh/oauth2/callback?code=c%0A&state=s",
            "aurora://ovh/oauth2/callback?code=c&state=s\n",
            "aurora://ovh/oauth2/callback?code=c&error=access_denied&state=s",
            "aurora://ovh/oauth2/callback?error=<script>&state=s",
            "aurora://ovh/oauth2/callback?code=c d&state=s",
            long.as_str(),
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
            RedirectKind::of_registered_uri("aurora://ovh/oauth2/callback"),
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
