//! What Aurora does to resources, besides reading them: an instance's power
//! actions, a Managed Kubernetes cluster's kubeconfig, and the connection's own
//! recent API calls.
//!
//! ```ignore
//! let engine = ActionEngine::Api(client.clone());              // or ActionEngine::cli(&cli_engine, client.clone())
//! engine.power(&project, &instance, PowerAction::Stop).await?;  // OVH answers at once...
//! let settled = wait_until_settled(&client, &project, &instance, PowerAction::Stop, &Polling::default(), |s| ...).await?;
//! let saved = save_kubeconfig(&client, &project, &kube_id, &chosen_path).await?; // mode 0600
//! let calls = recent_activity(&client, 50).await?;               // newest first
//! ```
//!
//! - [`power`]: [`PowerAction`] and polling until the status settles.
//! - [`engine`]: [`ActionEngine`], the connection's engine (API client or `ovhcloud` CLI).
//! - [`kubeconfig`]: [`save_kubeconfig`] and the kubectl command for the file.
//! - [`activity`]: [`recent_activity`] from `GET /me/api/logs/self`.
//! - [`denial`]: what a refusal means for an action and how to grant it.

pub mod activity;
pub mod denial;
pub mod engine;
pub mod kubeconfig;
pub mod power;

pub use activity::{recent_activity, ApiCall};
pub use denial::{explain_denial, Needed};
pub use engine::ActionEngine;
pub use kubeconfig::{kubectl_command, save_kubeconfig, SavedKubeconfig};
pub use power::{wait_until_settled, Polling, PowerAction};
