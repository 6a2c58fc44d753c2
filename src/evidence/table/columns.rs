//! A header's names as the standard's `[columns]` reads them: an HR
//! system's own header names taken for the columns they stand for, and
//! messages that name a header cell as the file writes it.

use crate::diagnostic::{Diagnostic, did_you_mean};

use super::{Header, Outcome};
use crate::diagnostic::column_letters;

/// The column names of a header whose cells are `found` (trimmed), each
/// header name of `[columns]` taken for its column. `None` when two cells
/// stand for one column (each such pair an error in `outcome`).
pub(crate) fn resolve(found: &[String], outcome: &mut Outcome) -> Option<Vec<String>> {
    let names: Vec<String> = found
        .iter()
        .map(|name| outcome.columns.column_of(name).unwrap_or(name).to_string())
        .collect();
    let mut clash = false;
    for (index, name) in names.iter().enumerate() {
        if found[index] != *name {
            outcome
                .renamed
                .push((index as u64 + 1, found[index].clone()));
        }
        // Empty cells are unnamed columns, never used; a cell named twice
        // as written is reported as such before this.
        let first = names[..index].iter().position(|n| n == name);
        if let Some(first) = first.filter(|_| !name.is_empty()) {
            let cell = |at: usize| {
                let by_columns = if found[at] == *name {
                    ""
                } else {
                    ", its name in [columns]"
                };
                format!("`{}` ({}{by_columns})", found[at], place(outcome, at))
            };
            let message = format!(
                "the header gives `{name}` twice: {} and {}; keep one",
                cell(first),
                cell(index)
            );
            outcome.header_error(Some(index), message);
            clash = true;
        }
    }
    (!clash).then_some(names)
}

/// How a message names column `index` (from 0): `column 3` in a CSV file,
/// `column C` in a sheet.
fn place(outcome: &Outcome, index: usize) -> String {
    let number = index as u64 + 1;
    if outcome.source.sheet {
        format!("column {}", column_letters(number))
    } else {
        format!("column {number}")
    }
}

/// What to add to "the header has no `column`": the header names `[columns]`
/// gives it, all missing too, and the header cell among `candidates`
/// (column indices) closest to one of its names, as a likely misspelling.
pub(crate) fn missing_hint(
    header: &Header,
    outcome: &Outcome,
    column: &str,
    candidates: impl Iterator<Item = usize> + Clone,
) -> String {
    let aliases: Vec<&str> = outcome.columns.aliases_of(column).collect();
    let mut hint = String::new();
    if !aliases.is_empty() {
        let listed: Vec<String> = aliases.iter().map(|alias| format!("`{alias}`")).collect();
        hint = format!(
            " (nor {}, its name{} in [columns])",
            listed.join(", "),
            if aliases.len() == 1 { "" } else { "s" }
        );
    }
    for wanted in std::iter::once(column).chain(aliases) {
        let cells = candidates.clone().map(|index| header.found[index].as_str());
        let close = did_you_mean(wanted, cells).and_then(|close| {
            let index = candidates.clone().find(|&i| header.found[i] == close)?;
            Some((index, close))
        });
        if let Some((index, close)) = close {
            hint.push_str(&format!(
                "; {} is `{close}`: did you mean `{wanted}`?",
                place(outcome, index)
            ));
            break;
        }
    }
    hint
}

/// A row error at a cell whose column the header names by a `[columns]`
/// name: the message says that name, as the file writes it.
pub(crate) fn name_renamed_column(
    mut error: Diagnostic,
    renamed: &[(u64, String)],
    header_line: u64,
) -> Diagnostic {
    if error.location.line == Some(header_line) {
        return error;
    }
    let found = error
        .location
        .column
        .and_then(|column| renamed.iter().find(|(at, _)| *at == column));
    if let Some((_, found)) = found {
        // After what is wrong, before any hint on what to write.
        let at = first_clause_end(&error.message);
        error
            .message
            .insert_str(at, &format!(" (column `{found}`)"));
    }
    error
}

/// Where a message's first clause ends: at its first `; ` outside a
/// quoted cell (between backticks), else at its end.
fn first_clause_end(message: &str) -> usize {
    let mut quoted = false;
    for (at, c) in message.char_indices() {
        match c {
            '`' => quoted = !quoted,
            ';' if !quoted && message[at..].starts_with("; ") => return at,
            _ => {}
        }
    }
    message.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hint_stays_after_the_column_and_a_cell_is_not_split() {
        let error = |message: &str| {
            let location = crate::diagnostic::Location::cell("r.csv", 3, 2);
            let renamed = [(2, "得分".to_string())];
            name_renamed_column(Diagnostic::new(location, message), &renamed, 1).message
        };
        assert_eq!(
            error("score `4; 5` is not a number; write one number"),
            "score `4; 5` is not a number (column `得分`); write one number"
        );
        assert_eq!(
            error("score 7 is outside the scale 1 to 5"),
            "score 7 is outside the scale 1 to 5 (column `得分`)"
        );
    }
}
