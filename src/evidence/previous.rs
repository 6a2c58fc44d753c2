//! The previous quarter's `ladder grade` export, read for `--previous`: CSV
//! (in any encoding the quarter's files may come in), ladder's own
//! workbook, or JSON. What it says about movement is worked out in
//! `analysis::movement`.

use std::collections::HashMap;
use std::path::Path;

use super::table::other_delimiter;
use super::{Source, as_csv, trim_cell};
use crate::diagnostic::{Diagnostic, Location, Problems};
use crate::number::parse_number;

/// The sheet of ladder's own workbook that holds the ranking.
pub(crate) const RANKING_SHEET: &str = "Ranking";

/// A manager as the previous export shows them.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Previous {
    /// The tier id; `None` when the manager was incomplete.
    pub tier: Option<String>,
    pub rank: Option<u32>,
    pub composite: Option<f64>,
}

/// A previous quarter's export: its managers by id, in its order.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct PreviousQuarter {
    pub managers: Vec<(String, Previous)>,
    /// Said while reading it: an encoding that was guessed.
    pub warnings: Vec<Diagnostic>,
}

impl PreviousQuarter {
    /// The export's managers by id.
    pub(crate) fn by_id(&self) -> HashMap<&str, &Previous> {
        self.managers
            .iter()
            .map(|(id, p)| (id.as_str(), p))
            .collect()
    }
}

/// Reads a previous `ladder grade` export: CSV (`manager_id`, `tier`,
/// `rank`, `composite` columns) or JSON (its `managers` array). The CSV may
/// come as the quarter's files do: in GB18030 or UTF-16, or as a workbook's
/// sheet (ladder's own workbook holds the ranking on its first sheet).
pub(crate) fn read_previous(path: &Path) -> Result<PreviousQuarter, Problems> {
    let label = path.display().to_string();
    let whole_file =
        |message: String| Problems::new(vec![Diagnostic::new(Location::file(&label), message)]);
    // `--encoding` names the quarter's encoding; the export is ladder's own
    // (UTF-8) or the analyst's copy of it, so its encoding is detected.
    let csv = as_csv(&Source::new(path), None).map_err(whole_file)?;
    let bytes = std::fs::read(&csv.source.path).map_err(|error| {
        whole_file(if error.kind() == std::io::ErrorKind::NotFound {
            "file not found".to_string()
        } else {
            format!("cannot read the previous quarter: {error}")
        })
    })?;
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    let read = if first == Some(&b'{') && !csv.source.sheet {
        read_json(bytes, &label)
    } else {
        read_csv(bytes, &csv.source)
    };
    // A guessed encoding is said with the errors too: it may be why.
    match read {
        Ok(mut quarter) => {
            quarter.warnings.extend(csv.warning);
            Ok(quarter)
        }
        Err(mut problems) => {
            problems.warnings.extend(csv.warning);
            Err(problems)
        }
    }
}

