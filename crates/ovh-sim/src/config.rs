//! Simulator configuration: the same options as the command-line flags.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use crate::data::Dataset;
use crate::faults::FaultRule;

/// A validated legacy key set (application key, application secret, consumer key),
/// preloaded with full access (`GET/POST/PUT/DELETE /*`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegacyCredential {
    pub application_key: String,
    pub application_secret: String,
    pub consumer_key: String,
}

impl LegacyCredential {
    pub fn new(ak: impl Into<String>, r#as: impl Into<String>, ck: impl Into<String>) -> Self {
        Self {
            application_key: ak.into(),
            application_secret: r#as.into(),
            consumer_key: ck.into(),
        }
    }

    /// Parses `AK:AS:CK`.
    pub fn parse(spec: &str) -> Result<Self, String> {
        let parts: Vec<&str> = spec.split(':').collect();
        match parts.as_slice() {
            [ak, r#as, ck] if !ak.is_empty() && !r#as.is_empty() && !ck.is_empty() => Ok(Self::new(*ak, *r#as, *ck)),
            _ => Err(format!(
                "The credential \"{spec}\" is not of the form APPLICATION_KEY:APPLICATION_SECRET:CONSUMER_KEY."
            )),
        }
    }
}

/// A registered OAuth2 client. The redirect URI is compared exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthClient {
    pub client_id: String,
    pub client_secret: String,
    /// Allowed redirect URIs (custom schemes such as `aurora://ovh/oauth2/callback`,
    /// loopback URLs and https are all accepted).
    pub redirect_uris: Vec<String>,
}

impl OAuthClient {
    pub fn new(id: impl Into<String>, secret: impl Into<String>, redirect_uri: impl Into<String>) -> Self {
        Self {
            client_id: id.into(),
            client_secret: secret.into(),
            redirect_uris: vec![redirect_uri.into()],
        }
    }

    /// Parses `CLIENT_ID:CLIENT_SECRET:REDIRECT_URI` (the URI may itself contain colons).
    pub fn parse(spec: &str) -> Result<Self, String> {
        let mut parts = spec.splitn(3, ':');
        match (parts.next(), parts.next(), parts.next()) {
            (Some(id), Some(secret), Some(uri)) if !id.is_empty() && !secret.is_empty() && !uri.is_empty() => {
                Ok(Self::new(id, secret, uri))
            }
            _ => Err(format!(
                "The OAuth2 client \"{spec}\" is not of the form CLIENT_ID:CLIENT_SECRET:REDIRECT_URI."
            )),
        }
    }
}

/// How the token endpoint deals with refresh tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RefreshTokenMode {
    /// A new refresh token is issued on every refresh; the old one stops working.
    #[default]
    Rotate,
    /// The same refresh token stays valid and is returned again.
    Reuse,
    /// No refresh token is ever issued (OVH may behave like this).
    Omit,
}

impl std::str::FromStr for RefreshTokenMode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "rotate" => Ok(Self::Rotate),
            "reuse" => Ok(Self::Reuse),
            "omit" => Ok(Self::Omit),
            _ => Err(format!(
                "The refresh-token mode \"{s}\" is unknown; use rotate, reuse or omit."
            )),
        }
    }
}

/// Sizes of the generated account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataSize {
    /// Number of Public Cloud projects.
    pub projects: usize,
    /// Number of resources of each kind (instances, kube clusters, databases...) per project.
    pub per_type: usize,
    /// Number of dedicated servers on the account.
    pub dedicated_servers: usize,
}

impl Default for DataSize {
    fn default() -> Self {
        Self {
            projects: 3,
            per_type: 5,
            dedicated_servers: 4,
        }
    }
}

