//! Evidence in workbooks (issue 7): a roster or method file may be an
//! `.xlsx`, `.xlsm`, `.xlsb`, `.xls` or `.ods` workbook, its first sheet or
//! the one named after `#` (`ratings.xlsx#Week 2`). The sheet is written to a
//! temporary CSV file, row for row — row N of the sheet is line N — which
//! the readers stream like any other file; errors name the sheet's cells in
//! A1 style.

use std::path::{Path, PathBuf};

use calamine::{Data, ExcelDateTime, Reader, open_workbook_auto};
use tempfile::TempPath;

use super::number_formats::percent_cells;
use crate::number::shown_value;

const EXTENSIONS: [&str; 5] = ["xlsx", "xlsm", "xlsb", "xls", "ods"];

/// A workbook named as a source: its file and the sheet asked for.
pub(crate) struct SheetName {
    pub path: PathBuf,
    pub sheet: Option<String>,
}

/// The workbook a path names, if it names one: `book.xlsx` or
/// `book.xlsx#Sheet`.
pub(crate) fn sheet_name(path: &Path) -> Option<SheetName> {
    let text = path.to_str()?;
    let (file, sheet) = match text.rsplit_once('#') {
        Some((file, sheet)) if is_workbook(Path::new(file)) => (file, Some(sheet.to_string())),
        _ => (text, None),
    };
    is_workbook(Path::new(file)).then(|| SheetName {
        path: PathBuf::from(file),
        sheet,
    })
}

pub(crate) fn is_workbook(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// The sheet as a temporary CSV file, and the sheet's name.
pub(crate) fn sheet_to_csv(name: &SheetName) -> Result<(TempPath, String), String> {
    // The workbook readers can panic on a damaged file (a slice out of
    // bounds in an OLE container): that is the file's error, not ours.
    without_panic(|| copy_sheet(name)).unwrap_or_else(|| {
        Err("cannot read the workbook: the file is damaged (open it in a spreadsheet program and save it again)".to_string())
    })
}

thread_local! {
    /// Whether this thread is reading a workbook under [`without_panic`].
    static READING_WORKBOOK: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `read`, `None` if it panics. The panic is not printed: the caller
/// reports it as an error of the file. Panics elsewhere print as ever.
fn without_panic<T>(read: impl FnOnce() -> T) -> Option<T> {
    static QUIET_HOOK: std::sync::Once = std::sync::Once::new();
    QUIET_HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !READING_WORKBOOK.with(std::cell::Cell::get) {
                default(info);
            }
        }));
    });
    READING_WORKBOOK.with(|reading| reading.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(read));
    READING_WORKBOOK.with(|reading| reading.set(false));
    result.ok()
}

fn copy_sheet(name: &SheetName) -> Result<(TempPath, String), String> {
    if !name.path.exists() {
        return Err(format!("file not found: {}", name.path.display()));
    }
    let mut workbook = open_workbook_auto(&name.path)
        .map_err(|error| format!("cannot read the workbook: {error}"))?;
    let sheets = workbook.sheet_names();
    let index = match &name.sheet {
        Some(sheet) => sheets
            .iter()
            .position(|name| name == sheet)
            .ok_or_else(|| {
                let hint = crate::diagnostic::suggestion(sheet, sheets.iter().map(String::as_str));
                format!(
                    "the workbook has no sheet `{sheet}`{hint} (sheets: {})",
                    sheets.join(", ")
                )
            })?,
        None if sheets.is_empty() => return Err("the workbook has no sheet".to_string()),
        None => 0,
    };
    let sheet = sheets[index].clone();
    let range = workbook
        .worksheet_range(&sheet)
        .map_err(|error| format!("cannot read sheet `{sheet}`: {error}"))?;
    // A percentage is shown as 92.10 % and stored as 0.921.
    let percent = percent_cells(&mut workbook, &name.path, &sheet, index)?;
    let mut file = tempfile::Builder::new()
        .prefix("ladder-sheet-")
        .suffix(".csv")
        .tempfile()
        .map_err(|error| format!("cannot copy the sheet: {error}"))?;
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(file.as_file_mut());
    let write = |error: csv::Error| format!("cannot copy the sheet: {error}");
    // Rows and columns before the used range stay, empty, so that line N is
    // row N and field N is column N.
    let (first_row, first_column) = range.start().unwrap_or((0, 0));
    for _ in 0..first_row {
        writer.write_record(None::<&[u8]>).map_err(write)?;
    }
    for (row_offset, row) in range.rows().enumerate() {
        if row.iter().all(|cell| matches!(cell, Data::Empty)) {
            writer.write_record(None::<&[u8]>).map_err(write)?;
            continue;
        }
        let row_number = first_row + row_offset as u32;
        let leading = std::iter::repeat_n(String::new(), first_column as usize);
        let cells = row.iter().enumerate().map(|(column_offset, cell)| {
            let column = first_column + column_offset as u32;
            cell_text(cell, percent.contains(row_number, column))
        });
        writer.write_record(leading.chain(cells)).map_err(write)?;
    }
    writer
        .flush()
        .map_err(|error| format!("cannot copy the sheet: {error}"))?;
    drop(writer);
    Ok((file.into_temp_path(), sheet))
}

