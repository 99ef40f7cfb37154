//! Importing credentials people already have for OVH's SDKs and CLI:
//! `~/.ovh.conf`, `./ovh.conf` and `OVH_*` environment variables, with the
//! SDKs' precedence (a variable beats `./ovh.conf`, which beats
//! `~/.ovh.conf`). The result is a preview without secrets, for the person to
//! confirm, and the secrets apart.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::region::{Endpoint, EndpointError, Region};
use crate::secret::SecretString;
use crate::user_error::{ErrorKind, UserError};
use crate::vault::ApiCredentials;

use super::ovh_conf::{OvhConf, MAX_FILE_BYTES};
use super::paste::{check_field, FieldState, KeyField};

/// One configuration file, already parsed, and how to name it to the person.
#[derive(Clone, Debug)]
pub struct ConfFile {
    pub label: String,
    pub conf: OvhConf,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ImportKind {
    /// Application key and secret, with or without a consumer key.
    ApiCredentials,
    /// An OAuth2 client (`client_id` / `client_secret`).
    OAuthClient,
}

/// Where one imported value came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ValueSource {
    /// `application_key`, `endpoint`, ...
    pub field: String,
    /// `OVH_APPLICATION_KEY`, or `~/.ovh.conf [ovh-eu]`.
    pub from: String,
}

/// What the import would create, shown before anything is saved. Holds no
/// secret: only whether each one was found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportPreview {
    pub kind: ImportKind,
    pub region: Region,
    /// The API base URL for a custom endpoint.
    pub api_base: Option<String>,
    pub application_key: Option<String>,
    pub has_application_secret: bool,
    pub has_consumer_key: bool,
    pub client_id: Option<String>,
    pub has_client_secret: bool,
    pub sources: Vec<ValueSource>,
    /// Format problems and missing pieces, as sentences.
    pub problems: Vec<String>,
}

#[derive(Clone, Debug)]
pub enum ImportedSecrets {
    ApiCredentials {
        application_key: String,
        application_secret: SecretString,
        consumer_key: Option<SecretString>,
    },
    OAuthClient {
        client_id: String,
        client_secret: SecretString,
    },
}

#[derive(Clone, Debug)]
pub struct Imported {
    pub endpoint: Endpoint,
    pub preview: ImportPreview,
    pub secrets: ImportedSecrets,
}

impl Imported {
    /// The imported keys, ready to validate and save, when a consumer key
    /// was found (otherwise the wizard requests one).
    pub fn api_credentials(&self) -> Option<ApiCredentials> {
        match &self.secrets {
            ImportedSecrets::ApiCredentials {
                application_key,
                application_secret,
                consumer_key: Some(consumer_key),
            } => Some(ApiCredentials::new(
                &self.endpoint,
                application_key.clone(),
                application_secret.clone(),
                consumer_key.clone(),
            )),
            _ => None,
        }
    }
}

const FIELDS: [&str; 5] = [
    "application_key",
    "application_secret",
    "consumer_key",
    "client_id",
    "client_secret",
];

