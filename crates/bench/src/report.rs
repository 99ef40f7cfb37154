//! The Markdown report: machine, command, tables, and a reading of the
//! results against the targets.

use std::fmt::Write;

use aurora_core::discovery::ApiOptions;

use crate::account::AccountSize;
use crate::engine_settings::{self, app_api_tasks, app_cli_processes, WIDE_IN_FLIGHT, WIDE_TASKS};
use crate::measure::SAMPLE_EVERY;
use crate::options::EngineName;
use crate::results::{EngineRow, Results, SizeResults};
use crate::stats::Spread;

pub fn markdown(r: &Results) -> String {
    let mut out = String::new();
    header(&mut out, r);
    main_table(&mut out, r);
    ratio_table(&mut out, r);
    memory_table(&mut out, r);
    route_table(&mut out, r);
    rate_limit_table(&mut out, r);
    reading(&mut out, r);
    method(&mut out, r);
    out
}

fn header(out: &mut String, r: &Results) {
    let a = &r.args;
    let _ = writeln!(out, "# Benchmarks\n");
    let _ = writeln!(out, "Written by `aurora-bench discovery` (`make bench`); regenerate rather than edit. Timings on a shared machine are noisy: compare the ratios within one run, not absolute times across runs.\n");
    let _ = writeln!(out, "## Discovery\n");
    let _ = writeln!(out, "- Date (UTC): {}", r.started_at);
    let _ = writeln!(out, "- Command: `{}`", r.command);
    let _ = writeln!(out, "- Machine: {}", r.machine);
    match &r.cli {
        Ok(cli) => {
            let _ = writeln!(out, "- ovhcloud CLI: `{}` ({})", cli.path.display(), cli.version);
        }
        Err(tried) => {
            let _ = writeln!(
                out,
                "- **ovhcloud CLI: absent** (looked at {}). The CLI engine and baseline rows are skipped: the Go module proxy refuses the module (docs/ovhcloud-cli.md). Set `OVHCLOUD_CLI` to a binary to include them.",
                tried.iter().map(|p| format!("`{}`", p.display())).collect::<Vec<_>>().join(", ")
            );
        }
    }
    let _ = writeln!(out, "- Simulator: in-process ovh-sim on 127.0.0.1, seed 42, {} ms added to every request, an OAuth2 access token (bearer, so no `/auth/time` calls)", a.latency_ms);
    for s in &r.sizes {
        let _ = writeln!(
            out,
            "- Size {}: {} ({} round(s) per engine, engines alternating)",
            s.size,
            s.size.describe(),
            s.rounds
        );
    }
    out.push('\n');
}

fn main_table(out: &mut String, r: &Results) {
    let latency = r.args.latency_ms;
    let _ = writeln!(out, "### Wall time, requests, memory\n");
    let _ = writeln!(out, "| size | engine | wall median (ms) | spread min–max (ms) | HTTP requests | peak memory of the process tree (MiB) | lower bound: chain × {latency} ms | median ÷ lower bound | resources | failed tasks |");
    let _ = writeln!(out, "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|");
    for s in &r.sizes {
        for row in s.rows.iter().filter(|row| !row.runs.is_empty()) {
            let wall = row.wall().expect("a row with runs has a wall time");
            let bound = row.chain.millis(latency);
            let _ = writeln!(
                out,
                "| {} | {} | {:.0} | {:.0}–{:.0} | {} | {} | {} steps = {} ms | {:.1}x | {} | {} |",
                s.size,
                row.engine.label(),
                wall.median,
                wall.min,
                wall.max,
                count(row.requests()),
                mib(row.tree_peak_mib()),
                row.chain.steps,
                bound,
                wall.median / bound.max(1) as f64,
                count(row.resources()),
                row.failed_tasks()
            );
        }
    }
    out.push('\n');
    let mut failures = String::new();
    for s in &r.sizes {
        for row in s.rows.iter().filter(|row| row.failed_tasks() > 0) {
            let _ = writeln!(
                failures,
                "- {} {}: first failure: {}",
                s.size,
                row.engine.label(),
                row.first_failure().map(shorten).unwrap_or_default()
            );
        }
    }
    if !failures.is_empty() {
        let _ = writeln!(out, "{failures}");
    }
}

