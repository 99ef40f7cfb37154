/**
 * Loads each connection's last inventory, refreshes on demand and follows
 * the progress events of running refreshes.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import {
  commands,
  events,
  type ConnectionView,
  type EngineKind,
  type Inventory,
  type InventoryDetails,
  type UserError,
} from "../bindings";
import { asUserError, unwrap } from "../common/ipc";
import { applyProgress, type RefreshState, STARTING } from "./refreshProgress";

export type InventoryState = {
  /** `undefined` while loading, `null` when none was ever taken. */
  inventories: Record<string, Inventory | null | undefined>;
  loadErrors: Record<string, UserError>;
  /** Costs, tasks shown from an earlier refresh, and cache problems, per connection. */
  details: Record<string, InventoryDetails>;
  refreshes: Record<string, RefreshState>;
  refresh: (connectionId: string) => Promise<void>;
  cancel: (connectionId: string) => Promise<void>;
};

export function useInventories(connections: readonly ConnectionView[], engine: EngineKind | null): InventoryState {
  const [inventories, setInventories] = useState<Record<string, Inventory | null | undefined>>({});
  const [loadErrors, setLoadErrors] = useState<Record<string, UserError>>({});
  const [refreshes, setRefreshes] = useState<Record<string, RefreshState>>({});
  const [details, setDetails] = useState<Record<string, InventoryDetails>>({});
  const running = useRef(new Set<string>());

  // Details are extras: when they cannot be read the inventory is still shown.
  const loadDetails = useCallback(async (id: string) => {
    try {
      const found = await unwrap(commands.getInventoryDetails(id));
      setDetails((s) => ({ ...s, [id]: found }));
    } catch {
      // Nothing to add to what is shown.
    }
  }, []);

  const ids = connections.map((c) => c.connection.id).join("\n");
  useEffect(() => {
    let live = true;
    for (const id of ids ? ids.split("\n") : []) {
      void loadDetails(id);
      unwrap(commands.getInventory(id)).then(
        (inv) => live && setInventories((s) => (s[id] === undefined ? { ...s, [id]: inv } : s)),
        (e) => {
          if (!live) return;
          setLoadErrors((s) => ({ ...s, [id]: asUserError(e) }));
          setInventories((s) => (s[id] === undefined ? { ...s, [id]: null } : s));
        },
      );
    }
    return () => {
      live = false;
    };
  }, [ids, loadDetails]);

  useEffect(() => {
    let unlisten: (() => void) | null = null;
    let live = true;
    Promise.resolve(
      events.discoveryProgress.listen(({ payload }) => {
        if (!running.current.has(payload.connectionId)) return;
        setRefreshes((s) => ({
          ...s,
          [payload.connectionId]: applyProgress(s[payload.connectionId] ?? STARTING, payload.event),
        }));
      }),
    ).then(
      (stop) => (live ? (unlisten = stop) : stop()),
      () => undefined,
    );
    return () => {
      live = false;
      unlisten?.();
    };
  }, []);

  const refresh = useCallback(
    async (connectionId: string) => {
      if (running.current.has(connectionId)) return;
      running.current.add(connectionId);
      setRefreshes((s) => ({ ...s, [connectionId]: STARTING }));
      try {
        const inv = await unwrap(commands.refreshInventory(connectionId, engine));
        setInventories((s) => ({ ...s, [connectionId]: inv }));
        void loadDetails(connectionId);
        setLoadErrors(({ [connectionId]: _gone, ...rest }) => rest);
        setRefreshes((s) => ({ ...s, [connectionId]: { ...(s[connectionId] ?? STARTING), running: false } }));
      } catch (e) {
        setRefreshes((s) => ({
          ...s,
          [connectionId]: { ...(s[connectionId] ?? STARTING), running: false, error: asUserError(e) },
        }));
      } finally {
        running.current.delete(connectionId);
      }
    },
    [engine, loadDetails],
  );

  const cancel = useCallback(async (connectionId: string) => {
    try {
      await unwrap(commands.cancelRefresh(connectionId));
    } catch (e) {
      setRefreshes((s) => ({ ...s, [connectionId]: { ...(s[connectionId] ?? STARTING), error: asUserError(e) } }));
    }
  }, []);

  return { inventories, loadErrors, details, refreshes, refresh, cancel };
}
