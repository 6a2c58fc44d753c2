//! Turning results into text: a terminal table, CSV, JSON or markdown (HTML
//! pages are drawn by [`crate::output::html`]). Every
//! format is drawn from the rows of one `Listing` (the `Ranking`, the gap
//! reports), so they agree cell for cell; no renderer computes a score. Rows
//! are made as they are written, so a national roster costs no table in
//! memory.

use std::io::{self, Write};

use comfy_table::{CellAlignment, ContentArrangement, Table, presets};
use rayon::prelude::*;

use crate::analysis::movement::{Move, Movement};
use crate::engine::grade::{Grade, Grades, NO_TIER, Status};
use crate::evidence::Roster;
use crate::number::{round_score, write_score};
use crate::standard::{Competency, Method, Standard};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Csv,
    Json,
    Markdown,
    /// An Excel workbook (`grade` only, to a file).
    Xlsx,
    /// A self-contained HTML page (`explain` only, for now).
    Html,
}

impl Format {
    /// The format a file's extension asks for.
    pub(crate) fn from_extension(path: &std::path::Path) -> Option<Format> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            "md" | "markdown" => Some(Format::Markdown),
            "txt" => Some(Format::Table),
            "xlsx" => Some(Format::Xlsx),
            "html" | "htm" => Some(Format::Html),
            _ => None,
        }
    }
}

/// A cell of the ranking, typed so that JSON can tell numbers from text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Cell<'a> {
    Empty,
    Text(&'a str),
    /// A rounded 0–100 score, shown with the standard's precision.
    Score(f64),
    Rank(u32),
    /// A whole number of things (managers).
    Count(u64),
    /// A number shown with this many decimals (a weight, a share).
    Fixed(f64, u32),
    /// A number as people write it, without trailing zeros (tenure years).
    Plain(f64),
}

impl Cell<'_> {
    /// The cell as every text format shows it.
    pub(crate) fn shown(&self, precision: u32) -> String {
        let mut text = String::new();
        self.write_text(precision, &mut text);
        text
    }

    /// The cell as text: what CSV, markdown and the table show.
    fn write_text(&self, precision: u32, out: &mut String) {
        use std::fmt::Write as _;
        out.clear();
        match *self {
            Cell::Empty => {}
            Cell::Text(text) => out.push_str(text),
            Cell::Score(score) => write_score(out, score, precision),
            Cell::Rank(rank) => {
                let _ = write!(out, "{rank}");
            }
            Cell::Count(count) => {
                let _ = write!(out, "{count}");
            }
            Cell::Fixed(value, decimals) => {
                write_score(out, round_score(value, decimals), decimals)
            }
            Cell::Plain(value) => out.push_str(&crate::number::trim_number(value)),
        }
    }

    fn is_number(&self) -> bool {
        matches!(
            self,
            Cell::Score(_) | Cell::Rank(_) | Cell::Count(_) | Cell::Fixed(..) | Cell::Plain(_)
        )
    }
}

/// How CSV is written: its delimiter, and whether for Excel (a UTF-8
/// byte-order mark and CRLF line ends, so Excel reads it as UTF-8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CsvStyle {
    pub delimiter: u8,
    pub excel: bool,
}

impl Default for CsvStyle {
    fn default() -> CsvStyle {
        CsvStyle {
            delimiter: b',',
            excel: false,
        }
    }
}

impl CsvStyle {
    pub(crate) fn writer<W: Write>(&self, out: W) -> csv::Writer<W> {
        let terminator = if self.excel {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        };
        csv::WriterBuilder::new()
            .delimiter(self.delimiter)
            .terminator(terminator)
            .from_writer(out)
    }

    /// What starts the file: the byte-order mark, for Excel.
    pub(crate) fn start(&self, out: &mut dyn Write) -> io::Result<()> {
        if self.excel {
            out.write_all("\u{feff}".as_bytes())?;
        }
        Ok(())
    }
}

