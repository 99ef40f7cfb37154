import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ProjectCount } from "../bindings";
import { Sidebar, type SidebarProps } from "./Sidebar";
import { connection } from "./testing/fixtures";
import { NO_FILTERS } from "./viewState";

afterEach(cleanup);

const projects: ProjectCount[] = Array.from({ length: 300 }, (_, i) => ({
  connectionId: connection.connection.id,
  projectId: `p${i}`,
  name: `project-${String(i).padStart(3, "0")}`,
  count: 10,
  errors: 0,
  cost: null,
}));

function renderSidebar(overrides: Partial<SidebarProps> = {}) {
  const props: SidebarProps = {
    connections: [connection],
    projects,
    counts: new Map(),
    section: "overview",
    filters: NO_FILTERS,
    now: Date.now(),
    onSection: vi.fn(),
    onFilters: vi.fn(),
    onRefresh: vi.fn(),
    refreshing: () => false,
    onSignInAgain: vi.fn(),
    onAddConnection: vi.fn(),
    onForget: vi.fn(),
    takenAt: () => null,
    inventoryEngine: () => null,
    ...overrides,
  };
  render(<Sidebar {...props} />);
}

const listed = () =>
  within(screen.getByRole("region", { name: "Projects" }))
    .getAllByRole("button")
    .map((b) => b.textContent ?? "")
    .filter((t) => t.startsWith("project-"));

describe("Sidebar", () => {
  it("lists the first projects of hundreds, the one filtered on, and all of them on request", () => {
    renderSidebar({ filters: { ...NO_FILTERS, projectId: "p250" } });
    expect(listed()).toHaveLength(13);
    expect(listed().at(-1)).toContain("project-250");
    const more = screen.getByRole("button", { name: "Show all 300 projects" });
    expect(more.getAttribute("aria-expanded")).toBe("false");
    fireEvent.click(more);
    expect(listed()).toHaveLength(300);
    expect(screen.getByRole("button", { name: "Show fewer projects" }).getAttribute("aria-expanded")).toBe("true");
  });
});
