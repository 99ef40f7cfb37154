/**
 * Everything the dashboard derives from the inventories once, when they
 * change: the merged resource list, a lowercase search text per resource,
 * counts, projects and regions. Keystrokes then only scan prepared strings.
 */
import type { Inventory, Resource, ResourceKind, StatusClass } from "../bindings";
import { kindOrder } from "./kinds";
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
  /** Every index, `0..resources.length`, in order. */
  all: number[];
  /**
   * Indices (ascending) per filter value, so a filter choice is a lookup:
   * per connection id, per owning project id (a project under its own id),
   * per region (a resource in several regions under each) and per status class.
   */
  byConnection: Map<string, number[]>;
  byProject: Map<string, number[]>;
  byRegion: Map<string, number[]>;
  byStatus: Map<string, number[]>;
};

function emptyByKind(): Record<ResourceKind, number[]> {
  return Object.fromEntries(kindOrder().map((k) => [k, [] as number[]])) as Record<ResourceKind, number[]>;
}

/** A resource's regions: a private network lists several ("GRA11, SBG5"). */
export function regionsOf(r: Resource): string[] {
  return r.region
    ? r.region
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
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
  const all = new Array<number>(resources.length);
  const byConnection = new Map<string, number[]>();
  const byProject = new Map<string, number[]>();
  const byRegion = new Map<string, number[]>();
  const byStatus = new Map<string, number[]>();
  const add = (map: Map<string, number[]>, key: string, i: number) => {
    const list = map.get(key);
    if (!list) map.set(key, [i]);
    else if (list[list.length - 1] !== i) list.push(i);
  };

  resources.forEach((r, i) => {
    all[i] = i;
    // Names of what the resource uses (flavor, image, private network) are searchable too.
    const names = [r.fields.flavor, r.fields.image, r.fields.privateNetwork].filter(Boolean).join("\n");
    haystacks[i] = `${r.name}\n${r.id}\n${ipsOf(r).join("\n")}\n${names}`.toLowerCase();
    (byKind[r.kind] ??= []).push(i);
    if (r.status.class === "error") errors.push(i);
    add(byConnection, r.connectionId, i);
    add(byStatus, r.status.class, i);
    const owner = r.kind === "project" ? r.id : r.projectId;
    if (owner) add(byProject, owner, i);
    for (const region of regionsOf(r)) {
      regions.add(region);
      add(byRegion, region, i);
    }
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
    all,
    byConnection,
    byProject,
    byRegion,
    byStatus,
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

const NONE: readonly number[] = [];

/** The precomputed index lists of each filter set, shortest first. */
function filterLists(index: DashboardIndex, f: Filters): readonly number[][] {
  const lists: (readonly number[])[] = [];
  if (f.connectionId !== null) lists.push(index.byConnection.get(f.connectionId) ?? NONE);
  if (f.projectId !== null) lists.push(index.byProject.get(f.projectId) ?? NONE);
  if (f.region !== null) lists.push(index.byRegion.get(f.region) ?? NONE);
  if (f.status !== null) lists.push(index.byStatus.get(f.status) ?? NONE);
  return (lists as number[][]).sort((a, b) => a.length - b.length);
}

/**
 * The indices among `indices` (in their order) that pass the filters: each
 * filter value's indices are precomputed, so only the shortest list is walked.
 */
export function applyFilters(index: DashboardIndex, indices: readonly number[], f: Filters): number[] {
  if (!hasFilters(f)) return [...indices];
  const [shortest, ...rest] = filterLists(index, f);
  if (shortest.length === 0) return [];
  // Resources passing every filter: walk the shortest list, mark those in all the others.
  let keep = shortest;
  for (const list of rest) {
    const inList = new Uint8Array(index.resources.length);
    for (const i of list) inList[i] = 1;
    keep = keep.filter((i) => inList[i] === 1);
  }
  if (indices === index.all) return [...keep];
  const marked = new Uint8Array(index.resources.length);
  for (const i of keep) marked[i] = 1;
  return indices.filter((i) => marked[i] === 1);
}

/** Per base list (all, a kind's, search hits): the filtered rows per filter set, kept while the list lives. */
const rowsCache = new WeakMap<readonly number[], Map<string, Resource[]>>();
const ROWS_KEPT = 16;

/**
 * The resources of `base` (every resource when null) that pass the filters,
 * in order. Memoized per base list and filter set, so choosing a filter again,
 * or coming back from a search, returns the same array without any work.
 */
export function filteredRows(index: DashboardIndex, base: readonly number[] | null, f: Filters): Resource[] {
  const list = base ?? index.all;
  const key = `${f.connectionId}\u0000${f.projectId}\u0000${f.region}\u0000${f.status}`;
  let perFilters = rowsCache.get(list);
  if (!perFilters) rowsCache.set(list, (perFilters = new Map()));
  let rows = perFilters.get(key);
  if (!rows) {
    if (perFilters.size >= ROWS_KEPT) perFilters.clear();
    rows = applyFilters(index, list, f).map((i) => index.resources[i]);
    perFilters.set(key, rows);
  }
  return rows;
}

/** What the overview shows of a list of resources. */
export type OverviewTally = {
  perKind: Map<ResourceKind, number>;
  perProject: Map<string, { count: number; errors: number }>;
  /** The resources in error, in order. */
  errors: Resource[];
  /** Projects with the project itself or any of its resources in the list. */
  projectsInView: Set<string>;
};

const tallyCache = new WeakMap<readonly Resource[], OverviewTally>();

/**
 * Counts per kind and project, and what is in error, in one pass over the
 * resources; memoized per array, so the overview of rows from `filteredRows`
 * is computed once per inventory and filter set, not on every mount.
 */
export function overviewTally(resources: readonly Resource[]): OverviewTally {
  const cached = tallyCache.get(resources);
  if (cached) return cached;
  const perKind = new Map<ResourceKind, number>();
  const perProject = new Map<string, { count: number; errors: number }>();
  const errors: Resource[] = [];
  const projectsInView = new Set<string>();
  for (const r of resources) {
    if (r.kind === "project") projectsInView.add(r.id);
    perKind.set(r.kind, (perKind.get(r.kind) ?? 0) + 1);
    if (r.status.class === "error") errors.push(r);
    if (r.projectId) {
      projectsInView.add(r.projectId);
      let p = perProject.get(r.projectId);
      if (!p) perProject.set(r.projectId, (p = { count: 0, errors: 0 }));
      p.count += 1;
      if (r.status.class === "error") p.errors += 1;
    }
  }
  const tally = { perKind, perProject, errors, projectsInView };
  tallyCache.set(resources, tally);
  return tally;
}