/// Resolves credentials from `files` (lowest precedence first) and the
/// environment `env` (highest). `Ok(None)`: nothing to import.
pub fn resolve(files: &[ConfFile], env: &dyn Fn(&str) -> Option<String>) -> Result<Option<Imported>, UserError> {
    let mut sources = Vec::new();
    let Some((endpoint_name, endpoint_from)) = find_endpoint(files, env) else {
        let has_keys = files.iter().any(|f| {
            f.conf
                .section_names()
                .any(|s| FIELDS.iter().any(|k| f.conf.get(s, k).is_some()))
        }) || FIELDS.iter().any(|k| env_value(env, k).is_some());
        return if has_keys { Err(no_endpoint()) } else { Ok(None) };
    };
    let endpoint = parse_endpoint(&endpoint_name, &endpoint_from)?;
    sources.push(ValueSource {
        field: "endpoint".into(),
        from: endpoint_from,
    });

    let mut value = |field: &str| -> Option<String> {
        let (v, from) = env_value(env, field).map(|v| (v, env_name(field))).or_else(|| {
            files.iter().rev().find_map(|f| {
                f.conf
                    .get(&endpoint_name, field)
                    .map(|v| (v.to_owned(), format!("{} [{endpoint_name}]", f.label)))
            })
        })?;
        sources.push(ValueSource {
            field: field.into(),
            from,
        });
        Some(v)
    };
    let (ak, r#as, ck, client_id, client_secret) = (
        value("application_key"),
        value("application_secret"),
        value("consumer_key"),
        value("client_id"),
        value("client_secret"),
    );

    let mut problems = Vec::new();
    let api_base = (endpoint.region == Region::Custom).then(|| endpoint.api_base_str().to_owned());
    let (kind, secrets) = match (ak, client_id) {
        (Some(ak), _) => {
            let ak = super::paste::clean(&ak).to_owned();
            let r#as = r#as.map(|s| super::paste::clean(&s).to_owned());
            let ck = ck.map(|s| super::paste::clean(&s).to_owned());
            for (field, v) in [
                (KeyField::ApplicationKey, Some(&ak)),
                (KeyField::ApplicationSecret, r#as.as_ref()),
                (KeyField::ConsumerKey, ck.as_ref()),
            ] {
                let Some(v) = v else { continue };
                let check = check_field(field, v);
                if check.state != FieldState::Valid {
                    problems.extend(check.message);
                }
            }
            let Some(r#as) = r#as else {
                return Err(missing(
                    &format!("application_secret to go with the application_key in {endpoint_name}"),
                    "OVH_APPLICATION_SECRET",
                ));
            };
            if ck.is_none() {
                problems.push("No consumer key was found: Aurora will request one in the next step.".into());
            }
            let secrets = ImportedSecrets::ApiCredentials {
                application_key: ak,
                application_secret: r#as.into(),
                consumer_key: ck.map(Into::into),
            };
            (ImportKind::ApiCredentials, secrets)
        }
        (None, Some(client_id)) => {
            let Some(client_secret) = client_secret else {
                return Err(missing(
                    &format!("client_secret to go with the client_id in {endpoint_name}"),
                    "OVH_CLIENT_SECRET",
                ));
            };
            (
                ImportKind::OAuthClient,
                ImportedSecrets::OAuthClient {
                    client_id,
                    client_secret: client_secret.into(),
                },
            )
        }
        (None, None) => return Ok(None),
    };

    let preview = match &secrets {
        ImportedSecrets::ApiCredentials {
            application_key,
            consumer_key,
            ..
        } => ImportPreview {
            kind,
            region: endpoint.region,
            api_base,
            application_key: Some(application_key.clone()),
            has_application_secret: true,
            has_consumer_key: consumer_key.is_some(),
            client_id: None,
            has_client_secret: false,
            sources,
            problems,
        },
        ImportedSecrets::OAuthClient { client_id, .. } => ImportPreview {
            kind,
            region: endpoint.region,
            api_base,
            application_key: None,
            has_application_secret: false,
            has_consumer_key: false,
            client_id: Some(client_id.clone()),
            has_client_secret: true,
            sources,
            problems,
        },
    };
    Ok(Some(Imported {
        endpoint,
        preview,
        secrets,
    }))
}

/// Reads `~/.ovh.conf`, `./ovh.conf` and the process environment.
pub fn import_from_system() -> Result<Option<Imported>, UserError> {
    let home = std::env::var_os("HOME")
        .or_else(|| std::env::var_os("USERPROFILE"))
        .map(PathBuf::from);
    let mut files = Vec::new();
    if let Some(home) = home {
        files.extend(read_conf_file(&home.join(".ovh.conf"), "~/.ovh.conf")?);
    }
    files.extend(read_conf_file(Path::new("ovh.conf"), "./ovh.conf")?);
    resolve(&files, &|name| std::env::var(name).ok())
}

/// `Ok(None)` when the file does not exist.
pub fn read_conf_file(path: &Path, label: &str) -> Result<Option<ConfFile>, UserError> {
    let unreadable = |reason: String| {
        UserError::new(
            ErrorKind::InvalidConfiguration,
            format!("Aurora could not read {label} ({reason}). Fix or move the file, then try the import again."),
            ["The import reads ~/.ovh.conf, ./ovh.conf and OVH_* environment variables"],
        )
    };
    let too_large = || unreadable(format!("it is larger than {} KiB", MAX_FILE_BYTES / 1024));
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(unreadable(e.to_string())),
        // A FIFO or device reports no size and may never end.
        Ok(meta) if !meta.is_file() => return Err(unreadable("it is not a regular file".to_owned())),
        Ok(meta) if meta.len() > MAX_FILE_BYTES as u64 => return Err(too_large()),
        Ok(_) => {}
    }
    // The file may grow after the size check: never read past the cap.
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| std::io::Read::read_to_end(&mut std::io::Read::take(f, MAX_FILE_BYTES as u64 + 1), &mut bytes))
        .map_err(|e| unreadable(e.to_string()))?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(too_large());
    }
    let text = String::from_utf8_lossy(&bytes);
    Ok(Some(ConfFile {
        label: label.to_owned(),
        conf: OvhConf::parse(&text),
    }))
}

