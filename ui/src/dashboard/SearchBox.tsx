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
  { value: string; onChange: (value: string) => void; resultCount: number | null }
>(function SearchBox({ value, onChange, resultCount }, ref) {
  const input = useRef<HTMLInputElement>(null);
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
      {resultCount !== null && (
        <span className="dash-muted dash-small" role="status">
          {resultCount === 1 ? "1 match" : `${resultCount.toLocaleString("en")} matches`}
        </span>
      )}
    </div>
  );
});
