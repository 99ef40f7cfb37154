/** The current view as CSV or JSON text (pure: the download is elsewhere). */
import type { Resource } from "../bindings";
import { type CsvColumn, toCsv } from "../lib/csv";
import type { ColumnContext, ColumnDef } from "./kinds";

/**
 * CSV of the rows in view, in view order: the table's columns, then the
 * identifiers a spreadsheet needs to tell rows apart.
 */
export function viewToCsv(rows: readonly Resource[], columns: readonly ColumnDef[], ctx: ColumnContext): string {
  const csvColumns: CsvColumn<Resource>[] = columns.map((c) => ({ header: c.header, value: (r) => c.text(r, ctx) }));
  const ids = new Set(columns.map((c) => c.id));
  if (!ids.has("id")) csvColumns.push({ header: "ID", value: (r) => r.id });
  if (!ids.has("kind")) csvColumns.push({ header: "Kind", value: (r) => r.kind });
  csvColumns.push({ header: "Status class", value: (r) => r.status.class });
  csvColumns.push({ header: "Project ID", value: (r) => r.projectId ?? "" });
  csvColumns.push({ header: "Connection ID", value: (r) => r.connectionId });
  return toCsv(csvColumns, rows);
}

/** JSON of the rows in view: the whole resources, raw OVH objects included. */
export function viewToJson(rows: readonly Resource[]): string {
  return `${JSON.stringify(rows, null, 2)}\n`;
}