fn ratio_table(out: &mut String, r: &Results) {
    let _ = writeln!(out, "### Relative to the native API engine (same run)\n");
    let _ = writeln!(out, "| size | baseline ÷ native (wall) | CLI engine ÷ native (wall) | wider limits ÷ native (wall) | native requests ÷ CLI engine requests | native throughput bound (requests × latency ÷ {} in flight) |", ApiOptions::default().max_in_flight);
    let _ = writeln!(out, "|---|--:|--:|--:|--:|--:|");
    for s in &r.sizes {
        let Some(api) = s.row(EngineName::Api) else { continue };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {:.0} ms |",
            s.size,
            ratio(wall_ratio(s, EngineName::Baseline)),
            ratio(wall_ratio(s, EngineName::Cli)),
            ratio(wall_ratio(s, EngineName::ApiWide)),
            ratio(request_ratio(s)),
            throughput_bound_ms(api, r.args.latency_ms)
        );
    }
    out.push('\n');
}

fn memory_table(out: &mut String, r: &Results) {
    let _ = writeln!(out, "### Memory detail (MiB, medians)\n");
    let _ = writeln!(out, "| size | engine | measured process peak (VmHWM) | its growth during discovery | largest single ovhcloud process (max RSS) | tree peak (sampled every {} ms) |", SAMPLE_EVERY.as_millis());
    let _ = writeln!(out, "|---|---|--:|--:|--:|--:|");
    for s in &r.sizes {
        for row in s.rows.iter().filter(|row| !row.runs.is_empty()) {
            let child = if row.engine.needs_cli() {
                mib(row.largest_child_mib())
            } else {
                "–".into()
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                s.size,
                row.engine.label(),
                mib(row.own_peak_mib()),
                mib(row.engine_delta_mib()),
                child,
                mib(row.tree_peak_mib())
            );
        }
    }
    out.push('\n');
}

/// Where the requests go, for the largest size measured (first round of each engine).
fn route_table(out: &mut String, r: &Results) {
    let Some(s) = r.sizes.iter().max_by_key(|s| s.size) else {
        return;
    };
    let rows: Vec<&EngineRow> = s.rows.iter().filter(|row| !row.runs.is_empty()).collect();
    let mut routes: Vec<&String> = rows.iter().flat_map(|row| row.runs[0].by_route.keys()).collect();
    routes.sort();
    routes.dedup();
    let _ = writeln!(
        out,
        "### Requests per route, size {} (one run of each engine)
",
        s.size
    );
    let _ = writeln!(
        out,
        "| route | {} |",
        rows.iter()
            .map(|row| row.engine.label())
            .collect::<Vec<_>>()
            .join(" | ")
    );
    let _ = writeln!(out, "|---|{}", "--:|".repeat(rows.len()));
    for route in routes {
        let counts: Vec<String> = rows
            .iter()
            .map(|row| {
                row.runs[0]
                    .by_route
                    .get(route)
                    .map(u64::to_string)
                    .unwrap_or_else(|| "–".into())
            })
            .collect();
        let _ = writeln!(out, "| `{route}` | {} |", counts.join(" | "));
    }
    out.push('\n');
}

