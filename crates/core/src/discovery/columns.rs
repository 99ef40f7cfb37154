//! The columns of each kind's table, as the window shows them: what each cell
//! reads from a store row ([`ResourceRow`](crate::store::ResourceRow)), how
//! the store sorts by it and how the window formats it. The window reads
//! these through `resource_kinds` and keeps no copy of its own.

use serde::{Deserialize, Serialize};

use super::model::ResourceKind;
use crate::store::SortColumn;

/// What a cell reads from a row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "of", rename_all = "camelCase")]
pub enum CellValue {
    Name,
    Id,
    Kind,
    Status,
    /// The owning project's id (formatted as its name).
    Project,
    /// As OVH wrote it ("GRA11, SBG5").
    Region,
    Created,
    /// Every IP address of the resource.
    Ips,
    /// One of the kind's fields (`flavor`, `vipAddress`...).
    Field {
        key: String,
    },
}

/// How the window writes a cell.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "as", rename_all = "camelCase")]
pub enum CellFormat {
    Text,
    /// Text in a monospace font (ids, addresses).
    Mono,
    /// A number of bytes ("1.5 GiB").
    Bytes,
    /// An RFC 3339 time as `2025-01-02 03:04 UTC`.
    Date,
    /// A status badge.
    Status,
    /// The addresses joined with ", ", in a monospace font.
    Ips,
    /// A project id as the project's name.
    ProjectName,
    /// A kind as its singular label ("Instance").
    KindName,
    /// `label` alone, or `label (value)` when the value is not empty ("Swift (public)").
    Labelled {
        label: String,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct KindColumn {
    pub id: String,
    pub header: String,
    pub value: CellValue,
    /// How the store sorts by this column; `None`: the header does not sort.
    pub sort: Option<SortColumn>,
    pub format: CellFormat,
    /// Minimum width in pixels, and the share of spare width the column takes.
    pub width: (u32, f32),
}

fn column(id: &str, header: &str, value: CellValue, sort: Option<SortColumn>, format: CellFormat) -> KindColumn {
    KindColumn {
        id: id.to_owned(),
        header: header.to_owned(),
        value,
        sort,
        format,
        width: (120, 1.0),
    }
}

impl KindColumn {
    fn width(mut self, min: u32, grow: f32) -> KindColumn {
        self.width = (min, grow);
        self
    }

    fn header(mut self, header: &str) -> KindColumn {
        self.header = header.to_owned();
        self
    }
}

fn name() -> KindColumn {
    column(
        "name",
        "Name",
        CellValue::Name,
        Some(SortColumn::Name),
        CellFormat::Text,
    )
    .width(160, 2.0)
}
fn status() -> KindColumn {
    column(
        "status",
        "Status",
        CellValue::Status,
        Some(SortColumn::Status),
        CellFormat::Status,
    )
    .width(130, 1.0)
}
fn region() -> KindColumn {
    column(
        "region",
        "Region",
        CellValue::Region,
        Some(SortColumn::Region),
        CellFormat::Text,
    )
    .width(90, 1.0)
}
fn project() -> KindColumn {
    column(
        "project",
        "Project",
        CellValue::Project,
        Some(SortColumn::Project),
        CellFormat::ProjectName,
    )
    .width(120, 1.2)
}
fn created() -> KindColumn {
    column(
        "created",
        "Created",
        CellValue::Created,
        Some(SortColumn::Created),
        CellFormat::Date,
    )
    .width(150, 1.0)
}
fn id() -> KindColumn {
    column("id", "ID", CellValue::Id, Some(SortColumn::Id), CellFormat::Mono).width(200, 1.5)
}
fn ips() -> KindColumn {
    column("ips", "IPs", CellValue::Ips, Some(SortColumn::Ips), CellFormat::Ips).width(150, 1.5)
}
fn kind() -> KindColumn {
    column(
        "kind",
        "Kind",
        CellValue::Kind,
        Some(SortColumn::Kind),
        CellFormat::KindName,
    )
    .width(120, 1.0)
}

/// A column showing one of the kind's fields; `numeric` sorts it by its value as a number.
fn field(id: &str, header: &str, key: &str, numeric: bool, format: CellFormat) -> KindColumn {
    column(
        id,
        header,
        CellValue::Field { key: key.to_owned() },
        Some(SortColumn::Field {
            key: key.to_owned(),
            numeric,
        }),
        format,
    )
}
fn text(id: &str, header: &str, key: &str) -> KindColumn {
    field(id, header, key, false, CellFormat::Text)
}
fn mono(id: &str, header: &str, key: &str) -> KindColumn {
    field(id, header, key, false, CellFormat::Mono)
}
fn number(id: &str, header: &str, key: &str) -> KindColumn {
    field(id, header, key, true, CellFormat::Text)
}
fn bytes(id: &str, header: &str, key: &str) -> KindColumn {
    field(id, header, key, true, CellFormat::Bytes)
}
fn version() -> KindColumn {
    text("version", "Version", "version").width(80, 0.7)
}

/// S3 buckets and Swift containers keep their counts under different keys.
fn object_storage(label: &str, type_key: Option<&str>, objects: &str, size: &str) -> Vec<KindColumn> {
    let mut storage_type = column(
        "type",
        "Type",
        CellValue::Field {
            key: type_key.unwrap_or("containerType").to_owned(),
        },
        None,
        CellFormat::Labelled {
            label: label.to_owned(),
        },
    )
    .width(100, 0.8);
    if let Some(key) = type_key {
        storage_type.sort = Some(SortColumn::Field {
            key: key.to_owned(),
            numeric: false,
        });
    }
    vec![
        name(),
        project(),
        region(),
        storage_type,
        number("objects", "Objects", objects).width(90, 0.7),
        bytes("size", "Size", size).width(90, 0.7),
    ]
}

/// The columns of a kind's table, in order.
pub fn kind_columns(kind: ResourceKind) -> Vec<KindColumn> {
    match kind {
        ResourceKind::Project => vec![
            name(),
            id().header("Project ID"),
            status(),
            text("plan", "Plan", "planCode").width(110, 1.0),
            created(),
        ],
        ResourceKind::Instance => vec![
            name(),
            status(),
            project(),
            region(),
            text("flavor", "Flavor", "flavor").width(170, 1.2),
            ips(),
            text("image", "Image", "image").width(130, 1.2),
            text("privateNetwork", "Private network", "privateNetwork").width(130, 1.0),
            created(),
        ],
        ResourceKind::Kubernetes => vec![
            name(),
            version(),
            status(),
            project(),
            region(),
            text("updatePolicy", "Update policy", "updatePolicy").width(130, 1.0),
        ],
        ResourceKind::Database => vec![
            name().header("Description"),
            text("engine", "Engine", "engine").width(100, 0.8),
            version(),
            text("plan", "Plan", "plan").width(90, 0.8),
            number("nodes", "Nodes", "nodeNumber").width(70, 0.5),
            status(),
            project(),
            region(),
        ],
        ResourceKind::LoadBalancer => vec![
            name(),
            project(),
            region(),
            mono("vip", "VIP", "vipAddress").width(120, 1.0),
            mono("floatingIp", "Floating IP", "floatingIp").width(120, 1.0),
            status(),
            text("operatingStatus", "Operating status", "operatingStatus").width(120, 1.0),
            text("provisioningStatus", "Provisioning status", "provisioningStatus").width(130, 1.0),
        ],
        ResourceKind::ContainerRegistry => vec![
            name(),
            project(),
            region(),
            status(),
            version(),
            bytes("size", "Size", "size").width(90, 0.7),
            mono("url", "URL", "url").width(220, 2.0),
        ],
        ResourceKind::PrivateNetwork => vec![
            name(),
            project(),
            number("vlanId", "VLAN ID", "vlanId").width(80, 0.5),
            text("regions", "Regions", "regions").width(200, 2.0),
            status(),
        ],
        ResourceKind::ObjectStorageS3 => object_storage("S3", None, "objectsCount", "objectsSize"),
        ResourceKind::ObjectStorageSwift => {
            object_storage("Swift", Some("containerType"), "storedObjects", "storedBytes")
        }
        ResourceKind::DedicatedServer => vec![
            name(),
            text("datacenter", "Datacenter", "datacenter").width(90, 0.7),
            text("os", "OS", "os").width(140, 1.2),
            status().header("State"),
            text("power", "Power", "powerState").width(80, 0.6),
            mono("ip", "IP", "ip").width(120, 1.0),
            id().header("Service name"),
        ],
    }
}

/// The columns of tables that mix every kind (search results, the overview's table).
pub fn mixed_columns() -> Vec<KindColumn> {
    vec![kind(), name(), status(), project(), region(), ips(), id()]
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::discovery::model::rfc3339_utc;
    use crate::discovery::{EngineKind, Inventory, Resource, Status, StatusClass, TaskKey, TaskOutcome, TaskResult};
    use crate::store::{RowFilter, RowQuery, SortBy, Store};

    fn instance(id: &str, flavor: &str) -> Resource {
        Resource {
            connection_id: "c1".into(),
            project_id: Some("p1".into()),
            kind: ResourceKind::Instance,
            id: id.into(),
            name: id.into(),
            region: Some("GRA11".into()),
            status: Status {
                class: StatusClass::Ok,
                raw: None,
            },
            created: None,
            fields: BTreeMap::from([("flavor".to_owned(), flavor.to_owned())]),
            raw: serde_json::json!({}),
        }
    }

    #[test]
    fn the_store_sorts_by_every_column_that_sorts_and_a_field_column_by_the_field_it_shows() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = Store::open(dir.path()).unwrap();
        let inventory = Inventory {
            connection_id: "c1".into(),
            engine: EngineKind::Api,
            resources: vec![instance("a", "b3-16"), instance("b", "b3-8")],
            tasks: vec![TaskOutcome {
                task: TaskKey::project("p1", ResourceKind::Instance),
                result: TaskResult::Ok {
                    count: 2,
                    skipped: 0,
                    warning: None,
                },
                duration_ms: 1,
            }],
            taken_at: rfc3339_utc(1_000),
        };
        store.save_refresh(inventory, None).unwrap();
        let sorted = |kind: Option<ResourceKind>, column: &KindColumn| {
            let sort = column.sort.clone().map(|column| SortBy {
                column,
                descending: false,
            });
            let filter = RowFilter {
                kind,
                ..RowFilter::default()
            };
            let page = store.rows(&RowQuery {
                filter,
                sort,
                offset: 0,
                limit: 10,
            });
            page.unwrap_or_else(|e| panic!("{kind:?} {}: {e:?}", column.id))
        };
        for kind in ResourceKind::ALL {
            for column in kind_columns(kind) {
                if let (CellValue::Field { key }, Some(SortColumn::Field { key: sorted_by, .. })) =
                    (&column.value, &column.sort)
                {
                    assert_eq!(key, sorted_by, "{kind:?} {} sorts by another field", column.id);
                }
                sorted(Some(kind), &column);
            }
        }
        for column in mixed_columns() {
            assert_eq!(sorted(None, &column).total, 2);
        }
        let flavor = kind_columns(ResourceKind::Instance)
            .into_iter()
            .find(|c| c.id == "flavor")
            .unwrap();
        let names: Vec<String> = sorted(Some(ResourceKind::Instance), &flavor)
            .rows
            .into_iter()
            .map(|r| r.id)
            .collect();
        assert_eq!(names, ["b", "a"], "b3-8 comes before b3-16");
    }

    #[test]
    fn every_kind_lists_its_name_first_and_column_ids_once() {
        for kind in ResourceKind::ALL {
            let columns = kind_columns(kind);
            assert_eq!(columns[0].value, CellValue::Name, "{kind:?}");
            let mut ids: Vec<&str> = columns.iter().map(|c| c.id.as_str()).collect();
            ids.sort_unstable();
            ids.dedup();
            assert_eq!(ids.len(), columns.len(), "{kind:?} repeats a column id");
        }
    }
}