/// A text cell as written to a file people open in a spreadsheet: one that
/// begins with `=`, `+`, `-`, `@`, a tab or a carriage return would be read
/// as a formula, so it gets a leading apostrophe (OWASP's advice for CSV
/// exports). Numbers are never text cells, so never touched.
pub(crate) fn inert(text: &str) -> std::borrow::Cow<'_, str> {
    // A cell that is a plain number (`-7`, `-0.5`) is shown as that number,
    // never run: an id like that stays as it is.
    if text.starts_with(['=', '+', '-', '@', '\t', '\r'])
        && crate::number::parse_number(text).is_none()
    {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// The columns `--previous` adds, after `note`.
pub(crate) const MOVEMENT_COLUMNS: [&str; 4] =
    ["previous_tier", "previous_rank", "move", "composite_change"];

/// How outputs label tiers and competencies: by id (the default, stable
/// for scripts) or by the standard's names, for people.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Labels {
    #[default]
    Ids,
    Names,
}

impl Labels {
    /// A tier as shown. `none`, and an id this standard does not have (an
    /// older quarter's), stay as they are under names too.
    pub(crate) fn tier<'a>(self, standard: &'a Standard, id: &'a str) -> &'a str {
        match self {
            Labels::Ids => id,
            Labels::Names => standard
                .tiers
                .iter()
                .find(|tier| tier.id == id)
                .map_or(id, |tier| tier.name.as_str()),
        }
    }

    pub(crate) fn competency(self, competency: &Competency) -> &str {
        match self {
            Labels::Ids => &competency.id,
            Labels::Names => &competency.name,
        }
    }

    /// Every tier's label, top first.
    pub(crate) fn tiers(self, standard: &Standard) -> Vec<String> {
        standard
            .tiers
            .iter()
            .map(|tier| self.tier(standard, &tier.id).to_string())
            .collect()
    }

    /// Why these labels cannot tell the standard's tiers apart (two tiers
    /// of one name, a tier named `none`), or `columns` (label, what it is)
    /// apart: ids are unique and keep clear of reserved words, names need
    /// not. `None` when they can, and always for ids.
    fn clash(self, standard: &Standard, columns: &[(String, String)]) -> Option<String> {
        if self == Labels::Ids {
            return None;
        }
        // An export written with names is read back by id first (`--previous`,
        // `--tier`): a name that is another tier's id would read as that tier.
        for tier in &standard.tiers {
            if let Some(other) = standard
                .tiers
                .iter()
                .find(|other| other.id != tier.id && other.id == tier.name)
            {
                return Some(format!(
                    "tier `{}` is named `{}`, the id of tier `{}`",
                    tier.id, tier.name, other.id
                ));
            }
        }
        let tiers: Vec<(String, String)> =
            [(NO_TIER.to_string(), "`none` (no tier met)".to_string())]
                .into_iter()
                .chain(
                    standard
                        .tiers
                        .iter()
                        .map(|tier| (tier.name.clone(), format!("tier `{}`", tier.id))),
                )
                .collect();
        [tiers.as_slice(), columns]
            .into_iter()
            .find_map(|labelled| {
                labelled
                    .iter()
                    .enumerate()
                    .find_map(|(index, (label, what))| {
                        labelled[..index]
                            .iter()
                            .find(|(earlier, _)| earlier == label)
                            .map(|(_, other)| {
                                format!("{other} and {what} are both named `{label}`")
                            })
                    })
            })
    }
}

/// Which rows to show; ranks, tiers and quotas still come from everyone.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub team: Option<String>,
    /// A tier id, or `none`, or `incomplete`.
    pub tier: Option<String>,
    pub top: Option<u32>,
}

/// The ranking's columns before the methods' and the competencies'.
const FIRST_COLUMNS: [&str; 6] = ["rank", "manager_id", "name", "team", "composite", "tier"];
/// The ranking's columns after the competencies' (and before the movement's).
const LAST_COLUMNS: [&str; 2] = ["status", "note"];

