//! A heat map: rows × columns of values on a colour scale.

use std::fmt::Write as _;

use super::page::escape;
use super::svg::{Shown, label, px, svg_close, svg_open, text_width};

/// Rows × columns of optional values, coloured on a scale.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct HeatMap {
    pub(crate) title: String,
    /// What the rows are (teams), shown above their labels.
    pub(crate) row_label: String,
    /// What the columns are (competencies), shown above them.
    pub(crate) column_label: String,
    pub(crate) rows: Vec<String>,
    pub(crate) columns: Vec<String>,
    /// `cells[row][column]`; `None` is drawn grey and blank.
    pub(crate) cells: Vec<Vec<Option<Shown>>>,
    /// The values at the light and the dark end of the scale.
    pub(crate) low: Shown,
    pub(crate) high: Shown,
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
pub(crate) fn heat_map(chart: &HeatMap) -> String {
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
    draw_headers(&mut out, chart, left, top, slanted);
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
            draw_cell(&mut out, chart, (x, y), (row, column), cell);
        }
    }
    draw_scale(&mut out, chart, left, grid_bottom + 22.0);
    svg_close(&mut out);
    out
}

/// The size of a cell.
const CELL_W: f64 = 86.0;
const CELL_H: f64 = 30.0;

/// What the columns and the rows are, and each column's name above it.
fn draw_headers(out: &mut String, chart: &HeatMap, left: f64, top: f64, slanted: bool) {
    label(
        out,
        left + CELL_W * chart.columns.len() as f64 / 2.0,
        56.0,
        "middle",
        12.0,
        &chart.column_label,
    );
    label(out, left - 8.0, top - 8.0, "end", 12.0, &chart.row_label);
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
            label(out, cx, top - 8.0, "middle", 12.0, column);
        }
    }
}

/// The cell at (`x`, `y`) of (`row`, `column`): coloured on the scale with
/// its value printed, or grey when it has none.
fn draw_cell(
    out: &mut String,
    chart: &HeatMap,
    (x, y): (f64, f64),
    (row, column): (&str, &str),
    cell: Option<&Shown>,
) {
    let Some(shown) = cell else {
        let _ = writeln!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{CELL_W}\" height=\"{CELL_H}\" fill=\"#eeeeee\" stroke=\"#fff\" \
             data-row=\"{r_}\" data-column=\"{c_}\" data-absent=\"true\"><title>{r_} · {c_}: —</title></rect>",
            px(x),
            px(y),
            r_ = escape(row),
            c_ = escape(column),
        );
        return;
    };
    let span = chart.high.value - chart.low.value;
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

/// The scale under the grid at (`x`, `y`): a gradient from the low to the
/// high value, then the grey of no value.
fn draw_scale(out: &mut String, chart: &HeatMap, x: f64, y: f64) {
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
        px(x),
        px(y),
    );
    label(out, x, y + 28.0, "start", 11.0, &chart.low.text);
    label(out, x + 160.0, y + 28.0, "end", 11.0, &chart.high.text);
    let _ = writeln!(
        out,
        "<rect x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"#eeeeee\" stroke=\"#d0d7de\"/>",
        px(x + 190.0),
        px(y)
    );
    label(out, x + 208.0, y + 10.0, "start", 11.0, "无数据 no value");
    out.push_str("</g>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::html::read_back::attributes;

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
}
