//! What runs inside the app's webview: the launch probe and the timed
//! user actions (a keystroke in the search box, a filter choice), each from
//! WebDriver's `execute/async`.

use std::time::Duration;

use serde::Deserialize;
use serde_json::{json, Value};

use crate::support::WebDriver;

/// When the dashboard showed the inventory, and the page's own navigation
/// times (epoch milliseconds).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Shown {
    /// The count was already on screen when the probe started (then `painted_at` is that moment, an upper bound).
    pub already: bool,
    /// The count appeared in the DOM (kept for debugging; the report uses the paint).
    #[allow(dead_code)]
    pub seen_at: f64,
    /// The frame showing it had been painted (a task queued in the next animation frame).
    pub painted_at: f64,
    /// The document's navigation start (`performance.timeOrigin`).
    pub time_origin: f64,
    /// `domContentLoadedEventEnd`, epoch ms.
    pub dom_content_loaded: f64,
}

/// Waits until `[data-testid=resource-count]` reads `expected` and the frame showing it is painted.
const LAUNCH_PROBE: &str = r#"
const [expected, done] = arguments;
const origin = performance.timeOrigin;
const nav = performance.getEntriesByType("navigation")[0];
const dcl = origin + (nav ? nav.domContentLoadedEventEnd : performance.timing.domContentLoadedEventEnd - origin);
const shown = () => { const e = document.querySelector("[data-testid=resource-count]"); return !!e && e.textContent === expected; };
const report = (already, seen) => requestAnimationFrame(() => setTimeout(() =>
  done({ already, seenAt: origin + seen, paintedAt: origin + performance.now(), timeOrigin: origin, domContentLoaded: dcl }), 0));
if (shown()) { report(true, performance.now()); }
else {
  const observer = new MutationObserver(() => {
    if (!shown()) return;
    observer.disconnect();
    report(false, performance.now());
  });
  observer.observe(document.documentElement, { subtree: true, childList: true, characterData: true });
}
"#;

pub async fn wait_until_shown(driver: &WebDriver, expected: &str) -> Result<Shown, String> {
    driver.set_script_timeout(Duration::from_secs(180)).await?;
    let answer = driver.execute_async(LAUNCH_PROBE, vec![json!(expected)]).await?;
    serde_json::from_value(answer.clone()).map_err(|e| format!("The launch probe answered {answer}: {e}"))
}

