//! A small W3C WebDriver client: just the calls Aurora's end-to-end tests use.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

pub struct WebDriver {
    http: reqwest::Client,
    session_url: String,
}

/// A web element reference: the W3C identifier key the driver used, and the id.
#[derive(Clone, Debug)]
pub struct Element(String, String);

impl Element {
    fn as_json(&self) -> Value {
        let mut reference = serde_json::Map::new();
        reference.insert(self.0.clone(), Value::String(self.1.clone()));
        Value::Object(reference)
    }
}

impl WebDriver {
    /// Opens a session; `capabilities` go under `alwaysMatch`.
    pub async fn new_session(server: &str, capabilities: Value) -> Result<Self, String> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(120))
            .build()
            .map_err(|e| e.to_string())?;
        let answer = call(
            &http,
            reqwest::Method::POST,
            &format!("{server}/session"),
            Some(json!({ "capabilities": { "alwaysMatch": capabilities } })),
        )
        .await?;
        let id = answer["sessionId"]
            .as_str()
            .ok_or("The WebDriver answer had no session id.")?;
        Ok(WebDriver {
            http,
            session_url: format!("{server}/session/{id}"),
        })
    }

    pub fn session_url(&self) -> &str {
        &self.session_url
    }

    async fn cmd(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Result<Value, String> {
        call(&self.http, method, &format!("{}{path}", self.session_url), body).await
    }

    pub async fn title(&self) -> Result<String, String> {
        Ok(self
            .cmd(reqwest::Method::GET, "/title", None)
            .await?
            .as_str()
            .unwrap_or_default()
            .to_string())
    }

    pub async fn find(&self, css: &str) -> Result<Option<Element>, String> {
        self.find_using("css selector", css).await
    }

    async fn find_using(&self, using: &str, value: &str) -> Result<Option<Element>, String> {
        let found = match self
            .cmd(
                reqwest::Method::POST,
                "/elements",
                Some(json!({ "using": using, "value": value })),
            )
            .await
        {
            // WebKitWebDriver answers this when the page re-renders while it
            // builds the element handles: nothing usable was found this time.
            Err(e) if e.contains("stale element") => return Ok(None),
            other => other?,
        };
        // A web element is an object with one key (the W3C element identifier).
        let first = found.as_array().and_then(|all| all.first()).and_then(|e| e.as_object());
        Ok(first
            .and_then(|e| e.iter().next())
            .and_then(|(key, id)| Some(Element(key.clone(), id.as_str()?.to_string()))))
    }

    /// Waits up to `timeout` for an element matching `css`.
    pub async fn wait_for(&self, css: &str, timeout: Duration) -> Result<Element, String> {
        let start = Instant::now();
        loop {
            if let Some(element) = self.find(css).await? {
                return Ok(element);
            }
            if start.elapsed() > timeout {
                return Err(format!("No element matched `{css}` within {timeout:?}."));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits for a button whose text (including its children's) is exactly `label`, then clicks it.
    pub async fn click_button(&self, label: &str, timeout: Duration) -> Result<(), String> {
        let xpath = format!("//button[normalize-space(.)='{label}' or .//strong[normalize-space(.)='{label}']]");
        let start = Instant::now();
        loop {
            if let Some(button) = self.find_using("xpath", &xpath).await? {
                // The page may re-render between finding and clicking: then look again.
                let enabled = self
                    .execute("return !arguments[0].disabled", vec![button.as_json()])
                    .await;
                if enabled == Ok(json!(true)) {
                    match self.click(&button).await {
                        Err(e) if e.contains("stale element") => {}
                        done => return done,
                    }
                }
            }
            if start.elapsed() > timeout {
                return Err(format!(
                    "No enabled button \"{label}\" within {timeout:?}.\n{}",
                    self.body_text().await?
                ));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Calls one of Aurora's typed commands the way the UI does and returns its raw JSON answer.
    pub async fn invoke(&self, command: &str, args: Value) -> Result<Value, String> {
        let script = "const [cmd, args, done] = arguments; \
            window.__TAURI_INTERNALS__.invoke(cmd, args).then(v => done({ok: v}), e => done({err: e}));";
        self.cmd(
            reqwest::Method::POST,
            "/execute/async",
            Some(json!({ "script": script, "args": [command, args] })),
        )
        .await
    }

    /// Waits until the page's visible text contains `needle`, and returns that text.
    pub async fn wait_for_text(&self, needle: &str, timeout: Duration) -> Result<String, String> {
        let start = Instant::now();
        loop {
            let text = self.body_text().await?;
            if text.contains(needle) {
                return Ok(text);
            }
            if start.elapsed() > timeout {
                return Err(format!(
                    "The window never showed \"{needle}\" within {timeout:?}. It shows:\n{text}"
                ));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until an element matching `css` shows `needle`, finding it
    /// again each time (the page may re-render it), and returns its text.
    pub async fn wait_for_element_text(&self, css: &str, needle: &str, timeout: Duration) -> Result<String, String> {
        let start = Instant::now();
        let mut last = String::new();
        loop {
            if let Some(element) = self.find(css).await? {
                if let Ok(text) = self.text(&element).await {
                    if text.contains(needle) {
                        return Ok(text);
                    }
                    last = text;
                }
            }
            if start.elapsed() > timeout {
                return Err(format!(
                    "`{css}` never showed \"{needle}\" within {timeout:?}; it showed:\n{last}"
                ));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn text(&self, element: &Element) -> Result<String, String> {
        let value = self
            .cmd(reqwest::Method::GET, &format!("/element/{}/text", element.1), None)
            .await?;
        Ok(value.as_str().unwrap_or_default().to_string())
    }

    pub async fn body_text(&self) -> Result<String, String> {
        let body = self.wait_for("body", Duration::from_secs(10)).await?;
        self.text(&body).await
    }

    pub async fn click(&self, element: &Element) -> Result<(), String> {
        self.cmd(
            reqwest::Method::POST,
            &format!("/element/{}/click", element.1),
            Some(json!({})),
        )
        .await?;
        Ok(())
    }

    pub async fn type_into(&self, element: &Element, text: &str) -> Result<(), String> {
        self.cmd(
            reqwest::Method::POST,
            &format!("/element/{}/value", element.1),
            Some(json!({ "text": text })),
        )
        .await?;
        Ok(())
    }

    /// Runs JavaScript in the page and returns its result.
    pub async fn execute(&self, script: &str, args: Vec<Value>) -> Result<Value, String> {
        self.cmd(
            reqwest::Method::POST,
            "/execute/sync",
            Some(json!({ "script": script, "args": args })),
        )
        .await
    }

    /// Runs asynchronous JavaScript: the script's last argument is the callback that returns its result.
    pub async fn execute_async(&self, script: &str, args: Vec<Value>) -> Result<Value, String> {
        self.cmd(
            reqwest::Method::POST,
            "/execute/async",
            Some(json!({ "script": script, "args": args })),
        )
        .await
    }

    /// How long asynchronous scripts may run before the driver gives up (the W3C default is 30 s).
    pub async fn set_script_timeout(&self, timeout: Duration) -> Result<(), String> {
        self.cmd(
            reqwest::Method::POST,
            "/timeouts",
            Some(json!({ "script": timeout.as_millis() as u64 })),
        )
        .await
        .map(|_| ())
    }

    /// The page's whole DOM, as HTML.
    pub async fn source(&self) -> Result<String, String> {
        Ok(self
            .cmd(reqwest::Method::GET, "/source", None)
            .await?
            .as_str()
            .unwrap_or_default()
            .to_string())
    }

    pub async fn close(&self) -> Result<(), String> {
        self.cmd(reqwest::Method::DELETE, "", None).await.map(|_| ())
    }
}

async fn call(
    http: &reqwest::Client,
    method: reqwest::Method,
    url: &str,
    body: Option<Value>,
) -> Result<Value, String> {
    let mut request = http.request(method, url);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request
        .send()
        .await
        .map_err(|e| format!("WebDriver request to {url} failed: {e}"))?;
    let status = response.status();
    let answer: Value = response
        .json()
        .await
        .map_err(|e| format!("WebDriver answered non-JSON: {e}"))?;
    if !status.is_success() {
        return Err(format!("WebDriver error {status}: {}", answer["value"]));
    }
    Ok(answer["value"].clone())
}
