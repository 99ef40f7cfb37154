import { useEffect, useState } from "react";
import {
  commands,
  type ApiKeysSetup,
  type Connection,
  type FieldCheck,
  type ImportPreview,
  type KeyField,
  type RuleSet,
  type ValidatedKeys,
} from "../bindings";
import { RuleSetPicker } from "../actions/RuleSetPicker";
import { CopyField } from "../common/CopyField";
import { ErrorNotice } from "../common/ErrorNotice";
import { unwrap } from "../common/ipc";
import { useAction } from "../common/useAction";
import { customApiBase, RegionPicker, type RegionValue } from "./RegionPicker";

const STEPS = ["Region", "Create the application", "Paste the keys", "Authorize Aurora", "Check", "Save"] as const;

/**
 * The legacy API keys path, guided: six steps and two pastes (the
 * Application Key and Secret). Aurora requests the consumer key itself.
 */
export function ApiKeysWizard({
  demo,
  onDone,
  onCancel,
}: {
  demo: boolean;
  onDone: (c: Connection) => void;
  onCancel: () => void;
}) {
  const [step, setStep] = useState(0);
  const [region, setRegion] = useState<RegionValue>({ region: demo ? "custom" : "ovh-eu", customApiBase: "" });
  const [setup, setSetup] = useState<ApiKeysSetup | null>(null);
  const [keys, setKeys] = useState({ applicationKey: "", applicationSecret: "", consumerKey: "" });
  const [haveConsumerKey, setHaveConsumerKey] = useState(false);
  const [validationUrl, setValidationUrl] = useState<string | null>(null);
  const [validated, setValidated] = useState<ValidatedKeys | null>(null);
  const [ruleSet, setRuleSet] = useState<RuleSet>("readOnly");
  const { busy, error, run } = useAction();
  const [imported, setImported] = useState<ImportPreview | null>(null);
  const base = customApiBase(region);

  useEffect(() => {
    commands.previewApiKeysImport().then((answer) => answer.status === "ok" && setImported(answer.data));
  }, []);

  const toCreateApp = () =>
    run(async () => {
      setSetup(await unwrap(commands.apiKeysSetup(region.region, base)));
      setStep(1);
    });

  const requestAccess = () =>
    run(async () => {
      const requested = await unwrap(
        commands.requestApiAccess(region.region, base, keys.applicationKey, keys.applicationSecret, ruleSet),
      );
      setValidationUrl(requested.validationUrl);
      setValidated(await unwrap(commands.waitForApiAccess()));
      setStep(4);
    });

  const checkExisting = () =>
    run(async () => {
      setValidated(
        await unwrap(
          commands.checkExistingApiKeys(
            region.region,
            base,
            keys.applicationKey,
            keys.applicationSecret,
            keys.consumerKey,
          ),
        ),
      );
      setStep(4);
    });

  const useImported = () =>
    run(async () => {
      setValidated(await unwrap(commands.checkImportedApiKeys()));
      setStep(4);
    });

  const save = () => run(async () => onDone(await unwrap(commands.saveApiKeys())));

  const cancel = async () => {
    await commands.cancelApiKeys();
    onCancel();
  };

  return (
    <section className="panel wizard" aria-labelledby="wizard-title">
      <h2 id="wizard-title">Connect with API keys</h2>
      <ol className="steps" aria-label="Steps">
        {STEPS.map((name, i) => (
          <li
            key={name}
            className={i === step ? "current" : i < step ? "done" : ""}
            aria-current={i === step ? "step" : undefined}
          >
            {name}
          </li>
        ))}
      </ol>
      <p className="muted" data-testid="wizard-step">
        Step {step + 1} of {STEPS.length}: {STEPS[step]}
      </p>
      {error && <ErrorNotice error={error} />}

      {step === 0 && (
        <>
          {imported && <ImportCard preview={imported} onUse={useImported} busy={busy} />}
          <RegionPicker value={region} onChange={setRegion} demo={demo} />
          <Actions onBack={cancel} onNext={toCreateApp} nextLabel="Next" busy={busy} />
        </>
      )}

      {step === 1 && setup && (
        <>
          <p>Create an application on OVH's page, then come back with its Application Key and Application Secret.</p>
          <dl className="account">
            <dt>Application name</dt>
            <dd>Aurora</dd>
            <dt>Application description</dt>
            <dd>Aurora cloud management</dd>
          </dl>
          <p className="muted">If OVH asks for a validity, "Unlimited" is recommended.</p>
          {setup.demoApplication ? (
            <button
              type="button"
              className="button"
              onClick={() => {
                setKeys({
                  ...keys,
                  applicationKey: setup.demoApplication!.applicationKey,
                  applicationSecret: setup.demoApplication!.applicationSecret,
                });
                setStep(2);
              }}
            >
              Use the demo application
            </button>
          ) : (
            <button
              type="button"
              className="button"
              onClick={() =>
                run(async () => {
                  await unwrap(commands.openCreateAppPage(region.region, base));
                })
              }
            >
              Open OVH's application page
            </button>
          )}
          <CopyField label="Application page" value={setup.createAppUrl} />
          <Actions onBack={() => setStep(0)} onNext={() => setStep(2)} nextLabel="I have the keys" busy={busy} />
        </>
      )}

      {step === 2 && (
        <>
          <KeyInput
            field="applicationKey"
            label="Application Key"
            value={keys.applicationKey}
            onChange={(v) => setKeys({ ...keys, applicationKey: v })}
          />
          <KeyInput
            field="applicationSecret"
            label="Application Secret"
            secret
            value={keys.applicationSecret}
            onChange={(v) => setKeys({ ...keys, applicationSecret: v })}
          />
          <label className="checkbox">
            <input type="checkbox" checked={haveConsumerKey} onChange={(e) => setHaveConsumerKey(e.target.checked)} />I
            already have a consumer key
          </label>
          {haveConsumerKey && (
            <KeyInput
              field="consumerKey"
              label="Consumer Key"
              secret
              value={keys.consumerKey}
              onChange={(v) => setKeys({ ...keys, consumerKey: v })}
            />
          )}
          <Actions
            onBack={() => setStep(1)}
            onNext={haveConsumerKey ? checkExisting : () => setStep(3)}
            nextLabel={haveConsumerKey ? "Check the keys" : "Next"}
            busy={busy}
          />
        </>
      )}

      {step === 3 && setup && (
        <>
          <RuleSetPicker value={ruleSet} onChange={setRuleSet} />
          {validationUrl && busy && (
            <>
              <p className="waiting" role="status">
                <span className="spinner" aria-hidden="true" /> Waiting for your authorization on OVH's page...
              </p>
              <CopyField
                label="If your browser did not open, open this link"
                value={validationUrl}
                testId="validation-url"
              />
            </>
          )}
          <Actions onBack={() => setStep(2)} onNext={requestAccess} nextLabel="Request access" busy={busy} />
        </>
      )}

      {step === 4 && validated && (
        <>
          <dl className="account" data-testid="validated-keys">
            <dt>Account</dt>
            <dd data-testid="nichandle">{validated.nichandle}</dd>
            {validated.email && (
              <>
                <dt>Email</dt>
                <dd>{validated.email}</dd>
              </>
            )}
            <dt>Expires</dt>
            <dd>{validated.expiration ?? "Never (unlimited)"}</dd>
            <dt>Rights</dt>
            <dd>
              {validated.rules
                ? validated.rules.map((r) => `${r.method} ${r.path}`).join(", ")
                : "Not readable with this key"}
            </dd>
          </dl>
          {validated.missingRules.length > 0 && (
            <ErrorNotice
              tone="warning"
              error={{
                kind: "notGranted",
                message: "This key cannot read everything Aurora discovers; some resources will be missing.",
                solution: [`Missing rights: ${validated.missingRules.map((r) => `${r.method} ${r.path}`).join(", ")}`],
              }}
            />
          )}
          <Actions onBack={() => setStep(2)} onNext={() => setStep(5)} nextLabel="Next" busy={busy} />
        </>
      )}

      {step === 5 && (
        <>
          <p>Aurora keeps the three keys in your system keyring, never in a file.</p>
          <Actions onBack={() => setStep(4)} onNext={save} nextLabel="Save and open the dashboard" busy={busy} />
        </>
      )}
    </section>
  );
}

