import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { RefreshPanel } from "./RefreshPanel";
import { STARTING } from "./refreshProgress";

const names = (id: string | null) => id ?? "";

describe("refresh panel", () => {
  afterEach(cleanup);

  it("says a rate-limit pause ends by itself, and in how long", () => {
    const state = { ...STARTING, pausedUntil: Date.now() + 30_000 };
    render(<RefreshPanel label="Acme" state={state} projectName={names} onCancel={() => {}} />);
    expect(screen.getByRole("status").textContent).toMatch(/limiting how fast.*goes on by itself in about 30 seconds/);
  });

  it("says nothing of a pause that is over", () => {
    const state = { ...STARTING, pausedUntil: Date.now() - 1_000 };
    render(<RefreshPanel label="Acme" state={state} projectName={names} onCancel={() => {}} />);
    expect(screen.queryByRole("status")).toBeNull();
  });
});
