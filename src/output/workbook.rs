//! `--output ranked.xlsx`: the ranking as an Excel workbook — a "Ranking"
//! sheet with the CSV's columns, a "Competencies" sheet with the profile, a
//! "Gaps" sheet when there are gaps, with `--calibration` a "Calibration"
//! sheet, and a "Warnings" sheet. Numbers are
//! numbers with `precision` decimals; text is always a plain string cell, so
//! a name like `=HYPERLINK(…)` is never a formula.

use rust_xlsxwriter::{Color, Format, Workbook, Worksheet, XlsxError};

use crate::analysis::calibration::NearLine;
use crate::analysis::gaps::Gap;
use crate::evidence::previous::RANKING_SHEET;
use crate::output::gaps::{GAP_COLUMNS, GAP_TIER_COLUMN, gap_row};
use crate::output::render::Cell;

/// Background colours of the tiers, top first, repeating past the last;
/// `none` is grey. The same tier has the same colour in every workbook.
const TIER_COLOURS: [u32; 5] = [0xC6EFCE, 0xBDD7EE, 0xFFEB9C, 0xF8CBAD, 0xD9D2E9];
const NONE_COLOUR: u32 = 0xE7E6E6;

/// One sheet to write: its name, columns and rows.
pub(crate) struct Sheet<'a> {
    pub name: &'static str,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell<'a>>>,
    /// The column holding tier ids, coloured by tier.
    pub tier_column: Option<usize>,
}

/// Builds the workbook: `tiers` are the standard's tiers as the sheets label
/// them, top first.
pub(crate) fn workbook(
    sheets: &[Sheet],
    precision: u32,
    tiers: &[String],
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xF2F2F2));
    let score = Format::new().set_num_format(number_format(precision));
    let whole = Format::new().set_num_format("0");
    for sheet in sheets {
        let worksheet = workbook.add_worksheet();
        worksheet.set_name(sheet.name)?;
        for (column, name) in sheet.columns.iter().enumerate() {
            worksheet.write_string_with_format(0, column as u16, name, &header)?;
            let width = sheet
                .rows
                .iter()
                .take(1000)
                .fold(name.chars().count(), |widest, row| {
                    widest.max(
                        row.get(column)
                            .map_or(0, |cell| cell_width(cell, precision)),
                    )
                });
            worksheet.set_column_width(column as u16, (width + 2).min(60) as f64)?;
        }
        for (index, row) in sheet.rows.iter().enumerate() {
            let at = index as u32 + 1;
            for (column, cell) in row.iter().enumerate() {
                let column = column as u16;
                match *cell {
                    Cell::Empty => {}
                    Cell::Text(text) if Some(column as usize) == sheet.tier_column => {
                        let colour = tier_colour(tiers, text);
                        let format = Format::new().set_background_color(Color::RGB(colour));
                        write_text(worksheet, at, column, text, Some(&format))?;
                    }
                    Cell::Text(text) => write_text(worksheet, at, column, text, None)?,
                    Cell::Score(value) => {
                        worksheet.write_number_with_format(at, column, value, &score)?;
                    }
                    Cell::Rank(value) => {
                        worksheet.write_number_with_format(at, column, value, &whole)?;
                    }
                    Cell::Count(value) => {
                        worksheet.write_number_with_format(at, column, value as f64, &whole)?;
                    }
                    Cell::Fixed(value, decimals) => {
                        let format = Format::new().set_num_format(number_format(decimals));
                        worksheet.write_number_with_format(at, column, value, &format)?;
                    }
                    Cell::Plain(value) => {
                        worksheet.write_number(at, column, value)?;
                    }
                }
            }
        }
        worksheet.set_freeze_panes(1, 0)?;
        if !sheet.columns.is_empty() {
            let last_row = sheet.rows.len() as u32;
            worksheet.autofilter(0, 0, last_row, sheet.columns.len() as u16 - 1)?;
        }
    }
    workbook.save_to_buffer()
}

