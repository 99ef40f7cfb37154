//! The `ovhcloud` command line for each kind, and its printable form.

use std::path::Path;

use crate::discovery::model::{ResourceKind, TaskKey};

/// How the installed CLI takes the project id (`ovhcloud ... --help` tells).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProjectFlag {
    /// `--cloud-project <id>` (v0.5.0 and later).
    CloudProject,
    /// `--service-name <id>` (the product document's older form).
    ServiceName,
    /// Neither flag is listed: only `OVH_CLOUD_PROJECT_SERVICE` is left.
    EnvOnly,
}

pub const PROJECT_ENV: &str = "OVH_CLOUD_PROJECT_SERVICE";

impl ProjectFlag {
    /// Reads the `--help` text of a project-scoped command.
    pub fn from_help(help: &str) -> ProjectFlag {
        if help.contains("--cloud-project") {
            ProjectFlag::CloudProject
        } else if help.contains("--service-name") {
            ProjectFlag::ServiceName
        } else {
            ProjectFlag::EnvOnly
        }
    }
}

/// The words after `ovhcloud` that list one kind.
pub fn subcommand(kind: ResourceKind) -> &'static [&'static str] {
    match kind {
        ResourceKind::Project => &["cloud", "project", "list"],
        ResourceKind::Instance => &["cloud", "instance", "list"],
        ResourceKind::Kubernetes => &["cloud", "kube", "list"],
        ResourceKind::Database => &["cloud", "database-service", "list"],
        ResourceKind::LoadBalancer => &["cloud", "loadbalancer", "list"],
        ResourceKind::ContainerRegistry => &["cloud", "container-registry", "list"],
        ResourceKind::PrivateNetwork => &["cloud", "network", "private", "list"],
        ResourceKind::ObjectStorageS3 => &["cloud", "storage-s3", "list"],
        ResourceKind::ObjectStorageSwift => &["cloud", "storage-swift", "list"],
        ResourceKind::DedicatedServer => &["baremetal", "list"],
    }
}

/// The API path the command starts from (names the call in error messages).
pub fn api_path(task: &TaskKey) -> String {
    let p = task.project_id.as_deref().unwrap_or("");
    match task.kind {
        ResourceKind::Project => "/cloud/project".into(),
        ResourceKind::DedicatedServer => "/dedicated/server".into(),
        ResourceKind::Instance => format!("/cloud/project/{p}/instance"),
        ResourceKind::Kubernetes => format!("/cloud/project/{p}/kube"),
        ResourceKind::Database => format!("/cloud/project/{p}/database/service"),
        ResourceKind::LoadBalancer => format!("/cloud/project/{p}/loadbalancer"),
        ResourceKind::ContainerRegistry => format!("/cloud/project/{p}/containerRegistry"),
        ResourceKind::PrivateNetwork => format!("/cloud/project/{p}/network/private"),
        ResourceKind::ObjectStorageS3 => format!("/cloud/project/{p}/region"),
        ResourceKind::ObjectStorageSwift => format!("/cloud/project/{p}/storage"),
    }
}

/// Arguments and extra environment for one task (credentials not included).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CliCommand {
    pub args: Vec<String>,
    pub env: Vec<(String, String)>,
}

impl CliCommand {
    pub fn new(task: &TaskKey, flag: ProjectFlag) -> CliCommand {
        let args: Vec<String> = subcommand(task.kind).iter().map(|s| (*s).to_owned()).collect();
        match &task.project_id {
            Some(project) => CliCommand::in_project(&args, project, flag),
            None => CliCommand {
                args: args.into_iter().chain(["--json".to_owned()]).collect(),
                env: Vec::new(),
            },
        }
    }

    /// `args` run on one project, named the way the installed CLI takes it.
    pub fn in_project(args: &[String], project: &str, flag: ProjectFlag) -> CliCommand {
        let mut args = args.to_vec();
        let mut env = Vec::new();
        match flag {
            ProjectFlag::CloudProject => args.extend(["--cloud-project".to_owned(), project.to_owned()]),
            ProjectFlag::ServiceName => args.extend(["--service-name".to_owned(), project.to_owned()]),
            ProjectFlag::EnvOnly => env.push((PROJECT_ENV.to_owned(), project.to_owned())),
        }
        args.push("--json".to_owned());
        CliCommand { args, env }
    }
}

