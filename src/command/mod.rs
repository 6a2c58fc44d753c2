//! The commands as the binary runs them: each takes typed options, runs the
//! pipeline and returns what to print. The library never prints.

mod check;
mod diff;
mod explain;
mod gaps;
mod grade;
mod rejects;
mod report;
mod weights;

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Location, Problems};
use crate::engine::grade::{Grades, grade_capped, lost_rows_note};
pub use crate::error::Error;
use crate::evidence::previous::{PreviousQuarter, read_previous};
use crate::evidence::{self, Encoding, Evidence, LoadOptions, QuarterFiles};
use crate::output::file::write_atomically;
use crate::output::render::Format;
use crate::standard::{self, Standard};
pub use check::check;
pub use diff::{DiffFormat, DiffOptions, diff};
pub use explain::{ExplainOptions, SHOW_ALL_ROLES_WARNING, explain};
pub use gaps::{GapsOptions, gaps_report};
pub use grade::{GradeOptions, grade_quarter};
pub use report::{ReportOptions, ReportSection, team_report_command};
pub use weights::{WeightsOptions, weights_report};

/// Where the standard and the quarter's files are.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// The standard's TOML file, or `-` for standard input.
    pub standard: PathBuf,
    /// The quarter's folder.
    pub folder: Option<PathBuf>,
    /// roster, exam, ratings, interview, kpi: a file named by a flag.
    pub files: [Option<PathBuf>; 5],
    /// The files' field delimiter; `None` for `,`.
    pub delimiter: Option<u8>,
    /// The files' encoding; `None` to detect it.
    pub encoding: Option<Encoding>,
}

impl Inputs {
    /// The quarter's files; an error when the folder named is not one.
    fn quarter(&self) -> Result<QuarterFiles, Error> {
        if let Some(folder) = &self.folder
            && !folder.is_dir()
        {
            let label = folder.display().to_string();
            let message = if folder.exists() {
                "is not a folder"
            } else {
                "no such folder"
            };
            return Err(
                Problems::new(vec![Diagnostic::new(Location::file(&label), message)]).into(),
            );
        }
        Ok(QuarterFiles::in_folder(
            self.folder.as_deref(),
            self.files.clone(),
        ))
    }

    /// How to load the quarter's files: their delimiter, errors stopping the run.
    fn load_options(&self) -> LoadOptions<'static> {
        LoadOptions {
            delimiter: self.delimiter,
            encoding: self.encoding,
            ..LoadOptions::default()
        }
    }

    /// Whether a folder or any file of the quarter is named.
    pub fn has_quarter(&self) -> bool {
        self.folder.is_some() || self.files.iter().any(Option::is_some)
    }
}

/// Reads and validates the standard at `path` (`-`: standard input).
pub(crate) fn load_standard(path: &Path) -> Result<Standard, Error> {
    load_standard_as(path, None)
}

/// Reads a standard that errors call `role` when it comes from a pipe:
/// `<(git show HEAD:…)` is a path like `/dev/fd/63`, which says nothing.
fn load_standard_as(path: &Path, role: Option<&str>) -> Result<Standard, Error> {
    let piped = path.starts_with("/dev/fd") || path.starts_with("/proc/self/fd");
    let (label, text) = if path == Path::new("-") {
        let label = role.map_or("<stdin>".to_string(), |role| format!("<{role} from stdin>"));
        let mut text = String::new();
        io::stdin()
            .read_to_string(&mut text)
            .map_err(|error| read_problem(&label, &error))?;
        (label, text)
    } else {
        let label = match role {
            Some(role) if piped => format!("<{role}: {}>", path.display()),
            _ => path.display().to_string(),
        };
        let bytes = fs::read(path).map_err(|error| read_problem(&label, &error))?;
        let text = String::from_utf8(bytes).map_err(|error| {
            let line = error.as_bytes()[..error.utf8_error().valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64
                + 1;
            Problems::new(vec![Diagnostic::new(
                Location::line(&label, line),
                "the standard is not UTF-8 text",
            )])
        })?;
        (label, text)
    };
    Ok(standard::parse(
        text.trim_start_matches('\u{feff}'),
        &label,
    )?)
}

fn read_problem(label: &str, error: &io::Error) -> Problems {
    let message = if error.kind() == io::ErrorKind::NotFound {
        "file not found".to_string()
    } else {
        format!("cannot read the file: {error}")
    };
    Problems::new(vec![Diagnostic::new(Location::file(label), message)])
}

/// What a command has to say: results for standard output, and notices
/// (warnings, row counts) for standard error.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub stdout: String,
    pub notices: Vec<String>,
}

