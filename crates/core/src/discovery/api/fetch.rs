//! GETs for the API engine: a per-request timeout, bounded retries
//! ([`RetryPolicy`]), at most `max_in_flight` requests at once across every
//! task of the engine, and a shared pause after a rate limit (`RateGate`).
//! Lists of ids are read with OVH's list aggregation where the server
//! offers it ([`Fetcher::objects`]).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use super::rate_gate::RateGate;
use super::retry::RetryPolicy;
use crate::api::{path_segment, ApiClient, ApiError, ApiRequest, ApiResponse, ErrorContext};
use crate::discovery::progress::{DiscoveryEvent, Progress};

/// Objects asked per aggregated page (OVH's Manager asks at most 4999).
const AGGREGATION_PAGE: usize = 1000;
/// More pages than this means the server is not paging as asked.
const AGGREGATION_MAX_PAGES: usize = 100;

#[derive(Clone, Debug)]
pub struct Fetcher {
    client: ApiClient,
    retry: RetryPolicy,
    timeout: Duration,
    in_flight: Arc<Semaphore>,
    gate: Arc<RateGate>,
    /// Set once the server refused list aggregation (400), so later lists
    /// go straight to one request per object.
    aggregation_refused: Arc<AtomicBool>,
    /// Told when a rate limit pauses every request.
    pauses: Progress,
}

impl Fetcher {
    pub fn new(client: ApiClient, retry: RetryPolicy, timeout: Duration, max_in_flight: usize) -> Fetcher {
        Fetcher {
            client,
            retry,
            timeout,
            in_flight: Arc::new(Semaphore::new(max_in_flight.max(1))),
            gate: Arc::default(),
            aggregation_refused: Arc::default(),
            pauses: Progress::none(),
        }
    }

    /// Sends [`DiscoveryEvent::RateLimited`] to `progress` each time a 429 pauses the requests.
    pub fn reporting_pauses(self, progress: Progress) -> Fetcher {
        Fetcher {
            pauses: progress,
            ..self
        }
    }

    pub fn client(&self) -> &ApiClient {
        &self.client
    }

    /// One JSON answer, retried while the policy allows.
    pub async fn get(&self, path: &str) -> Result<Value, ApiError> {
        self.get_with(path, &[]).await?.json()
    }

    async fn get_with(&self, path: &str, headers: &[(&str, String)]) -> Result<ApiResponse, ApiError> {
        let mut retries = 0;
        loop {
            let answer = {
                // The semaphore is never closed, so acquiring cannot fail.
                let _permit = self.in_flight.acquire().await.ok();
                // Checked with the permit held: requests queued for a permit
                // when the gate closed must not go out once they get one.
                while let Some(left) = self.gate.closed_for() {
                    if left > self.retry.max_retry_after {
                        return Err(self.rate_limited(path, left));
                    }
                    tokio::time::sleep(left).await;
                }
                let mut request = ApiRequest::get(path).timeout(self.timeout);
                for (name, value) in headers {
                    request = request.header(*name, value.clone());
                }
                self.client.send(request).await
            };
            if let Err(ApiError::RateLimited {
                retry_after: Some(after),
                ..
            }) = &answer
            {
                if self.gate.close_for(*after) && *after <= self.retry.max_retry_after {
                    self.pauses.send(DiscoveryEvent::RateLimited {
                        wait_seconds: after.as_secs_f64().ceil() as u32,
                    });
                }
            }
            match answer {
                Err(error) => match self.retry.delay(retries, &error) {
                    Some(wait) => {
                        retries += 1;
                        tracing::debug!(path, retry = retries, wait_ms = wait.as_millis() as u64, error = %error, "retrying an OVH API call");
                        tokio::time::sleep(wait).await;
                    }
                    None => return Err(error),
                },
                Ok(response) => return Ok(response),
            }
        }
    }

    /// A list answer: a JSON array (`null` counts as empty).
    pub async fn list(&self, path: &str) -> Result<Vec<Value>, ApiError> {
        self.get(path).await.and_then(|v| self.as_list(path, v))
    }