/// A cell as a user sees it: text as it is (a line break inside becomes a
/// space, so rows stay lines), numbers to 15 significant digits, a
/// percentage with its `%` (`92.1%`), a date, time or duration as the
/// calendar or clock reads it (`2023-06-01`, `12:30:00`). A workbook stores
/// the last three as plain numbers (0.921, the day count 45078); read so,
/// a date in `tenure_years` would lift a manager a tier with no word said.
/// Shown as text, the number column's check says what the cell is and what
/// to write instead, as it does for the same text in a CSV file.
fn cell_text(cell: &Data, percent: bool) -> String {
    match cell {
        Data::Float(value) if percent => format!("{}%", shown_value(value * 100.0)),
        Data::Int(value) if percent => format!("{}%", value.saturating_mul(100)),
        Data::Float(value) => shown_value(*value).to_string(),
        Data::String(text) => text.replace(['\r', '\n'], " "),
        Data::DateTime(moment) => date_time_text(moment),
        Data::DateTimeIso(text) => text.replacen('T', " ", 1),
        Data::DurationIso(text) => iso_duration_text(text),
        other => other.to_string(),
    }
}

/// A date-formatted serial as the calendar reads it, or a duration as hours,
/// minutes and seconds.
fn date_time_text(moment: &ExcelDateTime) -> String {
    if moment.is_duration() {
        return duration_text(moment.as_f64() * 86_400.0);
    }
    let (year, month, day, hour, minute, second, _) = moment.to_ymd_hms_milli();
    let date = format!("{year:04}-{month:02}-{day:02}");
    if moment.as_f64() < 1.0 {
        format!("{hour:02}:{minute:02}:{second:02}")
    } else if (hour, minute, second) == (0, 0, 0) {
        date
    } else {
        format!("{date} {hour:02}:{minute:02}:{second:02}")
    }
}

fn duration_text(seconds: f64) -> String {
    let whole = seconds.round().abs() as u64;
    let sign = if seconds < 0.0 { "-" } else { "" };
    format!(
        "{sign}{}:{:02}:{:02}",
        whole / 3600,
        whole / 60 % 60,
        whole % 60
    )
}

/// An OpenDocument duration (`PT36H30M00S`) as `36:30:00`; any other text as
/// it is.
fn iso_duration_text(text: &str) -> String {
    let Some(body) = text.strip_prefix("PT").or_else(|| text.strip_prefix("-PT")) else {
        return text.to_string();
    };
    let mut seconds = 0.0;
    let mut number = String::new();
    for character in body.chars() {
        let unit = match character {
            'H' => 3600.0,
            'M' => 60.0,
            'S' => 1.0,
            _ => {
                number.push(character);
                continue;
            }
        };
        let Ok(value) = number.parse::<f64>() else {
            return text.to_string();
        };
        seconds += value * unit;
        number.clear();
    }
    if !number.is_empty() {
        return text.to_string();
    }
    duration_text(if text.starts_with('-') {
        -seconds
    } else {
        seconds
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_read_as_shown() {
        use calamine::ExcelDateTimeType;
        let date = ExcelDateTime::new(45078.0, ExcelDateTimeType::DateTime, false);
        assert_eq!(cell_text(&Data::DateTime(date), false), "2023-06-01");
        let moment = ExcelDateTime::new(45078.5, ExcelDateTimeType::DateTime, false);
        assert_eq!(
            cell_text(&Data::DateTime(moment), false),
            "2023-06-01 12:00:00"
        );
        let time = ExcelDateTime::new(0.25, ExcelDateTimeType::DateTime, false);
        assert_eq!(cell_text(&Data::DateTime(time), false), "06:00:00");
        let span = ExcelDateTime::new(1.5, ExcelDateTimeType::TimeDelta, false);
        assert_eq!(cell_text(&Data::DateTime(span), false), "36:00:00");
        assert_eq!(
            cell_text(&Data::DurationIso("PT36H30M00S".into()), false),
            "36:30:00"
        );
        assert_eq!(
            cell_text(&Data::DateTimeIso("2023-06-01".into()), false),
            "2023-06-01"
        );
        assert_eq!(cell_text(&Data::Float(0.921), true), "92.1%");
        assert_eq!(cell_text(&Data::Float(0.921), false), "0.921");
        assert_eq!(cell_text(&Data::Int(1), true), "100%");
    }

    #[test]
    fn workbook_names_with_and_without_a_sheet() {
        let named = sheet_name(Path::new("q/ratings.xlsx#Week 2")).expect("a workbook");
        assert_eq!(named.path, Path::new("q/ratings.xlsx"));
        assert_eq!(named.sheet.as_deref(), Some("Week 2"));
        assert!(sheet_name(Path::new("q/ratings.ods")).is_some_and(|n| n.sheet.is_none()));
        assert!(sheet_name(Path::new("q/ratings.csv")).is_none());
        assert!(sheet_name(Path::new("q/a#b.csv")).is_none());
    }
}
