import { useEffect, useRef, useState } from "react";
import type { Resource, ResourceDetails, ResourceRow, UserError } from "../bindings";
import { ageText, dateText } from "../lib/format";
import { cellText, type ColumnContext, columnsOf, kindSingular } from "./kinds";
import { ProblemNotice } from "./ProblemNotice";
import { StatusBadge } from "./StatusBadge";
import { ResourceActions } from "../actions/ResourceActions";

export type DetailDrawerProps = {
  /** The row picked: shown at once. */
  row: ResourceRow;
  /** The store's whole copy (raw OVH object, history); `null` while it loads. */
  details: ResourceDetails | null;
  /** The store no longer has the resource (a refresh removed it). */
  gone?: boolean;
  error?: UserError | null;
  ctx: ColumnContext;
  connectionLabel: string;
  onClose: () => void;
  onOpenInManager: (resource: Pick<Resource, "connectionId" | "projectId">) => void;
  /** When this resource was last read, if the latest refresh could not read its kind. */
  staleSince?: string | null;
  now?: number;
};

type CopyState = "idle" | "copied" | "failed";

/** One resource: its key fields, OVH's raw object, copy id, and a way to the Manager. Escape closes it. */
export function DetailDrawer({
  row,
  details,
  gone = false,
  error = null,
  ctx,
  connectionLabel,
  onClose,
  onOpenInManager,
  staleSince = null,
  now = Date.now(),
}: DetailDrawerProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  const [copy, setCopy] = useState<CopyState>("idle");

  useEffect(() => {
    heading.current?.focus();
    setCopy("idle");
  }, [row.row]);

  const copyId = async () => {
    try {
      if (!navigator.clipboard) throw new Error("no clipboard");
      await navigator.clipboard.writeText(row.id);
      setCopy("copied");
    } catch {
      setCopy("failed");
    }
  };

  // What the store has now, once loaded; the picked row until then.
  const shown = details ? { ...details.resource, ips: row.ips } : row;
  const fields: [string, string][] = [
    ["Kind", kindSingular(shown.kind)],
    ["ID", shown.id],
    ["Connection", connectionLabel],
  ];
  if (shown.projectId) fields.push(["Project", `${ctx.projectName(shown.projectId)} (${shown.projectId})`]);
  if (shown.region) fields.push(["Region", shown.region]);
  if (shown.created) fields.push(["Created", dateText(shown.created)]);
  if (details) {
    fields.push(["First seen", dateText(details.firstSeen)]);
    fields.push(["Last changed", dateText(details.lastChanged)]);
  }
  const inFields = new Set(["name", "status", "project", "region", "created", "id"]);
  for (const c of columnsOf(shown.kind)) {
    if (inFields.has(c.value.of)) continue;
    const text = cellText(c, shown, ctx);
    if (text) fields.push([c.header, text]);
  }

  return (
    <aside
      className="dash-drawer"
      role="dialog"
      data-testid="dash-drawer"
      aria-modal="false"
      aria-labelledby="dash-drawer-title"
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <header className="dash-drawer-head">
        <div>
          <div className="dash-muted dash-small">{kindSingular(shown.kind)}</div>
          <h2 id="dash-drawer-title" ref={heading} tabIndex={-1}>
            {shown.name}
          </h2>
          <StatusBadge status={shown.status} />
        </div>
        <button
          type="button"
          className="dash-button dash-button-quiet"
          onClick={onClose}
          aria-label="Close the details"
        >
          ✕
        </button>
      </header>
      {staleSince && (
        <p className="dash-banner dash-banner-warning dash-small" role="note">
          The last refresh could not read this kind; this is how it was in the inventory {ageText(staleSince, now)}.
        </p>
      )}
      <div className="dash-drawer-actions">
        <button type="button" className="dash-button" onClick={copyId}>
          Copy ID
        </button>
        <button type="button" className="dash-button dash-button-primary" onClick={() => onOpenInManager(shown)}>
          Open in OVHcloud Manager
        </button>
        <span className="dash-small" role="status">
          {copy === "copied" && "The ID is in the clipboard."}
          {copy === "failed" && "The clipboard refused the ID; select it below and copy it by hand."}
        </span>
      </div>
      {gone && (
        <p className="dash-banner dash-banner-warning dash-small" role="note">
          The last refresh no longer found this resource; this is how it was before.
        </p>
      )}
      {error && <ProblemNotice error={error} prefix="The saved details of this resource could not be read." />}
      {/* From the row, so a running action keeps its progress while the details are read again. */}
      <ResourceActions key={row.row} resource={row} />
      <dl className="dash-fields">
        {fields.map(([k, v]) => (
          <div key={k} className="dash-field">
            <dt>{k}</dt>
            <dd className={k === "ID" ? "dash-mono dash-selectable" : "dash-selectable"}>{v}</dd>
          </div>
        ))}
      </dl>
      <h3>Raw OVH object</h3>
      <pre
        data-testid="dash-raw-json"
        className="dash-raw dash-selectable"
        tabIndex={0}
        aria-label="Raw OVH object as JSON"
      >
        {details ? JSON.stringify(details.resource.raw, null, 2) : gone ? "" : "Loading…"}
      </pre>
    </aside>
  );
}
