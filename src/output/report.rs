//! `ladder report` written out: the groups, indicators and interviewers
//! tables as rows of cells, in the text formats and on the HTML page.

use std::io::{self, Write};

use crate::analysis::report::{
    GroupSummary, IndicatorAgreement, InterviewerLeniency, Level, RaterRow, Reliability,
    Strictness, TeamReport, TiedMember, lists_quota_ties,
};
use crate::engine::grade::{INCOMPLETE, NO_TIER};
use crate::output::column::{Column, index_listing};
use crate::output::html::report::{ReportTable, page};
use crate::output::render::{Cell, CsvStyle, Format, Listing, narrow_parts, write_document};
use crate::standard::Standard;

/// Which table of the report a CSV holds: CSV has room for one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ReportSection {
    #[default]
    Groups,
    Indicators,
    Interviewers,
    /// The tied blocks at a quota line, when a tier's `quota_ties` is
    /// `admit` or `flag`.
    QuotaTies,
    /// Each rater's leniency, under `[ratings] adjust`.
    Raters,
}

/// Columns per part of a wide table in the terminal, besides level and name.
const TERMINAL_COLUMNS: usize = 10;

const GROUPS_TITLE: &str = "Groups: every manager, each branch, each team";
const INDICATORS_TITLE: &str = "Rater agreement per indicator (Krippendorff's alpha, interval)";
const INTERVIEWERS_TITLE: &str =
    "Interviewer leniency (mean difference from their panels, scale points)";
const QUOTA_TIES_TITLE: &str = "Tied at a quota line, for calibration (quota_ties)";
const RATERS_TITLE: &str =
    "Rater leniency (shift = overall mean − rater's mean, scale points; [ratings] adjust)";

/// The columns of the groups table: who, how many per tier, the composite's
/// spread, the method and competency means, and the moves.
pub(crate) fn group_columns(standard: &Standard, with_moves: bool) -> Vec<Column> {
    let mut columns = vec![
        Column::text("level"),
        Column::text("name"),
        Column::number("managers"),
    ];
    let tiers = standard.tiers.iter().map(|tier| tier.id.clone());
    columns.extend(
        tiers
            .chain([NO_TIER.to_string(), INCOMPLETE.to_string()])
            .map(|id| Column::named(id, true)),
    );
    for statistic in ["mean", "median", "sd", "min", "max"] {
        columns.push(Column::named(format!("composite_{statistic}"), true));
    }
    for method in standard.methods_in_use() {
        columns.push(Column::named(format!("{}_mean", method.id()), true));
    }
    for competency in &standard.competencies {
        columns.push(Column::named(format!("{}_mean", competency.id), true));
    }
    columns.extend([
        Column::text("strongest"),
        Column::text("weakest"),
        Column::number("incomplete_percent"),
    ]);
    if with_moves {
        for name in ["up", "down", "same", "new", "left"] {
            columns.push(Column::number(name));
        }
    }
    columns
}

/// A group as a row of [`group_columns`].
pub(crate) fn group_row<'a>(
    standard: &'a Standard,
    report: &'a TeamReport,
    group: &'a GroupSummary,
) -> Vec<Cell<'a>> {
    let score = |value: Option<f64>| value.map_or(Cell::Empty, Cell::Score);
    let mut row = vec![
        Cell::Text(group.level.id()),
        Cell::Text(&group.name),
        Cell::Count(group.managers),
    ];
    row.extend(group.tiers.iter().map(|&count| Cell::Count(count)));
    let spread = group.composite;
    row.extend([
        score(spread.map(|s| s.mean)),
        score(spread.map(|s| s.median)),
        score(spread.map(|s| s.deviation)),
        score(spread.map(|s| s.lowest)),
        score(spread.map(|s| s.highest)),
    ]);
    for method in standard.methods_in_use() {
        row.push(score(group.method_means[method.index()]));
    }
    row.extend(group.competency_means.iter().map(|&mean| score(mean)));
    let competency = |index: Option<usize>| {
        index.map_or(Cell::Empty, |index| {
            Cell::Text(&standard.competencies[index].id)
        })
    };
    row.extend([
        competency(group.strongest),
        competency(group.weakest),
        Cell::Fixed(group.incomplete_share * 100.0, 1),
    ]);
    if let Some(moves) = group.moves {
        row.extend([
            Cell::Count(moves.up),
            Cell::Count(moves.down),
            Cell::Count(moves.same),
            Cell::Count(moves.new),
        ]);
        // Who left is known for everyone only: the previous export's teams
        // are not this roster's.
        row.push(match (group.level, report.left) {
            (Level::All, Some(left)) => Cell::Count(left),
            _ => Cell::Empty,
        });
    }
    row
}

