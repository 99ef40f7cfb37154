import type { ReactNode } from "react";

/** A calm message where content would be, with the next step as a button. */
export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <section className="dash-empty" aria-label={title}>
      <h2>{title}</h2>
      {children && <div className="dash-muted">{children}</div>}
      {action && <div className="dash-empty-actions">{action}</div>}
    </section>
  );
}
