//! `ladder report` (issue 8): the quarter summed up for the branch head and
//! the team leaders — per group of managers (everyone, each branch, each
//! team) the tiers, the composite's spread, the methods' and competencies'
//! means and the moves since the previous quarter; and whether the raters
//! can be trusted: per indicator, how far the multi-rater assessment agrees
//! (Krippendorff's alpha), and per interviewer, how lenient they are.
//!
//! Every statistic is computed from the judged (rounded) scores the ranking
//! shows, and rounded as scores are.

use std::collections::BTreeMap;

use crate::analysis::movement::{Move, Movement};
use crate::engine::grade::{Grade, Grades, Placement, Status};
use crate::engine::grade::{INCOMPLETE, NO_TIER};
use crate::engine::reliability::{ALPHA_RELIABLE, ALPHA_TENTATIVE, IntervalAlpha};
use crate::evidence::Evidence;
use crate::number::{format_score, round_score};
use crate::output::render::Cell;
use crate::standard::{Method, Standard};

/// Leniency beyond this many scale points, either way, is flagged.
pub const LENIENCY_FLAG: f64 = 0.5;

/// Which managers a group holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Every manager of the roster.
    All,
    Branch,
    Team,
}

impl Level {
    pub fn id(self) -> &'static str {
        match self {
            Level::All => "all",
            Level::Branch => "branch",
            Level::Team => "team",
        }
    }
}

/// Mean, median, standard deviation, lowest and highest of some scores.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    pub mean: f64,
    pub median: f64,
    /// The population standard deviation: a team is all of itself, not a sample.
    pub deviation: f64,
    pub lowest: f64,
    pub highest: f64,
}

impl Spread {
    /// The spread of `values`, each statistic rounded to `precision`.
    pub fn of(values: &mut [f64], precision: u32) -> Option<Spread> {
        if values.is_empty() {
            return None;
        }
        values.sort_unstable_by(f64::total_cmp);
        let count = values.len() as f64;
        let mean = values.iter().sum::<f64>() / count;
        let middle = values.len() / 2;
        let median = if values.len().is_multiple_of(2) {
            (values[middle - 1] + values[middle]) / 2.0
        } else {
            values[middle]
        };
        let variance = values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / count;
        let round = |value: f64| round_score(value, precision);
        Some(Spread {
            mean: round(mean),
            median: round(median),
            deviation: round(variance.sqrt()),
            lowest: round(values[0]),
            highest: round(values[values.len() - 1]),
        })
    }
}

/// How many managers moved which way since the previous quarter.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MoveCounts {
    pub up: u64,
    pub down: u64,
    pub same: u64,
    pub new: u64,
}

/// One group of managers summed up.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupSummary {
    pub level: Level,
    /// The branch or team; empty for everyone, and for managers the roster
    /// gives no branch or team.
    pub name: String,
    pub managers: u64,
    /// Managers per tier, in the standard's order; then `none`, then incomplete.
    pub tiers: Vec<u64>,
    /// The composites of the graded managers.
    pub composite: Option<Spread>,
    /// The mean method score (0–100) by `Method::index`, over the managers
    /// who have one.
    pub method_means: [Option<f64>; 4],
    /// The mean score of each competency, over the managers who have one.
    pub competency_means: Vec<Option<f64>>,
    /// The competencies with the highest and lowest mean (the first in the
    /// standard's order on a tie).
    pub strongest: Option<usize>,
    pub weakest: Option<usize>,
    /// Incomplete managers as a share of the group, 0–1.
    pub incomplete_share: f64,
    pub moves: Option<MoveCounts>,
}

/// Krippendorff's interval alpha of the multi-rater scores of one indicator.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IndicatorAgreement {
    pub indicator: usize,
    /// Managers rated by at least two people (other than themselves).
    pub managers: u64,
    /// The scores of those managers.
    pub ratings: u64,
    /// Rounded to 3 decimals, as Krippendorff reports it; `None` when no
    /// two pairable scores differ.
    pub alpha: Option<f64>,
}

impl IndicatorAgreement {
    /// Krippendorff's reading of alpha: reliable, tentative or unreliable.
    pub fn verdict(&self) -> &'static str {
        match self.alpha {
            None => "",
            Some(alpha) if alpha >= ALPHA_RELIABLE => "reliable",
            Some(alpha) if alpha >= ALPHA_TENTATIVE => "tentative",
            Some(_) => "unreliable",
        }
    }
}

