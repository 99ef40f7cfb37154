//! Discovery engine 1: the official `ovhcloud` CLI, bundled as a sidecar.
//!
//! ```ignore
//! let locator = CliLocator::from_environment(settings.ovhcloud_cli.clone());
//! let engine = CliEngine::new(locator.locate(), endpoint.api_base_str(), auth)?;
//! let inventory = discovery::discover(Arc::new(engine), "conn-1", &DiscoveryOptions::default(), &progress, &cancel).await;
//! ```
//! Each task is one CLI process (`ovhcloud cloud kube list --cloud-project P --json`)
//! run with only `OVH_ENDPOINT` and the connection's credentials in its
//! environment. What the CLI calls and prints is described in docs/ovhcloud-cli.md.

mod command;
mod locate;
mod outcome;
mod process;
mod reshape;

use std::path::{Path, PathBuf};
use std::time::Duration;

use tokio::sync::OnceCell;

pub use command::{by_hand, CliCommand, CredentialStyle, ProjectFlag};
pub use locate::{real_cli_for_tests, CliLocator, CLI_ENV, CLI_NAME};
pub use outcome::redact;

use crate::api::{Auth, BoxFuture};
use crate::discovery::model::{EngineKind, TaskKey};
use crate::discovery::runner::{Listing, Source};
use crate::secret::SecretString;
use crate::user_error::{ErrorKind, UserError};
use outcome::{cli_failed, interpret, RunContext};
use process::{run, RunError, RunOutput, RunSpec};

#[derive(Clone, Debug)]
pub struct CliOptions {
    /// Per command. The product document's troubleshooting names timeouts.
    pub timeout: Duration,
    /// Larger output is refused (and the process killed).
    pub max_stdout: usize,
    pub max_stderr: usize,
}

impl Default for CliOptions {
    fn default() -> Self {
        CliOptions {
            timeout: Duration::from_secs(60),
            max_stdout: 64 * 1024 * 1024,
            max_stderr: 64 * 1024,
        }
    }
}

pub struct CliEngine {
    /// The binary, or every place it was looked for.
    program: Result<PathBuf, Vec<PathBuf>>,
    api_base: String,
    auth: Auth,
    options: CliOptions,
    project_flag: OnceCell<ProjectFlag>,
}

impl CliEngine {
    /// `program` is usually `CliLocator::locate()`; when the CLI is missing
    /// the engine still runs, and every task fails with the CLI solution.
    /// `api_base` is the connection's API base URL (`Endpoint::api_base_str()`):
    /// always a URL, never `ovh-eu`, so the CLI never mixes in a section of
    /// the user's own `~/.ovh.conf`.
    pub fn new(program: Result<PathBuf, Vec<PathBuf>>, api_base: &str, auth: Auth) -> Result<CliEngine, UserError> {
        if !matches!(auth, Auth::Bearer(_) | Auth::Signed(_)) {
            return Err(UserError::new(
                ErrorKind::InvalidConfiguration,
                "The ovhcloud CLI needs an access token or an application key, secret and consumer key. Sign in with OVH or enter API credentials for this connection.",
                ["Verify ovhcloud CLI is installed and configured"],
            ));
        }
        Ok(CliEngine {
            program,
            api_base: api_base.trim_end_matches('/').to_owned(),
            auth,
            options: CliOptions::default(),
            project_flag: OnceCell::new(),
        })
    }

    pub fn with_options(mut self, options: CliOptions) -> CliEngine {
        self.options = options;
        self
    }

    pub fn program(&self) -> Option<&Path> {
        self.program.as_deref().ok()
    }

    /// The project flag of the installed CLI, read once from `--help`.
    pub async fn project_flag(&self) -> Result<ProjectFlag, RunFailure> {
        let program = self
            .program
            .as_ref()
            .map_err(|tried| RunFailure::Missing(tried.clone()))?;
        self.project_flag
            .get_or_try_init(|| async {
                let args: Vec<String> = ["cloud", "instance", "list", "--help"].map(String::from).to_vec();
                let spec = RunSpec {
                    program,
                    args: &args,
                    env: Vec::new(),
                    timeout: self.options.timeout,
                    max_stdout: 1024 * 1024,
                    max_stderr: 1024 * 1024,
                };
                let out = run(spec).await.map_err(RunFailure::from)?;
                let help = format!(
                    "{}{}",
                    String::from_utf8_lossy(&out.stdout),
                    String::from_utf8_lossy(&out.stderr)
                );
                let flag = ProjectFlag::from_help(&help);
                tracing::debug!(?flag, program = %program.display(), "detected the ovhcloud CLI's project flag");
                Ok(flag)
            })
            .await
            .copied()
    }

