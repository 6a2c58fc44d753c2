//! Scores (SPEC §3) under the missing-evidence policies (SPEC §4).
//!
//! Rating-scale values (role means, panel means) keep full precision; every
//! 0–100 score is rounded the moment it is computed, and each level is
//! computed from the rounded level below, so a spreadsheet can recompute any
//! number from the numbers shown one level down.

use crate::evidence::Evidence;
use crate::number::round_score;
use crate::standard::{KpiDirection, Method, MissingPolicy, Standard};

/// A manager's judged scores, every one rounded to the standard's precision;
/// `None` where the evidence it needs is not there.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Scores {
    /// Per method (`Method::index`): S_m.
    pub methods: [Option<f64>; 4],
    /// Per competency: the profile score.
    pub competencies: Vec<Option<f64>>,
    pub composite: Option<f64>,
    /// (method, indicator) pairs a method in use could not score.
    pub missing: Vec<(Method, usize)>,
}

impl Scores {
    /// Whether the manager is graded, as the policy decides (SPEC §4).
    pub(crate) fn is_complete(&self, policy: MissingPolicy) -> bool {
        match policy {
            MissingPolicy::Incomplete => self.missing.is_empty(),
            MissingPolicy::Reweight | MissingPolicy::Zero => self.composite.is_some(),
        }
    }
}

/// The scores with the indicator level under them, for explanations.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ScoreSheet {
    /// Per indicator, per method (`Method::index`): the 0–100 indicator score.
    pub indicators: Vec<[Option<f64>; 4]>,
    /// Per indicator: the method-weighted combined score.
    pub combined: Vec<Option<f64>>,
    pub scores: Scores,
}

/// The scores a trim keeps, as a range of the sorted scores: the `trim`
/// highest and lowest are dropped when there are more than 2 × trim.
pub(crate) fn kept_by_trim(count: usize, trim: u32) -> std::ops::Range<usize> {
    let trim = trim as usize;
    if count > 2 * trim {
        trim..count - trim
    } else {
        0..count
    }
}

/// Mean of the scores left after dropping the `trim` highest and lowest, when
/// the group has more than 2 × trim of them. Sorts the scores first and sums
/// in that order, so the result does not depend on the order of the rows.
pub(crate) fn trimmed_mean(scores: &mut [f64], trim: u32) -> Option<f64> {
    if scores.is_empty() {
        return None;
    }
    scores.sort_unstable_by(f64::total_cmp);
    let kept = &scores[kept_by_trim(scores.len(), trim)];
    Some(kept.iter().sum::<f64>() / kept.len() as f64)
}

/// Σ wᵢ sᵢ / Σ wᵢ over the present scores. Under `incomplete` a missing score
/// makes the mean absent; otherwise the weights renormalise over what is there.
fn weighted_mean(
    parts: impl IntoIterator<Item = (f64, Option<f64>)>,
    policy: MissingPolicy,
) -> Option<f64> {
    weighted_mean_and_weight(parts, policy).map(|(mean, _)| mean)
}

/// The weighted mean and the sum of the weights it used.
fn weighted_mean_and_weight(
    parts: impl IntoIterator<Item = (f64, Option<f64>)>,
    policy: MissingPolicy,
) -> Option<(f64, f64)> {
    let mut weighted_sum = 0.0;
    let mut weight_sum = 0.0;
    for (weight, score) in parts {
        match score {
            Some(score) => {
                weighted_sum += weight * score;
                weight_sum += weight;
            }
            None if policy == MissingPolicy::Incomplete => return None,
            None => {}
        }
    }
    (weight_sum > 0.0).then(|| (weighted_sum / weight_sum, weight_sum))
}

/// One group of scores as scoring saw it: a role's raters on one indicator,
/// or the interview panel.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ScoredGroup<'a> {
    /// Every score of the group, ascending.
    pub sorted: &'a [f64],
    /// The scores the trim kept: `sorted[kept]`.
    pub kept: std::ops::Range<usize>,
    /// The fewest scores the group needs (`min_raters`, `min_interviewers`).
    pub minimum: u32,
    /// The mean of the kept scores; `None` below the minimum.
    pub mean: Option<f64>,
}

