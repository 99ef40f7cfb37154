import { useCallback, useEffect, useState } from "react";
import { commands, type KnownClient } from "../bindings";
import { ErrorNotice } from "../common/ErrorNotice";
import { asUserError, unwrap } from "../common/ipc";
import { useAction } from "../common/useAction";
import { OAuthClientForm } from "../connect/OAuthClientForm";
import { RegionPicker, type RegionValue } from "../connect/RegionPicker";
import { SETTINGS_SECTIONS } from "./sections";

const SOURCE_TEXT: Record<KnownClient["source"], string> = {
  keyring: "Saved in your keyring",
  environment: "From the environment (takes precedence)",
  app: "Built into the offline demo",
};

/** The OAuth2 clients Aurora signs in with, one per authorization server: ids only, never a secret. */
export function OAuthClientsSettings() {
  const [clients, setClients] = useState<KnownClient[] | null>(null);
  const [editing, setEditing] = useState<{ value: RegionValue; replacing: string | null } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { busy, error, setError, run } = useAction();

  const reload = useCallback(
    () => unwrap(commands.listKnownOauthClients()).then(setClients, (e) => setError(asUserError(e))),
    [setError],
  );

  useEffect(() => {
    reload();
  }, [reload]);

  // A custom server's issuer is its origin, which is also an API address with that issuer.
  const replace = (client: KnownClient) =>
    setEditing({
      value: { region: client.region ?? "custom", customApiBase: client.region ? "" : (client.issuer ?? "") },
      replacing: client.label,
    });

  const forget = (client: KnownClient) =>
    run(async () => {
      await unwrap(commands.forgetOauthClient(client.issuer ?? ""));
      setNotice(`Aurora forgot the client ${client.clientId} of ${client.label}.`);
      await reload();
    });

  return (
    <section className="settings-section" aria-labelledby="settings-oauth-clients">
      <h3 id="settings-oauth-clients">{SETTINGS_SECTIONS.oauthClients}</h3>
      <p className="muted">
        "Sign in with OVH" uses one OAuth2 client per authorization server. Their secrets stay in your keyring and are
        never shown.
      </p>
      {error && <ErrorNotice error={error} />}
      {notice && (
        <p className="notice notice-info" role="status">
          {notice}
        </p>
      )}
      {clients && clients.length === 0 && <p>No OAuth2 client yet.</p>}
      {clients && clients.length > 0 && (
        <table className="rules" data-testid="settings-oauth-clients">
          <caption className="visually-hidden">OAuth2 clients per authorization server</caption>
          <thead>
            <tr>
              <th scope="col">Authorization server</th>
              <th scope="col">Client ID</th>
              <th scope="col">Where it comes from</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {clients.map((c) => (
              <tr key={`${c.source}-${c.issuer ?? "custom"}`}>
                <td>
                  {c.label}
                  {c.issuer && c.issuer !== c.label && <div className="muted">{c.issuer}</div>}
                </td>
                <td>
                  <code>{c.clientId}</code>
                </td>
                <td className="muted">{SOURCE_TEXT[c.source]}</td>
                <td className="row-actions">
                  {c.source === "keyring" && (
                    <>
                      <button
                        type="button"
                        className="button"
                        disabled={busy}
                        onClick={() => replace(c)}
                        aria-label={`Replace the client of ${c.label}`}
                      >
                        Replace
                      </button>
                      <button
                        type="button"
                        className="button"
                        disabled={busy}
                        onClick={() => forget(c)}
                        aria-label={`Forget the client of ${c.label}`}
                      >
                        Forget
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing ? (
        <div className="settings-form">
          <h4>{editing.replacing ? `Replace the client of ${editing.replacing}` : "Add an OAuth2 client"}</h4>
          {!editing.replacing && (
            <RegionPicker value={editing.value} onChange={(value) => setEditing({ ...editing, value })} demo={false} />
          )}
          <OAuthClientForm
            region={editing.value.region}
            customApiBase={editing.value.customApiBase}
            submitLabel={editing.replacing ? "Replace the client" : "Add the client"}
            onSaved={() => {
              setNotice("The client is saved: its secret is in your keyring.");
              setEditing(null);
              reload();
            }}
          />
          <div className="actions">
            <button type="button" className="button" onClick={() => setEditing(null)}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <div className="actions">
          <button
            type="button"
            className="button"
            onClick={() => setEditing({ value: { region: "ovh-eu", customApiBase: "" }, replacing: null })}
          >
            Add a client
          </button>
        </div>
      )}
    </section>
  );
}
