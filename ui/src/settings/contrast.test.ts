// @vitest-environment node
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

/** WCAG 2.1 relative luminance of a #rrggbb colour. */
function luminance(hex: string) {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** The custom properties of the first rule whose selector is exactly `selector`. */
function palette(css: string, selector: string): Record<string, string> {
  const start = css.indexOf(`${selector} {`);
  const body = css.slice(start, css.indexOf("}", start));
  return Object.fromEntries([...body.matchAll(/--([\w-]+):\s*(#[0-9a-fA-F]{6})/g)].map((m) => [m[1], m[2]]));
}

const css = readFileSync(resolve(process.cwd(), "src/styles.css"), "utf8");
const light = palette(css, ":root");
const dark = { ...light, ...palette(css, ':root[data-theme="dark"]') };

// Text colours on the backgrounds they are drawn on (WCAG 2.1 AA: 4.5:1 for text).
const PAIRS: [string, string][] = [
  ["text", "bg"],
  ["text", "surface"],
  ["muted", "bg"],
  ["muted", "surface"],
  ["primary", "bg"],
  ["primary", "surface"],
  ["primary-text", "primary"],
  ["danger", "surface"],
  ["danger", "bg"],
  ["ok", "surface"],
  ["warn", "surface"],
];

describe("both themes meet WCAG AA contrast", () => {
  for (const [name, colours] of [
    ["light", light],
    ["dark", dark],
  ] as const) {
    it(`${name} theme`, () => {
      expect(Object.keys(colours).length).toBeGreaterThan(8);
      for (const [fg, bg] of PAIRS) {
        const ratio = contrast(colours[fg], colours[bg]);
        expect(
          ratio,
          `${name}: --${fg} ${colours[fg]} on --${bg} ${colours[bg]} is ${ratio.toFixed(2)}:1`,
        ).toBeGreaterThanOrEqual(4.5);
      }
    });
  }
});
