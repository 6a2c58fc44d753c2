//! `[columns]`: the header names an export gives the quarter's columns.

use toml::de::DeTable;
use toml::de::DeValue;

use super::{Entry, Reader};
use crate::cell::trim_cell;
use crate::diagnostic::suggestion;
use crate::standard::model::{ColumnNames, EVIDENCE_COLUMNS, Standard};

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
        let known = || {
            EVIDENCE_COLUMNS
                .into_iter()
                .chain(standard.indicators.iter().map(|i| i.id.as_str()))
        };
        // (header name, column, where written), sorted by place below so a
        // name given twice is reported where it is given the second time.
        let mut given = Vec::new();
        for (key, value) in table.iter() {
            let column = key.get_ref().as_ref();
            if !known().any(|name| name == column) {
                let hint = suggestion(column, known());
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
                given.push((trim_cell(alias).to_string(), column, item.span()));
            }
        }
        given.sort_by_key(|(_, _, span)| span.start);
        let mut names = ColumnNames::default();
        for (alias, column, span) in given {
            if alias.is_empty() {
                self.error(
                    &span,
                    format!("a header name for `{column}` in [columns] is empty"),
                );
            } else if known().any(|name| name == alias) {
                self.error(
                    &span,
                    format!(
                        "[columns] gives `{alias}` as a header name for `{column}`, but `{alias}` is already a column's own name"
                    ),
                );
            } else if let Some(first) = names.column_of(&alias) {
                let message = if first == column {
                    format!("[columns] gives `{alias}` twice for `{column}`")
                } else {
                    format!(
                        "[columns] gives `{alias}` as a header name for both `{first}` and `{column}`; give each header name to one column"
                    )
                };
                self.error(&span, message);
            } else {
                names.aliases.push((alias, column.to_string()));
            }
        }
        names
    }
}
