import { fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import { describe, expect, it } from "vitest";
import { customApiBase, RegionPicker, type RegionValue } from "./RegionPicker";

function Harness({ seen }: { seen: RegionValue[] }) {
  const [value, setValue] = useState<RegionValue>({ region: "ovh-eu", customApiBase: "" });
  return (
    <RegionPicker
      value={value}
      onChange={(v) => {
        seen.push(v);
        setValue(v);
      }}
      demo={false}
    />
  );
}

describe("RegionPicker", () => {
  it("forgets a custom API address as soon as another region is chosen", () => {
    const seen: RegionValue[] = [];
    render(<Harness seen={seen} />);
    fireEvent.click(screen.getByRole("button", { name: "Advanced" }));
    fireEvent.click(screen.getByRole("radio", { name: "Custom endpoint" }));
    fireEvent.change(screen.getByLabelText("API address"), { target: { value: "https://capture.example/1.0" } });
    expect(customApiBase(seen[seen.length - 1])).toBe("https://capture.example/1.0");
    fireEvent.click(screen.getByRole("radio", { name: "Europe (ovh-eu)" }));
    expect(seen[seen.length - 1]).toEqual({ region: "ovh-eu", customApiBase: "" });
    // Back on Custom endpoint, the address has to be typed again.
    fireEvent.click(screen.getByRole("radio", { name: "Custom endpoint" }));
    expect((screen.getByLabelText("API address") as HTMLInputElement).value).toBe("");
  });

  it("sends an address only with the custom endpoint", () => {
    expect(customApiBase({ region: "ovh-ca", customApiBase: "https://x.example/1.0" })).toBeNull();
    expect(customApiBase({ region: "custom", customApiBase: "  " })).toBeNull();
  });
});
