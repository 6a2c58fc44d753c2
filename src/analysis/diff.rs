//! `ladder diff`: what changed between two standards, in words a committee
//! can read, and, given a quarter, whom the change would move.

use std::collections::BTreeMap;

use crate::analysis::weights::{WeightRow, effective_weights};
use crate::engine::grade::{Grades, Status};
use crate::engine::grade::{INCOMPLETE, NO_TIER};
use crate::evidence::Roster;
use crate::number::{format_score, trim_number};
use crate::standard::{Indicator, KpiDirection, KpiRule, Method, Standard, TieBreaker, Tier};

/// One difference between the old and the new standard.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Change {
    /// `standard`, `methods`, `ratings`, `interview`, `competencies`,
    /// `indicators`, `ranking`, `tiers`, `movement` or `ahp`.
    pub(crate) section: &'static str,
    /// What changed, named: ``method `exam` ``, ``tier `superior` ``.
    pub(crate) subject: String,
    /// The change in words: `weight 0.25 → 0.30`, `added`, `removed`.
    pub(crate) change: String,
}

fn change(section: &'static str, subject: String, change: String) -> Change {
    Change {
        section,
        subject,
        change,
    }
}

/// `old → new` when they differ as shown: weights that differ only in
/// binary noise (a set normalised in another order) are the same.
fn moved<T>(old: T, new: T, show: impl Fn(&T) -> String) -> Option<String> {
    let (old, new) = (show(&old), show(&new));
    (old != new).then(|| format!("{old} → {new}"))
}

fn number(value: &f64) -> String {
    trim_number(*value)
}

fn optional(value: &Option<f64>) -> String {
    value.as_ref().map_or_else(|| "none".to_string(), number)
}

fn percent(value: &f64) -> String {
    format!(
        "{} %",
        format_score(crate::number::round_score(value * 100.0, 2), 2)
    )
}

/// The changes found so far, in the order they are found.
#[derive(Default)]
struct Found {
    changes: Vec<Change>,
}

impl Found {
    /// Adds a change to `subject` when there is one.
    fn push(&mut self, section: &'static str, subject: &str, text: Option<String>) {
        if let Some(text) = text {
            self.changes
                .push(change(section, subject.to_string(), text));
        }
    }

    /// `added` or `removed` for a member only one side has; else the
    /// changes `edits` finds between the two.
    fn member<T>(
        &mut self,
        section: &'static str,
        subject: &str,
        pair: (Option<T>, Option<T>),
        added: impl FnOnce(T) -> String,
        edits: impl FnOnce(T, T) -> Vec<Option<String>>,
    ) {
        match pair {
            (None, Some(is)) => self.push(section, subject, Some(added(is))),
            (Some(_), None) => self.push(section, subject, Some("removed".to_string())),
            (Some(was), Some(is)) => {
                for text in edits(was, is) {
                    self.push(section, subject, text);
                }
            }
            (None, None) => {}
        }
    }
}

