import type { Status } from "../bindings";
import { STATUS_LABELS } from "./resourceText";

/** A coloured badge for a status class; OVH's own word is the text and the tooltip. */
export function StatusBadge({ status }: { status: Status }) {
  const label = STATUS_LABELS[status.class];
  return (
    <span className={`dash-status dash-status-${status.class}`} title={status.raw ? `OVH status: ${status.raw}` : label}>
      <span className="dash-status-dot" aria-hidden="true" />
      {status.raw ?? label}
      {status.raw && <span className="dash-visually-hidden"> ({label})</span>}
    </span>
  );
}
