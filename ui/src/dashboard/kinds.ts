/**
 * What the dashboard knows about each resource kind: its labels and the
 * columns of its table. One generic table reads these definitions.
 */
import type { Resource, ResourceKind } from "../bindings";
import { bytesText, dateText } from "../lib/format";
import { ipsOf, rawText, STATUS_SEVERITY, statusText } from "./resourceText";

export const KIND_ORDER: ResourceKind[] = [
  "project",
  "instance",
  "kubernetes",
  "database",
  "loadBalancer",
  "containerRegistry",
  "privateNetwork",
  "objectStorageS3",
  "objectStorageSwift",
  "dedicatedServer",
];

/** Plural labels, as the Rust side spells them (`ResourceKind::label`). */
export const KIND_LABELS: Record<ResourceKind, string> = {
  project: "Public Cloud projects",
  instance: "Public Cloud instances",
  kubernetes: "Managed Kubernetes clusters",
  database: "Managed databases",
  loadBalancer: "Load balancers",
  containerRegistry: "Container registries",
  privateNetwork: "Private networks (vRack)",
  objectStorageS3: "S3 object storage",
  objectStorageSwift: "Swift object storage",
  dedicatedServer: "Dedicated servers",
};

/** Short singular labels for badges and the drawer. */
export const KIND_SINGULAR: Record<ResourceKind, string> = {
  project: "Project",
  instance: "Instance",
  kubernetes: "Kubernetes cluster",
  database: "Database",
  loadBalancer: "Load balancer",
  containerRegistry: "Container registry",
  privateNetwork: "Private network",
  objectStorageS3: "S3 bucket",
  objectStorageSwift: "Swift container",
  dedicatedServer: "Dedicated server",
};

export const ACCOUNT_LEVEL_KINDS: ResourceKind[] = ["project", "dedicatedServer"];

export function isResourceKind(value: unknown): value is ResourceKind {
  return typeof value === "string" && (KIND_ORDER as string[]).includes(value);
}

/** What a column may need beyond the resource itself. */
export type ColumnContext = { projectName: (projectId: string | null) => string };

export type ColumnDef = {
  id: string;
  header: string;
  /** The cell as text: shown, searched by filters, sorted and exported. */
  text: (r: Resource, ctx: ColumnContext) => string;
  /** A number to sort by when the text does not sort well (sizes, counts). */
  sortValue?: (r: Resource) => number;
  /** Minimum width in pixels, and the share of spare width the column takes. */
  width: [minPx: number, grow: number];
  /** Shown as a status badge. */
  status?: boolean;
  /** Shown in a monospace font (ids, IPs). */
  mono?: boolean;
};

const num = (text: string | undefined) => {
  const n = Number(text);
  return Number.isFinite(n) ? n : -1;
};
const field = (key: string) => (r: Resource) => r.fields[key] ?? "";

const name: ColumnDef = { id: "name", header: "Name", text: (r) => r.name, width: [160, 2] };
const status: ColumnDef = {
  id: "status",
  header: "Status",
  text: (r) => statusText(r.status),
  sortValue: (r) => STATUS_SEVERITY[r.status.class],
  width: [130, 1],
  status: true,
};
const region: ColumnDef = { id: "region", header: "Region", text: (r) => r.region ?? "", width: [90, 1] };
const project: ColumnDef = {
  id: "project",
  header: "Project",
  text: (r, ctx) => ctx.projectName(r.projectId),
  width: [120, 1.2],
};
const created: ColumnDef = {
  id: "created",
  header: "Created",
  text: (r) => dateText(r.created),
  sortValue: (r) => (r.created ? Date.parse(r.created) || 0 : 0),
  width: [150, 1],
};
const version: ColumnDef = { id: "version", header: "Version", text: field("version"), width: [80, 0.7] };
const id: ColumnDef = { id: "id", header: "ID", text: (r) => r.id, width: [200, 1.5], mono: true };
const ips: ColumnDef = { id: "ips", header: "IPs", text: (r) => ipsOf(r).join(", "), width: [150, 1.5], mono: true };

