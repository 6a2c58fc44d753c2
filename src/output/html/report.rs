//! `ladder report --format html`: the quarter on one self-contained page.

use crate::analysis::report::{GroupSummary, Level, Reliability, Strictness, TeamReport};
use crate::engine::grade::{INCOMPLETE, NO_TIER};
use crate::number::format_score;
use crate::output::html::{
    Cut, Fact, GREY, HeatMap, Histogram, RED, Shown, StackedBars, TableCell, facts, heat_map,
    histogram, note, page as html_page, section, series_colour, stacked_bars, table,
};
use crate::output::render::Cell;
use crate::output::render::narrow_parts;
use crate::standard::Standard;

/// A table of the report as the page shows it: the text formats' rows.
pub(crate) struct ReportTable<'a> {
    pub(crate) title: &'a str,
    /// The JSON key of its rows; cells are named `key.column` (`data-key`).
    pub(crate) key: &'a str,
    pub(crate) columns: Vec<String>,
    pub(crate) rows: Vec<Vec<Cell<'a>>>,
}

/// Columns per part of a table on the page, besides level and name.
const COLUMNS_PER_TABLE: usize = 8;

/// The report as one self-contained page: tiers per team, the composite's
/// distribution against the tiers' cut scores, a team × competency heat map,
/// the moves, the raters' reliability, and every group's row. The tables are
/// the text formats' rows, so every number is shown as they show it.
pub(crate) fn page(
    standard: &Standard,
    report: &TeamReport,
    composites: &[f64],
    tables: &[ReportTable<'_>],
) -> String {
    let bars = bar_groups(report);
    let mut body = String::new();
    if let Some(everyone) = report.groups.iter().find(|group| group.level == Level::All) {
        body.push_str(&facts(&headline(standard, report, everyone)));
    }
    body.push_str(&tiers_section(standard, &bars));
    body.push_str(&composite_section(standard, composites));
    let teams: Vec<&GroupSummary> = report
        .groups
        .iter()
        .filter(|group| group.level == Level::Team)
        .collect();
    let heat_rows = if teams.is_empty() { &bars } else { &teams };
    body.push_str(&competency_section(standard, heat_rows));
    if bars.iter().any(|group| group.moves.is_some()) {
        body.push_str(&movement_section(report, &bars));
    }
    body.push_str(&section("Tables", &tables_html(standard.precision, tables)));
    html_page(
        &format!("{} {} — quarter report", standard.name, standard.version),
        &body,
    )
}

/// The groups the bar charts compare: teams when the roster has them, else
/// branches, else everyone.
fn bar_groups(report: &TeamReport) -> Vec<&GroupSummary> {
    [Level::Team, Level::Branch, Level::All]
        .iter()
        .map(|&level| {
            report
                .groups
                .iter()
                .filter(|group| group.level == level)
                .collect::<Vec<_>>()
        })
        .find(|groups| !groups.is_empty())
        .unwrap_or_default()
}

/// A group as the charts name it.
fn label(group: &GroupSummary) -> String {
    match (group.level, group.name.as_str()) {
        (Level::All, _) => "everyone".to_string(),
        (_, "") => format!("(no {})", group.level.id()),
        (_, name) => name.to_string(),
    }
}

fn fact(key: &str, label: impl Into<String>, text: String) -> Fact {
    Fact {
        key: key.into(),
        label: label.into(),
        text,
    }
}

/// The page's headline: everyone's count per tier, the composite's mean and
/// median, the incomplete share and, with a previous quarter, the moves.
fn headline(standard: &Standard, report: &TeamReport, everyone: &GroupSummary) -> Vec<Fact> {
    let precision = standard.precision;
    let score = |value: Option<f64>| value.map_or(String::new(), |v| format_score(v, precision));
    let mut shown = vec![fact("managers", "managers", everyone.managers.to_string())];
    shown.extend(
        standard
            .tiers
            .iter()
            .enumerate()
            .map(|(index, tier)| fact(&tier.id, &tier.name, everyone.tiers[index].to_string())),
    );
    shown.extend([
        fact(
            "composite_mean",
            "composite mean",
            score(everyone.composite.map(|s| s.mean)),
        ),
        fact(
            "composite_median",
            "composite median",
            score(everyone.composite.map(|s| s.median)),
        ),
        fact(
            "incomplete_percent",
            "incomplete %",
            Cell::Fixed(everyone.incomplete_share * 100.0, 1).shown(precision),
        ),
    ]);
    if let Some(moves) = everyone.moves {
        shown.push(fact("up", "moved up", moves.up.to_string()));
        shown.push(fact("down", "moved down", moves.down.to_string()));
        shown.push(fact("new", "new this quarter", moves.new.to_string()));
        if let Some(left) = report.left {
            shown.push(fact("left", "left", left.to_string()));
        }
    }
    shown
}

fn tiers_section(standard: &Standard, bars: &[&GroupSummary]) -> String {
    let mut series: Vec<String> = standard.tiers.iter().map(|tier| tier.id.clone()).collect();
    series.extend([NO_TIER.to_string(), INCOMPLETE.to_string()]);
    section(
        "Managers per tier",
        &stacked_bars(&StackedBars {
            title: "Managers per tier".into(),
            value_label: "managers".into(),
            categories: bars.iter().map(|group| label(group)).collect(),
            // Each tier its usual colour; `none` grey; incomplete a hue no tier has.
            colours: (0..standard.tiers.len())
                .map(series_colour)
                .chain([GREY, series_colour(standard.tiers.len().max(4))])
                .collect(),
            series,
            counts: bars.iter().map(|group| group.tiers.clone()).collect(),
        }),
    )
}

fn composite_section(standard: &Standard, composites: &[f64]) -> String {
    let cuts = standard
        .tiers
        .iter()
        .map(|tier| Cut {
            label: tier.id.clone(),
            at: Shown::score(tier.min_composite, standard.precision),
        })
        .collect();
    section(
        "Composite distribution",
        &histogram(&Histogram {
            title: "Composite of the graded managers, with each tier's cut score".into(),
            x_label: "composite".into(),
            y_label: "managers".into(),
            values: composites.to_vec(),
            bin_width: 5.0,
            cuts,
        }),
    )
}

/// The heat map of each row group's competency means; nothing when no
/// group has a mean.
fn competency_section(standard: &Standard, rows: &[&GroupSummary]) -> String {
    let precision = standard.precision;
    let values = rows
        .iter()
        .flat_map(|group| group.competency_means.iter().flatten());
    let (low, high) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
        (lo.min(v), hi.max(v))
    });
    if low > high {
        return String::new();
    }
    let cells = rows
        .iter()
        .map(|group| {
            group
                .competency_means
                .iter()
                .map(|mean| mean.map(|mean| Shown::score(mean, precision)))
                .collect()
        })
        .collect();
    section(
        "Competencies per team",
        &heat_map(&HeatMap {
            title: "Mean competency score per team".into(),
            row_label: "team".into(),
            column_label: "competency".into(),
            rows: rows.iter().map(|group| label(group)).collect(),
            // Ids, as the tables' columns name them: names are long.
            columns: standard
                .competencies
                .iter()
                .map(|competency| competency.id.clone())
                .collect(),
            cells,
            low: Shown::score(low, precision),
            high: Shown::score(high, precision),
        }),
    )
}

