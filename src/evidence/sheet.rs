//! Evidence in workbooks (issue 7): a roster or method file may be an
//! `.xlsx`, `.xlsm`, `.xlsb`, `.xls` or `.ods` workbook, its first sheet or
//! the one named after `#` (`ratings.xlsx#Week 2`). The sheet is written to a
//! temporary CSV file, row for row — row N of the sheet is line N — which
//! the readers stream like any other file; errors name the sheet's cells in
//! A1 style.

use std::path::{Path, PathBuf};

use calamine::{Data, Reader, open_workbook_auto};
use tempfile::TempPath;

use crate::number::shown_value;

const EXTENSIONS: [&str; 5] = ["xlsx", "xlsm", "xlsb", "xls", "ods"];

/// A workbook named as a source: its file and the sheet asked for.
pub struct SheetName {
    pub path: PathBuf,
    pub sheet: Option<String>,
}

/// The workbook a path names, if it names one: `book.xlsx` or
/// `book.xlsx#Sheet`.
pub fn sheet_name(path: &Path) -> Option<SheetName> {
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

pub fn is_workbook(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// The sheet as a temporary CSV file, and the sheet's name.
pub fn sheet_to_csv(name: &SheetName) -> Result<(TempPath, String), String> {
    if !name.path.exists() {
        return Err(format!("file not found: {}", name.path.display()));
    }
    let mut workbook = open_workbook_auto(&name.path)
        .map_err(|error| format!("cannot read the workbook: {error}"))?;
    let sheets = workbook.sheet_names();
    let sheet = match &name.sheet {
        Some(sheet) if sheets.contains(sheet) => sheet.clone(),
        Some(sheet) => {
            let hint = crate::diagnostic::suggestion(sheet, sheets.iter().map(String::as_str));
            return Err(format!(
                "the workbook has no sheet `{sheet}`{hint} (sheets: {})",
                sheets.join(", ")
            ));
        }
        None => sheets
            .first()
            .cloned()
            .ok_or_else(|| "the workbook has no sheet".to_string())?,
    };
    let range = workbook
        .worksheet_range(&sheet)
        .map_err(|error| format!("cannot read sheet `{sheet}`: {error}"))?;
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
    for row in range.rows() {
        if row.iter().all(|cell| matches!(cell, Data::Empty)) {
            writer.write_record(None::<&[u8]>).map_err(write)?;
            continue;
        }
        let leading = std::iter::repeat_n(String::new(), first_column as usize);
        let cells = leading.chain(row.iter().map(cell_text));
        writer.write_record(cells).map_err(write)?;
    }
    writer
        .flush()
        .map_err(|error| format!("cannot copy the sheet: {error}"))?;
    drop(writer);
    Ok((file.into_temp_path(), sheet))
}

/// A cell as a user sees it: text as it is (a line break inside becomes a
/// space, so rows stay lines), numbers to 15 significant digits.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Float(value) => shown_value(*value).to_string(),
        Data::String(text) => text.replace(['\r', '\n'], " "),
        other => other.to_string(),
    }
}

/// Column `n` (from 1) in A1 style: 1 → A, 27 → AA.
pub fn column_letters(mut n: u64) -> String {
    let mut letters = Vec::new();
    while n > 0 {
        let rest = (n - 1) % 26;
        letters.push(b'A' + rest as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_in_a1_style() {
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(26), "Z");
        assert_eq!(column_letters(27), "AA");
        assert_eq!(column_letters(703), "AAA");
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
