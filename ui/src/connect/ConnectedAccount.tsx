import { useEffect, useState } from "react";
import { commands, type Connection, type CredentialStatus } from "../bindings";
import { regionLabel } from "./RegionPicker";

const METHOD_LABELS: Record<Connection["authMethod"], string> = {
  authorization_code: "Sign in with OVH",
  client_credentials: "Service account",
  api_credentials: "API keys",
};

export function formatExpiry(status: CredentialStatus | null): string {
  if (!status) return "";
  if (status.state === "signInRequired") return `Sign in again: ${status.reason}`;
  if (status.expiresAt == null) return "Does not expire";
  const when = new Date(status.expiresAt * 1000);
  return `Access token valid until ${when.toLocaleTimeString()}${status.renewable ? ", renewed automatically" : ""}`;
}

/** Who the connection belongs to: nichandle, email, region, how it signs in, token expiry. */
export function ConnectedAccount({ connection, demo = false }: { connection: Connection; demo?: boolean }) {
  const [status, setStatus] = useState<CredentialStatus | null>(null);
  useEffect(() => {
    commands.listConnections().then((answer) => {
      if (answer.status === "ok") setStatus(answer.data.find((v) => v.connection.id === connection.id)?.status ?? null);
    });
  }, [connection.id]);
  return (
    <dl className="account" data-testid="connected-account">
      <dt>Account</dt>
      <dd data-testid="nichandle">{connection.nichandle ?? connection.label}</dd>
      {connection.email && (
        <>
          <dt>Email</dt>
          <dd>{connection.email}</dd>
        </>
      )}
      <dt>Region</dt>
      <dd>{regionLabel(connection.region, demo)}</dd>
      <dt>Method</dt>
      <dd>{METHOD_LABELS[connection.authMethod]}</dd>
      <dt>Credentials</dt>
      <dd>{formatExpiry(status)}</dd>
    </dl>
  );
}
