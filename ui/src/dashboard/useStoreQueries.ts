/**
 * What the dashboard asks the store (crates/core/src/store/query.rs): an
 * answer per query, and the table's rows a page at a time. An answer is
 * kept under the query it answers, so one arriving late (a keystroke's after
 * the next keystroke's) never takes the place of a newer one.
 */
import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import { commands, type Result, type ResourceRow, type RowFilter, type SortBy, type UserError } from "../bindings";
import { asUserError, unwrap } from "../common/ipc";

export type Answer<T> = {
  /** The latest answer to arrive for this query or an earlier one; `null` before the first. */
  data: T | null;
  /** True when `data` answers the query asked last. */
  current: boolean;
  error: UserError | null;
};

/**
 * The store's answer to `call`, asked again whenever `key` changes (the
 * query and the inventories' version). Until the new answer comes, the
 * previous one stays (so counts do not flash empty).
 */
export function useStoreAnswer<T>(key: string | null, call: () => Promise<Result<T, UserError>>): Answer<T> {
  const [state, setState] = useState<{ key: string | null; data: T | null; error: UserError | null }>({
    key: null,
    data: null,
    error: null,
  });
  const asked = useRef<string | null>(null);
  const latest = useRef(call);
  latest.current = call;
  useEffect(() => {
    asked.current = key;
    if (key === null) return;
    unwrap(latest.current()).then(
      (data) => asked.current === key && setState({ key, data, error: null }),
      (e) => asked.current === key && setState((s) => ({ key, data: s.data, error: asUserError(e) })),
    );
  }, [key]);
  return { data: state.data, current: key !== null && state.key === key, error: state.error };
}

/** Rows asked for at once; the table shows about 20. */
export const PAGE_ROWS = 100;
/** Queries whose pages are kept, so going back to a view or a search is immediate. */
const QUERIES_KEPT = 6;

type Pages = { total: number | null; pages: Map<number, ResourceRow[] | "loading">; error: UserError | null };

export type RowWindow = {
  /** Rows matching the query; `null` until the store answered it. */
  total: number | null;
  /** The row at `index`, or `undefined` while its page loads. */
  rowAt: (index: number) => ResourceRow | undefined;
  /** Asks for the pages holding rows `first..=last` that are not loaded yet. */
  want: (first: number, last: number) => void;
  error: UserError | null;
};

/**
 * A window over the rows of `filter` in `sort`'s order, fetched a page at a
 * time (offset and limit) as the table scrolls, from a small cache keyed by
 * the query. `version` changes when an inventory changed: every page is then
 * asked again, and the same query's rows of the previous version stay until
 * the new ones come, so a refresh does not empty the table or lose its place.
 * `null` filter: no table is shown, nothing is asked.
 */
export function useRowWindow(filter: RowFilter | null, sort: SortBy | null, version: string): RowWindow {
  const query = filter === null ? null : JSON.stringify([filter, sort]);
  const key = query === null ? null : `${query}|${version}`;
  const cache = useRef(new Map<string, Pages>());
  /** Per query, the last version's entry that has a total. */
  const answeredFor = useRef(new Map<string, Pages>());
  const [answers, answered] = useReducer((n: number) => n + 1, 0);

  const entry = useCallback((k: string): Pages => {
    const map = cache.current;
    let found = map.get(k);
    if (!found) {
      found = { total: null, pages: new Map(), error: null };
      map.set(k, found);
      // The oldest queries go first.
      for (const old of map.keys()) {
        if (map.size <= QUERIES_KEPT) break;
        if (old !== k) map.delete(old);
      }
    }
    return found;
  }, []);

  const fetchPage = useCallback(
    (k: string, query: RowFilter, by: SortBy | null, page: number) => {
      const pages = entry(k);
      if (pages.pages.has(page)) return;
      pages.pages.set(page, "loading");
      unwrap(commands.inventoryRows({ filter: query, sort: by, offset: page * PAGE_ROWS, limit: PAGE_ROWS })).then(
        (answer) => {
          // Kept under its own query: it shows only while that query is the one asked.
          pages.total = answer.total;
          pages.pages.set(page, answer.rows);
          pages.error = null;
          answered();
        },
        (e) => {
          pages.pages.delete(page);
          pages.error = asUserError(e);
          answered();
        },
      );
    },
    [entry],
  );

  // A new query asks for its first page at once: it brings the total.
  useEffect(() => {
    if (key !== null && filter !== null) fetchPage(key, filter, sort, 0);
    // `key` stands for filter and sort.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, fetchPage]);

  const current = key === null ? null : entry(key);
  if (query !== null && current?.total != null && answeredFor.current.get(query) !== current) {
    const answered = answeredFor.current;
    answered.delete(query);
    answered.set(query, current);
    for (const old of answered.keys()) if (answered.size > QUERIES_KEPT) answered.delete(old);
  }
  const before = query === null ? undefined : answeredFor.current.get(query);
  const want = useCallback(
    (first: number, last: number) => {
      if (key === null || filter === null) return;
      for (let page = Math.floor(first / PAGE_ROWS); page <= Math.floor(Math.max(first, last) / PAGE_ROWS); page++)
        fetchPage(key, filter, sort, page);
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key, fetchPage],
  );
  const rowAt = useCallback(
    (index: number) => {
      const at = Math.floor(index / PAGE_ROWS);
      const page = current?.pages.get(at);
      const earlier = before?.pages.get(at);
      const rows = Array.isArray(page) ? page : current?.total == null && Array.isArray(earlier) ? earlier : null;
      return rows?.[index % PAGE_ROWS];
    },
    // The pages change in place: a new function after each answer re-renders the rows.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [current, before, answers],
  );
  return { total: current?.total ?? before?.total ?? null, rowAt, want, error: current?.error ?? null };
}
