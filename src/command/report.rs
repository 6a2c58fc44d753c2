//! `ladder report`: per branch and team, indicators and interviewers.

use std::path::PathBuf;

use super::{
    Inputs, Report, RunWarnings, deliver, grade_after, index_listing, load_standard, output_format,
    refuse_overwriting_inputs, take_previous_warnings, with_threads,
};
use crate::analysis::report::{
    AGREEMENT_COLUMNS, LENIENCY_COLUMNS, ReportTable, agreement_row, group_columns, group_row,
    html as report_html, leniency_row, narrow_parts, team_report,
};
use crate::error::Error;
use crate::evidence::previous::read_previous;
use crate::evidence::{self};
use crate::output::render::{Cell, CsvStyle, Format, Listing, write_document};

/// Which table of the report a CSV holds: CSV has room for one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ReportSection {
    #[default]
    Groups,
    Indicators,
    Interviewers,
}

/// Columns per part of a wide table in the terminal, besides level and name.
pub(super) const TERMINAL_COLUMNS: usize = 10;

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
                crate::engine::reliability::ALPHA_TENTATIVE
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
                    .filter(|grade| grade.status == crate::engine::grade::Status::Graded)
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