/// How one interviewer scores against the rest of their panels.
#[derive(Debug, Clone, PartialEq)]
pub struct InterviewerLeniency {
    pub interviewer: String,
    /// Scores given on panels of two or more: the ones there is a panel to
    /// compare with.
    pub scores: u64,
    /// The mean of (their score − the panel's mean on the same manager and
    /// indicator), in scale points, rounded to 2 decimals.
    pub leniency: f64,
}

impl InterviewerLeniency {
    pub fn verdict(&self) -> &'static str {
        if self.leniency > LENIENCY_FLAG {
            "lenient"
        } else if self.leniency < -LENIENCY_FLAG {
            "severe"
        } else {
            ""
        }
    }
}

/// The whole report.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamReport {
    /// Everyone first, then the branches, then the teams, each by name.
    pub groups: Vec<GroupSummary>,
    /// The indicators the multi-rater assessment measures, in the standard's order.
    pub agreement: Vec<IndicatorAgreement>,
    /// Interviewers by id.
    pub leniency: Vec<InterviewerLeniency>,
    /// Managers of the previous quarter not in this roster (with `--previous`).
    pub left: Option<u64>,
}

/// Sums the quarter up; `movements` (one per roster manager) when a previous
/// quarter is given, with the number of managers who left.
pub fn team_report(
    standard: &Standard,
    evidence: &Evidence,
    grades: &Grades,
    movements: Option<(&[Movement], u64)>,
) -> TeamReport {
    let managers = &evidence.roster.managers;
    let mut members: BTreeMap<(Level, String), Vec<&Grade>> = BTreeMap::new();
    // Everyone has a row, even an empty roster.
    members.insert((Level::All, String::new()), Vec::new());
    for grade in &grades.grades {
        let manager = &managers[grade.manager];
        members
            .entry((Level::All, String::new()))
            .or_default()
            .push(grade);
        if let Some(branch) = &manager.branch {
            members
                .entry((Level::Branch, branch.clone()))
                .or_default()
                .push(grade);
        }
        if evidence.roster.has_team {
            let team = manager.team.clone().unwrap_or_default();
            members.entry((Level::Team, team)).or_default().push(grade);
        }
    }
    let moves = movements.map(|(movements, _)| movements);
    let groups = members
        .into_iter()
        .map(|((level, name), grades)| summarise(standard, level, name, &grades, moves))
        .collect();
    TeamReport {
        groups,
        agreement: agreement(standard, evidence),
        leniency: leniency(standard, evidence),
        left: movements.map(|(_, left)| left),
    }
}

fn summarise(
    standard: &Standard,
    level: Level,
    name: String,
    grades: &[&Grade],
    movements: Option<&[Movement]>,
) -> GroupSummary {
    let precision = standard.precision;
    let mut tiers = vec![0u64; standard.tiers.len() + 2];
    let mut composites = Vec::new();
    for grade in grades {
        let column = match (grade.status, grade.placement) {
            (Status::Graded, Some(Placement::Tier(tier))) => tier,
            (Status::Graded, _) => standard.tiers.len(),
            (Status::Incomplete, _) => standard.tiers.len() + 1,
        };
        tiers[column] += 1;
        if grade.status == Status::Graded
            && let Some(composite) = grade.scores.composite
        {
            composites.push(composite);
        }
    }
    let mean_of = |value: &dyn Fn(&Grade) -> Option<f64>| {
        let values: Vec<f64> = grades.iter().filter_map(|grade| value(grade)).collect();
        (!values.is_empty())
            .then(|| round_score(values.iter().sum::<f64>() / values.len() as f64, precision))
    };
    let mut method_means = [None; 4];
    for method in standard.methods_in_use() {
        method_means[method.index()] = mean_of(&|grade| grade.scores.methods[method.index()]);
    }
    let competency_means: Vec<Option<f64>> = (0..standard.competencies.len())
        .map(|competency| mean_of(&|grade| grade.scores.competencies[competency]))
        .collect();
    let ranked = || {
        competency_means
            .iter()
            .enumerate()
            .filter_map(|(competency, mean)| mean.map(|mean| (competency, mean)))
    };
    // The first in the standard's order wins a tie, both ways.
    let strongest = ranked()
        .reduce(|best, next| if next.1 > best.1 { next } else { best })
        .map(|(competency, _)| competency);
    let weakest = ranked()
        .reduce(|worst, next| if next.1 < worst.1 { next } else { worst })
        .map(|(competency, _)| competency);
    // When every competency has the same mean, none is stronger.
    let (strongest, weakest) = match (strongest, weakest) {
        (Some(high), Some(low)) if competency_means[high] == competency_means[low] => (None, None),
        pair => pair,
    };
    let moves = movements.map(|movements| {
        let mut counts = MoveCounts::default();
        for grade in grades {
            match movements[grade.manager].moved {
                Some(Move::Up) => counts.up += 1,
                Some(Move::Down) => counts.down += 1,
                Some(Move::Same) => counts.same += 1,
                Some(Move::New) => counts.new += 1,
                None => {}
            }
        }
        counts
    });
    let incomplete = tiers[standard.tiers.len() + 1];
    GroupSummary {
        level,
        name,
        managers: grades.len() as u64,
        tiers,
        composite: Spread::of(&mut composites, precision),
        method_means,
        competency_means,
        strongest,
        weakest,
        incomplete_share: if grades.is_empty() {
            0.0
        } else {
            incomplete as f64 / grades.len() as f64
        },
        moves,
    }
}

