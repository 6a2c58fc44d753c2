//! `ladder explain --format json`: the same content as the text
//! ([`crate::output::text::explain`]), as data.

use serde_json::{Map, Value, json};

use super::score_value;
use crate::analysis::explain::{Explanation, RecordedGroup, ShownGroup, shown_groups};
use crate::engine::grade::{Condition, Requirement};
use crate::engine::tiers::TierCheck;
use crate::number::shown_value;
use crate::standard::Method;

/// The explanation as data: the same content as the text.
pub(crate) fn json(explanation: &Explanation) -> Value {
    let standard = explanation.standard;
    let scores = &explanation.sheet.scores;
    let score = |s: Option<f64>| score_value(s, standard.precision);
    let mut methods = Map::new();
    for method in standard.methods_in_use() {
        methods.insert(
            method.id().to_string(),
            json!({
                "weight": standard.method_weight(method),
                "score": score(scores.methods[method.index()]),
            }),
        );
    }
    let competencies: Vec<Value> = standard
        .competencies
        .iter()
        .enumerate()
        .map(|(c, competency)| {
            let indicators: Vec<Value> = competency
                .indicators
                .iter()
                .map(|&indicator| indicator_json(explanation, indicator))
                .collect();
            json!({
                "id": competency.id,
                "name": competency.name,
                "weight": competency.weight,
                "score": score(scores.competencies[c]),
                "indicators": indicators,
            })
        })
        .collect();
    let tiers: Vec<Value> = explanation
        .tiers
        .iter()
        .map(|check| tier_json(explanation, check))
        .collect();
    let tier = match explanation.tier_id() {
        "" => Value::Null,
        id => json!(id),
    };
    let manager = explanation.manager;
    let grade = explanation.grade;
    json!({
        "standard": {"id": standard.id, "name": standard.name, "version": standard.version},
        "manager_id": manager.id,
        "name": manager.name,
        "team": manager.team,
        "branch": manager.branch,
        "status": grade.status.id(),
        "rank": grade.rank,
        "tier": tier,
        "composite": score(scores.composite),
        "note": grade.note,
        "methods": methods,
        "competencies": competencies,
        "tiers": tiers,
        "self_gap": explanation.self_gaps.json(standard),
        "show_all_roles": explanation.show_all_roles,
    })
}

/// One tier's check: its verdict's parts and each condition.
fn tier_json(explanation: &Explanation, check: &TierCheck) -> Value {
    let standard = explanation.standard;
    let score = |s: Option<f64>| score_value(s, standard.precision);
    let conditions: Vec<Value> = check
        .conditions
        .iter()
        .map(|condition| {
            json!({
                "on": condition.requirement.id(standard),
                "minimum": condition.minimum,
                "value": match condition.requirement {
                    Requirement::TenureYears => condition.value.map_or(Value::Null, |v| json!(v)),
                    _ => score(condition.value),
                },
                "met": condition.is_met(),
                // Tenure in years as given, as the text shows it.
                "short": match condition.requirement {
                    Requirement::TenureYears => condition.shortfall(standard.precision).map_or(Value::Null, |v| json!(v)),
                    _ => score(condition.shortfall(standard.precision)),
                },
            })
        })
        .collect();
    let mut tier = json!({
        "id": standard.tiers[check.tier].id,
        "met": check.conditions.iter().all(Condition::is_met),
        "quota_full": check.quota_full,
        "capped": check.capped,
        "placed": check.placed,
        "conditions": conditions,
    });
    // Only under `quota_ties = "admit"` or `"flag"`: other explanations
    // keep their fields.
    if let (Some(shown), Value::Object(fields)) = (explanation.quota_tie(check.tier), &mut tier) {
        fields.insert(
            "quota_tie".into(),
            json!({
                "rule": shown.rule.id(),
                "rank": shown.tie.rank,
                "quota": shown.tie.quota,
                "members": shown.members,
                "admitted": shown.admitted,
                "over_quota": shown.tie.over,
            }),
        );
    }
    tier
}

