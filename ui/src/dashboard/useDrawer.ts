/** Which resource the drawer shows, and where the focus goes back when it closes. */
import { useCallback, useMemo, useRef, useState } from "react";
import type { Resource } from "../bindings";
import type { DashboardIndex } from "./inventoryIndex";
import { resourceKey } from "./resourceText";

export function useDrawer(index: DashboardIndex, fallbackFocus: () => void) {
  const [picked, setPicked] = useState<Resource | null>(null);
  const returnFocus = useRef<HTMLElement | null>(null);

  const openResource = useCallback((resource: Resource) => {
    const active = document.activeElement;
    if (active instanceof HTMLElement && !active.closest(".dash-drawer")) returnFocus.current = active;
    setPicked(resource);
  }, []);

  const close = () => {
    setPicked(null);
    const back = returnFocus.current;
    returnFocus.current = null;
    if (back && back.isConnected) back.focus();
    else fallbackFocus();
  };

  // After a refresh the drawer shows the new copy of its resource (or the old one if it is gone).
  const open = useMemo(() => {
    if (!picked) return null;
    const key = resourceKey(picked);
    return index.resources.find((r) => resourceKey(r) === key) ?? picked;
  }, [picked, index]);

  return { open, openResource, close };
}
