/** The dashboard's empty states, each leading to the next step. */
import type { Connection, ConnectionView } from "../bindings";
import { EmptyState } from "./EmptyState";

export function NoConnections({ onAddConnection }: { onAddConnection: () => void }) {
  return (
    <EmptyState
      title="No OVHcloud account is connected yet."
      action={
        <button type="button" className="dash-button dash-button-primary" onClick={onAddConnection}>
          Add a connection
        </button>
      }
    >
      Connect an account to see its projects, instances, clusters, databases and more.
    </EmptyState>
  );
}

/** No inventory anywhere: sign in again when no connection can be used, else take one. */
export function NoInventory({
  connections,
  onSignInAgain,
  onRefresh,
}: {
  connections: readonly ConnectionView[];
  onSignInAgain: (c: Connection) => void;
  onRefresh: (id: string) => void;
}) {
  const active = connections.filter((c) => c.status.state === "active");
  if (active.length === 0) {
    return (
      <EmptyState
        title="Sign in again to see your resources."
        action={connections.map((c) => (
          <button
            key={c.connection.id}
            type="button"
            className="dash-button dash-button-primary"
            onClick={() => onSignInAgain(c.connection)}
          >
            Sign in again to {c.connection.label}
          </button>
        ))}
      >
        The credentials of {connections.length === 1 ? "this connection" : "these connections"} can no longer be used.
      </EmptyState>
    );
  }
  return (
    <EmptyState
      title="No inventory has been taken yet."
      action={
        <button
          type="button"
          className="dash-button dash-button-primary"
          onClick={() => active.forEach((c) => onRefresh(c.connection.id))}
        >
          Take an inventory now
        </button>
      }
    >
      Aurora will list everything the connected {active.length === 1 ? "account runs" : "accounts run"} on OVHcloud. It
      takes a few seconds per project.
    </EmptyState>
  );
}

/** A table with nothing to show: say why, and offer to clear what hides the rest. */
export function NoMatches({
  reason,
  kindLabel,
  onClear,
}: {
  reason: "search" | "filters" | "none";
  kindLabel: string;
  onClear: () => void;
}) {
  const title =
    reason === "search"
      ? "Nothing matches this search."
      : reason === "filters"
        ? "Nothing matches these filters."
        : `No ${kindLabel.toLowerCase()} in this inventory.`;
  return (
    <EmptyState
      title={title}
      action={
        reason !== "none" ? (
          <button type="button" className="dash-button" onClick={onClear}>
            Clear the search and filters
          </button>
        ) : undefined
      }
    />
  );
}
