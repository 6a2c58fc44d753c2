//! The commands as the binary runs them: each takes typed options, runs the
//! pipeline and returns what to print. The library never prints.

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Location, Problems, suggestion};
use crate::diff;
use crate::evidence::{self, Encoding, Evidence, LoadOptions, Progress, QuarterFiles, Roster};
use crate::explain::Explanation;
use crate::gaps::{GAP_COLUMNS, TEAM_COLUMNS, gap_row, gaps, team_gaps, team_row};
use crate::grade::{Grades, grade, grade_capped, lost_rows_note};
use crate::movement::{PreviousQuarter, read_previous};
use crate::render::{
    Cell, CsvStyle, Filter, Format, Labels, Listing, Ranking, inert, label_clash, write_document,
};
use crate::report::{
    AGREEMENT_COLUMNS, LENIENCY_COLUMNS, ReportTable, agreement_row, group_columns, group_row,
    html as report_html, leniency_row, narrow_parts, team_report,
};
use crate::standard::{self, Method, Standard};
use crate::weights::{ahp_json, ahp_line, effective_weights};
use crate::workbook::{REJECTS_COLUMNS, grade_workbook, rejects_workbook};

/// Why a command failed, and so its exit code.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A bad standard or bad data: every problem, located (exit 1).
    #[error("{0}")]
    Invalid(#[from] Problems),
    /// An output that could not be written (exit 1).
    #[error("cannot write `{path}`: {source}")]
    Write { path: String, source: io::Error },
    /// A command line that cannot be carried out (exit 2).
    #[error("{0}")]
    Usage(String),
}

impl Error {
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Invalid(_) | Error::Write { .. } => 1,
            Error::Usage(_) => 2,
        }
    }
}

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

    fn has_quarter(&self) -> bool {
        self.folder.is_some() || self.files.iter().any(Option::is_some)
    }
}

/// Reads and validates the standard at `path` (`-`: standard input).
pub fn load_standard(path: &Path) -> Result<Standard, Error> {
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

/// Writes what `write` writes to `path` through a temporary file in the
/// same folder and a rename, so the path holds the old file or the whole new
/// one, never half. A path that exists and is a link or not a regular file (`/dev/stdout`, a pipe, a device) is
/// written in place: renaming over it would replace the link or the device.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), Error> {
    let failed = |source: io::Error| Error::Write {
        path: path.display().to_string(),
        source,
    };
    let in_place =
        fs::symlink_metadata(path).is_ok_and(|metadata| !metadata.is_file() && !metadata.is_dir());
    if in_place {
        // A link to a regular file is replaced in content, as `>` would.
        let truncate = fs::metadata(path).is_ok_and(|metadata| metadata.is_file());
        let file = fs::OpenOptions::new()
            .write(true)
            .truncate(truncate)
            .open(path)
            .map_err(failed)?;
        let mut out = io::BufWriter::new(file);
        write(&mut out).map_err(failed)?;
        return out.flush().map_err(failed);
    }
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let temporary = tempfile::Builder::new()
        .prefix(".ladder-")
        .suffix(".tmp")
        .tempfile_in(folder)
        .map_err(failed)?;
    output_permissions(temporary.as_file(), path).map_err(failed)?;
    let mut out = io::BufWriter::with_capacity(1 << 16, temporary);
    write(&mut out).map_err(failed)?;
    let temporary = out
        .into_inner()
        .map_err(|error| failed(error.into_error()))?;
    temporary.as_file().sync_all().map_err(failed)?;
    temporary
        .persist(path)
        .map_err(|error| failed(error.error))?;
    Ok(())
}

/// A temporary file is private (0600 on Unix); the output takes the
/// permissions of the file it replaces, or those of a file anyone may read.
#[cfg(unix)]
fn output_permissions(file: &fs::File, path: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let permissions = match fs::metadata(path) {
        Ok(metadata) => metadata.permissions(),
        Err(_) => fs::Permissions::from_mode(0o644),
    };
    file.set_permissions(permissions)
}

#[cfg(not(unix))]
fn output_permissions(_file: &fs::File, _path: &Path) -> io::Result<()> {
    Ok(())
}

