//! Memory figures from Linux: a process's own peak (`VmHWM`) and current
//! resident size, the largest peak of its waited-for children
//! (`getrusage(RUSAGE_CHILDREN)`), and the resident size of a whole process
//! tree right now (summed over `/proc/*/stat` descendants).

use std::collections::HashMap;
use std::fs;

/// `VmHWM` (peak resident set) of this process, in KiB.
pub fn own_peak_kib() -> u64 {
    status_field("VmHWM").unwrap_or(0)
}

/// `VmRSS` of this process, in KiB.
pub fn own_resident_kib() -> u64 {
    status_field("VmRSS").unwrap_or(0)
}

fn status_field(name: &str) -> Option<u64> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let line = status
        .lines()
        .find(|l| l.starts_with(name) && l[name.len()..].starts_with(':'))?;
    line[name.len() + 1..].trim().trim_end_matches("kB").trim().parse().ok()
}

/// The largest peak resident set of any child this process has waited for
/// (Linux reports the maximum, not a sum), in KiB.
pub fn largest_child_peak_kib() -> u64 {
    // SAFETY: getrusage only writes into the zeroed struct we hand it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    if rc == 0 {
        usage.ru_maxrss.max(0) as u64
    } else {
        0
    }
}

/// Resident KiB of `root` and every descendant alive now.
pub fn tree_resident_kib(root: u32) -> u64 {
    let mut children: HashMap<u32, Vec<u32>> = HashMap::new();
    if let Ok(entries) = fs::read_dir("/proc") {
        for entry in entries.flatten() {
            let Some(pid) = entry.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else {
                continue;
            };
            if let Some(ppid) = parent_of(pid) {
                children.entry(ppid).or_default().push(pid);
            }
        }
    }
    let mut total = 0;
    let mut stack = vec![root];
    while let Some(pid) = stack.pop() {
        total += resident_kib(pid);
        stack.extend(children.get(&pid).into_iter().flatten().copied());
    }
    total
}

fn parent_of(pid: u32) -> Option<u32> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name is in parentheses and may hold spaces: read after the last ')'.
    let rest = &stat[stat.rfind(')')? + 1..];
    rest.split_whitespace().nth(1)?.parse().ok()
}

fn resident_kib(pid: u32) -> u64 {
    let Ok(statm) = fs::read_to_string(format!("/proc/{pid}/statm")) else {
        return 0;
    };
    let pages: u64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    pages * page_size_kib()
}

fn page_size_kib() -> u64 {
    // SAFETY: sysconf has no preconditions.
    let size = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    if size > 0 {
        size as u64 / 1024
    } else {
        4
    }
}