/// Interval alpha per rated indicator: units are managers, values every
/// rating of them by someone other than themselves, whatever the role.
fn agreement(standard: &Standard, evidence: &Evidence) -> Vec<IndicatorAgreement> {
    if standard.method_weights[Method::Ratings.index()] <= 0.0 {
        return Vec::new();
    }
    let roles = standard.ratings.roles.len();
    let mut values = Vec::new();
    standard
        .indicators_of(Method::Ratings)
        .into_iter()
        .map(|indicator| {
            let mut alpha = IntervalAlpha::default();
            let mut managers = 0;
            for manager in 0..evidence.roster.managers.len() {
                values.clear();
                for role in 0..roles {
                    values.extend(evidence.ratings(manager, indicator, role));
                }
                if values.len() >= 2 {
                    managers += 1;
                    alpha.add_unit(&mut values);
                }
            }
            IndicatorAgreement {
                indicator,
                managers,
                ratings: alpha.pairable(),
                alpha: alpha.alpha().map(|alpha| round_score(alpha, 3)),
            }
        })
        .collect()
}

/// Each interviewer's mean difference from the panels they sat on.
fn leniency(standard: &Standard, evidence: &Evidence) -> Vec<InterviewerLeniency> {
    if standard.method_weights[Method::Interview.index()] <= 0.0 {
        return Vec::new();
    }
    // Interviewer → (Σ difference, scores).
    let mut differences: BTreeMap<&str, (f64, u64)> = BTreeMap::new();
    let mut panel: Vec<(&str, f64)> = Vec::new();
    for indicator in standard.indicators_of(Method::Interview) {
        for manager in 0..evidence.roster.managers.len() {
            panel.clear();
            panel.extend(evidence.interview_panel(manager, indicator));
            if panel.len() < 2 {
                continue;
            }
            let mean = panel.iter().map(|(_, score)| score).sum::<f64>() / panel.len() as f64;
            for &(interviewer, score) in &panel {
                let entry = differences.entry(interviewer).or_default();
                entry.0 += score - mean;
                entry.1 += 1;
            }
        }
    }
    differences
        .into_iter()
        .map(|(interviewer, (sum, scores))| InterviewerLeniency {
            interviewer: interviewer.to_string(),
            scores,
            leniency: round_score(sum / scores as f64, 2),
        })
        .collect()
}

/// The columns of the groups table: who, how many per tier, the composite's
/// spread, the method and competency means, and the moves.
pub fn group_columns(standard: &Standard, with_moves: bool) -> (Vec<String>, Vec<bool>) {
    let mut columns: Vec<(String, bool)> = vec![
        ("level".into(), false),
        ("name".into(), false),
        ("managers".into(), true),
    ];
    let tiers = standard.tiers.iter().map(|tier| tier.id.as_str());
    columns.extend(
        tiers
            .chain([NO_TIER, INCOMPLETE])
            .map(|id| (id.into(), true)),
    );
    for statistic in ["mean", "median", "sd", "min", "max"] {
        columns.push((format!("composite_{statistic}"), true));
    }
    for method in standard.methods_in_use() {
        columns.push((format!("{}_mean", method.id()), true));
    }
    for competency in &standard.competencies {
        columns.push((format!("{}_mean", competency.id), true));
    }
    columns.extend([
        ("strongest".into(), false),
        ("weakest".into(), false),
        ("incomplete_percent".into(), true),
    ]);
    if with_moves {
        for name in ["up", "down", "same", "new", "left"] {
            columns.push((name.into(), true));
        }
    }
    columns.into_iter().unzip()
}

