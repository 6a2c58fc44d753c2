//! `ladder weights`: each indicator's effective weight in the composite.

use std::path::PathBuf;

use super::{Inputs, Report, deliver, load_standard, refuse_overwriting_inputs, text_format};
use crate::analysis::weights::effective_weights;
use crate::error::Error;
use crate::output::column::split;
use crate::output::render::{CsvStyle, Format, Listing};
use crate::output::weights::{
    ahp_json, ahp_line, rule_lines, rules_json, weight_columns, weight_row,
};
use crate::standard::Method;

/// Options of `ladder weights`.
#[derive(Clone, Default)]
pub struct WeightsOptions {
    pub standard: PathBuf,
    pub csv_style: CsvStyle,
    pub format: Option<Format>,
    pub output: Option<PathBuf>,
    pub terminal_width: Option<u16>,
}

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
    let (columns, numeric) = split(&weight_columns(&standard));
    let row = |&index: &usize| weight_row(&rows[index], &methods);
    let rules = rule_lines(&standard);
    let mut sections = vec![("ahp", ahp_json(&standard))];
    // Only a standard with a rule on has the section: others' JSON is as before.
    if !rules.is_empty() {
        sections.push(("rules", rules_json(&standard)));
    }
    let listing = Listing {
        standard: &standard,
        columns,
        numeric,
        key: "weights",
        items: (0..rows.len()).collect(),
        row: &row,
        sections,
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
            if matches!(format, Format::Table | Format::Markdown) && !rules.is_empty() {
                writeln!(out)?;
                for line in &rules {
                    writeln!(out, "{line}")?;
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
