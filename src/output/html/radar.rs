//! A radar chart: series of values on axes around a circle (a manager's
//! competencies against a tier's floors).

use std::fmt::Write as _;

use super::page::escape;
use super::svg::{
    Key, Shown, label, legend, nice, px, series_colour, svg_close, svg_open, text_width, wrap,
};
use crate::number::trim_number;

/// How a radar series is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RadarStyle {
    /// A filled outline through the values (broken where one is absent).
    Area,
    /// A mark on each axis that has a value, unconnected: floors that only
    /// some axes have.
    Marks,
}

/// One series of a radar chart: a value (or none) per axis.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RadarSeries {
    pub(crate) name: String,
    pub(crate) values: Vec<Option<Shown>>,
    pub(crate) style: RadarStyle,
}

/// Axes around a circle (competencies) and series of values on them.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Radar {
    pub(crate) title: String,
    pub(crate) axes: Vec<String>,
    /// The rim's value: 100 for scores; raised by rings of a fifth of it
    /// for a value above it (a KPI over target).
    pub(crate) max: f64,
    pub(crate) series: Vec<RadarSeries>,
}

/// A radar chart: rings with their values, an axis per entry labelled at
/// the rim, each series in its colour, and a legend. Each value is a mark
/// (`<circle>` or `<path>`) with `data-series data-axis data-value` and a
/// `<title>`.
pub(crate) fn radar(chart: &Radar) -> String {
    let (ring, max) = rim(chart);
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
    let mut legend_svg = String::new();
    let legend_height = legend(&mut legend_svg, &series_keys(chart), width, 44.0);
    let cy = 44.0 + legend_height + 16.0 + 16.0 * most_lines + RADIUS;
    let height = cy + RADIUS + 24.0 + 16.0 * most_lines;
    let dial = Dial {
        cx: width / 2.0,
        cy,
        max,
        axes: chart.axes.len().max(1),
    };
    let mut out = String::new();
    svg_open(&mut out, width, height, &chart.title, "radar");
    out.push_str(&legend_svg);
    draw_rings(&mut out, &dial, ring);
    for (axis, name) in chart.axes.iter().enumerate() {
        let lines = wrapped.get(axis).map_or(&[][..], Vec::as_slice);
        draw_axis(&mut out, &dial, axis, name, lines);
    }
    for (index, series) in chart.series.iter().enumerate() {
        draw_series(&mut out, &dial, &chart.axes, index, series);
    }
    svg_close(&mut out);
    out
}

/// The radius of the rim, in pixels.
const RADIUS: f64 = 190.0;

/// The step between rings and the rim's value: rings every fifth of the
/// base (20 on 0–100); a value beyond the base adds rings, so the ring
/// values stay round.
fn rim(chart: &Radar) -> (f64, f64) {
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
    let ring = nice(base / 5.0);
    let max = if highest > base {
        (highest / ring).ceil() * ring
    } else {
        base
    };
    (ring, max)
}

/// The legend: areas as squares, marks as lines.
fn series_keys(chart: &Radar) -> Vec<Key<'_>> {
    chart
        .series
        .iter()
        .enumerate()
        .map(|(index, series)| Key {
            name: &series.name,
            colour: series_colour(index),
            line: series.style == RadarStyle::Marks,
        })
        .collect()
}

/// Where values land: the centre, the rim's value and how many axes share
/// the circle.
struct Dial {
    cx: f64,
    cy: f64,
    max: f64,
    axes: usize,
}

impl Dial {
    /// The direction of `axis`: the first straight up, then clockwise.
    fn angle(&self, axis: usize) -> f64 {
        -std::f64::consts::FRAC_PI_2 + axis as f64 * std::f64::consts::TAU / self.axes as f64
    }

    /// Where `value` lies on `axis`; beyond the rim it stays at the rim.
    fn point(&self, axis: usize, value: f64) -> (f64, f64) {
        let r = (value.clamp(0.0, self.max) / self.max) * RADIUS;
        (
            self.cx + r * self.angle(axis).cos(),
            self.cy + r * self.angle(axis).sin(),
        )
    }
}

/// The rings, each labelled up the first axis.
fn draw_rings(out: &mut String, dial: &Dial, ring: f64) {
    let rings = ((dial.max / ring).round() as usize).clamp(1, 50);
    for step in 1..=rings {
        let value = ring * step as f64;
        let points: Vec<String> = (0..dial.axes)
            .map(|axis| {
                let (x, y) = dial.point(axis, value);
                format!("{},{}", px(x), px(y))
            })
            .collect();
        let _ = writeln!(
            out,
            "<polygon points=\"{}\" fill=\"none\" stroke=\"#d0d7de\"/>",
            points.join(" ")
        );
        let (x, y) = dial.point(0, value);
        label(out, x + 4.0, y + 12.0, "start", 10.0, &trim_number(value));
    }
}

/// An axis from the centre to the rim and its name beyond the rim, in
/// `lines`.
fn draw_axis(out: &mut String, dial: &Dial, axis: usize, name: &str, lines: &[String]) {
    let (cx, cy) = (dial.cx, dial.cy);
    let (x, y) = dial.point(axis, dial.max);
    let _ = writeln!(
        out,
        "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#d0d7de\"/>",
        px(cx),
        px(cy),
        px(x),
        px(y)
    );
    let (cos, sin) = (dial.angle(axis).cos(), dial.angle(axis).sin());
    let anchor = if cos > 0.2 {
        "start"
    } else if cos < -0.2 {
        "end"
    } else {
        "middle"
    };
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

/// One series in the colour of its place: its area, then a mark per value.
fn draw_series(out: &mut String, dial: &Dial, axes: &[String], index: usize, series: &RadarSeries) {
    let colour = series_colour(index);
    let present: Vec<(usize, &Shown)> = series
        .values
        .iter()
        .enumerate()
        .take(dial.axes)
        .filter_map(|(axis, value)| value.as_ref().map(|v| (axis, v)))
        .collect();
    if series.style == RadarStyle::Area && !present.is_empty() {
        let mut path = area_path(dial, series);
        // Closed when no value is absent.
        let closed = present.len() == dial.axes;
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
        let name = axes.get(axis).map(String::as_str).unwrap_or("");
        draw_mark(out, dial, series, colour, axis, name, value);
    }
}

/// The outline through a series' values, broken where a value is absent.
fn area_path(dial: &Dial, series: &RadarSeries) -> String {
    let mut path = String::new();
    let mut pen_down = false;
    for axis in 0..dial.axes {
        match series.values.get(axis).and_then(Option::as_ref) {
            Some(value) => {
                let (x, y) = dial.point(axis, value.value);
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
    path
}

/// One value of a series on its axis: a dot on an area, a bar across the
/// axis for a mark (a floor is a level to reach).
fn draw_mark(
    out: &mut String,
    dial: &Dial,
    series: &RadarSeries,
    colour: &str,
    axis: usize,
    name: &str,
    value: &Shown,
) {
    let (x, y) = dial.point(axis, value.value);
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
            let (dx, dy) = (-dial.angle(axis).sin() * 9.0, dial.angle(axis).cos() * 9.0);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::html::read_back::{attribute_of, attributes};

    #[test]
    fn a_radar_marks_every_present_value_on_its_axis() {
        // A floor as the standard gives it: no trailing zeros.
        let floor = Shown {
            value: 80.0,
            text: "80".into(),
        };
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
                    values: vec![None, Some(floor.clone()), Some(floor.clone()), None],
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
}