/// A group as a row of [`group_columns`].
pub fn group_row<'a>(
    standard: &'a Standard,
    report: &'a TeamReport,
    group: &'a GroupSummary,
) -> Vec<Cell<'a>> {
    let score = |value: Option<f64>| value.map_or(Cell::Empty, Cell::Score);
    let mut row = vec![
        Cell::Text(group.level.id()),
        Cell::Text(&group.name),
        Cell::Count(group.managers),
    ];
    row.extend(group.tiers.iter().map(|&count| Cell::Count(count)));
    let spread = group.composite;
    row.extend([
        score(spread.map(|s| s.mean)),
        score(spread.map(|s| s.median)),
        score(spread.map(|s| s.deviation)),
        score(spread.map(|s| s.lowest)),
        score(spread.map(|s| s.highest)),
    ]);
    for method in standard.methods_in_use() {
        row.push(score(group.method_means[method.index()]));
    }
    row.extend(group.competency_means.iter().map(|&mean| score(mean)));
    let competency = |index: Option<usize>| {
        index.map_or(Cell::Empty, |index| {
            Cell::Text(&standard.competencies[index].id)
        })
    };
    row.extend([
        competency(group.strongest),
        competency(group.weakest),
        Cell::Fixed(group.incomplete_share * 100.0, 1),
    ]);
    if let Some(moves) = group.moves {
        row.extend([
            Cell::Count(moves.up),
            Cell::Count(moves.down),
            Cell::Count(moves.same),
            Cell::Count(moves.new),
        ]);
        // Who left is known for everyone only: the previous export's teams
        // are not this roster's.
        row.push(match (group.level, report.left) {
            (Level::All, Some(left)) => Cell::Count(left),
            _ => Cell::Empty,
        });
    }
    row
}

pub const AGREEMENT_COLUMNS: [&str; 6] = [
    "indicator",
    "competency",
    "managers",
    "ratings",
    "alpha",
    "verdict",
];

pub fn agreement_row<'a>(standard: &'a Standard, agreement: &IndicatorAgreement) -> Vec<Cell<'a>> {
    let indicator = &standard.indicators[agreement.indicator];
    vec![
        Cell::Text(&indicator.id),
        Cell::Text(&standard.competencies[indicator.competency].id),
        Cell::Count(agreement.managers),
        Cell::Count(agreement.ratings),
        agreement
            .alpha
            .map_or(Cell::Empty, |alpha| Cell::Fixed(alpha, 3)),
        Cell::Text(agreement.verdict()),
    ]
}

pub const LENIENCY_COLUMNS: [&str; 4] = ["interviewer", "scores", "leniency", "verdict"];

pub fn leniency_row(leniency: &InterviewerLeniency) -> Vec<Cell<'_>> {
    vec![
        Cell::Text(&leniency.interviewer),
        Cell::Count(leniency.scores),
        Cell::Fixed(leniency.leniency, 2),
        Cell::Text(leniency.verdict()),
    ]
}

/// The columns of each part when a table of `columns` columns is cut into
/// tables of at most `per_part` more, each repeating the first two (level
/// and name): a page and a terminal are narrow, and a table cut so prints
/// whole. A table that fits is one part.
pub fn narrow_parts(columns: usize, per_part: usize) -> Vec<Vec<usize>> {
    crate::output::render::cut_columns(columns, 2, |part| part.len() <= per_part + 2)
}

/// A table of the report as the page shows it: the text formats' rows.
pub struct ReportTable<'a> {
    pub title: &'a str,
    /// The JSON key of its rows; cells are named `key.column` (`data-key`).
    pub key: &'a str,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell<'a>>>,
}

