/** Display helpers shared by the UI. All take `now` so tests stay deterministic. */

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

/** "3 minutes", "1 hour", "less than a minute". */
export function durationText(seconds: number): string {
  const s = Math.abs(seconds);
  for (const [unit, size] of UNITS) {
    if (s >= size) {
      const n = Math.floor(s / size);
      return `${n} ${unit}${n === 1 ? "" : "s"}`;
    }
  }
  return "less than a minute";
}

/** "taken 3 minutes ago" for an RFC 3339 time. */
export function ageText(iso: string, now: number = Date.now()): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return "taken at an unknown time";
  const seconds = (now - at) / 1000;
  if (seconds < 60) return "taken just now";
  return `taken ${durationText(seconds)} ago`;
}

/** "expires in 42 minutes" / "expired 5 minutes ago" for unix seconds. */
export function expiryText(expiresAtUnix: number, now: number = Date.now()): string {
  const seconds = expiresAtUnix - now / 1000;
  return seconds >= 0 ? `expires in ${durationText(seconds)}` : `expired ${durationText(seconds)} ago`;
}

/** A date as `2025-01-02 03:04 UTC`, or the original text when it is not a date. */
export function dateText(iso: string | null | undefined): string {
  if (!iso) return "";
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  return `${new Date(at).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** 1536 → "1.5 KiB". Text that is not a number is returned as it is. */
export function bytesText(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === "") return "";
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(n)) return String(value);
  const units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
  let v = n;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return i === 0 ? `${v} B` : `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

// Formatters are made once: the dashboard formats hundreds of numbers per
// render, and making an Intl.NumberFormat costs far more than using one.
const COUNT = new Intl.NumberFormat("en");
const PLAIN_MONEY = new Intl.NumberFormat("en", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
/** Per currency code; `null` for a code Intl does not know. */
const MONEY = new Map<string, Intl.NumberFormat | null>();

/** 1234.5 → "1,234.50", with the currency code when known ("€1,234.50"). */
export function moneyText(amount: number, currency?: string | null): string {
  if (!currency) return PLAIN_MONEY.format(amount);
  let format = MONEY.get(currency);
  if (format === undefined) {
    try {
      format = new Intl.NumberFormat("en", { style: "currency", currency });
    } catch {
      // An unknown code: a plain number followed by the code.
      format = null;
    }
    MONEY.set(currency, format);
  }
  return format ? format.format(amount) : `${PLAIN_MONEY.format(amount)} ${currency}`;
}

/** 50000 → "50,000". */
export function countText(n: number): string {
  return COUNT.format(n);
}

/** "1 instance", "3 instances". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${countText(n)} ${n === 1 ? one : many}`;
}
