//! "Download kubeconfig": `POST /cloud/project/{p}/kube/{id}/kubeconfig`
//! answers `{"content": "<YAML>"}`, saved to the file the person chose with
//! mode 0600. The content is never logged, returned or kept by Aurora.

use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::api::path_segment;
use crate::api::ApiClient;
use crate::iam::Capability;
use crate::legacy::AccessRule;
use crate::user_error::{ErrorKind, UserError};

use super::denial::{explain_denial, Needed};

/// Where the kubeconfig went, and the command that uses it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SavedKubeconfig {
    pub path: String,
    pub kubectl_command: String,
}

/// The rights the download needs.
pub fn needed() -> Needed {
    Needed {
        what: "download kubeconfigs".into(),
        rule: AccessRule {
            method: "POST".into(),
            path: "/cloud/project/*/kube/*/kubeconfig".into(),
        },
        iam_action: "publicCloudProject:apiovh:kube/kubeconfig/create".into(),
        capability: Capability::KubernetesClusters,
    }
}

/// Fetches the cluster's kubeconfig and writes it to `dest` (see [`write_private`]).
pub async fn save_kubeconfig(
    client: &ApiClient,
    project_id: &str,
    kube_id: &str,
    dest: &Path,
) -> Result<SavedKubeconfig, UserError> {
    let path = format!(
        "/cloud/project/{}/kube/{}/kubeconfig",
        path_segment(project_id)?,
        path_segment(kube_id)?
    );
    let answer: Value = client
        .post(&path, &serde_json::json!({}))
        .await
        .map_err(|e| explain_denial(UserError::from(e), &needed()))?;
    let content = answer["content"].as_str().ok_or_else(|| {
        UserError::new(
            ErrorKind::MalformedResponse,
            "OVH answered the kubeconfig request without a kubeconfig. Nothing was saved.",
            ["Try again in a minute", "Check OVH API status page for outages"],
        )
    })?;
    let dest = dest.to_path_buf();
    let content = content.to_owned();
    let written = dest.clone();
    tokio::task::spawn_blocking(move || write_private(&written, content.as_bytes()))
        .await
        .map_err(|e| {
            UserError::new(
                ErrorKind::Internal,
                format!("Saving the kubeconfig stopped: {e}."),
                ["Try again"],
            )
        })??;
    Ok(SavedKubeconfig {
        kubectl_command: kubectl_command(&dest),
        path: dest.display().to_string(),
    })
}

/// Writes `bytes` to `dest` readable by its owner only (0600), atomically
/// (see [`crate::private_file::write_atomic`]): an existing `dest` is replaced
/// whole or not at all (the save dialog already asked before replacing).
pub fn write_private(dest: &Path, bytes: &[u8]) -> Result<(), UserError> {
    crate::private_file::write_atomic(dest, bytes).map_err(|e| {
        UserError::new(
            ErrorKind::InvalidInput,
            format!("Aurora could not save the kubeconfig to {}: {e}.", dest.display()),
            [
                "Choose a folder you can write to, such as ~/.kube",
                "Check that the disk is not full",
            ],
        )
    })
}

/// `kubectl --kubeconfig '<path>' get nodes`, quoted for a POSIX shell.
pub fn kubectl_command(path: &Path) -> String {
    let quoted = path.display().to_string().replace('\'', r"'\''");
    format!("kubectl --kubeconfig '{quoted}' get nodes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_quotes_the_path() {
        assert_eq!(
            kubectl_command(Path::new("/home/a b/it's.yaml")),
            r"kubectl --kubeconfig '/home/a b/it'\''s.yaml' get nodes"
        );
    }

    #[cfg(unix)]
    #[test]
    fn the_file_is_private_and_replaced_whole() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("aurora-kubeconfig-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let dest = dir.join("config.yaml");
        std::fs::write(&dest, "old").unwrap();
        std::fs::set_permissions(&dest, std::fs::Permissions::from_mode(0o644)).unwrap();
        write_private(&dest, b"apiVersion: v1\n").unwrap();
        assert_eq!(std::fs::read_to_string(&dest).unwrap(), "apiVersion: v1\n");
        assert_eq!(std::fs::metadata(&dest).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1, "no temporary file is left");
        let e = write_private(&dest.join("inside.yaml"), b"x").unwrap_err();
        assert!(
            e.message.contains("config.yaml/inside.yaml") && e.message.ends_with('.'),
            "{}",
            e.message
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
