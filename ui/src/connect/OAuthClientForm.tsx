import { useState } from "react";
import { commands, type Region, type UserError } from "../bindings";
import { ErrorNotice } from "../common/ErrorNotice";
import { asUserError, unwrap } from "../common/ipc";

/**
 * For a region with no OAuth2 client configured: the id and secret of the
 * client registered at OVH (flow AUTHORIZATION_CODE, callback
 * aurora://ovh/oauth2/callback). The secret goes straight to the keyring.
 */
export function OAuthClientForm({ region, onSaved }: { region: Region; onSaved: () => void }) {
  const [clientId, setClientId] = useState("");
  const [clientSecret, setClientSecret] = useState("");
  const [error, setError] = useState<UserError | null>(null);
  const save = async () => {
    setError(null);
    try {
      await unwrap(commands.saveOauthClient(region, clientId, clientSecret));
      setClientSecret("");
      onSaved();
    } catch (e) {
      setError(asUserError(e));
    }
  };
  return (
    <div className="oauth-client-form" data-testid="oauth-client-form">
      <p className="muted">
        Or enter the OAuth2 client you created at OVH (flow AUTHORIZATION_CODE, callback{" "}
        <code>aurora://ovh/oauth2/callback</code>).
      </p>
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
        Save this client
      </button>
    </div>
  );
}
