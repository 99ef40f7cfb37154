//! The simulated account: its model, the deterministic generator and fixtures.

mod generate;
mod model;
mod names;

pub use generate::{generate, standard_regions};
pub use model::*;

use std::path::Path;

/// Reads a fixture: a JSON file holding a serialized [`Dataset`].
pub fn load_fixture(path: &Path) -> Result<Dataset, crate::SimError> {
    let text = std::fs::read_to_string(path).map_err(|e| crate::SimError::Fixture {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    let mut dataset: Dataset = serde_json::from_str(&text).map_err(|e| crate::SimError::Fixture {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    fill_regions(&mut dataset);
    Ok(dataset)
}

/// Gives projects without regions the [`standard_regions`], which clients list
/// before object storage and registries.
pub fn fill_regions(dataset: &mut Dataset) {
    for p in dataset.projects.iter_mut().filter(|p| p.regions.is_empty()) {
        p.regions = standard_regions();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_minimal_fixture_loads_and_gets_regions() {
        let path = std::env::temp_dir().join(format!("ovh-sim-minimal-{}.json", std::process::id()));
        let mut full = generate(
            3,
            crate::DataSize {
                projects: 1,
                per_type: 1,
                dedicated_servers: 0,
            },
            "eu",
        );
        let project = serde_json::to_value(&full.projects[0].project).unwrap();
        let me = serde_json::to_value(&full.me).unwrap();
        std::fs::write(
            &path,
            serde_json::json!({"me": me, "projects": [{"project": project}]}).to_string(),
        )
        .unwrap();
        let loaded = load_fixture(&path).unwrap();
        let _ = std::fs::remove_file(&path);
        assert_eq!(loaded.projects[0].regions, standard_regions());
        assert!(loaded.projects[0].instances.is_empty());
        full.projects[0].instances.clear();
        assert_eq!(loaded.projects[0].project, full.projects[0].project);
        assert!(load_fixture(Path::new("/nonexistent.json"))
            .unwrap_err()
            .to_string()
            .ends_with('.'));
    }
}
