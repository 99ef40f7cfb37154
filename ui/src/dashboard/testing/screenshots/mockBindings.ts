/**
 * Stands in for `ui/src/bindings.ts` when the dashboard runs in a plain
 * WebKitGTK window for screenshots: the fixture inventory in an in-memory store, no backend.
 * `?big=N` serves a generated inventory of N resources instead.
 */
import type { DiscoveryProgress } from "../../../bindings";
import { FakeStore, fakeStoreCommands, type Inventory } from "../fakeStore";
import { CONNECTION_ID, generatedInventory, inventory } from "../fixtures";

const big = new URLSearchParams(location.search).get("big");
const served: Inventory = big ? generatedInventory(Number(big)) : { ...inventory };
served.takenAt = new Date(Date.now() - 3 * 60_000).toISOString();
const store = new FakeStore([served]);

type Listener = (e: { payload: DiscoveryProgress }) => void;
let listener: Listener | null = null;

export const commands = {
  listConnections: async () => ({ status: "ok" as const, data: [] }),
  ...fakeStoreCommands(() => store),
  refreshInventory: () => new Promise<never>(() => undefined),
  cancelRefresh: async () => ({ status: "ok" as const, data: true }),
};

export const events = {
  discoveryProgress: {
    listen: async (cb: Listener) => {
      listener = cb;
      return () => undefined;
    },
  },
};

/** Lets a WebDriver script play progress events. */
(window as unknown as { auroraProgress: (event: DiscoveryProgress["event"]) => void }).auroraProgress = (event) =>
  listener?.({ payload: { connectionId: CONNECTION_ID, event } });
