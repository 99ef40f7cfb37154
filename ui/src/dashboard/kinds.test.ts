import { afterEach, describe, expect, it } from "vitest";
import type { KindInfo } from "../bindings";
import { isResourceKind, kindLabel, kindOrder, kindRank, kindSingular, setKindCatalogue } from "./kinds";
import catalogue from "./testing/kindCatalogue.json";

afterEach(() => setKindCatalogue(catalogue as KindInfo[]));

describe("the kind catalogue", () => {
  it("names and orders kinds as Rust's catalogue does", () => {
    expect(kindOrder()[0]).toBe("project");
    expect(kindLabel("instance")).toBe("Public Cloud instances");
    expect(kindSingular("objectStorageS3")).toBe("S3 bucket");
    expect(isResourceKind("kubernetes")).toBe(true);
    expect(isResourceKind("toaster")).toBe(false);
  });

  it("follows the catalogue it is given, not a copy of its own", () => {
    setKindCatalogue([
      { kind: "database", label: "Databases", singular: "DB", accountLevel: false },
      { kind: "instance", label: "Servers", singular: "Server", accountLevel: false },
    ]);
    expect(kindOrder()).toEqual(["database", "instance"]);
    expect(kindRank("instance")).toBe(1);
    expect(kindLabel("instance")).toBe("Servers");
    expect(isResourceKind("project")).toBe(false);
  });
});
