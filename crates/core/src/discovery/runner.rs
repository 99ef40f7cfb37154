//! Runs discovery as independent tasks (projects first, then every project x
//! kind, plus dedicated servers once), whatever engine lists the objects.
//! A failed task is recorded and the others go on; cancelling stops running
//! tasks (their futures are dropped, which kills CLI processes) and marks
//! queued ones cancelled.

use std::sync::Arc;
use std::time::Instant;

use serde_json::Value;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use super::model::{rfc3339_utc, EngineKind, Inventory, Resource, ResourceKind, TaskKey, TaskOutcome, TaskResult};
use super::normalize::{normalize, Origin};
use super::progress::{CancelToken, DiscoveryEvent, Progress};
use crate::api::BoxFuture;
use crate::user_error::UserError;

/// The raw OVH objects of one task.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Listing {
    pub objects: Vec<Value>,
    /// Set when the answer is partial (some region could not be listed).
    pub warning: Option<UserError>,
}

/// An engine: lists the OVH objects of one task.
pub trait Source: Send + Sync + 'static {
    fn engine(&self) -> EngineKind;
    fn list<'a>(&'a self, task: &'a TaskKey) -> BoxFuture<'a, Result<Listing, UserError>>;
}

#[derive(Clone, Debug)]
pub struct DiscoveryOptions {
    /// Tasks running at once (CLI processes, or API task groups).
    pub max_parallel: usize,
    /// Kinds to discover besides projects, which are always listed.
    pub kinds: Vec<ResourceKind>,
}

impl Default for DiscoveryOptions {
    fn default() -> Self {
        DiscoveryOptions {
            max_parallel: 4,
            kinds: ResourceKind::ALL.to_vec(),
        }
    }
}

impl DiscoveryOptions {
    /// Every kind, with as many tasks at once as suits `engine`.
    pub fn for_engine(engine: EngineKind) -> DiscoveryOptions {
        DiscoveryOptions {
            max_parallel: engine.default_parallel_tasks(),
            ..DiscoveryOptions::default()
        }
    }
}

type TaskReturn = (TaskOutcome, Vec<Resource>);

pub async fn discover(
    source: Arc<dyn Source>,
    connection_id: &str,
    options: &DiscoveryOptions,
    progress: &Progress,
    cancel: &CancelToken,
) -> Inventory {
    let semaphore = Arc::new(Semaphore::new(options.max_parallel.max(1)));
    let ctx = Arc::new(TaskContext {
        source: source.clone(),
        connection_id: connection_id.to_owned(),
        semaphore,
        progress: progress.clone(),
        cancel: cancel.clone(),
    });
    let mut set: JoinSet<TaskReturn> = JoinSet::new();
    set.spawn(ctx.clone().run(TaskKey::account(ResourceKind::Project)));
    if options.kinds.contains(&ResourceKind::DedicatedServer) {
        set.spawn(ctx.clone().run(TaskKey::account(ResourceKind::DedicatedServer)));
    }

    let mut resources = Vec::new();
    let mut tasks = Vec::new();
    while let Some(joined) = set.join_next().await {
        let (outcome, found) = match joined {
            Ok(r) => r,
            // A task panicked: nothing to attribute it to but itself, and the
            // panic message is already in the log.
            Err(e) => {
                tracing::error!(error = %e, "a discovery task panicked");
                continue;
            }
        };
        if outcome.task.kind == ResourceKind::Project && matches!(outcome.result, TaskResult::Ok { .. }) {
            for project in &found {
                for kind in ResourceKind::PER_PROJECT.iter().filter(|k| options.kinds.contains(k)) {
                    set.spawn(ctx.clone().run(TaskKey::project(project.id.clone(), *kind)));
                }
            }
        }
        resources.extend(found);
        tasks.push(outcome);
    }

    let failed = tasks
        .iter()
        .filter(|t| matches!(t.result, TaskResult::Failed { .. }))
        .count();
    progress.send(DiscoveryEvent::Finished {
        resources: resources.len() as u32,
        failed_tasks: failed as u32,
        cancelled: cancel.is_cancelled(),
    });
    let mut inventory = Inventory {
        connection_id: connection_id.to_owned(),
        engine: source.engine(),
        resources,
        tasks,
        taken_at: rfc3339_utc(crate::api::unix_now()),
    };
    inventory.sort();
    inventory
}

struct TaskContext {
    source: Arc<dyn Source>,
    connection_id: String,
    semaphore: Arc<Semaphore>,
    progress: Progress,
    cancel: CancelToken,
}

