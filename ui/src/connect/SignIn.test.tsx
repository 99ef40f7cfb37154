import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

const { noRefreshToken } = vi.hoisted(() => ({
  noRefreshToken: {
    kind: "noRefreshToken",
    message: "No refresh token received - user may need to re-authorize after expiration",
    solution: ["Users will need to re-authenticate when access tokens expire (~1 hour)"],
  },
}));

vi.mock("../bindings", () => ({
  commands: {
    signInRegions: vi.fn().mockResolvedValue({
      status: "ok",
      data: [{ region: "ovh-eu", label: "Europe", setupNeeded: null }],
    }),
    startSignIn: vi.fn().mockResolvedValue({
      status: "ok",
      data: { attempt: "a", authorizationUrl: "https://www.ovh.com/auth/oauth2/authorize?x=1" },
    }),
    finishSignIn: vi.fn().mockResolvedValue({
      status: "ok",
      data: {
        connection: {
          id: "conn-1",
          label: "xx1-ovh (Europe)",
          region: "ovh-eu",
          authMethod: "authorization_code",
          nichandle: "xx1-ovh",
          email: null,
          createdAt: 0,
        },
        warnings: [noRefreshToken],
      },
    }),
    listConnections: vi.fn().mockResolvedValue({ status: "ok", data: [] }),
  },
  events: { signInFinished: { listen: vi.fn().mockResolvedValue(() => {}) } },
}));

import { SignIn } from "./SignIn";

describe("SignIn", () => {
  it("shows the missing refresh token warning after a pasted callback too", async () => {
    render(<SignIn demo={false} onDone={() => {}} onCancel={() => {}} />);
    fireEvent.click(await screen.findByRole("button", { name: "Sign in with OVH" }));
    const pasted = await screen.findByTestId("callback-url");
    fireEvent.change(pasted, { target: { value: "aurora://ovh/oauth2/callback?code=c&state=a" } });
    fireEvent.click(screen.getByRole("button", { name: "Continue" }));
    expect(await screen.findByText("Connected to OVHcloud")).toBeTruthy();
    expect(screen.getByText(noRefreshToken.message)).toBeTruthy();
  });
});
