import { useState } from "react";
import { commands, type ApiCall } from "../bindings";
import { ErrorNotice } from "../common/ErrorNotice";
import { unwrap } from "../common/ipc";
import { useAction } from "../common/useAction";
import { dateText } from "../lib/format";

/**
 * Recent API activity of one connection: the calls made with its own
 * credentials, by Aurora or anything else using the same key, newest first.
 */
export function ActivityView({ connectionId }: { connectionId: string }) {
  const [calls, setCalls] = useState<ApiCall[] | null>(null);
  const { busy, error, run } = useAction();
  const load = () => run(async () => setCalls(await unwrap(commands.recentApiActivity(connectionId))));

  return (
    <section aria-labelledby="activity-title" data-testid="api-activity">
      <h3 id="activity-title">Recent API activity</h3>
      <p className="muted">
        The last 50 calls made with this connection's own credentials, by Aurora or anything else using them.
      </p>
      <button type="button" className="button" onClick={load} disabled={busy} data-testid="load-activity">
        {calls ? "Show the latest calls" : "Show recent API activity"}
      </button>
      {error && <ErrorNotice error={error} />}
      {calls && calls.length === 0 && <p role="status">No call is recorded for these credentials yet.</p>}
      {calls && calls.length > 0 && (
        <table className="rules" data-testid="activity-table">
          <caption className="muted">Newest first</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Method</th>
              <th scope="col">Path</th>
              <th scope="col">Source IP</th>
            </tr>
          </thead>
          <tbody>
            {calls.map((c) => (
              <tr key={c.logId}>
                <td>{dateText(c.date)}</td>
                <td>{c.method}</td>
                <td>
                  <code>{c.path}</code>
                </td>
                <td>{c.ip}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
