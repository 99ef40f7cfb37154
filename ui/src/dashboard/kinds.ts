/**
 * What the dashboard knows about each resource kind: its labels and the
 * columns of its table. Both are Rust's (`resource_kinds`, loaded once before
 * the first render); this file only formats cells.
 */
import {
  commands,
  type KindCatalogue,
  type KindColumn,
  type KindInfo,
  type ResourceKind,
  type ResourceRow,
} from "../bindings";
import { bytesText, dateText } from "../lib/format";
import { statusText } from "./resourceText";

let mixed: readonly KindColumn[] = [];
let catalogue: readonly KindInfo[] = [];
let byKind = new Map<ResourceKind, KindInfo & { rank: number }>();

export function setKindCatalogue(given: KindCatalogue): void {
  catalogue = given.kinds;
  mixed = given.mixedColumns;
  byKind = new Map(given.kinds.map((k, rank) => [k.kind, { ...k, rank }]));
}

export async function loadKindCatalogue(): Promise<void> {
  setKindCatalogue(await commands.resourceKinds());
}

/** Every kind, in the catalogue's order (the sidebar's, the overview's, the store's sort). */
export const kindOrder = (): ResourceKind[] => catalogue.map((k) => k.kind);
/** Where the kind comes in the catalogue's order. */
export const kindRank = (kind: ResourceKind): number => byKind.get(kind)?.rank ?? -1;
/** "Public Cloud instances". */
export const kindLabel = (kind: ResourceKind): string => byKind.get(kind)?.label ?? kind;
/** "Instance": for badges and the drawer. */
export const kindSingular = (kind: ResourceKind): string => byKind.get(kind)?.singular ?? kind;

export function isResourceKind(value: unknown): value is ResourceKind {
  return typeof value === "string" && byKind.has(value as ResourceKind);
}

/** A kind's table columns; `null`: the columns of tables mixing every kind (search results). */
export function columnsOf(kind: ResourceKind | null): readonly KindColumn[] {
  return kind === null ? mixed : (byKind.get(kind)?.columns ?? mixed);
}

/** What a column may need beyond the row itself. */
export type ColumnContext = { projectName: (projectId: string | null) => string };

/** What a cell reads: a store row, or a whole resource with its addresses. */
export type CellSource = Pick<
  ResourceRow,
  "kind" | "id" | "name" | "status" | "projectId" | "region" | "created" | "fields" | "ips"
>;

function cellValue(column: KindColumn, r: CellSource): string {
  const v = column.value;
  switch (v.of) {
    case "name":
      return r.name;
    case "id":
      return r.id;
    case "kind":
      return r.kind;
    case "status":
      return r.status.class;
    case "project":
      return r.projectId ?? "";
    case "region":
      return r.region ?? "";
    case "created":
      return r.created ?? "";
    case "ips":
      return r.ips.join(", ");
    case "field":
      return r.fields[v.key] ?? "";
  }
}

/** The cell as text: shown, given as the cell's title, read by screen readers. */
export function cellText(column: KindColumn, r: CellSource, ctx: ColumnContext): string {
  const f = column.format;
  switch (f.as) {
    case "status":
      return statusText(r.status);
    case "projectName":
      return ctx.projectName(r.projectId);
    case "kindName":
      return kindSingular(r.kind);
    case "date":
      return dateText(cellValue(column, r));
    case "bytes":
      return bytesText(cellValue(column, r));
    case "labelled": {
      const value = cellValue(column, r);
      return value ? `${f.label} (${value})` : f.label;
    }
    default:
      return cellValue(column, r);
  }
}

/** Shown in a monospace font (ids, addresses). */
export const isMono = (column: KindColumn): boolean => column.format.as === "mono" || column.format.as === "ips";
