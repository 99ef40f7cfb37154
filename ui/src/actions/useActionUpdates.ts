import { useState } from "react";
import { events } from "../bindings";
import { useAppEvent } from "../common/useAppEvent";

/**
 * A number that grows whenever a running action reports an instance's new
 * status. The app keeps that status in the store before it reports it, so
 * whatever shows store rows asks again when this changes.
 */
export function useActionUpdates(): number {
  const [updates, setUpdates] = useState(0);
  useAppEvent(events.instanceActionProgress, () => setUpdates((n) => n + 1));
  return updates;
}
