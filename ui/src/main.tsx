import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { loadKindCatalogue } from "./dashboard/kinds";
import { followTheme } from "./settings/theme";
import "./styles.css";

// Before the first render, so the page never flashes the other theme.
followTheme();

const render = () =>
  createRoot(document.getElementById("root")!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
// The kind catalogue comes from Rust once, before the first render; the app
// still starts if the call fails (kinds then show their ids).
loadKindCatalogue().then(render, (e: unknown) => {
  console.error("The kind catalogue could not be loaded:", e);
  render();
});
