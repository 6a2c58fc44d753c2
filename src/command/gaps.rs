//! `ladder gaps`: what each manager (or team) lacks for the next tier.

use std::path::PathBuf;

use super::grade::refuse_label_clash;
use super::{
    Inputs, Report, RunWarnings, deliver, free_aside, load_standard, open_quarter,
    refuse_overwriting_inputs, text_format, with_threads,
};
use crate::analysis::gaps::{gaps, team_gaps};
use crate::engine::grade::grade;
use crate::error::Error;
use crate::output::column::index_listing;
use crate::output::gaps::{GAP_COLUMNS, TEAM_COLUMNS, gap_row, team_row};
use crate::output::render::{CsvStyle, Format, Labels};

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
        let load = options.inputs.load_options();
        let (evidence, _) = open_quarter(&standard, &options.inputs, None, load)?;
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
            index_listing(
                &standard,
                &TEAM_COLUMNS,
                "teams",
                teams.len(),
                &team,
                warnings,
                options.csv_style,
            )
        } else {
            index_listing(
                &standard,
                &GAP_COLUMNS,
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
        free_aside((evidence, grades));
        Ok(Report { stdout, notices })
    })?
}
