import { memo, useMemo, useState } from "react";
import type { Overview as StoreOverview, ResourceKind, ResourceRow } from "../bindings";
import { countText, moneyText, plural } from "../lib/format";
import { BarChart } from "./BarChart";
import { ChangesSinceLastRefresh } from "./ChangesSinceLastRefresh";
import { costsByProject, type CostReportLike } from "./costs";
import { kindLabel, kindOrder, kindSingular } from "./kinds";
import { ShowAllProjects } from "./ShowAllProjects";
import { StatusBadge } from "./StatusBadge";

// The chart redraws only when its bars changed.
const BarChartPart = memo(BarChart);

/** Resources in error listed; the count is always whole. */
const ERRORS_LISTED = 100;
/** Projects in the table and chart before "Show all". */
const PROJECTS_SHOWN = 15;

export type OverviewProps = {
  /** The store's overview of what the filters let through. */
  overview: StoreOverview;
  /** Project names, by id (every project, not only those in view). */
  projectName: (projectId: string | null) => string;
  /** Costs given by the app; omitted, the costs the store keeps with each inventory. */
  costs?: readonly CostReportLike[];
  /** Projects whose cost could not be read. */
  costFailures?: CostReportLike["failures"];
  currency?: string;
  onKind: (kind: ResourceKind) => void;
  onProject: (projectId: string) => void;
  onOpen: (row: ResourceRow) => void;
};

