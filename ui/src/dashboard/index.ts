/**
 * The resource dashboard (issue 7).
 *
 * ```tsx
 * <Dashboard
 *   onAddConnection={() => …}                 // "Add a connection" (sidebar, empty state): open sign-in / wizard
 *   onSignInAgain={(connection) => …}         // "Sign in again" on a connection that needs it
 *   onOpenInManager={(resource) => …}         // drawer button: open the resource in the OVHcloud Manager
 *   connections={views}                       // optional ConnectionView[]; omitted → commands.listConnections()
 *   costs={reports}                           // optional CostReport[] (projectId + total per project is enough)
 *   currency="EUR"                            // optional currency code for costs
 *   engine={null}                             // optional EngineKind for refreshes; null lets the backend choose
 *   onExport={async ({ fileName, mimeType, text, rows }) => …}  // optional: save an export natively
 * />
 * ```
 *
 * The dashboard itself calls `commands.getInventory`, `refreshInventory`,
 * `cancelRefresh` and listens to `events.discoveryProgress`. It remembers
 * the last view (section, filters, sort) in localStorage under
 * `aurora.dashboard.view.v1`. Its styles are in `dashboard.css` (imported
 * by the component) and use the app's CSS variables.
 */
export { Dashboard, type DashboardProps } from "./Dashboard";
export type { CostReportLike, ProjectCost } from "./costs";
export type { ExportFile, ExportSaver } from "./ExportButtons";
