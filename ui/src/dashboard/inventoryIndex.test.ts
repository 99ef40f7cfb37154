import { describe, expect, it } from "vitest";
import { applyFilters, buildIndex, NO_FILTERS, narrows, search } from "./inventoryIndex";
import { generatedInventory, inventory, PROD, STAGING } from "./testing/fixtures";

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
    expect(search(big, "node-4242").map((i) => big.resources[i].name)).toEqual(["node-4242", ...Array.from({ length: 10 }, (_, k) => `node-4242${k}`)]);
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
    expect(names(applyFilters(index, index.byKind.instance, { ...NO_FILTERS, projectId: STAGING }))).toEqual(["db-staging-03"]);
    expect(names(applyFilters(index, index.byKind.instance, { ...NO_FILTERS, region: "GRA11" }))).toEqual(["web-prod-01", "db-staging-03"]);
    expect(names(applyFilters(index, all, { ...NO_FILTERS, status: "stopped" }))).toEqual(["worker-prod-02", "backup-box"]);
    // A private network in two regions is found under either.
    expect(names(applyFilters(index, index.byKind.privateNetwork, { ...NO_FILTERS, region: "SBG5" }))).toEqual(["platform-prod-net"]);
    // The project filter keeps the project itself.
    expect(names(applyFilters(index, index.byKind.project, { ...NO_FILTERS, projectId: PROD }))).toEqual(["Production"]);
    expect(applyFilters(index, all, { ...NO_FILTERS, projectId: PROD, status: "error" })).toEqual([]);
  });
});