/// Each indicator's and competency's share of the composite under both
/// standards.
struct Shares {
    old: BTreeMap<(&'static str, String), f64>,
    new: BTreeMap<(&'static str, String), f64>,
}

impl Shares {
    fn of(old: &Standard, new: &Standard) -> Shares {
        Shares {
            old: shares(old),
            new: shares(new),
        }
    }

    /// The old and the new share of `id` at `level`.
    fn of_member(&self, level: &'static str, id: &str) -> (Option<f64>, Option<f64>) {
        let key = (level, id.to_string());
        (self.old.get(&key).copied(), self.new.get(&key).copied())
    }
}

fn quoted(value: &String) -> String {
    format!("\"{value}\"")
}

/// Every difference, in the standard's order: metadata, methods, ratings,
/// interview, competencies, indicators, ranking, tiers, movement, AHP sets.
pub(crate) fn changes(old: &Standard, new: &Standard) -> Vec<Change> {
    let mut found = Found::default();
    let shares = Shares::of(old, new);
    header_changes(old, new, &mut found);
    method_changes(old, new, &mut found);
    rater_changes(old, new, &mut found);
    competency_changes(old, new, &shares, &mut found);
    indicator_changes(old, new, &shares, &mut found);
    ranking_changes(old, new, &mut found);
    tier_set_changes(old, new, &mut found);
    found.push(
        "movement",
        "max_step_up",
        moved(old.max_step_up, new.max_step_up, |step| {
            step.map_or_else(|| "none".to_string(), |step| step.to_string())
        }),
    );
    ahp_changes(old, new, &mut found);
    found.changes
}

/// The standard's own fields: id, name, version, precision, missing
/// evidence, rating scale.
fn header_changes(old: &Standard, new: &Standard, found: &mut Found) {
    let section = "standard";
    found.push(section, "id", moved(&old.id, &new.id, |v| quoted(v)));
    found.push(section, "name", moved(&old.name, &new.name, |v| quoted(v)));
    found.push(
        section,
        "version",
        moved(&old.version, &new.version, |v| quoted(v)),
    );
    found.push(
        section,
        "precision",
        moved(old.precision, new.precision, |v| format!("{v} decimals")),
    );
    found.push(
        section,
        "missing evidence",
        moved(old.missing.id(), new.missing.id(), |v| v.to_string()),
    );
    found.push(
        section,
        "rating scale",
        moved(
            (old.scale_min, old.scale_max),
            (new.scale_min, new.scale_max),
            |(a, b)| format!("{} to {}", number(a), number(b)),
        ),
    );
}

fn method_changes(old: &Standard, new: &Standard, found: &mut Found) {
    for method in Method::ALL {
        let (was, is) = (old.method_weight(method), new.method_weight(method));
        let subject = format!("method `{}`", method.id());
        let text = match (was > 0.0, is > 0.0) {
            (false, true) => Some(format!("now used, weight {}", number(&is))),
            (true, false) => Some("no longer used (weight 0)".to_string()),
            _ => moved(was, is, number).map(|w| format!("weight {w}")),
        };
        found.push("methods", &subject, text);
    }
}

/// The rater roles and the ratings' and interview's settings.
fn rater_changes(old: &Standard, new: &Standard, found: &mut Found) {
    let roles = |standard: &Standard| -> BTreeMap<String, (f64, u32, u32)> {
        standard
            .ratings
            .roles
            .iter()
            .map(|r| (r.id.clone(), (r.weight, r.min_raters, r.report_min)))
            .collect()
    };
    let (old_roles, new_roles) = (roles(old), roles(new));
    for role in ordered_union(
        old.ratings.roles.iter().map(|r| &r.id),
        new.ratings.roles.iter().map(|r| &r.id),
    ) {
        found.member(
            "ratings",
            &format!("role `{role}`"),
            (old_roles.get(&role), new_roles.get(&role)),
            |(weight, _, _)| format!("added, weight {}", number(weight)),
            |was, is| {
                vec![
                    moved(was.0, is.0, number).map(|w| format!("weight {w}")),
                    moved(was.1, is.1, |v| v.to_string()).map(|w| format!("min_raters {w}")),
                    moved(was.2, is.2, |v| v.to_string()).map(|w| format!("report_min {w}")),
                ]
            },
        );
    }
    found.push(
        "ratings",
        "trim",
        moved(old.ratings.trim, new.ratings.trim, |v| v.to_string()),
    );
    found.push(
        "ratings",
        "gap_threshold",
        moved(old.ratings.gap_threshold, new.ratings.gap_threshold, number),
    );
    found.push(
        "ratings",
        "adjust",
        moved(old.ratings.adjust.id(), new.ratings.adjust.id(), |rule| {
            format!("\"{rule}\"")
        }),
    );
    found.push(
        "ratings",
        "adjust_min",
        moved(old.ratings.adjust_min, new.ratings.adjust_min, |v| {
            v.to_string()
        }),
    );
    found.push(
        "ratings",
        "adjust_flag",
        moved(old.ratings.adjust_flag, new.ratings.adjust_flag, number),
    );
    found.push(
        "interview",
        "min_interviewers",
        moved(
            old.interview.min_interviewers,
            new.interview.min_interviewers,
            |v| v.to_string(),
        ),
    );
    found.push(
        "interview",
        "trim",
        moved(old.interview.trim, new.interview.trim, |v| v.to_string()),
    );
}

fn competency_changes(old: &Standard, new: &Standard, shares: &Shares, found: &mut Found) {
    for id in ordered_union(
        old.competencies.iter().map(|c| &c.id),
        new.competencies.iter().map(|c| &c.id),
    ) {
        let was = old.competencies.iter().find(|c| c.id == id);
        let is = new.competencies.iter().find(|c| c.id == id);
        found.member(
            "competencies",
            &format!("competency `{id}`"),
            (was, is),
            |c| format!("added, weight {}", number(&c.weight)),
            |was, is| {
                let (old_share, new_share) = shares.of_member("competency", &id);
                vec![
                    moved(&was.name, &is.name, |v| quoted(v)).map(|n| format!("renamed {n}")),
                    weight_change(was.weight, is.weight, old_share, new_share),
                ]
            },
        );
    }
}

fn indicator_changes(old: &Standard, new: &Standard, shares: &Shares, found: &mut Found) {
    for id in ordered_union(
        old.indicators.iter().map(|i| &i.id),
        new.indicators.iter().map(|i| &i.id),
    ) {
        let was = old.indicators.iter().find(|i| i.id == id);
        let is = new.indicators.iter().find(|i| i.id == id);
        found.member(
            "indicators",
            &format!("indicator `{id}`"),
            (was, is),
            |i| {
                format!(
                    "added to `{}`, weight {}",
                    new.competencies[i.competency].id,
                    number(&i.weight)
                )
            },
            |was, is| indicator_edits((old, was), (new, is), shares.of_member("indicator", &id)),
        );
    }
}

/// What changed in an indicator both standards have; `share` its old and
/// new share of the composite.
fn indicator_edits(
    (old, was): (&Standard, &Indicator),
    (new, is): (&Standard, &Indicator),
    share: (Option<f64>, Option<f64>),
) -> Vec<Option<String>> {
    let (from, to) = (
        &old.competencies[was.competency].id,
        &new.competencies[is.competency].id,
    );
    // An indicator's share moves with every method weight: it is named only
    // when its own weight changes.
    let weight = (number(&was.weight) != number(&is.weight))
        .then(|| weight_change(was.weight, is.weight, share.0, share.1))
        .flatten();
    let exam = |points: &Option<f64>| {
        points.as_ref().map_or("not measured".to_string(), |p| {
            format!("{} points", number(p))
        })
    };
    vec![
        moved(&was.name, &is.name, |v| quoted(v)).map(|n| format!("renamed {n}")),
        moved(from, to, |c| format!("`{c}`")).map(|c| format!("moved {c}")),
        weight,
        moved(was.exam_max, is.exam_max, exam).map(|e| format!("exam {e}")),
        moved(was.ratings, is.ratings, measured).map(|m| format!("ratings {m}")),
        moved(was.interview, is.interview, measured).map(|m| format!("interview {m}")),
        moved(&was.kpi, &is.kpi, |rule| kpi_rule(rule)).map(|k| format!("kpi {k}")),
    ]
}

fn kpi_rule(rule: &Option<KpiRule>) -> String {
    match rule {
        None => "not measured".to_string(),
        Some(rule) => {
            let direction = if rule.direction == KpiDirection::Lower {
                "lower"
            } else {
                "higher"
            };
            if rule.bands.is_empty() {
                format!("{direction} is better, cap {}", number(&rule.cap))
            } else {
                format!("{direction} is better, bands {}", rule.bands_text())
            }
        }
    }
}

fn ranking_changes(old: &Standard, new: &Standard, found: &mut Found) {
    let breakers = |standard: &Standard| -> Vec<String> {
        standard
            .tie_breakers
            .iter()
            .map(|breaker| match *breaker {
                TieBreaker::Method(method) => method.id().to_string(),
                TieBreaker::Competency(c) => standard.competencies[c].id.clone(),
            })
            .collect()
    };
    found.push(
        "ranking",
        "tie_breakers",
        moved(breakers(old), breakers(new), |list| {
            format!("[{}]", list.join(", "))
        }),
    );
}

/// Each tier added, removed or changed, then the order of the tiers both have.
fn tier_set_changes(old: &Standard, new: &Standard, found: &mut Found) {
    for id in ordered_union(
        old.tiers.iter().map(|t| &t.id),
        new.tiers.iter().map(|t| &t.id),
    ) {
        let was = old.tiers.iter().find(|t| t.id == id);
        let is = new.tiers.iter().find(|t| t.id == id);
        found.member(
            "tiers",
            &format!("tier `{id}`"),
            (was, is),
            |t| format!("added, min_composite {}", number(&t.min_composite)),
            |was, is| {
                tier_changes(old, was, new, is)
                    .into_iter()
                    .map(Some)
                    .collect()
            },
        );
    }
    let order = |standard: &Standard| -> Vec<String> {
        standard.tiers.iter().map(|t| t.id.clone()).collect()
    };
    let (old_order, new_order) = (order(old), order(new));
    let common = |list: &[String], other: &[String]| -> Vec<String> {
        list.iter()
            .filter(|id| other.contains(id))
            .cloned()
            .collect()
    };
    found.push(
        "tiers",
        "order",
        moved(
            common(&old_order, &new_order),
            common(&new_order, &old_order),
            |list| list.join(" > "),
        ),
    );
}

fn ahp_changes(old: &Standard, new: &Standard, found: &mut Found) {
    let ahp_sets = |standard: &Standard| -> BTreeMap<String, f64> {
        standard
            .ahp
            .iter()
            .map(|set| (set.set.clone(), set.cr))
            .collect()
    };
    let (old_ahp, new_ahp) = (ahp_sets(old), ahp_sets(new));
    for set in ordered_union(
        old.ahp.iter().map(|s| &s.set),
        new.ahp.iter().map(|s| &s.set),
    ) {
        let subject = format!("[ahp.{set}]");
        let text = match (old_ahp.get(&set), new_ahp.get(&set)) {
            (None, Some(cr)) => Some(format!("weights now from AHP, CR {cr:.4}")),
            (Some(_), None) => Some("weights no longer from AHP".to_string()),
            (Some(was), Some(is)) => {
                moved(*was, *is, |cr| format!("{cr:.4}")).map(|cr| format!("CR {cr}"))
            }
            (None, None) => None,
        };
        found.push("ahp", &subject, text);
    }
}

fn measured(on: &bool) -> String {
    if *on { "measured" } else { "not measured" }.to_string()
}

/// A weight within its set, and the composite share it carries.
fn weight_change(
    was: f64,
    is: f64,
    old_share: Option<f64>,
    new_share: Option<f64>,
) -> Option<String> {
    let share = moved(old_share.unwrap_or(0.0), new_share.unwrap_or(0.0), percent);
    match (moved(was, is, number), share) {
        (None, None) => None,
        (Some(weight), Some(share)) => {
            Some(format!("weight {weight} (share of the composite {share})"))
        }
        (Some(weight), None) => Some(format!("weight {weight}")),
        (None, Some(share)) => Some(format!(
            "share of the composite {share} (same weight in its set)"
        )),
    }
}

fn tier_changes(old: &Standard, was: &Tier, new: &Standard, is: &Tier) -> Vec<String> {
    let mut out = Vec::new();
    let mut add = |text: Option<String>| out.extend(text);
    add(moved(&was.name, &is.name, |v| format!("\"{v}\"")).map(|n| format!("renamed {n}")));
    add(moved(was.min_composite, is.min_composite, number).map(|m| format!("min_composite {m}")));
    let floors = |standard: &Standard, tier: &Tier| -> BTreeMap<String, f64> {
        let competencies = tier
            .min_competency
            .iter()
            .map(|&(c, floor)| (standard.competencies[c].id.clone(), floor));
        let methods = tier
            .min_method
            .iter()
            .map(|&(m, floor)| (format!("method {}", m.id()), floor));
        competencies.chain(methods).collect()
    };
    let (old_floors, new_floors) = (floors(old, was), floors(new, is));
    for key in old_floors
        .keys()
        .chain(new_floors.keys().filter(|k| !old_floors.contains_key(*k)))
    {
        let (a, b) = (old_floors.get(key).copied(), new_floors.get(key).copied());
        add(moved(a, b, optional).map(|f| format!("floor on {key} {f}")));
    }
    add(moved(was.min_tenure_years, is.min_tenure_years, optional)
        .map(|t| format!("min_tenure_years {t}")));
    let share = |tier: &Tier| tier.max_share.map(|share| share.to_string());
    add(moved(share(was), share(is), |s| {
        s.clone().unwrap_or_else(|| "none".to_string())
    })
    .map(|s| format!("max_share {s}")));
    add(moved(was.quota_ties.id(), is.quota_ties.id(), |rule| {
        format!("\"{rule}\"")
    })
    .map(|rule| format!("quota_ties {rule}")));
    out
}

/// Ids of both lists, the old list's order first, then the new ones.
fn ordered_union<'a>(
    old: impl Iterator<Item = &'a String>,
    new: impl Iterator<Item = &'a String>,
) -> Vec<String> {
    let mut ids: Vec<String> = old.cloned().collect();
    for id in new {
        if !ids.contains(id) {
            ids.push(id.clone());
        }
    }
    ids
}

fn shares(standard: &Standard) -> BTreeMap<(&'static str, String), f64> {
    effective_weights(standard)
        .into_iter()
        .filter_map(|row: WeightRow| Some(((row.level, row.id.clone()), row.share()?)))
        .collect()
}

/// A manager graded under both standards.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Move {
    pub(crate) manager_id: String,
    pub(crate) name: String,
    pub(crate) old: Standing,
    pub(crate) new: Standing,
}

