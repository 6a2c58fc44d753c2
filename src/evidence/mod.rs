//! The quarter's evidence (SPEC §2): the roster and the four method files,
//! streamed row by row into compact per-manager state.
//!
//! Nothing keeps a row's text. Ratings and interview scores are kept as
//! (slot, rater index, score) triples, 12 bytes each, where a slot is one
//! (manager, indicator, role) group; exam and KPI results are one cell per
//! (manager, indicator).

mod encoding;
pub(crate) mod leniency;
mod number_formats;
mod plain;
pub mod previous;
mod scored;
mod sheet;
mod table;
mod texts;

use std::path::{Path, PathBuf};

pub use crate::diagnostic::column_letters;
use crate::diagnostic::{Diagnostic, ErrorList, Location, Problems, suggestion};
use crate::number::{NumberColumn, not_a_number, parse_number};
use crate::standard::{EVIDENCE_COLUMNS, KpiDirection, Method, Standard};
pub use encoding::Encoding;
use table::{
    CellProblem, Header, Outcome, Row, for_each_row, manager_of_row, match_columns, open,
    original_text,
};
pub use table::{FileProgress, FileTally, Source, trim_cell};
use texts::{KnownTexts, Probe, TextMap, same_text};

/// The file a source path names: `book.xlsx#Sheet` is `book.xlsx`.
pub(crate) fn file_of(path: &Path) -> PathBuf {
    sheet::sheet_name(path).map_or_else(|| path.to_path_buf(), |name| name.path)
}

/// `DIR/NAME.csv`, or, when there is none, the workbook `DIR/NAME.xlsx`
/// (or `.xlsm`, `.xlsb`, `.xls`, `.ods`) that stands for it.
fn in_folder_as_csv_or_workbook(folder: &Path, name: &str) -> PathBuf {
    let csv = folder.join(name);
    if csv.exists() {
        return csv;
    }
    ["xlsx", "xlsm", "xlsb", "xls", "ods"]
        .iter()
        .map(|extension| csv.with_extension(extension))
        .find(|workbook| workbook.exists())
        .unwrap_or(csv)
}

/// One manager of the roster.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Manager {
    pub id: String,
    pub name: String,
    pub team: Option<String>,
    pub branch: Option<String>,
    /// Years in the position; `None` when the roster does not say.
    pub tenure_years: Option<f64>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Roster {
    /// In the roster's order.
    pub managers: Vec<Manager>,
    /// Whether the roster has a `team` column.
    pub has_team: bool,
    index: TextMap<u32>,
    /// Ids whose roster row `--rejects` set aside.
    set_aside: rustc_hash::FxHashSet<String>,
}

impl Roster {
    pub(crate) fn position(&self, id: &str) -> Option<usize> {
        self.index.get(id).map(|&i| i as usize)
    }
}

/// The files of a quarter.
#[derive(Debug, Clone)]
pub(crate) struct QuarterFiles {
    pub roster: Source,
    pub exam: Source,
    pub ratings: Source,
    pub interview: Source,
    pub kpi: Source,
}

impl QuarterFiles {
    /// The files of a quarter's folder, each replaced by a flag's file when given.
    pub(crate) fn in_folder(
        folder: Option<&Path>,
        overrides: [Option<PathBuf>; 5],
    ) -> QuarterFiles {
        let [roster, exam, ratings, interview, kpi] = overrides;
        let pick = |given: Option<PathBuf>, name: &str| match (given, folder) {
            (Some(path), _) => Source::new(&path),
            (None, Some(folder)) => Source::new(&in_folder_as_csv_or_workbook(folder, name)),
            (None, None) => Source::new(Path::new(name)),
        };
        QuarterFiles {
            roster: pick(roster, "roster.csv"),
            exam: pick(exam, "exam.csv"),
            ratings: pick(ratings, "ratings.csv"),
            interview: pick(interview, "interview.csv"),
            kpi: pick(kpi, "kpi.csv"),
        }
    }

    fn of(&self, method: Method) -> &Source {
        match method {
            Method::Exam => &self.exam,
            Method::Ratings => &self.ratings,
            Method::Interview => &self.interview,
            Method::Kpi => &self.kpi,
        }
    }
}

/// Maps the standard's indicator indices to a method's own dense indices.
#[derive(Debug, Clone, Default)]
pub(crate) struct MethodIndicators {
    /// Standard indices of the indicators the method measures.
    pub indicators: Vec<usize>,
    local: Vec<Option<usize>>,
}

impl MethodIndicators {
    fn new(standard: &Standard, method: Method) -> MethodIndicators {
        let indicators = standard.indicators_of(method);
        let mut local = vec![None; standard.indicators.len()];
        for (position, &indicator) in indicators.iter().enumerate() {
            local[indicator] = Some(position);
        }
        MethodIndicators { indicators, local }
    }

    fn local(&self, indicator: usize) -> Option<usize> {
        self.local.get(indicator).copied().flatten()
    }

    fn count(&self) -> usize {
        self.indicators.len()
    }
}

/// A row set aside under `--rejects`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RejectedRow {
    pub file: String,
    /// A sheet of a workbook: `line` is a row number.
    pub sheet: bool,
    pub line: u64,
    pub reason: String,
    /// The row as it stands in the file.
    pub text: String,
    /// The method whose file the row is in; `None` for the roster.
    pub method: Option<Method>,
    /// The row's `manager_id`, when the row is whole enough to tell.
    pub manager_id: Option<String>,
}

