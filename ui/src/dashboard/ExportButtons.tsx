import { useState } from "react";
import { commands, type RowFilter, type SortBy } from "../bindings";
import { asUserError, unwrap } from "../common/ipc";
import { exportFileName } from "../lib/exportFileName";
import { plural } from "../lib/format";

type Notice = { state: "saved"; rows: number; path: string } | { state: "failed"; fileName: string; message: string };

/**
 * Export CSV / Export JSON for the rows in view: the store writes them,
 * filtered, searched and sorted as the table shows them, to the Downloads
 * folder (the webview itself may not save files). A line then says where.
 */
export function ExportButtons({
  filter,
  sort,
  rowCount,
  subject,
}: {
  filter: RowFilter;
  sort: SortBy | null;
  rowCount: number;
  subject: string;
}) {
  const [notice, setNotice] = useState<Notice | null>(null);

  const run = async (format: "csv" | "json") => {
    const fileName = exportFileName(subject, format);
    try {
      const path = await unwrap(commands.exportInventory(fileName, filter, sort));
      setNotice({ state: "saved", rows: rowCount, path });
    } catch (e) {
      const error = asUserError(e);
      setNotice({ state: "failed", fileName, message: [error.message, ...error.solution].join(" ") });
    }
  };

  return (
    <div className="dash-export">
      <button
        type="button"
        className="dash-button"
        onClick={() => void run("csv")}
        disabled={rowCount === 0}
        data-testid="dash-export-csv"
      >
        Export CSV
      </button>
      <button
        type="button"
        className="dash-button"
        onClick={() => void run("json")}
        disabled={rowCount === 0}
        data-testid="dash-export-json"
      >
        Export JSON
      </button>
      {notice && (
        <span className="dash-small dash-export-notice" role="status">
          {notice.state === "saved" && `Saved ${plural(notice.rows, "row")} to ${notice.path}.`}
          {notice.state === "failed" && `${notice.fileName} could not be saved: ${notice.message}`}
        </span>
      )}
    </div>
  );
}
