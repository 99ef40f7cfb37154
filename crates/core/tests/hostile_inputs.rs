//! Hand-written hostile inputs, each with the answer it must get: callback
//! and deep-link URLs, sign-in states, OVH error bodies, OVH objects for
//! normalization, and an `ovh.conf` that is not a regular file. (Pasted
//! keys and ovh.conf text: legacy_hostile.rs; CLI output: hostile_cli.rs.)

use std::time::Duration;

use aurora_core::api::{ApiError, ErrorContext};
use aurora_core::discovery::normalize::{normalize, Origin};
use aurora_core::discovery::{ResourceKind, StatusClass};
use aurora_core::oauth::{parse_callback, CallbackOutcome, OAuthClientConfig, OAuthFlow, RedirectKind, StateStore};
use aurora_core::{Endpoint, ErrorKind, HttpConfig, UserError};
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::StatusCode;
use serde_json::{json, Value};

const NOT_OURS: &str = "the address is not Aurora's sign-in callback";
const BAD_CHARS: &str = "the address contains spaces, control or non-ASCII characters";
const TOO_LONG: &str = "a parameter is empty or too long";

#[test]
fn callback_urls() {
    let long_code = format!("aurora://ovh/oauth2/callback?code={}&state=s", "c".repeat(2049));
    let long_state = format!("aurora://ovh/oauth2/callback?code=c&state={}", "s".repeat(257));
    let long_url = format!(
        "aurora://ovh/oauth2/callback?code=c&state=s&error_description={}",
        "d".repeat(8200)
    );
    let max_code = format!("aurora://ovh/oauth2/callback?code={}&state=s", "c".repeat(2048));
    // (case, URL, Ok(kind) or Err(reason))
    let cases: Vec<(&str, &str, Result<RedirectKind, &str>)> = vec![
        (
            "the deep link",
            "aurora://ovh/oauth2/callback?code=c0de&state=st4te",
            Ok(RedirectKind::DeepLink),
        ),
        (
            "the loopback",
            "http://127.0.0.1:53682/ovh/oauth2/callback?state=s&code=c",
            Ok(RedirectKind::Loopback { port: 53682 }),
        ),
        ("the longest code", &max_code, Ok(RedirectKind::DeepLink)),
        // The URL standard reads these hosts as 127.0.0.1: still this machine's loopback.
        (
            "127.0.0.1 written in decimal",
            "http://2130706433:5000/ovh/oauth2/callback?code=c&state=s",
            Ok(RedirectKind::Loopback { port: 5000 }),
        ),
        (
            "https instead of the deep link",
            "https://ovh/oauth2/callback?code=c&state=s",
            Err(NOT_OURS),
        ),
        (
            "another scheme",
            "ovh://ovh/oauth2/callback?code=c&state=s",
            Err(NOT_OURS),
        ),
        (
            "javascript:",
            "javascript:alert(document.cookie)//?code=c&state=s",
            Err(NOT_OURS),
        ),
        (
            "another host",
            "aurora://evil.example/oauth2/callback?code=c&state=s",
            Err(NOT_OURS),
        ),
        (
            "the host in capitals",
            "aurora://OVH/oauth2/callback?code=c&state=s",
            Err(NOT_OURS),
        ),
        (
            "a port on the deep link",
            "aurora://ovh:443/oauth2/callback?code=c&state=s",
            Err(NOT_OURS),
        ),
        (
            "a trailing slash",
            "aurora://ovh/oauth2/callback/?code=c&state=s",
            Err(NOT_OURS),
        ),
        (
            "an encoded slash",
            "aurora://ovh/oauth2%2Fcallback?code=c&state=s",
            Err(NOT_OURS),
        ),
        (
            "another path",
            "aurora://ovh/api-keys/validated?code=c&state=s",
            Err(NOT_OURS),
        ),
        (
            "localhost instead of the IP",
            "http://localhost:5000/ovh/oauth2/callback?code=c&state=s",
            Err(NOT_OURS),
        ),
        (
            "another loopback address",
            "http://127.0.0.2:5000/ovh/oauth2/callback?code=c&state=s",
            Err(NOT_OURS),
        ),
        (
            "IPv6 loopback",
            "http://[::1]:5000/ovh/oauth2/callback?code=c&state=s",
            Err(NOT_OURS),
        ),
        (
            "a LAN address",
            "http://192.168.1.10:5000/ovh/oauth2/callback?code=c&state=s",
            Err(NOT_OURS),
        ),
        (
            "loopback without a port",
            "http://127.0.0.1/ovh/oauth2/callback?code=c&state=s",
            Err(NOT_OURS),
        ),
        (
            "loopback over https",
            "https://127.0.0.1:5000/ovh/oauth2/callback?code=c&state=s",
            Err(NOT_OURS),
        ),
        (
            "credentials in the URL",
            "aurora://user:pw@ovh/oauth2/callback?code=c&state=s",
            Err("the address has unexpected parts"),
        ),
        (
            "a fragment",
            "aurora://ovh/oauth2/callback?code=c&state=s#code=other",
            Err("the address has unexpected parts"),
        ),
        (
            "the state twice",
            "aurora://ovh/oauth2/callback?code=c&state=mine&state=theirs",
            Err("the address repeats a parameter"),
        ),
        (
            "the code twice",
            "aurora://ovh/oauth2/callback?code=a&code=b&state=s",
            Err("the address repeats a parameter"),
        ),
        (
            // RFC 6749 §4.1.2: ignored, whatever its name.
            "an unknown parameter",
            "aurora://ovh/oauth2/callback?code=c&state=s&redirect_uri=https://evil",
            Ok(RedirectKind::DeepLink),
        ),
        (
            "the issuer twice",
            "aurora://ovh/oauth2/callback?code=c&state=s&iss=https%3A%2F%2Fa&iss=https%3A%2F%2Fb",
            Err("the address repeats a parameter"),
        ),
        (
            "an empty code",
            "aurora://ovh/oauth2/callback?code=&state=s",
            Err(TOO_LONG),
        ),
        ("a 2,049-character code", &long_code, Err(TOO_LONG)),
        ("a 257-character state", &long_state, Err(TOO_LONG)),
        ("a URL over 8 KiB", &long_url, Err("the address is too long")),
        (
            "a raw line break",
            "aurora://ovh/oauth2/callback?code=c\n&state=s",
            Err(BAD_CHARS),
        ),
        (
            "a raw NUL",
            "aurora://ovh/oauth2/callback?code=c\0&state=s",
            Err(BAD_CHARS),
        ),
        (
            "a raw space",
            "aurora://ovh/oauth2/callback?code=c d&state=s",
            Err(BAD_CHARS),
        ),
        (
            "non-ASCII",
            "aurora://ovh/oauth2/callback?code=cé&state=s",
            Err(BAD_CHARS),
        ),
        (
            "right-to-left override",
            "aurora://ovh/oauth2/callback?code=c\u{202e}&state=s",
            Err(BAD_CHARS),
        ),
        (
            "an encoded line break",
            "aurora://ovh/oauth2/callback?code=c&state=s%0D%0ASet-Cookie:x",
            Err("a parameter contains control characters"),
        ),
        (
            "an encoded NUL",
            "aurora://ovh/oauth2/callback?code=c%00&state=s",
            Err("a parameter contains control characters"),
        ),
        (
            "a code and an error",
            "aurora://ovh/oauth2/callback?code=c&error=access_denied&state=s",
            Err("the address has both a code and an error"),
        ),
        (
            "no code and no error",
            "aurora://ovh/oauth2/callback?state=s",
            Err("the address has neither a code nor an error"),
        ),
        (
            "no state",
            "aurora://ovh/oauth2/callback?code=c",
            Err("the address has no state"),
        ),
        (
            "an error code in capitals",
            "aurora://ovh/oauth2/callback?error=ACCESS_DENIED&state=s",
            Err("the error code is not valid"),
        ),
        (
            "markup as the error code",
            "aurora://ovh/oauth2/callback?error=%3Cscript%3E&state=s",
            Err("the error code is not valid"),
        ),
        ("an empty string", "", Err("the address cannot be parsed")),
        (
            "not a URL",
            "callback?code=c&state=s",
            Err("the address cannot be parsed"),
        ),
    ];
    for (case, url, want) in &cases {
        match (parse_callback(url), want) {
            (Ok(callback), Ok(kind)) => assert_eq!(callback.kind, *kind, "{case}"),
            (Err(e), Err(reason)) => {
                assert_eq!(e, UserError::invalid_callback(reason), "{case}");
                assert!(
                    !e.message.contains("c0de") && !e.message.contains("mine"),
                    "{case}: the message quotes the URL"
                );
            }
            (got, want) => panic!("{case}: got {got:?}, expected {want:?}"),
        }
    }
    let denied =
        parse_callback("aurora://ovh/oauth2/callback?error=access_denied&error_description=%3Cimg+src%3Dx%3E&state=s")
            .unwrap();
    assert_eq!(
        denied.outcome,
        CallbackOutcome::Denied {
            error: "access_denied".into(),
            description: Some("<img src=x>".into()),
            uri: None,
        },
        "kept as text, never as markup"
    );
}

