import { countText } from "../lib/format";

/** "Show all N projects" / "Show fewer projects" for a list cut to its first projects. */
export function ShowAllProjects({
  total,
  all,
  onToggle,
  className = "dash-link",
}: {
  total: number;
  all: boolean;
  onToggle: () => void;
  className?: string;
}) {
  return (
    <button type="button" className={className} aria-expanded={all} onClick={onToggle}>
      {all ? "Show fewer projects" : `Show all ${countText(total)} projects`}
    </button>
  );
}