/// Why `labels` cannot tell this standard's tiers, or the ranking's columns
/// (with the movement's, when `movements`), apart.
pub(crate) fn label_clash(standard: &Standard, labels: Labels, movements: bool) -> Option<String> {
    let fixed = FIRST_COLUMNS
        .into_iter()
        .chain(standard.methods_in_use().map(Method::id))
        .chain(LAST_COLUMNS)
        .chain(MOVEMENT_COLUMNS.into_iter().filter(|_| movements));
    let mut columns: Vec<(String, String)> = fixed
        .map(|column| (column.to_string(), format!("the column `{column}`")))
        .collect();
    columns.extend(standard.competencies.iter().map(|competency| {
        (
            labels.competency(competency).to_string(),
            format!("competency `{}`", competency.id),
        )
    }));
    labels.clash(standard, &columns)
}

/// The ranked table of SPEC §7: its columns, and its rows made on demand.
pub(crate) struct Ranking<'a> {
    standard: &'a Standard,
    roster: &'a Roster,
    grades: &'a Grades,
    filter: &'a Filter,
    methods: Vec<Method>,
    pub columns: Vec<String>,
    /// Every warning of the run, for the formats that carry them (JSON).
    warnings: Vec<String>,
    pub csv_style: CsvStyle,
    /// Colour tier names in the terminal table.
    pub colour: bool,
    /// Each manager's movement since the previous quarter (by roster
    /// index), shown in four more columns.
    movements: Option<&'a [Movement]>,
    labels: Labels,
}