/// Options of `ladder grade`.
#[derive(Clone, Default)]
pub struct GradeOptions<'a> {
    pub inputs: Inputs,
    /// The format asked for; else from the output's extension; else a table.
    pub format: Option<Format>,
    pub output: Option<PathBuf>,
    /// Set bad rows aside in this file and grade without them: a workbook
    /// when it ends `.xlsx`, else CSV.
    pub rejects: Option<PathBuf>,
    pub filter: Filter,
    /// The terminal's width, when the table goes to a terminal.
    pub terminal_width: Option<u16>,
    /// Threads to read and score with; all cores when `None`.
    pub threads: Option<usize>,
    /// Told of the files' reading, for a progress bar.
    pub progress: Option<&'a dyn Progress>,
    /// How CSV outputs (the ranking, the rejects) are written.
    pub csv_style: CsvStyle,
    /// Colour tier names in the terminal table.
    pub colour: bool,
    /// A previous quarter's export, for each manager's movement.
    pub previous: Option<PathBuf>,
    /// Tiers and competencies by id (the default) or by name.
    pub labels: Labels,
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

/// `ladder grade`: grades the quarter and renders the ranking.
pub fn grade_quarter(options: &GradeOptions) -> Result<Report, Error> {
    with_threads(options.threads, || grade_in_pool(options))?
}

fn grade_in_pool(options: &GradeOptions) -> Result<Report, Error> {
    let format = output_format(options.format, options.output.as_deref())?;
    if format == Format::Html {
        return Err(html_not_yet("grade", ".csv, .json, .md, .txt or .xlsx"));
    }
    if format == Format::Xlsx && options.output.is_none() {
        return Err(Error::Usage(
            "a workbook cannot go to standard output: give --output FILE.xlsx".to_string(),
        ));
    }
    if let Some(rejects) = &options.rejects {
        rejects_format(rejects)?;
    }
    refuse_overwriting_inputs(
        &options.inputs,
        options.previous.as_deref(),
        options.output.iter().chain(options.rejects.iter()),
    )?;
    let standard = load_standard(&options.inputs.standard)?;
    refuse_label_clash(&standard, options.labels, options.previous.is_some())?;
    let filter = Filter {
        tier: options
            .filter
            .tier
            .as_deref()
            .map(|tier| tier_filter(&standard, tier))
            .transpose()?,
        ..options.filter.clone()
    };
    let files = options.inputs.quarter()?;
    let previous = options.previous.as_deref().map(read_previous).transpose()?;
    let load = LoadOptions {
        delimiter: options.inputs.delimiter,
        encoding: options.inputs.encoding,
        reject_rows: options.rejects.is_some(),
        progress: options.progress,
    };
    let mut evidence = evidence::load(&standard, &files, load)?;
    if let Some(team) = &filter.team {
        refuse_unknown_team(&evidence.roster, team)?;
    }
    take_previous_warnings(&mut evidence, previous.as_ref());
    let grades = grade_after(&standard, &evidence, previous.as_ref());

    // Every warning: the files' (located), then the grading's.
    let mut run_warnings = RunWarnings::of(&evidence);
    for warning in &grades.warnings {
        run_warnings.push(warning.clone());
    }
    run_warnings.tell_lost_rows(&evidence, &grades);
    let movements = previous
        .as_ref()
        .map(|previous| previous.movements(&standard, &evidence.roster, &grades.grades));
    if let Some(previous) = &previous {
        let left = previous.left(&evidence.roster);
        if !left.is_empty() {
            let message = format!(
                "{} manager{} of the previous quarter {} not in the roster: {}",
                left.len(),
                if left.len() == 1 { "" } else { "s" },
                if left.len() == 1 { "is" } else { "are" },
                left.join(", ")
            );
            run_warnings.push(message);
        }
    }
    let RunWarnings {
        mut notices,
        listed: warnings,
    } = run_warnings;
    if let Some(rejects) = &options.rejects {
        notices.extend(set_aside(rejects, &evidence, options.csv_style)?);
    }
    if format == Format::Xlsx {
        let path = options.output.as_deref().unwrap_or(Path::new(""));
        let ranking = Ranking::new(
            &standard,
            &evidence.roster,
            &grades,
            &filter,
            warnings.clone(),
        )
        .with_labels(options.labels);
        let bytes = grade_workbook(&standard, &evidence, &grades, &ranking, &warnings)
            .map_err(workbook_failed(path))?;
        write_atomically(path, |out| out.write_all(&bytes))?;
        return Ok(Report {
            stdout: String::new(),
            notices,
        });
    }
    // Only the roster is needed from here on: the scores are in `grades`.
    let roster = std::mem::take(&mut evidence.roster);
    drop(evidence);
    let mut ranking =
        Ranking::new(&standard, &roster, &grades, &filter, warnings).with_labels(options.labels);
    if let Some(movements) = &movements {
        ranking = ranking.with_movements(movements);
    }
    ranking.csv_style = options.csv_style;
    ranking.colour = options.colour && options.output.is_none();
    let stdout = deliver(
        options.output.as_deref(),
        options.terminal_width,
        |width, out| ranking.write(format, width, out),
    )?;
    Ok(Report { stdout, notices })
}

