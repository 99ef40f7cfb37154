/** From index + view + query to the rows on screen, in order (memoized per input). */
import { useMemo, useRef } from "react";
import type { Resource } from "../bindings";
import { type DashboardIndex, filteredRows, narrows, search } from "./inventoryIndex";
import { type ColumnContext, type ColumnDef, KIND_COLUMNS, SEARCH_COLUMNS } from "./kinds";
import { sortRows } from "./sortRows";
import type { ViewState } from "./viewState";

/** Search hits for a query, narrowing the previous hits when the query only grew. `null` without a query. */
export function useSearchHits(index: DashboardIndex, query: string): number[] | null {
  const last = useRef<{ index: DashboardIndex; query: string; hits: number[] } | null>(null);
  return useMemo(() => {
    if (!query.trim()) {
      last.current = null;
      return null;
    }
    const prev = last.current;
    const within = prev && prev.index === index && narrows(prev.query, query) ? prev.hits : undefined;
    const hits = search(index, query, within);
    last.current = { index, query, hits };
    return hits;
  }, [index, query]);
}

export type ViewRows = { columns: ColumnDef[]; rows: Resource[]; inView: Resource[] };

export function useViewRows(
  index: DashboardIndex,
  view: ViewState,
  hits: number[] | null,
  ctx: ColumnContext,
): ViewRows {
  const { section, filters, sort } = view;
  // The same array for the same rows and filters (memoized in the index's cache).
  const inView = useMemo(
    () => filteredRows(index, hits ?? (section === "overview" ? null : index.byKind[section]), filters),
    [index, hits, section, filters],
  );
  const columns = hits !== null || section === "overview" ? SEARCH_COLUMNS : KIND_COLUMNS[section];
  const rows = useMemo(() => sortRows(inView, columns, sort, ctx), [inView, columns, sort, ctx]);
  return { columns, rows, inView };
}
