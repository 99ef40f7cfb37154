import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Overview } from "./Overview";
import { EVERYTHING } from "./storeQuery";
import { FakeStore } from "./testing/fakeStore";
import { inventory, PROD, STAGING } from "./testing/fixtures";

afterEach(cleanup);
const handlers = () => ({ onKind: vi.fn(), onProject: vi.fn(), onOpen: vi.fn() });
const names = new Map([
  [PROD, "Production"],
  [STAGING, "Staging"],
]);
const projectName = (id: string | null) => (id ? (names.get(id) ?? id) : "");

describe("Overview", () => {
  it("counts per kind and per project, and charts resources when costs are unknown", () => {
    const h = handlers();
    render(<Overview overview={new FakeStore([inventory]).overview(EVERYTHING)} projectName={projectName} {...h} />);
    const projects = screen.getByRole("region", { name: "Projects" });
    const rows = within(projects)
      .getAllByRole("row")
      .map((r) => r.textContent);
    expect(rows).toEqual(["ProjectResourcesIn error", "Production70", "Staging32"]);
    expect(screen.getByRole("img", { name: "Resources per project" })).toBeTruthy();
    fireEvent.click(screen.getByTestId("dash-card-instance"));
    expect(h.onKind).toHaveBeenCalledWith("instance");
    fireEvent.click(within(projects).getByRole("button", { name: "Staging" }));
    expect(h.onProject).toHaveBeenCalledWith(STAGING);
    const errors = screen.getByRole("region", { name: "In error" });
    fireEvent.click(within(errors).getByRole("button", { name: "db-staging-03" }));
    expect(h.onOpen).toHaveBeenCalledWith(expect.objectContaining({ name: "db-staging-03", kind: "instance" }));
  });

  it("shows this month's cost per project, and which could not be read", () => {
    render(
      <Overview
        overview={new FakeStore([inventory]).overview(EVERYTHING)}
        projectName={projectName}
        currency="EUR"
        costs={[{ connectionId: "conn-eu-1", projects: [{ projectId: PROD, total: 412.37 }] }]}
        costFailures={[
          {
            projectId: STAGING,
            error: { kind: "iamDenied", message: "The usage of this project may not be read.", solution: [] },
          },
        ]}
        {...handlers()}
      />,
    );
    const projects = screen.getByRole("region", { name: "Projects" });
    expect(within(projects).getByText("€412.37", { selector: "td" })).toBeTruthy();
    expect(within(projects).getByText("Not known")).toBeTruthy();
    expect(screen.getByRole("img", { name: "This month's cost per project" })).toBeTruthy();
    expect(
      screen.getByText(/The cost of Staging could not be read: The usage of this project may not be read\./),
    ).toBeTruthy();
  });

  it("lists the first 15 of hundreds of projects, and all of them on request", () => {
    const base = new FakeStore([inventory]).overview(EVERYTHING);
    const many = Array.from({ length: 400 }, (_, i) => ({
      ...base.perProject[0],
      projectId: `p${i}`,
      name: `project-${String(i).padStart(3, "0")}`,
    }));
    render(<Overview overview={{ ...base, perProject: many }} projectName={projectName} {...handlers()} />);
    const projects = screen.getByRole("region", { name: "Projects" });
    expect(within(projects).getAllByRole("row")).toHaveLength(1 + 15);
    expect(projects.textContent).toContain("The first 15 of 400 projects.");
    const more = within(projects).getByRole("button", { name: "Show all 400 projects" });
    expect(more.getAttribute("aria-expanded")).toBe("false");
    fireEvent.click(more);
    expect(within(projects).getAllByRole("row")).toHaveLength(1 + 400);
    expect(within(projects).getByRole("button", { name: "Show fewer projects" }).getAttribute("aria-expanded")).toBe(
      "true",
    );
  });

  it("shows this month's cost by kind of usage, each kind Aurora lists leading to its table", () => {
    const h = handlers();
    const overview = {
      ...new FakeStore([inventory]).overview(EVERYTHING),
      costPerUsage: [
        { label: "Instances", kind: "instance" as const, amount: 73.54 },
        { label: "Object storage", kind: null, amount: 1.2 },
      ],
    };
    render(<Overview overview={overview} projectName={projectName} currency="EUR" {...h} />);
    const usage = screen.getByRole("region", { name: "Cost by kind of usage" });
    expect(
      within(usage)
        .getAllByRole("row")
        .map((r) => r.textContent),
    ).toEqual(["UsageCost this month", "Instances€73.54", "Object storage€1.20"]);
    fireEvent.click(within(usage).getByRole("button", { name: "Instances" }));
    expect(h.onKind).toHaveBeenCalledWith("instance");
    expect(within(usage).queryByRole("button", { name: "Object storage" })).toBeNull();
  });

  it("shows the costs the store keeps with the inventory, in the account's currency", () => {
    const store = new FakeStore([inventory]);
    store.costs = {
      "conn-eu-1": {
        connectionId: "conn-eu-1",
        takenAt: "2026-11-28T11:57:00Z",
        currency: "CAD",
        projects: [{ projectId: PROD, total: 73.54, lines: [] }],
        failures: [],
      } as never,
    };
    render(<Overview overview={store.overview(EVERYTHING)} projectName={projectName} currency="CAD" {...handlers()} />);
    const projects = screen.getByRole("region", { name: "Projects" });
    expect(within(projects).getByText("CA$73.54", { selector: "td" })).toBeTruthy();
  });
});
