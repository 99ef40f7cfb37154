//! The engine an action goes through: the connection's own choice, the API
//! client or the bundled `ovhcloud` CLI (`ovhcloud cloud instance start|stop|reboot`).

use std::sync::Arc;

use crate::api::{ApiClient, ApiRequest};
use crate::discovery::CliEngine;
use crate::user_error::UserError;

use super::denial::explain_denial;
use super::power::PowerAction;

#[derive(Clone)]
pub enum ActionEngine {
    Api(ApiClient),
    Cli(Arc<CliEngine>),
}

impl ActionEngine {
    /// Sends the action; OVH answers at once and the status then moves (see
    /// [`super::wait_until_settled`]). A refusal names the right or IAM action
    /// that is missing and how to grant it.
    pub async fn power(&self, project_id: &str, instance_id: &str, action: PowerAction) -> Result<(), UserError> {
        let path = action.path(project_id, instance_id)?;
        let sent = match self {
            ActionEngine::Api(client) => {
                let mut request = ApiRequest::post(&path);
                if !action.body().is_null() {
                    request = request.json(&action.body())?;
                }
                client.send(request).await.map(drop).map_err(UserError::from)
            }
            // The path check above also keeps odd ids out of the CLI's own paths.
            ActionEngine::Cli(cli) => cli.run_action(project_id, &action.cli_args(instance_id), &path).await,
        };
        sent.map_err(|e| explain_denial(e, &action.needed()))
    }
}
