import { memo, useCallback, useRef, useState } from "react";
import type { Connection, ConnectionView, EngineKind, ProjectCount, ResourceKind } from "../bindings";
import { ENGINE_NAMES } from "../common/engines";
import { regionLabel } from "../connect/RegionPicker";
import { ageText, countText, expiryText } from "../lib/format";
import { kindLabel, kindOrder } from "./kinds";
import { ShowAllProjects } from "./ShowAllProjects";
import type { Filters, Section } from "./viewState";

const AUTH_LABELS: Record<Connection["authMethod"], string> = {
  authorization_code: "Signed in with OVHcloud",
  client_credentials: "Service account",
  api_credentials: "API keys",
};

export type SidebarProps = {
  connections: readonly ConnectionView[];
  /** The app runs its offline demo: custom-endpoint connections lead to its simulator. */
  demo?: boolean;
  projects: readonly ProjectCount[];
  /** Resources per kind, every filter aside. */
  counts: ReadonlyMap<ResourceKind, number>;
  section: Section;
  filters: Filters;
  now: number;
  onSection: (section: Section) => void;
  onFilters: (filters: Filters) => void;
  onRefresh: (connectionId: string) => void;
  refreshing: (connectionId: string) => boolean;
  onSignInAgain: (connection: Connection) => void;
  onManageAccess?: (connection: Connection) => void;
  onAddConnection: () => void;
  /** Forgets the connection (asked for after a confirmation). */
  onForget: (connection: Connection) => void;
  /** When the connection's inventory was taken (RFC 3339), or null. */
  takenAt: (connectionId: string) => string | null;
  /** The engine that took the connection's inventory, or null. */
  inventoryEngine: (connectionId: string) => EngineKind | null;
};

export function Sidebar(p: SidebarProps) {
  // The project list re-renders only when the projects or the chosen one change,
  // not on every other filter: the latest filters are read when a project is picked.
  const filters = useRef(p.filters);
  filters.current = p.filters;
  const { onFilters } = p;
  const pickProject = useCallback(
    (projectId: string | null) => onFilters({ ...filters.current, projectId }),
    [onFilters],
  );
  return (
    <nav className="dash-sidebar" aria-label="Dashboard">
      <button type="button" className="dash-skip" onClick={() => document.getElementById("dash-main")?.focus()}>
        Skip to the resources
      </button>
      <section aria-labelledby="dash-connections-title">
        <h2 id="dash-connections-title" className="dash-sidebar-title">
          Connections
        </h2>
        <ul className="dash-list">
          {p.connections.map((cv) => (
            <ConnectionItem key={cv.connection.id} view={cv} {...p} />
          ))}
        </ul>
        <button type="button" className="dash-button dash-button-block" onClick={p.onAddConnection}>
          Add a connection
        </button>
      </section>

      <section aria-labelledby="dash-kinds-title">
        <h2 id="dash-kinds-title" className="dash-sidebar-title">
          Resources
        </h2>
        <ul className="dash-list">
          <li>
            <NavButton current={p.section === "overview"} onClick={() => p.onSection("overview")} label="Overview" />
          </li>
          {kindOrder().map((kind) => (
            <li key={kind}>
              <NavButton
                current={p.section === kind}
                onClick={() => p.onSection(kind)}
                label={kindLabel(kind)}
                count={p.counts.get(kind) ?? 0}
                testId={`dash-kind-${kind}`}
              />
            </li>
          ))}
        </ul>
      </section>

      {p.projects.length > 0 && (
        <ProjectListPart projects={p.projects} current={p.filters.projectId} onPick={pickProject} />
      )}
    </nav>
  );
}

function NavButton({
  current,
  onClick,
  label,
  count,
  title,
  testId,
}: {
  current: boolean;
  onClick: () => void;
  label: string;
  count?: number;
  title?: string;
  testId?: string;
}) {
  return (
    <button
      type="button"
      className="dash-nav"
      aria-current={current ? "true" : undefined}
      onClick={onClick}
      title={title ?? label}
      data-testid={testId}
    >
      <span className="dash-nav-label">{label}</span>
      {count !== undefined && (
        <span className="dash-count" data-testid="dash-count">
          {countText(count)}
        </span>
      )}
    </button>
  );
}

