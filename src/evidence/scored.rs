//! The many-scores-per-manager files: `ratings.csv` and `interview.csv`,
//! long or wide.
//!
//! What is kept per score is 12 bytes: the slot (one manager, indicator and
//! role), the rater's key and the score's code in a table of the distinct
//! values. A large file is read in parts on every thread, each starting
//! just after a line break, the parts smaller towards the end of the file
//! so that the threads finish together; the parts are joined in file
//! order. A file that lists each manager in one block, in roster order,
//! stays as read, grouped manager by manager. From the first manager out
//! of roster order, a part puts its scores by range of managers as it
//! reads them, and the ranges are then sorted, each on its own, on every
//! thread, into pieces of whole managers. The result depends on neither the number of threads nor the
//! row order.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::table::{
    CellProblem, Header, Outcome, Row, for_each_row, match_columns, open, open_part,
};
use super::texts::{TextMap, same_text, text_hash};
use super::{
    KnownTexts, ManagerLookup, MethodIndicators, Roster, indicator_cell, indicator_columns,
    number_cell, text_cell,
};
use crate::diagnostic::suggestion;
use crate::number::NumberColumn;
use crate::standard::{Method, Standard};

/// Files smaller than this are read in one part: threads would cost more.
/// A larger file is cut into one part a thread, or, when it is several
/// times this long, into parts that shrink (see [`split_points`]).
const SMALLEST_SPLIT_FILE: u64 = 8 << 20;

/// The shortest of the parts that shrink: the last part read is one thread's
/// alone, the others waiting unless another file has work for them.
const SMALLEST_PART: u64 = 2 << 20;

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
    ids: TextMap<u32>,
}

impl Interner {
    /// The ids in the order of their indices.
    fn ids(&self) -> Vec<Box<str>> {
        let mut ids: Vec<Box<str>> = vec![Box::from(""); self.ids.len()];
        self.ids
            .for_each(|id, &index| ids[index as usize] = id.into());
        ids
    }

    fn index(&mut self, id: &str) -> u32 {
        let next = self.ids.len() as u32;
        *self.ids.get_or_insert(id, || next)
    }
}

/// Tells raters (or interviewers) apart. A key only has to tell apart the
/// raters of one (manager, indicator, role), for the duplicate check, so a
/// rater's key is a hash of their id: no table of the hundreds of thousands
/// of raters a national quarter has, and the same key in any row order. Two
/// raters of one group whose ids hash alike are told apart by their ids
/// when the file is read again (see [`report_duplicates`]). Raters whose ids
/// are kept (interviewers, whom the report names) are numbered across the
/// file in the order met.
enum RaterKeys {
    Hashed,
    Numbered(Interner),
}

impl RaterKeys {
    fn new(keep_ids: bool) -> RaterKeys {
        if keep_ids {
            RaterKeys::Numbered(Interner::default())
        } else {
            RaterKeys::Hashed
        }
    }

    fn key(&mut self, rater: &str) -> u32 {
        match self {
            // The low half of a well-mixed hash is as good as any other.
            RaterKeys::Hashed => text_hash(rater) as u32,
            RaterKeys::Numbered(interner) => interner.index(rater),
        }
    }
}

/// The distinct score values of a file: a rating scale has few.
#[derive(Default)]
struct ScoreValues {
    values: Vec<f64>,
    codes: FxHashMap<u64, u32>,
}

impl ScoreValues {
    /// The whole numbers of the scale, numbered in order before any row is
    /// read: every part of a file gives the scores most files hold the same
    /// codes, whatever order it meets them in, and joining the parts has
    /// nothing to renumber.
    fn of_scale(standard: &Standard) -> ScoreValues {
        let mut values = ScoreValues::default();
        let (lowest, highest) = (standard.scale_min.ceil(), standard.scale_max.floor());
        if highest - lowest <= 100.0 {
            let mut value = lowest;
            while value <= highest {
                values.code(Some(value));
                value += 1.0;
            }
        }
        values
    }

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

/// A file's scores, grouped by slot: every group's scores contiguous, in
/// one of a few pieces (one per part of the file read on its own thread).
#[derive(Debug, Clone, Default)]
pub(crate) struct Groups {
    /// In slot order; each holds whole managers.
    pieces: Vec<Piece>,
    /// The piece of each manager: a file not in roster order is kept in
    /// thousands of pieces, too many to search for every group.
    piece_of_manager: Vec<u32>,
    slots_per_manager: usize,
    values: Vec<f64>,
    /// The raters' ids by index, when they are kept (see [`read`]).
    rater_ids: Vec<Box<str>>,
}

/// The groups of the slots from `first_slot` up to the next piece's.
#[derive(Debug, Clone)]
struct Piece {
    first_slot: usize,
    scores: Vec<GivenScore>,
    /// Where the group of each slot of the piece starts in `scores`, and
    /// then where the last ends.
    starts: Vec<u32>,
}

impl Groups {
    /// Groups of `pieces` that each start at a manager's first slot, the
    /// first at slot 0.
    fn new(
        pieces: Vec<Piece>,
        managers: usize,
        slots_per_manager: usize,
        values: Vec<f64>,
        rater_ids: Vec<Box<str>>,
    ) -> Groups {
        let slots_per_manager = slots_per_manager.max(1);
        let mut piece_of_manager = Vec::with_capacity(managers);
        for (index, _) in pieces.iter().enumerate() {
            let end = pieces
                .get(index + 1)
                .map_or(managers, |next| next.first_slot / slots_per_manager);
            piece_of_manager.resize(end.max(piece_of_manager.len()), index as u32);
        }
        Groups {
            pieces,
            piece_of_manager,
            slots_per_manager,
            values,
            rater_ids,
        }
    }

    /// The scores of one slot, empty cells included.
    fn group(&self, slot: usize) -> &[GivenScore] {
        let Some(piece) = self
            .piece_of_manager
            .get(
                slot.checked_div(self.slots_per_manager)
                    .unwrap_or(usize::MAX),
            )
            .and_then(|&index| self.pieces.get(index as usize))
        else {
            return &[];
        };
        let local = slot - piece.first_slot;
        match (piece.starts.get(local), piece.starts.get(local + 1)) {
            (Some(&start), Some(&end)) => piece
                .scores
                .get(start as usize..end as usize)
                .unwrap_or_default(),
            _ => &[],
        }
    }

    /// The scores of one slot, empty cells left out, in the order of
    /// their raters (the caller sorts when order matters).
    pub(crate) fn present(&self, slot: usize) -> impl Iterator<Item = f64> + '_ {
        self.present_by_rater(slot).map(|(_, value)| value)
    }

