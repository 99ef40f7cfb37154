//! Turns what the CLI printed into objects or a [`UserError`].
//!
//! The CLI's contract (docs/ovhcloud-cli.md): exit 0 with a JSON array, or
//! `null` for an empty list; exit 1 with `{"message":"🛑 ...","error":true}`
//! on stdout, where an API failure reads
//! `OVHcloud API error (status code 403): Client::Forbidden: "message (missing IAM permissions: a)" (X-OVH-Query-Id: q)`;
//! exit 2 for a Go panic, with the trace on stderr.

use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::api::{ApiError, ErrorContext};
use crate::discovery::runner::Listing;
use crate::user_error::{ErrorKind, UserError};

/// What the interpretation needs to know about the run.
#[derive(Debug)]
pub struct RunContext<'a> {
    /// API path the command starts from, for error messages.
    pub api_path: &'a str,
    pub bearer: bool,
    /// The exact command to try by hand (no secrets).
    pub by_hand: &'a str,
    /// Values to blank out of anything quoted from the CLI.
    pub secrets: Vec<&'a str>,
}

/// `code` is `None` when the process was killed by a signal.
pub fn interpret(code: Option<i32>, stdout: &[u8], stderr: &[u8], ctx: &RunContext<'_>) -> Result<Listing, UserError> {
    let stderr_text = redact(&String::from_utf8_lossy(stderr), &ctx.secrets);
    match code {
        Some(0) => read_listing(stdout, &stderr_text, ctx),
        Some(1) => Err(reported_error(stdout, &stderr_text, ctx)),
        Some(2) => Err(crashed(&stderr_text, ctx)),
        Some(other) => Err(cli_failed(
            format!(
                "The ovhcloud CLI stopped with exit code {other}.{}",
                quote_stderr(&stderr_text)
            ),
            ctx,
        )),
        None => Err(cli_failed(
            format!(
                "The ovhcloud CLI was stopped by a signal.{}",
                quote_stderr(&stderr_text)
            ),
            ctx,
        )),
    }
}

/// Like [`interpret`] for a command that changes something: exit 0 is done
/// (the CLI prints a message such as "⚡️ Instance stopping…"), anything else
/// is the same error as for a list.
pub fn interpret_action(
    code: Option<i32>,
    stdout: &[u8],
    stderr: &[u8],
    ctx: &RunContext<'_>,
) -> Result<(), UserError> {
    match code {
        Some(0) => Ok(()),
        _ => interpret(code, stdout, stderr, ctx).map(drop),
    }
}

fn read_listing(stdout: &[u8], stderr: &str, ctx: &RunContext<'_>) -> Result<Listing, UserError> {
    let value: Value = serde_json::from_slice(stdout).map_err(|e| {
        cli_failed(
            format!(
                "The ovhcloud CLI printed output Aurora could not read ({}).",
                crate::api::error::describe_json_error(&e)
            ),
            ctx,
        )
    })?;
    let objects = match value {
        Value::Null => Vec::new(),
        Value::Array(items) => items,
        Value::Object(o) if o.get("error") == Some(&Value::Bool(true)) => {
            return Err(message_error(
                o.get("message").and_then(Value::as_str).unwrap_or(""),
                stderr,
                ctx,
            ))
        }
        // A warning ("nothing to do") carries no objects.
        Value::Object(o) if o.get("warning") == Some(&Value::Bool(true)) => Vec::new(),
        _ => {
            return Err(cli_failed(
                "The ovhcloud CLI printed JSON of an unexpected shape (not a list).".to_owned(),
                ctx,
            ))
        }
    };
    Ok(Listing {
        objects,
        warning: partial_warning(stderr, ctx),
    })
}

