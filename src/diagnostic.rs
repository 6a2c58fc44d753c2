//! Problems found in the standard or the evidence, each pinned to a place in
//! a file so an editor or a script can jump to it (`FILE:LINE:COLUMN: …`).

use std::fmt;

/// How many errors a run prints before it only counts the rest (SPEC §2).
pub(crate) const MAX_PRINTED_ERRORS: usize = 50;

/// Where a problem is: a file, and when it applies a line and a column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// The file as the user named it, or as found in the quarter's folder.
    pub file: String,
    /// Physical line, counted from 1.
    pub line: Option<u64>,
    /// Column: in a CSV file the field's position counted from 1, in the
    /// standard the character position on the line counted from 1.
    pub column: Option<u64>,
    /// In a workbook's sheet: the line is the row, and the place is written
    /// as a spreadsheet names it, `FILE#SHEET!C5:` (a row alone `!5:`).
    pub sheet: bool,
}

impl Location {
    pub(crate) fn file(file: &str) -> Location {
        Location {
            file: file.to_string(),
            line: None,
            column: None,
            sheet: false,
        }
    }

    pub(crate) fn line(file: &str, line: u64) -> Location {
        Location {
            file: file.to_string(),
            line: Some(line),
            column: None,
            sheet: false,
        }
    }

    pub(crate) fn cell(file: &str, line: u64, column: u64) -> Location {
        Location {
            file: file.to_string(),
            line: Some(line),
            column: Some(column),
            sheet: false,
        }
    }

    /// The same place, in a workbook's sheet.
    pub(crate) fn in_sheet(self, sheet: bool) -> Location {
        Location { sheet, ..self }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.sheet
            && let Some(line) = self.line
        {
            let column = self.column.map(column_letters);
            return write!(f, "{}!{}{line}:", self.file, column.unwrap_or_default());
        }
        write!(f, "{}:", self.file)?;
        if let Some(line) = self.line {
            write!(f, "{line}:")?;
            if let Some(column) = self.column {
                write!(f, "{column}:")?;
            }
        }
        Ok(())
    }
}

/// One problem: an error stops the run, a warning is printed and the run goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub location: Location,
    pub message: String,
}

impl Diagnostic {
    pub(crate) fn new(location: Location, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            location,
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.location, self.message)
    }
}

/// The errors of a run that could not go on, in file order: the first
/// `MAX_PRINTED_ERRORS` of them, and how many there were.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problems {
    pub errors: Vec<Diagnostic>,
    /// Every error found, shown or not.
    pub total: u64,
    /// Warnings found along the way: printed with the errors, since a run
    /// that stops should still say everything it found.
    pub warnings: Vec<Diagnostic>,
}

impl Problems {
    pub(crate) fn new(errors: Vec<Diagnostic>) -> Problems {
        let mut list = ErrorList::default();
        list.extend(errors);
        list.into_problems()
    }
}

/// Errors as they are found: only the first [`MAX_PRINTED_ERRORS`] in file
/// order are kept, the rest counted, so a file of bad rows costs no memory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ErrorList {
    kept: Vec<Diagnostic>,
    total: u64,
}

impl ErrorList {
    pub(crate) fn push(&mut self, error: Diagnostic) {
        self.total += 1;
        if self.kept.len() < MAX_PRINTED_ERRORS {
            self.kept.push(error);
            return;
        }
        // Full: the new error replaces the last in file order, if it is earlier.
        if let Some((last, _)) = self
            .kept
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.location.cmp(&b.1.location))
            && error.location < self.kept[last].location
        {
            self.kept[last] = error;
        }
    }

    pub(crate) fn extend(&mut self, errors: impl IntoIterator<Item = Diagnostic>) {
        errors.into_iter().for_each(|error| self.push(error));
    }

    /// Takes in another list's errors, each passed through `adjust`.
    pub(crate) fn absorb(&mut self, other: ErrorList, adjust: impl Fn(Diagnostic) -> Diagnostic) {
        let unkept = other.total - other.kept.len() as u64;
        self.extend(other.kept.into_iter().map(adjust));
        self.total += unkept;
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.total == 0
    }

    pub(crate) fn into_problems(mut self) -> Problems {
        self.kept.sort_by(|a, b| a.location.cmp(&b.location));
        Problems {
            errors: self.kept,
            total: self.total,
            warnings: Vec::new(),
        }
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for error in &self.errors {
            writeln!(f, "{error}")?;
        }
        let unshown = self.total - self.errors.len() as u64;
        if unshown > 0 {
            writeln!(f, "… and {unshown} more errors")?;
        }
        for warning in &self.warnings {
            writeln!(f, "{} warning: {}", warning.location, warning.message)?;
        }
        write!(
            f,
            "{} error{} found",
            self.total,
            if self.total == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for Problems {}

/// The closest id to `unknown` among `known`, when one is close enough to be
/// a typo (edit distance at most a third of the id, and at least 1).
pub(crate) fn did_you_mean<'a>(
    unknown: &str,
    known: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (unknown.chars().count() / 3).max(1);
    known
        .into_iter()
        .map(|candidate| (edit_distance(unknown, candidate), candidate))
        .filter(|&(distance, _)| distance <= limit)
        .min_by_key(|&(distance, candidate)| (distance, candidate))
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        current[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// " (did you mean `x`?)" or nothing.
pub(crate) fn suggestion<'a>(unknown: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    match did_you_mean(unknown, known) {
        Some(close) => format!("; did you mean `{close}`?"),
        None => String::new(),
    }
}

/// Column `n` (from 1) in A1 style: 1 → A, 27 → AA.
pub fn column_letters(mut n: u64) -> String {
    let mut letters = Vec::new();
    while n > 0 {
        let rest = (n - 1) % 26;
        letters.push(b'A' + rest as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_in_a1_style() {
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(26), "Z");
        assert_eq!(column_letters(27), "AA");
        assert_eq!(column_letters(703), "AAA");
    }

    #[test]
    fn locations_print_like_a_compiler() {
        assert_eq!(Location::file("roster.csv").to_string(), "roster.csv:");
        assert_eq!(Location::line("kpi.csv", 7).to_string(), "kpi.csv:7:");
        assert_eq!(
            Location::cell("exam.csv", 3, 2).to_string(),
            "exam.csv:3:2:"
        );
    }

    #[test]
    fn suggests_close_ids_only() {
        let known = ["needs-analysis", "ict-products", "revenue"];
        assert_eq!(did_you_mean("neds-analysis", known), Some("needs-analysis"));
        assert_eq!(did_you_mean("revenu", known), Some("revenue"));
        assert_eq!(did_you_mean("complaints", known), None);
    }

    #[test]
    fn errors_past_fifty_are_counted() {
        let errors = (1..=53)
            .map(|line| Diagnostic::new(Location::line("a.csv", line), "bad"))
            .collect();
        let text = Problems::new(errors).to_string();
        assert_eq!(text.lines().count(), 52);
        assert!(text.contains("… and 3 more errors"));
        assert!(text.ends_with("53 errors found"));
    }

    #[test]
    fn the_first_fifty_in_file_order_are_kept_whatever_the_order_found() {
        let mut list = ErrorList::default();
        for line in (1..=100).rev() {
            list.push(Diagnostic::new(Location::line("a.csv", line), "bad"));
        }
        let problems = list.into_problems();
        assert_eq!(problems.total, 100);
        let lines: Vec<u64> = problems
            .errors
            .iter()
            .filter_map(|e| e.location.line)
            .collect();
        assert_eq!(lines, (1..=50).collect::<Vec<_>>());
    }
}