    /// The scores of one slot with the index of the rater who gave each.
    pub(crate) fn present_by_rater(&self, slot: usize) -> impl Iterator<Item = (u32, f64)> + '_ {
        self.group(slot)
            .iter()
            .filter(|score| score.code != ABSENT)
            .map(|score| (score.rater, self.values[score.code as usize]))
    }

    /// The id of the rater with this index, when ids are kept.
    pub(crate) fn rater_id(&self, rater: u32) -> &str {
        self.rater_ids.get(rater as usize).map_or("", |id| id)
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

impl Columns {
    /// In a long file whose manager, rater and role come before its
    /// indicator and score: the first of those two columns. A row whose text
    /// up to it is the row before's has that row's manager, rater and role.
    fn who_before(&self) -> Option<usize> {
        let Form::Long { indicator, score } = self.form else {
            return None;
        };
        let first_per_row = indicator.min(score);
        let who = [Some(self.manager), Some(self.rater), self.role];
        who.iter()
            .flatten()
            .all(|&column| column < first_per_row)
            .then_some(first_per_row)
    }
}

/// Who the last good row was about (manager, rater's number, role group),
/// and its text up to the indicator and score. A rater's rows come
/// together, so most rows start as the row before, byte for byte: then
/// their manager, rater and role need no looking up.
#[derive(Default)]
struct SameStart {
    text: String,
    who: Option<(usize, u32, usize)>,
}

impl SameStart {
    fn who(&self, start: &str) -> Option<(usize, u32, usize)> {
        self.who.filter(|_| same_text(&self.text, start))
    }

    fn remember(&mut self, start: &str, who: (usize, u32, usize)) {
        if self.who.is_none() || !same_text(&self.text, start) {
            start.clone_into(&mut self.text);
        }
        self.who = Some(who);
    }
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
    keep_rater_ids: bool,
    /// Managers in the roster.
    managers: usize,
}

impl Context<'_> {
    fn slots_per_manager(&self) -> usize {
        self.measured.indicators.len() * self.role_slots
    }

    fn rater_name(&self) -> &'static str {
        if self.method == Method::Ratings {
            "rater_id"
        } else {
            "interviewer_id"
        }
    }
}

/// What a part remembers of the cells it looked up (see [`KnownTexts`]).
struct Lookups<'a> {
    managers: ManagerLookup<'a>,
    raters: RaterKeys,
    /// The score values met so far, numbered in the order met.
    values: ScoreValues,
    roles: KnownTexts<usize>,
    indicators: KnownTexts<usize>,
    /// Codes of the score texts found on the scale.
    scores: KnownTexts<u32>,
    same_start: SameStart,
}

impl<'a> Lookups<'a> {
    fn new(context: &Context<'a>, raters: RaterKeys, values: ScoreValues) -> Self {
        Lookups {
            managers: ManagerLookup::new(context.roster),
            raters,
            values,
            roles: KnownTexts::default(),
            indicators: KnownTexts::default(),
            scores: KnownTexts::default(),
            same_start: SameStart::default(),
        }
    }
}

/// What one part of a file gave.
struct Part {
    scores: Vec<GivenScore>,
    /// Where each manager's scores start, while the part lists managers in
    /// roster order, each once.
    blocks: Vec<ManagerBlock>,
    raters: RaterKeys,
    values: ScoreValues,
    outcome: Outcome,
    /// Line breaks in the part, to number the lines of the parts after it.
    line_breaks: u64,
    /// False when the part's end fell inside a quoted field.
    aligned: bool,
    /// The part's scores put by range of managers, once it is seen not to
    /// list its managers in roster order, each once; until then (and for
    /// good in a file that does) they are in `scores`, grouped by slot at
    /// the end (see [`group_part_by_slot`]).
    by_range: Option<ByRange>,
    /// Whether a grouped part has duplicates.
    duplicates: bool,
}

/// Reads `ratings.csv` (`method` = ratings) or `interview.csv`, long or wide.
/// With `keep_rater_ids`, raters are numbered across the file and their ids
/// kept ([`Groups::rater_id`]); without, a rater is only told apart from the
/// others of each (manager, indicator, role), which costs no table of them.
// Longer than most: reading in parts, reading again when a quote or the
// row order requires it, joining and finding duplicates are one sequence
// whose steps share state; issue 17's redesign of row order replaces it.
pub(crate) fn read(
    standard: &Standard,
    roster: Option<&Roster>,
    measured: &MethodIndicators,
    method: Method,
    managers: usize,
    keep_rater_ids: bool,
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
        keep_rater_ids,
        managers,
    };

    let size = std::fs::metadata(&outcome.source.path).map_or(0, |m| m.len());
    let mut points = split_points(outcome, data_start, size);
    let mut parts = read_parts(&context, &header, outcome, data_start, &points);
    if parts.iter().any(|part| !part.aligned) {
        // A quoted field ran across a split: read the file in one part.
        points.clear();
        parts = read_parts(&context, &header, outcome, data_start, &points);
    }
    let grouped = parts_grouped_in_order(&parts);
    let parts_have_duplicates = parts.iter().any(|part| part.duplicates);
    let Joined {
        parts,
        mut raters,
        mut values,
    } = join(parts, outcome, header_breaks);
    let slots_per_manager = context.slots_per_manager();
    let (pieces, duplicates) = if grouped {
        let parts = parts
            .into_iter()
            .map(|part| (part.scores, part.blocks))
            .collect();
        let (pieces, joined_have_duplicates) = whole_manager_pieces(parts, slots_per_manager);
        (
            with_starts(pieces, slots),
            parts_have_duplicates || joined_have_duplicates,
        )
    } else {
        // Parts each in roster order, but not one after the other, are put
        // by range too.
        let parts = parts
            .into_par_iter()
            .map(|part| {
                part.by_range.unwrap_or_else(|| {
                    let mut by_range = ByRange::new(managers);
                    by_range.extend(&part.scores, slots_per_manager);
                    by_range
                })
            })
            .collect();
        gather_ranges(parts, managers, slots_per_manager)
    };
    let pieces = if duplicates {
        // Duplicates become neighbours; second copies may be dropped, so
        // the groups start anew.
        let mut pieces: Vec<SlotScores> = pieces
            .into_iter()
            .map(|piece| (piece.first_slot, piece.scores))
            .collect();
        for (_, scores) in &mut pieces {
            scores.par_sort_unstable_by_key(GivenScore::key);
        }
        let mut lookups = Lookups::new(&context, raters, values);
        report_duplicates(&context, &header, &mut lookups, &mut pieces, outcome);
        (raters, values) = (lookups.raters, lookups.values);
        with_starts(pieces, slots)
    } else {
        pieces
    };
    let rater_ids = match raters {
        RaterKeys::Numbered(interviewers) => interviewers.ids(),
        RaterKeys::Hashed => Vec::new(),
    };
    Groups::new(
        pieces,
        managers,
        slots_per_manager,
        values.values,
        rater_ids,
    )
}

