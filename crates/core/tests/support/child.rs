//! Runs one test of this test binary again as a child process, which the
//! kill tests then stop with SIGKILL at a chosen moment.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

/// A child running the test `name` with `var=value` in its environment, and
/// the lines it prints, read as they come.
pub struct ChildTest {
    pub process: Child,
    pub lines: Receiver<String>,
}

impl ChildTest {
    /// Starts the test `name` and returns once it has printed a line ending with "ready".
    pub fn start_when_ready(name: &str, var: &str, value: &str, timeout: Duration) -> ChildTest {
        let mut process = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", name, "--nocapture", "--test-threads=1"])
            .env(var, value)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let (tx, lines) = mpsc::channel();
        let stdout = process.stdout.take().unwrap();
        std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .for_each(|l| drop(tx.send(l)))
        });
        // libtest prints "test NAME ... " on the same line as the child's first words.
        while !lines
            .recv_timeout(timeout)
            .expect("the child starts")
            .ends_with("ready")
        {}
        ChildTest { process, lines }
    }

    /// SIGKILL by pid, then the lines it printed before dying.
    pub fn kill(mut self) -> Vec<String> {
        self.process.kill().expect("SIGKILL by pid");
        self.process.wait().unwrap();
        self.lines.try_iter().collect()
    }
}
