import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

vi.mock("./bindings", () => ({
  commands: {
    appInfo: vi.fn().mockResolvedValue({ version: "9.9.9", demo: true }),
    startupWarnings: vi.fn().mockResolvedValue([]),
    listConnections: vi.fn().mockResolvedValue({ status: "ok", data: [] }),
    listKnownOauthClients: vi.fn().mockResolvedValue({ status: "ok", data: [] }),
  },
}));

import { App } from "./App";

describe("App shell", () => {
  afterEach(cleanup);

  it("shows the version and the offline demo badge from the backend", async () => {
    render(<App />);
    expect(await screen.findByText("v9.9.9")).toBeTruthy();
    expect(screen.getByText("Offline demo")).toBeTruthy();
    expect(screen.getByRole("heading", { name: /Everything you run on OVHcloud/ })).toBeTruthy();
  });

  it("opens Settings from the header and goes back to the same view, focus on the button", async () => {
    render(<App />);
    const welcome = await screen.findByRole("heading", { name: /Everything you run on OVHcloud/ });
    fireEvent.click(screen.getByRole("button", { name: "Settings" }));
    expect(await screen.findByRole("heading", { name: "Settings" })).toBeTruthy();
    expect(welcome.closest("[hidden]")).not.toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Back" }));
    expect(welcome.isConnected && welcome.closest("[hidden]")).toBeNull();
    await waitFor(() => expect(document.activeElement?.textContent).toBe("Settings"));
  });
});
