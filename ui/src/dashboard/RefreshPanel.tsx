import type { EngineKind } from "../bindings";
import { capitalized, ENGINE_NAMES } from "../common/engines";
import { plural } from "../lib/format";
import { ProblemNotice } from "./ProblemNotice";
import { completion, isPaused, type RefreshState, taskId, taskLabel } from "./refreshProgress";
import { useClock } from "./useClock";

/** A running (or just ended) refresh: an overall bar, one bar per task, and Cancel. */
export function RefreshPanel({
  label,
  state,
  engine,
  projectName,
  onCancel,
}: {
  label: string;
  state: RefreshState;
  /** The engine taking this inventory (the connection's choice in Settings). */
  engine: EngineKind;
  projectName: (id: string | null) => string;
  onCancel: () => void;
}) {
  const done = Math.round(completion(state) * 100);
  const now = useClock(1000);
  return (
    <section className="dash-refresh" aria-label={`Refresh of ${label}`}>
      <div className="dash-refresh-head">
        <strong>
          {state.running ? `Taking the inventory of ${label} with ${ENGINE_NAMES[engine]}…` : summary(label, state)}
        </strong>
        {state.running && (
          <button type="button" className="dash-button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
      <p className="dash-small dash-muted" data-testid="refresh-engine">
        Engine: {capitalized(ENGINE_NAMES[engine])}
      </p>
      <progress
        className="dash-progress"
        max={100}
        value={done}
        aria-label={`${label}: ${done}% of the started tasks have ended`}
      />
      {isPaused(state, now) && state.pausedUntil !== null && (
        <p className="dash-refresh-paused" role="status">
          OVH is limiting how fast Aurora may call the API. The refresh is waiting and goes on by itself in about{" "}
          {plural(Math.ceil((state.pausedUntil - now) / 1000), "second")}; nothing needs to be done.
        </p>
      )}
      {state.error && <ProblemNotice error={state.error} />}
      <ul className="dash-task-list">
        {state.tasks.map((t) => (
          <li key={taskId(t.task)} className={`dash-task dash-task-${t.state}`}>
            <span className="dash-task-label">{taskLabel(t.task, projectName)}</span>
            {t.state === "running" ? (
              <progress
                className="dash-progress dash-progress-task"
                aria-label={`${taskLabel(t.task, projectName)}: running`}
              />
            ) : (
              <progress
                className="dash-progress dash-progress-task"
                max={1}
                value={1}
                aria-label={`${taskLabel(t.task, projectName)}: ${t.state}`}
              />
            )}
            <span className="dash-task-state">
              {t.state === "running" && "Running"}
              {t.state === "done" && `${t.count ?? 0} found`}
              {t.state === "failed" && "Failed"}
              {t.state === "cancelled" && "Cancelled"}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function summary(label: string, state: RefreshState): string {
  if (state.error) return `The inventory of ${label} could not be taken.`;
  const f = state.finished;
  if (!f) return `The inventory of ${label} has ended.`;
  if (f.cancelled) return `The inventory of ${label} was cancelled; what was found so far is kept.`;
  const failed =
    f.failedTasks === 0 ? "" : f.failedTasks === 1 ? " One task failed." : ` ${f.failedTasks} tasks failed.`;
  return `The inventory of ${label} found ${plural(f.resources, "resource")}.${failed}`;
}
