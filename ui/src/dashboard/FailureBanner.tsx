import type { TaskKey, TaskOutcome, UserError } from "../bindings";
import { ageText, dateText } from "../lib/format";
import { SolutionList } from "./ProblemNotice";
import { taskLabel } from "./refreshProgress";

export type TaskProblem = { connectionId: string; connectionLabel: string; outcome: TaskOutcome };

/**
 * Tasks of the last inventory that failed (or answered only in part): each
 * with OVH's message and what to do about it. The rest of the inventory is shown.
 */
export function FailureBanner({
  problems,
  projectName,
  staleAt = () => null,
  now = Date.now(),
}: {
  problems: TaskProblem[];
  projectName: (id: string | null) => string;
  /** When the resources shown for a failed task were taken, if from an earlier refresh. */
  staleAt?: (connectionId: string, task: TaskKey) => string | null;
  now?: number;
}) {
  const failures = problems.filter((p) => p.outcome.result.state === "failed");
  const warnings = problems.filter((p) => p.outcome.result.state === "ok" && p.outcome.result.warning);
  if (failures.length === 0 && warnings.length === 0) return null;
  const item = (p: TaskProblem, error: UserError, key: string) => {
    const earlier = p.outcome.result.state === "failed" ? staleAt(p.connectionId, p.outcome.task) : null;
    return (
      <li key={key} className="dash-banner-item">
        <strong>
          {taskLabel(p.outcome.task, projectName)} ({p.connectionLabel})
        </strong>
        <p>{error.message}</p>
        <SolutionList lines={error.solution} />
        {earlier && (
          <p className="dash-muted" title={dateText(earlier)}>
            Its resources from the inventory {ageText(earlier, now)} are still shown.
          </p>
        )}
      </li>
    );
  };
  return (
    <>
      {failures.length > 0 && (
        <section
          className="dash-banner dash-banner-error"
          data-testid="dash-failure-banner"
          role="alert"
          aria-label="Parts of the inventory could not be read"
        >
          <h2>
            {failures.length === 1
              ? "One part of the inventory could not be read."
              : `${failures.length} parts of the inventory could not be read.`}{" "}
            Everything else is shown.
          </h2>
          <ul>
            {failures.map((p, i) => p.outcome.result.state === "failed" && item(p, p.outcome.result.error, `f${i}`))}
          </ul>
        </section>
      )}
      {warnings.length > 0 && (
        <section
          className="dash-banner dash-banner-warning"
          role="status"
          aria-label="Parts of the inventory are incomplete"
        >
          <h2>Some answers were incomplete.</h2>
          <ul>
            {warnings.map(
              (p, i) =>
                p.outcome.result.state === "ok" &&
                p.outcome.result.warning &&
                item(p, p.outcome.result.warning, `w${i}`),
            )}
          </ul>
        </section>
      )}
    </>
  );
}
