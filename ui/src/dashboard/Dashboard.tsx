import { memo, useCallback, useEffect, useMemo, useRef, useState } from "react";
import {
  commands,
  type Connection,
  type ConnectionView,
  type EngineKind,
  type Resource,
  type ResourceKind,
  type TaskKey,
  type UserError,
} from "../bindings";
import { asUserError, unwrap } from "../common/ipc";
import type { CostReportLike } from "./costs";
import { DetailDrawer } from "./DetailDrawer";
import { NoConnections, NoInventory, NoMatches } from "./EmptyStates";
import { ageText, plural } from "../lib/format";
import { ExportButtons } from "./ExportButtons";
import { FailureBanner, type TaskProblem } from "./FailureBanner";
import { FilterBar } from "./FilterBar";
import { buildIndex, filteredRows, hasFilters, NO_FILTERS } from "./inventoryIndex";
import { type ColumnContext, kindLabel, kindOrder } from "./kinds";
import { Overview } from "./Overview";
import { ProblemNotice } from "./ProblemNotice";
import { engineOf } from "../common/engines";
import { RefreshPanel } from "./RefreshPanel";
import { resourceKey } from "./resourceText";
import { useClock } from "./useClock";
import { useDrawer } from "./useDrawer";
import { ResourceTable, type ResourceTableHandle } from "./ResourceTable";
import { SearchBox, type SearchBoxHandle } from "./SearchBox";
import { Sidebar } from "./Sidebar";
import { useInventories } from "./useInventories";
import { viewFilter, viewSort } from "./storeQuery";
import { useSearchHits, useViewRows } from "./useViewRows";
import { loadView, saveView, type ViewState } from "./viewState";
import "./dashboard.css";

export type DashboardProps = {
  /** "Add a connection": the app opens its sign-in / API keys wizard. */
  onAddConnection: () => void;
  /** "Sign in again" on a connection whose credentials are gone or expired. */
  onSignInAgain: (connection: Connection) => void;
  /** "Access & IAM" on a connection: its OAuth2 clients and IAM policies. */
  onManageAccess?: (connection: Connection) => void;
  /**
   * "Open in OVHcloud Manager" in the detail drawer. Omitted: the dashboard
   * calls `commands.openInManager(connectionId, projectId)` itself.
   */
  onOpenInManager?: (resource: Resource) => void;
  /** The connections to show. Omitted: the dashboard reads them with `commands.listConnections()`. */
  connections?: ConnectionView[];
  /**
   * This month's costs per project (one `CostReport` per connection). Omitted:
   * the costs saved with each inventory (`commands.getInventoryDetails`).
   */
  costs?: CostReportLike[];
  /** The account's currency code (`EUR`) for costs; omitted, amounts show without a symbol. */
  currency?: string;
  /** Called after "Forget" removed a connection, so the app reloads its list. */
  onConnectionsChanged?: () => void;
  /** Discovery engine for refreshes; `null`/omitted: each connection's own choice (Settings, "Discovery engine"). */
  engine?: EngineKind | null;
};

/** How often the ages ("taken 3 minutes ago") and token expiries are recomputed. */
const CLOCK_TICK_MS = 30_000;

// Every keystroke re-renders the dashboard. These parts skip
// a render when their props did not change, so a keystroke redraws only what
// its results changed: the callbacks handed to them below keep their identity.
const SidebarPart = memo(Sidebar);
const FilterBarPart = memo(FilterBar);
const FailureBannerPart = memo(FailureBanner);
const OverviewPart = memo(Overview);
const ResourceTablePart = memo(ResourceTable);
const ExportButtonsPart = memo(ExportButtons);
const SearchBoxPart = memo(SearchBox);