/// The tier id `--tier` names: an id, `none`, `incomplete`, or a tier's name.
fn tier_filter(standard: &Standard, tier: &str) -> Result<String, Error> {
    if ["none", "incomplete"].contains(&tier) || standard.tiers.iter().any(|t| t.id == tier) {
        return Ok(tier.to_string());
    }
    let named: Vec<&str> = standard
        .tiers
        .iter()
        .filter(|t| t.name == tier)
        .map(|t| t.id.as_str())
        .collect();
    match named.as_slice() {
        [id] => Ok(id.to_string()),
        [] => {
            let known: Vec<String> = standard
                .tiers
                .iter()
                .map(|t| format!("{} ({})", t.id, t.name))
                .collect();
            Err(Error::Usage(format!(
                "--tier `{tier}` is not a tier of the standard (tiers: {}, none, incomplete)",
                known.join(", ")
            )))
        }
        ids => Err(Error::Usage(format!(
            "--tier `{tier}` is the name of tiers {}: give the id",
            ids.iter()
                .map(|id| format!("`{id}`"))
                .collect::<Vec<_>>()
                .join(" and ")
        ))),
    }
}

/// Most teams an unknown `--team` lists.
const TEAMS_LISTED: usize = 30;

/// A `--team` that no manager of the roster is in is a mistake, not an
/// empty table.
fn refuse_unknown_team(roster: &Roster, team: &str) -> Result<(), Error> {
    let mut teams: Vec<&str> = Vec::new();
    for manager in &roster.managers {
        match manager.team.as_deref() {
            Some(known) if known == team => return Ok(()),
            Some(known) if !teams.contains(&known) => teams.push(known),
            _ => {}
        }
    }
    let listed = match teams.len() {
        0 => "the roster gives no teams".to_string(),
        count if count > TEAMS_LISTED => format!(
            "teams: {} and {} more",
            teams[..TEAMS_LISTED].join(", "),
            count - TEAMS_LISTED
        ),
        _ => format!("teams: {}", teams.join(", ")),
    };
    Err(Error::Usage(format!(
        "--team `{team}` is not a team of the roster ({listed}){}",
        suggestion(team, teams.iter().copied())
    )))
}

/// Names that cannot stand for ids stop the run before anything is read.
fn refuse_label_clash(standard: &Standard, labels: Labels, movements: bool) -> Result<(), Error> {
    match label_clash(standard, labels, movements) {
        Some(clash) => Err(Error::Usage(format!(
            "--labels names: {clash}; rename one in the standard, or use --labels ids"
        ))),
        None => Ok(()),
    }
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
) -> crate::grade::Grades {
    let caps = previous
        .map(|previous| previous.caps(standard, &evidence.roster))
        .unwrap_or_default();
    grade_capped(standard, evidence, &caps)
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

/// Options of `ladder explain`.
#[derive(Clone, Default)]
pub struct ExplainOptions {
    pub inputs: Inputs,
    pub manager_id: String,
    /// Text (`Table`), `Json` or `Html`; else from the output's extension;
    /// else text.
    pub format: Option<Format>,
    /// Write to this file (atomically) instead of standard output.
    pub output: Option<PathBuf>,
    /// Show role groups below `report_min` (for the analyst, with a warning).
    pub show_all_roles: bool,
    pub threads: Option<usize>,
    /// A previous quarter's export, for the cap of `[movement] max_step_up`.
    pub previous: Option<PathBuf>,
    /// Set bad rows aside and write them here, as `grade --rejects` does.
    pub rejects: Option<PathBuf>,
    /// How the rejects are written.
    pub csv_style: CsvStyle,
}

/// `ladder explain`: one manager's whole computation.
pub fn explain(options: &ExplainOptions) -> Result<Report, Error> {
    with_threads(options.threads, || {
        let format = explain_format(options.format, options.output.as_deref())?;
        if let Some(rejects) = &options.rejects {
            rejects_format(rejects)?;
        }
        refuse_overwriting_inputs(
            &options.inputs,
            options.previous.as_deref(),
            options.output.iter().chain(options.rejects.iter()),
        )?;
        let standard = load_standard(&options.inputs.standard)?;
        let files = options.inputs.quarter()?;
        let previous = options.previous.as_deref().map(read_previous).transpose()?;
        let load = LoadOptions {
            reject_rows: options.rejects.is_some(),
            ..options.inputs.load_options()
        };
        let mut evidence = evidence::load(&standard, &files, load)?;
        take_previous_warnings(&mut evidence, previous.as_ref());
        let mut notices = warnings_of(&evidence);
        if let Some(rejects) = &options.rejects {
            notices.extend(set_aside(rejects, &evidence, options.csv_style)?);
        }
        let Some(manager) = evidence.roster.position(&options.manager_id) else {
            let ids = evidence.roster.managers.iter().map(|m| m.id.as_str());
            return Err(Error::Usage(format!(
                "manager `{}` is not in the roster{}",
                options.manager_id,
                suggestion(&options.manager_id, ids)
            )));
        };
        let grades = grade_after(&standard, &evidence, previous.as_ref());
        let explanation = Explanation::new(
            &standard,
            &evidence,
            &grades,
            manager,
            options.show_all_roles,
        )
        .ok_or_else(|| Error::Usage(format!("manager `{}` was not graded", options.manager_id)))?;
        if options.show_all_roles {
            notices.push(SHOW_ALL_ROLES_WARNING.to_string());
        }
        let text = match format {
            Format::Json => {
                let mut text =
                    serde_json::to_string_pretty(&explanation.json()).unwrap_or_default();
                text.push('\n');
                text
            }
            Format::Html => explanation.html(),
            _ => explanation.text(),
        };
        let stdout = deliver(options.output.as_deref(), None, |_, out| {
            out.write_all(text.as_bytes())
        })?;
        Ok(Report { stdout, notices })
    })?
}

/// Said whenever role groups below `report_min` are shown.
pub const SHOW_ALL_ROLES_WARNING: &str = "warning: --show-all-roles: role groups below report_min are shown; do not hand this to the managers rated";

/// Options of `ladder diff`.
#[derive(Clone, Default)]
pub struct DiffOptions {
    pub old: PathBuf,
    pub new: PathBuf,
    /// The quarter to grade under both, for the impact.
    pub quarter: Option<Inputs>,
    pub format: DiffFormat,
    pub threads: Option<usize>,
}

#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub enum DiffFormat {
    #[default]
    Text,
    Markdown,
    Json,
}

