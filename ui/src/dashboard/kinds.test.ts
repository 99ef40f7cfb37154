import { afterEach, describe, expect, it } from "vitest";
import type { KindCatalogue, KindColumn, ResourceRow } from "../bindings";
import {
  cellText,
  columnsOf,
  isResourceKind,
  kindLabel,
  kindOrder,
  kindRank,
  kindSingular,
  setKindCatalogue,
} from "./kinds";
import catalogue from "./testing/kindCatalogue.json";

const rust = catalogue as unknown as KindCatalogue;
afterEach(() => setKindCatalogue(rust));

const row: ResourceRow = {
  row: 1,
  connectionId: "c",
  projectId: "p1",
  kind: "instance",
  id: "i-1",
  name: "web-1",
  region: "GRA11",
  regions: ["GRA11"],
  status: { class: "stopped", raw: "SHUTOFF" },
  created: "2025-01-02T03:04:05Z",
  fields: { flavor: "b3-8 (2 vCPU, 8 GB RAM)", objectsSize: "1536", containerType: "public" },
  ips: ["51.178.42.17", "10.0.1.12"],
  stale: false,
};
const ctx = { projectName: (id: string | null) => (id === "p1" ? "Production" : (id ?? "")) };
const column = (kind: Parameters<typeof columnsOf>[0], id: string): KindColumn =>
  columnsOf(kind).find((c) => c.id === id)!;

describe("the kind catalogue", () => {
  it("names and orders kinds as Rust's catalogue does", () => {
    expect(kindOrder()[0]).toBe("project");
    expect(kindLabel("instance")).toBe("Public Cloud instances");
    expect(kindSingular("objectStorageS3")).toBe("S3 bucket");
    expect(isResourceKind("kubernetes")).toBe(true);
    expect(isResourceKind("toaster")).toBe(false);
  });

  it("follows the catalogue it is given, not a copy of its own", () => {
    setKindCatalogue({
      kinds: [
        { kind: "database", label: "Databases", singular: "DB", accountLevel: false, columns: [] },
        { kind: "instance", label: "Servers", singular: "Server", accountLevel: false, columns: [] },
      ],
      mixedColumns: [],
    });
    expect(kindOrder()).toEqual(["database", "instance"]);
    expect(kindRank("instance")).toBe(1);
    expect(kindLabel("instance")).toBe("Servers");
    expect(isResourceKind("project")).toBe(false);
  });

  it("writes each cell as its column's format says", () => {
    expect(columnsOf("instance").map((c) => c.header)).toEqual([
      "Name",
      "Status",
      "Project",
      "Region",
      "Flavor",
      "IPs",
      "Image",
      "Private network",
      "Created",
    ]);
    expect(cellText(column("instance", "flavor"), row, ctx)).toBe("b3-8 (2 vCPU, 8 GB RAM)");
    expect(cellText(column("instance", "status"), row, ctx)).toBe("Stopped (SHUTOFF)");
    expect(cellText(column("instance", "project"), row, ctx)).toBe("Production");
    expect(cellText(column("instance", "ips"), row, ctx)).toBe("51.178.42.17, 10.0.1.12");
    expect(cellText(column("instance", "created"), row, ctx)).toBe("2025-01-02 03:04 UTC");
    expect(cellText(column("objectStorageS3", "size"), row, ctx)).toBe("1.5 KiB");
    expect(cellText(column("objectStorageS3", "type"), row, ctx)).toBe("S3 (public)");
    expect(cellText(column("objectStorageSwift", "type"), { ...row, fields: {} }, ctx)).toBe("Swift");
    expect(cellText(column(null, "kind"), row, ctx)).toBe("Instance");
  });
});
