//! Self-contained HTML reports: a page shell with inline CSS and inline SVG
//! charts (stacked bars, histogram, heat map, radar) drawn from plain data.
//! Nothing is fetched when the page is opened — no script, no web font, no
//! stylesheet from elsewhere — so a report can be mailed or printed as it is.
//!
//! Numbers arrive already formatted ([`Shown`]) as the text outputs print
//! them, so a chart never shows a decimal the table does not. Every mark
//! carries its number in a `data-value` attribute and a `<title>` (the
//! browser's tooltip), so tests and scripts can read the chart back.

use std::fmt::Write as _;

use crate::number::{format_score, trim_number};

/// Fonts that have the Chinese names the reports show, on every desktop.
pub const FONT_STACK: &str =
    r#"system-ui, "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif"#;

/// Series colours, in order: the hues of the workbook's tier colours (green,
/// blue, amber, orange, purple), dark enough for bars and lines on white,
/// so the same tier has the same hue in every report. Then more, repeating.
const PALETTE: [&str; 8] = [
    "#2e8b57", "#2f6db5", "#c99400", "#d2691e", "#7b61a8", "#0097a7", "#c2185b", "#5d6d7e",
];

/// Absent values and the `none` tier.
pub const GREY: &str = "#b0b0b0";
/// A fall, a shortfall.
pub const RED: &str = "#c0392b";

/// The colour of the series at `index` (a tier, top first): the same index,
/// the same colour, in every chart.
pub fn series_colour(index: usize) -> &'static str {
    PALETTE[index % PALETTE.len()]
}

/// A number as the text outputs show it: `value` places the mark, `text` is
/// printed (with the standard's decimals) and put in `data-value`.
#[derive(Debug, Clone, PartialEq)]
pub struct Shown {
    pub value: f64,
    pub text: String,
}

impl Shown {
    /// A rounded 0–100 score with the standard's `precision` decimals.
    pub fn score(value: f64, precision: u32) -> Shown {
        Shown {
            value,
            text: format_score(value, precision),
        }
    }

    /// A number as given, without trailing zeros (a cut score, years).
    pub fn plain(value: f64) -> Shown {
        Shown {
            value,
            text: trim_number(value),
        }
    }
}

/// Escapes text for HTML and SVG, in element content and in quoted
/// attributes alike.
pub fn escape(text: &str) -> String {
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
pub fn page(title: &str, body: &str) -> String {
    let title = escape(title);
    let css = CSS.replace("FONTS", FONT_STACK);
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>{css}</style>\n</head>\n<body>\n<h1>{title}</h1>\n{body}\n</body>\n</html>\n"
    )
}

/// A part of a page under its own heading (`<h2>`); printed on a new page.
pub fn section(heading: &str, body: &str) -> String {
    format!(
        "<section>\n<h2>{}</h2>\n{body}\n</section>\n",
        escape(heading)
    )
}

/// A paragraph of muted explanatory text.
pub fn note(text: &str) -> String {
    format!("<p class=\"note\">{}</p>\n", escape(text))
}

/// One headline fact of a page: `key` names it for scripts (`data-key`),
/// `label` for people; `text` is the value as shown (also `data-value`).
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    pub key: String,
    pub label: String,
    pub text: String,
}

/// Headline facts as a grid of labelled boxes (`<dl class="facts">`).
pub fn facts(facts: &[Fact]) -> String {
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

/// A table cell: text, or a number (right-aligned, with `data-value`), with
/// an optional CSS class (`met`, `short`, `group`, `pre` to keep line
/// breaks), column span and name (`data-key`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TableCell {
    pub text: String,
    pub number: bool,
    pub class: Option<&'static str>,
    pub span: usize,
    /// Names the cell for scripts and tests (`data-key`).
    pub key: Option<String>,
}

impl TableCell {
    /// A cell of text.
    pub fn text(text: impl Into<String>) -> TableCell {
        TableCell {
            text: text.into(),
            span: 1,
            ..TableCell::default()
        }
    }

    /// A cell holding a number as shown; empty text is an absent number.
    pub fn number(text: impl Into<String>) -> TableCell {
        TableCell {
            text: text.into(),
            number: true,
            span: 1,
            ..TableCell::default()
        }
    }

    /// The cell with a CSS class.
    pub fn class(mut self, class: &'static str) -> TableCell {
        self.class = Some(class);
        self
    }

    /// The cell named `key` (`data-key`), for scripts and tests.
    pub fn key(mut self, key: impl Into<String>) -> TableCell {
        self.key = Some(key.into());
        self
    }

    /// The cell spanning `span` columns.
    pub fn span(mut self, span: usize) -> TableCell {
        self.span = span.max(1);
        self
    }
}

