import { render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

vi.mock("./bindings", () => ({
  commands: {
    appInfo: vi.fn().mockResolvedValue({ version: "9.9.9", demo: true }),
    startupWarnings: vi.fn().mockResolvedValue([]),
    listConnections: vi.fn().mockResolvedValue({ status: "ok", data: [] }),
  },
}));

import { App } from "./App";

describe("App shell", () => {
  it("shows the version and the offline demo badge from the backend", async () => {
    render(<App />);
    expect(await screen.findByText("v9.9.9")).toBeTruthy();
    expect(screen.getByText("Offline demo")).toBeTruthy();
    expect(screen.getByRole("heading", { name: /Everything you run on OVHcloud/ })).toBeTruthy();
  });
});
