//! Gives memory back to the system after large inventories.
//!
//! Reading a saved inventory and sending it to the window allocates several
//! times its size (16,100 resources: about 150 MiB), all freed once the
//! answer has gone. glibc keeps freed memory for later instead of returning
//! it, so without a trim the app stayed that much larger at rest
//! (docs/benchmarks.md, "Memory at rest").

use std::time::Duration;

/// After the command's answer has been serialized and sent (which happens
/// once the command has returned), asks the allocator to return its free
/// memory to the system.
pub fn release_freed_memory_soon() {
    tauri::async_runtime::spawn(async {
        tokio::time::sleep(Duration::from_secs(2)).await;
        trim();
    });
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn trim() {
    // SAFETY: malloc_trim only walks the allocator's own free lists; it may
    // be called at any time from any thread.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn trim() {}
