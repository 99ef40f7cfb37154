import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ConnectionView, DiscoveryProgress, ResourceKind, RowPage, RowQuery, StoredInventory } from "../bindings";
import { FakeStore } from "./testing/fakeStore";
import {
  connection,
  expiredConnection,
  failedDatabaseTask,
  generatedInventory,
  inventory,
  PROD,
  STAGING,
} from "./testing/fixtures";
import { VIEW_STORAGE_KEY } from "./viewState";

const ipc = vi.hoisted(() => ({
  store: null as unknown as FakeStore,
  connections: [] as ConnectionView[],
  listener: null as null | ((e: { payload: DiscoveryProgress }) => void),
  refresh: null as null | ((saved: StoredInventory) => void),
  /** When set, row pages wait here until a test answers them. */
  heldRows: null as null | { query: RowQuery; answer: () => void }[],
}));

const ok = <T,>(data: T) => ({ status: "ok" as const, data });

vi.mock("../bindings", () => ({
  commands: {
    listConnections: vi.fn(async () => ok(ipc.connections)),
    disconnect: vi.fn(async (id: string) => {
      ipc.connections = ipc.connections.filter((c) => c.connection.id !== id);
      return ok(true);
    }),
    getInventoryDetails: vi.fn(async (id: string) => ok(ipc.store.details(id))),
    inventoryOverview: vi.fn(async (filter) => ok(ipc.store.overview(filter))),
    inventoryRows: vi.fn(
      (query: RowQuery) =>
        new Promise<{ status: "ok"; data: RowPage }>((resolve) => {
          const answer = () => resolve(ok(ipc.store.rows(query)));
          if (ipc.heldRows) ipc.heldRows.push({ query, answer });
          else answer();
        }),
    ),
    inventoryResource: vi.fn(async (row: number) => ok(ipc.store.resource(row))),
    refreshInventory: vi.fn(
      () => new Promise((resolve) => (ipc.refresh = (saved: StoredInventory) => resolve(ok(saved)))),
    ),
    cancelRefresh: vi.fn(async () => ok(true)),
    exportInventory: vi.fn(async (fileName: string) => ok(`/home/me/Downloads/${fileName}`)),
    runInstanceAction: vi.fn(async () => ok("ACTIVE")),
    openInManager: vi.fn(async () => ({
      status: "error",
      error: { kind: "internal", message: "No browser could be started.", solution: ["Install a web browser."] },
    })),
  },
  events: {
    instanceActionProgress: { listen: vi.fn(async () => () => undefined) },
    discoveryProgress: {
      listen: vi.fn(async (cb: (e: { payload: DiscoveryProgress }) => void) => {
        ipc.listener = cb;
        return () => undefined;
      }),
    },
  },
}));

import { commands } from "../bindings";
import { Dashboard, type DashboardProps } from "./index";

function setup(overrides: Partial<DashboardProps> = {}) {
  const props: DashboardProps = {
    onAddConnection: vi.fn(),
    onSignInAgain: vi.fn(),
    onOpenInManager: vi.fn(),
    connections: [connection],
    ...overrides,
  };
  render(<Dashboard {...props} />);
  return props;
}

const grid = () => screen.getByRole("grid");
const rowNames = () =>
  within(grid())
    .getAllByRole("row")
    .slice(1)
    .map((row) => row.querySelector('[role="gridcell"]:not(.dash-select-cell)')?.textContent);
/** The table's rows once the store answered (the rows are asked for as they show). */
const expectRows = (names: string[]) => waitFor(() => expect(rowNames()).toEqual(names));

async function openKind(kind: ResourceKind) {
  fireEvent.click(await screen.findByTestId(`dash-kind-${kind}`));
  await waitFor(() => expect(screen.queryAllByTestId("dash-row").length).toBeGreaterThan(0));
  return grid();
}

