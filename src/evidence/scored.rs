//! The many-scores-per-manager files: `ratings.csv` and `interview.csv`,
//! long or wide.
//!
//! What is kept per score is 12 bytes: the slot (one manager, indicator and
//! role), the rater's index and the score's code in a table of the distinct
//! values. A large file is read in parts, one per thread, each starting just
//! after a line break; the parts are joined in file order, so the result does
//! not depend on the number of threads.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::table::{
    CellProblem, Header, Outcome, Row, for_each_row, match_columns, open, open_part,
};
use super::{
    MethodIndicators, Roster, indicator_cell, indicator_columns, manager_cell, number_cell,
    text_cell,
};
use crate::diagnostic::suggestion;
use crate::standard::{Method, Standard};

/// Files smaller than this are read in one part: threads would cost more.
const SMALLEST_SPLIT_FILE: u64 = 8 << 20;

/// The code of an empty cell: absent evidence that still counts as a row
/// for the duplicate check.
const ABSENT: u32 = u32::MAX;

/// One score given by one rater or interviewer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct GivenScore {
    slot: u32,
    /// Index of the rater or interviewer among those of the file.
    rater: u32,
    /// Index into the distinct score values, or `ABSENT`.
    code: u32,
}

impl GivenScore {
    fn key(&self) -> u64 {
        (u64::from(self.slot) << 32) | u64::from(self.rater)
    }
}

/// Interns ids (raters, interviewers) into dense indices.
#[derive(Default)]
struct Interner {
    ids: FxHashMap<Box<str>, u32>,
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

/// The distinct score values of a file: a rating scale has few.
#[derive(Default)]
struct ScoreValues {
    values: Vec<f64>,
    codes: FxHashMap<u64, u32>,
    /// Codes of the score texts already read and found on the scale.
    by_text: FxHashMap<Box<str>, u32>,
}

impl ScoreValues {
    fn code(&mut self, value: Option<f64>) -> u32 {
        let Some(value) = value else {
            return ABSENT;
        };
        let values = &mut self.values;
        *self.codes.entry(value.to_bits()).or_insert_with(|| {
            values.push(value);
            values.len() as u32 - 1
        })
    }
}

/// A file's scores, grouped by slot: every group's scores contiguous.
#[derive(Debug, Clone, Default)]
pub struct Groups {
    scores: Vec<GivenScore>,
    starts: Vec<u32>,
    values: Vec<f64>,
}

impl Groups {
    /// The scores of one slot, empty cells left out, in the order of
    /// their raters (the caller sorts when order matters).
    pub fn present(&self, slot: usize) -> impl Iterator<Item = f64> + '_ {
        let group = match (self.starts.get(slot), self.starts.get(slot + 1)) {
            (Some(&start), Some(&end)) => &self.scores[start as usize..end as usize],
            _ => &[],
        };
        group
            .iter()
            .filter(|score| score.code != ABSENT)
            .map(|score| self.values[score.code as usize])
    }
}

/// The shape of a ratings or interview file.
struct Columns {
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

/// What a file's rows are checked against.
struct Context<'a> {
    standard: &'a Standard,
    roster: Option<&'a Roster>,
    measured: &'a MethodIndicators,
    method: Method,
    /// Role groups per (manager, indicator): ratings have the standard's
    /// roles and then `self`; the interview panel is one group.
    role_slots: usize,
    columns: Columns,
}

impl Context<'_> {
    fn rater_name(&self) -> &'static str {
        if self.method == Method::Ratings {
            "rater_id"
        } else {
            "interviewer_id"
        }
    }
}

/// The last manager and rater a part looked up: rows come grouped by
/// manager and by rater, so most lookups repeat the one before.
#[derive(Default)]
struct LastSeen {
    manager: String,
    manager_index: usize,
    rater: String,
    rater_index: u32,
    role: String,
    role_index: usize,
}

/// What one part of a file gave.
struct Part {
    scores: Vec<GivenScore>,
    raters: Interner,
    values: ScoreValues,
    outcome: Outcome,
    /// Line breaks in the part, to number the lines of the parts after it.
    line_breaks: u64,
    /// False when the part's end fell inside a quoted field.
    aligned: bool,
}