/// The report as one self-contained page: tiers per team, the composite's
/// distribution against the tiers' cut scores, a team × competency heat map,
/// the moves, the raters' reliability, and every group's row. The tables are
/// the text formats' rows, so every number is shown as they show it.
pub fn html(
    standard: &Standard,
    report: &TeamReport,
    composites: &[f64],
    tables: &[ReportTable<'_>],
) -> String {
    use crate::output::html::{
        Cut, Fact, GREY, HeatMap, Histogram, RED, Shown, StackedBars, TableCell, facts, heat_map,
        histogram, note, page, section, series_colour, stacked_bars, table,
    };
    let precision = standard.precision;
    let everyone = report.groups.iter().find(|group| group.level == Level::All);
    let teams: Vec<&GroupSummary> = report
        .groups
        .iter()
        .filter(|group| group.level == Level::Team)
        .collect();
    // Teams when the roster has them, else branches, else everyone.
    let bars: Vec<&GroupSummary> = [Level::Team, Level::Branch, Level::All]
        .iter()
        .map(|&level| {
            report
                .groups
                .iter()
                .filter(|group| group.level == level)
                .collect::<Vec<_>>()
        })
        .find(|groups| !groups.is_empty())
        .unwrap_or_default();
    let label = |group: &GroupSummary| match (group.level, group.name.as_str()) {
        (Level::All, _) => "everyone".to_string(),
        (_, "") => format!("(no {})", group.level.id()),
        (_, name) => name.to_string(),
    };
    let mut body = String::new();

    if let Some(everyone) = everyone {
        let score =
            |value: Option<f64>| value.map_or(String::new(), |v| format_score(v, precision));
        let tier_facts = standard.tiers.iter().enumerate().map(|(index, tier)| Fact {
            key: tier.id.clone(),
            label: tier.name.clone(),
            text: everyone.tiers[index].to_string(),
        });
        let mut shown = vec![Fact {
            key: "managers".into(),
            label: "managers".into(),
            text: everyone.managers.to_string(),
        }];
        shown.extend(tier_facts);
        shown.extend([
            Fact {
                key: "composite_mean".into(),
                label: "composite mean".into(),
                text: score(everyone.composite.map(|s| s.mean)),
            },
            Fact {
                key: "composite_median".into(),
                label: "composite median".into(),
                text: score(everyone.composite.map(|s| s.median)),
            },
            Fact {
                key: "incomplete_percent".into(),
                label: "incomplete %".into(),
                text: Cell::Fixed(everyone.incomplete_share * 100.0, 1).shown(precision),
            },
        ]);
        if let Some(moves) = everyone.moves {
            for (key, count) in [("up", moves.up), ("down", moves.down), ("new", moves.new)] {
                shown.push(Fact {
                    key: key.into(),
                    label: if key == "new" {
                        "new this quarter".to_string()
                    } else {
                        format!("moved {key}")
                    },
                    text: count.to_string(),
                });
            }
            if let Some(left) = report.left {
                shown.push(Fact {
                    key: "left".into(),
                    label: "left".into(),
                    text: left.to_string(),
                });
            }
        }
        body.push_str(&facts(&shown));
    }

    let mut series: Vec<String> = standard.tiers.iter().map(|tier| tier.id.clone()).collect();
    series.extend([NO_TIER.to_string(), INCOMPLETE.to_string()]);
    body.push_str(&section(
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
    ));

    let cuts = standard
        .tiers
        .iter()
        .map(|tier| Cut {
            label: tier.id.clone(),
            at: Shown::score(tier.min_composite, precision),
        })
        .collect();
    body.push_str(&section(
        "Composite distribution",
        &histogram(&Histogram {
            title: "Composite of the graded managers, with each tier's cut score".into(),
            x_label: "composite".into(),
            y_label: "managers".into(),
            values: composites.to_vec(),
            bin_width: 5.0,
            cuts,
        }),
    ));

    let rows: Vec<&GroupSummary> = if teams.is_empty() {
        bars.clone()
    } else {
        teams
    };
    let values = rows
        .iter()
        .flat_map(|group| group.competency_means.iter().flatten());
    let (low, high) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
        (lo.min(v), hi.max(v))
    });
    if low <= high {
        body.push_str(&section(
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
                cells: rows
                    .iter()
                    .map(|group| {
                        group
                            .competency_means
                            .iter()
                            .map(|mean| mean.map(|mean| Shown::score(mean, precision)))
                            .collect()
                    })
                    .collect(),
                low: Shown::score(low, precision),
                high: Shown::score(high, precision),
            }),
        ));
    }

    if bars.iter().any(|group| group.moves.is_some()) {
        let left = report.left.map_or(String::new(), |left| {
            format!("{left} managers of the previous quarter are not in this roster.")
        });
        let moves = |group: &GroupSummary| {
            let moves = group.moves.unwrap_or_default();
            vec![moves.up, moves.down, moves.same, moves.new]
        };
        body.push_str(&section(
            "Movement since the previous quarter",
            &(stacked_bars(&StackedBars {
                title: "Tier moves per team".into(),
                value_label: "managers".into(),
                categories: bars.iter().map(|group| label(group)).collect(),
                series: ["up", "down", "same", "new"].map(String::from).to_vec(),
                colours: vec![series_colour(0), RED, GREY, series_colour(1)],
                counts: bars.iter().map(|group| moves(group)).collect(),
            }) + &note(&left)),
        ));
    }

    const COLUMNS_PER_TABLE: usize = 8;
    let mut reliability = String::new();
    for ReportTable {
        title,
        key,
        columns,
        rows,
    } in tables
    {
        let shown_columns = narrow_parts(columns.len(), COLUMNS_PER_TABLE);
        for (part, shown_columns) in shown_columns.iter().enumerate() {
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
                        .map(|&c| (&row[c], &columns[c]))
                        .map(|(cell, column)| {
                            let text = cell.shown(precision);
                            let shown = match cell {
                                Cell::Text(_) | Cell::Empty => TableCell::text(text),
                                _ => TableCell::number(text),
                            };
                            let shown = match cell {
                                Cell::Text("unreliable" | "lenient" | "severe") => {
                                    shown.class("short")
                                }
                                Cell::Text("reliable") => shown.class("met"),
                                _ => shown,
                            };
                            shown.key(format!("{key}.{column}"))
                        })
                        .collect()
                })
                .collect();
            reliability.push_str(&table(&caption, &headers, &cells));
        }
    }
    body.push_str(&section("Tables", &reliability));
    page(
        &format!("{} {} — quarter report", standard.name, standard.version),
        &body,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spread_of_an_even_and_an_odd_count() {
        let spread = Spread::of(&mut [70.0, 90.0, 80.0, 60.0], 2).expect("values");
        assert_eq!(spread.mean, 75.0);
        assert_eq!(spread.median, 75.0);
        // √((15² + 5² + 5² + 15²) / 4) = √125
        assert_eq!(spread.deviation, 11.18);
        assert_eq!((spread.lowest, spread.highest), (60.0, 90.0));
        let odd = Spread::of(&mut [3.0, 1.0, 2.0], 2).expect("values");
        assert_eq!(odd.median, 2.0);
        assert!(Spread::of(&mut [], 2).is_none());
    }

    #[test]
    fn a_wide_table_is_cut_into_parts_that_repeat_level_and_name() {
        assert_eq!(narrow_parts(5, 3), vec![vec![0, 1, 2, 3, 4]]);
        assert_eq!(
            narrow_parts(7, 3),
            vec![vec![0, 1, 2, 3, 4], vec![0, 1, 5, 6]]
        );
    }

    #[test]
    fn leniency_is_flagged_beyond_half_a_point_either_way() {
        let verdict = |leniency| {
            InterviewerLeniency {
                interviewer: "IV1".to_string(),
                scores: 4,
                leniency,
            }
            .verdict()
        };
        assert_eq!(verdict(0.5), "");
        assert_eq!(verdict(0.51), "lenient");
        assert_eq!(verdict(-0.5), "");
        assert_eq!(verdict(-0.51), "severe");
    }

    #[test]
    fn alpha_is_read_with_krippendorffs_thresholds() {
        let verdict = |alpha| {
            IndicatorAgreement {
                indicator: 0,
                managers: 10,
                ratings: 40,
                alpha,
            }
            .verdict()
        };
        assert_eq!(verdict(Some(0.8)), "reliable");
        assert_eq!(verdict(Some(0.799)), "tentative");
        assert_eq!(verdict(Some(0.667)), "tentative");
        assert_eq!(verdict(Some(0.666)), "unreliable");
        assert_eq!(verdict(None), "");
    }
}
