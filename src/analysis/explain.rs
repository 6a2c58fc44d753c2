//! `ladder explain` (SPEC §7): one manager's whole computation, from the raw
//! evidence to the tiers. The numbers are recorded while the scoring code
//! that grades everyone runs for this manager ([`score_sheet`] with a
//! [`Trace`]), so what is explained is what was judged.

use std::fmt::Write as _;
use std::ops::Range;

use serde_json::{Map, Value, json};

use crate::engine::grade::{Condition, Grade, Grades, Placement, Requirement};
use crate::engine::score::{
    ScoreSheet, ScoredGroup, Trace, kpi_attainment, kpi_score, on_scale, score_sheet,
};
use crate::engine::self_view::{SelfGaps, self_gaps};
use crate::engine::tiers::{TierCheck, next_tier, tier_checks};
use crate::evidence::{Evidence, Manager};
use crate::number::{format_score, round_score, shown_value, trim_number};
use crate::output::html::{self as chart, Fact, Radar, RadarSeries, RadarStyle, Shown, TableCell};
use crate::standard::{Method, Standard};

/// A group of scores as recorded: see [`ScoredGroup`].
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedGroup {
    pub sorted: Vec<f64>,
    pub kept: Range<usize>,
    pub minimum: u32,
    pub mean: Option<f64>,
}

impl RecordedGroup {
    /// The lowest and highest scores the trim left out.
    fn dropped_by_trim(&self) -> Vec<f64> {
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
        }
    }
}

/// The evidence under every indicator score of one manager.
#[derive(Debug, Clone, Default)]
struct Recorder {
    exam: Vec<Option<(f64, f64)>>,
    /// Per indicator: (role, group), roles in the standard's order.
    role_groups: Vec<Vec<(usize, RecordedGroup)>>,
    /// Per indicator: the rating value and the role weights it used.
    rating_values: Vec<Option<(f64, f64)>>,
    interview: Vec<Option<RecordedGroup>>,
    /// Per indicator: (actual, target, attainment).
    kpi: Vec<Option<(f64, f64, f64)>>,
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

/// Role groups as people may read them (SPEC §8): a group below its role's
/// `report_min` is pooled into "others", which is hidden below 3 raters.
#[derive(Debug, Clone, PartialEq)]
pub enum ShownGroup<'a> {
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
pub const OTHERS_MIN: usize = 3;

/// The role groups of one indicator as shown.
pub fn shown_groups<'a>(
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
pub struct Explanation<'a> {
    standard: &'a Standard,
    manager: &'a Manager,
    grade: &'a Grade,
    sheet: ScoreSheet,
    record: Recorder,
    pub tiers: Vec<TierCheck>,
    self_gaps: SelfGaps,
    show_all_roles: bool,
}

