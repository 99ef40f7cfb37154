import { describe, expect, it } from "vitest";
import type { Inventory, Resource, ResourceKind } from "../bindings";
import {
  applyFilters,
  buildIndex,
  type DashboardIndex,
  type Filters,
  filteredRows,
  matchesFilters,
  NO_FILTERS,
  narrows,
  overviewTally,
  regionsOf,
  search,
} from "./inventoryIndex";
import { STATUS_ORDER } from "./resourceText";
import { CONNECTION_ID, generatedInventory, inventory, PROD, STAGING } from "./testing/fixtures";

const index = buildIndex([inventory]);
const names = (ids: number[]) => ids.map((i) => index.resources[i].name);

describe("search", () => {
  it("matches names, case-insensitively and in part", () => {
    expect(names(search(index, "WEB-prod"))).toEqual(["web-prod-01"]);
    expect(names(search(index, "prod")).sort()).toEqual([
      "Production",
      "billing-postgresql-prod",
      "mks-platform-prod",
      "platform-prod-net",
      "web-prod-01",
      "worker-prod-02",
    ]);
  });

  it("matches ids", () => {
    expect(names(search(index, "c4d2e6f8"))).toEqual(["db-staging-03"]);
    expect(names(search(index, "ns3012345"))).toEqual(["backup-box"]);
  });

  it("matches every IP: public, private, IPv6, VIP, floating and server", () => {
    expect(names(search(index, "51.178.42.17"))).toEqual(["web-prod-01"]);
    expect(names(search(index, "10.0.1.12"))).toEqual(["web-prod-01"]);
    expect(names(search(index, "2001:41d0:304:200::1b2c"))).toEqual(["web-prod-01"]);
    expect(names(search(index, "57.128.33.4"))).toEqual(["lb-api-staging"]);
    expect(names(search(index, "10.0.2.5"))).toEqual(["lb-api-staging"]);
    expect(names(search(index, "51.91.12.34"))).toEqual(["backup-box"]);
  });

  it("needs every word of the query", () => {
    expect(names(search(index, "prod 51.178"))).toEqual(["web-prod-01"]);
    expect(search(index, "prod nothing-like-this")).toEqual([]);
  });

  it("returns everything for an empty query and can narrow earlier results", () => {
    expect(search(index, "  ").length).toBe(index.resources.length);
    const first = search(index, "prod");
    expect(names(search(index, "prod-0", first)).sort()).toEqual(["web-prod-01", "worker-prod-02"]);
    expect(narrows("prod", "prod-0")).toBe(true);
    expect(narrows("prod", "pro")).toBe(false);
    expect(narrows("", "a")).toBe(false);
  });

  it("finds the right resources among 50,000", () => {
    const big = buildIndex([generatedInventory(50_000)]);
    expect(big.resources.length).toBe(50_000);
    // By exact name: "node-4242" also prefixes node-42420..42429.
    expect(search(big, "node-4242").map((i) => big.resources[i].name)).toEqual([
      "node-4242",
      ...Array.from({ length: 10 }, (_, k) => `node-4242${k}`),
    ]);
    // By id.
    expect(search(big, "RES-00ABCD").map((i) => big.resources[i].name)).toEqual([`node-${0xabcd}`]);
    // By IP: resource 12345 is a load balancer (12345 % 6 === 3), found by its VIP.
    const ip = `10.0.${(12345 >> 8) & 255}.${12345 & 255}`;
    expect(search(big, ip).map((i) => big.resources[i].name)).toEqual(["node-12345"]);
    // Every instance and load balancer has an IP starting with 10.
    expect(search(big, "10.").length).toBe(Math.ceil(50_000 / 6) + Math.ceil((50_000 - 3) / 6));
    expect(search(big, "no-such-thing")).toEqual([]);
  });
});

describe("index and filters", () => {
  it("counts kinds, projects, regions and errors", () => {
    expect(index.byKind.instance.length).toBe(3);
    expect(index.byKind.project.length).toBe(2);
    expect(index.byKind.dedicatedServer.length).toBe(1);
    const prod = index.projects.find((p) => p.id === PROD)!;
    expect(prod).toMatchObject({ name: "Production", count: 7, errors: 0 });
    expect(index.projects.find((p) => p.id === STAGING)).toMatchObject({ name: "Staging", count: 3, errors: 2 });
    expect(names(index.errors).sort()).toEqual(["db-staging-03", "lb-api-staging"]);
    expect(index.regions).toContain("SBG5");
    expect(index.regions).toContain("gra3");
  });

  it("filters by project, region and status", () => {
    const all = index.resources.map((_, i) => i);
    expect(names(applyFilters(index, index.byKind.instance, { ...NO_FILTERS, projectId: STAGING }))).toEqual([
      "db-staging-03",
    ]);
    expect(names(applyFilters(index, index.byKind.instance, { ...NO_FILTERS, region: "GRA11" }))).toEqual([
      "web-prod-01",
      "db-staging-03",
    ]);
    expect(names(applyFilters(index, all, { ...NO_FILTERS, status: "stopped" }))).toEqual([
      "worker-prod-02",
      "backup-box",
    ]);
    // A private network in two regions is found under either.
    expect(names(applyFilters(index, index.byKind.privateNetwork, { ...NO_FILTERS, region: "SBG5" }))).toEqual([
      "platform-prod-net",
    ]);
    // The project filter keeps the project itself.
    expect(names(applyFilters(index, index.byKind.project, { ...NO_FILTERS, projectId: PROD }))).toEqual([
      "Production",
    ]);
    expect(applyFilters(index, all, { ...NO_FILTERS, projectId: PROD, status: "error" })).toEqual([]);
  });
});

