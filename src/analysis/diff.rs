//! `ladder diff`: what changed between two standards, in words a committee
//! can read, and, given a quarter, whom the change would move.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::analysis::weights::{WeightRow, effective_weights};
use crate::engine::grade::{Grades, Status};
use crate::engine::grade::{INCOMPLETE, NO_TIER};
use crate::evidence::Roster;
use crate::number::{format_score, trim_number};
use crate::standard::{KpiDirection, Method, Standard, TieBreaker, Tier};

/// One difference between the old and the new standard.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// `standard`, `methods`, `ratings`, `interview`, `competencies`,
    /// `indicators`, `ranking`, `tiers`, `movement` or `ahp`.
    pub section: &'static str,
    /// What changed, named: ``method `exam` ``, ``tier `superior` ``.
    pub subject: String,
    /// The change in words: `weight 0.25 → 0.30`, `added`, `removed`.
    pub change: String,
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

/// Every difference, in the standard's order: metadata, methods, ratings,
/// interview, competencies, indicators, ranking, tiers, movement, AHP sets.
pub fn changes(old: &Standard, new: &Standard) -> Vec<Change> {
    let mut out = Vec::new();
    let mut push = |section, subject: &str, text: Option<String>| {
        if let Some(text) = text {
            out.push(change(section, subject.to_string(), text));
        }
    };
    let text = |value: &String| format!("\"{value}\"");
    push("standard", "id", moved(&old.id, &new.id, |v| text(v)));
    push("standard", "name", moved(&old.name, &new.name, |v| text(v)));
    push(
        "standard",
        "version",
        moved(&old.version, &new.version, |v| text(v)),
    );
    push(
        "standard",
        "precision",
        moved(old.precision, new.precision, |v| format!("{v} decimals")),
    );
    push(
        "standard",
        "missing evidence",
        moved(old.missing.id(), new.missing.id(), |v| v.to_string()),
    );
    push(
        "standard",
        "rating scale",
        moved(
            (old.scale_min, old.scale_max),
            (new.scale_min, new.scale_max),
            |(a, b)| format!("{} to {}", number(a), number(b)),
        ),
    );

    let old_shares = shares(old);
    let new_shares = shares(new);
    let share_of = |shares: &BTreeMap<(&str, String), f64>, level: &'static str, id: &str| {
        shares.get(&(level, id.to_string())).copied()
    };
    for method in Method::ALL {
        let (was, is) = (old.method_weight(method), new.method_weight(method));
        let subject = format!("method `{}`", method.id());
        let text = match (was > 0.0, is > 0.0) {
            (false, true) => Some(format!("now used, weight {}", number(&is))),
            (true, false) => Some("no longer used (weight 0)".to_string()),
            _ => moved(was, is, number).map(|w| format!("weight {w}")),
        };
        push("methods", &subject, text);
    }

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
        let subject = format!("role `{role}`");
        match (old_roles.get(&role), new_roles.get(&role)) {
            (None, Some((weight, _, _))) => push(
                "ratings",
                &subject,
                Some(format!("added, weight {}", number(weight))),
            ),
            (Some(_), None) => push("ratings", &subject, Some("removed".to_string())),
            (Some(was), Some(is)) => {
                push(
                    "ratings",
                    &subject,
                    moved(was.0, is.0, number).map(|w| format!("weight {w}")),
                );
                push(
                    "ratings",
                    &subject,
                    moved(was.1, is.1, |v| v.to_string()).map(|w| format!("min_raters {w}")),
                );
                push(
                    "ratings",
                    &subject,
                    moved(was.2, is.2, |v| v.to_string()).map(|w| format!("report_min {w}")),
                );
            }
            (None, None) => {}
        }
    }
    push(
        "ratings",
        "trim",
        moved(old.ratings.trim, new.ratings.trim, |v| v.to_string()),
    );
    push(
        "ratings",
        "gap_threshold",
        moved(old.ratings.gap_threshold, new.ratings.gap_threshold, number),
    );
    push(
        "interview",
        "min_interviewers",
        moved(
            old.interview.min_interviewers,
            new.interview.min_interviewers,
            |v| v.to_string(),
        ),
    );
    push(
        "interview",
        "trim",
        moved(old.interview.trim, new.interview.trim, |v| v.to_string()),
    );

    for id in ordered_union(
        old.competencies.iter().map(|c| &c.id),
        new.competencies.iter().map(|c| &c.id),
    ) {
        let subject = format!("competency `{id}`");
        let was = old.competencies.iter().find(|c| c.id == id);
        let is = new.competencies.iter().find(|c| c.id == id);
        match (was, is) {
            (None, Some(c)) => push(
                "competencies",
                &subject,
                Some(format!("added, weight {}", number(&c.weight))),
            ),
            (Some(_), None) => push("competencies", &subject, Some("removed".to_string())),
            (Some(was), Some(is)) => {
                push(
                    "competencies",
                    &subject,
                    moved(&was.name, &is.name, |v| text(v)).map(|n| format!("renamed {n}")),
                );
                push(
                    "competencies",
                    &subject,
                    weight_change(
                        was.weight,
                        is.weight,
                        share_of(&old_shares, "competency", &id),
                        share_of(&new_shares, "competency", &id),
                    ),
                );
            }
            (None, None) => {}
        }
    }

    for id in ordered_union(
        old.indicators.iter().map(|i| &i.id),
        new.indicators.iter().map(|i| &i.id),
    ) {
        let subject = format!("indicator `{id}`");
        let was = old.indicators.iter().find(|i| i.id == id);
        let is = new.indicators.iter().find(|i| i.id == id);
        match (was, is) {
            (None, Some(i)) => push(
                "indicators",
                &subject,
                Some(format!(
                    "added to `{}`, weight {}",
                    new.competencies[i.competency].id,
                    number(&i.weight)
                )),
            ),
            (Some(_), None) => push("indicators", &subject, Some("removed".to_string())),
            (Some(was), Some(is)) => {
                push(
                    "indicators",
                    &subject,
                    moved(&was.name, &is.name, |v| text(v)).map(|n| format!("renamed {n}")),
                );
                let (from, to) = (
                    &old.competencies[was.competency].id,
                    &new.competencies[is.competency].id,
                );
                push(
                    "indicators",
                    &subject,
                    moved(from, to, |c| format!("`{c}`")).map(|c| format!("moved {c}")),
                );
                // An indicator's share moves with every method weight: it is
                // named only when its own weight changes.
                if number(&was.weight) != number(&is.weight) {
                    push(
                        "indicators",
                        &subject,
                        weight_change(
                            was.weight,
                            is.weight,
                            share_of(&old_shares, "indicator", &id),
                            share_of(&new_shares, "indicator", &id),
                        ),
                    );
                }
                push(
                    "indicators",
                    &subject,
                    moved(was.exam_max, is.exam_max, |v| {
                        v.as_ref().map_or("not measured".to_string(), |p| {
                            format!("{} points", number(p))
                        })
                    })
                    .map(|e| format!("exam {e}")),
                );
                push(
                    "indicators",
                    &subject,
                    moved(was.ratings, is.ratings, measured).map(|m| format!("ratings {m}")),
                );
                push(
                    "indicators",
                    &subject,
                    moved(was.interview, is.interview, measured).map(|m| format!("interview {m}")),
                );
                let kpi = |rule: &Option<crate::standard::KpiRule>| match rule {
                    None => "not measured".to_string(),
                    Some(rule) => format!(
                        "{} is better, cap {}",
                        if rule.direction == KpiDirection::Lower {
                            "lower"
                        } else {
                            "higher"
                        },
                        number(&rule.cap)
                    ),
                };
                push(
                    "indicators",
                    &subject,
                    moved(was.kpi, is.kpi, kpi).map(|k| format!("kpi {k}")),
                );
            }
            (None, None) => {}
        }
    }

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
    push(
        "ranking",
        "tie_breakers",
        moved(breakers(old), breakers(new), |list| {
            format!("[{}]", list.join(", "))
        }),
    );

    for id in ordered_union(
        old.tiers.iter().map(|t| &t.id),
        new.tiers.iter().map(|t| &t.id),
    ) {
        let subject = format!("tier `{id}`");
        let was = old.tiers.iter().find(|t| t.id == id);
        let is = new.tiers.iter().find(|t| t.id == id);
        match (was, is) {
            (None, Some(t)) => push(
                "tiers",
                &subject,
                Some(format!("added, min_composite {}", number(&t.min_composite))),
            ),
            (Some(_), None) => push("tiers", &subject, Some("removed".to_string())),
            (Some(was), Some(is)) => {
                for text in tier_changes(old, was, new, is) {
                    push("tiers", &subject, Some(text));
                }
            }
            (None, None) => {}
        }
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
    push(
        "tiers",
        "order",
        moved(
            common(&old_order, &new_order),
            common(&new_order, &old_order),
            |list| list.join(" > "),
        ),
    );

    push(
        "movement",
        "max_step_up",
        moved(old.max_step_up, new.max_step_up, |step| {
            step.map_or_else(|| "none".to_string(), |step| step.to_string())
        }),
    );

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
        match (old_ahp.get(&set), new_ahp.get(&set)) {
            (None, Some(cr)) => push(
                "ahp",
                &subject,
                Some(format!("weights now from AHP, CR {cr:.4}")),
            ),
            (Some(_), None) => push(
                "ahp",
                &subject,
                Some("weights no longer from AHP".to_string()),
            ),
            (Some(was), Some(is)) => push(
                "ahp",
                &subject,
                moved(*was, *is, |cr| format!("{cr:.4}")).map(|cr| format!("CR {cr}")),
            ),
            (None, None) => {}
        }
    }
    out
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
pub struct Move {
    pub manager_id: String,
    pub name: String,
    pub old: Standing,
    pub new: Standing,
}