impl RejectedRow {
    /// Where rows `lines` of the row's file are, as errors name a place:
    /// `q/ratings.csv:30, 31`, or `q/book.xlsx#Week 2!30`.
    fn place(&self, lines: &str) -> String {
        let separator = if self.sheet { '!' } else { ':' };
        format!("{}{separator}{lines}", self.file)
    }
}

/// Everything the quarter's files say, checked.
#[derive(Debug, Clone, Default)]
pub(crate) struct Evidence {
    pub roster: Roster,
    exam: MethodIndicators,
    /// Exam points by (manager, exam indicator); NaN when absent.
    exam_points: Vec<f64>,
    ratings: MethodIndicators,
    /// Role groups per (manager, indicator): the standard's roles, then `self`.
    role_slots: usize,
    rating_groups: scored::Groups,
    /// The raters' leniency, when `[ratings] adjust` corrects it.
    leniency: Option<leniency::Leniency>,
    interview: MethodIndicators,
    interview_groups: scored::Groups,
    kpi: MethodIndicators,
    /// (actual, target) by (manager, KPI indicator); NaN when absent.
    kpi_results: Vec<(f64, f64)>,
    pub warnings: Vec<Diagnostic>,
    pub tallies: Vec<FileTally>,
    pub rejected: Vec<RejectedRow>,
    /// Per roster manager whose evidence lost rows under `--rejects`, those
    /// rows (indices into `rejected`, in file and line order).
    rejected_of: rustc_hash::FxHashMap<usize, Vec<usize>>,
}

impl Evidence {
    /// Ties each row set aside in a method's file to its roster manager,
    /// whose note is to say the grade was made without it. A row too broken
    /// to name its manager is a warning of its own.
    fn tell_rejected_rows(&mut self) {
        for (index, row) in self.rejected.iter().enumerate() {
            match row.manager_id.as_deref() {
                // A bad roster row takes its manager out of the run, but a
                // second row of a manager who stays is evidence lost.
                Some(id) => {
                    if let Some(manager) = self.roster.position(id) {
                        self.rejected_of.entry(manager).or_default().push(index);
                    }
                }
                None if row.method.is_none() => {}
                None => self.warnings.push(Diagnostic::new(
                    Location::line(&row.file, row.line).in_sheet(row.sheet),
                    "the row set aside names no manager (its `manager_id` is empty or unreadable): no manager's note tells of it",
                )),
            }
        }
    }

    /// What a manager's evidence lost under `--rejects`, for their note:
    /// `without 2 rejected ratings (q/ratings.csv:30, 31)`.
    pub(crate) fn rejected_note(&self, manager: usize) -> Option<String> {
        const LINES_SHOWN: usize = 3;
        let rows = self.rejected_of.get(&manager)?;
        let mut parts = Vec::new();
        for group in rows.chunk_by(|&a, &b| self.rejected[a].file == self.rejected[b].file) {
            let first = &self.rejected[group[0]];
            let noun = match first.method {
                Some(Method::Exam) => "exam row",
                Some(Method::Ratings) => "rating",
                Some(Method::Interview) => "interview score",
                Some(Method::Kpi) => "KPI row",
                None => "roster row",
            };
            let mut lines: Vec<String> = group
                .iter()
                .take(LINES_SHOWN)
                .map(|&row| self.rejected[row].line.to_string())
                .collect();
            if group.len() > LINES_SHOWN {
                lines.push("…".to_string());
            }
            parts.push(format!(
                "{} rejected {noun}{} ({})",
                group.len(),
                if group.len() == 1 { "" } else { "s" },
                first.place(&lines.join(", "))
            ));
        }
        Some(format!("without {}", parts.join(" and ")))
    }

    pub(crate) fn exam_points(&self, manager: usize, indicator: usize) -> Option<f64> {
        let local = self.exam.local(indicator)?;
        let points = self.exam_points[manager * self.exam.count() + local];
        (!points.is_nan()).then_some(points)
    }

