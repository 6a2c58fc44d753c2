//! `ladder explain` (SPEC §7): one manager's whole computation, from the raw
//! evidence to the tiers, as data. The numbers are recorded while the
//! scoring code that grades everyone runs for this manager (`score_sheet`
//! with a `Trace`), so what is explained is what was judged. The text,
//! JSON and HTML of it are written in `output` (`text::explain`,
//! `json::explain`, `html::explain`).

use std::ops::Range;

use crate::engine::grade::{Grade, Grades, QuotaTie};
use crate::engine::score::{ScoreSheet, ScoredGroup, Trace, kpi_attainment, score_sheet};
use crate::engine::self_view::{SelfGaps, self_gaps};
use crate::engine::tiers::{TierCheck, tier_checks};
use crate::evidence::{Evidence, Manager};
use crate::standard::{QuotaTies, Standard};

/// A group of scores as recorded: see [`ScoredGroup`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RecordedGroup {
    pub(crate) sorted: Vec<f64>,
    pub(crate) kept: Range<usize>,
    pub(crate) minimum: u32,
    pub(crate) mean: Option<f64>,
    /// Under `[ratings] adjust`, each rating raw and adjusted, in the
    /// order of `sorted`; no rater is named (SPEC §8).
    pub(crate) adjusted: Vec<AdjustedRating>,
}

/// One rating under `[ratings] adjust`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AdjustedRating {
    pub(crate) raw: f64,
    /// The rater's shift (overall mean − the rater's mean); `None` for a
    /// rater with too few ratings or managers to be adjusted.
    pub(crate) shift: Option<f64>,
    /// The value scoring used.
    pub(crate) adjusted: f64,
}

impl RecordedGroup {
    /// The lowest and highest scores the trim left out.
    pub(crate) fn dropped_by_trim(&self) -> Vec<f64> {
        let (low, high) = self.sorted.split_at(self.kept.start);
        low.iter()
            .chain(&high[self.kept.len()..])
            .copied()
            .collect()
    }
}

impl From<ScoredGroup<'_>> for RecordedGroup {
    fn from(group: ScoredGroup<'_>) -> RecordedGroup {
        RecordedGroup {
            sorted: group.sorted.to_vec(),
            kept: group.kept,
            minimum: group.minimum,
            mean: group.mean,
            adjusted: Vec::new(),
        }
    }
}

/// The evidence under every indicator score of one manager.
#[derive(Debug, Clone, Default)]
pub(crate) struct Recorder {
    /// Per indicator: (points, maximum).
    pub(crate) exam: Vec<Option<(f64, f64)>>,
    /// Per indicator: (role, group), roles in the standard's order, `self`
    /// last.
    pub(crate) role_groups: Vec<Vec<(usize, RecordedGroup)>>,
    /// Per indicator: the rating value and the role weights it used.
    pub(crate) rating_values: Vec<Option<(f64, f64)>>,
    pub(crate) interview: Vec<Option<RecordedGroup>>,
    /// Per indicator: (actual, target, attainment).
    pub(crate) kpi: Vec<Option<(f64, f64, f64)>>,
}

impl Recorder {
    fn new(indicators: usize) -> Recorder {
        Recorder {
            exam: vec![None; indicators],
            role_groups: vec![Vec::new(); indicators],
            rating_values: vec![None; indicators],
            interview: vec![None; indicators],
            kpi: vec![None; indicators],
        }
    }
}

impl Trace for Recorder {
    fn exam(&mut self, indicator: usize, points: f64, maximum: f64) {
        self.exam[indicator] = Some((points, maximum));
    }

    fn role_group(&mut self, indicator: usize, role: usize, group: ScoredGroup<'_>) {
        self.role_groups[indicator].push((role, group.into()));
    }

    fn rating_value(&mut self, indicator: usize, value: Option<(f64, f64)>) {
        self.rating_values[indicator] = value;
    }

    fn interview(&mut self, indicator: usize, group: ScoredGroup<'_>) {
        self.interview[indicator] = Some(group.into());
    }

    fn kpi(&mut self, indicator: usize, actual: f64, target: f64, attainment: f64) {
        self.kpi[indicator] = Some((actual, target, attainment));
    }

    fn wants_self(&self) -> bool {
        true
    }
}

/// Under `[ratings] adjust`, each recorded role group's ratings raw and
/// adjusted (self ratings are never adjusted).
fn record_adjustments(
    standard: &Standard,
    evidence: &Evidence,
    manager: usize,
    record: &mut Recorder,
) {
    let Some(leniency) = evidence.leniency() else {
        return;
    };
    for (indicator, groups) in record.role_groups.iter_mut().enumerate() {
        for (role, group) in groups.iter_mut() {
            if *role >= standard.ratings.roles.len() {
                continue;
            }
            let mut rated: Vec<AdjustedRating> = evidence
                .rated(manager, indicator, *role)
                .map(|(rater, raw, adjusted)| AdjustedRating {
                    raw,
                    shift: leniency.shift(rater),
                    adjusted,
                })
                .collect();
            rated.sort_by(|a, b| {
                a.adjusted
                    .total_cmp(&b.adjusted)
                    .then(a.raw.total_cmp(&b.raw))
            });
            group.adjusted = rated;
        }
    }
}

/// Role groups as people may read them (SPEC §8): a group below its role's
/// `report_min` is pooled into "others", which is hidden below 3 raters.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ShownGroup<'a> {
    Role {
        role: usize,
        group: &'a RecordedGroup,
        /// The role's weight renormalised over the groups that counted.
        weight: Option<f64>,
    },
    Others {
        raters: usize,
        mean: f64,
    },
    Hidden,
}

