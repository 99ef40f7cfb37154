import type { PowerAction } from "../bindings";

/** What each action is called, what it asks, and what it warns about. */
export const POWER_ACTIONS: {
  action: PowerAction;
  label: string;
  verb: string;
  warning: string | null;
}[] = [
  { action: "start", label: "Start", verb: "Start", warning: null },
  {
    action: "stop",
    label: "Stop",
    verb: "Stop",
    warning:
      "A stopped instance is still billed: OVH keeps its resources reserved. Shelving it in the OVHcloud Manager stops the billing (unshelving then takes longer).",
  },
  {
    action: "softReboot",
    label: "Soft reboot",
    verb: "Soft reboot",
    warning: "The operating system restarts; the instance is unavailable for a moment.",
  },
  {
    action: "hardReboot",
    label: "Hard reboot",
    verb: "Hard reboot",
    warning:
      "A hard reboot cuts the power like a reset button: unsaved data may be lost and open files may be damaged.",
  },
];

export function actionInfo(action: PowerAction) {
  return POWER_ACTIONS.find((a) => a.action === action)!;
}
