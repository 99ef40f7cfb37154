import { useEffect, useState } from "react";
import { commands, type AppInfo } from "./bindings";

export function App() {
  const [info, setInfo] = useState<AppInfo | null>(null);

  useEffect(() => {
    commands.appInfo().then(setInfo);
  }, []);

  return (
    <div className="app">
      <header className="app-header">
        <span className="brand">Aurora</span>
        {info?.demo && <span className="badge badge-demo">Offline demo</span>}
        <span className="spacer" />
        {info && <span className="muted" data-testid="version">v{info.version}</span>}
      </header>
      <main className="app-main">
        <section className="welcome" aria-labelledby="welcome-title">
          <h1 id="welcome-title">Everything you run on OVHcloud, in one place</h1>
          <p className="muted">
            Connect an OVHcloud account to see its Public Cloud projects, instances, Kubernetes clusters,
            databases, load balancers, registries, private networks, object storage and dedicated servers.
          </p>
        </section>
      </main>
    </div>
  );
}
