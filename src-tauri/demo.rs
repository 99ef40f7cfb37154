//! The offline demo: Aurora's own OVH simulator, started inside the app, with
//! the demo's public credentials (they only ever open this loopback server).

use aurora_core::{ErrorKind, UserError};
use ovh_sim::demo::{
    DEMO_APPLICATION_KEY, DEMO_APPLICATION_SECRET, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_REDIRECT_URI,
};
use ovh_sim::{RunningSim, SimConfig, Simulator};

/// The demo simulator's usual port.
const DEMO_PORT: u16 = 18787;

pub struct Demo {
    sim: RunningSim,
}

impl Demo {
    /// Listens on a fixed loopback port when it is free, so demo connections
    /// saved in an earlier run still reach the simulator; else on any port.
    pub fn start() -> Result<Demo, UserError> {
        let fixed = SimConfig::demo().listen(([127, 0, 0, 1], DEMO_PORT).into());
        let sim = Simulator::start_in_background(fixed)
            .or_else(|_| Simulator::start_in_background(SimConfig::demo()))
            .map_err(|e| {
                UserError::new(
                    ErrorKind::Internal,
                    format!("The offline demo's simulator could not start: {e}"),
                    ["Start Aurora without --demo, or free a loopback port and try again."],
                )
            })?;
        tracing::info!("Offline demo: the OVH simulator listens on {}.", sim.base_url());
        Ok(Demo { sim })
    }

    /// The simulator's API base, used as the `custom` endpoint.
    pub fn api_url(&self) -> String {
        self.sim.api_url()
    }

    pub fn client_id(&self) -> &'static str {
        DEMO_CLIENT_ID
    }

    pub fn client_secret(&self) -> &'static str {
        DEMO_CLIENT_SECRET
    }

    pub fn redirect_uri(&self) -> &'static str {
        DEMO_REDIRECT_URI
    }

    /// The demo application's key and secret, shown in the API keys wizard
    /// because the simulator has no application-creation page.
    pub fn application(&self) -> (&'static str, &'static str) {
        (DEMO_APPLICATION_KEY, DEMO_APPLICATION_SECRET)
    }
}
