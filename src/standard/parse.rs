//! Reading the standard's TOML: every rule of SPEC §1 checked, every problem
//! reported with the line and column of the key at fault.
//!
//! The document is walked as a spanned tree (`toml::de::DeTable`) rather than
//! deserialised by serde, so that one run reports every problem, not the first.

use std::collections::HashSet;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::ahp;
use super::model::*;
use crate::cell::trim_cell;
use crate::diagnostic::{Diagnostic, Location, Problems, suggestion};
use crate::number::{ExactDecimal, round_score, trim_number};

/// Words that name methods, columns or special values, so no id may take them.
pub const RESERVED_IDS: [&str; 24] = [
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

/// Default fewest raters shown on their own (SPEC §8): 3, but 1 for a supervisor.
fn default_report_min(role: &str) -> u32 {
    if role == "supervisor" { 1 } else { 3 }
}

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

struct Reader<'s> {
    file: &'s str,
    source: &'s str,
    errors: Vec<Diagnostic>,
    /// The [ahp.*] sets read, each taken by the set it weights.
    ahp: AhpSets,
    /// The AHP sets applied, for the standard.
    ahp_summaries: Vec<AhpSummary>,
}

/// An [ahp.*] set as read: its members in `order` and the derived weights.
struct AhpSet {
    /// `methods`, `roles`, `competencies` or `indicators.<id>`.
    key: String,
    /// Where the set's table is named.
    span: Range<usize>,
    order: Vec<(String, Range<usize>)>,
    order_span: Range<usize>,
    derived: ahp::Derived,
    max_cr: f64,
}

#[derive(Default)]
struct AhpSets {
    /// The keys of sets given but not derivable (their errors reported):
    /// their members' weights are not asked for.
    broken: Vec<String>,
    methods: Option<AhpSet>,
    roles: Option<AhpSet>,
    competencies: Option<AhpSet>,
    /// By competency id.
    indicators: Vec<(String, AhpSet)>,
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

    /// Every [ahp.*] set of the standard, read and derived (SPEC §6).
    fn ahp_sets(&mut self, root: &DeTable) -> AhpSets {
        let mut sets = AhpSets::default();
        let Some((span, value)) = self.entry(root, "ahp") else {
            return sets;
        };
        let Some(table) = self.table(value, &span, "[ahp]") else {
            return sets;
        };
        self.known_keys(
            table,
            &["methods", "roles", "competencies", "indicators"],
            "[ahp]",
        );
        for key in ["methods", "roles", "competencies"] {
            let Some((span, value)) = self.entry(table, key) else {
                continue;
            };
            let set = self.ahp_set(value, &span, key.to_string());
            if set.is_none() {
                sets.broken.push(key.to_string());
            }
            match key {
                "methods" => sets.methods = set,
                "roles" => sets.roles = set,
                _ => sets.competencies = set,
            }
        }
        if let Some((span, value)) = self.entry(table, "indicators")
            && let Some(by_competency) = self.table(value, &span, "[ahp.indicators]")
        {
            for (key, value) in by_competency.iter() {
                let id = key.get_ref().to_string();
                match self.ahp_set(value, &key.span(), format!("indicators.{id}")) {
                    Some(set) => sets.indicators.push((id, set)),
                    None => sets.broken.push(format!("indicators.{id}")),
                }
            }
        }
        sets
    }

