//! Property tests for the parsers that take outside data: callback and
//! deep-link URLs, OVH error bodies (with their headers) and OVH objects fed
//! to normalization. No input may panic; refusals are clear sentences that
//! quote nothing secret; what is kept stays bounded by what came in.
//! (ovh.conf and pasted keys: legacy_props.rs; CLI output: hostile_cli.rs.)

use aurora_core::api::{ApiError, ErrorContext};
use aurora_core::discovery::normalize::{normalize, Origin};
use aurora_core::discovery::ResourceKind;
use aurora_core::oauth::{parse_callback, CallbackOutcome, RedirectKind};
use aurora_core::{ErrorKind, UserError};
use proptest::prelude::*;
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::StatusCode;
use serde_json::{json, Map, Value};

/// A value a callback could carry, sometimes a marked secret.
const MARK: &str = "SeCrEtCoDe";

fn encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// URLs built from the parts an attacker would vary.
fn callback_like() -> impl Strategy<Value = String> {
    // Weighted towards the real callbacks so that many cases get past the first checks.
    let scheme = prop::sample::select(vec![
        "aurora://",
        "aurora://",
        "aurora://",
        "http://",
        "http://",
        "https://",
        "AURORA://",
        "ovh://",
        "javascript:",
        "",
        "aurora:",
    ]);
    let authority = prop::sample::select(vec![
        "ovh",
        "ovh",
        "ovh",
        "127.0.0.1:53682",
        "127.0.0.1:53682",
        "127.0.0.1",
        "localhost:8080",
        "[::1]:1",
        "evil",
        "user@ovh",
        "ovh:1",
        "",
        "127.0.0.1:0",
    ]);
    let path = prop::sample::select(vec![
        "/oauth2/callback",
        "/oauth2/callback",
        "/ovh/oauth2/callback",
        "/ovh/oauth2/callback",
        "/oauth2/callback/",
        "",
        "/x",
        "/oauth2/../oauth2/callback",
    ]);
    let name = prop::sample::select(vec![
        "code",
        "code",
        "state",
        "state",
        "state",
        "error",
        "error_description",
        "x",
        "",
        "Code",
    ]);
    let value = prop_oneof![
        "[A-Za-z0-9._~-]{0,16}",
        Just(MARK.to_owned()),
        "(%[0-9A-Fa-f]{2}){1,4}",
        "[a-z_]{1,20}",
        (0usize..3000).prop_map(|n| "v".repeat(n)),
        "[ -~]{0,8}",
    ];
    let good = prop_oneof!["[A-Za-z0-9._~-]{1,16}", Just(MARK.to_owned())];
    let core = prop_oneof![
        4 => (good.clone(), good.clone()).prop_map(|(c, s)| format!("code={c}&state={s}")),
        1 => (good, "[a-z_]{1,12}").prop_map(|(s, e)| format!("error={e}&state={s}")),
        1 => Just(String::new()),
    ];
    let extra = prop::collection::vec((name, value), 0..3)
        .prop_map(|pairs| pairs.into_iter().map(|(n, v)| format!("&{n}={v}")).collect::<String>());
    let query =
        (core, prop::bool::weighted(0.5), extra)
            .prop_map(|(core, with_extra, extra)| if with_extra { format!("{core}{extra}") } else { core });
    let real = prop::sample::select(vec![
        "aurora://ovh/oauth2/callback",
        "http://127.0.0.1:53682/ovh/oauth2/callback",
    ])
    .prop_map(str::to_owned);
    let base = prop_oneof![2 => real, 3 => (scheme, authority, path).prop_map(|(s, a, p)| format!("{s}{a}{p}"))];
    let fragment = prop::option::weighted(0.1, "[a-z=]{0,8}");
    (base, prop::bool::weighted(0.9), query, fragment).prop_map(|(base, q, query, f)| {
        let mut url = base;
        if q {
            url.push('?');
            url.push_str(&query);
        }
        if let Some(f) = f {
            url.push('#');
            url.push_str(&f);
        }
        url
    })
}