/// `storage-s3 list` skips regions it cannot list and only logs them.
fn partial_warning(stderr: &str, ctx: &RunContext<'_>) -> Option<UserError> {
    let skipped: Vec<&str> = stderr
        .lines()
        .filter_map(|l| l.split_once("error fetching ").map(|(_, rest)| rest))
        .collect();
    let first = skipped.first()?;
    let detail = first.split_once(": ").map_or(*first, |(_, e)| e);
    Some(
        UserError::new(
            ErrorKind::CliCommandFailed,
            format!("Some regions could not be listed ({} failed; first error: {detail}). The results shown may be incomplete; refresh to try again.", skipped.len()),
            ["Ensure service account has permissions for the resource type".to_owned(), try_by_hand(ctx)],
        ),
    )
}

fn reported_error(stdout: &[u8], stderr: &str, ctx: &RunContext<'_>) -> UserError {
    match serde_json::from_slice::<Value>(stdout) {
        Ok(v) if v.get("error") == Some(&Value::Bool(true)) => {
            message_error(v.get("message").and_then(Value::as_str).unwrap_or(""), stderr, ctx)
        }
        // Argument errors come from the command-line parser, on stderr.
        _ => cli_failed(
            format!("The ovhcloud CLI refused the command.{}", quote_stderr(stderr)),
            ctx,
        ),
    }
}

const API_ERROR: &str = "OVHcloud API error (status code ";

fn message_error(message: &str, stderr: &str, ctx: &RunContext<'_>) -> UserError {
    let message = redact(message.trim_start_matches('🛑').trim(), &ctx.secrets);
    if let Some(api) = parse_api_error(&message, ctx) {
        return api.with_hint(try_by_hand(ctx));
    }
    if message.contains("API client is not initialized") {
        // The reason is only in the log line on stderr.
        let reason = stderr
            .lines()
            .find_map(|l| l.rsplit_once("to authenticate (").map(|(_, r)| r.trim_end_matches(')')))
            .unwrap_or("no reason given");
        return UserError::new(
            ErrorKind::InvalidConfiguration,
            format!("The ovhcloud CLI did not accept this connection's settings ({reason}). Check the connection's endpoint and credentials, then refresh."),
            ["Verify ovhcloud CLI is installed and configured".to_owned(), try_by_hand(ctx)],
        );
    }
    if let Some(detail) = transport_detail(&message) {
        let (kind, text) = if detail.contains("Timeout") || detail.contains("deadline exceeded") {
            (ErrorKind::Timeout, format!("The ovhcloud CLI got no answer from OVH in time ({detail}). Check your network connection and try again."))
        } else {
            (ErrorKind::NetworkUnreachable, format!("The ovhcloud CLI could not reach OVH ({detail}). Check your network connection, proxy and firewall, then try again."))
        };
        return UserError::new(
            kind,
            text,
            [
                "Check network connectivity to OVH API endpoints".to_owned(),
                try_by_hand(ctx),
            ],
        );
    }
    // Go's JSON decoder words.
    if [
        "invalid character",
        "cannot unmarshal",
        "unexpected EOF",
        "unexpected end of JSON input",
    ]
    .iter()
    .any(|w| message.contains(w))
    {
        return UserError::new(
            ErrorKind::MalformedResponse,
            format!("OVH's answer could not be read by the ovhcloud CLI ({message}). Try again; if it keeps happening, report it."),
            ["Check OVH API status page for outages".to_owned(), try_by_hand(ctx)],
        );
    }
    cli_failed(
        format!("The ovhcloud CLI reported an error: {}", clipped(&message)),
        ctx,
    )
}