impl<'a> Ranking<'a> {
    pub(crate) fn new(
        standard: &'a Standard,
        roster: &'a Roster,
        grades: &'a Grades,
        filter: &'a Filter,
        warnings: Vec<String>,
    ) -> Ranking<'a> {
        let methods: Vec<Method> = standard.methods_in_use().collect();
        let mut columns: Vec<String> = FIRST_COLUMNS.map(String::from).to_vec();
        columns.extend(methods.iter().map(|m| m.id().to_string()));
        columns.extend(standard.competencies.iter().map(|c| c.id.clone()));
        columns.extend(LAST_COLUMNS.map(String::from));
        Ranking {
            standard,
            roster,
            grades,
            filter,
            methods,
            columns,
            warnings,
            csv_style: CsvStyle::default(),
            colour: false,
            movements: None,
            labels: Labels::Ids,
        }
    }

    /// The first competency column: after the six fixed ones and the methods.
    fn first_competency_column(&self) -> usize {
        6 + self.methods.len()
    }

    /// Labels tiers and competencies by `labels`: the competency columns'
    /// names, and the tier cells.
    pub(crate) fn with_labels(mut self, labels: Labels) -> Ranking<'a> {
        let first = self.first_competency_column();
        for (column, competency) in self.columns[first..]
            .iter_mut()
            .zip(&self.standard.competencies)
        {
            *column = labels.competency(competency).to_string();
        }
        self.labels = labels;
        self
    }

    pub(crate) fn labels(&self) -> Labels {
        self.labels
    }

    /// Adds the movement columns: `previous_tier`, `previous_rank`, `move`
    /// and `composite_change`, after `note`.
    pub(crate) fn with_movements(mut self, movements: &'a [Movement]) -> Ranking<'a> {
        self.columns.extend(MOVEMENT_COLUMNS.map(String::from));
        self.movements = Some(movements);
        self
    }

    fn tier_id(&self, grade: &Grade) -> Option<&'a str> {
        grade.tier_id(self.standard)
    }

    fn tier_label(&self, grade: &Grade) -> Option<&'a str> {
        self.tier_id(grade)
            .map(|id| self.labels.tier(self.standard, id))
    }

    /// Whether the filter keeps a manager's row.
    pub(crate) fn keeps(&self, grade: &Grade) -> bool {
        let manager = &self.roster.managers[grade.manager];
        // `incomplete` picks the ungraded managers, unless a tier has that id.
        let incomplete_is_a_tier = self.standard.tiers.iter().any(|t| t.id == "incomplete");
        let shown_tier = match grade.status {
            Status::Incomplete if !incomplete_is_a_tier => "incomplete",
            Status::Incomplete => "",
            Status::Graded => self.tier_id(grade).unwrap_or(""),
        };
        self.filter
            .team
            .as_deref()
            .is_none_or(|team| manager.team.as_deref() == Some(team))
            && self
                .filter
                .tier
                .as_deref()
                .is_none_or(|tier| tier == shown_tier)
            && self
                .filter
                .top
                .is_none_or(|top| grade.rank.is_some_and(|rank| rank <= top))
    }

    fn row(&self, grade: &'a Grade) -> Vec<Cell<'a>> {
        let manager = &self.roster.managers[grade.manager];
        let score = |score: Option<f64>| score.map_or(Cell::Empty, Cell::Score);
        let text = |text: Option<&'a str>| text.map_or(Cell::Empty, Cell::Text);
        let mut row = Vec::with_capacity(self.columns.len());
        row.push(grade.rank.map_or(Cell::Empty, Cell::Rank));
        row.push(Cell::Text(&manager.id));
        row.push(Cell::Text(&manager.name));
        row.push(text(manager.team.as_deref()));
        row.push(score(
            grade
                .scores
                .composite
                .filter(|_| grade.status == Status::Graded),
        ));
        row.push(text(self.tier_label(grade)));
        row.extend(
            self.methods
                .iter()
                .map(|m| score(grade.scores.methods[m.index()])),
        );
        row.extend(grade.scores.competencies.iter().map(|&s| score(s)));
        row.push(Cell::Text(grade.status.id()));
        row.push(Cell::Text(&grade.note));
        if let Some(movement) = self.movements.and_then(|m| m.get(grade.manager)) {
            let previous = movement.previous.as_ref();
            row.push(text(
                previous
                    .and_then(|p| p.tier.as_deref())
                    .map(|tier| self.labels.tier(self.standard, tier)),
            ));
            row.push(
                previous
                    .and_then(|p| p.rank)
                    .map_or(Cell::Empty, Cell::Rank),
            );
            row.push(text(movement.moved.map(Move::id)));
            row.push(score(movement.composite_change));
        }
        row
    }

    /// Writes the ranking in `format`; a table wraps to `width` when given.
    pub(crate) fn write(
        &self,
        format: Format,
        width: Option<u16>,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let kept: Vec<&Grade> = self
            .grades
            .grades
            .iter()
            .filter(|grade| self.keeps(grade))
            .collect();
        let row = |grade: &&'a Grade| self.row(grade);
        let listing = Listing {
            standard: self.standard,
            columns: self.columns.clone(),
            numeric: self.numeric_columns(),
            key: "managers",
            items: kept,
            row: &row,
            sections: Vec::new(),
            warnings: self.warnings.clone(),
            csv_style: self.csv_style,
            tier_colours: self.colour.then(|| TierColours {
                column: 5,
                tiers: self.labels.tiers(self.standard),
            }),
        };
        match (format, width) {
            // Rank, id and name name a row; the note is the one sentence.
            (Format::Table, Some(width)) => {
                let note: Vec<usize> = self
                    .columns
                    .iter()
                    .position(|c| c == "note")
                    .into_iter()
                    .collect();
                listing.table_in_parts(3, &note, width, out)
            }
            _ => listing.write(format, width, out),
        }
    }

    /// The rows the filter keeps, in rank order.
    pub(crate) fn rows(&self) -> impl Iterator<Item = Vec<Cell<'a>>> + '_ {
        self.grades
            .grades
            .iter()
            .filter(|grade| self.keeps(grade))
            .map(|grade| self.row(grade))
    }

    /// The columns that hold numbers (ranks, the composite, scores).
    fn numeric_columns(&self) -> Vec<bool> {
        let text = ["manager_id", "name", "team", "tier", "status", "note"];
        let movement_text = ["previous_tier", "move"];
        self.columns
            .iter()
            .map(|c| !text.contains(&c.as_str()) && !movement_text.contains(&c.as_str()))
            .collect()
    }
}