/// Which credential variables a by-hand command shows (as placeholders).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CredentialStyle {
    AccessToken,
    ApplicationKeys,
}

/// The command a person can paste in a terminal to see the CLI's own error.
/// Credentials are placeholders: it never contains a secret.
pub fn by_hand(program: &Path, endpoint: &str, style: CredentialStyle, command: &CliCommand) -> String {
    let mut words = vec![format!("OVH_ENDPOINT={}", shell_quote(endpoint))];
    match style {
        CredentialStyle::AccessToken => words.push("OVH_ACCESS_TOKEN='<your access token>'".to_owned()),
        CredentialStyle::ApplicationKeys => words.extend([
            "OVH_APPLICATION_KEY='<your application key>'".to_owned(),
            "OVH_APPLICATION_SECRET='<your application secret>'".to_owned(),
            "OVH_CONSUMER_KEY='<your consumer key>'".to_owned(),
        ]),
    }
    words.extend(command.env.iter().map(|(k, v)| format!("{k}={}", shell_quote(v))));
    words.push(shell_quote(&program.to_string_lossy()));
    words.extend(command.args.iter().map(|a| shell_quote(a)));
    words.join(" ")
}

fn shell_quote(word: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_./:=@%+,".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn args_per_flag_style() {
        let task = TaskKey::project("abc", ResourceKind::PrivateNetwork);
        assert_eq!(
            CliCommand::new(&task, ProjectFlag::CloudProject).args,
            [
                "cloud",
                "network",
                "private",
                "list",
                "--cloud-project",
                "abc",
                "--json"
            ]
        );
        assert_eq!(
            CliCommand::new(&task, ProjectFlag::ServiceName).args,
            ["cloud", "network", "private", "list", "--service-name", "abc", "--json"]
        );
        let env_only = CliCommand::new(&task, ProjectFlag::EnvOnly);
        assert_eq!(env_only.args, ["cloud", "network", "private", "list", "--json"]);
        assert_eq!(env_only.env, [(PROJECT_ENV.to_owned(), "abc".to_owned())]);
        assert_eq!(
            CliCommand::new(
                &TaskKey::account(ResourceKind::DedicatedServer),
                ProjectFlag::CloudProject
            )
            .args,
            ["baremetal", "list", "--json"]
        );
    }

    #[test]
    fn help_detection() {
        assert_eq!(
            ProjectFlag::from_help("Global Flags:\n      --cloud-project string   Cloud project ID"),
            ProjectFlag::CloudProject
        );
        assert_eq!(
            ProjectFlag::from_help("  --service-name string"),
            ProjectFlag::ServiceName
        );
        assert_eq!(ProjectFlag::from_help("Usage: ovhcloud"), ProjectFlag::EnvOnly);
    }

    #[test]
    fn by_hand_has_placeholders_only() {
        let task = TaskKey::project("p1", ResourceKind::Kubernetes);
        let line = by_hand(
            Path::new("/opt/my tools/ovhcloud"),
            "http://127.0.0.1:8080/1.0",
            CredentialStyle::AccessToken,
            &CliCommand::new(&task, ProjectFlag::CloudProject),
        );
        assert_eq!(
            line,
            "OVH_ENDPOINT=http://127.0.0.1:8080/1.0 OVH_ACCESS_TOKEN='<your access token>' '/opt/my tools/ovhcloud' cloud kube list --cloud-project p1 --json"
        );
        let keys = by_hand(
            Path::new("ovhcloud"),
            "https://eu.api.ovh.com/1.0",
            CredentialStyle::ApplicationKeys,
            &CliCommand::new(&task, ProjectFlag::EnvOnly),
        );
        assert!(
            keys.contains(
                "OVH_CONSUMER_KEY='<your consumer key>' OVH_CLOUD_PROJECT_SERVICE=p1 ovhcloud cloud kube list --json"
            ),
            "{keys}"
        );
    }
}
