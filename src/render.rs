//! Turning the ranked result into text: a terminal table, CSV, JSON or
//! markdown. Every format is drawn from one [`Ranking`], so they agree cell
//! for cell; no renderer computes a score.

use std::fmt::Write as _;

use comfy_table::{CellAlignment, ContentArrangement, Table, presets};
use serde_json::{Map, Value};

use crate::evidence::Roster;
use crate::grade::{Grades, Placement, Status, shown};
use crate::standard::Standard;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Csv,
    Json,
    Markdown,
}

impl Format {
    /// The format a file's extension asks for.
    pub fn from_extension(path: &std::path::Path) -> Option<Format> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            "md" | "markdown" => Some(Format::Markdown),
            "txt" => Some(Format::Table),
            _ => None,
        }
    }
}

/// A cell of the ranking, typed so that JSON can tell numbers from text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Empty,
    Text(String),
    /// A number already formatted with its exact decimals (`85.00`).
    Number(String),
}

impl Cell {
    fn text(&self) -> &str {
        match self {
            Cell::Empty => "",
            Cell::Text(text) | Cell::Number(text) => text,
        }
    }

    fn score(score: Option<f64>, precision: u32) -> Cell {
        match score {
            Some(_) => Cell::Number(shown(score, precision)),
            None => Cell::Empty,
        }
    }

    fn optional_text(text: Option<&str>) -> Cell {
        text.map_or(Cell::Empty, |t| Cell::Text(t.to_string()))
    }
}

/// The ranked table as data: SPEC §7's columns, one row per manager shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranking {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    pub standard_id: String,
    pub standard_name: String,
    pub standard_version: String,
    pub precision: u32,
    pub warnings: Vec<String>,
}

/// Which rows to show; ranks, tiers and quotas still come from everyone.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub team: Option<String>,
    /// A tier id, or `none`, or `incomplete`.
    pub tier: Option<String>,
    pub top: Option<u32>,
}

impl Ranking {
    pub fn new(
        standard: &Standard,
        roster: &Roster,
        grades: &Grades,
        filter: &Filter,
        warnings: Vec<String>,
    ) -> Ranking {
        let precision = standard.precision;
        let methods: Vec<_> = standard.methods_in_use().collect();
        let mut columns: Vec<String> = ["rank", "manager_id", "name", "team", "composite", "tier"]
            .map(String::from)
            .to_vec();
        columns.extend(methods.iter().map(|m| m.id().to_string()));
        columns.extend(standard.competencies.iter().map(|c| c.id.clone()));
        columns.extend(["status", "note"].map(String::from));

        let mut rows = Vec::new();
        for grade in &grades.grades {
            let manager = &roster.managers[grade.manager];
            let tier_id = match grade.placement {
                Some(Placement::Tier(index)) => Some(standard.tiers[index].id.as_str()),
                Some(Placement::None) => Some("none"),
                None => None,
            };
            let shown_tier = if grade.status == Status::Incomplete {
                "incomplete"
            } else {
                tier_id.unwrap_or("")
            };
            let keep = filter
                .team
                .as_deref()
                .is_none_or(|team| manager.team.as_deref() == Some(team))
                && filter.tier.as_deref().is_none_or(|tier| tier == shown_tier)
                && filter
                    .top
                    .is_none_or(|top| grade.rank.is_some_and(|rank| rank <= top));
            if !keep {
                continue;
            }
            let mut row = vec![
                grade
                    .rank
                    .map_or(Cell::Empty, |rank| Cell::Number(rank.to_string())),
                Cell::Text(manager.id.clone()),
                Cell::Text(manager.name.clone()),
                Cell::optional_text(manager.team.as_deref()),
                Cell::score(
                    grade
                        .scores
                        .composite
                        .filter(|_| grade.status == Status::Graded),
                    precision,
                ),
                Cell::optional_text(tier_id),
            ];
            row.extend(
                methods
                    .iter()
                    .map(|m| Cell::score(grade.scores.methods[m.index()], precision)),
            );
            row.extend(
                grade
                    .scores
                    .competencies
                    .iter()
                    .map(|&score| Cell::score(score, precision)),
            );
            row.push(Cell::Text(grade.status.id().to_string()));
            row.push(Cell::Text(grade.note.clone()));
            rows.push(row);
        }
        Ranking {
            columns,
            rows,
            standard_id: standard.id.clone(),
            standard_name: standard.name.clone(),
            standard_version: standard.version.clone(),
            precision,
            warnings,
        }
    }