fn find_endpoint(files: &[ConfFile], env: &dyn Fn(&str) -> Option<String>) -> Option<(String, String)> {
    if let Some(v) = env("OVH_ENDPOINT")
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
    {
        return Some((v, "OVH_ENDPOINT".into()));
    }
    files.iter().rev().find_map(|f| {
        f.conf
            .get("default", "endpoint")
            .map(|v| (v.to_owned(), format!("{} [default]", f.label)))
    })
}

fn parse_endpoint(name: &str, from: &str) -> Result<Endpoint, UserError> {
    Endpoint::parse(name).map_err(|e| match e {
        EndpointError::UnknownRegion(_) | EndpointError::MissingCustomBase => UserError::new(
            ErrorKind::InvalidConfiguration,
            format!("The endpoint \"{}\" set in {from} is not one Aurora supports. Use ovh-eu, ovh-ca, ovh-us or the URL of an OVH API.", truncate(name)),
            ["Kimsufi and So you Start endpoints are not supported", "Set endpoint in the [default] section of ovh.conf, or OVH_ENDPOINT"],
        ),
        e => e.into(),
    })
}

fn env_name(field: &str) -> String {
    format!("OVH_{}", field.to_ascii_uppercase())
}

fn env_value(env: &dyn Fn(&str) -> Option<String>, field: &str) -> Option<String> {
    env(&env_name(field))
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

fn no_endpoint() -> UserError {
    UserError::new(
        ErrorKind::InvalidConfiguration,
        "OVH credentials were found but no endpoint says which region they belong to. Set endpoint=ovh-eu (or ovh-ca, ovh-us) in the [default] section of ovh.conf, or set OVH_ENDPOINT, then import again.",
        ["Or skip the import and enter the keys in the wizard"],
    )
}

fn missing(what: &str, variable: &str) -> UserError {
    UserError::new(
        ErrorKind::InvalidConfiguration,
        format!("The OVH configuration has no {what}. Add it to ovh.conf or set {variable}, then import again."),
        ["Or skip the import and enter the keys in the wizard"],
    )
}

/// Endpoint names are not secret, but a pasted line may be long.
fn truncate(s: &str) -> String {
    let short: String = s.chars().take(80).collect();
    if short.len() < s.len() {
        format!("{short}…")
    } else {
        short
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    const AK: &str = "7kbG7Bk7S9Nt7ZSV";
    const AS: &str = "EXEgWIz07P0HYwtQDs7cNIqCiQaWSuHF";
    const CK: &str = "MtSwSrPpNjqfVSmJhLbPyr2i45lSwPU1";

    fn file(label: &str, text: &str) -> ConfFile {
        ConfFile {
            label: label.into(),
            conf: OvhConf::parse(text),
        }
    }

    fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn ovh_conf_with_the_three_keys() {
        let home = file("~/.ovh.conf", &format!("[default]\nendpoint=ovh-ca\n[ovh-ca]\napplication_key={AK}\napplication_secret={AS}\nconsumer_key={CK}\n"));
        let imported = resolve(&[home], &env(&[])).unwrap().unwrap();
        let p = &imported.preview;
        assert_eq!((p.kind, p.region), (ImportKind::ApiCredentials, Region::OvhCa));
        assert!(
            p.has_application_secret && p.has_consumer_key && p.problems.is_empty(),
            "{:?}",
            p.problems
        );
        assert_eq!(
            p.sources[1],
            ValueSource {
                field: "application_key".into(),
                from: "~/.ovh.conf [ovh-ca]".into()
            }
        );
        let shown = serde_json::to_string(p).unwrap();
        assert!(
            !shown.contains(AS) && !shown.contains(CK),
            "the preview holds no secret"
        );
        match imported.secrets {
            ImportedSecrets::ApiCredentials {
                application_secret,
                consumer_key,
                ..
            } => {
                assert_eq!(application_secret.expose(), AS);
                assert_eq!(consumer_key.unwrap().expose(), CK);
            }
            other => panic!("{other:?}"),
        }
        assert!(!format!(
            "{:?}",
            resolve(
                &[file(
                    "x",
                    &format!("[default]\nendpoint=ovh-eu\n[ovh-eu]\napplication_key={AK}\napplication_secret={AS}")
                )],
                &env(&[])
            )
        )
        .contains(AS));
    }

    #[test]
    fn environment_beats_local_file_beats_home_file() {
        let home = file(
            "~/.ovh.conf",
            &format!(
                "[default]\nendpoint=ovh-eu\n[ovh-eu]\napplication_key=HomeHomeHomeHome\napplication_secret={AS}\n"
            ),
        );
        let local = file("./ovh.conf", &format!("[ovh-eu]\napplication_key={AK}\n"));
        let imported = resolve(&[home.clone(), local.clone()], &env(&[])).unwrap().unwrap();
        assert_eq!(imported.preview.application_key.as_deref(), Some(AK));
        assert!(
            imported.preview.problems.iter().any(|p| p.contains("request one")),
            "no consumer key: the wizard requests it"
        );

        let e = env(&[
            ("OVH_ENDPOINT", "ovh-us"),
            ("OVH_APPLICATION_KEY", "EnvEnvEnvEnvEnv1"),
            ("OVH_APPLICATION_SECRET", AS),
            ("OVH_CONSUMER_KEY", CK),
        ]);
        let imported = resolve(&[home, local], &e).unwrap().unwrap();
        assert_eq!(imported.preview.region, Region::OvhUs);
        assert_eq!(imported.preview.application_key.as_deref(), Some("EnvEnvEnvEnvEnv1"));
        assert!(
            imported.preview.sources.iter().all(|s| s.from.starts_with("OVH_")),
            "{:?}",
            imported.preview.sources
        );
    }

    #[test]
    fn oauth_clients_and_custom_endpoints() {
        let e = env(&[
            ("OVH_ENDPOINT", "http://127.0.0.1:8080/1.0"),
            ("OVH_CLIENT_ID", "cid"),
            ("OVH_CLIENT_SECRET", "client-secret-value"),
        ]);
        let imported = resolve(&[], &e).unwrap().unwrap();
        assert_eq!(imported.preview.kind, ImportKind::OAuthClient);
        assert_eq!(imported.preview.region, Region::Custom);
        assert_eq!(imported.preview.api_base.as_deref(), Some("http://127.0.0.1:8080/1.0"));
        assert!(!serde_json::to_string(&imported.preview)
            .unwrap()
            .contains("client-secret-value"));
    }

    #[test]
    fn nothing_to_import_and_clear_refusals() {
        assert!(resolve(&[], &env(&[])).unwrap().is_none());
        assert!(resolve(&[file("x", "[default]\nendpoint=ovh-eu\n")], &env(&[]))
            .unwrap()
            .is_none());
        let e = resolve(&[file("x", &format!("[ovh-eu]\napplication_key={AK}\n"))], &env(&[])).unwrap_err();
        assert!(e.message.contains("no endpoint"), "{}", e.message);
        let e = resolve(
            &[],
            &env(&[("OVH_ENDPOINT", "kimsufi-eu"), ("OVH_APPLICATION_KEY", AK)]),
        )
        .unwrap_err();
        assert!(
            e.message
                .contains("\"kimsufi-eu\" set in OVH_ENDPOINT is not one Aurora supports"),
            "{}",
            e.message
        );
        let e = resolve(&[], &env(&[("OVH_ENDPOINT", "ovh-eu"), ("OVH_APPLICATION_KEY", AK)])).unwrap_err();
        assert!(
            e.message.starts_with(
                "The OVH configuration has no application_secret to go with the application_key in ovh-eu."
            ),
            "{}",
            e.message
        );
        let e = resolve(&[], &env(&[("OVH_ENDPOINT", "ovh-eu"), ("OVH_CLIENT_ID", "cid")])).unwrap_err();
        assert!(e.message.contains("OVH_CLIENT_SECRET"), "{}", e.message);
    }

    #[test]
    fn bad_key_formats_are_listed_without_values() {
        let e = env(&[
            ("OVH_ENDPOINT", "ovh-eu"),
            ("OVH_APPLICATION_KEY", " short "),
            ("OVH_APPLICATION_SECRET", "has space inside the secret value"),
        ]);
        let imported = resolve(&[], &e).unwrap().unwrap();
        let problems = imported.preview.problems.join(" ");
        assert!(
            problems.contains("Application Key has 16 characters; this one has 5"),
            "{problems}"
        );
        assert!(
            problems.contains("Application Secret contains only letters and digits"),
            "{problems}"
        );
        assert!(!problems.contains("inside the secret"), "{problems}");
    }

    #[test]
    fn files_are_read_with_a_size_limit() {
        let dir = tempfile::tempdir().unwrap();
        assert!(read_conf_file(&dir.path().join("none"), "x").unwrap().is_none());
        let big = dir.path().join("big.conf");
        std::fs::write(&big, vec![b'#'; MAX_FILE_BYTES + 1]).unwrap();
        assert!(read_conf_file(&big, "./ovh.conf")
            .unwrap_err()
            .message
            .contains("larger than"));
        let ok = dir.path().join("ovh.conf");
        std::fs::write(&ok, "[default]\nendpoint=ovh-eu\n").unwrap();
        assert_eq!(
            read_conf_file(&ok, "./ovh.conf")
                .unwrap()
                .unwrap()
                .conf
                .get("default", "endpoint"),
            Some("ovh-eu")
        );
    }
}
