import { useEffect, useRef, useState } from "react";
import { commands, type Resource, type ResourceDetails } from "../bindings";
import { ageText, dateText } from "../lib/format";
import { type ColumnContext, KIND_COLUMNS, kindSingular } from "./kinds";
import { StatusBadge } from "./StatusBadge";
import { ResourceActions } from "../actions/ResourceActions";

export type DetailDrawerProps = {
  resource: Resource;
  ctx: ColumnContext;
  connectionLabel: string;
  onClose: () => void;
  onOpenInManager: (resource: Resource) => void;
  /** When this resource was last read, if the latest refresh could not read its kind. */
  staleSince?: string | null;
  now?: number;
};

type CopyState = "idle" | "copied" | "failed";

/** One resource: its key fields, OVH's raw object, copy id, and a way to the Manager. Escape closes it. */
export function DetailDrawer({
  resource,
  ctx,
  connectionLabel,
  onClose,
  onOpenInManager,
  staleSince = null,
  now = Date.now(),
}: DetailDrawerProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  const [copy, setCopy] = useState<CopyState>("idle");
  const history = useResourceHistory(resource);

  useEffect(() => {
    heading.current?.focus();
    setCopy("idle");
  }, [resource]);

  const copyId = async () => {
    try {
      if (!navigator.clipboard) throw new Error("no clipboard");
      await navigator.clipboard.writeText(resource.id);
      setCopy("copied");
    } catch {
      setCopy("failed");
    }
  };

  const fields: [string, string][] = [
    ["Kind", kindSingular(resource.kind)],
    ["ID", resource.id],
    ["Connection", connectionLabel],
  ];
  if (resource.projectId) fields.push(["Project", `${ctx.projectName(resource.projectId)} (${resource.projectId})`]);
  if (resource.region) fields.push(["Region", resource.region]);
  if (resource.created) fields.push(["Created", dateText(resource.created)]);
  if (history) {
    fields.push(["First seen", dateText(history.firstSeen)]);
    fields.push(["Last changed", dateText(history.lastChanged)]);
  }
  const shown = new Set(["name", "status", "project", "region", "created", "id"]);
  for (const c of KIND_COLUMNS[resource.kind]) {
    if (shown.has(c.id)) continue;
    const text = c.text(resource, ctx);
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
          <div className="dash-muted dash-small">{kindSingular(resource.kind)}</div>
          <h2 id="dash-drawer-title" ref={heading} tabIndex={-1}>
            {resource.name}
          </h2>
          <StatusBadge status={resource.status} />
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
        <button type="button" className="dash-button dash-button-primary" onClick={() => onOpenInManager(resource)}>
          Open in OVHcloud Manager
        </button>
        <span className="dash-small" role="status">
          {copy === "copied" && "The ID is in the clipboard."}
          {copy === "failed" && "The clipboard refused the ID; select it below and copy it by hand."}
        </span>
      </div>
      <ResourceActions resource={resource} />
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
        {JSON.stringify(resource.raw, null, 2)}
      </pre>
    </aside>
  );
}

/** When the store first saw the resource and last saw it change; `null` until known. */
function useResourceHistory(resource: Resource): ResourceDetails | null {
  const [details, setDetails] = useState<ResourceDetails | null>(null);
  useEffect(() => {
    let live = true;
    setDetails(null);
    // Through a promise, so a missing backend reads as "not known".
    Promise.resolve()
      .then(() => commands.findResource(resource.connectionId, resource.projectId, resource.kind, resource.id))
      .then(
        (result) => live && result.status === "ok" && setDetails(result.data),
        () => undefined,
      );
    return () => {
      live = false;
    };
  }, [resource]);
  return details;
}
