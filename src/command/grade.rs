//! `ladder grade`: the ranking, in every format, with `--previous`, the
//! filters and `--rejects`.

use std::path::{Path, PathBuf};

use super::rejects::{set_aside, workbook_failed};
use super::{
    Inputs, Report, RunWarnings, check_outputs, deliver, free_aside, grade_after, html_not_yet,
    load_standard, open_quarter, output_format, with_threads,
};
use crate::analysis::calibration::near_lines;
use crate::analysis::gaps::gaps;
use crate::diagnostic::suggestion;
use crate::engine::grade::{INCOMPLETE, NO_TIER};
use crate::error::Error;
use crate::evidence::{LoadOptions, Progress, Roster};
use crate::output::file::write_atomically;
use crate::output::render::{CsvStyle, Filter, Format, Labels, Ranking, label_clash};
use crate::output::workbook::grade_workbook;
use crate::standard::Standard;

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
    /// `--calibration`: the workbook gets a "Calibration" sheet of the
    /// managers within this many score points of a tier line.
    pub calibration: Option<f64>,
}

/// `ladder grade`: grades the quarter and renders the ranking.
pub fn grade_quarter(options: &GradeOptions) -> Result<Report, Error> {
    with_threads(options.threads, || grade_in_pool(options))?
}

pub(super) fn grade_in_pool(options: &GradeOptions) -> Result<Report, Error> {
    let format = grade_output_format(options)?;
    let standard = load_standard(&options.inputs.standard)?;
    refuse_label_clash(&standard, options.labels, options.previous.is_some())?;
    let tier = options.filter.tier.as_deref();
    let filter = Filter {
        tier: tier.map(|tier| tier_filter(&standard, tier)).transpose()?,
        ..options.filter.clone()
    };
    let load = LoadOptions {
        reject_rows: options.rejects.is_some(),
        progress: options.progress,
        ..options.inputs.load_options()
    };
    let previous_path = options.previous.as_deref();
    let (mut evidence, previous) = open_quarter(&standard, &options.inputs, previous_path, load)?;
    if let Some(team) = &filter.team {
        refuse_unknown_team(&evidence.roster, team)?;
    }
    let grades = grade_after(&standard, &evidence, previous.as_ref());

    // Every warning: the files' (located), then the grading's.
    let mut run_warnings = RunWarnings::of(&evidence);
    for warning in &grades.warnings {
        run_warnings.push(warning.clone());
    }
    run_warnings.tell_lost_rows(&evidence, &grades);
    if let Some(previous) = &previous {
        run_warnings.tell_left(previous, &evidence.roster);
    }
    let RunWarnings {
        mut notices,
        listed: warnings,
    } = run_warnings;
    if let Some(rejects) = &options.rejects {
        notices.extend(set_aside(rejects, &evidence, options.csv_style)?);
    }
    if format == Format::Xlsx {
        let ranking = Ranking::new(
            &standard,
            &evidence.roster,
            &grades,
            &filter,
            warnings.clone(),
        )
        .with_labels(options.labels);
        let path = options.output.as_deref().unwrap_or(Path::new(""));
        let gaps = gaps(&standard, &evidence, &grades);
        let near = options
            .calibration
            .map(|margin| near_lines(&standard, &evidence, &grades, margin, |g| ranking.keeps(g)));
        let bytes = grade_workbook(
            &standard,
            &evidence,
            &grades,
            &gaps,
            near.as_deref(),
            &ranking,
            &warnings,
        )
        .map_err(workbook_failed(path))?;
        write_atomically(path, |out| out.write_all(&bytes))?;
        let stdout = String::new();
        return Ok(Report { stdout, notices });
    }
    let movements = previous
        .as_ref()
        .map(|previous| previous.movements(&standard, &evidence.roster, &grades.grades));
    // Only the roster is needed from here on: the scores are in `grades`.
    // Freeing the rest of a national quarter's evidence takes a while: it
    // is done beside the output.
    let roster = std::mem::take(&mut evidence.roster);
    let (stdout, ()) = rayon::join(
        || {
            let mut ranking = Ranking::new(&standard, &roster, &grades, &filter, warnings)
                .with_labels(options.labels);
            if let Some(movements) = &movements {
                ranking = ranking.with_movements(movements);
            }
            ranking.csv_style = options.csv_style;
            ranking.colour = options.colour && options.output.is_none();
            deliver(
                options.output.as_deref(),
                options.terminal_width,
                |width, out| ranking.write(format, width, out),
            )
        },
        move || drop(evidence),
    );
    free_aside((grades, roster));
    Ok(Report {
        stdout: stdout?,
        notices,
    })
}

/// The format `grade` writes, once the outputs are known to be writable:
/// refused before anything is read.
fn grade_output_format(options: &GradeOptions) -> Result<Format, Error> {
    let format = output_format(options.format, options.output.as_deref())?;
    if format == Format::Html {
        return Err(html_not_yet("grade", ".csv, .json, .md, .txt or .xlsx"));
    }
    if format == Format::Xlsx && options.output.is_none() {
        return Err(Error::Usage(
            "a workbook cannot go to standard output: give --output FILE.xlsx".to_string(),
        ));
    }
    if options.calibration.is_some() && format != Format::Xlsx {
        return Err(Error::Usage(
            "--calibration adds a sheet to the workbook: give --output FILE.xlsx".to_string(),
        ));
    }
    check_outputs(
        &options.inputs,
        options.previous.as_deref(),
        options.output.as_ref(),
        options.rejects.as_ref(),
    )?;
    Ok(format)
}

/// The tier id `--tier` names: an id, `none`, `incomplete`, or a tier's name.
pub(super) fn tier_filter(standard: &Standard, tier: &str) -> Result<String, Error> {
    if [NO_TIER, INCOMPLETE].contains(&tier) {
        return Ok(tier.to_string());
    }
    match standard.tier_by_label(tier) {
        Ok(index) => Ok(standard.tiers[index].id.clone()),
        Err(named) if named.is_empty() => {
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
        Err(named) => Err(Error::Usage(format!(
            "--tier `{tier}` is the name of tiers {}: give the id",
            named
                .iter()
                .map(|&index| format!("`{}`", standard.tiers[index].id))
                .collect::<Vec<_>>()
                .join(" and ")
        ))),
    }
}

/// Most teams an unknown `--team` lists.
pub(super) const TEAMS_LISTED: usize = 30;

/// A `--team` that no manager of the roster is in is a mistake, not an
/// empty table.
pub(super) fn refuse_unknown_team(roster: &Roster, team: &str) -> Result<(), Error> {
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
pub(super) fn refuse_label_clash(
    standard: &Standard,
    labels: Labels,
    movements: bool,
) -> Result<(), Error> {
    match label_clash(standard, labels, movements) {
        Some(clash) => Err(Error::Usage(format!(
            "--labels names: {clash}; rename one in the standard, or use --labels ids"
        ))),
        None => Ok(()),
    }
}
