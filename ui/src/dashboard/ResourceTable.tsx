/**
 * The one table every kind uses: columns come from the kind catalogue
 * (Rust's), rows are a virtualized window over the store's rows (pages are
 * asked for as they come into view), the header sorts, and the keyboard
 * moves through rows (arrows, Page Up/Down, Home/End) and opens one with Enter.
 * With a selection, a leading column of checkboxes picks rows (Space toggles
 * the row the keyboard is on), for actions on several resources at once.
 */
import { observeElementRect, useVirtualizer, type Virtualizer } from "@tanstack/react-virtual";
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from "react";
import type { KindColumn, ResourceRow } from "../bindings";
import { cellText, type ColumnContext, isMono } from "./kinds";
import { StatusBadge } from "./StatusBadge";
import type { SortState } from "./viewState";

export const ROW_HEIGHT = 36;

export type ResourceTableProps = {
  label: string;
  /** Rows in the table, all pages together. */
  total: number;
  /** The row at an index, `undefined` while its page loads. */
  rowAt: (index: number) => ResourceRow | undefined;
  /** Asks for the rows `first..=last` (the ones in view). */
  want: (first: number, last: number) => void;
  columns: readonly KindColumn[];
  ctx: ColumnContext;
  sort: SortState | null;
  onSort: (sort: SortState | null) => void;
  onOpen: (row: ResourceRow) => void;
  /** The store row shown in the drawer, highlighted in the table. */
  openRow: number | null;
  /** Rows picked for an action (store rows); omitted, the table has no checkboxes. */
  selection?: TableSelection;
};

export type TableSelection = {
  selected: ReadonlySet<number>;
  toggle: (row: ResourceRow) => void;
  /** Rows that can be picked (the others get an empty cell). */
  can: (row: ResourceRow) => boolean;
};

/** The checkbox column's width in pixels. */
const SELECT_WIDTH = 44;

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

/** Not sorted, then ascending, then descending, then not sorted again. */
function nextSort(sort: SortState | null, columnId: string): SortState | null {
  if (sort?.columnId !== columnId) return { columnId, desc: false };
  return sort.desc ? null : { columnId, desc: true };
}