    /// The scores of one role group (`role` = the standard's role count for
    /// `self`), empty cells left out.
    /// With `[ratings] adjust`, the adjusted values (self ratings never are).
    pub(crate) fn ratings(
        &self,
        manager: usize,
        indicator: usize,
        role: usize,
    ) -> impl Iterator<Item = f64> + '_ {
        self.rated(manager, indicator, role)
            .map(|(_, _, adjusted)| adjusted)
    }

    /// The scores of one role group as (rater index, raw value, the value
    /// scoring uses): the two differ only under `[ratings] adjust`.
    pub(crate) fn rated(
        &self,
        manager: usize,
        indicator: usize,
        role: usize,
    ) -> impl Iterator<Item = (u32, f64, f64)> + '_ {
        let slot = self
            .ratings
            .local(indicator)
            .map(|local| (manager * self.ratings.count() + local) * self.role_slots + role);
        let leniency = self
            .leniency
            .as_ref()
            .filter(|_| role + 1 < self.role_slots);
        // No slot (an indicator not rated) is a slot past the last: empty.
        self.rating_groups
            .present_by_rater(slot.unwrap_or(usize::MAX))
            .map(move |(rater, value)| {
                let used = leniency.map_or(value, |table| table.adjust(rater, value));
                (rater, value, used)
            })
    }

    /// The leniency table, when `[ratings] adjust` is on.
    pub(crate) fn leniency(&self) -> Option<&leniency::Leniency> {
        self.leniency.as_ref()
    }

    /// A rater's id by index (kept only under `[ratings] adjust`).
    pub(crate) fn rater_id(&self, rater: u32) -> &str {
        self.rating_groups.rater_id(rater)
    }

    /// Every rating of others in the file, managers ascending, as
    /// (manager, rater index, raw value).
    fn ratings_of_others(&self) -> impl Iterator<Item = (usize, u32, f64)> + '_ {
        let others = self.role_slots.saturating_sub(1);
        let count = self.ratings.count();
        (0..self.roster.managers.len()).flat_map(move |manager| {
            (0..count).flat_map(move |local| {
                (0..others).flat_map(move |role| {
                    let slot = (manager * count + local) * self.role_slots + role;
                    self.rating_groups
                        .present_by_rater(slot)
                        .map(move |(rater, value)| (manager, rater, value))
                })
            })
        })
    }

    /// The interview panel's scores, empty cells left out.
    pub(crate) fn interview_scores(
        &self,
        manager: usize,
        indicator: usize,
    ) -> impl Iterator<Item = f64> + '_ {
        let slot = self
            .interview
            .local(indicator)
            .map(|local| manager * self.interview.count() + local);
        self.interview_groups.present(slot.unwrap_or(usize::MAX))
    }

    /// The interview panel's scores of one manager and indicator, each with
    /// the interviewer who gave it.
    pub(crate) fn interview_panel(
        &self,
        manager: usize,
        indicator: usize,
    ) -> impl Iterator<Item = (&str, f64)> + '_ {
        let slot = self
            .interview
            .local(indicator)
            .map(|local| manager * self.interview.count() + local);
        slot.into_iter().flat_map(|slot| {
            self.interview_groups
                .present_by_rater(slot)
                .map(|(rater, value)| (self.interview_groups.rater_id(rater), value))
        })
    }

    /// (actual, target) when both are given.
    pub(crate) fn kpi_result(&self, manager: usize, indicator: usize) -> Option<(f64, f64)> {
        let local = self.kpi.local(indicator)?;
        let (actual, target) = self.kpi_results[manager * self.kpi.count() + local];
        (!actual.is_nan() && !target.is_nan()).then_some((actual, target))
    }
}

/// Someone watching the files being read: told of each file as it starts.
pub trait Progress: Sync {
    fn file(&self, label: &str, bytes: u64) -> std::sync::Arc<dyn FileProgress>;
}

/// How to load a quarter.
#[derive(Clone, Copy, Default)]
pub(crate) struct LoadOptions<'a> {
    /// Set bad rows aside (`--rejects`) instead of failing the run.
    pub reject_rows: bool,
    /// The field delimiter of every file; `None` for `,`.
    pub delimiter: Option<u8>,
    /// The encoding of every file; `None` to detect it.
    pub encoding: Option<Encoding>,
    pub progress: Option<&'a dyn Progress>,
    /// Work out every rater's leniency even when `[ratings] adjust` is off
    /// (`report --section raters`): raters are then told apart across the
    /// file, which costs a table of them, and no rating is adjusted.
    pub rater_leniency: bool,
}

/// A file of the quarter, or the previous quarter's export, as UTF-8 CSV.
pub(crate) struct AsCsv {
    /// Where to read the CSV, and the name and kind of place errors carry:
    /// the file, or `BOOK#SHEET` for a workbook's sheet.
    pub source: Source,
    /// The temporary copy `source.path` points to, when there is one: a
    /// decoded file or a sheet. Removed when dropped.
    pub copy: Option<tempfile::TempPath>,
    /// Said when the encoding was guessed.
    pub warning: Option<Diagnostic>,
}

/// Makes `source` readable as UTF-8 CSV: a workbook's sheet copied out, a
/// file in another encoding decoded (`forced`, or detected). A file that
/// cannot be opened is left to the reader, which says why; the error is the
/// file's, without a line.
pub(crate) fn as_csv(source: &Source, forced: Option<Encoding>) -> Result<AsCsv, String> {
    let mut source = source.clone();
    if let Some(name) = sheet::sheet_name(&source.path) {
        let (path, sheet) = sheet::sheet_to_csv(&name)?;
        source.label = format!("{}#{sheet}", name.path.display());
        source.sheet = true;
        source.path = path.to_path_buf();
        return Ok(AsCsv {
            source,
            copy: Some(path),
            warning: None,
        });
    }
    match encoding::decode(&source.path, forced)? {
        encoding::Decoded::AsIs => Ok(AsCsv {
            source,
            copy: None,
            warning: None,
        }),
        encoding::Decoded::Copy {
            path,
            encoding,
            detected,
        } => {
            let warning = detected.then(|| {
                Diagnostic::new(
                    crate::diagnostic::Location::file(&source.label),
                    format!("not UTF-8: read as {encoding}"),
                )
            });
            source.path = path.to_path_buf();
            Ok(AsCsv {
                source,
                copy: Some(path),
                warning,
            })
        }
    }
}

/// A file's bar goes as soon as the file is read; what it found is taken
/// in later, in the methods' order.
fn read_done(outcome: &Outcome) {
    if let Some(progress) = &outcome.progress {
        progress.done();
    }
}

