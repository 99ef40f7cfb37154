/** A refresh's progress, folded from the `discoveryProgress` events (pure). */
import type { DiscoveryEvent, TaskKey, UserError } from "../bindings";
import { kindLabel } from "./kinds";

export type TaskProgress = {
  task: TaskKey;
  state: "running" | "done" | "failed" | "cancelled";
  count?: number;
  error?: UserError;
};

export type RefreshState = {
  running: boolean;
  /** Tasks in the order they started. */
  tasks: TaskProgress[];
  finished: { resources: number; failedTasks: number; cancelled: boolean } | null;
  /** The refresh command itself failed (not one task). */
  error: UserError | null;
  /** When OVH's rate limit lets requests go again (ms since the epoch), after a pause. */
  pausedUntil: number | null;
};

export const STARTING: RefreshState = { running: true, tasks: [], finished: null, error: null, pausedUntil: null };

export function taskId(task: TaskKey): string {
  return `${task.kind}\u0000${task.projectId ?? ""}`;
}

/** "Managed databases in Production". */
export function taskLabel(task: TaskKey, projectName: (id: string | null) => string): string {
  return task.projectId ? `${kindLabel(task.kind)} in ${projectName(task.projectId)}` : kindLabel(task.kind);
}

export function applyProgress(state: RefreshState, event: DiscoveryEvent, now: number = Date.now()): RefreshState {
  if (event.event === "finished") {
    const { resources, failedTasks, cancelled } = event;
    return { ...state, running: false, finished: { resources, failedTasks, cancelled }, pausedUntil: null };
  }
  if (event.event === "rateLimited") {
    return { ...state, pausedUntil: now + event.waitSeconds * 1000 };
  }
  const id = taskId(event.task);
  const next: TaskProgress =
    event.event === "taskStarted"
      ? { task: event.task, state: "running" }
      : event.event === "taskDone"
        ? { task: event.task, state: "done", count: event.count }
        : event.event === "taskFailed"
          ? { task: event.task, state: "failed", error: event.error }
          : { task: event.task, state: "cancelled" };
  const at = state.tasks.findIndex((t) => taskId(t.task) === id);
  const tasks = at < 0 ? [...state.tasks, next] : state.tasks.map((t, i) => (i === at ? next : t));
  return { ...state, tasks };
}

/** Whether the refresh is waiting out OVH's rate limit at `now`. */
export function isPaused(state: RefreshState, now: number): boolean {
  return state.running && state.pausedUntil !== null && state.pausedUntil > now;
}

/** Share of started tasks that have ended, 0..1. */
export function completion(state: RefreshState): number {
  if (state.finished) return 1;
  if (state.tasks.length === 0) return 0;
  return state.tasks.filter((t) => t.state !== "running").length / state.tasks.length;
}
