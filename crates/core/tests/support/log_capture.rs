//! Log lines written to memory, so a test can look for secrets in
//! everything that was logged. Give a `fmt` layer or subscriber
//! `.with_writer(captured.writer())`, run the code, then read
//! [`Captured::text`].

use std::io::Write;
use std::sync::{Arc, Mutex};

/// Every byte the subscriber wrote; clones share the same buffer.
#[derive(Clone, Default)]
pub struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    /// For `with_writer`: each log line goes into this buffer.
    pub fn writer(&self) -> impl Fn() -> Captured + Send + Sync + 'static {
        let captured = self.clone();
        move || captured.clone()
    }

    /// All that was logged so far.
    pub fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
