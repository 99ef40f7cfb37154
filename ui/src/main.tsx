import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { followTheme } from "./settings/theme";
import "./styles.css";

// Before the first render, so the page never flashes the other theme.
followTheme();

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
