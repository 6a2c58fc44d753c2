//! `ladder explain`: one manager's whole computation.

use std::path::{Path, PathBuf};

use super::rejects::set_aside;
use super::{
    Inputs, Report, check_outputs, deliver, grade_after, load_standard, open_quarter, warnings_of,
    with_threads,
};
use crate::analysis::explain::Explanation;
use crate::diagnostic::suggestion;
use crate::error::Error;
use crate::evidence::LoadOptions;
use crate::output::render::{CsvStyle, Format};
use crate::output::{html, json, text};

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
        check_outputs(
            &options.inputs,
            options.previous.as_deref(),
            options.output.as_ref(),
            options.rejects.as_ref(),
        )?;
        let standard = load_standard(&options.inputs.standard)?;
        let load = LoadOptions {
            reject_rows: options.rejects.is_some(),
            ..options.inputs.load_options()
        };
        let previous_path = options.previous.as_deref();
        let (evidence, previous) = open_quarter(&standard, &options.inputs, previous_path, load)?;
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
                let mut text = serde_json::to_string_pretty(&json::explain::json(&explanation))
                    .unwrap_or_default();
                text.push('\n');
                text
            }
            Format::Html => html::explain::html(&explanation),
            _ => text::explain::text(&explanation),
        };
        let stdout = deliver(options.output.as_deref(), None, |_, out| {
            out.write_all(text.as_bytes())
        })?;
        Ok(Report { stdout, notices })
    })?
}

/// Said whenever role groups below `report_min` are shown.
pub const SHOW_ALL_ROLES_WARNING: &str = "warning: --show-all-roles: role groups below report_min are shown; do not hand this to the managers rated";

/// The format of `explain`: text, JSON or HTML, from `--format`, else from
/// the output's extension, else text.
pub(super) fn explain_format(
    format: Option<Format>,
    output: Option<&Path>,
) -> Result<Format, Error> {
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
