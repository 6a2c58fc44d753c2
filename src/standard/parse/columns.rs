//! `[columns]`: the header names an export gives the quarter's columns.

use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::{Entry, Reader};
use crate::cell::trim_cell;
use crate::diagnostic::suggestion;
use crate::standard::model::{ColumnNames, EVIDENCE_COLUMNS, Standard};

/// A header name given for a column, and where it is written.
struct Alias<'a> {
    name: String,
    column: &'a str,
    span: Range<usize>,
}

impl Reader<'_> {
    /// `[columns]`: each key a column of the quarter's files (a fixed one or
    /// an indicator's), each value the header name, or an array of the
    /// header names, an export gives it.
    pub(super) fn columns(&mut self, root: &DeTable, standard: &Standard) -> ColumnNames {
        let Some((span, value)) = self.entry(root, "columns") else {
            return ColumnNames::default();
        };
        let Some(table) = self.table(value, &span, "[columns]") else {
            return ColumnNames::default();
        };
        let mut given = self.aliases_given(table, standard);
        // Sorted by place so a name given twice is reported where it is
        // given the second time.
        given.sort_by_key(|alias| alias.span.start);
        let mut names = ColumnNames::default();
        for alias in given {
            self.assign_alias(alias, standard, &mut names);
        }
        names
    }

    /// Every header name `[columns]` gives a known column, as written.
    fn aliases_given<'a>(&mut self, table: &'a DeTable, standard: &Standard) -> Vec<Alias<'a>> {
        let mut given = Vec::new();
        for (key, value) in table.iter() {
            let column = key.get_ref().as_ref();
            if !known_columns(standard).any(|name| name == column) {
                let hint = suggestion(column, known_columns(standard));
                self.error(
                    &key.span(),
                    format!(
                        "[columns] names `{column}`, which is neither a column of the quarter's files nor an indicator{hint}"
                    ),
                );
                continue;
            }
            let items: Vec<&Entry> = match value.get_ref() {
                DeValue::String(_) => vec![value],
                DeValue::Array(items) => items.iter().collect(),
                other => {
                    self.error(
                        &key.span(),
                        format!(
                            "`{column}` in [columns] must be a header name or an array of header names, not {}",
                            other.type_str()
                        ),
                    );
                    continue;
                }
            };
            for item in items {
                let DeValue::String(alias) = item.get_ref() else {
                    self.error(
                        &item.span(),
                        format!(
                            "a header name for `{column}` in [columns] must be a string, not {}",
                            item.get_ref().type_str()
                        ),
                    );
                    continue;
                };
                given.push(Alias {
                    name: trim_cell(alias).to_string(),
                    column,
                    span: item.span(),
                });
            }
        }
        given
    }

    /// Adds a header name to `names`, unless it is empty, a column's own
    /// name or already given.
    fn assign_alias(&mut self, alias: Alias, standard: &Standard, names: &mut ColumnNames) {
        let Alias { name, column, span } = alias;
        if name.is_empty() {
            self.error(
                &span,
                format!("a header name for `{column}` in [columns] is empty"),
            );
        } else if known_columns(standard).any(|known| known == name) {
            self.error(
                &span,
                format!(
                    "[columns] gives `{name}` as a header name for `{column}`, but `{name}` is already a column's own name"
                ),
            );
        } else if let Some(first) = names.column_of(&name) {
            let message = if first == column {
                format!("[columns] gives `{name}` twice for `{column}`")
            } else {
                format!(
                    "[columns] gives `{name}` as a header name for both `{first}` and `{column}`; give each header name to one column"
                )
            };
            self.error(&span, message);
        } else {
            names.aliases.push((name, column.to_string()));
        }
    }
}

/// The columns a header name may be given for: the fixed ones and each
/// indicator's.
fn known_columns(standard: &Standard) -> impl Iterator<Item = &str> {
    EVIDENCE_COLUMNS
        .into_iter()
        .chain(standard.indicators.iter().map(|i| i.id.as_str()))
}
