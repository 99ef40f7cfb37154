import { describe, expect, it } from "vitest";
import { CSV_BOM, csvCell, toCsv } from "./csv";

describe("CSV", () => {
  it("leaves plain cells alone", () => {
    expect(csvCell("web-prod-01")).toBe("web-prod-01");
    expect(csvCell(42)).toBe("42");
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
  });

  it("quotes commas, quotes and line breaks", () => {
    expect(csvCell("GRA11, SBG5")).toBe('"GRA11, SBG5"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("cr\rhere")).toBe('"cr\rhere"');
  });

  it("neutralises cells a spreadsheet would run as formulas", () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(csvCell("+1+1")).toBe("'+1+1");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\tcmd")).toBe("'\tcmd");
    expect(csvCell("=1,2")).toBe('"\'=1,2"');
    expect(csvCell("a=b")).toBe("a=b");
  });

  it("writes a header, CRLF rows and a byte order mark", () => {
    const csv = toCsv([{ header: "Name", value: (r: { n: string }) => r.n }], [{ n: "a" }, { n: "b,c" }]);
    expect(csv).toBe(`${CSV_BOM}Name\r\na\r\n"b,c"\r\n`);
    expect(toCsv([{ header: "X", value: () => 1 }], [], { bom: false })).toBe("X\r\n");
  });
});