/// `ladder diff`: what changed between two standards and, given a quarter,
/// whom it moves. Exit 0 whether or not anything changed.
pub fn diff(options: &DiffOptions) -> Result<Report, Error> {
    with_threads(options.threads, || {
        if options.old == Path::new("-") && options.new == Path::new("-") {
            return Err(Error::Usage(
                "only one of the two standards can come from standard input".to_string(),
            ));
        }
        let old = load_standard_as(&options.old, Some("old standard"));
        let new = load_standard_as(&options.new, Some("new standard"));
        let (old, new) = match (old, new) {
            (Ok(old), Ok(new)) => (old, new),
            (Err(Error::Invalid(a)), Err(Error::Invalid(b))) => {
                let total = a.total + b.total;
                let (mut errors, mut warnings) = (a.errors, a.warnings);
                errors.extend(b.errors);
                warnings.extend(b.warnings);
                return Err(Error::Invalid(Problems {
                    errors,
                    total,
                    warnings,
                }));
            }
            (Err(error), _) | (_, Err(error)) => return Err(error),
        };
        let changes = diff::changes(&old, &new);
        let mut notices = Vec::new();
        let impact = match &options.quarter {
            None => None,
            Some(inputs) => {
                let files = inputs.quarter()?;
                let old_evidence = evidence::load(&old, &files, inputs.load_options())?;
                let new_evidence = evidence::load(&new, &files, inputs.load_options())?;
                notices.extend(warnings_of(&new_evidence));
                let old_grades = grade(&old, &old_evidence);
                let new_grades = grade(&new, &new_evidence);
                Some(diff::impact(
                    (&old, &old_evidence.roster, &old_grades),
                    (&new, &new_evidence.roster, &new_grades),
                ))
            }
        };
        let stdout = match options.format {
            DiffFormat::Json => {
                let mut object = serde_json::json!({
                    "old": {"id": old.id, "version": old.version},
                    "new": {"id": new.id, "version": new.version},
                    "changes": diff::changes_json(&changes),
                });
                if let Some(impact) = &impact {
                    object["impact"] = impact.json();
                }
                let mut text = serde_json::to_string_pretty(&object).unwrap_or_default();
                text.push('\n');
                text
            }
            format => {
                let markdown = format == DiffFormat::Markdown;
                let title = format!(
                    "Changes from `{}` {} ({}) to `{}` {} ({})",
                    old.id,
                    old.version,
                    options.old.display(),
                    new.id,
                    new.version,
                    options.new.display()
                );
                let mut lines = vec![
                    if markdown {
                        format!("## {title}")
                    } else {
                        title
                    },
                    String::new(),
                ];
                lines.extend(diff::change_lines(&changes, markdown));
                if let Some(impact) = &impact {
                    lines.push(String::new());
                    lines.push(if markdown {
                        "## Impact on the quarter".to_string()
                    } else {
                        "Impact on the quarter".to_string()
                    });
                    lines.push(String::new());
                    lines.extend(impact.lines(markdown));
                }
                let mut text = lines.join("\n");
                text.push('\n');
                text
            }
        };
        Ok(Report { stdout, notices })
    })?
}

