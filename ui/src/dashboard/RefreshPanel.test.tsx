import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { RefreshPanel } from "./RefreshPanel";
import { STARTING } from "./refreshProgress";

const names = (id: string | null) => id ?? "";

describe("refresh panel", () => {
  afterEach(cleanup);

  it("says a rate-limit pause ends by itself, and in how long", () => {
    const state = { ...STARTING, pausedUntil: Date.now() + 30_000 };
    render(<RefreshPanel label="Acme" state={state} engine="api" projectName={names} onCancel={() => {}} />);
    expect(screen.getByRole("status").textContent).toMatch(/limiting how fast.*goes on by itself in about 30 seconds/);
  });

  it("says nothing of a pause that is over", () => {
    const state = { ...STARTING, pausedUntil: Date.now() - 1_000 };
    render(<RefreshPanel label="Acme" state={state} engine="api" projectName={names} onCancel={() => {}} />);
    expect(screen.queryByRole("status")).toBeNull();
  });

  it("says which engine takes the inventory", () => {
    render(<RefreshPanel label="Acme" state={STARTING} engine="cli" projectName={names} onCancel={() => {}} />);
    expect(screen.getByText(/Taking the inventory of Acme with the official ovhcloud CLI/)).toBeTruthy();
    expect(screen.getByTestId("refresh-engine").textContent).toBe("Engine: The official ovhcloud CLI");
    cleanup();
    render(<RefreshPanel label="Acme" state={STARTING} engine="api" projectName={names} onCancel={() => {}} />);
    expect(screen.getByTestId("refresh-engine").textContent).toBe("Engine: Aurora's API engine");
  });
});