/// Reads the file of `method` with `read` when the standard uses the method.
fn read_method<T>(
    method: Method,
    in_use: &impl Fn(Method) -> bool,
    open: &impl Fn(Method) -> Outcome,
    read: impl FnOnce(&mut Outcome) -> T,
) -> Option<(Outcome, T)> {
    in_use(method).then(|| {
        let mut outcome = open(method);
        let found = read(&mut outcome);
        read_done(&outcome);
        (outcome, found)
    })
}

/// Reads and checks every file the standard needs. One function, longer
/// than most: which file is read on which thread, and the order in which
/// their problems are reported (the methods' order, whatever order they
/// were read in), are decided here together.
pub(crate) fn load(
    standard: &Standard,
    files: &QuarterFiles,
    options: LoadOptions,
) -> Result<Evidence, Problems> {
    let column_names = std::sync::Arc::new(standard.columns.clone());
    let outcome_for = |source: &Source| open_outcome(source, &options, &column_names);
    let mut evidence = Evidence::default();
    let mut errors = ErrorList::default();
    let mut finish = |outcome: Outcome, method: Option<Method>, evidence: &mut Evidence| {
        take_outcome(outcome, method, evidence, &mut errors)
    };

    let mut outcome = outcome_for(&files.roster);
    let mut roster_read = Roster::default();
    let roster_readable = read_roster(&mut outcome, &mut roster_read);
    read_done(&outcome);
    finish(outcome, None, &mut evidence);
    let roster = roster_readable.then_some(&roster_read);

    let managers = roster_read.managers.len();
    let in_use = |method: Method| standard.methods_in_use().any(|m| m == method);
    let exam_indicators = MethodIndicators::new(standard, Method::Exam);
    let kpi_indicators = MethodIndicators::new(standard, Method::Kpi);
    let mut ratings = (
        MethodIndicators::new(standard, Method::Ratings),
        Default::default(),
    );
    let mut interview = (
        MethodIndicators::new(standard, Method::Interview),
        Default::default(),
    );
    let mut outcomes: [Option<Outcome>; 4] = Default::default();
    let open = |method: Method| outcome_for(files.of(method));
    // The ratings and the interview are read in parts on every thread …
    let read_scored = |method: Method, measured: &MethodIndicators| {
        read_method(method, &in_use, &open, |outcome| {
            // Interviewers are named in the report; raters are told apart
            // across the file only when their leniency is corrected.
            let keep_rater_ids = method == Method::Interview
                || standard.ratings.adjust != crate::standard::Adjust::None
                || options.rater_leniency;
            scored::read(
                standard,
                roster,
                measured,
                method,
                managers,
                keep_rater_ids,
                outcome,
            )
        })
    };
    // … the exam and KPI files each on one thread, and all four at once:
    // threads one file's steps leave idle take the others'.
    let (ratings_read, (interview_read, (exam_read, kpi_read))) = rayon::join(
        || read_scored(Method::Ratings, &ratings.0),
        || {
            rayon::join(
                || read_scored(Method::Interview, &interview.0),
                || {
                    rayon::join(
                        || {
                            read_method(Method::Exam, &in_use, &open, |outcome| {
                                read_exam(standard, roster, &exam_indicators, managers, outcome)
                            })
                        },
                        || {
                            read_method(Method::Kpi, &in_use, &open, |outcome| {
                                read_kpi(standard, roster, &kpi_indicators, managers, outcome)
                            })
                        },
                    )
                },
            )
        },
    );
    if let Some((outcome, groups)) = ratings_read {
        (outcomes[Method::Ratings.index()], ratings.1) = (Some(outcome), groups);
    }
    if let Some((outcome, groups)) = interview_read {
        (outcomes[Method::Interview.index()], interview.1) = (Some(outcome), groups);
    }
    let mut exam = (exam_indicators, Vec::new());
    let mut kpi = (kpi_indicators, Vec::new());
    if let Some((outcome, points)) = exam_read {
        (outcomes[Method::Exam.index()], exam.1) = (Some(outcome), points);
    }
    if let Some((outcome, results)) = kpi_read {
        (outcomes[Method::Kpi.index()], kpi.1) = (Some(outcome), results);
    }
    // Warnings and errors in the methods' order, whatever order they were read in.
    for method in standard.methods_in_use() {
        if let Some(outcome) = outcomes[method.index()].take() {
            finish(outcome, Some(method), &mut evidence);
        }
    }
    if !errors.is_empty() {
        let mut problems = errors.into_problems();
        problems.warnings = evidence.warnings;
        return Err(problems);
    }
    evidence
        .rejected
        .sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    evidence.roster = roster_read;
    evidence.tell_rejected_rows();
    (evidence.exam, evidence.exam_points) = exam;
    (evidence.ratings, evidence.rating_groups) = ratings;
    evidence.role_slots = standard.ratings.roles.len() + 1;
    (evidence.interview, evidence.interview_groups) = interview;
    (evidence.kpi, evidence.kpi_results) = kpi;
    let leniency_wanted =
        standard.ratings.adjust != crate::standard::Adjust::None || options.rater_leniency;
    if leniency_wanted && in_use(Method::Ratings) {
        evidence.leniency = Some(leniency::Leniency::new(standard, || {
            evidence.ratings_of_others()
        }));
    }
    Ok(evidence)
}