/// A table with a caption, a header row and rows of [`TableCell`]s. Number
/// cells carry `class="num"` and `data-value` (absent when empty).
pub fn table(caption: &str, headers: &[&str], rows: &[Vec<TableCell>]) -> String {
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

/// A rough width of `text` in pixels at `size`: CJK characters are square,
/// Latin ones about 0.6 of the size. Enough to leave room for labels.
fn text_width(text: &str, size: f64) -> f64 {
    text.chars()
        .map(|c| if c.is_ascii() { 0.56 } else { 1.0 })
        .sum::<f64>()
        * size
}

/// `text` in lines of at most `max` pixels at `size`, broken at spaces; a
/// word longer than a line keeps a line of its own.
fn wrap(text: &str, max: f64, size: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if text_width(line, size) + text_width(word, size) + 0.6 * size <= max => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// A coordinate as SVG takes it: at most two decimals, no binary noise.
fn px(value: f64) -> String {
    trim_number((value * 100.0).round() / 100.0)
}

/// The smallest "nice" number (1, 2, 2.5 or 5 × 10ⁿ) of at least `value`,
/// for axis ends and tick steps.
fn nice(value: f64) -> f64 {
    if value <= 0.0 || !value.is_finite() {
        return 1.0;
    }
    let power = 10f64.powf(value.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|step| step * power)
        .find(|&candidate| candidate >= value * (1.0 - 1e-9))
        .unwrap_or(10.0 * power)
}

/// An opening `<svg>` sized `width` × `height`, labelled by its title.
fn svg_open(out: &mut String, width: f64, height: f64, title: &str, class: &str) {
    let _ = writeln!(
        out,
        "<figure class=\"chart {class}\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" \
         viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-label=\"{t}\">\n\
         <title>{t}</title>\n<rect x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\" fill=\"#fff\"/>\n\
         <text x=\"{cx}\" y=\"22\" text-anchor=\"middle\" font-size=\"16\" font-weight=\"600\" fill=\"#1f2328\">{t}</text>",
        w = px(width),
        h = px(height),
        t = escape(title),
        cx = px(width / 2.0),
    );
}

fn svg_close(out: &mut String) {
    out.push_str("</svg>\n</figure>\n");
}

/// Draws `text` at (`x`, `y`).
fn label(out: &mut String, x: f64, y: f64, anchor: &str, size: f64, text: &str) {
    let _ = writeln!(
        out,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\" font-size=\"{}\" fill=\"#1f2328\">{}</text>",
        px(x),
        px(y),
        px(size),
        escape(text)
    );
}

/// A legend entry: a swatch and a name.
struct Key<'a> {
    name: &'a str,
    colour: &'a str,
    /// A line (`true`) or a filled square.
    line: bool,
}

/// A legend in one row centred at `y`, wrapping to more rows when wider
/// than `width`; returns the height it took.
fn legend(out: &mut String, keys: &[Key], width: f64, y: f64) -> f64 {
    const SIZE: f64 = 12.0;
    let widths: Vec<f64> = keys
        .iter()
        .map(|key| SIZE + 6.0 + text_width(key.name, SIZE) + 18.0)
        .collect();
    // Rows of keys that fit the width.
    let mut rows: Vec<Vec<usize>> = vec![Vec::new()];
    let mut used = 0.0;
    for (index, &key_width) in widths.iter().enumerate() {
        if used + key_width > width - 20.0 && rows.last().is_some_and(|row| !row.is_empty()) {
            rows.push(Vec::new());
            used = 0.0;
        }
        used += key_width;
        if let Some(row) = rows.last_mut() {
            row.push(index);
        }
    }
    out.push_str("<g class=\"legend\">\n");
    for (line, row) in rows.iter().enumerate() {
        let total: f64 = row.iter().map(|&index| widths[index]).sum();
        let mut x = (width - total) / 2.0;
        let row_y = y + line as f64 * 20.0;
        for &index in row {
            let key = &keys[index];
            if key.line {
                let _ = writeln!(
                    out,
                    "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"3\"/>",
                    px(x),
                    px(row_y),
                    px(x + SIZE),
                    px(row_y),
                    key.colour
                );
            } else {
                let _ = writeln!(
                    out,
                    "<rect x=\"{}\" y=\"{}\" width=\"{SIZE}\" height=\"{SIZE}\" fill=\"{}\"/>",
                    px(x),
                    px(row_y - SIZE / 2.0),
                    key.colour
                );
            }
            let _ = writeln!(
                out,
                "<text x=\"{}\" y=\"{}\" font-size=\"{SIZE}\" fill=\"#1f2328\" data-legend=\"{}\">{}</text>",
                px(x + SIZE + 6.0),
                px(row_y + SIZE / 2.0 - 2.0),
                escape(key.name),
                escape(key.name)
            );
            x += widths[index];
        }
    }
    out.push_str("</g>\n");
    rows.len() as f64 * 20.0
}

/// Categories (teams) × series (tiers) of counts, as horizontal bars
/// stacked in series order.
#[derive(Debug, Clone, PartialEq)]
pub struct StackedBars {
    pub title: String,
    /// What the counts count, under the axis ("managers").
    pub value_label: String,
    /// One bar each, top to bottom.
    pub categories: Vec<String>,
    /// The parts of each bar, left to right, coloured by [`series_colour`].
    pub series: Vec<String>,
    /// A colour for a series instead of its [`series_colour`] (`none` grey,
    /// a fall red); the series after the last given take theirs.
    pub colours: Vec<&'static str>,
    /// `counts[category][series]`; a missing count is 0.
    pub counts: Vec<Vec<u64>>,
}

/// Horizontal stacked bars with a legend of the series, the count in each
/// segment wide enough to hold it and each bar's total at its end. Each
/// segment is a `<rect data-category data-series data-value>` with a
/// `<title>`; each total a `<text data-total>`.
pub fn stacked_bars(chart: &StackedBars) -> String {
    let colour = |series: usize| {
        chart
            .colours
            .get(series)
            .copied()
            .unwrap_or_else(|| series_colour(series))
    };
    const WIDTH: f64 = 760.0;
    const BAR: f64 = 24.0;
    const GAP: f64 = 12.0;
    let count = |category: usize, series: usize| {
        chart
            .counts
            .get(category)
            .and_then(|row| row.get(series))
            .copied()
            .unwrap_or(0)
    };
    let totals: Vec<u64> = (0..chart.categories.len())
        .map(|c| (0..chart.series.len()).map(|s| count(c, s)).sum())
        .collect();
    let most = totals.iter().copied().max().unwrap_or(0).max(1);
    let step = nice(most as f64 / 5.0).max(1.0).ceil();
    let axis_max = (most as f64 / step).ceil() * step;
    let left = chart
        .categories
        .iter()
        .map(|c| text_width(c, 13.0))
        .fold(40.0, f64::max)
        .min(260.0)
        + 16.0;
    let right = 48.0;
    let plot = WIDTH - left - right;
    let mut out = String::new();
    let keys: Vec<Key> = chart
        .series
        .iter()
        .enumerate()
        .map(|(index, name)| Key {
            name,
            colour: colour(index),
            line: false,
        })
        .collect();
    // The legend's height is known only once drawn: draw it apart first.
    let mut legend_svg = String::new();
    let legend_height = legend(&mut legend_svg, &keys, WIDTH, 44.0);
    let top = 44.0 + legend_height + 8.0;
    let rows = chart.categories.len() as f64;
    let plot_height = rows * (BAR + GAP) + GAP;
    let height = top + plot_height + 56.0;
    svg_open(&mut out, WIDTH, height, &chart.title, "stacked-bars");
    out.push_str(&legend_svg);
    let x = |value: f64| left + value / axis_max * plot;
    let bottom = top + plot_height;
    // Grid lines and ticks.
    let mut tick = 0.0;
    while tick <= axis_max + 1e-9 {
        let _ = writeln!(
            out,
            "<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#e1e4e8\"/>",
            px(x(tick)),
            px(top),
            px(bottom)
        );
        label(
            &mut out,
            x(tick),
            bottom + 16.0,
            "middle",
            11.0,
            &trim_number(tick),
        );
        tick += step;
    }
    let _ = writeln!(
        out,
        "<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#57606a\"/>",
        px(left),
        px(top),
        px(bottom)
    );
    label(
        &mut out,
        left + plot / 2.0,
        bottom + 40.0,
        "middle",
        12.0,
        &chart.value_label,
    );
    for (c, category) in chart.categories.iter().enumerate() {
        let y = top + GAP + c as f64 * (BAR + GAP);
        label(
            &mut out,
            left - 8.0,
            y + BAR / 2.0 + 4.5,
            "end",
            13.0,
            category,
        );
        let mut start = 0.0;
        for (s, series) in chart.series.iter().enumerate() {
            let value = count(c, s);
            if value == 0 {
                continue;
            }
            let (x0, x1) = (x(start), x(start + value as f64));
            let _ = writeln!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{BAR}\" fill=\"{}\" \
                 data-category=\"{}\" data-series=\"{}\" data-value=\"{value}\">\
                 <title>{} · {}: {value}</title></rect>",
                px(x0),
                px(y),
                px(x1 - x0),
                colour(s),
                escape(category),
                escape(series),
                escape(category),
                escape(series),
            );
            let text = value.to_string();
            if x1 - x0 >= text_width(&text, 12.0) + 6.0 {
                let _ = writeln!(
                    out,
                    "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"12\" fill=\"#fff\">{text}</text>",
                    px((x0 + x1) / 2.0),
                    px(y + BAR / 2.0 + 4.0)
                );
            }
            start += value as f64;
        }
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"12\" font-weight=\"600\" fill=\"#1f2328\" \
             data-category=\"{}\" data-total=\"{}\">{}</text>",
            px(x(start) + 6.0),
            px(y + BAR / 2.0 + 4.0),
            escape(category),
            totals[c],
            totals[c]
        );
    }
    svg_close(&mut out);
    out
}

