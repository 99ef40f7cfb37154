/** The dashboard in a bare page with the app's header, for screenshots (see ui/tools/dashboard-screenshots.py). */
import { createRoot } from "react-dom/client";
import "../../../styles.css";
import type { KindCatalogue } from "../../../bindings";
import { Dashboard } from "../../index";
import { setKindCatalogue } from "../../kinds";
import { connection, expiredConnection, PROD, STAGING } from "../fixtures";
import catalogue from "../kindCatalogue.json";

// The app loads the catalogue from Rust; here, from the file Rust writes.
setKindCatalogue(catalogue as unknown as KindCatalogue);

const params = new URLSearchParams(location.search);
const costs = params.has("costs")
  ? [
      {
        connectionId: connection.connection.id,
        projects: [
          { projectId: PROD, total: 412.37 },
          { projectId: STAGING, total: 57.9 },
        ],
      },
    ]
  : undefined;
const active = {
  ...connection,
  status: { state: "active" as const, expiresAt: Math.floor(Date.now() / 1000) + 42 * 60, renewable: true },
};

createRoot(document.getElementById("root")!).render(
  <div className="app">
    <header className="app-header">
      <span className="brand">Aurora</span>
      <span className="badge badge-demo">Offline demo</span>
    </header>
    <Dashboard
      connections={[active, expiredConnection]}
      costs={costs}
      currency="EUR"
      onAddConnection={() => undefined}
      onSignInAgain={() => undefined}
      onOpenInManager={() => undefined}
    />
  </div>,
);
