import { useState } from "react";
import { SETTINGS_SECTIONS } from "./sections";
import { loadTheme, saveTheme, THEMES, type Theme } from "./theme";

/** System, light or dark; kept for the next start. */
export function ThemeSettings() {
  const [theme, setTheme] = useState<Theme>(loadTheme);
  const choose = (next: Theme) => {
    saveTheme(next);
    setTheme(next);
  };
  return (
    <section className="settings-section" aria-labelledby="settings-theme">
      <h3 id="settings-theme">{SETTINGS_SECTIONS.theme}</h3>
      <fieldset className="region-picker" data-testid="theme-choice">
        <legend>Colours</legend>
        {THEMES.map((t) => (
          <label key={t.value} className="radio">
            <input
              type="radio"
              name="theme"
              value={t.value}
              checked={theme === t.value}
              onChange={() => choose(t.value)}
            />
            {t.label}
          </label>
        ))}
      </fieldset>
    </section>
  );
}