impl TaskContext {
    async fn run(self: Arc<Self>, task: TaskKey) -> TaskReturn {
        let cancelled = |task: TaskKey, started: Instant| {
            self.progress.send(DiscoveryEvent::TaskCancelled { task: task.clone() });
            (
                TaskOutcome {
                    task,
                    result: TaskResult::Cancelled,
                    duration_ms: elapsed_ms(started),
                },
                Vec::new(),
            )
        };
        let queued = Instant::now();
        let _permit = tokio::select! {
            biased;
            _ = self.cancel.cancelled() => return cancelled(task, queued),
            permit = self.semaphore.clone().acquire_owned() => match permit {
                Ok(p) => p,
                Err(_) => return cancelled(task, queued),
            },
        };
        self.progress.send(DiscoveryEvent::TaskStarted { task: task.clone() });
        let started = Instant::now();
        let listed = tokio::select! {
            biased;
            _ = self.cancel.cancelled() => return cancelled(task, started),
            listed = self.source.list(&task) => listed,
        };
        let result = match listed {
            Err(error) => {
                self.progress.send(DiscoveryEvent::TaskFailed {
                    task: task.clone(),
                    error: error.clone(),
                });
                return (
                    TaskOutcome {
                        task,
                        result: TaskResult::Failed { error },
                        duration_ms: elapsed_ms(started),
                    },
                    Vec::new(),
                );
            }
            Ok(listing) => listing,
        };
        let origin = Origin {
            connection_id: &self.connection_id,
            project_id: task.project_id.as_deref(),
        };
        let mut found = Vec::with_capacity(result.objects.len());
        let mut skipped = 0u32;
        for object in result.objects {
            match normalize(task.kind, origin, object) {
                Ok(r) => found.push(r),
                Err(why) => {
                    skipped += 1;
                    tracing::warn!(task = %task, reason = %why.0, "skipped an object discovery could not read");
                }
            }
        }
        let count = found.len() as u32;
        self.progress.send(DiscoveryEvent::TaskDone {
            task: task.clone(),
            count,
        });
        let outcome = TaskOutcome {
            task,
            result: TaskResult::Ok {
                count,
                skipped,
                warning: result.warning,
            },
            duration_ms: elapsed_ms(started),
        };
        (outcome, found)
    }
}

fn elapsed_ms(since: Instant) -> u32 {
    since.elapsed().as_millis().min(u32::MAX as u128) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::user_error::ErrorKind;
    use serde_json::json;
    use std::time::Duration;

    struct Fake;

    impl Source for Fake {
        fn engine(&self) -> EngineKind {
            EngineKind::Api
        }
        fn list<'a>(&'a self, task: &'a TaskKey) -> BoxFuture<'a, Result<Listing, UserError>> {
            Box::pin(async move {
                match (task.kind, task.project_id.as_deref()) {
                    (ResourceKind::Project, _) => Ok(Listing {
                        objects: vec![json!({"project_id":"p1"}), json!({"project_id":"p2"})],
                        warning: None,
                    }),
                    (ResourceKind::Kubernetes, Some("p2")) => Err(UserError::new(ErrorKind::NotGranted, "no", ["x"])),
                    (ResourceKind::Instance, Some(p)) => Ok(Listing {
                        objects: vec![json!({"id": format!("{p}-i1")}), json!({"noid": 1})],
                        warning: None,
                    }),
                    (ResourceKind::Database, _) => {
                        tokio::time::sleep(Duration::from_secs(30)).await;
                        Ok(Listing::default())
                    }
                    _ => Ok(Listing::default()),
                }
            })
        }
    }

    fn opts(kinds: &[ResourceKind]) -> DiscoveryOptions {
        DiscoveryOptions {
            max_parallel: 3,
            kinds: kinds.to_vec(),
        }
    }

    #[tokio::test]
    async fn failures_stay_local_and_every_project_is_covered() {
        let (progress, mut rx) = Progress::channel();
        let kinds = [
            ResourceKind::Instance,
            ResourceKind::Kubernetes,
            ResourceKind::DedicatedServer,
        ];
        let inv = discover(Arc::new(Fake), "c1", &opts(&kinds), &progress, &CancelToken::new()).await;
        assert_eq!(inv.tasks.len(), 1 + 1 + 2 * 2);
        assert_eq!(inv.of_kind(ResourceKind::Project).count(), 2);
        assert_eq!(
            inv.of_kind(ResourceKind::Instance)
                .map(|r| r.id.as_str())
                .collect::<Vec<_>>(),
            ["p1-i1", "p2-i1"]
        );
        let failed: Vec<_> = inv.failed_tasks().map(|t| t.task.clone()).collect();
        assert_eq!(failed, [TaskKey::project("p2", ResourceKind::Kubernetes)]);
        let instance_outcome = inv.outcome(&TaskKey::project("p1", ResourceKind::Instance)).unwrap();
        assert!(matches!(
            instance_outcome.result,
            TaskResult::Ok {
                count: 1,
                skipped: 1,
                ..
            }
        ));
        let mut events = Vec::new();
        while let Ok(e) = rx.try_recv() {
            events.push(e);
        }
        assert!(matches!(
            events.last(),
            Some(DiscoveryEvent::Finished {
                failed_tasks: 1,
                cancelled: false,
                ..
            })
        ));
        assert_eq!(
            events
                .iter()
                .filter(|e| matches!(e, DiscoveryEvent::TaskStarted { .. }))
                .count(),
            6
        );
    }

    #[tokio::test]
    async fn cancel_stops_running_and_queued_tasks() {
        let cancel = CancelToken::new();
        let kinds = [ResourceKind::Database, ResourceKind::Instance];
        let c = cancel.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(200)).await;
            c.cancel();
        });
        let started = Instant::now();
        let inv = discover(
            Arc::new(Fake),
            "c1",
            &DiscoveryOptions {
                max_parallel: 1,
                kinds: kinds.to_vec(),
            },
            &Progress::none(),
            &cancel,
        )
        .await;
        assert!(started.elapsed() < Duration::from_secs(5));
        let cancelled = inv.tasks.iter().filter(|t| t.result == TaskResult::Cancelled).count();
        assert!(cancelled >= 2, "{:?}", inv.tasks);
        assert!(!inv.is_complete());
    }
}
