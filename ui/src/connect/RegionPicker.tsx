import { useState } from "react";
import type { Region } from "../bindings";

export const REGION_LABELS: Record<Region, string> = {
  "ovh-eu": "Europe (ovh-eu)",
  "ovh-ca": "Canada (ovh-ca)",
  "ovh-us": "United States (ovh-us)",
  custom: "Custom endpoint",
};

/** Where a connection leads: the region, or the offline demo's simulator for a custom endpoint in the demo. */
export function regionLabel(region: Region, demo: boolean): string {
  return region === "custom" && demo ? "Offline demo" : REGION_LABELS[region];
}

export interface RegionValue {
  region: Region;
  customApiBase: string;
}

/** The API address to send with a region: only the custom endpoint has one. */
export function customApiBase(value: RegionValue): string | null {
  return value.region === "custom" && value.customApiBase.trim() ? value.customApiBase : null;
}

/**
 * The three OVH regions, and a custom API address behind "Advanced". In the
 * offline demo the custom endpoint is the built-in simulator and is preselected.
 * Changing the region clears the address: it belongs to the custom endpoint
 * only, and must never carry a region's sign-in or keys elsewhere.
 */
export function RegionPicker({
  value,
  onChange,
  demo,
}: {
  value: RegionValue;
  onChange: (v: RegionValue) => void;
  demo: boolean;
}) {
  const [advanced, setAdvanced] = useState(value.region === "custom");
  const regions: Region[] =
    advanced || demo ? ["ovh-eu", "ovh-ca", "ovh-us", "custom"] : ["ovh-eu", "ovh-ca", "ovh-us"];
  return (
    <fieldset className="region-picker">
      <legend>Region</legend>
      {regions.map((region) => (
        <label key={region} className="radio">
          <input
            type="radio"
            name="region"
            value={region}
            checked={value.region === region}
            onChange={() => onChange({ region, customApiBase: "" })}
          />
          {region === "custom" && demo ? "Offline demo (built-in simulator)" : REGION_LABELS[region]}
        </label>
      ))}
      {value.region === "custom" && !demo && (
        <label className="field">
          <span className="field-label">API address</span>
          <input
            type="url"
            placeholder="https://eu.api.ovh.com/1.0"
            value={value.customApiBase}
            onChange={(e) => onChange({ ...value, customApiBase: e.target.value })}
          />
        </label>
      )}
      {!demo && (
        <button type="button" className="link-button" onClick={() => setAdvanced(!advanced)}>
          {advanced ? "Hide advanced" : "Advanced"}
        </button>
      )}
    </fieldset>
  );
}