#[tokio::test]
async fn forged_reused_expired_and_misrouted_states() {
    // The token endpoint is never reached in these cases; a closed port proves it.
    let endpoint = Endpoint::custom("http://127.0.0.1:9/1.0").unwrap();
    let deep = OAuthClientConfig::new("cid", "secret", "aurora://ovh/oauth2/callback").unwrap();
    let loopback = OAuthClientConfig::new("cid", "secret", "http://127.0.0.1:53682/ovh/oauth2/callback").unwrap();
    let flow = OAuthFlow::new();
    let invalid_state = UserError::invalid_state();
    let at = |state: &str| format!("aurora://ovh/oauth2/callback?code=c&state={state}");

    assert_eq!(
        flow.complete(&at("forged-by-someone-else")).await.unwrap_err(),
        invalid_state,
        "a forged state"
    );
    let other = OAuthFlow::new().begin(&endpoint, &deep).unwrap().state;
    assert_eq!(
        flow.complete(&at(&other)).await.unwrap_err(),
        invalid_state,
        "a state of another Aurora"
    );

    let state = flow.begin(&endpoint, &deep).unwrap().state;
    let first = flow.complete(&at(&state)).await.unwrap_err();
    assert_eq!(
        first.kind,
        ErrorKind::NetworkUnreachable,
        "the first use goes to the token endpoint: {first:?}"
    );
    assert_eq!(
        flow.complete(&at(&state)).await.unwrap_err(),
        invalid_state,
        "a reused state"
    );

    let short = OAuthFlow::with_parts(
        StateStore::with_lifetime(Duration::from_millis(20)),
        HttpConfig::default(),
    );
    let state = short.begin(&endpoint, &deep).unwrap().state;
    std::thread::sleep(Duration::from_millis(40));
    assert_eq!(
        short.complete(&at(&state)).await.unwrap_err(),
        invalid_state,
        "an expired state"
    );

    let state = flow.begin(&endpoint, &loopback).unwrap().state;
    let e = flow.complete(&at(&state)).await.unwrap_err();
    assert_eq!(
        e,
        UserError::invalid_callback("it arrived on another address than the one this sign-in uses"),
        "a loopback sign-in answered by deep link"
    );
    assert_eq!(
        flow.complete(&format!(
            "http://127.0.0.1:53682/ovh/oauth2/callback?code=c&state={state}"
        ))
        .await
        .unwrap_err(),
        invalid_state,
        "a misrouted state is spent"
    );
}

