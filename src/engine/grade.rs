//! Ranks, tiers and quotas (SPEC §5): from every manager's scores to the
//! ranked result.

use std::cmp::Ordering;

use rayon::prelude::*;

use crate::engine::score::{Scores, score_manager};
use crate::evidence::Evidence;
use crate::number::round_score;
use crate::standard::{Method, MissingPolicy, QuotaTies, Standard, TieBreaker, Tier};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    Graded,
    Incomplete,
}

impl Status {
    pub(crate) fn id(self) -> &'static str {
        match self {
            Status::Graded => "graded",
            Status::Incomplete => "incomplete",
        }
    }
}

/// The tier a graded manager holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Placement {
    /// Index into `Standard::tiers`.
    Tier(usize),
    /// No tier's conditions are met.
    None,
}

/// The highest tier a manager may take this quarter: `[movement]
/// max_step_up` tiers above their tier of the previous quarter.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Cap {
    /// Index into `Standard::tiers`: tiers above it are out of reach.
    pub tier: usize,
    /// The previous tier as its export shows it: a tier id, `none`, or
    /// `incomplete`.
    pub was: String,
}

/// One manager's result.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Grade {
    /// Index into the roster.
    pub manager: usize,
    pub scores: Scores,
    pub status: Status,
    /// 1-based; shared by managers equal on composite and every tie-breaker.
    pub rank: Option<u32>,
    /// `None` for an incomplete manager.
    pub placement: Option<Placement>,
    /// Why a manager is incomplete, what was reweighted, a quota or a cap
    /// that kept them from a tier.
    pub note: String,
    /// The cap of `[movement] max_step_up`, when the previous quarter sets one.
    pub cap: Option<Cap>,
}

/// The placement of a manager who meets no tier, as every output names it.
pub(crate) const NO_TIER: &str = "none";
/// The ungraded managers, as `--tier` and the reports name them.
pub(crate) const INCOMPLETE: &str = "incomplete";

impl Grade {
    /// The tier id the manager holds, [`NO_TIER`] when no tier is met;
    /// `None` for an incomplete manager.
    pub(crate) fn tier_id<'s>(&self, standard: &'s Standard) -> Option<&'s str> {
        match self.placement? {
            Placement::Tier(index) => Some(standard.tiers[index].id.as_str()),
            Placement::None => Some(NO_TIER),
        }
    }

    /// Whether the cap keeps the manager out of tier `index`.
    pub(crate) fn capped_out_of(&self, index: usize) -> bool {
        self.cap.as_ref().is_some_and(|cap| index < cap.tier)
    }
}

/// Every roster manager's result, in rank order, incomplete managers last by id.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Grades {
    pub grades: Vec<Grade>,
    /// Quota lines that cut through a tie.
    pub warnings: Vec<String>,
    /// Per tier: how many managers it may admit, when it has a quota.
    pub quotas: Vec<Option<u64>>,
    /// Each tier's quota line that falls inside a tie, top tier first.
    pub quota_ties: Vec<QuotaTie>,
}

/// Managers who share a rank across a tier's quota line: the block as
/// `[[tiers]] quota_ties` treats it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct QuotaTie {
    /// Index into `Standard::tiers`.
    pub tier: usize,
    pub rank: u32,
    pub quota: u64,
    /// Positions in `Grades::grades` of the block's managers who met the
    /// tier and were under their cap, in rank order.
    pub members: Vec<usize>,
    /// How many of `members`, the first ones, the tier admitted.
    pub admitted: usize,
    /// How many managers the tier admitted beyond its quota (`admit`).
    pub over: u64,
}

/// The note of every member of a block under `quota_ties = "flag"`.
pub(crate) const TIED_AT_QUOTA_NOTE: &str = "tied at the quota line: for calibration";

/// Grades every manager of the roster.
pub(crate) fn grade(standard: &Standard, evidence: &Evidence) -> Grades {
    grade_capped(standard, evidence, &[])
}

