import type { UserError } from "../bindings";

/** A UserError as the person sees it: what happened, then what to do next. */
export function ErrorNotice({ error, tone = "error" }: { error: UserError; tone?: "error" | "warning" }) {
  return (
    <div className={`notice notice-${tone}`} role={tone === "error" ? "alert" : "status"} data-testid="error-notice">
      <p className="notice-message">{error.message}</p>
      {error.solution.length > 0 && (
        <ul className="notice-solution">
          {error.solution.map((step) => (
            <li key={step}>{step}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
