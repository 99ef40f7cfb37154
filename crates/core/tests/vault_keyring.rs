//! The vault against the real OS keyring (Secret Service on Linux).
//!
//! Run inside `scripts/with-desktop-session.sh` (a private D-Bus session with
//! an unlocked gnome-keyring). Outside such a session, where no keyring
//! answers, the keyring tests print why and pass without checking; inside it
//! (`AURORA_DESKTOP_SESSION=1`) a missing keyring fails them.

use std::process::Command;
use std::sync::Arc;

use aurora_core::oauth::{AuthMethod, Issuer, TokenSet, TokenStore};
use aurora_core::vault::{ApiCredentials, OsKeyring, SecretBackend, Vault, VaultError};
use aurora_core::{Endpoint, ErrorKind, Region, UserError};

/// Entries go under their own service name, never the app's `aurora`.
const TEST_SERVICE: &str = "aurora-test";

fn unique_id(tag: &str) -> String {
    format!("test-{tag}-{:016x}", rand_u64())
}

fn rand_u64() -> u64 {
    use std::collections::hash_map::RandomState;
    use std::hash::{BuildHasher, Hasher};
    let mut h = RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos(),
    );
    h.finish()
}

/// The vault on the real keyring, or `None` (test skipped) outside a desktop session.
async fn real_vault() -> Option<(Vault, Arc<OsKeyring>)> {
    let backend = Arc::new(OsKeyring::with_service(TEST_SERVICE));
    let vault = Vault::with_backend(backend.clone());
    match vault.check_available().await {
        Ok(()) => Some((vault, backend)),
        Err(e) if std::env::var("AURORA_DESKTOP_SESSION").as_deref() != Ok("1") => {
            eprintln!("skipped: no keyring outside scripts/with-desktop-session.sh ({e})");
            None
        }
        Err(e) => panic!("the desktop session has no usable keyring: {e:?}"),
    }
}

fn api_credentials() -> ApiCredentials {
    ApiCredentials::new(
        &Endpoint::builtin(Region::OvhEu).unwrap(),
        "7kbG7Bk7S9Nt7ZSV",
        "EXEgWIz07P0HYwtQDs7cNIqCiQaWSuHF".into(),
        "MtSwSrPpNjqfVSmJhLbPyr2i45lSwPU1".into(),
    )
}

fn token_set(access_token: String) -> TokenSet {
    TokenSet {
        provider: "ovh".into(),
        region: Region::OvhCa,
        access_token: access_token.into(),
        refresh_token: Some("refresh-token-value-1".into()),
        client_id: "client-id-1".into(),
        expires_at: 1_900_000_000,
        auth_method: AuthMethod::AuthorizationCode,
    }
}

#[tokio::test]
async fn api_credentials_round_trip_in_the_keyring() {
    let Some((vault, backend)) = real_vault().await else {
        return;
    };
    let id = unique_id("legacy");
    vault.save_api_credentials(&id, &api_credentials()).await.unwrap();
    assert_eq!(vault.load_api_credentials(&id).await.unwrap(), Some(api_credentials()));
    // Stored as one small JSON entry named after the connection.
    let raw: serde_json::Value = serde_json::from_slice(&backend.read(&id).unwrap().unwrap()).unwrap();
    assert_eq!(raw["authMethod"], "api_credentials");
    assert_eq!(raw["endpoint"], "ovh-eu");
    assert!(vault.delete_connection(&id).await.unwrap());
    assert_eq!(vault.load_api_credentials(&id).await.unwrap(), None);
    assert_eq!(backend.read(&id).unwrap(), None);
}

#[tokio::test]
async fn token_sets_round_trip_through_the_token_store() {
    let Some((vault, _)) = real_vault().await else {
        return;
    };
    let id = unique_id("oauth");
    let store: Arc<dyn TokenStore> = Arc::new(vault.clone());
    let (s, i) = (store.clone(), id.clone());
    tokio::task::spawn_blocking(move || {
        assert_eq!(s.load(&i).unwrap(), None);
        s.save(&i, &token_set("access-token-value-1".into())).unwrap();
        assert_eq!(s.load(&i).unwrap(), Some(token_set("access-token-value-1".into())));
        // Rotation replaces the entry.
        s.save(&i, &token_set("access-token-value-2".into())).unwrap();
        assert_eq!(
            s.load(&i).unwrap().unwrap().access_token.expose(),
            "access-token-value-2"
        );
        s.delete(&i).unwrap();
        assert_eq!(s.load(&i).unwrap(), None);
    })
    .await
    .unwrap();
    // A legacy read of an OAuth entry is refused clearly, not misparsed.
    let s = store.clone();
    let i = id.clone();
    tokio::task::spawn_blocking(move || s.save(&i, &token_set("x".into())).unwrap())
        .await
        .unwrap();
    assert!(matches!(
        vault.load_api_credentials(&id).await,
        Err(VaultError::WrongKind { .. })
    ));
    vault.delete_connection(&id).await.unwrap();
}

