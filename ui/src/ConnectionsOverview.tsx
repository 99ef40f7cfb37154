import { useState } from "react";
import { commands, type Connection, type ConnectionView, type Inventory, type UserError } from "./bindings";
import { ErrorNotice } from "./common/ErrorNotice";
import { asUserError, unwrap } from "./common/ipc";
import { formatExpiry } from "./connect/ConnectedAccount";

/** The connections with their status, and a refresh of each one's resources. */
export function ConnectionsOverview({
  connections,
  onSignIn,
  onApiKeys,
  onAccess,
  onChanged,
}: {
  connections: ConnectionView[];
  onSignIn: () => void;
  onApiKeys: () => void;
  onAccess: (c: Connection) => void;
  onChanged: () => void;
}) {
  const [inventories, setInventories] = useState<Record<string, Inventory>>({});
  const [error, setError] = useState<UserError | null>(null);
  const refresh = async (id: string) => {
    setError(null);
    try {
      const inventory = await unwrap(commands.refreshInventory(id, null));
      setInventories((all) => ({ ...all, [id]: inventory }));
    } catch (e) {
      setError(asUserError(e));
    }
  };
  const disconnect = async (id: string) => {
    await commands.disconnect(id);
    onChanged();
  };
  return (
    <section aria-labelledby="connections-title">
      <h2 id="connections-title">Connections</h2>
      {error && <ErrorNotice error={error} />}
      <ul className="connections" data-testid="connections">
        {connections.map(({ connection, status }) => (
          <li key={connection.id} className="connection">
            <div>
              <strong data-testid="connection-label">{connection.label}</strong>
              <div className="muted">{formatExpiry(status)}</div>
              {inventories[connection.id] && (
                <div data-testid="resource-count">{inventories[connection.id].resources.length} resources</div>
              )}
            </div>
            <span className="spacer" />
            <button type="button" className="button" onClick={() => refresh(connection.id)}>
              Refresh
            </button>
            <button type="button" className="button" onClick={() => onAccess(connection)}>
              Access & IAM
            </button>
            <button type="button" className="button" onClick={() => disconnect(connection.id)}>
              Disconnect
            </button>
          </li>
        ))}
      </ul>
      <div className="actions">
        <button type="button" className="button" onClick={onSignIn}>
          Sign in with OVH
        </button>
        <button type="button" className="button" onClick={onApiKeys}>
          Use API keys
        </button>
      </div>
    </section>
  );
}
