//! Checks the window against WCAG 2.1 A and AA with axe-core (the engine of
//! most accessibility checkers), run inside the real webview.

use serde_json::{json, Value};

use super::WebDriver;

fn axe_source() -> String {
    let path = super::repo_root().join("ui/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{} is missing ({e}): run `npm ci` in ui/ (make test does).",
            path.display()
        )
    })
}

/// The WCAG 2.1 A/AA violations on the screen as it is now, one line each
/// (rule, impact, help, and the first elements concerned); empty when none.
pub async fn wcag_violations(ui: &WebDriver) -> Vec<String> {
    let loaded = ui.execute("return typeof window.axe === 'object'", vec![]).await;
    if loaded != Ok(json!(true)) {
        ui.execute(&format!("{}\nreturn true;", axe_source()), vec![])
            .await
            .expect("axe-core loads in the webview");
    }
    let script = "const done = arguments[arguments.length - 1];
        axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
          .then(r => done(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
             nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ': ' + n.failureSummary) }))),
                e => done({ error: String(e) }));";
    let answer = ui.execute_async(script, vec![]).await.expect("axe-core runs");
    if let Some(error) = answer.get("error") {
        panic!("axe-core failed in the webview: {error}");
    }
    answer
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|v: &Value| {
            format!(
                "{} ({}): {}\n    {}",
                v["id"].as_str().unwrap_or_default(),
                v["impact"].as_str().unwrap_or("unknown"),
                v["help"].as_str().unwrap_or_default(),
                v["nodes"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join("\n    ")
            )
        })
        .collect()
}