impl<'a> Explanation<'a> {
    pub fn new(
        standard: &'a Standard,
        evidence: &'a Evidence,
        grades: &'a Grades,
        manager: usize,
        show_all_roles: bool,
    ) -> Option<Explanation<'a>> {
        let grade = grades.grades.iter().find(|g| g.manager == manager)?;
        let mut record = Recorder::new(standard.indicators.len());
        let sheet = score_sheet(standard, evidence, manager, &mut record);
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
        })
    }

    fn score(&self, score: Option<f64>) -> String {
        score.map_or_else(
            || "—".to_string(),
            |s| format_score(s, self.standard.precision),
        )
    }

    fn tier_id(&self) -> &str {
        self.grade.tier_id(self.standard).unwrap_or_default()
    }

    /// A condition's numbers as every form shows them: the minimum, the
    /// value and the shortfall (tenure in years as given, scores with the
    /// standard's decimals).
    fn condition_numbers(&self, condition: &Condition) -> ShownCondition {
        let precision = self.standard.precision;
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

    fn condition_text(&self, condition: &Condition) -> String {
        let name = condition.requirement.id(self.standard);
        let shown = self.condition_numbers(condition);
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
    fn verdict(check: &TierCheck) -> &'static str {
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

    /// The explanation as text: a tree from the composite down to the evidence.
    pub fn text(&self) -> String {
        let standard = self.standard;
        let scores = &self.sheet.scores;
        let mut out = String::new();
        let manager = self.manager;
        let _ = write!(out, "{} {}", manager.id, manager.name);
        if let Some(team) = &manager.team {
            let _ = write!(out, " ({team})");
        }
        out.push('\n');
        let rank = self
            .grade
            .rank
            .map_or_else(|| "—".to_string(), |r| r.to_string());
        let _ = writeln!(
            out,
            "status {} · rank {rank} · tier {} · composite {}",
            self.grade.status.id(),
            if self.tier_id().is_empty() {
                "—"
            } else {
                self.tier_id()
            },
            self.score(scores.composite)
        );
        if !self.grade.note.is_empty() {
            let _ = writeln!(out, "note: {}", self.grade.note);
        }

        out.push_str("\nComposite = Σ method weight × method score\n");
        for method in standard.methods_in_use() {
            let _ = writeln!(
                out,
                "  {:<10} {:>8}  × {}",
                method.id(),
                self.score(scores.methods[method.index()]),
                trim_number(standard.method_weight(method))
            );
        }

        out.push_str("\nCompetency profile (combined indicator scores, weighted by indicator)\n");
        for (c, competency) in standard.competencies.iter().enumerate() {
            let _ = writeln!(
                out,
                "  {} {}  {}  (weight {})",
                competency.id,
                competency.name,
                self.score(scores.competencies[c]),
                trim_number(competency.weight)
            );
            for &indicator in &competency.indicators {
                self.indicator_text(indicator, &mut out);
            }
        }

        if !standard.tiers.is_empty() && self.grade.placement.is_some() {
            out.push_str("\nTiers, from the top\n");
            for check in &self.tiers {
                let tier = &standard.tiers[check.tier];
                let verdict = Self::verdict(check);
                let _ = writeln!(out, "  {} ({}): {verdict}", tier.id, tier.name);
                for condition in &check.conditions {
                    let _ = writeln!(out, "    {}", self.condition_text(condition));
                }
            }
        }

        if !self.self_gaps.indicators.is_empty() {
            let _ = writeln!(
                out,
                "\nSelf versus others (rating scale; gap threshold {})",
                trim_number(standard.ratings.gap_threshold)
            );
            for gap in self
                .self_gaps
                .indicators
                .iter()
                .chain(&self.self_gaps.competencies)
            {
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
        if self.show_all_roles {
            out.push_str(
                "\nwarning: --show-all-roles: role groups below report_min are shown; not for the rated manager's eyes\n",
            );
        }
        out
    }

    fn indicator_text(&self, indicator: usize, out: &mut String) {
        let standard = self.standard;
        let rule = &standard.indicators[indicator];
        let _ = writeln!(
            out,
            "    {} {}  combined {}  (weight {})",
            rule.id,
            rule.name,
            self.score(self.sheet.combined[indicator]),
            trim_number(rule.weight)
        );
        for method in standard.methods_in_use() {
            if !standard.measures(indicator, method) {
                continue;
            }
            let score = self.score(self.sheet.indicators[indicator][method.index()]);
            let evidence = self.method_evidence_text(indicator, method);
            let _ = writeln!(out, "      {:<10} {:>8}  {evidence}", method.id(), score);
            if method == Method::Ratings {
                for line in self.role_lines(indicator) {
                    let _ = writeln!(out, "        {line}");
                }
            }
        }
    }

    fn method_evidence_text(&self, indicator: usize, method: Method) -> String {
        let record = &self.record;
        let scale_max = trim_number(self.standard.scale_max);
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
                        self.scale_value_text(value)
                    )
                }
                None if record.role_groups[indicator].is_empty() => "no ratings".to_string(),
                None => "no role group has enough raters".to_string(),
            },
            Method::Interview => match &record.interview[indicator] {
                Some(group) => format!(
                    "panel {}",
                    group_text(group, self.standard.interview.trim, |mean| self
                        .scale_value_text(mean))
                ),
                None => "no interview scores".to_string(),
            },
            Method::Kpi => match record.kpi[indicator] {
                Some((actual, target, attainment)) => format!(
                    "actual {} against target {}: {}",
                    trim_number(actual),
                    trim_number(target),
                    self.attainment_text(indicator, actual, target, attainment)
                ),
                None => "no KPI result".to_string(),
            },
        }
    }

    /// A value on the rating scale that becomes a score, with the decimals
    /// the score recomputes from.
    fn scale_value_text(&self, value: f64) -> String {
        let standard = self.standard;
        recomputable(value, RATING_DECIMALS, standard.precision, |value| {
            on_scale(standard, value)
        })
    }

    /// `attainment 0.9133`, or `attainment 1.244018, capped at 1.2`: the
    /// ratio before the cap, and the capped one the score recomputes from.
    fn attainment_text(
        &self,
        indicator: usize,
        actual: f64,
        target: f64,
        attainment: f64,
    ) -> String {
        let shown = recomputable(attainment, 0, self.standard.precision, kpi_score);
        match uncapped_attainment(self.standard, indicator, actual, target) {
            Some(ratio) if ratio > attainment => {
                format!("attainment {}, capped at {shown}", trim_number(ratio))
            }
            Some(_) => format!("attainment {shown}"),
            None => format!("attainment capped at {shown} (an actual of 0)"),
        }
    }

    fn role_lines(&self, indicator: usize) -> Vec<String> {
        let standard = self.standard;
        let weight_sum = self.record.rating_values[indicator].map(|(_, sum)| sum);
        let groups = &self.record.role_groups[indicator];
        let mut lines: Vec<String> =
            shown_groups(standard, groups, weight_sum, self.show_all_roles)
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
                            "{:<12} {}; {weight}",
                            standard.ratings.roles[role].id,
                            group_text(group, standard.ratings.trim, rating_text)
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
        let self_role = standard.ratings.roles.len();
        if let Some((_, group)) = groups.iter().find(|(role, _)| *role == self_role) {
            lines.push(format!(
                "{:<12} {} (never weighted)",
                "self",
                values(&group.sorted)
            ));
        }
        lines
    }

    /// The explanation as data: the same content as [`Explanation::text`].
    pub fn json(&self) -> Value {
        let standard = self.standard;
        let scores = &self.sheet.scores;
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
                    .map(|&indicator| self.indicator_json(indicator))
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
        let tiers: Vec<Value> = self
            .tiers
            .iter()
            .map(|check| {
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
                json!({
                    "id": standard.tiers[check.tier].id,
                    "met": check.conditions.iter().all(Condition::is_met),
                    "quota_full": check.quota_full,
                    "capped": check.capped,
                    "placed": check.placed,
                    "conditions": conditions,
                })
            })
            .collect();
        let tier = match self.tier_id() {
            "" => Value::Null,
            id => json!(id),
        };
        json!({
            "standard": {"id": standard.id, "name": standard.name, "version": standard.version},
            "manager_id": self.manager.id,
            "name": self.manager.name,
            "team": self.manager.team,
            "branch": self.manager.branch,
            "status": self.grade.status.id(),
            "rank": self.grade.rank,
            "tier": tier,
            "composite": score(scores.composite),
            "note": self.grade.note,
            "methods": methods,
            "competencies": competencies,
            "tiers": tiers,
            "self_gap": self.self_gaps.json(standard),
            "show_all_roles": self.show_all_roles,
        })
    }

    fn indicator_json(&self, indicator: usize) -> Value {
        let standard = self.standard;
        let record = &self.record;
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
                score_value(self.sheet.indicators[indicator][method.index()], precision),
            );
            match method {
                Method::Exam => {
                    if let Some((points, maximum)) = record.exam[indicator] {
                        entry.insert("points".into(), json!(points));
                        entry.insert("maximum".into(), json!(maximum));
                    }
                }
                Method::Ratings => {
                    let value = record.rating_values[indicator];
                    entry.insert("value".into(), json!(value.map(|(v, _)| shown_value(v))));
                    let groups: Vec<Value> = shown_groups(
                        standard,
                        &record.role_groups[indicator],
                        value.map(|(_, sum)| sum),
                        self.show_all_roles,
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
                    let self_role = standard.ratings.roles.len();
                    if let Some((_, group)) = record.role_groups[indicator]
                        .iter()
                        .find(|(role, _)| *role == self_role)
                    {
                        entry.insert("self".into(), json!(group.sorted));
                    }
                }
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
                        let uncapped = uncapped_attainment(standard, indicator, actual, target);
                        entry.insert(
                            "uncapped_attainment".into(),
                            json!(uncapped.map(shown_value)),
                        );
                        entry.insert("cap".into(), json!(rule.kpi.map(|kpi| kpi.cap)));
                    }
                }
            }
            methods.insert(method.id().to_string(), Value::Object(entry));
        }
        json!({
            "id": rule.id,
            "name": rule.name,
            "weight": rule.weight,
            "combined": score_value(self.sheet.combined[indicator], precision),
            "methods": methods,
        })
    }
}

