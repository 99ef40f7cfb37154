// The HTTPS bounce page (bounce/ at the repository root) forwards only OVH's
// answer to the deep link. It runs here in jsdom with a given address.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { JSDOM, VirtualConsole } from "jsdom";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../../bounce");

function openBounce(search: string) {
  const html = readFileSync(resolve(root, "index.html"), "utf8");
  // jsdom cannot follow the page to aurora://; that is expected, so its complaint is dropped.
  const quiet = new VirtualConsole();
  const dom = new JSDOM(html, {
    url: `https://example.com/aurora/${search}`,
    runScripts: "outside-only",
    virtualConsole: quiet,
  });
  dom.window.eval(readFileSync(resolve(root, "bounce.js"), "utf8"));
  const link = dom.window.document.getElementById("open") as HTMLAnchorElement;
  return { link, status: dom.window.document.getElementById("status")!.textContent, address: dom.window.location.href };
}

describe("HTTPS bounce page", () => {
  it("forwards code and state to the deep link and clears them from the address bar", () => {
    const page = openBounce("?code=abc%2B1&state=s-123&utm_source=x");
    expect(page.link.href).toBe("aurora://ovh/oauth2/callback?code=abc%2B1&state=s-123");
    expect(page.address).toBe("https://example.com/aurora/");
  });

  it("forwards the issuer (RFC 9207) and refuses repeated parameters", () => {
    const page = openBounce("?code=c&state=s&iss=https%3A%2F%2Fwww.ovh.com&session_state=z");
    expect(page.link.href).toBe("aurora://ovh/oauth2/callback?code=c&state=s&iss=https%3A%2F%2Fwww.ovh.com");
    const repeated = openBounce("?code=c&state=s&state=t");
    expect(repeated.link.hidden).toBe(true);
    expect(repeated.status).toContain("repeats a sign-in parameter");
  });

  it("forwards a refusal", () => {
    const page = openBounce("?error=access_denied&state=s-1");
    expect(page.link.href).toBe("aurora://ovh/oauth2/callback?state=s-1&error=access_denied");
  });

  it("refuses an address without OVH's answer and says what to do", () => {
    const page = openBounce("?foo=bar");
    expect(page.link.hidden).toBe(true);
    expect(page.status).toContain("Start the sign-in again from Aurora");
  });

  it("drops oversized values", () => {
    const page = openBounce(`?code=${"x".repeat(5000)}&state=s`);
    expect(page.link.hidden).toBe(true);
  });
});