/// Reads `ratings.csv` (`method` = ratings) or `interview.csv`, long or wide.
pub fn read(
    standard: &Standard,
    roster: Option<&Roster>,
    measured: &MethodIndicators,
    method: Method,
    managers: usize,
    outcome: &mut Outcome,
) -> Groups {
    let role_slots = if method == Method::Ratings {
        standard.ratings.roles.len() + 1
    } else {
        1
    };
    let slots = managers * measured.indicators.len() * role_slots;
    if slots >= u32::MAX as usize {
        outcome.file_error(
            "too many managers × indicators × roles for one run (over 4 billion groups)",
        );
        return Groups::default();
    }
    let Some((header_file, header)) = open(outcome, None) else {
        return Groups::default();
    };
    let data_start = header_file.next_offset();
    let header_breaks = header_file.line_breaks_before(data_start);
    drop(header_file);
    let Some(columns) = shape(&header, standard, method, measured, outcome) else {
        return Groups::default();
    };
    let context = Context {
        standard,
        roster,
        measured,
        method,
        role_slots,
        columns,
    };

    let size = std::fs::metadata(&outcome.source.path).map_or(0, |m| m.len());
    let mut parts = read_parts(
        &context,
        &header,
        outcome,
        data_start,
        &split_points(outcome, data_start, size),
    );
    if parts.iter().any(|part| !part.aligned) {
        // A quoted field ran across a split: read the file in one part.
        parts = read_parts(&context, &header, outcome, data_start, &[]);
    }
    let (mut scores, mut raters, values) = join(parts, outcome, header_breaks);

    sort_by_slot_and_rater(&mut scores, measured.indicators.len() * role_slots);
    let duplicates = scores.windows(2).any(|pair| pair[0].key() == pair[1].key());
    if duplicates {
        report_duplicates(
            &context,
            &header,
            &mut raters,
            &values,
            &mut scores,
            outcome,
        );
    }
    let mut starts = vec![0u32; slots + 1];
    for score in &scores {
        starts[score.slot as usize + 1] += 1;
    }
    for slot in 0..slots {
        starts[slot + 1] += starts[slot];
    }
    Groups {
        scores,
        starts,
        values: values.values,
    }
}

/// Sorts the scores by (slot, rater), in place: equal keys are duplicates.
/// Exports usually list each manager's scores together and the managers in
/// roster order; then each manager's few scores are sorted alone, by a
/// counting sort on the manager's slots, which leaves them in rater order
/// too when raters come one after another (checked; else a sort).
fn sort_by_slot_and_rater(scores: &mut [GivenScore], slots_per_manager: usize) {
    let slots_per_manager = slots_per_manager.max(1);
    // A division per score is most of the time here: divide by multiplying
    // (exact for 32-bit slots: Lemire, Kaser & Kurz, "Faster remainder by
    // direct computation", 2019).
    let magic = u128::from(u64::MAX / slots_per_manager as u64) + 1;
    let manager = |score: &GivenScore| ((magic * u128::from(score.slot)) >> 64) as usize;
    if !scores
        .windows(2)
        .all(|pair| manager(&pair[0]) <= manager(&pair[1]))
    {
        scores.par_sort_unstable_by_key(GivenScore::key);
        return;
    }
    scores
        .par_chunk_by_mut(|a, b| manager(a) == manager(b))
        .for_each_init(
            || (Vec::new(), Vec::new()),
            |(counts, sorted): &mut (Vec<usize>, Vec<GivenScore>), block| {
                // Counting costs a pass over the manager's slots: worth it
                // only when they are not many more than the scores.
                if slots_per_manager > 2 * block.len() + 256 {
                    block.sort_unstable_by_key(GivenScore::key);
                    return;
                }
                let first_slot = manager(&block[0]) * slots_per_manager;
                let local = |score: &GivenScore| score.slot as usize - first_slot;
                counts.clear();
                counts.resize(slots_per_manager + 1, 0);
                for score in block.iter() {
                    counts[local(score) + 1] += 1;
                }
                for slot in 0..slots_per_manager {
                    counts[slot + 1] += counts[slot];
                }
                sorted.clear();
                sorted.resize(block.len(), GivenScore::default());
                for score in block.iter() {
                    let at = &mut counts[local(score)];
                    sorted[*at] = *score;
                    *at += 1;
                }
                block.copy_from_slice(sorted);
                if !block.windows(2).all(|pair| pair[0].key() <= pair[1].key()) {
                    block.sort_unstable_by_key(GivenScore::key);
                }
            },
        );
}