const objectStorage: ColumnDef[] = [
  name,
  project,
  region,
  {
    id: "type",
    header: "Type",
    text: (r) =>
      r.kind === "objectStorageS3" ? "S3" : `Swift${r.fields.containerType ? ` (${r.fields.containerType})` : ""}`,
    width: [100, 0.8],
  },
  {
    id: "objects",
    header: "Objects",
    text: (r) => r.fields.objectsCount ?? r.fields.storedObjects ?? "",
    sortValue: (r) => num(r.fields.objectsCount ?? r.fields.storedObjects),
    width: [90, 0.7],
  },
  {
    id: "size",
    header: "Size",
    text: (r) => bytesText(r.fields.objectsSize ?? r.fields.storedBytes),
    sortValue: (r) => num(r.fields.objectsSize ?? r.fields.storedBytes),
    width: [90, 0.7],
  },
];

export const KIND_COLUMNS: Record<ResourceKind, ColumnDef[]> = {
  project: [
    name,
    { ...id, header: "Project ID" },
    status,
    { id: "plan", header: "Plan", text: field("planCode"), width: [110, 1] },
    created,
  ],
  instance: [
    name,
    status,
    project,
    region,
    { id: "flavor", header: "Flavor", text: field("flavor"), width: [170, 1.2] },
    ips,
    { id: "image", header: "Image", text: field("image"), width: [130, 1.2] },
    { id: "privateNetwork", header: "Private network", text: field("privateNetwork"), width: [130, 1] },
    created,
  ],
  kubernetes: [
    name,
    version,
    status,
    project,
    region,
    { id: "updatePolicy", header: "Update policy", text: field("updatePolicy"), width: [130, 1] },
  ],
  database: [
    { ...name, header: "Description" },
    { id: "engine", header: "Engine", text: field("engine"), width: [100, 0.8] },
    version,
    { id: "plan", header: "Plan", text: field("plan"), width: [90, 0.8] },
    {
      id: "nodes",
      header: "Nodes",
      text: field("nodeNumber"),
      sortValue: (r) => num(r.fields.nodeNumber),
      width: [70, 0.5],
    },
    status,
    project,
    region,
  ],
  loadBalancer: [
    name,
    project,
    region,
    { id: "vip", header: "VIP", text: field("vipAddress"), width: [120, 1], mono: true },
    { id: "floatingIp", header: "Floating IP", text: field("floatingIp"), width: [120, 1], mono: true },
    status,
    {
      id: "operatingStatus",
      header: "Operating status",
      text: (r) => r.fields.operatingStatus ?? rawText(r, "operatingStatus"),
      width: [120, 1],
    },
    {
      id: "provisioningStatus",
      header: "Provisioning status",
      text: (r) => rawText(r, "provisioningStatus"),
      width: [130, 1],
    },
  ],
  containerRegistry: [
    name,
    project,
    region,
    status,
    version,
    {
      id: "size",
      header: "Size",
      text: (r) => bytesText(r.fields.size),
      sortValue: (r) => num(r.fields.size),
      width: [90, 0.7],
    },
    { id: "url", header: "URL", text: field("url"), width: [220, 2], mono: true },
  ],
  privateNetwork: [
    name,
    project,
    {
      id: "vlanId",
      header: "VLAN ID",
      text: field("vlanId"),
      sortValue: (r) => num(r.fields.vlanId),
      width: [80, 0.5],
    },
    { id: "regions", header: "Regions", text: field("regions"), width: [200, 2] },
    status,
  ],
  objectStorageS3: objectStorage,
  objectStorageSwift: objectStorage,
  dedicatedServer: [
    name,
    { id: "datacenter", header: "Datacenter", text: field("datacenter"), width: [90, 0.7] },
    { id: "os", header: "OS", text: field("os"), width: [140, 1.2] },
    { ...status, header: "State" },
    { id: "power", header: "Power", text: field("powerState"), width: [80, 0.6] },
    { id: "ip", header: "IP", text: field("ip"), width: [120, 1], mono: true },
    { ...id, header: "Service name" },
  ],
};

/** Columns of the search results, which mix every kind. */
export const SEARCH_COLUMNS: ColumnDef[] = [
  { id: "kind", header: "Kind", text: (r) => KIND_SINGULAR[r.kind], width: [120, 1] },
  name,
  status,
  project,
  region,
  ips,
  id,
];
