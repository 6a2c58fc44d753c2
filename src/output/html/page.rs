//! The frame of every page: the document with its inline CSS, sections,
//! notes, headline facts, and the escaping all HTML and SVG text goes through.

use std::fmt::Write as _;

/// Fonts that have the Chinese names the reports show, on every desktop.
pub(crate) const FONT_STACK: &str =
    r#"system-ui, "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif"#;
/// Escapes text for HTML and SVG, in element content and in quoted
/// attributes alike.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const CSS: &str = r#"
:root { color-scheme: light; }
body { font-family: FONTS; color: #1f2328; background: #fff; margin: 0 auto;
  max-width: 1100px; padding: 24px 32px; line-height: 1.45; font-size: 15px; }
h1 { font-size: 1.6em; margin: 0 0 0.3em; }
h2 { font-size: 1.25em; margin: 1.6em 0 0.6em; border-bottom: 1px solid #d0d7de; padding-bottom: 0.2em; }
p.note { color: #57606a; margin: 0.4em 0; }
dl.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(160px, 1fr));
  gap: 8px 16px; margin: 0.8em 0; }
dl.facts div { border: 1px solid #d0d7de; border-radius: 6px; padding: 6px 10px; }
dl.facts dt { color: #57606a; font-size: 0.85em; }
dl.facts dd { margin: 0; font-size: 1.2em; font-weight: 600; }
table { border-collapse: collapse; margin: 0.6em 0 1.2em; font-size: 0.92em; }
caption { white-space: nowrap; text-align: left; font-weight: 600; padding: 4px 0; }
th, td { border: 1px solid #d0d7de; padding: 4px 8px; vertical-align: top; text-align: left; }
th { background: #f3f4f6; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.met { color: #1a7f37; }
td.short { color: #b42318; font-weight: 600; }
td.pre { white-space: pre-line; }
td.group { background: #f8f9fa; font-weight: 600; }
figure { margin: 0.8em 0 1.2em; }
figure svg { max-width: 100%; height: auto; }
svg text { font-family: FONTS; }
@page { size: A4; margin: 14mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  section { break-before: page; }
  section:first-of-type { break-before: auto; }
  figure, tr, dl.facts div { break-inside: avoid; }
  thead { display: table-header-group; }
}
"#;

/// A complete HTML5 document: `title` in the tab and as the heading, then
/// `body` (already HTML). Inline CSS only; readable on screen and printable
/// (A4, each [`section`] on a new page, no dark backgrounds).
pub(crate) fn page(title: &str, body: &str) -> String {
    let title = escape(title);
    let css = CSS.replace("FONTS", FONT_STACK);
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>{css}</style>\n</head>\n<body>\n<h1>{title}</h1>\n{body}\n</body>\n</html>\n"
    )
}

/// A part of a page under its own heading (`<h2>`); printed on a new page.
pub(crate) fn section(heading: &str, body: &str) -> String {
    format!(
        "<section>\n<h2>{}</h2>\n{body}\n</section>\n",
        escape(heading)
    )
}

/// A paragraph of muted explanatory text.
pub(crate) fn note(text: &str) -> String {
    format!("<p class=\"note\">{}</p>\n", escape(text))
}

/// One headline fact of a page: `key` names it for scripts (`data-key`),
/// `label` for people; `text` is the value as shown (also `data-value`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Fact {
    pub(crate) key: String,
    pub(crate) label: String,
    pub(crate) text: String,
}

/// Headline facts as a grid of labelled boxes (`<dl class="facts">`).
pub(crate) fn facts(facts: &[Fact]) -> String {
    let mut out = String::from("<dl class=\"facts\">\n");
    for fact in facts {
        let _ = writeln!(
            out,
            "<div><dt>{}</dt><dd data-key=\"{}\" data-value=\"{}\">{}</dd></div>",
            escape(&fact.label),
            escape(&fact.key),
            escape(&fact.text),
            escape(&fact.text)
        );
    }
    out.push_str("</dl>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::html::table::{TableCell, table};

    #[test]
    fn escaping_covers_markup_and_quotes() {
        assert_eq!(
            escape(r#"<b>"A&B" 'c'</b>"#),
            "&lt;b&gt;&quot;A&amp;B&quot; &#39;c&#39;&lt;/b&gt;"
        );
        assert_eq!(escape("刘洋"), "刘洋");
        let html = page("<script>alert(1)</script> 报告", "<p>x</p>");
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; 报告"));
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("<meta charset=\"utf-8\">"));
        assert!(html.contains("@media print"));
        assert!(html.contains("Noto Sans CJK SC"));
        let cells = table("", &["名字"], &[vec![TableCell::text("<img src=x>")]]);
        assert!(cells.contains("&lt;img src=x&gt;"));
    }

    #[test]
    fn a_page_fetches_nothing() {
        let html = page("t", "");
        for needle in ["<script", "<link", "@import", "url(http", "src="] {
            assert!(!html.contains(needle), "{needle}");
        }
    }
}
