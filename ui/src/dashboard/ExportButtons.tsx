import { useState } from "react";
import type { Resource } from "../bindings";
import { downloadText, exportFileName } from "../lib/download";
import { plural } from "../lib/format";
import { viewToCsv, viewToJson } from "./exportView";
import type { ColumnContext, ColumnDef } from "./kinds";

/** A file the dashboard wants saved. */
export type ExportFile = { fileName: string; mimeType: string; text: string; rows: number };

/** Saves an export; the default offers it as a download from the webview. A saver that returns a path saved it there. */
export type ExportSaver = (file: ExportFile) => void | string | Promise<void | string>;

export const downloadExport: ExportSaver = (file) => downloadText(file.fileName, file.mimeType, file.text);

type Notice = { file: ExportFile; state: "offered" | "saved" | "copied" | "copyFailed" | "failed"; message?: string };

/**
 * Export CSV / Export JSON for the rows in view. After an export, a line says
 * what was offered and lets the person copy the text instead: some webviews
 * ignore downloads of in-memory files.
 */
export function ExportButtons({
  rows,
  columns,
  ctx,
  subject,
  save = downloadExport,
}: {
  rows: readonly Resource[];
  columns: readonly ColumnDef[];
  ctx: ColumnContext;
  subject: string;
  save?: ExportSaver;
}) {
  const [notice, setNotice] = useState<Notice | null>(null);

  const run = async (format: "csv" | "json") => {
    const file: ExportFile =
      format === "csv"
        ? {
            fileName: exportFileName(subject, "csv"),
            mimeType: "text/csv;charset=utf-8",
            text: viewToCsv(rows, columns, ctx),
            rows: rows.length,
          }
        : {
            fileName: exportFileName(subject, "json"),
            mimeType: "application/json",
            text: viewToJson(rows),
            rows: rows.length,
          };
    try {
      const path = await save(file);
      setNotice(path ? { file, state: "saved", message: path } : { file, state: "offered" });
    } catch (e) {
      setNotice({ file, state: "failed", message: e instanceof Error ? e.message : String(e) });
    }
  };

  const copy = async (file: ExportFile) => {
    try {
      if (!navigator.clipboard) throw new Error("no clipboard");
      await navigator.clipboard.writeText(file.text);
      setNotice({ file, state: "copied" });
    } catch {
      setNotice({ file, state: "copyFailed" });
    }
  };

  return (
    <div className="dash-export">
      <button
        type="button"
        className="dash-button"
        onClick={() => void run("csv")}
        disabled={rows.length === 0}
        data-testid="dash-export-csv"
      >
        Export CSV
      </button>
      <button
        type="button"
        className="dash-button"
        onClick={() => void run("json")}
        disabled={rows.length === 0}
        data-testid="dash-export-json"
      >
        Export JSON
      </button>
      {notice && (
        <span className="dash-small dash-export-notice" role="status">
          {notice.state === "offered" &&
            `${notice.file.fileName} (${plural(notice.file.rows, "row")}) was offered for saving.`}
          {notice.state === "saved" && `Saved ${plural(notice.file.rows, "row")} to ${notice.message}.`}
          {notice.state === "failed" && `${notice.file.fileName} could not be saved: ${notice.message}`}
          {notice.state === "copied" && `${plural(notice.file.rows, "row")} copied to the clipboard.`}
          {notice.state === "copyFailed" && "The clipboard refused the export; try Export again."}
          {(notice.state === "offered" || notice.state === "failed") && (
            <>
              {" "}
              <button type="button" className="dash-link" onClick={() => void copy(notice.file)}>
                Copy it instead
              </button>
            </>
          )}
        </span>
      )}
    </div>
  );
}
