/** The empty state: the two ways to connect an OVHcloud account. */
export function Welcome({ onSignIn, onApiKeys }: { onSignIn: () => void; onApiKeys: () => void }) {
  return (
    <section className="welcome" aria-labelledby="welcome-title">
      <h1 id="welcome-title">Everything you run on OVHcloud, in one place</h1>
      <p className="muted">
        Connect an OVHcloud account to see its Public Cloud projects, instances, Kubernetes clusters, databases, load balancers,
        registries, private networks, object storage and dedicated servers.
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
    </section>
  );
}