fn rate_limit_table(out: &mut String, r: &Results) {
    if r.rate_limited.is_empty() {
        let _ = writeln!(out, "### Under a rate limit\n\nNot run (`--rate-limit 0`).\n");
        return;
    }
    let _ = writeln!(
        out,
        "### Under a rate limit ({} requests per second per credential)\n",
        r.args.rate_limit
    );
    let _ = writeln!(
        out,
        "ovh-sim expresses its limit per minute: a fixed one-minute window per credential, so {} req/s is {} requests per minute, and a burst may spend the whole minute's budget at once; past it every request answers 429 with `Retry-After` = the seconds left in the window. Each run below has a credential of its own and starts at the beginning of a window. One round each. The 429s are counted by a loopback pass-through in front of the simulator (ovh-sim counts requests per path and credential, not per status).\n",
        r.args.rate_limit,
        r.args.rate_limit.saturating_mul(60)
    );
    let _ = writeln!(out, "| size | engine | limit (requests per minute) | wall (ms) | HTTP requests | 429 answers | other non-2xx | resources | failed tasks | first failure |");
    let _ = writeln!(out, "|---|---|--:|--:|--:|--:|--:|--:|--:|---|");
    for l in &r.rate_limited {
        let other: u64 = l
            .statuses
            .iter()
            .filter(|(s, _)| !(200..300).contains(*s) && **s != 429)
            .map(|(_, n)| n)
            .sum();
        let rep = &l.measured.report;
        let _ = writeln!(
            out,
            "| {} | {} | {} | {:.0} | {} | {} | {} | {} | {} | {} |",
            l.size,
            l.engine.label(),
            l.per_minute,
            rep.wall_ms,
            l.requests,
            l.too_many(),
            other,
            rep.resources,
            rep.failed_tasks,
            rep.first_failure.as_deref().map(shorten).unwrap_or_else(|| "–".into())
        );
    }
    out.push('\n');
}

fn reading(out: &mut String, r: &Results) {
    let _ = writeln!(out, "### Reading against the issue's targets\n");
    let _ = writeln!(out, "Targets: on M and L the native engine within 2x of its lower bound and at least 10x faster than the sequential baseline; fewer requests than the CLI engine.\n");
    let latency = r.args.latency_ms;
    for s in r.sizes.iter().filter(|s| s.size != AccountSize::S) {
        let Some(api) = s.row(EngineName::Api) else { continue };
        let wall = api.wall().expect("rows with runs have wall times").median;
        let bound = api.chain.millis(latency).max(1) as f64;
        let within = wall / bound;
        let _ = writeln!(
            out,
            "- {}: native engine at {:.1}x its lower bound ({:.0} ms vs {} steps × {latency} ms): **{}**.",
            s.size,
            within,
            wall,
            api.chain.steps,
            if within <= 2.0 { "met" } else { "missed" }
        );
        match wall_ratio(s, EngineName::Baseline) {
            Some(x) => {
                let _ = writeln!(
                    out,
                    "- {}: {:.1}x faster than the sequential baseline: **{}**.",
                    s.size,
                    x,
                    if x >= 10.0 { "met" } else { "missed" }
                );
            }
            None => {
                let _ = writeln!(
                    out,
                    "- {}: speed-up over the sequential baseline not measured ({}).",
                    s.size,
                    missing_why(r)
                );
            }
        }
        match request_ratio(s) {
            Some(x) => {
                let _ = writeln!(
                    out,
                    "- {}: {} requests for the native engine, {:.2}x the CLI engine's: **{}**.",
                    s.size,
                    count(api.requests()),
                    x,
                    if x < 1.0 { "met" } else { "missed" }
                );
            }
            None => {
                let _ = writeln!(
                    out,
                    "- {}: request count against the CLI engine not measured ({}).",
                    s.size,
                    missing_why(r)
                );
            }
        }
        if within > 2.0 {
            let throughput = throughput_bound_ms(api, latency);
            let in_flight = ApiOptions::default().max_in_flight;
            let _ = writeln!(
                out,
                "- {}: why the chain bound is missed: it assumes unlimited parallelism, but the engine keeps at most {in_flight} requests in flight (`ApiOptions::default().max_in_flight`, {} tasks at once). {} requests at {in_flight} in flight need at least {:.0} ms ({:.1}x the chain bound); the measured {:.0} ms is {:.1}x that throughput bound.",
                s.size,
                app_api_tasks(),
                count(api.requests()),
                throughput,
                throughput / bound,
                wall,
                wall / throughput.max(1.0),
            );
            let requests = api.requests().map(|r| r.median).unwrap_or(0.0);
            let details = api.runs.first().map(|run| detail_requests(&run.by_route)).unwrap_or(0);
            let _ = writeln!(
                out,
                "- {}: to finish within 2x of a {}-step chain, {:.0} requests would need about {:.0} in flight at once (requests ÷ (2 × steps)); {} of them ({:.0}%) ask for one object each (`…/{{id}}`, registry plans, which no list answers).",
                s.size,
                api.chain.steps,
                requests,
                requests / (2.0 * api.chain.steps.max(1) as f64),
                details,
                100.0 * details as f64 / requests.max(1.0)
            );
        }
        if let Some(wide) = s.row(EngineName::ApiWide) {
            let wide_wall = wide.wall().expect("rows with runs have wall times").median;
            let baseline = s
                .row(EngineName::Baseline)
                .and_then(|b| b.wall())
                .map(|b| format!(", {:.1}x faster than the baseline", b.median / wide_wall))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "- {}: what-if, the same engine with {WIDE_IN_FLIGHT} requests in flight and {WIDE_TASKS} tasks at once: {:.0} ms, {:.1}x its lower bound{baseline}, {} failed tasks.",
                s.size,
                wide_wall,
                wide_wall / bound,
                wide.failed_tasks()
            );
        }
    }
    rate_limit_reading(out, r);
    out.push('\n');
}