/// A file of the quarter made ready to read: decoded or copied out of its
/// workbook, with its delimiter, its `[columns]` names and its progress bar.
fn open_outcome(
    source: &Source,
    options: &LoadOptions,
    column_names: &std::sync::Arc<crate::standard::ColumnNames>,
) -> Outcome {
    let mut outcome = Outcome::new(source.clone(), options.reject_rows);
    outcome.delimiter = options.delimiter.unwrap_or(b',');
    outcome.detect_delimiter = options.delimiter.is_none();
    outcome.columns = std::sync::Arc::clone(column_names);
    match as_csv(source, options.encoding) {
        Ok(csv) => {
            if csv.source.sheet {
                outcome.delimiter = b',';
                outcome.detect_delimiter = false;
            }
            outcome.source = csv.source;
            outcome.decoded = csv.copy.map(std::sync::Arc::new);
            outcome.warnings.extend(csv.warning);
        }
        Err(message) => {
            outcome.file_error(message);
            outcome.unreadable = true;
        }
    }
    let bytes = std::fs::metadata(&outcome.source.path).map_or(0, |m| m.len());
    outcome.progress = options
        .progress
        .map(|progress| progress.file(&source.label, bytes));
    outcome
}

/// Takes in what reading one file found: its count of rows, warnings,
/// errors, and the rows set aside with whose they were.
fn take_outcome(
    outcome: Outcome,
    method: Option<Method>,
    evidence: &mut Evidence,
    errors: &mut ErrorList,
) {
    evidence.tallies.push(outcome.tally());
    evidence.warnings.extend(outcome.warnings);
    let (renamed, header_line) = (&outcome.renamed, outcome.header_line);
    errors.absorb(outcome.errors, |error| {
        table::name_renamed_column(error, renamed, header_line)
    });
    for reject in outcome.rejects {
        let text = original_text(&outcome.source.path, reject.bytes);
        let manager_id = outcome
            .manager_column
            .and_then(|column| manager_of_row(&text, outcome.delimiter, column));
        evidence.rejected.push(RejectedRow {
            file: outcome.source.label.clone(),
            sheet: outcome.source.sheet,
            line: reject.line,
            reason: reject.reason,
            text,
            method,
            manager_id,
        });
    }
}

/// A tenure above this many years is warned of: no one has it.
const MOST_TENURE_YEARS: f64 = 60.0;

/// A roster row's tenure in years: `None` when empty or not a number (a
/// problem); a number no one's tenure can be is warned of.
fn tenure_cell(
    row: &Row,
    column: usize,
    outcome: &mut Outcome,
    problems: &mut Vec<CellProblem>,
) -> Option<f64> {
    let text = row.cell(column);
    if text.is_empty() {
        return None;
    }
    let years = parse_number(text);
    match years {
        None => problems.push(CellProblem::at(
            column,
            not_a_number(NumberColumn::TenureYears, text),
        )),
        // A number, but no one's tenure: most likely a date typed as one
        // (`2019.06`), which would pass every tenure rule.
        Some(years) if years > MOST_TENURE_YEARS => outcome.cell_warning(
            row.line,
            column,
            format!(
                "tenure_years {text} is more than {MOST_TENURE_YEARS} years: is it a date? write the years of tenure"
            ),
        ),
        Some(_) => {}
    }
    years
}

/// Reads the roster; false when it could not be read at all.
fn read_roster(outcome: &mut Outcome, roster: &mut Roster) -> bool {
    let Some((mut reader, header)) = open(outcome, None) else {
        return false;
    };
    let optional = ["team", "branch", "tenure_years"];
    if !match_columns(&header, outcome, &["manager_id", "name"], &optional, |_| {
        false
    }) {
        return false;
    }
    let column = |name: &str| header.position(name);
    let (id_column, name_column) = (
        column("manager_id").unwrap_or(0),
        column("name").unwrap_or(0),
    );
    let (team_column, branch_column, tenure_column) =
        (column("team"), column("branch"), column("tenure_years"));
    roster.has_team = team_column.is_some();
    // The line of each manager's row, by position, to name it for a duplicate.
    let mut lines: Vec<u64> = Vec::new();
    for_each_row(&mut reader, &header, outcome, None, |row, outcome| {
        // Each id is somewhere else in the index: the next one is fetched
        // while this row is read.
        if let Some((_, probe)) = next_line_probe(row, id_column, outcome.delimiter) {
            roster.index.prefetch_probed(&probe);
        }
        let mut problems = Vec::new();
        let id = text_cell(row, id_column, "manager_id", true, &mut problems);
        let name = text_cell(row, name_column, "name", true, &mut problems);
        let optional_text = |column: Option<usize>, problems: &mut Vec<CellProblem>| {
            column
                .map(|c| text_cell(row, c, "", false, problems))
                .filter(|text| !text.is_empty())
                .map(str::to_string)
        };
        let team = optional_text(team_column, &mut problems);
        let branch = optional_text(branch_column, &mut problems);
        let tenure_years = tenure_column.and_then(|c| tenure_cell(row, c, outcome, &mut problems));
        let first = roster.position(id).map(|position| lines[position]);
        if !id.is_empty()
            && let Some(first) = first
        {
            problems.push(CellProblem::at(
                id_column,
                format!("duplicate manager_id `{id}` (first on line {first})"),
            ));
        }
        let duplicate = first.is_some();
        let bad = outcome.row_problems(row.line, row.bytes, problems);
        // A bad row still names a manager when the run is going to fail
        // anyway: the other files must not call that manager unknown.
        if bad && outcome.reject_rows && !id.is_empty() && !duplicate {
            roster.set_aside.insert(id.to_string());
        }
        if id.is_empty() || duplicate || (bad && outcome.reject_rows) {
            return;
        }
        lines.push(row.line);
        let position = roster.managers.len() as u32;
        roster.index.get_or_insert(id, || position);
        roster.managers.push(Manager {
            id: id.to_string(),
            name: name.to_string(),
            team,
            branch,
            tenure_years,
        });
    });
    true
}

