//! Horizontal stacked bars: managers per tier, moves per team.

use std::fmt::Write as _;

use super::page::escape;
use super::svg::{
    Key, count_axis, label, legend, px, series_colour, svg_close, svg_open, text_width,
};
use crate::number::trim_number;

/// Categories (teams) × series (tiers) of counts, as horizontal bars
/// stacked in series order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct StackedBars {
    pub(crate) title: String,
    /// What the counts count, under the axis ("managers").
    pub(crate) value_label: String,
    /// One bar each, top to bottom.
    pub(crate) categories: Vec<String>,
    /// The parts of each bar, left to right, coloured by [`series_colour`].
    pub(crate) series: Vec<String>,
    /// A colour for a series instead of its [`series_colour`] (`none` grey,
    /// a fall red); the series after the last given take theirs.
    pub(crate) colours: Vec<&'static str>,
    /// `counts[category][series]`; a missing count is 0.
    pub(crate) counts: Vec<Vec<u64>>,
}

/// Horizontal stacked bars with a legend of the series, the count in each
/// segment wide enough to hold it and each bar's total at its end. Each
/// segment is a `<rect data-category data-series data-value>` with a
/// `<title>`; each total a `<text data-total>`.
pub(crate) fn stacked_bars(chart: &StackedBars) -> String {
    let totals: Vec<u64> = (0..chart.categories.len())
        .map(|c| (0..chart.series.len()).map(|s| chart.count(c, s)).sum())
        .collect();
    let most = totals.iter().copied().max().unwrap_or(0).max(1);
    let (step, axis_max) = count_axis(most);
    let left = chart
        .categories
        .iter()
        .map(|c| text_width(c, 13.0))
        .fold(40.0, f64::max)
        .min(260.0)
        + 16.0;
    let right = 48.0;
    let keys: Vec<Key> = chart
        .series
        .iter()
        .enumerate()
        .map(|(index, name)| Key {
            name,
            colour: chart.colour(index),
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
    let plot = Plot {
        left,
        width: WIDTH - left - right,
        top,
        bottom: top + plot_height,
        axis_max,
    };
    let mut out = String::new();
    svg_open(&mut out, WIDTH, height, &chart.title, "stacked-bars");
    out.push_str(&legend_svg);
    draw_count_axis(&mut out, &plot, step, &chart.value_label);
    for (c, category) in chart.categories.iter().enumerate() {
        draw_bar(&mut out, chart, &plot, c, category, totals[c]);
    }
    svg_close(&mut out);
    out
}

const WIDTH: f64 = 760.0;
/// The height of a bar and the space between two.
const BAR: f64 = 24.0;
const GAP: f64 = 12.0;

impl StackedBars {
    /// The colour of a series: its own if given, else its [`series_colour`].
    fn colour(&self, series: usize) -> &'static str {
        self.colours
            .get(series)
            .copied()
            .unwrap_or_else(|| series_colour(series))
    }

    fn count(&self, category: usize, series: usize) -> u64 {
        self.counts
            .get(category)
            .and_then(|row| row.get(series))
            .copied()
            .unwrap_or(0)
    }
}

/// Where the bars are drawn: counts run from `left` to `left + width`.
struct Plot {
    left: f64,
    width: f64,
    top: f64,
    bottom: f64,
    axis_max: f64,
}

impl Plot {
    fn x(&self, value: f64) -> f64 {
        self.left + value / self.axis_max * self.width
    }
}

/// The axis of counts: a grid line and a number at each `step`, the
/// baseline, and what is counted under it.
fn draw_count_axis(out: &mut String, plot: &Plot, step: f64, value_label: &str) {
    let mut tick = 0.0;
    while tick <= plot.axis_max + 1e-9 {
        let _ = writeln!(
            out,
            "<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#e1e4e8\"/>",
            px(plot.x(tick)),
            px(plot.top),
            px(plot.bottom)
        );
        label(
            out,
            plot.x(tick),
            plot.bottom + 16.0,
            "middle",
            11.0,
            &trim_number(tick),
        );
        tick += step;
    }
    let _ = writeln!(
        out,
        "<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#57606a\"/>",
        px(plot.left),
        px(plot.top),
        px(plot.bottom)
    );
    label(
        out,
        plot.left + plot.width / 2.0,
        plot.bottom + 40.0,
        "middle",
        12.0,
        value_label,
    );
}

/// The bar of category `c`: its name, a segment per series with a count,
/// and its total at the end.
fn draw_bar(
    out: &mut String,
    chart: &StackedBars,
    plot: &Plot,
    c: usize,
    category: &str,
    total: u64,
) {
    let y = plot.top + GAP + c as f64 * (BAR + GAP);
    label(
        out,
        plot.left - 8.0,
        y + BAR / 2.0 + 4.5,
        "end",
        13.0,
        category,
    );
    let mut start = 0.0;
    for (s, series) in chart.series.iter().enumerate() {
        let value = chart.count(c, s);
        if value == 0 {
            continue;
        }
        let (x0, x1) = (plot.x(start), plot.x(start + value as f64));
        let _ = writeln!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{BAR}\" fill=\"{}\" \
             data-category=\"{}\" data-series=\"{}\" data-value=\"{value}\">\
             <title>{} · {}: {value}</title></rect>",
            px(x0),
            px(y),
            px(x1 - x0),
            chart.colour(s),
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
        px(plot.x(start) + 6.0),
        px(y + BAR / 2.0 + 4.0),
        escape(category),
        total,
        total
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::html::read_back::{attribute_of, attributes};

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
}