/// Options of `ladder weights`.
#[derive(Clone, Default)]
pub struct WeightsOptions {
    pub standard: PathBuf,
    pub csv_style: CsvStyle,
    pub format: Option<Format>,
    pub output: Option<PathBuf>,
    pub terminal_width: Option<u16>,
}

/// Decimals of the weights and shares `weights` shows.
const WEIGHT_DECIMALS: u32 = 4;

/// `ladder weights`: every weight of the standard, within its set and as a
/// share of the composite through each method, and the AHP sets.
pub fn weights_report(options: &WeightsOptions) -> Result<Report, Error> {
    let format = text_format("weights", options.format, options.output.as_deref())?;
    let inputs = Inputs {
        standard: options.standard.clone(),
        ..Inputs::default()
    };
    refuse_overwriting_inputs(&inputs, None, options.output.iter())?;
    let standard = load_standard(&options.standard)?;
    let rows = effective_weights(&standard);
    let methods: Vec<Method> = standard.methods_in_use().collect();
    let mut names = vec!["level", "id", "set", "weight"];
    names.extend(methods.iter().map(|m| m.id()));
    names.push("composite_share");
    let numeric: Vec<&str> = names[3..].to_vec();
    let (columns, numeric) = columns(&names, &numeric);
    let row = |&index: &usize| {
        let row = &rows[index];
        let fixed = |value: f64| Cell::Fixed(value, WEIGHT_DECIMALS);
        let mut cells = vec![
            Cell::Text(row.level),
            Cell::Text(&row.id),
            Cell::Text(&row.set),
            fixed(row.weight),
        ];
        cells.extend(methods.iter().map(|m| {
            row.through
                .map_or(Cell::Empty, |through| fixed(through[m.index()]))
        }));
        cells.push(row.share().map_or(Cell::Empty, fixed));
        cells
    };
    let listing = Listing {
        standard: &standard,
        columns,
        numeric,
        key: "weights",
        items: (0..rows.len()).collect(),
        row: &row,
        sections: vec![("ahp", ahp_json(&standard))],
        warnings: Vec::new(),
        csv_style: options.csv_style,
        tier_colours: None,
    };
    let stdout = deliver(
        options.output.as_deref(),
        options.terminal_width,
        |width, out| {
            listing.write(format, width, out)?;
            // The table formats list the AHP sets under the weights; JSON has
            // them as a section, and CSV holds one table only.
            if matches!(format, Format::Table | Format::Markdown) && !standard.ahp.is_empty() {
                writeln!(out)?;
                for set in &standard.ahp {
                    writeln!(out, "{}", ahp_line(set))?;
                }
            }
            Ok(())
        },
    )?;
    Ok(Report {
        stdout,
        notices: Vec::new(),
    })
}

/// A listing's column names, and which of them hold numbers.
fn columns(names: &[&str], numeric: &[&str]) -> (Vec<String>, Vec<bool>) {
    let columns = names.iter().map(|name| name.to_string()).collect();
    let numbers = names.iter().map(|name| numeric.contains(name)).collect();
    (columns, numbers)
}

/// A listing of `count` rows made by `row` from their index, under the
/// columns `names` (`numeric` naming those that hold numbers).
fn index_listing<'a, 'r>(
    standard: &'a Standard,
    (names, numeric): (&[&str], &[&str]),
    key: &'static str,
    count: usize,
    row: &'r (dyn Fn(&usize) -> Vec<Cell<'a>> + Sync),
    warnings: Vec<String>,
    csv_style: CsvStyle,
) -> Listing<'a, 'r, usize> {
    let (columns, numeric) = columns(names, numeric);
    Listing {
        standard,
        columns,
        numeric,
        key,
        items: (0..count).collect(),
        row,
        sections: Vec::new(),
        warnings,
        csv_style,
        tier_colours: None,
    }
}

/// Options of `ladder gaps`.
#[derive(Clone, Default)]
pub struct GapsOptions {
    pub inputs: Inputs,
    pub format: Option<Format>,
    pub output: Option<PathBuf>,
    /// Count, per team and competency, the managers short of the next tier's floor.
    pub by_team: bool,
    /// Tiers and competencies by id (the default) or by name.
    pub labels: Labels,
    pub csv_style: CsvStyle,
    pub terminal_width: Option<u16>,
    pub threads: Option<usize>,
}

