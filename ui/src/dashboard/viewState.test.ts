import { describe, expect, it } from "vitest";
import { DEFAULT_VIEW, loadView, parseView, saveView, VIEW_STORAGE_KEY } from "./viewState";

describe("remembered view", () => {
  it("round-trips through storage", () => {
    const view = {
      section: "database" as const,
      filters: { connectionId: "c1", projectId: "p1", region: "GRA", status: "error" as const },
      sort: { columnId: "engine", desc: true },
    };
    saveView(view, localStorage);
    expect(loadView(localStorage)).toEqual(view);
    expect(localStorage.getItem(VIEW_STORAGE_KEY)).not.toMatch(/token|secret|key/i);
  });

  it("keeps only well-formed parts of what it finds", () => {
    expect(parseView(null)).toEqual(DEFAULT_VIEW);
    expect(parseView("{not json")).toEqual(DEFAULT_VIEW);
    expect(parseView("[]")).toEqual(DEFAULT_VIEW);
    expect(
      parseView(
        JSON.stringify({ section: "spaceship", filters: { status: "melting", region: 7 }, sort: { columnId: "" } }),
      ),
    ).toEqual(DEFAULT_VIEW);
    expect(parseView(JSON.stringify({ section: "instance", filters: { region: "SBG5" } }))).toEqual({
      section: "instance",
      filters: { connectionId: null, projectId: null, region: "SBG5", status: null },
      sort: null,
    });
  });

  it("survives a storage that refuses", () => {
    const refusing = {
      getItem: () => {
        throw new Error("denied");
      },
      setItem: () => {
        throw new Error("full");
      },
    } as unknown as Storage;
    expect(loadView(refusing)).toEqual(DEFAULT_VIEW);
    expect(() => saveView(DEFAULT_VIEW, refusing)).not.toThrow();
  });
});