/// Everything the simulator can be told at start. Build it with [`SimConfig::default`]
/// and the chainable setters:
///
/// ```
/// let config = ovh_sim::SimConfig::default()
///     .seed(7)
///     .projects(2)
///     .credential("AK", "AS", "CK")
///     .bearer_token("demo-token")
///     .oauth_client("aurora-desktop", "secret", "aurora://ovh/oauth2/callback")
///     .auto_consent(true);
/// assert_eq!(config.size.projects, 2);
/// ```
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// Address to bind; port 0 picks a free port. Default `127.0.0.1:0`.
    pub listen: SocketAddr,
    /// Seed of the deterministic data generator. Default 42.
    pub seed: u64,
    pub size: DataSize,
    /// Latency added to every API call. Default zero.
    pub latency: Duration,
    pub credentials: Vec<LegacyCredential>,
    /// Access tokens accepted as `Authorization: Bearer` (never expire).
    pub bearer_tokens: Vec<String>,
    pub oauth_clients: Vec<OAuthClient>,
    /// Consent at once on `/auth/oauth2/authorize` instead of showing the consent page.
    pub auto_consent: bool,
    /// Exact data instead of generated data (see [`Dataset`]); wins over `fixture_path`.
    /// Projects without regions get [`crate::data::standard_regions`].
    pub dataset: Option<Dataset>,
    /// A JSON file holding a serialized [`Dataset`].
    pub fixture_path: Option<PathBuf>,
    /// `expires_in` of issued access tokens. Default 3600 s.
    pub token_lifetime: Duration,
    pub refresh_token_mode: RefreshTokenMode,
    /// Lifetime of an authorization code. Default 60 s.
    pub code_lifetime: Duration,
    /// Accepted distance between `X-Ovh-Timestamp` and the server clock. Default 180 s.
    pub signature_skew: Duration,
    /// Validity of a consumer key validated without an explicit choice. `None` = unlimited.
    pub consumer_key_validity: Option<Duration>,
    /// Faults active from the start (same as `POST /_sim/faults`).
    pub faults: Vec<FaultRule>,
    /// Requests per minute allowed per credential (consumer key or token); `None` = unlimited.
    pub rate_limit_per_minute: Option<u32>,
    /// OVH region used in URNs (`eu`, `ca`, `us`). Default `eu`.
    pub urn_region: String,
    /// Refuse authorization requests without a PKCE `code_challenge`. Default false
    /// (whether OVH enforces PKCE is unconfirmed).
    pub require_pkce: bool,
    /// Default page size of v2 lists (a client may ask another with `X-Pagination-Size`). Default 100.
    pub page_size: usize,
    /// How `/1.0` lists answer `X-Pagination-Mode` (see `routes::aggregation`). Default: served.
    pub list_aggregation: ListAggregation,
    /// Most objects in one aggregated page; a larger `X-Pagination-Size` gets this many. Default 5000.
    pub aggregation_page_cap: usize,
    /// Seconds added to the server clock from the start (and after a reset). Default 0.
    pub clock_offset_secs: i64,
    /// Registered loopback redirect URIs (`http://127.0.0.1/...`) accept any port, as
    /// RFC 8252 §7.3 asks (unconfirmed for OVH). Default false: exact match only.
    pub loopback_any_port: bool,
    /// How long an instance takes to settle after start, stop, reboot, shelve or
    /// unshelve (OVH answers at once and works in the background). Default 2 s.
    pub action_delay: Duration,
    /// The `iss` of authorization responses (RFC 9207). Default: the simulator's origin.
    pub issuer: IssuerParam,
}

/// What `iss` (RFC 9207) the authorization responses carry.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum IssuerParam {
    /// The simulator's origin (`http://127.0.0.1:PORT`), as a conformant server sends its issuer.
    #[default]
    Origin,
    /// No `iss`, as a server without RFC 9207 support.
    Off,
    /// This value: another server's issuer, to test a client's mix-up protection.
    Fixed(String),
}

impl Default for SimConfig {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            seed: 42,
            size: DataSize::default(),
            latency: Duration::ZERO,
            credentials: Vec::new(),
            bearer_tokens: Vec::new(),
            oauth_clients: Vec::new(),
            auto_consent: false,
            dataset: None,
            fixture_path: None,
            token_lifetime: Duration::from_secs(3600),
            refresh_token_mode: RefreshTokenMode::Rotate,
            code_lifetime: Duration::from_secs(60),
            signature_skew: Duration::from_secs(180),
            consumer_key_validity: None,
            faults: Vec::new(),
            rate_limit_per_minute: None,
            urn_region: "eu".to_string(),
            require_pkce: false,
            page_size: 100,
            list_aggregation: ListAggregation::Served,
            aggregation_page_cap: 5000,
            clock_offset_secs: 0,
            loopback_any_port: false,
            action_delay: Duration::from_secs(2),
            issuer: IssuerParam::Origin,
        }
    }
}