/// Installs `window.__auroraBench` (see the script) in the page.
const HELPERS: &str = r#"
const QUIET_MS = 120, TIMEOUT_MS = 20000;
const now = () => performance.now();
const setValue = (el, value) => {
  const proto = el instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, "value").set.call(el, value);
};
// One user action, timed from just before its event to the painted frame
// after the last DOM change it caused: every DOM change queues a task inside
// the next animation frame; the action is over once `ready()` holds and the
// DOM has been quiet for QUIET_MS. `framesBefore` counts the animation
// frames that ran between the event and the last DOM change (0: the answer
// was in the first frame after the event).
function measure(act, ready, done) {
  let lastChange = null, paintedAfterLast = null, firstPaint = null;
  const frames = [], changes = [];
  const observer = new MutationObserver((records) => {
    const t = now();
    changes.push([t, records.length]);
    lastChange = t;
    paintedAfterLast = null;
    requestAnimationFrame(() => setTimeout(() => { if (lastChange === t) paintedAfterLast = now(); }, 0));
  });
  observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  let ticking = true;
  const tick = () => { if (!ticking) return; frames.push(now()); requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  const t0 = now();
  act();
  const handlerMs = now() - t0;
  requestAnimationFrame(() => setTimeout(() => { firstPaint = now(); }, 0));
  const finish = (error) => {
    observer.disconnect();
    ticking = false;
    const end = lastChange === null ? firstPaint : paintedAfterLast;
    const changeAt = lastChange === null ? t0 : lastChange;
    done({ error, latencyMs: end - t0, domMs: changeAt - t0, handlerMs, framesBefore: frames.filter((f) => f > t0 && f < changeAt).length,
      timeline: "frames " + frames.map((f) => Math.round(f - t0)).join(",") + " | changes " + changes.map(([c, n]) => Math.round(c - t0) + "x" + n).join(",") });
  };
  const poll = () => {
    const t = now();
    if (t - t0 > TIMEOUT_MS) return finish("no settled answer within " + TIMEOUT_MS + " ms");
    const painted = lastChange === null ? firstPaint !== null && t - t0 >= 4 * QUIET_MS : paintedAfterLast !== null && t - lastChange >= QUIET_MS;
    if (painted && ready()) finish(null);
    else setTimeout(poll, 10);
  };
  setTimeout(poll, 0);
}
const titleText = () => { const h = document.querySelector(".dash-title"); return h ? h.textContent : ""; };
const searchInfo = () => {
  const status = document.querySelector(".dash-search [role=status]");
  return { title: titleText(), matches: status ? status.textContent : null, rowsInDom: document.querySelectorAll("[data-testid=dash-row]").length };
};
const selectNamed = (label) => {
  const found = [...document.querySelectorAll(".dash-select")].find((l) => l.querySelector(".dash-select-label")?.textContent === label);
  return found ? found.querySelector("select") : null;
};
window.__auroraBench = {
  // Sets the search box as typing does and waits for the results of `value`.
  search(value, done) {
    const input = document.querySelector("[data-testid=dash-search]");
    if (!input) return done({ error: "no search box" });
    const q = value.trim();
    const ready = () => (q ? titleText() === "Search results for \u201c" + q + "\u201d" : !titleText().startsWith("Search results"));
    measure(() => { setValue(input, value); input.dispatchEvent(new Event("input", { bubbles: true })); }, ready,
      (r) => done({ ...r, ...searchInfo() }));
  },
  // Chooses `value` ("" = all) in the filter select labelled `label`.
  filter(label, value, done) {
    const select = selectNamed(label);
    if (!select) return done({ error: "no filter " + label });
    if (![...select.options].some((o) => o.value === value)) return done({ error: "no option " + value + " in " + label });
    measure(() => { setValue(select, value); select.dispatchEvent(new Event("change", { bubbles: true })); }, () => select.value === value,
      (r) => done({ ...r, title: titleText(), shown: document.querySelector(".dash-content-head .dash-small")?.textContent ?? null }));
  },
  // No event at all: from now to the next painted frame (the floor of every measurement above).
  frame(done) {
    const t0 = now();
    requestAnimationFrame(() => setTimeout(() => done({ error: null, latencyMs: now() - t0, domMs: 0, handlerMs: 0, framesBefore: 0 }), 0));
  },
  values(label) {
    const select = selectNamed(label);
    return select ? [...select.options].map((o) => o.value) : [];
  },
};
return true;
"#;

pub async fn install(driver: &WebDriver) -> Result<(), String> {
    driver.execute(HELPERS, vec![]).await.map(|_| ())
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Timed {
    pub error: Option<String>,
    /// Event to the painted frame showing the answer.
    pub latency_ms: f64,
    /// Event to the last DOM change.
    pub dom_ms: f64,
    /// The event's synchronous handling (React's urgent render included).
    pub handler_ms: f64,
    pub frames_before: u32,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub matches: Option<String>,
    #[serde(default)]
    pub shown: Option<String>,
    /// Animation frames and DOM changes during the action, ms after the event (printed with `AURORA_BENCH_TIMELINE=1`).
    #[serde(default)]
    pub timeline: Option<String>,
}

async fn run(driver: &WebDriver, call: &str, args: Vec<Value>) -> Result<Timed, String> {
    let script = format!("const done = arguments[arguments.length - 1]; window.__auroraBench.{call}(...[...arguments].slice(0, -1), done);");
    let answer = driver.execute_async(&script, args.clone()).await?;
    let timed: Timed =
        serde_json::from_value(answer.clone()).map_err(|e| format!("The page answered {answer}: {e}"))?;
    if std::env::var_os("AURORA_BENCH_TIMELINE").is_some() {
        eprintln!(
            "{call}{args:?}: {:.0} ms (DOM {:.0} ms, handler {:.0} ms) {}",
            timed.latency_ms,
            timed.dom_ms,
            timed.handler_ms,
            timed.timeline.as_deref().unwrap_or("")
        );
    }
    match &timed.error {
        Some(error) => Err(format!("{call}: {error}")),
        None => Ok(timed),
    }
}

pub async fn search(driver: &WebDriver, value: &str) -> Result<Timed, String> {
    run(driver, "search", vec![json!(value)]).await
}

pub async fn filter(driver: &WebDriver, label: &str, value: &str) -> Result<Timed, String> {
    run(driver, "filter", vec![json!(label), json!(value)]).await
}

/// One call of an app command from the page, as the dashboard makes it at
/// launch: Rust reads the saved inventory, serializes it, and the page parses it.
const INVOKE_TIMED: &str = r#"
const [command, args, done] = arguments;
const t0 = performance.now();
window.__TAURI_INTERNALS__.invoke(command, args).then(
  (v) => done({ ms: performance.now() - t0, resources: v && v.resources ? v.resources.length : null }),
  (e) => done({ error: String(e && e.message ? e.message : e) }));
"#;

pub async fn invoke_ms(driver: &WebDriver, command: &str, connection_id: &str) -> Result<f64, String> {
    let answer = driver
        .execute_async(
            INVOKE_TIMED,
            vec![json!(command), json!({ "connectionId": connection_id })],
        )
        .await?;
    answer["ms"]
        .as_f64()
        .ok_or_else(|| format!("{command} answered {answer}"))
}

pub async fn frame(driver: &WebDriver) -> Result<Timed, String> {
    run(driver, "frame", vec![]).await
}