/// Reads the CSV export `bytes`, whose places are named after `source`.
fn read_csv(bytes: &[u8], source: &Source) -> Result<PreviousQuarter, Problems> {
    let lines = LineCount::new(bytes);
    // An export written with `--delimiter` is read back with it: its
    // header tells which, as a quarter's file's does.
    let header = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let delimiter = match header.contains(&b',') {
        true => b',',
        false => other_delimiter(&String::from_utf8_lossy(header), b',').unwrap_or(b','),
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(bytes);
    let columns = export_columns(&mut reader, &lines, source)?;
    let mut errors = Vec::new();
    let (quarter, record_lines) = read_records(&mut reader, &lines, source, columns, &mut errors);
    let place = if source.sheet { "row" } else { "line" };
    for problem in check_ids(&quarter.managers) {
        errors.push(match problem {
            IdProblem::Missing(index) => Diagnostic::new(
                at(source, record_lines[index], Some(columns[0])),
                "the row has no manager_id".to_string(),
            ),
            IdProblem::Twice(index, first) => Diagnostic::new(
                at(source, record_lines[index], None),
                format!(
                    "manager `{}` is in the export twice (first on {place} {})",
                    quarter.managers[index].0, record_lines[first]
                ),
            ),
        });
    }
    if errors.is_empty() {
        Ok(quarter)
    } else {
        Err(Problems::new(errors))
    }
}

/// A place in the export: a line (a row of a sheet), or a cell.
fn at(source: &Source, line: u64, column: Option<usize>) -> Location {
    match column {
        Some(column) => Location::cell(&source.label, line, column as u64 + 1),
        None => Location::line(&source.label, line),
    }
    .in_sheet(source.sheet)
}

/// Where the export's `manager_id`, `tier`, `rank` and `composite` are.
fn export_columns(
    reader: &mut csv::Reader<&[u8]>,
    lines: &LineCount,
    source: &Source,
) -> Result<[usize; 4], Problems> {
    let header_line = lines.at(0);
    let header: Vec<String> = match reader.byte_headers() {
        Ok(header) => header
            .iter()
            .map(|name| trim_cell(&String::from_utf8_lossy(name)).to_string())
            .collect(),
        Err(error) => {
            let message = format!("not a ladder export: {error}");
            return Err(Problems::new(vec![Diagnostic::new(
                at(source, header_line, None),
                message,
            )]));
        }
    };
    let mut errors = Vec::new();
    let mut columns = [0; 4];
    for (slot, name) in columns
        .iter_mut()
        .zip(["manager_id", "tier", "rank", "composite"])
    {
        match header.iter().position(|h| h == name) {
            Some(position) => *slot = position,
            None => errors.push(Diagnostic::new(
                at(source, header_line, None),
                format!(
                    "not a ladder export: the header has no `{name}` column{}",
                    ranking_sheet_hint(source)
                ),
            )),
        }
    }
    if errors.is_empty() {
        Ok(columns)
    } else {
        Err(Problems::new(errors))
    }
}

/// The export's managers, and the line each is on; bad cells are errors.
fn read_records(
    reader: &mut csv::Reader<&[u8]>,
    lines: &LineCount,
    source: &Source,
    [id, tier, rank, composite]: [usize; 4],
    errors: &mut Vec<Diagnostic>,
) -> (PreviousQuarter, Vec<u64>) {
    let mut quarter = PreviousQuarter::default();
    let mut record_lines = Vec::new();
    let mut record = csv::ByteRecord::new();
    loop {
        let line = lines.at(reader.position().byte() as usize);
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(error) => {
                let line = error
                    .position()
                    .map_or(line, |p| lines.at(p.byte() as usize));
                errors.push(Diagnostic::new(
                    at(source, line, None),
                    format!("malformed CSV: {error}"),
                ));
                continue;
            }
        }
        let line = record
            .position()
            .map_or(line, |p| lines.at(p.byte() as usize));
        let mut cell = |column: usize| match std::str::from_utf8(record.get(column).unwrap_or(b""))
        {
            Ok(text) => Some(trim_cell(text)),
            Err(_) => {
                errors.push(Diagnostic::new(
                    at(source, line, Some(column)),
                    "the cell is not UTF-8 text",
                ));
                None
            }
        };
        let texts = [cell(id), cell(tier), cell(rank), cell(composite)];
        // A cell that is not text is its only error: the row is not read on.
        let [
            Some(id_text),
            Some(tier_text),
            Some(rank_text),
            Some(composite_text),
        ] = texts
        else {
            continue;
        };
        record_lines.push(line);
        let mut number = |column: usize, text: &str| match text {
            "" => None,
            text => {
                let value = parse_number(text);
                if value.is_none() {
                    errors.push(Diagnostic::new(
                        at(source, line, Some(column)),
                        format!("`{text}` is not a number"),
                    ));
                }
                value
            }
        };
        let rank = number(rank, rank_text).map(|r| r as u32);
        let composite = number(composite, composite_text);
        let tier = Some(tier_text)
            .filter(|t| !t.is_empty())
            .map(str::to_string);
        let previous = Previous {
            tier,
            rank,
            composite,
        };
        quarter.managers.push((id_text.to_string(), previous));
    }
    (quarter, record_lines)
}

/// For a header read from a workbook's sheet other than `Ranking`: where
/// ladder's own workbook keeps the ranking.
fn ranking_sheet_hint(source: &Source) -> String {
    match source.label.rsplit_once('#') {
        Some((book, sheet)) if source.sheet && sheet != RANKING_SHEET => format!(
            " (ladder's workbook holds the ranking on sheet `{RANKING_SHEET}`: give `{book}#{RANKING_SHEET}`)"
        ),
        _ => String::new(),
    }
}