export function Dashboard(props: DashboardProps) {
  const [loaded, setLoaded] = useState<ConnectionView[] | null>(null);
  const [listError, setListError] = useState<UserError | null>(null);
  const ownList = !props.connections;
  const reload = useCallback(() => {
    unwrap(commands.listConnections()).then(
      (list) => {
        setListError(null);
        setLoaded(list);
      },
      (e) => {
        setListError(asUserError(e));
        setLoaded((l) => l ?? []);
      },
    );
  }, []);
  useEffect(() => {
    if (ownList) reload();
  }, [ownList, reload]);
  const connections = props.connections ?? loaded;
  const onConnectionsChanged = () => {
    if (ownList) reload();
    props.onConnectionsChanged?.();
  };

  if (connections === null) return <p className="dash-muted dash-loading">Loading your connections…</p>;
  return (
    <DashboardWithConnections
      {...props}
      connections={connections}
      listError={listError}
      onConnectionsChanged={onConnectionsChanged}
    />
  );
}

function DashboardWithConnections(
  props: DashboardProps & { connections: ConnectionView[]; listError: UserError | null },
) {
  const { connections, onAddConnection, onSignInAgain, currency, engine = null } = props;
  const [forgetError, setForgetError] = useState<UserError | null>(null);
  const { onConnectionsChanged } = props;
  const forget = useCallback(
    async (connection: Connection) => {
      setForgetError(null);
      try {
        await unwrap(commands.disconnect(connection.id));
        onConnectionsChanged?.();
      } catch (e) {
        setForgetError(asUserError(e));
      }
    },
    [onConnectionsChanged],
  );
  const { inventories, loadErrors, details, refreshes, refresh, cancel } = useInventories(connections, engine);
  const [openError, setOpenError] = useState<UserError | null>(null);
  const openInManager = useCallback((r: Resource) => {
    setOpenError(null);
    unwrap(commands.openInManager(r.connectionId, r.projectId)).catch((e) => setOpenError(asUserError(e)));
  }, []);
  const onOpenInManager = props.onOpenInManager ?? openInManager;

  const [view, setView] = useState<ViewState>(() => loadView());
  useEffect(() => saveView(view), [view]);
  const [query, setQuery] = useState("");
  // Every keystroke answers at once, in the render of the typed character:
  // within a search only the table's rows in sight are redrawn, and the
  // keystroke that starts or ends a search only hides or shows the overview
  // (kept on the page, see below) and mounts or unmounts the table.
  const shownQuery = query;
  const [dismissed, setDismissed] = useState<Set<string>>(new Set());
  const now = useClock(CLOCK_TICK_MS);

  const table = useRef<ResourceTableHandle>(null);
  const searchBox = useRef<SearchBoxHandle>(null);

  // Keyed on the ids, not the array, so a parent re-render does not rebuild the index.
  const connectionIds = connections.map((c) => c.connection.id).join("\n");
  const inventoryList = useMemo(
    () => (connectionIds ? connectionIds.split("\n") : []).map((id) => inventories[id]),
    [connectionIds, inventories],
  );
  const index = useMemo(() => buildIndex(inventoryList), [inventoryList]);
  const inventoriesVersion = inventoryList.map((inv) => inv?.takenAt ?? "").join("\n");
  const ctx = useMemo<ColumnContext>(
    () => ({ projectName: (id) => (id ? (index.projectNames.get(id) ?? id) : "") }),
    [index],
  );
  const hits = useSearchHits(index, shownQuery);
  const { columns, rows } = useViewRows(index, view, hits, ctx);
  // The overview's resources do not depend on the query: during a search the
  // overview stays on the page, hidden and not re-rendered, so ending the
  // search only shows it again.
  const overviewRows = useMemo(
    () => (view.section === "overview" ? filteredRows(index, null, view.filters) : null),
    [index, view.section, view.filters],
  );
  const { open, openResource: setOpen, close: closeDrawer } = useDrawer(index, () => table.current?.focus());
  const counts = useMemo(
    () => Object.fromEntries(kindOrder().map((k) => [k, index.byKind[k].length])) as Record<ResourceKind, number>,
    [index],
  );

  const costs = useMemo(
    () => props.costs ?? connections.flatMap((c) => details[c.connection.id]?.costs ?? []),
    [props.costs, connections, details],
  );
  const staleAt = useCallback(
    (connectionId: string, task: TaskKey) =>
      details[connectionId]?.stale.find((s) => s.task.kind === task.kind && s.task.projectId === task.projectId)
        ?.takenAt ?? null,
    [details],
  );
  const labelOf = useCallback(
    (id: string) => connections.find((c) => c.connection.id === id)?.connection.label ?? id,
    [connections],
  );
  const problems: TaskProblem[] = useMemo(
    () =>
      inventoryList.flatMap((inv) =>
        inv
          ? inv.tasks.map((outcome) => ({
              connectionId: inv.connectionId,
              connectionLabel: labelOf(inv.connectionId),
              outcome,
            }))
          : [],
      ),
    [inventoryList, labelOf],
  );
  const isRefreshing = useCallback((id: string) => refreshes[id]?.running === true, [refreshes]);
  const startRefresh = useCallback(
    (id: string) => {
      setDismissed((s) => new Set([...s].filter((x) => x !== id)));
      void refresh(id);
    },
    [refresh],
  );
  const refreshAll = () =>
    connections.filter((c) => c.status.state === "active").forEach((c) => startRefresh(c.connection.id));
  const takenAt = useCallback((id: string) => inventories[id]?.takenAt ?? null, [inventories]);
  const inventoryEngine = useCallback((id: string) => inventories[id]?.engine ?? null, [inventories]);

  const setSection = useCallback((section: ViewState["section"]) => {
    setQuery("");
    setView((v) => ({ ...v, section, sort: v.section === section ? v.sort : null }));
  }, []);
  const setFilters = useCallback((filters: ViewState["filters"]) => setView((v) => ({ ...v, filters })), []);
  const setProjectFilter = useCallback(
    (projectId: string) => setView((v) => ({ ...v, filters: { ...v.filters, projectId } })),
    [],
  );
  const setSort = useCallback((sort: ViewState["sort"]) => setView((v) => ({ ...v, sort })), []);

  const exportFilter = useMemo(() => viewFilter(view, shownQuery), [view, shownQuery]);
  const exportSort = useMemo(() => viewSort(view, columns), [view, columns]);
  const subject = hits !== null ? "search" : view.section === "overview" ? "all-resources" : view.section;

  const loadedAll = connections.every((c) => inventories[c.connection.id] !== undefined);
  const anyInventory = inventoryList.some(Boolean);
  const anyRunning = connections.some((c) => isRefreshing(c.connection.id));
  const oldest = inventoryList.reduce<string | null>(
    (o, inv) => (inv && (o === null || inv.takenAt < o) ? inv.takenAt : o),
    null,
  );
  const title =
    hits !== null
      ? `Search results for “${shownQuery.trim()}”`
      : view.section === "overview"
        ? "Overview"
        : kindLabel(view.section);

  return (
    <div
      className={open ? "dash dash-with-drawer" : "dash"}
      onKeyDown={(e) => {
        if (e.key === "Escape" && open) closeDrawer();
      }}
    >
      <SidebarPart
        connections={connections}
        projects={index.projects}
        counts={counts}
        section={view.section}
        filters={view.filters}
        now={now}
        onSection={setSection}
        onFilters={setFilters}
        onRefresh={startRefresh}
        refreshing={isRefreshing}
        onSignInAgain={onSignInAgain}
        onManageAccess={props.onManageAccess}
        onAddConnection={onAddConnection}
        onForget={forget}
        takenAt={takenAt}
        inventoryEngine={inventoryEngine}
      />
      <main className="dash-main" id="dash-main" tabIndex={-1} aria-label="Resources">
        <div className="dash-toolbar">
          <SearchBoxPart ref={searchBox} value={query} onChange={setQuery} resultCount={hits ? rows.length : null} />
          <div className="dash-toolbar-end">
            {oldest && (
              <span className="dash-muted dash-small" title={`The oldest inventory was taken at ${oldest}.`}>
                <span data-testid="resource-count">{index.resources.length} resources</span>, inventory{" "}
                {ageText(oldest, now)}
              </span>
            )}
            <button
              type="button"
              className="dash-button"
              onClick={refreshAll}
              disabled={anyRunning || !connections.some((c) => c.status.state === "active")}
            >
              {anyRunning ? "Refreshing…" : "Refresh"}
            </button>
          </div>
        </div>
        <FilterBarPart
          filters={view.filters}
          onChange={setFilters}
          connections={connections}
          projects={index.projects}
          regions={index.regions}
        />

        {props.listError && <ProblemNotice error={props.listError} />}
        {Object.entries(loadErrors).map(([id, error]) => (
          <ProblemNotice key={id} error={error} prefix={`The saved inventory of ${labelOf(id)} could not be read.`} />
        ))}
        {connections.map((c) => {
          const problem = details[c.connection.id]?.problem;
          return problem ? (
            <ProblemNotice key={`cache-${c.connection.id}`} error={problem} prefix={`${c.connection.label}:`} />
          ) : null;
        })}
        {openError && <ProblemNotice error={openError} prefix="The OVHcloud Manager could not be opened." />}
        {forgetError && <ProblemNotice error={forgetError} prefix="The connection could not be forgotten." />}
        {connections.map((c) => {
          const state = refreshes[c.connection.id];
          if (
            !state ||
            dismissed.has(c.connection.id) ||
            (!state.running && !state.error && state.finished?.failedTasks === 0 && !state.finished.cancelled)
          )
            return null;
          return (
            <div key={c.connection.id} className="dash-refresh-wrap">
              <RefreshPanel
                label={c.connection.label}
                state={state}
                engine={engine ?? engineOf(c.connection)}
                projectName={ctx.projectName}
                onCancel={() => void cancel(c.connection.id)}
              />
              {!state.running && (
                <button
                  type="button"
                  className="dash-button dash-button-quiet"
                  onClick={() => setDismissed((s) => new Set(s).add(c.connection.id))}
                >
                  Hide
                </button>
              )}
            </div>
          );
        })}
        <FailureBannerPart problems={problems} projectName={ctx.projectName} staleAt={staleAt} now={now} />

        {connections.length === 0 ? (
          <NoConnections onAddConnection={onAddConnection} />
        ) : !loadedAll ? (
          <p className="dash-muted dash-loading">Loading the last inventory…</p>
        ) : !anyInventory && !anyRunning ? (
          <NoInventory connections={connections} onSignInAgain={onSignInAgain} onRefresh={startRefresh} />
        ) : (
          <section className="dash-content" aria-label={title}>
            <div className="dash-content-head">
              <h1 className="dash-title">{title}</h1>
              <span className="dash-muted dash-small">{plural(rows.length, "resource")}</span>
              <span className="dash-spacer" />
              <ExportButtonsPart filter={exportFilter} sort={exportSort} rowCount={rows.length} subject={subject} />
            </div>
            {overviewRows && (
              // Hidden by its wrapper, so hiding or showing it does not render the overview again.
              <div className="dash-overview-keep" hidden={hits !== null}>
                <OverviewPart
                  index={index}
                  resources={overviewRows}
                  costs={costs}
                  currency={currency}
                  onKind={setSection}
                  onProject={setProjectFilter}
                  onOpen={setOpen}
                  inventoriesVersion={inventoriesVersion}
                />
              </div>
            )}
            {hits === null && view.section === "overview" ? null : rows.length === 0 ? (
              <NoMatches
                reason={hits !== null ? "search" : hasFilters(view.filters) ? "filters" : "none"}
                kindLabel={title}
                onClear={() => {
                  setFilters(NO_FILTERS);
                  setQuery("");
                }}
              />
            ) : (
              <ResourceTablePart
                ref={table}
                label={title}
                rows={rows}
                columns={columns}
                ctx={ctx}
                sort={view.sort}
                onSort={setSort}
                onOpen={setOpen}
                openKey={open ? resourceKey(open) : null}
              />
            )}
          </section>
        )}
      </main>
      {open && (
        <DetailDrawer
          resource={open}
          ctx={ctx}
          connectionLabel={labelOf(open.connectionId)}
          onClose={closeDrawer}
          onOpenInManager={onOpenInManager}
          staleSince={staleAt(open.connectionId, { kind: open.kind, projectId: open.projectId })}
          now={now}
        />
      )}
    </div>
  );
}
