import { useCallback, useEffect, useRef, useState } from "react";
import { commands, type AppInfo, type Connection, type ConnectionView, type UserError } from "./bindings";
import { AccessPanel } from "./access/AccessPanel";
import { ErrorNotice } from "./common/ErrorNotice";
import { asUserError, unwrap } from "./common/ipc";
import { ApiKeysWizard } from "./connect/ApiKeysWizard";
import { SignIn } from "./connect/SignIn";
import { Welcome } from "./connect/Welcome";
import { Dashboard } from "./dashboard";
import { SettingsView } from "./settings/SettingsView";

type View =
  | { name: "dashboard" }
  | { name: "add" }
  | { name: "signIn" }
  | { name: "apiKeys" }
  | { name: "access"; connection: Connection };

export function App() {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [view, setView] = useState<View>({ name: "dashboard" });
  const [connections, setConnections] = useState<ConnectionView[] | null>(null);
  const [warnings, setWarnings] = useState<UserError[]>([]);
  const [error, setError] = useState<UserError | null>(null);
  // Settings covers the current view without replacing it, so "Back" finds it as it was.
  const [settingsOpen, setSettingsOpen] = useState(false);
  const settingsButton = useRef<HTMLButtonElement>(null);
  const closeSettings = () => {
    setSettingsOpen(false);
    requestAnimationFrame(() => settingsButton.current?.focus());
  };

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

  const home = () => {
    setView({ name: "dashboard" });
    reload();
  };
  const demo = info?.demo ?? false;
  const showDashboard = view.name === "dashboard" && connections !== null && connections.length > 0;

  return (
    <div className="app">
      <header className="app-header">
        <span className="brand">Aurora</span>
        {demo && <span className="badge badge-demo">Offline demo</span>}
        <span className="spacer" />
        {info && (
          <span className="muted" data-testid="version">
            v{info.version}
          </span>
        )}
        <button
          type="button"
          className="button"
          ref={settingsButton}
          aria-current={settingsOpen ? "page" : undefined}
          onClick={() => (settingsOpen ? closeSettings() : setSettingsOpen(true))}
        >
          Settings
        </button>
      </header>
      {(warnings.length > 0 || error) && (
        <div className="app-notices">
          {warnings.map((w) => (
            <ErrorNotice key={w.message} error={w} tone="warning" />
          ))}
          {error && <ErrorNotice error={error} />}
        </div>
      )}
      {settingsOpen && (
        <main className="app-main">
          <SettingsView onClose={closeSettings} onConnectionsChanged={reload} />
        </main>
      )}
      <div className="view-keeper" hidden={settingsOpen}>
        {showDashboard ? (
          <Dashboard
            connections={connections}
            demo={demo}
            onConnectionsChanged={reload}
            onAddConnection={() => setView({ name: "add" })}
            onSignInAgain={(c) =>
              setView(c.authMethod === "api_credentials" ? { name: "apiKeys" } : { name: "signIn" })
            }
            onManageAccess={(connection) => setView({ name: "access", connection })}
          />
        ) : (
          <main className="app-main">
            {view.name === "signIn" && <SignIn demo={demo} onDone={home} onCancel={home} />}
            {view.name === "apiKeys" && <ApiKeysWizard demo={demo} onDone={home} onCancel={home} />}
            {view.name === "access" && <AccessPanel connection={view.connection} onClose={home} />}
            {(view.name === "add" || view.name === "dashboard") && connections !== null && (
              <Welcome
                onSignIn={() => setView({ name: "signIn" })}
                onApiKeys={() => setView({ name: "apiKeys" })}
                onBack={connections.length > 0 ? home : undefined}
              />
            )}
          </main>
        )}
      </div>
    </div>
  );
}
