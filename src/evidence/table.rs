//! Reading one CSV file of the quarter as SPEC §2 describes it: a header row
//! matched after trimming, records streamed one at a time with their line,
//! blank lines skipped, every problem pinned to `FILE:LINE:COLUMN`.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

use csv::{ReaderBuilder, StringRecord};

use super::plain::{PlainLine, read_plain_blocks};

mod columns;

pub use crate::cell::trim_cell;
use crate::diagnostic::{Diagnostic, ErrorList, Location};
use crate::standard::ColumnNames;
use columns::resolve;
pub(super) use columns::{missing_hint, name_renamed_column};

/// A CSV file of the quarter, as the user named it.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: PathBuf,
    /// The name errors carry: the path as given, or as found in the folder.
    pub label: String,
    /// A sheet of a workbook, copied to `path` as CSV: places are cells.
    pub sheet: bool,
}

impl Source {
    pub(crate) fn new(path: &Path) -> Source {
        Source {
            path: path.to_path_buf(),
            label: path.display().to_string(),
            sheet: false,
        }
    }
}

/// The header row: trimmed names and where each sits.
pub(crate) struct Header {
    /// The column each cell names, a `[columns]` header name taken for its column.
    pub names: Vec<String>,
    /// The cells as the file writes them (trimmed), for messages.
    pub found: Vec<String>,
}

impl Header {
    pub(crate) fn position(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }

    pub(crate) fn has(&self, name: &str) -> bool {
        self.position(name).is_some()
    }
}

/// One data record: its trimmed cells and where it came from.
pub(crate) struct Row<'r> {
    fields: Fields<'r>,
    /// The line the record starts on, counted from 1.
    pub line: u64,
    /// Byte offsets of the record in the file, for `--rejects`.
    pub bytes: (u64, u64),
}

impl<'r> Row<'r> {
    /// The trimmed cell of column `index`.
    pub(crate) fn cell(&self, index: usize) -> &'r str {
        trim_cell(self.fields.get(index).unwrap_or(""))
    }

    /// The plain lines after this one in the block read, for looking
    /// ahead; empty after a record the csv crate read.
    pub(crate) fn text_after(&self) -> &'r str {
        match self.fields {
            Fields::Line(line) => line.after,
            Fields::Record(_) => "",
        }
    }

    /// The row's text before column `index`, delimiters included: known for
    /// a plain line only.
    pub(crate) fn text_before(&self, index: usize) -> Option<&'r str> {
        let Fields::Line(line) = self.fields else {
            return None;
        };
        line.text.get(..field_start(line, index)?)
    }
}

/// Where field `index` of a plain line starts: after the delimiter that
/// ends the field before.
fn field_start(line: &PlainLine, index: usize) -> Option<usize> {
    match index.checked_sub(1) {
        None => Some(0),
        Some(before) => Some(*line.ends.get(before)? as usize + 1),
    }
}

/// The fields of a record, as the csv crate read them or as split from a
/// plain line.
#[derive(Clone, Copy)]
enum Fields<'r> {
    Record(&'r StringRecord),
    Line(&'r PlainLine<'r>),
}

impl<'r> Fields<'r> {
    fn len(&self) -> usize {
        match self {
            Fields::Record(record) => record.len(),
            Fields::Line(line) => line.ends.len(),
        }
    }

    fn get(&self, index: usize) -> Option<&'r str> {
        match *self {
            Fields::Record(record) => record.get(index),
            Fields::Line(line) => {
                let end = *line.ends.get(index)? as usize;
                line.text.get(field_start(line, index)?..end)
            }
        }
    }

    /// A record whose every field holds nothing but spaces: an empty line,
    /// or a row of delimiters alone (`,,,,`, as Excel saves a formatted
    /// empty row). Skipped.
    fn is_blank(&self) -> bool {
        (0..self.len().max(1)).all(|index| trim_cell(self.get(index).unwrap_or("")).is_empty())
    }

    /// A blank record that is more than an empty line.
    fn is_delimiters_only(&self) -> bool {
        self.len() > 1 && self.is_blank()
    }
}