/// Where a manager stands under one standard.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Standing {
    pub(crate) status: Status,
    pub(crate) tier: Option<String>,
    pub(crate) rank: Option<u32>,
    pub(crate) composite: Option<f64>,
}

/// Whom the change moves.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Impact {
    /// Managers whose tier (or status) changes, in the new ranking's order.
    pub(crate) tier_changes: Vec<Move>,
    /// Managers graded under both whose rank changes most, largest first.
    pub(crate) rank_changes: Vec<Move>,
    /// Per tier (`none` and `incomplete` last): managers before and after.
    pub(crate) tier_counts: Vec<TierCount>,
    pub(crate) precision: (u32, u32),
}

/// How many managers a tier holds under each standard.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TierCount {
    pub(crate) tier: String,
    pub(crate) before: u64,
    pub(crate) after: u64,
}

/// How many of the largest rank changes are listed.
pub(crate) const RANK_CHANGES: usize = 10;

fn standings(standard: &Standard, roster: &Roster, grades: &Grades) -> Standings {
    grades
        .grades
        .iter()
        .enumerate()
        .map(|(position, grade)| {
            let manager = &roster.managers[grade.manager];
            let tier = grade.tier_id(standard).map(str::to_string);
            let standing = Standing {
                status: grade.status,
                tier,
                rank: grade.rank,
                composite: grade
                    .scores
                    .composite
                    .filter(|_| grade.status == Status::Graded),
            };
            (
                manager.id.clone(),
                (manager.name.clone(), standing, position),
            )
        })
        .collect()
}

