//! `[[competencies]]` and their `[[competencies.indicators]]`: ids, weights
//! (written or from AHP), the methods that measure each indicator and its KPI
//! options.

use std::collections::HashSet;
use std::ops::Range;

use toml::de::{DeArray, DeTable, DeValue};

use super::ahp::AhpSet;
use super::{Entry, Reader, Weighted};
use crate::diagnostic::suggestion;
use crate::number::trim_number;
use crate::standard::model::{Competency, Indicator, KpiBand, KpiDirection, KpiRule, Method};

impl Reader<'_> {
    /// Every competency with its indicators, their weights normalised; `None`
    /// when anything in them is wrong (every problem reported).
    pub(super) fn competencies(
        &mut self,
        root: &DeTable,
        root_span: &Range<usize>,
    ) -> Option<(Vec<Competency>, Vec<Indicator>)> {
        let (span, items) = self.competency_entries(root, root_span)?;
        let mut competency_ids = HashSet::new();
        let mut indicator_ids = HashSet::new();
        let mut competencies = Vec::new();
        let mut indicators = Vec::new();
        let mut valid = true;
        for item in items.iter() {
            match self.competency(
                item,
                competencies.len(),
                &mut competency_ids,
                &mut indicator_ids,
                &mut indicators,
            ) {
                Some(competency) => competencies.push(competency),
                None => valid = false,
            }
        }
        valid &= self.indicator_sets_used(&competency_ids);
        if !valid || !self.competency_weights(&mut competencies, &span) {
            return None;
        }
        Some((competencies, indicators))
    }

    /// The `[[competencies]]` array: present and not empty.
    fn competency_entries<'a, 'i>(
        &mut self,
        root: &'a DeTable<'i>,
        root_span: &Range<usize>,
    ) -> Option<(Range<usize>, &'a DeArray<'i>)> {
        let Some((span, value)) = self.entry(root, "competencies") else {
            self.error(root_span, "the standard has no [[competencies]]");
            return None;
        };
        let DeValue::Array(items) = value.get_ref() else {
            self.error(
                &span,
                "`competencies` must be an array of tables ([[competencies]])",
            );
            return None;
        };
        if items.is_empty() {
            self.error(&span, "the standard has no competency");
            return None;
        }
        Some((span, items))
    }

    /// One `[[competencies]]` entry, the `index`th, and its indicators
    /// (added to `indicators`); `None` when anything in it is wrong.
    fn competency(
        &mut self,
        item: &Entry,
        index: usize,
        ids: &mut HashSet<String>,
        indicator_ids: &mut HashSet<String>,
        indicators: &mut Vec<Indicator>,
    ) -> Option<Competency> {
        let item_span = item.span();
        let table = self.table(item, &item_span, "a [[competencies]] entry")?;
        self.known_keys(
            table,
            &["id", "name", "weight", "indicators"],
            "a [[competencies]] entry",
        );
        let id = self.required_id(table, &item_span, "competency", ids);
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
        let (id, weight) = (id?, weight?);
        let first_indicator = indicators.len();
        let complete = self.indicators(table, &item_span, &id, index, indicator_ids, indicators);
        complete.then(|| Competency {
            id,
            name,
            weight,
            indicators: (first_indicator..indicators.len()).collect(),
        })
    }

    /// Every `[ahp.indicators.ID]` set left once the competencies took
    /// theirs names no competency: each is reported.
    fn indicator_sets_used(&mut self, competency_ids: &HashSet<String>) -> bool {
        let unused: Vec<(String, AhpSet)> = std::mem::take(&mut self.ahp.indicators);
        for (id, set) in &unused {
            let hint = suggestion(id, competency_ids.iter().map(String::as_str));
            self.error(
                &set.span,
                format!("[ahp.indicators.{id}] names no competency{hint}"),
            );
        }
        unused.is_empty()
    }

    /// The competencies' weights from `[ahp.competencies]`, or as written
    /// and normalised.
    fn competency_weights(&mut self, competencies: &mut [Competency], span: &Range<usize>) -> bool {
        let mut weights: Vec<Weighted> = competencies
            .iter()
            .map(|competency| Weighted {
                id: competency.id.clone(),
                weight: competency.weight,
            })
            .collect();
        let weighted = match self.ahp.competencies.take() {
            Some(set) => self.weights_from_ahp(&mut weights, &set, "competency"),
            None if self.ahp_key("competencies").is_some() => false,
            None => self.normalise(&mut weights, "the competencies", span),
        };
        if weighted {
            for (competency, weighted) in competencies.iter_mut().zip(&weights) {
                competency.weight = weighted.weight;
            }
        }
        weighted
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

    /// The indicators of competency `competency_id` (the `competency`th),
    /// added to `indicators` with their weights normalised; `false` when
    /// anything in them is wrong.
    fn indicators(
        &mut self,
        competency_table: &DeTable,
        competency_span: &Range<usize>,
        competency_id: &str,
        competency: usize,
        seen: &mut HashSet<String>,
        indicators: &mut Vec<Indicator>,
    ) -> bool {
        let Some(items) = self.indicator_entries(competency_table, competency_span, competency_id)
        else {
            return false;
        };
        let mut valid = true;
        let first = indicators.len();
        for item in items.iter() {
            match self.indicator(item, competency_id, competency, seen) {
                Some(indicator) => indicators.push(indicator),
                None => valid = false,
            }
        }
        // Taken even when something is wrong, so that it is not reported
        // as naming no competency.
        let ahp_set = self
            .ahp
            .indicators
            .iter()
            .position(|(id, _)| id == competency_id)
            .map(|at| self.ahp.indicators.remove(at).1);
        valid
            && self.indicator_weights(
                &mut indicators[first..],
                ahp_set.as_ref(),
                competency_id,
                competency_span,
            )
    }

    /// A competency's `[[competencies.indicators]]` array: present and not empty.
    fn indicator_entries<'a, 'i>(
        &mut self,
        competency_table: &'a DeTable<'i>,
        competency_span: &Range<usize>,
        competency_id: &str,
    ) -> Option<&'a DeArray<'i>> {
        let Some((span, value)) = self.entry(competency_table, "indicators") else {
            self.error(
                competency_span,
                format!("competency `{competency_id}` has no indicator"),
            );
            return None;
        };
        let DeValue::Array(items) = value.get_ref() else {
            self.error(
                &span,
                "`indicators` must be an array of tables ([[competencies.indicators]])",
            );
            return None;
        };
        if items.is_empty() {
            self.error(
                &span,
                format!("competency `{competency_id}` has no indicator"),
            );
            return None;
        }
        Some(items)
    }

    /// One indicator: id, name, weight and the methods that measure it (at
    /// least one); `None` when anything in it is wrong.
    fn indicator(
        &mut self,
        item: &Entry,
        competency_id: &str,
        competency: usize,
        seen: &mut HashSet<String>,
    ) -> Option<Indicator> {
        let item_span = item.span();
        let table = self.table(item, &item_span, "an indicator")?;
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
        let exam_max = self.exam_max(table, &label);
        let ratings = self.flag(table, "ratings", &label);
        let interview = self.flag(table, "interview", &label);
        let kpi = self.kpi_rule(table, &label);
        let indicator = Indicator {
            id: id?,
            name,
            competency,
            weight: weight?,
            exam_max,
            ratings,
            interview,
            kpi,
        };
        if !Method::ALL.iter().any(|&method| indicator.declares(method)) {
            self.error(
                &item_span,
                format!("indicator `{}` is measured by no method: give it `exam`, `ratings`, `interview` or `kpi`", indicator.id),
            );
            return None;
        }
        Some(indicator)
    }

    /// `exam`: the points the indicator's exam section is worth, above 0.
    fn exam_max(&mut self, table: &DeTable, label: &str) -> Option<f64> {
        let number = self.number(table, "exam", &format!("indicator `{label}`"))?;
        if number.value > 0.0 {
            return Some(number.value);
        }
        self.error(
            &number.span,
            format!(
                "the exam section of `{label}` is worth {} points; it must be above 0",
                number.literal
            ),
        );
        None
    }

    /// A competency's indicator weights from its `[ahp.indicators.ID]` set,
    /// or as written and normalised.
    fn indicator_weights(
        &mut self,
        indicators: &mut [Indicator],
        ahp_set: Option<&AhpSet>,
        competency_id: &str,
        competency_span: &Range<usize>,
    ) -> bool {
        let mut weights: Vec<Weighted> = indicators
            .iter()
            .map(|indicator| Weighted {
                id: indicator.id.clone(),
                weight: indicator.weight,
            })
            .collect();
        let what = format!("the indicators of `{competency_id}`");
        let broken = self
            .ahp_key(&format!("indicators.{competency_id}"))
            .is_some();
        let valid = match ahp_set {
            Some(set) => self.weights_from_ahp(&mut weights, set, "indicator"),
            None if broken => false,
            None => self.normalise(&mut weights, &what, competency_span),
        };
        for (indicator, weighted) in indicators.iter_mut().zip(&weights) {
            indicator.weight = weighted.weight;
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
        self.known_keys(kpi, &["direction", "cap", "bands"], &context);
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
        let bands = self.kpi_bands(kpi, indicator);
        if !bands.is_empty()
            && let Some((span, _)) = self.entry(kpi, "cap")
        {
            self.error(
                &span,
                format!("the kpi of `{indicator}` has both `cap` and `bands`: the top band's score is the most it scores; remove `cap`"),
            );
        }
        Some(KpiRule {
            direction,
            cap,
            bands,
        })
    }

    /// `bands = [[threshold, score], …]`: thresholds (attainment ratios)
    /// strictly falling down to 0, so that every attainment has a band;
    /// scores from 0 to 100, none above the band before it. Empty when
    /// absent or wrong (every problem reported).
    fn kpi_bands(&mut self, kpi: &DeTable, indicator: &str) -> Vec<KpiBand> {
        let Some((span, value)) = self.entry(kpi, "bands") else {
            return Vec::new();
        };
        let shape = format!(
            "`bands` of the kpi of `{indicator}` must be an array of [threshold, score] pairs, such as [[1.0, 100], [0.8, 70], [0, 0]]"
        );
        let DeValue::Array(items) = value.get_ref() else {
            self.error(&span, shape);
            return Vec::new();
        };
        if items.is_empty() {
            self.error(&span, shape);
            return Vec::new();
        }
        let mut bands: Vec<KpiBand> = Vec::new();
        let mut valid = true;
        for item in items.iter() {
            let pair = match item.get_ref() {
                DeValue::Array(pair) if pair.len() == 2 => pair,
                _ => {
                    self.error(&item.span(), shape.clone());
                    valid = false;
                    continue;
                }
            };
            let threshold = self.number_value(&pair[0], &pair[0].span(), "a band's threshold");
            let score = self.number_value(&pair[1], &pair[1].span(), "a band's score");
            let (Some(threshold), Some(score)) = (threshold, score) else {
                valid = false;
                continue;
            };
            if !(0.0..=100.0).contains(&score.value) {
                self.error(
                    &score.span,
                    format!(
                        "a band of the kpi of `{indicator}` scores {}; band scores are from 0 to 100",
                        score.literal
                    ),
                );
                valid = false;
            }
            if let Some(above) = bands.last() {
                if threshold.value >= above.threshold {
                    self.error(
                        &threshold.span,
                        format!(
                            "the band thresholds of the kpi of `{indicator}` must fall strictly, highest first: {} follows {}",
                            threshold.literal,
                            trim_number(above.threshold)
                        ),
                    );
                    valid = false;
                } else if score.value > above.score {
                    self.error(
                        &score.span,
                        format!(
                            "a band of the kpi of `{indicator}` scores {} below a threshold that scores {}: a lower attainment may not score more",
                            score.literal,
                            trim_number(above.score)
                        ),
                    );
                    valid = false;
                }
            }
            bands.push(KpiBand {
                threshold: threshold.value,
                score: score.value,
            });
        }
        if valid && bands.last().is_some_and(|last| last.threshold != 0.0) {
            let last = items.iter().last().map_or(span.clone(), |item| item.span());
            self.error(
                &last,
                format!(
                    "the last band of the kpi of `{indicator}` starts at {}, so a lower attainment has no band: end the bands with [0, score] ([0, 0] to score 0 below the rest)",
                    trim_number(bands.last().map_or(0.0, |band| band.threshold))
                ),
            );
            valid = false;
        }
        if valid { bands } else { Vec::new() }
    }
}
