/**
 * Which resource the drawer shows, the store's whole copy of it (loaded
 * when the drawer opens, and again after a refresh), and where the focus
 * goes back when it closes.
 */
import { useCallback, useRef, useState } from "react";
import { commands, type ResourceDetails, type ResourceRow, type UserError } from "../bindings";
import { useStoreAnswer } from "./useStoreQueries";

export type Drawer = {
  /** The row picked (table, overview): shown at once. */
  open: ResourceRow | null;
  /** The whole resource with its history; `null` while it loads, or when it is gone from the store. */
  details: ResourceDetails | null;
  /** True once the store answered that the resource is gone. */
  gone: boolean;
  error: UserError | null;
  openResource: (row: ResourceRow) => void;
  close: () => void;
};

export function useDrawer(version: string, fallbackFocus: () => void): Drawer {
  const [open, setOpen] = useState<ResourceRow | null>(null);
  const returnFocus = useRef<HTMLElement | null>(null);

  const openResource = useCallback((row: ResourceRow) => {
    const active = document.activeElement;
    if (active instanceof HTMLElement && !active.closest(".dash-drawer")) returnFocus.current = active;
    setOpen(row);
  }, []);

  const close = () => {
    setOpen(null);
    const back = returnFocus.current;
    returnFocus.current = null;
    if (back && back.isConnected) back.focus();
    else fallbackFocus();
  };

  // Store rows keep their handle across refreshes: after one, the same handle is the new copy.
  const handle = open?.row ?? null;
  const answer = useStoreAnswer(handle === null ? null : `${handle}|${version}`, () =>
    commands.inventoryResource(handle ?? -1),
  );
  // While the same resource is read again (a refresh, an action's new status), its last copy stays.
  const sameResource =
    answer.data !== null &&
    open !== null &&
    answer.data.resource.connectionId === open.connectionId &&
    answer.data.resource.kind === open.kind &&
    answer.data.resource.id === open.id;
  const details = !answer.error && (answer.current || sameResource) ? answer.data : null;
  const gone = answer.current && answer.data === null && answer.error === null;
  return { open, details, gone, error: answer.current ? answer.error : null, openResource, close };
}
