//! Reading the standard's TOML: every rule of SPEC §1 checked, every problem
//! reported with the line and column of the key at fault.
//!
//! The document is walked as a spanned tree (`toml::de::DeTable`) rather than
//! deserialised by serde, so that one run reports every problem, not the first.
//!
//! This file holds the entry point, the typed access to TOML values shared by
//! every section, and `Reader::standard`, which reads the sections in the
//! order their errors are reported. Each section's reader lives in its own
//! file: `header` (`[standard]`), `methods` (`[methods]`, `[scale]`, and
//! the check that every method in use measures something),
//! `ratings` (`[ratings]`, `[interview]`), `competencies`
//! (`[[competencies]]`, indicators, KPI options), `tiers` (`[[tiers]]`,
//! `[ranking]`, `[movement]`), `columns` (`[columns]`) and `ahp`
//! (`[ahp.*]` pairwise judgements).

mod ahp;
mod columns;
mod competencies;
mod header;
mod methods;
mod ratings;
mod tiers;

use std::collections::HashSet;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use self::ahp::AhpSets;
use super::model::*;
use crate::diagnostic::{Diagnostic, Location, Problems, suggestion};
use crate::number::trim_number;

/// Words that name methods, columns or special values, so no id may take them.
const RESERVED_IDS: [&str; 24] = [
    "exam",
    "ratings",
    "interview",
    "kpi",
    "rank",
    "manager_id",
    "name",
    "team",
    "branch",
    "tenure_years",
    "composite",
    "tier",
    "status",
    "note",
    "rater_id",
    "interviewer_id",
    "role",
    "indicator",
    "score",
    "actual",
    "target",
    "self",
    "none",
    "others",
];

type Entry<'i> = Spanned<DeValue<'i>>;

/// Parses and validates a standard. `file` is the name errors carry.
pub fn parse(source: &str, file: &str) -> Result<Standard, Problems> {
    let (document, syntax_errors) = DeTable::parse_recoverable(source);
    let mut reader = Reader {
        file,
        source,
        errors: Vec::new(),
        ahp: AhpSets::default(),
        ahp_summaries: Vec::new(),
    };
    for error in syntax_errors {
        let span = error.span().unwrap_or(0..0);
        reader.error(&span, error.message().trim().to_string());
    }
    if !reader.errors.is_empty() {
        return Err(Problems::new(reader.errors));
    }
    let standard = reader.standard(document.get_ref(), &document.span());
    match standard {
        Some(standard) if reader.errors.is_empty() => Ok(standard),
        _ => Err(Problems::new(reader.errors)),
    }
}

/// A numeric value with where it was written and, for quotas, its exact decimal.
#[derive(Clone)]
struct Number {
    value: f64,
    literal: String,
    span: Range<usize>,
}

/// A weight as written, before its set is normalised.
struct Weighted {
    id: String,
    weight: f64,
}

/// Walks the document section by section, collecting every problem.
struct Reader<'s> {
    file: &'s str,
    source: &'s str,
    errors: Vec<Diagnostic>,
    /// The [ahp.*] sets read, each taken by the set it weights.
    ahp: AhpSets,
    /// The AHP sets applied, for the standard.
    ahp_summaries: Vec<AhpSummary>,
}

