//! `ladder explain` as text: a tree from the composite down to the evidence.
//! The numbers are formatted here once; the HTML page
//! ([`crate::output::html::explain`]) shows them through the same functions.

use std::fmt::Write as _;

use crate::analysis::explain::{Explanation, RecordedGroup, ShownGroup, shown_groups};
use crate::engine::grade::{Condition, Requirement};
use crate::engine::score::{kpi_score, on_scale};
use crate::engine::tiers::TierCheck;
use crate::number::{format_score, round_score, trim_number};
use crate::standard::{Method, QuotaTies};

/// Said at the end of the text and the page when role groups below
/// `report_min` are shown.
pub(crate) const SHOW_ALL_ROLES_NOTE: &str = "warning: --show-all-roles: role groups below report_min are shown; not for the rated manager's eyes";

/// The explanation as text: a tree from the composite down to the evidence.
pub(crate) fn text(explanation: &Explanation) -> String {
    let mut out = String::new();
    write_header(explanation, &mut out);
    write_composite(explanation, &mut out);
    write_profile(explanation, &mut out);
    write_tiers(explanation, &mut out);
    write_self_gaps(explanation, &mut out);
    if explanation.show_all_roles {
        out.push('\n');
        out.push_str(SHOW_ALL_ROLES_NOTE);
        out.push('\n');
    }
    out
}

/// Who, and where the manager stands: status, rank, tier, composite, note.
fn write_header(explanation: &Explanation, out: &mut String) {
    let manager = explanation.manager;
    let grade = explanation.grade;
    let _ = write!(out, "{} {}", manager.id, manager.name);
    if let Some(team) = &manager.team {
        let _ = write!(out, " ({team})");
    }
    out.push('\n');
    let rank = grade
        .rank
        .map_or_else(|| "—".to_string(), |r| r.to_string());
    let tier = match explanation.tier_id() {
        "" => "—",
        id => id,
    };
    let _ = writeln!(
        out,
        "status {} · rank {rank} · tier {tier} · composite {}",
        grade.status.id(),
        score(explanation, explanation.sheet.scores.composite)
    );
    if !grade.note.is_empty() {
        let _ = writeln!(out, "note: {}", grade.note);
    }
}

fn write_composite(explanation: &Explanation, out: &mut String) {
    let standard = explanation.standard;
    out.push_str("\nComposite = Σ method weight × method score\n");
    for method in standard.methods_in_use() {
        let _ = writeln!(
            out,
            "  {:<10} {:>8}  × {}",
            method.id(),
            score(
                explanation,
                explanation.sheet.scores.methods[method.index()]
            ),
            trim_number(standard.method_weight(method))
        );
    }
}

fn write_profile(explanation: &Explanation, out: &mut String) {
    let standard = explanation.standard;
    out.push_str("\nCompetency profile (combined indicator scores, weighted by indicator)\n");
    for (c, competency) in standard.competencies.iter().enumerate() {
        let _ = writeln!(
            out,
            "  {} {}  {}  (weight {})",
            competency.id,
            competency.name,
            score(explanation, explanation.sheet.scores.competencies[c]),
            trim_number(competency.weight)
        );
        for &indicator in &competency.indicators {
            write_indicator(explanation, indicator, out);
        }
    }
}

fn write_indicator(explanation: &Explanation, indicator: usize, out: &mut String) {
    let standard = explanation.standard;
    let rule = &standard.indicators[indicator];
    let _ = writeln!(
        out,
        "    {} {}  combined {}  (weight {})",
        rule.id,
        rule.name,
        score(explanation, explanation.sheet.combined[indicator]),
        trim_number(rule.weight)
    );
    for method in standard.methods_in_use() {
        if !standard.measures(indicator, method) {
            continue;
        }
        let shown = score(
            explanation,
            explanation.sheet.indicators[indicator][method.index()],
        );
        let evidence = method_evidence(explanation, indicator, method);
        let _ = writeln!(out, "      {:<10} {:>8}  {evidence}", method.id(), shown);
        if method == Method::Ratings {
            for line in role_lines(explanation, indicator) {
                let _ = writeln!(out, "        {line}");
            }
        }
    }
}

/// Every tier from the top, its verdict and each condition; nothing for a
/// manager not placed.
fn write_tiers(explanation: &Explanation, out: &mut String) {
    let standard = explanation.standard;
    if standard.tiers.is_empty() || explanation.grade.placement.is_none() {
        return;
    }
    out.push_str("\nTiers, from the top\n");
    for check in &explanation.tiers {
        let tier = &standard.tiers[check.tier];
        let _ = writeln!(out, "  {} ({}): {}", tier.id, tier.name, verdict(check));
        for condition in &check.conditions {
            let _ = writeln!(out, "    {}", condition_text(explanation, condition));
        }
        if let Some(tie) = tie_text(explanation, check.tier) {
            let _ = writeln!(out, "    {tie}");
        }
    }
}