/// Rebuilds the API error the CLI saw, so it reads like the API engine's.
fn parse_api_error(message: &str, ctx: &RunContext<'_>) -> Option<UserError> {
    let at = message.find(API_ERROR)?;
    let rest = &message[at + API_ERROR.len()..];
    let (code, rest) = rest.split_once("): ")?;
    let status = StatusCode::from_u16(code.trim().parse().ok()?).ok()?;
    let quote = rest.find('"')?;
    let class = rest[..quote].trim().trim_end_matches(':').trim();
    let (text, after) = go_unquote(&rest[quote..])?;
    let (text, iam) = match text.rsplit_once(" (missing IAM permissions: ") {
        Some((t, actions)) if actions.ends_with(')') => (t.to_owned(), Some(actions.trim_end_matches(')').to_owned())),
        _ => (text, None),
    };
    let mut headers = HeaderMap::new();
    if let Some(q) = after
        .split_once("(X-OVH-Query-Id: ")
        .and_then(|(_, q)| q.split_once(')'))
        .map(|(q, _)| q.trim())
    {
        if let Ok(v) = HeaderValue::from_str(q) {
            headers.insert("x-ovh-queryid", v);
        }
    }
    let mut body = json!({ "message": text });
    if !class.is_empty() {
        body["class"] = json!(class);
    }
    if let Some(actions) = iam {
        body["details"] = json!({ "unauthorizedActionsByIAM": actions });
    }
    let path = match detail_id(message) {
        Some(id) => format!("{}/{id}", ctx.api_path),
        None => ctx.api_path.to_owned(),
    };
    let error_ctx = ErrorContext {
        method: "GET".into(),
        path,
        bearer: ctx.bearer,
        ..Default::default()
    };
    Some(ApiError::from_response(error_ctx, status, &headers, body.to_string().as_bytes()).into())
}

/// `failed to fetch object "ID": ...` names the detail call that failed.
fn detail_id(message: &str) -> Option<&str> {
    let (_, rest) = message.split_once("failed to fetch object \"")?;
    rest.split_once('"').map(|(id, _)| id)
}

/// Reads a Go `%q` string at the start of `s`; returns it and what follows.
fn go_unquote(s: &str) -> Option<(String, &str)> {
    let mut out = String::new();
    let mut chars = s.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((out, &s[i + 1..])),
            '\\' => match chars.next()?.1 {
                e @ ('u' | 'U') => {
                    let len = if e == 'u' { 4 } else { 8 };
                    let hex: String = (0..len).filter_map(|_| chars.next().map(|(_, c)| c)).collect();
                    out.push(
                        u32::from_str_radix(&hex, 16)
                            .ok()
                            .and_then(char::from_u32)
                            .unwrap_or('?'),
                    );
                }
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                'x' => {
                    let hex: String = (0..2).filter_map(|_| chars.next().map(|(_, c)| c)).collect();
                    out.push(u8::from_str_radix(&hex, 16).map(char::from).unwrap_or('?'));
                }
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    None
}

/// Go's transport errors: `error fetching /path: Get "url": dial tcp ...`.
fn transport_detail(message: &str) -> Option<String> {
    let (_, rest) = message.split_once("error fetching ")?;
    let (_, after_get) = rest.split_once(": Get \"")?;
    let (_, detail) = after_get.split_once("\": ")?;
    Some(detail.to_owned())
}

fn crashed(stderr: &str, ctx: &RunContext<'_>) -> UserError {
    UserError::new(
        ErrorKind::CliCommandFailed,
        format!("The ovhcloud CLI crashed.{}", quote_stderr(stderr)),
        [
            "This usually means OVH returned an object the CLI did not expect; the other results are not affected"
                .to_owned(),
            format!("{}, to list this kind without the CLI", super::SWITCH_TO_API),
            try_by_hand(ctx),
        ],
    )
}

/// The product document's "CLI Command Failures" solution, with `message` first.
pub fn cli_failed(message: String, ctx: &RunContext<'_>) -> UserError {
    UserError {
        message,
        ..UserError::cli_command_failed(ctx.by_hand)
    }
}

fn try_by_hand(ctx: &RunContext<'_>) -> String {
    format!(
        "Try running the command manually to see detailed errors: {}",
        ctx.by_hand
    )
}

/// The longest CLI text quoted in a message.
const MAX_QUOTE: usize = 1_200;

/// `text` cut to [`MAX_QUOTE`] bytes (on a character boundary), marked with `…`.
fn clipped(text: &str) -> String {
    if text.len() <= MAX_QUOTE {
        return text.to_owned();
    }
    let mut cut = MAX_QUOTE;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}…", &text[..cut])
}