impl Reader<'_> {
    fn location(&self, span: &Range<usize>) -> Location {
        let mut start = span.start.min(self.source.len());
        while !self.source.is_char_boundary(start) {
            start -= 1;
        }
        let before = &self.source[..start];
        let line = before.matches('\n').count() as u64 + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() as u64 + 1;
        Location::cell(self.file, line, column)
    }

    fn error(&mut self, span: &Range<usize>, message: impl Into<String>) {
        let location = if span.is_empty() && span.start == 0 && self.source.is_empty() {
            Location::file(self.file)
        } else {
            self.location(span)
        };
        self.errors.push(Diagnostic::new(location, message));
    }

    fn file_error(&mut self, message: impl Into<String>) {
        self.errors
            .push(Diagnostic::new(Location::file(self.file), message));
    }

    /// Reports every key of `table` not in `allowed`.
    fn known_keys(&mut self, table: &DeTable, allowed: &[&str], context: &str) {
        for key in table.keys() {
            if !allowed.contains(&key.get_ref().as_ref()) {
                let hint = suggestion(key.get_ref(), allowed.iter().copied());
                self.error(
                    &key.span(),
                    format!("unknown key `{}` in {context}{hint}", key.get_ref()),
                );
            }
        }
    }

    /// The key's span (where errors about its value point) and its value.
    fn entry<'a, 'i>(
        &self,
        table: &'a DeTable<'i>,
        key: &str,
    ) -> Option<(Range<usize>, &'a Entry<'i>)> {
        table
            .get_key_value(key)
            .map(|(key, value)| (key.span(), value))
    }

    fn table<'a, 'i>(
        &mut self,
        value: &'a Entry<'i>,
        span: &Range<usize>,
        what: &str,
    ) -> Option<&'a DeTable<'i>> {
        match value.get_ref() {
            DeValue::Table(table) => Some(table),
            other => {
                self.error(
                    span,
                    format!("{what} must be a table, not {}", other.type_str()),
                );
                None
            }
        }
    }

    fn string(
        &mut self,
        table: &DeTable,
        key: &str,
        context: &str,
    ) -> Option<(String, Range<usize>)> {
        let (span, value) = self.entry(table, key)?;
        match value.get_ref() {
            DeValue::String(text) => Some((text.to_string(), span)),
            other => {
                self.error(
                    &span,
                    format!(
                        "`{key}` in {context} must be a string, not {}",
                        other.type_str()
                    ),
                );
                None
            }
        }
    }

    fn number_value(&mut self, value: &Entry, span: &Range<usize>, what: &str) -> Option<Number> {
        let literal = match value.get_ref() {
            DeValue::Integer(integer) if integer.radix() == 10 => integer.as_str().to_string(),
            DeValue::Float(float) => float.as_str().to_string(),
            other => {
                self.error(
                    span,
                    format!("{what} must be a number, not {}", other.type_str()),
                );
                return None;
            }
        };
        let cleaned = literal.replace('_', "");
        match cleaned.parse::<f64>() {
            Ok(number) if number.is_finite() => Some(Number {
                value: number,
                literal: cleaned,
                span: span.clone(),
            }),
            _ => {
                self.error(
                    span,
                    format!("{what} must be a finite number, not `{literal}`"),
                );
                None
            }
        }
    }

    fn number(&mut self, table: &DeTable, key: &str, context: &str) -> Option<Number> {
        let (span, value) = self.entry(table, key)?;
        self.number_value(value, &span, &format!("`{key}` in {context}"))
    }

    fn whole_value(
        &mut self,
        value: &Entry,
        span: &Range<usize>,
        what: &str,
        least: u32,
    ) -> Option<u32> {
        let number = self.number_value(value, span, what)?;
        if number.value.fract() != 0.0
            || number.value < f64::from(least)
            || number.value > f64::from(u32::MAX)
        {
            self.error(
                span,
                format!(
                    "{what} must be a whole number of at least {least}, not {}",
                    number.literal
                ),
            );
            return None;
        }
        Some(number.value as u32)
    }

    fn whole(&mut self, table: &DeTable, key: &str, context: &str, least: u32) -> Option<u32> {
        let (span, value) = self.entry(table, key)?;
        self.whole_value(value, &span, &format!("`{key}` in {context}"), least)
    }

    /// An id of a competency, indicator, tier or role: ASCII letters, digits,
    /// `-` and `_`, and not a reserved word.
    fn check_id(&mut self, id: &str, span: &Range<usize>, kind: &str) -> bool {
        if id.is_empty() {
            self.error(span, format!("{kind} id is empty"));
            return false;
        }
        if let Some(bad) = id
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
        {
            self.error(
                span,
                format!("{kind} id `{id}` has `{bad}`; ids use ASCII letters, digits, `-` and `_`"),
            );
            return false;
        }
        if RESERVED_IDS.contains(&id) {
            self.error(
                span,
                format!("`{id}` is a reserved word and cannot be a {kind} id"),
            );
            return false;
        }
        true
    }

    /// Checks that a sibling set sums to 1 or to 100 and normalises it.
    fn normalise(&mut self, set: &mut [Weighted], what: &str, span: &Range<usize>) -> bool {
        let sum: f64 = set.iter().map(|member| member.weight).sum();
        let fraction_style = (sum - 1.0).abs() <= 0.001 + 1e-12;
        let percent_style = (sum - 100.0).abs() <= 0.1 + 1e-9;
        if !(fraction_style || percent_style) {
            let listed: Vec<String> = set
                .iter()
                .map(|member| format!("{} = {}", member.id, member.weight))
                .collect();
            self.error(
                span,
                format!(
                    "the weights of {what} sum to {}, not to 1 (± 0.001) or 100 (± 0.1): {}",
                    trim_number(sum),
                    listed.join(", ")
                ),
            );
            return false;
        }
        for member in set.iter_mut() {
            member.weight /= sum;
        }
        true
    }

    /// A weight of a role, competency or indicator: above 0.
    fn positive_weight(&mut self, number: Option<Number>, what: &str) -> Option<f64> {
        let number = number?;
        if number.value <= 0.0 {
            self.error(
                &number.span,
                format!(
                    "the weight of {what} is {}; weights are above 0 (to leave it out, remove it)",
                    number.literal
                ),
            );
            return None;
        }
        Some(number.value)
    }

    fn required_id(
        &mut self,
        table: &DeTable,
        table_span: &Range<usize>,
        kind: &str,
        seen: &mut HashSet<String>,
    ) -> Option<String> {
        let Some((id, span)) = self.string(table, "id", &format!("a {kind}")) else {
            if table.get("id").is_none() {
                self.error(table_span, format!("a {kind} has no `id`"));
            }
            return None;
        };
        if !self.check_id(&id, &span, kind) {
            return None;
        }
        if !seen.insert(id.clone()) {
            self.error(&span, format!("duplicate {kind} id `{id}`"));
            return None;
        }
        Some(id)
    }

    /// The whole standard. `[ahp]` is read first since its sets replace the
    /// weights of the sections below; the sections that depend on the
    /// competencies and methods (`[ranking]`, `[[tiers]]`, `[columns]`) are
    /// read only once those are sound.
    fn standard(&mut self, root: &DeTable, root_span: &Range<usize>) -> Option<Standard> {
        self.known_keys(
            root,
            &[
                "standard",
                "scale",
                "methods",
                "ratings",
                "interview",
                "ranking",
                "competencies",
                "tiers",
                "movement",
                "ahp",
                "columns",
            ],
            "the standard",
        );
        self.ahp = self.ahp_sets(root);

        let header = self.header(root);
        let methods = self.methods(root, root_span);
        let (scale_min, scale_max) = self.scale(root, root_span, &methods);
        let ratings = self.rating_rules(root, root_span, &methods);
        let interview = self.interview_rules(root);
        let competencies = self.competencies(root, root_span);

        let (Some(header), Some(method_weights)) = (header, methods) else {
            return None;
        };
        let ratings = ratings?;
        let (competencies, indicators) = competencies?;
        let mut standard = Standard {
            id: header.id,
            name: header.name,
            version: header.version,
            precision: header.precision,
            missing: header.missing,
            scale_min,
            scale_max,
            method_weights,
            ratings,
            interview,
            tie_breakers: Vec::new(),
            competencies,
            indicators,
            tiers: Vec::new(),
            max_step_up: None,
            ahp: Vec::new(),
            columns: ColumnNames::default(),
            indicator_lookup: Default::default(),
        };
        standard.indicator_lookup = standard
            .indicators
            .iter()
            .enumerate()
            .map(|(index, indicator)| (indicator.id.clone(), index))
            .collect();
        self.measurement(&standard, root);
        standard.tie_breakers = self.tie_breakers(root, &standard);
        standard.tiers = self.tiers(root, &standard);
        standard.max_step_up = self.movement(root);
        standard.columns = self.columns(root, &standard);
        standard.ahp = std::mem::take(&mut self.ahp_summaries);
        Some(standard)
    }
}
