//! The app benchmark (`make bench-app`): the real Aurora binary with its
//! embedded UI, in the real WebKitGTK webview under Xvfb, driven by
//! tauri-driver and WebKitWebDriver. It prints Markdown tables and writes
//! them into docs/benchmarks.md (the section `## The app`); it asserts nothing.
//!
//! For each inventory (empty; optionally L, 16,100 resources; 50k, 50,000;
//! 500k, 500,000) it seeds a private home with a connection and its saved
//! inventory (timing the store's writes), then launches the app in it
//! several times and measures, in each launch: launch to the dashboard
//! showing the count, the memory of the app's processes at rest, and (with
//! resources) the latency of every keystroke of a few searches and of filter
//! choices. The report reads the targets as ratios within the run.
//! `--quick` runs a small stand-in of every inventory once (a smoke test; it
//! writes no docs). Run it inside scripts/with-desktop-session.sh (`make bench-app`).
//! `AURORA_BENCH_TIMELINE=1` prints each action's animation frames and DOM
//! changes to stderr, to see where a slow keystroke spends its time.

// The app's WebDriver harness, shared with the root package's end-to-end tests: it drives the
// `aurora` binary, which only that package can build, so it is included rather than depended on.
#[path = "../../../../tests/support/mod.rs"]
mod support;

mod page;
mod procs;
mod report;
mod seed;
mod stats;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

// The discovery benchmark's description of the machine, so both report it alike.
use aurora_bench::machine;
use clap::Parser;

use seed::{Seeded, Size};
use support::{app_binary, AppUnderTest, Home, Launch};

#[derive(Parser, Debug)]
#[command(
    name = "app",
    about = "Aurora's app benchmark: launch, search and filter latency, memory at rest. Prints Markdown tables."
)]
pub struct Args {
    /// Launches with the empty inventory (the reference of the launch and memory ratios).
    #[arg(long, default_value_t = 3)]
    pub launches_empty: usize,
    /// Launches with the L inventory (each one also measures search, filters and memory); 0 skips its discovery.
    #[arg(long, default_value_t = 0)]
    pub launches_l: usize,
    /// Launches with the 50,000-resource inventory.
    #[arg(long, default_value_t = 3)]
    pub launches_50k: usize,
    /// Launches with the 500,000-resource inventory (ten copies of the 50,000 one).
    #[arg(long, default_value_t = 2)]
    pub launches_500k: usize,
    /// A smoke run: a 5-project account and ten copies of it stand in for 50k and 500k, one launch each, no docs written.
    #[arg(long)]
    pub quick: bool,
    /// Seconds the dashboard is left alone before its memory is read.
    #[arg(long, default_value_t = 5)]
    pub idle_secs: u64,
    /// Also write the report into this Markdown file, replacing its `## The app` section
    /// (a relative path is from the repository's root: `cargo bench` runs this from crates/bench).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Passed by `cargo bench`; ignored.
    #[arg(long, hide = true)]
    pub bench: bool,
}

/// One launch, in milliseconds.
#[derive(Clone, Debug)]
pub struct LaunchSample {
    /// tauri-driver spawned → the app's process started (WebDriver's own start-up).
    pub harness_ms: f64,
    /// tauri-driver spawned → WebDriver session open.
    pub session_ms: f64,
    /// App process start → the page's navigation start.
    pub to_navigation_ms: f64,
    /// Navigation start → DOMContentLoaded.
    pub to_dom_ready_ms: f64,
    /// DOMContentLoaded → the count painted.
    pub to_count_ms: f64,
    /// App process start → the count painted: the launch time.
    pub total_ms: f64,
    /// The count was on screen before the probe ran (the time is then an upper bound).
    pub already: bool,
}

#[derive(Clone, Debug, Default)]
pub struct MemorySample {
    /// (process name, RSS KiB, PSS KiB), the app first.
    pub processes: Vec<(String, u64, u64)>,
}

impl MemorySample {
    pub fn rss_kib(&self) -> u64 {
        self.processes.iter().map(|p| p.1).sum()
    }
    pub fn pss_kib(&self) -> u64 {
        self.processes.iter().map(|p| p.2).sum()
    }
}

/// One timed action: what it was (`type the name`…), the text typed or the choice, and its timing.
#[derive(Clone, Debug)]
pub struct Action {
    pub group: &'static str,
    pub input: String,
    /// The keystroke started or ended a search: the overview gives way to the results or comes back.
    pub swaps_view: bool,
    pub timed: page::Timed,
}

