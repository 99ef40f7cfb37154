/**
 * CSV for spreadsheets (RFC 4180, CRLF line ends, UTF-8 with a byte order mark
 * so Excel reads accents). Cells are text; a cell a spreadsheet would run as a
 * formula (starting with = + - @, a tab or a carriage return) is prefixed with
 * an apostrophe, the usual defence against CSV injection.
 */

export type CsvColumn<T> = { header: string; value: (row: T) => string | number | null | undefined };

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One cell, neutralised and quoted as needed. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const CSV_BOM = "\uFEFF";

export function toCsv<T>(columns: CsvColumn<T>[], rows: readonly T[], options: { bom?: boolean } = {}): string {
  const lines = [columns.map((c) => csvCell(c.header)).join(",")];
  for (const row of rows) lines.push(columns.map((c) => csvCell(c.value(row))).join(","));
  return (options.bom === false ? "" : CSV_BOM) + lines.join("\r\n") + "\r\n";
}