fn movement_section(report: &TeamReport, bars: &[&GroupSummary]) -> String {
    let left = report.left.map_or(String::new(), |left| {
        format!("{left} managers of the previous quarter are not in this roster.")
    });
    let moves = |group: &GroupSummary| {
        let moves = group.moves.unwrap_or_default();
        vec![moves.up, moves.down, moves.same, moves.new]
    };
    section(
        "Movement since the previous quarter",
        &(stacked_bars(&StackedBars {
            title: "Tier moves per team".into(),
            value_label: "managers".into(),
            categories: bars.iter().map(|group| label(group)).collect(),
            series: ["up", "down", "same", "new"].map(String::from).to_vec(),
            colours: vec![series_colour(0), RED, GREY, series_colour(1)],
            counts: bars.iter().map(|group| moves(group)).collect(),
        }) + &note(&left)),
    )
}

/// Every table, each cut into parts narrow enough for the page.
fn tables_html(precision: u32, tables: &[ReportTable<'_>]) -> String {
    let mut html = String::new();
    for ReportTable {
        title,
        key,
        columns,
        rows,
    } in tables
    {
        let parts = narrow_parts(columns.len(), COLUMNS_PER_TABLE);
        for (part, shown_columns) in parts.iter().enumerate() {
            let caption = if part == 0 {
                title.to_string()
            } else {
                format!("{title} (continued)")
            };
            let headers: Vec<&str> = shown_columns.iter().map(|&c| columns[c].as_str()).collect();
            let cells: Vec<Vec<TableCell>> = rows
                .iter()
                .map(|row| {
                    shown_columns
                        .iter()
                        .map(|&c| {
                            table_cell(&row[c], precision).key(format!("{key}.{}", columns[c]))
                        })
                        .collect()
                })
                .collect();
            html.push_str(&table(&caption, &headers, &cells));
        }
    }
    html
}

/// A cell of a table, a verdict coloured: a flag red, reliable green.
fn table_cell(cell: &Cell, precision: u32) -> TableCell {
    let text = cell.shown(precision);
    let shown = match cell {
        Cell::Text(_) | Cell::Empty => TableCell::text(text),
        _ => TableCell::number(text),
    };
    let flags = [
        Reliability::Unreliable.id(),
        Strictness::Lenient.id(),
        Strictness::Severe.id(),
    ];
    match *cell {
        // The cells come as text: any column holding a verdict's word takes
        // its colour, as the page always did.
        Cell::Text(text) if flags.contains(&text) => shown.class("short"),
        Cell::Text(text) if text == Reliability::Reliable.id() => shown.class("met"),
        _ => shown,
    }
}