/// A labelled vertical line across a histogram (a tier's cut score).
#[derive(Debug, Clone, PartialEq)]
pub struct Cut {
    pub label: String,
    pub at: Shown,
}

/// How many values fall in each bin of a range, with cut lines.
#[derive(Debug, Clone, PartialEq)]
pub struct Histogram {
    pub title: String,
    /// Under the horizontal axis ("composite").
    pub x_label: String,
    /// Beside the vertical axis ("managers").
    pub y_label: String,
    pub values: Vec<f64>,
    /// The width of a bin; bins start at a multiple of it.
    pub bin_width: f64,
    pub cuts: Vec<Cut>,
}

/// The bins of a histogram: (from, to, count), each from inclusive, the
/// last also inclusive of its end.
fn bins(histogram: &Histogram) -> Vec<(f64, f64, u64)> {
    let width = if histogram.bin_width > 0.0 && histogram.bin_width.is_finite() {
        histogram.bin_width
    } else {
        10.0
    };
    let finite = histogram
        .values
        .iter()
        .chain(histogram.cuts.iter().map(|cut| &cut.at.value))
        .copied()
        .filter(|v| v.is_finite());
    let (low, high) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    if low > high {
        return Vec::new();
    }
    // In floats: a huge value must not overflow the bin arithmetic.
    let first = (low / width).floor();
    // A value on the last edge belongs to the last bin, not one of its own;
    // and never more than a few hundred bins, whatever the data.
    let last = (high / width).ceil().max(first + 1.0).min(first + 400.0);
    let count = (last - first) as usize;
    let mut bins: Vec<(f64, f64, u64)> = (0..count)
        .map(|index| {
            let index = first + index as f64;
            (index * width, (index + 1.0) * width, 0)
        })
        .collect();
    for &value in histogram.values.iter().filter(|v| v.is_finite()) {
        let index = ((value / width).floor() - first).clamp(0.0, (count - 1) as f64);
        bins[index as usize].2 += 1;
    }
    bins
}