/// A text cell; an empty `required` cell is a problem.
fn text_cell<'r>(
    row: &Row<'r>,
    column: usize,
    name: &str,
    required: bool,
    problems: &mut Vec<CellProblem>,
) -> &'r str {
    let text = row.cell(column);
    if required && text.is_empty() {
        problems.push(CellProblem::at(column, format!("`{name}` is empty")));
    }
    text
}

/// Finds each row's manager in the roster (when the roster could be read).
/// Exports list a manager's rows together, so the last manager found is
/// tried first: by the probe of their id made a row ahead, when there is
/// one (three words compared, nothing copied), else by their id in the
/// roster, nothing hashed. While a file lists managers in the roster's
/// order, a new manager is looked for first just after the last; in
/// another order that guess misses, and costs a look into memory far away,
/// so it is not made until a manager is the one after the last again.
struct ManagerLookup<'a> {
    roster: Option<&'a Roster>,
    /// The last manager found, and the probe of their id when it is short.
    last: Option<(Option<Probe>, usize)>,
    in_roster_order: bool,
    /// The probes [`ManagerLookup::look_ahead`] made, taking turns: the one
    /// of the row being read, made a row before, and the one of the next
    /// line. They stay where they are: moving them costs more than a row's
    /// lookup saves.
    ahead: [Option<AheadProbe>; 2],
    /// Which of `ahead` is the row being read's.
    turn: usize,
}

/// The probe of the id in the line starting at `line` (a file offset),
/// and where that id's text is, which tells that a row's cell is the same
/// text.
#[derive(Debug, Clone, Copy)]
struct AheadProbe {
    line: u64,
    text: (usize, usize),
    probe: Probe,
}

impl<'a> ManagerLookup<'a> {
    fn new(roster: Option<&'a Roster>) -> Self {
        ManagerLookup {
            roster,
            last: None,
            in_roster_order: true,
            ahead: [None; 2],
            turn: 0,
        }
    }

    /// The roster's manager at `position`, when their id is `id`.
    fn is_at(&self, position: usize, id: &str) -> bool {
        self.roster
            .and_then(|roster| roster.managers.get(position))
            .is_some_and(|manager| same_text(&manager.id, id))
    }

    fn cell(&mut self, row: &Row, column: usize, problems: &mut Vec<CellProblem>) -> Option<usize> {
        let id = row.cell(column);
        // The probe made a row ahead, when it was made of this very text.
        let ahead = match &self.ahead[self.turn] {
            Some(ahead)
                if ahead.line == row.bytes.0 && ahead.text == (id.as_ptr() as usize, id.len()) =>
            {
                Some(ahead.probe)
            }
            _ => None,
        };
        // The last manager: by probe when one was made ahead (three words
        // compared); else by their id's text, before any probe is made, so
        // that a file in the roster's order hashes none until the manager
        // changes.
        if let Some((last_probe, position)) = self.last {
            let same = match (ahead, last_probe) {
                (Some(probe), Some(last)) => probe == last,
                (Some(_), None) => false,
                (None, _) => self.is_at(position, id),
            };
            if same {
                return Some(position);
            }
        }
        let probe = ahead.or_else(|| Probe::of(id.as_bytes()));
        let next = self.last.map_or(0, |(_, last)| last + 1);
        let found = self.roster.and_then(|roster| {
            let likely = Some(next).filter(|&at| self.in_roster_order && self.is_at(at, id));
            likely.or_else(|| match &probe {
                Some(probe) => roster.index.get_probed(probe).map(|&at| at as usize),
                None => roster.position(id),
            })
        });
        self.in_roster_order = found == Some(next);
        match found {
            Some(position) => {
                self.last = Some((probe, position));
                Some(position)
            }
            // Empty, or not in the roster: said so.
            None => manager_cell(row, column, self.roster, problems),
        }
    }
}

impl ManagerLookup<'_> {
    /// Has the roster's index fetch where it keeps the manager of the plain
    /// line after `row` while `row` is read: in a file not in the roster's
    /// order, each row's manager is somewhere else in the index, and waiting
    /// for memory was most of a row's time. The probe it makes is kept for
    /// when that line is read.
    fn look_ahead(&mut self, row: &Row, column: usize, delimiter: u8) {
        self.turn ^= 1;
        let slot = &mut self.ahead[self.turn ^ 1];
        *slot = None;
        let Some(roster) = self.roster.filter(|_| !self.in_roster_order) else {
            return;
        };
        if let Some((cell, probe)) = next_line_probe(row, column, delimiter) {
            roster.index.prefetch_probed(&probe);
            *slot = Some(AheadProbe {
                line: row.bytes.1,
                text: (cell.as_ptr() as usize, cell.len()),
                probe,
            });
        }
    }
}