/// The fewest raters a pooled "others" line needs to be shown.
pub(crate) const OTHERS_MIN: usize = 3;

/// The role groups of one indicator as shown.
pub(crate) fn shown_groups<'a>(
    standard: &Standard,
    groups: &'a [(usize, RecordedGroup)],
    weight_sum: Option<f64>,
    show_all_roles: bool,
) -> Vec<ShownGroup<'a>> {
    let roles = &standard.ratings.roles;
    let mut shown = Vec::new();
    let mut pooled: Vec<f64> = Vec::new();
    for (role, group) in groups {
        let Some(rule) = roles.get(*role) else {
            continue; // `self` is shown beside the others, never among them.
        };
        if show_all_roles || group.sorted.len() >= rule.report_min as usize {
            let weight = group.mean.and(weight_sum).map(|sum| rule.weight / sum);
            shown.push(ShownGroup::Role {
                role: *role,
                group,
                weight,
            });
        } else {
            pooled.extend_from_slice(&group.sorted);
        }
    }
    if pooled.len() >= OTHERS_MIN {
        shown.push(ShownGroup::Others {
            raters: pooled.len(),
            mean: pooled.iter().sum::<f64>() / pooled.len() as f64,
        });
    } else if !pooled.is_empty() {
        shown.push(ShownGroup::Hidden);
    }
    shown
}

/// Everything `explain` shows of one manager.
pub(crate) struct Explanation<'a> {
    pub(crate) standard: &'a Standard,
    pub(crate) manager: &'a Manager,
    pub(crate) grade: &'a Grade,
    pub(crate) sheet: ScoreSheet,
    pub(crate) record: Recorder,
    /// Every tier from the top, checked.
    pub(crate) tiers: Vec<TierCheck>,
    pub(crate) self_gaps: SelfGaps,
    /// Role groups below `report_min` are shown (for the analyst).
    pub(crate) show_all_roles: bool,
    /// The tied blocks at a quota line the manager is in, under a tier's
    /// `quota_ties = "admit"` or `"flag"`, with the others' ids.
    pub(crate) quota_ties: Vec<TieShown<'a>>,
}

/// A tied block at a quota line as one member's explanation shows it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TieShown<'a> {
    pub(crate) tie: &'a QuotaTie,
    pub(crate) rule: QuotaTies,
    /// Every member's `manager_id`, in rank order.
    pub(crate) members: Vec<&'a str>,
    /// This manager was admitted by the tier.
    pub(crate) admitted: bool,
}

impl<'a> Explanation<'a> {
    pub(crate) fn new(
        standard: &'a Standard,
        evidence: &'a Evidence,
        grades: &'a Grades,
        manager: usize,
        show_all_roles: bool,
    ) -> Option<Explanation<'a>> {
        let position = grades.grades.iter().position(|g| g.manager == manager)?;
        let grade = &grades.grades[position];
        let mut record = Recorder::new(standard.indicators.len());
        let sheet = score_sheet(standard, evidence, manager, &mut record);
        record_adjustments(standard, evidence, manager, &mut record);
        let roster_manager = &evidence.roster.managers[manager];
        Some(Explanation {
            standard,
            manager: roster_manager,
            grade,
            tiers: tier_checks(standard, grade, roster_manager.tenure_years),
            sheet,
            record,
            self_gaps: self_gaps(standard, evidence, manager),
            show_all_roles,
            quota_ties: ties_of(standard, evidence, grades, position),
        })
    }

    /// The block the manager is in at tier `tier`'s quota line, if any.
    pub(crate) fn quota_tie(&self, tier: usize) -> Option<&TieShown<'a>> {
        self.quota_ties.iter().find(|shown| shown.tie.tier == tier)
    }

    /// The manager's tier id; empty when not placed in a tier.
    pub(crate) fn tier_id(&self) -> &str {
        self.grade.tier_id(self.standard).unwrap_or_default()
    }

    /// The scores the manager's own `self` ratings gave `indicator`: shown
    /// beside the role groups, never weighted.
    pub(crate) fn self_ratings(&self, indicator: usize) -> Option<&RecordedGroup> {
        let self_role = self.standard.ratings.roles.len();
        self.record.role_groups[indicator]
            .iter()
            .find(|(role, _)| *role == self_role)
            .map(|(_, group)| group)
    }

    /// A KPI's attainment before its cap; `None` for an actual of 0 when
    /// lower is better, which has no ratio (its attainment is the cap).
    pub(crate) fn uncapped_attainment(
        &self,
        indicator: usize,
        actual: f64,
        target: f64,
    ) -> Option<f64> {
        let kpi = self.standard.indicators[indicator].kpi.as_ref()?;
        let ratio = kpi_attainment(kpi.direction, f64::INFINITY, actual, target);
        ratio.is_finite().then_some(ratio)
    }
}

/// The tied blocks at a quota line that the manager at `position` is in,
/// for the tiers whose `quota_ties` is not the default split: a split tie
/// is told in `grade`'s warning only.
fn ties_of<'a>(
    standard: &Standard,
    evidence: &'a Evidence,
    grades: &'a Grades,
    position: usize,
) -> Vec<TieShown<'a>> {
    grades
        .quota_ties
        .iter()
        .filter(|tie| standard.tiers[tie.tier].quota_ties != QuotaTies::Split)
        .filter_map(|tie| {
            let at = tie.members.iter().position(|&member| member == position)?;
            let members = tie
                .members
                .iter()
                .map(|&member| {
                    let manager = grades.grades[member].manager;
                    evidence.roster.managers[manager].id.as_str()
                })
                .collect();
            Some(TieShown {
                tie,
                rule: standard.tiers[tie.tier].quota_ties,
                members,
                admitted: at < tie.admitted,
            })
        })
        .collect()
}