/// Managers scored in one job at most. Rayon splits a range only while
/// another thread takes a share, so the last shares could be thousands of
/// managers long, scored on one thread while the others wait.
const MANAGERS_PER_JOB: usize = 256;

/// Grades every manager of the roster, each held under their cap (by
/// roster index; a manager past the end of `caps` has none).
pub(crate) fn grade_capped(
    standard: &Standard,
    evidence: &Evidence,
    caps: &[Option<Cap>],
) -> Grades {
    let managers = &evidence.roster.managers;
    let mut grades: Vec<Grade> = (0..managers.len())
        .into_par_iter()
        .with_max_len(MANAGERS_PER_JOB)
        .map(|manager| {
            let scores = score_manager(standard, evidence, manager);
            let status = if scores.is_complete(standard.missing) {
                Status::Graded
            } else {
                Status::Incomplete
            };
            let mut note = note(standard, &scores, status);
            if let Some(lost) = lost_rows_note(evidence, manager, status) {
                push_note(&mut note, lost);
            }
            Grade {
                manager,
                scores,
                status,
                rank: None,
                placement: None,
                note,
                cap: caps.get(manager).cloned().flatten(),
            }
        })
        .collect();

    let id = |grade: &Grade| managers[grade.manager].id.as_str();
    grades.par_sort_by(|a, b| match (a.status, b.status) {
        (Status::Graded, Status::Graded) => {
            compare_rank(standard, &a.scores, &b.scores).then_with(|| id(a).cmp(id(b)))
        }
        (Status::Graded, Status::Incomplete) => Ordering::Less,
        (Status::Incomplete, Status::Graded) => Ordering::Greater,
        (Status::Incomplete, Status::Incomplete) => id(a).cmp(id(b)),
    });

    let graded = grades.iter().filter(|g| g.status == Status::Graded).count();
    for position in 0..graded {
        let shares_rank = position > 0
            && compare_rank(
                standard,
                &grades[position - 1].scores,
                &grades[position].scores,
            ) == Ordering::Equal;
        grades[position].rank = if shares_rank {
            grades[position - 1].rank
        } else {
            Some(position as u32 + 1)
        };
    }

    let quotas: Vec<Option<u64>> = standard
        .tiers
        .iter()
        .map(|tier| {
            tier.max_share.map(|share| {
                share
                    .floor_times(graded as u64)
                    .clamp(0, i128::from(u64::MAX)) as u64
            })
        })
        .collect();
    let (warnings, quota_ties) = place(standard, evidence, &mut grades[..graded], &quotas);
    Grades {
        grades,
        warnings,
        quotas,
        quota_ties,
    }
}

