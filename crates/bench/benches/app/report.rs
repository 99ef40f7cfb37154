//! The Markdown report, and writing it into docs/benchmarks.md.

use std::fmt::Write;
use std::path::Path;

use crate::machine::Machine;
use crate::stats::Summary;
use crate::{Action, SizeResult};

/// One frame at 60 Hz: "answered in one frame" (see [`in_one_frame`]).
const FRAME_MS: f64 = 16.0;
/// Issue 16's targets, as ratios within one run.
const LAUNCH_RATIO_MAX: f64 = 1.2;
const MEMORY_RATIO_MAX: f64 = 1.5;
/// Share of search keystrokes answered in one frame: up to 100,000 resources, and above.
const SEARCH_SHARE_SMALL: f64 = 0.99;
const SEARCH_SHARE_LARGE: f64 = 0.95;
const LARGE: usize = 100_000;

pub fn utc_now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    aurora_core::discovery::model::rfc3339_utc(secs)
}

fn webkit_version() -> String {
    std::process::Command::new("dpkg-query")
        .args(["-W", "-f=${Version}", "libwebkit2gtk-4.1-0"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "unknown version".into())
}

fn command_line() -> String {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let own = format!("cargo bench -p aurora-bench --bench app -- {}", args.join(" "));
    match std::env::var("AURORA_BENCH_COMMAND") {
        Ok(by) if !by.trim().is_empty() => format!("{} → {}", by.trim(), own.trim_end()),
        _ => own.trim_end().to_owned(),
    }
}

fn ms(x: f64) -> String {
    if x.abs() >= 100.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

fn spread(s: Option<Summary>) -> String {
    match s {
        Some(s) if s.n > 1 => format!("{} ({}–{})", ms(s.median), ms(s.min), ms(s.max)),
        Some(s) => ms(s.median),
        None => "–".into(),
    }
}

fn mib(kib: f64) -> String {
    format!("{:.1}", kib / 1024.0)
}

fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn inventory_label(r: &SizeResult) -> String {
    format!("{} ({} resources)", r.seeded.label, thousands(r.seeded.resources))
}

fn seconds(x: f64) -> String {
    format!("{:.2} s", x / 1000.0)
}

/// Milliseconds per 10,000 resources, as seconds.
fn per_10k(ms: f64, resources: usize) -> String {
    if resources == 0 {
        "–".into()
    } else {
        seconds(ms * 10_000.0 / resources as f64)
    }
}

fn median_launch(r: &SizeResult) -> Option<f64> {
    Summary::of(r.launches.iter().map(|x| x.total_ms)).map(|s| s.median)
}

fn median_pss_kib(r: &SizeResult) -> Option<f64> {
    Summary::of(r.memory.iter().map(|m| m.pss_kib() as f64)).map(|s| s.median)
}

fn verdict(met: bool) -> &'static str {
    if met {
        "**met**"
    } else {
        "**missed**"
    }
}

fn share(n: usize, of: usize) -> String {
    if of == 0 {
        "–".into()
    } else {
        format!("{n}/{of} ({:.1}%)", 100.0 * n as f64 / of as f64)
    }
}

/// Groups in first-seen order.
fn groups(actions: &[Action]) -> Vec<&'static str> {
    let mut seen = Vec::new();
    for a in actions {
        if !seen.contains(&a.group) {
            seen.push(a.group);
        }
    }
    seen
}

/// The reading of "within one frame": the answer was in the DOM within
/// 16 ms of the event and no frame was drawn before it, so the first frame
/// after the keystroke showed it.
pub fn in_one_frame(t: &crate::page::Timed) -> bool {
    t.frames_before == 0 && t.dom_ms <= FRAME_MS
}

fn action_row(out: &mut String, inventory: &str, what: &str, actions: &[&Action], last: &str) {
    let lat = Summary::of(actions.iter().map(|a| a.timed.latency_ms));
    let dom = Summary::of(actions.iter().map(|a| a.timed.dom_ms));
    let n = actions.len();
    let one_frame = actions.iter().filter(|a| in_one_frame(&a.timed)).count();
    let (median, p95, max) = lat.map_or(("–".into(), "–".into(), "–".into()), |s| {
        (ms(s.median), ms(s.p95), ms(s.max))
    });
    let (dom_median, dom_p95) = dom.map_or(("–".into(), "–".into()), |s| (ms(s.median), ms(s.p95)));
    let _ = writeln!(out, "| {inventory} | {what} | {n} | {median} | {p95} | {max} | {dom_median} | {dom_p95} | {one_frame}/{n} | {last} |");
}