fn check_callback(url: &str) -> Result<(), TestCaseError> {
    match parse_callback(url) {
        Ok(c) => {
            // As the URL standard reads it (dot segments resolved, 2130706433 is 127.0.0.1).
            let read = url::Url::parse(url).unwrap();
            let at = format!("{}://{}{}", read.scheme(), read.host_str().unwrap_or(""), read.path());
            match c.kind {
                RedirectKind::DeepLink => {
                    prop_assert!(at == "aurora://ovh/oauth2/callback" && read.port().is_none(), "{}", url)
                }
                RedirectKind::Loopback { port } => prop_assert!(
                    at == "http://127.0.0.1/ovh/oauth2/callback" && read.port() == Some(port),
                    "{}",
                    url
                ),
                RedirectKind::HttpsBounce => prop_assert!(false, "a received URL is never an https bounce: {}", url),
            }
            prop_assert!(!c.state.is_empty() && c.state.len() <= 256 && !c.state.chars().any(char::is_control));
            match &c.outcome {
                CallbackOutcome::Code(code) => {
                    prop_assert!(code.expose().len() <= 2048 && !code.expose().chars().any(char::is_control))
                }
                CallbackOutcome::Denied { error, description, .. } => {
                    prop_assert!(error.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'));
                    prop_assert!(description.as_ref().is_none_or(|d| d.len() <= 1024));
                }
            }
        }
        Err(e) => {
            prop_assert_eq!(e.kind, ErrorKind::InvalidCallback);
            prop_assert!(
                e.message.starts_with("This is not a valid OVH sign-in callback (the ")
                    || e.message.starts_with("This is not a valid OVH sign-in callback (a "),
                "{}",
                e.message
            );
            prop_assert!(e.message.ends_with("after you authorized Aurora."), "{}", e.message);
            prop_assert!(!e.message.contains(MARK), "the refusal quotes the URL");
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn any_text_as_a_callback_never_panics(url in any::<String>()) {
        check_callback(&url)?;
    }

}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Whatever the code and state (encoded), a well-formed callback gives them back exactly.
    #[test]
    fn encoded_codes_and_states_round_trip(code in "\\PC{1,300}", state in "\\PC{1,60}", loopback in any::<bool>()) {
        prop_assume!(code.len() <= 2048 && state.len() <= 256);
        let base = if loopback { "http://127.0.0.1:4242/ovh/oauth2/callback" } else { "aurora://ovh/oauth2/callback" };
        let c = parse_callback(&format!("{base}?code={}&state={}", encode(&code), encode(&state))).unwrap();
        prop_assert_eq!(c.state, state);
        prop_assert_eq!(c.outcome, CallbackOutcome::Code(code.into()));
    }
}

#[test]
fn callback_like_urls_are_read_or_refused_clearly() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let accepted = AtomicUsize::new(0);
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(2048));
    runner
        .run(&callback_like(), |url| {
            check_callback(&url)?;
            accepted.fetch_add(usize::from(parse_callback(&url).is_ok()), Ordering::Relaxed);
            Ok(())
        })
        .unwrap();
    // Otherwise the checks on accepted callbacks would prove nothing.
    let accepted = accepted.load(Ordering::Relaxed);
    eprintln!("{accepted} of 2048 generated URLs were accepted");
    assert!(accepted >= 100, "only {accepted} of 2048 generated URLs were accepted");
}