/// Vertical bars of the count of values per bin, with an axis of counts,
/// an axis of values and a dashed line for each cut, labelled. Each bar is
/// a `<rect data-from data-to data-value>` (the count) with a `<title>`;
/// each cut a `<line data-cut>` (its value as shown) with its label.
pub fn histogram(chart: &Histogram) -> String {
    const WIDTH: f64 = 760.0;
    const HEIGHT: f64 = 380.0;
    let (left, right, top, bottom) = (
        60.0,
        24.0,
        44.0 + 18.0 * chart.cuts.len().min(3) as f64,
        56.0,
    );
    let bins = bins(chart);
    let mut out = String::new();
    svg_open(&mut out, WIDTH, HEIGHT, &chart.title, "histogram");
    let (Some(&(low, _, _)), Some(&(_, high, _))) = (bins.first(), bins.last()) else {
        label(&mut out, WIDTH / 2.0, HEIGHT / 2.0, "middle", 13.0, "—");
        svg_close(&mut out);
        return out;
    };
    let most = bins.iter().map(|b| b.2).max().unwrap_or(0).max(1);
    let step = nice(most as f64 / 5.0).max(1.0).ceil();
    let axis_max = (most as f64 / step).ceil() * step;
    let plot_w = WIDTH - left - right;
    let plot_h = HEIGHT - top - bottom;
    let x = |value: f64| left + (value - low) / (high - low) * plot_w;
    let y = |count: f64| top + plot_h - count / axis_max * plot_h;
    let mut tick = 0.0;
    while tick <= axis_max + 1e-9 {
        let _ = writeln!(
            out,
            "<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"#e1e4e8\"/>",
            px(left),
            px(y(tick)),
            px(left + plot_w)
        );
        label(
            &mut out,
            left - 6.0,
            y(tick) + 4.0,
            "end",
            11.0,
            &trim_number(tick),
        );
        tick += step;
    }
    let _ = writeln!(
        out,
        "<text transform=\"translate(16 {}) rotate(-90)\" text-anchor=\"middle\" font-size=\"12\" fill=\"#1f2328\">{}</text>",
        px(top + plot_h / 2.0),
        escape(&chart.y_label)
    );
    // Label every bin edge unless they would crowd; then every other.
    let every = if bins.len() > 14 { 2 } else { 1 };
    for (index, &(from, to, count)) in bins.iter().enumerate() {
        let (x0, x1) = (x(from), x(to));
        if count > 0 {
            let _ = writeln!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"#fff\" \
                 data-from=\"{f}\" data-to=\"{t}\" data-value=\"{count}\">\
                 <title>{f}–{t}: {count}</title></rect>",
                px(x0),
                px(y(count as f64)),
                px(x1 - x0),
                px(y(0.0) - y(count as f64)),
                series_colour(1),
                f = trim_number(from),
                t = trim_number(to),
            );
            label(
                &mut out,
                (x0 + x1) / 2.0,
                y(count as f64) - 4.0,
                "middle",
                11.0,
                &count.to_string(),
            );
        }
        if index % every == 0 {
            label(
                &mut out,
                x0,
                top + plot_h + 16.0,
                "middle",
                11.0,
                &trim_number(from),
            );
        }
        if index + 1 == bins.len() {
            label(
                &mut out,
                x1,
                top + plot_h + 16.0,
                "middle",
                11.0,
                &trim_number(to),
            );
        }
    }
    let _ = writeln!(
        out,
        "<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"#57606a\"/>",
        px(left),
        px(top + plot_h),
        px(left + plot_w)
    );
    label(
        &mut out,
        left + plot_w / 2.0,
        HEIGHT - 16.0,
        "middle",
        12.0,
        &chart.x_label,
    );
    for (index, cut) in chart.cuts.iter().enumerate() {
        let cx = x(cut.at.value);
        let colour = series_colour(index);
        // Labels step down so that close cuts do not print over each other.
        let label_y = 44.0 + 14.0 + 18.0 * (index % 3) as f64;
        let _ = writeln!(
            out,
            "<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"{colour}\" stroke-width=\"2\" \
             stroke-dasharray=\"6 4\" data-cut=\"{3}\" data-label=\"{4}\"><title>{4}: {3}</title></line>",
            px(cx),
            px(label_y + 4.0),
            px(top + plot_h),
            escape(&cut.at.text),
            escape(&cut.label),
        );
        let text = format!("{} {}", cut.label, cut.at.text);
        let anchor = if cx + text_width(&text, 12.0) > WIDTH - right {
            "end"
        } else {
            "start"
        };
        let dx = if anchor == "end" { -4.0 } else { 4.0 };
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\" font-size=\"12\" fill=\"{colour}\" font-weight=\"600\">{}</text>",
            px(cx + dx),
            px(label_y),
            escape(&text)
        );
    }
    svg_close(&mut out);
    out
}

/// Rows × columns of optional values, coloured on a scale.
#[derive(Debug, Clone, PartialEq)]
pub struct HeatMap {
    pub title: String,
    /// What the rows are (teams), shown above their labels.
    pub row_label: String,
    /// What the columns are (competencies), shown above them.
    pub column_label: String,
    pub rows: Vec<String>,
    pub columns: Vec<String>,
    /// `cells[row][column]`; `None` is drawn grey and blank.
    pub cells: Vec<Vec<Option<Shown>>>,
    /// The values at the light and the dark end of the scale.
    pub low: Shown,
    pub high: Shown,
}

/// The colour of `t` (0 light to 1 dark) on a blue scale that prints well.
fn scale_colour(t: f64) -> String {
    const LIGHT: (f64, f64, f64) = (239.0, 246.0, 255.0);
    const DARK: (f64, f64, f64) = (16.0, 80.0, 160.0);
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let mix = |a: f64, b: f64| (a + (b - a) * t).round() as u8;
    format!(
        "#{:02x}{:02x}{:02x}",
        mix(LIGHT.0, DARK.0),
        mix(LIGHT.1, DARK.1),
        mix(LIGHT.2, DARK.2)
    )
}

