/**
 * The resource dashboard (issue 7).
 *
 * ```tsx
 * <Dashboard
 *   onAddConnection={() => …}                 // "Add a connection" (sidebar, empty state): open sign-in / wizard
 *   onSignInAgain={(connection) => …}         // "Sign in again" on a connection that needs it
 *   onOpenInManager={(resource) => …}         // optional; omitted → commands.openInManager(connectionId, projectId)
 *   connections={views}                       // optional ConnectionView[]; omitted → commands.listConnections()
 *   onConnectionsChanged={() => …}            // optional; after "Forget" removed a connection (reload your list)
 *   costs={reports}                           // optional CostReport[]; omitted → the costs in getInventoryDetails
 *   currency="EUR"                            // optional currency code for costs
 *   engine={null}                             // optional EngineKind for refreshes; null: each connection's own (Settings)
 * />
 * ```
 *
 * The dashboard asks the store for what it shows: `commands.inventoryOverview`
 * (counts, errors, costs, changes), `inventoryRows` (the table's visible
 * pages), `inventoryResource` (the drawer), `getInventoryDetails` (each
 * connection's saved summary); it also calls `refreshInventory`,
 * `cancelRefresh`, `exportInventory` (CSV and JSON exports, written by the
 * store to Downloads), `disconnect` (after a confirmation)
 * and listens to `events.discoveryProgress`. It remembers
 * the last view (section, filters, sort) in localStorage under
 * `aurora.dashboard.view.v1`. Its styles are in `dashboard.css` (imported
 * by the component) and use the app's CSS variables; it fills
 * `calc(100vh - var(--dash-offset, 56px))`, so set `--dash-offset` to the
 * height of what sits above it.
 */
export { Dashboard, type DashboardProps } from "./Dashboard";
export type { CostReportLike, ProjectCost } from "./costs";
