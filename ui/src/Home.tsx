import type { Connection, ConnectionView } from "./bindings";
import { Welcome } from "./connect/Welcome";
import { ConnectionsOverview } from "./ConnectionsOverview";

/** The first screen: how to connect when there is nothing yet, else the connections. */
export function Home({
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
  if (connections.length === 0) return <Welcome onSignIn={onSignIn} onApiKeys={onApiKeys} />;
  return <ConnectionsOverview connections={connections} onSignIn={onSignIn} onApiKeys={onApiKeys} onAccess={onAccess} onChanged={onChanged} />;
}