/// What happened to each engine that needed more than a window's budget.
fn rate_limit_reading(out: &mut String, r: &Results) {
    let max_wait = aurora_core::discovery::RetryPolicy::default().max_retry_after.as_secs();
    for l in r.rate_limited.iter().filter(|l| l.too_many() > 0) {
        let rep = &l.measured.report;
        let why = match l.engine {
            EngineName::Api | EngineName::ApiWide => format!(
                "after a 429 the native engine sends nothing until its Retry-After has passed (at most {max_wait} s, `RetryPolicy::max_retry_after`, or every request fails at once with OVH's wait), so only the requests already in flight meet one; they are retried"
            ),
            EngineName::Cli | EngineName::Baseline => "ovhcloud does not retry a 429 (docs/ovhcloud-cli.md): the command exits 1".to_owned(),
        };
        let _ = writeln!(
            out,
            "- Rate limit, {} {}: {} answers 429 out of {} requests, {} failed tasks in {:.0} ms; {why}.",
            l.size,
            l.engine.label(),
            l.too_many(),
            l.requests,
            rep.failed_tasks,
            rep.wall_ms
        );
    }
}

fn method(out: &mut String, r: &Results) {
    let _ = writeln!(out, "### How it is measured\n");
    let _ = writeln!(out, "- Engines: **native API engine** = `ApiEngine::new` + `discover` with the app's default options, every kind; **CLI engine** = `CliEngine` running the real `ovhcloud` as Aurora does (one process per project x kind, {} at once, cleared environment, private HOME); **baseline** = the product document's listed commands (`cloud project list`, then per project `cloud instance|kube|database-service|loadbalancer|container-registry|network private list`, then `baremetal list`) run one after another as plain processes; **wider limits (what-if)** = the native engine with {WIDE_IN_FLIGHT} requests in flight and {WIDE_TASKS} tasks at once instead of the app's {} and {}, to show what the limits cost (not what the app does today). The document writes `--service-name`; CLI v0.5.0 only knows `--cloud-project`, which is used. The baseline lists fewer kinds (no S3, no Swift) and its network rows are one per network region, so its resource count differs.", app_cli_processes(), ApiOptions::default().max_in_flight, app_api_tasks());
    let _ = writeln!(out, "- Each run is a fresh process (`aurora-bench run-once`, the benchmark re-executing itself), so peak memory is that run's own. Wall time is measured inside it, from creating the engine to the finished inventory (the CLI engine's `--help` probe included).");
    let _ = writeln!(
        out,
        "- HTTP requests: the simulator's counter, reset before each run (every request, whatever its answer)."
    );
    let _ = writeln!(out, "- Peak memory of the process tree: the largest sum of resident sizes of the measured process and its descendants, sampled every {} ms from `/proc`, or the measured process's own `VmHWM` if larger. The detail table adds the exact `VmHWM`, its growth during discovery, and the largest `ovhcloud` peak (`getrusage(RUSAGE_CHILDREN)`, which Linux reports as a maximum, not a sum).", SAMPLE_EVERY.as_millis());
    let _ = writeln!(out, "- Lower bound = the longest chain of requests that must wait for one another × the latency, derived from each engine's request structure over the served account:");
    let _ = writeln!(out, "  - native API engine: `GET /cloud/project`, aggregated (project tasks start once projects are listed) → `GET /cloud/project/{{p}}/region`, aggregated → the Octavia load balancer or S3 list of the regions offering them (or: the registry list → each registry's plan): 3 steps whatever the size. \"Aggregated\" is OVH's list aggregation (`X-Pagination-Mode: CachedObjectList-Pages`), one request for a page of whole objects.");
    let _ = writeln!(out, "  - CLI engine: the same project listing (`ovhcloud` fetches details 10 at a time: 1 + ⌈n/10⌉ steps), then the longest project command, the container registries: list → regions list → region details (10 at a time) → one plan after another (`1 + 1 + ⌈regions/10⌉ + registries`).");
    let _ = writeln!(
        out,
        "  - baseline: the sum of every command's own chain, since nothing overlaps."
    );
    let _ = write!(out, "  - chains here:");
    for s in &r.sizes {
        let chains: Vec<String> = s
            .rows
            .iter()
            .map(|row| format!("{} {}", row.engine.arg(), row.chain.steps))
            .collect();
        let _ = write!(out, " {}: {};", s.size, chains.join(", "));
    }
    out.push_str("\n\n");
}

