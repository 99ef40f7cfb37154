//! `import_from_system` reads the real `~/.ovh.conf`, `./ovh.conf` and
//! environment. Those are process-wide, so the check runs in a child
//! process with its own HOME, working directory and variables.

use std::process::Command;

use aurora_core::legacy::{import_from_system, ImportKind, ImportedSecrets};
use aurora_core::Region;

const AK: &str = "7kbG7Bk7S9Nt7ZSV";
const AS: &str = "EXEgWIz07P0HYwtQDs7cNIqCiQaWSuHF";
const CK: &str = "MtSwSrPpNjqfVSmJhLbPyr2i45lSwPU1";

#[test]
fn import_child() {
    if std::env::var("AURORA_IMPORT_CHILD").is_err() {
        return;
    }
    let imported = import_from_system().unwrap().expect("credentials found");
    let p = &imported.preview;
    assert_eq!(p.kind, ImportKind::ApiCredentials);
    assert_eq!(p.region, Region::OvhCa, "OVH_ENDPOINT beats the files");
    assert_eq!(p.application_key.as_deref(), Some(AK), "./ovh.conf beats ~/.ovh.conf");
    let from: Vec<(&str, &str)> = p.sources.iter().map(|s| (s.field.as_str(), s.from.as_str())).collect();
    assert!(from.contains(&("endpoint", "OVH_ENDPOINT")), "{from:?}");
    assert!(from.contains(&("application_key", "./ovh.conf [ovh-ca]")), "{from:?}");
    assert!(
        from.contains(&("application_secret", "~/.ovh.conf [ovh-ca]")),
        "{from:?}"
    );
    assert!(from.contains(&("consumer_key", "OVH_CONSUMER_KEY")), "{from:?}");
    match &imported.secrets {
        ImportedSecrets::ApiCredentials {
            application_secret,
            consumer_key,
            ..
        } => {
            assert_eq!(application_secret.expose(), AS);
            assert_eq!(consumer_key.as_ref().unwrap().expose(), CK);
        }
        other => panic!("{other:?}"),
    }
    println!("IMPORT_CHILD_OK");
}

#[test]
fn imports_from_home_working_directory_and_environment() {
    let home = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    std::fs::write(
        home.path().join(".ovh.conf"),
        format!("[default]\nendpoint=ovh-eu\n\n[ovh-ca]\napplication_key=HomeHomeHomeHome\napplication_secret={AS}\n"),
    )
    .unwrap();
    std::fs::write(
        work.path().join("ovh.conf"),
        format!("[ovh-ca]\napplication_key={AK}\n"),
    )
    .unwrap();
    let mut child = Command::new(std::env::current_exe().unwrap());
    child
        .args(["import_child", "--exact", "--nocapture", "--test-threads=1"])
        .current_dir(work.path());
    for (name, _) in std::env::vars().filter(|(k, _)| k.starts_with("OVH_")) {
        child.env_remove(name);
    }
    let out = child
        .env("AURORA_IMPORT_CHILD", "1")
        .env("HOME", home.path())
        .env("OVH_ENDPOINT", "ovh-ca")
        .env("OVH_CONSUMER_KEY", CK)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("IMPORT_CHILD_OK"),
        "child failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
