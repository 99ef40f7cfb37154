import { describe, expect, it } from "vitest";
import { applyProgress, completion, STARTING, taskLabel } from "./refreshProgress";

const projects = { kind: "project" as const, projectId: null };
const dbs = { kind: "database" as const, projectId: "p1" };

describe("refresh progress", () => {
  it("follows tasks from start to end", () => {
    let s = applyProgress(STARTING, { event: "taskStarted", task: projects });
    s = applyProgress(s, { event: "taskStarted", task: dbs });
    expect(completion(s)).toBe(0);
    s = applyProgress(s, { event: "taskDone", task: projects, count: 3 });
    expect(completion(s)).toBe(0.5);
    s = applyProgress(s, { event: "taskFailed", task: dbs, error: { kind: "timeout", message: "OVH did not answer in time.", solution: ["Try again."] } });
    expect(s.tasks.map((t) => t.state)).toEqual(["done", "failed"]);
    expect(s.tasks[0].count).toBe(3);
    expect(s.running).toBe(true);
    s = applyProgress(s, { event: "finished", resources: 3, failedTasks: 1, cancelled: false });
    expect(s.running).toBe(false);
    expect(s.finished).toEqual({ resources: 3, failedTasks: 1, cancelled: false });
    expect(completion(s)).toBe(1);
  });

  it("names tasks for people", () => {
    const names = (id: string | null) => (id === "p1" ? "Production" : (id ?? ""));
    expect(taskLabel(dbs, names)).toBe("Managed databases in Production");
    expect(taskLabel(projects, names)).toBe("Public Cloud projects");
  });
});