/// Error bodies in both OVH generations, with odd types where a string is expected.
fn error_body() -> impl Strategy<Value = Vec<u8>> {
    let text = prop_oneof![
        Just(Value::String("This call has not been granted".into())),
        Just(Value::String("This credential is not valid".into())),
        Just(Value::String("Invalid signature".into())),
        ".{0,40}".prop_map(Value::String),
        any::<i64>().prop_map(Value::from),
        Just(Value::Null),
    ];
    let code = prop::sample::select(vec![
        "NOT_GRANTED_CALL",
        "NOT_CREDENTIAL",
        "INVALID_CREDENTIAL",
        "INVALID_SIGNATURE",
        "QUERY_TIME_OUT",
        "INVALID_KEY",
        "",
        "OTHER",
    ]);
    let iam = prop_oneof![
        "[a-zA-Z]{1,12}:apiovh:[a-z/]{1,20}".prop_map(Value::String),
        prop::collection::vec("[a-z:/]{0,12}", 0..4).prop_map(|v| json!(v)),
        Just(json!(7)),
        Just(Value::Null),
    ];
    let object = (
        text.clone(),
        prop::option::of(code),
        prop::option::of("(Client|Server)::[A-Za-z]{0,16}"),
        prop::option::of(iam),
    )
        .prop_map(|(message, code, class, iam)| {
            let mut body = Map::new();
            body.insert("message".into(), message);
            if let Some(code) = code {
                body.insert("errorCode".into(), json!(code));
            }
            if let Some(class) = class {
                body.insert("class".into(), json!(class));
            }
            if let Some(iam) = iam {
                body.insert("details".into(), json!({ "unauthorizedActionsByIAM": iam }));
            }
            serde_json::to_vec(&body).unwrap()
        });
    prop_oneof![3 => object, 1 => prop::collection::vec(any::<u8>(), 0..120)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    #[test]
    fn any_ovh_error_body_gets_a_clear_error(
        status in 100u16..600,
        body in error_body(),
        retry_after in prop::option::of("[ -~]{0,24}"),
        query_id in prop::option::of("[!-~]{1,40}"),
        bearer in any::<bool>(),
    ) {
        let mut headers = HeaderMap::new();
        if let Some(v) = &retry_after {
            headers.insert("retry-after", HeaderValue::from_str(v).unwrap());
        }
        if let Some(v) = &query_id {
            headers.insert("x-ovh-queryid", HeaderValue::from_str(v).unwrap());
        }
        let ctx = ErrorContext { method: "GET".into(), path: "/cloud/project/p/instance".into(), bearer, ..ErrorContext::default() };
        let error = ApiError::from_response(ctx, StatusCode::from_u16(status).unwrap(), &headers, &body);
        // The action is read when the body has OVH's field types (a numeric
        // `message` makes the whole body unreadable: see docs/reliability.md).
        let iam_action = serde_json::from_slice::<Value>(&body).ok()
            .filter(|v| v.get("message").is_none_or(|m| m.is_string() || m.is_null()))
            .and_then(|v| v.pointer("/details/unauthorizedActionsByIAM").and_then(Value::as_str).map(str::to_owned))
            .filter(|a| !a.is_empty());
        match (&error, status, &iam_action) {
            (ApiError::RateLimited { retry_after: after, .. }, 429, _) => {
                let parsed = retry_after.as_deref().and_then(|v| v.trim().parse::<u64>().ok());
                prop_assert_eq!(after.map(|d| d.as_secs()), parsed);
            }
            (_, 429, _) => prop_assert!(false, "a 429 is always a rate limit: {:?}", error),
            (ApiError::IamDenied { action, .. }, _, Some(want)) => prop_assert_eq!(action, want),
            (_, _, Some(_)) => prop_assert!(false, "an IAM denial was missed: {:?}", error),
            _ => {}
        }
        let shown = UserError::from(error);
        prop_assert!(shown.message.ends_with('.'), "{}", shown.message);
        prop_assert!(!shown.solution.is_empty());
        prop_assert!(shown.message.len() <= 600 + body.len(), "{} bytes from a {}-byte body", shown.message.len(), body.len());
        if bearer && shown.kind == ErrorKind::InvalidCredentials {
            prop_assert!(false, "an OAuth token refused must ask to sign in again, not to check API keys");
        }
    }
}

/// OVH-looking JSON: real field names and odd values, nested a few levels.
fn ovh_json() -> impl Strategy<Value = Value> {
    let key = prop::sample::select(vec![
        "id",
        "name",
        "project_id",
        "projectName",
        "description",
        "status",
        "region",
        "created",
        "createdAt",
        "creationDate",
        "flavorId",
        "flavor",
        "imageId",
        "image",
        "ipAddresses",
        "ip",
        "version",
        "type",
        "regions",
        "nodes",
        "engine",
        "plan",
        "provisioningStatus",
        "operatingStatus",
        "openstackRegion",
        "floatingIp",
        "vipAddress",
        "iam",
        "displayName",
        "state",
        "powerState",
        "datacenter",
        "x",
    ]);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        prop_oneof![".{0,12}", "(ACTIVE|READY|ERROR|ok|UP|SHUTOFF|4|6)", Just(String::new())].prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(key.clone(), inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    #[test]
    fn any_ovh_object_is_normalized_or_refused_clearly(raw in ovh_json(), kind in prop::sample::select(ResourceKind::ALL.to_vec())) {
        let at = Origin { connection_id: "conn", project_id: Some("p1") };
        let size = serde_json::to_string(&raw).unwrap().len();
        match normalize(kind, at, raw.clone()) {
            Ok(r) => {
                prop_assert!(raw.is_object());
                prop_assert_eq!(r.kind, kind);
                prop_assert!(!r.id.is_empty() && !r.name.is_empty());
                prop_assert_eq!(r.connection_id.as_str(), "conn");
                prop_assert_eq!(r.project_id.is_none(), kind.is_account_level());
                prop_assert_eq!(&r.raw, &raw);
                let mut shown = r.clone();
                shown.raw = Value::Null;
                let out = serde_json::to_string(&shown).unwrap().len();
                prop_assert!(out <= 4 * size + 600, "{} bytes shown from a {}-byte object", out, size);
            }
            Err(why) => {
                let want = if raw.is_object() { format!("{} object without an identifier", kind.label()) } else { "expected a JSON object, found ".to_owned() };
                prop_assert!(why.0.starts_with(&want), "{}", why.0);
            }
        }
    }
}

/// A parameter name the callback parser does not read.
fn unknown_name() -> impl Strategy<Value = String> {
    const KNOWN: [&str; 6] = ["code", "state", "iss", "error", "error_description", "error_uri"];
    "[a-z_][a-z0-9_.-]{0,20}".prop_filter("a known name", |n| !KNOWN.contains(&n.as_str()))
}

fn query(pairs: &[(String, String)]) -> String {
    let parts: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect();
    parts.join("&")
}

proptest! {
    /// Any number of parameters Aurora does not know, with any values, in any
    /// position (RFC 6749 §4.1.2): the callback reads the same, `iss` included.
    #[test]
    fn unknown_parameters_change_nothing(
        code in "[A-Za-z0-9._~-]{1,200}",
        state in "[A-Za-z0-9_-]{1,64}",
        extras in prop::collection::vec((unknown_name(), "\\PC{0,80}"), 0..20),
        shift in 0usize..3,
        iss in prop::option::of("https://[a-z]{1,20}\\.example"),
    ) {
        let mut pairs = vec![("code".to_owned(), code.clone()), ("state".to_owned(), state.clone())];
        if let Some(iss) = &iss {
            pairs.push(("iss".to_owned(), iss.clone()));
        }
        for (i, extra) in extras.into_iter().enumerate() {
            let at = (i + shift) % (pairs.len() + 1);
            pairs.insert(at, extra);
        }
        let c = parse_callback(&format!("aurora://ovh/oauth2/callback?{}", query(&pairs))).unwrap();
        prop_assert_eq!(c.state, state);
        prop_assert_eq!(c.issuer, iss);
        prop_assert_eq!(c.outcome, CallbackOutcome::Code(aurora_core::SecretString::new(code)));
    }

    /// A parameter Aurora reads, sent twice (RFC 6749 §3.1), is refused
    /// whatever the values and the parameters between the two.
    #[test]
    fn a_repeated_parameter_is_refused(
        repeated in prop::sample::select(vec!["code", "state", "iss", "error_description"]),
        a in "[A-Za-z0-9]{1,30}",
        b in "[A-Za-z0-9]{1,30}",
        extras in prop::collection::vec((unknown_name(), "[a-z0-9]{0,10}"), 0..5),
    ) {
        let mut pairs = vec![("code".to_owned(), "c".to_owned()), ("state".to_owned(), "s".to_owned())];
        if repeated != "code" && repeated != "state" {
            pairs.push((repeated.to_owned(), a));
        }
        pairs.extend(extras);
        pairs.push((repeated.to_owned(), b));
        let e = parse_callback(&format!("aurora://ovh/oauth2/callback?{}", query(&pairs))).unwrap_err();
        prop_assert_eq!(e.kind, ErrorKind::InvalidCallback);
        prop_assert!(e.message.contains("repeats a parameter"), "{}", e.message);
    }

    /// Percent-encoding any of a state's bytes, or a `+` for a space in
    /// another parameter, decodes to the same callback.
    #[test]
    fn encodings_decode_to_the_same_values(
        state in "[A-Za-z0-9_-]{1,64}",
        mask in prop::collection::vec(any::<bool>(), 64),
    ) {
        let encoded: String = state
            .bytes()
            .zip(mask.iter().cycle())
            .map(|(b, percent)| if *percent { format!("%{b:02X}") } else { (b as char).to_string() })
            .collect();
        let url = format!("aurora://ovh/oauth2/callback?note=a+b&code=c&state={encoded}");
        prop_assert_eq!(parse_callback(&url).unwrap().state, state);
    }

    /// More parameters than the bound, or an unknown one longer than allowed,
    /// is refused: extra parameters are ignored only within bounds.
    #[test]
    fn unknown_parameters_are_bounded(count in 31usize..60, long in 2049usize..4000) {
        let many = format!("aurora://ovh/oauth2/callback?code=c&state=s{}", "&x=1".repeat(count));
        prop_assert!(parse_callback(&many).is_err());
        let long = format!("aurora://ovh/oauth2/callback?code=c&state=s&x={}", "a".repeat(long));
        prop_assert!(parse_callback(&long).is_err());
    }
}