fn write_text(
    worksheet: &mut Worksheet,
    row: u32,
    column: u16,
    text: &str,
    format: Option<&Format>,
) -> Result<(), XlsxError> {
    match format {
        Some(format) => worksheet.write_string_with_format(row, column, text, format)?,
        None => worksheet.write_string(row, column, text)?,
    };
    Ok(())
}

/// `0.00` for 2 decimals, `0` for none.
fn number_format(decimals: u32) -> String {
    if decimals == 0 {
        "0".to_string()
    } else {
        format!("0.{}", "0".repeat(decimals as usize))
    }
}

fn tier_colour(tiers: &[String], id: &str) -> u32 {
    tiers
        .iter()
        .position(|tier| tier == id)
        .map_or(NONE_COLOUR, |index| {
            TIER_COLOURS[index % TIER_COLOURS.len()]
        })
}

/// Roughly how many characters a cell shows, for the column's width; CJK
/// characters count twice.
fn cell_width(cell: &Cell, precision: u32) -> usize {
    match *cell {
        Cell::Empty => 0,
        Cell::Text(text) => text
            .chars()
            .map(|c| if (c as u32) >= 0x2E80 { 2 } else { 1 })
            .sum(),
        Cell::Score(value) => format!("{value:.*}", precision as usize).len(),
        Cell::Rank(value) => value.to_string().len(),
        Cell::Count(value) => value.to_string().len(),
        Cell::Fixed(value, decimals) => format!("{value:.*}", decimals as usize).len(),
        Cell::Plain(value) => crate::number::trim_number(value).len(),
    }
}

/// The workbook of `ladder grade`: the ranking as shown (the filter
/// applied), each shown manager's competency profile, the gaps of the
/// managers shown (`gaps`: every manager's, as `ladder gaps` lists them),
/// with `--calibration` the managers near a tier line (`calibration`), and
/// the run's warnings.
pub(crate) fn grade_workbook(
    standard: &crate::standard::Standard,
    evidence: &crate::evidence::Evidence,
    grades: &crate::engine::grade::Grades,
    gaps: &[Gap],
    calibration: Option<&[NearLine]>,
    ranking: &crate::output::render::Ranking,
    warnings: &[String],
) -> Result<Vec<u8>, XlsxError> {
    let rows: Vec<Vec<Cell>> = ranking.rows().collect();
    // The profile: who, then each competency, from the ranking's columns.
    let profile_columns: Vec<usize> = ["manager_id", "name", "team", "status"]
        .into_iter()
        .map(String::from)
        .chain(
            standard
                .competencies
                .iter()
                .map(|c| ranking.labels().competency(c).to_string()),
        )
        .filter_map(|name| ranking.columns.iter().position(|c| *c == name))
        .collect();
    let profile = Sheet {
        name: "Competencies",
        columns: profile_columns
            .iter()
            .map(|&c| ranking.columns[c].clone())
            .collect(),
        rows: rows
            .iter()
            .map(|row| profile_columns.iter().map(|&c| row[c]).collect())
            .collect(),
        tier_column: None,
    };
    let mut sheets = vec![
        Sheet {
            name: RANKING_SHEET,
            columns: ranking.columns.clone(),
            tier_column: ranking.columns.iter().position(|c| c == "tier"),
            rows,
        },
        profile,
    ];
    sheets.extend(gaps_sheet(standard, evidence, grades, gaps, ranking));
    if let Some(near) = calibration {
        sheets.push(calibration_sheet(standard, evidence, grades, near, ranking));
    }
    sheets.push(Sheet {
        name: "Warnings",
        columns: vec!["warning".to_string()],
        rows: warnings.iter().map(|w| vec![Cell::Text(w)]).collect(),
        tier_column: None,
    });
    workbook(
        &sheets,
        standard.precision,
        &ranking.labels().tiers(standard),
    )
}

