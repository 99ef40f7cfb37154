import { describe, expect, it } from "vitest";
import { applyProgress, completion, isPaused, STARTING, taskLabel } from "./refreshProgress";

const projects = { kind: "project" as const, projectId: null };
const dbs = { kind: "database" as const, projectId: "p1" };

describe("refresh progress", () => {
  it("follows tasks from start to end", () => {
    let s = applyProgress(STARTING, { event: "taskStarted", task: projects });
    s = applyProgress(s, { event: "taskStarted", task: dbs });
    expect(completion(s)).toBe(0);
    s = applyProgress(s, { event: "taskDone", task: projects, count: 3 });
    expect(completion(s)).toBe(0.5);
    s = applyProgress(s, {
      event: "taskFailed",
      task: dbs,
      error: { kind: "timeout", message: "OVH did not answer in time.", solution: ["Try again."] },
    });
    expect(s.tasks.map((t) => t.state)).toEqual(["done", "failed"]);
    expect(s.tasks[0].count).toBe(3);
    expect(s.running).toBe(true);
    s = applyProgress(s, { event: "finished", resources: 3, failedTasks: 1, cancelled: false });
    expect(s.running).toBe(false);
    expect(s.finished).toEqual({ resources: 3, failedTasks: 1, cancelled: false });
    expect(completion(s)).toBe(1);
  });

  it("knows when OVH's rate limit pauses the refresh, and until when", () => {
    const t0 = 1_700_000_000_000;
    let s = applyProgress(STARTING, { event: "taskStarted", task: dbs }, t0);
    s = applyProgress(s, { event: "rateLimited", waitSeconds: 42 }, t0);
    expect(s.pausedUntil).toBe(t0 + 42_000);
    expect(isPaused(s, t0 + 41_000)).toBe(true);
    expect(isPaused(s, t0 + 42_000)).toBe(false);
    s = applyProgress(s, { event: "finished", resources: 0, failedTasks: 0, cancelled: false }, t0 + 1_000);
    expect(isPaused(s, t0 + 1_000)).toBe(false);
  });

  it("names tasks for people", () => {
    const names = (id: string | null) => (id === "p1" ? "Production" : (id ?? ""));
    expect(taskLabel(dbs, names)).toBe("Managed databases in Production");
    expect(taskLabel(projects, names)).toBe("Public Cloud projects");
  });
});
