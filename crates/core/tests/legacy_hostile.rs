//! Hand-written hostile inputs for what legacy keys take from outside, each
//! with the answer it must get (issue 10's table; the proptests cover the rest).

use std::collections::HashMap;

use aurora_core::legacy::{check_field, resolve_import, ConfFile, FieldState, KeyField, OvhConf};

const AS: &str = "EXEgWIz07P0HYwtQDs7cNIqCiQaWSuHF";

#[test]
fn pasted_keys() {
    let huge = "A".repeat(1 << 20);
    let cases: &[(&str, KeyField, &str, FieldState, &str)] = &[
        (
            "NUL byte",
            KeyField::ApplicationKey,
            "7kbG7Bk7\0S9Nt7ZSV",
            FieldState::Invalid,
            "character 9 is an invisible character",
        ),
        (
            "right-to-left override",
            KeyField::ApplicationKey,
            "7kbG7Bk7\u{202E}S9Nt7ZSV",
            FieldState::Invalid,
            "character 9 is a symbol or accented letter",
        ),
        (
            "emoji",
            KeyField::ConsumerKey,
            "🔑MtSwSrPpNjqfVSmJhLbPyr2i45lSwPU",
            FieldState::Invalid,
            "character 1 is a symbol",
        ),
        (
            "accented letter",
            KeyField::ApplicationSecret,
            "éXEgWIz07P0HYwtQDs7cNIqCiQaWSuHF",
            FieldState::Invalid,
            "character 1 is a symbol or accented letter",
        ),
        (
            "line break inside",
            KeyField::ApplicationSecret,
            "EXEgWIz07P0HYwtQ\nDs7cNIqCiQaWSuHF",
            FieldState::Invalid,
            "character 17 is a space or line break",
        ),
        (
            "whole line pasted",
            KeyField::ApplicationKey,
            "Application Key: 7kbG7Bk7S9Nt7ZSV",
            FieldState::Invalid,
            "character 12 is a space",
        ),
        (
            "secret in the key field",
            KeyField::ApplicationKey,
            AS,
            FieldState::Invalid,
            "looks like an Application Secret",
        ),
        (
            "1 MiB paste",
            KeyField::ConsumerKey,
            &huge,
            FieldState::Invalid,
            "has 32 characters; this one has 1048576",
        ),
        (
            "only quotes",
            KeyField::ConsumerKey,
            "\"\"",
            FieldState::Empty,
            "Paste the Consumer Key",
        ),
        (
            "zero-width spaces only",
            KeyField::ApplicationKey,
            "\u{200B}\u{FEFF}",
            FieldState::Empty,
            "Paste the Application Key",
        ),
    ];
    for (name, field, input, state, expected) in cases {
        let check = check_field(*field, input);
        assert_eq!(check.state, *state, "{name}");
        let message = check.message.unwrap_or_default();
        assert!(message.contains(expected), "{name}: {message}");
        assert!(message.len() < 300, "{name}: messages stay short");
    }
}

fn import(conf: &str, env: &[(&str, &str)]) -> Result<Option<aurora_core::legacy::Imported>, aurora_core::UserError> {
    let vars: HashMap<String, String> = env.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    resolve_import(
        &[ConfFile {
            label: "./ovh.conf".into(),
            conf: OvhConf::parse(conf),
        }],
        &|k| vars.get(k).cloned(),
    )
}

#[test]
fn ovh_conf_files() {
    let keys = format!("application_key=7kbG7Bk7S9Nt7ZSV\napplication_secret={AS}\n");
    let refused: &[(&str, String, &str)] = &[
        (
            "javascript endpoint",
            format!("[default]\nendpoint=javascript:alert(1)\n[javascript:alert(1)]\n{keys}"),
            "is not one Aurora supports",
        ),
        (
            "plain http to a remote host",
            format!("[default]\nendpoint=http://evil.example/1.0\n[http://evil.example/1.0]\n{keys}"),
            "must use https",
        ),
        (
            "file URL",
            format!("[default]\nendpoint=file:///etc/passwd\n[file:///etc/passwd]\n{keys}"),
            "is not one Aurora supports",
        ),
        (
            "unsupported OVH brand",
            format!("[default]\nendpoint=soyoustart-eu\n[soyoustart-eu]\n{keys}"),
            "is not one Aurora supports",
        ),
        ("keys without an endpoint", format!("[ovh-eu]\n{keys}"), "no endpoint"),
        (
            "key without its secret",
            "[default]\nendpoint=ovh-eu\n[ovh-eu]\napplication_key=7kbG7Bk7S9Nt7ZSV\n".into(),
            "no application_secret",
        ),
    ];
    for (name, conf, expected) in refused {
        let e = import(conf, &[]).expect_err(name);
        assert!(e.message.contains(expected), "{name}: {}", e.message);
        assert!(!e.message.contains(AS), "{name}");
    }
    let long_name = format!("[default]\nendpoint={}\n", "x".repeat(10_000));
    let e = import(&format!("{long_name}[ovh-eu]\n{keys}"), &[]).unwrap_err();
    assert!(
        e.message.len() < 400,
        "a 10 kB endpoint name is cut: {}",
        e.message.len()
    );

    let accepted: &[(&str, String)] = &[
        (
            "CRLF line ends and a BOM",
            format!(
                "\u{FEFF}[default]\r\nendpoint=ovh-eu\r\n[ovh-eu]\r\n{}",
                keys.replace('\n', "\r\n")
            ),
        ),
        (
            "NUL bytes and garbage lines around",
            format!("\0\0garbage\n[default]\nendpoint=ovh-eu\n\u{1}\u{2}\n[ovh-eu]\n{keys}=novalue\n"),
        ),
        (
            "10 000 sections",
            format!(
                "{}[default]\nendpoint=ovh-eu\n[ovh-eu]\n{keys}",
                (0..10_000).map(|i| format!("[s{i}]\nk=v\n")).collect::<String>()
            ),
        ),
    ];
    for (name, conf) in accepted {
        let imported = import(conf, &[])
            .unwrap_or_else(|e| panic!("{name}: {}", e.message))
            .expect(name);
        assert_eq!(
            imported.preview.application_key.as_deref(),
            Some("7kbG7Bk7S9Nt7ZSV"),
            "{name}"
        );
    }
}