/// Where a manager stands under one standard.
#[derive(Debug, Clone, PartialEq)]
pub struct Standing {
    pub status: Status,
    pub tier: Option<String>,
    pub rank: Option<u32>,
    pub composite: Option<f64>,
}

/// Whom the change moves.
#[derive(Debug, Clone, PartialEq)]
pub struct Impact {
    /// Managers whose tier (or status) changes, in the new ranking's order.
    pub tier_changes: Vec<Move>,
    /// Managers graded under both whose rank changes most, largest first.
    pub rank_changes: Vec<Move>,
    /// Per tier (`none` and `incomplete` last): managers before and after.
    pub tier_counts: Vec<(String, u64, u64)>,
    pub precision: (u32, u32),
}

/// How many of the largest rank changes are listed.
pub const RANK_CHANGES: usize = 10;

fn standings(
    standard: &Standard,
    roster: &Roster,
    grades: &Grades,
) -> BTreeMap<String, (String, Standing, usize)> {
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

/// The managers the change moves, from the quarter graded under both.
pub fn impact(old: (&Standard, &Roster, &Grades), new: (&Standard, &Roster, &Grades)) -> Impact {
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

    let mut tiers: Vec<String> = ordered_union(
        old.0.tiers.iter().map(|t| &t.id),
        new.0.tiers.iter().map(|t| &t.id),
    );
    tiers.extend([NO_TIER.to_string(), INCOMPLETE.to_string()]);
    let count = |standings: &BTreeMap<String, (String, Standing, usize)>, tier: &str| -> u64 {
        standings
            .values()
            .filter(|(_, s, _)| match tier {
                "incomplete" => s.status == Status::Incomplete,
                tier => s.tier.as_deref() == Some(tier),
            })
            .count() as u64
    };
    let tier_counts = tiers
        .into_iter()
        .map(|tier| {
            let (a, b) = (count(&before, &tier), count(&after, &tier));
            (tier, a, b)
        })
        .collect();
    Impact {
        tier_changes,
        rank_changes,
        tier_counts,
        precision: (old.0.precision, new.0.precision),
    }
}

impl Standing {
    /// `superior (91.23, rank 2)`, `incomplete`.
    fn describe(&self, precision: u32) -> String {
        match (self.status, &self.tier, self.composite) {
            (Status::Incomplete, _, _) => "incomplete".to_string(),
            (_, Some(tier), Some(composite)) => format!(
                "{tier} ({}, rank {})",
                format_score(composite, precision),
                self.rank.map_or_else(String::new, |r| r.to_string())
            ),
            (_, tier, _) => tier.clone().unwrap_or_default(),
        }
    }

    fn json(&self, precision: u32) -> Value {
        json!({
            "status": self.status.id(),
            "tier": self.tier,
            "rank": self.rank,
            "composite": crate::analysis::explain::score_value(self.composite, precision),
        })
    }
}

impl Impact {
    /// The lines of the impact, in `markdown` or plain text.
    pub fn lines(&self, markdown: bool) -> Vec<String> {
        let (old_precision, new_precision) = self.precision;
        let mut lines = Vec::new();
        let heading = |text: &str| {
            if markdown {
                format!("### {text}")
            } else {
                format!("{text}:")
            }
        };
        let item = |text: String| {
            if markdown {
                format!("- {text}")
            } else {
                format!("  {text}")
            }
        };
        lines.push(heading("Tier counts (before → after)"));
        for (tier, before, after) in &self.tier_counts {
            if before != after || *before > 0 {
                let delta = *after as i64 - *before as i64;
                lines.push(item(format!("{tier}: {before} → {after} ({delta:+})")));
            }
        }
        lines.push(String::new());
        lines.push(heading(&format!(
            "Managers whose tier changes ({})",
            self.tier_changes.len()
        )));
        if self.tier_changes.is_empty() {
            lines.push(item("none".to_string()));
        }
        for m in &self.tier_changes {
            lines.push(item(format!(
                "{} {}: {} → {}",
                m.manager_id,
                m.name,
                m.old.describe(old_precision),
                m.new.describe(new_precision)
            )));
        }
        lines.push(String::new());
        lines.push(heading("Largest rank changes"));
        if self.rank_changes.is_empty() {
            lines.push(item("none".to_string()));
        }
        for m in &self.rank_changes {
            lines.push(item(format!(
                "{} {}: rank {} → {}",
                m.manager_id,
                m.name,
                m.old.rank.unwrap_or(0),
                m.new.rank.unwrap_or(0)
            )));
        }
        lines
    }

    pub fn json(&self) -> Value {
        let (old_precision, new_precision) = self.precision;
        let moves = |list: &[Move]| -> Vec<Value> {
            list.iter()
                .map(|m| {
                    json!({
                        "manager_id": m.manager_id,
                        "name": m.name,
                        "old": m.old.json(old_precision),
                        "new": m.new.json(new_precision),
                    })
                })
                .collect()
        };
        let counts: Vec<Value> = self
            .tier_counts
            .iter()
            .map(|(tier, before, after)| json!({"tier": tier, "before": before, "after": after}))
            .collect();
        json!({
            "tier_counts": counts,
            "tier_changes": moves(&self.tier_changes),
            "rank_changes": moves(&self.rank_changes),
        })
    }
}

/// The changes as lines, grouped by section.
pub fn change_lines(changes: &[Change], markdown: bool) -> Vec<String> {
    let mut lines = Vec::new();
    if changes.is_empty() {
        lines.push("The standards are the same.".to_string());
        return lines;
    }
    let mut section = "";
    for change in changes {
        if change.section != section {
            if !section.is_empty() {
                lines.push(String::new());
            }
            section = change.section;
            lines.push(if markdown {
                format!("### {section}")
            } else {
                format!("{section}:")
            });
        }
        let text = format!("{}: {}", change.subject, change.change);
        lines.push(if markdown {
            format!("- {text}")
        } else {
            format!("  {text}")
        });
    }
    lines
}

pub fn changes_json(changes: &[Change]) -> Value {
    json!(
        changes
            .iter()
            .map(|c| json!({"section": c.section, "subject": c.subject, "change": c.change}))
            .collect::<Vec<_>>()
    )
}