impl SimConfig {
    pub fn listen(mut self, addr: SocketAddr) -> Self {
        self.listen = addr;
        self
    }
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }
    pub fn projects(mut self, n: usize) -> Self {
        self.size.projects = n;
        self
    }
    pub fn per_type(mut self, n: usize) -> Self {
        self.size.per_type = n;
        self
    }
    pub fn dedicated_servers(mut self, n: usize) -> Self {
        self.size.dedicated_servers = n;
        self
    }
    pub fn action_delay(mut self, delay: Duration) -> Self {
        self.action_delay = delay;
        self
    }
    pub fn latency(mut self, latency: Duration) -> Self {
        self.latency = latency;
        self
    }
    /// Preloads a validated legacy key set with full access.
    pub fn credential(mut self, ak: impl Into<String>, r#as: impl Into<String>, ck: impl Into<String>) -> Self {
        self.credentials.push(LegacyCredential::new(ak, r#as, ck));
        self
    }
    /// Preloads an access token that never expires.
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.bearer_tokens.push(token.into());
        self
    }
    pub fn oauth_client(
        mut self,
        id: impl Into<String>,
        secret: impl Into<String>,
        redirect_uri: impl Into<String>,
    ) -> Self {
        self.oauth_clients.push(OAuthClient::new(id, secret, redirect_uri));
        self
    }
    pub fn auto_consent(mut self, on: bool) -> Self {
        self.auto_consent = on;
        self
    }
    pub fn dataset(mut self, dataset: Dataset) -> Self {
        self.dataset = Some(dataset);
        self
    }
    pub fn fixture(mut self, path: impl Into<PathBuf>) -> Self {
        self.fixture_path = Some(path.into());
        self
    }
    pub fn token_lifetime(mut self, lifetime: Duration) -> Self {
        self.token_lifetime = lifetime;
        self
    }
    pub fn refresh_token_mode(mut self, mode: RefreshTokenMode) -> Self {
        self.refresh_token_mode = mode;
        self
    }
    pub fn code_lifetime(mut self, lifetime: Duration) -> Self {
        self.code_lifetime = lifetime;
        self
    }
    pub fn signature_skew(mut self, skew: Duration) -> Self {
        self.signature_skew = skew;
        self
    }
    pub fn consumer_key_validity(mut self, validity: Option<Duration>) -> Self {
        self.consumer_key_validity = validity;
        self
    }
    pub fn fault(mut self, rule: FaultRule) -> Self {
        self.faults.push(rule);
        self
    }
    pub fn rate_limit_per_minute(mut self, limit: Option<u32>) -> Self {
        self.rate_limit_per_minute = limit;
        self
    }
    pub fn urn_region(mut self, region: impl Into<String>) -> Self {
        self.urn_region = region.into();
        self
    }
    pub fn require_pkce(mut self, on: bool) -> Self {
        self.require_pkce = on;
        self
    }
    pub fn loopback_any_port(mut self, on: bool) -> Self {
        self.loopback_any_port = on;
        self
    }
    pub fn issuer(mut self, issuer: IssuerParam) -> Self {
        self.issuer = issuer;
        self
    }
    pub fn clock_offset_secs(mut self, secs: i64) -> Self {
        self.clock_offset_secs = secs;
        self
    }
    pub fn page_size(mut self, n: usize) -> Self {
        self.page_size = n.max(1);
        self
    }
    pub fn list_aggregation(mut self, mode: ListAggregation) -> Self {
        self.list_aggregation = mode;
        self
    }
    pub fn aggregation_page_cap(mut self, n: usize) -> Self {
        self.aggregation_page_cap = n.max(1);
        self
    }
}

/// How the simulator answers a `/1.0` list asked with `X-Pagination-Mode`,
/// so clients can be tested against servers that do not aggregate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ListAggregation {
    /// The listed objects, a page at a time.
    #[default]
    Served,
    /// The header is ignored: ids, as without it.
    Ignored,
    /// 400, as for an unknown mode.
    Refused,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_credential_and_client_specs() {
        let c = LegacyCredential::parse("ak:as:ck").unwrap();
        assert_eq!(c.consumer_key, "ck");
        assert!(LegacyCredential::parse("ak:as").is_err());
        let o = OAuthClient::parse("id:secret:aurora://ovh/oauth2/callback").unwrap();
        assert_eq!(o.redirect_uris, vec!["aurora://ovh/oauth2/callback".to_string()]);
        let o = OAuthClient::parse("id:secret:http://127.0.0.1:8080/cb").unwrap();
        assert_eq!(o.redirect_uris[0], "http://127.0.0.1:8080/cb");
        assert!(OAuthClient::parse("id:secret").is_err());
    }
}
