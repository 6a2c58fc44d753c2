//! What every chart shares: colours, numbers as shown, the `<svg>` frame,
//! labels, legends, and the arithmetic of axes and text widths.

use std::fmt::Write as _;

use super::page::escape;
use crate::number::{format_score, trim_number};

/// Series colours, in order: the hues of the workbook's tier colours (green,
/// blue, amber, orange, purple), dark enough for bars and lines on white,
/// so the same tier has the same hue in every report. Then more, repeating.
const PALETTE: [&str; 8] = [
    "#2e8b57", "#2f6db5", "#c99400", "#d2691e", "#7b61a8", "#0097a7", "#c2185b", "#5d6d7e",
];

/// Absent values and the `none` tier.
pub(crate) const GREY: &str = "#b0b0b0";
/// A fall, a shortfall.
pub(crate) const RED: &str = "#c0392b";

/// The colour of the series at `index` (a tier, top first): the same index,
/// the same colour, in every chart.
pub(crate) fn series_colour(index: usize) -> &'static str {
    PALETTE[index % PALETTE.len()]
}

/// A number as the text outputs show it: `value` places the mark, `text` is
/// printed (with the standard's decimals) and put in `data-value`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Shown {
    pub(crate) value: f64,
    pub(crate) text: String,
}

impl Shown {
    /// A rounded 0–100 score with the standard's `precision` decimals.
    pub(crate) fn score(value: f64, precision: u32) -> Shown {
        Shown {
            value,
            text: format_score(value, precision),
        }
    }
}

/// A rough width of `text` in pixels at `size`: CJK characters are square,
/// Latin ones about 0.6 of the size. Enough to leave room for labels.
pub(super) fn text_width(text: &str, size: f64) -> f64 {
    text.chars()
        .map(|c| if c.is_ascii() { 0.56 } else { 1.0 })
        .sum::<f64>()
        * size
}

/// `text` in lines of at most `max` pixels at `size`, broken at spaces; a
/// word longer than a line keeps a line of its own.
pub(super) fn wrap(text: &str, max: f64, size: f64) -> Vec<String> {
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
pub(super) fn px(value: f64) -> String {
    trim_number((value * 100.0).round() / 100.0)
}

/// The smallest "nice" number (1, 2, 2.5 or 5 × 10ⁿ) of at least `value`,
/// for axis ends and tick steps.
pub(super) fn nice(value: f64) -> f64 {
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

/// The step between ticks and the end of an axis of counts up to `most`:
/// about five whole-number steps.
pub(super) fn count_axis(most: u64) -> (f64, f64) {
    let step = nice(most as f64 / 5.0).max(1.0).ceil();
    (step, (most as f64 / step).ceil() * step)
}

/// An opening `<svg>` sized `width` × `height`, labelled by its title.
pub(super) fn svg_open(out: &mut String, width: f64, height: f64, title: &str, class: &str) {
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

pub(super) fn svg_close(out: &mut String) {
    out.push_str("</svg>\n</figure>\n");
}

/// Draws `text` at (`x`, `y`).
pub(super) fn label(out: &mut String, x: f64, y: f64, anchor: &str, size: f64, text: &str) {
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
pub(super) struct Key<'a> {
    pub(super) name: &'a str,
    pub(super) colour: &'a str,
    /// A line (`true`) or a filled square.
    pub(super) line: bool,
}

/// A legend in one row centred at `y`, wrapping to more rows when wider
/// than `width`; returns the height it took.
pub(super) fn legend(out: &mut String, keys: &[Key], width: f64, y: f64) -> f64 {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_steps() {
        assert_eq!(nice(0.3), 0.5);
        assert_eq!(nice(3.0), 5.0);
        assert_eq!(nice(12.0), 20.0);
        assert_eq!(nice(2.2), 2.5);
        assert_eq!(nice(0.0), 1.0);
    }
}
