/** How to connect an OVHcloud account: the two ways, side by side. */
export function Welcome({
  onSignIn,
  onApiKeys,
  onBack,
}: {
  onSignIn: () => void;
  onApiKeys: () => void;
  onBack?: () => void;
}) {
  return (
    <section className="welcome" aria-labelledby="welcome-title">
      <h1 id="welcome-title">{onBack ? "Add a connection" : "Everything you run on OVHcloud, in one place"}</h1>
      <p className="muted">
        Connect an OVHcloud account to see its Public Cloud projects, instances, Kubernetes clusters, databases, load
        balancers, registries, private networks, object storage and dedicated servers.
      </p>
      <div className="choices">
        <button type="button" className="choice choice-primary" onClick={onSignIn}>
          <strong>Sign in with OVH</strong>
          <span>Recommended. Your browser opens OVH's page; about 30 seconds, nothing to copy.</span>
        </button>
        <button type="button" className="choice" onClick={onApiKeys}>
          <strong>Use API keys</strong>
          <span>Application Key, Application Secret and a consumer key, guided step by step.</span>
        </button>
      </div>
      {onBack && (
        <div className="actions actions-center">
          <button type="button" className="button" onClick={onBack}>
            Back to the dashboard
          </button>
        </div>
      )}
    </section>
  );
}
