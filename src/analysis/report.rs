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
use crate::engine::reliability::{ALPHA_RELIABLE, ALPHA_TENTATIVE, IntervalAlpha};
use crate::evidence::Evidence;
use crate::number::round_score;
use crate::standard::{Method, QuotaTies, Standard};

/// Leniency beyond this many scale points, either way, is flagged.
pub(crate) const LENIENCY_FLAG: f64 = 0.5;

/// Which managers a group holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Level {
    /// Every manager of the roster.
    All,
    Branch,
    Team,
}

impl Level {
    pub(crate) fn id(self) -> &'static str {
        match self {
            Level::All => "all",
            Level::Branch => "branch",
            Level::Team => "team",
        }
    }
}

/// Mean, median, standard deviation, lowest and highest of some scores.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Spread {
    pub(crate) mean: f64,
    pub(crate) median: f64,
    /// The population standard deviation: a team is all of itself, not a sample.
    pub(crate) deviation: f64,
    pub(crate) lowest: f64,
    pub(crate) highest: f64,
}

impl Spread {
    /// The spread of `values`, each statistic rounded to `precision`.
    pub(crate) fn of(values: &mut [f64], precision: u32) -> Option<Spread> {
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
pub(crate) struct MoveCounts {
    pub(crate) up: u64,
    pub(crate) down: u64,
    pub(crate) same: u64,
    pub(crate) new: u64,
}

/// One group of managers summed up.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct GroupSummary {
    pub(crate) level: Level,
    /// The branch or team; empty for everyone, and for managers the roster
    /// gives no branch or team.
    pub(crate) name: String,
    pub(crate) managers: u64,
    /// Managers per tier, in the standard's order; then `none`, then incomplete.
    pub(crate) tiers: Vec<u64>,
    /// The composites of the graded managers.
    pub(crate) composite: Option<Spread>,
    /// The mean method score (0–100) by `Method::index`, over the managers
    /// who have one.
    pub(crate) method_means: [Option<f64>; 4],
    /// The mean score of each competency, over the managers who have one.
    pub(crate) competency_means: Vec<Option<f64>>,
    /// The competencies with the highest and lowest mean (the first in the
    /// standard's order on a tie).
    pub(crate) strongest: Option<usize>,
    pub(crate) weakest: Option<usize>,
    /// Incomplete managers as a share of the group, 0–1.
    pub(crate) incomplete_share: f64,
    pub(crate) moves: Option<MoveCounts>,
}

/// Krippendorff's interval alpha of the multi-rater scores of one indicator.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct IndicatorAgreement {
    pub(crate) indicator: usize,
    /// Managers rated by at least two people (other than themselves).
    pub(crate) managers: u64,
    /// The scores of those managers.
    pub(crate) ratings: u64,
    /// Rounded to 3 decimals, as Krippendorff reports it; `None` when no
    /// two pairable scores differ.
    pub(crate) alpha: Option<f64>,
}

impl IndicatorAgreement {
    /// Krippendorff's reading of alpha; none when there is no alpha.
    pub(crate) fn verdict(&self) -> Option<Reliability> {
        match self.alpha? {
            alpha if alpha >= ALPHA_RELIABLE => Some(Reliability::Reliable),
            alpha if alpha >= ALPHA_TENTATIVE => Some(Reliability::Tentative),
            _ => Some(Reliability::Unreliable),
        }
    }
}

/// How far a multi-rater assessment can be trusted (Krippendorff).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reliability {
    Reliable,
    Tentative,
    Unreliable,
}

impl Reliability {
    pub(crate) fn id(self) -> &'static str {
        match self {
            Reliability::Reliable => "reliable",
            Reliability::Tentative => "tentative",
            Reliability::Unreliable => "unreliable",
        }
    }
}

/// How one interviewer scores against the rest of their panels.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct InterviewerLeniency {
    pub(crate) interviewer: String,
    /// Scores given on panels of two or more: the ones there is a panel to
    /// compare with.
    pub(crate) scores: u64,
    /// The mean of (their score − the panel's mean on the same manager and
    /// indicator), in scale points, rounded to 2 decimals.
    pub(crate) leniency: f64,
}

