/**
 * Everything the dashboard derives from the inventories once, when they
 * change: the merged resource list, a lowercase search text per resource,
 * counts, projects and regions. Keystrokes then only scan prepared strings.
 */
import type { Inventory, Resource, ResourceKind, StatusClass } from "../bindings";
import { KIND_ORDER } from "./kinds";
import { ipsOf } from "./resourceText";

export type ProjectSummary = {
  id: string;
  name: string;
  connectionId: string;
  /** Resources discovered in the project (the project itself not counted). */
  count: number;
  errors: number;
};

export type DashboardIndex = {
  resources: Resource[];
  /** `haystacks[i]`: name, id and IPs of `resources[i]`, lowercase, one per line. */
  haystacks: string[];
  byKind: Record<ResourceKind, number[]>;
  projects: ProjectSummary[];
  projectNames: Map<string, string>;
  regions: string[];
  /** Indices of resources whose status class is `error`. */
  errors: number[];
};

function emptyByKind(): Record<ResourceKind, number[]> {
  return Object.fromEntries(KIND_ORDER.map((k) => [k, [] as number[]])) as Record<ResourceKind, number[]>;
}

/** A resource's regions: a private network lists several ("GRA11, SBG5"). */
export function regionsOf(r: Resource): string[] {
  return r.region ? r.region.split(",").map((s) => s.trim()).filter(Boolean) : [];
}

export function buildIndex(inventories: readonly (Inventory | null | undefined)[]): DashboardIndex {
  const resources: Resource[] = [];
  for (const inv of inventories) if (inv) for (const r of inv.resources) resources.push(r);

  const haystacks = new Array<string>(resources.length);
  const byKind = emptyByKind();
  const projectNames = new Map<string, string>();
  const projects = new Map<string, ProjectSummary>();
  const regions = new Set<string>();
  const errors: number[] = [];

  resources.forEach((r, i) => {
    haystacks[i] = `${r.name}\n${r.id}\n${ipsOf(r).join("\n")}`.toLowerCase();
    (byKind[r.kind] ??= []).push(i);
    if (r.status.class === "error") errors.push(i);
    for (const region of regionsOf(r)) regions.add(region);
    if (r.kind === "project") {
      projectNames.set(r.id, r.name);
      projects.set(r.id, { id: r.id, name: r.name, connectionId: r.connectionId, count: 0, errors: 0 });
    }
  });
  for (const r of resources) {
    if (!r.projectId) continue;
    let p = projects.get(r.projectId);
    if (!p) {
      // A project whose own task failed still has its resources.
      p = { id: r.projectId, name: r.projectId, connectionId: r.connectionId, count: 0, errors: 0 };
      projects.set(r.projectId, p);
    }
    p.count += 1;
    if (r.status.class === "error") p.errors += 1;
  }

  return {
    resources,
    haystacks,
    byKind,
    projects: [...projects.values()].sort((a, b) => a.name.localeCompare(b.name)),
    projectNames,
    regions: [...regions].sort(),
    errors,
  };
}

/** Lowercase terms of a query; every term must match. */
export function queryTerms(query: string): string[] {
  return query.toLowerCase().split(/\s+/).filter(Boolean);
}

/**
 * Indices of resources whose name, id or an IP contains every term of the
 * query. `within` narrows the scan to earlier results (a query that only grew).
 */
export function search(index: DashboardIndex, query: string, within?: readonly number[]): number[] {
  const terms = queryTerms(query);
  const { haystacks } = index;
  if (terms.length === 0) return within ? [...within] : haystacks.map((_, i) => i);
  const out: number[] = [];
  const test = (i: number) => {
    const h = haystacks[i];
    for (const t of terms) if (!h.includes(t)) return false;
    return true;
  };
  if (within) {
    for (const i of within) if (test(i)) out.push(i);
  } else {
    for (let i = 0; i < haystacks.length; i++) if (test(i)) out.push(i);
  }
  return out;
}

/** True when every term of `previous` is a part of some term of `next`, so `next` matches a subset. */
export function narrows(previous: string, next: string): boolean {
  const before = queryTerms(previous);
  const after = queryTerms(next);
  if (before.length === 0 || after.length < before.length) return false;
  return before.every((t, i) => after[i].includes(t));
}

export type Filters = {
  connectionId: string | null;
  projectId: string | null;
  region: string | null;
  status: StatusClass | null;
};

export const NO_FILTERS: Filters = { connectionId: null, projectId: null, region: null, status: null };

export function hasFilters(f: Filters): boolean {
  return f.connectionId !== null || f.projectId !== null || f.region !== null || f.status !== null;
}

export function matchesFilters(r: Resource, f: Filters): boolean {
  if (f.connectionId !== null && r.connectionId !== f.connectionId) return false;
  if (f.projectId !== null && (r.kind === "project" ? r.id : r.projectId) !== f.projectId) return false;
  if (f.status !== null && r.status.class !== f.status) return false;
  if (f.region !== null && !regionsOf(r).includes(f.region)) return false;
  return true;
}

export function applyFilters(index: DashboardIndex, indices: readonly number[], f: Filters): number[] {
  if (!hasFilters(f)) return [...indices];
  return indices.filter((i) => matchesFilters(index.resources[i], f));
}
