//! `ovh-sim`: runs the loopback OVHcloud API and OAuth2 simulator.
//! The first line on stdout is `ovh-sim listening on http://127.0.0.1:PORT`.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;
use ovh_sim::{FaultRule, IssuerParam, LegacyCredential, OAuthClient, RefreshTokenMode, SimConfig, Simulator};

/// A loopback OVHcloud API (/1.0, /v1, /v2) and OAuth2 server for tests and demos.
#[derive(Debug, Parser)]
#[command(name = "ovh-sim", version)]
struct Args {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:0")]
    listen: SocketAddr,
    /// Seed of the generated account.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Number of Public Cloud projects.
    #[arg(long, default_value_t = 3)]
    projects: usize,
    /// Number of resources of each kind per project.
    #[arg(long, default_value_t = 5)]
    per_type: usize,
    /// Number of dedicated servers.
    #[arg(long, default_value_t = 4)]
    dedicated_servers: usize,
    /// Latency added to every call, in milliseconds.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// Milliseconds an instance takes to settle after start, stop, reboot, shelve or unshelve.
    #[arg(long, default_value_t = 2000)]
    action_delay_ms: u64,
    /// A validated legacy key set with full access: AK:AS:CK (repeatable).
    #[arg(long = "credential", value_parser = LegacyCredential::parse)]
    credentials: Vec<LegacyCredential>,
    /// An access token accepted as Bearer (repeatable).
    #[arg(long = "bearer-token")]
    bearer_tokens: Vec<String>,
    /// A registered OAuth2 client: CLIENT_ID:CLIENT_SECRET:REDIRECT_URI (repeatable).
    #[arg(long = "oauth-client", value_parser = OAuthClient::parse)]
    oauth_clients: Vec<OAuthClient>,
    /// Consent at once on /auth/oauth2/authorize instead of showing the consent page.
    #[arg(long)]
    auto_consent: bool,
    /// A JSON dataset to serve instead of generated data.
    #[arg(long)]
    fixture: Option<PathBuf>,
    /// Lifetime of issued access tokens (expires_in), in seconds.
    #[arg(long, default_value_t = 3600)]
    token_lifetime_secs: u64,
    /// Refresh tokens: rotate, reuse or omit.
    #[arg(long, default_value = "rotate")]
    refresh_tokens: RefreshTokenMode,
    /// Lifetime of authorization codes, in seconds.
    #[arg(long, default_value_t = 60)]
    code_lifetime_secs: u64,
    /// Accepted distance between X-Ovh-Timestamp and the server clock, in seconds.
    #[arg(long, default_value_t = 180)]
    signature_skew_secs: u64,
    /// Validity of consumer keys validated without an explicit choice, in seconds (default: unlimited).
    #[arg(long)]
    consumer_key_validity_secs: Option<u64>,
    /// Refuse authorization requests without a PKCE code_challenge.
    #[arg(long)]
    require_pkce: bool,
    /// Registered loopback redirect URIs (http://127.0.0.1/...) accept any port (RFC 8252).
    #[arg(long)]
    loopback_any_port: bool,
    /// Send no `iss` in authorization responses (RFC 9207), as a server without it.
    #[arg(long, conflicts_with = "issuer")]
    no_iss: bool,
    /// The `iss` sent in authorization responses instead of the simulator's origin.
    #[arg(long)]
    issuer: Option<String>,
    /// Requests per minute allowed per credential.
    #[arg(long)]
    rate_limit: Option<u32>,
    /// A fault: PATH=KIND[,times=N][,method=M], KIND = latency:MS | STATUS[:RETRY_AFTER] | hang | malformed | drop | iam:ACTION (repeatable).
    #[arg(long = "fault", value_parser = FaultRule::parse)]
    faults: Vec<FaultRule>,
    /// Seconds added to the server clock (a client must use /auth/time to sign).
    #[arg(long, default_value_t = 0, allow_hyphen_values = true)]
    clock_offset_secs: i64,
    /// Default page size of v2 lists.
    #[arg(long, default_value_t = 100)]
    page_size: usize,
    /// Also load the demo credentials (client aurora-demo, token aurora-demo-access-token...) and consent at once.
    #[arg(long)]
    demo: bool,
    /// OVH region in URNs: eu, ca or us.
    #[arg(long, default_value = "eu")]
    urn_region: String,
}

impl Args {
    fn into_config(self) -> SimConfig {
        let base = if self.demo {
            SimConfig::demo()
        } else {
            SimConfig::default()
        };
        let mut c = base
            .listen(self.listen)
            .seed(self.seed)
            .projects(self.projects)
            .per_type(self.per_type)
            .dedicated_servers(self.dedicated_servers)
            .latency(Duration::from_millis(self.latency_ms))
            .action_delay(Duration::from_millis(self.action_delay_ms))
            .auto_consent(self.auto_consent || self.demo)
            .token_lifetime(Duration::from_secs(self.token_lifetime_secs))
            .refresh_token_mode(self.refresh_tokens)
            .code_lifetime(Duration::from_secs(self.code_lifetime_secs))
            .signature_skew(Duration::from_secs(self.signature_skew_secs))
            .require_pkce(self.require_pkce)
            .consumer_key_validity(self.consumer_key_validity_secs.map(Duration::from_secs))
            .rate_limit_per_minute(self.rate_limit)
            .page_size(self.page_size)
            .clock_offset_secs(self.clock_offset_secs)
            .loopback_any_port(self.loopback_any_port)
            .issuer(match (self.no_iss, self.issuer) {
                (true, _) => IssuerParam::Off,
                (false, Some(issuer)) => IssuerParam::Fixed(issuer),
                (false, None) => IssuerParam::Origin,
            })
            .urn_region(self.urn_region);
        c.credentials.extend(self.credentials);
        c.bearer_tokens.extend(self.bearer_tokens);
        c.oauth_clients.extend(self.oauth_clients);
        c.faults = self.faults;
        c.fixture_path = self.fixture;
        c
    }
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    let sim = match Simulator::start(args.into_config()).await {
        Ok(sim) => sim,
        Err(e) => {
            eprintln!("ovh-sim: {e}");
            std::process::exit(1);
        }
    };
    let mut out = std::io::stdout();
    let _ = writeln!(out, "ovh-sim listening on {}", sim.base_url());
    let _ = out.flush();
    let _ = tokio::signal::ctrl_c().await;
    drop(sim);
}
