//! The page `explain --format html` writes: the same recorded numbers as
//! the text and the JSON, through the same formatting
//! ([`crate::output::text::explain`]), drawn with the charts beside this
//! module.

use super::{
    Fact, Radar, RadarSeries, RadarStyle, Shown, TableCell, facts, note, page, radar, section,
    table,
};
use crate::analysis::explain::Explanation;
use crate::engine::grade::{Condition, Placement, Requirement};
use crate::engine::tiers::{TierCheck, next_tier};
use crate::number::trim_number;
use crate::output::text::explain::{
    SHOW_ALL_ROLES_NOTE, condition_numbers, gap_text, method_evidence, rating_text, role_lines,
    score, tie_text, verdict,
};
use crate::standard::Method;

/// The explanation as a self-contained HTML page: the header facts, a radar
/// of the competency profile against the tier floors, the methods, every
/// tier's conditions and the evidence under each indicator.
pub(crate) fn html(explanation: &Explanation) -> String {
    let standard = explanation.standard;
    let manager = explanation.manager;
    let mut body = String::new();
    body.push_str(&facts(&header_facts(explanation)));
    if !explanation.grade.note.is_empty() {
        body.push_str(&note(&format!("note: {}", explanation.grade.note)));
    }
    body.push_str(&note(&format!(
        "Standard: {} ({} {}). Every number is the one `ladder grade` judged.",
        standard.name, standard.id, standard.version
    )));
    body.push_str(&section("Competency profile", &profile(explanation)));
    body.push_str(&section("Tiers, from the top", &tiers(explanation)));
    body.push_str(&section(
        "Evidence under each indicator",
        &evidence(explanation),
    ));
    if !explanation.self_gaps.indicators.is_empty() {
        body.push_str(&section("Self versus others", &self_gaps(explanation)));
    }
    if explanation.show_all_roles {
        body.push_str(&note(SHOW_ALL_ROLES_NOTE));
    }
    page(&format!("{} {} · explain", manager.name, manager.id), &body)
}

fn header_facts(explanation: &Explanation) -> Vec<Fact> {
    let manager = explanation.manager;
    let grade = explanation.grade;
    let fact = |key: &str, label: &str, text: String| Fact {
        key: key.to_string(),
        label: label.to_string(),
        text,
    };
    let dash = || "—".to_string();
    vec![
        fact("manager_id", "Manager 编号", manager.id.clone()),
        fact("name", "Name 姓名", manager.name.clone()),
        fact(
            "team",
            "Team 团队",
            manager.team.clone().unwrap_or_else(dash),
        ),
        fact(
            "branch",
            "Branch 分公司",
            manager.branch.clone().unwrap_or_else(dash),
        ),
        fact("status", "Status 状态", grade.status.id().to_string()),
        fact(
            "tier",
            "Tier 等级",
            match explanation.tier_id() {
                "" => dash(),
                id => id.to_string(),
            },
        ),
        fact(
            "rank",
            "Rank 排名",
            grade.rank.map_or_else(dash, |rank| rank.to_string()),
        ),
        fact(
            "composite",
            "Composite 综合分",
            score(explanation, explanation.sheet.scores.composite),
        ),
    ]
}