const AGREEMENT_COLUMNS: [Column; 6] = [
    Column::text("indicator"),
    Column::text("competency"),
    Column::number("managers"),
    Column::number("ratings"),
    Column::number("alpha"),
    Column::text("verdict"),
];

fn agreement_row<'a>(standard: &'a Standard, agreement: &IndicatorAgreement) -> Vec<Cell<'a>> {
    let indicator = &standard.indicators[agreement.indicator];
    vec![
        Cell::Text(&indicator.id),
        Cell::Text(&standard.competencies[indicator.competency].id),
        Cell::Count(agreement.managers),
        Cell::Count(agreement.ratings),
        agreement
            .alpha
            .map_or(Cell::Empty, |alpha| Cell::Fixed(alpha, 3)),
        Cell::Text(agreement.verdict().map_or("", Reliability::id)),
    ]
}

const LENIENCY_COLUMNS: [Column; 4] = [
    Column::text("interviewer"),
    Column::number("scores"),
    Column::number("leniency"),
    Column::text("verdict"),
];

fn leniency_row(leniency: &InterviewerLeniency) -> Vec<Cell<'_>> {
    vec![
        Cell::Text(&leniency.interviewer),
        Cell::Count(leniency.scores),
        Cell::Fixed(leniency.leniency, 2),
        Cell::Text(leniency.verdict().map_or("", Strictness::id)),
    ]
}

const QUOTA_TIE_COLUMNS: [Column; 10] = [
    Column::text("tier"),
    Column::text("quota_ties"),
    Column::number("quota"),
    Column::number("rank"),
    Column::text("manager_id"),
    Column::text("name"),
    Column::text("team"),
    Column::number("composite"),
    Column::text("outcome"),
    Column::text("holds"),
];

fn quota_tie_row<'a>(standard: &'a Standard, member: &'a TiedMember) -> Vec<Cell<'a>> {
    let tier = &standard.tiers[member.tier];
    let outcome = match (tier.quota_ties, member.admitted) {
        (crate::standard::QuotaTies::Admit, _) => "admitted whole",
        (_, true) => "admitted",
        (_, false) => "turned away",
    };
    vec![
        Cell::Text(&tier.id),
        Cell::Text(tier.quota_ties.id()),
        Cell::Count(member.quota),
        Cell::Rank(member.rank),
        Cell::Text(&member.manager_id),
        Cell::Text(&member.name),
        member.team.as_deref().map_or(Cell::Empty, Cell::Text),
        member.composite.map_or(Cell::Empty, Cell::Score),
        Cell::Text(outcome),
        Cell::Text(&member.holds),
    ]
}

const RATER_COLUMNS: [Column; 6] = [
    Column::text("rater_id"),
    Column::number("ratings"),
    Column::number("managers"),
    Column::number("mean"),
    Column::number("shift"),
    Column::text("flag"),
];

fn rater_row(rater: &RaterRow) -> Vec<Cell<'_>> {
    vec![
        Cell::Text(&rater.rater_id),
        Cell::Count(u64::from(rater.ratings)),
        Cell::Count(u64::from(rater.managers)),
        Cell::Fixed(rater.mean, 2),
        rater
            .shift
            .map_or(Cell::Empty, |shift| Cell::Fixed(shift, 2)),
        Cell::Text(rater.flag.map_or("", Strictness::id)),
    ]
}

/// The report with what its outputs need besides: the tables' shared
/// warnings and CSV style, and the composites the page's histogram shows.
pub(crate) struct ReportOutput<'a> {
    pub(crate) standard: &'a Standard,
    pub(crate) report: &'a TeamReport,
    /// The groups table has the moves' columns (with `--previous`).
    pub(crate) with_moves: bool,
    /// Only this table; else all (CSV: the groups).
    pub(crate) section: Option<ReportSection>,
    /// The composites of the graded managers.
    pub(crate) composites: &'a [f64],
    pub(crate) warnings: &'a [String],
    pub(crate) csv_style: CsvStyle,
}

/// A listing of the report under its title and section.
type Titled<'l, 'a, 'r> = (ReportSection, &'static str, &'l Listing<'a, 'r, usize>);