#[tokio::test]
async fn tokens_larger_than_a_windows_credential_are_split_and_cleaned_up() {
    let Some((vault, backend)) = real_vault().await else {
        return;
    };
    let id = unique_id("large");
    let huge: String = (0..6000).map(|i| char::from(b'a' + (i % 26) as u8)).collect();
    let store: Arc<dyn TokenStore> = Arc::new(vault.clone());
    let (s, i, h) = (store.clone(), id.clone(), huge.clone());
    tokio::task::spawn_blocking(move || {
        s.save(&i, &token_set(h.clone())).unwrap();
        assert_eq!(s.load(&i).unwrap().unwrap().access_token.expose(), h);
    })
    .await
    .unwrap();
    let head = backend.read(&id).unwrap().unwrap();
    assert!(
        head.starts_with(b"aurora-split:v1:"),
        "the main entry holds only the index"
    );
    let header = String::from_utf8(head).unwrap();
    let mut fields = header.rsplit(':');
    let count: usize = fields.next().unwrap().parse().unwrap();
    let generation = fields.next().unwrap().to_owned();
    assert!(count >= 3);
    for i in 0..count {
        let part = backend
            .read(&format!("{id}.part.{generation}.{i}"))
            .unwrap()
            .expect("part present");
        assert!(part.len() <= 2048);
    }
    assert!(vault.delete_connection(&id).await.unwrap());
    for i in 0..count {
        assert_eq!(
            backend.read(&format!("{id}.part.{generation}.{i}")).unwrap(),
            None,
            "part {i} deleted"
        );
    }
}

#[tokio::test]
async fn oauth_client_secret_is_kept_per_issuer() {
    let Some((vault, _)) = real_vault().await else {
        return;
    };
    let issuer = Issuer::of_region(Region::OvhUs).unwrap();
    vault
        .save_oauth_client(&issuer, "client-us", &"client-secret-us".into())
        .await
        .unwrap();
    assert!(vault.oauth_client_issuers().await.unwrap().contains(&issuer));
    let stored = vault.load_oauth_client(&issuer).await.unwrap().unwrap();
    assert_eq!(
        (stored.client_id.as_str(), stored.client_secret.expose()),
        ("client-us", "client-secret-us")
    );
    assert!(vault.delete_oauth_client(&issuer).await.unwrap());
    assert_eq!(vault.load_oauth_client(&issuer).await.unwrap(), None);
    assert!(!vault.oauth_client_issuers().await.unwrap().contains(&issuer));
}

/// Runs only as the child of `no_session_bus_gives_a_clear_message`, in a
/// process whose D-Bus address points at nothing.
#[tokio::test]
async fn no_bus_child() {
    if std::env::var("AURORA_VAULT_NO_BUS_CHILD").is_err() {
        return;
    }
    let vault = Vault::with_backend(Arc::new(OsKeyring::with_service(TEST_SERVICE)));
    let e = vault.check_available().await.unwrap_err();
    assert!(matches!(e, VaultError::Unavailable { .. }), "{e:?}");
    let saved = vault
        .save_api_credentials("test-no-bus", &api_credentials())
        .await
        .unwrap_err();
    let user = UserError::from(saved);
    assert_eq!(user.kind, ErrorKind::InvalidConfiguration);
    assert_eq!(
        user.message,
        "Aurora could not reach your system keyring (Secret Service). Start gnome-keyring or KWallet in your desktop session and try again."
    );
    assert!(user.solution.iter().any(|l| l.contains("gnome-keyring")));
    let shown = format!("{user:?}");
    assert!(!shown.contains("EXEgWIz07P0HYwtQDs7cNIqCiQaWSuHF") && !shown.contains("MtSwSrPpNjqfVSmJhLbPyr2i45lSwPU1"));
    println!("NO_BUS_CHILD_OK");
}

#[test]
fn no_session_bus_gives_a_clear_message_and_writes_no_file() {
    let home = tempfile::tempdir().unwrap();
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["no_bus_child", "--exact", "--nocapture", "--test-threads=1"])
        .env("AURORA_VAULT_NO_BUS_CHILD", "1")
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/aurora-test-bus")
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("NO_BUS_CHILD_OK"),
        "child failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // No plaintext fallback: nothing was written under the child's HOME.
    let written: Vec<_> = walk(home.path());
    assert!(written.is_empty(), "files written without a keyring: {written:?}");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_callers_are_serialized_and_lose_nothing() {
    let Some((vault, _)) = real_vault().await else {
        return;
    };
    let ids: Vec<String> = (0..6).map(|i| unique_id(&format!("conc{i}"))).collect();
    let mut tasks = Vec::new();
    for (i, id) in ids.iter().cloned().enumerate() {
        let vault = vault.clone();
        tasks.push(tokio::spawn(async move {
            let creds = ApiCredentials::new(
                &Endpoint::builtin(Region::OvhEu).unwrap(),
                format!("AppKey{i:010}"),
                format!("secret-{i}").into(),
                format!("consumer-{i}").into(),
            );
            vault.save_api_credentials(&id, &creds).await.unwrap();
            assert_eq!(vault.load_api_credentials(&id).await.unwrap(), Some(creds));
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    for (i, id) in ids.iter().enumerate() {
        let stored = vault.load_api_credentials(id).await.unwrap().unwrap();
        assert_eq!(stored.application_secret.expose(), format!("secret-{i}"));
        assert!(vault.delete_connection(id).await.unwrap());
    }
}
