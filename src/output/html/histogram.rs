//! A histogram of values in bins, with labelled cut lines (the tiers' cut
//! scores).

use std::fmt::Write as _;

use super::page::escape;
use super::svg::{Shown, count_axis, label, px, series_colour, svg_close, svg_open, text_width};
use crate::number::trim_number;

/// A labelled vertical line across a histogram (a tier's cut score).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Cut {
    pub(crate) label: String,
    pub(crate) at: Shown,
}

/// How many values fall in each bin of a range, with cut lines.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Histogram {
    pub(crate) title: String,
    /// Under the horizontal axis ("composite").
    pub(crate) x_label: String,
    /// Beside the vertical axis ("managers").
    pub(crate) y_label: String,
    pub(crate) values: Vec<f64>,
    /// The width of a bin; bins start at a multiple of it.
    pub(crate) bin_width: f64,
    pub(crate) cuts: Vec<Cut>,
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
pub(crate) fn histogram(chart: &Histogram) -> String {
    let top = 44.0 + 18.0 * chart.cuts.len().min(3) as f64;
    let bins = bins(chart);
    let mut out = String::new();
    svg_open(&mut out, WIDTH, HEIGHT, &chart.title, "histogram");
    let (Some(&(low, _, _)), Some(&(_, high, _))) = (bins.first(), bins.last()) else {
        label(&mut out, WIDTH / 2.0, HEIGHT / 2.0, "middle", 13.0, "—");
        svg_close(&mut out);
        return out;
    };
    let most = bins.iter().map(|b| b.2).max().unwrap_or(0).max(1);
    let (step, axis_max) = count_axis(most);
    let plot = Plot {
        top,
        width: WIDTH - LEFT - RIGHT,
        height: HEIGHT - top - BOTTOM,
        low,
        high,
        axis_max,
    };
    draw_count_axis(&mut out, &plot, step, &chart.y_label);
    draw_bins(&mut out, &plot, &bins);
    let _ = writeln!(
        out,
        "<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"#57606a\"/>",
        px(LEFT),
        px(top + plot.height),
        px(LEFT + plot.width)
    );
    label(
        &mut out,
        LEFT + plot.width / 2.0,
        HEIGHT - 16.0,
        "middle",
        12.0,
        &chart.x_label,
    );
    for (index, cut) in chart.cuts.iter().enumerate() {
        draw_cut(&mut out, &plot, index, cut);
    }
    svg_close(&mut out);
    out
}

const WIDTH: f64 = 760.0;
const HEIGHT: f64 = 380.0;
/// The margins beside and under the plot; the top one grows with the cuts'
/// labels.
const LEFT: f64 = 60.0;
const RIGHT: f64 = 24.0;
const BOTTOM: f64 = 56.0;

/// Where the bins are drawn: values from `low` to `high` across, counts up
/// to `axis_max` upwards.
struct Plot {
    top: f64,
    width: f64,
    height: f64,
    low: f64,
    high: f64,
    axis_max: f64,
}

impl Plot {
    fn x(&self, value: f64) -> f64 {
        LEFT + (value - self.low) / (self.high - self.low) * self.width
    }

    fn y(&self, count: f64) -> f64 {
        self.top + self.height - count / self.axis_max * self.height
    }
}

/// The axis of counts: a grid line and a number at each `step`, and what
/// is counted beside it.
fn draw_count_axis(out: &mut String, plot: &Plot, step: f64, y_label: &str) {
    let mut tick = 0.0;
    while tick <= plot.axis_max + 1e-9 {
        let _ = writeln!(
            out,
            "<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"#e1e4e8\"/>",
            px(LEFT),
            px(plot.y(tick)),
            px(LEFT + plot.width)
        );
        label(
            out,
            LEFT - 6.0,
            plot.y(tick) + 4.0,
            "end",
            11.0,
            &trim_number(tick),
        );
        tick += step;
    }
    let _ = writeln!(
        out,
        "<text transform=\"translate(16 {}) rotate(-90)\" text-anchor=\"middle\" font-size=\"12\" fill=\"#1f2328\">{}</text>",
        px(plot.top + plot.height / 2.0),
        escape(y_label)
    );
}

/// A bar per bin that has values, its count above it, and the bins' edges
/// under the axis.
fn draw_bins(out: &mut String, plot: &Plot, bins: &[(f64, f64, u64)]) {
    // Label every bin edge unless they would crowd; then every other.
    let every = if bins.len() > 14 { 2 } else { 1 };
    let edge_y = plot.top + plot.height + 16.0;
    for (index, &(from, to, count)) in bins.iter().enumerate() {
        let (x0, x1) = (plot.x(from), plot.x(to));
        if count > 0 {
            let _ = writeln!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"#fff\" \
                 data-from=\"{f}\" data-to=\"{t}\" data-value=\"{count}\">\
                 <title>{f}–{t}: {count}</title></rect>",
                px(x0),
                px(plot.y(count as f64)),
                px(x1 - x0),
                px(plot.y(0.0) - plot.y(count as f64)),
                series_colour(1),
                f = trim_number(from),
                t = trim_number(to),
            );
            label(
                out,
                (x0 + x1) / 2.0,
                plot.y(count as f64) - 4.0,
                "middle",
                11.0,
                &count.to_string(),
            );
        }
        if index % every == 0 {
            label(out, x0, edge_y, "middle", 11.0, &trim_number(from));
        }
        if index + 1 == bins.len() {
            label(out, x1, edge_y, "middle", 11.0, &trim_number(to));
        }
    }
}

/// The dashed line of a cut, in the colour of its place, labelled with its
/// name and value.
fn draw_cut(out: &mut String, plot: &Plot, index: usize, cut: &Cut) {
    let cx = plot.x(cut.at.value);
    let colour = series_colour(index);
    // Labels step down so that close cuts do not print over each other.
    let label_y = 44.0 + 14.0 + 18.0 * (index % 3) as f64;
    let _ = writeln!(
        out,
        "<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"{colour}\" stroke-width=\"2\" \
         stroke-dasharray=\"6 4\" data-cut=\"{3}\" data-label=\"{4}\"><title>{4}: {3}</title></line>",
        px(cx),
        px(label_y + 4.0),
        px(plot.top + plot.height),
        escape(&cut.at.text),
        escape(&cut.label),
    );
    let text = format!("{} {}", cut.label, cut.at.text);
    let anchor = if cx + text_width(&text, 12.0) > WIDTH - RIGHT {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::html::read_back::{attribute_of, attributes};

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
}
