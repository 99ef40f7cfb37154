import { useEffect, useState } from "react";
import { commands, type ClientCreationHelp, type Region } from "../bindings";
import { CopyField } from "../common/CopyField";
import { ErrorNotice } from "../common/ErrorNotice";
import { asUserError, unwrap } from "../common/ipc";
import { useAction } from "../common/useAction";

/**
 * For someone with no connection yet: how to create the "Sign in with OVH"
 * client by hand in the chosen region's OVH API console (the product
 * document's Step 1), then enter it in the form below.
 */
export function CreateClientHelp({ region }: { region: Region }) {
  const [help, setHelp] = useState<ClientCreationHelp | null>(null);
  const { error, setError, run } = useAction();

  useEffect(() => {
    commands.oauthClientCreationHelp(region).then(setHelp, (e) => setError(asUserError(e)));
  }, [region, setError]);

  if (!help) return error ? <ErrorNotice error={error} /> : null;
  const body = JSON.stringify({
    name: help.name,
    description: help.description,
    flow: help.flow,
    callbackUrls: [help.callbackUrl],
  });
  return (
    <section className="create-client-help" aria-labelledby="create-client-help-title" data-testid="create-client-help">
      <h3 id="create-client-help-title">Create the OAuth2 client yourself</h3>
      {error && <ErrorNotice error={error} />}
      <ol>
        <li>
          {help.consoleUrl ? (
            <>
              Open the OVH API console of this region, log in, and find <code>POST /me/api/oauth2/client</code>.{" "}
              <button
                type="button"
                className="link-button"
                onClick={() =>
                  run(async () => {
                    await unwrap(commands.openOauthClientConsole(region));
                  })
                }
              >
                Open the API console
              </button>
              <CopyField label="API console address" value={help.consoleUrl} testId="api-console-url" />
            </>
          ) : (
            <>
              Open the console of your server's API and find <code>POST /me/api/oauth2/client</code>.
            </>
          )}
        </li>
        <li>
          Create the client with the flow <strong>{help.flow}</strong> and this callback URL:
          <CopyField label="Callback URL" value={help.callbackUrl} testId="callback-url-to-register" />
          <CopyField label="Or paste this whole request body" value={body} />
        </li>
        <li>Enter the clientId and clientSecret that OVH answers below: OVH shows the secret only once.</li>
      </ol>
    </section>
  );
}