    /// [`Fetcher::list`] for every path at once; answers in `paths` order.
    pub async fn list_each(&self, paths: Vec<Result<String, ApiError>>) -> Vec<Result<Vec<Value>, ApiError>> {
        let names: Vec<String> = paths
            .iter()
            .map(|p| p.as_deref().unwrap_or_default().to_owned())
            .collect();
        let answers = self.get_each(paths).await;
        names
            .iter()
            .zip(answers)
            .map(|(path, answer)| answer.and_then(|v| self.as_list(path, v)))
            .collect()
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
        let list = self.list(path).await?;
        self.as_ids(path, list)
    }

    fn as_ids(&self, path: &str, list: Vec<Value>) -> Result<Vec<String>, ApiError> {
        list.into_iter()
            .map(|id| match id {
                Value::String(s) => Ok(s),
                Value::Number(n) => Ok(n.to_string()),
                _ => Err(self.malformed(path, "a list of identifiers was expected")),
            })
            .collect()
    }

    /// Every object listed at `base` (a list of ids), in list order.
    ///
    /// Asked with OVH's list aggregation (`X-Pagination-Mode:
    /// CachedObjectList-Pages`), one request answers a whole page of
    /// objects. Where the server answers ids anyway, each object is fetched
    /// on its own; where it refuses the mode (400), so are the lists after it.
    pub async fn objects(&self, base: &str) -> Result<Vec<Value>, ApiError> {
        if !self.aggregation_refused.load(Ordering::Relaxed) {
            match self.aggregated(base).await {
                Ok(items) => return self.with_details(base, items).await,
                Err(ApiError::Rejected(ctx)) if ctx.status == Some(400) => {
                    tracing::debug!(path = base, "list aggregation refused; objects are read one by one");
                    self.aggregation_refused.store(true, Ordering::Relaxed);
                }
                Err(e) => return Err(e),
            }
        }
        self.ids_then_details(base).await
    }

    /// The pages of an aggregated list, until `X-Pagination-Elements` objects
    /// are read (or, without that header, until a short page). Stops at the
    /// first page holding ids: that server ignored the header.
    async fn aggregated(&self, base: &str) -> Result<Vec<Value>, ApiError> {
        let mut items = Vec::new();
        for number in 1..=AGGREGATION_MAX_PAGES {
            let headers = [
                ("X-Pagination-Mode", "CachedObjectList-Pages".to_owned()),
                ("X-Pagination-Size", AGGREGATION_PAGE.to_string()),
                ("X-Pagination-Number", number.to_string()),
            ];
            let response = self.get_with(base, &headers).await?;
            let total = response
                .header("x-pagination-elements")
                .and_then(|n| n.parse::<usize>().ok());
            let page = self.as_list(base, response.json()?)?;
            let (size, ids_answered) = (page.len(), page.iter().any(|item| !item.is_object()));
            items.extend(page);
            let more = match total {
                Some(total) => items.len() < total && size > 0,
                None => size == AGGREGATION_PAGE,
            };
            if ids_answered || !more {
                break;
            }
        }
        Ok(items)
    }

    /// `items` with each id among them replaced by its object (`GET {base}/{id}`).
    async fn with_details(&self, base: &str, items: Vec<Value>) -> Result<Vec<Value>, ApiError> {
        let (mut objects, ids): (Vec<Value>, Vec<Value>) = items.into_iter().partition(Value::is_object);
        if !ids.is_empty() {
            let ids = self.as_ids(base, ids)?;
            objects.extend(self.details(base, &ids).await?);
        }
        Ok(objects)
    }

    /// `GET {base}` for ids, then `GET {base}/{id}` for each, in list order.
    /// An object that disappeared in between (404) is left out.
    async fn ids_then_details(&self, base: &str) -> Result<Vec<Value>, ApiError> {
        let ids = self.ids(base).await?;
        self.details(base, &ids).await
    }

