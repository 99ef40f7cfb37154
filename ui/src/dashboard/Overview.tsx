import { memo, useMemo } from "react";
import type { Resource, ResourceKind } from "../bindings";
import { countText, moneyText, plural } from "../lib/format";
import { BarChart } from "./BarChart";
import { ChangesSinceLastRefresh } from "./ChangesSinceLastRefresh";
import { costsByProject, type CostReportLike } from "./costs";
import { type DashboardIndex, overviewTally } from "./inventoryIndex";
import { kindLabel, kindOrder, kindSingular } from "./kinds";
import { StatusBadge } from "./StatusBadge";

// The chart redraws only when its bars changed.
const BarChartPart = memo(BarChart);

export type OverviewProps = {
  index: DashboardIndex;
  /** Resources in view (filters applied). */
  resources: readonly Resource[];
  costs?: readonly CostReportLike[];
  currency?: string;
  onKind: (kind: ResourceKind) => void;
  onProject: (projectId: string) => void;
  onOpen: (resource: Resource) => void;
  /** When each inventory was taken: the changes are read again when it moves. */
  inventoriesVersion?: string;
};

/** Counts per kind and per project, what is in error, and this month's costs when known. */
export function Overview({
  index,
  resources,
  costs,
  currency: given,
  onKind,
  onProject,
  onOpen,
  inventoriesVersion = "",
}: OverviewProps) {
  // The account's currency comes with the costs (from `/me`) unless the caller gives one.
  const currency = given ?? costs?.find((c) => c.currency)?.currency ?? undefined;
  // Memoized per array: the dashboard hands the same array for the same inventory and filters.
  const { perKind, perProject, errors, projectsInView } = overviewTally(resources);
  const projects = useMemo(() => index.projects.filter((p) => projectsInView.has(p.id)), [index, projectsInView]);
  const cost = useMemo(() => (costs && costs.length > 0 ? costsByProject(costs) : null), [costs]);
  const bars = useMemo(
    () =>
      cost
        ? projects.map((p) => ({
            label: p.name,
            value: cost.get(p.id) ?? 0,
            display: cost.has(p.id) ? moneyText(cost.get(p.id)!, currency) : "not known",
          }))
        : projects.map((p) => ({
            label: p.name,
            value: perProject.get(p.id)?.count ?? 0,
            display: countText(perProject.get(p.id)?.count ?? 0),
          })),
    [cost, projects, perProject, currency],
  );
  const costFailures = (costs ?? []).flatMap((c) => c.failures ?? []);

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
                  <tr key={p.id}>
                    <td>
                      <button
                        type="button"
                        className="dash-link"
                        onClick={() => onProject(p.id)}
                        title={`Project ${p.id}`}
                      >
                        {p.name}
                      </button>
                    </td>
                    <td>{countText(perProject.get(p.id)?.count ?? 0)}</td>
                    <td className={(perProject.get(p.id)?.errors ?? 0) > 0 ? "dash-text-error" : undefined}>
                      {countText(perProject.get(p.id)?.errors ?? 0)}
                    </td>
                    {cost && <td>{cost.has(p.id) ? moneyText(cost.get(p.id)!, currency) : "Not known"}</td>}
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
        {costFailures.length > 0 && (
          <ul className="dash-muted dash-small">
            {costFailures.map((f) => (
              <li key={f.projectId}>
                The cost of {index.projectNames.get(f.projectId) ?? f.projectId} could not be read: {f.error.message}
              </li>
            ))}
          </ul>
        )}
      </section>

      <ChangesSinceLastRefresh version={inventoriesVersion} />

      <section aria-labelledby="dash-errors-heading">
        <h2 id="dash-errors-heading">In error</h2>
        {errors.length === 0 ? (
          <p className="dash-muted">No resource in view is in error.</p>
        ) : (
          <>
            <p className="dash-muted">{plural(errors.length, "resource")} in error.</p>
            <ul className="dash-error-list">
              {errors.slice(0, 100).map((r) => (
                <li key={`${r.connectionId}/${r.projectId}/${r.kind}/${r.id}`}>
                  <button type="button" className="dash-link" onClick={() => onOpen(r)}>
                    {r.name}
                  </button>{" "}
                  <span className="dash-muted">
                    {kindSingular(r.kind)}
                    {r.projectId ? ` in ${index.projectNames.get(r.projectId) ?? r.projectId}` : ""}
                    {r.region ? `, ${r.region}` : ""}
                  </span>{" "}
                  <StatusBadge status={r.status} />
                </li>
              ))}
            </ul>
            {errors.length > 100 && (
              <p className="dash-muted">The first 100 are listed; filter by status to see them all.</p>
            )}
          </>
        )}
      </section>
    </div>
  );
}