/// The tier whose floors the radar shows first: the next one up, or the
/// manager's own at the top; and what to say about the choice.
fn floor_tiers(explanation: &Explanation) -> (Vec<(usize, &'static str)>, String) {
    let tiers = &explanation.standard.tiers;
    let current = match explanation.grade.placement {
        Some(Placement::Tier(index)) => Some(index),
        _ => None,
    };
    let next = next_tier(explanation.standard, explanation.grade);
    let mut shown = Vec::new();
    let mut said = Vec::new();
    match (next, current) {
        (Some(next), _) => {
            shown.push((next, "next tier"));
            said.push(format!(
                "The marks across the axes are the competency floors of the next tier up, {}",
                tiers[next].name
            ));
        }
        (None, Some(current)) => said.push(format!(
            "{} is the top tier: there is no tier above, so the marks are its own floors",
            tiers[current].name
        )),
        (None, None) => said.push("Not graded, so no tier: the scores are shown alone".to_string()),
    }
    if let Some(current) = current {
        shown.push((current, "current tier"));
        if next.is_some() {
            said.push(format!(
                ", and of the current tier, {}",
                tiers[current].name
            ));
        }
    }
    for &(tier, _) in &shown {
        if tiers[tier].min_competency.is_empty() {
            said.push(format!("({} sets no competency floor)", tiers[tier].name));
        }
    }
    (shown, format!("{}.", said.join(" ").replace(" ,", ",")))
}

/// The competency profile: the radar against the floors, then the same
/// numbers as a table with the first floor tier's verdict, then the
/// composite's methods.
fn profile(explanation: &Explanation) -> String {
    let (floor_tiers, said) = floor_tiers(explanation);
    let mut out = profile_radar(explanation, &floor_tiers);
    out.push_str(&note(&said));
    let first = floor_tiers
        .first()
        .and_then(|&(tier, _)| explanation.tiers.iter().find(|check| check.tier == tier));
    out.push_str(&competency_table(explanation, first));
    out.push_str(&methods_table(explanation));
    out
}

/// The competency scores as an area, each floor tier's floors as marks.
fn profile_radar(explanation: &Explanation, floor_tiers: &[(usize, &str)]) -> String {
    let standard = explanation.standard;
    let precision = standard.precision;
    let mut series = vec![RadarSeries {
        name: "Scores 得分".to_string(),
        values: explanation
            .sheet
            .scores
            .competencies
            .iter()
            .map(|score| score.map(|s| Shown::score(s, precision)))
            .collect(),
        style: RadarStyle::Area,
    }];
    for &(tier, which) in floor_tiers {
        let tier_rule = &standard.tiers[tier];
        let mut values = vec![None; standard.competencies.len()];
        for &(competency, minimum) in &tier_rule.min_competency {
            if let Some(value) = values.get_mut(competency) {
                *value = Some(Shown::score(minimum, precision));
            }
        }
        series.push(RadarSeries {
            name: format!("{} floors ({which})", tier_rule.name),
            values,
            style: RadarStyle::Marks,
        });
    }
    let manager = explanation.manager;
    radar(&Radar {
        title: format!("{} {}: competency scores", manager.name, manager.id),
        axes: standard
            .competencies
            .iter()
            .map(|c| c.name.clone())
            .collect(),
        max: 100.0,
        series,
    })
}

/// Each competency's weight and score, and the floor of the `first` floor
/// tier with its result.
fn competency_table(explanation: &Explanation, first: Option<&TierCheck>) -> String {
    let standard = explanation.standard;
    let floor_header = first.map_or("floor".to_string(), |check| {
        format!("{} floor", standard.tiers[check.tier].id)
    });
    let rows: Vec<Vec<TableCell>> = standard
        .competencies
        .iter()
        .enumerate()
        .map(|(c, competency)| {
            let condition = first.and_then(|check| {
                check
                    .conditions
                    .iter()
                    .find(|cond| cond.requirement == Requirement::Competency(c))
            });
            let mut row = vec![
                TableCell::text(format!("{} ({})", competency.name, competency.id)),
                TableCell::number(trim_number(competency.weight)),
                TableCell::number(score(explanation, explanation.sheet.scores.competencies[c]))
                    .key(format!("competency/{}", competency.id)),
            ];
            match condition {
                Some(condition) => {
                    row.push(TableCell::number(
                        condition_numbers(explanation, condition).needed,
                    ));
                    row.push(result_cell(explanation, condition));
                }
                None => row.extend([TableCell::text(""), TableCell::text("")]),
            }
            row
        })
        .collect();
    table(
        "Competencies (combined indicator scores, weighted by indicator)",
        &["competency", "weight", "score", &floor_header, "result"],
        &rows,
    )
}

/// Each method's weight and score, and the composite they make.
fn methods_table(explanation: &Explanation) -> String {
    let standard = explanation.standard;
    let scores = &explanation.sheet.scores;
    let mut methods: Vec<Vec<TableCell>> = standard
        .methods_in_use()
        .map(|method| {
            vec![
                TableCell::text(method.id()),
                TableCell::number(trim_number(standard.method_weight(method))),
                TableCell::number(score(explanation, scores.methods[method.index()]))
                    .key(format!("method/{}", method.id())),
            ]
        })
        .collect();
    methods.push(vec![
        TableCell::text("composite").class("group"),
        TableCell::text("").class("group"),
        TableCell::number(score(explanation, scores.composite))
            .class("group")
            .key("composite"),
    ]);
    table(
        "Composite = Σ method weight × method score",
        &["method", "weight", "score"],
        &methods,
    )
}

/// A condition's outcome: met, short by how much, or missed for want of a
/// value.
fn result_cell(explanation: &Explanation, condition: &Condition) -> TableCell {
    let shown = condition_numbers(explanation, condition);
    match (shown.value, shown.short) {
        (None, _) => TableCell::text("no value: missed").class("short"),
        (Some(_), None) => TableCell::text("met").class("met"),
        (Some(_), Some(short)) => TableCell::text(format!("short {short}")).class("short"),
    }
}

fn tiers(explanation: &Explanation) -> String {
    let standard = explanation.standard;
    if standard.tiers.is_empty() || explanation.grade.placement.is_none() {
        return note("Not placed: the manager was not graded, so no tier is tried.");
    }
    let mut rows = Vec::new();
    for check in &explanation.tiers {
        let tier = &standard.tiers[check.tier];
        rows.push(vec![
            TableCell::text(format!("{} ({}): {}", tier.name, tier.id, verdict(check)))
                .class("group")
                .span(5),
        ]);
        for condition in &check.conditions {
            let id = condition.requirement.id(standard);
            let shown = condition_numbers(explanation, condition);
            let key = |what: &str| format!("{}/{id}/{what}", tier.id);
            rows.push(vec![
                TableCell::text(id),
                TableCell::number(shown.value.clone().unwrap_or_default()).key(key("value")),
                TableCell::number(shown.needed.clone()).key(key("minimum")),
                TableCell::number(shown.short.clone().unwrap_or_default()).key(key("short")),
                result_cell(explanation, condition),
            ]);
        }
        if let Some(tie) = tie_text(explanation, check.tier) {
            rows.push(vec![TableCell::text(tie).span(5)]);
        }
    }
    table(
        "Each condition, met or short by how much (≥ on the shown score)",
        &["condition", "value", "needs", "short", "result"],
        &rows,
    )
}

/// A table per competency: a row per method of each indicator with its
/// score and the evidence under it.
fn evidence(explanation: &Explanation) -> String {
    let standard = explanation.standard;
    let mut out = String::new();
    for (c, competency) in standard.competencies.iter().enumerate() {
        let rows: Vec<Vec<TableCell>> = competency
            .indicators
            .iter()
            .flat_map(|&indicator| indicator_rows(explanation, indicator))
            .collect();
        out.push_str(&table(
            &format!(
                "{} ({}): {} (weight {})",
                competency.name,
                competency.id,
                score(explanation, explanation.sheet.scores.competencies[c]),
                trim_number(competency.weight)
            ),
            &[
                "indicator",
                "weight",
                "combined",
                "method",
                "score",
                "evidence",
            ],
            &rows,
        ));
    }
    out
}

/// The rows of one indicator: its name, weight and combined score on the
/// first, then each method's score and evidence.
fn indicator_rows(explanation: &Explanation, indicator: usize) -> Vec<Vec<TableCell>> {
    let standard = explanation.standard;
    let rule = &standard.indicators[indicator];
    let mut rows = Vec::new();
    for method in standard.methods_in_use() {
        if !standard.measures(indicator, method) {
            continue;
        }
        let mut evidence = method_evidence(explanation, indicator, method);
        if method == Method::Ratings {
            for line in role_lines(explanation, indicator) {
                evidence.push('\n');
                evidence.push_str(line.trim_end());
            }
        }
        let (name, weight, combined) = if rows.is_empty() {
            (
                TableCell::text(format!("{} ({})", rule.name, rule.id)),
                TableCell::number(trim_number(rule.weight)),
                TableCell::number(score(explanation, explanation.sheet.combined[indicator]))
                    .key(format!("indicator/{}", rule.id)),
            )
        } else {
            (
                TableCell::text(""),
                TableCell::text(""),
                TableCell::text(""),
            )
        };
        rows.push(vec![
            name,
            weight,
            combined,
            TableCell::text(method.id()),
            TableCell::number(score(
                explanation,
                explanation.sheet.indicators[indicator][method.index()],
            ))
            .key(format!("indicator/{}/{}", rule.id, method.id())),
            TableCell::text(evidence).class("pre"),
        ]);
    }
    rows
}

fn self_gaps(explanation: &Explanation) -> String {
    let standard = explanation.standard;
    let gaps = &explanation.self_gaps;
    let rows: Vec<Vec<TableCell>> = gaps
        .indicators
        .iter()
        .chain(&gaps.competencies)
        .map(|gap| {
            let flag = gap.flag(standard).map(|f| f.id()).unwrap_or("");
            vec![
                TableCell::text(gap.id(standard)),
                TableCell::number(rating_text(gap.self_value)),
                TableCell::number(rating_text(gap.others)),
                TableCell::number(gap_text(gap.gap)),
                TableCell::text(flag),
            ]
        })
        .collect();
    table(
        &format!(
            "Rating scale; gap threshold {}",
            trim_number(standard.ratings.gap_threshold)
        ),
        &["item", "self", "others", "gap", "flag"],
        &rows,
    )
}