    async fn details(&self, base: &str, ids: &[String]) -> Result<Vec<Value>, ApiError> {
        let paths = ids
            .iter()
            .map(|id| -> Result<String, ApiError> { Ok(format!("{base}/{}", path_segment(id)?)) })
            .collect();
        let mut objects = Vec::with_capacity(ids.len());
        for answer in self.get_each(paths).await {
            match answer {
                Ok(object) => objects.push(object),
                Err(ApiError::NotFound(ctx)) => {
                    tracing::debug!(path = %ctx.path, "an object disappeared while it was being listed")
                }
                // One id that would leave its path must not hide the others.
                Err(ApiError::UnsafeId(e)) => {
                    tracing::warn!(base, error = %e, "left out an object whose identifier cannot be put into an API address")
                }
                Err(e) => return Err(e),
            }
        }
        Ok(objects)
    }

    /// Every path at once (bounded by `max_in_flight`); answers in `paths`
    /// order. A path that could not be built (an unsafe id) is its own
    /// answer, without a request.
    pub async fn get_each(&self, paths: Vec<Result<String, ApiError>>) -> Vec<Result<Value, ApiError>> {
        let mut set = JoinSet::new();
        let mut answers = Vec::with_capacity(paths.len());
        for (index, path) in paths.into_iter().enumerate() {
            match path {
                Ok(path) => {
                    let fetcher = self.clone();
                    set.spawn(async move { (index, fetcher.get(&path).await) });
                }
                Err(e) => answers.push((index, Err(e))),
            }
        }
        while let Some(joined) = set.join_next().await {
            match joined {
                Ok(answer) => answers.push(answer),
                Err(e) => tracing::error!(error = %e, "an OVH API call panicked"),
            }
        }
        answers.sort_by_key(|(index, _)| *index);
        answers.into_iter().map(|(_, answer)| answer).collect()
    }

    /// The 429 a request would meet while the gate is closed, without sending it.
    fn rate_limited(&self, path: &str, left: Duration) -> ApiError {
        let ctx = ErrorContext {
            method: "GET".into(),
            path: path.to_owned(),
            status: Some(429),
            bearer: self.client.auth().is_bearer(),
            ..ErrorContext::default()
        };
        ApiError::RateLimited {
            ctx: Box::new(ctx),
            retry_after: Some(left),
        }
    }