pub struct SizeResult {
    pub seeded: Seeded,
    pub launches: Vec<LaunchSample>,
    pub memory: Vec<MemorySample>,
    pub keystrokes: Vec<Action>,
    pub filters: Vec<Action>,
    pub floor: Vec<page::Timed>,
    /// Why this inventory's launches stopped early (the dashboard never showed the count, the page failed).
    pub failure: Option<String>,
    /// `get_inventory` and `get_inventory_details` called from the page, ms (`None`: the app has no such command).
    pub ipc: Vec<(Option<f64>, Option<f64>)>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    match runtime.block_on(run(&args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("app benchmark: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: &Args) -> Result<(), String> {
    for var in ["DISPLAY", "DBUS_SESSION_BUS_ADDRESS"] {
        if std::env::var_os(var).is_none() {
            return Err(format!("{var} is not set: run this through `make bench-app` (scripts/with-desktop-session.sh provides Xvfb, D-Bus and a keyring)."));
        }
    }
    let started = report::utc_now();
    let (base, launches_base, launches_big, launches_empty, launches_l) = if args.quick {
        (Size::QUICK, 1, 1, 1, 0)
    } else {
        (
            Size::XL,
            args.launches_50k,
            args.launches_500k,
            args.launches_empty,
            args.launches_l,
        )
    };
    let big_label = if args.quick { "quick x10" } else { "500k" };
    // Every home is seeded before the first launch, so no seeding runs beside a measurement.
    let mut homes: Vec<(Seeded, usize)> = Vec::new();
    if launches_empty > 0 {
        homes.push((seed::seed_empty().await?, launches_empty));
    }
    if launches_l > 0 {
        eprintln!("[L] seeding: discovering {} from ovh-sim", Size::L.describe());
        let discovered = seed::discover_account(Size::L).await?;
        homes.push((seed::seed_copies("L", &discovered, 1).await?, launches_l));
    }
    if launches_base > 0 || launches_big > 0 {
        eprintln!("[{}] seeding: discovering {} from ovh-sim", base.label, base.describe());
        let discovered = seed::discover_account(base).await?;
        if launches_base > 0 {
            homes.push((seed::seed_copies(base.label, &discovered, 1).await?, launches_base));
        }
        if launches_big > 0 {
            eprintln!(
                "[{big_label}] seeding: ten copies of {} straight into the store",
                base.label
            );
            homes.push((seed::seed_copies(big_label, &discovered, 10).await?, launches_big));
        }
    }
    for (seeded, _) in &homes {
        eprintln!(
            "[{}] {} resources: store write {:.1} s, a refresh changing 1% of them {:.1} s, store file {}; searching for {:?} and {:?}",
            seeded.label,
            seeded.resources,
            seeded.first_write_ms / 1000.0,
            seeded.refresh_write_ms / 1000.0,
            seed::human_bytes(seeded.cache_file_bytes),
            seeded.queries.name,
            seeded.queries.ip
        );
    }
    let mut results = Vec::new();
    for (seeded, launches) in homes {
        results.push(measure_size(seeded, launches, args).await);
    }
    let markdown = report::render(&results, &started);
    println!("{markdown}");
    match &args.out {
        Some(_) if args.quick => eprintln!("--quick: the report is not written into any file"),
        Some(out) => {
            let out = support::repo_root().join(out);
            report::write_section(&out, &markdown)?;
            eprintln!("wrote the `## The app` section of {}", out.display());
        }
        None => {}
    }
    Ok(())
}

/// Launches the app `launches` times on `seeded`; a launch that fails ends this inventory's launches, and the report says why.
async fn measure_size(seeded: Seeded, launches: usize, args: &Args) -> SizeResult {
    let mut result = SizeResult {
        seeded,
        launches: Vec::new(),
        memory: Vec::new(),
        keystrokes: Vec::new(),
        filters: Vec::new(),
        floor: Vec::new(),
        ipc: Vec::new(),
        failure: None,
    };
    let label = result.seeded.label.clone();
    for round in 0..launches {
        let home = Home::Given(result.seeded.home.path().to_path_buf());
        let spawned = procs::epoch_ms();
        let app = AppUnderTest::launch_in(home, Launch::default()).await;
        let session = procs::epoch_ms();
        let outcome = measure_launch(&app, &mut result, spawned, session, args).await;
        if outcome.is_err() {
            eprintln!("{}", app.output());
        }
        drop(app);
        let sample = match outcome {
            Ok(sample) => sample,
            Err(e) => {
                eprintln!("[{label}] launch {}/{launches} failed: {e}", round + 1);
                result.failure = Some(format!("launch {} of {launches}: {e}", round + 1));
                break;
            }
        };
        eprintln!(
            "[{label}] launch {}/{launches}: {:.0} ms from the app's start to the count painted{}",
            round + 1,
            sample.total_ms,
            if sample.already {
                " (already shown when probed: upper bound)"
            } else {
                ""
            }
        );
        result.launches.push(sample);
    }
    result
}

async fn measure_launch(
    app: &AppUnderTest,
    result: &mut SizeResult,
    spawned: f64,
    session: f64,
    args: &Args,
) -> Result<LaunchSample, String> {
    let ui = &app.driver;
    let expected = format!("{} resources", result.seeded.resources);
    let shown = page::wait_until_shown(ui, &expected).await?;
    let app_proc = procs::find_under(app.tauri_driver_pid(), &app_binary())
        .ok_or("The app's process was not found under tauri-driver.")?;
    let app_start = procs::start_epoch_ms(app_proc.pid).ok_or("The app's start time could not be read from /proc.")?;
    let launch = LaunchSample {
        harness_ms: app_start - spawned,
        session_ms: session - spawned,
        to_navigation_ms: shown.time_origin - app_start,
        to_dom_ready_ms: shown.dom_content_loaded - shown.time_origin,
        to_count_ms: shown.painted_at - shown.dom_content_loaded,
        total_ms: shown.painted_at - app_start,
        already: shown.already,
    };

    // Memory at rest: the dashboard left alone, then the app and every process it started.
    tokio::time::sleep(Duration::from_secs(args.idle_secs)).await;
    let mut memory = MemorySample::default();
    for p in procs::tree(app_proc.pid) {
        if let (Some(rss), Some(pss)) = (procs::rss_kib(p.pid), procs::pss_kib(p.pid)) {
            memory.processes.push((p.name.clone(), rss, pss));
        }
    }
    result.memory.push(memory);
    if result.seeded.resources == 0 {
        return Ok(launch); // Nothing to search or filter.
    }

    page::install(ui).await?;
    for _ in 0..10 {
        result.floor.push(page::frame(ui).await?);
        pause().await;
    }
    let queries = result.seeded.queries.clone();
    type_in(ui, result, "type a name", &queries.name, true).await?;
    record(result, "clear the box", &queries.name, "", page::search(ui, "").await?);
    type_in(ui, result, "type an IP address", &queries.ip, true).await?;
    type_in(ui, result, "erase the IP address", &queries.ip, false).await?;

    let region = result.seeded.region.clone();
    for _ in 0..2 {
        for (label, value, group) in [
            ("Region", region.as_str(), "choose a region"),
            ("Region", "", "all regions again"),
            ("Status", "error", "choose status Error"),
            ("Status", "", "any status again"),
        ] {
            let timed = page::filter(ui, label, value).await?;
            result.filters.push(Action {
                group,
                input: format!("{label} = {}", if value.is_empty() { "all" } else { value }),
                swaps_view: false,
                timed,
            });
            pause().await;
        }
    }

    // What the whole-inventory dashboard waits for at launch, called again now that it is idle
    // (not at 500k: it would hold a second copy of the whole inventory in the page).
    if result.seeded.resources > 100_000 {
        return Ok(launch);
    }
    let id = result.seeded.connection_id.clone();
    let inventory_ms = page::invoke_ms(ui, "get_inventory", &id).await.ok();
    let details_ms = page::invoke_ms(ui, "get_inventory_details", &id).await.ok();
    result.ipc.push((inventory_ms, details_ms));
    Ok(launch)
}

/// Types `text` one character at a time (or erases it one character at a time), timing each keystroke.
async fn type_in(
    ui: &support::WebDriver,
    result: &mut SizeResult,
    group: &'static str,
    text: &str,
    typing: bool,
) -> Result<(), String> {
    let chars: Vec<char> = text.chars().collect();
    let steps: Vec<String> = if typing {
        (1..=chars.len()).map(|n| chars[..n].iter().collect()).collect()
    } else {
        (0..chars.len()).rev().map(|n| chars[..n].iter().collect()).collect()
    };
    let mut before = if typing { String::new() } else { text.to_owned() };
    for value in steps {
        let timed = page::search(ui, &value).await?;
        record(result, group, &before, &value, timed);
        before = value;
        pause().await;
    }
    Ok(())
}

fn record(result: &mut SizeResult, group: &'static str, before: &str, input: &str, timed: page::Timed) {
    let swaps_view = before.trim().is_empty() != input.trim().is_empty();
    result.keystrokes.push(Action {
        group,
        input: input.to_owned(),
        swaps_view,
        timed,
    });
}

/// The gap between two actions, about a fast typist's.
async fn pause() {
    tokio::time::sleep(Duration::from_millis(60)).await;
}
