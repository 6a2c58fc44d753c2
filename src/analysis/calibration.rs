//! `grade --calibration`: the managers a calibration committee should look
//! at, per tier line — those within a margin of a tier's cut score or of one
//! of its score floors, on either side, with what would move them.
//!
//! Only the lines that could move a manager are listed: a line of the tier
//! the manager holds (a small drop takes the tier away) and a line of a tier
//! above it (a small gain, with the tier's other conditions, would reach
//! it). A line of a tier below the one held cannot change the tier.

use crate::engine::grade::{Condition, Grade, Grades, Placement, Requirement, Status, conditions};
use crate::evidence::Evidence;
use crate::number::{format_score, round_score};
use crate::standard::Standard;

/// The default `--calibration-margin`, in score points (0–100 scale).
pub const DEFAULT_MARGIN: f64 = 2.0;

/// Which side of a line a manager stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    /// Below the line of a tier above the one held.
    Below,
    /// On or above a line of the tier held.
    Above,
}

impl Side {
    pub(crate) fn id(self) -> &'static str {
        match self {
            Side::Below => "below",
            Side::Above => "at or above",
        }
    }
}

/// One manager near one tier line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NearLine {
    /// Index into `Standard::tiers`: the tier whose line it is.
    pub(crate) tier: usize,
    /// The composite, a competency floor or a method floor.
    pub(crate) requirement: Requirement,
    pub(crate) minimum: f64,
    /// Index into `Grades::grades`.
    pub(crate) grade: usize,
    pub(crate) value: f64,
    /// value − minimum, rounded as scores are: negative below the line.
    pub(crate) distance: f64,
    pub(crate) side: Side,
    /// What would move the manager, in words.
    pub(crate) moves: String,
}

/// Every graded manager within `margin` score points of a line that could
/// move them, tier by tier from the top, each tier's composite line first
/// and then its floors in the standard's order; on each line the closest
/// first, then in rank order. `keeps` chooses the managers listed.
pub(crate) fn near_lines(
    standard: &Standard,
    evidence: &Evidence,
    grades: &Grades,
    margin: f64,
    keeps: impl Fn(&Grade) -> bool,
) -> Vec<NearLine> {
    let precision = standard.precision;
    let held = |grade: &Grade| match grade.placement {
        Some(Placement::Tier(index)) => index,
        _ => standard.tiers.len(),
    };
    let admitted: Vec<u64> = (0..standard.tiers.len())
        .map(|tier| {
            grades
                .grades
                .iter()
                .filter(|g| g.placement == Some(Placement::Tier(tier)))
                .count() as u64
        })
        .collect();
    let mut rows = Vec::new();
    for (tier_index, tier) in standard.tiers.iter().enumerate() {
        let mut tier_rows: Vec<(usize, NearLine)> = Vec::new();
        for (position, grade) in grades.grades.iter().enumerate() {
            if grade.status != Status::Graded || !keeps(grade) {
                continue;
            }
            let holds = held(grade);
            let side = match holds.cmp(&tier_index) {
                std::cmp::Ordering::Equal => Side::Above,
                std::cmp::Ordering::Greater => Side::Below,
                std::cmp::Ordering::Less => continue,
            };
            let tenure = evidence.roster.managers[grade.manager].tenure_years;
            let all: Vec<Condition> = conditions(tier, &grade.scores, tenure).collect();
            for (order, condition) in all.iter().enumerate() {
                if condition.requirement == Requirement::TenureYears {
                    continue;
                }
                let Some(value) = condition.value else {
                    continue;
                };
                let distance = round_score(value - condition.minimum, precision);
                let near = match side {
                    Side::Above => distance >= 0.0 && distance <= margin,
                    Side::Below => distance < 0.0 && -distance <= margin,
                };
                if !near {
                    continue;
                }
                let line = Line {
                    tier: tier_index,
                    condition,
                    distance,
                };
                let moves = match side {
                    Side::Above => drop_text(standard, &line),
                    Side::Below => {
                        let quota_full = grades.quotas[tier_index]
                            .is_some_and(|quota| admitted[tier_index] >= quota);
                        gain_text(standard, &line, &all, grade, quota_full)
                    }
                };
                tier_rows.push((
                    order,
                    NearLine {
                        tier: tier_index,
                        requirement: condition.requirement,
                        minimum: condition.minimum,
                        grade: position,
                        value,
                        distance,
                        side,
                        moves,
                    },
                ));
            }
        }
        tier_rows.sort_by(|(order_a, a), (order_b, b)| {
            order_a
                .cmp(order_b)
                .then(a.distance.abs().total_cmp(&b.distance.abs()))
                .then(a.grade.cmp(&b.grade))
        });
        rows.extend(tier_rows.into_iter().map(|(_, row)| row));
    }
    rows
}