/// Walks the managers in rank order, each taking the highest tier under
/// their cap whose conditions hold and whose quota has room. Equivalent to
/// filling each tier top-down in rank order, since a manager only reaches a
/// tier after every manager ranked above has taken theirs. A tier above the
/// cap is not tried, so a capped manager takes no place in its quota.
/// Under `quota_ties = "admit"` a full quota still takes a manager who
/// shares the rank of the last one it admitted: the tie is admitted whole.
fn place(
    standard: &Standard,
    evidence: &Evidence,
    ranked: &mut [Grade],
    quotas: &[Option<u64>],
) -> (Vec<String>, Vec<QuotaTie>) {
    let tiers = standard.tiers.len();
    // Whether each manager meets each tier, found on every thread first:
    // a manager's scores and tenure are far apart in memory, and one
    // thread walking the ranking waited for each in turn.
    let meets: Vec<bool> = ranked
        .par_iter()
        .with_max_len(MANAGERS_PER_JOB)
        .flat_map_iter(|grade| {
            let tenure = evidence.roster.managers[grade.manager].tenure_years;
            let scores = &grade.scores;
            standard
                .tiers
                .iter()
                .map(move |tier| qualifies(tier, scores, tenure))
        })
        .collect();
    let mut admitted = vec![0u64; tiers];
    let mut last_admitted: Vec<Option<usize>> = vec![None; tiers];
    let mut first_turned_away: Vec<Option<usize>> = vec![None; tiers];
    // Per tier: the managers who met it under their cap, admitted or not.
    let mut contenders: Vec<Vec<usize>> = vec![Vec::new(); tiers];
    for position in 0..ranked.len() {
        let rank = ranked[position].rank;
        let grade = &ranked[position];
        let mut placement = Placement::None;
        let mut turned_away = Vec::new();
        let mut capped = false;
        for (index, tier) in standard.tiers.iter().enumerate() {
            if !meets[position * tiers + index] {
                continue;
            }
            if grade.capped_out_of(index) {
                capped = true;
                continue;
            }
            if quotas[index].is_some() {
                contenders[index].push(position);
            }
            let full = quotas[index].is_some_and(|quota| admitted[index] >= quota);
            let tied_with_last = last_admitted[index].is_some_and(|last| ranked[last].rank == rank);
            if full && !(tier.quota_ties == QuotaTies::Admit && tied_with_last) {
                first_turned_away[index].get_or_insert(position);
                turned_away.push(index);
                continue;
            }
            admitted[index] += 1;
            last_admitted[index] = Some(position);
            placement = Placement::Tier(index);
            break;
        }
        let grade = &mut ranked[position];
        grade.placement = Some(placement);
        if let (true, Some(cap), Some(step)) = (capped, &grade.cap, standard.max_step_up) {
            push_note(
                &mut grade.note,
                format!(
                    "tier capped at `{}` by [movement] max_step_up = {step} (was `{}`)",
                    standard.tiers[cap.tier].id, cap.was
                ),
            );
        }
        for index in turned_away {
            let quota = quotas[index].unwrap_or(0);
            push_note(
                &mut grade.note,
                format!(
                    "meets `{}` but its quota of {quota} is full",
                    standard.tiers[index].id
                ),
            );
        }
    }

    let mut warnings = Vec::new();
    let mut ties = Vec::new();
    for (index, tier) in standard.tiers.iter().enumerate() {
        let (Some(quota), Some(last)) = (quotas[index], last_admitted[index]) else {
            continue;
        };
        let rank = ranked[last].rank;
        let over = admitted[index].saturating_sub(quota);
        let split = first_turned_away[index].filter(|&first| ranked[first].rank == rank);
        if over == 0 && split.is_none() {
            continue;
        }
        let members: Vec<usize> = contenders[index]
            .iter()
            .copied()
            .filter(|&position| ranked[position].rank == rank)
            .collect();
        let admitted_of_block = members.iter().filter(|&&p| p <= last).count();
        let id = |position: usize| {
            evidence.roster.managers[ranked[position].manager]
                .id
                .as_str()
        };
        if let Some(first) = split {
            warnings.push(format!(
                "the quota of tier `{}` ({quota}) falls inside a tie at rank {}: `{}` was admitted and `{}` turned away by manager_id order",
                tier.id,
                rank.unwrap_or(0),
                id(last),
                id(first),
            ));
        }
        if over > 0 {
            let names: Vec<String> = members.iter().map(|&p| format!("`{}`", id(p))).collect();
            warnings.push(format!(
                "tier `{}` admits {} managers, {over} over its quota of {quota}: the tie at rank {} ({}) is admitted whole (quota_ties = \"admit\")",
                tier.id,
                admitted[index],
                rank.unwrap_or(0),
                names.join(", "),
            ));
        }
        if tier.quota_ties == QuotaTies::Flag {
            for &position in &members {
                push_note(&mut ranked[position].note, TIED_AT_QUOTA_NOTE.to_string());
            }
        }
        ties.push(QuotaTie {
            tier: index,
            rank: rank.unwrap_or(0),
            quota,
            members,
            admitted: admitted_of_block,
            over,
        });
    }
    (warnings, ties)
}

/// What a tier's condition is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Requirement {
    Composite,
    /// Index into `Standard::competencies`.
    Competency(usize),
    Method(Method),
    TenureYears,
}