/// Each manager by id: their name, where they stand, and their position in
/// the ranking.
type Standings = BTreeMap<String, (String, Standing, usize)>;

/// Per tier of either standard, then `none` and incomplete: the managers
/// it holds before and after.
fn tier_counts(
    (old, before): (&Standard, &Standings),
    (new, after): (&Standard, &Standings),
) -> Vec<TierCount> {
    let mut tiers: Vec<String> = ordered_union(
        old.tiers.iter().map(|t| &t.id),
        new.tiers.iter().map(|t| &t.id),
    );
    tiers.extend([NO_TIER.to_string(), INCOMPLETE.to_string()]);
    let count = |standings: &Standings, tier: &str| -> u64 {
        standings
            .values()
            .filter(|(_, s, _)| {
                if tier == INCOMPLETE {
                    s.status == Status::Incomplete
                } else {
                    s.tier.as_deref() == Some(tier)
                }
            })
            .count() as u64
    };
    tiers
        .into_iter()
        .map(|tier| TierCount {
            before: count(before, &tier),
            after: count(after, &tier),
            tier,
        })
        .collect()
}

/// The managers the change moves, from the quarter graded under both.
pub(crate) fn impact(
    old: (&Standard, &Roster, &Grades),
    new: (&Standard, &Roster, &Grades),
) -> Impact {
    let before = standings(old.0, old.1, old.2);
    let after = standings(new.0, new.1, new.2);
    let mut both: Vec<(usize, Move)> = after
        .iter()
        .filter_map(|(id, (name, is, position))| {
            let (_, was, _) = before.get(id)?;
            Some((
                *position,
                Move {
                    manager_id: id.clone(),
                    name: name.clone(),
                    old: was.clone(),
                    new: is.clone(),
                },
            ))
        })
        .collect();
    both.sort_by_key(|(position, _)| *position);
    let tier_changes: Vec<Move> = both
        .iter()
        .filter(|(_, m)| m.old.tier != m.new.tier || m.old.status != m.new.status)
        .map(|(_, m)| m.clone())
        .collect();
    let mut rank_changes: Vec<Move> = both
        .iter()
        .filter(|(_, m)| matches!((m.old.rank, m.new.rank), (Some(a), Some(b)) if a != b))
        .map(|(_, m)| m.clone())
        .collect();
    let distance =
        |m: &Move| (i64::from(m.old.rank.unwrap_or(0)) - i64::from(m.new.rank.unwrap_or(0))).abs();
    // Stable: equal distances keep the new ranking's order.
    rank_changes.sort_by_key(|m| std::cmp::Reverse(distance(m)));
    rank_changes.truncate(RANK_CHANGES);

    let tier_counts = tier_counts((old.0, &before), (new.0, &after));
    Impact {
        tier_changes,
        rank_changes,
        tier_counts,
        precision: (old.0.precision, new.0.precision),
    }
}
