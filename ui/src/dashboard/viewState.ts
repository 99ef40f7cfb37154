/**
 * The dashboard's view (which kind, which filters, which sort), remembered
 * in localStorage between runs. It holds no secret: only kinds, ids and region names.
 */
import type { ResourceKind, StatusClass } from "../bindings";
import { isResourceKind } from "./kinds";
import { STATUS_ORDER } from "./resourceText";

export type Section = "overview" | ResourceKind;

export type Filters = {
  connectionId: string | null;
  projectId: string | null;
  region: string | null;
  status: StatusClass | null;
};

export const NO_FILTERS: Filters = { connectionId: null, projectId: null, region: null, status: null };

export function hasFilters(f: Filters): boolean {
  return f.connectionId !== null || f.projectId !== null || f.region !== null || f.status !== null;
}

/** The column the table is sorted by (a column id of the catalogue). */
export type SortState = { columnId: string; desc: boolean };

export type ViewState = { section: Section; filters: Filters; sort: SortState | null };

export const DEFAULT_VIEW: ViewState = { section: "overview", filters: NO_FILTERS, sort: null };

export const VIEW_STORAGE_KEY = "aurora.dashboard.view.v1";

const text = (v: unknown): string | null => (typeof v === "string" && v.length > 0 && v.length < 300 ? v : null);

/** Reads a stored view, keeping only the parts that are well formed. */
export function parseView(json: string | null): ViewState {
  if (!json) return DEFAULT_VIEW;
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return DEFAULT_VIEW;
  }
  if (!data || typeof data !== "object") return DEFAULT_VIEW;
  const d = data as {
    section?: unknown;
    filters?: Record<string, unknown>;
    sort?: { columnId?: unknown; desc?: unknown };
  };
  const f = d.filters && typeof d.filters === "object" ? d.filters : {};
  const status = STATUS_ORDER.includes(f.status as StatusClass) ? (f.status as StatusClass) : null;
  const sortColumn = text(d.sort?.columnId);
  return {
    section: d.section === "overview" || isResourceKind(d.section) ? d.section : "overview",
    filters: { connectionId: text(f.connectionId), projectId: text(f.projectId), region: text(f.region), status },
    sort: sortColumn ? { columnId: sortColumn, desc: d.sort?.desc === true } : null,
  };
}

export function loadView(storage: Storage | undefined = safeStorage()): ViewState {
  try {
    return parseView(storage?.getItem(VIEW_STORAGE_KEY) ?? null);
  } catch {
    return DEFAULT_VIEW;
  }
}

export function saveView(view: ViewState, storage: Storage | undefined = safeStorage()): void {
  try {
    storage?.setItem(VIEW_STORAGE_KEY, JSON.stringify(view));
  } catch {
    // Storage full or refused: the view is simply not remembered.
  }
}

function safeStorage(): Storage | undefined {
  try {
    return typeof localStorage === "undefined" ? undefined : localStorage;
  } catch {
    return undefined;
  }
}
