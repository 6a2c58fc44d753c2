//! `ladder check`: the standard, and the quarter's files when given, validated.

use super::{Inputs, Report, load_standard, warnings_of};
use crate::error::Error;
use crate::evidence;
use crate::output::weights::{ahp_line, rule_lines};

/// What `[columns]` reads each header name as, one line per column.
pub(super) fn columns_lines(columns: &crate::standard::ColumnNames) -> Vec<String> {
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
    lines.extend(rule_lines(&standard));
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
