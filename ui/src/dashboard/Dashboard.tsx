import { memo, useCallback, useEffect, useMemo, useRef, useState } from "react";
import {
  commands,
  type Connection,
  type ConnectionView,
  type EngineKind,
  type Resource,
  type ResourceKind,
  type ResourceRow,
  type TaskKey,
  type UserError,
} from "../bindings";
import { asUserError, unwrap } from "../common/ipc";
import { SelectionActions } from "../actions/SelectionActions";
import { useActionUpdates } from "../actions/useActionUpdates";
import type { CostReportLike } from "./costs";
import { DetailDrawer } from "./DetailDrawer";
import { NoConnections, NoInventory, NoMatches } from "./EmptyStates";
import { ageText, plural } from "../lib/format";
import { ExportButtons } from "./ExportButtons";
import { FailureBanner, type TaskProblem } from "./FailureBanner";
import { FilterBar } from "./FilterBar";
import { type ColumnContext, kindLabel } from "./kinds";
import { Overview } from "./Overview";
import { ProblemNotice } from "./ProblemNotice";
import { engineOf } from "../common/engines";
import { RefreshPanel } from "./RefreshPanel";
import { useClock } from "./useClock";
import { useDrawer } from "./useDrawer";
import { ResourceTable, type ResourceTableHandle } from "./ResourceTable";
import { SearchBox, type SearchBoxHandle } from "./SearchBox";
import { Sidebar } from "./Sidebar";
import { useInventories } from "./useInventories";
import { EVERYTHING, filterColumns, overviewFilter, viewFilter, viewSort } from "./storeQuery";
import { useRowWindow, useStoreAnswer } from "./useStoreQueries";
import { hasFilters, loadView, NO_FILTERS, saveView, type ViewState } from "./viewState";
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
  onOpenInManager?: (resource: Pick<Resource, "connectionId" | "projectId">) => void;
  /** The connections to show. Omitted: the dashboard reads them with `commands.listConnections()`. */
  connections?: ConnectionView[];
  /**
   * This month's costs per project (one `CostReport` per connection). Omitted:
   * the costs the store keeps with each inventory (`commands.inventoryOverview`).
   */
  costs?: CostReportLike[];
  /** The account's currency code (`EUR`) for costs; omitted, amounts show without a symbol. */
  currency?: string;
  /** Called after "Forget" removed a connection, so the app reloads its list. */
  onConnectionsChanged?: () => void;
  /** Discovery engine for refreshes; `null`/omitted: each connection's own choice (Settings, "Discovery engine"). */
  engine?: EngineKind | null;
  /** The app runs its offline demo. */
  demo?: boolean;
};

/** How often the ages ("taken 3 minutes ago") and token expiries are recomputed. */
const CLOCK_TICK_MS = 30_000;

