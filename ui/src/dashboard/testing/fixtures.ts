/**
 * Inventories shaped like the ones discovery makes from the OVH simulator
 * (crates/ovh-sim/src/data/generate.rs), for tests.
 */
import type { ConnectionView, Resource, ResourceKind, StatusClass, TaskOutcome } from "../../bindings";
import type { Inventory } from "./fakeStore";

export const CONNECTION_ID = "conn-eu-1";
export const PROD = "9f2c1d7be0a84c3f8e2f6b1a7c9d0e11";
export const STAGING = "3b7e5a9c1d2f4e6a8b0c2d4e6f8a0b1c";

type Spec = Partial<Resource> & { kind: ResourceKind; id: string; name: string };

export function resource(spec: Spec): Resource {
  const raw = spec.raw ?? { id: spec.id, name: spec.name };
  return {
    connectionId: CONNECTION_ID,
    projectId: null,
    region: null,
    status: { class: "ok", raw: "ACTIVE" },
    created: null,
    fields: {},
    ...spec,
    raw,
  };
}

const status = (cls: StatusClass, raw: string | null) => ({ class: cls, raw });

export const instances: Resource[] = [
  resource({
    kind: "instance",
    projectId: PROD,
    id: "6b1f0c2e-8a4d-4e3b-a9f1-2c7d5e8b0a13",
    name: "web-prod-01",
    region: "GRA11",
    status: status("ok", "ACTIVE"),
    created: "2023-04-12T09:31:00Z",
    fields: { flavor: "b2-7", image: "Debian 12", ipv4: "51.178.42.17, 10.0.1.12", planCode: "b2-7.consumption" },
    raw: {
      id: "6b1f0c2e-8a4d-4e3b-a9f1-2c7d5e8b0a13",
      name: "web-prod-01",
      status: "ACTIVE",
      region: "GRA11",
      ipAddresses: [
        { ip: "51.178.42.17", type: "public", version: 4 },
        { ip: "10.0.1.12", type: "private", version: 4 },
        { ip: "2001:41d0:304:200::1b2c", type: "public", version: 6 },
      ],
      flavor: { name: "b2-7", vcpus: 2, ram: 7000 },
      image: { name: "Debian 12" },
    },
  }),
  resource({
    kind: "instance",
    projectId: PROD,
    id: "0a9e3d5c-1b2f-4c7a-a8e6-9d0f1b3c5e27",
    name: "worker-prod-02",
    region: "SBG5",
    status: status("stopped", "SHUTOFF"),
    created: "2022-11-03T14:02:00Z",
    fields: { flavor: "c2-15", image: "Ubuntu 24.04", ipv4: "141.94.7.201" },
  }),
  resource({
    kind: "instance",
    projectId: STAGING,
    id: "c4d2e6f8-0a1b-4c3d-a5e7-f9b1d3c5e7a9",
    name: "db-staging-03",
    region: "GRA11",
    status: status("error", "ERROR"),
    created: "2024-02-29T23:59:59Z",
    fields: { flavor: "r2-30", image: "Rocky Linux 9", ipv4: "51.68.9.120" },
  }),
];

export const projects: Resource[] = [
  resource({
    kind: "project",
    id: PROD,
    name: "Production",
    status: status("ok", "ok"),
    fields: { planCode: "project.2018" },
  }),
  resource({
    kind: "project",
    id: STAGING,
    name: "Staging",
    status: status("ok", "ok"),
    fields: { planCode: "project.2018" },
  }),
];

