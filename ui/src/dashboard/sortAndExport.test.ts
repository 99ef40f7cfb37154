import { describe, expect, it } from "vitest";
import type { Resource } from "../bindings";
import { CSV_BOM } from "../lib/csv";
import { viewToCsv, viewToJson } from "./exportView";
import { KIND_COLUMNS, type ColumnContext } from "./kinds";
import { sortRows } from "./sortRows";
import { instances, PROD, resource } from "./testing/fixtures";

const ctx: ColumnContext = { projectName: (id) => (id === PROD ? "Production" : (id ?? "")) };
const cols = KIND_COLUMNS.instance;

describe("sort", () => {
  it("sorts by text, both ways", () => {
    const asc = sortRows(instances, cols, { columnId: "name", desc: false }, ctx).map((r) => r.name);
    expect(asc).toEqual(["db-staging-03", "web-prod-01", "worker-prod-02"]);
    const desc = sortRows(instances, cols, { columnId: "name", desc: true }, ctx).map((r) => r.name);
    expect(desc).toEqual(["worker-prod-02", "web-prod-01", "db-staging-03"]);
  });

  it("sorts dates and sizes by value, keeps ties in order and empty cells last", () => {
    const byDate = sortRows(instances, cols, { columnId: "created", desc: false }, ctx).map((r) => r.name);
    expect(byDate).toEqual(["worker-prod-02", "web-prod-01", "db-staging-03"]);
    const buckets = [
      resource({ kind: "objectStorageS3", id: "a", name: "a", fields: { objectsSize: "2048" } }),
      resource({ kind: "objectStorageS3", id: "b", name: "b", fields: { objectsSize: "512" } }),
      resource({ kind: "objectStorageS3", id: "c", name: "c", fields: {} }),
      resource({ kind: "objectStorageS3", id: "d", name: "d", fields: { objectsSize: "10000000000" } }),
    ];
    const s3 = KIND_COLUMNS.objectStorageS3;
    expect(sortRows(buckets, s3, { columnId: "size", desc: false }, ctx).map((r) => r.id)).toEqual([
      "b",
      "a",
      "d",
      "c",
    ]);
    expect(sortRows(buckets, s3, { columnId: "size", desc: true }, ctx).map((r) => r.id)).toEqual(["d", "a", "b", "c"]);
    const sameRegion = sortRows(instances, cols, { columnId: "region", desc: false }, ctx).map((r) => r.name);
    expect(sameRegion).toEqual(["web-prod-01", "db-staging-03", "worker-prod-02"]);
  });

  it("sorts by status with what needs attention first", () => {
    expect(sortRows(instances, cols, { columnId: "status", desc: false }, ctx).map((r) => r.status.class)).toEqual([
      "error",
      "stopped",
      "ok",
    ]);
  });

  it("leaves the order alone for an unknown column", () => {
    expect(sortRows(instances, cols, { columnId: "nope", desc: false }, ctx)).toEqual(instances);
  });
});

describe("export", () => {
  it("writes the view's columns and rows as CSV, neutralising formulas", () => {
    const hostile: Resource = resource({
      kind: "instance",
      projectId: PROD,
      id: "i-1",
      name: '=cmd|" /C calc"!A0',
      region: "GRA11",
      fields: { image: 'Debian, with "quotes"\nand a line' },
    });
    const csv = viewToCsv([instances[0], hostile], cols, ctx);
    expect(csv.startsWith(CSV_BOM)).toBe(true);
    const lines = csv.slice(1).split("\r\n");
    expect(lines[0]).toBe(
      "Name,Status,Project,Region,Flavor,IPs,Image,Private network,Created,ID,Kind,Status class,Project ID,Connection ID",
    );
    expect(lines[1]).toContain(
      'web-prod-01,OK (ACTIVE),Production,GRA11,b2-7,"51.178.42.17, 10.0.1.12, 2001:41d0:304:200::1b2c",Debian 12,,2023-04-12 09:31 UTC,',
    );
    expect(csv).toContain(`"'=cmd|"" /C calc""!A0"`);
    expect(csv).toContain('"Debian, with ""quotes""\nand a line"');
  });

  it("writes the whole resources as JSON, raw objects included", () => {
    const parsed = JSON.parse(viewToJson(instances.slice(0, 1)));
    expect(parsed).toHaveLength(1);
    expect(parsed[0].raw.ipAddresses[2].ip).toBe("2001:41d0:304:200::1b2c");
  });
});