    fn style(&self) -> CredentialStyle {
        if self.auth.is_bearer() {
            CredentialStyle::AccessToken
        } else {
            CredentialStyle::ApplicationKeys
        }
    }

    async fn credentials(&self) -> Result<Vec<(String, SecretString)>, UserError> {
        Ok(match &self.auth {
            Auth::Bearer(source) => vec![("OVH_ACCESS_TOKEN".into(), source.access_token().await?)],
            Auth::Signed(c) => vec![
                (
                    "OVH_APPLICATION_KEY".into(),
                    SecretString::new(c.application_key.clone()),
                ),
                ("OVH_APPLICATION_SECRET".into(), c.application_secret.clone()),
                ("OVH_CONSUMER_KEY".into(), c.consumer_key.clone()),
            ],
            Auth::None | Auth::Application { .. } => Vec::new(),
        })
    }

    async fn list_task(&self, task: &TaskKey) -> Result<Listing, UserError> {
        // The CLI puts the project id into its request paths: one that could
        // leave its path is refused before the CLI runs.
        if let Some(project) = &task.project_id {
            crate::api::path_segment(project)?;
        }
        let flag = match task.project_id {
            Some(_) => self.project_flag().await,
            None => Ok(ProjectFlag::CloudProject),
        };
        let command = CliCommand::new(task, *flag.as_ref().unwrap_or(&ProjectFlag::CloudProject));
        let doing = format!("listing {}", task.kind.label().to_lowercase());
        let (out, ctx) = self
            .execute(&command, &command::api_path(task), flag.map(drop), &doing)
            .await?;
        let listing = interpret(out.status.code(), &out.stdout, &out.stderr, &ctx.borrowed())?;
        Ok(Listing {
            objects: reshape::to_api_shape(task.kind, listing.objects),
            warning: listing.warning,
        })
    }

    /// Runs one command that changes something in a project, such as
    /// `ovhcloud cloud instance stop ID --cloud-project P --json`. `api_path` is
    /// the call it makes, for messages.
    pub async fn run_action(&self, project_id: &str, args: &[String], api_path: &str) -> Result<(), UserError> {
        let flag = self.project_flag().await;
        let command = CliCommand::in_project(args, project_id, *flag.as_ref().unwrap_or(&ProjectFlag::CloudProject));
        let doing = format!("running {}", args.join(" "));
        let (out, ctx) = self.execute(&command, api_path, flag.map(drop), &doing).await?;
        outcome::interpret_action(out.status.code(), &out.stdout, &out.stderr, &ctx.borrowed())
    }

    /// Runs `command` with the connection's credentials; errors say what the
    /// run was `doing` ("listing instances").
    async fn execute(
        &self,
        command: &CliCommand,
        api_path: &str,
        flag: Result<(), RunFailure>,
        doing: &str,
    ) -> Result<(RunOutput, OwnedRunContext), UserError> {
        let shown_program = self.program.as_deref().unwrap_or(Path::new(CLI_NAME));
        let credentials = self.credentials().await?;
        let ctx = OwnedRunContext {
            api_path: api_path.to_owned(),
            bearer: self.auth.is_bearer(),
            by_hand: by_hand(shown_program, &self.api_base, self.style(), command),
            secrets: credentials
                .iter()
                .filter(|(k, _)| k != "OVH_APPLICATION_KEY")
                .map(|(_, v)| v.expose().to_owned())
                .collect(),
        };
        flag.map_err(|f| f.into_user_error(doing, &self.options, &ctx.borrowed()))?;
        let program = self.program.as_ref().map_err(|tried| {
            RunFailure::Missing(tried.clone()).into_user_error(doing, &self.options, &ctx.borrowed())
        })?;

        let mut env = credentials;
        env.push(("OVH_ENDPOINT".into(), SecretString::new(self.api_base.clone())));
        env.extend(
            command
                .env
                .iter()
                .map(|(k, v)| (k.clone(), SecretString::new(v.clone()))),
        );
        let spec = RunSpec {
            program,
            args: &command.args,
            env,
            timeout: self.options.timeout,
            max_stdout: self.options.max_stdout,
            max_stderr: self.options.max_stderr,
        };
        let out = run(spec)
            .await
            .map_err(|e| RunFailure::from(e).into_user_error(doing, &self.options, &ctx.borrowed()))?;
        Ok((out, ctx))
    }
}