fn write_self_gaps(explanation: &Explanation, out: &mut String) {
    let standard = explanation.standard;
    let gaps = &explanation.self_gaps;
    if gaps.indicators.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\nSelf versus others (rating scale; gap threshold {})",
        trim_number(standard.ratings.gap_threshold)
    );
    for gap in gaps.indicators.iter().chain(&gaps.competencies) {
        let _ = writeln!(
            out,
            "  {:<24} self {}  others {}  gap {}{}",
            gap.id(standard),
            rating_text(gap.self_value),
            rating_text(gap.others),
            gap_text(gap.gap),
            gap.flag(standard)
                .map(|f| format!("  {f}"))
                .unwrap_or_default()
        );
    }
}

/// A 0–100 score with the standard's decimals; `—` for none.
pub(crate) fn score(explanation: &Explanation, score: Option<f64>) -> String {
    score.map_or_else(
        || "—".to_string(),
        |s| format_score(s, explanation.standard.precision),
    )
}

/// A condition's numbers as shown: see [`condition_numbers`].
pub(crate) struct ShownCondition {
    pub(crate) needed: String,
    pub(crate) value: Option<String>,
    pub(crate) short: Option<String>,
}

/// A condition's numbers as every form shows them: the minimum, the value
/// and the shortfall (tenure in years as given, scores with the standard's
/// decimals).
pub(crate) fn condition_numbers(
    explanation: &Explanation,
    condition: &Condition,
) -> ShownCondition {
    let precision = explanation.standard.precision;
    let number = |value: f64| match condition.requirement {
        Requirement::TenureYears => trim_number(value),
        _ => format_score(value, precision),
    };
    ShownCondition {
        needed: number(condition.minimum),
        value: condition.value.map(number),
        short: condition.shortfall(precision).map(number),
    }
}

fn condition_text(explanation: &Explanation, condition: &Condition) -> String {
    let name = condition.requirement.id(explanation.standard);
    let shown = condition_numbers(explanation, condition);
    let needed = shown.needed;
    match (shown.value, shown.short) {
        (None, _) => format!("{name} has no value, needs {needed}: missed"),
        (Some(value), None) => format!("{name} {value} ≥ {needed}: met"),
        (Some(value), Some(short)) => {
            format!("{name} {value}, needs {needed}: short {short}")
        }
    }
}

/// What a tier's check came to for the manager.
pub(crate) fn verdict(check: &TierCheck) -> &'static str {
    if check.placed {
        "placed here"
    } else if check.quota_full {
        "every condition met, but its quota is full"
    } else if check.capped {
        "every condition met, but above the cap of [movement] max_step_up"
    } else if check.conditions.iter().all(Condition::is_met) {
        "met"
    } else {
        "not met"
    }
}

/// The tie at tier `tier`'s quota line that the manager is in, under
/// `quota_ties = "admit"` or `"flag"`: `tied at rank 2 with M2, M3 across
/// the quota of 2: admitted whole, 1 over the quota (quota_ties = "admit")`.
pub(crate) fn tie_text(explanation: &Explanation, tier: usize) -> Option<String> {
    let shown = explanation.quota_tie(tier)?;
    let tie = shown.tie;
    let others: Vec<&str> = shown
        .members
        .iter()
        .copied()
        .filter(|&id| id != explanation.manager.id)
        .collect();
    let outcome = match shown.rule {
        QuotaTies::Admit => format!("admitted whole, {} over the quota", tie.over),
        _ if shown.admitted => "admitted by manager_id order; flagged for calibration".to_string(),
        _ => "turned away by manager_id order; flagged for calibration".to_string(),
    };
    Some(format!(
        "tied at rank {} with {} across the quota of {}: {outcome} (quota_ties = \"{}\")",
        tie.rank,
        others.join(", "),
        tie.quota,
        shown.rule.id()
    ))
}