// Every keystroke re-renders the dashboard. These parts skip a render when
// their props did not change, so a keystroke redraws only what its results
// changed: the callbacks handed to them below keep their identity.
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
  const { connections, onAddConnection, onSignInAgain, engine = null } = props;
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
  const {
    inventories,
    loadErrors,
    refreshes,
    version: refreshed,
    refresh,
    cancel,
  } = useInventories(connections, engine);
  // What the store shows changes with each refresh and with each status an action reports.
  const actionUpdates = useActionUpdates();
  const version = `${refreshed}|${actionUpdates}`;
  const [openError, setOpenError] = useState<UserError | null>(null);
  const openInManager = useCallback((r: Pick<Resource, "connectionId" | "projectId">) => {
    setOpenError(null);
    unwrap(commands.openInManager(r.connectionId, r.projectId)).catch((e) => setOpenError(asUserError(e)));
  }, []);
  const onOpenInManager = props.onOpenInManager ?? openInManager;

  const [view, setView] = useState<ViewState>(() => loadView());
  useEffect(() => saveView(view), [view]);
  // The box shows every keystroke at once; the store's answers follow.
  const [query, setQuery] = useState("");
  const searching = query.trim() !== "";
  const [dismissed, setDismissed] = useState<Set<string>>(new Set());
  const now = useClock(CLOCK_TICK_MS);

  const table = useRef<ResourceTableHandle>(null);
  const searchBox = useRef<SearchBoxHandle>(null);

  // Everything, unfiltered: the sidebar's counts, the filter bar's projects and regions, project names.
  // Asked once every saved summary is read (the store is read once, not once per connection).
  const loadedAll = connections.every((c) => inventories[c.connection.id] !== undefined);
  const everythingAnswer = useStoreAnswer(loadedAll ? `everything|${version}` : null, () =>
    commands.inventoryOverview(EVERYTHING),
  );
  const everything = everythingAnswer.data;
  const counts = useMemo(() => new Map(everything?.perKind.map((c) => [c.key, c.count]) ?? []), [everything]);
  const projects = useMemo(() => everything?.perProject ?? [], [everything]);
  const regions = useMemo(() => everything?.perRegion.map((r) => r.key) ?? [], [everything]);
  const ctx = useMemo<ColumnContext>(() => {
    const names = new Map(projects.map((p) => [p.projectId, p.name]));
    return { projectName: (id) => (id ? (names.get(id) ?? id) : "") };
  }, [projects]);

  // The overview, with the view's filters (hidden, not re-asked, during a search);
  // without filters it is the overview of everything, asked once.
  const overviewQuery = useMemo(() => overviewFilter(view), [view]);
  const filtered = hasFilters(view.filters);
  const filteredAnswer = useStoreAnswer(
    view.section === "overview" && filtered ? `${JSON.stringify(overviewQuery)}|${version}` : null,
    () => commands.inventoryOverview(overviewQuery),
  );
  const overviewAnswer = filtered ? filteredAnswer : everythingAnswer;
  const overview = overviewAnswer.data;

  // The table: a kind's rows, or a search's across every kind.
  const showTable = searching || view.section !== "overview";
  const filter = useMemo(() => viewFilter(view, query), [view, query]);
  const columns = filterColumns(filter);
  const sort = useMemo(() => viewSort(view, columns), [view, columns]);
  const rows = useRowWindow(showTable ? filter : null, sort, version);

  const drawer = useDrawer(version, () => table.current?.focus());
  const { open, openResource, close: closeDrawer } = drawer;

  const costs = useMemo(
    () =>
      props.costs ??
      connections.flatMap((c) => {
        const report = inventories[c.connection.id]?.costs;
        return report ? [report] : [];
      }),
    [props.costs, connections, inventories],
  );
  const costFailures = useMemo(() => costs.flatMap((c) => c.failures ?? []), [costs]);
  const currency = props.currency ?? costs.find((c) => c.currency)?.currency ?? undefined;
  const staleAt = useCallback(
    (connectionId: string, task: TaskKey) =>
      inventories[connectionId]?.stale.find((s) => s.task.kind === task.kind && s.task.projectId === task.projectId)
        ?.takenAt ?? null,
    [inventories],
  );
  const labelOf = useCallback(
    (id: string) => connections.find((c) => c.connection.id === id)?.connection.label ?? id,
    [connections],
  );
  const inventoryList = useMemo(() => connections.map((c) => inventories[c.connection.id]), [connections, inventories]);
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

  // Instances picked in the table for an action, by store row; kept while searching and filtering.
  const [picked, setPicked] = useState<ReadonlyMap<number, ResourceRow>>(new Map());
  const togglePicked = useCallback(
    (row: ResourceRow) =>
      setPicked((now) => {
        const next = new Map(now);
        if (!next.delete(row.row)) next.set(row.row, row);
        return next;
      }),
    [],
  );
  const pickedRows = useMemo(() => new Set(picked.keys()), [picked]);
  const selection = useMemo(
    () =>
      view.section === "instance" || searching
        ? { selected: pickedRows, toggle: togglePicked, can: (r: ResourceRow) => r.kind === "instance" }
        : undefined,
    [view.section, searching, pickedRows, togglePicked],
  );

  const setSection = useCallback((section: ViewState["section"]) => {
    setQuery("");
    setPicked(new Map());
    setView((v) => ({ ...v, section, sort: v.section === section ? v.sort : null }));
  }, []);
  const setFilters = useCallback((filters: ViewState["filters"]) => setView((v) => ({ ...v, filters })), []);
  const setProjectFilter = useCallback(
    (projectId: string) => setView((v) => ({ ...v, filters: { ...v.filters, projectId } })),
    [],
  );
  const setSort = useCallback((sort: ViewState["sort"]) => setView((v) => ({ ...v, sort })), []);

  const subject = searching ? "search" : view.section === "overview" ? "all-resources" : view.section;
  // What the heading counts: the table's rows, or what the overview counts.
  const shownCount = showTable ? rows.total : (overview?.total ?? null);

  const anyInventory = inventoryList.some(Boolean);
  const anyRunning = connections.some((c) => isRefreshing(c.connection.id));
  const oldest = inventoryList.reduce<string | null>(
    (o, inv) => (inv && (o === null || inv.takenAt < o) ? inv.takenAt : o),
    null,
  );
  const title = searching
    ? `Search results for “${query.trim()}”`
    : view.section === "overview"
      ? "Overview"
      : kindLabel(view.section as ResourceKind);
  const storeError = (showTable ? rows.error : overviewAnswer.error) ?? null;

  return (
    <div
      className={open ? "dash dash-with-drawer" : "dash"}
      onKeyDown={(e) => {
        if (e.key === "Escape" && open) closeDrawer();
      }}
    >
      <SidebarPart
        connections={connections}
        demo={props.demo}
        projects={projects}
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
          <SearchBoxPart
            ref={searchBox}
            value={query}
            onChange={setQuery}
            resultCount={searching ? rows.total : null}
          />
          <div className="dash-toolbar-end">
            {oldest && everything && everythingAnswer.current && (
              <span className="dash-muted dash-small" title={`The oldest inventory was taken at ${oldest}.`}>
                <span data-testid="resource-count">{everything.total} resources</span>, inventory {ageText(oldest, now)}
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
          projects={projects}
          regions={regions}
        />

        {props.listError && <ProblemNotice error={props.listError} />}
        {Object.entries(loadErrors).map(([id, error]) => (
          <ProblemNotice key={id} error={error} prefix={`The saved inventory of ${labelOf(id)} could not be read.`} />
        ))}
        {storeError && <ProblemNotice error={storeError} prefix="The saved inventory could not be read." />}
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
              <span className="dash-muted dash-small">
                {shownCount === null ? "Counting…" : plural(shownCount, "resource")}
              </span>
              <span className="dash-spacer" />
              <ExportButtonsPart
                filter={showTable ? filter : overviewQuery}
                sort={showTable ? sort : null}
                rowCount={shownCount ?? 0}
                subject={subject}
              />
            </div>
            {view.section === "overview" && overview && (
              // Hidden by its wrapper, so hiding or showing it does not render the overview again.
              <div className="dash-overview-keep" hidden={searching}>
                <OverviewPart
                  overview={overview}
                  projectName={ctx.projectName}
                  costs={props.costs}
                  costFailures={costFailures}
                  currency={currency}
                  onKind={setSection}
                  onProject={setProjectFilter}
                  onOpen={openResource}
                />
              </div>
            )}
            {picked.size > 0 && <SelectionActions rows={[...picked.values()]} onClear={() => setPicked(new Map())} />}
            {!showTable ? null : rows.total === 0 ? (
              <NoMatches
                reason={searching ? "search" : hasFilters(view.filters) ? "filters" : "none"}
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
                total={rows.total ?? 0}
                rowAt={rows.rowAt}
                want={rows.want}
                columns={columns}
                ctx={ctx}
                sort={view.sort}
                onSort={setSort}
                onOpen={openResource}
                openRow={open?.row ?? null}
                selection={selection}
              />
            )}
          </section>
        )}
      </main>
      {open && (
        <DetailDrawer
          row={open}
          details={drawer.details}
          gone={drawer.gone}
          error={drawer.error}
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