export const ResourceTable = forwardRef<ResourceTableHandle, ResourceTableProps>(function ResourceTable(
  { label, total, rowAt, want, columns, ctx, sort, onSort, onOpen, openRow, selection },
  ref,
) {
  const scroller = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  // Keep the active row inside the rows when they change (filters, search):
  // adjusted while rendering rather than in an effect, which would render the table twice.
  const inside = Math.min(active, Math.max(0, total - 1));
  if (inside !== active) setActive(inside);
  useImperativeHandle(ref, () => ({ focus: () => scroller.current?.focus() }), []);

  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    observeElementRect: observeRect,
  });
  const items = virtualizer.getVirtualItems();
  const first = items.length > 0 ? items[0].index : 0;
  const last = items.length > 0 ? items[items.length - 1].index : -1;
  useEffect(() => {
    if (last >= first) want(first, last);
  }, [first, last, want]);

  const move = (to: number) => {
    const next = Math.max(0, Math.min(total - 1, to));
    setActive(next);
    want(next, next);
    virtualizer.scrollToIndex(next, { align: "auto" });
  };
  const pageRows = Math.max(1, Math.floor((scroller.current?.clientHeight || 600) / ROW_HEIGHT) - 1);

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (total === 0) return;
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(active + 1),
      ArrowUp: () => move(active - 1),
      PageDown: () => move(active + pageRows),
      PageUp: () => move(active - pageRows),
      Home: () => move(0),
      End: () => move(total - 1),
      Enter: () => {
        const row = rowAt(active);
        if (row) onOpen(row);
      },
      " ": () => {
        const row = rowAt(active);
        if (row && selection?.can(row)) selection.toggle(row);
      },
    };
    const action = keys[e.key];
    if (action && e.target === scroller.current) {
      e.preventDefault();
      action();
    }
  };

  // Pixel minimums make every row's columns line up whatever its content.
  const widths = columns.map(({ width: [min, grow] }) => `minmax(${min}px, ${grow}fr)`);
  const template = (selection ? [`${SELECT_WIDTH}px`, ...widths] : widths).join(" ");
  const minWidth = columns.reduce((sum, { width: [min] }) => sum + min, selection ? SELECT_WIDTH : 0);
  const rowId = (i: number) => `dash-row-${i}`;
  return (
    <div
      ref={scroller}
      className="dash-table"
      role="grid"
      data-testid="dash-table"
      aria-label={label}
      aria-rowcount={total + 1}
      aria-colcount={columns.length + (selection ? 1 : 0)}
      aria-multiselectable={selection ? true : undefined}
      aria-activedescendant={total > 0 ? rowId(active) : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      style={{ ["--dash-columns" as string]: template, ["--dash-min-width" as string]: `${minWidth}px` }}
    >
      <div role="rowgroup" className="dash-table-head">
        <div role="row" aria-rowindex={1} className="dash-table-row dash-table-header-row">
          {selection && (
            <div role="columnheader" className="dash-table-cell dash-select-cell">
              <span className="dash-visually-hidden">Selected</span>
            </div>
          )}
          {columns.map((column) => {
            const dir = sort?.columnId === column.id ? (sort.desc ? "descending" : "ascending") : "none";
            return (
              <div role="columnheader" key={column.id} className="dash-table-cell" aria-sort={dir}>
                {column.sort ? (
                  <button
                    type="button"
                    className="dash-sort"
                    onClick={() => onSort(nextSort(sort, column.id))}
                    title={`Sort by ${column.header}`}
                  >
                    {column.header}
                    <span className="dash-sort-mark" aria-hidden="true">
                      {dir === "ascending" ? "▲" : dir === "descending" ? "▼" : ""}
                    </span>
                  </button>
                ) : (
                  column.header
                )}
              </div>
            );
          })}
        </div>
      </div>
      <div role="rowgroup" className="dash-table-body" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const row = rowAt(item.index);
          const place = {
            id: rowId(item.index),
            "aria-rowindex": item.index + 2,
            style: { transform: `translateY(${item.start}px)`, height: ROW_HEIGHT },
          };
          const classes = ["dash-table-row"];
          if (item.index === active) classes.push("dash-row-active");
          if (!row)
            return (
              <div
                role="row"
                key={`loading-${item.index}`}
                data-testid="dash-row-loading"
                className={classes.join(" ")}
                {...place}
              >
                {selection && <div role="gridcell" className="dash-table-cell dash-select-cell" />}
                <div role="gridcell" className="dash-table-cell dash-muted dash-row-loading">
                  Loading…
                </div>
              </div>
            );
          if (row.row === openRow) classes.push("dash-row-open");
          return (
            <TableRow
              key={row.row}
              row={row}
              columns={columns}
              ctx={ctx}
              open={row.row === openRow}
              selection={selection}
              className={classes.join(" ")}
              place={place}
              onClick={() => {
                setActive(item.index);
                onOpen(row);
              }}
            />
          );
        })}
      </div>
    </div>
  );
});

/** One resource's row: its checkbox when rows can be picked, then a cell per column. */
function TableRow({
  row,
  columns,
  ctx,
  open,
  selection,
  className,
  place,
  onClick,
}: {
  row: ResourceRow;
  columns: readonly KindColumn[];
  ctx: ColumnContext;
  /** Shown in the drawer. */
  open: boolean;
  selection: TableSelection | undefined;
  className: string;
  place: { id: string; "aria-rowindex": number; style: React.CSSProperties };
  onClick: () => void;
}) {
  const pickable = selection?.can(row) ?? false;
  const picked = pickable && (selection?.selected.has(row.row) ?? false);
  return (
    <div
      role="row"
      data-testid="dash-row"
      data-resource-id={row.id}
      // With checkboxes, "selected" is what they picked; without, the row in the drawer.
      aria-selected={selection ? (pickable ? picked : undefined) : open}
      aria-current={selection && open ? true : undefined}
      className={picked ? `${className} dash-row-picked` : className}
      onClick={onClick}
      {...place}
    >
      {selection && (
        // The grid keeps the keyboard focus (Space toggles); the box is for the pointer and screen readers.
        <div role="gridcell" className="dash-table-cell dash-select-cell" onClick={(e) => e.stopPropagation()}>
          {pickable && (
            <input
              type="checkbox"
              tabIndex={-1}
              checked={picked}
              onChange={() => selection.toggle(row)}
              aria-label={`Select ${row.name || row.id}`}
              data-testid="row-select"
            />
          )}
        </div>
      )}
      {columns.map((column) => {
        const text = cellText(column, row, ctx);
        return (
          <div
            role="gridcell"
            key={column.id}
            className={isMono(column) ? "dash-table-cell dash-mono" : "dash-table-cell"}
            title={column.format.as === "status" ? undefined : text || undefined}
          >
            {column.format.as === "status" ? <StatusBadge status={row.status} /> : text}
          </div>
        );
      })}
    </div>
  );
}