    pub fn render(&self, format: Format, width: Option<u16>) -> String {
        match format {
            Format::Table => self.table(width),
            Format::Csv => self.csv(),
            Format::Json => self.json(),
            Format::Markdown => self.markdown(),
        }
    }

    fn csv(&self) -> String {
        let mut writer = csv::Writer::from_writer(Vec::new());
        let mut write = || -> csv::Result<Vec<u8>> {
            writer.write_record(&self.columns)?;
            for row in &self.rows {
                writer.write_record(row.iter().map(Cell::text))?;
            }
            writer.flush()?;
            Ok(writer.get_ref().clone())
        };
        // Writing to memory cannot fail.
        String::from_utf8(write().unwrap_or_default()).unwrap_or_default()
    }

    fn json(&self) -> String {
        let managers: Vec<Value> = self
            .rows
            .iter()
            .map(|row| {
                let object: Map<String, Value> = self
                    .columns
                    .iter()
                    .zip(row)
                    .map(|(column, cell)| (column.clone(), json_value(cell)))
                    .collect();
                Value::Object(object)
            })
            .collect();
        let mut document = Map::new();
        let mut standard = Map::new();
        standard.insert("id".into(), Value::String(self.standard_id.clone()));
        standard.insert("name".into(), Value::String(self.standard_name.clone()));
        standard.insert(
            "version".into(),
            Value::String(self.standard_version.clone()),
        );
        document.insert("standard".into(), Value::Object(standard));
        document.insert("precision".into(), Value::from(self.precision));
        document.insert(
            "columns".into(),
            Value::Array(self.columns.iter().cloned().map(Value::String).collect()),
        );
        document.insert("managers".into(), Value::Array(managers));
        document.insert(
            "warnings".into(),
            Value::Array(self.warnings.iter().cloned().map(Value::String).collect()),
        );
        let mut text = serde_json::to_string_pretty(&Value::Object(document)).unwrap_or_default();
        text.push('\n');
        text
    }

    fn markdown(&self) -> String {
        let escape = |text: &str| text.replace('|', "\\|").replace('\n', " ");
        let mut out = String::new();
        let _ = writeln!(
            out,
            "| {} |",
            self.columns
                .iter()
                .map(|c| escape(c))
                .collect::<Vec<_>>()
                .join(" | ")
        );
        let align: Vec<&str> = self
            .columns
            .iter()
            .enumerate()
            .map(|(index, _)| {
                if self.is_numeric_column(index) {
                    "---:"
                } else {
                    "---"
                }
            })
            .collect();
        let _ = writeln!(out, "| {} |", align.join(" | "));
        for row in &self.rows {
            let cells: Vec<String> = row.iter().map(|cell| escape(cell.text())).collect();
            let _ = writeln!(out, "| {} |", cells.join(" | "));
        }
        out
    }

    fn is_numeric_column(&self, index: usize) -> bool {
        self.rows
            .iter()
            .any(|row| matches!(row[index], Cell::Number(_)))
    }

    fn table(&self, width: Option<u16>) -> String {
        let mut table = Table::new();
        table.load_style(presets::UTF8_FULL_CONDENSED);
        match width {
            Some(width) => {
                table.set_content_arrangement(ContentArrangement::Dynamic);
                table.set_width(width);
            }
            None => {
                table.set_content_arrangement(ContentArrangement::Disabled);
            }
        }
        table.set_header(self.columns.clone());
        for row in &self.rows {
            let cells: Vec<comfy_table::Cell> = row
                .iter()
                .map(|cell| {
                    let shown = comfy_table::Cell::new(cell.text());
                    if matches!(cell, Cell::Number(_)) {
                        shown.set_alignment(CellAlignment::Right)
                    } else {
                        shown
                    }
                })
                .collect();
            table.add_row(cells);
        }
        let mut text = table.to_string();
        text.push('\n');
        text
    }
}

fn json_value(cell: &Cell) -> Value {
    match cell {
        Cell::Empty => Value::Null,
        Cell::Text(text) => Value::String(text.clone()),
        // With serde_json's arbitrary precision a number keeps its text, so
        // 85.00 is written as 85.00, not as the f64 85.0.
        Cell::Number(text) => {
            serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.clone()))
        }
    }
}