/// Someone watching a file being read, told of every block read.
pub trait FileProgress: Send + Sync {
    fn read(&self, bytes: u64);
    fn done(&self);
}

/// A row problem: the column (counted from 1) when one applies, and the reason.
#[derive(Debug, Clone)]
pub(crate) struct CellProblem {
    pub column: Option<usize>,
    pub message: String,
}

impl CellProblem {
    pub(crate) fn at(column: usize, message: impl Into<String>) -> CellProblem {
        CellProblem {
            column: Some(column + 1),
            message: message.into(),
        }
    }

    pub(crate) fn row(message: impl Into<String>) -> CellProblem {
        CellProblem {
            column: None,
            message: message.into(),
        }
    }
}

/// A row set aside under `--rejects`.
#[derive(Debug, Clone)]
pub(crate) struct Reject {
    pub line: u64,
    pub bytes: (u64, u64),
    pub reason: String,
}

/// What happened to one file's rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileTally {
    pub label: String,
    pub rows: u64,
    pub rejected: u64,
    /// Rows of delimiters alone, skipped: not in `rows`.
    pub empty: u64,
}

/// Collects a file's errors, or, under `--rejects`, the rows set aside.
pub(crate) struct Outcome {
    pub source: Source,
    pub reject_rows: bool,
    /// The field delimiter (`,` unless `--delimiter` says otherwise).
    pub delimiter: u8,
    /// The decoded UTF-8 copy `source.path` points to, for a file in
    /// another encoding: kept until the file's rows are all read.
    pub decoded: Option<Arc<tempfile::TempPath>>,
    /// The file could not be decoded (the reason is an error): not read.
    pub unreadable: bool,
    /// Told how many bytes have been read, when someone is watching.
    pub progress: Option<Arc<dyn FileProgress>>,
    /// The line of the header row (after any blank lines before it).
    pub header_line: u64,
    /// The standard's `[columns]`: other names the header may give a column.
    pub columns: Arc<ColumnNames>,
    /// Header cells read as another column by `[columns]`: (column from 1,
    /// the cell as written).
    pub renamed: Vec<(u64, String)>,
    pub errors: ErrorList,
    pub warnings: Vec<Diagnostic>,
    pub rejects: Vec<Reject>,
    pub rows: u64,
    /// Rows of delimiters alone, skipped like empty lines.
    pub empty_rows: u64,
    /// No `--delimiter` was given: a header that reads as one column may
    /// show the file's own.
    pub detect_delimiter: bool,
    /// Where the header has `manager_id`: whose evidence a row set aside was.
    pub manager_column: Option<usize>,
}

impl Outcome {
    pub(crate) fn new(source: Source, reject_rows: bool) -> Outcome {
        Outcome {
            source,
            reject_rows,
            delimiter: b',',
            decoded: None,
            unreadable: false,
            progress: None,
            header_line: 1,
            columns: Arc::default(),
            renamed: Vec::new(),
            errors: ErrorList::default(),
            warnings: Vec::new(),
            rejects: Vec::new(),
            rows: 0,
            empty_rows: 0,
            detect_delimiter: false,
            manager_column: None,
        }
    }

    pub(crate) fn file_error(&mut self, message: impl Into<String>) {
        let location = Location::file(&self.source.label);
        self.errors.push(Diagnostic::new(location, message));
    }

    /// A problem with the header: always an error, `--rejects` or not, since
    /// no row of the file can be read without it.
    pub(crate) fn header_error(&mut self, column: Option<usize>, message: impl Into<String>) {
        let location = match column {
            Some(column) => Location::cell(&self.source.label, self.header_line, column as u64 + 1),
            None => Location::line(&self.source.label, self.header_line),
        }
        .in_sheet(self.source.sheet);
        self.errors.push(Diagnostic::new(location, message));
    }