/// The columns of a ratings or interview file, long or wide.
fn shape(
    header: &Header,
    standard: &Standard,
    method: Method,
    measured: &MethodIndicators,
    outcome: &mut Outcome,
) -> Option<Columns> {
    let long = header.has("indicator") && header.has("score");
    let rater_name = if method == Method::Ratings {
        "rater_id"
    } else {
        "interviewer_id"
    };
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
    Some(Columns {
        manager: header.position("manager_id")?,
        rater: header.position(rater_name)?,
        role: header.position("role"),
        form,
    })
}

/// Where to split a file of `size` bytes for the threads: just after a line
/// break near each equal share. None for a small file or a single thread.
fn split_points(outcome: &Outcome, data_start: u64, size: u64) -> Vec<u64> {
    let threads = rayon::current_num_threads() as u64;
    if threads < 2 || size < SMALLEST_SPLIT_FILE {
        return Vec::new();
    }
    let Ok(mut file) = File::open(&outcome.source.path) else {
        return Vec::new();
    };
    let mut points: Vec<u64> = Vec::new();
    for share in 1..threads {
        let guess = data_start + (size - data_start) * share / threads;
        if let Some(point) = after_next_line_break(&mut file, guess)
            && point < size
            && points.last().is_none_or(|&last| point > last)
        {
            points.push(point);
        }
    }
    points
}

fn after_next_line_break(file: &mut File, from: u64) -> Option<u64> {
    file.seek(SeekFrom::Start(from)).ok()?;
    let mut buffer = vec![0u8; 1 << 16];
    let mut offset = from;
    loop {
        let count = file.read(&mut buffer).ok()?;
        if count == 0 {
            return None;
        }
        if let Some(index) = buffer[..count].iter().position(|&b| b == b'\n') {
            return Some(offset + index as u64 + 1);
        }
        offset += count as u64;
    }
}

/// Reads the parts between `data_start`, the split points and the end, one
/// per thread, in file order.
fn read_parts(
    context: &Context,
    header: &Header,
    outcome: &Outcome,
    data_start: u64,
    points: &[u64],
) -> Vec<Part> {
    let starts: Vec<u64> = std::iter::once(data_start)
        .chain(points.iter().copied())
        .collect();
    let ends: Vec<Option<u64>> = points
        .iter()
        .copied()
        .map(Some)
        .chain(std::iter::once(None))
        .collect();
    starts
        .into_par_iter()
        .zip(ends)
        .map(|(start, end)| read_part(context, header, outcome, start, end))
        .collect()
}

fn read_part(
    context: &Context,
    header: &Header,
    outcome: &Outcome,
    start: u64,
    end: Option<u64>,
) -> Part {
    let mut part = Part {
        scores: Vec::new(),
        raters: Interner::default(),
        values: ScoreValues::default(),
        outcome: Outcome {
            progress: outcome.progress.clone(),
            delimiter: outcome.delimiter,
            decoded: outcome.decoded.clone(),
            ..Outcome::new(outcome.source.clone(), outcome.reject_rows)
        },
        line_breaks: 0,
        aligned: true,
    };
    let Some(mut file) = open_part(&mut part.outcome, start, end) else {
        return part;
    };
    // Reserve for the scores expected from the size (a wide row is several
    // scores), so the vector does not double past what it needs.
    let size = std::fs::metadata(&outcome.source.path).map_or(0, |m| m.len());
    let bytes = end.unwrap_or(size) - start;
    let scores_per_row = match &context.columns.form {
        Form::Long { .. } => 1,
        Form::Wide(columns) => columns.len() as u64,
    };
    let least_bytes_per_row = 16 + 2 * scores_per_row;
    part.scores
        .reserve((bytes / least_bytes_per_row * scores_per_row) as usize);
    let mut sheet = Vec::new();
    let mut last = LastSeen::default();
    let (scores, raters, values) = (&mut part.scores, &mut part.raters, &mut part.values);
    part.aligned = for_each_row(&mut file, header, &mut part.outcome, end, |row, outcome| {
        if check_row(row, context, raters, values, &mut last, &mut sheet, outcome).is_some() {
            scores.extend_from_slice(&sheet);
        }
    });
    part.line_breaks = file.line_breaks_before_end();
    part
}

