/**
 * The sections of Settings, as their headings read. Messages that send people
 * to Settings name them exactly: `in Settings, under "OAuth clients"` (a Rust
 * test, tests/message_targets.rs, reads this file to check every such message).
 */
export const SETTINGS_SECTIONS = {
  oauthClients: "OAuth clients",
  theme: "Theme",
  discoveryEngine: "Discovery engine",
} as const;
