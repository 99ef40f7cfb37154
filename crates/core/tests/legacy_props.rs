//! Property tests for what legacy keys take from outside: `ovh.conf` text,
//! `OVH_*` variables and pasted keys. No input may panic, messages never
//! quote a key, and output stays bounded by the input.

use std::collections::HashMap;

use aurora_core::legacy::{check_field, clean, resolve_import, ConfFile, FieldState, KeyField, OvhConf};
use proptest::prelude::*;

fn field() -> impl Strategy<Value = KeyField> {
    prop_oneof![
        Just(KeyField::ApplicationKey),
        Just(KeyField::ApplicationSecret),
        Just(KeyField::ConsumerKey)
    ]
}

/// Text that looks like an ovh.conf often enough to reach every branch.
fn conf_like() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        Just("[default]".to_owned()),
        Just("[ovh-eu]".to_owned()),
        Just("application_secret = SECRET".to_owned()),
        Just("consumer_key: SECRET".to_owned()),
        "\\[[a-z:/.0-9-]{0,20}\\]",
        "(endpoint|application_key|application_secret|consumer_key|client_id|client_secret) ?[=:] ?[A-Za-z0-9:/. -]{0,40}",
        "[#;].{0,20}",
        ".{0,40}",
    ];
    prop::collection::vec(line, 0..20).prop_map(|lines| lines.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn ovh_conf_parser_never_panics_on_any_text(text in any::<String>()) {
        let conf = OvhConf::parse(&text);
        let names: usize = conf.section_names().map(str::len).sum();
        prop_assert!(names <= text.len());
        let _ = conf.get("default", "endpoint");
    }

    #[test]
    fn import_never_panics_and_previews_hold_no_secret(text in conf_like(), local in conf_like(), secret in "[A-Za-z0-9]{32}", secret_in_env in any::<bool>(), env_endpoint in proptest::option::of("(ovh-eu|ovh-ca|custom|kimsufi-eu|http://127.0.0.1:1/1.0|https://x.y|[a-z]{0,8})")) {
        let text = text.replace("SECRET", &secret);
        let files = [
            ConfFile { label: "~/.ovh.conf".into(), conf: OvhConf::parse(&text) },
            ConfFile { label: "./ovh.conf".into(), conf: OvhConf::parse(&local) },
        ];
        let mut vars = HashMap::new();
        if secret_in_env {
            vars.insert("OVH_APPLICATION_SECRET".to_owned(), secret.clone());
        }
        if let Some(e) = env_endpoint {
            vars.insert("OVH_ENDPOINT".to_owned(), e);
        }
        match resolve_import(&files, &|k| vars.get(k).cloned()) {
            Ok(Some(imported)) => {
                let preview = serde_json::to_string(&imported.preview).unwrap();
                prop_assert!(!preview.contains(&secret));
                let debug = format!("{:?}", imported);
                prop_assert!(!debug.contains(&secret));
            }
            Ok(None) => {}
            Err(e) => {
                let debug = format!("{:?}", e);
                prop_assert!(!debug.contains(&secret));
            }
        }
    }

    #[test]
    fn pasted_keys_never_panic_and_messages_never_quote_them(field in field(), input in any::<String>()) {
        let check = check_field(field, &input);
        prop_assert_eq!(check.state == FieldState::Valid, check.message.is_none());
        prop_assert!(check.length as usize <= input.chars().count());
        prop_assert!(clean(&input).len() <= input.len());
    }

    #[test]
    fn key_like_values_stay_out_of_messages(field in field(), value in "[0-9][A-Za-z0-9]{7,40}", noise in "[ \t\r\n\"]{0,3}", junk in "[-_+/= .]?") {
        let input = format!("{noise}{value}{junk}{noise}");
        let check = check_field(field, &input);
        if let Some(message) = &check.message {
            prop_assert!(!message.contains(&value), "{}", message);
            prop_assert!(message.ends_with('.'), "{}", message);
        }
    }

    #[test]
    fn well_formed_pasted_keys_are_accepted_whatever_surrounds_them(field in field(), noise in "[ \t\r\n\u{a0}\u{200b}]{0,4}", quoted in any::<bool>(), seed in "[A-Za-z0-9]{32}") {
        let value = &seed[..field.expected_len()];
        let body = if quoted { format!("\"{value}\"") } else { value.to_owned() };
        let pasted = format!("{noise}{body}{noise}");
        prop_assert_eq!(check_field(field, &pasted).state, FieldState::Valid);
        prop_assert_eq!(clean(&pasted), value);
    }
}
