/**
 * An in-memory stand-in for the store's queries (crates/core/src/store/query.rs),
 * for tests and the screenshot harness: the same filters, search, sort and
 * paging, over a few inventories. It records what it was asked.
 */
import type {
  ChangeSummary,
  CostReport,
  EngineKind,
  InventoryDetails,
  JsonValue,
  Overview,
  ProjectCount,
  Resource,
  ResourceDetails,
  ResourceRow,
  RowFilter,
  RowPage,
  RowQuery,
  SortBy,
  StaleTask,
  StatusClass,
  TaskOutcome,
} from "../../bindings";
import { kindOrder } from "../kinds";
import { STATUS_ORDER } from "../resourceText";

/** A connection's inventory as discovery makes it. */
export type Inventory = {
  connectionId: string;
  engine: EngineKind;
  takenAt: string;
  resources: Resource[];
  tasks: TaskOutcome[];
};

const NO_CHANGES: ChangeSummary = { since: null, added: 0, removed: 0, statusChanged: 0, changes: [] };
/** What needs attention first, as the store sorts statuses. */
const STATUS_RANK: Record<StatusClass, number> = { error: 0, unknown: 1, in_progress: 2, stopped: 3, ok: 4 };

/** Every IP address of a resource: the instance's addresses in its raw object, then the address fields. */
export function ipsOf(resource: Resource): string[] {
  const ips: string[] = [];
  const add = (ip: string | undefined) => {
    if (ip && !ips.includes(ip)) ips.push(ip);
  };
  const raw = resource.raw as { ipAddresses?: JsonValue } | null;
  if (raw && typeof raw === "object" && Array.isArray(raw.ipAddresses))
    for (const a of raw.ipAddresses) if (a && typeof a === "object" && "ip" in a) add(String(a.ip));
  for (const key of ["ipv4", "vipAddress", "floatingIp", "ip"])
    for (const part of (resource.fields[key] ?? "").split(",")) add(part.trim());
  return ips;
}

const regionsOf = (region: string | null): string[] =>
  region
    ? region
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
    : [];

const natural = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

export class FakeStore {
  inventories: Inventory[];
  stale: Record<string, StaleTask[]> = {};
  costs: Record<string, CostReport> = {};
  changes: ChangeSummary = NO_CHANGES;
  /** What the dashboard asked, in order. */
  asked = { overview: [] as RowFilter[], rows: [] as RowQuery[], resource: [] as number[] };

  constructor(inventories: Inventory[]) {
    this.inventories = inventories;
  }

  private cached: {
    of: Inventory[];
    stale: FakeStore["stale"];
    rows: (ResourceRow & { resource: Resource })[];
  } | null = null;

  /** Every row, in the store's order (connection, project, kind, id), its handle its place. */
  private all(): (ResourceRow & { resource: Resource })[] {
    if (this.cached?.of !== this.inventories || this.cached.stale !== this.stale)
      this.cached = { of: this.inventories, stale: this.stale, rows: this.rowsOf() };
    return this.cached.rows;
  }

  private rowsOf(): (ResourceRow & { resource: Resource })[] {
    const rank = (k: Resource["kind"]) => kindOrder().indexOf(k);
    const resources = this.inventories.flatMap((inv) => inv.resources);
    const handles = new Map(resources.map((r, i) => [r, i + 1]));
    const ordered = [...resources].sort(
      (a, b) =>
        a.connectionId.localeCompare(b.connectionId) ||
        (a.projectId ?? "").localeCompare(b.projectId ?? "") ||
        rank(a.kind) - rank(b.kind) ||
        a.id.localeCompare(b.id),
    );
    return ordered.map((r) => ({
      row: handles.get(r)!,
      connectionId: r.connectionId,
      projectId: r.projectId,
      kind: r.kind,
      id: r.id,
      name: r.name,
      region: r.region,
      regions: regionsOf(r.region),
      status: r.status,
      created: r.created,
      fields: r.fields,
      ips: ipsOf(r),
      stale: (this.stale[r.connectionId] ?? []).some((s) => s.task.kind === r.kind && s.task.projectId === r.projectId),
      resource: r,
    }));
  }

  private projectNames(): Map<string, string> {
    return new Map(this.all().flatMap((r) => (r.kind === "project" ? [[r.id, r.name] as [string, string]] : [])));
  }

  private matching(f: RowFilter) {
    const terms = f.search.toLowerCase().split(/\s+/).filter(Boolean);
    return this.all().filter((r) => {
      if (f.connectionId !== null && r.connectionId !== f.connectionId) return false;
      if (f.kind !== null && r.kind !== f.kind) return false;
      if (f.projectId !== null && (r.kind === "project" ? r.id : r.projectId) !== f.projectId) return false;
      if (f.status !== null && r.status.class !== f.status) return false;
      if (f.region !== null && !r.regions.includes(f.region)) return false;
      const text = [r.name, r.id, ...r.ips, r.fields.flavor, r.fields.image, r.fields.privateNetwork]
        .filter(Boolean)
        .join("\n")
        .toLowerCase();
      return terms.every((t) => text.includes(t));
    });
  }

