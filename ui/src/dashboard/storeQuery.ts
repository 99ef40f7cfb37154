/** The dashboard's view as the store's filter and sort (exports, windows of rows). */
import type { RowFilter, SortBy } from "../bindings";
import type { ColumnDef } from "./kinds";
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

/** The view's sort, when its column is one the store can sort by. */
export function viewSort(view: ViewState, columns: readonly ColumnDef[]): SortBy | null {
  const column = view.sort ? columns.find((c) => c.id === view.sort?.columnId) : undefined;
  return view.sort && column?.sortBy ? { column: column.sortBy, descending: view.sort.desc } : null;
}