impl InterviewerLeniency {
    /// Flagged beyond [`LENIENCY_FLAG`] either way; none within it.
    pub(crate) fn verdict(&self) -> Option<Strictness> {
        if self.leniency > LENIENCY_FLAG {
            Some(Strictness::Lenient)
        } else if self.leniency < -LENIENCY_FLAG {
            Some(Strictness::Severe)
        } else {
            None
        }
    }
}

/// An interviewer who scores well above or below their panels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Strictness {
    Lenient,
    Severe,
}

impl Strictness {
    pub(crate) fn id(self) -> &'static str {
        match self {
            Strictness::Lenient => "lenient",
            Strictness::Severe => "severe",
        }
    }
}

/// The whole report.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TeamReport {
    /// Everyone first, then the branches, then the teams, each by name.
    pub(crate) groups: Vec<GroupSummary>,
    /// The indicators the multi-rater assessment measures, in the standard's order.
    pub(crate) agreement: Vec<IndicatorAgreement>,
    /// Interviewers by id.
    pub(crate) leniency: Vec<InterviewerLeniency>,
    /// Managers of the previous quarter not in this roster (with `--previous`).
    pub(crate) left: Option<u64>,
    /// The members of each tied block at the quota line of a tier whose
    /// `quota_ties` is `admit` or `flag`, for the calibration meeting.
    pub(crate) quota_ties: Vec<TiedMember>,
    /// Under `[ratings] adjust`, every rater of others, by id.
    pub(crate) raters: Vec<RaterRow>,
}

/// One rater's leniency under `[ratings] adjust`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RaterRow {
    pub(crate) rater_id: String,
    pub(crate) ratings: u32,
    pub(crate) managers: u32,
    /// Mean of the rater's ratings of others, full precision.
    pub(crate) mean: f64,
    /// Overall mean − the rater's mean; `None` when not adjusted (fewer
    /// than `adjust_min` ratings, or one manager).
    pub(crate) shift: Option<f64>,
    /// `lenient` (shift below −`adjust_flag`), `severe` (above it), or none.
    pub(crate) flag: Option<Strictness>,
}

/// Every rater of others under `[ratings] adjust`, by id (code point).
fn raters(standard: &Standard, evidence: &Evidence) -> Vec<RaterRow> {
    let Some(leniency) = evidence.leniency() else {
        return Vec::new();
    };
    let threshold = standard.ratings.adjust_flag;
    let mut rows: Vec<RaterRow> = leniency
        .raters
        .iter()
        .enumerate()
        .filter(|(_, rater)| rater.ratings > 0)
        .map(|(index, rater)| {
            let shift = leniency.shift(index as u32);
            let flag = shift.and_then(|shift| {
                if shift < -threshold {
                    Some(Strictness::Lenient)
                } else if shift > threshold {
                    Some(Strictness::Severe)
                } else {
                    None
                }
            });
            RaterRow {
                rater_id: evidence.rater_id(index as u32).to_string(),
                ratings: rater.ratings,
                managers: rater.managers,
                mean: rater.mean,
                shift,
                flag,
            }
        })
        .collect();
    rows.sort_by(|a, b| a.rater_id.cmp(&b.rater_id));
    rows
}

/// One manager of a tied block at a tier's quota line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TiedMember {
    /// Index into `Standard::tiers`: the tier whose quota line the tie is at.
    pub(crate) tier: usize,
    pub(crate) rank: u32,
    pub(crate) quota: u64,
    pub(crate) manager_id: String,
    pub(crate) name: String,
    pub(crate) team: Option<String>,
    pub(crate) composite: Option<f64>,
    /// The tier the manager holds, as `grade` names it.
    pub(crate) holds: String,
    /// The tier admitted the manager.
    pub(crate) admitted: bool,
}

/// Whether `report` lists the tied blocks: some tier says what to do with
/// them (`quota_ties` other than the default split).
pub(crate) fn lists_quota_ties(standard: &Standard) -> bool {
    standard
        .tiers
        .iter()
        .any(|tier| tier.quota_ties != QuotaTies::Split)
}

