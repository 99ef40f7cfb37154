/**
 * The one table every kind uses: columns come from `kinds.ts`, rows are
 * virtualized, the header sorts, and the keyboard moves through rows
 * (arrows, Page Up/Down, Home/End) and opens one with Enter.
 */
import {
  type ColumnDef as TanColumn,
  flexRender,
  getCoreRowModel,
  type SortingState,
  useReactTable,
} from "@tanstack/react-table";
import { observeElementRect, useVirtualizer, type Virtualizer } from "@tanstack/react-virtual";
import { forwardRef, useImperativeHandle, useMemo, useRef, useState } from "react";
import type { Resource } from "../bindings";
import type { ColumnContext, ColumnDef } from "./kinds";
import { resourceKey } from "./resourceText";
import type { SortState } from "./sortRows";
import { StatusBadge } from "./StatusBadge";

export const ROW_HEIGHT = 36;

export type ResourceTableProps = {
  label: string;
  rows: readonly Resource[];
  columns: readonly ColumnDef[];
  ctx: ColumnContext;
  sort: SortState | null;
  onSort: (sort: SortState | null) => void;
  onOpen: (resource: Resource) => void;
  /** The resource shown in the drawer, highlighted in the table. */
  openKey: string | null;
};

export type ResourceTableHandle = { focus: () => void };

/** Measures the scroll box; a box not laid out yet (or in tests) counts as 600 px high. */
function observeRect(
  instance: Virtualizer<HTMLDivElement, Element>,
  cb: (rect: { width: number; height: number }) => void,
) {
  return observeElementRect(instance, (rect) =>
    cb(rect.height > 0 ? rect : { width: rect.width || 1000, height: 600 }),
  );
}

export const ResourceTable = forwardRef<ResourceTableHandle, ResourceTableProps>(function ResourceTable(
  { label, rows, columns, ctx, sort, onSort, onOpen, openKey },
  ref,
) {
  const scroller = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  // Keep the active row inside the data when rows change (filters, search):
  // adjusted while rendering (React re-runs this function before rendering any
  // row) rather than in an effect once the rows are on screen, which could
  // render the whole table once more after a keystroke.
  const inside = Math.min(active, Math.max(0, rows.length - 1));
  if (inside !== active) setActive(inside);
  useImperativeHandle(ref, () => ({ focus: () => scroller.current?.focus() }), []);

  const tanColumns = useMemo<TanColumn<Resource>[]>(
    () =>
      columns.map((c) => ({
        id: c.id,
        header: c.header,
        accessorFn: (r: Resource) => c.text(r, ctx),
        cell: (info) => (c.status ? <StatusBadge status={info.row.original.status} /> : (info.getValue() as string)),
      })),
    [columns, ctx],
  );
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    observeElementRect: observeRect,
  });

  const items = virtualizer.getVirtualItems();
  const first = items.length > 0 ? items[0].index : 0;
  const last = items.length > 0 ? items[items.length - 1].index : -1;
  const visible = useMemo(() => rows.slice(first, last + 1), [rows, first, last]);

  const sorting: SortingState = sort ? [{ id: sort.columnId, desc: sort.desc }] : [];
  const table = useReactTable({
    data: visible,
    columns: tanColumns,
    state: { sorting },
    manualSorting: true,
    // Nothing is paginated: without this, every change of rows resets the page
    // index in a microtask and renders the whole table a second time.
    autoResetPageIndex: false,
    enableSortingRemoval: true,
    onSortingChange: (updater) => {
      const next = typeof updater === "function" ? updater(sorting) : updater;
      onSort(next[0] ? { columnId: next[0].id, desc: next[0].desc } : null);
    },
    getCoreRowModel: getCoreRowModel(),
    getRowId: (r) => resourceKey(r),
  });
  // Row objects exist for the rows in sight only: 50,000 of them would cost a frame or more.
  const tableRows = table.getRowModel().rows;

  const move = (to: number) => {
    const next = Math.max(0, Math.min(rows.length - 1, to));
    setActive(next);
    virtualizer.scrollToIndex(next, { align: "auto" });
  };
  const pageRows = Math.max(1, Math.floor((scroller.current?.clientHeight || 600) / ROW_HEIGHT) - 1);

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (rows.length === 0) return;
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(active + 1),
      ArrowUp: () => move(active - 1),
      PageDown: () => move(active + pageRows),
      PageUp: () => move(active - pageRows),
      Home: () => move(0),
      End: () => move(rows.length - 1),
      Enter: () => rows[active] && onOpen(rows[active]),
    };
    const action = keys[e.key];
    if (action && e.target === scroller.current) {
      e.preventDefault();
      action();
    }
  };

  // Pixel minimums make every row's columns line up whatever its content.
  const template = columns.map(({ width: [min, grow] }) => `minmax(${min}px, ${grow}fr)`).join(" ");
  const minWidth = columns.reduce((sum, { width: [min] }) => sum + min, 0);
  const rowId = (i: number) => `dash-row-${i}`;
  return (
    <div
      ref={scroller}
      className="dash-table"
      role="grid"
      data-testid="dash-table"
      aria-label={label}
      aria-rowcount={rows.length + 1}
      aria-colcount={columns.length}
      aria-activedescendant={rows.length > 0 ? rowId(active) : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      style={{ ["--dash-columns" as string]: template, ["--dash-min-width" as string]: `${minWidth}px` }}
    >
      <div role="rowgroup" className="dash-table-head">
        {table.getHeaderGroups().map((group) => (
          <div role="row" aria-rowindex={1} className="dash-table-row dash-table-header-row" key={group.id}>
            {group.headers.map((header) => {
              const dir = header.column.getIsSorted();
              return (
                <div
                  role="columnheader"
                  key={header.id}
                  className="dash-table-cell"
                  aria-sort={dir === "asc" ? "ascending" : dir === "desc" ? "descending" : "none"}
                >
                  <button
                    type="button"
                    className="dash-sort"
                    onClick={header.column.getToggleSortingHandler()}
                    title={`Sort by ${header.column.columnDef.header as string}`}
                  >
                    {flexRender(header.column.columnDef.header, header.getContext())}
                    <span className="dash-sort-mark" aria-hidden="true">
                      {dir === "asc" ? "▲" : dir === "desc" ? "▼" : ""}
                    </span>
                  </button>
                </div>
              );
            })}
          </div>
        ))}
      </div>
      <div role="rowgroup" className="dash-table-body" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const row = tableRows[item.index - first];
          if (!row) return null;
          const classes = ["dash-table-row"];
          if (item.index === active) classes.push("dash-row-active");
          if (row.id === openKey) classes.push("dash-row-open");
          return (
            <div
              role="row"
              data-testid="dash-row"
              data-resource-id={row.original.id}
              id={rowId(item.index)}
              key={row.id}
              aria-rowindex={item.index + 2}
              aria-selected={row.id === openKey}
              className={classes.join(" ")}
              style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
              onClick={() => {
                setActive(item.index);
                onOpen(row.original);
              }}
            >
              {row.getVisibleCells().map((cell, i) => (
                <div
                  role="gridcell"
                  key={cell.id}
                  className={columns[i]?.mono ? "dash-table-cell dash-mono" : "dash-table-cell"}
                  title={columns[i]?.status ? undefined : (cell.getValue() as string) || undefined}
                >
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </div>
              ))}
            </div>
          );
        })}
      </div>
    </div>
  );
});