    /// One [ahp.KEY] set: `order`, `matrix` (square, positive, diagonal 1,
    /// reciprocal within 1 %) and `max_cr`; the weights derived and their CR
    /// checked against `max_cr`.
    fn ahp_set(&mut self, value: &Entry, span: &Range<usize>, key: String) -> Option<AhpSet> {
        let name = format!("[ahp.{key}]");
        let table = self.table(value, span, &name)?;
        self.known_keys(table, &["order", "matrix", "max_cr"], &name);
        let Some((order_span, order_value)) = self.entry(table, "order") else {
            self.error(
                span,
                format!("{name} has no `order`: name the set's members"),
            );
            return None;
        };
        let DeValue::Array(items) = order_value.get_ref() else {
            self.error(
                &order_span,
                format!("`order` in {name} must be an array of ids"),
            );
            return None;
        };
        let mut order: Vec<(String, Range<usize>)> = Vec::new();
        let mut valid = true;
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(id) if order.iter().any(|(seen, _)| seen == id.as_ref()) => {
                    self.error(
                        &item.span(),
                        format!("`order` in {name} names `{id}` twice"),
                    );
                    valid = false;
                }
                DeValue::String(id) => order.push((id.to_string(), item.span())),
                other => {
                    self.error(
                        &item.span(),
                        format!(
                            "`order` in {name} must hold ids (strings), not {}",
                            other.type_str()
                        ),
                    );
                    valid = false;
                }
            }
        }
        let n = order.len();
        if valid && n == 0 {
            self.error(&order_span, format!("`order` in {name} names no member"));
            valid = false;
        }
        if n > ahp::MOST_MEMBERS {
            self.error(
                &order_span,
                format!("{name} has {n} members; AHP takes at most {} (Saaty's random indices stop there)", ahp::MOST_MEMBERS),
            );
            valid = false;
        }
        let max_cr = match self.number(table, "max_cr", &name) {
            Some(number) if number.value >= 0.0 => number.value,
            Some(number) => {
                self.error(
                    &number.span,
                    format!(
                        "`max_cr` in {name} is {}; it must be 0 or above",
                        number.literal
                    ),
                );
                valid = false;
                0.0
            }
            None => 0.10,
        };
        let Some((matrix_span, matrix_value)) = self.entry(table, "matrix") else {
            self.error(
                span,
                format!("{name} has no `matrix` of pairwise judgements"),
            );
            return None;
        };
        let matrix = self.ahp_matrix(matrix_value, &matrix_span, &name, n)?;
        if !valid {
            return None;
        }
        let derived = ahp::derive(&matrix);
        // A consistent matrix's CR is 0 up to binary noise.
        if derived.cr > max_cr + 1e-12 {
            let revise = ahp::worst_judgement(&matrix, &derived.weights)
                .map(|(i, j)| {
                    format!(
                        "; revise first `{}` over `{}` (matrix[{i}][{j}]): judged {}, the derived weights say {}",
                        order[i].0,
                        order[j].0,
                        judgement_text(matrix[i][j]),
                        trim_number(round_score(derived.weights[i] / derived.weights[j], 2))
                    )
                })
                .unwrap_or_default();
            self.error(
                &matrix_span,
                format!(
                    "the judgements of {name} are inconsistent: CR {} is above max_cr {} (λmax {}, CI {}){revise}",
                    format_ratio(derived.cr),
                    trim_number(max_cr),
                    format_ratio(derived.lambda_max),
                    format_ratio(derived.ci)
                ),
            );
            return None;
        }
        Some(AhpSet {
            key,
            span: span.clone(),
            order,
            order_span,
            derived,
            max_cr,
        })
    }

    /// The judgement matrix of an AHP set of `n` members, checked.
    fn ahp_matrix(
        &mut self,
        value: &Entry,
        span: &Range<usize>,
        name: &str,
        n: usize,
    ) -> Option<Vec<Vec<f64>>> {
        let DeValue::Array(rows) = value.get_ref() else {
            self.error(span, format!("`matrix` in {name} must be an array of rows"));
            return None;
        };
        if rows.len() != n {
            self.error(
                span,
                format!(
                    "`matrix` in {name} has {} rows, but `order` names {n} members",
                    rows.len()
                ),
            );
            return None;
        }
        let mut matrix = Vec::with_capacity(n);
        let mut spans = Vec::with_capacity(n);
        let mut valid = true;
        for (i, row) in rows.iter().enumerate() {
            let DeValue::Array(entries) = row.get_ref() else {
                self.error(
                    &row.span(),
                    format!("row {i} of `matrix` in {name} must be an array"),
                );
                valid = false;
                continue;
            };
            if entries.len() != n {
                self.error(
                    &row.span(),
                    format!(
                        "row {i} of `matrix` in {name} has {} entries, not {n}",
                        entries.len()
                    ),
                );
                valid = false;
                continue;
            }
            let mut values = Vec::with_capacity(n);
            for (j, entry) in entries.iter().enumerate() {
                let judged = match entry.get_ref() {
                    DeValue::Integer(integer) if integer.radix() == 10 => {
                        ahp::judgement(&integer.as_str().replace('_', ""))
                    }
                    DeValue::Float(float) => ahp::judgement(&float.as_str().replace('_', "")),
                    DeValue::String(text) => ahp::judgement(text),
                    _ => None,
                };
                match judged {
                    Some(value) => values.push(value),
                    None => {
                        self.error(
                            &entry.span(),
                            format!(
                                "matrix[{i}][{j}] in {name} must be a positive number or \"a/b\""
                            ),
                        );
                        valid = false;
                        values.push(1.0);
                    }
                }
            }
            matrix.push(values);
            spans.push(entries.iter().map(|e| e.span()).collect::<Vec<_>>());
        }
        if !valid {
            return None;
        }
        for i in 0..n {
            if (matrix[i][i] - 1.0).abs() > 1e-9 {
                self.error(
                    &spans[i][i],
                    format!(
                        "matrix[{i}][{i}] in {name} is {}; the diagonal is 1",
                        trim_number(matrix[i][i])
                    ),
                );
                valid = false;
            }
            for j in i + 1..n {
                // 0.33 stands for 1/3: 3 × 0.33 is 0.99, within 1 % up to binary noise.
                if (matrix[i][j] * matrix[j][i] - 1.0).abs() > 0.01 + 1e-9 {
                    self.error(
                        &spans[j][i],
                        format!(
                            "matrix[{j}][{i}] in {name} is {} but matrix[{i}][{j}] is {}: judgements are reciprocal (a_ji = 1 / a_ij, within 1 %)",
                            trim_number(matrix[j][i]),
                            trim_number(matrix[i][j])
                        ),
                    );
                    valid = false;
                }
            }
        }
        valid.then_some(matrix)
    }

    /// Gives a set's members their AHP weights: `order` must name every
    /// member exactly once, and no other.
    fn weights_from_ahp(&mut self, members: &mut [Weighted], set: &AhpSet, kind: &str) -> bool {
        let mut valid = true;
        for (id, span) in &set.order {
            if !members.iter().any(|member| &member.id == id) {
                let hint = suggestion(id, members.iter().map(|m| m.id.as_str()));
                self.error(
                    span,
                    format!(
                        "`order` in [ahp.{}] names `{id}`, which is no {kind} of the set{hint}",
                        set.key
                    ),
                );
                valid = false;
            }
        }
        for member in members.iter_mut() {
            match set.order.iter().position(|(id, _)| *id == member.id) {
                Some(at) => member.weight = set.derived.weights[at],
                None => {
                    self.error(
                        &set.order_span,
                        format!(
                            "`order` in [ahp.{}] leaves out {kind} `{}`",
                            set.key, member.id
                        ),
                    );
                    valid = false;
                }
            }
        }
        if valid {
            self.ahp_applied(set);
        }
        valid
    }

    /// `key` when an [ahp.KEY] set was given (derived or not): then the
    /// set's members carry no weight.
    fn ahp_key(&self, key: &str) -> Option<String> {
        let sets = &self.ahp;
        let given = sets.broken.iter().any(|k| k == key)
            || match key {
                "methods" => sets.methods.is_some(),
                "roles" => sets.roles.is_some(),
                "competencies" => sets.competencies.is_some(),
                _ => sets.indicators.iter().any(|(_, set)| set.key == key),
            };
        given.then(|| key.to_string())
    }

    fn ahp_applied(&mut self, set: &AhpSet) {
        self.ahp_summaries.push(AhpSummary {
            set: set.key.clone(),
            members: set.order.iter().map(|(id, _)| id.clone()).collect(),
            weights: set.derived.weights.clone(),
            lambda_max: set.derived.lambda_max,
            ci: set.derived.ci,
            cr: set.derived.cr,
            max_cr: set.max_cr,
        });
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
        let (competencies, indicators) = self.competencies(root, root_span);

        let (Some(header), Some(method_weights)) = (header, methods) else {
            return None;
        };
        let ratings = ratings?;
        let mut standard = Standard {
            id: header.0,
            name: header.1,
            version: header.2,
            precision: header.3,
            missing: header.4,
            scale_min,
            scale_max,
            method_weights,
            ratings,
            interview,
            tie_breakers: Vec::new(),
            competencies: competencies?,
            indicators: indicators?,
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

    #[allow(clippy::type_complexity)]
    fn header(&mut self, root: &DeTable) -> Option<(String, String, String, u32, MissingPolicy)> {
        let Some((span, value)) = self.entry(root, "standard") else {
            self.file_error("the standard has no [standard] table (id, name, version)");
            return None;
        };
        let table = self.table(value, &span, "[standard]")?;
        self.known_keys(
            table,
            &["id", "name", "version", "precision", "missing"],
            "[standard]",
        );
        let id = match self.string(table, "id", "[standard]") {
            Some((id, span)) => {
                if id.trim().is_empty() {
                    self.error(&span, "`id` in [standard] is empty");
                }
                id
            }
            None => {
                if table.get("id").is_none() {
                    self.error(&span, "[standard] has no `id`");
                }
                String::new()
            }
        };
        let name = self
            .string(table, "name", "[standard]")
            .map_or(String::new(), |(n, _)| n);
        let version = self
            .string(table, "version", "[standard]")
            .map_or(String::new(), |(v, _)| v);
        let precision = match self.entry(table, "precision") {
            None => 2,
            Some((span, value)) => {
                let precision = self.whole_value(value, &span, "`precision` in [standard]", 0);
                match precision {
                    Some(p) if p <= 6 => p,
                    Some(p) => {
                        self.error(
                            &span,
                            format!("`precision` is {p}; it must be a whole number from 0 to 6"),
                        );
                        2
                    }
                    None => 2,
                }
            }
        };
        let missing = match self.string(table, "missing", "[standard]") {
            None => MissingPolicy::Incomplete,
            Some((text, span)) => match text.as_str() {
                "incomplete" => MissingPolicy::Incomplete,
                "reweight" => MissingPolicy::Reweight,
                "zero" => MissingPolicy::Zero,
                other => {
                    self.error(
                        &span,
                        format!("`missing` is `{other}`; it must be \"incomplete\", \"reweight\" or \"zero\""),
                    );
                    MissingPolicy::Incomplete
                }
            },
        };
        Some((id, name, version, precision, missing))
    }

    fn methods(&mut self, root: &DeTable, root_span: &Range<usize>) -> Option<[f64; 4]> {
        if let Some(set) = self.ahp.methods.take() {
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
            self.ahp_applied(&set);
            return valid.then_some(weights);
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
        if !valid {
            return None;
        }
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

    fn scale(
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

    /// A number for every role, or a table by role id (roles left out keep
    /// their default).
    fn per_role(
        &mut self,
        table: &DeTable,
        key: &str,
        roles: &[Weighted],
        default: impl Fn(&str) -> u32,
        least: u32,
    ) -> Vec<u32> {
        let mut values: Vec<u32> = roles.iter().map(|role| default(&role.id)).collect();
        let Some((span, value)) = self.entry(table, key) else {
            return values;
        };
        match value.get_ref() {
            DeValue::Table(by_role) => {
                for (role, value) in by_role.iter() {
                    let what = format!("`{key}` of role `{}`", role.get_ref());
                    let Some(index) = roles.iter().position(|r| r.id == *role.get_ref()) else {
                        let hint = suggestion(role.get_ref(), roles.iter().map(|r| r.id.as_str()));
                        self.error(
                            &role.span(),
                            format!("`{key}` names role `{}`, which [ratings] roles does not declare{hint}", role.get_ref()),
                        );
                        continue;
                    };
                    if let Some(number) = self.whole_value(value, &role.span(), &what, least) {
                        values[index] = number;
                    }
                }
            }
            _ => {
                if let Some(number) =
                    self.whole_value(value, &span, &format!("`{key}` in [ratings]"), least)
                {
                    values.iter_mut().for_each(|v| *v = number);
                }
            }
        }
        values
    }

    fn rating_rules(
        &mut self,
        root: &DeTable,
        root_span: &Range<usize>,
        methods: &Option<[f64; 4]>,
    ) -> Option<RatingRules> {
        let ratings_used = methods.is_some_and(|weights| weights[Method::Ratings.index()] > 0.0);
        let empty = DeTable::new();
        let (table, span) = match self.entry(root, "ratings") {
            Some((span, value)) => (self.table(value, &span, "[ratings]")?, span),
            None => {
                if ratings_used && self.ahp_key("roles").is_none() {
                    self.error(root_span, "the ratings method has a weight but there is no [ratings] table with `roles`");
                    return None;
                }
                (&empty, root_span.clone())
            }
        };
        self.known_keys(
            table,
            &["roles", "min_raters", "trim", "report_min", "gap_threshold"],
            "[ratings]",
        );
        let mut roles = Vec::new();
        let mut valid = true;
        let roles_from_ahp = self.ahp_key("roles").is_some();
        let ahp_roles = self.ahp.roles.take();
        match self.entry(table, "roles") {
            None if roles_from_ahp && ahp_roles.is_none() => valid = false,
            Some((roles_span, _)) if roles_from_ahp => {
                self.error(
                    &roles_span,
                    "the role weights come from [ahp.roles]: remove `roles` from [ratings] (giving both is an error)",
                );
                valid = false;
            }
            None if ahp_roles.is_some() => {
                let set = ahp_roles.as_ref().map_or(&[][..], |set| &set.order[..]);
                let weights = ahp_roles
                    .as_ref()
                    .map_or(&[][..], |set| &set.derived.weights[..]);
                for ((id, span), &weight) in set.iter().zip(weights) {
                    if self.check_id(id, span, "role") {
                        roles.push(Weighted {
                            id: id.clone(),
                            weight,
                        });
                    } else {
                        valid = false;
                    }
                }
                if let Some(set) = &ahp_roles {
                    self.ahp_applied(set);
                }
            }
            Some((roles_span, value)) => {
                if let Some(role_table) = self.table(value, &roles_span, "`roles` in [ratings]") {
                    let mut seen = HashSet::new();
                    for (key, value) in role_table.iter() {
                        let id = key.get_ref().to_string();
                        if !self.check_id(&id, &key.span(), "role") || !seen.insert(id.clone()) {
                            valid = false;
                            continue;
                        }
                        let number = self.number_value(
                            value,
                            &key.span(),
                            &format!("the weight of role `{id}`"),
                        );
                        match self.positive_weight(number, &format!("role `{id}`")) {
                            Some(weight) => roles.push(Weighted { id, weight }),
                            None => valid = false,
                        }
                    }
                    if roles.is_empty() && valid {
                        self.error(&roles_span, "`roles` in [ratings] declares no role");
                        valid = false;
                    }
                    if valid && !roles.is_empty() {
                        valid = self.normalise(&mut roles, "the rater roles", &roles_span);
                    }
                } else {
                    valid = false;
                }
            }
            None => {
                if ratings_used {
                    self.error(
                        &span,
                        "[ratings] has no `roles`: give each rater role's weight",
                    );
                    valid = false;
                }
            }
        }
        let min_raters = self.per_role(table, "min_raters", &roles, |_| 1, 1);
        let report_min = self.per_role(table, "report_min", &roles, default_report_min, 1);
        let trim = self.whole(table, "trim", "[ratings]", 0).unwrap_or(0);
        let gap_threshold = match self.number(table, "gap_threshold", "[ratings]") {
            None => 1.0,
            Some(number) if number.value < 0.0 => {
                self.error(
                    &number.span,
                    "`gap_threshold` must be 0 or above (scale points)",
                );
                1.0
            }
            Some(number) => number.value,
        };
        if !valid {
            return None;
        }
        let _ = span;
        Some(RatingRules {
            roles: roles
                .into_iter()
                .zip(min_raters.into_iter().zip(report_min))
                .map(|(role, (min_raters, report_min))| Role {
                    id: role.id,
                    weight: role.weight,
                    min_raters,
                    report_min,
                })
                .collect(),
            trim,
            gap_threshold,
        })
    }

    fn interview_rules(&mut self, root: &DeTable) -> InterviewRules {
        let mut rules = InterviewRules {
            min_interviewers: 1,
            trim: 0,
        };
        let Some((span, value)) = self.entry(root, "interview") else {
            return rules;
        };
        let Some(table) = self.table(value, &span, "[interview]") else {
            return rules;
        };
        self.known_keys(table, &["min_interviewers", "trim"], "[interview]");
        if let Some(min) = self.whole(table, "min_interviewers", "[interview]", 1) {
            rules.min_interviewers = min;
        }
        if let Some(trim) = self.whole(table, "trim", "[interview]", 0) {
            rules.trim = trim;
        }
        rules
    }

    fn competencies(
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

    /// Every method in use measures something; every indicator is measured by
    /// a method in use.
    fn measurement(&mut self, standard: &Standard, root: &DeTable) {
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

    fn tie_breakers(&mut self, root: &DeTable, standard: &Standard) -> Vec<TieBreaker> {
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
    fn movement(&mut self, root: &DeTable) -> Option<u32> {
        let (span, value) = self.entry(root, "movement")?;
        let table = self.table(value, &span, "[movement]")?;
        self.known_keys(table, &["max_step_up"], "[movement]");
        self.whole(table, "max_step_up", "[movement]", 1)
    }

    /// `[columns]`: each key a column of the quarter's files (a fixed one or
    /// an indicator's), each value the header name, or an array of the
    /// header names, an export gives it.
    fn columns(&mut self, root: &DeTable, standard: &Standard) -> ColumnNames {
        let Some((span, value)) = self.entry(root, "columns") else {
            return ColumnNames::default();
        };
        let Some(table) = self.table(value, &span, "[columns]") else {
            return ColumnNames::default();
        };
        let known = || {
            EVIDENCE_COLUMNS
                .into_iter()
                .chain(standard.indicators.iter().map(|i| i.id.as_str()))
        };
        // (header name, column, where written), sorted by place below so a
        // name given twice is reported where it is given the second time.
        let mut given = Vec::new();
        for (key, value) in table.iter() {
            let column = key.get_ref().as_ref();
            if !known().any(|name| name == column) {
                let hint = suggestion(column, known());
                self.error(
                    &key.span(),
                    format!(
                        "[columns] names `{column}`, which is neither a column of the quarter's files nor an indicator{hint}"
                    ),
                );
                continue;
            }
            let items: Vec<&Entry> = match value.get_ref() {
                DeValue::String(_) => vec![value],
                DeValue::Array(items) => items.iter().collect(),
                other => {
                    self.error(
                        &key.span(),
                        format!(
                            "`{column}` in [columns] must be a header name or an array of header names, not {}",
                            other.type_str()
                        ),
                    );
                    continue;
                }
            };
            for item in items {
                let DeValue::String(alias) = item.get_ref() else {
                    self.error(
                        &item.span(),
                        format!(
                            "a header name for `{column}` in [columns] must be a string, not {}",
                            item.get_ref().type_str()
                        ),
                    );
                    continue;
                };
                given.push((trim_cell(alias).to_string(), column, item.span()));
            }
        }
        given.sort_by_key(|(_, _, span)| span.start);
        let mut names = ColumnNames::default();
        for (alias, column, span) in given {
            if alias.is_empty() {
                self.error(
                    &span,
                    format!("a header name for `{column}` in [columns] is empty"),
                );
            } else if known().any(|name| name == alias) {
                self.error(
                    &span,
                    format!(
                        "[columns] gives `{alias}` as a header name for `{column}`, but `{alias}` is already a column's own name"
                    ),
                );
            } else if let Some(first) = names.column_of(&alias) {
                let message = if first == column {
                    format!("[columns] gives `{alias}` twice for `{column}`")
                } else {
                    format!(
                        "[columns] gives `{alias}` as a header name for both `{first}` and `{column}`; give each header name to one column"
                    )
                };
                self.error(&span, message);
            } else {
                names.aliases.push((alias, column.to_string()));
            }
        }
        names
    }

    fn tiers(&mut self, root: &DeTable, standard: &Standard) -> Vec<Tier> {
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
            let item_span = item.span();
            let Some(table) = self.table(item, &item_span, "a [[tiers]] entry") else {
                continue;
            };
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
                ],
                "a [[tiers]] entry",
            );
            let id = self.required_id(table, &item_span, "tier", &mut seen);
            let label = id.clone().unwrap_or_else(|| "?".to_string());
            let context = format!("tier `{label}`");
            let name = self
                .string(table, "name", &context)
                .map_or(String::new(), |(n, _)| n);
            let min_composite = match self.number(table, "min_composite", &context) {
                Some(number) => {
                    if let Some(previous) = previous_min
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
                    previous_min = Some(number.value);
                    Some(number.value)
                }
                None => {
                    if table.get("min_composite").is_none() {
                        self.error(&item_span, format!("{context} has no `min_composite`"));
                    }
                    None
                }
            };
            let min_competency = self.floors(table, "min_competency", &context, |id| {
                standard
                    .competencies
                    .iter()
                    .position(|c| c.id == id)
                    .ok_or_else(|| {
                        suggestion(id, standard.competencies.iter().map(|c| c.id.as_str()))
                    })
            });
            let min_method =
                self.floors(table, "min_method", &context, |id| {
                    match Method::from_id(id) {
                        Some(method) if standard.method_weight(method) > 0.0 => Ok(method),
                        Some(_) => Err(" (a method of weight 0)".to_string()),
                        None => Err(suggestion(id, standard.methods_in_use().map(|m| m.id()))),
                    }
                });
            let min_tenure_years = self
                .number(table, "min_tenure_years", &context)
                .map(|n| n.value);
            let max_share = self
                .number(table, "max_share", &context)
                .and_then(|number| {
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
                        return None;
                    }
                    exact
                });
            if let (Some(id), Some(min_composite)) = (id, min_composite) {
                tiers.push(Tier {
                    id,
                    name,
                    min_composite,
                    min_competency,
                    min_method,
                    min_tenure_years,
                    max_share,
                });
            }
        }
        tiers
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

/// A consistency figure as shown in messages: 4 decimals.
fn format_ratio(value: f64) -> String {
    format!("{value:.4}")
}

/// A judgement as people write it: `3`, `1/3`, `0.75`.
fn judgement_text(value: f64) -> String {
    let inverse = 1.0 / value;
    if value < 1.0 && (inverse - inverse.round()).abs() < 1e-9 {
        format!("1/{}", inverse.round())
    } else {
        trim_number(value)
    }
}