/// Requests for one object by id: routes ending in an id, and registry plans.
fn detail_requests(by_route: &std::collections::BTreeMap<String, u64>) -> u64 {
    by_route
        .iter()
        .filter(|(route, _)| route.ends_with("/*") || route.ends_with("/plan"))
        .map(|(_, n)| n)
        .sum()
}

/// Why a CLI row is missing: the binary is absent, or the row was not asked for.
fn missing_why(r: &Results) -> &'static str {
    if r.cli.is_err() {
        "no ovhcloud CLI"
    } else {
        "that engine was not in --engines"
    }
}

fn wall_ratio(s: &SizeResults, other: EngineName) -> Option<f64> {
    Some(s.row(other)?.wall()?.median / s.row(EngineName::Api)?.wall()?.median)
}

fn request_ratio(s: &SizeResults) -> Option<f64> {
    Some(s.row(EngineName::Api)?.requests()?.median / s.row(EngineName::Cli)?.requests()?.median)
}

/// Requests × latency ÷ the engine's requests in flight: what the API engine's own limit allows.
fn throughput_bound_ms(api: &EngineRow, latency_ms: u64) -> f64 {
    api.requests().map(|r| r.median).unwrap_or(0.0) * latency_ms as f64
        / engine_settings::api_options(api.engine).max_in_flight as f64
}

fn ratio(x: Option<f64>) -> String {
    x.map(|x| format!("{x:.2}x")).unwrap_or_else(|| "not measured".into())
}

/// A median, with the spread when runs differed.
fn count(s: Option<Spread>) -> String {
    match s {
        Some(s) if s.min == s.max => format!("{:.0}", s.median),
        Some(s) => format!("{:.0} ({:.0}–{:.0})", s.median, s.min, s.max),
        None => "–".into(),
    }
}

fn mib(s: Option<Spread>) -> String {
    match s {
        Some(s) if s.max - s.min < 0.05 => format!("{:.1}", s.median),
        Some(s) => format!("{:.1} ({:.1}–{:.1})", s.median, s.min, s.max),
        None => "–".into(),
    }
}

fn shorten(text: &str) -> String {
    let one_line = text.replace(['\n', '|'], " ");
    if one_line.chars().count() > 160 {
        format!("{}…", one_line.chars().take(160).collect::<String>())
    } else {
        one_line
    }
}
