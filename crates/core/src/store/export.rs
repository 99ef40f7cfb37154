//! Exports written straight from the store to a file, and Aurora's one CSV
//! writer (also used by `aurora discover --format csv`).

use std::borrow::Cow;
use std::io::{self, BufWriter, Write};

use serde::{Deserialize, Serialize};

use super::query::{kind_name, status_name, RowFilter, SortBy};
use super::Store;
use crate::discovery::Resource;
use crate::user_error::{ErrorKind, UserError};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ExportFormat {
    Csv,
    Json,
}

pub const CSV_HEADER: &str = "projectId,kind,id,name,region,status,statusRaw,created";

/// The header line, then one line per resource.
pub fn write_csv<'a>(out: &mut dyn Write, resources: impl IntoIterator<Item = &'a Resource>) -> io::Result<()> {
    writeln!(out, "{CSV_HEADER}")?;
    resources.into_iter().try_for_each(|r| write_csv_row(out, r))
}

fn write_csv_row(out: &mut dyn Write, r: &Resource) -> io::Result<()> {
    let cells = [
        r.project_id.as_deref().unwrap_or(""),
        kind_name(r.kind),
        &r.id,
        &r.name,
        r.region.as_deref().unwrap_or(""),
        status_name(r.status.class),
        r.status.raw.as_deref().unwrap_or(""),
        r.created.as_deref().unwrap_or(""),
    ];
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        out.write_all(csv_cell(cell).as_bytes())?;
    }
    out.write_all(b"\n")
}

/// RFC 4180 quoting; a cell a spreadsheet would run as a formula gets a
/// leading `'` (names come from the OVH account, not from us).
pub fn csv_cell(value: &str) -> Cow<'_, str> {
    let value: Cow<'_, str> = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{value}"))
    } else {
        Cow::Borrowed(value)
    };
    if value.contains([',', '"', '\n', '\r']) {
        Cow::Owned(format!("\"{}\"", value.replace('"', "\"\"")))
    } else {
        value
    }
}

impl Store {
    /// Writes the resources `filter` lets through, in `sort`'s order, to
    /// `out` (the caller creates the file). Returns how many.
    pub fn export(
        &self,
        filter: &RowFilter,
        sort: Option<&SortBy>,
        format: ExportFormat,
        out: &mut dyn Write,
    ) -> Result<u32, UserError> {
        let mut out = BufWriter::new(out);
        let mut count = 0u32;
        match format {
            ExportFormat::Csv => writeln!(out, "{CSV_HEADER}").map_err(cannot_export)?,
            ExportFormat::Json => out.write_all(b"[").map_err(cannot_export)?,
        }
        self.each_resource(filter, sort, &mut |r| {
            let line = match format {
                ExportFormat::Csv => write_csv_row(&mut out, &r),
                ExportFormat::Json => out
                    .write_all(if count > 0 { b",\n" } else { b"\n" })
                    .and_then(|()| serde_json::to_writer(&mut out, &r).map_err(io::Error::other)),
            };
            count += 1;
            line.map_err(cannot_export)
        })?;
        if format == ExportFormat::Json {
            out.write_all(b"\n]\n").map_err(cannot_export)?;
        }
        out.flush().map_err(cannot_export)?;
        Ok(count)
    }
}

fn cannot_export(error: io::Error) -> UserError {
    UserError::new(
        ErrorKind::Internal,
        format!("Aurora could not write the export: {error}."),
        ["Check that the folder exists, that you may write to it and that the disk has free space, then export again."],
    )
}
