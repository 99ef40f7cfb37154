/** The dashboard's view as the store's filter and sort (the overview, windows of rows, exports). */
import type { KindColumn, ResourceKind, RowFilter, SortBy } from "../bindings";
import { columnsOf } from "./kinds";
import type { ViewState } from "./viewState";

/**
 * What the table shows: a search looks across every kind, a kind's page at
 * that kind only, the overview at everything; the filters apply to all three.
 */
export function viewFilter(view: ViewState, query: string): RowFilter {
  const search = query.trim();
  return {
    ...view.filters,
    kind: search || view.section === "overview" ? null : view.section,
    search,
  };
}

/** The filters alone, for the overview's counts (a search hides the overview). */
export function overviewFilter(view: ViewState): RowFilter {
  return { ...view.filters, kind: null, search: "" };
}

/** Nothing filtered: the sidebar's counts, the filter bar's projects and regions. */
export const EVERYTHING: RowFilter = {
  connectionId: null,
  kind: null,
  projectId: null,
  region: null,
  status: null,
  search: "",
};

/** The columns of the table a filter shows: its kind's, or the mixed ones (search, overview). */
export function filterColumns(filter: RowFilter): readonly KindColumn[] {
  return columnsOf(filter.kind as ResourceKind | null);
}

/** The view's sort, when its column is one the store can sort by. */
export function viewSort(view: ViewState, columns: readonly KindColumn[]): SortBy | null {
  const column = view.sort ? columns.find((c) => c.id === view.sort?.columnId) : undefined;
  return view.sort && column?.sort ? { column: column.sort, descending: view.sort.desc } : null;
}