pub fn render(results: &[SizeResult], started: &str) -> String {
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, "## The app\n");
    let _ = writeln!(w, "Written by `cargo bench -p aurora-bench --bench app` (`make bench-app`); regenerate rather than edit. The real app binary (release build, UI embedded) in the real WebKitGTK webview under Xvfb, driven by tauri-driver and WebKitWebDriver. Same caution as above: a shared 2-core machine, so read medians and spreads, and compare within one run.\n");
    let _ = writeln!(w, "- Date (UTC): {started}");
    let _ = writeln!(w, "- Command: `{}`", command_line());
    let _ = writeln!(w, "- Machine: {}", Machine::describe());
    let _ = writeln!(w, "- Webview: WebKitGTK (libwebkit2gtk-4.1-0 {}), Xvfb 1400x900x24, software rendering (`WEBKIT_DISABLE_COMPOSITING_MODE=1`, `WEBKIT_DISABLE_DMABUF_RENDERER=1`), window 1280x820", webkit_version());
    for r in results {
        let s = &r.seeded;
        let searched = if s.resources == 0 {
            String::new()
        } else {
            format!(
                "; searched for the name `{}` and the IP address `{}` of one instance; the Region filter picks `{}`",
                s.queries.name, s.queries.ip, s.region
            )
        };
        let _ = writeln!(
            w,
            "- Inventory {}: {} resources, {}, saved in the app's inventory store ({} on disk, and a write-ahead log of {}){searched}; {} launch(es), each in the same home (the first one with WebKit's caches empty)",
            s.label,
            thousands(s.resources),
            s.origin,
            crate::seed::human_bytes(s.cache_file_bytes),
            crate::seed::human_bytes(s.wal_bytes),
            r.launches.len()
        );
        if let Some(failure) = &r.failure {
            let _ = writeln!(w, "  - **Stopped early**: {failure}");
        }
    }
    let _ = writeln!(
        w,
        "\nMachines like this one are shared and noisy: read the ratios within this run, not the absolute times."
    );

    let _ = writeln!(w, "\n### Against the targets (issue 16), as ratios within this run\n");
    targets(w, results);

    let _ = writeln!(w, "\n### A refresh's store write\n");
    let _ = writeln!(w, "Timed while seeding, in the benchmark's process, through the store's `save_refresh` (one transaction, the overview's counts included): the inventory written into an empty store, then written again as a refresh that changed the status of 1% of the resources (unchanged rows are compared and not written again).\n");
    let _ = writeln!(w, "| inventory | first write | per 10,000 resources | a refresh changing 1% | per 10,000 resources | store file | its write-ahead log after the writes |");
    let _ = writeln!(w, "|---|--:|--:|--:|--:|--:|--:|");
    for r in results.iter().filter(|r| r.seeded.resources > 0) {
        let s = &r.seeded;
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} | {} | {} | {} |",
            inventory_label(r),
            seconds(s.first_write_ms),
            per_10k(s.first_write_ms, s.resources),
            seconds(s.refresh_write_ms),
            per_10k(s.refresh_write_ms, s.resources),
            crate::seed::human_bytes(s.cache_file_bytes),
            crate::seed::human_bytes(s.wal_bytes)
        );
    }

    let _ = writeln!(w, "\n### Launch to a dashboard showing the cached inventory (ms)\n");
    let _ = writeln!(w, "| inventory | launches | app start → count painted: median (min–max) | each launch, in order | app start → page navigation | navigation → DOMContentLoaded | DOMContentLoaded → count painted | not the app: tauri-driver spawned → app started | tauri-driver spawned → WebDriver session open |");
    let _ = writeln!(w, "|---|--:|--:|---|--:|--:|--:|--:|--:|");
    for r in results {
        let l = &r.launches;
        let each: Vec<String> = l
            .iter()
            .map(|x| format!("{}{}", ms(x.total_ms), if x.already { "*" } else { "" }))
            .collect();
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            inventory_label(r),
            l.len(),
            spread(Summary::of(l.iter().map(|x| x.total_ms))),
            each.join(", "),
            spread(Summary::of(l.iter().map(|x| x.to_navigation_ms))),
            spread(Summary::of(l.iter().map(|x| x.to_dom_ready_ms))),
            spread(Summary::of(l.iter().map(|x| x.to_count_ms))),
            spread(Summary::of(l.iter().map(|x| x.harness_ms))),
            spread(Summary::of(l.iter().map(|x| x.session_ms))),
        );
    }
    if results.iter().any(|r| r.launches.iter().any(|x| x.already)) {
        let _ = writeln!(
            w,
            "\n\\* The count was already on screen when the probe started: that launch's time is an upper bound."
        );
    }
    let ipc_known = results
        .iter()
        .any(|r| r.ipc.iter().any(|x| x.0.is_some() || x.1.is_some()));
    if ipc_known {
        let _ = writeln!(w, "\nThe commands the whole-inventory dashboard calls at launch, each timed again from the page once the dashboard was idle (Rust reads the saved inventory, serializes the answer, the webview parses it); \"–\": the app has no such command.\n");
        let _ = writeln!(
            w,
            "| inventory | saved inventory file | `get_inventory` round trip | `get_inventory_details` round trip |"
        );
        let _ = writeln!(w, "|---|--:|--:|--:|");
        for r in results {
            let _ = writeln!(
                w,
                "| {} | {} | {} | {} |",
                inventory_label(r),
                crate::seed::human_bytes(r.seeded.cache_file_bytes),
                spread(Summary::of(r.ipc.iter().filter_map(|x| x.0))),
                spread(Summary::of(r.ipc.iter().filter_map(|x| x.1))),
            );
        }
    }

    let _ = writeln!(w, "\n### Search and filter latency, per keystroke or choice (ms)\n");
    let _ = writeln!(w, "Latency: from just before the `input` (search) or `change` (filter) event to the painted frame that shows the answer. \"Event → DOM updated\" is the part up to the last DOM change the event caused (React's renders, and any frame drawn in between); the rest is waiting for and drawing the next frame: up to one frame interval even with nothing to do (first row of each inventory). \"In one frame\": the answer was in the DOM within 16 ms of the event and no frame was drawn before it, so the first frame after the keystroke showed it. The webview's clock ticks in whole milliseconds.\n");
    let _ = writeln!(w, "| inventory | action | samples | latency median | latency p95 | latency max | event → DOM updated: median | event → DOM updated: p95 | in one frame | what the last one showed |");
    let _ = writeln!(w, "|---|---|--:|--:|--:|--:|--:|--:|--:|---|");
    for r in results
        .iter()
        .filter(|r| !r.keystrokes.is_empty() || !r.filters.is_empty())
    {
        let inv = inventory_label(r);
        let floor: Vec<Action> = r
            .floor
            .iter()
            .map(|t| Action {
                group: "",
                input: String::new(),
                swaps_view: false,
                timed: t.clone(),
            })
            .collect();
        action_row(
            w,
            &inv,
            "no event: now → the next painted frame (the floor of every row)",
            &floor.iter().collect::<Vec<_>>(),
            "–",
        );
        for group in groups(&r.keystrokes) {
            let actions: Vec<&Action> = r.keystrokes.iter().filter(|a| a.group == group).collect();
            let last = actions
                .last()
                .map(|a| {
                    format!(
                        "`{}`: {}",
                        a.input,
                        a.timed
                            .matches
                            .clone()
                            .unwrap_or_else(|| a.timed.title.clone().unwrap_or_default())
                    )
                })
                .unwrap_or_default();
            action_row(w, &inv, &format!("search: {group}, one keystroke"), &actions, &last);
        }
        action_row(
            w,
            &inv,
            "**search: every keystroke above**",
            &r.keystrokes.iter().collect::<Vec<_>>(),
            "–",
        );
        action_row(
            w,
            &inv,
            "search: the keystrokes above within a search",
            &r.keystrokes.iter().filter(|a| !a.swaps_view).collect::<Vec<_>>(),
            "–",
        );
        action_row(
            w,
            &inv,
            "search: the keystrokes above that start or end a search (overview ↔ results)",
            &r.keystrokes.iter().filter(|a| a.swaps_view).collect::<Vec<_>>(),
            "–",
        );
        for group in groups(&r.filters) {
            let actions: Vec<&Action> = r.filters.iter().filter(|a| a.group == group).collect();
            let last = actions
                .last()
                .map(|a| format!("{}: {}", a.input, a.timed.shown.clone().unwrap_or_default()))
                .unwrap_or_default();
            action_row(w, &inv, &format!("filter: {group}"), &actions, &last);
        }
    }

    let _ = writeln!(w, "\n### Memory at rest, the dashboard showing the inventory (MiB)\n");
    let _ = writeln!(w, "Read after the dashboard was left alone for a few seconds, before any search, in each launch: median (min–max) over the launches. PSS divides shared pages among the processes sharing them, so the PSS total is the tree's real footprint; the RSS total counts shared libraries once per process.\n");
    let _ = writeln!(w, "| inventory | process | processes | RSS | PSS |");
    let _ = writeln!(w, "|---|---|--:|--:|--:|");
    for r in results {
        let inv = inventory_label(r);
        let mut names: Vec<String> = Vec::new();
        for m in &r.memory {
            for (name, ..) in &m.processes {
                if !names.contains(name) {
                    names.push(name.clone());
                }
            }
        }
        for name in &names {
            let per: Vec<(usize, u64, u64)> = r
                .memory
                .iter()
                .map(|m| {
                    let ps: Vec<_> = m.processes.iter().filter(|p| &p.0 == name).collect();
                    (ps.len(), ps.iter().map(|p| p.1).sum(), ps.iter().map(|p| p.2).sum())
                })
                .collect();
            let count = per.iter().map(|p| p.0).max().unwrap_or(0);
            let rss = Summary::of(per.iter().map(|p| p.1 as f64 / 1024.0));
            let pss = Summary::of(per.iter().map(|p| p.2 as f64 / 1024.0));
            let _ = writeln!(
                w,
                "| {inv} | `{name}` | {count} | {} | {} |",
                spread_mib(rss),
                spread_mib(pss)
            );
        }
        let rss = Summary::of(r.memory.iter().map(|m| m.rss_kib() as f64 / 1024.0));
        let pss = Summary::of(r.memory.iter().map(|m| m.pss_kib() as f64 / 1024.0));
        let count = r.memory.iter().map(|m| m.processes.len()).max().unwrap_or(0);
        let _ = writeln!(
            w,
            "| {inv} | **the app and every process it started** | {count} | {} | **{}** |",
            spread_mib(rss),
            spread_mib(pss)
        );
    }

    let _ = writeln!(w, "\n### How it is measured\n");
    let _ = writeln!(w, "- Seeding: each inventory gets a private home (its own XDG directories and keyring service, as tests/support gives every app under test) with one connection with API keys (saved in the session's gnome-keyring, as the API keys wizard saves them) on a custom endpoint where nothing listens, and its last good inventory, written by the store's `save_refresh` with the account's costs, as a refresh from the window does. The native API engine discovers the ovh-sim account in process (64 requests in flight only to seed faster; the inventory does not depend on it); the 500k inventory is ten copies of that discovery under other project ids, written straight into the store. The empty inventory is a refresh that found no project. Every home is seeded before the first launch; the app shows the saved inventory without any network, and nothing refreshes on its own.");
    let _ = writeln!(w, "- Launch: tauri-driver is spawned, opens a WebDriver session, and WebKitWebDriver starts the app. The app's own launch is timed from its process's start (`/proc/PID/stat`, 10 ms clock ticks) to the painted frame showing `[data-testid=resource-count]` = the inventory's count: a MutationObserver sees the count appear and a task queued inside the next animation frame marks the paint. The page's navigation start (`performance.timeOrigin`) and DOMContentLoaded split it into the app's native start-up, the page load, and reading the inventory through IPC plus building the dashboard. The WebDriver start-up before the app is shown apart; it is not part of the app's launch.");
    let _ = writeln!(w, "- Search: each keystroke sets `[data-testid=dash-search]`'s value through the input element's native value setter (so React sees it) and dispatches `input`, inside `execute/async`; the latency runs from `performance.now()` just before the event to the painted frame after the last DOM change it caused, once the heading reads `Search results for “…”` for that text (every keystroke renders its results with the typed character: within a search the table's rows in sight, and the one that starts or ends a search hides or shows the overview, which stays on the page during a search) and the page has been quiet for 120 ms. Typing a name, clearing the box, typing an IP address one character at a time, then erasing it one character at a time (a shorter query must scan everything again). 60 ms pause between actions.");
    let _ = writeln!(w, "- Filter: the same for choosing a value in the Region or Status `<select>` of the overview (a `change` event), and back to all.");
    let _ = writeln!(w, "- Memory: after the count is painted and the dashboard left alone, the resident size (`VmRSS`) and proportional set size (`Pss` of `/proc/PID/smaps_rollup`) of the app's process and every process below it (WebKitWebProcess, WebKitNetworkProcess), found by walking `/proc` from tauri-driver's pid to the process running the app binary.");
    out
}

