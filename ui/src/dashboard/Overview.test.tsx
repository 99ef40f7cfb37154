import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { buildIndex } from "./inventoryIndex";
import { Overview } from "./Overview";
import { inventory, PROD, STAGING } from "./testing/fixtures";

afterEach(cleanup);
const index = buildIndex([inventory]);
const handlers = () => ({ onKind: vi.fn(), onProject: vi.fn(), onOpen: vi.fn() });

describe("Overview", () => {
  it("counts per kind and per project, and charts resources when costs are unknown", () => {
    const h = handlers();
    render(<Overview index={index} resources={index.resources} {...h} />);
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
  });

  it("shows this month's cost per project, and which could not be read", () => {
    render(
      <Overview
        index={index}
        resources={index.resources}
        currency="EUR"
        costs={[
          {
            connectionId: "conn-eu-1",
            projects: [{ projectId: PROD, total: 412.37 }],
            failures: [
              {
                projectId: STAGING,
                error: { kind: "iamDenied", message: "The usage of this project may not be read.", solution: [] },
              },
            ],
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

  it("shows costs in the account's currency that comes with them", () => {
    render(
      <Overview
        index={index}
        resources={index.resources}
        costs={[{ connectionId: "conn-ca-1", currency: "CAD", projects: [{ projectId: PROD, total: 73.54 }] }]}
        {...handlers()}
      />,
    );
    const projects = screen.getByRole("region", { name: "Projects" });
    expect(within(projects).getByText("CA$73.54", { selector: "td" })).toBeTruthy();
  });
});
