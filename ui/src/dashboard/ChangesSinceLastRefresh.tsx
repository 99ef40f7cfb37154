import type { ChangeSummary, StoreChange } from "../bindings";
import { dateText, plural } from "../lib/format";
import { kindSingular } from "./kinds";

export type ChangesSinceLastRefreshProps = {
  /** What the store recorded at the last refreshes (the overview's `changes`). */
  summary: ChangeSummary;
  /** Listed at most; the counts are always whole. */
  shown?: number;
};

const CHANGE_TEXT: Record<StoreChange["change"], string> = {
  added: "added",
  removed: "removed",
  status: "status changed",
};

function changeText(c: StoreChange): string {
  const status =
    c.change === "status" && c.statusBefore && c.statusAfter ? ` (${c.statusBefore} → ${c.statusAfter})` : "";
  return `${kindSingular(c.kind)} ${CHANGE_TEXT[c.change]}${status}`;
}

/** What the last refresh of each connection added, removed, and whose status changed (kept by the store). */
export function ChangesSinceLastRefresh({ summary, shown = 20 }: ChangesSinceLastRefreshProps) {
  const total = summary.added + summary.removed + summary.statusChanged;
  return (
    <section aria-labelledby="dash-changes-heading" data-testid="dash-changes">
      <h2 id="dash-changes-heading">Changes since the last refresh</h2>
      {summary.since === null ? (
        <p className="dash-muted">This is the first inventory: what changes shows here after the next refresh.</p>
      ) : total === 0 ? (
        <p className="dash-muted">
          Since {dateText(summary.since)}, nothing was added or removed, and no status changed.
        </p>
      ) : (
        <>
          <p className="dash-muted">
            Since {dateText(summary.since)}: {plural(summary.added, "resource")} added,{" "}
            {plural(summary.removed, "resource")} removed, {plural(summary.statusChanged, "status change")}.
          </p>
          <ul className="dash-error-list">
            {summary.changes.slice(0, shown).map((c) => (
              <li key={`${c.connectionId}/${c.projectId}/${c.kind}/${c.id}/${c.change}/${c.at}`}>
                <span>{c.name || c.id}</span> <span className="dash-muted">{changeText(c)}</span>
              </li>
            ))}
          </ul>
          {total > shown && <p className="dash-muted">The first {shown} are listed.</p>}
        </>
      )}
    </section>
  );
}