/// The first lines of stderr (a panic's message and where it happened).
fn quote_stderr(stderr: &str) -> String {
    let lines: Vec<&str> = stderr
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty())
        .take(8)
        .collect();
    if lines.is_empty() {
        return String::new();
    }
    format!(" Its error output:\n{}", clipped(&lines.join("\n")))
}

/// Blanks secrets and credential headers out of text quoted from the CLI.
pub fn redact(text: &str, secrets: &[&str]) -> String {
    let mut out = text.to_owned();
    for secret in secrets.iter().filter(|s| s.len() >= 4) {
        out = out.replace(secret, "***");
    }
    out.lines()
        .map(|line| {
            let lower = line.to_ascii_lowercase();
            let sensitive = ["authorization:", "x-ovh-signature:", "x-ovh-consumer:", "bearer "];
            match sensitive
                .iter()
                .filter_map(|k| lower.find(k).map(|at| at + k.len()))
                .min()
            {
                Some(end) => format!("{} ***", line[..end].trim_end()),
                None => line.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> RunContext<'static> {
        RunContext {
        api_path: "/cloud/project/p1/database/service",
        bearer: true,
        by_hand: "OVH_ENDPOINT=x OVH_ACCESS_TOKEN='<your access token>' ovhcloud cloud database-service list --cloud-project p1 --json",
        secrets: vec!["s3cr3t-token"],
        }
    }

    #[test]
    fn lists_and_null() {
        let l = interpret(Some(0), b"[\n  {\"id\": \"a\"}\n]\n", b"", &ctx()).unwrap();
        assert_eq!(l.objects, vec![json!({"id":"a"})]);
        assert!(l.warning.is_none());
        assert!(interpret(Some(0), b"null\n", b"", &ctx()).unwrap().objects.is_empty());
    }

    #[test]
    fn api_error_becomes_the_api_engines_error() {
        let out = r#"{
  "message": "🛑 failed to fetch results: failed to fetch ids: failed to parse ids: OVHcloud API error (status code 403): Client::Forbidden: \"This call has not been granted (missing IAM permissions: publicCloudProject:apiovh:database/service/get)\" (X-OVH-Query-Id: EU.ext-1.abc)",
  "error": true
}"#;
        let e = interpret(Some(1), out.as_bytes(), b"", &ctx()).unwrap_err();
        assert_eq!(e.kind, ErrorKind::IamDenied);
        assert!(
            e.message.contains("publicCloudProject:apiovh:database/service/get"),
            "{}",
            e.message
        );
        assert!(e.solution.iter().any(|s| s.contains("EU.ext-1.abc")));
        assert!(e.solution.last().unwrap().ends_with(ctx().by_hand));

        let granted = r#"{"message":"🛑 failed to fetch results: failed to fetch objects: failed to fetch object \"d-9\": OVHcloud API error (status code 403): \"This call has not been granted\"","error":true}"#;
        let e = interpret(Some(1), granted.as_bytes(), b"", &ctx()).unwrap_err();
        assert_eq!(e.kind, ErrorKind::NotGranted);
        assert!(
            e.message.contains("GET /cloud/project/p1/database/service/d-9"),
            "{}",
            e.message
        );

        let server =
            r#"{"message":"🛑 x: OVHcloud API error (status code 500): \"boom \\\"quoted\\\" \\u00e9\"","error":true}"#;
        let e = interpret(Some(1), server.as_bytes(), b"", &ctx()).unwrap_err();
        assert_eq!(e.kind, ErrorKind::ServerError);
        let expired = r#"{"message":"🛑 OVHcloud API error (status code 401): Client::Unauthorized: \"The access token is expired\"","error":true}"#;
        assert_eq!(
            interpret(Some(1), expired.as_bytes(), b"", &ctx()).unwrap_err().kind,
            ErrorKind::SignInRequired
        );
    }

    #[test]
    fn other_reported_errors() {
        let refused = r#"{"message":"🛑 failed to fetch results: failed to fetch ids: error fetching /cloud/project: Get \"http://127.0.0.1:1/1.0/cloud/project\": dial tcp 127.0.0.1:1: connect: connection refused","error":true}"#;
        let e = interpret(Some(1), refused.as_bytes(), b"", &ctx()).unwrap_err();
        assert_eq!(e.kind, ErrorKind::NetworkUnreachable);
        assert!(e.message.contains("connection refused"));
        let not_init = r#"{"message":"🛑 API client is not initialized, please run `ovhcloud login` to authenticate","error":true}"#;
        let log = b"2026/11/28 11:43:07 OVHcloud API client not initialized, please run \"ovhcloud login\" to authenticate (can't use multiple authentication methods: application_key/application_secret, access_token)\n";
        let e = interpret(Some(1), not_init.as_bytes(), log, &ctx()).unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidConfiguration);
        assert!(
            e.message.contains("can't use multiple authentication methods"),
            "{}",
            e.message
        );
        let garbage = r#"{"message":"🛑 failed to fetch results: failed to fetch ids: failed to parse ids: invalid character '\u003c' looking for beginning of value","error":true}"#;
        assert_eq!(
            interpret(Some(1), garbage.as_bytes(), b"", &ctx()).unwrap_err().kind,
            ErrorKind::MalformedResponse
        );
        let usage = interpret(Some(1), b"", b"Error: unknown flag: --cloud-project\nUsage:\n", &ctx()).unwrap_err();
        assert_eq!(usage.kind, ErrorKind::CliCommandFailed);
        assert!(usage.message.contains("unknown flag"));
        assert_eq!(usage.solution[0], "Verify ovhcloud CLI is installed and configured");
    }

    #[test]
    fn hostile_output() {
        let e = interpret(Some(0), b"\x00\xffnot json", b"", &ctx()).unwrap_err();
        assert_eq!(e.kind, ErrorKind::CliCommandFailed);
        assert!(e.message.contains("could not read"), "{}", e.message);
        assert!(interpret(Some(0), b"{\"id\":1}", b"", &ctx()).is_err());
        assert!(interpret(Some(0), b"", b"", &ctx()).is_err());
        assert!(interpret(Some(7), b"", b"", &ctx())
            .unwrap_err()
            .message
            .contains("exit code 7"));
        assert!(interpret(None, b"", b"", &ctx())
            .unwrap_err()
            .message
            .contains("signal"));
    }

    #[test]
    fn crash_quotes_redacted_stderr() {
        let stderr = "panic: interface conversion: interface {} is nil, not []interface {}\n\ngoroutine 1 [running]:\nAuthorization: Bearer s3cr3t-token\ntoken s3cr3t-token here\n";
        let e = interpret(Some(2), b"", stderr.as_bytes(), &ctx()).unwrap_err();
        assert!(
            e.message
                .starts_with("The ovhcloud CLI crashed. Its error output:\npanic: interface conversion"),
            "{}",
            e.message
        );
        assert!(!e.message.contains("s3cr3t"), "{}", e.message);
        assert!(e.message.contains("Authorization: ***"));
        assert!(e.message.contains("token *** here"));
    }

    #[test]
    fn s3_partial_answers_warn() {
        let stderr = b"2026/11/28 11:42:57 error fetching /cloud/project/p/region/SBG5/storage: OVHcloud API error (status code 500): \"boom\"\n";
        let l = interpret(Some(0), b"[{\"name\":\"b\"}]", stderr, &ctx()).unwrap();
        let w = l.warning.unwrap();
        assert!(w.message.contains("1 failed"), "{}", w.message);
        assert!(w.message.contains("status code 500"), "{}", w.message);
    }

    #[test]
    fn go_quotes() {
        assert_eq!(
            go_unquote(r#""a\"b\\c\n\x41\u00e9" tail"#),
            Some(("a\"b\\c\nAé".to_owned(), " tail"))
        );
        assert_eq!(go_unquote(r#""unterminated"#), None);
    }
}
