//! The quarter's evidence (SPEC §2): the roster and the four method files,
//! streamed row by row into compact per-manager state.
//!
//! Nothing keeps a row's text. Ratings and interview scores are kept as
//! (slot, rater index, score) triples, 16 bytes each, where a slot is one
//! (manager, indicator, role) group; exam and KPI results are one cell per
//! (manager, indicator).

mod table;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Problems, suggestion};
use crate::number::parse_number;
use crate::standard::{KpiDirection, Method, Standard};
use table::{CellProblem, Header, Outcome, Row, for_each_row, match_columns, open, original_text};
pub use table::{FileTally, Source, trim_cell};

/// One manager of the roster.
#[derive(Debug, Clone, PartialEq)]
pub struct Manager {
    pub id: String,
    pub name: String,
    pub team: Option<String>,
    pub branch: Option<String>,
    /// Years in the position; `None` when the roster does not say.
    pub tenure_years: Option<f64>,
}

#[derive(Debug, Clone, Default)]
pub struct Roster {
    /// In the roster's order.
    pub managers: Vec<Manager>,
    /// Whether the roster has a `team` column.
    pub has_team: bool,
    index: HashMap<String, u32>,
}

impl Roster {
    pub fn position(&self, id: &str) -> Option<usize> {
        self.index.get(id).map(|&i| i as usize)
    }
}

/// The files of a quarter.
#[derive(Debug, Clone)]
pub struct QuarterFiles {
    pub roster: Source,
    pub exam: Source,
    pub ratings: Source,
    pub interview: Source,
    pub kpi: Source,
}

impl QuarterFiles {
    /// The files of a quarter's folder, each replaced by a flag's file when given.
    pub fn in_folder(folder: Option<&Path>, overrides: [Option<PathBuf>; 5]) -> QuarterFiles {
        let [roster, exam, ratings, interview, kpi] = overrides;
        let pick = |given: Option<PathBuf>, name: &str| match (given, folder) {
            (Some(path), _) => Source::new(&path),
            (None, Some(folder)) => Source::new(&folder.join(name)),
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

    /// Every file the standard makes the run read, roster first.
    pub fn read_by(&self, standard: &Standard) -> Vec<&Source> {
        std::iter::once(&self.roster)
            .chain(standard.methods_in_use().map(|method| self.of(method)))
            .collect()
    }
}

/// One score given by one rater or interviewer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GivenScore {
    slot: u32,
    /// Index of the rater or interviewer among those of the file.
    pub rater: u32,
    /// On the rating scale; NaN for an empty cell (absent, but still a row
    /// for the duplicate check).
    pub score: f64,
}

/// Scores grouped by slot, every group's scores contiguous.
#[derive(Debug, Clone, Default)]
pub struct Groups {
    scores: Vec<GivenScore>,
    starts: Vec<u32>,
}

impl Groups {
    /// Sorts the scores into their slots. Returns the duplicated (slot, rater)
    /// pairs; the later copies are dropped when `drop_duplicates`.
    fn build(
        mut scores: Vec<GivenScore>,
        slots: usize,
        drop_duplicates: bool,
    ) -> (Groups, Vec<(u32, u32)>) {
        // Stable: copies of one (slot, rater) stay in file order, first one first.
        scores.sort_by_key(|s| (s.slot, s.rater));
        let mut duplicates: Vec<(u32, u32)> = scores
            .windows(2)
            .filter(|pair| pair[0].slot == pair[1].slot && pair[0].rater == pair[1].rater)
            .map(|pair| (pair[0].slot, pair[0].rater))
            .collect();
        duplicates.dedup();
        if drop_duplicates {
            scores.dedup_by_key(|s| (s.slot, s.rater));
        }
        let mut starts = vec![0u32; slots + 1];
        for score in &scores {
            starts[score.slot as usize + 1] += 1;
        }
        for slot in 0..slots {
            starts[slot + 1] += starts[slot];
        }
        (Groups { scores, starts }, duplicates)
    }

