//! `[ratings]` (rater roles, their weights and minimums) and `[interview]`.

use std::collections::HashSet;
use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::ahp::AhpSet;
use super::{Entry, Reader, Weighted};
use crate::diagnostic::suggestion;
use crate::standard::model::{Adjust, InterviewRules, Method, RatingRules, Role};

/// Default fewest raters shown on their own (SPEC §8): 3, but 1 for a supervisor.
fn default_report_min(role: &str) -> u32 {
    if role == "supervisor" { 1 } else { 3 }
}

impl Reader<'_> {
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

    /// `[ratings]`: the rater roles, their minimums, `trim` and `gap_threshold`.
    pub(super) fn rating_rules(
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
            &[
                "roles",
                "min_raters",
                "trim",
                "report_min",
                "gap_threshold",
                "adjust",
                "adjust_min",
                "adjust_flag",
            ],
            "[ratings]",
        );
        let (roles, valid) = self.rater_roles(table, &span, ratings_used);
        let min_raters = self.per_role(table, "min_raters", &roles, |_| 1, 1);
        let report_min = self.per_role(table, "report_min", &roles, default_report_min, 1);
        let trim = self.whole(table, "trim", "[ratings]", 0).unwrap_or(0);
        let gap_threshold = self.gap_threshold(table);
        let (adjust, adjust_min, adjust_flag) = self.adjust(table);
        if !valid {
            return None;
        }
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
            adjust,
            adjust_min,
            adjust_flag,
        })
    }

    /// The rater roles with their weights, from `[ahp.roles]` or from `roles`
    /// in `[ratings]`, and whether all is well. The roles read are returned
    /// even when something is wrong, so that `min_raters` and `report_min`
    /// are still checked against them.
    fn rater_roles(
        &mut self,
        table: &DeTable,
        span: &Range<usize>,
        ratings_used: bool,
    ) -> (Vec<Weighted>, bool) {
        let roles_from_ahp = self.ahp_key("roles").is_some();
        let ahp_roles = self.ahp.roles.take();
        match (self.entry(table, "roles"), ahp_roles) {
            (Some((roles_span, _)), _) if roles_from_ahp => {
                self.error(
                    &roles_span,
                    "the role weights come from [ahp.roles]: remove `roles` from [ratings] (giving both is an error)",
                );
                (Vec::new(), false)
            }
            (Some((roles_span, value)), _) => self.roles_from_table(value, &roles_span),
            (None, Some(set)) => self.roles_from_ahp(&set),
            // [ahp.roles] was given, and its errors reported.
            (None, None) if roles_from_ahp => (Vec::new(), false),
            (None, None) => {
                if ratings_used {
                    self.error(
                        span,
                        "[ratings] has no `roles`: give each rater role's weight",
                    );
                }
                (Vec::new(), !ratings_used)
            }
        }
    }

    /// The roles an `[ahp.roles]` set names, with the weights it derived.
    fn roles_from_ahp(&mut self, set: &AhpSet) -> (Vec<Weighted>, bool) {
        let mut roles = Vec::new();
        let mut valid = true;
        for ((id, span), &weight) in set.order.iter().zip(&set.derived.weights) {
            if self.check_id(id, span, "role") {
                roles.push(Weighted {
                    id: id.clone(),
                    weight,
                });
            } else {
                valid = false;
            }
        }
        self.ahp_applied(set);
        (roles, valid)
    }

    /// `roles = { id = weight, … }` in `[ratings]`: at least one role, each
    /// weight above 0, normalised.
    fn roles_from_table(
        &mut self,
        value: &Entry,
        roles_span: &Range<usize>,
    ) -> (Vec<Weighted>, bool) {
        let mut roles = Vec::new();
        let Some(role_table) = self.table(value, roles_span, "`roles` in [ratings]") else {
            return (roles, false);
        };
        let mut valid = true;
        let mut seen = HashSet::new();
        for (key, value) in role_table.iter() {
            let id = key.get_ref().to_string();
            if !self.check_id(&id, &key.span(), "role") || !seen.insert(id.clone()) {
                valid = false;
                continue;
            }
            let number =
                self.number_value(value, &key.span(), &format!("the weight of role `{id}`"));
            match self.positive_weight(number, &format!("role `{id}`")) {
                Some(weight) => roles.push(Weighted { id, weight }),
                None => valid = false,
            }
        }
        if roles.is_empty() && valid {
            self.error(roles_span, "`roles` in [ratings] declares no role");
            valid = false;
        }
        if valid && !roles.is_empty() {
            valid = self.normalise(&mut roles, "the rater roles", roles_span);
        }
        (roles, valid)
    }

    /// `gap_threshold`, in scale points: 1 when left out or below 0.
    fn gap_threshold(&mut self, table: &DeTable) -> f64 {
        match self.number(table, "gap_threshold", "[ratings]") {
            None => 1.0,
            Some(number) if number.value < 0.0 => {
                self.error(
                    &number.span,
                    "`gap_threshold` must be 0 or above (scale points)",
                );
                1.0
            }
            Some(number) => number.value,
        }
    }

    /// `adjust` (`"none"` by default, `"center"`, `"standardize"`), with
    /// `adjust_min` (a whole number ≥ 1, default 5) and `adjust_flag`
    /// (scale points ≥ 0, default 0.5), which mean nothing without it.
    fn adjust(&mut self, table: &DeTable) -> (Adjust, u32, f64) {
        // An unknown or mistyped `adjust` is its own error; the keys below
        // are then not blamed for it.
        let mut off = true;
        let adjust = match self.string(table, "adjust", "[ratings]") {
            None => {
                off = !table.contains_key("adjust");
                Adjust::None
            }
            Some((text, span)) => match Adjust::ALL.into_iter().find(|rule| rule.id() == text) {
                Some(rule) => rule,
                None => {
                    off = false;
                    let hint = suggestion(&text, Adjust::ALL.map(Adjust::id));
                    self.error(
                        &span,
                        format!("`adjust` in [ratings] is \"{text}\"; it must be \"none\", \"center\" or \"standardize\"{hint}"),
                    );
                    Adjust::None
                }
            },
        };
        let adjust_min = self.whole(table, "adjust_min", "[ratings]", 1).unwrap_or(5);
        let adjust_flag = match self.number(table, "adjust_flag", "[ratings]") {
            None => 0.5,
            Some(number) if number.value < 0.0 => {
                self.error(
                    &number.span,
                    "`adjust_flag` must be 0 or above (scale points)",
                );
                0.5
            }
            Some(number) => number.value,
        };
        if off && adjust == Adjust::None {
            for key in ["adjust_min", "adjust_flag"] {
                if let Some((span, _)) = self.entry(table, key) {
                    self.error(
                        &span,
                        format!("`{key}` in [ratings] has no effect without a leniency correction: set `adjust = \"center\"` or `\"standardize\"`, or remove `{key}`"),
                    );
                }
            }
        }
        (adjust, adjust_min, adjust_flag)
    }

    pub(super) fn interview_rules(&mut self, root: &DeTable) -> InterviewRules {
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
}
