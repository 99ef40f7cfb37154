//! The simulated account: its model, the deterministic generator and fixtures.

mod generate;
mod model;
mod names;

pub use generate::generate;
pub use model::*;

use std::path::Path;

/// Reads a fixture: a JSON file holding a serialized [`Dataset`].
pub fn load_fixture(path: &Path) -> Result<Dataset, crate::SimError> {
    let text = std::fs::read_to_string(path).map_err(|e| crate::SimError::Fixture {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    serde_json::from_str(&text).map_err(|e| crate::SimError::Fixture {
        path: path.display().to_string(),
        reason: e.to_string(),
    })
}
