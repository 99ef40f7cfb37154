import type { UserError } from "../bindings";

/** What to do, one step per line (a UserError's `solution`). */
export function SolutionList({ lines }: { lines: readonly string[] }) {
  if (lines.length === 0) return null;
  return (
    <ul className="dash-solution">
      {lines.map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>
  );
}

/** A UserError as a banner: what happened (after an optional lead-in), then what to do. */
export function ProblemNotice({ error, prefix }: { error: UserError; prefix?: string }) {
  return (
    <section className="dash-banner dash-banner-error" role="alert">
      <p>
        {prefix ? `${prefix} ` : ""}
        {error.message}
      </p>
      <SolutionList lines={error.solution} />
    </section>
  );
}
