//! Placement: `[[tiers]]` with their floors, `[ranking]` tie-breakers and
//! `[movement]`.

use std::collections::HashSet;
use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::{Entry, Reader};
use crate::diagnostic::suggestion;
use crate::number::{ExactDecimal, trim_number};
use crate::standard::model::{Method, QuotaTies, Standard, TieBreaker, Tier};

impl Reader<'_> {
    pub(super) fn tie_breakers(&mut self, root: &DeTable, standard: &Standard) -> Vec<TieBreaker> {
        let Some((span, value)) = self.entry(root, "ranking") else {
            return Vec::new();
        };
        let Some(table) = self.table(value, &span, "[ranking]") else {
            return Vec::new();
        };
        self.known_keys(table, &["tie_breakers"], "[ranking]");
        let Some((span, value)) = self.entry(table, "tie_breakers") else {
            return Vec::new();
        };
        let DeValue::Array(items) = value.get_ref() else {
            self.error(
                &span,
                "`tie_breakers` must be an array of method or competency ids",
            );
            return Vec::new();
        };
        let mut breakers = Vec::new();
        for item in items.iter() {
            let DeValue::String(id) = item.get_ref() else {
                self.error(
                    &item.span(),
                    "a tie-breaker must be a method or competency id (a string)",
                );
                continue;
            };
            if let Some(method) = Method::from_id(id) {
                if standard.method_weight(method) > 0.0 {
                    breakers.push(TieBreaker::Method(method));
                } else {
                    self.error(
                        &item.span(),
                        format!("tie-breaker `{id}` is a method of weight 0"),
                    );
                }
            } else if let Some(index) = standard.competencies.iter().position(|c| c.id == **id) {
                breakers.push(TieBreaker::Competency(index));
            } else {
                let known = standard
                    .methods_in_use()
                    .map(|m| m.id())
                    .chain(standard.competencies.iter().map(|c| c.id.as_str()));
                let hint = suggestion(id, known);
                self.error(
                    &item.span(),
                    format!("tie-breaker `{id}` is neither a method in use nor a competency{hint}"),
                );
            }
        }
        breakers
    }

    /// `[movement]`: `max_step_up`, a whole number of tiers of at least 1.
    pub(super) fn movement(&mut self, root: &DeTable) -> Option<u32> {
        let (span, value) = self.entry(root, "movement")?;
        let table = self.table(value, &span, "[movement]")?;
        self.known_keys(table, &["max_step_up"], "[movement]");
        self.whole(table, "max_step_up", "[movement]", 1)
    }

    /// `[[tiers]]`, highest first; a tier with a wrong id or `min_composite`
    /// is left out (its problems reported).
    pub(super) fn tiers(&mut self, root: &DeTable, standard: &Standard) -> Vec<Tier> {
        let Some((span, value)) = self.entry(root, "tiers") else {
            return Vec::new();
        };
        let DeValue::Array(items) = value.get_ref() else {
            self.error(&span, "`tiers` must be an array of tables ([[tiers]])");
            return Vec::new();
        };
        let mut tiers: Vec<Tier> = Vec::new();
        let mut seen = HashSet::new();
        let mut previous_min: Option<f64> = None;
        for item in items.iter() {
            tiers.extend(self.tier(item, standard, &mut seen, &mut previous_min));
        }
        tiers
    }

    /// One `[[tiers]]` entry. `previous_min` is the last `min_composite`
    /// read, which this tier's may not exceed.
    fn tier(
        &mut self,
        item: &Entry,
        standard: &Standard,
        seen: &mut HashSet<String>,
        previous_min: &mut Option<f64>,
    ) -> Option<Tier> {
        let item_span = item.span();
        let table = self.table(item, &item_span, "a [[tiers]] entry")?;
        self.known_keys(
            table,
            &[
                "id",
                "name",
                "min_composite",
                "min_competency",
                "min_method",
                "min_tenure_years",
                "max_share",
                "quota_ties",
            ],
            "a [[tiers]] entry",
        );
        let id = self.required_id(table, &item_span, "tier", seen);
        let label = id.clone().unwrap_or_else(|| "?".to_string());
        let context = format!("tier `{label}`");
        let name = self
            .string(table, "name", &context)
            .map_or(String::new(), |(n, _)| n);
        let min_composite = self.min_composite(table, &item_span, &label, previous_min);
        let min_competency = self.floors(table, "min_competency", &context, |id| {
            standard
                .competencies
                .iter()
                .position(|c| c.id == id)
                .ok_or_else(|| suggestion(id, standard.competencies.iter().map(|c| c.id.as_str())))
        });
        let min_method = self.floors(table, "min_method", &context, |id| {
            match Method::from_id(id) {
                Some(method) if standard.method_weight(method) > 0.0 => Ok(method),
                Some(_) => Err(" (a method of weight 0)".to_string()),
                None => Err(suggestion(id, standard.methods_in_use().map(|m| m.id()))),
            }
        });
        let min_tenure_years = self
            .number(table, "min_tenure_years", &context)
            .map(|n| n.value);
        let max_share = self.max_share(table, &context);
        let quota_ties = self.quota_ties(table, &context, max_share.is_some());
        Some(Tier {
            id: id?,
            name,
            min_composite: min_composite?,
            min_competency,
            min_method,
            min_tenure_years,
            max_share,
            quota_ties,
        })
    }

    /// `quota_ties`: `"split"` (the default), `"admit"` or `"flag"`; only
    /// on a tier with a `max_share`, since without a quota there is no
    /// line for a tie to fall across.
    fn quota_ties(&mut self, table: &DeTable, context: &str, has_quota: bool) -> QuotaTies {
        let Some((text, span)) = self.string(table, "quota_ties", context) else {
            return QuotaTies::Split;
        };
        let Some(rule) = QuotaTies::ALL.into_iter().find(|rule| rule.id() == text) else {
            let hint = suggestion(&text, QuotaTies::ALL.map(QuotaTies::id));
            self.error(
                &span,
                format!("`quota_ties` of {context} is \"{text}\"; it must be \"split\", \"admit\" or \"flag\"{hint}"),
            );
            return QuotaTies::Split;
        };
        if !has_quota {
            self.error(
                &span,
                format!("`quota_ties` of {context} has no quota to apply to: give the tier a `max_share`, or remove `quota_ties`"),
            );
        }
        rule
    }

    /// `min_composite`, required and at most the tier above's.
    fn min_composite(
        &mut self,
        table: &DeTable,
        item_span: &Range<usize>,
        label: &str,
        previous_min: &mut Option<f64>,
    ) -> Option<f64> {
        let context = format!("tier `{label}`");
        let Some(number) = self.number(table, "min_composite", &context) else {
            if table.get("min_composite").is_none() {
                self.error(item_span, format!("{context} has no `min_composite`"));
            }
            return None;
        };
        if let Some(previous) = *previous_min
            && number.value > previous
        {
            self.error(
                &number.span,
                format!(
                    "`min_composite` of tier `{label}` is {}, above the tier before it ({}); tiers are listed highest first",
                    number.literal,
                    trim_number(previous)
                ),
            );
        }
        *previous_min = Some(number.value);
        Some(number.value)
    }

    /// `max_share`: the most of the managers the tier may take, above 0 and
    /// at most 1, kept as the exact decimal written.
    fn max_share(&mut self, table: &DeTable, context: &str) -> Option<ExactDecimal> {
        let number = self.number(table, "max_share", context)?;
        let exact = ExactDecimal::parse(&number.literal)
            .filter(|share| number.value > 0.0 && share.at_most_one());
        if exact.is_none() {
            self.error(
                &number.span,
                format!(
                    "`max_share` of {context} is {}; it must be above 0 and at most 1",
                    number.literal
                ),
            );
        }
        exact
    }

    /// A table of floors, `id = score`, each id resolved by `resolve`, which
    /// gives the hint to print when the id is not known.
    fn floors<T>(
        &mut self,
        table: &DeTable,
        key: &str,
        context: &str,
        resolve: impl Fn(&str) -> Result<T, String>,
    ) -> Vec<(T, f64)> {
        let Some((span, value)) = self.entry(table, key) else {
            return Vec::new();
        };
        let Some(floors) = self.table(value, &span, &format!("`{key}` of {context}")) else {
            return Vec::new();
        };
        let mut resolved = Vec::new();
        for (id, value) in floors.iter() {
            let number = self.number_value(
                value,
                &id.span(),
                &format!("the floor of `{}`", id.get_ref()),
            );
            match resolve(id.get_ref()) {
                Ok(target) => {
                    if let Some(number) = number {
                        resolved.push((target, number.value));
                    }
                }
                Err(hint) => {
                    let what = if key == "min_method" {
                        "method in use"
                    } else {
                        "competency"
                    };
                    self.error(
                        &id.span(),
                        format!(
                            "`{key}` of {context} names `{}`, which is no {what}{hint}",
                            id.get_ref()
                        ),
                    );
                }
            }
        }
        resolved
    }
}