/// The page `explain --format html` writes: the same recorded numbers as
/// [`Explanation::text`] and [`Explanation::json`], through the same
/// formatting, drawn with [`crate::output::chart`].
impl Explanation<'_> {
    /// The explanation as a self-contained HTML page: the header facts, a
    /// radar of the competency profile against the tier floors, the methods,
    /// every tier's conditions and the evidence under each indicator.
    pub fn html(&self) -> String {
        let standard = self.standard;
        let manager = self.manager;
        let mut body = String::new();
        body.push_str(&chart::facts(&self.html_facts()));
        if !self.grade.note.is_empty() {
            body.push_str(&chart::note(&format!("note: {}", self.grade.note)));
        }
        body.push_str(&chart::note(&format!(
            "Standard: {} ({} {}). Every number is the one `ladder grade` judged.",
            standard.name, standard.id, standard.version
        )));
        body.push_str(&chart::section("Competency profile", &self.html_profile()));
        body.push_str(&chart::section("Tiers, from the top", &self.html_tiers()));
        body.push_str(&chart::section(
            "Evidence under each indicator",
            &self.html_evidence(),
        ));
        if !self.self_gaps.indicators.is_empty() {
            body.push_str(&chart::section(
                "Self versus others",
                &self.html_self_gaps(),
            ));
        }
        if self.show_all_roles {
            body.push_str(&chart::note(
                "warning: --show-all-roles: role groups below report_min are shown; not for the rated manager's eyes",
            ));
        }
        chart::page(&format!("{} {} · explain", manager.name, manager.id), &body)
    }

    fn html_facts(&self) -> Vec<Fact> {
        let manager = self.manager;
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
            fact("status", "Status 状态", self.grade.status.id().to_string()),
            fact(
                "tier",
                "Tier 等级",
                match self.tier_id() {
                    "" => dash(),
                    id => id.to_string(),
                },
            ),
            fact(
                "rank",
                "Rank 排名",
                self.grade.rank.map_or_else(dash, |rank| rank.to_string()),
            ),
            fact(
                "composite",
                "Composite 综合分",
                self.score(self.sheet.scores.composite),
            ),
        ]
    }

    /// The tier whose floors the radar shows first: the next one up, or the
    /// manager's own at the top; and what to say about the choice.
    fn floor_tiers(&self) -> (Vec<(usize, &'static str)>, String) {
        let tiers = &self.standard.tiers;
        let current = match self.grade.placement {
            Some(Placement::Tier(index)) => Some(index),
            _ => None,
        };
        let next = next_tier(self.standard, self.grade);
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
            (None, None) => {
                said.push("Not graded, so no tier: the scores are shown alone".to_string())
            }
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

    fn html_profile(&self) -> String {
        let standard = self.standard;
        let precision = standard.precision;
        let scores = &self.sheet.scores;
        let (floor_tiers, said) = self.floor_tiers();
        let mut series = vec![RadarSeries {
            name: "Scores 得分".to_string(),
            values: scores
                .competencies
                .iter()
                .map(|score| score.map(|s| Shown::score(s, precision)))
                .collect(),
            style: RadarStyle::Area,
        }];
        for &(tier, which) in &floor_tiers {
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
        let mut out = chart::radar(&Radar {
            title: format!(
                "{} {}: competency scores",
                self.manager.name, self.manager.id
            ),
            axes: standard
                .competencies
                .iter()
                .map(|c| c.name.clone())
                .collect(),
            max: 100.0,
            series,
        });
        out.push_str(&chart::note(&said));

        // The same numbers as a table, with the first floor tier's verdict.
        let first = floor_tiers
            .first()
            .and_then(|&(tier, _)| self.tiers.iter().find(|check| check.tier == tier));
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
                    TableCell::number(self.score(scores.competencies[c]))
                        .key(format!("competency/{}", competency.id)),
                ];
                match condition {
                    Some(condition) => {
                        row.push(TableCell::number(self.condition_numbers(condition).needed));
                        row.push(self.result_cell(condition));
                    }
                    None => row.extend([TableCell::text(""), TableCell::text("")]),
                }
                row
            })
            .collect();
        let mut methods: Vec<Vec<TableCell>> = standard
            .methods_in_use()
            .map(|method| {
                vec![
                    TableCell::text(method.id()),
                    TableCell::number(trim_number(standard.method_weight(method))),
                    TableCell::number(self.score(scores.methods[method.index()]))
                        .key(format!("method/{}", method.id())),
                ]
            })
            .collect();
        methods.push(vec![
            TableCell::text("composite").class("group"),
            TableCell::text("").class("group"),
            TableCell::number(self.score(scores.composite))
                .class("group")
                .key("composite"),
        ]);
        out.push_str(&chart::table(
            "Competencies (combined indicator scores, weighted by indicator)",
            &["competency", "weight", "score", &floor_header, "result"],
            &rows,
        ));
        out.push_str(&chart::table(
            "Composite = Σ method weight × method score",
            &["method", "weight", "score"],
            &methods,
        ));
        out
    }

    /// A condition's outcome: met, short by how much, or missed for want of
    /// a value.
    fn result_cell(&self, condition: &Condition) -> TableCell {
        let shown = self.condition_numbers(condition);
        match (shown.value, shown.short) {
            (None, _) => TableCell::text("no value: missed").class("short"),
            (Some(_), None) => TableCell::text("met").class("met"),
            (Some(_), Some(short)) => TableCell::text(format!("short {short}")).class("short"),
        }
    }

    fn html_tiers(&self) -> String {
        let standard = self.standard;
        if standard.tiers.is_empty() || self.grade.placement.is_none() {
            return chart::note("Not placed: the manager was not graded, so no tier is tried.");
        }
        let mut rows = Vec::new();
        for check in &self.tiers {
            let tier = &standard.tiers[check.tier];
            rows.push(vec![
                TableCell::text(format!(
                    "{} ({}): {}",
                    tier.name,
                    tier.id,
                    Self::verdict(check)
                ))
                .class("group")
                .span(5),
            ]);
            for condition in &check.conditions {
                let id = condition.requirement.id(standard);
                let shown = self.condition_numbers(condition);
                let key = |what: &str| format!("{}/{id}/{what}", tier.id);
                rows.push(vec![
                    TableCell::text(id),
                    TableCell::number(shown.value.clone().unwrap_or_default()).key(key("value")),
                    TableCell::number(shown.needed.clone()).key(key("minimum")),
                    TableCell::number(shown.short.clone().unwrap_or_default()).key(key("short")),
                    self.result_cell(condition),
                ]);
            }
        }
        chart::table(
            "Each condition, met or short by how much (≥ on the shown score)",
            &["condition", "value", "needs", "short", "result"],
            &rows,
        )
    }

    fn html_evidence(&self) -> String {
        let standard = self.standard;
        let mut out = String::new();
        for (c, competency) in standard.competencies.iter().enumerate() {
            let mut rows = Vec::new();
            for &indicator in &competency.indicators {
                let rule = &standard.indicators[indicator];
                let mut first = true;
                for method in standard.methods_in_use() {
                    if !standard.measures(indicator, method) {
                        continue;
                    }
                    let mut evidence = self.method_evidence_text(indicator, method);
                    if method == Method::Ratings {
                        for line in self.role_lines(indicator) {
                            evidence.push('\n');
                            evidence.push_str(line.trim_end());
                        }
                    }
                    let (name, weight, combined) = if first {
                        (
                            TableCell::text(format!("{} ({})", rule.name, rule.id)),
                            TableCell::number(trim_number(rule.weight)),
                            TableCell::number(self.score(self.sheet.combined[indicator]))
                                .key(format!("indicator/{}", rule.id)),
                        )
                    } else {
                        (
                            TableCell::text(""),
                            TableCell::text(""),
                            TableCell::text(""),
                        )
                    };
                    first = false;
                    rows.push(vec![
                        name,
                        weight,
                        combined,
                        TableCell::text(method.id()),
                        TableCell::number(
                            self.score(self.sheet.indicators[indicator][method.index()]),
                        )
                        .key(format!(
                            "indicator/{}/{}",
                            rule.id,
                            method.id()
                        )),
                        TableCell::text(evidence).class("pre"),
                    ]);
                }
            }
            out.push_str(&chart::table(
                &format!(
                    "{} ({}): {} (weight {})",
                    competency.name,
                    competency.id,
                    self.score(self.sheet.scores.competencies[c]),
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

    fn html_self_gaps(&self) -> String {
        let standard = self.standard;
        let rows: Vec<Vec<TableCell>> = self
            .self_gaps
            .indicators
            .iter()
            .chain(&self.self_gaps.competencies)
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
        chart::table(
            &format!(
                "Rating scale; gap threshold {}",
                trim_number(standard.ratings.gap_threshold)
            ),
            &["item", "self", "others", "gap", "flag"],
            &rows,
        )
    }
}

/// A condition's numbers as shown: see [`Explanation::condition_numbers`].
struct ShownCondition {
    needed: String,
    value: Option<String>,
    short: Option<String>,
}

/// A value on the rating scale as shown (a mean of ratings, self, others),
/// rounded as scores are: 3.125 shows as 3.13.
fn rating_text(value: f64) -> String {
    format_score(round_score(value, 2), 2)
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

/// A KPI's attainment before its cap; `None` for an actual of 0 when lower
/// is better, which has no ratio (its attainment is the cap).
fn uncapped_attainment(
    standard: &Standard,
    indicator: usize,
    actual: f64,
    target: f64,
) -> Option<f64> {
    let kpi = standard.indicators[indicator].kpi?;
    let ratio = kpi_attainment(kpi.direction, f64::INFINITY, actual, target);
    ratio.is_finite().then_some(ratio)
}

/// A self-minus-others gap in scale points, signed.
fn gap_text(gap: f64) -> String {
    let shown = rating_text(gap);
    if shown.starts_with('-') {
        shown
    } else {
        format!("+{shown}")
    }
}

/// A 0–100 score as a JSON number with exactly `precision` decimals.
pub fn score_value(score: Option<f64>, precision: u32) -> Value {
    score
        .and_then(|s| {
            format_score(s, precision)
                .parse::<serde_json::Number>()
                .ok()
        })
        .map_or(Value::Null, Value::Number)
}

fn group_json(group: &RecordedGroup) -> Map<String, Value> {
    let mut object = Map::new();
    object.insert("raters".into(), json!(group.sorted.len()));
    object.insert("scores".into(), json!(group.sorted));
    object.insert("dropped_by_trim".into(), json!(group.dropped_by_trim()));
    object.insert("minimum".into(), json!(group.minimum));
    object.insert("mean".into(), json!(group.mean.map(shown_value)));
    object
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