/// What scoring tells an observer about the evidence under each indicator
/// score: `explain` records it; `grade` passes `()`, which ignores it, so
/// both take the same path through the same code.
pub(crate) trait Trace {
    fn exam(&mut self, _indicator: usize, _points: f64, _maximum: f64) {}
    /// One role group (`role` = the standard's role count for `self`).
    fn role_group(&mut self, _indicator: usize, _role: usize, _group: ScoredGroup<'_>) {}
    /// The rating value, and the sum of the role weights it used.
    fn rating_value(&mut self, _indicator: usize, _value: Option<(f64, f64)>) {}
    fn interview(&mut self, _indicator: usize, _group: ScoredGroup<'_>) {}
    fn kpi(&mut self, _indicator: usize, _actual: f64, _target: f64, _attainment: f64) {}
    /// Whether to be told of the `self` group too, which scoring never uses.
    fn wants_self(&self) -> bool {
        false
    }
}

impl Trace for () {}

/// The rating value of one indicator on the rating scale: the role-weighted
/// mean of the role groups that reach `min_raters`, role weights renormalised
/// over those groups. `None` with no group left.
pub(crate) fn rating_value(
    standard: &Standard,
    evidence: &Evidence,
    manager: usize,
    indicator: usize,
) -> Option<f64> {
    let mut scores = Vec::new();
    traced_rating_value(standard, evidence, manager, indicator, &mut scores, &mut ())
}

/// `scores` is room for one group's scores, reused from group to group: a
/// national quarter scores millions of groups.
fn traced_rating_value(
    standard: &Standard,
    evidence: &Evidence,
    manager: usize,
    indicator: usize,
    scores: &mut Vec<f64>,
    trace: &mut impl Trace,
) -> Option<f64> {
    let rules = &standard.ratings;
    let groups = rules.roles.iter().enumerate().map(|(role_index, role)| {
        scores.clear();
        scores.extend(evidence.ratings(manager, indicator, role_index));
        let group = score_group(scores, role.min_raters, rules.trim);
        let value = group.mean;
        if !group.sorted.is_empty() {
            trace.role_group(indicator, role_index, group);
        }
        (role.weight, value)
    });
    // Reweighting never stops early: every group is scored and traced.
    let value = weighted_mean_and_weight(groups, MissingPolicy::Reweight);
    if trace.wants_self() {
        let self_role = rules.roles.len();
        scores.clear();
        scores.extend(evidence.ratings(manager, indicator, self_role));
        let group = score_group(scores, 0, 0);
        if !group.sorted.is_empty() {
            trace.role_group(indicator, self_role, group);
        }
    }
    trace.rating_value(indicator, value);
    value.map(|(value, _)| value)
}

/// The mean of a manager's own ratings of one indicator (role `self`, never
/// weighted), on the rating scale.
pub(crate) fn self_rating(
    standard: &Standard,
    evidence: &Evidence,
    manager: usize,
    indicator: usize,
) -> Option<f64> {
    let self_role = standard.ratings.roles.len();
    let mut scores: Vec<f64> = evidence.ratings(manager, indicator, self_role).collect();
    score_group(&mut scores, 0, 0).mean
}

/// The interview panel's mean on the rating scale, or `None` below `min_interviewers`.
fn interview_value(
    standard: &Standard,
    evidence: &Evidence,
    manager: usize,
    indicator: usize,
    scores: &mut Vec<f64>,
    trace: &mut impl Trace,
) -> Option<f64> {
    let rules = &standard.interview;
    scores.clear();
    scores.extend(evidence.interview_scores(manager, indicator));
    let group = score_group(scores, rules.min_interviewers, rules.trim);
    let value = group.mean;
    if !group.sorted.is_empty() {
        trace.interview(indicator, group);
    }
    value
}

/// Sorts a group's scores and takes their trimmed mean, when the group has
/// at least `minimum` of them.
fn score_group(scores: &mut [f64], minimum: u32, trim: u32) -> ScoredGroup<'_> {
    let mean = if scores.len() < minimum as usize {
        scores.sort_unstable_by(f64::total_cmp);
        None
    } else {
        trimmed_mean(scores, trim)
    };
    ScoredGroup {
        kept: kept_by_trim(scores.len(), trim),
        sorted: scores,
        minimum,
        mean,
    }
}

/// KPI attainment: actual / target (higher is better) or target / actual
/// (lower is better; `cap` when actual is 0), capped.
pub(crate) fn kpi_attainment(direction: KpiDirection, cap: f64, actual: f64, target: f64) -> f64 {
    let attainment = match direction {
        KpiDirection::Higher => actual / target,
        KpiDirection::Lower if actual == 0.0 => cap,
        KpiDirection::Lower => target / actual,
    };
    attainment.min(cap)
}

/// A value on the rating scale (a role-weighted value, a panel mean) as an
/// unrounded 0–100 score (SPEC §3).
pub(crate) fn on_scale(standard: &Standard, value: f64) -> f64 {
    value / standard.scale_max * 100.0
}

/// A KPI attainment, capped, as an unrounded 0–100 score (SPEC §3).
pub(crate) fn kpi_score(attainment: f64) -> f64 {
    attainment * 100.0
}

/// The unrounded 0–100 score of one indicator by one method, when there is evidence.
fn raw_indicator_score(
    standard: &Standard,
    evidence: &Evidence,
    manager: usize,
    indicator: usize,
    method: Method,
    scores: &mut Vec<f64>,
    trace: &mut impl Trace,
) -> Option<f64> {
    let rule = &standard.indicators[indicator];
    let on_scale = |value: f64| on_scale(standard, value);
    match method {
        Method::Exam => {
            let maximum = rule.exam_max?;
            let points = evidence.exam_points(manager, indicator)?;
            trace.exam(indicator, points, maximum);
            Some(points / maximum * 100.0)
        }
        Method::Ratings => {
            traced_rating_value(standard, evidence, manager, indicator, scores, trace).map(on_scale)
        }
        Method::Interview => {
            interview_value(standard, evidence, manager, indicator, scores, trace).map(on_scale)
        }
        Method::Kpi => {
            let kpi = rule.kpi.as_ref()?;
            let (actual, target) = evidence.kpi_result(manager, indicator)?;
            if kpi.bands.is_empty() {
                let attainment = kpi_attainment(kpi.direction, kpi.cap, actual, target);
                trace.kpi(indicator, actual, target, attainment);
                return Some(kpi_score(attainment));
            }
            // Bands take the place of the cap: the attainment is judged
            // whole (an actual of 0, lower being better, is infinite and
            // takes the top band), and the band's score is exact.
            let attainment = kpi_attainment(kpi.direction, f64::INFINITY, actual, target);
            trace.kpi(indicator, actual, target, attainment);
            kpi.band(attainment).map(|band| band.score)
        }
    }
}

/// A manager's judged scores.
pub(crate) fn score_manager(standard: &Standard, evidence: &Evidence, manager: usize) -> Scores {
    score_sheet(standard, evidence, manager, &mut ()).scores
}

/// Every score of one manager, down to the indicators, telling `trace` of
/// the evidence under each. Each level is computed from the rounded level
/// below (SPEC §5).
pub(crate) fn score_sheet(
    standard: &Standard,
    evidence: &Evidence,
    manager: usize,
    trace: &mut impl Trace,
) -> ScoreSheet {
    let methods_in_use: Vec<Method> = standard.methods_in_use().collect();
    let IndicatorScores {
        by_method: indicators,
        missing,
    } = indicator_scores(standard, evidence, manager, &methods_in_use, trace);
    let methods = method_scores(standard, &methods_in_use, &indicators);
    let combined = combined_scores(standard, &methods_in_use, &indicators);
    let competencies = competency_scores(standard, &combined);
    let composite = if standard.missing == MissingPolicy::Incomplete && !missing.is_empty() {
        None
    } else {
        let parts = methods_in_use
            .iter()
            .map(|&method| (standard.method_weight(method), methods[method.index()]));
        rounded(standard, weighted_mean(parts, standard.missing))
    };
    ScoreSheet {
        indicators,
        combined,
        scores: Scores {
            methods,
            competencies,
            composite,
            missing,
        },
    }
}

/// A score rounded to the standard's precision, the moment it is computed.
fn rounded(standard: &Standard, value: Option<f64>) -> Option<f64> {
    value.map(|v| round_score(v, standard.precision))
}

/// Each indicator's score by each method that measures it (an absent one
/// 0 under `missing = "zero"`), and the (method, indicator) pairs without
/// evidence.
fn indicator_scores(
    standard: &Standard,
    evidence: &Evidence,
    manager: usize,
    methods_in_use: &[Method],
    trace: &mut impl Trace,
) -> IndicatorScores {
    let mut group_scores = Vec::new();
    let mut missing = Vec::new();
    let mut indicators = vec![[None; 4]; standard.indicators.len()];
    for (indicator, scores) in indicators.iter_mut().enumerate() {
        for &method in methods_in_use {
            if !standard.measures(indicator, method) {
                continue;
            }
            let raw = raw_indicator_score(
                standard,
                evidence,
                manager,
                indicator,
                method,
                &mut group_scores,
                trace,
            );
            let score = rounded(standard, raw);
            if score.is_none() {
                missing.push((method, indicator));
            }
            scores[method.index()] = match (score, standard.missing) {
                (None, MissingPolicy::Zero) => Some(0.0),
                (score, _) => score,
            };
        }
    }
    IndicatorScores {
        by_method: indicators,
        missing,
    }
}

/// Each indicator's score by each method (by `Method::index`), and the
/// (method, indicator) pairs without evidence.
struct IndicatorScores {
    by_method: Vec<[Option<f64>; 4]>,
    missing: Vec<(Method, usize)>,
}

/// Each method's score: its indicators' scores weighted by their global
/// weights.
fn method_scores(
    standard: &Standard,
    methods_in_use: &[Method],
    indicators: &[[Option<f64>; 4]],
) -> [Option<f64>; 4] {
    let mut methods = [None; 4];
    for &method in methods_in_use {
        let measured = (0..standard.indicators.len()).filter(|&i| standard.measures(i, method));
        let parts = measured.map(|indicator| {
            (
                standard.global_weight(indicator),
                indicators[indicator][method.index()],
            )
        });
        methods[method.index()] = rounded(standard, weighted_mean(parts, standard.missing));
    }
    methods
}

/// Each indicator's combined score: its methods' scores weighted by the
/// methods' weights.
fn combined_scores(
    standard: &Standard,
    methods_in_use: &[Method],
    indicators: &[[Option<f64>; 4]],
) -> Vec<Option<f64>> {
    (0..standard.indicators.len())
        .map(|indicator| {
            let parts = methods_in_use
                .iter()
                .filter(|&&method| standard.measures(indicator, method))
                .map(|&method| {
                    (
                        standard.method_weight(method),
                        indicators[indicator][method.index()],
                    )
                });
            rounded(standard, weighted_mean(parts, standard.missing))
        })
        .collect()
}

/// Each competency's score: its indicators' combined scores weighted by
/// their weights.
fn competency_scores(standard: &Standard, combined: &[Option<f64>]) -> Vec<Option<f64>> {
    standard
        .competencies
        .iter()
        .map(|competency| {
            let parts = competency
                .indicators
                .iter()
                .map(|&indicator| (standard.indicators[indicator].weight, combined[indicator]));
            rounded(standard, weighted_mean(parts, standard.missing))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trim_drops_extremes_only_when_enough_scores() {
        // trim 1 of [2, 3, 4, 5]: drop 2 and 5, mean of 3 and 4 = 3.5.
        assert_eq!(trimmed_mean(&mut [5.0, 2.0, 4.0, 3.0], 1), Some(3.5));
        // Two scores are not more than 2 × 1: nothing dropped, mean 3.5.
        assert_eq!(trimmed_mean(&mut [2.0, 5.0], 1), Some(3.5));
        // Three scores, trim 1: only the middle one, 4.
        assert_eq!(trimmed_mean(&mut [5.0, 4.0, 1.0], 1), Some(4.0));
        assert_eq!(trimmed_mean(&mut [], 0), None);
    }

    #[test]
    fn weighted_mean_by_policy() {
        let parts = [(0.6, Some(80.0)), (0.4, None)];
        assert_eq!(weighted_mean(parts, MissingPolicy::Incomplete), None);
        // Reweight: 0.6 × 80 / 0.6 = 80.
        assert_eq!(weighted_mean(parts, MissingPolicy::Reweight), Some(80.0));
        // 0.6 × 80 + 0.4 × 70 = 48 + 28 = 76.
        let full = [(0.6, Some(80.0)), (0.4, Some(70.0))];
        assert!((weighted_mean(full, MissingPolicy::Incomplete).unwrap() - 76.0).abs() < 1e-12);
        assert_eq!(weighted_mean([(1.0, None)], MissingPolicy::Reweight), None);
    }

    #[test]
    fn kpi_bands_take_the_first_threshold_reached() {
        use crate::standard::{KpiBand, KpiRule};
        let band = |threshold, score| KpiBand { threshold, score };
        let rule = KpiRule {
            direction: KpiDirection::Lower,
            cap: 1.0,
            bands: vec![
                band(1.2, 100.0),
                band(1.0, 85.0),
                band(0.8, 70.0),
                band(0.0, 50.0),
            ],
        };
        let score = |attainment: f64| rule.band(attainment).map(|b| b.score);
        assert_eq!(score(1.2), Some(100.0));
        assert_eq!(score(1.1999), Some(85.0));
        // Lower is better: target 5.6 / actual 7 = 0.7999999999999999,
        // 0.8 to 15 significant digits: the 0.8 band.
        let attainment = kpi_attainment(rule.direction, f64::INFINITY, 7.0, 5.6);
        assert!(attainment < 0.8);
        assert_eq!(score(attainment), Some(70.0));
        assert_eq!(score(0.79), Some(50.0));
        assert_eq!(score(0.0), Some(50.0));
        // An actual of 0, lower being better: unbounded, the top band.
        let unbounded = kpi_attainment(rule.direction, f64::INFINITY, 0.0, 3.0);
        assert_eq!(score(unbounded), Some(100.0));
    }

    #[test]
    fn kpi_attainment_directions_and_cap() {
        // Higher: 90 / 100 = 0.9.
        assert_eq!(kpi_attainment(KpiDirection::Higher, 1.2, 90.0, 100.0), 0.9);
        // Higher, capped: 150 / 100 = 1.5 → cap 1.2.
        assert_eq!(kpi_attainment(KpiDirection::Higher, 1.2, 150.0, 100.0), 1.2);
        // Lower: target 2 / actual 4 = 0.5.
        assert_eq!(kpi_attainment(KpiDirection::Lower, 1.0, 4.0, 2.0), 0.5);
        // Lower, actual 0: the cap.
        assert_eq!(kpi_attainment(KpiDirection::Lower, 1.25, 0.0, 3.0), 1.25);
        // Lower, target 1 / actual 0.5 = 2 → cap 1.0.
        assert_eq!(kpi_attainment(KpiDirection::Lower, 1.0, 0.5, 1.0), 1.0);
    }
}