/// Every member of the tied blocks the report lists, top tier first, each
/// block in rank order.
fn tied_members(standard: &Standard, evidence: &Evidence, grades: &Grades) -> Vec<TiedMember> {
    grades
        .quota_ties
        .iter()
        .filter(|tie| standard.tiers[tie.tier].quota_ties != QuotaTies::Split)
        .flat_map(|tie| {
            tie.members.iter().enumerate().map(move |(at, &position)| {
                let grade = &grades.grades[position];
                let manager = &evidence.roster.managers[grade.manager];
                TiedMember {
                    tier: tie.tier,
                    rank: tie.rank,
                    quota: tie.quota,
                    manager_id: manager.id.clone(),
                    name: manager.name.clone(),
                    team: manager.team.clone(),
                    composite: grade.scores.composite,
                    holds: grade.tier_id(standard).unwrap_or_default().to_string(),
                    admitted: at < tie.admitted,
                }
            })
        })
        .collect()
}

/// Sums the quarter up; `movements` (one per roster manager) when a previous
/// quarter is given, with the number of managers who left.
pub(crate) fn team_report(
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
        quota_ties: tied_members(standard, evidence, grades),
        raters: raters(standard, evidence),
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
    let tiers = tier_counts(standard, grades);
    let mut composites: Vec<f64> = grades
        .iter()
        .filter(|grade| grade.status == Status::Graded)
        .filter_map(|grade| grade.scores.composite)
        .collect();
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
    let (strongest, weakest) = strongest_and_weakest(&competency_means);
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
        moves: movements.map(|movements| move_counts(grades, movements)),
    }
}

/// Managers per tier, in the standard's order; then `none`, then incomplete.
fn tier_counts(standard: &Standard, grades: &[&Grade]) -> Vec<u64> {
    let mut tiers = vec![0u64; standard.tiers.len() + 2];
    for grade in grades {
        let column = match (grade.status, grade.placement) {
            (Status::Graded, Some(Placement::Tier(tier))) => tier,
            (Status::Graded, _) => standard.tiers.len(),
            (Status::Incomplete, _) => standard.tiers.len() + 1,
        };
        tiers[column] += 1;
    }
    tiers
}

/// The competencies with the highest and the lowest mean.
fn strongest_and_weakest(means: &[Option<f64>]) -> (Option<usize>, Option<usize>) {
    let ranked = || {
        means
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
    match (strongest, weakest) {
        (Some(high), Some(low)) if means[high] == means[low] => (None, None),
        pair => pair,
    }
}

fn move_counts(grades: &[&Grade], movements: &[Movement]) -> MoveCounts {
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
            // A panel comes in the order its rows were met: summed in one
            // order, so that the file's row order cannot move a last digit.
            panel.sort_unstable_by(|a, b| a.0.cmp(b.0).then(a.1.total_cmp(&b.1)));
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

/// The composites of the graded managers, in rank order.
pub(crate) fn graded_composites(grades: &Grades) -> Vec<f64> {
    grades
        .grades
        .iter()
        .filter(|grade| grade.status == Status::Graded)
        .filter_map(|grade| grade.scores.composite)
        .collect()
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
    fn leniency_is_flagged_beyond_half_a_point_either_way() {
        let verdict = |leniency| {
            InterviewerLeniency {
                interviewer: "IV1".to_string(),
                scores: 4,
                leniency,
            }
            .verdict()
        };
        assert_eq!(verdict(0.5), None);
        assert_eq!(verdict(0.51), Some(Strictness::Lenient));
        assert_eq!(verdict(-0.5), None);
        assert_eq!(verdict(-0.51), Some(Strictness::Severe));
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
        assert_eq!(verdict(Some(0.8)), Some(Reliability::Reliable));
        assert_eq!(verdict(Some(0.799)), Some(Reliability::Tentative));
        assert_eq!(verdict(Some(0.667)), Some(Reliability::Tentative));
        assert_eq!(verdict(Some(0.666)), Some(Reliability::Unreliable));
        assert_eq!(verdict(None), None);
    }
}