    /// A warning about one cell (`column` from 0) of the row on `line`.
    pub(crate) fn cell_warning(&mut self, line: u64, column: usize, message: impl Into<String>) {
        let location =
            Location::cell(&self.source.label, line, column as u64 + 1).in_sheet(self.source.sheet);
        self.warnings.push(Diagnostic::new(location, message));
    }

    pub(crate) fn header_warning(&mut self, message: impl Into<String>) {
        let location =
            Location::line(&self.source.label, self.header_line).in_sheet(self.source.sheet);
        self.warnings.push(Diagnostic::new(location, message));
    }

    /// Records a bad row: an error, or under `--rejects` a row set aside.
    /// Returns true when the row is bad.
    pub(crate) fn row_problems(
        &mut self,
        line: u64,
        bytes: (u64, u64),
        problems: Vec<CellProblem>,
    ) -> bool {
        if problems.is_empty() {
            return false;
        }
        if self.reject_rows {
            let reason = problems
                .iter()
                .map(|p| p.message.as_str())
                .collect::<Vec<_>>()
                .join("; ");
            self.rejects.push(Reject {
                line,
                bytes,
                reason,
            });
        } else {
            for problem in problems {
                let location = match problem.column {
                    Some(column) => Location::cell(&self.source.label, line, column as u64),
                    None => Location::line(&self.source.label, line),
                }
                .in_sheet(self.source.sheet);
                self.errors.push(Diagnostic::new(location, problem.message));
            }
        }
        true
    }

    /// Takes in the problems of a part of the file read on its own, whose
    /// lines were counted from the part's start: `line_shift` lines later.
    pub(crate) fn absorb(&mut self, part: Outcome, line_shift: u64) {
        let shift = |mut diagnostic: Diagnostic| {
            diagnostic.location.line = diagnostic.location.line.map(|line| line + line_shift);
            diagnostic
        };
        self.errors.absorb(part.errors, shift);
        self.warnings.extend(part.warnings.into_iter().map(shift));
        self.rejects
            .extend(part.rejects.into_iter().map(|mut reject| {
                reject.line += line_shift;
                reject
            }));
        self.rows += part.rows;
        self.empty_rows += part.empty_rows;
    }

    /// Whether a record is blank, so skipped; a row of delimiters alone is
    /// counted as it is.
    fn skips(&mut self, fields: Fields) -> bool {
        if !fields.is_blank() {
            return false;
        }
        if fields.is_delimiters_only() {
            self.empty_rows += 1;
        }
        true
    }

    pub(crate) fn tally(&self) -> FileTally {
        FileTally {
            label: self.source.label.clone(),
            rows: self.rows,
            rejected: self.rejects.len() as u64,
            empty: self.empty_rows,
        }
    }
}

/// The line breaks a reader has seen: those not yet passed, with whether the
/// line each ends is blank (nothing but `\r`), and how many fell before the
/// end of the reader's part of the file.
#[derive(Default)]
struct LineBreaks {
    pending: VecDeque<(u64, bool)>,
    before_end: u64,
    end: u64,
}

type SharedBreaks = Rc<RefCell<LineBreaks>>;

/// Tells someone watching of the bytes read, each byte once: the header's
/// reader reads ahead of where the data starts, and the plain blocks and a
/// reader started again read some bytes a second time.
#[derive(Clone)]
struct Told {
    progress: Option<Arc<dyn FileProgress>>,
    /// The offset up to which the bytes were told of.
    up_to: Rc<Cell<u64>>,
}

impl Told {
    fn new(outcome: &Outcome, start: u64) -> Told {
        Told {
            progress: outcome.progress.clone(),
            up_to: Rc::new(Cell::new(start)),
        }
    }

    /// Bytes were read up to offset `end`.
    fn read_to(&self, end: u64) {
        if let Some(progress) = &self.progress
            && end > self.up_to.get()
        {
            progress.read(end - self.up_to.get());
            self.up_to.set(end);
        }
    }
}