/// Scores grouped by slot, from a first slot on (the first of a [`Piece`]).
type SlotScores = (usize, Vec<GivenScore>);

/// Pieces of scores grouped by slot, each running up to the next piece's
/// first slot and the last up to `slots`, with where their groups start.
fn with_starts(pieces: Vec<SlotScores>, slots: usize) -> Vec<Piece> {
    let ends: Vec<usize> = pieces
        .iter()
        .skip(1)
        .map(|&(first_slot, _)| first_slot)
        .chain([slots])
        .collect();
    pieces
        .into_par_iter()
        .zip(ends)
        .map(|((first_slot, scores), end)| Piece {
            starts: group_starts(&scores, first_slot, end),
            first_slot,
            scores,
        })
        .collect()
}

/// Managers per range of a file not in roster order (see [`ByRange`]).
const MANAGERS_PER_RANGE: usize = 128;

/// Scores per chunk of a range: a range's first chunk grows up to this from
/// nothing, so that ranges few scores fall in cost little.
const CHUNK: usize = 1024;

/// The scores of a part that does not list managers in roster order, put
/// by range of [`MANAGERS_PER_RANGE`] managers as they are read, each range
/// filling chunks of its own: no second copy of a national quarter's scores
/// is ever held, and what is left to sort is each range's few scores, on
/// every thread ([`gather_ranges`]).
#[derive(Debug, Default)]
struct ByRange {
    /// Per range, the chunk being filled.
    open: Vec<Vec<GivenScore>>,
    /// Per range, its full chunks in the order filled.
    full: Vec<Vec<Vec<GivenScore>>>,
}

impl ByRange {
    fn new(managers: usize) -> ByRange {
        let ranges = managers.div_ceil(MANAGERS_PER_RANGE);
        ByRange {
            open: vec![Vec::new(); ranges],
            full: vec![Vec::new(); ranges],
        }
    }

    fn push(&mut self, manager: usize, score: GivenScore) {
        let range = manager / MANAGERS_PER_RANGE;
        let open = &mut self.open[range];
        if open.len() == CHUNK {
            let filled = std::mem::replace(open, Vec::with_capacity(CHUNK));
            self.full[range].push(filled);
        }
        open.push(score);
    }

    /// Puts scores read in roster order by range after all.
    fn extend(&mut self, scores: &[GivenScore], slots_per_manager: usize) {
        for score in scores {
            self.push(score.slot as usize / slots_per_manager.max(1), *score);
        }
    }

    /// Every chunk, full or being filled.
    fn chunks_mut(&mut self) -> Vec<&mut Vec<GivenScore>> {
        self.full
            .iter_mut()
            .flatten()
            .chain(self.open.iter_mut())
            .collect()
    }

    /// Each range's chunks, in the order filled.
    fn into_ranges(self) -> impl Iterator<Item = Vec<Vec<GivenScore>>> {
        self.full
            .into_iter()
            .zip(self.open)
            .map(|(mut chunks, open)| {
                chunks.push(open);
                chunks
            })
    }
}

/// Sorts the scores of parts put by range, a range at a time on every
/// thread, into pieces of whole managers, grouped by slot (in no set order
/// within a slot: whoever needs one sorts). Gives the pieces and whether
/// there are duplicates.
fn gather_ranges(
    parts: Vec<ByRange>,
    managers: usize,
    slots_per_manager: usize,
) -> (Vec<Piece>, bool) {
    let mut ranges: Vec<Vec<Vec<GivenScore>>> =
        vec![Vec::new(); managers.div_ceil(MANAGERS_PER_RANGE)];
    for part in parts {
        for (chunks, part_chunks) in ranges.iter_mut().zip(part.into_ranges()) {
            chunks.extend(part_chunks);
        }
    }
    let sorted: Vec<(Vec<Piece>, bool)> = ranges
        .into_par_iter()
        .enumerate()
        // A few ranges a job, so that no thread is left sorting a long run
        // of them alone while the others wait.
        .with_max_len(8)
        .map(|(range, chunks)| {
            let first_manager = range * MANAGERS_PER_RANGE;
            let managers = MANAGERS_PER_RANGE.min(managers - first_manager);
            sort_range(chunks, first_manager, managers, slots_per_manager)
        })
        .collect();
    let duplicates = sorted.iter().any(|&(_, duplicates)| duplicates);
    let pieces: Vec<Piece> = sorted.into_iter().flat_map(|(pieces, _)| pieces).collect();
    if pieces.is_empty() {
        return (with_starts(vec![(0, Vec::new())], 0), duplicates);
    }
    (pieces, duplicates)
}

/// Sorts one range's chunks by slot (a counting sort) into pieces of whole managers of about a chunk each: as large as
/// the chunks, the pieces take the memory the chunks free as they are
/// emptied, where one vector per range would take memory anew. The counts
/// give where each group starts. Gives the pieces, the first from the
/// range's first slot, the last up to its end, and whether a rater scores a
/// slot twice.
fn sort_range(
    chunks: Vec<Vec<GivenScore>>,
    first_manager: usize,
    managers: usize,
    slots_per_manager: usize,
) -> (Vec<Piece>, bool) {
    let first_slot = first_manager * slots_per_manager;
    let slots = managers * slots_per_manager;
    let count = chunks.iter().map(Vec::len).sum();
    // The counts cost a pass over the range's slots, however few its
    // scores; so would the starts of its groups, which they give.
    let local = |score: &GivenScore| score.slot as usize - first_slot;
    let mut next = vec![0usize; slots + 1];
    for score in chunks.iter().flatten() {
        next[local(score) + 1] += 1;
    }
    for slot in 0..slots {
        next[slot + 1] += next[slot];
    }
    // Each piece from its first manager's first score; a manager with more
    // scores than a chunk is a piece alone.
    let mut piece_of_manager = Vec::with_capacity(managers);
    let (mut piece_starts, mut first_managers) = (vec![0], vec![0]);
    for manager in 0..managers {
        let start = next[manager * slots_per_manager];
        let end = next[(manager + 1) * slots_per_manager];
        let piece_start = piece_starts[piece_starts.len() - 1];
        if end - piece_start > CHUNK && start > piece_start {
            piece_starts.push(start);
            first_managers.push(manager);
        }
        piece_of_manager.push(piece_starts.len() - 1);
    }
    first_managers.push(managers);
    let mut pieces: Vec<Piece> = first_managers
        .windows(2)
        .zip(&piece_starts)
        .map(|(managers, &piece_start)| {
            let local_slots = managers[0] * slots_per_manager..=managers[1] * slots_per_manager;
            Piece {
                first_slot: first_slot + local_slots.start(),
                starts: next[local_slots]
                    .iter()
                    .map(|&start| (start - piece_start) as u32)
                    .collect(),
                scores: Vec::new(),
            }
        })
        .collect();
    piece_starts.push(count);
    for (piece, bounds) in pieces.iter_mut().zip(piece_starts.windows(2)) {
        piece.scores = vec![GivenScore::default(); bounds[1] - bounds[0]];
    }
    for chunk in chunks {
        for score in &chunk {
            let slot = local(score);
            let piece = piece_of_manager[slot / slots_per_manager];
            let at = &mut next[slot];
            pieces[piece].scores[*at - piece_starts[piece]] = *score;
            *at += 1;
        }
    }
    let duplicates = pieces
        .iter_mut()
        .any(|piece| has_duplicates_by_slot(&mut piece.scores));
    (pieces, duplicates)
}