/// Rows of cells under named columns, in any format.
pub(crate) struct Listing<'a, 'r, T> {
    pub standard: &'a Standard,
    pub columns: Vec<String>,
    /// The columns that hold numbers: right-aligned in tables.
    pub numeric: Vec<bool>,
    /// The JSON key of the array of rows.
    pub key: &'static str,
    /// What the rows are made from, in order.
    pub items: Vec<T>,
    pub row: &'r (dyn Fn(&T) -> Vec<Cell<'a>> + Sync),
    /// JSON sections written after the rows.
    pub sections: Vec<(&'static str, serde_json::Value)>,
    /// Every warning of the run, for the formats that carry them (JSON).
    pub warnings: Vec<String>,
    pub csv_style: CsvStyle,
    /// Colour the tiers in the terminal table.
    pub tier_colours: Option<TierColours>,
}

/// The column of tier ids in a table, coloured by tier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TierColours {
    pub column: usize,
    /// The standard's tier ids, top first.
    pub tiers: Vec<String>,
}

impl TierColours {
    /// Each tier its colour, the same in every run; `none` grey.
    fn colour(&self, tier: &str) -> comfy_table::Color {
        use comfy_table::Color;
        const PALETTE: [Color; 5] = [
            Color::Green,
            Color::Cyan,
            Color::Yellow,
            Color::Magenta,
            Color::Blue,
        ];
        self.tiers
            .iter()
            .position(|id| id == tier)
            .map_or(Color::DarkGrey, |index| PALETTE[index % PALETTE.len()])
    }
}

/// Rows formatted in one job: a national ranking is a hundred of them.
const ROWS_PER_JOB: usize = 1024;

