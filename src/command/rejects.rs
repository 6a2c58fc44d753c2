//! The rows `--rejects` sets aside, written as CSV or a workbook.

use std::io::{self, Write};
use std::path::Path;

use crate::error::Error;
use crate::evidence::Evidence;
use crate::output::file::write_atomically;
use crate::output::render::{CsvStyle, Format, inert};
use crate::output::workbook::{REJECTS_COLUMNS, rejects_workbook};

/// Writes the rows set aside to `path`; returns each file's count of rows,
/// used and set aside, for standard error.
pub(super) fn set_aside(
    path: &Path,
    evidence: &Evidence,
    style: CsvStyle,
) -> Result<Vec<String>, Error> {
    write_rejects_file(path, evidence, style)?;
    Ok(evidence
        .tallies
        .iter()
        .map(|tally| {
            let mut line = format!(
                "{}: {} rows, {} used, {} rejected",
                tally.label,
                tally.rows,
                tally.rows.saturating_sub(tally.rejected),
                tally.rejected
            );
            if tally.empty > 0 {
                line.push_str(&format!(
                    ", {} empty row{} (delimiters alone) skipped",
                    tally.empty,
                    if tally.empty == 1 { "" } else { "s" }
                ));
            }
            line
        })
        .collect())
}

/// Whether the rows set aside go to a workbook (`.xlsx`) or to CSV (any
/// other name). The names of other spreadsheets and of the other output
/// formats are refused: a CSV under such a name would not open as what it
/// claims to be.
pub(super) fn rejects_format(path: &Path) -> Result<Format, Error> {
    let extension = path
        .extension()
        .and_then(|extension| extension.to_str())
        .map(str::to_ascii_lowercase);
    let refused = |other: &str, instead: &str| {
        Error::Usage(format!(
            "--rejects writes CSV or an .xlsx workbook, not .{other}: name the file `{}`",
            path.with_extension(instead).display()
        ))
    };
    match extension.as_deref() {
        Some("xlsx") => Ok(Format::Xlsx),
        Some(other @ ("xls" | "xlsm" | "xlsb" | "ods")) => Err(refused(other, "xlsx")),
        Some(other @ ("json" | "md" | "markdown" | "html" | "htm")) => Err(refused(other, "csv")),
        _ => Ok(Format::Csv),
    }
}

/// A workbook for `path` that could not be built, as a write error.
pub(super) fn workbook_failed(
    path: &Path,
) -> impl FnOnce(rust_xlsxwriter::XlsxError) -> Error + '_ {
    move |error| Error::Write {
        path: path.display().to_string(),
        source: io::Error::other(error.to_string()),
    }
}

/// Writes the rows set aside to `path` (atomically), as its name says.
pub(super) fn write_rejects_file(
    path: &Path,
    evidence: &Evidence,
    style: CsvStyle,
) -> Result<(), Error> {
    if rejects_format(path)? == Format::Xlsx {
        let bytes = rejects_workbook(&evidence.rejected).map_err(workbook_failed(path))?;
        return write_atomically(path, |out| out.write_all(&bytes));
    }
    write_atomically(path, |out| write_rejects(evidence, style, out))
}

/// The rows set aside, as CSV: file, line, reason, and the row as written.
pub(super) fn write_rejects(
    evidence: &Evidence,
    style: CsvStyle,
    out: &mut dyn Write,
) -> io::Result<()> {
    style.start(out)?;
    let mut writer = style.writer(out);
    writer.write_record(REJECTS_COLUMNS)?;
    for row in &evidence.rejected {
        writer.write_record([
            inert(&row.file).as_ref(),
            &row.line.to_string(),
            &inert(&row.reason),
            &inert(&row.text),
        ])?;
    }
    writer.flush()
}