/** Counts per kind and per project, what is in error, and this month's costs when known. */
export function Overview({
  overview,
  projectName,
  costs,
  costFailures = [],
  currency,
  onKind,
  onProject,
  onOpen,
}: OverviewProps) {
  const [allProjects, setAllProjects] = useState(false);
  // Hundreds of projects would make a table nobody reads, and a slow page: the first ones, then all on request.
  const projects = useMemo(
    () => (allProjects ? overview.perProject : overview.perProject.slice(0, PROJECTS_SHOWN)),
    [overview, allProjects],
  );
  const perKind = useMemo(() => new Map(overview.perKind.map((c) => [c.key, c.count])), [overview]);
  const cost = useMemo(() => {
    if (costs && costs.length > 0) return costsByProject(costs);
    const known = projects.filter((p) => p.cost !== null);
    return known.length > 0 ? new Map(known.map((p) => [p.projectId, p.cost!])) : null;
  }, [costs, projects]);
  const bars = useMemo(
    () =>
      cost
        ? projects.map((p) => ({
            label: p.name,
            value: cost.get(p.projectId) ?? 0,
            display: cost.has(p.projectId) ? moneyText(cost.get(p.projectId)!, currency) : "not known",
          }))
        : projects.map((p) => ({ label: p.name, value: p.count, display: countText(p.count) })),
    [cost, projects, currency],
  );
  const errors = overview.errors;

  return (
    <div className="dash-overview">
      <section aria-labelledby="dash-kinds-heading">
        <h2 id="dash-kinds-heading">Resources by kind</h2>
        <ul className="dash-cards">
          {kindOrder().map((kind) => (
            <li key={kind}>
              <button
                type="button"
                className="dash-card"
                onClick={() => onKind(kind)}
                data-testid={`dash-card-${kind}`}
              >
                <span className="dash-card-count">{countText(perKind.get(kind) ?? 0)}</span>
                <span className="dash-card-label">{kindLabel(kind)}</span>
              </button>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="dash-projects-heading" className="dash-overview-projects">
        <h2 id="dash-projects-heading">Projects</h2>
        {projects.length === 0 ? (
          <p className="dash-muted">No Public Cloud project is in view.</p>
        ) : (
          <div className="dash-overview-split">
            <table className="dash-simple-table">
              <thead>
                <tr>
                  <th scope="col">Project</th>
                  <th scope="col">Resources</th>
                  <th scope="col">In error</th>
                  {cost && <th scope="col">Cost this month</th>}
                </tr>
              </thead>
              <tbody>
                {projects.map((p) => (
                  <tr key={`${p.connectionId}/${p.projectId}`}>
                    <td>
                      <button
                        type="button"
                        className="dash-link"
                        onClick={() => onProject(p.projectId)}
                        title={`Project ${p.projectId}`}
                      >
                        {p.name}
                      </button>
                    </td>
                    <td>{countText(p.count)}</td>
                    <td className={p.errors > 0 ? "dash-text-error" : undefined}>{countText(p.errors)}</td>
                    {cost && (
                      <td>{cost.has(p.projectId) ? moneyText(cost.get(p.projectId)!, currency) : "Not known"}</td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
            <figure className="dash-figure">
              <BarChartPart bars={bars} title={cost ? "This month's cost per project" : "Resources per project"} />
              <figcaption className="dash-muted dash-small">
                {cost
                  ? "This month's cost per project, as OVHcloud computed it so far."
                  : "Resources per project. Costs appear here once they have been read."}
              </figcaption>
            </figure>
          </div>
        )}
        {overview.perProject.length > PROJECTS_SHOWN && (
          <p className="dash-small">
            {allProjects ? "" : `The first ${PROJECTS_SHOWN} of ${countText(overview.perProject.length)} projects. `}
            <ShowAllProjects
              total={overview.perProject.length}
              all={allProjects}
              onToggle={() => setAllProjects((a) => !a)}
            />
          </p>
        )}
        {costFailures && costFailures.length > 0 && (
          <ul className="dash-muted dash-small">
            {costFailures.map((f) => (
              <li key={f.projectId}>
                The cost of {projectName(f.projectId)} could not be read: {f.error.message}
              </li>
            ))}
          </ul>
        )}
      </section>

      {overview.costPerUsage.length > 0 && (
        <section aria-labelledby="dash-usage-heading">
          <h2 id="dash-usage-heading">Cost by kind of usage</h2>
          <table className="dash-simple-table" data-testid="dash-cost-per-usage">
            <thead>
              <tr>
                <th scope="col">Usage</th>
                <th scope="col">Cost this month</th>
              </tr>
            </thead>
            <tbody>
              {overview.costPerUsage.map((c) => (
                <tr key={c.label}>
                  <td>
                    {c.kind ? (
                      <button type="button" className="dash-link" onClick={() => onKind(c.kind!)}>
                        {c.label}
                      </button>
                    ) : (
                      c.label
                    )}
                  </td>
                  <td>{moneyText(c.amount, currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="dash-muted dash-small">
            What OVHcloud billed so far this month for the projects in view, per kind of usage.
          </p>
        </section>
      )}

      <ChangesSinceLastRefresh summary={overview.changes} />

      <section aria-labelledby="dash-errors-heading">
        <h2 id="dash-errors-heading">In error</h2>
        {overview.errorCount === 0 ? (
          <p className="dash-muted">No resource in view is in error.</p>
        ) : (
          <>
            <p className="dash-muted">{plural(overview.errorCount, "resource")} in error.</p>
            <ul className="dash-error-list">
              {errors.slice(0, ERRORS_LISTED).map((r) => (
                <li key={r.row}>
                  <button type="button" className="dash-link" onClick={() => onOpen(r)}>
                    {r.name}
                  </button>{" "}
                  <span className="dash-muted">
                    {kindSingular(r.kind)}
                    {r.projectId ? ` in ${projectName(r.projectId)}` : ""}
                    {r.region ? `, ${r.region}` : ""}
                  </span>{" "}
                  <StatusBadge status={r.status} />
                </li>
              ))}
            </ul>
            {overview.errorCount > ERRORS_LISTED && (
              <p className="dash-muted">The first {ERRORS_LISTED} are listed; filter by status to see them all.</p>
            )}
          </>
        )}
      </section>
    </div>
  );
}
