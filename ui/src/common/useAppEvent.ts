import { useEffect, useRef } from "react";

type AppEvent<T> = { listen: (handler: (event: { payload: T }) => void) => Promise<() => void> };

/**
 * Calls `handler` with each payload of an app event while the component is
 * mounted (always the latest handler given). Listening starts asynchronously:
 * a component gone before it started stops it at once.
 */
export function useAppEvent<T>(event: AppEvent<T>, handler: (payload: T) => void): void {
  const latest = useRef({ event, handler });
  latest.current = { event, handler };
  useEffect(() => {
    let unlisten: (() => void) | null = null;
    let live = true;
    Promise.resolve(latest.current.event.listen((e) => latest.current.handler(e.payload))).then(
      (stop) => (live ? (unlisten = stop) : stop()),
      () => undefined,
    );
    return () => {
      live = false;
      unlisten?.();
    };
  }, []);
}