/// A [`RunContext`] that owns its parts, kept while the CLI runs.
struct OwnedRunContext {
    api_path: String,
    bearer: bool,
    by_hand: String,
    secrets: Vec<String>,
}

impl OwnedRunContext {
    fn borrowed(&self) -> RunContext<'_> {
        RunContext {
            api_path: &self.api_path,
            bearer: self.bearer,
            by_hand: &self.by_hand,
            secrets: self.secrets.iter().map(String::as_str).collect(),
        }
    }
}

impl Source for CliEngine {
    fn engine(&self) -> EngineKind {
        EngineKind::Cli
    }

    fn list<'a>(&'a self, task: &'a TaskKey) -> BoxFuture<'a, Result<Listing, UserError>> {
        Box::pin(self.list_task(task))
    }
}

/// Where a person switches a connection away from the CLI (the Settings
/// view's "Discovery engine" section, ui/src/settings/DiscoveryEngineSettings.tsx).
pub const SWITCH_TO_API: &str = "Switch this connection to the API engine in Settings, under \"Discovery engine\"";

/// How to fix a CLI that is missing or cannot run.
const REINSTALL_OR_SWITCH: &str = "Reinstall Aurora to restore its bundled CLI (README, \"Install\"), or set OVHCLOUD_CLI to the path of a working ovhcloud binary, then refresh. Or choose \"Aurora's API engine\" for this connection in Settings, under \"Discovery engine\".";

/// Why the CLI produced no output at all.
#[derive(Debug)]
pub enum RunFailure {
    Missing(Vec<PathBuf>),
    CannotStart(std::io::Error),
    TimedOut,
    OutputTooLarge,
    Io(std::io::Error),
}

impl From<RunError> for RunFailure {
    fn from(e: RunError) -> RunFailure {
        match e {
            RunError::Spawn(e) if e.kind() == std::io::ErrorKind::NotFound => RunFailure::Missing(Vec::new()),
            RunError::Spawn(e) => RunFailure::CannotStart(e),
            RunError::TimedOut => RunFailure::TimedOut,
            RunError::OutputTooLarge => RunFailure::OutputTooLarge,
            RunError::Io(e) => RunFailure::Io(e),
        }
    }
}

impl RunFailure {
    fn into_user_error(self, doing: &str, options: &CliOptions, ctx: &RunContext<'_>) -> UserError {
        let message = match self {
            RunFailure::Missing(tried) => {
                if !tried.is_empty() {
                    tracing::warn!(?tried, "the ovhcloud CLI was not found");
                }
                format!("The ovhcloud CLI was not found (Aurora looks for its bundled copy next to itself, then in the {CLI_ENV} setting or variable, then on PATH). {REINSTALL_OR_SWITCH}")
            }
            RunFailure::CannotStart(e) => format!("The ovhcloud CLI could not be started ({e}). {REINSTALL_OR_SWITCH}"),
            RunFailure::TimedOut => format!(
                "The ovhcloud CLI did not finish {doing} within {} seconds. Check your network connection, then try again.",
                options.timeout.as_secs()
            ),
            RunFailure::OutputTooLarge => format!(
                "The ovhcloud CLI printed more than {} MiB while {doing}; Aurora stopped it. {SWITCH_TO_API}.",
                options.max_stdout / (1024 * 1024)
            ),
            RunFailure::Io(e) => format!("Aurora could not read the ovhcloud CLI's output ({e}). Refresh to try again."),
        };
        cli_failed(message, ctx)
    }
}
