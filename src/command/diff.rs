//! `ladder diff`: two standards, and what their difference does to a quarter.

use std::path::{Path, PathBuf};

use super::{Inputs, Report, load_standard_as, warnings_of, with_threads};
use crate::analysis::diff;
use crate::diagnostic::Problems;
use crate::engine::grade::grade;
use crate::error::Error;
use crate::evidence;
use crate::output::diff::{Compared, json_document, text_document};

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
        let compared = Compared {
            old: (&old, &options.old),
            new: (&new, &options.new),
        };
        let stdout = match options.format {
            DiffFormat::Json => json_document(&compared, &changes, impact.as_ref()),
            format => text_document(
                &compared,
                &changes,
                impact.as_ref(),
                format == DiffFormat::Markdown,
            ),
        };
        Ok(Report { stdout, notices })
    })?
}
