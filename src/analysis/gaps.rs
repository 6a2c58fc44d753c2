//! `ladder gaps`: what separates every manager from the next tier up, the
//! evidence an incomplete manager lacks, each manager's blind spots and
//! hidden strengths, and per team the competency floors its managers miss:
//! the development plan behind the grades.

use std::collections::BTreeMap;

use crate::engine::grade::{Condition, Grades, Requirement, Status, missing_by_method};
use crate::engine::score::{ScoreSheet, score_sheet};
use crate::engine::self_view::{SelfGaps, Subject, self_gaps};
use crate::engine::tiers::{TierCheck, next_tier, tier_checks};
use crate::evidence::Evidence;
use crate::number::{format_score, round_score, trim_number};
use crate::standard::Standard;

/// What a gap row is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GapKind {
    /// A condition of the next tier up that is not met.
    Condition,
    /// Every condition of the next tier is met, but its quota is full.
    Quota,
    /// Every condition of the next tier is met, but `[movement] max_step_up`
    /// holds the manager below it this quarter.
    Cap,
    /// Evidence an incomplete manager lacks.
    Evidence,
    BlindSpot,
    HiddenStrength,
}

impl GapKind {
    pub(crate) fn id(self) -> &'static str {
        match self {
            GapKind::Condition => "condition",
            GapKind::Quota => "quota",
            GapKind::Cap => "cap",
            GapKind::Evidence => "evidence",
            GapKind::BlindSpot => "blind spot",
            GapKind::HiddenStrength => "hidden strength",
        }
    }
}

/// One thing standing between a manager and the next tier, or worth
/// working on.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Gap {
    /// Index into the grades (rank order).
    pub(crate) grade: usize,
    /// The next tier up, for tier gaps.
    pub(crate) next_tier: Option<usize>,
    pub(crate) kind: GapKind,
    /// The condition's id, the method, the indicator or competency.
    pub(crate) item: String,
    /// The competency `item` names, if it names one (an indicator may share
    /// a competency's id), for its label.
    pub(crate) competency: Option<usize>,
    pub(crate) needed: Option<f64>,
    pub(crate) actual: Option<f64>,
    pub(crate) short: Option<f64>,
    pub(crate) detail: String,
}

/// Every manager's gaps, in rank order.
pub(crate) fn gaps(standard: &Standard, evidence: &Evidence, grades: &Grades) -> Vec<Gap> {
    let precision = standard.precision;
    let mut rows = Vec::new();
    for (position, grade) in grades.grades.iter().enumerate() {
        let manager = &evidence.roster.managers[grade.manager];
        if grade.status == Status::Incomplete {
            for (method, missing) in missing_by_method(standard, &grade.scores) {
                rows.push(Gap {
                    grade: position,
                    next_tier: None,
                    kind: GapKind::Evidence,
                    item: method.id().to_string(),
                    competency: None,
                    needed: None,
                    actual: None,
                    short: None,
                    detail: format!("no {} score for {}", method.id(), missing.join(", ")),
                });
            }
        } else if let Some(next) = next_tier(standard, grade) {
            let checks = tier_checks(standard, grade, manager.tenure_years);
            let check: &TierCheck = &checks[next];
            if check.quota_full || check.capped {
                rows.push(Gap {
                    grade: position,
                    next_tier: Some(next),
                    kind: if check.capped {
                        GapKind::Cap
                    } else {
                        GapKind::Quota
                    },
                    item: standard.tiers[next].id.clone(),
                    competency: None,
                    needed: None,
                    actual: None,
                    short: None,
                    detail: grade.note.clone(),
                });
            }
            let sheet = score_sheet(standard, evidence, grade.manager, &mut ());
            for condition in check.conditions.iter().filter(|c| !c.is_met()) {
                rows.push(Gap {
                    grade: position,
                    next_tier: Some(next),
                    kind: GapKind::Condition,
                    item: condition.requirement.id(standard).to_string(),
                    competency: match condition.requirement {
                        Requirement::Competency(competency) => Some(competency),
                        _ => None,
                    },
                    needed: Some(condition.minimum),
                    actual: condition.value,
                    short: condition.shortfall(precision),
                    detail: pulling_down(standard, &sheet, condition),
                });
            }
        }
        let own = self_gaps(standard, evidence, grade.manager);
        rows.extend(self_gap_rows(standard, position, &own));
    }
    rows
}

