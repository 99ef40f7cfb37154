import { describe, expect, it } from "vitest";
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
