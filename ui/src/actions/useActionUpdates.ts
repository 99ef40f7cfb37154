import { useEffect, useState } from "react";
import { events } from "../bindings";

/**
 * A number that grows whenever a running action reports an instance's new
 * status. The app keeps that status in the store before it reports it, so
 * whatever shows store rows asks again when this changes.
 */
export function useActionUpdates(): number {
  const [updates, setUpdates] = useState(0);
  useEffect(() => {
    let unlisten: (() => void) | null = null;
    let live = true;
    Promise.resolve(events.instanceActionProgress.listen(() => setUpdates((n) => n + 1))).then(
      (stop) => (live ? (unlisten = stop) : stop()),
      () => undefined,
    );
    return () => {
      live = false;
      unlisten?.();
    };
  }, []);
  return updates;
}