/// The line (from 1) a record starts on, from the byte offset the csv
/// crate gives it.
struct LineCount<'b> {
    bytes: &'b [u8],
    /// The offset of every `\n`.
    breaks: Vec<usize>,
}

impl LineCount<'_> {
    fn new(bytes: &[u8]) -> LineCount<'_> {
        LineCount {
            bytes,
            breaks: memchr::memchr_iter(b'\n', bytes).collect(),
        }
    }

    /// The line of the first byte from `offset` on that ends no line: after
    /// a `\r\n` the csv crate puts the next record at the `\n`.
    fn at(&self, offset: usize) -> u64 {
        let start = self
            .bytes
            .get(offset..)
            .and_then(|rest| rest.iter().position(|&b| b != b'\r' && b != b'\n'))
            .map_or(self.bytes.len(), |skipped| offset + skipped);
        self.breaks.partition_point(|&b| b < start) as u64 + 1
    }
}

/// What makes an export ambiguous about a manager: an entry without an id,
/// or an id a second time (with the index of the first).
enum IdProblem {
    Missing(usize),
    Twice(usize, usize),
}

/// An export that names a manager twice, or a manager without an id, cannot
/// say where anyone was.
fn check_ids(managers: &[(String, Previous)]) -> Vec<IdProblem> {
    let mut first: HashMap<&str, usize> = HashMap::new();
    let mut problems = Vec::new();
    for (index, (id, _)) in managers.iter().enumerate() {
        if id.is_empty() {
            problems.push(IdProblem::Missing(index));
        } else if let Some(&before) = first.get(id.as_str()) {
            problems.push(IdProblem::Twice(index, before));
        } else {
            first.insert(id, index);
        }
    }
    problems
}

/// Reads the JSON export `bytes`; problems are the file's.
fn read_json(bytes: &[u8], label: &str) -> Result<PreviousQuarter, Problems> {
    let problems = |messages: Vec<String>| {
        let diagnostics = messages
            .into_iter()
            .map(|message| Diagnostic::new(Location::file(label), message))
            .collect();
        Problems::new(diagnostics)
    };
    let quarter = json_managers(bytes).map_err(problems)?;
    let ids = check_ids(&quarter.managers);
    if ids.is_empty() {
        return Ok(quarter);
    }
    let messages = ids
        .into_iter()
        .map(|problem| match problem {
            IdProblem::Missing(index) => format!("manager {} has no manager_id", index + 1),
            IdProblem::Twice(index, first) => format!(
                "manager `{}` is in the export twice (managers {} and {})",
                quarter.managers[index].0,
                first + 1,
                index + 1
            ),
        })
        .collect();
    Err(problems(messages))
}

fn json_managers(bytes: &[u8]) -> Result<PreviousQuarter, Vec<String>> {
    let value: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|error| vec![format!("not a ladder JSON export: {error}")])?;
    let managers = value["managers"]
        .as_array()
        .ok_or_else(|| vec!["not a ladder JSON export: it has no `managers` array".to_string()])?;
    let mut problems = Vec::new();
    let mut quarter = PreviousQuarter::default();
    for (index, manager) in managers.iter().enumerate() {
        let mut field = |key: &str, read: &dyn Fn(&serde_json::Value) -> bool| {
            let value = &manager[key];
            if !value.is_null() && !read(value) {
                problems.push(format!(
                    "manager {}: `{key}` is {value}, not {}",
                    index + 1,
                    if key == "tier" || key == "manager_id" {
                        "text"
                    } else {
                        "a number"
                    }
                ));
            }
        };
        let number = |value: &serde_json::Value| {
            value
                .as_f64()
                .or_else(|| value.as_str().and_then(parse_number))
        };
        field("manager_id", &|value| value.is_string());
        field("tier", &|value| value.is_string());
        field("rank", &|value| number(value).is_some());
        field("composite", &|value| number(value).is_some());
        quarter.managers.push((
            manager["manager_id"]
                .as_str()
                .unwrap_or_default()
                .trim()
                .to_string(),
            Previous {
                tier: manager["tier"]
                    .as_str()
                    .filter(|t| !t.is_empty())
                    .map(str::to_string),
                rank: number(&manager["rank"]).map(|r| r as u32),
                composite: number(&manager["composite"]),
            },
        ));
    }
    if problems.is_empty() {
        Ok(quarter)
    } else {
        Err(problems)
    }
}
