/**
 * What the dashboard knows about each resource kind: its labels and the
 * columns of its table. One generic table reads these definitions.
 */
import { commands, type KindInfo, type Resource, type ResourceKind, type SortColumn } from "../bindings";
import { bytesText, dateText } from "../lib/format";
import { ipsOf, rawText, STATUS_SEVERITY, statusText } from "./resourceText";

/**
 * The kind catalogue (order, labels, which kinds are account-wide) is Rust's
 * (`resource_kinds`), loaded once before the first render.
 */
let catalogue: readonly KindInfo[] = [];
let byKind = new Map<ResourceKind, KindInfo & { rank: number }>();

export function setKindCatalogue(kinds: readonly KindInfo[]): void {
  catalogue = kinds;
  byKind = new Map(kinds.map((k, rank) => [k.kind, { ...k, rank }]));
}

export async function loadKindCatalogue(): Promise<void> {
  setKindCatalogue(await commands.resourceKinds());
}

/** Every kind, in the catalogue's order (the sidebar's, the overview's, the store's sort). */
export const kindOrder = (): ResourceKind[] => catalogue.map((k) => k.kind);
/** Where the kind comes in the catalogue's order. */
export const kindRank = (kind: ResourceKind): number => byKind.get(kind)?.rank ?? -1;
/** "Public Cloud instances". */
export const kindLabel = (kind: ResourceKind): string => byKind.get(kind)?.label ?? kind;
/** "Instance": for badges and the drawer. */
export const kindSingular = (kind: ResourceKind): string => byKind.get(kind)?.singular ?? kind;