/// For a missed competency floor: the competency's indicators below it,
/// those that cost the most weighted points first.
fn pulling_down(standard: &Standard, sheet: &ScoreSheet, condition: &Condition) -> String {
    let Requirement::Competency(competency) = condition.requirement else {
        return String::new();
    };
    let mut below: Vec<(usize, f64, f64)> = standard.competencies[competency]
        .indicators
        .iter()
        .filter_map(|&indicator| {
            let combined = sheet.combined[indicator]?;
            let weight = standard.indicators[indicator].weight;
            (combined < condition.minimum).then_some((
                indicator,
                combined,
                weight * (condition.minimum - combined),
            ))
        })
        .collect();
    below.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
    let listed: Vec<String> = below
        .iter()
        .map(|&(indicator, combined, _)| {
            format!(
                "{} {} (weight {})",
                standard.indicators[indicator].id,
                format_score(combined, standard.precision),
                trim_number(standard.indicators[indicator].weight)
            )
        })
        .collect();
    if listed.is_empty() {
        String::new()
    } else {
        format!("lowest: {}", listed.join(", "))
    }
}

fn self_gap_rows<'g>(
    standard: &'g Standard,
    position: usize,
    own: &'g SelfGaps,
) -> impl Iterator<Item = Gap> + 'g {
    own.indicators
        .iter()
        .chain(&own.competencies)
        .filter_map(move |gap| {
            let kind = match gap.flag(standard)? {
                crate::engine::self_view::Flag::BlindSpot => GapKind::BlindSpot,
                crate::engine::self_view::Flag::HiddenStrength => GapKind::HiddenStrength,
            };
            Some(Gap {
                grade: position,
                next_tier: None,
                kind,
                item: gap.id(standard).to_string(),
                competency: match gap.subject {
                    Subject::Competency(competency) => Some(competency),
                    Subject::Indicator(_) => None,
                },
                needed: None,
                actual: None,
                short: None,
                detail: format!(
                    "self {:.2}, others {:.2}: gap {:+.2} scale points",
                    gap.self_value, gap.others, gap.gap
                ),
            })
        })
}

/// Per team and competency: the managers whose next tier sets a floor on
/// the competency, how many of them fall short of it, and by how much on
/// average.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TeamGap {
    pub(crate) team: String,
    pub(crate) competency: usize,
    pub(crate) managers: u64,
    pub(crate) short: u64,
    pub(crate) average_short: Option<f64>,
}

/// The team view of the gaps: what each team's training plan should cover.
/// Managers without a team are counted under an empty team.
pub(crate) fn team_gaps(standard: &Standard, evidence: &Evidence, grades: &Grades) -> Vec<TeamGap> {
    // (team, competency) → (managers, short, total shortfall)
    let mut tally: BTreeMap<(String, usize), (u64, u64, f64)> = BTreeMap::new();
    for grade in &grades.grades {
        let Some(next) = next_tier(standard, grade) else {
            continue;
        };
        let manager = &evidence.roster.managers[grade.manager];
        let team = manager.team.clone().unwrap_or_default();
        for check in tier_checks(standard, grade, manager.tenure_years)
            .into_iter()
            .filter(|check| check.tier == next)
        {
            for condition in &check.conditions {
                let Requirement::Competency(competency) = condition.requirement else {
                    continue;
                };
                let entry = tally.entry((team.clone(), competency)).or_default();
                entry.0 += 1;
                if !condition.is_met() {
                    entry.1 += 1;
                    // An absent score falls short by the whole floor.
                    entry.2 += condition
                        .shortfall(standard.precision)
                        .unwrap_or(condition.minimum);
                }
            }
        }
    }
    tally
        .into_iter()
        .map(|((team, competency), (managers, short, total))| TeamGap {
            team,
            competency,
            managers,
            short,
            average_short: (short > 0)
                .then(|| round_score(total / short as f64, standard.precision)),
        })
        .collect()
}