/** The filters and overview counts computed the plain way, one resource at a time. */
const naiveFilter = (idx: DashboardIndex, indices: readonly number[], f: Filters) =>
  indices.filter((i) => matchesFilters(idx.resources[i], f));

function naiveTally(resources: readonly Resource[]) {
  const perKind = new Map<ResourceKind, number>();
  const perProject = new Map<string, { count: number; errors: number }>();
  const projectsInView = new Set<string>();
  for (const r of resources) {
    perKind.set(r.kind, (perKind.get(r.kind) ?? 0) + 1);
    if (r.kind === "project") projectsInView.add(r.id);
    if (r.projectId) {
      projectsInView.add(r.projectId);
      const p = perProject.get(r.projectId) ?? { count: 0, errors: 0 };
      perProject.set(r.projectId, { count: p.count + 1, errors: p.errors + (r.status.class === "error" ? 1 : 0) });
    }
  }
  return { perKind, perProject, errors: resources.filter((r) => r.status.class === "error"), projectsInView };
}

/** Every single filter the index knows, a few combinations, and values it does not know. */
function filterSets(idx: DashboardIndex): Filters[] {
  const projects = [...idx.byProject.keys()];
  const sets: Filters[] = [
    NO_FILTERS,
    { ...NO_FILTERS, connectionId: CONNECTION_ID },
    { ...NO_FILTERS, connectionId: "no-such-connection" },
    { ...NO_FILTERS, projectId: "no-such-project" },
    { ...NO_FILTERS, region: "NOWHERE1" },
    ...projects.map((projectId) => ({ ...NO_FILTERS, projectId })),
    ...idx.regions.map((region) => ({ ...NO_FILTERS, region })),
    ...STATUS_ORDER.map((status) => ({ ...NO_FILTERS, status })),
  ];
  for (const region of idx.regions.slice(0, 3))
    for (const status of STATUS_ORDER)
      sets.push({ ...NO_FILTERS, region, status }, { ...NO_FILTERS, region, status, projectId: projects[0] ?? null });
  return sets;
}

function expectLikeNaive(idx: DashboardIndex) {
  const all = idx.resources.map((_, i) => i);
  const bases: (readonly number[])[] = [
    idx.all,
    all,
    ...Object.values(idx.byKind),
    search(idx, "prod"),
    search(idx, "node-1"),
    [],
  ];
  for (const f of filterSets(idx)) {
    for (const base of bases) expect(applyFilters(idx, base, f)).toEqual(naiveFilter(idx, base, f));
    const rows = filteredRows(idx, null, f);
    expect(rows).toEqual(naiveFilter(idx, all, f).map((i) => idx.resources[i]));
    expect(overviewTally(rows)).toEqual(naiveTally(rows));
  }
}

describe("precomputed filters and overview", () => {
  it("give what filtering and counting one resource at a time gives", () => {
    expect(index.all).toEqual(index.resources.map((_, i) => i));
    expect([...index.byRegion.keys()].sort()).toEqual(index.regions);
    expect(index.byRegion.get("SBG5")!.map((i) => index.resources[i].name)).toContain("platform-prod-net");
    expectLikeNaive(index);
    expectLikeNaive(buildIndex([generatedInventory(5_000)]));
  });

  it("lists a resource once under a region it names twice", () => {
    const twice = { ...inventory, resources: [{ ...inventory.resources[0], region: "GRA11, GRA11" }] };
    const idx = buildIndex([twice]);
    expect(idx.byRegion.get("GRA11")).toEqual([0]);
    expect(applyFilters(idx, idx.all, { ...NO_FILTERS, region: "GRA11" })).toEqual([0]);
    expect(regionsOf(twice.resources[0])).toEqual(["GRA11", "GRA11"]);
  });

  it("answer the same array for the same inventory and filters, and never let it be changed through a copy", () => {
    const f = { ...NO_FILTERS, status: "error" as const };
    const rows = filteredRows(index, null, f);
    expect(filteredRows(index, null, { ...f })).toBe(rows);
    expect(overviewTally(rows)).toBe(overviewTally(rows));
    expect(filteredRows(index, index.byKind.instance, f)).not.toBe(rows);
    const copy = applyFilters(index, index.all, f);
    copy.length = 0;
    expect(applyFilters(index, index.all, f)).toEqual(index.byStatus.get("error"));
    expect(index.byStatus.get("error")!.length).toBeGreaterThan(0);
  });

  it("are computed anew when a refresh replaces the inventory", () => {
    const before = buildIndex([inventory]);
    const rows = filteredRows(before, null, NO_FILTERS);
    const tally = overviewTally(rows);
    // The refresh finds one instance fewer, and another one now in error.
    const refreshed: Inventory = {
      ...inventory,
      resources: inventory.resources
        .filter((r) => r.name !== "web-prod-01")
        .map((r) => (r.name === "worker-prod-02" ? { ...r, status: { class: "error", raw: "ERROR" } } : r)),
    };
    const after = buildIndex([refreshed]);
    const rowsAfter = filteredRows(after, null, NO_FILTERS);
    expect(rowsAfter).not.toBe(rows);
    expect(rowsAfter).toEqual(refreshed.resources);
    const tallyAfter = overviewTally(rowsAfter);
    expect(tallyAfter).toEqual(naiveTally(refreshed.resources));
    expect(tallyAfter.perKind.get("instance")).toBe((tally.perKind.get("instance") ?? 0) - 1);
    expect(tallyAfter.errors.map((r) => r.name)).toContain("worker-prod-02");
    expect(filteredRows(after, null, { ...NO_FILTERS, status: "error" }).map((r) => r.name)).toContain(
      "worker-prod-02",
    );
    expect(filteredRows(before, null, { ...NO_FILTERS, status: "error" }).map((r) => r.name)).not.toContain(
      "worker-prod-02",
    );
    expectLikeNaive(after);
  });
});
