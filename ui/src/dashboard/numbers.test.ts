import { describe, expect, it } from "vitest";
import * as lib from "../lib/format";
import { countText, moneyText, plural } from "./numbers";

describe("numbers", () => {
  it("formats as lib/format does", () => {
    for (const n of [0, 1, 7, 999, 1000, 16_100, 50_000, 1_234_567, -3]) {
      expect(countText(n)).toBe(lib.countText(n));
      expect(plural(n, "resource")).toBe(lib.plural(n, "resource"));
    }
    for (const amount of [0, 0.5, 412.37, 1234.5, 98_765.432]) {
      for (const currency of [undefined, null, "", "EUR", "USD", "CAD", "XX1", "not a code"]) {
        expect(moneyText(amount, currency)).toBe(lib.moneyText(amount, currency));
        // Again, from the kept formatter.
        expect(moneyText(amount, currency)).toBe(lib.moneyText(amount, currency));
      }
    }
  });
});