function ConnectionItem({
  view,
  demo = false,
  now,
  onSignInAgain,
  onManageAccess,
  onRefresh,
  refreshing,
  takenAt,
  inventoryEngine,
  onForget,
}: { view: ConnectionView } & SidebarProps) {
  const { connection, status } = view;
  const [confirming, setConfirming] = useState(false);
  const busy = refreshing(connection.id);
  const expired =
    status.state === "active" && status.expiresAt !== null && !status.renewable && status.expiresAt * 1000 <= now;
  const needsSignIn = status.state === "signInRequired" || expired;
  return (
    <li className="dash-connection">
      <div className="dash-connection-label">{connection.label}</div>
      <div className="dash-muted dash-small">
        {regionLabel(connection.region, demo)} · {AUTH_LABELS[connection.authMethod]}
      </div>
      {status.state === "active" ? (
        <div className="dash-small dash-token-ok">
          {status.expiresAt === null
            ? "Credentials active"
            : `Token ${expiryText(status.expiresAt, now)}${status.renewable ? ", renewed automatically" : ""}`}
        </div>
      ) : (
        <div className="dash-small dash-token-bad" role="status">
          Sign-in required: {status.reason}
        </div>
      )}
      <div className="dash-small dash-muted">
        {takenAt(connection.id) ? `Inventory ${ageText(takenAt(connection.id)!, now)}` : "No inventory yet"}
        {inventoryEngine(connection.id) && (
          <span data-testid="inventory-engine"> by {ENGINE_NAMES[inventoryEngine(connection.id)!]}</span>
        )}
      </div>
      <div className="dash-connection-actions">
        {needsSignIn && (
          <button type="button" className="dash-button dash-button-primary" onClick={() => onSignInAgain(connection)}>
            Sign in again
          </button>
        )}
        {status.state === "active" && (
          <button type="button" className="dash-button" disabled={busy} onClick={() => onRefresh(connection.id)}>
            {busy ? "Refreshing…" : "Refresh"}
          </button>
        )}
        {status.state === "active" && onManageAccess && (
          <button type="button" className="dash-button" onClick={() => onManageAccess(connection)}>
            Access & IAM
          </button>
        )}
        {!confirming && (
          <button type="button" className="dash-button dash-button-quiet" onClick={() => setConfirming(true)}>
            Forget…
          </button>
        )}
      </div>
      {confirming && (
        <div className="dash-confirm" role="group" aria-label={`Forget ${connection.label}`}>
          <p className="dash-small">
            Forget {connection.label}? Its keys are deleted from this computer; nothing changes at OVHcloud.
          </p>
          <button type="button" className="dash-button dash-button-danger" onClick={() => onForget(connection)}>
            Forget
          </button>
          <button type="button" className="dash-button" onClick={() => setConfirming(false)}>
            Keep
          </button>
        </div>
      )}
    </li>
  );
}

/** Projects listed before "Show all": an account with hundreds stays readable (and quick to draw). */
const PROJECTS_LISTED = 12;

function ProjectList({
  projects,
  current,
  onPick,
}: {
  projects: readonly ProjectCount[];
  current: string | null;
  onPick: (projectId: string | null) => void;
}) {
  const [all, setAll] = useState(false);
  // The project filtered on stays in the list even when it is not among the first ones.
  const listed = all ? projects : projects.filter((p, i) => i < PROJECTS_LISTED || p.projectId === current);
  return (
    <section aria-labelledby="dash-projects-title">
      <h2 id="dash-projects-title" className="dash-sidebar-title">
        Projects
      </h2>
      <ul className="dash-list">
        <li>
          <NavButton current={current === null} onClick={() => onPick(null)} label="All projects" />
        </li>
        {listed.map((project) => (
          <li key={`${project.connectionId}/${project.projectId}`}>
            <NavButton
              current={current === project.projectId}
              onClick={() => onPick(project.projectId)}
              label={project.name}
              count={project.count}
              title={`Project ${project.projectId}`}
            />
          </li>
        ))}
      </ul>
      {projects.length > PROJECTS_LISTED && (
        <ShowAllProjects
          total={projects.length}
          all={all}
          onToggle={() => setAll((a) => !a)}
          className="dash-link dash-small"
        />
      )}
    </section>
  );
}
const ProjectListPart = memo(ProjectList);
