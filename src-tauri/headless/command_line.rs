//! `aurora discover`'s command line: its options, and the credentials read
//! from files, standard input or the environment, never from arguments.

use aurora_core::{Auth, Endpoint, SecretString};
use clap::{Parser, ValueEnum};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(super) enum EngineChoice {
    /// The bundled ovhcloud CLI.
    Cli,
    /// Aurora's own API client.
    Api,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(super) enum Format {
    Json,
    Csv,
}

#[derive(Debug, Parser)]
#[command(
    name = "aurora discover",
    about = "Prints the normalized inventory of an OVHcloud account.",
    disable_version_flag = true,
    after_help = "Secrets never go on the command line (other local users see it in ps): use the environment variables OVH_ACCESS_TOKEN, or OVH_APPLICATION_KEY, OVH_APPLICATION_SECRET and OVH_CONSUMER_KEY, or the --*-file options (a file only you may read, or - for standard input). \
                  Exit status: 0 all tasks succeeded, 1 some task failed, 2 usage error."
)]
struct Args {
    /// ovh-eu, ovh-ca, ovh-us, or an API base URL such as http://127.0.0.1:8080/1.0 [env: OVH_ENDPOINT]
    #[arg(long, value_name = "URL")]
    endpoint: Option<String>,
    /// A file holding the OAuth2 access token, readable by you only; - reads standard input [env: OVH_ACCESS_TOKEN]
    #[arg(long, value_name = "PATH")]
    access_token_file: Option<String>,
    /// [env: OVH_APPLICATION_KEY]
    #[arg(long, value_name = "AK")]
    application_key: Option<String>,
    /// A file holding the application secret, readable by you only; - reads standard input [env: OVH_APPLICATION_SECRET]
    #[arg(long, value_name = "PATH")]
    application_secret_file: Option<String>,
    /// A file holding the consumer key, readable by you only; - reads standard input [env: OVH_CONSUMER_KEY]
    #[arg(long, value_name = "PATH")]
    consumer_key_file: Option<String>,
    /// Default: the API engine.
    #[arg(long, value_enum)]
    engine: Option<EngineChoice>,
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
    /// The connection id written in the inventory.
    #[arg(long, default_value = "headless")]
    connection_id: String,
}

/// Options that used to take a secret as their value, with what replaces them.
const SECRET_FLAGS: [(&str, &str, &str); 3] = [
    ("--access-token", "OVH_ACCESS_TOKEN", "--access-token-file"),
    (
        "--application-secret",
        "OVH_APPLICATION_SECRET",
        "--application-secret-file",
    ),
    ("--consumer-key", "OVH_CONSUMER_KEY", "--consumer-key-file"),
];

/// Refuses an option that would put a secret on the command line, without
/// quoting its value.
fn refuse_secret_flags(args: &[String]) -> Result<(), Usage> {
    for arg in args {
        for (flag, var, file_flag) in SECRET_FLAGS {
            let given = arg == flag || arg.strip_prefix(flag).is_some_and(|rest| rest.starts_with('='));
            if given {
                return Err(Usage::Message(format!(
                    "{flag} is not accepted: a secret on the command line is visible to every local user (ps) and stays in shell history. \
                     Set {var}, or use {file_flag} PATH (a file only you may read, chmod 600) or {file_flag} - (standard input)."
                )));
            }
        }
    }
    Ok(())
}

/// The largest secret file read; OVH's tokens and keys are far shorter.
pub(super) const MAX_SECRET_FILE: u64 = 64 * 1024;

/// Reads a secret from `path` (or standard input for `-`), trimmed of
/// surrounding whitespace. The file must be a regular file that neither group
/// nor others may access.
fn read_secret(option: &str, path: &str, stdin: &mut dyn FnMut() -> std::io::Result<String>) -> Result<String, Usage> {
    use std::io::Read;
    let text = if path == "-" {
        stdin().map_err(|e| Usage::Message(format!("{option} -: standard input could not be read ({e}).")))?
    } else {
        let failed = |e: std::io::Error| {
            Usage::Message(format!(
                "{option}: the file {path} could not be read ({e}). Check the path and that you may read it."
            ))
        };
        let file = std::fs::File::open(path).map_err(failed)?;
        let meta = file.metadata().map_err(failed)?;
        if !meta.is_file() {
            return Err(Usage::Message(format!(
                "{option}: {path} is not a regular file. Give a file holding only the secret, or - for standard input."
            )));
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = meta.permissions().mode();
            if mode & 0o077 != 0 {
                return Err(Usage::Message(format!(
                    "{option}: {path} may be read by other users (mode {:03o}). Make it private with chmod 600 {path}, then try again.",
                    mode & 0o777
                )));
            }
        }
        let mut text = String::new();
        file.take(MAX_SECRET_FILE + 1)
            .read_to_string(&mut text)
            .map_err(failed)?;
        text
    };
    if text.len() as u64 > MAX_SECRET_FILE {
        return Err(Usage::Message(format!(
            "{option}: {path} holds more than 64 KiB; it should hold only the secret."
        )));
    }
    let secret = text.trim();
    if secret.is_empty() {
        return Err(Usage::Message(format!(
            "{option}: {path} is empty; it should hold the secret."
        )));
    }
    Ok(secret.to_owned())
}

