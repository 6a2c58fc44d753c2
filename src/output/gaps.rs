//! `ladder gaps` written out: each gap, and each team's, as a row of cells.

use crate::analysis::gaps::{Gap, GapKind, TeamGap};
use crate::engine::grade::{Grades, NO_TIER, Placement};
use crate::evidence::Evidence;
use crate::output::column::Column;
use crate::output::render::{Cell, Labels};
use crate::standard::Standard;

/// The columns of the gap report.
pub(crate) const GAP_COLUMNS: [Column; 11] = [
    Column::text("manager_id"),
    Column::text("name"),
    Column::text("team"),
    Column::text("tier"),
    Column::text("next_tier"),
    Column::text("kind"),
    Column::text("item"),
    Column::number("needed"),
    Column::number("actual"),
    Column::number("short"),
    Column::text("detail"),
];

/// The column of [`GAP_COLUMNS`] holding the manager's tier.
pub(crate) const GAP_TIER_COLUMN: usize = 3;

/// The columns of the team view of the gaps.
pub(crate) const TEAM_COLUMNS: [Column; 5] = [
    Column::text("team"),
    Column::text("competency"),
    Column::number("managers"),
    Column::number("short"),
    Column::number("average_short"),
];

/// A gap as a row of [`GAP_COLUMNS`].
pub(crate) fn gap_row<'a>(
    standard: &'a Standard,
    evidence: &'a Evidence,
    grades: &'a Grades,
    gap: &'a Gap,
    labels: Labels,
) -> Vec<Cell<'a>> {
    let grade = &grades.grades[gap.grade];
    let manager = &evidence.roster.managers[grade.manager];
    let tier_label = |index: usize| Cell::Text(labels.tier(standard, &standard.tiers[index].id));
    let tier = match grade.placement {
        Some(Placement::Tier(index)) => tier_label(index),
        Some(Placement::None) => Cell::Text(NO_TIER),
        None => Cell::Empty,
    };
    // The item is a tier for a quota or a cap, else a competency, an
    // indicator, a method or a condition: tiers and competencies take
    // their labels.
    let item = match gap.kind {
        GapKind::Quota | GapKind::Cap => labels.tier(standard, &gap.item),
        _ => gap.competency.map_or(gap.item.as_str(), |competency| {
            labels.competency(&standard.competencies[competency])
        }),
    };
    // Tenure is in years, not a score: shown as the roster gives it.
    let number = if gap.item == "tenure_years" && gap.kind == GapKind::Condition {
        Cell::Plain
    } else {
        Cell::Score
    };
    let score = |value: Option<f64>| value.map_or(Cell::Empty, number);
    vec![
        Cell::Text(&manager.id),
        Cell::Text(&manager.name),
        manager.team.as_deref().map_or(Cell::Empty, Cell::Text),
        tier,
        gap.next_tier.map_or(Cell::Empty, tier_label),
        Cell::Text(gap.kind.id()),
        Cell::Text(item),
        score(gap.needed),
        score(gap.actual),
        score(gap.short),
        Cell::Text(&gap.detail),
    ]
}

/// A team gap as a row of [`TEAM_COLUMNS`].
pub(crate) fn team_row<'a>(
    standard: &'a Standard,
    gap: &'a TeamGap,
    labels: Labels,
) -> Vec<Cell<'a>> {
    vec![
        Cell::Text(&gap.team),
        Cell::Text(labels.competency(&standard.competencies[gap.competency])),
        Cell::Count(gap.managers),
        Cell::Count(gap.short),
        gap.average_short.map_or(Cell::Empty, Cell::Score),
    ]
}