/// Where the scores of each slot from `first_slot` to `end` start in
/// `scores`, sorted by slot, and then where the last end: found for a range
/// of slots at a time on every thread.
fn group_starts(scores: &[GivenScore], first_slot: usize, end: usize) -> Vec<u32> {
    const SLOTS_AT_A_TIME: usize = 1 << 16;
    let mut starts = vec![0u32; end.saturating_sub(first_slot) + 1];
    starts
        .par_chunks_mut(SLOTS_AT_A_TIME)
        .enumerate()
        .for_each(|(chunk, starts)| {
            let first_slot = first_slot + chunk * SLOTS_AT_A_TIME;
            let mut at = scores.partition_point(|score| (score.slot as usize) < first_slot);
            for (slot, start) in (first_slot..).zip(starts.iter_mut()) {
                while scores
                    .get(at)
                    .is_some_and(|score| (score.slot as usize) < slot)
                {
                    at += 1;
                }
                *start = at as u32;
            }
        });
    starts
}

/// Where one manager's scores start in a part.
#[derive(Debug, Clone, Copy, PartialEq)]
struct ManagerBlock {
    manager: usize,
    start: usize,
}

/// Groups the scores of a part that lists its managers in roster order, each
/// once, by slot, in place. Exports list managers so; then each manager's few
/// scores are sorted alone, by a counting sort on the manager's slots. Gives
/// whether there are duplicates, looked for while each manager's scores are
/// at hand.
fn group_part_by_slot(
    scores: &mut [GivenScore],
    blocks: &[ManagerBlock],
    slots_per_manager: usize,
) -> bool {
    let mut duplicates = false;
    let (mut counts, mut sorted) = (Vec::new(), Vec::new());
    let ends = blocks.iter().skip(1).map(|block| block.start);
    for (block, end) in blocks.iter().zip(ends.chain([scores.len()])) {
        let first_slot = block.manager * slots_per_manager;
        let block = &mut scores[block.start..end];
        // Counting costs a pass over the manager's slots: worth it only
        // when they are not many more than the scores.
        if slots_per_manager > 2 * block.len() + 256 {
            block.sort_unstable_by_key(GivenScore::key);
            duplicates |= has_duplicates(block);
            continue;
        }
        let local = |score: &GivenScore| score.slot as usize - first_slot;
        counts.clear();
        counts.resize(slots_per_manager + 1, 0usize);
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
        block.copy_from_slice(&sorted);
        duplicates = duplicates || has_duplicates_by_slot(block);
    }
    duplicates
}

/// Whether a rater gives two scores in one slot, in scores grouped by slot
/// but not sorted by rater: a slot holds a few scores, compared pair by pair.
fn has_duplicates_by_slot(grouped: &mut [GivenScore]) -> bool {
    grouped
        .chunk_by_mut(|a, b| a.slot == b.slot)
        .any(|group| match group {
            [] | [_] => false,
            [a, b] => a.rater == b.rater,
            _ if group.len() <= 16 => group.iter().enumerate().any(|(at, score)| {
                group[at + 1..]
                    .iter()
                    .any(|other| other.rater == score.rater)
            }),
            _ => {
                group.sort_unstable_by_key(GivenScore::key);
                has_duplicates(group)
            }
        })
}

/// Whether two neighbours of sorted scores share a key.
fn has_duplicates(sorted: &[GivenScore]) -> bool {
    sorted.windows(2).any(|pair| pair[0].key() == pair[1].key())
}

/// Whether every part is grouped and each part's managers come after the
/// previous part's (one manager may run across the split).
fn parts_grouped_in_order(parts: &[Part]) -> bool {
    let mut last_manager = None;
    for part in parts {
        if part.by_range.is_some() {
            return false;
        }
        let (Some(first), Some(last)) = (part.blocks.first(), part.blocks.last()) else {
            continue;
        };
        if last_manager.is_some_and(|before| before > first.manager) {
            return false;
        }
        last_manager = Some(last.manager);
    }
    true
}