/// The cell in `column` of the plain line after `row`, and its probe when
/// it is short: what a reader has fetched from an index while it reads `row`.
fn next_line_probe<'r>(row: &Row<'r>, column: usize, delimiter: u8) -> Option<(&'r [u8], Probe)> {
    let next = row.text_after().as_bytes();
    let mut cells = next.split(|&byte| byte == delimiter || byte == b'\n');
    let cell = cells.nth(column)?.trim_ascii();
    Some((cell, Probe::of(cell)?))
}

/// The manager of a row, checked against the roster (when the roster could be read).
fn manager_cell(
    row: &Row,
    column: usize,
    roster: Option<&Roster>,
    problems: &mut Vec<CellProblem>,
) -> Option<usize> {
    let id = text_cell(row, column, "manager_id", true, problems);
    if id.is_empty() {
        return None;
    }
    let roster = roster?;
    let position = roster.position(id);
    if position.is_none() {
        let message = if roster.set_aside.contains(id) {
            format!("manager `{id}` has no roster row: it was set aside as a bad row")
        } else {
            format!("manager `{id}` is not in the roster")
        };
        problems.push(CellProblem::at(column, message));
    }
    position
}

/// A number cell: `None` when empty (absent evidence) or not a number (a problem).
fn number_cell(
    row: &Row,
    column: usize,
    kind: NumberColumn,
    problems: &mut Vec<CellProblem>,
) -> Option<f64> {
    let text = row.cell(column);
    if text.is_empty() {
        return None;
    }
    let number = parse_number(text);
    if number.is_none() {
        problems.push(CellProblem::at(column, not_a_number(kind, text)));
    }
    number
}

/// An indicator named in a long file's `indicator` column, as a method index.
fn indicator_cell(
    row: &Row,
    column: usize,
    standard: &Standard,
    method: Method,
    measured: &MethodIndicators,
    problems: &mut Vec<CellProblem>,
) -> Option<usize> {
    let id = text_cell(row, column, "indicator", true, problems);
    if id.is_empty() {
        return None;
    }
    let indicator = standard.indicator_index(id);
    let local = indicator.and_then(|indicator| measured.local(indicator));
    if local.is_none() {
        // The ids this method measures are what the user most likely meant.
        let measured_ids = measured
            .indicators
            .iter()
            .map(|&i| standard.indicators[i].id.as_str());
        let hint = suggestion(id, measured_ids);
        let message = match indicator {
            Some(_) => format!("indicator `{id}` is not measured by {}{hint}", method.id()),
            None => format!("unknown indicator `{id}`{hint}"),
        };
        problems.push(CellProblem::at(column, message));
    }
    local
}

/// The indicator columns of a wide file (or of `exam.csv`): every indicator
/// the method measures must have one; a column naming an indicator the method
/// does not measure is an error. Returns (column, method index) pairs.
fn indicator_columns(
    header: &Header,
    standard: &Standard,
    method: Method,
    measured: &MethodIndicators,
    outcome: &mut Outcome,
) -> Option<Vec<(usize, usize)>> {
    let mut columns = Vec::new();
    let mut valid = true;
    for (column, name) in header.names.iter().enumerate() {
        if let Some(indicator) = standard.indicator_index(name) {
            match measured.local(indicator) {
                Some(local) => columns.push((column, local)),
                None => {
                    let found = &header.found[column];
                    let by_columns = if found == name {
                        String::new()
                    } else {
                        format!(", which [columns] reads as `{name}`,")
                    };
                    outcome.header_error(
                        Some(column),
                        format!(
                            "column `{found}`{by_columns} names an indicator that {} does not measure",
                            method.id()
                        ),
                    );
                    valid = false;
                }
            }
        }
    }
    // A misspelt indicator column is one no other rule reads.
    let unknown = (0..header.names.len()).filter(|&column| {
        let name = header.names[column].as_str();
        standard.indicator_index(name).is_none() && !EVIDENCE_COLUMNS.contains(&name)
    });
    for (local, &indicator) in measured.indicators.iter().enumerate() {
        if !columns.iter().any(|&(_, l)| l == local) {
            let id = &standard.indicators[indicator].id;
            let hint = table::missing_hint(header, outcome, id, unknown.clone());
            outcome.header_error(
                None,
                format!("the header has no column for indicator `{id}`{hint}"),
            );
            valid = false;
        }
    }
    valid.then_some(columns)
}

