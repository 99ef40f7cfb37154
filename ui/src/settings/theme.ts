/** The colour theme: the system's choice, or light or dark whatever the system says. */
export type Theme = "system" | "light" | "dark";

export const THEMES: { value: Theme; label: string }[] = [
  { value: "system", label: "Same as the system" },
  { value: "light", label: "Light" },
  { value: "dark", label: "Dark" },
];

const STORAGE_KEY = "aurora.theme";
const DARK_QUERY = "(prefers-color-scheme: dark)";

export function loadTheme(): Theme {
  const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
  return saved === "light" || saved === "dark" ? saved : "system";
}

export function saveTheme(theme: Theme) {
  if (theme === "system") globalThis.localStorage?.removeItem(STORAGE_KEY);
  else globalThis.localStorage?.setItem(STORAGE_KEY, theme);
  applyTheme(theme);
}

function systemIsDark() {
  return globalThis.matchMedia?.(DARK_QUERY).matches ?? false;
}

/** Sets `data-theme` on the page: styles.css holds one palette for each. */
export function applyTheme(theme: Theme = loadTheme()) {
  const dark = theme === "dark" || (theme === "system" && systemIsDark());
  document.documentElement.dataset.theme = dark ? "dark" : "light";
}

/** Applies the saved theme now, and again whenever the system switches while it is followed. */
export function followTheme() {
  applyTheme();
  globalThis.matchMedia?.(DARK_QUERY).addEventListener?.("change", () => applyTheme());
}