/// Runs `work` on a pool of `threads` threads (all cores when `None`).
/// The result never depends on the count: work is split and joined in order.
fn with_threads<T: Send>(
    threads: Option<usize>,
    work: impl FnOnce() -> T + Send,
) -> Result<T, Error> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
        .map_err(|error| {
            Error::Usage(format!(
                "cannot start {} threads: {error}",
                threads.unwrap_or(0)
            ))
        })?;
    Ok(pool.install(work))
}

/// The quarter as every grading command opens it: its files found, the
/// previous quarter's export read (its warnings joining the files'), and
/// the evidence loaded.
fn open_quarter(
    standard: &Standard,
    inputs: &Inputs,
    previous: Option<&Path>,
    load: LoadOptions,
) -> Result<(Evidence, Option<PreviousQuarter>), Error> {
    let files = inputs.quarter()?;
    let previous = previous.map(read_previous).transpose()?;
    let mut evidence = evidence::load(standard, &files, load)?;
    take_previous_warnings(&mut evidence, previous.as_ref());
    Ok((evidence, previous))
}

/// The previous quarter's warnings (its encoding, guessed) join the
/// files' warnings, after them, located like them.
fn take_previous_warnings(evidence: &mut Evidence, previous: Option<&PreviousQuarter>) {
    if let Some(previous) = previous {
        evidence.warnings.extend(previous.warnings.iter().cloned());
    }
}

/// Grades the quarter, each manager held under the cap the previous quarter
/// and `[movement] max_step_up` set.
fn grade_after(
    standard: &Standard,
    evidence: &Evidence,
    previous: Option<&PreviousQuarter>,
) -> crate::engine::grade::Grades {
    let caps = previous
        .map(|previous| previous.caps(standard, &evidence.roster))
        .unwrap_or_default();
    grade_capped(standard, evidence, &caps)
}

/// Frees what a run no longer needs on a thread of its own: a national
/// quarter's grades and roster are hundreds of thousands of small
/// allocations, tens of milliseconds to free, and nothing waits for them
/// once the output is written (the process may end first). Where no thread
/// can be started, they are freed here.
fn free_aside<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new().spawn(move || drop(value));
}

/// Writes a result to `output` (atomically), or returns it for standard
/// output, where a table wraps to the terminal's `width`.
fn deliver(
    output: Option<&Path>,
    width: Option<u16>,
    write: impl FnOnce(Option<u16>, &mut dyn Write) -> io::Result<()>,
) -> Result<String, Error> {
    match output {
        Some(path) => {
            write_atomically(path, |out| write(None, out))?;
            Ok(String::new())
        }
        None => {
            let mut text = Vec::new();
            // Writing to memory cannot fail.
            let _ = write(width, &mut text);
            Ok(String::from_utf8_lossy(&text).into_owned())
        }
    }
}

/// The format asked for; else from the output's extension; else a table.
fn output_format(format: Option<Format>, output: Option<&Path>) -> Result<Format, Error> {
    if let Some(format) = format {
        return Ok(format);
    }
    match output {
        None => Ok(Format::Table),
        Some(path) => Format::from_extension(path).ok_or_else(|| {
            Error::Usage(format!(
                "cannot tell the format of `{}` from its extension: use .csv, .json, .md, .txt or .xlsx, or give --format",
                path.display()
            ))
        }),
    }
}

/// The format of a command that writes no workbook and no page (`command`
/// names it in the refusal).
fn text_format(
    command: &str,
    format: Option<Format>,
    output: Option<&Path>,
) -> Result<Format, Error> {
    match output_format(format, output)? {
        Format::Xlsx => Err(Error::Usage(
            "only `ladder grade` writes a workbook: use .csv, .json, .md or .txt".to_string(),
        )),
        Format::Html => Err(html_not_yet(command, ".csv, .json, .md or .txt")),
        format => Ok(format),
    }
}