/// A reader that notes where every `\n` is, so a record's line can be told
/// from its byte offset. The csv crate's own line count drifts on CRLF files.
struct NewlineCounting<R> {
    inner: R,
    told: Told,
    offset: u64,
    /// Whether the line being read has a byte other than `\r` yet.
    line_has_content: bool,
    breaks: SharedBreaks,
}

impl<R: Read> Read for NewlineCounting<R> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let count = self.inner.read(buffer)?;
        self.told.read_to(self.offset + count as u64);
        let mut breaks = self.breaks.borrow_mut();
        let mut rest = &buffer[..count];
        let mut at = self.offset;
        while let Some(index) = memchr::memchr(b'\n', rest) {
            let content = self.line_has_content || rest[..index].iter().any(|&b| b != b'\r');
            let offset = at + index as u64;
            breaks.pending.push_back((offset, !content));
            if offset < breaks.end {
                breaks.before_end += 1;
            }
            self.line_has_content = false;
            rest = &rest[index + 1..];
            at += index as u64 + 1;
        }
        self.line_has_content |= rest.iter().any(|&b| b != b'\r');
        self.offset += count as u64;
        Ok(count)
    }
}

/// An open CSV file, or a part of one: the record reader and the line count
/// beside it.
pub(crate) struct CsvFile {
    /// The file, for reading plain blocks and starting the reader again.
    file: File,
    reader: csv::Reader<NewlineCounting<File>>,
    breaks: SharedBreaks,
    told: Told,
    /// Byte offset in the file where the reader started.
    start: u64,
    /// Line breaks passed so far, since where the first reader started.
    passed: u64,
    /// Line breaks between where the first reader started and `start`.
    breaks_before_start: u64,
}

impl CsvFile {
    fn new(file: File, start: u64, end: Option<u64>, outcome: &Outcome) -> io::Result<CsvFile> {
        let told = Told::new(outcome, start);
        let reader = csv_reader(file.try_clone()?, start, end, outcome, told.clone());
        Ok(CsvFile {
            file,
            breaks: Rc::clone(&reader.get_ref().breaks),
            reader,
            told,
            start,
            passed: 0,
            breaks_before_start: 0,
        })
    }

    /// Starts the csv reader again at byte `offset`, just after a line
    /// break, with `breaks` line breaks before it.
    fn restart_at(
        &mut self,
        offset: u64,
        breaks: u64,
        end: Option<u64>,
        outcome: &Outcome,
    ) -> io::Result<()> {
        let mut file = self.file.try_clone()?;
        file.seek(SeekFrom::Start(offset))?;
        self.reader = csv_reader(file, offset, end, outcome, self.told.clone());
        self.breaks = Rc::clone(&self.reader.get_ref().breaks);
        (self.start, self.passed, self.breaks_before_start) = (offset, breaks, breaks);
        Ok(())
    }

    /// The line (from 1, counted from where this reader started) of a
    /// record csv places at absolute byte `offset`. Offsets must come in
    /// increasing order; passed line breaks are forgotten, so what is held
    /// is one read-ahead buffer's worth.
    fn line_at(&mut self, offset: u64) -> u64 {
        let mut breaks = self.breaks.borrow_mut();
        // csv places a record of a CRLF file at the `\n` ending the line
        // before it, and before any blank lines it skipped: those breaks are
        // behind the record's first byte too.
        while let Some(&(at, blank)) = breaks.pending.front() {
            if at <= offset || blank {
                breaks.pending.pop_front();
                self.passed += 1;
            } else {
                break;
            }
        }
        self.passed + 1
    }

    /// The absolute byte offset of a csv position.
    fn absolute(&self, position: Option<&csv::Position>) -> u64 {
        self.start + position.map_or(0, |p| p.byte())
    }

    /// Where the next record starts: after the header, where data begins.
    pub(crate) fn next_offset(&self) -> u64 {
        self.start + self.reader.position().byte()
    }

    /// Line breaks read before byte `offset` (which must not be behind a
    /// record already placed).
    pub(crate) fn line_breaks_before(&self, offset: u64) -> u64 {
        let breaks = self.breaks.borrow();
        self.passed
            + breaks
                .pending
                .iter()
                .filter(|&&(at, _)| at < offset)
                .count() as u64
    }