impl<'a, T: Sync> Listing<'a, '_, T> {
    /// Writes the listing in `format`; a table wraps to `width` when given.
    pub(crate) fn write(
        &self,
        format: Format,
        width: Option<u16>,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        match format {
            Format::Table => self.table(width, out),
            Format::Csv => self.csv(out),
            Format::Json => self.json(out),
            Format::Markdown => self.markdown(out),
            Format::Xlsx => Err(io::Error::new(
                io::ErrorKind::Unsupported,
                "a workbook is written by `ladder grade` only",
            )),
            Format::Html => Err(io::Error::new(
                io::ErrorKind::Unsupported,
                "an HTML page is written by `ladder explain` only",
            )),
        }
    }

    /// Writes the rows through `write_rows`, in chunks of [`ROWS_PER_JOB`]
    /// formatted on all threads and written in order; `separator` goes
    /// between chunks.
    fn write_rows(
        &self,
        out: &mut dyn Write,
        separator: &[u8],
        write_rows: impl Fn(&mut dyn Iterator<Item = Vec<Cell<'a>>>, &mut Vec<u8>) -> io::Result<()>
        + Sync,
    ) -> io::Result<()> {
        let chunks: Vec<io::Result<Vec<u8>>> = self
            .items
            .par_chunks(ROWS_PER_JOB)
            // One chunk a job: a thread left with several would format them
            // alone while the others wait.
            .with_max_len(1)
            .map(|chunk| {
                let mut bytes = Vec::new();
                write_rows(&mut chunk.iter().map(|item| (self.row)(item)), &mut bytes)?;
                Ok(bytes)
            })
            .collect();
        for (index, chunk) in chunks.into_iter().enumerate() {
            if index > 0 {
                out.write_all(separator)?;
            }
            out.write_all(&chunk?)?;
        }
        Ok(())
    }
    fn csv(&self, out: &mut dyn Write) -> io::Result<()> {
        self.csv_style.start(out)?;
        let mut header = self.csv_style.writer(&mut *out);
        header.write_record(&self.columns)?;
        header.flush()?;
        drop(header);
        self.write_rows(out, b"", |rows, bytes| {
            let mut writer = self.csv_style.writer(bytes);
            let mut text = String::new();
            for row in rows {
                for cell in &row {
                    cell.write_text(self.standard.precision, &mut text);
                    match cell {
                        Cell::Text(_) => writer.write_field(inert(&text).as_bytes())?,
                        _ => writer.write_field(&text)?,
                    }
                }
                writer.write_record(None::<&[u8]>)?;
            }
            writer.flush()
        })
    }

    /// An object with the standard, the columns, one object per manager
    /// (keys as the CSV's columns; numbers with their exact decimals; absent
    /// values null) and the warnings. One manager per line.
    fn json(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "{{")?;
        json_preamble(self.standard, out)?;
        let keys: Vec<String> = self.columns.iter().map(|c| json_string(c)).collect();
        writeln!(out, "  \"columns\": [{}],", keys.join(", "))?;
        self.json_rows(out)?;
        writeln!(out, ",")?;
        for (name, section) in &self.sections {
            writeln!(out, "  {}: {section},", json_string(name))?;
        }
        json_warnings(&self.warnings, out)?;
        writeln!(out, "}}")?;
        Ok(())
    }

    /// `"key": [rows]`, one row object per line, without a line end.
    fn json_rows(&self, out: &mut dyn Write) -> io::Result<()> {
        let keys: Vec<String> = self.columns.iter().map(|c| json_string(c)).collect();
        write!(out, "  {}: [", json_string(self.key))?;
        let any = !self.items.is_empty();
        self.write_rows(out, b",", |rows, bytes| {
            let mut text = String::new();
            for (position, row) in rows.enumerate() {
                write!(bytes, "{}\n    {{", if position == 0 { "" } else { "," })?;
                for (index, (key, cell)) in keys.iter().zip(&row).enumerate() {
                    let separator = if index == 0 { "" } else { ", " };
                    match cell {
                        Cell::Empty => write!(bytes, "{separator}{key}: null")?,
                        Cell::Text(value) => {
                            write!(bytes, "{separator}{key}: {}", json_string(value))?
                        }
                        number => {
                            number.write_text(self.standard.precision, &mut text);
                            write!(bytes, "{separator}{key}: {text}")?;
                        }
                    }
                }
                write!(bytes, "}}")?;
            }
            Ok(())
        })?;
        write!(out, "{}]", if any { "\n  " } else { "" })
    }

    fn markdown(&self, out: &mut dyn Write) -> io::Result<()> {
        let escape = |text: &str| text.replace('|', "\\|").replace(['\n', '\r'], " ");
        let header: Vec<String> = self.columns.iter().map(|c| escape(c)).collect();
        writeln!(out, "| {} |", header.join(" | "))?;
        let align: Vec<&str> = self
            .numeric
            .iter()
            .map(|&n| if n { "---:" } else { "---" })
            .collect();
        writeln!(out, "| {} |", align.join(" | "))?;
        self.write_rows(out, b"", |rows, bytes| {
            let mut text = String::new();
            for row in rows {
                let cells: Vec<String> = row
                    .iter()
                    .map(|cell| {
                        cell.write_text(self.standard.precision, &mut text);
                        match cell {
                            Cell::Text(_) => escape(&inert(&text)),
                            _ => escape(&text),
                        }
                    })
                    .collect();
                writeln!(bytes, "| {} |", cells.join(" | "))?;
            }
            Ok(())
        })
    }

    fn table(&self, width: Option<u16>, out: &mut dyn Write) -> io::Result<()> {
        let mut table = self.new_table();
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
        for item in &self.items {
            table.add_row(self.table_row(item));
        }
        writeln!(out, "{table}")
    }

    /// The table for a terminal `width` wide: its columns cut into parts
    /// that fit, each repeating the first `key` columns (what names a row),
    /// one part under the other. No cell is wrapped, except a
    /// `prose` column too wide to fit beside the key even alone, which wraps
    /// at its spaces: a number, an id or a tier is never broken.
    pub(crate) fn table_in_parts(
        &self,
        key: usize,
        prose: &[usize],
        width: u16,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let rows: Vec<Vec<comfy_table::Cell>> =
            self.items.iter().map(|item| self.table_row(item)).collect();
        let mut whole = Table::new();
        whole.set_header(self.columns.clone());
        for row in &rows {
            whole.add_row(row.clone());
        }
        let content = whole.column_max_content_widths();
        // A column takes its content, a space either side and a border; the
        // table one more border.
        let drawn = |part: &[usize]| -> usize {
            1 + part
                .iter()
                .map(|&column| usize::from(content[column]) + 3)
                .sum::<usize>()
        };
        let fits = |part: &[usize]| drawn(part) <= usize::from(width);
        for (index, part) in cut_columns(self.columns.len(), key, fits)
            .iter()
            .enumerate()
        {
            if index > 0 {
                writeln!(out)?;
            }
            let mut table = self.new_table();
            table.set_header(part.iter().map(|&column| self.columns[column].clone()));
            let wraps = !fits(part) && part.iter().any(|column| prose.contains(column));
            if wraps {
                table.set_content_arrangement(ContentArrangement::Dynamic);
                table.set_width(width);
            } else {
                table.set_content_arrangement(ContentArrangement::Disabled);
            }
            for row in &rows {
                table.add_row(part.iter().map(|&column| row[column].clone()));
            }
            if wraps {
                for (column, &shown) in table.column_iter_mut().zip(part) {
                    if !prose.contains(&shown) {
                        column.set_constraint(comfy_table::ColumnConstraint::ContentWidth);
                    }
                }
            }
            writeln!(out, "{table}")?;
        }
        Ok(())
    }

    /// A table in the house style, coloured only where asked (a terminal,
    /// no NO_COLOR), whatever comfy-table would guess from the process's
    /// own standard output.
    fn new_table(&self) -> Table {
        let mut table = Table::new();
        table.load_style(presets::UTF8_FULL_CONDENSED);
        match &self.tier_colours {
            Some(_) => table.enforce_styling(),
            None => table.force_no_tty(),
        };
        table
    }

    /// A row's cells as the table shows them: numbers to the right, tiers
    /// in their colours.
    fn table_row(&self, item: &T) -> Vec<comfy_table::Cell> {
        let mut text = String::new();
        (self.row)(item)
            .iter()
            .enumerate()
            .map(|(column, cell)| {
                cell.write_text(self.standard.precision, &mut text);
                let mut shown = comfy_table::Cell::new(&text);
                if cell.is_number() {
                    shown = shown.set_alignment(CellAlignment::Right);
                }
                if let (Some(colours), Cell::Text(tier)) = (&self.tier_colours, cell)
                    && colours.column == column
                {
                    shown = shown.fg(colours.colour(tier));
                }
                shown
            })
            .collect()
    }
}

