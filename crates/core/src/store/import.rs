//! The JSON cache of earlier versions (`inventories/inventory-<id>.json`),
//! imported into the store on first start, then removed.

use super::Store;
use crate::discovery::cache::InventoryCache;
use crate::user_error::UserError;

impl Store {
    /// Imports every saved JSON inventory not yet in the store and removes
    /// each file once imported (an inventory already in the store is newer:
    /// its file just goes). Returns the problems met; a damaged file is set
    /// aside as `.bak` by the cache, and one that cannot be imported stays.
    pub fn import_json_cache(&self, cache: &InventoryCache) -> Vec<UserError> {
        let mut problems = Vec::new();
        for path in cache.saved_files() {
            let cached = match cache.load_file(&path) {
                Ok(Some(cached)) => cached,
                Ok(None) => continue,
                Err(problem) => {
                    problems.push(problem);
                    continue;
                }
            };
            let id = cached.inventory.connection_id.clone();
            let imported = match self.inventory_header(&id) {
                Ok(Some(_)) => Ok(()),
                Ok(None) => self.save_imported(cached.inventory, cached.stale, cached.costs),
                Err(e) => Err(e),
            };
            match imported {
                Ok(()) => {
                    if let Err(e) = std::fs::remove_file(&path) {
                        tracing::warn!(path = %path.display(), error = %e, "an imported inventory file could not be removed");
                    }
                }
                Err(problem) => problems.push(problem),
            }
        }
        // The folder goes once empty; with other files in it (a `.bak`) it stays.
        let _ = std::fs::remove_dir(cache.dir());
        problems
    }
}