export function isResourceKind(value: unknown): value is ResourceKind {
  return typeof value === "string" && byKind.has(value as ResourceKind);
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
  /** How the store sorts by this column (exports, windows of rows); omitted: the store keeps its own order. */
  sortBy?: SortColumn;
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
/** A column showing one of the kind's fields as it is. */
const fieldColumn = (
  id: string,
  header: string,
  key: string,
  width: ColumnDef["width"],
  mono?: boolean,
): ColumnDef => ({
  id,
  header,
  text: field(key),
  sortBy: { by: "field", key, numeric: false },
  width,
  ...(mono ? { mono } : {}),
});
/** A column showing a number held in one of the kind's fields. */
const numberColumn = (id: string, header: string, key: string, width: ColumnDef["width"], show = field(key)) => ({
  id,
  header,
  text: show,
  sortValue: (r: Resource) => num(r.fields[key]),
  sortBy: { by: "field", key, numeric: true } as SortColumn,
  width,
});

const name: ColumnDef = { id: "name", header: "Name", text: (r) => r.name, sortBy: { by: "name" }, width: [160, 2] };
const status: ColumnDef = {
  id: "status",
  header: "Status",
  text: (r) => statusText(r.status),
  sortValue: (r) => STATUS_SEVERITY[r.status.class],
  sortBy: { by: "status" },
  width: [130, 1],
  status: true,
};
const region: ColumnDef = {
  id: "region",
  header: "Region",
  text: (r) => r.region ?? "",
  sortBy: { by: "region" },
  width: [90, 1],
};
const project: ColumnDef = {
  id: "project",
  header: "Project",
  text: (r, ctx) => ctx.projectName(r.projectId),
  sortBy: { by: "project" },
  width: [120, 1.2],
};
const created: ColumnDef = {
  id: "created",
  header: "Created",
  text: (r) => dateText(r.created),
  sortValue: (r) => (r.created ? Date.parse(r.created) || 0 : 0),
  sortBy: { by: "created" },
  width: [150, 1],
};
const version = fieldColumn("version", "Version", "version", [80, 0.7]);
const id: ColumnDef = {
  id: "id",
  header: "ID",
  text: (r) => r.id,
  sortBy: { by: "id" },
  width: [200, 1.5],
  mono: true,
};
const ips: ColumnDef = {
  id: "ips",
  header: "IPs",
  text: (r) => ipsOf(r).join(", "),
  sortBy: { by: "ips" },
  width: [150, 1.5],
  mono: true,
};

/** S3 buckets and Swift containers keep their counts under different keys. */
const objectStorage = (kind: "objectStorageS3" | "objectStorageSwift"): ColumnDef[] => {
  const [objects, bytes] =
    kind === "objectStorageS3" ? ["objectsCount", "objectsSize"] : ["storedObjects", "storedBytes"];
  return [
    name,
    project,
    region,
    {
      id: "type",
      header: "Type",
      text: (r) =>
        r.kind === "objectStorageS3" ? "S3" : `Swift${r.fields.containerType ? ` (${r.fields.containerType})` : ""}`,
      ...(kind === "objectStorageSwift" ? { sortBy: { by: "field", key: "containerType", numeric: false } } : {}),
      width: [100, 0.8],
    },
    numberColumn("objects", "Objects", objects, [90, 0.7]),
    numberColumn("size", "Size", bytes, [90, 0.7], (r) => bytesText(r.fields[bytes])),
  ];
};

export const KIND_COLUMNS: Record<ResourceKind, ColumnDef[]> = {
  project: [name, { ...id, header: "Project ID" }, status, fieldColumn("plan", "Plan", "planCode", [110, 1]), created],
  instance: [
    name,
    status,
    project,
    region,
    fieldColumn("flavor", "Flavor", "flavor", [170, 1.2]),
    ips,
    fieldColumn("image", "Image", "image", [130, 1.2]),
    fieldColumn("privateNetwork", "Private network", "privateNetwork", [130, 1]),
    created,
  ],
  kubernetes: [
    name,
    version,
    status,
    project,
    region,
    fieldColumn("updatePolicy", "Update policy", "updatePolicy", [130, 1]),
  ],
  database: [
    { ...name, header: "Description" },
    fieldColumn("engine", "Engine", "engine", [100, 0.8]),
    version,
    fieldColumn("plan", "Plan", "plan", [90, 0.8]),
    numberColumn("nodes", "Nodes", "nodeNumber", [70, 0.5]),
    status,
    project,
    region,
  ],
  loadBalancer: [
    name,
    project,
    region,
    fieldColumn("vip", "VIP", "vipAddress", [120, 1], true),
    fieldColumn("floatingIp", "Floating IP", "floatingIp", [120, 1], true),
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
    numberColumn("size", "Size", "size", [90, 0.7], (r) => bytesText(r.fields.size)),
    fieldColumn("url", "URL", "url", [220, 2], true),
  ],
  privateNetwork: [
    name,
    project,
    numberColumn("vlanId", "VLAN ID", "vlanId", [80, 0.5]),
    fieldColumn("regions", "Regions", "regions", [200, 2]),
    status,
  ],
  objectStorageS3: objectStorage("objectStorageS3"),
  objectStorageSwift: objectStorage("objectStorageSwift"),
  dedicatedServer: [
    name,
    fieldColumn("datacenter", "Datacenter", "datacenter", [90, 0.7]),
    fieldColumn("os", "OS", "os", [140, 1.2]),
    { ...status, header: "State" },
    fieldColumn("power", "Power", "powerState", [80, 0.6]),
    fieldColumn("ip", "IP", "ip", [120, 1], true),
    { ...id, header: "Service name" },
  ],
};

/** Columns of the search results, which mix every kind. */
export const SEARCH_COLUMNS: ColumnDef[] = [
  {
    id: "kind",
    header: "Kind",
    text: (r) => kindSingular(r.kind),
    // In the catalogue's order, as the store sorts kinds.
    sortValue: (r) => kindRank(r.kind),
    sortBy: { by: "kind" },
    width: [120, 1],
  },
  name,
  status,
  project,
  region,
  ips,
  id,
];
