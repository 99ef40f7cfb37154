import type { Status } from "../bindings";
import { STATUS_LABELS } from "./resourceText";

/** A coloured badge for a status class; OVH's own word (`SHUTOFF`, `READY`...) is its tooltip. */
export function StatusBadge({ status }: { status: Status }) {
  const label = STATUS_LABELS[status.class];
  return (
    <span
      className={`dash-status dash-status-${status.class}`}
      title={status.raw ? `OVH status: ${status.raw}` : `${label}: OVH gives no status word`}
    >
      <span className="dash-status-dot" aria-hidden="true" />
      {label}
      {status.raw && <span className="dash-visually-hidden"> (OVH status: {status.raw})</span>}
    </span>
  );
}