/// The targets table: launch and memory against the empty inventory, search and filters in one frame, the store write.
fn targets(w: &mut String, results: &[SizeResult]) {
    let _ = writeln!(w, "| measure | inventory | measured | target | |");
    let _ = writeln!(w, "|---|---|--:|---|---|");
    let empty = results.iter().find(|r| r.seeded.resources == 0);
    let with_resources: Vec<&SizeResult> = results.iter().filter(|r| r.seeded.resources > 0).collect();
    for r in &with_resources {
        let inv = inventory_label(r);
        match (empty.and_then(median_launch), median_launch(r)) {
            (Some(e), Some(x)) => {
                let ratio = x / e;
                let _ = writeln!(
                    w,
                    "| launch to the painted dashboard ÷ the empty inventory's (medians) | {inv} | {ratio:.2}x ({} ms ÷ {} ms) | ≤ {LAUNCH_RATIO_MAX}x | {} |",
                    ms(x),
                    ms(e),
                    verdict(ratio <= LAUNCH_RATIO_MAX)
                );
            }
            _ => {
                let _ = writeln!(w, "| launch to the painted dashboard ÷ the empty inventory's | {inv} | – (no empty-inventory launch in this run) | ≤ {LAUNCH_RATIO_MAX}x | not measured |");
            }
        }
    }
    for r in &with_resources {
        let inv = inventory_label(r);
        let wanted = if r.seeded.resources > LARGE {
            SEARCH_SHARE_LARGE
        } else {
            SEARCH_SHARE_SMALL
        };
        let count = |swaps: bool| {
            let set: Vec<&Action> = r.keystrokes.iter().filter(|a| a.swaps_view == swaps).collect();
            (set.iter().filter(|a| in_one_frame(&a.timed)).count(), set.len())
        };
        for (what, swaps) in [("within a search", false), ("starting or ending a search", true)] {
            let (n, of) = count(swaps);
            let met = of > 0 && n as f64 >= wanted * of as f64;
            let _ = writeln!(
                w,
                "| search keystrokes answered in the frame after them, {what} | {inv} | {} | ≥ {:.0}% | {} |",
                share(n, of),
                wanted * 100.0,
                verdict(met)
            );
        }
        let n = r.filters.iter().filter(|a| in_one_frame(&a.timed)).count();
        let of = r.filters.len();
        let _ = writeln!(
            w,
            "| a filter choice answered in one frame | {inv} | {} | every one | {} |",
            share(n, of),
            verdict(of > 0 && n == of)
        );
    }
    for r in &with_resources {
        let inv = inventory_label(r);
        if let (Some(e), Some(x)) = (empty.and_then(median_pss_kib), median_pss_kib(r)) {
            let ratio = x / e;
            let _ = writeln!(
                w,
                "| memory at rest, PSS of the app's process tree ÷ the empty app's (medians) | {inv} | {ratio:.2}x ({} MiB ÷ {} MiB) | ≤ {MEMORY_RATIO_MAX}x (at 500k) | {} |",
                mib(x),
                mib(e),
                verdict(ratio <= MEMORY_RATIO_MAX)
            );
        }
    }
    for r in &with_resources {
        let s = &r.seeded;
        let _ = writeln!(
            w,
            "| a refresh's store write, per 10,000 resources | {} | {} (a refresh changing 1%); {} (first write) | reported | – |",
            inventory_label(r),
            per_10k(s.refresh_write_ms, s.resources),
            per_10k(s.first_write_ms, s.resources)
        );
    }
}

fn spread_mib(s: Option<Summary>) -> String {
    match s {
        Some(s) if s.n > 1 => format!(
            "{} ({}–{})",
            mib(s.median * 1024.0),
            mib(s.min * 1024.0),
            mib(s.max * 1024.0)
        ),
        Some(s) => mib(s.median * 1024.0),
        None => "–".into(),
    }
}

/// Replaces everything from the line `## The app` to the end of `path` with `section`.
pub fn write_section(path: &Path, section: &str) -> Result<(), String> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut kept = String::new();
    for line in text.split_inclusive('\n') {
        if line.trim_end() == "## The app" {
            break;
        }
        kept.push_str(line);
    }
    if !kept.is_empty() && !kept.ends_with("\n\n") {
        kept.push_str(if kept.ends_with('\n') { "\n" } else { "\n\n" });
    }
    kept.push_str(section.trim_end());
    kept.push('\n');
    std::fs::write(path, kept).map_err(|e| format!("Could not write {}: {e}", path.display()))
}