/// The evidence under one method's score of an indicator, on one line.
pub(crate) fn method_evidence(
    explanation: &Explanation,
    indicator: usize,
    method: Method,
) -> String {
    let record = &explanation.record;
    let standard = explanation.standard;
    let scale_max = trim_number(standard.scale_max);
    match method {
        Method::Exam => match record.exam[indicator] {
            Some((points, maximum)) => {
                format!("{} of {} points", trim_number(points), trim_number(maximum))
            }
            None => "no exam points".to_string(),
        },
        Method::Ratings => match record.rating_values[indicator] {
            Some((value, _)) => {
                format!(
                    "role-weighted value {} of {scale_max}",
                    scale_value_text(explanation, value)
                )
            }
            None if record.role_groups[indicator].is_empty() => "no ratings".to_string(),
            None => "no role group has enough raters".to_string(),
        },
        Method::Interview => match &record.interview[indicator] {
            Some(group) => format!(
                "panel {}",
                group_text(group, standard.interview.trim, |mean| {
                    scale_value_text(explanation, mean)
                })
            ),
            None => "no interview scores".to_string(),
        },
        Method::Kpi => match record.kpi[indicator] {
            Some((actual, target, attainment)) => format!(
                "actual {} against target {}: {}",
                trim_number(actual),
                trim_number(target),
                attainment_text(explanation, indicator, actual, target, attainment)
            ),
            None => "no KPI result".to_string(),
        },
    }
}

/// A value on the rating scale that becomes a score, with the decimals the
/// score recomputes from.
fn scale_value_text(explanation: &Explanation, value: f64) -> String {
    let standard = explanation.standard;
    recomputable(value, RATING_DECIMALS, standard.precision, |value| {
        on_scale(standard, value)
    })
}

/// `attainment 0.9133`, or `attainment 1.244018, capped at 1.2`: the ratio
/// before the cap, and the capped one the score recomputes from.
fn attainment_text(
    explanation: &Explanation,
    indicator: usize,
    actual: f64,
    target: f64,
    attainment: f64,
) -> String {
    if let Some(text) = band_text(explanation, indicator, attainment) {
        return text;
    }
    let shown = recomputable(attainment, 0, explanation.standard.precision, kpi_score);
    match explanation.uncapped_attainment(indicator, actual, target) {
        Some(ratio) if ratio > attainment => {
            format!("attainment {}, capped at {shown}", trim_number(ratio))
        }
        Some(_) => format!("attainment {shown}"),
        None => format!("attainment capped at {shown} (an actual of 0)"),
    }
}

/// `attainment 0.93 → band ≥ 0.8: 70` for a KPI with `bands`: the
/// attainment with as many decimals (2 at least) as it takes to fall in the
/// same band, so the reader can check the band from what is shown.
fn band_text(explanation: &Explanation, indicator: usize, attainment: f64) -> Option<String> {
    let kpi = explanation.standard.indicators[indicator].kpi.as_ref()?;
    let band = kpi.band(attainment)?;
    let band_text = format!("band {}", band.text());
    if !attainment.is_finite() {
        return Some(format!(
            "attainment unbounded (an actual of 0) → {band_text}"
        ));
    }
    let shown = (2..=MOST_DECIMALS)
        .map(|decimals| (decimals, round_score(attainment, decimals)))
        .find(|&(_, shown)| kpi.band(shown) == Some(band))
        .map_or_else(
            || attainment.to_string(),
            |(decimals, shown)| trim_number_to(shown, decimals),
        );
    Some(format!("attainment {shown} → {band_text}"))
}