/// The gaps of the managers the ranking shows; no sheet when none has one.
fn gaps_sheet<'a>(
    standard: &'a crate::standard::Standard,
    evidence: &'a crate::evidence::Evidence,
    grades: &'a crate::engine::grade::Grades,
    gaps: &'a [Gap],
    ranking: &crate::output::render::Ranking,
) -> Option<Sheet<'a>> {
    let rows: Vec<Vec<Cell>> = gaps
        .iter()
        .filter(|gap| ranking.keeps(&grades.grades[gap.grade]))
        .map(|gap| gap_row(standard, evidence, grades, gap, ranking.labels()))
        .collect();
    (!rows.is_empty()).then(|| Sheet {
        name: "Gaps",
        columns: GAP_COLUMNS.map(|column| column.name.into_owned()).to_vec(),
        rows,
        tier_column: Some(GAP_TIER_COLUMN),
    })
}

/// The columns of the "Calibration" sheet.
pub(crate) const CALIBRATION_COLUMNS: [&str; 11] = [
    "tier",
    "line",
    "minimum",
    "manager_id",
    "name",
    "team",
    "holds",
    "value",
    "distance",
    "side",
    "what_would_move",
];

/// `--calibration`: per tier line, the managers within the margin of it,
/// with what would move them; a sheet even when no one is near a line, so
/// the committee sees that the margin found no one.
fn calibration_sheet<'a>(
    standard: &'a crate::standard::Standard,
    evidence: &'a crate::evidence::Evidence,
    grades: &'a crate::engine::grade::Grades,
    near: &'a [NearLine],
    ranking: &crate::output::render::Ranking,
) -> Sheet<'a> {
    let labels = ranking.labels();
    let rows = near
        .iter()
        .map(|row| {
            let grade = &grades.grades[row.grade];
            let manager = &evidence.roster.managers[grade.manager];
            let line = match row.requirement {
                crate::engine::grade::Requirement::Competency(c) => {
                    labels.competency(&standard.competencies[c])
                }
                requirement => requirement.id(standard),
            };
            let holds = grade.tier_id(standard).unwrap_or_default();
            vec![
                Cell::Text(labels.tier(standard, &standard.tiers[row.tier].id)),
                Cell::Text(line),
                Cell::Score(row.minimum),
                Cell::Text(&manager.id),
                Cell::Text(&manager.name),
                manager.team.as_deref().map_or(Cell::Empty, Cell::Text),
                Cell::Text(labels.tier(standard, holds)),
                Cell::Score(row.value),
                Cell::Score(row.distance),
                Cell::Text(row.side.id()),
                Cell::Text(&row.moves),
            ]
        })
        .collect();
    Sheet {
        name: "Calibration",
        columns: CALIBRATION_COLUMNS.map(String::from).to_vec(),
        rows,
        tier_column: Some(0),
    }
}

/// `--rejects FILE.xlsx`: the rows set aside as a workbook with one sheet,
/// "Rejects", with the CSV's columns: file, line (a number), reason, and
/// the row as written (a plain string, so it is never run as a formula).
pub(crate) fn rejects_workbook(
    rejected: &[crate::evidence::RejectedRow],
) -> Result<Vec<u8>, XlsxError> {
    let sheet = Sheet {
        name: "Rejects",
        columns: REJECTS_COLUMNS.map(String::from).to_vec(),
        rows: rejected
            .iter()
            .map(|row| {
                vec![
                    Cell::Text(&row.file),
                    Cell::Count(row.line),
                    Cell::Text(&row.reason),
                    Cell::Text(&row.text),
                ]
            })
            .collect(),
        tier_column: None,
    };
    workbook(&[sheet], 0, &[])
}

/// The columns of the rejects file, CSV or workbook.
pub(crate) const REJECTS_COLUMNS: [&str; 4] = ["file", "line", "reason", "row"];
