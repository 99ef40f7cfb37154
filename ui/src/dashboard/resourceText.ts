/** Small readers over a `Resource` shared by columns, search and the drawer. */
import type { JsonValue, Resource, Status, StatusClass } from "../bindings";

/** A member of the raw OVH object as text (`raw.provisioningStatus`), or "". */
export function rawText(resource: Resource, ...path: string[]): string {
  let value: JsonValue | undefined = resource.raw;
  for (const key of path) {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return "";
    value = (value as { [key: string]: JsonValue | undefined })[key];
  }
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : "";
}

/**
 * Every IP address of a resource: the normalized fields (public IPv4, VIP,
 * floating IP, server IP) and, for instances, every address in the raw object
 * (private and IPv6 ones too).
 */
export function ipsOf(resource: Resource): string[] {
  const ips: string[] = [];
  const add = (ip: string | undefined) => {
    if (ip && !ips.includes(ip)) ips.push(ip);
  };
  const raw = resource.raw;
  if (raw && typeof raw === "object" && !Array.isArray(raw)) {
    const addresses = (raw as { ipAddresses?: JsonValue }).ipAddresses;
    if (Array.isArray(addresses)) {
      for (const a of addresses) {
        if (a && typeof a === "object" && !Array.isArray(a)) {
          const ip = (a as { ip?: JsonValue }).ip;
          if (typeof ip === "string") add(ip);
        }
      }
    }
  }
  for (const key of ["ipv4", "vipAddress", "floatingIp", "ip"]) {
    for (const part of (resource.fields[key] ?? "").split(",")) add(part.trim());
  }
  return ips;
}

/** Unique across an inventory (and across connections). */
export function resourceKey(r: Resource): string {
  return `${r.connectionId}\u0000${r.projectId ?? ""}\u0000${r.kind}\u0000${r.id}`;
}

export const STATUS_LABELS: Record<StatusClass, string> = {
  ok: "OK",
  in_progress: "In progress",
  stopped: "Stopped",
  error: "Error",
  unknown: "Unknown",
};

export const STATUS_ORDER: StatusClass[] = ["ok", "in_progress", "stopped", "error", "unknown"];

/** Sorting by status puts what needs attention first. */
export const STATUS_SEVERITY: Record<StatusClass, number> = { error: 0, unknown: 1, in_progress: 2, stopped: 3, ok: 4 };

/** "Stopped (SHUTOFF)": the class, then OVH's word when there is one. */
export function statusText(status: Status): string {
  return status.raw ? `${STATUS_LABELS[status.class]} (${status.raw})` : STATUS_LABELS[status.class];
}