/// Joins the parts in file order: their rater and score codes mapped onto
/// the first part's, their lines numbered from the start of the file.
fn join(
    parts: Vec<Part>,
    outcome: &mut Outcome,
    header_breaks: u64,
) -> (Vec<GivenScore>, Interner, ScoreValues) {
    let mut parts = parts.into_iter();
    let Some(first) = parts.next() else {
        return (Vec::new(), Interner::default(), ScoreValues::default());
    };
    let mut line_shift = header_breaks;
    let (mut scores, mut raters, mut values) = (first.scores, first.raters, first.values);
    outcome.absorb(first.outcome, line_shift);
    line_shift += first.line_breaks;
    for part in parts {
        let mut rater_map = vec![0u32; part.raters.ids.len()];
        for (id, &local) in &part.raters.ids {
            rater_map[local as usize] = raters.index(id);
        }
        let value_map: Vec<u32> = part
            .values
            .values
            .iter()
            .map(|&v| values.code(Some(v)))
            .collect();
        // Copied as they are, then mapped in place on every thread.
        let start = scores.len();
        scores.extend_from_slice(&part.scores);
        scores[start..].par_chunks_mut(1 << 16).for_each(|chunk| {
            for score in chunk {
                score.rater = rater_map[score.rater as usize];
                if score.code != ABSENT {
                    score.code = value_map[score.code as usize];
                }
            }
        });
        outcome.absorb(part.outcome, line_shift);
        line_shift += part.line_breaks;
    }
    (scores, raters, values)
}

