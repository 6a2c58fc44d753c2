//! Self-contained HTML reports: a page shell with inline CSS (`page.rs`),
//! tables (`table.rs`) and inline SVG charts — stacked bars (`bars.rs`), a
//! histogram (`histogram.rs`), a heat map (`heat_map.rs`) and a radar
//! (`radar.rs`) — drawn from plain data, with the pieces they share in
//! `svg.rs`; and the pages `explain` and `report` write (`explain.rs`,
//! `report.rs`). Nothing is
//! fetched when the page is opened — no script, no web font, no stylesheet
//! from elsewhere — so a report can be mailed or printed as it is.
//!
//! Numbers arrive already formatted (`Shown`) as the text outputs print
//! them, so a chart never shows a decimal the table does not. Every mark
//! carries its number in a `data-value` attribute and a `<title>` (the
//! browser's tooltip), so tests and scripts can read the chart back.

mod bars;
pub(crate) mod explain;
mod heat_map;
mod histogram;
mod page;
mod radar;
pub(crate) mod report;
mod svg;
mod table;

pub(crate) use bars::{StackedBars, stacked_bars};
pub(crate) use heat_map::{HeatMap, heat_map};
pub(crate) use histogram::{Cut, Histogram, histogram};
pub(crate) use page::{Fact, facts, note, page, section};
pub(crate) use radar::{Radar, RadarSeries, RadarStyle, radar};
pub(crate) use svg::{GREY, RED, Shown, series_colour};
pub(crate) use table::{TableCell, table};

/// Reading a drawn chart back, as a script would: the tests of every chart.
#[cfg(test)]
mod read_back {
    /// Every value of `attribute` in `html`, in order.
    pub(super) fn attributes(html: &str, attribute: &str) -> Vec<String> {
        let needle = format!(" {attribute}=\"");
        html.match_indices(&needle)
            .map(|(at, _)| {
                let rest = &html[at + needle.len()..];
                rest[..rest.find('"').unwrap()].to_string()
            })
            .collect()
    }

    /// The value of `attribute` in each element that has `marker` too.
    pub(super) fn attribute_of(html: &str, marker: &str, attribute: &str) -> Vec<f64> {
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
}
