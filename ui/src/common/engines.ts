import type { Connection, EngineKind } from "../bindings";

/** The two discovery engines as the Settings view offers them. */
export const ENGINE_CHOICES: Record<EngineKind, string> = {
  api: "Aurora's API engine (fastest, default)",
  cli: "the official ovhcloud CLI (bundled)",
};

/** The engine that took (or is taking) an inventory, inside a sentence. */
export const ENGINE_NAMES: Record<EngineKind, string> = {
  api: "Aurora's API engine",
  cli: "the official ovhcloud CLI",
};

/** `text` with its first letter in capitals, for a label that starts a line. */
export function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The connection's engine. The backend always sends it; the generated type
 * marks it optional only because older saved connections may lack it.
 */
export function engineOf(connection: Connection): EngineKind {
  return connection.discoveryEngine ?? "api";
}
