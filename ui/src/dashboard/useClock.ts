import { useEffect, useState } from "react";

/** `Date.now()`, refreshed every `ms` so ages and expiries stay true. */
export function useClock(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}
