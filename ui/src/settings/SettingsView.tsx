import { useEffect, useRef } from "react";
import { DiscoveryEngineSettings } from "./DiscoveryEngineSettings";
import { OAuthClientsSettings } from "./OAuthClientsSettings";
import { ThemeSettings } from "./ThemeSettings";

/**
 * Settings, opened from the header. The view it covers stays as it was
 * underneath; "Back" (or Escape) returns to it.
 */
export function SettingsView({
  onClose,
  onConnectionsChanged,
}: {
  onClose: () => void;
  /** A connection's settings changed (its discovery engine): the views showing it reload. */
  onConnectionsChanged: () => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section
      className="panel settings"
      aria-labelledby="settings-title"
      onKeyDown={(e) => {
        if (e.key === "Escape") onClose();
      }}
    >
      <div className="settings-header">
        <h2 id="settings-title" tabIndex={-1} ref={heading}>
          Settings
        </h2>
        <button type="button" className="button" onClick={onClose}>
          Back
        </button>
      </div>
      <OAuthClientsSettings />
      <ThemeSettings />
      <DiscoveryEngineSettings onChanged={onConnectionsChanged} />
    </section>
  );
}
