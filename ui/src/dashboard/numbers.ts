/**
 * `countText` and `moneyText` of lib/format.ts, same output, with their
 * `Intl.NumberFormat` made once instead of per call: the overview and the
 * sidebar format a few hundred numbers per render (counts per project, bars),
 * and making a formatter costs far more than using one.
 */
const COUNT = new Intl.NumberFormat("en");
const PLAIN_MONEY = new Intl.NumberFormat("en", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const money = new Map<string, Intl.NumberFormat | null>();

/** 50000 → "50,000". */
export function countText(n: number): string {
  return COUNT.format(n);
}

/** 1234.5 → "1,234.50", with the currency code when known ("€1,234.50"). */
export function moneyText(amount: number, currency?: string | null): string {
  if (!currency) return PLAIN_MONEY.format(amount);
  let format = money.get(currency);
  if (format === undefined) {
    try {
      format = new Intl.NumberFormat("en", { style: "currency", currency });
    } catch {
      // An unknown code: a plain number followed by the code.
      format = null;
    }
    money.set(currency, format);
  }
  return format ? format.format(amount) : `${PLAIN_MONEY.format(amount)} ${currency}`;
}

/** "1 resource", "2,040 resources". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${countText(n)} ${n === 1 ? one : many}`;
}
