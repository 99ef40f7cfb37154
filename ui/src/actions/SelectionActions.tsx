import "./actions.css";
import type { ResourceRow } from "../bindings";
import { plural } from "../lib/format";
import { InstanceActions } from "./InstanceActions";

/**
 * Above the instances table when some are picked: how many, the power
 * actions for all of them (each behind the same confirmation as the
 * drawer's), and a way to clear the choice.
 */
export function SelectionActions({ rows, onClear }: { rows: readonly ResourceRow[]; onClear: () => void }) {
  return (
    <section className="dash-selection" aria-label="Selected instances" data-testid="selection-actions">
      <div className="dash-selection-head">
        <span>{plural(rows.length, "instance")} selected</span>
        <button type="button" className="dash-button dash-button-quiet" onClick={onClear}>
          Clear selection
        </button>
      </div>
      <InstanceActions instances={rows} />
    </section>
  );
}
