import { useCallback, useEffect, useState } from "react";
import { commands, type AppInfo, type Connection, type ConnectionView, type UserError } from "./bindings";
import { ErrorNotice } from "./common/ErrorNotice";
import { asUserError, unwrap } from "./common/ipc";
import { AccessPanel } from "./access/AccessPanel";
import { ApiKeysWizard } from "./connect/ApiKeysWizard";
import { SignIn } from "./connect/SignIn";
import { Home } from "./Home";

type View = { name: "home" } | { name: "signIn" } | { name: "apiKeys" } | { name: "access"; connection: Connection };

export function App() {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [view, setView] = useState<View>({ name: "home" });
  const [connections, setConnections] = useState<ConnectionView[] | null>(null);
  const [warnings, setWarnings] = useState<UserError[]>([]);
  const [error, setError] = useState<UserError | null>(null);

  const reload = useCallback(async () => {
    try {
      setConnections(await unwrap(commands.listConnections()));
    } catch (e) {
      setError(asUserError(e));
      setConnections([]);
    }
  }, []);

  useEffect(() => {
    commands.appInfo().then(setInfo);
    commands.startupWarnings().then(setWarnings);
    reload();
  }, [reload]);

  const connected = (_connection: Connection) => {
    setView({ name: "home" });
    reload();
  };

  return (
    <div className="app">
      <header className="app-header">
        <span className="brand">Aurora</span>
        {info?.demo && <span className="badge badge-demo">Offline demo</span>}
        <span className="spacer" />
        {info && (
          <span className="muted" data-testid="version">
            v{info.version}
          </span>
        )}
      </header>
      <main className="app-main">
        {warnings.map((w) => (
          <ErrorNotice key={w.message} error={w} tone="warning" />
        ))}
        {error && <ErrorNotice error={error} />}
        {view.name === "signIn" && <SignIn demo={info?.demo ?? false} onDone={connected} onCancel={() => setView({ name: "home" })} />}
        {view.name === "apiKeys" && <ApiKeysWizard demo={info?.demo ?? false} onDone={connected} onCancel={() => setView({ name: "home" })} />}
        {view.name === "access" && <AccessPanel connection={view.connection} onClose={() => setView({ name: "home" })} />}
        {view.name === "home" && connections !== null && (
          <Home
            connections={connections}
            onSignIn={() => setView({ name: "signIn" })}
            onApiKeys={() => setView({ name: "apiKeys" })}
            onAccess={(connection) => setView({ name: "access", connection })}
            onChanged={reload}
          />
        )}
      </main>
    </div>
  );
}
