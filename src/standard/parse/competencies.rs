//! `[[competencies]]` and their `[[competencies.indicators]]`: ids, weights
//! (written or from AHP), the methods that measure each indicator and its KPI
//! options.

use std::collections::HashSet;
use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::ahp::AhpSet;
use super::{Reader, Weighted};
use crate::diagnostic::suggestion;
use crate::standard::model::{Competency, Indicator, KpiDirection, KpiRule, Method};

impl Reader<'_> {
    pub(super) fn competencies(
        &mut self,
        root: &DeTable,
        root_span: &Range<usize>,
    ) -> (Option<Vec<Competency>>, Option<Vec<Indicator>>) {
        let Some((span, value)) = self.entry(root, "competencies") else {
            self.error(root_span, "the standard has no [[competencies]]");
            return (None, None);
        };
        let DeValue::Array(items) = value.get_ref() else {
            self.error(
                &span,
                "`competencies` must be an array of tables ([[competencies]])",
            );
            return (None, None);
        };
        if items.is_empty() {
            self.error(&span, "the standard has no competency");
            return (None, None);
        }
        let mut valid = true;
        let mut competency_ids = HashSet::new();
        let mut indicator_ids = HashSet::new();
        let mut competency_weights = Vec::new();
        let mut competencies = Vec::new();
        let mut indicators = Vec::new();
        for item in items.iter() {
            let item_span = item.span();
            let Some(table) = self.table(item, &item_span, "a [[competencies]] entry") else {
                valid = false;
                continue;
            };
            self.known_keys(
                table,
                &["id", "name", "weight", "indicators"],
                "a [[competencies]] entry",
            );
            let id = self.required_id(table, &item_span, "competency", &mut competency_ids);
            let name = self
                .string(table, "name", "a competency")
                .map_or(String::new(), |(n, _)| n);
            let weight = self.member_weight(
                table,
                &item_span,
                id.as_deref().unwrap_or("?"),
                "competency",
                self.ahp_key("competencies"),
            );
            let (Some(id), Some(weight)) = (id, weight) else {
                valid = false;
                continue;
            };
            competency_weights.push(Weighted {
                id: id.clone(),
                weight,
            });
            let competency = competencies.len();
            let first_indicator = indicators.len();
            if !self.indicators(
                table,
                &item_span,
                &id,
                competency,
                &mut indicator_ids,
                &mut indicators,
            ) {
                valid = false;
            }
            competencies.push(Competency {
                id,
                name,
                weight,
                indicators: (first_indicator..indicators.len()).collect(),
            });
        }
        let unused_indicator_sets: Vec<(String, AhpSet)> = std::mem::take(&mut self.ahp.indicators);
        for (id, set) in &unused_indicator_sets {
            let hint = suggestion(id, competency_ids.iter().map(String::as_str));
            self.error(
                &set.span,
                format!("[ahp.indicators.{id}] names no competency{hint}"),
            );
            valid = false;
        }
        if !valid {
            return (None, None);
        }
        let weighted = match self.ahp.competencies.take() {
            Some(set) => self.weights_from_ahp(&mut competency_weights, &set, "competency"),
            None if self.ahp_key("competencies").is_some() => false,
            None => self.normalise(&mut competency_weights, "the competencies", &span),
        };
        if !weighted {
            return (None, None);
        }
        for (competency, weighted) in competencies.iter_mut().zip(&competency_weights) {
            competency.weight = weighted.weight;
        }
        (Some(competencies), Some(indicators))
    }

    /// A member's `weight`: required, unless the set's weights come from
    /// AHP (`ahp_set` names it), when a weight is an error and the weight is
    /// given later.
    fn member_weight(
        &mut self,
        table: &DeTable,
        table_span: &Range<usize>,
        id: &str,
        kind: &str,
        ahp_set: Option<String>,
    ) -> Option<f64> {
        if let Some(set) = ahp_set {
            if let Some((span, _)) = self.entry(table, "weight") {
                self.error(
                    &span,
                    format!("{kind} `{id}` has a `weight`, but its set's weights come from [ahp.{set}]: remove it"),
                );
                return None;
            }
            return Some(0.0);
        }
        if table.get("weight").is_none() {
            self.error(table_span, format!("{kind} `{id}` has no `weight`"));
            return None;
        }
        let number = self.number(table, "weight", &format!("{kind} `{id}`"));
        self.positive_weight(number, &format!("{kind} `{id}`"))
    }

    fn indicators(
        &mut self,
        competency_table: &DeTable,
        competency_span: &Range<usize>,
        competency_id: &str,
        competency: usize,
        seen: &mut HashSet<String>,
        indicators: &mut Vec<Indicator>,
    ) -> bool {
        let Some((span, value)) = self.entry(competency_table, "indicators") else {
            self.error(
                competency_span,
                format!("competency `{competency_id}` has no indicator"),
            );
            return false;
        };
        let DeValue::Array(items) = value.get_ref() else {
            self.error(
                &span,
                "`indicators` must be an array of tables ([[competencies.indicators]])",
            );
            return false;
        };
        if items.is_empty() {
            self.error(
                &span,
                format!("competency `{competency_id}` has no indicator"),
            );
            return false;
        }
        let mut valid = true;
        let mut weights = Vec::new();
        let first = indicators.len();
        for item in items.iter() {
            let item_span = item.span();
            let Some(table) = self.table(item, &item_span, "an indicator") else {
                valid = false;
                continue;
            };
            self.known_keys(
                table,
                &[
                    "id",
                    "name",
                    "weight",
                    "exam",
                    "ratings",
                    "interview",
                    "kpi",
                ],
                "an indicator",
            );
            let id = self.required_id(table, &item_span, "indicator", seen);
            let name = self
                .string(table, "name", "an indicator")
                .map_or(String::new(), |(n, _)| n);
            let weight = self.member_weight(
                table,
                &item_span,
                id.as_deref().unwrap_or("?"),
                "indicator",
                self.ahp_key(&format!("indicators.{competency_id}")),
            );
            let label = id.clone().unwrap_or_else(|| "?".to_string());
            let exam_max = self.number(table, "exam", &format!("indicator `{label}`")).and_then(|number| {
                if number.value > 0.0 {
                    Some(number.value)
                } else {
                    self.error(&number.span, format!("the exam section of `{label}` is worth {} points; it must be above 0", number.literal));
                    None
                }
            });
            let ratings = self.flag(table, "ratings", &label);
            let interview = self.flag(table, "interview", &label);
            let kpi = self.kpi_rule(table, &label);
            let (Some(id), Some(weight)) = (id, weight) else {
                valid = false;
                continue;
            };
            let indicator = Indicator {
                id: id.clone(),
                name,
                competency,
                weight,
                exam_max,
                ratings,
                interview,
                kpi,
            };
            if !Method::ALL.iter().any(|&method| indicator.declares(method)) {
                self.error(
                    &item_span,
                    format!("indicator `{id}` is measured by no method: give it `exam`, `ratings`, `interview` or `kpi`"),
                );
                valid = false;
            }
            weights.push(Weighted { id, weight });
            indicators.push(indicator);
        }
        let ahp_set = self
            .ahp
            .indicators
            .iter()
            .position(|(id, _)| id == competency_id)
            .map(|at| self.ahp.indicators.remove(at).1);
        if valid {
            let what = format!("the indicators of `{competency_id}`");
            let broken = self
                .ahp_key(&format!("indicators.{competency_id}"))
                .is_some();
            valid = match &ahp_set {
                Some(set) => self.weights_from_ahp(&mut weights, set, "indicator"),
                None if broken => false,
                None => self.normalise(&mut weights, &what, competency_span),
            };
            for (indicator, weighted) in indicators[first..].iter_mut().zip(&weights) {
                indicator.weight = weighted.weight;
            }
        }
        valid
    }

    /// `ratings = true` or `interview = true`; absent means not measured.
    fn flag(&mut self, table: &DeTable, key: &str, indicator: &str) -> bool {
        let Some((span, value)) = self.entry(table, key) else {
            return false;
        };
        match value.get_ref() {
            DeValue::Boolean(true) => true,
            _ => {
                self.error(
                    &span,
                    format!("`{key}` of indicator `{indicator}` must be `true` or left out"),
                );
                false
            }
        }
    }

    fn kpi_rule(&mut self, table: &DeTable, indicator: &str) -> Option<KpiRule> {
        let (span, value) = self.entry(table, "kpi")?;
        let context = format!("the kpi of `{indicator}`");
        let kpi = self.table(value, &span, &context)?;
        self.known_keys(kpi, &["direction", "cap"], &context);
        let direction = match self.string(kpi, "direction", &context) {
            None => KpiDirection::Higher,
            Some((text, span)) => match text.as_str() {
                "higher" => KpiDirection::Higher,
                "lower" => KpiDirection::Lower,
                other => {
                    self.error(
                        &span,
                        format!("kpi direction `{other}` must be \"higher\" or \"lower\""),
                    );
                    KpiDirection::Higher
                }
            },
        };
        let cap = match self.number(kpi, "cap", &context) {
            None => 1.0,
            Some(number) if number.value < 1.0 => {
                self.error(
                    &number.span,
                    format!("kpi cap {} is below 1.0", number.literal),
                );
                1.0
            }
            Some(number) => number.value,
        };
        Some(KpiRule { direction, cap })
    }
}
