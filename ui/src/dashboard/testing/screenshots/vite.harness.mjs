// Builds the screenshot page: `npx vite build --config src/dashboard/testing/screenshots/vite.harness.mjs` (from ui/).
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));

export default {
  root: here,
  esbuild: { jsx: "automatic" },
  resolve: { alias: [{ find: /^.*\/bindings$/, replacement: `${here}mockBindings.ts` }] },
  build: { outDir: `${here}../../../../dist-screenshots`, emptyOutDir: true, target: "safari15", assetsInlineLimit: 0 },
  logLevel: "warn",
};
