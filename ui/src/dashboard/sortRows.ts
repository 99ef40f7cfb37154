import type { Resource } from "../bindings";
import type { ColumnContext, ColumnDef } from "./kinds";

export type SortState = { columnId: string; desc: boolean };

const collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

/**
 * Sorts by one column, keeping the previous order among equal rows. Keys are
 * computed once per row, so sorting 50,000 rows stays quick. Empty cells go
 * last in both directions.
 */
export function sortRows(
  rows: readonly Resource[],
  columns: readonly ColumnDef[],
  sort: SortState | null,
  ctx: ColumnContext,
): Resource[] {
  const column = sort ? columns.find((c) => c.id === sort.columnId) : undefined;
  if (!sort || !column) return [...rows];
  const dir = sort.desc ? -1 : 1;
  const keyed = rows.map((r, i) => {
    const text = column.text(r, ctx);
    return { r, i, text, n: column.sortValue ? column.sortValue(r) : 0, empty: text === "" };
  });
  keyed.sort((a, b) => {
    if (a.empty !== b.empty) return a.empty ? 1 : -1;
    const c = column.sortValue ? a.n - b.n : collator.compare(a.text, b.text);
    return c !== 0 ? c * dir : a.i - b.i;
  });
  return keyed.map((k) => k.r);
}
