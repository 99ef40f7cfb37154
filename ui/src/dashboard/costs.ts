/**
 * This month's cost per project. Discovery reads it beside the inventory
 * (`CostReport` in crates/core/src/discovery/costs.rs); these types take the
 * few members the dashboard uses, so a `CostReport` can be passed as it is.
 */
import type { UserError } from "../bindings";

export type ProjectCost = { projectId: string; total: number };

export type CostReportLike = {
  connectionId: string;
  projects: ProjectCost[];
  failures?: { projectId: string; error: UserError }[];
  takenAt?: string;
  /** The account's currency code (`EUR`), from `/me`. */
  currency?: string | null;
};

/** Total per project id across the reports. */
export function costsByProject(reports: readonly CostReportLike[] | undefined): Map<string, number> {
  const out = new Map<string, number>();
  for (const report of reports ?? [])
    for (const p of report.projects) out.set(p.projectId, (out.get(p.projectId) ?? 0) + p.total);
  return out;
}
