import { useCallback, useEffect, useState } from "react";
import {
  commands,
  type Capability,
  type CapabilitySet,
  type Connection,
  type DescribedRule,
  type OAuthClientInfo,
  type Policy,
  type ProjectChoice,
} from "../bindings";
import { CopyField } from "../common/CopyField";
import { ActivityView } from "../actions/ActivityView";
import { ErrorNotice } from "../common/ErrorNotice";
import { asUserError, unwrap } from "../common/ipc";
import { useAction } from "../common/useAction";

/**
 * One connection's access settings: the OAuth2 client behind "Sign in with
 * OVH", and least-privilege IAM policies for Aurora's OAuth2 clients.
 */
export function AccessPanel({ connection, onClose }: { connection: Connection; onClose: () => void }) {
  const id = connection.id;
  const [clients, setClients] = useState<OAuthClientInfo[]>([]);
  const [policies, setPolicies] = useState<Policy[]>([]);
  const { busy, error, setError, run } = useAction();
  const [notice, setNotice] = useState<string | null>(null);

  const reload = useCallback(async () => {
    setClients(await unwrap(commands.listOauthClients(id)));
    setPolicies(await unwrap(commands.listIamPolicies(id)));
  }, [id]);

  useEffect(() => {
    reload().catch((e) => setError(asUserError(e)));
  }, [reload, setError]);

  const ready = async (clientId: string) => {
    setNotice(`Sign in with OVH is ready for this server: Aurora will use the OAuth2 client ${clientId}.`);
    await reload();
  };

  return (
    <section className="panel access" aria-labelledby="access-title">
      <h2 id="access-title">Access for {connection.label}</h2>
      {error && <ErrorNotice error={error} />}
      {notice && (
        <p className="notice notice-info" role="status" data-testid="access-notice">
          {notice}
        </p>
      )}

      <h3>Sign in with OVH</h3>
      {connection.authMethod === "api_credentials" ? (
        <SignInSetup
          connectionId={id}
          onReady={(clientId) => run(() => ready(clientId))}
          onNotice={setNotice}
          disabled={busy}
        />
      ) : (
        <p className="muted">This connection already signs in with OVH.</p>
      )}
      <ClientList
        clients={clients}
        busy={busy}
        onDelete={(clientId) =>
          run(async () => {
            await unwrap(commands.deleteOauthClient(id, clientId));
            await reload();
          })
        }
      />

      <h3>Least-privilege policy</h3>
      <PolicyForm connectionId={id} clients={clients} busy={busy} run={run} onCreated={reload} />
      <PolicyList
        policies={policies}
        busy={busy}
        onDelete={(policyId) =>
          run(async () => {
            await unwrap(commands.deleteIamPolicy(id, policyId));
            await reload();
          })
        }
      />

      <ActivityView connectionId={id} />

      <div className="actions">
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
    </section>
  );
}

type SetupPhase = { kind: "idle" } | { kind: "rights"; rules: DescribedRule[] } | { kind: "waiting"; url: string };

/**
 * "Set up Sign in with OVH": the rights of a single-purpose key first, then
 * its validation in the browser, then the client "Aurora Integration". The
 * connection's own key may stay read-only; the new key is ended afterwards.
 */