  private sorted(rows: ReturnType<FakeStore["matching"]>, sort: SortBy | null) {
    if (!sort) return rows;
    const names = this.projectNames();
    const c = sort.column;
    const key = (r: ResourceRow): string | number | null => {
      switch (c.by) {
        case "name":
          return r.name || null;
        case "id":
          return r.id || null;
        case "kind":
          return kindOrder().indexOf(r.kind);
        case "project":
          return r.projectId ? (names.get(r.projectId) ?? r.projectId) : null;
        case "region":
          return r.region || null;
        case "status":
          return STATUS_RANK[r.status.class];
        case "created":
          return r.created;
        case "ips":
          return r.ips.join(", ") || null;
        case "field": {
          const v = r.fields[c.key];
          if (!v) return null;
          return c.numeric ? (Number.isFinite(Number(v)) ? Number(v) : null) : v;
        }
      }
    };
    const dir = sort.descending ? -1 : 1;
    // Empty cells last in both directions; ties keep the store's order.
    return [...rows].sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
      const order = typeof x === "number" && typeof y === "number" ? x - y : natural.compare(String(x), String(y));
      return dir * order;
    });
  }

  rows(query: RowQuery): RowPage {
    this.asked.rows.push(query);
    const rows = this.sorted(this.matching(query.filter), query.sort);
    return {
      total: rows.length,
      offset: query.offset,
      rows: rows.slice(query.offset, query.offset + query.limit).map(({ resource: _, ...row }) => row),
    };
  }

  overview(filter: RowFilter): Overview {
    this.asked.overview.push(filter);
    const rows = this.matching(filter);
    const count = <K>(keys: K[]) => {
      const counts = new Map<K, number>();
      for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
      return counts;
    };
    const perKind = count(rows.map((r) => r.kind));
    const perStatus = count(rows.map((r) => r.status.class));
    const perRegion = count(rows.flatMap((r) => r.regions));
    const names = this.projectNames();
    const projects = new Map<string, ProjectCount>();
    for (const r of rows) {
      const owner = r.kind === "project" ? r.id : r.projectId;
      if (!owner) continue;
      const key = `${r.connectionId}\u0000${owner}`;
      let p = projects.get(key);
      if (!p) {
        const cost = this.costs[r.connectionId]?.projects.find((c) => c.projectId === owner)?.total ?? null;
        p = {
          connectionId: r.connectionId,
          projectId: owner,
          name: names.get(owner) ?? owner,
          count: 0,
          errors: 0,
          cost,
        };
        projects.set(key, p);
      }
      if (r.kind !== "project") {
        p.count += 1;
        if (r.status.class === "error") p.errors += 1;
      }
    }
    const perProject = [...projects.values()].sort((a, b) => natural.compare(a.name, b.name));
    const known = perProject.flatMap((p) => (p.cost === null ? [] : [p.cost]));
    const errors = rows.filter((r) => r.status.class === "error");
    return {
      total: rows.length,
      perKind: kindOrder().flatMap((key) => (perKind.has(key) ? [{ key, count: perKind.get(key)! }] : [])),
      perStatus: STATUS_ORDER.flatMap((key) => (perStatus.has(key) ? [{ key, count: perStatus.get(key)! }] : [])),
      perRegion: [...perRegion.keys()].sort().map((key) => ({ key, count: perRegion.get(key)! })),
      perProject,
      errorCount: errors.length,
      errors: errors.slice(0, 200).map(({ resource: _, ...row }) => row),
      costTotal: known.length > 0 ? known.reduce((a, b) => a + b, 0) : null,
      // The dashboard does not show costs per kind of usage yet.
      costPerUsage: [],
      changes: this.changes,
    };
  }

  resource(row: number): ResourceDetails | null {
    this.asked.resource.push(row);
    const found = this.all().find((r) => r.row === row);
    return found
      ? {
          resource: found.resource,
          stale: found.stale,
          firstSeen: "2026-11-01T08:00:00Z",
          lastChanged: "2026-11-27T09:30:00Z",
          history: [],
        }
      : null;
  }

  details(connectionId: string): InventoryDetails {
    const inv = this.inventories.find((i) => i.connectionId === connectionId);
    return {
      inventory: inv
        ? {
            connectionId,
            engine: inv.engine,
            takenAt: inv.takenAt,
            tasks: inv.tasks,
            stale: this.stale[connectionId] ?? [],
            costs: this.costs[connectionId] ?? null,
            resourceCount: inv.resources.length,
          }
        : null,
      problem: null,
    };
  }
}

const ok = <T>(data: T) => ({ status: "ok" as const, data });

/** The store's commands over `store`, answering like the app's IPC (asynchronously). */
export function fakeStoreCommands(store: () => FakeStore) {
  return {
    inventoryOverview: async (filter: RowFilter) => ok(store().overview(filter)),
    inventoryRows: async (query: RowQuery) => ok(store().rows(query)),
    inventoryResource: async (row: number) => ok(store().resource(row)),
    getInventoryDetails: async (connectionId: string) => ok(store().details(connectionId)),
  };
}
