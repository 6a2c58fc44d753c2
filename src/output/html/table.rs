//! Tables of cells, numbers marked for scripts and tests.

use std::fmt::Write as _;

use super::page::escape;

/// A table cell: text, or a number (right-aligned, with `data-value`), with
/// an optional CSS class (`met`, `short`, `group`, `pre` to keep line
/// breaks), column span and name (`data-key`).
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct TableCell {
    pub(crate) text: String,
    pub(crate) number: bool,
    pub(crate) class: Option<&'static str>,
    pub(crate) span: usize,
    /// Names the cell for scripts and tests (`data-key`).
    pub(crate) key: Option<String>,
}

impl TableCell {
    /// A cell of text.
    pub(crate) fn text(text: impl Into<String>) -> TableCell {
        TableCell {
            text: text.into(),
            span: 1,
            ..TableCell::default()
        }
    }

    /// A cell holding a number as shown; empty text is an absent number.
    pub(crate) fn number(text: impl Into<String>) -> TableCell {
        TableCell {
            text: text.into(),
            number: true,
            span: 1,
            ..TableCell::default()
        }
    }

    /// The cell with a CSS class.
    pub(crate) fn class(mut self, class: &'static str) -> TableCell {
        self.class = Some(class);
        self
    }

    /// The cell named `key` (`data-key`), for scripts and tests.
    pub(crate) fn key(mut self, key: impl Into<String>) -> TableCell {
        self.key = Some(key.into());
        self
    }

    /// The cell spanning `span` columns.
    pub(crate) fn span(mut self, span: usize) -> TableCell {
        self.span = span.max(1);
        self
    }
}

/// A table with a caption, a header row and rows of [`TableCell`]s. Number
/// cells carry `class="num"` and `data-value` (absent when empty).
pub(crate) fn table(caption: &str, headers: &[&str], rows: &[Vec<TableCell>]) -> String {
    let mut out = String::from("<table>\n");
    if !caption.is_empty() {
        let _ = writeln!(out, "<caption>{}</caption>", escape(caption));
    }
    out.push_str("<thead><tr>");
    for header in headers {
        let _ = write!(out, "<th scope=\"col\">{}</th>", escape(header));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        out.push_str("<tr>");
        for cell in row {
            let mut classes: Vec<&str> = Vec::new();
            if cell.number {
                classes.push("num");
            }
            classes.extend(cell.class);
            out.push_str("<td");
            if !classes.is_empty() {
                let _ = write!(out, " class=\"{}\"", classes.join(" "));
            }
            if cell.span > 1 {
                let _ = write!(out, " colspan=\"{}\"", cell.span);
            }
            if let Some(key) = &cell.key {
                let _ = write!(out, " data-key=\"{}\"", escape(key));
            }
            if cell.number && !cell.text.is_empty() {
                let _ = write!(out, " data-value=\"{}\"", escape(&cell.text));
            }
            let _ = write!(out, ">{}</td>", escape(&cell.text));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_mark_numbers_and_classes() {
        let html = table(
            "Tiers",
            &["condition", "value"],
            &[
                vec![
                    TableCell::text("composite"),
                    TableCell::number("60.31").class("short"),
                ],
                vec![TableCell::text("x").span(2)],
            ],
        );
        assert!(html.contains("<td class=\"num short\" data-value=\"60.31\">60.31</td>"));
        assert!(html.contains("<td colspan=\"2\">x</td>"));
        assert!(html.contains("<caption>Tiers</caption>"));
    }
}
