import { useState } from "react";
import { commands, events, type PowerAction, type Resource, type UserError } from "../bindings";
import { ErrorNotice } from "../common/ErrorNotice";
import { asUserError, unwrap } from "../common/ipc";
import { ConfirmDialog } from "./ConfirmDialog";
import { actionInfo, POWER_ACTIONS } from "./powerActions";

type Progress = { status: string; done: boolean; error: UserError | null };

/** What an action needs of an instance: a table row or a whole resource. */
export type ActionTarget = Pick<Resource, "connectionId" | "projectId" | "id" | "name">;

/**
 * Start, stop and reboot one or several instances: a confirmation naming each
 * instance and the action, then each call's progress and its polled status
 * until it settles. `onSettled` lets the table show the new status.
 */
export function InstanceActions({
  instances,
  onSettled,
}: {
  instances: readonly ActionTarget[];
  onSettled?: (instance: ActionTarget, status: string) => void;
}) {
  const [asked, setAsked] = useState<PowerAction | null>(null);
  const [progress, setProgress] = useState<Record<string, Progress>>({});
  const running = Object.values(progress).some((p) => !p.done);

  const run = async (action: PowerAction) => {
    setAsked(null);
    setProgress(Object.fromEntries(instances.map((i) => [i.id, { status: "Sending…", done: false, error: null }])));
    // The polled statuses arrive as events while the calls run.
    const unlisten = await events.instanceActionProgress.listen((e) => {
      setProgress((now) =>
        now[e.payload.instanceId] && !now[e.payload.instanceId].done
          ? { ...now, [e.payload.instanceId]: { ...now[e.payload.instanceId], status: e.payload.status } }
          : now,
      );
    });
    await Promise.all(
      instances.map(async (instance) => {
        try {
          const status = await unwrap(
            commands.runInstanceAction(instance.connectionId, null, instance.projectId ?? "", instance.id, action),
          );
          setProgress((now) => ({ ...now, [instance.id]: { status, done: true, error: null } }));
          onSettled?.(instance, status);
        } catch (e) {
          setProgress((now) => ({
            ...now,
            [instance.id]: { status: "Not changed", done: true, error: asUserError(e) },
          }));
        }
      }),
    );
    unlisten();
  };

  const names = instances.map((i) => i.name);
  const info = asked ? actionInfo(asked) : null;
  return (
    <section className="instance-actions" aria-label="Instance actions" data-testid="instance-actions">
      <div className="dash-drawer-actions">
        {POWER_ACTIONS.map((a) => (
          <button
            key={a.action}
            type="button"
            className="dash-button"
            disabled={running || instances.length === 0}
            onClick={() => setAsked(a.action)}
            data-testid={`action-${a.action}`}
          >
            {instances.length > 1 ? `${a.label} ${instances.length} instances` : a.label}
          </button>
        ))}
      </div>
      {Object.keys(progress).length > 0 && (
        <ul className="action-progress" aria-live="polite" data-testid="action-progress">
          {instances
            .filter((i) => progress[i.id])
            .map((i) => (
              <li key={i.id} data-testid={`action-progress-${i.id}`}>
                <span>{i.name}: </span>
                <span data-testid="action-status">{progress[i.id].status}</span>
                {!progress[i.id].done && <span className="spinner" aria-hidden="true" />}
                {progress[i.id].error && <ErrorNotice error={progress[i.id].error!} />}
              </li>
            ))}
        </ul>
      )}
      {asked && info && (
        <ConfirmDialog
          title={`${info.verb} ${names.length === 1 ? "this instance" : `these ${names.length} instances`}?`}
          confirmLabel={`${info.verb} ${names.length === 1 ? names[0] : `${names.length} instances`}`}
          danger={asked !== "start"}
          onConfirm={() => run(asked)}
          onCancel={() => setAsked(null)}
        >
          <p>
            {info.verb}: {names.join(", ")}.
          </p>
          {info.warning && <p className="confirm-warning">{info.warning}</p>}
        </ConfirmDialog>
      )}
    </section>
  );
}