fn read_exam(
    standard: &Standard,
    roster: Option<&Roster>,
    measured: &MethodIndicators,
    managers: usize,
    outcome: &mut Outcome,
) -> Vec<f64> {
    let mut points = vec![f64::NAN; managers * measured.count()];
    let Some((mut reader, header)) = open(outcome, None) else {
        return points;
    };
    let known = |name: &str| standard.indicator_index(name).is_some();
    let required_present = match_columns(&header, outcome, &["manager_id"], &[], known);
    let Some(columns) = indicator_columns(&header, standard, Method::Exam, measured, outcome)
    else {
        return points;
    };
    if !required_present {
        return points;
    }
    let id_column = header.position("manager_id").unwrap_or(0);
    let mut first_line = vec![0u64; managers];
    let mut lookup = ManagerLookup::new(roster);
    for_each_row(&mut reader, &header, outcome, None, |row, outcome| {
        let mut problems = Vec::new();
        let manager = lookup.cell(row, id_column, &mut problems);
        let mut sheet = Vec::with_capacity(columns.len());
        for &(column, local) in &columns {
            let indicator = &standard.indicators[measured.indicators[local]];
            let maximum = indicator.exam_max.unwrap_or(0.0);
            let value = number_cell(row, column, NumberColumn::ExamPoints, &mut problems);
            if let Some(value) = value
                && !(0.0..=maximum).contains(&value)
            {
                problems.push(CellProblem::at(
                    column,
                    format!(
                        "exam points {value} for `{}` are outside 0 to {maximum}",
                        indicator.id
                    ),
                ));
            }
            sheet.push((local, value.unwrap_or(f64::NAN)));
        }
        if let Some(manager) = manager
            && first_line[manager] != 0
        {
            problems.push(CellProblem::at(
                id_column,
                format!(
                    "a second exam row for manager `{}` (first on line {})",
                    row.cell(id_column),
                    first_line[manager]
                ),
            ));
        }
        let bad = outcome.row_problems(row.line, row.bytes, problems);
        if let Some(manager) = manager {
            // Without --rejects a bad first copy still makes the second a
            // duplicate, so both problems show in one run.
            if first_line[manager] == 0 && !(bad && outcome.reject_rows) {
                first_line[manager] = row.line;
            }
        }
        if bad {
            return;
        }
        if let Some(manager) = manager {
            for (local, value) in sheet {
                points[manager * measured.count() + local] = value;
            }
        }
    });
    points
}

/// An actual must not be negative; a target must be above 0 for a
/// higher-is-better KPI (attainment divides by it), and not negative for a
/// lower-is-better one. Each value comes with its column.
fn check_kpi_result(
    standard: &Standard,
    indicator: Option<usize>,
    (actual, actual_column): (Option<f64>, usize),
    (target, target_column): (Option<f64>, usize),
    problems: &mut Vec<CellProblem>,
) {
    if let Some(actual) = actual
        && actual < 0.0
    {
        problems.push(CellProblem::at(
            actual_column,
            format!("actual {actual} is negative"),
        ));
    }
    if let (Some(target), Some(indicator)) = (target, indicator) {
        let lower = standard.indicators[indicator]
            .kpi
            .as_ref()
            .is_some_and(|k| k.direction == KpiDirection::Lower);
        if lower && target < 0.0 {
            problems.push(CellProblem::at(
                target_column,
                format!("target {target} is negative"),
            ));
        } else if !lower && target <= 0.0 {
            problems.push(CellProblem::at(
                target_column,
                format!("target {target} must be above 0 for a higher-is-better KPI"),
            ));
        }
    }
}

fn read_kpi(
    standard: &Standard,
    roster: Option<&Roster>,
    measured: &MethodIndicators,
    managers: usize,
    outcome: &mut Outcome,
) -> Vec<(f64, f64)> {
    let mut results = vec![(f64::NAN, f64::NAN); managers * measured.count()];
    let Some((mut reader, header)) = open(outcome, None) else {
        return results;
    };
    let required = ["manager_id", "indicator", "actual", "target"];
    if !match_columns(&header, outcome, &required, &[], |_| false) {
        return results;
    }
    let [id_column, indicator_column, actual_column, target_column] =
        required.map(|name| header.position(name).unwrap_or(0));
    let mut first_line = vec![0u64; managers * measured.count()];
    let mut lookup = ManagerLookup::new(roster);
    let mut indicators = KnownTexts::default();
    for_each_row(&mut reader, &header, outcome, None, |row, outcome| {
        let mut problems = Vec::new();
        let manager = lookup.cell(row, id_column, &mut problems);
        let local = indicators.get_or_else(row.cell(indicator_column), || {
            indicator_cell(
                row,
                indicator_column,
                standard,
                Method::Kpi,
                measured,
                &mut problems,
            )
        });
        let actual = number_cell(row, actual_column, NumberColumn::Actual, &mut problems);
        let target = number_cell(row, target_column, NumberColumn::Target, &mut problems);
        let kpi = local.map(|local| measured.indicators[local]);
        let (actual_at, target_at) = (actual_column, target_column);
        check_kpi_result(
            standard,
            kpi,
            (actual, actual_at),
            (target, target_at),
            &mut problems,
        );
        let cell = manager.zip(local).map(|(m, l)| m * measured.count() + l);
        if let Some(cell) = cell
            && first_line[cell] != 0
        {
            problems.push(CellProblem::row(format!(
                "a second row for manager `{}` and KPI `{}` (first on line {})",
                row.cell(id_column),
                row.cell(indicator_column),
                first_line[cell]
            )));
        }
        let bad = outcome.row_problems(row.line, row.bytes, problems);
        if let Some(cell) = cell
            && first_line[cell] == 0
            && !(bad && outcome.reject_rows)
        {
            first_line[cell] = row.line;
        }
        if bad {
            return;
        }
        if let Some(cell) = cell {
            results[cell] = (actual.unwrap_or(f64::NAN), target.unwrap_or(f64::NAN));
        }
    });
    results
}
