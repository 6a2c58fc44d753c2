//! `ladder diff` written out: the changes between two standards and their
//! impact on a quarter, as text, markdown or JSON.

use std::path::Path;

use serde_json::{Value, json};

use crate::analysis::diff::{Change, Impact, Move, Standing, TierCount};
use crate::engine::grade::Status;
use crate::number::format_score;
use crate::output::json::score_value;
use crate::standard::Standard;

/// The two standards compared, with the paths they were read from.
pub(crate) struct Compared<'a> {
    pub(crate) old: (&'a Standard, &'a Path),
    pub(crate) new: (&'a Standard, &'a Path),
}

/// The diff as one JSON object: both standards named, the changes and,
/// given a quarter, the impact.
pub(crate) fn json_document(
    compared: &Compared,
    changes: &[Change],
    impact: Option<&Impact>,
) -> String {
    let (old, new) = (compared.old.0, compared.new.0);
    let mut object = json!({
        "old": {"id": old.id, "version": old.version},
        "new": {"id": new.id, "version": new.version},
        "changes": changes_json(changes),
    });
    if let Some(impact) = impact {
        object["impact"] = impact_json(impact);
    }
    let mut text = serde_json::to_string_pretty(&object).unwrap_or_default();
    text.push('\n');
    text
}

/// The diff as lines of plain text, or of `markdown`.
pub(crate) fn text_document(
    compared: &Compared,
    changes: &[Change],
    impact: Option<&Impact>,
    markdown: bool,
) -> String {
    let ((old, old_path), (new, new_path)) = (compared.old, compared.new);
    let title = format!(
        "Changes from `{}` {} ({}) to `{}` {} ({})",
        old.id,
        old.version,
        old_path.display(),
        new.id,
        new.version,
        new_path.display()
    );
    let mut lines = vec![
        if markdown {
            format!("## {title}")
        } else {
            title
        },
        String::new(),
    ];
    lines.extend(change_lines(changes, markdown));
    if let Some(impact) = impact {
        lines.push(String::new());
        lines.push(if markdown {
            "## Impact on the quarter".to_string()
        } else {
            "Impact on the quarter".to_string()
        });
        lines.push(String::new());
        lines.extend(impact_lines(impact, markdown));
    }
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

/// A heading and a list item, as plain text or markdown.
#[derive(Clone, Copy)]
struct Style {
    markdown: bool,
}

impl Style {
    fn heading(self, text: &str) -> String {
        if self.markdown {
            format!("### {text}")
        } else {
            format!("{text}:")
        }
    }

    fn item(self, text: &str) -> String {
        if self.markdown {
            format!("- {text}")
        } else {
            format!("  {text}")
        }
    }
}

/// The changes as lines, grouped by section.
fn change_lines(changes: &[Change], markdown: bool) -> Vec<String> {
    let style = Style { markdown };
    let mut lines = Vec::new();
    if changes.is_empty() {
        lines.push("The standards are the same.".to_string());
        return lines;
    }
    let mut section = "";
    for change in changes {
        if change.section != section {
            if !section.is_empty() {
                lines.push(String::new());
            }
            section = change.section;
            lines.push(style.heading(section));
        }
        lines.push(style.item(&format!("{}: {}", change.subject, change.change)));
    }
    lines
}

fn changes_json(changes: &[Change]) -> Value {
    json!(
        changes
            .iter()
            .map(|c| json!({"section": c.section, "subject": c.subject, "change": c.change}))
            .collect::<Vec<_>>()
    )
}

/// `superior (91.23, rank 2)`, `incomplete`.
fn describe(standing: &Standing, precision: u32) -> String {
    match (standing.status, &standing.tier, standing.composite) {
        (Status::Incomplete, _, _) => "incomplete".to_string(),
        (_, Some(tier), Some(composite)) => format!(
            "{tier} ({}, rank {})",
            format_score(composite, precision),
            standing.rank.map_or_else(String::new, |r| r.to_string())
        ),
        (_, tier, _) => tier.clone().unwrap_or_default(),
    }
}

fn standing_json(standing: &Standing, precision: u32) -> Value {
    json!({
        "status": standing.status.id(),
        "tier": standing.tier,
        "rank": standing.rank,
        "composite": score_value(standing.composite, precision),
    })
}

/// The lines of the impact, in `markdown` or plain text.
fn impact_lines(impact: &Impact, markdown: bool) -> Vec<String> {
    let style = Style { markdown };
    let (old_precision, new_precision) = impact.precision;
    let mut lines = vec![style.heading("Tier counts (before → after)")];
    for TierCount {
        tier,
        before,
        after,
    } in &impact.tier_counts
    {
        if before != after || *before > 0 {
            let delta = *after as i64 - *before as i64;
            lines.push(style.item(&format!("{tier}: {before} → {after} ({delta:+})")));
        }
    }
    lines.push(String::new());
    lines.push(style.heading(&format!(
        "Managers whose tier changes ({})",
        impact.tier_changes.len()
    )));
    if impact.tier_changes.is_empty() {
        lines.push(style.item("none"));
    }
    for m in &impact.tier_changes {
        lines.push(style.item(&format!(
            "{} {}: {} → {}",
            m.manager_id,
            m.name,
            describe(&m.old, old_precision),
            describe(&m.new, new_precision)
        )));
    }
    lines.push(String::new());
    lines.push(style.heading("Largest rank changes"));
    if impact.rank_changes.is_empty() {
        lines.push(style.item("none"));
    }
    for m in &impact.rank_changes {
        lines.push(style.item(&format!(
            "{} {}: rank {} → {}",
            m.manager_id,
            m.name,
            m.old.rank.unwrap_or(0),
            m.new.rank.unwrap_or(0)
        )));
    }
    lines
}

fn impact_json(impact: &Impact) -> Value {
    let (old_precision, new_precision) = impact.precision;
    let moves = |list: &[Move]| -> Vec<Value> {
        list.iter()
            .map(|m| {
                json!({
                    "manager_id": m.manager_id,
                    "name": m.name,
                    "old": standing_json(&m.old, old_precision),
                    "new": standing_json(&m.new, new_precision),
                })
            })
            .collect()
    };
    let counts: Vec<Value> = impact
        .tier_counts
        .iter()
        .map(|count| json!({"tier": count.tier, "before": count.before, "after": count.after}))
        .collect();
    json!({
        "tier_counts": counts,
        "tier_changes": moves(&impact.tier_changes),
        "rank_changes": moves(&impact.rank_changes),
    })
}