    /// Line breaks between where the first reader started and its end.
    pub(crate) fn line_breaks_before_end(&self) -> u64 {
        self.breaks_before_start + self.breaks.borrow().before_end
    }
}

/// A csv reader of `file` from byte `start`, noting its line breaks.
fn csv_reader(
    file: File,
    start: u64,
    end: Option<u64>,
    outcome: &Outcome,
    told: Told,
) -> csv::Reader<NewlineCounting<File>> {
    let breaks = SharedBreaks::default();
    breaks.borrow_mut().end = end.unwrap_or(u64::MAX);
    // csv buffers the reads itself: no BufReader under it.
    let counting = NewlineCounting {
        inner: file,
        told,
        offset: start,
        line_has_content: false,
        breaks,
    };
    ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(outcome.delimiter)
        .buffer_capacity(1 << 16)
        .from_reader(counting)
}

/// Opens a file at byte `start` (just after a line break) to read the
/// records that start before `end`. The reasons it cannot are in `outcome`.
pub(crate) fn open_part(outcome: &mut Outcome, start: u64, end: Option<u64>) -> Option<CsvFile> {
    let mut file = open_file(outcome)?;
    let opened = file
        .seek(SeekFrom::Start(start))
        .and_then(|_| CsvFile::new(file, start, end, outcome));
    opened
        .map_err(|error| outcome.file_error(format!("cannot read the file: {error}")))
        .ok()
}

fn open_file(outcome: &mut Outcome) -> Option<File> {
    if outcome.unreadable {
        return None;
    }
    let file = match File::open(&outcome.source.path) {
        Ok(file) => file,
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            outcome.file_error(format!("file not found: {}", outcome.source.path.display()));
            return None;
        }
        Err(error) => {
            outcome.file_error(format!("cannot read the file: {error}"));
            return None;
        }
    };
    if file.metadata().map(|m| m.is_dir()).unwrap_or(false) {
        outcome.file_error("is a folder, not a CSV file");
        return None;
    }
    Some(file)
}

/// Opens a file and reads its header. `None` when the file cannot be read or
/// has no header; the reason is in `outcome`. `end`: see [`open_part`].
pub(crate) fn open(outcome: &mut Outcome, end: Option<u64>) -> Option<(CsvFile, Header)> {
    let (file, header) = open_as_given(outcome, end)?;
    if !outcome.detect_delimiter || header.found.len() != 1 {
        return Some((file, header));
    }
    // No file of the quarter has one column: a header that reads as one,
    // holding one other delimiter, tells how the file was saved.
    let Some(delimiter) = other_delimiter(&header.found[0], outcome.delimiter) else {
        return Some((file, header));
    };
    let given = outcome.delimiter;
    outcome.delimiter = delimiter;
    let opened = open_as_given(outcome, end);
    // Said at the header as read again: rows of delimiters alone before it
    // are blank now.
    outcome.header_warning(format!(
        "the fields are separated by {}, not {}: read so (--delimiter sets it for every file)",
        delimiter_name(delimiter),
        delimiter_name(given)
    ));
    opened
}

/// The one delimiter other than `current` that a one-column header holds,
/// if it holds exactly one.
pub(crate) fn other_delimiter(header: &str, current: u8) -> Option<u8> {
    let mut found = [b',', b';', b'\t', b'|']
        .into_iter()
        .filter(|&candidate| candidate != current && header.as_bytes().contains(&candidate));
    let delimiter = found.next()?;
    found.next().is_none().then_some(delimiter)
}

/// A delimiter as a message shows it, and as `--delimiter` takes it.
pub(crate) fn delimiter_name(delimiter: u8) -> String {
    match delimiter {
        b'\t' => "tab".to_string(),
        other => format!("`{}`", other as char),
    }
}