beforeEach(() => {
  localStorage.clear();
  ipc.store = new FakeStore([inventory]);
  ipc.store.changes = {
    since: "2026-11-28T11:00:00Z",
    added: 1,
    removed: 0,
    statusChanged: 1,
    changes: [
      {
        connectionId: "c",
        projectId: "p",
        kind: "instance",
        id: "i-new",
        name: "web-new",
        change: "added",
        statusBefore: null,
        statusAfter: "ok",
        at: "2026-11-28T12:00:00Z",
      },
      {
        connectionId: "c",
        projectId: "p",
        kind: "database",
        id: "db",
        name: "db-staging-03",
        change: "status",
        statusBefore: "ok READY",
        statusAfter: "error ERROR",
        at: "2026-11-28T12:00:00Z",
      },
    ],
  };
  ipc.heldRows = null;
  vi.mocked(commands.refreshInventory).mockClear();
  vi.mocked(commands.cancelRefresh).mockClear();
  vi.mocked(commands.exportInventory).mockClear();
});
afterEach(cleanup);

describe("Dashboard", () => {
  it("shows connections, kinds with counts and the overview, counted by the store", async () => {
    setup();
    expect(await screen.findByText("Acme (EU)")).toBeTruthy();
    expect(screen.getByText(/Signed in with OVHcloud/)).toBeTruthy();
    expect(await screen.findByRole("button", { name: /Public Cloud instances\s*3/ })).toBeTruthy();
    expect(screen.getByRole("heading", { name: "Overview" })).toBeTruthy();
    const errors = await screen.findByRole("region", { name: "In error" });
    expect(within(errors).getByText("db-staging-03")).toBeTruthy();
    expect(within(errors).getByText("lb-api-staging")).toBeTruthy();
    const changes = await screen.findByRole("region", { name: "Changes since the last refresh" });
    expect(within(changes).getByText(/1 resource added, 0 resources removed, 1 status change\./)).toBeTruthy();
    expect(within(changes).getByText("Database status changed (ok READY → error ERROR)")).toBeTruthy();
    expect(screen.getByTestId("resource-count").textContent).toBe(`${inventory.resources.length} resources`);
    // No inventory crosses over whole: the overview and the counts are the store's answers.
    // Asked once: the overview without filters is the overview of everything.
    expect(ipc.store.asked.overview).toEqual([expect.objectContaining({ kind: null, search: "", status: null })]);
    expect(ipc.store.asked.rows).toEqual([]);
  });

  it("lists each failed task with its message and solution lines", async () => {
    setup();
    const banner = await screen.findByRole("alert", { name: "Parts of the inventory could not be read" });
    // Project names come with the store's overview.
    expect(await within(banner).findByText(/Managed databases in Staging/)).toBeTruthy();
    const error = failedDatabaseTask.result.state === "failed" ? failedDatabaseTask.result.error : null;
    expect(within(banner).getByText(error!.message)).toBeTruthy();
    for (const line of error!.solution) expect(within(banner).getByText(line)).toBeTruthy();
  });

  it("has the store sort and filter a kind's table", async () => {
    setup();
    await openKind("instance");
    // Unsorted, in the store's order (connection, project, kind, id).
    await expectRows(["db-staging-03", "worker-prod-02", "web-prod-01"]);
    fireEvent.click(within(grid()).getByRole("button", { name: "Name" }));
    await expectRows(["db-staging-03", "web-prod-01", "worker-prod-02"]);
    fireEvent.click(within(grid()).getByRole("button", { name: "Name" }));
    await expectRows(["worker-prod-02", "web-prod-01", "db-staging-03"]);
    expect(ipc.store.asked.rows.at(-1)).toMatchObject({
      filter: { kind: "instance", search: "" },
      sort: { column: { by: "name" }, descending: true },
      offset: 0,
    });
    fireEvent.change(screen.getByRole("combobox", { name: "Status" }), { target: { value: "stopped" } });
    await expectRows(["worker-prod-02"]);
    fireEvent.change(screen.getByRole("combobox", { name: "Status" }), { target: { value: "" } });
    fireEvent.change(screen.getByRole("combobox", { name: "Project" }), { target: { value: PROD } });
    await expectRows(["worker-prod-02", "web-prod-01"]);
    fireEvent.change(screen.getByRole("combobox", { name: "Region" }), { target: { value: "SBG5" } });
    await expectRows(["worker-prod-02"]);
    expect(ipc.store.asked.rows.at(-1)?.filter).toEqual({
      connectionId: null,
      kind: "instance",
      projectId: PROD,
      region: "SBG5",
      status: null,
      search: "",
    });
  });

  it("finds a resource by IP from anywhere and opens and closes its drawer with the keyboard", async () => {
    setup();
    await screen.findByText("Acme (EU)");
    fireEvent.keyDown(window, { key: "k", ctrlKey: true });
    const search = screen.getByRole("searchbox", { name: /Search every resource/ });
    expect(document.activeElement).toBe(search);
    fireEvent.change(search, { target: { value: "57.128.33.4" } });
    await expectRows(["Load balancer"]);
    expect(screen.getByRole("status").textContent).toBe("1 match");
    const table = grid();
    table.focus();
    fireEvent.keyDown(table, { key: "Enter" });
    const drawer = screen.getByRole("dialog", { name: "lb-api-staging" });
    // The whole resource comes from the store when the drawer opens.
    await waitFor(() =>
      expect(within(drawer).getByLabelText("Raw OVH object as JSON").textContent).toContain(
        '"provisioningStatus": "ACTIVE"',
      ),
    );
    expect(ipc.store.asked.resource).toHaveLength(1);
    expect(within(drawer).getByText("First seen")).toBeTruthy();
    expect(within(drawer).getByText("Last changed")).toBeTruthy();
    fireEvent.keyDown(within(drawer).getByRole("heading", { name: "lb-api-staging" }), { key: "Escape" });
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(document.activeElement).toBe(grid());
  });

  it("acts on several instances picked in the table, with the mouse or the Space key", async () => {
    setup();
    const table = await openKind("instance");
    await expectRows(["db-staging-03", "worker-prod-02", "web-prod-01"]);
    expect(table.getAttribute("aria-multiselectable")).toBe("true");
    fireEvent.click(screen.getByRole("checkbox", { name: "Select web-prod-01" }));
    table.focus();
    fireEvent.keyDown(table, { key: "ArrowDown" });
    fireEvent.keyDown(table, { key: " " });
    const bar = screen.getByTestId("selection-actions");
    expect(bar.textContent).toContain("2 instances selected");
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows.map((r) => r.getAttribute("aria-selected"))).toEqual(["false", "true", "true"]);
    expect(screen.queryByRole("dialog", { name: "worker-prod-02" }), "a checkbox does not open the drawer").toBeNull();

    fireEvent.click(within(bar).getByRole("button", { name: "Soft reboot 2 instances" }));
    const confirm = screen.getByRole("dialog", { name: "Soft reboot these 2 instances?" });
    expect(confirm.textContent).toContain("web-prod-01, worker-prod-02");
    fireEvent.click(within(confirm).getByRole("button", { name: "Soft reboot 2 instances" }));
    await waitFor(() => expect(commands.runInstanceAction).toHaveBeenCalledTimes(2));
    expect(vi.mocked(commands.runInstanceAction).mock.calls.map((c) => [c[3], c[4]])).toEqual([
      ["6b1f0c2e-8a4d-4e3b-a9f1-2c7d5e8b0a13", "softReboot"],
      ["0a9e3d5c-1b2f-4c7a-a8e6-9d0f1b3c5e27", "softReboot"],
    ]);
    await waitFor(() => expect(within(bar).getAllByText("ACTIVE")).toHaveLength(2));

    fireEvent.click(within(bar).getByRole("button", { name: "Clear selection" }));
    expect(screen.queryByTestId("selection-actions")).toBeNull();
  });

  it("moves through rows with the arrow keys and opens the active one", async () => {
    const props = setup();
    const table = await openKind("instance");
    table.focus();
    expect(table.getAttribute("aria-activedescendant")).toBe("dash-row-0");
    fireEvent.keyDown(table, { key: "ArrowDown" });
    fireEvent.keyDown(table, { key: "ArrowDown" });
    fireEvent.keyDown(table, { key: "ArrowDown" });
    expect(table.getAttribute("aria-activedescendant")).toBe("dash-row-2");
    fireEvent.keyDown(table, { key: "ArrowUp" });
    fireEvent.keyDown(table, { key: "Enter" });
    const drawer = screen.getByRole("dialog", { name: "worker-prod-02" });
    fireEvent.click(within(drawer).getByRole("button", { name: "Open in OVHcloud Manager" }));
    expect(props.onOpenInManager).toHaveBeenCalledWith(expect.objectContaining({ projectId: PROD }));
    // Escape with the focus back in the table also closes the drawer.
    table.focus();
    fireEvent.keyDown(table, { key: "Escape" });
    expect(screen.queryByRole("dialog")).toBeNull();
  });

  it("copies a resource's id", async () => {
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    setup();
    await openKind("dedicatedServer");
    fireEvent.click(await screen.findByText("backup-box"));
    fireEvent.click(screen.getByRole("button", { name: "Copy ID" }));
    await screen.findByText("The ID is in the clipboard.");
    expect(writeText).toHaveBeenCalledWith("ns3012345.ip-51-91-12.eu");
  });

  it("has the store export the view as the table shows it: filters, sort, then a search", async () => {
    setup();
    await openKind("instance");
    fireEvent.change(screen.getByRole("combobox", { name: "Region" }), { target: { value: "GRA11" } });
    fireEvent.click(within(grid()).getByRole("button", { name: "Name" }));
    await expectRows(["db-staging-03", "web-prod-01"]);
    fireEvent.click(screen.getByRole("button", { name: "Export CSV" }));
    const [fileName, filter, sort] = vi.mocked(commands.exportInventory).mock.calls[0];
    expect(fileName).toMatch(/^aurora-instance-\d{4}-\d{2}-\d{2}T\d{4}\.csv$/);
    expect(filter).toEqual({
      connectionId: null,
      kind: "instance",
      projectId: null,
      region: "GRA11",
      status: null,
      search: "",
    });
    expect(sort).toEqual({ column: { by: "name" }, descending: false });
    await screen.findByText(`Saved 2 rows to /home/me/Downloads/${fileName}.`);

    // A search looks across every kind, and so does its export.
    fireEvent.change(screen.getByRole("searchbox"), { target: { value: " web " } });
    await expectRows(["Instance"]);
    fireEvent.click(screen.getByRole("button", { name: "Export JSON" }));
    const [jsonName, searched] = vi.mocked(commands.exportInventory).mock.calls[1];
    expect(jsonName).toMatch(/^aurora-search-.*\.json$/);
    expect(searched).toMatchObject({ kind: null, region: "GRA11", search: "web" });
  });

  it("remembers the last view", async () => {
    setup();
    await openKind("kubernetes");
    fireEvent.change(screen.getByRole("combobox", { name: "Status" }), { target: { value: "in_progress" } });
    expect(JSON.parse(localStorage.getItem(VIEW_STORAGE_KEY)!)).toMatchObject({
      section: "kubernetes",
      filters: { status: "in_progress" },
    });
    cleanup();
    setup();
    expect(await screen.findByRole("heading", { name: "Managed Kubernetes clusters" })).toBeTruthy();
    await expectRows(["mks-platform-prod"]);
  });

  it("refreshes with a progress bar per task, cancels, and asks the store again once it ends", async () => {
    ipc.store = new FakeStore([]);
    setup();
    fireEvent.click(await screen.findByRole("button", { name: "Take an inventory now" }));
    expect(commands.refreshInventory).toHaveBeenCalledWith("conn-eu-1", null);
    const send = (event: DiscoveryProgress["event"]) =>
      act(() => ipc.listener!({ payload: { connectionId: "conn-eu-1", event } }));
    send({ event: "taskStarted", task: { kind: "project", projectId: null } });
    send({ event: "taskDone", task: { kind: "project", projectId: null }, count: 2 });
    send({ event: "taskStarted", task: { kind: "instance", projectId: PROD } });
    const panel = screen.getByRole("region", { name: "Refresh of Acme (EU)" });
    expect(within(panel).getByText("2 found")).toBeTruthy();
    expect(
      within(panel).getByLabelText("Public Cloud instances in 9f2c1d7be0a84c3f8e2f6b1a7c9d0e11: running"),
    ).toBeTruthy();
    expect(within(panel).getByLabelText(/Acme \(EU\): 50%/)).toBeTruthy();
    fireEvent.click(within(panel).getByRole("button", { name: "Cancel" }));
    expect(commands.cancelRefresh).toHaveBeenCalledWith("conn-eu-1");
    send({ event: "taskCancelled", task: { kind: "instance", projectId: PROD } });
    send({ event: "finished", resources: 2, failedTasks: 0, cancelled: true });
    // The refresh answers a summary; what shows is asked of the store again.
    const saved = { ...inventory, resources: inventory.resources.slice(0, 2) };
    ipc.store.inventories = [saved];
    const asked = ipc.store.asked.overview.length;
    await act(async () => ipc.refresh!(ipc.store.details("conn-eu-1").inventory!));
    expect(within(panel).getByText(/was cancelled/)).toBeTruthy();
    expect(await screen.findByRole("button", { name: /Public Cloud projects\s*2/ })).toBeTruthy();
    expect(ipc.store.asked.overview.length).toBeGreaterThan(asked);
    expect(screen.getByTestId("resource-count").textContent).toBe("2 resources");
  });

  it("leads to the wizard without connections and to sign-in when credentials are gone", async () => {
    const first = setup({ connections: [] });
    fireEvent.click(within(screen.getByRole("main")).getByRole("button", { name: "Add a connection" }));
    expect(first.onAddConnection).toHaveBeenCalled();
    cleanup();
    ipc.store = new FakeStore([]);
    const second = setup({ connections: [expiredConnection] });
    fireEvent.click(await screen.findByRole("button", { name: "Sign in again to Acme (CA)" }));
    expect(second.onSignInAgain).toHaveBeenCalledWith(expiredConnection.connection);
    expect(screen.getByText(/The consumer key was revoked/)).toBeTruthy();
  });

  it("says why an export could not be saved and what to do", async () => {
    vi.mocked(commands.exportInventory).mockResolvedValueOnce({
      status: "error",
      error: {
        kind: "internal",
        message: "Aurora could not write /home/me/Downloads/x.csv: No space left on device.",
        solution: ["Check that the disk has free space, then export again."],
      },
    });
    setup();
    await openKind("dedicatedServer");
    fireEvent.click(screen.getByRole("button", { name: "Export CSV" }));
    expect((await screen.findByText(/could not be saved/)).textContent).toMatch(
      /^aurora-dedicatedserver-.*\.csv could not be saved: Aurora could not write .* No space left on device\. Check that the disk has free space, then export again\.$/,
    );
  });

  it("pages through 50,000 resources as the table scrolls, and renders only the rows in sight", async () => {
    ipc.store = new FakeStore([generatedInventory(50_000)]);
    setup();
    const instances = await screen.findByRole("button", { name: /Public Cloud instances\s*8,334/ });
    fireEvent.click(instances);
    await expectRows(expect.arrayContaining(["node-0"]) as unknown as string[]);
    const rendered = within(grid()).getAllByRole("row").length - 1;
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(60);
    expect(grid().getAttribute("aria-rowcount")).toBe(String(8_334 + 1));
    // Only the first page was asked for; End asks for the last one, which loads in place.
    expect(ipc.store.asked.rows.map((q) => q.offset)).toEqual([0]);
    ipc.heldRows = [];
    const table = grid();
    table.focus();
    fireEvent.keyDown(table, { key: "End" });
    await waitFor(() => expect(ipc.heldRows!.map((h) => h.query.offset)).toContain(8_300));
    // jsdom does not scroll by itself: scroll as the browser does after End.
    table.scrollTop = 8_334 * 36;
    fireEvent.scroll(table);
    const last = () => table.querySelector('[aria-rowindex="8335"]');
    await waitFor(() => expect(last()?.textContent).toBe("Loading…"));
    act(() => ipc.heldRows!.forEach((h) => h.answer()));
    ipc.heldRows = null;
    await waitFor(() => expect(last()?.getAttribute("data-testid")).toBe("dash-row"));
    expect(table.getAttribute("aria-activedescendant")).toBe("dash-row-8333");
    fireEvent.change(screen.getByRole("searchbox"), { target: { value: "10.0.48.57" } });
    await waitFor(() => expect(rowNames()).toEqual(["Load balancer"]));
    expect(within(grid()).getByText("node-12345")).toBeTruthy();
    fireEvent.change(screen.getByRole("searchbox"), { target: { value: "node-4999" } });
    await waitFor(() => expect(grid().getAttribute("aria-rowcount")).toBe(String(11 + 1)));
  });

  it("hides the overview during a search and shows it again, with its filters, when the search ends", async () => {
    setup();
    await screen.findByRole("region", { name: "In error" });
    const search = screen.getByRole("searchbox");
    fireEvent.change(search, { target: { value: "web-prod" } });
    await waitFor(() => expect(screen.getByRole("heading", { name: "Search results for “web-prod”" })).toBeTruthy());
    await waitFor(() => expect(grid().getAttribute("aria-rowcount")).toBe("2"));
    expect(within(grid()).getByText("web-prod-01")).toBeTruthy();
    expect(screen.queryByRole("region", { name: "In error" })).toBeNull();
    expect(screen.queryByRole("region", { name: "Resources by kind" })).toBeNull();
    fireEvent.change(search, { target: { value: "" } });
    await waitFor(() => expect(screen.getByRole("heading", { name: "Overview" })).toBeTruthy());
    expect(screen.queryByRole("grid")).toBeNull();
    expect(within(screen.getByRole("region", { name: "In error" })).getByText("db-staging-03")).toBeTruthy();

    // A filter narrows the overview's counts and list (asked of the store), during a search too.
    fireEvent.change(screen.getByRole("combobox", { name: "Status" }), { target: { value: "error" } });
    const projectRows = () =>
      within(within(screen.getByRole("main")).getByRole("region", { name: "Projects" }))
        .getAllByRole("row")
        .map((r) => r.textContent);
    await waitFor(() => expect(projectRows()).toEqual(["ProjectResourcesIn error", "Staging22"]));
    expect(ipc.store.asked.overview.at(-1)).toMatchObject({ status: "error", kind: null, search: "" });
    fireEvent.change(search, { target: { value: "db-staging" } });
    await waitFor(() => expect(within(grid()).getByText("db-staging-03")).toBeTruthy());
    expect(grid().getAttribute("aria-rowcount")).toBe("2");
    expect(ipc.store.asked.rows.at(-1)?.filter).toMatchObject({ status: "error", kind: null, search: "db-staging" });
    fireEvent.change(screen.getByRole("combobox", { name: "Status" }), { target: { value: "" } });
    fireEvent.change(search, { target: { value: "" } });
    await waitFor(() => expect(screen.getByRole("heading", { name: "Overview" })).toBeTruthy());
    await waitFor(() => expect(projectRows()).toEqual(["ProjectResourcesIn error", "Production70", "Staging32"]));
    const errors = screen.getByRole("region", { name: "In error" });
    expect(within(errors).getByText("db-staging-03")).toBeTruthy();
    expect(within(errors).getByText("lb-api-staging")).toBeTruthy();
  });

  it("jumps to the search with / except while typing, and Escape clears it", async () => {
    setup();
    await screen.findByText("Acme (EU)");
    const search = screen.getByRole("searchbox");
    const card = await screen.findByTestId("dash-card-instance");
    card.focus();
    fireEvent.keyDown(card, { key: "/" });
    expect(document.activeElement).toBe(search);
    fireEvent.change(search, { target: { value: "web" } });
    const typed = fireEvent.keyDown(search, { key: "/" });
    expect(typed).toBe(true); // not prevented: a slash typed in the box stays a slash
    fireEvent.keyDown(search, { key: "Escape" });
    expect((search as HTMLInputElement).value).toBe("");
  });

  it("returns the focus where it was when the drawer closes", async () => {
    setup();
    const errors = await screen.findByRole("region", { name: "In error" });
    const link = within(errors).getByRole("button", { name: "lb-api-staging" });
    link.focus();
    fireEvent.click(link);
    const drawer = screen.getByRole("dialog", { name: "lb-api-staging" });
    expect(document.activeElement).toBe(within(drawer).getByRole("heading", { name: "lb-api-staging" }));
    fireEvent.click(within(drawer).getByRole("button", { name: "Close the details" }));
    expect(document.activeElement).toBe(link);
  });

  it("keeps a table's rows and place while a refresh's rows load, then shows the new ones", async () => {
    setup();
    const table = await openKind("instance");
    await expectRows(["db-staging-03", "worker-prod-02", "web-prod-01"]);
    table.focus();
    fireEvent.keyDown(table, { key: "ArrowDown" });
    fireEvent.click(screen.getAllByRole("button", { name: "Refresh" })[0]);
    ipc.store.inventories = [
      { ...inventory, resources: inventory.resources.filter((r) => r.name !== "db-staging-03") },
    ];
    ipc.heldRows = [];
    await act(async () => ipc.refresh!(ipc.store.details("conn-eu-1").inventory!));
    await waitFor(() => expect(ipc.heldRows).toHaveLength(1));
    expect(rowNames()).toEqual(["db-staging-03", "worker-prod-02", "web-prod-01"]);
    expect(table.getAttribute("aria-activedescendant")).toBe("dash-row-1");
    act(() => ipc.heldRows!.forEach((h) => h.answer()));
    ipc.heldRows = null;
    await expectRows(["worker-prod-02", "web-prod-01"]);
    expect(table.getAttribute("aria-activedescendant")).toBe("dash-row-1");
  });

  it("never lets a late answer take the place of the answer to the last keystroke", async () => {
    setup();
    await screen.findByRole("region", { name: "In error" });
    ipc.heldRows = [];
    const search = screen.getByRole("searchbox");
    fireEvent.change(search, { target: { value: "web" } });
    fireEvent.change(search, { target: { value: "worker" } });
    // The box shows the last keystroke at once; the rows wait for the store.
    expect((search as HTMLInputElement).value).toBe("worker");
    await waitFor(() => expect(ipc.heldRows!.map((h) => h.query.filter.search)).toEqual(["web", "worker"]));
    const [web, worker] = ipc.heldRows!;
    act(() => worker.answer());
    await expectRows(["Instance"]);
    expect(within(grid()).getByText("worker-prod-02")).toBeTruthy();
    // The answer to "web" arrives last, and changes nothing.
    act(() => web.answer());
    await new Promise((r) => setTimeout(r, 20));
    expect(within(grid()).getByText("worker-prod-02")).toBeTruthy();
    expect(within(grid()).queryByText("web-prod-01")).toBeNull();
    expect(screen.getByRole("status").textContent).toBe("1 match");
  });

  it("shows the costs and stale tasks saved with the inventory, and opens the Manager itself", async () => {
    ipc.store.stale["conn-eu-1"] = [
      { task: failedDatabaseTask.task, takenAt: "2026-11-26T09:00:00Z" },
      { task: { kind: "loadBalancer", projectId: STAGING }, takenAt: "2026-11-26T09:00:00Z" },
    ];
    ipc.store.costs["conn-eu-1"] = {
      connectionId: "conn-eu-1",
      takenAt: "2026-11-28T11:57:00Z",
      failures: [],
      projects: [
        {
          projectId: PROD,
          total: 12.5,
          hourlyTotal: 12.5,
          monthlyTotal: 0,
          byType: {},
          periodFrom: null,
          periodTo: null,
          lastUpdate: null,
        },
      ],
    };
    setup({ onOpenInManager: undefined, currency: "EUR" });
    expect(await screen.findByText("€12.50", { selector: "td" })).toBeTruthy();
    expect((await screen.findByTestId("resource-count")).textContent).toBe(`${inventory.resources.length} resources`);
    const banner = screen.getByRole("alert", { name: "Parts of the inventory could not be read" });
    expect(
      within(banner).getByText(/Its resources from the inventory taken \d+ days? ago are still shown\./),
    ).toBeTruthy();
    await openKind("loadBalancer");
    fireEvent.click(await screen.findByText("lb-api-staging"));
    expect(within(screen.getByRole("dialog")).getByRole("note").textContent).toMatch(
      /The last refresh could not read this kind; this is how it was in the inventory taken \d+ days? ago\./,
    );
    fireEvent.click(screen.getByRole("button", { name: "Open in OVHcloud Manager" }));
    expect(commands.openInManager).toHaveBeenCalledWith("conn-eu-1", STAGING);
    expect(
      await screen.findByText(/The OVHcloud Manager could not be opened\. No browser could be started\./),
    ).toBeTruthy();
    expect(screen.getByText("Install a web browser.")).toBeTruthy();
  });

  it("reads the connections itself when none are given, and forgets one after a confirmation", async () => {
    ipc.connections = [connection];
    const onConnectionsChanged = vi.fn();
    setup({ connections: undefined, onConnectionsChanged });
    fireEvent.click(await screen.findByRole("button", { name: "Forget…" }));
    const confirm = screen.getByRole("group", { name: "Forget Acme (EU)" });
    fireEvent.click(within(confirm).getByRole("button", { name: "Keep" }));
    expect(commands.disconnect).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole("button", { name: "Forget…" }));
    fireEvent.click(
      within(screen.getByRole("group", { name: "Forget Acme (EU)" })).getByRole("button", { name: "Forget" }),
    );
    expect(await screen.findByText("No OVHcloud account is connected yet.")).toBeTruthy();
    expect(commands.disconnect).toHaveBeenCalledWith("conn-eu-1");
    expect(onConnectionsChanged).toHaveBeenCalled();
  });
});