/// The refusal of HTML by a command that has no page yet; `formats` are
/// the extensions it writes.
fn html_not_yet(command: &str, formats: &str) -> Error {
    Error::Usage(format!(
        "`ladder {command}` does not write HTML yet: use {formats} (`ladder explain --format html` writes one manager's page)"
    ))
}

/// What a command is to write, checked before anything is read: the
/// rejects file's name, and that no output is one of the inputs.
fn check_outputs(
    inputs: &Inputs,
    previous: Option<&Path>,
    output: Option<&PathBuf>,
    rejects: Option<&PathBuf>,
) -> Result<(), Error> {
    if let Some(rejects) = rejects {
        rejects::rejects_format(rejects)?;
    }
    refuse_overwriting_inputs(inputs, previous, output.into_iter().chain(rejects))
}

/// An output or rejects file must not be one of the inputs, the previous
/// quarter's export (`--previous`) included.
fn refuse_overwriting_inputs<'p>(
    inputs: &Inputs,
    previous: Option<&Path>,
    outputs: impl IntoIterator<Item = &'p PathBuf>,
) -> Result<(), Error> {
    let quarter = QuarterFiles::in_folder(inputs.folder.as_deref(), inputs.files.clone());
    let inputs: Vec<PathBuf> = [
        &quarter.roster,
        &quarter.exam,
        &quarter.ratings,
        &quarter.interview,
        &quarter.kpi,
    ]
    .into_iter()
    .map(|source| evidence::file_of(&source.path))
    .chain(std::iter::once(inputs.standard.clone()))
    .chain(previous.map(evidence::file_of))
    .filter_map(|path| fs::canonicalize(path).ok())
    .collect();
    for output in outputs {
        if let Ok(output_path) = fs::canonicalize(output)
            && inputs.contains(&output_path)
        {
            return Err(Error::Usage(format!(
                "`{}` is one of the inputs; write the results elsewhere",
                output.display()
            )));
        }
    }
    Ok(())
}

fn warnings_of(evidence: &Evidence) -> Vec<String> {
    evidence
        .warnings
        .iter()
        .map(|w| format!("{} warning: {}", w.location, w.message))
        .collect()
}

/// A run's warnings twice over: as standard error prints them (`notices`)
/// and as the outputs that carry warnings list them (JSON, the workbook).
struct RunWarnings {
    notices: Vec<String>,
    listed: Vec<String>,
}

impl RunWarnings {
    /// The files' warnings, located.
    fn of(evidence: &Evidence) -> RunWarnings {
        RunWarnings {
            notices: warnings_of(evidence),
            listed: evidence
                .warnings
                .iter()
                .map(|w| format!("{} {}", w.location, w.message))
                .collect(),
        }
    }

    fn push(&mut self, message: String) {
        self.notices.push(format!("warning: {message}"));
        self.listed.push(message);
    }

    /// The managers of the previous quarter who are not in this roster.
    fn tell_left(&mut self, previous: &PreviousQuarter, roster: &evidence::Roster) {
        let left = previous.left(roster);
        if !left.is_empty() {
            let message = format!(
                "{} manager{} of the previous quarter {} not in the roster: {}",
                left.len(),
                if left.len() == 1 { "" } else { "s" },
                if left.len() == 1 { "is" } else { "are" },
                left.join(", ")
            );
            self.push(message);
        }
    }

    /// Each manager graded without rows `--rejects` set aside, listed (the
    /// workbook's Warnings sheet, JSON), and counted once on standard error.
    fn tell_lost_rows(&mut self, evidence: &Evidence, grades: &Grades) {
        let mut ids = Vec::new();
        for grade in &grades.grades {
            if let Some(lost) = lost_rows_note(evidence, grade.manager, grade.status) {
                let id = &evidence.roster.managers[grade.manager].id;
                self.listed.push(format!("manager `{id}`: {lost}"));
                ids.push(id.as_str());
            }
        }
        if !ids.is_empty() {
            const NAMED: usize = 10;
            let more = ids.len().saturating_sub(NAMED);
            self.notices.push(format!(
                "warning: {} manager{} graded without rows set aside (see {} note): {}{}",
                ids.len(),
                if ids.len() == 1 { "" } else { "s" },
                if ids.len() == 1 { "the" } else { "each" },
                ids[..ids.len().min(NAMED)].join(", "),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            ));
        }
    }
}