function SignInSetup({
  connectionId,
  onReady,
  onNotice,
  disabled,
}: {
  connectionId: string;
  onReady: (clientId: string) => void;
  onNotice: (notice: string | null) => void;
  disabled: boolean;
}) {
  const [phase, setPhase] = useState<SetupPhase>({ kind: "idle" });
  const { busy, error, setError, run } = useAction();

  const showRights = () =>
    run(async () => {
      onNotice(null);
      setPhase({ kind: "rights", rules: await commands.signInSetupRights() });
    });

  const requestKey = () =>
    run(async () => {
      const started = await unwrap(commands.startSignInSetup(connectionId));
      if (started.state === "alreadySetUp") {
        setPhase({ kind: "idle" });
        onReady(started.clientId);
        return;
      }
      setPhase({ kind: "waiting", url: started.validationUrl });
      try {
        const client = await unwrap(commands.finishSignInSetup());
        setPhase({ kind: "idle" });
        onReady(client.clientId);
      } catch (e) {
        setPhase((current) => (current.kind === "waiting" ? { kind: "idle" } : current));
        throw e;
      }
    });

  const cancel = async () => {
    await commands.cancelSignInSetup();
    setError(null);
    setPhase({ kind: "idle" });
  };

  return (
    <div data-testid="sign-in-setup">
      {error && <ErrorNotice error={error} />}
      {phase.kind === "idle" && (
        <>
          <p className="muted">
            Creates the OAuth2 client "Aurora Integration" in this account and keeps its secret in your keyring, so that
            "Sign in with OVH" works for this server without any setting.
          </p>
          <button type="button" className="button button-primary" onClick={showRights} disabled={disabled || busy}>
            Set up Sign in with OVH
          </button>
        </>
      )}
      {phase.kind === "rights" && (
        <>
          <p>
            Aurora asks OVH for a second key, used only for this and ended right after. You authorize it in your
            browser. It has exactly these rights:
          </p>
          <table className="rules" data-testid="setup-rights">
            <tbody>
              {phase.rules.map((r) => (
                <tr key={`${r.method} ${r.path}`}>
                  <td>
                    <code>
                      {r.method} {r.path}
                    </code>
                  </td>
                  <td className="muted">{r.purpose}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="actions">
            <button type="button" className="button" onClick={() => setPhase({ kind: "idle" })}>
              Cancel
            </button>
            <button type="button" className="button button-primary" onClick={requestKey} disabled={busy}>
              Request this key
            </button>
          </div>
        </>
      )}
      {phase.kind === "waiting" && (
        <>
          <p className="waiting" role="status">
            <span className="spinner" aria-hidden="true" /> Waiting for you to authorize the key in your browser...
          </p>
          <CopyField
            label="If your browser did not open, open this link"
            value={phase.url}
            testId="setup-validation-url"
          />
          <div className="actions">
            <button type="button" className="button" onClick={cancel}>
              Cancel
            </button>
          </div>
        </>
      )}
    </div>
  );
}

function ClientList({
  clients,
  busy,
  onDelete,
}: {
  clients: OAuthClientInfo[];
  busy: boolean;
  onDelete: (id: string) => void;
}) {
  if (clients.length === 0) return <p className="muted">Aurora has created no OAuth2 client in this account yet.</p>;
  return (
    <table className="rules" data-testid="oauth-clients">
      <tbody>
        {clients.map((c) => (
          <tr key={c.clientId}>
            <td>
              <code>{c.clientId}</code>
            </td>
            <td>{c.name}</td>
            <td className="muted">{c.flow === "AUTHORIZATION_CODE" ? "Sign in" : "Service account"}</td>
            <td>
              <DeleteButton onClick={() => onDelete(c.clientId)} busy={busy} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function PolicyForm({
  connectionId,
  clients,
  busy,
  run,
  onCreated,
}: {
  connectionId: string;
  clients: OAuthClientInfo[];
  busy: boolean;
  run: (action: () => Promise<void>) => Promise<void>;
  onCreated: () => Promise<void>;
}) {
  const [capabilities, setCapabilities] = useState<CapabilitySet[]>([]);
  const [projects, setProjects] = useState<ProjectChoice[]>([]);
  const [clientId, setClientId] = useState("");
  const [chosenProjects, setChosenProjects] = useState<string[]>([]);
  const [chosen, setChosen] = useState<Capability[]>(["readOnlyInventory"]);
  const [preview, setPreview] = useState<string | null>(null);
  const [created, setCreated] = useState<Policy | null>(null);

  useEffect(() => {
    commands.iamCapabilities().then(setCapabilities);
    unwrap(commands.listProjects(connectionId)).then(setProjects, () => setProjects([]));
  }, [connectionId]);

  useEffect(() => {
    if (!clientId && clients.length > 0) setClientId(clients[0].clientId);
  }, [clients, clientId]);

  const draft = async () => ({
    identity: await unwrap(commands.oauthClientIdentity(connectionId, clientId)),
    projectIds: chosenProjects,
    capabilities: chosen,
    name: null,
  });

  const toggle = <T,>(list: T[], item: T) => (list.includes(item) ? list.filter((x) => x !== item) : [...list, item]);

  return (
    <div className="policy-form">
      <label className="field">
        <span className="field-label">OAuth2 client</span>
        <select value={clientId} onChange={(e) => setClientId(e.target.value)} data-testid="policy-client">
          {clients.map((c) => (
            <option key={c.clientId} value={c.clientId}>
              {c.name} ({c.clientId})
            </option>
          ))}
        </select>
      </label>
      <fieldset className="region-picker">
        <legend>Projects</legend>
        {projects.map((p) => (
          <label key={p.id} className="checkbox">
            <input
              type="checkbox"
              checked={chosenProjects.includes(p.id)}
              onChange={() => setChosenProjects(toggle(chosenProjects, p.id))}
            />
            {p.name} <code className="muted">{p.id}</code>
          </label>
        ))}
      </fieldset>
      <fieldset className="region-picker">
        <legend>What the client may do</legend>
        {capabilities.map((c) => (
          <label key={c.capability} className="checkbox" title={c.actions.join("\n")}>
            <input
              type="checkbox"
              checked={chosen.includes(c.capability)}
              onChange={() => setChosen(toggle(chosen, c.capability))}
            />
            <span>
              <strong>{c.label}</strong> <span className="muted">{c.description}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <div className="actions">
        <button
          type="button"
          className="button"
          disabled={busy || !clientId}
          onClick={() =>
            run(async () => {
              setCreated(null);
              setPreview(await unwrap(commands.previewIamPolicy(connectionId, await draft())));
            })
          }
        >
          Preview
        </button>
        <button
          type="button"
          className="button button-primary"
          disabled={busy || preview === null}
          onClick={() =>
            run(async () => {
              setCreated(await unwrap(commands.createIamPolicy(connectionId, await draft())));
              setPreview(null);
              await onCreated();
            })
          }
        >
          Create policy
        </button>
      </div>
      {preview && (
        <pre className="json" data-testid="policy-preview">
          {preview}
        </pre>
      )}
      {created && (
        <p className="notice notice-info" role="status">
          Created the policy {created.name} with {created.permissions?.allow?.length ?? 0} allowed actions.
        </p>
      )}
    </div>
  );
}

function PolicyList({
  policies,
  busy,
  onDelete,
}: {
  policies: Policy[];
  busy: boolean;
  onDelete: (id: string) => void;
}) {
  if (policies.length === 0) return <p className="muted">No policy created by Aurora yet.</p>;
  return (
    <table className="rules" data-testid="iam-policies">
      <tbody>
        {policies.map((p) => (
          <tr key={p.id}>
            <td>{p.name}</td>
            <td className="muted">
              {p.resources?.length ?? 0} resources, {p.permissions?.allow?.length ?? 0} actions
            </td>
            <td>
              <DeleteButton onClick={() => onDelete(p.id)} busy={busy} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function DeleteButton({ onClick, busy }: { onClick: () => void; busy: boolean }) {
  return (
    <button type="button" className="button" onClick={onClick} disabled={busy}>
      Delete
    </button>
  );
}
