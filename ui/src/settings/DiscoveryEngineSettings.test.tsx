import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Connection } from "../bindings";

const acme: Connection = {
  id: "conn-1",
  label: "Acme (Europe)",
  region: "ovh-eu",
  authMethod: "authorization_code",
  nichandle: "ab1-ovh",
  email: null,
  createdAt: 1764000000,
  discoveryEngine: "api",
};

const commands = vi.hoisted(() => ({
  listConnections: vi.fn(),
  discoveryEngines: vi.fn(),
  setDiscoveryEngine: vi.fn(),
}));
vi.mock("../bindings", () => ({ commands }));

import { DiscoveryEngineSettings } from "./DiscoveryEngineSettings";

function backend(cliAvailable: boolean) {
  commands.listConnections.mockResolvedValue({
    status: "ok",
    data: [{ connection: acme, status: { state: "active", expiresAt: null, renewable: false } }],
  });
  commands.discoveryEngines.mockResolvedValue({
    cliAvailable,
    cliPath: cliAvailable ? "/usr/bin/ovhcloud" : null,
    defaultEngine: "api",
  });
  commands.setDiscoveryEngine.mockImplementation(async (id: string, engine: "api" | "cli") => ({
    status: "ok",
    data: { ...acme, id, discoveryEngine: engine },
  }));
}

describe("Discovery engine settings", () => {
  afterEach(() => {
    cleanup();
    vi.clearAllMocks();
  });

  it("shows each connection's engine and saves a new choice", async () => {
    backend(true);
    const changed = vi.fn();
    render(<DiscoveryEngineSettings onChanged={changed} />);
    const group = await screen.findByRole("group", { name: "Acme (Europe)" });
    const api = within(group).getByRole("radio", { name: "Aurora's API engine (fastest, default)" });
    const cli = within(group).getByRole("radio", { name: "The official ovhcloud CLI (bundled)" });
    expect((api as HTMLInputElement).checked).toBe(true);
    expect(screen.getByText("The CLI engine runs /usr/bin/ovhcloud.")).toBeTruthy();

    fireEvent.click(cli);
    expect(await screen.findByText("Acme (Europe) now refreshes with the official ovhcloud CLI.")).toBeTruthy();
    expect(commands.setDiscoveryEngine).toHaveBeenCalledWith("conn-1", "cli");
    expect((cli as HTMLInputElement).checked).toBe(true);
    expect(changed).toHaveBeenCalledWith(expect.objectContaining({ discoveryEngine: "cli" }));
  });

  it("says how to get the CLI back when it is missing, and shows a refused change", async () => {
    backend(false);
    commands.setDiscoveryEngine.mockResolvedValue({
      status: "error",
      error: { kind: "notFound", message: "This connection no longer exists.", solution: ["Add it again."] },
    });
    render(<DiscoveryEngineSettings />);
    expect((await screen.findByRole("heading", { name: "Discovery engine" })).tagName).toBe("H3");
    expect((await screen.findByText(/The ovhcloud CLI was not found/)).textContent).toMatch(
      /Reinstall Aurora.*README, "Install"/,
    );
    fireEvent.click(await screen.findByRole("radio", { name: "The official ovhcloud CLI (bundled)" }));
    expect((await screen.findByRole("alert")).textContent).toMatch(/no longer exists/);
    expect(
      (screen.getByRole("radio", { name: "Aurora's API engine (fastest, default)" }) as HTMLInputElement).checked,
    ).toBe(true);
  });
});