impl<'s> ReportOutput<'s> {
    /// Writes the chosen tables in `format`: a document of listings, or the page.
    pub(crate) fn write(
        &self,
        format: Format,
        width: Option<u16>,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let (standard, report) = (self.standard, self.report);
        let columns = group_columns(standard, self.with_moves);
        // A terminal is narrow: there the groups table comes in parts that fit.
        let per_part = if format == Format::Table {
            TERMINAL_COLUMNS
        } else {
            columns.len()
        };
        let parts = narrow_parts(columns.len(), per_part);
        let projections: Vec<_> = parts
            .iter()
            .map(|part| {
                move |&index: &usize| {
                    let row = group_row(standard, report, &report.groups[index]);
                    part.iter().map(|&column| row[column]).collect()
                }
            })
            .collect();
        let groups = self.group_listings(&columns, &parts, &projections);
        let indicator = |&index: &usize| agreement_row(standard, &report.agreement[index]);
        let interviewer = |&index: &usize| leniency_row(&report.leniency[index]);
        let indicators = self.listing(
            &AGREEMENT_COLUMNS,
            "indicators",
            report.agreement.len(),
            &indicator,
        );
        let interviewers = self.listing(
            &LENIENCY_COLUMNS,
            "interviewers",
            report.leniency.len(),
            &interviewer,
        );
        let tied = |&index: &usize| quota_tie_row(standard, &report.quota_ties[index]);
        let quota_ties = self.listing(
            &QUOTA_TIE_COLUMNS,
            "quota_ties",
            report.quota_ties.len(),
            &tied,
        );
        let rater = |&index: &usize| rater_row(&report.raters[index]);
        let raters = self.listing(&RATER_COLUMNS, "raters", report.raters.len(), &rater);
        let with_raters = standard.ratings.adjust != crate::standard::Adjust::None
            || self.section == Some(ReportSection::Raters);
        // A standard that leaves every tie to the default split has no such
        // table: its report is as it was.
        let with_ties =
            lists_quota_ties(standard) || self.section == Some(ReportSection::QuotaTies);
        let all = groups
            .iter()
            .map(|part| (ReportSection::Groups, GROUPS_TITLE, part))
            .chain([
                (ReportSection::Indicators, INDICATORS_TITLE, &indicators),
                (
                    ReportSection::Interviewers,
                    INTERVIEWERS_TITLE,
                    &interviewers,
                ),
            ])
            .chain(with_ties.then_some((ReportSection::QuotaTies, QUOTA_TIES_TITLE, &quota_ties)))
            .chain(with_raters.then_some((ReportSection::Raters, RATERS_TITLE, &raters)));
        let chosen = self.chosen(format, all);
        if format == Format::Html {
            let tables = html_tables(&chosen);
            return out.write_all(page(standard, report, self.composites, &tables).as_bytes());
        }
        write_document(&chosen, self.warnings, format, width, out)
    }

    /// The groups table, one listing per part of its columns.
    fn group_listings<'r>(
        &self,
        columns: &[Column],
        parts: &[Vec<usize>],
        projections: &'r [impl Fn(&usize) -> Vec<Cell<'s>> + Sync],
    ) -> Vec<Listing<'s, 'r, usize>> {
        parts
            .iter()
            .zip(projections)
            .map(|(part, project)| {
                let shown: Vec<Column> = part.iter().map(|&c| columns[c].clone()).collect();
                self.listing(&shown, "groups", self.report.groups.len(), project)
            })
            .collect()
    }

    /// A listing of the `count` rows `row` makes, under the JSON key `key`.
    fn listing<'r>(
        &self,
        columns: &[Column],
        key: &'static str,
        count: usize,
        row: &'r (dyn Fn(&usize) -> Vec<Cell<'s>> + Sync),
    ) -> Listing<'s, 'r, usize> {
        index_listing(
            self.standard,
            columns,
            key,
            count,
            row,
            self.warnings.to_vec(),
            self.csv_style,
        )
    }

    /// The tables asked for: the one section named, else every table (CSV,
    /// which holds one table: the groups).
    fn chosen<'l, 'r>(
        &self,
        format: Format,
        all: impl Iterator<Item = Titled<'l, 's, 'r>>,
    ) -> Vec<(&'static str, &'l Listing<'s, 'r, usize>)> {
        all.filter(|(section, _, _)| match self.section {
            Some(wanted) => *section == wanted,
            None => format != Format::Csv || *section == ReportSection::Groups,
        })
        .map(|(_, title, listing)| (title, listing))
        .collect()
    }
}

/// The chosen listings as the page's tables: the text formats' rows.
fn html_tables<'a>(chosen: &[(&'a str, &Listing<'a, '_, usize>)]) -> Vec<ReportTable<'a>> {
    chosen
        .iter()
        .map(|(title, listing)| ReportTable {
            title,
            key: listing.key,
            columns: listing.columns.clone(),
            rows: listing
                .items
                .iter()
                .map(|item| (listing.row)(item))
                .collect(),
        })
        .collect()
}
