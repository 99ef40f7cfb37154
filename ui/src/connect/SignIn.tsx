import { useCallback, useEffect, useState } from "react";
import { commands, events, type Connection, type RegionChoice, type SignInStarted, type UserError } from "../bindings";
import { CopyField } from "../common/CopyField";
import { ErrorNotice } from "../common/ErrorNotice";
import { asUserError, unwrap } from "../common/ipc";
import { useAction } from "../common/useAction";
import { ConnectedAccount } from "./ConnectedAccount";
import { OAuthClientForm } from "./OAuthClientForm";
import { customApiBase, RegionPicker, type RegionValue } from "./RegionPicker";

type Phase =
  | { kind: "choose" }
  | { kind: "waiting"; started: SignInStarted }
  | { kind: "connected"; connection: Connection; warnings: UserError[] };

/**
 * "Sign in with OVH": OAuth 2.0 with PKCE in the system browser. The answer
 * comes back through the aurora:// link (the SignInFinished event), or the
 * person pastes the callback address when their browser cannot hand it back.
 */
export function SignIn({
  demo,
  onDone,
  onCancel,
}: {
  demo: boolean;
  onDone: (c: Connection) => void;
  onCancel: () => void;
}) {
  const [region, setRegion] = useState<RegionValue>({ region: demo ? "custom" : "ovh-eu", customApiBase: "" });
  const [choices, setChoices] = useState<RegionChoice[]>([]);
  const [phase, setPhase] = useState<Phase>({ kind: "choose" });
  const { busy, error, setError, run } = useAction();
  const [pasted, setPasted] = useState("");

  const loadChoices = useCallback(
    () => unwrap(commands.signInRegions()).then(setChoices, (e) => setError(asUserError(e))),
    [setError],
  );

  useEffect(() => {
    loadChoices();
    const stop = events.signInFinished.listen(({ payload }) => {
      if (payload.connection) {
        setError(null);
        setPhase({ kind: "connected", connection: payload.connection, warnings: payload.warnings });
      } else if (payload.error) {
        setError(payload.error);
        setPhase({ kind: "choose" });
      }
    });
    return () => {
      stop.then((unlisten) => unlisten());
    };
  }, [loadChoices, setError]);

  const setupNeeded = choices.find((c) => c.region === region.region)?.setupNeeded ?? null;

  const start = () =>
    run(async () => {
      const started = await unwrap(commands.startSignIn(region.region, customApiBase(region)));
      setPhase({ kind: "waiting", started });
    });

  const cancel = async () => {
    if (phase.kind === "waiting") await commands.cancelSignIn(phase.started.attempt);
    setPhase({ kind: "choose" });
  };

  const finishWithPastedUrl = () =>
    run(async () => {
      const signedIn = await unwrap(commands.finishSignIn(pasted.trim()));
      setPhase({ kind: "connected", connection: signedIn.connection, warnings: signedIn.warnings });
    });

  if (phase.kind === "connected") {
    return (
      <section className="panel" aria-labelledby="signin-title">
        <h2 id="signin-title">Connected to OVHcloud</h2>
        <ConnectedAccount connection={phase.connection} demo={demo} />
        {phase.warnings.map((w) => (
          <ErrorNotice key={w.message} error={w} tone="warning" />
        ))}
        <button type="button" className="button button-primary" onClick={() => onDone(phase.connection)}>
          Open the dashboard
        </button>
      </section>
    );
  }

  return (
    <section className="panel" aria-labelledby="signin-title">
      <h2 id="signin-title">Sign in with OVH</h2>
      {error && <ErrorNotice error={error} />}
      {phase.kind === "choose" && (
        <>
          <p className="muted">Aurora opens OVH's sign-in page in your browser. No key to copy: about 30 seconds.</p>
          <RegionPicker value={region} onChange={setRegion} demo={demo} />
          {setupNeeded && (
            <>
              <ErrorNotice error={setupNeeded} tone="warning" />
              <OAuthClientForm region={region.region} customApiBase={region.customApiBase} onSaved={loadChoices} />
            </>
          )}
          <div className="actions">
            <button type="button" className="button" onClick={onCancel}>
              Back
            </button>
            <button
              type="button"
              className="button button-primary"
              onClick={start}
              disabled={busy || setupNeeded !== null}
            >
              Sign in with OVH
            </button>
          </div>
        </>
      )}
      {phase.kind === "waiting" && (
        <>
          <p className="waiting" role="status">
            <span className="spinner" aria-hidden="true" /> Waiting for OVH... Finish signing in in your browser.
          </p>
          <CopyField
            label="If your browser did not open, open this link"
            value={phase.started.authorizationUrl}
            testId="authorization-url"
          />
          <label className="field">
            <span className="field-label">
              If your browser could not return to Aurora, paste the address it ended on
            </span>
            <input
              value={pasted}
              onChange={(e) => setPasted(e.target.value)}
              placeholder="aurora://ovh/oauth2/callback?code=...&state=..."
              data-testid="callback-url"
            />
          </label>
          <div className="actions">
            <button type="button" className="button" onClick={cancel}>
              Cancel
            </button>
            <button
              type="button"
              className="button button-primary"
              onClick={finishWithPastedUrl}
              disabled={busy || !pasted.trim()}
            >
              Continue
            </button>
          </div>
        </>
      )}
    </section>
  );
}
