import { describe, expect, it } from "vitest";
import { ageText, bytesText, dateText, expiryText, moneyText } from "./format";

const NOW = Date.parse("2026-11-28T12:00:00Z");

describe("format", () => {
  it("says how old an inventory is", () => {
    expect(ageText("2026-11-28T11:57:00Z", NOW)).toBe("taken 3 minutes ago");
    expect(ageText("2026-11-28T11:59:30Z", NOW)).toBe("taken just now");
    expect(ageText("2026-11-28T11:00:00Z", NOW)).toBe("taken 1 hour ago");
    expect(ageText("2026-11-25T12:00:00Z", NOW)).toBe("taken 3 days ago");
    expect(ageText("not a date", NOW)).toBe("taken at an unknown time");
  });

  it("says when a token expires", () => {
    expect(expiryText(NOW / 1000 + 42 * 60, NOW)).toBe("expires in 42 minutes");
    expect(expiryText(NOW / 1000 - 5 * 60, NOW)).toBe("expired 5 minutes ago");
  });

  it("formats sizes, dates and money", () => {
    expect(bytesText("1536")).toBe("1.5 KiB");
    expect(bytesText(512)).toBe("512 B");
    expect(bytesText("53687091200")).toBe("50 GiB");
    expect(bytesText("n/a")).toBe("n/a");
    expect(dateText("2023-04-12T09:31:00Z")).toBe("2023-04-12 09:31 UTC");
    expect(dateText(null)).toBe("");
    expect(moneyText(1234.5)).toBe("1,234.50");
    expect(moneyText(12.3, "EUR")).toBe("€12.30");
    expect(moneyText(12.3, "EUR")).toBe("€12.30"); // again, from the kept formatter
    expect(moneyText(5, "not a code")).toBe("5.00 not a code");
    expect(moneyText(5, "not a code")).toBe("5.00 not a code");
  });
});
