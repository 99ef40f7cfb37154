/** How statuses read: labels, their order in the filter, and a status as text. */
import type { Status, StatusClass } from "../bindings";

export const STATUS_LABELS: Record<StatusClass, string> = {
  ok: "OK",
  in_progress: "In progress",
  stopped: "Stopped",
  error: "Error",
  unknown: "Unknown",
};

export const STATUS_ORDER: StatusClass[] = ["ok", "in_progress", "stopped", "error", "unknown"];

/** "Stopped (SHUTOFF)": the class, then OVH's word when there is one. */
export function statusText(status: Status): string {
  return status.raw ? `${STATUS_LABELS[status.class]} (${status.raw})` : STATUS_LABELS[status.class];
}