/// A grid of coloured cells with the value printed in each, row and column
/// labels, and a legend of the scale (and of grey for no value). Each cell
/// with a value is a `<rect data-row data-column data-value>` with a
/// `<title>`; an absent one has `data-absent` instead of `data-value`.
pub fn heat_map(chart: &HeatMap) -> String {
    const CELL_W: f64 = 86.0;
    const CELL_H: f64 = 30.0;
    let left = chart
        .rows
        .iter()
        .map(|r| text_width(r, 13.0))
        .fold(text_width(&chart.row_label, 12.0), f64::max)
        .min(260.0)
        + 24.0;
    // Column labels too wide for their cell are slanted.
    let widest = chart
        .columns
        .iter()
        .map(|c| text_width(c, 12.0))
        .fold(0.0, f64::max);
    let slanted = widest > CELL_W - 6.0;
    let header = if slanted { widest * 0.6 + 24.0 } else { 24.0 };
    let top = 44.0 + 18.0 + header;
    let width = (left + CELL_W * chart.columns.len() as f64 + 24.0).max(420.0);
    let grid_bottom = top + CELL_H * chart.rows.len() as f64;
    let height = grid_bottom + 64.0;
    let mut out = String::new();
    svg_open(&mut out, width, height, &chart.title, "heat-map");
    label(
        &mut out,
        left + CELL_W * chart.columns.len() as f64 / 2.0,
        56.0,
        "middle",
        12.0,
        &chart.column_label,
    );
    label(
        &mut out,
        left - 8.0,
        top - 8.0,
        "end",
        12.0,
        &chart.row_label,
    );
    for (c, column) in chart.columns.iter().enumerate() {
        let cx = left + CELL_W * (c as f64 + 0.5);
        if slanted {
            let _ = writeln!(
                out,
                "<text transform=\"translate({} {}) rotate(-35)\" font-size=\"12\" fill=\"#1f2328\">{}</text>",
                px(cx - 4.0),
                px(top - 6.0),
                escape(column)
            );
        } else {
            label(&mut out, cx, top - 8.0, "middle", 12.0, column);
        }
    }
    let span = chart.high.value - chart.low.value;
    for (r, row) in chart.rows.iter().enumerate() {
        let y = top + CELL_H * r as f64;
        label(
            &mut out,
            left - 8.0,
            y + CELL_H / 2.0 + 4.5,
            "end",
            13.0,
            row,
        );
        for (c, column) in chart.columns.iter().enumerate() {
            let x = left + CELL_W * c as f64;
            let cell = chart
                .cells
                .get(r)
                .and_then(|cells| cells.get(c))
                .and_then(Option::as_ref);
            match cell {
                Some(shown) => {
                    let t = if span > 0.0 {
                        (shown.value - chart.low.value) / span
                    } else {
                        1.0
                    };
                    let ink = if t > 0.55 { "#fff" } else { "#1f2328" };
                    let _ = writeln!(
                        out,
                        "<rect x=\"{}\" y=\"{}\" width=\"{CELL_W}\" height=\"{CELL_H}\" fill=\"{}\" stroke=\"#fff\" \
                         data-row=\"{r_}\" data-column=\"{c_}\" data-value=\"{v}\"><title>{r_} · {c_}: {v}</title></rect>",
                        px(x),
                        px(y),
                        scale_colour(t),
                        r_ = escape(row),
                        c_ = escape(column),
                        v = escape(&shown.text),
                    );
                    let _ = writeln!(
                        out,
                        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"12\" fill=\"{ink}\">{}</text>",
                        px(x + CELL_W / 2.0),
                        px(y + CELL_H / 2.0 + 4.0),
                        escape(&shown.text)
                    );
                }
                None => {
                    let _ = writeln!(
                        out,
                        "<rect x=\"{}\" y=\"{}\" width=\"{CELL_W}\" height=\"{CELL_H}\" fill=\"#eeeeee\" stroke=\"#fff\" \
                         data-row=\"{r_}\" data-column=\"{c_}\" data-absent=\"true\"><title>{r_} · {c_}: —</title></rect>",
                        px(x),
                        px(y),
                        r_ = escape(row),
                        c_ = escape(column),
                    );
                }
            }
        }
    }
    // The scale: a gradient from the low to the high value, then no value.
    let legend_y = grid_bottom + 22.0;
    let legend_x = left;
    let _ = writeln!(
        out,
        "<defs><linearGradient id=\"heat-scale\" x1=\"0\" x2=\"1\" y1=\"0\" y2=\"0\">\
         <stop offset=\"0\" stop-color=\"{}\"/><stop offset=\"1\" stop-color=\"{}\"/></linearGradient></defs>\
         <g class=\"legend\" data-low=\"{}\" data-high=\"{}\">\
         <rect x=\"{}\" y=\"{}\" width=\"160\" height=\"12\" fill=\"url(#heat-scale)\" stroke=\"#d0d7de\"/>",
        scale_colour(0.0),
        scale_colour(1.0),
        escape(&chart.low.text),
        escape(&chart.high.text),
        px(legend_x),
        px(legend_y),
    );
    label(
        &mut out,
        legend_x,
        legend_y + 28.0,
        "start",
        11.0,
        &chart.low.text,
    );
    label(
        &mut out,
        legend_x + 160.0,
        legend_y + 28.0,
        "end",
        11.0,
        &chart.high.text,
    );
    let _ = writeln!(
        out,
        "<rect x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"#eeeeee\" stroke=\"#d0d7de\"/>",
        px(legend_x + 190.0),
        px(legend_y)
    );
    label(
        &mut out,
        legend_x + 208.0,
        legend_y + 10.0,
        "start",
        11.0,
        "无数据 no value",
    );
    out.push_str("</g>\n");
    svg_close(&mut out);
    out
}

/// How a radar series is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RadarStyle {
    /// A filled outline through the values (broken where one is absent).
    Area,
    /// A mark on each axis that has a value, unconnected: floors that only
    /// some axes have.
    Marks,
}