/// Checks one row and fills `sheet` with its scores, or gives `None` when the
/// row is bad (the problems are in `outcome`).
fn check_row(
    row: &Row,
    context: &Context,
    raters: &mut Interner,
    values: &mut ScoreValues,
    last: &mut LastSeen,
    sheet: &mut Vec<GivenScore>,
    outcome: &mut Outcome,
) -> Option<()> {
    let Context {
        standard,
        columns,
        measured,
        role_slots,
        ..
    } = context;
    let mut problems = Vec::new();
    let manager_id = row.cell(columns.manager);
    let manager = if !manager_id.is_empty() && manager_id == last.manager {
        Some(last.manager_index)
    } else {
        let manager = manager_cell(row, columns.manager, context.roster, &mut problems);
        if let Some(index) = manager {
            manager_id.clone_into(&mut last.manager);
            last.manager_index = index;
        }
        manager
    };
    let rater = text_cell(
        row,
        columns.rater,
        context.rater_name(),
        true,
        &mut problems,
    );
    let role = match columns.role {
        None => Some(0),
        Some(column) => {
            let role = text_cell(row, column, "role", true, &mut problems);
            if !role.is_empty() && role == last.role && manager_id != rater {
                Some(last.role_index)
            } else if role.is_empty() {
                None
            } else if role == "self" {
                role.clone_into(&mut last.role);
                last.role_index = role_slots - 1;
                Some(last.role_index)
            } else if let Some(index) = standard.role_index(role) {
                if !rater.is_empty() && manager_id == rater {
                    problems.push(CellProblem::at(
                        column,
                        format!("rater `{rater}` rates themself under role `{role}`; a self-rating takes role `self`"),
                    ));
                }
                role.clone_into(&mut last.role);
                last.role_index = index;
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
    sheet.clear();
    let mut score_cell = |column: usize, local: usize, problems: &mut Vec<CellProblem>| {
        // A scale has few distinct scores: a text seen valid before is known.
        if let Some(&code) = values.by_text.get(row.cell(column)) {
            sheet.push(GivenScore {
                slot: local as u32,
                rater: 0,
                code,
            });
            return;
        }
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
        let valid =
            score.is_some_and(|score| (standard.scale_min..=standard.scale_max).contains(&score));
        let code = values.code(score);
        if valid {
            values.by_text.insert(row.cell(column).into(), code);
        }
        sheet.push(GivenScore {
            slot: local as u32,
            rater: 0,
            code,
        });
    };
    match &columns.form {
        Form::Long { indicator, score } => {
            let local = indicator_cell(
                row,
                *indicator,
                standard,
                context.method,
                measured,
                &mut problems,
            );
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
    let rater = if rater == last.rater {
        last.rater_index
    } else {
        rater.clone_into(&mut last.rater);
        last.rater_index = raters.index(rater);
        last.rater_index
    };
    let indicators = measured.indicators.len();
    for score in sheet.iter_mut() {
        score.slot = ((manager * indicators + score.slot as usize) * role_slots + role) as u32;
        score.rater = rater;
    }
    Some(())
}

/// Reads the file again to name the line of every second copy of a
/// (manager, rater, role, indicator): the first pass keeps no lines. Under
/// `--rejects` the second copies are dropped and the first copy's score kept.
fn report_duplicates(
    context: &Context,
    header: &Header,
    raters: &mut Interner,
    values: &ScoreValues,
    scores: &mut Vec<GivenScore>,
    outcome: &mut Outcome,
) {
    // (line of the first copy, its score code) per duplicated key.
    let mut firsts: FxHashMap<u64, (u64, u32)> = scores
        .windows(2)
        .filter(|pair| pair[0].key() == pair[1].key())
        .map(|pair| (pair[0].key(), (0, ABSENT)))
        .collect();
    let mut rescan = Outcome {
        delimiter: outcome.delimiter,
        decoded: outcome.decoded.clone(),
        ..Outcome::new(outcome.source.clone(), true)
    };
    let Some((mut file, _)) = open(&mut rescan, None) else {
        return;
    };
    let what = if context.method == Method::Ratings {
        "rating"
    } else {
        "interview score"
    };
    let mut sheet = Vec::new();
    let mut last = LastSeen::default();
    let mut row_values = ScoreValues {
        values: values.values.clone(),
        codes: values.codes.clone(),
        by_text: values.by_text.clone(),
    };
    for_each_row(&mut file, header, &mut rescan, None, |row, rescan| {
        if check_row(
            row,
            context,
            raters,
            &mut row_values,
            &mut last,
            &mut sheet,
            rescan,
        )
        .is_none()
        {
            return;
        }
        for score in &sheet {
            let Some(first) = firsts.get_mut(&score.key()) else {
                continue;
            };
            if first.0 == 0 {
                *first = (row.line, score.code);
                continue;
            }
            let local =
                (score.slot as usize / context.role_slots) % context.measured.indicators.len();
            let indicator = &context.standard.indicators[context.measured.indicators[local]].id;
            let problem = CellProblem::row(format!(
                "a second {what} by `{}` of manager `{}` on `{indicator}` (first on line {})",
                row.cell(context.columns.rater),
                row.cell(context.columns.manager),
                first.0
            ));
            outcome.row_problems(row.line, row.bytes, vec![problem]);
            break;
        }
    });
    if outcome.reject_rows {
        scores.dedup_by_key(|score| score.key());
        for score in scores.iter_mut() {
            if let Some(&(_, code)) = firsts.get(&score.key()) {
                score.code = code;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scores(slots: &[(u32, u32)]) -> Vec<GivenScore> {
        slots
            .iter()
            .map(|&(slot, rater)| GivenScore {
                slot,
                rater,
                code: slot * 10 + rater,
            })
            .collect()
    }

    #[test]
    fn dividing_by_multiplying_is_exact_for_every_slot_count() {
        // One slot per manager, and counts around powers of two.
        for slots_per_manager in [1usize, 2, 3, 7, 64, 65, 144, 1 << 20, u32::MAX as usize] {
            let mut scores: Vec<GivenScore> =
                [0u32, 1, 2, 63, 64, 65, 1 << 20, u32::MAX - 1, u32::MAX]
                    .iter()
                    .map(|&slot| GivenScore {
                        slot,
                        rater: 0,
                        code: 0,
                    })
                    .collect();
            sort_by_slot_and_rater(&mut scores, slots_per_manager);
            assert!(scores.windows(2).all(|pair| pair[0].key() <= pair[1].key()));
        }
    }

    #[test]
    fn sorts_by_slot_then_rater_whatever_the_order_of_managers() {
        // Two slots per manager: managers 0, 1, 2 own slots 0–1, 2–3, 4–5.
        let in_roster_order = [
            (1, 4),
            (0, 9),
            (1, 2),
            (3, 1),
            (2, 7),
            (5, 0),
            (4, 3),
            (4, 1),
        ];
        let out_of_order = [
            (4, 3),
            (1, 4),
            (5, 0),
            (0, 9),
            (3, 1),
            (1, 2),
            (2, 7),
            (4, 1),
        ];
        let expected = [
            (0, 9),
            (1, 2),
            (1, 4),
            (2, 7),
            (3, 1),
            (4, 1),
            (4, 3),
            (5, 0),
        ];
        for order in [in_roster_order, out_of_order] {
            let mut sorted = scores(&order);
            sort_by_slot_and_rater(&mut sorted, 2);
            assert_eq!(sorted, scores(&expected));
        }
    }
}