/// `composite 69.40, 0.60 below superior's 70.00`, as every line is named.
fn position_text(
    standard: &Standard,
    tier: usize,
    condition: &Condition,
    value: f64,
    distance: f64,
) -> String {
    let precision = standard.precision;
    let side = if distance < 0.0 { "below" } else { "above" };
    let position = if distance == 0.0 {
        "exactly at".to_string()
    } else {
        format!("{} {side}", format_score(distance.abs(), precision))
    };
    format!(
        "{} {}, {position} {}'s {}",
        condition.requirement.id(standard),
        format_score(value, precision),
        standard.tiers[tier].id,
        format_score(condition.minimum, precision)
    )
}

/// For a manager who holds the tier: how much less would lose it.
fn drop_text(standard: &Standard, line: &Line) -> String {
    let precision = standard.precision;
    let Line {
        tier,
        condition,
        distance,
    } = *line;
    let value = condition.value.unwrap_or_default();
    // The smallest shown step below the line: one unit of the last decimal.
    let step = round_score(distance + 0.1f64.powi(precision as i32), precision);
    format!(
        "{}; {} less would lose {}",
        position_text(standard, tier, condition, value, distance),
        format_score(step, precision),
        standard.tiers[tier].id
    )
}

/// One manager's condition of a tier, and how far from it they stand.
struct Line<'a> {
    tier: usize,
    condition: &'a Condition,
    /// value − minimum, rounded as scores are.
    distance: f64,
}

/// For a manager below the tier: what the gain would bring, and what else
/// stands in the way (`all`: the tier's other conditions missed; a full
/// quota; the cap).
fn gain_text(
    standard: &Standard,
    line: &Line,
    all: &[Condition],
    grade: &Grade,
    quota_full: bool,
) -> String {
    let precision = standard.precision;
    let Line {
        tier,
        condition,
        distance,
    } = *line;
    let value = condition.value.unwrap_or_default();
    let id = &standard.tiers[tier].id;
    let position = position_text(standard, tier, condition, value, distance);
    let others: Vec<String> = all
        .iter()
        .filter(|other| other.requirement != condition.requirement && !other.is_met())
        .map(|other| match other.shortfall(precision) {
            Some(short) => format!(
                "{} short {}",
                other.requirement.id(standard),
                match other.requirement {
                    Requirement::TenureYears => crate::number::trim_number(short),
                    _ => format_score(short, precision),
                }
            ),
            None => format!("{} has no value", other.requirement.id(standard)),
        })
        .collect();
    let gain = format_score(-distance, precision);
    let then = if !others.is_empty() {
        format!(
            "{gain} more meets the line, but {id} also needs: {}",
            others.join(", ")
        )
    } else if grade.capped_out_of(tier) {
        format!("{gain} more would meet {id}, above the [movement] max_step_up cap")
    } else if quota_full {
        format!("{gain} more would meet {id}, but its quota is full")
    } else {
        format!("{gain} more reaches {id}")
    };
    format!("{position}; {then}")
}
