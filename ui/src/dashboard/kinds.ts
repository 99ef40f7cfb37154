/**
 * What the dashboard knows about each resource kind: its labels and the
 * columns of its table. One generic table reads these definitions.
 */
import type { Resource, ResourceKind } from "../bindings";
import { bytesText, dateText } from "../lib/format";
import { ipsOf, rawText, STATUS_LABELS } from "./resourceText";

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
  /** A CSS grid track, e.g. `minmax(140px, 2fr)`. */
  width: string;
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

const name: ColumnDef = { id: "name", header: "Name", text: (r) => r.name, width: "minmax(160px, 2fr)" };
const status: ColumnDef = {
  id: "status",
  header: "Status",
  text: (r) => r.status.raw ?? STATUS_LABELS[r.status.class],
  width: "minmax(110px, 1fr)",
  status: true,
};
const region: ColumnDef = { id: "region", header: "Region", text: (r) => r.region ?? "", width: "minmax(90px, 1fr)" };
const project: ColumnDef = {
  id: "project",
  header: "Project",
  text: (r, ctx) => ctx.projectName(r.projectId),
  width: "minmax(120px, 1.2fr)",
};
const created: ColumnDef = {
  id: "created",
  header: "Created",
  text: (r) => dateText(r.created),
  sortValue: (r) => (r.created ? Date.parse(r.created) || 0 : 0),
  width: "minmax(150px, 1fr)",
};
const version: ColumnDef = { id: "version", header: "Version", text: field("version"), width: "minmax(80px, 0.7fr)" };
const id: ColumnDef = { id: "id", header: "ID", text: (r) => r.id, width: "minmax(200px, 1.5fr)", mono: true };
const ips: ColumnDef = { id: "ips", header: "IPs", text: (r) => ipsOf(r).join(", "), width: "minmax(150px, 1.5fr)", mono: true };

const objectStorage: ColumnDef[] = [
  name,
  project,
  region,
  {
    id: "type",
    header: "Type",
    text: (r) => (r.kind === "objectStorageS3" ? "S3" : `Swift${r.fields.containerType ? ` (${r.fields.containerType})` : ""}`),
    width: "minmax(100px, 0.8fr)",
  },
  {
    id: "objects",
    header: "Objects",
    text: (r) => r.fields.objectsCount ?? r.fields.storedObjects ?? "",
    sortValue: (r) => num(r.fields.objectsCount ?? r.fields.storedObjects),
    width: "minmax(90px, 0.7fr)",
  },
  {
    id: "size",
    header: "Size",
    text: (r) => bytesText(r.fields.objectsSize ?? r.fields.storedBytes),
    sortValue: (r) => num(r.fields.objectsSize ?? r.fields.storedBytes),
    width: "minmax(90px, 0.7fr)",
  },
];

export const KIND_COLUMNS: Record<ResourceKind, ColumnDef[]> = {
  project: [
    name,
    { ...id, header: "Project ID" },
    status,
    { id: "plan", header: "Plan", text: field("planCode"), width: "minmax(110px, 1fr)" },
    created,
  ],
  instance: [
    name,
    status,
    project,
    region,
    { id: "flavor", header: "Flavor", text: field("flavor"), width: "minmax(90px, 0.8fr)" },
    ips,
    { id: "image", header: "Image", text: field("image"), width: "minmax(130px, 1.2fr)" },
    created,
  ],
  kubernetes: [
    name,
    version,
    status,
    project,
    region,
    { id: "updatePolicy", header: "Update policy", text: field("updatePolicy"), width: "minmax(130px, 1fr)" },
  ],
  database: [
    { ...name, header: "Description" },
    { id: "engine", header: "Engine", text: field("engine"), width: "minmax(100px, 0.8fr)" },
    version,
    { id: "plan", header: "Plan", text: field("plan"), width: "minmax(90px, 0.8fr)" },
    { id: "nodes", header: "Nodes", text: field("nodeNumber"), sortValue: (r) => num(r.fields.nodeNumber), width: "minmax(70px, 0.5fr)" },
    status,
    project,
    region,
  ],
  loadBalancer: [
    name,
    project,
    region,
    { id: "vip", header: "VIP", text: field("vipAddress"), width: "minmax(120px, 1fr)", mono: true },
    { id: "floatingIp", header: "Floating IP", text: field("floatingIp"), width: "minmax(120px, 1fr)", mono: true },
    status,
    {
      id: "operatingStatus",
      header: "Operating status",
      text: (r) => r.fields.operatingStatus ?? rawText(r, "operatingStatus"),
      width: "minmax(120px, 1fr)",
    },
    {
      id: "provisioningStatus",
      header: "Provisioning status",
      text: (r) => rawText(r, "provisioningStatus"),
      width: "minmax(130px, 1fr)",
    },
  ],
  containerRegistry: [
    name,
    project,
    region,
    status,
    version,
    { id: "size", header: "Size", text: (r) => bytesText(r.fields.size), sortValue: (r) => num(r.fields.size), width: "minmax(90px, 0.7fr)" },
    { id: "url", header: "URL", text: field("url"), width: "minmax(220px, 2fr)", mono: true },
  ],
  privateNetwork: [
    name,
    project,
    { id: "vlanId", header: "VLAN ID", text: field("vlanId"), sortValue: (r) => num(r.fields.vlanId), width: "minmax(80px, 0.5fr)" },
    { id: "regions", header: "Regions", text: field("regions"), width: "minmax(200px, 2fr)" },
    status,
  ],
  objectStorageS3: objectStorage,
  objectStorageSwift: objectStorage,
  dedicatedServer: [
    name,
    { id: "datacenter", header: "Datacenter", text: field("datacenter"), width: "minmax(90px, 0.7fr)" },
    { id: "os", header: "OS", text: field("os"), width: "minmax(140px, 1.2fr)" },
    { ...status, header: "State" },
    { id: "power", header: "Power", text: field("powerState"), width: "minmax(80px, 0.6fr)" },
    { id: "ip", header: "IP", text: field("ip"), width: "minmax(120px, 1fr)", mono: true },
    { ...id, header: "Service name" },
  ],
};

/** Columns of the search results, which mix every kind. */
export const SEARCH_COLUMNS: ColumnDef[] = [
  { id: "kind", header: "Kind", text: (r) => KIND_SINGULAR[r.kind], width: "minmax(120px, 1fr)" },
  name,
  status,
  project,
  region,
  ips,
  id,
];
