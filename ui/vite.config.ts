import { defineConfig } from "vitest/config";

export default defineConfig({
  esbuild: { jsx: "automatic" },
  clearScreen: false,
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "safari15",
    // Tauri's CSP refuses inline scripts: keep every asset a file.
    assetsInlineLimit: 0,
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    // The kind catalogue, as Rust's `resource_kinds` answers it.
    setupFiles: ["src/dashboard/testing/kindCatalogue.setup.ts"],
  },
});