/// Everything `execute` needs, validated.
pub(super) struct Request {
    pub(super) endpoint: Endpoint,
    pub(super) credentials: Credentials,
    pub(super) engine: Option<EngineChoice>,
    pub(super) format: Format,
    pub(super) connection_id: String,
}

#[derive(Debug, PartialEq)]
pub(super) enum Credentials {
    Token(SecretString),
    Keys {
        application_key: String,
        application_secret: SecretString,
        consumer_key: SecretString,
    },
}

impl Credentials {
    pub(super) fn auth(&self) -> Auth {
        match self {
            Credentials::Token(t) => Auth::bearer(aurora_core::api::StaticAccessToken(t.clone())),
            Credentials::Keys {
                application_key,
                application_secret,
                consumer_key,
            } => Auth::signed(
                application_key.clone(),
                application_secret.clone(),
                consumer_key.clone(),
            ),
        }
    }
}

#[derive(Debug)]
pub(super) enum Usage {
    /// Help, or a malformed command line (clap prints it).
    Clap(clap::Error),
    Message(String),
}

pub(super) fn parse(
    args: &[String],
    env: &dyn Fn(&str) -> Option<String>,
    stdin: &mut dyn FnMut() -> std::io::Result<String>,
) -> Result<Request, Usage> {
    refuse_secret_flags(args)?;
    let args = Args::try_parse_from(args).map_err(Usage::Clap)?;
    let endpoint_text = args.endpoint.or_else(|| env("OVH_ENDPOINT")).ok_or_else(|| {
        Usage::Message(
            "no endpoint given. Pass --endpoint ovh-eu (or ovh-ca, ovh-us, or an API base URL), or set OVH_ENDPOINT."
                .into(),
        )
    })?;
    let endpoint = Endpoint::parse(&endpoint_text).map_err(|e| Usage::Message(e.to_string()))?;

    let files = [
        ("--access-token-file", &args.access_token_file),
        ("--application-secret-file", &args.application_secret_file),
        ("--consumer-key-file", &args.consumer_key_file),
    ];
    if files.iter().filter(|(_, path)| path.as_deref() == Some("-")).count() > 1 {
        return Err(Usage::Message(
            "only one secret can come from standard input (-). Give the others in files or environment variables."
                .into(),
        ));
    }
    let from_args = args.application_key.is_some() || files.iter().any(|(_, path)| path.is_some());
    let mut secrets = Vec::with_capacity(3);
    for ((option, path), var) in files
        .iter()
        .zip(["OVH_ACCESS_TOKEN", "OVH_APPLICATION_SECRET", "OVH_CONSUMER_KEY"])
    {
        secrets.push(match (from_args, path) {
            (true, Some(path)) => Some(read_secret(option, path, stdin)?),
            (true, None) => None,
            (false, _) => env(var),
        });
    }
    let application_key = if from_args {
        args.application_key
    } else {
        env("OVH_APPLICATION_KEY")
    };
    let [token, application_secret, consumer_key]: [Option<String>; 3] =
        secrets.try_into().unwrap_or([None, None, None]);
    let keys = [application_key, application_secret, consumer_key];
    let credentials = match (token, keys) {
        (Some(token), [None, None, None]) => Credentials::Token(SecretString::new(token)),
        (None, [Some(ak), Some(as_), Some(ck)]) => Credentials::Keys { application_key: ak, application_secret: SecretString::new(as_), consumer_key: SecretString::new(ck) },
        (Some(_), _) => {
            return Err(Usage::Message(
                "give either an access token or application keys, not both. Use --access-token-file alone, or --application-key, --application-secret-file and --consumer-key-file.".into(),
            ))
        }
        (None, [None, None, None]) => {
            return Err(Usage::Message(
                "no credentials given. Set OVH_ACCESS_TOKEN, or OVH_APPLICATION_KEY, OVH_APPLICATION_SECRET and OVH_CONSUMER_KEY, or pass --access-token-file PATH (or --application-key with --application-secret-file and --consumer-key-file).".into(),
            ))
        }
        (None, keys) => {
            let names = ["--application-key (OVH_APPLICATION_KEY)", "--application-secret-file (OVH_APPLICATION_SECRET)", "--consumer-key-file (OVH_CONSUMER_KEY)"];
            let missing: Vec<&str> = names.iter().zip(&keys).filter(|(_, v)| v.is_none()).map(|(n, _)| *n).collect();
            return Err(Usage::Message(format!("application keys are incomplete: {} missing. Give all three, or an access token instead.", missing.join(" and "))));
        }
    };
    Ok(Request {
        endpoint,
        credentials,
        engine: args.engine,
        format: args.format,
        connection_id: args.connection_id,
    })
}