    fn group(&self, slot: usize) -> &[GivenScore] {
        match (self.starts.get(slot), self.starts.get(slot + 1)) {
            (Some(&start), Some(&end)) => &self.scores[start as usize..end as usize],
            _ => &[],
        }
    }
}

/// Maps the standard's indicator indices to a method's own dense indices.
#[derive(Debug, Clone, Default)]
pub struct MethodIndicators {
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
pub struct RejectedRow {
    pub file: String,
    pub line: u64,
    pub reason: String,
    /// The row as it stands in the file.
    pub text: String,
}

/// Everything the quarter's files say, checked.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    pub roster: Roster,
    exam: MethodIndicators,
    /// Exam points by (manager, exam indicator); NaN when absent.
    exam_points: Vec<f64>,
    ratings: MethodIndicators,
    /// Role groups per (manager, indicator): the standard's roles, then `self`.
    role_slots: usize,
    rating_groups: Groups,
    interview: MethodIndicators,
    interview_groups: Groups,
    kpi: MethodIndicators,
    /// (actual, target) by (manager, KPI indicator); NaN when absent.
    kpi_results: Vec<(f64, f64)>,
    pub warnings: Vec<Diagnostic>,
    pub tallies: Vec<FileTally>,
    pub rejected: Vec<RejectedRow>,
}

impl Evidence {
    pub fn exam_points(&self, manager: usize, indicator: usize) -> Option<f64> {
        let local = self.exam.local(indicator)?;
        let points = self.exam_points[manager * self.exam.count() + local];
        (!points.is_nan()).then_some(points)
    }

    /// The scores of one role group (`role` = the standard's role count for
    /// `self`), empty cells left out.
    pub fn ratings(&self, manager: usize, indicator: usize, role: usize) -> Vec<f64> {
        let Some(local) = self.ratings.local(indicator) else {
            return Vec::new();
        };
        let slot = (manager * self.ratings.count() + local) * self.role_slots + role;
        present_scores(self.rating_groups.group(slot))
    }

    pub fn interview_scores(&self, manager: usize, indicator: usize) -> Vec<f64> {
        let Some(local) = self.interview.local(indicator) else {
            return Vec::new();
        };
        let slot = manager * self.interview.count() + local;
        present_scores(self.interview_groups.group(slot))
    }

