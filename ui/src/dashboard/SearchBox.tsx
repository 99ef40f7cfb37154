import { forwardRef, useEffect, useImperativeHandle, useRef } from "react";

/** True when typing `/` there should type a slash rather than jump to search. */
function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

export type SearchBoxHandle = { focus: () => void };

/** The global search. Ctrl+K (⌘K) or `/` focuses it; Escape clears it, then leaves it. */
export const SearchBox = forwardRef<
  SearchBoxHandle,
  {
    value: string;
    onChange: (value: string) => void;
    /** Matches of the search in the box; `null` while the store counts them, or without a search. */
    resultCount: number | null;
  }
>(function SearchBox({ value, onChange, resultCount }, ref) {
  const input = useRef<HTMLInputElement>(null);
  const lastCount = useRef<number | null>(null);
  if (!value.trim()) lastCount.current = null;
  else if (resultCount !== null) lastCount.current = resultCount;
  const shown = lastCount.current;
  useImperativeHandle(ref, () => ({ focus: () => input.current?.focus() }), []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const ctrlK = (e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === "k";
      const slash = e.key === "/" && !e.ctrlKey && !e.metaKey && !e.altKey && !isTextEntry(e.target);
      if (ctrlK || slash) {
        e.preventDefault();
        input.current?.focus();
        input.current?.select();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  return (
    <div className="dash-search">
      <input
        ref={input}
        data-testid="dash-search"
        type="search"
        className="dash-input dash-search-input"
        placeholder="Search every resource by name, ID or IP (Ctrl+K)"
        aria-label="Search every resource by name, ID or IP"
        aria-keyshortcuts="Control+K /"
        value={value}
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.stopPropagation();
            if (value) onChange("");
            else input.current?.blur();
          }
        }}
      />
      {/* Always on the page, so screen readers hear each new count; it keeps the last count while the next one loads. */}
      <span className="dash-muted dash-small" role="status">
        {shown === null ? "" : shown === 1 ? "1 match" : `${shown.toLocaleString("en")} matches`}
      </span>
    </div>
  );
});
