//! `ladder report`: per branch and team, indicators and interviewers.

use std::path::PathBuf;

use super::{
    Inputs, Report, RunWarnings, deliver, free_aside, grade_after, load_standard, open_quarter,
    output_format, refuse_overwriting_inputs, with_threads,
};
use crate::analysis::report::{Reliability, TeamReport, graded_composites, team_report};
use crate::engine::reliability::ALPHA_TENTATIVE;
use crate::error::Error;
use crate::evidence::LoadOptions;
use crate::number::format_score;
use crate::output::render::{CsvStyle, Format};
use crate::output::report::ReportOutput;
pub use crate::output::report::ReportSection;
use crate::standard::Standard;

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
        let format = report_format(options)?;
        refuse_overwriting_inputs(
            &options.inputs,
            options.previous.as_deref(),
            options.output.iter(),
        )?;
        let standard = load_standard(&options.inputs.standard)?;
        let load = LoadOptions {
            // Who is lenient is worth seeing before `adjust` is turned on.
            rater_leniency: options.section == Some(ReportSection::Raters),
            ..options.inputs.load_options()
        };
        let previous_path = options.previous.as_deref();
        let (evidence, previous) = open_quarter(&standard, &options.inputs, previous_path, load)?;
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
        for message in reliability_warnings(&standard, &report) {
            run_warnings.push(message);
        }
        let RunWarnings {
            notices,
            listed: warnings,
        } = run_warnings;
        let output = ReportOutput {
            standard: &standard,
            report: &report,
            with_moves: previous.is_some(),
            section: options.section,
            composites: &graded_composites(&grades),
            warnings: &warnings,
            csv_style: options.csv_style,
        };
        let stdout = deliver(
            options.output.as_deref(),
            options.terminal_width,
            |width, out| output.write(format, width, out),
        )?;
        free_aside((evidence, grades));
        Ok(Report { stdout, notices })
    })?
}

/// The format asked for: any but a workbook.
fn report_format(options: &ReportOptions) -> Result<Format, Error> {
    match output_format(options.format, options.output.as_deref())? {
        Format::Xlsx => Err(Error::Usage(
            "only `ladder grade` writes a workbook: use .csv, .json, .md, .txt or .html"
                .to_string(),
        )),
        format => Ok(format),
    }
}

/// A warning for each indicator the raters do not agree on, and for each
/// interviewer who scores well above or below their panels.
fn reliability_warnings(standard: &Standard, report: &TeamReport) -> Vec<String> {
    let unreliable = report
        .agreement
        .iter()
        .filter(|a| a.verdict() == Some(Reliability::Unreliable))
        .map(|agreement| {
            format!(
                "the ratings of `{}` are unreliable: Krippendorff's alpha {} is below {}",
                standard.indicators[agreement.indicator].id,
                format_score(agreement.alpha.unwrap_or_default(), 3),
                ALPHA_TENTATIVE
            )
        });
    let flagged = report.leniency.iter().filter_map(|leniency| {
        let verdict = leniency.verdict()?;
        Some(format!(
            "interviewer `{}` is {}: {} scale points from their panels on average",
            leniency.interviewer,
            verdict.id(),
            format_score(leniency.leniency, 2)
        ))
    });
    unreliable.chain(flagged).collect()
}
