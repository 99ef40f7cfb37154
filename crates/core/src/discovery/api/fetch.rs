//! GETs for the API engine: a per-request timeout, bounded retries
//! ([`RetryPolicy`]), and at most `max_in_flight` requests at once across
//! every task of the engine.

use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use super::retry::RetryPolicy;
use crate::api::{ApiClient, ApiError, ApiRequest, ErrorContext};

#[derive(Clone, Debug)]
pub struct Fetcher {
    client: ApiClient,
    retry: RetryPolicy,
    timeout: Duration,
    in_flight: Arc<Semaphore>,
}

impl Fetcher {
    pub fn new(client: ApiClient, retry: RetryPolicy, timeout: Duration, max_in_flight: usize) -> Fetcher {
        Fetcher { client, retry, timeout, in_flight: Arc::new(Semaphore::new(max_in_flight.max(1))) }
    }

    pub fn client(&self) -> &ApiClient {
        &self.client
    }

    /// One JSON answer, retried while the policy allows.
    pub async fn get(&self, path: &str) -> Result<Value, ApiError> {
        let mut retries = 0;
        loop {
            let answer = {
                // The semaphore is never closed, so acquiring cannot fail.
                let _permit = self.in_flight.acquire().await.ok();
                self.client.send(ApiRequest::get(path).timeout(self.timeout)).await.and_then(|r| r.json::<Value>())
            };
            match answer {
                Err(error) => match self.retry.delay(retries, &error) {
                    Some(wait) => {
                        retries += 1;
                        tracing::debug!(path, retry = retries, wait_ms = wait.as_millis() as u64, error = %error, "retrying an OVH API call");
                        tokio::time::sleep(wait).await;
                    }
                    None => return Err(error),
                },
                Ok(value) => return Ok(value),
            }
        }
    }

    /// A list answer: a JSON array (`null` counts as empty).
    pub async fn list(&self, path: &str) -> Result<Vec<Value>, ApiError> {
        self.get(path).await.and_then(|v| self.as_list(path, v))
    }

    /// [`Fetcher::list`] for every path at once; answers in `paths` order.
    pub async fn list_each(&self, paths: Vec<String>) -> Vec<Result<Vec<Value>, ApiError>> {
        let answers = self.get_each(paths.clone()).await;
        paths.iter().zip(answers).map(|(path, answer)| answer.and_then(|v| self.as_list(path, v))).collect()
    }

    fn as_list(&self, path: &str, value: Value) -> Result<Vec<Value>, ApiError> {
        match value {
            Value::Array(items) => Ok(items),
            Value::Null => Ok(Vec::new()),
            _ => Err(self.malformed(path, "a JSON array was expected")),
        }
    }

    /// A list of identifiers (strings or numbers), each as a path segment.
    pub async fn ids(&self, path: &str) -> Result<Vec<String>, ApiError> {
        self.list(path)
            .await?
            .into_iter()
            .map(|id| match id {
                Value::String(s) => Ok(s),
                Value::Number(n) => Ok(n.to_string()),
                _ => Err(self.malformed(path, "a list of identifiers was expected")),
            })
            .collect()
    }

    /// `GET {base}` for ids, then `GET {base}/{id}` for each, in list order.
    /// An object that disappeared in between (404) is left out.
    pub async fn ids_then_details(&self, base: &str) -> Result<Vec<Value>, ApiError> {
        let ids = self.ids(base).await?;
        let paths = ids.iter().map(|id| format!("{base}/{}", path_segment(id))).collect();
        let mut objects = Vec::with_capacity(ids.len());
        for answer in self.get_each(paths).await {
            match answer {
                Ok(object) => objects.push(object),
                Err(ApiError::NotFound(ctx)) => tracing::debug!(path = %ctx.path, "an object disappeared while it was being listed"),
                Err(e) => return Err(e),
            }
        }
        Ok(objects)
    }

    /// Every path at once (bounded by `max_in_flight`); answers in `paths` order.
    pub async fn get_each(&self, paths: Vec<String>) -> Vec<Result<Value, ApiError>> {
        let mut set = JoinSet::new();
        for (index, path) in paths.into_iter().enumerate() {
            let fetcher = self.clone();
            set.spawn(async move { (index, fetcher.get(&path).await) });
        }
        let mut answers = Vec::with_capacity(set.len());
        while let Some(joined) = set.join_next().await {
            match joined {
                Ok(answer) => answers.push(answer),
                Err(e) => tracing::error!(error = %e, "an OVH API call panicked"),
            }
        }
        answers.sort_by_key(|(index, _)| *index);
        answers.into_iter().map(|(_, answer)| answer).collect()
    }

    fn malformed(&self, path: &str, detail: &str) -> ApiError {
        let ctx = ErrorContext { method: "GET".into(), path: path.to_owned(), status: Some(200), bearer: self.client.auth().is_bearer(), ..ErrorContext::default() };
        ApiError::Malformed { ctx: Box::new(ctx), detail: detail.to_owned() }
    }
}

/// Percent-encodes everything but RFC 3986 unreserved characters, so an id
/// can never add a path segment or a query.
pub fn path_segment(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for byte in id.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_stay_one_segment() {
        assert_eq!(path_segment("ns1.ip-1-2-3.eu"), "ns1.ip-1-2-3.eu");
        assert_eq!(path_segment("a/../b?c=d#e f"), "a%2F..%2Fb%3Fc%3Dd%23e%20f");
        assert_eq!(path_segment("é"), "%C3%A9");
    }
}