    /// (actual, target) when both are given.
    pub fn kpi_result(&self, manager: usize, indicator: usize) -> Option<(f64, f64)> {
        let local = self.kpi.local(indicator)?;
        let (actual, target) = self.kpi_results[manager * self.kpi.count() + local];
        (!actual.is_nan() && !target.is_nan()).then_some((actual, target))
    }
}

fn present_scores(group: &[GivenScore]) -> Vec<f64> {
    group
        .iter()
        .map(|s| s.score)
        .filter(|s| !s.is_nan())
        .collect()
}

/// Interns rater and interviewer ids into dense indices.
#[derive(Default)]
struct Interner {
    ids: HashMap<Box<str>, u32>,
}

impl Interner {
    fn index(&mut self, id: &str) -> u32 {
        if let Some(&index) = self.ids.get(id) {
            return index;
        }
        let index = self.ids.len() as u32;
        self.ids.insert(id.into(), index);
        index
    }
}

/// Reads and checks every file the standard needs. With `reject_rows`, bad
/// rows are set aside instead of failing the run.
pub fn load(
    standard: &Standard,
    files: &QuarterFiles,
    reject_rows: bool,
) -> Result<Evidence, Problems> {
    let mut evidence = Evidence::default();
    let mut errors = Vec::new();
    let mut finish = |outcome: Outcome, evidence: &mut Evidence| {
        evidence.tallies.push(outcome.tally());
        evidence.warnings.extend(outcome.warnings);
        errors.extend(outcome.errors);
        for reject in outcome.rejects {
            evidence.rejected.push(RejectedRow {
                file: outcome.source.label.clone(),
                line: reject.line,
                reason: reject.reason,
                text: original_text(&outcome.source.path, reject.bytes),
            });
        }
    };

    let mut outcome = Outcome::new(files.roster.clone(), reject_rows);
    let mut roster_read = Roster::default();
    let roster_readable = read_roster(&mut outcome, &mut roster_read);
    finish(outcome, &mut evidence);
    let roster = roster_readable.then_some(&roster_read);

    let managers = roster_read.managers.len();
    let mut exam = (MethodIndicators::new(standard, Method::Exam), Vec::new());
    let mut ratings = (
        MethodIndicators::new(standard, Method::Ratings),
        Groups::default(),
    );
    let mut interview = (
        MethodIndicators::new(standard, Method::Interview),
        Groups::default(),
    );
    let mut kpi = (MethodIndicators::new(standard, Method::Kpi), Vec::new());
    let role_slots = standard.ratings.roles.len() + 1;
    for method in standard.methods_in_use() {
        let mut outcome = Outcome::new(files.of(method).clone(), reject_rows);
        match method {
            Method::Exam => exam.1 = read_exam(standard, roster, &exam.0, managers, &mut outcome),
            Method::Ratings => {
                ratings.1 = read_scored(
                    standard,
                    roster,
                    &ratings.0,
                    managers,
                    role_slots,
                    &mut outcome,
                )
            }
            Method::Interview => {
                interview.1 = read_scored(standard, roster, &interview.0, managers, 1, &mut outcome)
            }
            Method::Kpi => kpi.1 = read_kpi(standard, roster, &kpi.0, managers, &mut outcome),
        }
        finish(outcome, &mut evidence);
    }
    if !errors.is_empty() {
        return Err(Problems::new(errors));
    }
    evidence
        .rejected
        .sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    evidence.roster = roster_read;
    (evidence.exam, evidence.exam_points) = exam;
    (evidence.ratings, evidence.rating_groups) = ratings;
    evidence.role_slots = role_slots;
    (evidence.interview, evidence.interview_groups) = interview;
    (evidence.kpi, evidence.kpi_results) = kpi;
    Ok(evidence)
}

/// Reads the roster; false when it could not be read at all.
fn read_roster(outcome: &mut Outcome, roster: &mut Roster) -> bool {
    let Some((mut reader, header)) = open(outcome) else {
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
    let mut first_line: HashMap<String, u64> = HashMap::new();
    for_each_row(&mut reader, &header, outcome, |row, outcome| {
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
        let tenure_years = tenure_column.and_then(|c| {
            let text = text_cell(row, c, "", false, &mut problems);
            if text.is_empty() {
                return None;
            }
            let years = parse_number(text);
            if years.is_none() {
                problems.push(CellProblem::at(
                    c,
                    format!("tenure_years `{text}` is not a number"),
                ));
            }
            years
        });
        if !id.is_empty()
            && let Some(first) = first_line.get(id)
        {
            problems.push(CellProblem::at(
                id_column,
                format!("duplicate manager_id `{id}` (first on line {first})"),
            ));
        }
        let duplicate = first_line.contains_key(id);
        let bad = outcome.row_problems(row.line, row.bytes, problems);
        // A bad row still names a manager when the run is going to fail
        // anyway: the other files must not call that manager unknown.
        if id.is_empty() || duplicate || (bad && outcome.reject_rows) {
            return;
        }
        first_line.insert(id.to_string(), row.line);
        roster
            .index
            .insert(id.to_string(), roster.managers.len() as u32);
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

/// A text cell; an empty `required` cell or text that is not UTF-8 is a problem.
fn text_cell<'r>(
    row: &Row<'r>,
    column: usize,
    name: &str,
    required: bool,
    problems: &mut Vec<CellProblem>,
) -> &'r str {
    match row.cell(column) {
        Ok(text) => {
            if required && text.is_empty() {
                problems.push(CellProblem::at(column, format!("`{name}` is empty")));
            }
            text
        }
        Err(()) => {
            problems.push(CellProblem::at(column, "the cell is not UTF-8 text"));
            ""
        }
    }
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
        problems.push(CellProblem::at(
            column,
            format!("manager `{id}` is not in the roster"),
        ));
    }
    position
}

/// A number cell: `Ok(None)` when empty (absent evidence).
fn number_cell(
    row: &Row,
    column: usize,
    name: &str,
    problems: &mut Vec<CellProblem>,
) -> Option<f64> {
    let text = text_cell(row, column, name, false, problems);
    if text.is_empty() {
        return None;
    }
    let number = parse_number(text);
    if number.is_none() {
        problems.push(CellProblem::at(
            column,
            format!("{name} `{text}` is not a number"),
        ));
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
    match standard.indicator_index(id) {
        Some(indicator) => {
            let local = measured.local(indicator);
            if local.is_none() {
                let hint = suggestion(
                    id,
                    measured
                        .indicators
                        .iter()
                        .map(|&i| standard.indicators[i].id.as_str()),
                );
                problems.push(CellProblem::at(
                    column,
                    format!("indicator `{id}` is not measured by {}{hint}", method.id()),
                ));
            }
            local
        }
        None => {
            let hint = suggestion(
                id,
                measured
                    .indicators
                    .iter()
                    .map(|&i| standard.indicators[i].id.as_str()),
            );
            problems.push(CellProblem::at(
                column,
                format!("unknown indicator `{id}`{hint}"),
            ));
            None
        }
    }
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
                    outcome.header_error(
                        Some(column),
                        format!(
                            "column `{name}` names an indicator that {} does not measure",
                            method.id()
                        ),
                    );
                    valid = false;
                }
            }
        }
    }
    for (local, &indicator) in measured.indicators.iter().enumerate() {
        if !columns.iter().any(|&(_, l)| l == local) {
            outcome.header_error(
                None,
                format!(
                    "the header has no column for indicator `{}`",
                    standard.indicators[indicator].id
                ),
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
    let Some((mut reader, header)) = open(outcome) else {
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
    for_each_row(&mut reader, &header, outcome, |row, outcome| {
        let mut problems = Vec::new();
        let manager = manager_cell(row, id_column, roster, &mut problems);
        let mut sheet = Vec::with_capacity(columns.len());
        for &(column, local) in &columns {
            let indicator = &standard.indicators[measured.indicators[local]];
            let maximum = indicator.exam_max.unwrap_or(0.0);
            let value = number_cell(row, column, "exam points", &mut problems);
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
                    row.cell(id_column).unwrap_or(""),
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

fn read_kpi(
    standard: &Standard,
    roster: Option<&Roster>,
    measured: &MethodIndicators,
    managers: usize,
    outcome: &mut Outcome,
) -> Vec<(f64, f64)> {
    let mut results = vec![(f64::NAN, f64::NAN); managers * measured.count()];
    let Some((mut reader, header)) = open(outcome) else {
        return results;
    };
    let required = ["manager_id", "indicator", "actual", "target"];
    if !match_columns(&header, outcome, &required, &[], |_| false) {
        return results;
    }
    let [id_column, indicator_column, actual_column, target_column] =
        required.map(|name| header.position(name).unwrap_or(0));
    let mut first_line = vec![0u64; managers * measured.count()];
    for_each_row(&mut reader, &header, outcome, |row, outcome| {
        let mut problems = Vec::new();
        let manager = manager_cell(row, id_column, roster, &mut problems);
        let local = indicator_cell(
            row,
            indicator_column,
            standard,
            Method::Kpi,
            measured,
            &mut problems,
        );
        let actual = number_cell(row, actual_column, "actual", &mut problems);
        let target = number_cell(row, target_column, "target", &mut problems);
        if let Some(actual) = actual
            && actual < 0.0
        {
            problems.push(CellProblem::at(
                actual_column,
                format!("actual {actual} is negative"),
            ));
        }
        if let (Some(target), Some(local)) = (target, local) {
            let indicator = measured.indicators[local];
            let lower = standard.indicators[indicator]
                .kpi
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
        let cell = manager.zip(local).map(|(m, l)| m * measured.count() + l);
        if let Some(cell) = cell
            && first_line[cell] != 0
        {
            problems.push(CellProblem::row(format!(
                "a second row for manager `{}` and KPI `{}` (first on line {})",
                row.cell(id_column).unwrap_or(""),
                row.cell(indicator_column).unwrap_or(""),
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

/// The shape of a ratings or interview file.
struct ScoredColumns {
    manager: usize,
    rater: usize,
    /// Ratings only: the rater's role.
    role: Option<usize>,
    form: Form,
}

enum Form {
    /// One score per row: the `indicator` and `score` columns.
    Long { indicator: usize, score: usize },
    /// One sheet per row: (column, method indicator) pairs.
    Wide(Vec<(usize, usize)>),
}

/// Reads `ratings.csv` (`role_slots` > 1: roles, then self) or
/// `interview.csv` (`role_slots` = 1), long or wide.
fn read_scored(
    standard: &Standard,
    roster: Option<&Roster>,
    measured: &MethodIndicators,
    managers: usize,
    role_slots: usize,
    outcome: &mut Outcome,
) -> Groups {
    let is_ratings = role_slots > 1;
    let method = if is_ratings {
        Method::Ratings
    } else {
        Method::Interview
    };
    let rater_name = if is_ratings {
        "rater_id"
    } else {
        "interviewer_id"
    };
    let slots = managers * measured.count() * role_slots;
    if slots > u32::MAX as usize {
        outcome.file_error(
            "too many managers × indicators × roles for one run (more than 4 billion groups)",
        );
        return Groups::default();
    }
    let Some((mut reader, header)) = open(outcome) else {
        return Groups::default();
    };
    let Some(columns) = scored_columns(&header, standard, method, measured, rater_name, outcome)
    else {
        return Groups::default();
    };
    let mut raters = Interner::default();
    let mut scores = Vec::new();
    for_each_row(&mut reader, &header, outcome, |row, outcome| {
        if let Some(row_scores) = scored_row(
            row,
            &columns,
            standard,
            roster,
            measured,
            role_slots,
            &mut raters,
            outcome,
        ) {
            scores.extend(row_scores);
        }
    });
    let (groups, duplicates) = Groups::build(scores, slots, outcome.reject_rows);
    if !duplicates.is_empty() {
        report_duplicates(
            standard,
            roster,
            measured,
            role_slots,
            &columns,
            &mut raters,
            duplicates,
            outcome,
        );
    }
    groups
}

fn scored_columns(
    header: &Header,
    standard: &Standard,
    method: Method,
    measured: &MethodIndicators,
    rater_name: &str,
    outcome: &mut Outcome,
) -> Option<ScoredColumns> {
    let long = header.has("indicator") && header.has("score");
    let mut required = vec!["manager_id", rater_name];
    if method == Method::Ratings {
        required.push("role");
    }
    if long {
        required.extend(["indicator", "score"]);
    }
    let known = |name: &str| !long && standard.indicator_index(name).is_some();
    let complete = match_columns(header, outcome, &required, &[], known);
    let form = if long {
        Form::Long {
            indicator: header.position("indicator")?,
            score: header.position("score")?,
        }
    } else {
        Form::Wide(indicator_columns(
            header, standard, method, measured, outcome,
        )?)
    };
    if !complete {
        return None;
    }
    Some(ScoredColumns {
        manager: header.position("manager_id")?,
        rater: header.position(rater_name)?,
        role: header.position("role"),
        form,
    })
}

/// Checks one row of a ratings or interview file and gives its scores, or
/// `None` when the row is bad (the problems are in `outcome`).
#[allow(clippy::too_many_arguments)]
fn scored_row(
    row: &Row,
    columns: &ScoredColumns,
    standard: &Standard,
    roster: Option<&Roster>,
    measured: &MethodIndicators,
    role_slots: usize,
    raters: &mut Interner,
    outcome: &mut Outcome,
) -> Option<Vec<GivenScore>> {
    let mut problems = Vec::new();
    let method = if role_slots > 1 {
        Method::Ratings
    } else {
        Method::Interview
    };
    let manager = manager_cell(row, columns.manager, roster, &mut problems);
    let rater_name = if role_slots > 1 {
        "rater_id"
    } else {
        "interviewer_id"
    };
    let rater = text_cell(row, columns.rater, rater_name, true, &mut problems);
    let role = match columns.role {
        None => Some(0),
        Some(column) => {
            let role = text_cell(row, column, "role", true, &mut problems);
            if role.is_empty() {
                None
            } else if role == "self" {
                Some(role_slots - 1)
            } else if let Some(index) = standard.role_index(role) {
                if !rater.is_empty() && row.cell(columns.manager).is_ok_and(|m| m == rater) {
                    problems.push(CellProblem::at(
                        column,
                        format!("rater `{rater}` rates themself under role `{role}`; a self-rating takes role `self`"),
                    ));
                }
                Some(index)
            } else {
                let roles = standard
                    .ratings
                    .roles
                    .iter()
                    .map(|r| r.id.as_str())
                    .chain(["self"]);
                let hint = suggestion(role, roles);
                problems.push(CellProblem::at(
                    column,
                    format!("unknown role `{role}`{hint}"),
                ));
                None
            }
        }
    };
    let mut sheet = Vec::new();
    let mut score_cell = |column: usize, local: usize, problems: &mut Vec<CellProblem>| {
        let score = number_cell(row, column, "score", problems);
        if let Some(score) = score
            && !(standard.scale_min..=standard.scale_max).contains(&score)
        {
            problems.push(CellProblem::at(
                column,
                format!(
                    "score {score} is outside the scale {} to {}",
                    standard.scale_min, standard.scale_max
                ),
            ));
        }
        sheet.push((local, score.unwrap_or(f64::NAN)));
    };
    match &columns.form {
        Form::Long { indicator, score } => {
            let local = indicator_cell(row, *indicator, standard, method, measured, &mut problems);
            score_cell(*score, local.unwrap_or(0), &mut problems);
        }
        Form::Wide(indicator_columns) => {
            for &(column, local) in indicator_columns {
                score_cell(column, local, &mut problems);
            }
        }
    }
    if outcome.row_problems(row.line, row.bytes, problems) {
        return None;
    }
    let (manager, role) = (manager?, role?);
    let rater = raters.index(rater);
    Some(
        sheet
            .into_iter()
            .map(|(local, score)| GivenScore {
                slot: ((manager * measured.count() + local) * role_slots + role) as u32,
                rater,
                score,
            })
            .collect(),
    )
}

/// Reads the file again to name the line of every second copy of a
/// (manager, rater, role, indicator): the first pass keeps no lines.
#[allow(clippy::too_many_arguments)]
fn report_duplicates(
    standard: &Standard,
    roster: Option<&Roster>,
    measured: &MethodIndicators,
    role_slots: usize,
    columns: &ScoredColumns,
    raters: &mut Interner,
    duplicates: Vec<(u32, u32)>,
    outcome: &mut Outcome,
) {
    let mut first_line: HashMap<(u32, u32), u64> =
        duplicates.into_iter().map(|key| (key, 0)).collect();
    let mut rescan = Outcome::new(outcome.source.clone(), true);
    let Some((mut reader, header)) = open(&mut rescan) else {
        return;
    };
    let what = if role_slots > 1 {
        "rating"
    } else {
        "interview score"
    };
    for_each_row(&mut reader, &header, &mut rescan, |row, rescan| {
        let Some(scores) = scored_row(
            row, columns, standard, roster, measured, role_slots, raters, rescan,
        ) else {
            return;
        };
        for score in scores {
            if let Some(first) = first_line.get_mut(&(score.slot, score.rater)) {
                if *first == 0 {
                    *first = row.line;
                } else {
                    let local = (score.slot as usize / role_slots) % measured.count();
                    let indicator = &standard.indicators[measured.indicators[local]].id;
                    let problem = CellProblem::row(format!(
                        "a second {what} by `{}` of manager `{}` on `{indicator}` (first on line {first})",
                        row.cell(columns.rater).unwrap_or(""),
                        row.cell(columns.manager).unwrap_or(""),
                    ));
                    outcome.row_problems(row.line, row.bytes, vec![problem]);
                    break;
                }
            }
        }
    });
}
