import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { KnownClient } from "../bindings";

const saved: KnownClient[] = [];
vi.mock("../bindings", () => ({
  commands: {
    listKnownOauthClients: vi.fn(async () => ({ status: "ok", data: [...saved] })),
    forgetOauthClient: vi.fn(async (issuer: string) => {
      saved.splice(
        saved.findIndex((c) => c.issuer === issuer),
        1,
      );
      return { status: "ok", data: null };
    }),
    listConnections: vi.fn(async () => ({ status: "ok", data: [] })),
    discoveryEngines: vi.fn(async () => ({ cliAvailable: true, cliPath: "/usr/bin/ovhcloud", defaultEngine: "api" })),
    oauthClientCreationHelp: vi.fn(async () => ({
      consoleUrl: "https://eu.api.ovh.com/console/?section=%2Fme&branch=v1#post-/me/api/oauth2/client",
      name: "Aurora Integration",
      description: "Aurora cloud management platform",
      flow: "AUTHORIZATION_CODE",
      callbackUrl: "aurora://ovh/oauth2/callback",
    })),
  },
}));

import { commands } from "../bindings";
import { SETTINGS_SECTIONS } from "./sections";
import { SettingsView } from "./SettingsView";

describe("Settings", () => {
  beforeEach(() => {
    saved.splice(0, saved.length, {
      issuer: "https://www.ovh.com",
      region: "ovh-eu",
      label: "Europe (ovh-eu)",
      clientId: "eu-client-id",
      source: "keyring",
    });
    localStorage.clear();
  });
  afterEach(cleanup);

  it("lists each client's id and forgets one", async () => {
    render(<SettingsView onClose={() => {}} onConnectionsChanged={() => {}} />);
    const table = await screen.findByTestId("settings-oauth-clients");
    expect(within(table).getByText("eu-client-id")).toBeTruthy();
    expect(table.textContent).toContain("Europe (ovh-eu)");
    fireEvent.click(screen.getByRole("button", { name: "Forget the client of Europe (ovh-eu)" }));
    await waitFor(() => expect(screen.queryByTestId("settings-oauth-clients")).toBeNull());
    expect(commands.forgetOauthClient).toHaveBeenCalledWith("https://www.ovh.com");
    expect(screen.getAllByRole("status").map((s) => s.textContent)).toContainEqual(
      expect.stringContaining("forgot the client eu-client-id"),
    );
  });

  it("has the sections messages point to, and its heading takes the focus", async () => {
    render(<SettingsView onClose={() => {}} onConnectionsChanged={() => {}} />);
    expect(document.activeElement?.textContent).toBe("Settings");
    for (const name of [SETTINGS_SECTIONS.oauthClients, SETTINGS_SECTIONS.theme]) {
      expect(screen.getByRole("heading", { name })).toBeTruthy();
    }
  });

  it("keeps the chosen theme for the next start", () => {
    render(<SettingsView onClose={() => {}} onConnectionsChanged={() => {}} />);
    fireEvent.click(screen.getByRole("radio", { name: "Dark" }));
    expect(document.documentElement.dataset.theme).toBe("dark");
    cleanup();
    render(<SettingsView onClose={() => {}} onConnectionsChanged={() => {}} />);
    expect((screen.getByRole("radio", { name: "Dark" }) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(screen.getByRole("radio", { name: "Light" }));
    expect(document.documentElement.dataset.theme).toBe("light");
    expect(localStorage.getItem("aurora.theme")).toBe("light");
  });

  it("Escape and Back return to the view underneath", () => {
    const onClose = vi.fn();
    render(<SettingsView onClose={onClose} onConnectionsChanged={() => {}} />);
    fireEvent.keyDown(screen.getByRole("heading", { name: "Settings" }), { key: "Escape" });
    fireEvent.click(screen.getByRole("button", { name: "Back" }));
    expect(onClose).toHaveBeenCalledTimes(2);
  });
});