/// The columns of each part when a table of `columns` columns is cut into
/// tables of at most `per_part` more, each repeating the first two (level
/// and name): a page and a terminal are narrow, and a table cut so prints
/// whole. A table that fits is one part.
pub(crate) fn narrow_parts(columns: usize, per_part: usize) -> Vec<Vec<usize>> {
    cut_columns(columns, 2, |part| part.len() <= per_part + 2)
}

/// The columns of each part when a table of `columns` columns is cut so
/// that each part `fits`: every part repeats the first `key` columns (what
/// names a row) and takes as many of the others, in order, as fit, and at
/// least one. A table that fits is one part.
pub(crate) fn cut_columns(
    columns: usize,
    key: usize,
    fits: impl Fn(&[usize]) -> bool,
) -> Vec<Vec<usize>> {
    let key = key.min(columns);
    let mut parts = Vec::new();
    let mut part: Vec<usize> = (0..key).collect();
    for column in key..columns {
        part.push(column);
        if part.len() > key + 1 && !fits(&part) {
            part.pop();
            parts.push(std::mem::replace(&mut part, (0..key).collect()));
            part.push(column);
        }
    }
    if part.len() > key || parts.is_empty() {
        parts.push(part);
    }
    parts
}

fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

fn json_preamble(standard: &Standard, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "  \"standard\": {{\"id\": {}, \"name\": {}, \"version\": {}}},",
        json_string(&standard.id),
        json_string(&standard.name),
        json_string(&standard.version)
    )?;
    writeln!(out, "  \"precision\": {},", standard.precision)
}