/// One indicator: its combined score and each method's score with the
/// evidence under it.
fn indicator_json(explanation: &Explanation, indicator: usize) -> Value {
    let standard = explanation.standard;
    let record = &explanation.record;
    let rule = &standard.indicators[indicator];
    let precision = standard.precision;
    let mut methods = Map::new();
    for method in standard.methods_in_use() {
        if !standard.measures(indicator, method) {
            continue;
        }
        let mut entry = Map::new();
        entry.insert(
            "score".into(),
            score_value(
                explanation.sheet.indicators[indicator][method.index()],
                precision,
            ),
        );
        match method {
            Method::Exam => {
                if let Some((points, maximum)) = record.exam[indicator] {
                    entry.insert("points".into(), json!(points));
                    entry.insert("maximum".into(), json!(maximum));
                }
            }
            Method::Ratings => ratings_json(explanation, indicator, &mut entry),
            Method::Interview => {
                if let Some(group) = &record.interview[indicator] {
                    entry.insert("panel".into(), Value::Object(group_json(group)));
                }
            }
            Method::Kpi => {
                if let Some((actual, target, attainment)) = record.kpi[indicator] {
                    entry.insert("actual".into(), json!(actual));
                    entry.insert("target".into(), json!(target));
                    entry.insert("attainment".into(), json!(shown_value(attainment)));
                    let uncapped = explanation.uncapped_attainment(indicator, actual, target);
                    entry.insert(
                        "uncapped_attainment".into(),
                        json!(uncapped.map(shown_value)),
                    );
                    entry.insert(
                        "cap".into(),
                        json!(
                            rule.kpi
                                .as_ref()
                                .filter(|kpi| kpi.bands.is_empty())
                                .map(|kpi| kpi.cap)
                        ),
                    );
                    // Only a KPI with `bands` has the field.
                    if let Some(band) = rule.kpi.as_ref().and_then(|kpi| kpi.band(attainment)) {
                        entry.insert(
                            "band".into(),
                            json!({ "threshold": band.threshold, "score": band.score }),
                        );
                    }
                }
            }
        }
        methods.insert(method.id().to_string(), Value::Object(entry));
    }
    json!({
        "id": rule.id,
        "name": rule.name,
        "weight": rule.weight,
        "combined": score_value(explanation.sheet.combined[indicator], precision),
        "methods": methods,
    })
}

/// The ratings under an indicator: the role-weighted value, the role groups
/// as people may read them, and the manager's own ratings.
fn ratings_json(explanation: &Explanation, indicator: usize, entry: &mut Map<String, Value>) {
    let standard = explanation.standard;
    let record = &explanation.record;
    let value = record.rating_values[indicator];
    entry.insert("value".into(), json!(value.map(|(v, _)| shown_value(v))));
    let groups: Vec<Value> = shown_groups(
        standard,
        &record.role_groups[indicator],
        value.map(|(_, sum)| sum),
        explanation.show_all_roles,
    )
    .into_iter()
    .map(|shown| match shown {
        ShownGroup::Role {
            role,
            group,
            weight,
        } => {
            let mut object = group_json(group);
            object.insert("role".into(), json!(standard.ratings.roles[role].id));
            object.insert("weight".into(), json!(weight.map(shown_value)));
            Value::Object(object)
        }
        ShownGroup::Others { raters, mean } => {
            json!({"role": "others", "raters": raters, "mean": shown_value(mean)})
        }
        ShownGroup::Hidden => json!({"role": "others", "hidden": true}),
    })
    .collect();
    entry.insert("groups".into(), json!(groups));
    if let Some(group) = explanation.self_ratings(indicator) {
        entry.insert("self".into(), json!(group.sorted));
    }
}

fn group_json(group: &RecordedGroup) -> Map<String, Value> {
    let mut object = Map::new();
    object.insert("raters".into(), json!(group.sorted.len()));
    object.insert("scores".into(), json!(group.sorted));
    // Only under `[ratings] adjust`: other explanations stay as they were.
    if !group.adjusted.is_empty() {
        let ratings: Vec<Value> = group
            .adjusted
            .iter()
            .map(|rating| json!({"raw": rating.raw, "shift": rating.shift, "adjusted": rating.adjusted}))
            .collect();
        object.insert("leniency".into(), Value::Array(ratings));
    }
    object.insert("dropped_by_trim".into(), json!(group.dropped_by_trim()));
    object.insert("minimum".into(), json!(group.minimum));
    object.insert("mean".into(), json!(group.mean.map(shown_value)));
    object
}