    fn malformed(&self, path: &str, detail: &str) -> ApiError {
        let ctx = ErrorContext {
            method: "GET".into(),
            path: path.to_owned(),
            status: Some(200),
            bearer: self.client.auth().is_bearer(),
            ..ErrorContext::default()
        };
        ApiError::Malformed {
            ctx: Box::new(ctx),
            detail: detail.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::StaticAccessToken;
    use crate::region::Endpoint;
    use crate::secret::SecretString;
    use ovh_sim::{FaultRule, ListAggregation, RunningSim, SimConfig, Simulator};

    async fn sim(aggregation: ListAggregation) -> RunningSim {
        let config = SimConfig::default()
            .projects(3)
            .per_type(2)
            .dedicated_servers(2)
            .bearer_token("tok")
            .list_aggregation(aggregation);
        Simulator::start(config).await.unwrap()
    }

    fn fetcher(sim: &RunningSim) -> Fetcher {
        let auth = crate::api::Auth::bearer(StaticAccessToken(SecretString::new("tok")));
        // As the engine builds it: the fetcher, not the client, retries 429s.
        let config = crate::http::HttpConfig {
            rate_limit_retries: 0,
            ..crate::http::HttpConfig::default()
        };
        let client = ApiClient::with_config(Endpoint::custom(&sim.api_url()).unwrap(), auth, &config).unwrap();
        let retry = RetryPolicy {
            base_delay: Duration::from_millis(10),
            ..RetryPolicy::default()
        };
        Fetcher::new(client, retry, Duration::from_secs(5), 4)
    }

    #[tokio::test]
    async fn every_server_gives_the_same_objects_aggregation_the_fewest_requests() {
        let mut answers = Vec::new();
        for mode in [
            ListAggregation::Served,
            ListAggregation::Ignored,
            ListAggregation::Refused,
        ] {
            let sim = sim(mode).await;
            let fetch = fetcher(&sim);
            let projects = fetch.objects("/cloud/project").await.unwrap();
            let servers = fetch.objects("/dedicated/server").await.unwrap();
            answers.push((mode, projects, servers, sim.counters()));
        }
        let (_, projects, servers, served) = &answers[0];
        assert_eq!(projects.len(), 3);
        assert!(projects.iter().all(|p| p["project_id"].is_string()), "{projects:?}");
        assert_eq!(servers.len(), 2);
        for (mode, other_projects, other_servers, _) in &answers[1..] {
            assert_eq!((other_projects, other_servers), (projects, servers), "{mode:?}");
        }
        assert_eq!(served.total, 2, "one aggregated request per list");
        let ignored = &answers[1].3;
        assert_eq!(ignored.total, 2 + 3 + 2, "the lists, then each object");
        let refused = &answers[2].3;
        assert_eq!(
            refused.path("/1.0/cloud/project"),
            2,
            "refused once, then listed as ids"
        );
        assert_eq!(refused.path("/1.0/dedicated/server"), 1, "not asked to aggregate again");
    }

    #[tokio::test]
    async fn every_page_is_read_when_the_server_pages_smaller_than_asked() {
        let config = SimConfig::default()
            .projects(5)
            .per_type(1)
            .bearer_token("tok")
            .aggregation_page_cap(2);
        let sim = Simulator::start(config).await.unwrap();
        let projects = fetcher(&sim).objects("/cloud/project").await.unwrap();
        let ids: Vec<&str> = projects.iter().map(|p| p["project_id"].as_str().unwrap()).collect();
        let expected: Vec<String> = sim
            .dataset()
            .projects
            .iter()
            .map(|p| p.project.project_id.clone())
            .collect();
        assert_eq!(ids, expected);
        assert_eq!(sim.counters().path("/1.0/cloud/project"), 3, "pages of 2, 2 and 1");
    }

    #[tokio::test]
    async fn a_long_rate_limit_stops_every_request_without_sending_it() {
        let sim = sim(ListAggregation::Served).await;
        sim.add_fault(FaultRule::too_many_requests("/cloud/project", 600).times(1));
        let fetch = fetcher(&sim);
        let first = fetch.get("/cloud/project").await.unwrap_err();
        assert!(matches!(first, ApiError::RateLimited { .. }), "{first:?}");
        let second = fetch.get("/dedicated/server").await.unwrap_err();
        let ApiError::RateLimited {
            retry_after: Some(left),
            ctx,
        } = &second
        else {
            panic!("{second:?}")
        };
        assert!(*left > Duration::from_secs(590), "{left:?}");
        assert_eq!(ctx.path, "/dedicated/server");
        assert_eq!(
            sim.counters().path("/1.0/dedicated/server"),
            0,
            "nothing is sent while OVH asks to wait"
        );
        let message = crate::user_error::UserError::from(second).message;
        assert!(message.contains("Wait"), "{message}");
    }

    #[tokio::test]
    async fn a_short_rate_limit_pauses_every_request_then_they_go_on() {
        let sim = sim(ListAggregation::Served).await;
        sim.add_fault(FaultRule::too_many_requests("/cloud/project", 1).times(1));
        let (progress, mut events) = Progress::channel();
        let fetch = fetcher(&sim).reporting_pauses(progress);
        assert!(fetch.get("/cloud/project").await.is_ok(), "retried after Retry-After");
        assert_eq!(
            events.try_recv().ok(),
            Some(DiscoveryEvent::RateLimited { wait_seconds: 1 })
        );
        let started = std::time::Instant::now();
        fetch.gate.close_for(Duration::from_millis(300));
        assert!(fetch.get("/dedicated/server").await.is_ok());
        assert!(
            started.elapsed() >= Duration::from_millis(300),
            "waited for the gate: {:?}",
            started.elapsed()
        );
    }
}