impl Requirement {
    /// The id the outputs name the condition by.
    pub(crate) fn id<'a>(&self, standard: &'a Standard) -> &'a str {
        match *self {
            Requirement::Composite => "composite",
            Requirement::Competency(competency) => &standard.competencies[competency].id,
            Requirement::Method(method) => method.id(),
            Requirement::TenureYears => "tenure_years",
        }
    }
}

/// One condition of a tier, checked against one manager's rounded scores.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Condition {
    pub requirement: Requirement,
    pub minimum: f64,
    /// The manager's value; a condition on an absent value fails.
    pub value: Option<f64>,
}

impl Condition {
    pub(crate) fn is_met(&self) -> bool {
        self.value.is_some_and(|value| value >= self.minimum)
    }

    /// How far the value falls below the minimum, rounded as scores are
    /// (`None` when met or when there is no value). Tenure is in years as
    /// the roster gives them, not a score: rounded only of binary noise.
    pub(crate) fn shortfall(&self, precision: u32) -> Option<f64> {
        let precision = match self.requirement {
            Requirement::TenureYears => 6,
            _ => precision,
        };
        self.value
            .filter(|_| !self.is_met())
            .map(|value| round_score(self.minimum - value, precision))
    }
}

/// Every condition of a tier (≥ each minimum, on the rounded scores), as
/// they apply to one manager.
pub(crate) fn conditions<'a>(
    tier: &'a Tier,
    scores: &'a Scores,
    tenure_years: Option<f64>,
) -> impl Iterator<Item = Condition> + 'a {
    let composite = Condition {
        requirement: Requirement::Composite,
        minimum: tier.min_composite,
        value: scores.composite,
    };
    let competencies = tier
        .min_competency
        .iter()
        .map(|&(competency, minimum)| Condition {
            requirement: Requirement::Competency(competency),
            minimum,
            value: scores.competencies[competency],
        });
    let methods = tier.min_method.iter().map(|&(method, minimum)| Condition {
        requirement: Requirement::Method(method),
        minimum,
        value: scores.methods[method.index()],
    });
    let tenure = tier.min_tenure_years.map(|minimum| Condition {
        requirement: Requirement::TenureYears,
        minimum,
        value: tenure_years,
    });
    std::iter::once(composite)
        .chain(competencies)
        .chain(methods)
        .chain(tenure)
}

/// Whether a manager meets every condition of a tier.
pub(crate) fn qualifies(tier: &Tier, scores: &Scores, tenure_years: Option<f64>) -> bool {
    conditions(tier, scores, tenure_years).all(|condition| condition.is_met())
}

/// The value a tie-breaker compares.
fn tie_value(breaker: TieBreaker, scores: &Scores) -> Option<f64> {
    match breaker {
        TieBreaker::Method(method) => scores.methods[method.index()],
        TieBreaker::Competency(competency) => scores.competencies[competency],
    }
}

