import type { ConnectionView, ProjectCount, StatusClass } from "../bindings";
import { type Filters, hasFilters, NO_FILTERS } from "./viewState";
import { STATUS_LABELS, STATUS_ORDER } from "./resourceText";

export type FilterBarProps = {
  filters: Filters;
  onChange: (filters: Filters) => void;
  connections: readonly ConnectionView[];
  projects: readonly ProjectCount[];
  regions: readonly string[];
};

/** Filters by connection (when there are several), project, region and status. */
export function FilterBar({ filters, onChange, connections, projects, regions }: FilterBarProps) {
  const set = (patch: Partial<Filters>) => onChange({ ...filters, ...patch });
  return (
    <div className="dash-filters" role="group" aria-label="Filters">
      {connections.length > 1 && (
        <Select
          label="Connection"
          value={filters.connectionId}
          options={connections.map((c) => [c.connection.id, c.connection.label])}
          all="All connections"
          onChange={(connectionId) => set({ connectionId })}
        />
      )}
      <Select
        label="Project"
        value={filters.projectId}
        options={projects.map((p) => [p.projectId, p.name])}
        all="All projects"
        onChange={(projectId) => set({ projectId })}
      />
      <Select
        label="Region"
        value={filters.region}
        options={regions.map((r) => [r, r])}
        all="All regions"
        onChange={(region) => set({ region })}
      />
      <Select
        label="Status"
        value={filters.status}
        options={STATUS_ORDER.map((s) => [s, STATUS_LABELS[s]])}
        all="Any status"
        onChange={(status) => set({ status: status as StatusClass | null })}
      />
      {hasFilters(filters) && (
        <button type="button" className="dash-button dash-button-quiet" onClick={() => onChange(NO_FILTERS)}>
          Clear filters
        </button>
      )}
    </div>
  );
}

function Select({
  label,
  value,
  options,
  all,
  onChange,
}: {
  label: string;
  value: string | null;
  options: [string, string][];
  all: string;
  onChange: (value: string | null) => void;
}) {
  // A remembered value that is not in this inventory still shows, so it can be cleared.
  const known = value === null || options.some(([v]) => v === value);
  return (
    <label className="dash-select">
      <span className="dash-select-label">{label}</span>
      <select
        className="dash-input"
        value={value ?? ""}
        onChange={(e) => onChange(e.target.value === "" ? null : e.target.value)}
      >
        <option value="">{all}</option>
        {!known && value !== null && <option value={value}>{value}</option>}
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}