fn json_warnings(warnings: &[String], out: &mut dyn Write) -> io::Result<()> {
    let warnings: Vec<String> = warnings.iter().map(|w| json_string(w)).collect();
    writeln!(out, "  \"warnings\": [{}]", warnings.join(", "))
}

/// Several listings as one document, each under its title: tables and
/// markdown one after another; JSON one object with each listing's rows under
/// its key and the columns of each under `columns`. CSV holds one table, so
/// a CSV document is its first listing only (the caller picks which).
pub(crate) fn write_document<T: Sync>(
    listings: &[(&str, &Listing<'_, '_, T>)],
    warnings: &[String],
    format: Format,
    width: Option<u16>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let Some((_, first)) = listings.first() else {
        return Ok(());
    };
    match format {
        Format::Csv | Format::Xlsx | Format::Html => first.write(format, width, out),
        Format::Table | Format::Markdown => {
            for (index, (title, listing)) in listings.iter().enumerate() {
                if index > 0 {
                    writeln!(out)?;
                }
                if format == Format::Markdown {
                    writeln!(out, "## {title}\n")?;
                } else {
                    writeln!(out, "{title}")?;
                }
                listing.write(format, width, out)?;
            }
            Ok(())
        }
        Format::Json => {
            writeln!(out, "{{")?;
            json_preamble(first.standard, out)?;
            let columns: Vec<String> = listings
                .iter()
                .map(|(_, listing)| {
                    let names: Vec<String> =
                        listing.columns.iter().map(|c| json_string(c)).collect();
                    format!("{}: [{}]", json_string(listing.key), names.join(", "))
                })
                .collect();
            writeln!(out, "  \"columns\": {{{}}},", columns.join(", "))?;
            for (_, listing) in listings {
                listing.json_rows(out)?;
                writeln!(out, ",")?;
            }
            json_warnings(warnings, out)?;
            writeln!(out, "}}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wide_table_is_cut_into_parts_that_repeat_level_and_name() {
        assert_eq!(narrow_parts(5, 3), vec![vec![0, 1, 2, 3, 4]]);
        assert_eq!(
            narrow_parts(7, 3),
            vec![vec![0, 1, 2, 3, 4], vec![0, 1, 5, 6]]
        );
    }

    #[test]
    fn columns_are_cut_into_parts_that_fit_each_repeating_the_key() {
        let widths = [4, 6, 6, 5, 5, 30, 5];
        let fits = |part: &[usize]| part.iter().map(|&c| widths[c]).sum::<usize>() <= 25;
        assert_eq!(
            cut_columns(widths.len(), 3, fits),
            vec![
                vec![0, 1, 2, 3],
                vec![0, 1, 2, 4],
                vec![0, 1, 2, 5],
                vec![0, 1, 2, 6]
            ]
        );
        // A table that fits is one part; the key alone is a part too.
        assert_eq!(cut_columns(4, 3, |_| true), vec![vec![0, 1, 2, 3]]);
        assert_eq!(cut_columns(2, 3, |_| false), vec![vec![0, 1]]);
    }

    #[test]
    fn text_a_spreadsheet_would_run_gets_an_apostrophe() {
        for hostile in ["=1+1", "+1+1", "-1+2", "-x", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(inert(hostile), format!("'{hostile}"));
        }
        for plain in ["张三", "a=b", "1-2", "", " =x", "-7", "-0.5", "+3"] {
            assert_eq!(inert(plain), plain);
        }
    }
}
