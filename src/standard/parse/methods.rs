//! `[methods]` (or `[ahp.methods]`) and `[scale]`, and the check that every
//! method in use measures something.

use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::ahp::AhpSet;
use super::{Reader, Weighted};
use crate::diagnostic::suggestion;
use crate::standard::model::{Method, Standard};

impl Reader<'_> {
    /// The four method weights, by `Method::index`, summing to 1: from
    /// `[ahp.methods]` when given, else from `[methods]`.
    pub(super) fn methods(&mut self, root: &DeTable, root_span: &Range<usize>) -> Option<[f64; 4]> {
        if let Some(set) = self.ahp.methods.take() {
            return self.methods_from_ahp(root, &set);
        }
        if self.ahp_key("methods").is_some() {
            return None; // [ahp.methods] was given, and its errors reported.
        }
        let Some((span, value)) = self.entry(root, "methods") else {
            self.error(
                root_span,
                "the standard has no [methods] table: give each method's weight",
            );
            return None;
        };
        let table = self.table(value, &span, "[methods]")?;
        let mut set = self.method_weights(table)?;
        if set.iter().all(|member| member.weight == 0.0) {
            self.error(&span, "every method in [methods] has weight 0");
            return None;
        }
        if !self.normalise(&mut set, "[methods]", &span) {
            return None;
        }
        let mut weights = [0.0; 4];
        for member in set {
            if let Some(method) = Method::from_id(&member.id) {
                weights[method.index()] = member.weight;
            }
        }
        Some(weights)
    }

    /// The method weights an `[ahp.methods]` set derived; `[methods]` beside
    /// it is an error.
    fn methods_from_ahp(&mut self, root: &DeTable, set: &AhpSet) -> Option<[f64; 4]> {
        if let Some((span, _)) = self.entry(root, "methods") {
            self.error(
                &span,
                "the method weights come from [ahp.methods]: remove [methods] (giving both is an error)",
            );
            return None;
        }
        let mut weights = [0.0; 4];
        let mut valid = true;
        for ((id, span), weight) in set.order.iter().zip(&set.derived.weights) {
            match Method::from_id(id) {
                Some(method) => weights[method.index()] = *weight,
                None => {
                    let hint = suggestion(id, Method::ALL.iter().map(|m| m.id()));
                    self.error(
                        span,
                        format!("unknown method `{id}` in [ahp.methods]{hint}"),
                    );
                    valid = false;
                }
            }
        }
        self.ahp_applied(set);
        valid.then_some(weights)
    }

    /// Each `[methods]` key a method, each weight 0 or above, as written.
    fn method_weights(&mut self, table: &DeTable) -> Option<Vec<Weighted>> {
        let mut set = Vec::new();
        let mut valid = true;
        for (key, value) in table.iter() {
            let Some(method) = Method::from_id(key.get_ref()) else {
                let hint = suggestion(key.get_ref(), Method::ALL.iter().map(|m| m.id()));
                self.error(
                    &key.span(),
                    format!("unknown method `{}` in [methods]{hint}", key.get_ref()),
                );
                valid = false;
                continue;
            };
            let what = format!("method `{}`", method.id());
            match self.number_value(value, &key.span(), &format!("the weight of {what}")) {
                Some(number) if number.value < 0.0 => {
                    self.error(
                        &key.span(),
                        format!(
                            "the weight of {what} is {}; it must be 0 or above",
                            number.literal
                        ),
                    );
                    valid = false;
                }
                Some(number) => set.push(Weighted {
                    id: method.id().to_string(),
                    weight: number.value,
                }),
                None => valid = false,
            }
        }
        valid.then_some(set)
    }

    pub(super) fn scale(
        &mut self,
        root: &DeTable,
        root_span: &Range<usize>,
        methods: &Option<[f64; 4]>,
    ) -> (f64, f64) {
        let needs_scale = methods.is_some_and(|weights| {
            weights[Method::Ratings.index()] > 0.0 || weights[Method::Interview.index()] > 0.0
        });
        let Some((span, value)) = self.entry(root, "scale") else {
            if needs_scale {
                self.error(
                    root_span,
                    "the standard has no [scale] table (min and max of the rating scale)",
                );
            }
            return (1.0, 5.0);
        };
        let Some(table) = self.table(value, &span, "[scale]") else {
            return (1.0, 5.0);
        };
        self.known_keys(table, &["min", "max"], "[scale]");
        let min = self.number(table, "min", "[scale]");
        let max = self.number(table, "max", "[scale]");
        match (min, max) {
            (Some(min), Some(max)) => {
                if min.value < 0.0 || min.value >= max.value {
                    let at_fault = if min.value < 0.0 {
                        &min.span
                    } else {
                        &max.span
                    };
                    self.error(
                        at_fault,
                        format!(
                            "the scale runs from {} to {}; it needs 0 ≤ min < max",
                            min.literal, max.literal
                        ),
                    );
                }
                (min.value, max.value)
            }
            _ => {
                self.error(&span, "[scale] needs both `min` and `max`");
                (1.0, 5.0)
            }
        }
    }

    /// Every method in use measures something; every indicator is measured by
    /// a method in use.
    pub(super) fn measurement(&mut self, standard: &Standard, root: &DeTable) {
        let methods_span = self
            .entry(root, "methods")
            .map(|(span, _)| span)
            .unwrap_or(0..0);
        for method in standard.methods_in_use() {
            if standard.indicators_of(method).is_empty() {
                let span = self
                    .entry(root, "methods")
                    .and_then(|(_, v)| match v.get_ref() {
                        DeValue::Table(t) => t.get_key_value(method.id()).map(|(k, _)| k.span()),
                        _ => None,
                    })
                    .unwrap_or(methods_span.clone());
                self.error(
                    &span,
                    format!(
                        "method `{}` has a weight but measures no indicator",
                        method.id()
                    ),
                );
            }
        }
        for indicator in &standard.indicators {
            let measured = Method::ALL
                .iter()
                .any(|&method| indicator.declares(method) && standard.method_weight(method) > 0.0);
            let declared = Method::ALL.iter().any(|&method| indicator.declares(method));
            if declared && !measured {
                self.file_error(format!(
                    "indicator `{}` is measured only by methods of weight 0",
                    indicator.id
                ));
            }
        }
    }
}