/// Gathers grouped parts, in file order, into pieces that each hold whole
/// managers: the scores of a manager a split cut in two move to the piece
/// before, where they are grouped again with the rest. Gives each piece with
/// its first slot (0 for the first, so every slot has a piece), and whether
/// a manager put together from two parts has duplicates.
fn whole_manager_pieces(
    parts: Vec<(Vec<GivenScore>, Vec<ManagerBlock>)>,
    slots_per_manager: usize,
) -> (Vec<SlotScores>, bool) {
    let mut duplicates = false;
    let mut pieces: Vec<SlotScores> = Vec::new();
    // The last manager of the pieces so far, and where their scores start.
    let mut last: Option<ManagerBlock> = None;
    for (mut scores, blocks) in parts {
        let Some(first) = blocks.first() else {
            continue;
        };
        let mut kept = &blocks[..];
        if let (Some(before), Some((_, piece))) = (last, pieces.last_mut())
            && before.manager == first.manager
        {
            let end = blocks.get(1).map_or(scores.len(), |next| next.start);
            piece.extend(scores.drain(..end));
            piece[before.start..].sort_unstable_by_key(GivenScore::key);
            duplicates |= has_duplicates(&piece[before.start..]);
            kept = &blocks[1..];
        }
        // Block starts in `scores`, after what moved to the piece before.
        let moved = kept.first().map_or(0, |block| block.start);
        let (Some(first_kept), Some(last_kept)) = (kept.first(), kept.last()) else {
            // The whole part was the one manager: they may run on further.
            continue;
        };
        let first_slot = if pieces.is_empty() {
            0
        } else {
            first_kept.manager * slots_per_manager
        };
        last = Some(ManagerBlock {
            manager: last_kept.manager,
            start: last_kept.start - moved,
        });
        pieces.push((first_slot, scores));
    }
    if pieces.is_empty() {
        pieces.push((0, Vec::new()));
    }
    (pieces, duplicates)
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

/// Where to split a file of `size` bytes for the threads, just after a line
/// break: none for a small file or a single thread; into one equal share a
/// thread for a file of a few shares; else into parts that shrink from a
/// quarter of the data (with two threads) to [`SMALLEST_PART`], taken
/// by the threads largest first (see [`read_parts`]), so that the threads
/// finish within a small part of one another.
fn split_points(outcome: &Outcome, data_start: u64, size: u64) -> Vec<u64> {
    let threads = rayon::current_num_threads() as u64;
    if threads < 2 || size < SMALLEST_SPLIT_FILE {
        return Vec::new();
    }
    let Ok(mut file) = File::open(&outcome.source.path) else {
        return Vec::new();
    };
    let data = size - data_start;
    let guesses: Vec<u64> = if data < 2 * threads * SMALLEST_SPLIT_FILE {
        (1..threads)
            .map(|share| data_start + data * share / threads)
            .collect()
    } else {
        let mut guesses = Vec::new();
        let mut at = data_start;
        while size - at >= 2 * SMALLEST_PART {
            at += ((size - at) / (2 * threads)).max(SMALLEST_PART);
            guesses.push(at);
        }
        guesses
    };
    let mut points: Vec<u64> = Vec::new();
    for guess in guesses {
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

/// Reads the parts between `data_start`, the split points and the end, on
/// every thread, and gives them in file order. Each thread takes the next
/// part not yet taken, in file order, so the last and smallest parts go to
/// whichever thread is free.
fn read_parts(
    context: &Context,
    header: &Header,
    outcome: &Outcome,
    data_start: u64,
    points: &[u64],
) -> Vec<Part> {
    let starts = std::iter::once(data_start).chain(points.iter().copied());
    let ends = points
        .iter()
        .copied()
        .map(Some)
        .chain(std::iter::once(None));
    let bounds: Vec<(u64, Option<u64>)> = starts.zip(ends).collect();
    let next = AtomicUsize::new(0);
    let mut parts: Vec<(usize, Part)> = (0..rayon::current_num_threads().min(bounds.len()))
        .into_par_iter()
        .flat_map_iter(|_| {
            let mut taken = Vec::new();
            loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(&(start, end)) = bounds.get(index) else {
                    return taken;
                };
                taken.push((index, read_part(context, header, outcome, start, end)));
            }
        })
        .collect();
    parts.sort_unstable_by_key(|&(index, _)| index);
    parts.into_iter().map(|(_, part)| part).collect()
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
        blocks: Vec::new(),
        raters: RaterKeys::new(context.keep_rater_ids),
        values: ScoreValues::default(),
        outcome: Outcome {
            progress: outcome.progress.clone(),
            delimiter: outcome.delimiter,
            decoded: outcome.decoded.clone(),
            ..Outcome::new(outcome.source.clone(), outcome.reject_rows)
        },
        line_breaks: 0,
        aligned: true,
        by_range: None,
        duplicates: false,
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
    let raters = RaterKeys::new(context.keep_rater_ids);
    let mut lookups = Lookups::new(context, raters, ScoreValues::of_scale(context.standard));
    let (scores, blocks, by_range) = (&mut part.scores, &mut part.blocks, &mut part.by_range);
    let (manager_column, delimiter) = (context.columns.manager, outcome.delimiter);
    part.aligned = for_each_row(&mut file, header, &mut part.outcome, end, |row, outcome| {
        lookups.managers.look_ahead(row, manager_column, delimiter);
        let Some(manager) = check_row(row, context, &mut lookups, &mut sheet, outcome) else {
            return;
        };
        if let Some(by_range) = by_range {
            for &score in &sheet {
                by_range.push(manager, score);
            }
            return;
        }
        // Blocks are kept while the part lists managers in roster order,
        // each once; from the first manager out of that order, scores go by
        // range, to be sorted by manager.
        match blocks.last() {
            Some(block) if block.manager == manager => {}
            Some(block) if block.manager > manager => {
                let mut ranges = ByRange::new(context.managers);
                ranges.extend(scores, context.slots_per_manager());
                for &score in &sheet {
                    ranges.push(manager, score);
                }
                (*scores, *blocks, *by_range) = (Vec::new(), Vec::new(), Some(ranges));
                return;
            }
            _ => blocks.push(ManagerBlock {
                manager,
                start: scores.len(),
            }),
        }
        // Copied one by one: `extend_from_slice` calls `memmove`, which
        // costs more than the one or few scores of a row.
        scores.extend(sheet.iter().copied());
    });
    (part.raters, part.values) = (lookups.raters, lookups.values);
    part.line_breaks = file.line_breaks_before_end();
    if part.by_range.is_none() {
        part.duplicates =
            group_part_by_slot(&mut part.scores, &part.blocks, context.slots_per_manager());
    }
    part
}

/// A part's scores: as read, with where its managers' blocks start, or put
/// by range.
struct PartScores {
    scores: Vec<GivenScore>,
    blocks: Vec<ManagerBlock>,
    by_range: Option<ByRange>,
}

/// Joins the parts in file order: their interviewer and score codes mapped
/// onto the first part's, in place, their lines numbered from the start of
/// the file. Gives each part's scores and the numbering they now share.
fn join(parts: Vec<Part>, outcome: &mut Outcome, header_breaks: u64) -> Joined {
    let mut parts = parts.into_iter();
    let Some(first) = parts.next() else {
        return Joined {
            parts: Vec::new(),
            raters: RaterKeys::Hashed,
            values: ScoreValues::default(),
        };
    };
    let mut line_shift = header_breaks;
    let (mut raters, mut values) = (first.raters, first.values);
    outcome.absorb(first.outcome, line_shift);
    line_shift += first.line_breaks;
    let mut joined = vec![PartScores {
        scores: first.scores,
        blocks: first.blocks,
        by_range: first.by_range,
    }];
    for mut part in parts {
        let value_map: Vec<u32> = part
            .values
            .values
            .iter()
            .map(|&v| values.code(Some(v)))
            .collect();
        let rater_map = match (&mut raters, &part.raters) {
            (RaterKeys::Numbered(file), RaterKeys::Numbered(local)) => {
                let mut map = vec![0u32; local.ids.len()];
                local.ids.for_each(|id, &index| {
                    map[index as usize] = file.index(id);
                });
                Some(map)
            }
            _ => None,
        };
        let same_values = value_map
            .iter()
            .enumerate()
            .all(|(i, &code)| i as u32 == code);
        if rater_map.is_some() || !same_values {
            let renumber = |score: &mut GivenScore| {
                if let Some(map) = &rater_map {
                    score.rater = map[score.rater as usize];
                }
                if score.code != ABSENT {
                    score.code = value_map[score.code as usize];
                }
            };
            part.scores
                .par_chunks_mut(1 << 16)
                .for_each(|chunk| chunk.iter_mut().for_each(renumber));
            if let Some(by_range) = &mut part.by_range {
                by_range
                    .chunks_mut()
                    .into_par_iter()
                    .for_each(|chunk| chunk.iter_mut().for_each(renumber));
            }
        }
        outcome.absorb(part.outcome, line_shift);
        line_shift += part.line_breaks;
        joined.push(PartScores {
            scores: part.scores,
            blocks: part.blocks,
            by_range: part.by_range,
        });
    }
    Joined {
        parts: joined,
        raters,
        values,
    }
}

/// The parts of a file joined: each part's scores, and the rater and score
/// numbering they now share.
struct Joined {
    parts: Vec<PartScores>,
    raters: RaterKeys,
    values: ScoreValues,
}

/// Checks one row and fills `sheet` with its scores, giving the row's
/// manager, or gives `None` when the row is bad (the problems are in `outcome`).
// Kept whole: the per-row path of tens of millions of rating rows, which
// issue 17 redesigns; it is split there, with the benchmark to show the
// split costs nothing.
fn check_row(
    row: &Row,
    context: &Context,
    lookups: &mut Lookups,
    sheet: &mut Vec<GivenScore>,
    outcome: &mut Outcome,
) -> Option<usize> {
    let Context {
        standard,
        columns,
        measured,
        role_slots,
        ..
    } = context;
    let mut problems = Vec::new();
    let start = columns
        .who_before()
        .and_then(|column| row.text_before(column));
    let known = start.and_then(|start| lookups.same_start.who(start));
    let (mut manager, mut rater, mut role) = (None, "", None);
    if known.is_none() {
        manager = lookups.managers.cell(row, columns.manager, &mut problems);
        rater = text_cell(
            row,
            columns.rater,
            context.rater_name(),
            true,
            &mut problems,
        );
        role = match columns.role {
            None => Some(0),
            // Whether a rater may take a role depends on who they rate.
            Some(column) if !rater.is_empty() && same_text(rater, row.cell(columns.manager)) => {
                role_cell(row, column, context, true, &mut problems)
            }
            Some(column) => lookups.roles.get_or_else(row.cell(column), || {
                role_cell(row, column, context, false, &mut problems)
            }),
        };
    }
    sheet.clear();
    let mut score_cell = |column: usize, local: usize, problems: &mut Vec<CellProblem>| {
        let code = lookups.scores.get_or_else(row.cell(column), || {
            let score = number_cell(row, column, NumberColumn::Score, problems)?;
            if !(standard.scale_min..=standard.scale_max).contains(&score) {
                problems.push(CellProblem::at(
                    column,
                    format!(
                        "score {score} is outside the scale {} to {}",
                        standard.scale_min, standard.scale_max
                    ),
                ));
                return None;
            }
            Some(lookups.values.code(Some(score)))
        });
        sheet.push(GivenScore {
            slot: local as u32,
            rater: 0,
            code: code.unwrap_or(ABSENT),
        });
    };
    match &columns.form {
        Form::Long { indicator, score } => {
            let local = lookups.indicators.get_or_else(row.cell(*indicator), || {
                indicator_cell(
                    row,
                    *indicator,
                    standard,
                    context.method,
                    measured,
                    &mut problems,
                )
            });
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
    let (manager, rater, role) = match known {
        Some(who) => who,
        None => {
            let (manager, role) = (manager?, role?);
            let who = (manager, lookups.raters.key(rater), role);
            // Only when the next line starts alike: in a file by indicator
            // or shuffled, no line does, and copying each start is waste.
            if let Some(start) = start
                && row
                    .text_after()
                    .get(..start.len())
                    .is_some_and(|next| same_text(next, start))
            {
                lookups.same_start.remember(start, who);
            }
            who
        }
    };
    let indicators = measured.indicators.len();
    for score in sheet.iter_mut() {
        score.slot = ((manager * indicators + score.slot as usize) * role_slots + role) as u32;
        score.rater = rater;
    }
    Some(manager)
}

/// The role group of a ratings row: the standard's roles, then `self`.
fn role_cell(
    row: &Row,
    column: usize,
    context: &Context,
    rates_themself: bool,
    problems: &mut Vec<CellProblem>,
) -> Option<usize> {
    let role = text_cell(row, column, "role", true, problems);
    if role.is_empty() {
        return None;
    }
    if role == "self" {
        return Some(context.role_slots - 1);
    }
    let standard = context.standard;
    let Some(index) = standard.role_index(role) else {
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
        return None;
    };
    if rates_themself {
        let rater = row.cell(context.columns.rater);
        problems.push(CellProblem::at(
            column,
            format!("rater `{rater}` rates themself under role `{role}`; a self-rating takes role `self`"),
        ));
    }
    Some(index)
}

/// The first copy of a rater's score on a duplicated key.
struct FirstCopy {
    rater: Box<str>,
    line: u64,
    code: u32,
}

/// Reads the file again to name the line of every second copy of a
/// (manager, rater, role, indicator): the first pass keeps no lines. A key
/// met twice may also be two raters whose ids hash alike (see
/// [`RaterKeys`]): their ids tell them apart, and both scores stand. Under
/// `--rejects` the second copies are dropped and the first copy's score kept.
fn report_duplicates(
    context: &Context,
    header: &Header,
    lookups: &mut Lookups,
    pieces: &mut [SlotScores],
    outcome: &mut Outcome,
) {
    // The first copy of each rater's score, per duplicated key.
    let mut firsts: FxHashMap<u64, Vec<FirstCopy>> = pieces
        .iter()
        .flat_map(|(_, scores)| scores.windows(2))
        .filter(|pair| pair[0].key() == pair[1].key())
        .map(|pair| (pair[0].key(), Vec::new()))
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
    for_each_row(&mut file, header, &mut rescan, None, |row, rescan| {
        if check_row(row, context, lookups, &mut sheet, rescan).is_none() {
            return;
        }
        let rater = row.cell(context.columns.rater);
        for score in &sheet {
            let Some(copies) = firsts.get_mut(&score.key()) else {
                continue;
            };
            let Some(first) = copies.iter().find(|copy| same_text(&copy.rater, rater)) else {
                copies.push(FirstCopy {
                    rater: rater.into(),
                    line: row.line,
                    code: score.code,
                });
                continue;
            };
            let local =
                (score.slot as usize / context.role_slots) % context.measured.indicators.len();
            let indicator = &context.standard.indicators[context.measured.indicators[local]].id;
            let problem = CellProblem::row(format!(
                "a second {what} by `{rater}` of manager `{}` on `{indicator}` (first on line {})",
                row.cell(context.columns.manager),
                first.line
            ));
            outcome.row_problems(row.line, row.bytes, vec![problem]);
            break;
        }
    });
    if outcome.reject_rows {
        for (_, scores) in pieces {
            keep_first_copies(scores, &firsts);
        }
    }
}

/// Replaces the scores of each duplicated key, neighbours in `scores`, by
/// the first copy of each rater's score: one score per rater. In place: a
/// key has at least as many scores as raters.
fn keep_first_copies(scores: &mut Vec<GivenScore>, firsts: &FxHashMap<u64, Vec<FirstCopy>>) {
    let (mut read, mut kept) = (0, 0);
    while read < scores.len() {
        let score = scores[read];
        let Some(copies) = firsts.get(&score.key()) else {
            scores[kept] = score;
            (read, kept) = (read + 1, kept + 1);
            continue;
        };
        let run = read;
        while scores
            .get(read)
            .is_some_and(|next| next.key() == score.key())
        {
            read += 1;
        }
        if copies.is_empty() || copies.len() > read - run {
            // Only when the file changed between the two readings: kept as read.
            scores.copy_within(run..read, kept);
            kept += read - run;
            continue;
        }
        for copy in copies {
            scores[kept] = GivenScore {
                code: copy.code,
                ..score
            };
            kept += 1;
        }
    }
    scores.truncate(kept);
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

    fn blocks(starts: &[(usize, usize)]) -> Vec<ManagerBlock> {
        starts
            .iter()
            .map(|&(manager, start)| ManagerBlock { manager, start })
            .collect()
    }

    #[test]
    fn group_starts_mark_where_each_slot_begins_and_the_last_ends() {
        // Slots 1, 1, 4 and 70000 (in the second range of slots at a time).
        let sorted = scores(&[(1, 0), (1, 1), (4, 0), (70_000, 2)]);
        let starts = group_starts(&sorted, 0, 70_002);
        assert_eq!(starts.len(), 70_003);
        assert_eq!(&starts[..6], &[0, 0, 2, 2, 2, 3]);
        assert_eq!(starts[69_999], 3);
        assert_eq!(starts[70_000], 3);
        assert_eq!(starts[70_001], 4);
        assert_eq!(starts[70_002], 4);
        assert_eq!(group_starts(&[], 0, 3), vec![0, 0, 0, 0]);
        // A piece from slot 4: slots 4, 5 and the end.
        let piece = scores(&[(4, 0), (4, 1), (5, 0)]);
        assert_eq!(group_starts(&piece, 4, 6), vec![0, 2, 3]);
    }

    #[test]
    fn groups_each_managers_scores_by_slot_in_file_order() {
        // Two slots per manager: managers 0, 1, 2 own slots 0–1, 2–3, 4–5.
        let mut grouped = scores(&[
            (1, 4),
            (0, 9),
            (1, 2),
            (3, 1),
            (2, 7),
            (5, 0),
            (4, 3),
            (4, 1),
        ]);
        let duplicates = group_part_by_slot(&mut grouped, &blocks(&[(0, 0), (1, 3), (2, 5)]), 2);
        assert!(!duplicates);
        let expected = [
            (0, 9),
            (1, 4),
            (1, 2),
            (2, 7),
            (3, 1),
            (4, 3),
            (4, 1),
            (5, 0),
        ];
        assert_eq!(grouped, scores(&expected));
    }

    #[test]
    fn a_rater_twice_in_one_slot_is_a_duplicate_wherever_it_is() {
        // Slot 0 holds raters 1, 2, 3 and 1 again: not neighbours.
        assert!(has_duplicates_by_slot(&mut scores(&[
            (0, 1),
            (0, 2),
            (0, 3),
            (0, 1),
            (1, 1)
        ])));
        // The same rater in two slots is no duplicate.
        assert!(!has_duplicates_by_slot(&mut scores(&[
            (0, 1),
            (0, 2),
            (1, 1),
            (1, 2)
        ])));
        // A slot of more scores than are compared pair by pair.
        let mut many: Vec<(u32, u32)> = (0..40).map(|rater| (3, rater)).collect();
        assert!(!has_duplicates_by_slot(&mut scores(&many)));
        many.push((3, 17));
        assert!(has_duplicates_by_slot(&mut scores(&many)));
    }

    fn by_range(managers: usize, slots_per_manager: usize, read: &[(u32, u32)]) -> ByRange {
        let mut by_range = ByRange::new(managers);
        by_range.extend(&scores(read), slots_per_manager);
        by_range
    }

    #[test]
    fn scores_in_any_order_are_grouped_by_slot_in_file_order() {
        // Two slots per manager, three managers, in two parts read apart.
        let parts = vec![
            by_range(3, 2, &[(5, 1), (2, 7), (0, 3)]),
            by_range(3, 2, &[(3, 2), (2, 4), (1, 1), (4, 9)]),
        ];
        let (pieces, duplicates) = gather_ranges(parts, 3, 2);
        assert!(!duplicates);
        assert_eq!(pieces.len(), 1);
        assert_eq!(pieces[0].first_slot, 0);
        assert_eq!(
            pieces[0].scores,
            scores(&[(0, 3), (1, 1), (2, 7), (2, 4), (3, 2), (4, 9), (5, 1)])
        );
        // Slot 2 holds the third and fourth scores; slot 5 the last.
        assert_eq!(pieces[0].starts, vec![0, 1, 2, 4, 5, 6, 7]);
        let parts = vec![by_range(3, 2, &[(2, 7)]), by_range(3, 2, &[(3, 1), (2, 7)])];
        assert!(gather_ranges(parts, 3, 2).1);
        let (pieces, duplicates) = gather_ranges(Vec::new(), 0, 2);
        assert!(!duplicates);
        assert_eq!(pieces.len(), 1);
        assert_eq!(
            (pieces[0].first_slot, pieces[0].starts.clone()),
            (0, vec![0])
        );
    }

    #[test]
    fn ranges_are_cut_into_pieces_of_whole_managers_about_a_chunk_long() {
        // One slot per manager, 300 managers: ranges of managers 0–127,
        // 128–255 and 256–299. Manager 1 has a chunk's worth of scores,
        // manager 2 ten more: a piece each. Managers 200 and 299 have one.
        let mut read: Vec<(u32, u32)> = (0..CHUNK as u32).map(|rater| (1, rater)).collect();
        read.extend((0..10).map(|rater| (2, rater)));
        read.extend([(299, 0), (0, 5), (200, 1)]);
        let (pieces, duplicates) = gather_ranges(vec![by_range(300, 1, &read)], 300, 1);
        assert!(!duplicates);
        let firsts: Vec<(usize, usize, usize)> = pieces
            .iter()
            .map(|piece| (piece.first_slot, piece.scores.len(), piece.starts.len()))
            .collect();
        // Each piece's starts run over its slots up to the next piece's.
        assert_eq!(
            firsts,
            vec![
                (0, 1, 2),
                (1, CHUNK, 2),
                (2, 10, 127),
                (128, 1, 129),
                (256, 1, 45)
            ]
        );
        assert_eq!(pieces[4].starts[43..], [0, 1]);
        let groups = Groups::new(pieces, 300, 1, vec![1.0], Vec::new());
        let sizes: Vec<usize> = [0, 1, 2, 3, 127, 128, 200, 299]
            .iter()
            .map(|&slot| groups.group(slot).len())
            .collect();
        assert_eq!(sizes, vec![1, CHUNK, 10, 0, 0, 0, 1, 1]);
    }

    #[test]
    fn the_first_copy_of_each_raters_score_is_kept() {
        // Key (slot 2, rater 5) holds two raters whose ids hash alike, one
        // of them twice: their first copies stand, with the first scores.
        let mut sorted = scores(&[(1, 1), (2, 5), (2, 5), (2, 5), (3, 0)]);
        let copy = |rater: &str, code| FirstCopy {
            rater: rater.into(),
            line: 2,
            code,
        };
        let mut firsts = FxHashMap::default();
        firsts.insert(
            GivenScore {
                slot: 2,
                rater: 5,
                code: 0,
            }
            .key(),
            vec![copy("R1", 70), copy("R2", 80)],
        );
        keep_first_copies(&mut sorted, &firsts);
        let kept: Vec<(u32, u32, u32)> = sorted.iter().map(|s| (s.slot, s.rater, s.code)).collect();
        assert_eq!(kept, vec![(1, 1, 11), (2, 5, 70), (2, 5, 80), (3, 0, 30)]);
    }

    fn part(scores: Vec<GivenScore>, blocks: Vec<ManagerBlock>) -> Part {
        Part {
            scores,
            blocks,
            raters: RaterKeys::Hashed,
            values: ScoreValues::default(),
            outcome: Outcome::new(
                super::super::Source::new(std::path::Path::new("r.csv")),
                false,
            ),
            line_breaks: 0,
            aligned: true,
            by_range: None,
            duplicates: false,
        }
    }

    #[test]
    fn duplicates_are_found_within_a_part_and_across_a_split() {
        // Manager 1 (slots 2–3) has rater 4 twice on slot 2, in one part.
        let mut within = scores(&[(2, 4), (3, 1), (2, 4)]);
        assert!(group_part_by_slot(&mut within, &blocks(&[(1, 0)]), 2));
        // The same rater on both sides of a split of manager 1.
        let parts = vec![
            (scores(&[(0, 1), (2, 4)]), blocks(&[(0, 0), (1, 1)])),
            (scores(&[(2, 4), (4, 0)]), blocks(&[(1, 0), (2, 1)])),
        ];
        assert!(whole_manager_pieces(parts, 2).1);
    }

    #[test]
    fn pieces_hold_whole_managers() {
        // Two slots per manager. Manager 1 runs across the first split;
        // manager 3 fills the whole third part and runs on into the fourth.
        let parts = vec![
            (scores(&[(0, 1), (3, 5)]), blocks(&[(0, 0), (1, 1)])),
            (scores(&[(2, 2), (3, 0), (6, 1)]), blocks(&[(1, 0), (3, 2)])),
            (scores(&[(7, 2)]), blocks(&[(3, 0)])),
            (scores(&[(6, 4), (8, 1)]), blocks(&[(3, 0), (4, 1)])),
        ];
        let (pieces, duplicates) = whole_manager_pieces(parts, 2);
        let expected = vec![
            (0, scores(&[(0, 1), (2, 2), (3, 0), (3, 5)])),
            (6, scores(&[(6, 1), (6, 4), (7, 2)])),
            (8, scores(&[(8, 1)])),
        ];
        assert_eq!(pieces, expected);
        assert!(!duplicates);
        assert_eq!(
            whole_manager_pieces(Vec::new(), 2),
            (vec![(0, Vec::new())], false)
        );
    }

    #[test]
    fn a_piece_finds_the_group_of_every_slot() {
        let (values, rater_ids) = (vec![1.0, 2.0, 3.0], Vec::new());
        let score = |slot, code| GivenScore {
            slot,
            rater: 0,
            code,
        };
        let pieces = vec![
            Piece {
                first_slot: 0,
                scores: vec![score(1, 0), score(1, ABSENT)],
                starts: vec![0, 0, 2, 2],
            },
            Piece {
                first_slot: 3,
                scores: vec![score(4, 2)],
                starts: vec![0, 0, 1],
            },
        ];
        // One slot per manager.
        let groups = Groups::new(pieces, 5, 1, values, rater_ids);
        let present = |slot| groups.present(slot).collect::<Vec<f64>>();
        assert_eq!(present(0), Vec::<f64>::new());
        assert_eq!(present(1), vec![1.0]);
        assert_eq!(present(3), Vec::<f64>::new());
        assert_eq!(present(4), vec![3.0]);
        assert_eq!(present(5), Vec::<f64>::new());
        assert_eq!(Groups::default().present(2).count(), 0);
    }

    #[test]
    fn parts_out_of_roster_order_are_not_grouped() {
        let parts = [
            part(scores(&[(4, 1)]), blocks(&[(2, 0)])),
            part(scores(&[(0, 1)]), blocks(&[(0, 0)])),
        ];
        assert!(!parts_grouped_in_order(&parts));
    }
}