/// Order of two graded managers: composite descending, then each tie-breaker
/// descending, an absent value lowest. Equal means they share a rank.
fn compare_rank(standard: &Standard, a: &Scores, b: &Scores) -> Ordering {
    let descending = |x: Option<f64>, y: Option<f64>| match (x, y) {
        (Some(x), Some(y)) => y.total_cmp(&x),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    standard
        .tie_breakers
        .iter()
        .fold(descending(a.composite, b.composite), |order, &breaker| {
            order.then_with(|| descending(tie_value(breaker, a), tie_value(breaker, b)))
        })
}

/// A manager graded without rows `--rejects` set aside says so:
/// `graded without 1 rejected rating (q/ratings.csv:30)`.
pub(crate) fn lost_rows_note(
    evidence: &Evidence,
    manager: usize,
    status: Status,
) -> Option<String> {
    let lost = evidence.rejected_note(manager)?;
    let verb = match status {
        Status::Graded => "graded",
        Status::Incomplete => "scored",
    };
    Some(format!("{verb} {lost}"))
}

fn push_note(note: &mut String, text: String) {
    if !note.is_empty() {
        note.push_str("; ");
    }
    note.push_str(&text);
}

/// The note of a manager whose evidence is short: what is missing, and what
/// the policy did about it.
fn note(standard: &Standard, scores: &Scores, status: Status) -> String {
    if scores.missing.is_empty() {
        return String::new();
    }
    let list = missing_by_method(standard, scores)
        .iter()
        .map(|(method, ids)| format!("{} ({})", method.id(), ids.join(", ")))
        .collect::<Vec<_>>()
        .join(", ");
    match (status, standard.missing) {
        (Status::Incomplete, _) => format!("missing {list}"),
        (Status::Graded, MissingPolicy::Reweight) => format!("reweighted without {list}"),
        (Status::Graded, _) => format!("scored 0 for missing {list}"),
    }
}

/// The indicators each method could not score, methods in their order.
pub(crate) fn missing_by_method<'a>(
    standard: &'a Standard,
    scores: &Scores,
) -> Vec<(Method, Vec<&'a str>)> {
    Method::ALL
        .into_iter()
        .map(|method| {
            let ids: Vec<&str> = scores
                .missing
                .iter()
                .filter(|(m, _)| *m == method)
                .map(|&(_, indicator)| standard.indicators[indicator].id.as_str())
                .collect();
            (method, ids)
        })
        .filter(|(_, ids)| !ids.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::number::ExactDecimal;

    fn scores(
        composite: Option<f64>,
        methods: [Option<f64>; 4],
        competencies: Vec<Option<f64>>,
    ) -> Scores {
        Scores {
            methods,
            competencies,
            composite,
            missing: Vec::new(),
        }
    }

    fn superior() -> Tier {
        Tier {
            id: "superior".into(),
            name: "Superior".into(),
            min_composite: 85.0,
            min_competency: vec![(0, 80.0)],
            min_method: vec![(Method::Exam, 70.0)],
            min_tenure_years: Some(3.0),
            max_share: ExactDecimal::parse("0.15"),
            quota_ties: QuotaTies::Split,
        }
    }

    #[test]
    fn every_minimum_is_met_with_equality() {
        let exact = scores(Some(85.0), [Some(70.0), None, None, None], vec![Some(80.0)]);
        assert!(qualifies(&superior(), &exact, Some(3.0)));
    }

    #[test]
    fn a_hundredth_short_of_any_minimum_fails() {
        let tier = superior();
        let short_composite = scores(
            Some(84.99),
            [Some(70.0), None, None, None],
            vec![Some(80.0)],
        );
        let short_floor = scores(
            Some(85.0),
            [Some(70.0), None, None, None],
            vec![Some(79.99)],
        );
        let short_method = scores(
            Some(85.0),
            [Some(69.99), None, None, None],
            vec![Some(80.0)],
        );
        assert!(!qualifies(&tier, &short_composite, Some(3.0)));
        assert!(!qualifies(&tier, &short_floor, Some(3.0)));
        assert!(!qualifies(&tier, &short_method, Some(3.0)));
        let full = scores(Some(85.0), [Some(70.0), None, None, None], vec![Some(80.0)]);
        assert!(!qualifies(&tier, &full, Some(2.99)));
    }

    #[test]
    fn a_condition_on_an_absent_value_fails() {
        let tier = superior();
        let no_floor_score = scores(Some(90.0), [Some(90.0), None, None, None], vec![None]);
        let no_exam = scores(Some(90.0), [None, None, None, None], vec![Some(90.0)]);
        let full = scores(Some(90.0), [Some(90.0), None, None, None], vec![Some(90.0)]);
        assert!(!qualifies(&tier, &no_floor_score, Some(5.0)));
        assert!(!qualifies(&tier, &no_exam, Some(5.0)));
        // No tenure in the roster: `min_tenure_years` fails.
        assert!(!qualifies(&tier, &full, None));
        assert!(qualifies(&tier, &full, Some(5.0)));
    }
}