fn open_as_given(outcome: &mut Outcome, end: Option<u64>) -> Option<(CsvFile, Header)> {
    let mut file = CsvFile::new(open_file(outcome)?, 0, end, outcome)
        .map_err(|error| outcome.file_error(format!("cannot read the file: {error}")))
        .ok()?;
    let mut record = StringRecord::new();
    loop {
        match file.reader.read_record(&mut record) {
            Ok(false) => {
                outcome.file_error("the file is empty: it needs a header row");
                return None;
            }
            Ok(true) if Fields::Record(&record).is_blank() => continue,
            Ok(true) => {
                outcome.header_line = file.line_at(file.absolute(record.position()));
                break;
            }
            Err(error) => {
                outcome.header_line = file.line_at(file.absolute(error.position()));
                let problem = problem_of(&error);
                outcome.header_error(
                    problem.column.map(|c| c - 1),
                    format!("header: {}", problem.message),
                );
                return None;
            }
        }
    }
    let found: Vec<String> = record
        .iter()
        .map(|name| trim_cell(name).to_string())
        .collect();
    let mut duplicate = false;
    for (index, name) in found.iter().enumerate() {
        // Spreadsheets export trailing empty columns (`a,b,,`): unnamed
        // columns are simply not used.
        if !name.is_empty() && found[..index].contains(name) {
            outcome.header_error(
                Some(index),
                format!("the header names column `{name}` twice"),
            );
            duplicate = true;
        }
    }
    if duplicate {
        return None;
    }
    let names = resolve(&found, outcome)?;
    let header = Header { names, found };
    outcome.manager_column = header.position("manager_id");
    Some((file, header))
}

/// A record csv could not read: text that is not UTF-8 (at its field), or
/// a file that cannot be read.
fn problem_of(error: &csv::Error) -> CellProblem {
    match error.kind() {
        csv::ErrorKind::Utf8 { err, .. } => {
            CellProblem::at(err.field(), "the cell is not UTF-8 text")
        }
        _ => CellProblem::row(csv_error_text(error)),
    }
}

fn csv_error_text(error: &csv::Error) -> String {
    match error.kind() {
        csv::ErrorKind::Io(io) => format!("cannot read the file: {io}"),
        _ => format!("malformed CSV: {error}"),
    }
}

/// Streams every data record to `each`, skipping blank lines and reporting
/// records whose field count differs from the header, until a record starts
/// at or after `end`. Returns false when the record before `end` runs past
/// it: `end` was inside a quoted field, so the part after it cannot be read
/// on its own.
pub(crate) fn for_each_row(
    file: &mut CsvFile,
    header: &Header,
    outcome: &mut Outcome,
    end: Option<u64>,
    mut each: impl FnMut(&Row, &mut Outcome),
) -> bool {
    // Plain blocks first; the csv crate reads on from the first block that
    // is not plain.
    let start = file.next_offset();
    let breaks_before = file.line_breaks_before(start);
    let told = file.told.clone();
    let delimiter = outcome.delimiter;
    let stop = read_plain_blocks(
        &mut file.file,
        start,
        end,
        delimiter,
        &|end| told.read_to(end),
        |line| {
            let number = breaks_before + line.breaks_before + 1;
            take_record(
                Fields::Line(line),
                number,
                line.bytes,
                header,
                outcome,
                &mut each,
            );
        },
    );
    if let Err(error) = file.restart_at(stop.at, breaks_before + stop.breaks, end, outcome) {
        outcome.file_error(format!("cannot read the file: {error}"));
        return true;
    }
    if stop.finished {
        return true;
    }
    let mut record = StringRecord::new();
    loop {
        match file.reader.read_record(&mut record) {
            // Reaching the end of the file is reaching the part's end only
            // for the last part: else the last record ran across it.
            Ok(false) => return end.is_none(),
            Ok(true) => {
                let start = file.absolute(record.position());
                if let Some(end) = end
                    && start + 1 >= end
                {
                    // A part ends just after a line break; csv places a CRLF
                    // record at that break, one byte early.
                    return start <= end;
                }
                let fields = Fields::Record(&record);
                if outcome.skips(fields) {
                    continue;
                }
                let line = file.line_at(start);
                let bytes = (start, file.next_offset());
                take_record(fields, line, bytes, header, outcome, &mut each);
            }
            Err(error) => {
                let start = file.absolute(error.position());
                let line = file.line_at(start);
                outcome.rows += 1;
                let bytes = (start, file.next_offset());
                outcome.row_problems(line, bytes, vec![problem_of(&error)]);
                if matches!(error.kind(), csv::ErrorKind::Io(_)) {
                    return true;
                }
            }
        }
    }
}