/// One series of a radar chart: a value (or none) per axis.
#[derive(Debug, Clone, PartialEq)]
pub struct RadarSeries {
    pub name: String,
    pub values: Vec<Option<Shown>>,
    pub style: RadarStyle,
}

/// Axes around a circle (competencies) and series of values on them.
#[derive(Debug, Clone, PartialEq)]
pub struct Radar {
    pub title: String,
    pub axes: Vec<String>,
    /// The rim's value: 100 for scores; raised by rings of a fifth of it
    /// for a value above it (a KPI over target).
    pub max: f64,
    pub series: Vec<RadarSeries>,
}

/// A radar chart: rings with their values, an axis per entry labelled at
/// the rim, each series in its colour, and a legend. Each value is a mark
/// (`<circle>` or `<path>`) with `data-series data-axis data-value` and a
/// `<title>`.
pub fn radar(chart: &Radar) -> String {
    const RADIUS: f64 = 190.0;
    let highest = chart
        .series
        .iter()
        .flat_map(|s| s.values.iter().flatten())
        .map(|v| v.value)
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    let base = if chart.max > 0.0 && chart.max.is_finite() {
        chart.max
    } else {
        100.0
    };
    // Rings every fifth of the base (20 on 0–100); a value beyond the base
    // adds rings, so the ring values stay round.
    let ring = nice(base / 5.0);
    let max = if highest > base {
        (highest / ring).ceil() * ring
    } else {
        base
    };
    let rings = ((max / ring).round() as usize).clamp(1, 50);
    // Long axis names (English and Chinese) go on several short lines.
    let wrapped: Vec<Vec<String>> = chart.axes.iter().map(|a| wrap(a, 150.0, 13.0)).collect();
    let side = wrapped
        .iter()
        .flatten()
        .map(|line| text_width(line, 13.0))
        .fold(40.0, f64::max)
        .min(200.0)
        + 24.0;
    let most_lines = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1) as f64;
    let width = 2.0 * (RADIUS + side);
    let keys: Vec<Key> = chart
        .series
        .iter()
        .enumerate()
        .map(|(index, series)| Key {
            name: &series.name,
            colour: series_colour(index),
            line: series.style == RadarStyle::Marks,
        })
        .collect();
    let mut legend_svg = String::new();
    let legend_height = legend(&mut legend_svg, &keys, width, 44.0);
    let cy = 44.0 + legend_height + 16.0 + 16.0 * most_lines + RADIUS;
    let cx = width / 2.0;
    let height = cy + RADIUS + 24.0 + 16.0 * most_lines;
    let mut out = String::new();
    svg_open(&mut out, width, height, &chart.title, "radar");
    out.push_str(&legend_svg);
    let count = chart.axes.len().max(1);
    let angle = |axis: usize| {
        -std::f64::consts::FRAC_PI_2 + axis as f64 * std::f64::consts::TAU / count as f64
    };
    let point = |axis: usize, value: f64| {
        let r = (value.clamp(0.0, max) / max) * RADIUS;
        (cx + r * angle(axis).cos(), cy + r * angle(axis).sin())
    };
    // Rings labelled up the first axis.
    for step in 1..=rings {
        let value = ring * step as f64;
        let points: Vec<String> = (0..count)
            .map(|axis| {
                let (x, y) = point(axis, value);
                format!("{},{}", px(x), px(y))
            })
            .collect();
        let _ = writeln!(
            out,
            "<polygon points=\"{}\" fill=\"none\" stroke=\"#d0d7de\"/>",
            points.join(" ")
        );
        let (x, y) = point(0, value);
        label(
            &mut out,
            x + 4.0,
            y + 12.0,
            "start",
            10.0,
            &trim_number(value),
        );
    }
    for (axis, name) in chart.axes.iter().enumerate() {
        let (x, y) = point(axis, max);
        let _ = writeln!(
            out,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#d0d7de\"/>",
            px(cx),
            px(cy),
            px(x),
            px(y)
        );
        let (cos, sin) = (angle(axis).cos(), angle(axis).sin());
        let anchor = if cos > 0.2 {
            "start"
        } else if cos < -0.2 {
            "end"
        } else {
            "middle"
        };
        let lines = wrapped.get(axis).map_or(&[][..], Vec::as_slice);
        // Above the centre the block of lines grows upwards, below downwards.
        let block = 16.0 * (lines.len().max(1) - 1) as f64;
        let lift = if sin < -0.2 {
            block
        } else if sin > 0.2 {
            0.0
        } else {
            block / 2.0
        };
        let (lx, ly) = (
            cx + (RADIUS + 12.0) * cos,
            cy + (RADIUS + 12.0) * sin + 4.5 + sin * 8.0 - lift,
        );
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\" font-size=\"13\" fill=\"#1f2328\" data-axis=\"{}\">",
            px(lx),
            px(ly),
            escape(name)
        );
        for (index, line) in lines.iter().enumerate() {
            let _ = write!(
                out,
                "<tspan x=\"{}\" dy=\"{}\">{}</tspan>",
                px(lx),
                if index == 0 { 0.0 } else { 16.0 },
                escape(line)
            );
        }
        out.push_str("</text>\n");
    }
    for (index, series) in chart.series.iter().enumerate() {
        let colour = series_colour(index);
        let present: Vec<(usize, &Shown)> = series
            .values
            .iter()
            .enumerate()
            .take(count)
            .filter_map(|(axis, value)| value.as_ref().map(|v| (axis, v)))
            .collect();
        if series.style == RadarStyle::Area && !present.is_empty() {
            // A path broken where a value is absent, closed when none is.
            let mut path = String::new();
            let mut pen_down = false;
            for axis in 0..count {
                match series.values.get(axis).and_then(Option::as_ref) {
                    Some(value) => {
                        let (x, y) = point(axis, value.value);
                        let _ = write!(
                            path,
                            "{}{},{} ",
                            if pen_down { "L" } else { "M" },
                            px(x),
                            px(y)
                        );
                        pen_down = true;
                    }
                    None => pen_down = false,
                }
            }
            let closed = present.len() == count;
            if closed {
                path.push('Z');
            }
            let _ = writeln!(
                out,
                "<path d=\"{}\" fill=\"{colour}\" fill-opacity=\"{}\" stroke=\"{colour}\" stroke-width=\"2\" data-series=\"{}\"/>",
                path.trim_end(),
                if closed { "0.18" } else { "0" },
                escape(&series.name)
            );
        }
        for (axis, value) in present {
            let (x, y) = point(axis, value.value);
            let name = chart.axes.get(axis).map(String::as_str).unwrap_or("");
            let attributes = format!(
                "data-series=\"{}\" data-axis=\"{}\" data-value=\"{}\"><title>{} · {}: {}</title>",
                escape(&series.name),
                escape(name),
                escape(&value.text),
                escape(&series.name),
                escape(name),
                escape(&value.text)
            );
            match series.style {
                RadarStyle::Area => {
                    let _ = writeln!(
                        out,
                        "<circle cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"{colour}\" {attributes}</circle>",
                        px(x),
                        px(y)
                    );
                }
                RadarStyle::Marks => {
                    // A bar across the axis, as a floor is a level to reach.
                    let (dx, dy) = (-angle(axis).sin() * 9.0, angle(axis).cos() * 9.0);
                    let _ = writeln!(
                        out,
                        "<path d=\"M{},{} L{},{}\" stroke=\"{colour}\" stroke-width=\"4\" stroke-linecap=\"round\" {attributes}</path>",
                        px(x - dx),
                        px(y - dy),
                        px(x + dx),
                        px(y + dy)
                    );
                }
            }
        }
    }
    svg_close(&mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every value of `attribute` in `html`, in order.
    fn attributes(html: &str, attribute: &str) -> Vec<String> {
        let needle = format!(" {attribute}=\"");
        html.match_indices(&needle)
            .map(|(at, _)| {
                let rest = &html[at + needle.len()..];
                rest[..rest.find('"').unwrap()].to_string()
            })
            .collect()
    }

    /// The value of `attribute` in each element that has `marker` too.
    fn attribute_of(html: &str, marker: &str, attribute: &str) -> Vec<f64> {
        html.split('<')
            .filter(|element| element.contains(marker))
            .map(|element| {
                let needle = format!(" {attribute}=\"");
                let at = element.find(&needle).unwrap() + needle.len();
                let rest = &element[at..];
                rest[..rest.find('"').unwrap()].parse().unwrap()
            })
            .collect()
    }

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

    fn bars() -> StackedBars {
        StackedBars {
            colours: Vec::new(),
            title: "各团队等级 Tiers by team".into(),
            value_label: "managers".into(),
            categories: vec!["政企一部".into(), "集团客户部".into(), "A&B".into()],
            series: vec!["superior".into(), "intermediate".into(), "primary".into()],
            counts: vec![vec![2, 10, 4], vec![0, 3, 1], vec![1]],
        }
    }

    #[test]
    fn stacked_bars_show_every_count_with_widths_in_proportion() {
        let svg = stacked_bars(&bars());
        assert!(svg.contains("各团队等级 Tiers by team"));
        assert!(svg.contains(">managers<"));
        for name in [
            "政企一部",
            "集团客户部",
            "A&amp;B",
            "superior",
            "intermediate",
            "primary",
        ] {
            assert!(svg.contains(name), "{name}");
        }
        assert!(!svg.contains("A&B"));
        // Zero counts draw nothing; the rest draw a segment each.
        let values: Vec<f64> = attribute_of(&svg, "data-series=", "data-value");
        assert_eq!(values, [2.0, 10.0, 4.0, 3.0, 1.0, 1.0]);
        let widths = attribute_of(&svg, "data-series=", "width");
        for (value, width) in values.iter().zip(&widths) {
            assert!(
                (width / value - widths[1] / values[1]).abs() < 0.01,
                "{width} for {value}"
            );
        }
        assert_eq!(attributes(&svg, "data-total"), ["16", "4", "1"]);
        assert_eq!(
            attributes(&svg, "data-legend"),
            ["superior", "intermediate", "primary"]
        );
    }

    #[test]
    fn stacked_bars_of_nothing_draw_an_empty_chart() {
        let svg = stacked_bars(&StackedBars {
            colours: Vec::new(),
            title: "none".into(),
            value_label: "managers".into(),
            categories: Vec::new(),
            series: Vec::new(),
            counts: Vec::new(),
        });
        assert!(svg.contains("</svg>"));
    }

    fn histogram_of(values: Vec<f64>) -> Histogram {
        Histogram {
            title: "Composite".into(),
            x_label: "composite".into(),
            y_label: "managers".into(),
            values,
            bin_width: 5.0,
            cuts: vec![
                Cut {
                    label: "superior".into(),
                    at: Shown::score(85.0, 2),
                },
                Cut {
                    label: "primary".into(),
                    at: Shown::score(60.0, 2),
                },
            ],
        }
    }

    #[test]
    fn a_histogram_counts_every_value_once_and_draws_its_cuts() {
        let values = vec![58.0, 60.0, 61.5, 64.99, 65.0, 85.0, 90.0, 90.0];
        let svg = histogram(&histogram_of(values.clone()));
        let counts = attribute_of(&svg, "data-from=", "data-value");
        assert_eq!(counts.iter().sum::<f64>(), values.len() as f64);
        let from = attributes(&svg, "data-from");
        let to = attributes(&svg, "data-to");
        let count = |edge: &str| counts[from.iter().position(|f| f == edge).unwrap()];
        assert_eq!(count("55"), 1.0);
        assert_eq!(count("60"), 3.0);
        assert_eq!(count("65"), 1.0);
        // 90 is the last edge: counted in the last bin, 85–90.
        assert_eq!(count("85"), 3.0);
        assert_eq!(to.last().map(String::as_str), Some("90"));
        assert_eq!(attributes(&svg, "data-cut"), ["85.00", "60.00"]);
        assert!(svg.contains("superior 85.00"));
        assert!(svg.contains(">composite<") && svg.contains(">managers<"));
        // Taller bars for larger counts.
        let heights = attribute_of(&svg, "data-from=", "height");
        for (count, height) in counts.iter().zip(&heights) {
            assert!((height / count - heights[0] / counts[0]).abs() < 0.01);
        }
    }

    #[test]
    fn a_histogram_of_nothing_or_odd_values_does_not_fail() {
        assert!(
            histogram(&Histogram {
                cuts: Vec::new(),
                ..histogram_of(Vec::new())
            })
            .contains("</svg>")
        );
        let odd = histogram(&Histogram {
            bin_width: 0.0,
            ..histogram_of(vec![f64::NAN, 1e300, -5.0])
        });
        assert!(odd.contains("</svg>"));
    }

    #[test]
    fn a_heat_map_prints_each_value_and_greys_the_absent() {
        let svg = heat_map(&HeatMap {
            title: "Competencies by team".into(),
            row_label: "team".into(),
            column_label: "competency".into(),
            rows: vec!["政企一部".into(), "集团客户部".into()],
            columns: vec!["客户洞察".into(), "顾问式销售 consultative".into()],
            cells: vec![
                vec![Some(Shown::score(80.126, 2)), None],
                vec![Some(Shown::score(60.0, 2)), Some(Shown::score(95.5, 2))],
            ],
            low: Shown::score(60.0, 2),
            high: Shown::score(100.0, 2),
        });
        assert_eq!(attributes(&svg, "data-value"), ["80.13", "60.00", "95.50"]);
        assert_eq!(attributes(&svg, "data-absent"), ["true"]);
        for text in [
            ">80.13<",
            ">95.50<",
            "政企一部",
            "顾问式销售 consultative",
            ">team<",
            ">competency<",
            "data-low=\"60.00\"",
            "data-high=\"100.00\"",
        ] {
            assert!(svg.contains(text), "{text}");
        }
        // The higher value, the darker cell.
        let fills: Vec<String> = svg
            .split('<')
            .filter(|e| e.contains("data-value="))
            .map(|e| attributes(&format!(" {e}"), "fill")[0].clone())
            .collect();
        assert_eq!(fills[1], scale_colour(0.0));
        assert_eq!(fills[2], scale_colour((95.5 - 60.0) / 40.0));
    }

    #[test]
    fn a_radar_marks_every_present_value_on_its_axis() {
        let axes: Vec<String> = ["产品知识", "客户洞察", "解决方案", "销售业绩"]
            .map(String::from)
            .to_vec();
        let svg = radar(&Radar {
            title: "刘洋 competencies".into(),
            axes: axes.clone(),
            max: 100.0,
            series: vec![
                RadarSeries {
                    name: "scores".into(),
                    values: vec![
                        Some(Shown::score(50.0, 2)),
                        Some(Shown::score(76.22, 2)),
                        None,
                        Some(Shown::score(100.0, 2)),
                    ],
                    style: RadarStyle::Area,
                },
                RadarSeries {
                    name: "superior floors".into(),
                    values: vec![
                        None,
                        Some(Shown::plain(80.0)),
                        Some(Shown::plain(80.0)),
                        None,
                    ],
                    style: RadarStyle::Marks,
                },
            ],
        });
        assert_eq!(
            attributes(&svg, "data-value"),
            ["50.00", "76.22", "100.00", "80", "80"]
        );
        assert_eq!(
            attributes(&svg, "data-axis"),
            [
                "产品知识",
                "客户洞察",
                "解决方案",
                "销售业绩",
                "产品知识",
                "客户洞察",
                "销售业绩",
                "客户洞察",
                "解决方案"
            ]
        );
        assert_eq!(
            attributes(&svg, "data-legend"),
            ["scores", "superior floors"]
        );
        // On the first axis (straight up), 50 of 100 is half the radius.
        let cx: Vec<f64> = attribute_of(&svg, "circle ", "cx");
        let cy: Vec<f64> = attribute_of(&svg, "circle ", "cy");
        let centre_x = cx[0];
        let full = cy[2]; // 100 on the fourth axis: straight left, at the rim.
        assert!((centre_x - cx[2] - 190.0).abs() < 0.01, "{cx:?}");
        assert!((cy[0] - (full - 95.0)).abs() < 0.01, "{cy:?}");
    }

    #[test]
    fn a_radar_rim_grows_for_a_value_over_one_hundred() {
        let svg = radar(&Radar {
            title: "t".into(),
            axes: vec!["a".into(), "b".into(), "c".into()],
            max: 100.0,
            series: vec![RadarSeries {
                name: "s".into(),
                values: vec![Some(Shown::score(114.0, 2)), None, None],
                style: RadarStyle::Area,
            }],
        });
        assert!(svg.contains(">120<"));
        let empty = Radar {
            title: "e".into(),
            axes: Vec::new(),
            max: 0.0,
            series: Vec::new(),
        };
        assert!(radar(&empty).contains("</svg>"));
    }

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

    #[test]
    fn nice_steps() {
        assert_eq!(nice(0.3), 0.5);
        assert_eq!(nice(3.0), 5.0);
        assert_eq!(nice(12.0), 20.0);
        assert_eq!(nice(2.2), 2.5);
        assert_eq!(nice(0.0), 1.0);
    }
}
