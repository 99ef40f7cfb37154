/**
 * Each connection's saved inventory without its resources (when, by which
 * engine, its tasks, costs, how many resources), refreshes on demand, and
 * the progress events of running refreshes. The resources stay in the
 * store: `version` changes whenever an inventory may have changed, so what
 * the window shows of them is asked again.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import {
  commands,
  events,
  type ConnectionView,
  type EngineKind,
  type StoredInventory,
  type UserError,
} from "../bindings";
import { asUserError, unwrap } from "../common/ipc";
import { useAppEvent } from "../common/useAppEvent";
import { applyProgress, type RefreshState, STARTING } from "./refreshProgress";

export type InventoryState = {
  /** `undefined` while loading, `null` when none was ever taken (or it could not be read). */
  inventories: Record<string, StoredInventory | null | undefined>;
  loadErrors: Record<string, UserError>;
  refreshes: Record<string, RefreshState>;
  /** Changes when a saved inventory was read again (after a refresh ended). */
  version: string;
  refresh: (connectionId: string) => Promise<void>;
  cancel: (connectionId: string) => Promise<void>;
};

export function useInventories(connections: readonly ConnectionView[], engine: EngineKind | null): InventoryState {
  const [inventories, setInventories] = useState<Record<string, StoredInventory | null | undefined>>({});
  const [loadErrors, setLoadErrors] = useState<Record<string, UserError>>({});
  const [refreshes, setRefreshes] = useState<Record<string, RefreshState>>({});
  const [refreshed, setRefreshed] = useState(0);
  const running = useRef(new Set<string>());

  const load = useCallback(async (id: string) => {
    try {
      const { inventory, problem } = await unwrap(commands.getInventoryDetails(id));
      setInventories((s) => ({ ...s, [id]: inventory }));
      setLoadErrors(({ [id]: _gone, ...rest }) => (problem ? { ...rest, [id]: problem } : rest));
    } catch (e) {
      setLoadErrors((s) => ({ ...s, [id]: asUserError(e) }));
      setInventories((s) => (s[id] === undefined ? { ...s, [id]: null } : s));
    }
  }, []);

  const ids = connections.map((c) => c.connection.id).join("\n");
  useEffect(() => {
    for (const id of ids ? ids.split("\n") : []) void load(id);
  }, [ids, load]);

  useAppEvent(events.discoveryProgress, (payload) => {
    if (!running.current.has(payload.connectionId)) return;
    setRefreshes((s) => ({
      ...s,
      [payload.connectionId]: applyProgress(s[payload.connectionId] ?? STARTING, payload.event),
    }));
  });

  const refresh = useCallback(
    async (connectionId: string) => {
      if (running.current.has(connectionId)) return;
      running.current.add(connectionId);
      setRefreshes((s) => ({ ...s, [connectionId]: STARTING }));
      try {
        // A summary: the resources are read from the store by what shows them.
        const saved = await unwrap(commands.refreshInventory(connectionId, engine));
        setInventories((s) => ({ ...s, [connectionId]: saved }));
        setLoadErrors(({ [connectionId]: _gone, ...rest }) => rest);
        setRefreshes((s) => ({ ...s, [connectionId]: { ...(s[connectionId] ?? STARTING), running: false } }));
      } catch (e) {
        setRefreshes((s) => ({
          ...s,
          [connectionId]: { ...(s[connectionId] ?? STARTING), running: false, error: asUserError(e) },
        }));
      } finally {
        running.current.delete(connectionId);
        // A failed or cancelled refresh may have kept rows, marked stale: read everything again.
        setRefreshed((n) => n + 1);
      }
    },
    [engine],
  );

  const cancel = useCallback(async (connectionId: string) => {
    try {
      await unwrap(commands.cancelRefresh(connectionId));
    } catch (e) {
      setRefreshes((s) => ({ ...s, [connectionId]: { ...(s[connectionId] ?? STARTING), error: asUserError(e) } }));
    }
  }, []);

  const takenAts = Object.entries(inventories)
    .map(([id, inv]) => `${id}=${inv?.takenAt ?? ""}`)
    .sort()
    .join(",");
  return { inventories, loadErrors, refreshes, version: `${refreshed}|${takenAts}`, refresh, cancel };
}