/// Counts a record and gives it to `each`, unless it is blank or its field
/// count is not the header's (a problem).
fn take_record(
    fields: Fields,
    line: u64,
    bytes: (u64, u64),
    header: &Header,
    outcome: &mut Outcome,
    each: &mut impl FnMut(&Row, &mut Outcome),
) {
    if outcome.skips(fields) {
        return;
    }
    outcome.rows += 1;
    if fields.len() != header.names.len() {
        let problem = CellProblem::row(format!(
            "the record has {} fields but the header has {}",
            fields.len(),
            header.names.len()
        ));
        outcome.row_problems(line, bytes, vec![problem]);
        return;
    }
    each(
        &Row {
            fields,
            line,
            bytes,
        },
        outcome,
    );
}

/// The `manager_id` of a row set aside, read from its original text; `None`
/// when the row is too broken to tell.
pub(crate) fn manager_of_row(text: &str, delimiter: u8, column: usize) -> Option<String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let record = reader.records().next()?.ok()?;
    let id = trim_cell(record.get(column)?);
    (!id.is_empty()).then(|| id.to_string())
}

/// The original text of rows set aside, read back from the file by offset.
pub(crate) fn original_text(path: &Path, bytes: (u64, u64)) -> String {
    let read = || -> io::Result<Vec<u8>> {
        let mut file = File::open(path)?;
        file.seek(SeekFrom::Start(bytes.0))?;
        let mut buffer = vec![0; bytes.1.saturating_sub(bytes.0) as usize];
        file.read_exact(&mut buffer)?;
        Ok(buffer)
    };
    let text = read().unwrap_or_default();
    String::from_utf8_lossy(&text)
        .trim_matches(['\r', '\n'])
        .to_string()
}

/// The columns a file's kind uses: which are required, and which it ignores.
/// Reports missing required columns as errors and unused ones in one warning.
pub(crate) fn match_columns(
    header: &Header,
    outcome: &mut Outcome,
    required: &[&str],
    optional: &[&str],
    also_used: impl Fn(&str) -> bool,
) -> bool {
    let unused: Vec<usize> = (0..header.names.len())
        .filter(|&index| {
            let name = header.names[index].as_str();
            !name.is_empty()
                && !required.contains(&name)
                && !optional.contains(&name)
                && !also_used(name)
        })
        .collect();
    let mut complete = true;
    // A header read as one column was most likely saved with another
    // delimiter.
    let mut hint = match header.found.as_slice() {
        [only] => other_delimiter(only, outcome.delimiter).map(|delimiter| {
            format!(
                "; the header reads as one column: are its fields separated by {}? give --delimiter {}",
                delimiter_name(delimiter),
                match delimiter {
                    b'\t' => "tab".to_string(),
                    other => format!("'{}'", other as char),
                }
            )
        }),
        _ => None,
    };
    for name in required {
        if !header.has(name) {
            let close = missing_hint(header, outcome, name, unused.iter().copied());
            outcome.header_error(
                None,
                format!(
                    "the header has no `{name}` column{close}{}",
                    hint.take().unwrap_or_default()
                ),
            );
            complete = false;
        }
    }
    let unused: Vec<String> = unused
        .into_iter()
        .map(|index| format!("`{}`", header.found[index]))
        .collect();
    if !unused.is_empty() {
        outcome.header_warning(format!(
            "ignoring column{} {}",
            if unused.len() == 1 { "" } else { "s" },
            unused.join(", ")
        ));
    }
    complete
}
