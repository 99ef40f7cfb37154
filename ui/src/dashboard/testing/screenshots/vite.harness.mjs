// Builds the screenshot page: `npx vite build --config src/dashboard/testing/screenshots/vite.harness.mjs` (from ui/).
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));

export default {
  root: here,
  esbuild: { jsx: "automatic" },
  resolve: { alias: [{ find: /^.*\/bindings$/, replacement: `${here}mockBindings.ts` }] },
  // Outside the work tree: nothing to ignore or clean up in git.
  build: {
    outDir: process.env.AURORA_HARNESS_OUT || join(tmpdir(), "aurora-dashboard-harness"),
    emptyOutDir: true,
    target: "safari15",
    assetsInlineLimit: 0,
  },
  logLevel: "warn",
};
