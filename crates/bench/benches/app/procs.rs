//! The app's processes, read from /proc: which ones belong to the app (the
//! app and everything it started), their memory, and when the app started.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

#[derive(Clone, Debug)]
pub struct Proc {
    pub pid: u32,
    pub ppid: u32,
    /// The program's file name (argv[0] without its directory), or `comm`.
    pub name: String,
    pub exe: Option<PathBuf>,
}

fn read_proc(pid: u32) -> Option<Proc> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // `pid (comm) state ppid ...`: comm may hold spaces and parentheses.
    let close = stat.rfind(')')?;
    let comm = stat[stat.find('(')? + 1..close].to_owned();
    let ppid = stat[close + 2..].split_whitespace().nth(1)?.parse().ok()?;
    let cmdline = fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
    let argv0 = cmdline
        .split(|b| *b == 0)
        .next()
        .map(|a| String::from_utf8_lossy(a).into_owned())
        .unwrap_or_default();
    let name = Path::new(&argv0)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.is_empty())
        .unwrap_or(comm);
    Some(Proc {
        pid,
        ppid,
        name,
        exe: fs::read_link(format!("/proc/{pid}/exe")).ok(),
    })
}

fn all() -> Vec<Proc> {
    fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(read_proc)
        .collect()
}

/// `root` and every process below it.
pub fn tree(root: u32) -> Vec<Proc> {
    let procs = all();
    let mut children: HashMap<u32, Vec<&Proc>> = HashMap::new();
    for p in &procs {
        children.entry(p.ppid).or_default().push(p);
    }
    let mut out: Vec<Proc> = procs.iter().filter(|p| p.pid == root).cloned().collect();
    let mut next = vec![root];
    while let Some(pid) = next.pop() {
        for child in children.get(&pid).into_iter().flatten() {
            out.push((*child).clone());
            next.push(child.pid);
        }
    }
    out
}

/// The process running `binary` under `root` (the app under tauri-driver and WebKitWebDriver).
pub fn find_under(root: u32, binary: &Path) -> Option<Proc> {
    let binary = binary.canonicalize().unwrap_or_else(|_| binary.to_path_buf());
    tree(root)
        .into_iter()
        .find(|p| p.exe.as_deref() == Some(binary.as_path()))
}

fn status_kib(path: &str, key: &str) -> Option<u64> {
    let text = fs::read_to_string(path).ok()?;
    let line = text.lines().find(|l| l.starts_with(key))?;
    line[key.len()..].split_whitespace().next()?.parse().ok()
}

/// Resident size (`VmRSS`), KiB.
pub fn rss_kib(pid: u32) -> Option<u64> {
    status_kib(&format!("/proc/{pid}/status"), "VmRSS:")
}

/// Proportional set size (shared pages divided among the processes sharing them), KiB.
pub fn pss_kib(pid: u32) -> Option<u64> {
    status_kib(&format!("/proc/{pid}/smaps_rollup"), "Pss:")
}

/// Milliseconds since the Unix epoch.
pub fn epoch_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64() * 1000.0)
        .unwrap_or(0.0)
}

/// When the process started, in milliseconds since the Unix epoch (to the
/// kernel's clock tick, 10 ms on most systems).
pub fn start_epoch_ms(pid: u32) -> Option<f64> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after_comm = &stat[stat.rfind(')')? + 2..];
    // Field 22 (`starttime`), the 20th after `comm`: clock ticks after boot.
    let ticks: f64 = after_comm.split_whitespace().nth(19)?.parse().ok()?;
    // SAFETY: sysconf and clock_gettime only read the system's values into `ts`.
    let (hz, boottime_ms) = unsafe {
        let hz = libc::sysconf(libc::_SC_CLK_TCK) as f64;
        let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
        if libc::clock_gettime(libc::CLOCK_BOOTTIME, &mut ts) != 0 || hz <= 0.0 {
            return None;
        }
        (hz, ts.tv_sec as f64 * 1000.0 + ts.tv_nsec as f64 / 1e6)
    };
    let boot_epoch_ms = epoch_ms() - boottime_ms;
    Some(boot_epoch_ms + ticks / hz * 1000.0)
}