/// `ladder gaps`: what separates each manager from the next tier up.
pub fn gaps_report(options: &GapsOptions) -> Result<Report, Error> {
    with_threads(options.threads, || {
        let format = text_format("gaps", options.format, options.output.as_deref())?;
        refuse_overwriting_inputs(&options.inputs, None, options.output.iter())?;
        let standard = load_standard(&options.inputs.standard)?;
        refuse_label_clash(&standard, options.labels, false)?;
        let evidence = evidence::load(
            &standard,
            &options.inputs.quarter()?,
            options.inputs.load_options(),
        )?;
        let grades = grade(&standard, &evidence);
        let RunWarnings {
            notices,
            listed: warnings,
        } = RunWarnings::of(&evidence);
        // What the listing is made from lives as long as the listing.
        let (teams, gaps) = if options.by_team {
            (team_gaps(&standard, &evidence, &grades), Vec::new())
        } else {
            (Vec::new(), gaps(&standard, &evidence, &grades))
        };
        let team = |&index: &usize| team_row(&standard, &teams[index], options.labels);
        let gap =
            |&index: &usize| gap_row(&standard, &evidence, &grades, &gaps[index], options.labels);
        let listing = if options.by_team {
            let numeric = ["managers", "short", "average_short"];
            let columns = (&TEAM_COLUMNS[..], &numeric[..]);
            index_listing(
                &standard,
                columns,
                "teams",
                teams.len(),
                &team,
                warnings,
                options.csv_style,
            )
        } else {
            let numeric = ["needed", "actual", "short"];
            let columns = (&GAP_COLUMNS[..], &numeric[..]);
            index_listing(
                &standard,
                columns,
                "gaps",
                gaps.len(),
                &gap,
                warnings,
                options.csv_style,
            )
        };
        let stdout = deliver(
            options.output.as_deref(),
            options.terminal_width,
            |width, out| listing.write(format, width, out),
        )?;
        Ok(Report { stdout, notices })
    })?
}

/// Which table of the report a CSV holds: CSV has room for one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ReportSection {
    #[default]
    Groups,
    Indicators,
    Interviewers,
}

/// Columns per part of a wide table in the terminal, besides level and name.
const TERMINAL_COLUMNS: usize = 10;

/// Options of `ladder report`.
#[derive(Clone, Default)]
pub struct ReportOptions {
    pub inputs: Inputs,
    pub previous: Option<PathBuf>,
    pub format: Option<Format>,
    pub output: Option<PathBuf>,
    /// Only this table; else all (CSV: the groups).
    pub section: Option<ReportSection>,
    pub csv_style: CsvStyle,
    pub terminal_width: Option<u16>,
    pub threads: Option<usize>,
}