/// A number rounded to `decimals`, without trailing zeros (`0.93`, `1`).
fn trim_number_to(value: f64, decimals: u32) -> String {
    let text = format_score(value, decimals);
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

/// The role groups of an indicator as people may read them, one line
/// each, then the manager's own ratings.
pub(crate) fn role_lines(explanation: &Explanation, indicator: usize) -> Vec<String> {
    let standard = explanation.standard;
    let record = &explanation.record;
    let weight_sum = record.rating_values[indicator].map(|(_, sum)| sum);
    let groups = &record.role_groups[indicator];
    let mut lines: Vec<String> =
        shown_groups(standard, groups, weight_sum, explanation.show_all_roles)
            .into_iter()
            .map(|shown| match shown {
                ShownGroup::Role {
                    role,
                    group,
                    weight,
                } => {
                    let weight = weight.map_or_else(
                        || "not counted".to_string(),
                        |w| format!("weight {}", trim_number(round_score(w, 4))),
                    );
                    format!(
                        "{:<12} {}; {weight}{}",
                        standard.ratings.roles[role].id,
                        group_text(group, standard.ratings.trim, rating_text),
                        adjusted_text(group)
                    )
                }
                ShownGroup::Others { raters, mean } => format!(
                    "{:<12} {raters} raters of roles too small to show alone, pooled mean {}",
                    "others",
                    rating_text(mean)
                ),
                ShownGroup::Hidden => {
                    "(raters of roles too small to show are not shown)".to_string()
                }
            })
            .collect();
    if let Some(group) = explanation.self_ratings(indicator) {
        lines.push(format!(
            "{:<12} {} (never weighted)",
            "self",
            values(&group.sorted)
        ));
    }
    lines
}

/// A value on the rating scale as shown (a mean of ratings, self, others),
/// rounded as scores are: 3.125 shows as 3.13.
pub(crate) fn rating_text(value: f64) -> String {
    format_score(round_score(value, 2), 2)
}

/// A self-minus-others gap in scale points, signed.
pub(crate) fn gap_text(gap: f64) -> String {
    let shown = rating_text(gap);
    if shown.starts_with('-') {
        shown
    } else {
        format!("+{shown}")
    }
}

/// Decimals of a value on the rating scale, at the least.
const RATING_DECIMALS: u32 = 2;

/// Past this many decimals a value shows as it is.
const MOST_DECIMALS: u32 = 12;

/// `value` with the fewest decimals, `at_least` or more, from which `next`
/// gives the same score as from `value` once rounded to `precision` (SPEC
/// §5): the intermediate a user checks by hand recomputes the number after
/// it. A 4.176470… of 5 shows as 4.1765 (83.53), not 4.18 (83.60).
fn recomputable(value: f64, at_least: u32, precision: u32, next: impl Fn(f64) -> f64) -> String {
    let score = round_score(next(value), precision);
    (at_least..=MOST_DECIMALS)
        .map(|decimals| (decimals, round_score(value, decimals)))
        .find(|&(_, shown)| round_score(next(shown), precision) == score)
        .map_or_else(
            || value.to_string(),
            |(decimals, shown)| format_score(shown, decimals),
        )
}

/// "3 raters: 3, 4, 5; trim dropped 3, 5; mean 4.00", or why no mean; the
/// mean as `mean_text` writes it.
fn group_text(group: &RecordedGroup, trim: u32, mean_text: impl Fn(f64) -> String) -> String {
    let count = group.sorted.len();
    let mut text = format!(
        "{count} score{}: {}",
        if count == 1 { "" } else { "s" },
        values(&group.sorted)
    );
    match group.mean {
        None => {
            let _ = write!(text, "; fewer than {}: not counted", group.minimum);
        }
        Some(mean) => {
            if group.kept.len() < count {
                let dropped = group.dropped_by_trim();
                let _ = write!(text, "; trim {trim} dropped {}", values(&dropped));
            }
            let _ = write!(text, "; mean {}", mean_text(mean));
        }
    }
    text
}

/// Under `[ratings] adjust`: `; leniency: 5 (shift -1) → 4, 3 (shift +1)
/// → 4, 4 (not adjusted) → 4`, each rating raw, its rater's shift and the
/// value scored, no rater named (SPEC §8).
fn adjusted_text(group: &RecordedGroup) -> String {
    if group.adjusted.is_empty() {
        return String::new();
    }
    let ratings: Vec<String> = group
        .adjusted
        .iter()
        .map(|rating| {
            let shift = rating.shift.map_or_else(
                || "not adjusted".to_string(),
                |shift| {
                    let text = trim_number(shift);
                    if text.starts_with('-') || shift == 0.0 {
                        format!("shift {text}")
                    } else {
                        format!("shift +{text}")
                    }
                },
            );
            format!(
                "{} ({shift}) → {}",
                trim_number(rating.raw),
                trim_number(rating.adjusted)
            )
        })
        .collect();
    format!("; leniency: {}", ratings.join(", "))
}

fn values(scores: &[f64]) -> String {
    scores
        .iter()
        .map(|&s| trim_number(s))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on_five(value: f64) -> f64 {
        value / 5.0 * 100.0
    }

    #[test]
    fn a_shown_value_recomputes_the_score_after_it() {
        // 71/17 = 4.17647…: 4.18 gives 83.60, 4.1765 gives 83.53 as judged.
        assert_eq!(recomputable(71.0 / 17.0, 2, 2, on_five), "4.1765");
        // Two decimals when they are enough, and never fewer.
        assert_eq!(recomputable(4.0, 2, 2, on_five), "4.00");
        assert_eq!(recomputable(3.5, 2, 2, on_five), "3.50");
        // More decimals for a finer precision: 11/3 to 0.0001 points.
        assert_eq!(recomputable(11.0 / 3.0, 2, 2, on_five), "3.6667");
        assert_eq!(recomputable(11.0 / 3.0, 2, 4, on_five), "3.666667");
        // An attainment with as few decimals as its score needs.
        assert_eq!(recomputable(1.2, 0, 2, kpi_score), "1.2");
        assert_eq!(recomputable(137.0 / 150.0, 0, 2, kpi_score), "0.9133");
        assert_eq!(recomputable(1.0, 0, 2, kpi_score), "1");
    }
}