export const others: Resource[] = [
  resource({
    kind: "kubernetes",
    projectId: PROD,
    id: "f1e2d3c4-b5a6-4978-a1b2-c3d4e5f6a7b8",
    name: "mks-platform-prod",
    region: "GRA11",
    status: status("in_progress", "UPDATING"),
    fields: { version: "1.31", updatePolicy: "ALWAYS_UPDATE", plan: "standard" },
  }),
  resource({
    kind: "database",
    projectId: PROD,
    id: "d0b1c2a3-9e8f-4a7b-b6c5-d4e3f2a1b0c9",
    name: "billing-postgresql-prod",
    region: "GRA",
    status: status("ok", "READY"),
    fields: { engine: "postgresql", version: "16", plan: "business", nodeNumber: "3", flavor: "db1-7" },
  }),
  resource({
    kind: "loadBalancer",
    projectId: STAGING,
    id: "aa11bb22-cc33-4d44-a555-ff6677889900",
    name: "lb-api-staging",
    region: "SBG5",
    status: status("error", "DEGRADED"),
    fields: { vipAddress: "10.0.2.5", floatingIp: "57.128.33.4", operatingStatus: "DEGRADED" },
    raw: { id: "aa11bb22-cc33-4d44-a555-ff6677889900", operatingStatus: "DEGRADED", provisioningStatus: "ACTIVE" },
  }),
  resource({
    kind: "containerRegistry",
    projectId: PROD,
    id: "7c6b5a49-3827-4a16-b5f4-e3d2c1b0a998",
    name: "registry-platform-1",
    region: "DE1",
    status: status("ok", "READY"),
    fields: {
      version: "2.11.1",
      size: "53687091200",
      url: "https://k3j9x2aa.c1.de1.container-registry.ovh.net",
      plan: "MEDIUM",
    },
  }),
  resource({
    kind: "privateNetwork",
    projectId: PROD,
    id: "pn-48213_120",
    name: "platform-prod-net",
    region: "GRA11, SBG5",
    status: status("in_progress", "BUILDING"),
    fields: { vlanId: "120", regions: "GRA11 (ACTIVE), SBG5 (BUILDING)", type: "private" },
  }),
  resource({
    kind: "objectStorageS3",
    projectId: PROD,
    id: "GRA/platform-backups-1",
    name: "platform-backups-1",
    region: "GRA",
    status: status("ok", null),
    fields: {
      objectsCount: "48213",
      objectsSize: "129394593792",
      virtualHost: "https://platform-backups-1.s3.gra.io.cloud.ovh.net/",
    },
  }),
  resource({
    kind: "objectStorageSwift",
    projectId: STAGING,
    id: "R1JBOm1lZGlhLWV4cG9ydHMtMg==",
    name: "media-exports-2",
    region: "GRA",
    status: status("ok", null),
    fields: { storedBytes: "1048576", storedObjects: "12", containerType: "public" },
  }),
  resource({
    kind: "dedicatedServer",
    id: "ns3012345.ip-51-91-12.eu",
    name: "backup-box",
    region: "gra3",
    status: status("stopped", "poweroff"),
    fields: { ip: "51.91.12.34", datacenter: "gra3", os: "Debian 12", powerState: "poweroff" },
  }),
];

const ok = (kind: ResourceKind, projectId: string | null, count: number): TaskOutcome => ({
  task: { kind, projectId },
  result: { state: "ok", count, skipped: 0, warning: null },
  durationMs: 120,
});

export const failedDatabaseTask: TaskOutcome = {
  task: { kind: "database", projectId: STAGING },
  result: {
    state: "failed",
    error: {
      kind: "iamDenied",
      message: "OVH refused to list the databases of this project: the IAM policy does not allow it.",
      solution: [
        "Add the action publicCloudProject:apiovh:database/service/get to the policy of this account.",
        "Then refresh the inventory.",
      ],
    },
  },
  durationMs: 340,
};

export const inventory: Inventory = {
  connectionId: CONNECTION_ID,
  engine: "api",
  takenAt: "2026-11-28T11:57:00Z",
  resources: [...projects, ...instances, ...others],
  tasks: [
    ok("project", null, 2),
    ok("instance", PROD, 2),
    ok("instance", STAGING, 1),
    failedDatabaseTask,
    ok("database", PROD, 1),
  ],
};

export const connection: ConnectionView = {
  connection: {
    id: CONNECTION_ID,
    label: "Acme (EU)",
    region: "ovh-eu",
    authMethod: "authorization_code",
    nichandle: "ab12345-ovh",
    email: "ops@acme.example",
    createdAt: 1764000000,
    discoveryEngine: "api",
  },
  status: { state: "active", expiresAt: 1764331200, renewable: true },
};

export const expiredConnection: ConnectionView = {
  connection: {
    id: "conn-ca-2",
    label: "Acme (CA)",
    region: "ovh-ca",
    authMethod: "api_credentials",
    createdAt: 1764000000,
    discoveryEngine: "cli",
  },
  status: { state: "signInRequired", reason: "The consumer key was revoked." },
};

/**
 * A big account in the simulator's style: `size` resources spread over kinds
 * and projects, every name, id and IP distinct and predictable from its number.
 */
export function generatedInventory(size: number): Inventory {
  const kinds: ResourceKind[] = [
    "instance",
    "kubernetes",
    "database",
    "loadBalancer",
    "containerRegistry",
    "objectStorageS3",
  ];
  const regions = ["GRA11", "SBG5", "BHS5", "DE1", "UK1", "WAW1"];
  const resources: Resource[] = [];
  for (let i = 0; i < size; i++) {
    const kind = kinds[i % kinds.length];
    const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    resources.push(
      resource({
        kind,
        projectId: `project-${i % 20}`,
        id: `res-${i.toString(16).padStart(6, "0")}`,
        name: `node-${i}`,
        region: regions[i % regions.length],
        status: status(i % 97 === 0 ? "error" : "ok", i % 97 === 0 ? "ERROR" : "ACTIVE"),
        fields: kind === "instance" ? { ipv4: ip } : kind === "loadBalancer" ? { vipAddress: ip } : {},
        raw: {},
      }),
    );
  }
  return { connectionId: CONNECTION_ID, engine: "api", takenAt: "2026-11-28T11:00:00Z", resources, tasks: [] };
}