/** Keys found in ovh.conf or OVH_* variables, shown without their secrets before use. */
function ImportCard({ preview, onUse, busy }: { preview: ImportPreview; onUse: () => void; busy: boolean }) {
  const complete =
    preview.kind === "apiCredentials" &&
    preview.hasApplicationSecret &&
    preview.hasConsumerKey &&
    preview.problems.length === 0;
  return (
    <div className="notice notice-info" data-testid="import-preview">
      <p className="notice-message">Aurora found OVH keys on this computer.</p>
      <dl className="account">
        <dt>Region</dt>
        <dd>{preview.apiBase ?? preview.region}</dd>
        {preview.applicationKey && (
          <>
            <dt>Application Key</dt>
            <dd>{preview.applicationKey}</dd>
          </>
        )}
        <dt>Secrets found</dt>
        <dd>
          {[
            preview.hasApplicationSecret && "Application Secret",
            preview.hasConsumerKey && "Consumer Key",
            preview.hasClientSecret && "client secret",
          ]
            .filter(Boolean)
            .join(", ") || "none"}
        </dd>
        <dt>From</dt>
        <dd>{[...new Set(preview.sources.map((s) => s.from))].join(", ")}</dd>
      </dl>
      {preview.problems.length > 0 && (
        <ul className="notice-solution">
          {preview.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {complete && (
        <button type="button" className="button button-primary" onClick={onUse} disabled={busy}>
          Check and use these keys
        </button>
      )}
    </div>
  );
}

function Actions({
  onBack,
  onNext,
  nextLabel,
  busy,
}: {
  onBack: () => void;
  onNext: () => void;
  nextLabel: string;
  busy: boolean;
}) {
  return (
    <div className="actions">
      <button type="button" className="button" onClick={onBack} disabled={busy}>
        Back
      </button>
      <button
        type="button"
        className="button button-primary"
        onClick={onNext}
        disabled={busy}
        data-testid="wizard-next"
      >
        {nextLabel}
      </button>
    </div>
  );
}

/** A pasted key, trimmed and checked as it is typed; secrets masked unless revealed. */
function KeyInput({
  field,
  label,
  value,
  onChange,
  secret = false,
}: {
  field: KeyField;
  label: string;
  value: string;
  onChange: (v: string) => void;
  secret?: boolean;
}) {
  const [check, setCheck] = useState<FieldCheck | null>(null);
  const [revealed, setRevealed] = useState(false);
  useEffect(() => {
    let current = true;
    commands.checkApiKeyField(field, value).then((c) => current && setCheck(c));
    return () => {
      current = false;
    };
  }, [field, value]);
  const invalid = check?.state === "invalid";
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <span className="copy-field">
        <input
          type={secret && !revealed ? "password" : "text"}
          value={value}
          onChange={(e) => onChange(e.target.value.trim())}
          aria-invalid={invalid}
          autoComplete="off"
          spellCheck={false}
          data-testid={`key-${field}`}
        />
        {secret && (
          <button type="button" className="button" onClick={() => setRevealed(!revealed)}>
            {revealed ? "Hide" : "Show"}
          </button>
        )}
      </span>
      {check?.message && value && <span className={invalid ? "field-error" : "field-hint"}>{check.message}</span>}
    </label>
  );
}