fn classify(status: u16, body: &[u8], headers: &[(&'static str, &str)]) -> UserError {
    let mut map = HeaderMap::new();
    for (name, value) in headers {
        map.insert(*name, HeaderValue::from_str(value).unwrap());
    }
    let ctx = ErrorContext {
        method: "GET".into(),
        path: "/cloud/project".into(),
        ..ErrorContext::default()
    };
    ApiError::from_response(ctx, StatusCode::from_u16(status).unwrap(), &map, body).into()
}

#[test]
fn ovh_error_bodies() {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let many_actions = json!({"message": "User not granted", "details": {"unauthorizedActionsByIAM": (0..1000).map(|i| format!("a:b:c{i}")).collect::<Vec<_>>()}}).to_string();
    /// (case, status, body, headers, expected kind, expected message start)
    type Case<'a> = (&'a str, u16, Vec<u8>, Vec<(&'static str, &'a str)>, ErrorKind, &'a str);
    let cases: Vec<Case> = vec![
        (
            "an HTML error page",
            502,
            b"<html><body>Bad gateway</body></html>".to_vec(),
            vec![],
            ErrorKind::ServerError,
            "OVH answered GET /cloud/project with a server error (HTTP 502).",
        ),
        (
            "an empty 403",
            403,
            vec![],
            vec![],
            ErrorKind::RequestRejected,
            "OVH refused GET /cloud/project: HTTP 403. Check the values you entered",
        ),
        (
            "binary garbage",
            400,
            b"\xff\xfe\x00garbage".to_vec(),
            vec![],
            ErrorKind::RequestRejected,
            "OVH refused GET /cloud/project: HTTP 400.",
        ),
        (
            "JSON nested 10,000 deep",
            500,
            deep.into_bytes(),
            vec![],
            ErrorKind::ServerError,
            "OVH answered GET /cloud/project with a server error (HTTP 500).",
        ),
        (
            "the message is a number",
            400,
            br#"{"message": 42, "class": "Client::BadRequest"}"#.to_vec(),
            vec![],
            ErrorKind::RequestRejected,
            "OVH refused GET /cloud/project: HTTP 400.",
        ),
        (
            "the IAM action is a number",
            403,
            br#"{"message":"x","details":{"unauthorizedActionsByIAM":7}}"#.to_vec(),
            vec![],
            ErrorKind::RequestRejected,
            "OVH refused GET /cloud/project: x.",
        ),
        (
            "an empty IAM action",
            403,
            br#"{"message":"x","details":{"unauthorizedActionsByIAM":""}}"#.to_vec(),
            vec![],
            ErrorKind::RequestRejected,
            "OVH refused GET /cloud/project: x.",
        ),
        (
            "1,000 IAM actions",
            403,
            many_actions.into_bytes(),
            vec![],
            ErrorKind::IamDenied,
            "An OVH IAM policy does not allow the action a:b:c0, a:b:c1,",
        ),
        (
            "a granted-call message with a 500",
            500,
            br#"{"message":"This call has not been granted"}"#.to_vec(),
            vec![],
            ErrorKind::NotGranted,
            "These credentials have not been granted GET /cloud/project.",
        ),
        (
            "Retry-After as a date",
            429,
            vec![],
            vec![("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT")],
            ErrorKind::RateLimited,
            "OVH is limiting how fast Aurora may call the API. Wait a minute, then try again.",
        ),
        (
            "a negative Retry-After",
            429,
            vec![],
            vec![("retry-after", "-5")],
            ErrorKind::RateLimited,
            "OVH is limiting how fast Aurora may call the API. Wait a minute,",
        ),
        (
            "an enormous Retry-After",
            429,
            vec![],
            vec![("retry-after", "18446744073709551615")],
            ErrorKind::RateLimited,
            "OVH is limiting how fast Aurora may call the API. Wait 18446744073709551615 seconds,",
        ),
        (
            "a query id with a line of text",
            404,
            br#"{"class":"Client::NotFound","message":"This service does not exist"}"#.to_vec(),
            vec![("x-ovh-queryid", "EU.ext-1 <b>call support</b>")],
            ErrorKind::NotFound,
            "OVH found nothing at /cloud/project.",
        ),
    ];
    for (case, status, body, headers, kind, start) in &cases {
        let e = classify(*status, body, headers);
        assert_eq!(e.kind, *kind, "{case}: {}", e.message);
        assert!(
            e.message.starts_with(start),
            "{case}: {:?}",
            e.message.chars().take(200).collect::<String>()
        );
        assert!(e.message.ends_with('.') && !e.solution.is_empty(), "{case}: {e:?}");
    }
}

#[test]
fn ovh_objects_discovery_cannot_read() {
    let at = Origin {
        connection_id: "c1",
        project_id: Some("p1"),
    };
    let refused = |kind, raw: Value| normalize(kind, at, raw).unwrap_err().0;
    assert_eq!(
        refused(ResourceKind::Instance, json!([{"id": "i1"}])),
        "expected a JSON object, found an array"
    );
    assert_eq!(
        refused(ResourceKind::Instance, json!("i1")),
        "expected a JSON object, found a string"
    );
    assert_eq!(
        refused(ResourceKind::Instance, Value::Null),
        "expected a JSON object, found null"
    );
    assert_eq!(
        refused(ResourceKind::Instance, json!({"name": "web"})),
        "Public Cloud instances object without an identifier"
    );
    assert_eq!(
        refused(ResourceKind::Kubernetes, json!({"id": ""})),
        "Managed Kubernetes clusters object without an identifier"
    );
    assert_eq!(
        refused(ResourceKind::Database, json!({"id": {"$oid": "x"}})),
        "Managed databases object without an identifier"
    );
    assert_eq!(
        refused(ResourceKind::Project, json!({"project_id": null, "id": ["p"]})),
        "Public Cloud projects object without an identifier"
    );
    assert_eq!(
        refused(ResourceKind::ObjectStorageS3, json!({"region": "GRA"})),
        "S3 object storage object without an identifier"
    );

    // Read, with odd values made harmless.
    // As deep as parsed JSON gets (serde_json stops at 128 levels).
    let deep: Value = serde_json::from_str(&format!("{}1{}", "{\"x\":".repeat(120), "}".repeat(120))).unwrap();
    let odd = json!({
        "id": 42, "name": "<img src=x onerror=alert(1)>\u{0}", "status": {"nested": true}, "region": ["GRA"],
        "ipAddresses": "1.2.3.4", "flavor": {"name": ["b2-7"]}, "created": 1.5e300, "deep": deep,
    });
    let r = normalize(ResourceKind::Instance, at, odd.clone()).unwrap();
    assert_eq!(
        (r.id.as_str(), r.name.as_str()),
        ("42", "<img src=x onerror=alert(1)>\u{0}")
    );
    assert_eq!(
        (r.status.class, r.region.as_deref(), r.created.as_deref()),
        (StatusClass::Unknown, None, Some("1.5e+300"))
    );
    assert!(!r.fields.contains_key("ipv4") && !r.fields.contains_key("flavor"));
    assert_eq!(r.raw, odd);
    let huge_name = "n".repeat(1 << 20);
    let r = normalize(
        ResourceKind::DedicatedServer,
        at,
        json!({"name": "ns1", "iam": {"displayName": huge_name}}),
    )
    .unwrap();
    assert_eq!(
        (r.project_id, r.name.len()),
        (None, 1 << 20),
        "kept whole, and an account-level resource has no project"
    );
    let many = json!({"id": "n1", "regions": (0..10_000).map(|i| json!({"region": format!("R{i}"), "status": "ACTIVE"})).collect::<Vec<_>>()});
    let r = normalize(ResourceKind::PrivateNetwork, at, many).unwrap();
    assert!(r.fields["regions"].starts_with("R0 (ACTIVE), R1 (ACTIVE)") && r.fields["regions"].len() < 200_000);
}

#[cfg(unix)]
#[test]
fn an_ovh_conf_that_is_not_a_regular_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("ovh.conf");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    // 4 MiB, far past the 64 KiB cap, then the writer closes: the test itself stays bounded.
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            use std::io::Write;
            let mut f = std::fs::OpenOptions::new().write(true).open(&fifo).unwrap();
            let line = "[default]\nendpoint=ovh-eu\n".repeat(1 << 10);
            for _ in 0..(4 << 20) / line.len() {
                if f.write_all(line.as_bytes()).is_err() {
                    break;
                }
            }
        })
    };
    let read = aurora_core::legacy::import::read_conf_file(&fifo, "./ovh.conf");
    // A reader that refused before opening leaves the writer waiting for one:
    // open and close until the writer has given up (it may not be waiting yet).
    for _ in 0..500 {
        use std::os::unix::fs::OpenOptionsExt;
        drop(
            std::fs::OpenOptions::new()
                .read(true)
                .custom_flags(0o4000 /* O_NONBLOCK */)
                .open(&fifo),
        );
        if writer.is_finished() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    writer.join().unwrap();
    let e = read.expect_err("a 4 MiB ovh.conf read from a FIFO");
    assert!(
        e.message.starts_with("Aurora could not read ./ovh.conf ("),
        "{}",
        e.message
    );
}
