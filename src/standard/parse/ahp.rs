//! `[ahp.*]`: sets of pairwise judgements (SPEC §6), read and derived before
//! any section, since a set replaces the weights its members would carry.

use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::{Entry, Reader, Weighted};
use crate::diagnostic::suggestion;
use crate::number::{round_score, trim_number};
use crate::standard::ahp;
use crate::standard::model::AhpSummary;

/// An [ahp.*] set as read: its members in `order` and the derived weights.
pub(super) struct AhpSet {
    /// `methods`, `roles`, `competencies` or `indicators.<id>`.
    pub(super) key: String,
    /// Where the set's table is named.
    pub(super) span: Range<usize>,
    pub(super) order: Vec<(String, Range<usize>)>,
    pub(super) order_span: Range<usize>,
    pub(super) derived: ahp::Derived,
    pub(super) max_cr: f64,
}

#[derive(Default)]
pub(super) struct AhpSets {
    /// The keys of sets given but not derivable (their errors reported):
    /// their members' weights are not asked for.
    pub(super) broken: Vec<String>,
    pub(super) methods: Option<AhpSet>,
    pub(super) roles: Option<AhpSet>,
    pub(super) competencies: Option<AhpSet>,
    /// By competency id.
    pub(super) indicators: Vec<(String, AhpSet)>,
}

/// An `order` as read: the members named, where, and whether every item was
/// a new id and their number fits AHP.
struct Order {
    members: Vec<(String, Range<usize>)>,
    span: Range<usize>,
    valid: bool,
}

impl Reader<'_> {
    /// Every [ahp.*] set of the standard, read and derived (SPEC §6).
    pub(super) fn ahp_sets(&mut self, root: &DeTable) -> AhpSets {
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
        let order = self.ahp_order(table, span, &name)?;
        let max_cr = self.max_cr(table, &name);
        let Some((matrix_span, matrix_value)) = self.entry(table, "matrix") else {
            self.error(
                span,
                format!("{name} has no `matrix` of pairwise judgements"),
            );
            return None;
        };
        let matrix = self.ahp_matrix(matrix_value, &matrix_span, &name, order.members.len())?;
        let (true, Some(max_cr)) = (order.valid, max_cr) else {
            return None;
        };
        let derived = ahp::derive(&matrix);
        if !self.consistent(
            &name,
            &order.members,
            &matrix,
            &derived,
            max_cr,
            &matrix_span,
        ) {
            return None;
        }
        Some(AhpSet {
            key,
            span: span.clone(),
            order: order.members,
            order_span: order.span,
            derived,
            max_cr,
        })
    }

    /// `order`: the set's member ids, each once, at least one and at most
    /// `ahp::MOST_MEMBERS`. `None` when there is no `order` array to read.
    fn ahp_order(&mut self, table: &DeTable, span: &Range<usize>, name: &str) -> Option<Order> {
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
        Some(Order {
            members: order,
            span: order_span,
            valid,
        })
    }

    /// `max_cr`: 0.10 when left out (or not a number, which is reported);
    /// `None` when below 0.
    fn max_cr(&mut self, table: &DeTable, name: &str) -> Option<f64> {
        match self.number(table, "max_cr", name) {
            Some(number) if number.value >= 0.0 => Some(number.value),
            Some(number) => {
                self.error(
                    &number.span,
                    format!(
                        "`max_cr` in {name} is {}; it must be 0 or above",
                        number.literal
                    ),
                );
                None
            }
            None => Some(0.10),
        }
    }

    /// Reports judgements whose CR is above `max_cr`, naming the judgement
    /// that strays furthest from the derived weights.
    fn consistent(
        &mut self,
        name: &str,
        members: &[(String, Range<usize>)],
        matrix: &[Vec<f64>],
        derived: &ahp::Derived,
        max_cr: f64,
        matrix_span: &Range<usize>,
    ) -> bool {
        // A consistent matrix's CR is 0 up to binary noise.
        let inconsistent = derived.cr > max_cr + 1e-12;
        if !inconsistent {
            return true;
        }
        let revise = ahp::worst_judgement(matrix, &derived.weights)
            .map(|(i, j)| {
                format!(
                    "; revise first `{}` over `{}` (matrix[{i}][{j}]): judged {}, the derived weights say {}",
                    members[i].0,
                    members[j].0,
                    judgement_text(matrix[i][j]),
                    trim_number(round_score(derived.weights[i] / derived.weights[j], 2))
                )
            })
            .unwrap_or_default();
        self.error(
            matrix_span,
            format!(
                "the judgements of {name} are inconsistent: CR {} is above max_cr {} (λmax {}, CI {}){revise}",
                format_ratio(derived.cr),
                trim_number(max_cr),
                format_ratio(derived.lambda_max),
                format_ratio(derived.ci)
            ),
        );
        false
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
            match self.ahp_row(row, i, name, n) {
                Some((values, places)) => {
                    matrix.push(values);
                    spans.push(places);
                }
                None => valid = false,
            }
        }
        if !valid {
            return None;
        }
        self.reciprocal(&matrix, &spans, name).then_some(matrix)
    }

    /// Row `i` of a matrix: `n` judgements and where each is written.
    fn ahp_row(
        &mut self,
        row: &Entry,
        i: usize,
        name: &str,
        n: usize,
    ) -> Option<(Vec<f64>, Vec<Range<usize>>)> {
        let DeValue::Array(entries) = row.get_ref() else {
            self.error(
                &row.span(),
                format!("row {i} of `matrix` in {name} must be an array"),
            );
            return None;
        };
        if entries.len() != n {
            self.error(
                &row.span(),
                format!(
                    "row {i} of `matrix` in {name} has {} entries, not {n}",
                    entries.len()
                ),
            );
            return None;
        }
        let mut values = Vec::with_capacity(n);
        let mut valid = true;
        for (j, entry) in entries.iter().enumerate() {
            match judgement_value(entry) {
                Some(value) => values.push(value),
                None => {
                    self.error(
                        &entry.span(),
                        format!("matrix[{i}][{j}] in {name} must be a positive number or \"a/b\""),
                    );
                    valid = false;
                }
            }
        }
        valid.then(|| (values, entries.iter().map(|e| e.span()).collect()))
    }

    /// The diagonal is 1 and a_ji = 1 / a_ij; every entry at fault reported.
    fn reciprocal(&mut self, matrix: &[Vec<f64>], spans: &[Vec<Range<usize>>], name: &str) -> bool {
        let n = matrix.len();
        let mut valid = true;
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
        valid
    }

    /// Gives a set's members their AHP weights: `order` must name every
    /// member exactly once, and no other.
    pub(super) fn weights_from_ahp(
        &mut self,
        members: &mut [Weighted],
        set: &AhpSet,
        kind: &str,
    ) -> bool {
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
    pub(super) fn ahp_key(&self, key: &str) -> Option<String> {
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

    pub(super) fn ahp_applied(&mut self, set: &AhpSet) {
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

/// A judgement as TOML holds it: a decimal number or a string such as "1/3".
fn judgement_value(entry: &Entry) -> Option<f64> {
    match entry.get_ref() {
        DeValue::Integer(integer) if integer.radix() == 10 => {
            ahp::judgement(&integer.as_str().replace('_', ""))
        }
        DeValue::Float(float) => ahp::judgement(&float.as_str().replace('_', "")),
        DeValue::String(text) => ahp::judgement(text),
        _ => None,
    }
}
