import { useState } from "react";
import type { UserError } from "../bindings";
import { asUserError } from "./ipc";

/**
 * Runs one user action at a time: `busy` while it runs, and the UserError it
 * threw (cleared when the next action starts).
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UserError | null>(null);
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(asUserError(e));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}
