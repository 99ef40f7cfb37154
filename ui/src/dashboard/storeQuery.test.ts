import { describe, expect, it } from "vitest";
import { columnsOf } from "./kinds";
import { viewFilter, viewSort } from "./storeQuery";
import { DEFAULT_VIEW, type ViewState } from "./viewState";

const filters = { connectionId: "c1", projectId: "p1", region: "GRA11", status: "error" } as const;

describe("the view as the store's query", () => {
  it("keeps a kind's page to its kind, and lets a search or the overview look at every kind", () => {
    const page: ViewState = { section: "database", filters, sort: null };
    expect(viewFilter(page, "")).toEqual({ ...filters, kind: "database", search: "" });
    expect(viewFilter(page, "  pg ")).toEqual({ ...filters, kind: null, search: "pg" });
    expect(viewFilter(DEFAULT_VIEW, "")).toMatchObject({ kind: null, connectionId: null, search: "" });
  });

  it("sorts by what each column shows: a field by its key, numbers as numbers", () => {
    const sortBy = (section: ViewState["section"], columnId: string, desc = false) =>
      viewSort(
        { section, filters: DEFAULT_VIEW.filters, sort: { columnId, desc } },
        columnsOf(section === "overview" ? null : section),
      );
    expect(sortBy("instance", "name", true)).toEqual({ column: { by: "name" }, descending: true });
    expect(sortBy("instance", "flavor")).toEqual({
      column: { by: "field", key: "flavor", numeric: false },
      descending: false,
    });
    expect(sortBy("database", "nodes")?.column).toEqual({ by: "field", key: "nodeNumber", numeric: true });
    expect(sortBy("objectStorageS3", "size")?.column).toMatchObject({ key: "objectsSize", numeric: true });
    expect(sortBy("objectStorageSwift", "size")?.column).toMatchObject({ key: "storedBytes", numeric: true });
    expect(sortBy("overview", "kind")?.column).toEqual({ by: "kind" });
    expect(sortBy("instance", "no-such-column")).toBeNull();
    expect(viewSort(DEFAULT_VIEW, columnsOf(null))).toBeNull();
  });
});
