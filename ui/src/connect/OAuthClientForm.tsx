import { useState } from "react";
import { commands, type Region, type UserError } from "../bindings";
import { ErrorNotice } from "../common/ErrorNotice";
import { asUserError, unwrap } from "../common/ipc";
import { CreateClientHelp } from "./CreateClientHelp";

/**
 * The OAuth2 client registered at OVH for a region, or for a custom
 * endpoint's address (clients are kept per authorization server). The secret
 * goes straight to the keyring; saving again replaces the client.
 */
export function OAuthClientForm({
  region,
  customApiBase,
  onSaved,
  submitLabel = "Save this client",
}: {
  region: Region;
  customApiBase?: string;
  onSaved: () => void;
  submitLabel?: string;
}) {
  const [clientId, setClientId] = useState("");
  const [clientSecret, setClientSecret] = useState("");
  const [error, setError] = useState<UserError | null>(null);
  const save = async () => {
    setError(null);
    try {
      await unwrap(commands.saveOauthClient(region, customApiBase || null, clientId, clientSecret));
      setClientSecret("");
      onSaved();
    } catch (e) {
      setError(asUserError(e));
    }
  };
  return (
    <>
      <CreateClientHelp region={region} />
      <div className="oauth-client-form" data-testid="oauth-client-form">
        {error && <ErrorNotice error={error} />}
        <label className="field">
          <span className="field-label">Client ID</span>
          <input value={clientId} onChange={(e) => setClientId(e.target.value)} autoComplete="off" spellCheck={false} />
        </label>
        <label className="field">
          <span className="field-label">Client secret</span>
          <input
            type="password"
            value={clientSecret}
            onChange={(e) => setClientSecret(e.target.value)}
            autoComplete="off"
          />
        </label>
        <button type="button" className="button" onClick={save} disabled={!clientId.trim() || !clientSecret.trim()}>
          {submitLabel}
        </button>
      </div>
    </>
  );
}