/// `ladder report`: the quarter per branch and team, and the raters' reliability.
pub fn team_report_command(options: &ReportOptions) -> Result<Report, Error> {
    with_threads(options.threads, || {
        let format = match output_format(options.format, options.output.as_deref())? {
            Format::Xlsx => {
                return Err(Error::Usage(
                    "only `ladder grade` writes a workbook: use .csv, .json, .md, .txt or .html"
                        .to_string(),
                ));
            }
            format => format,
        };
        refuse_overwriting_inputs(
            &options.inputs,
            options.previous.as_deref(),
            options.output.iter(),
        )?;
        let standard = load_standard(&options.inputs.standard)?;
        let previous = options.previous.as_deref().map(read_previous).transpose()?;
        let mut evidence = evidence::load(
            &standard,
            &options.inputs.quarter()?,
            options.inputs.load_options(),
        )?;
        take_previous_warnings(&mut evidence, previous.as_ref());
        let grades = grade_after(&standard, &evidence, previous.as_ref());
        let mut run_warnings = RunWarnings::of(&evidence);
        let movements = previous.as_ref().map(|previous| {
            let movements = previous.movements(&standard, &evidence.roster, &grades.grades);
            (movements, previous.left(&evidence.roster).len() as u64)
        });
        let report = team_report(
            &standard,
            &evidence,
            &grades,
            movements
                .as_ref()
                .map(|(movements, left)| (movements.as_slice(), *left)),
        );
        for agreement in report
            .agreement
            .iter()
            .filter(|a| a.verdict() == "unreliable")
        {
            let message = format!(
                "the ratings of `{}` are unreliable: Krippendorff's alpha {} is below {}",
                standard.indicators[agreement.indicator].id,
                crate::number::format_score(agreement.alpha.unwrap_or_default(), 3),
                crate::reliability::ALPHA_TENTATIVE
            );
            run_warnings.push(message);
        }
        for leniency in report.leniency.iter().filter(|l| !l.verdict().is_empty()) {
            let message = format!(
                "interviewer `{}` is {}: {} scale points from their panels on average",
                leniency.interviewer,
                leniency.verdict(),
                crate::number::format_score(leniency.leniency, 2)
            );
            run_warnings.push(message);
        }
        let RunWarnings {
            notices,
            listed: warnings,
        } = run_warnings;

        let (group_names, group_numeric) = group_columns(&standard, previous.is_some());
        // A terminal is narrow: there the groups table comes in parts that fit.
        let per_part = if format == Format::Table {
            TERMINAL_COLUMNS
        } else {
            group_names.len()
        };
        let parts = narrow_parts(group_names.len(), per_part);
        let (standard_ref, report_ref) = (&standard, &report);
        let projections: Vec<_> = parts
            .iter()
            .map(|part| {
                move |&index: &usize| {
                    let row = group_row(standard_ref, report_ref, &report_ref.groups[index]);
                    part.iter()
                        .map(|&column| row[column])
                        .collect::<Vec<Cell>>()
                }
            })
            .collect();
        let group_parts: Vec<Listing<usize>> = parts
            .iter()
            .zip(&projections)
            .map(|(part, project)| Listing {
                standard: &standard,
                columns: part.iter().map(|&c| group_names[c].clone()).collect(),
                numeric: part.iter().map(|&c| group_numeric[c]).collect(),
                key: "groups",
                items: (0..report.groups.len()).collect(),
                row: project,
                sections: Vec::new(),
                warnings: warnings.clone(),
                csv_style: options.csv_style,
                tier_colours: None,
            })
            .collect();
        let indicator = |&index: &usize| agreement_row(&standard, &report.agreement[index]);
        let indicators = index_listing(
            &standard,
            (
                &AGREEMENT_COLUMNS[..],
                &["managers", "ratings", "alpha"][..],
            ),
            "indicators",
            report.agreement.len(),
            &indicator,
            warnings.clone(),
            options.csv_style,
        );
        let interviewer = |&index: &usize| leniency_row(&report.leniency[index]);
        let interviewers = index_listing(
            &standard,
            (&LENIENCY_COLUMNS[..], &["scores", "leniency"][..]),
            "interviewers",
            report.leniency.len(),
            &interviewer,
            warnings.clone(),
            options.csv_style,
        );
        let groups_title = "Groups: every manager, each branch, each team";
        let all = group_parts
            .iter()
            .map(|part| (ReportSection::Groups, groups_title, part))
            .chain([
                (
                    ReportSection::Indicators,
                    "Rater agreement per indicator (Krippendorff's alpha, interval)",
                    &indicators,
                ),
                (
                    ReportSection::Interviewers,
                    "Interviewer leniency (mean difference from their panels, scale points)",
                    &interviewers,
                ),
            ]);
        let chosen: Vec<(&str, &Listing<usize>)> = all
            .filter(|(section, _, _)| match options.section {
                Some(wanted) => *section == wanted,
                None => format != Format::Csv || *section == ReportSection::Groups,
            })
            .map(|(_, title, listing)| (title, listing))
            .collect();
        let stdout = deliver(
            options.output.as_deref(),
            options.terminal_width,
            |width, out| {
                if format != Format::Html {
                    return write_document(&chosen, &warnings, format, width, out);
                }
                let composites: Vec<f64> = grades
                    .grades
                    .iter()
                    .filter(|grade| grade.status == crate::grade::Status::Graded)
                    .filter_map(|grade| grade.scores.composite)
                    .collect();
                let tables: Vec<ReportTable> = chosen
                    .iter()
                    .map(|(title, listing)| ReportTable {
                        title,
                        key: listing.key,
                        columns: listing.columns.clone(),
                        rows: listing
                            .items
                            .iter()
                            .map(|item| (listing.row)(item))
                            .collect(),
                    })
                    .collect();
                out.write_all(report_html(&standard, &report, &composites, &tables).as_bytes())
            },
        )?;
        Ok(Report { stdout, notices })
    })?
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

/// The format of `explain`: text, JSON or HTML, from `--format`, else from
/// the output's extension, else text.
fn explain_format(format: Option<Format>, output: Option<&Path>) -> Result<Format, Error> {
    let format = match (format, output) {
        (Some(format), _) => Some(format),
        (None, None) => Some(Format::Table),
        (None, Some(path)) => Format::from_extension(path),
    };
    match format {
        Some(format @ (Format::Table | Format::Json | Format::Html)) => Ok(format),
        _ => Err(Error::Usage(format!(
            "`ladder explain` writes text, JSON or HTML, not `{}`: name the output .txt, .json or .html, or give --format",
            output.map_or(String::new(), |path| path.display().to_string())
        ))),
    }
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

/// Writes the rows set aside to `path`; returns each file's count of rows,
/// used and set aside, for standard error.
fn set_aside(path: &Path, evidence: &Evidence, style: CsvStyle) -> Result<Vec<String>, Error> {
    write_rejects_file(path, evidence, style)?;
    Ok(evidence
        .tallies
        .iter()
        .map(|tally| {
            let mut line = format!(
                "{}: {} rows, {} used, {} rejected",
                tally.label,
                tally.rows,
                tally.rows.saturating_sub(tally.rejected),
                tally.rejected
            );
            if tally.empty > 0 {
                line.push_str(&format!(
                    ", {} empty row{} (delimiters alone) skipped",
                    tally.empty,
                    if tally.empty == 1 { "" } else { "s" }
                ));
            }
            line
        })
        .collect())
}

/// Whether the rows set aside go to a workbook (`.xlsx`) or to CSV (any
/// other name). The other spreadsheet extensions are refused: a CSV under
/// such a name would not open as what it claims to be.
fn rejects_format(path: &Path) -> Result<Format, Error> {
    let extension = path
        .extension()
        .and_then(|extension| extension.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("xlsx") => Ok(Format::Xlsx),
        Some(other @ ("xls" | "xlsm" | "xlsb" | "ods")) => Err(Error::Usage(format!(
            "--rejects writes CSV or an .xlsx workbook, not .{other}: name the file `{}`",
            path.with_extension("xlsx").display()
        ))),
        _ => Ok(Format::Csv),
    }
}

/// A workbook for `path` that could not be built, as a write error.
fn workbook_failed(path: &Path) -> impl FnOnce(rust_xlsxwriter::XlsxError) -> Error + '_ {
    move |error| Error::Write {
        path: path.display().to_string(),
        source: io::Error::other(error.to_string()),
    }
}

/// Writes the rows set aside to `path` (atomically), as its name says.
fn write_rejects_file(path: &Path, evidence: &Evidence, style: CsvStyle) -> Result<(), Error> {
    if rejects_format(path)? == Format::Xlsx {
        let bytes = rejects_workbook(&evidence.rejected).map_err(workbook_failed(path))?;
        return write_atomically(path, |out| out.write_all(&bytes));
    }
    write_atomically(path, |out| write_rejects(evidence, style, out))
}

/// The rows set aside, as CSV: file, line, reason, and the row as written.
fn write_rejects(evidence: &Evidence, style: CsvStyle, out: &mut dyn Write) -> io::Result<()> {
    style.start(out)?;
    let mut writer = style.writer(out);
    writer.write_record(REJECTS_COLUMNS)?;
    for row in &evidence.rejected {
        writer.write_record([
            inert(&row.file).as_ref(),
            &row.line.to_string(),
            &inert(&row.reason),
            &inert(&row.text),
        ])?;
    }
    writer.flush()
}

/// What `[columns]` reads each header name as, one line per column.
fn columns_lines(columns: &crate::standard::ColumnNames) -> Vec<String> {
    let mut lines = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for (_, column) in &columns.aliases {
        if seen.contains(&column.as_str()) {
            continue;
        }
        seen.push(column);
        let names: Vec<String> = columns
            .aliases_of(column)
            .map(|alias| format!("`{alias}`"))
            .collect();
        lines.push(format!(
            "[columns] reads {} as `{column}`",
            names.join(" or ")
        ));
    }
    lines
}

/// `ladder check`: validates the standard and, when given, the quarter's files.
pub fn check(inputs: &Inputs) -> Result<Report, Error> {
    let standard = load_standard(&inputs.standard)?;
    let mut lines = vec![format!(
        "{}: standard `{}` {} is valid: {} methods in use, {} competencies, {} indicators, {} tiers",
        inputs.standard.display(),
        standard.id,
        standard.version,
        standard.methods_in_use().count(),
        standard.competencies.len(),
        standard.indicators.len(),
        standard.tiers.len()
    )];
    lines.extend(standard.ahp.iter().map(ahp_line));
    if let Some(step) = standard.max_step_up {
        lines.push(format!(
            "[movement] max_step_up = {step}: with --previous, a manager rises at most {step} tier{} a quarter",
            if step == 1 { "" } else { "s" }
        ));
    }
    lines.extend(columns_lines(&standard.columns));
    let mut notices = Vec::new();
    if inputs.has_quarter() {
        let evidence = evidence::load(&standard, &inputs.quarter()?, inputs.load_options())?;
        notices = warnings_of(&evidence);
        lines.extend(
            evidence
                .tallies
                .iter()
                .map(|tally| format!("{}: {} rows, valid", tally.label, tally.rows)),
        );
    }
    let mut stdout = lines.join("\n");
    stdout.push('\n');
    Ok(Report { stdout, notices })
}
