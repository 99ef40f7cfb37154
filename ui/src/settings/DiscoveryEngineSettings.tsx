/**
 * The "Discovery engine" section of Settings: for each connection, which
 * engine refreshes its inventory. Self-contained: it loads the connections
 * (`listConnections`) and what this machine offers (`discoveryEngines`), and
 * saves a choice at once (`setDiscoveryEngine`).
 *
 * ```tsx
 * <DiscoveryEngineSettings onChanged={reloadConnections} />
 * ```
 */
import { useCallback, useEffect, useId, useState } from "react";
import { commands, type Connection, type EngineKind, type Engines, type UserError } from "../bindings";
import { ErrorNotice } from "../common/ErrorNotice";
import { capitalized, ENGINE_CHOICES, ENGINE_NAMES, engineOf } from "../common/engines";
import { asUserError, unwrap } from "../common/ipc";
import { SETTINGS_SECTIONS } from "./sections";

const ENGINES: EngineKind[] = ["api", "cli"];

export function DiscoveryEngineSettings({ onChanged }: { onChanged?: (connection: Connection) => void }) {
  const [connections, setConnections] = useState<Connection[] | null>(null);
  const [engines, setEngines] = useState<Engines | null>(null);
  const [error, setError] = useState<UserError | null>(null);
  const [saving, setSaving] = useState<string | null>(null);
  const [saved, setSaved] = useState("");
  const headingId = useId();

  const load = useCallback(async () => {
    try {
      const [views, offered] = await Promise.all([unwrap(commands.listConnections()), commands.discoveryEngines()]);
      setConnections(views.map((v) => v.connection));
      setEngines(offered);
    } catch (e) {
      setError(asUserError(e));
      setConnections([]);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const choose = async (connection: Connection, engine: EngineKind) => {
    setSaving(connection.id);
    setError(null);
    setSaved("");
    try {
      const updated = await unwrap(commands.setDiscoveryEngine(connection.id, engine));
      setConnections((list) => list?.map((c) => (c.id === updated.id ? updated : c)) ?? null);
      setSaved(`${updated.label} now refreshes with ${ENGINE_NAMES[engineOf(updated)]}.`);
      onChanged?.(updated);
    } catch (e) {
      setError(asUserError(e));
    } finally {
      setSaving(null);
    }
  };

  return (
    <section className="settings-section" aria-labelledby={headingId} data-testid="discovery-engine-settings">
      <h3 id={headingId}>{SETTINGS_SECTIONS.discoveryEngine}</h3>
      <p className="muted">
        Which program takes each connection&apos;s inventory. Both find the same resources; Aurora&apos;s API engine is
        faster and waits out OVH&apos;s rate limits, the official ovhcloud CLI is the one OVHcloud publishes.
      </p>
      {engines && !engines.cliAvailable && (
        <p className="notice notice-warning" role="status">
          The ovhcloud CLI was not found next to Aurora, in OVHCLOUD_CLI or on PATH, so the CLI engine cannot run.{" "}
          {'Reinstall Aurora to restore its bundled CLI (README, "Install"),'} or set OVHCLOUD_CLI to the path of an
          ovhcloud binary and restart Aurora.
        </p>
      )}
      {engines?.cliPath && <p className="muted">The CLI engine runs {engines.cliPath}.</p>}
      {error && <ErrorNotice error={error} />}
      {connections === null && <p role="status">Loading the connections…</p>}
      {connections?.length === 0 && !error && <p>No connection yet: add one, then choose its engine here.</p>}
      {connections?.map((c) => (
        <fieldset key={c.id} className="settings-engine" disabled={saving === c.id}>
          <legend>{c.label}</legend>
          {ENGINES.map((engine) => (
            <label key={engine} className="settings-choice">
              <input
                type="radio"
                name={`engine-${c.id}`}
                value={engine}
                checked={engineOf(c) === engine}
                onChange={() => void choose(c, engine)}
              />{" "}
              {capitalized(ENGINE_CHOICES[engine])}
            </label>
          ))}
        </fieldset>
      ))}
      <p role="status" aria-live="polite" className="muted">
        {saved}
      </p>
    </section>
  );
}
