//! The command line as clap reads it: one struct per command, holding its
//! flags, and beside it the one function that turns them into the library's
//! options for that command. Flags that several commands share (where the
//! quarter is, where the result goes, the labels, the threads) are groups
//! flattened into each command that takes them.
//!
//! The doc comments are the help text: `--help`, `ladder man` and the
//! completions are generated from them.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use ladder::command::{
    DiffFormat, DiffOptions, ExplainOptions, GapsOptions, GradeOptions, Inputs, ReportOptions,
    ReportSection, WeightsOptions,
};
use ladder::evidence::{Encoding, Progress};
use ladder::output::render::{CsvStyle, Filter, Format, Labels};

use crate::terminal::Terminal;

/// Grades group account managers against a competency standard.
#[derive(Parser)]
#[command(name = "ladder", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Grade a quarter: composite, competency profile, tier and rank of every manager.
    Grade(GradeArgs),
    /// Validate the standard and, given a quarter, its files, without grading.
    Check(CheckArgs),
    /// Show one manager's whole computation: evidence, scores, rank and every tier's conditions.
    Explain(ExplainArgs),
    /// List what separates each manager from the next tier up, or per team with --by team.
    Gaps(GapsArgs),
    /// Sum the quarter up per branch and team, with the raters' reliability.
    Report(ReportArgs),
    /// Show every weight of a standard: within its set, as a share of the composite, and AHP sets.
    Weights(WeightsArgs),
    /// Compare two standards in words and, given a quarter, show whom the change moves.
    Diff(DiffArgs),
    /// Print a shell completion script: `ladder completions bash > /etc/bash_completion.d/ladder`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), every command in it: `ladder man > ladder.1`.
    Man,
}

// `grade`'s `--threads` says more than the others': the ranking is its
// result. (Help from doc comments loses its last full stop; so does this.)
#[derive(Args)]
#[command(mut_arg("threads", |arg| arg.help(
    "Threads to read and score with [default: one per core]. The result is the same whatever the count"
)))]
pub struct GradeArgs {
    /// The quarter's folder: roster.csv, exam.csv, ratings.csv, interview.csv, kpi.csv.
    #[arg(value_name = "DIR")]
    folder: Option<PathBuf>,
    #[command(flatten)]
    quarter: QuarterArgs,
    #[command(flatten)]
    out: OutputArgs<GradeFormat>,
    /// Write bad rows to FILE and grade without them, instead of stopping:
    /// CSV, or an Excel workbook when FILE ends `.xlsx`.
    #[arg(long, value_name = "FILE")]
    rejects: Option<PathBuf>,
    /// A previous quarter's `ladder grade` export (CSV, JSON or workbook): adds each
    /// manager's previous tier and rank, the move and the composite's change.
    #[arg(long, value_name = "FILE")]
    previous: Option<PathBuf>,
    /// Show only the managers of this team (a team of the roster).
    #[arg(long)]
    team: Option<String>,
    /// Show only the managers of this tier (a tier's id or name, `none` or
    /// `incomplete`).
    #[arg(long)]
    tier: Option<String>,
    #[command(flatten)]
    labels: LabelsArgs,
    /// Show only the managers ranked N or better.
    #[arg(long, value_name = "N")]
    top: Option<u32>,
    /// With an .xlsx --output: add a "Calibration" sheet that lists, per tier
    /// line, the managers within the margin of a cut score or a score floor,
    /// with what would move them.
    #[arg(long)]
    calibration: bool,
    /// The margin of --calibration, in score points on the 0–100 scale,
    /// either side of a line [default: 2].
    #[arg(long, value_name = "POINTS", requires = "calibration", value_parser = parse_margin)]
    calibration_margin: Option<f64>,
    /// No progress bars while reading large files.
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    threads: ThreadsArgs,
}

impl GradeArgs {
    pub fn options<'a>(
        self,
        terminal: &Terminal,
        progress: Option<&'a dyn Progress>,
    ) -> GradeOptions<'a> {
        GradeOptions {
            csv_style: self.out.csv_style(self.quarter.files.delimiter),
            previous: self.previous,
            colour: terminal.colour,
            inputs: self.quarter.inputs(self.folder),
            format: self.out.format.map(Format::from),
            output: self.out.output,
            rejects: self.rejects,
            filter: Filter {
                team: self.team,
                tier: self.tier,
                top: self.top,
            },
            terminal_width: terminal.width,
            threads: self.threads.count(),
            progress,
            labels: self.labels.into(),
            calibration: self.calibration.then(|| {
                self.calibration_margin
                    .unwrap_or(ladder::analysis::calibration::DEFAULT_MARGIN)
            }),
        }
    }
}

#[derive(Args)]
pub struct CheckArgs {
    /// The quarter's folder to check against the standard (optional).
    #[arg(value_name = "DIR")]
    folder: Option<PathBuf>,
    #[command(flatten)]
    quarter: QuarterArgs,
}

impl From<CheckArgs> for Inputs {
    fn from(args: CheckArgs) -> Inputs {
        args.quarter.inputs(args.folder)
    }
}

#[derive(Args)]
pub struct ExplainArgs {
    /// The manager to explain, by `manager_id`.
    #[arg(value_name = "MANAGER_ID")]
    manager_id: String,
    /// The quarter's folder.
    #[arg(value_name = "DIR")]
    folder: Option<PathBuf>,
    #[command(flatten)]
    quarter: QuarterArgs,
    /// Output format [default: from the --output extension (.txt, .json,
    /// .html), else text].
    #[arg(long, value_enum)]
    format: Option<ExplainFormat>,
    /// Write the explanation to FILE (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Set bad rows aside, writing them to FILE (CSV, or a workbook when it
    /// ends `.xlsx`), and explain the manager as `grade --rejects` grades
    /// them, instead of stopping.
    #[arg(long, value_name = "FILE")]
    rejects: Option<PathBuf>,
    /// Show every role group, even those below `report_min` (for the analyst).
    #[arg(long)]
    show_all_roles: bool,
    /// A previous quarter's `ladder grade` export (CSV, JSON or workbook): holds the
    /// tier under the standard's `[movement] max_step_up`, as `grade` does.
    #[arg(long, value_name = "FILE")]
    previous: Option<PathBuf>,
    #[command(flatten)]
    threads: ThreadsArgs,
}

impl From<ExplainArgs> for ExplainOptions {
    fn from(args: ExplainArgs) -> ExplainOptions {
        ExplainOptions {
            // Only the rejects are CSV, and never for Excel.
            csv_style: csv_style(args.quarter.files.delimiter, false),
            inputs: args.quarter.inputs(args.folder),
            manager_id: args.manager_id,
            format: args.format.map(Format::from),
            output: args.output,
            show_all_roles: args.show_all_roles,
            threads: args.threads.count(),
            previous: args.previous,
            rejects: args.rejects,
        }
    }
}

#[derive(Args)]
pub struct GapsArgs {
    /// The quarter's folder.
    #[arg(value_name = "DIR")]
    folder: Option<PathBuf>,
    #[command(flatten)]
    quarter: QuarterArgs,
    /// One row per manager and gap (default), or per team and competency.
    #[arg(long, value_enum, default_value = "manager")]
    by: GapsBy,
    #[command(flatten)]
    labels: LabelsArgs,
    #[command(flatten)]
    out: OutputArgs<TextFormat>,
    #[command(flatten)]
    threads: ThreadsArgs,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum GapsBy {
    Manager,
    Team,
}

impl GapsArgs {
    pub fn options(self, terminal: &Terminal) -> GapsOptions {
        GapsOptions {
            csv_style: self.out.csv_style(self.quarter.files.delimiter),
            inputs: self.quarter.inputs(self.folder),
            format: self.out.format.map(Format::from),
            output: self.out.output,
            by_team: self.by == GapsBy::Team,
            labels: self.labels.into(),
            terminal_width: terminal.width,
            threads: self.threads.count(),
        }
    }
}

#[derive(Args)]
pub struct ReportArgs {
    /// The quarter's folder.
    #[arg(value_name = "DIR")]
    folder: Option<PathBuf>,
    #[command(flatten)]
    quarter: QuarterArgs,
    /// A previous quarter's `ladder grade` export (CSV, JSON or workbook): adds how
    /// many managers of each group moved up, down, stayed or are new.
    #[arg(long, value_name = "FILE")]
    previous: Option<PathBuf>,
    /// Only this table [default: all; for CSV, groups].
    #[arg(long, value_enum)]
    section: Option<SectionArg>,
    #[command(flatten)]
    out: OutputArgs<ReportFormat>,
    #[command(flatten)]
    threads: ThreadsArgs,
}

#[derive(Clone, Copy, ValueEnum)]
enum SectionArg {
    /// Every manager, each branch and each team.
    Groups,
    /// Krippendorff's alpha of the ratings, per indicator.
    Indicators,
    /// Each interviewer's leniency.
    Interviewers,
    /// The managers tied at a tier's quota line, under `quota_ties`.
    QuotaTies,
    /// Each rater's leniency (mean, shift, flag), under `[ratings] adjust`.
    Raters,
}

impl From<SectionArg> for ReportSection {
    fn from(section: SectionArg) -> ReportSection {
        match section {
            SectionArg::Groups => ReportSection::Groups,
            SectionArg::Indicators => ReportSection::Indicators,
            SectionArg::Interviewers => ReportSection::Interviewers,
            SectionArg::QuotaTies => ReportSection::QuotaTies,
            SectionArg::Raters => ReportSection::Raters,
        }
    }
}

impl ReportArgs {
    pub fn options(self, terminal: &Terminal) -> ReportOptions {
        ReportOptions {
            csv_style: self.out.csv_style(self.quarter.files.delimiter),
            inputs: self.quarter.inputs(self.folder),
            previous: self.previous,
            format: self.out.format.map(Format::from),
            output: self.out.output,
            section: self.section.map(ReportSection::from),
            terminal_width: terminal.width,
            threads: self.threads.count(),
        }
    }
}

#[derive(Args)]
pub struct WeightsArgs {
    /// The competency standard (TOML), or `-` to read it from standard input.
    #[arg(long, value_name = "FILE")]
    standard: PathBuf,
    /// The field delimiter of CSV output: `,` (default), `;`, `tab` or
    /// another single character.
    #[arg(long, value_name = "CHAR", value_parser = parse_delimiter)]
    delimiter: Option<u8>,
    #[command(flatten)]
    out: OutputArgs<TextFormat>,
}

impl WeightsArgs {
    pub fn options(self, terminal: &Terminal) -> WeightsOptions {
        WeightsOptions {
            standard: self.standard,
            csv_style: self.out.csv_style(self.delimiter),
            format: self.out.format.map(Format::from),
            output: self.out.output,
            terminal_width: terminal.width,
        }
    }
}

#[derive(Args)]
pub struct DiffArgs {
    /// The old standard (a file, `-`, or `<(git show HEAD:FILE)`).
    #[arg(value_name = "OLD")]
    old: PathBuf,
    /// The new standard.
    #[arg(value_name = "NEW")]
    new: PathBuf,
    /// A quarter to grade under both, to show whose tier and rank move.
    #[arg(value_name = "DIR")]
    folder: Option<PathBuf>,
    #[command(flatten)]
    files: FileArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: DiffFormatArg,
    #[command(flatten)]
    threads: ThreadsArgs,
}

#[derive(Clone, Copy, ValueEnum)]
enum DiffFormatArg {
    /// Plain text (the default).
    #[value(alias = "text")]
    Table,
    Markdown,
    Json,
}

impl From<DiffFormatArg> for DiffFormat {
    fn from(format: DiffFormatArg) -> DiffFormat {
        match format {
            DiffFormatArg::Table => DiffFormat::Text,
            DiffFormatArg::Markdown => DiffFormat::Markdown,
            DiffFormatArg::Json => DiffFormat::Json,
        }
    }
}

impl From<DiffArgs> for DiffOptions {
    fn from(args: DiffArgs) -> DiffOptions {
        // The quarter is graded under the new standard; without a folder or
        // a file named, there is no quarter and only the standards compare.
        let quarter = args.files.inputs(args.new.clone(), args.folder);
        let has_quarter = quarter.has_quarter();
        DiffOptions {
            quarter: has_quarter.then_some(quarter),
            old: args.old,
            new: args.new,
            format: args.format.into(),
            threads: args.threads.count(),
        }
    }
}

/// Where the quarter's evidence is.
#[derive(Args)]
struct QuarterArgs {
    /// The competency standard (TOML), or `-` to read it from standard input.
    #[arg(long, value_name = "FILE")]
    standard: PathBuf,
    #[command(flatten)]
    files: FileArgs,
}

impl QuarterArgs {
    fn inputs(self, folder: Option<PathBuf>) -> Inputs {
        self.files.inputs(self.standard, folder)
    }
}

/// Files named one by one instead of found in DIR, and how they are written.
#[derive(Args)]
struct FileArgs {
    /// The field delimiter of the CSV files read, and of any CSV written:
    /// `,` (default), `;`, `tab` or another single character.
    #[arg(long, value_name = "CHAR", value_parser = parse_delimiter)]
    delimiter: Option<u8>,
    /// The input files' encoding [default: detected: a byte-order mark, else
    /// UTF-8, else GB18030 (GBK) with a warning].
    #[arg(long, value_enum)]
    encoding: Option<EncodingArg>,
    /// Roster file, instead of DIR/roster.csv.
    #[arg(long, value_name = "FILE")]
    roster: Option<PathBuf>,
    /// Written exam file, instead of DIR/exam.csv.
    #[arg(long, value_name = "FILE")]
    exam: Option<PathBuf>,
    /// Multi-rater ratings file, instead of DIR/ratings.csv.
    #[arg(long, value_name = "FILE")]
    ratings: Option<PathBuf>,
    /// Interview panel file, instead of DIR/interview.csv.
    #[arg(long, value_name = "FILE")]
    interview: Option<PathBuf>,
    /// Sales KPI file, instead of DIR/kpi.csv.
    #[arg(long, value_name = "FILE")]
    kpi: Option<PathBuf>,
}

impl FileArgs {
    /// The quarter in `folder` (or in the files named) under `standard`.
    fn inputs(self, standard: PathBuf, folder: Option<PathBuf>) -> Inputs {
        Inputs {
            standard,
            folder,
            files: [
                self.roster,
                self.exam,
                self.ratings,
                self.interview,
                self.kpi,
            ],
            delimiter: self.delimiter,
            encoding: self.encoding.map(Encoding::from),
        }
    }
}

/// `,`, `;`, `tab` (or a tab), `|`: one ASCII character that is not a
/// quote, a letter, a digit or a line break.
/// A margin in score points: a number of at least 0.
fn parse_margin(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(margin) if margin.is_finite() && margin >= 0.0 => Ok(margin),
        _ => Err(format!(
            "`{text}` is not a margin: give score points, 0 or more (such as 2 or 0.5)"
        )),
    }
}

fn parse_delimiter(text: &str) -> Result<u8, String> {
    let byte = match text {
        "tab" | "\\t" => b'\t',
        _ if text.len() == 1 => text.as_bytes()[0],
        _ => {
            return Err(format!(
                "`{text}` is not one character (use `,`, `;` or `tab`)"
            ));
        }
    };
    if byte.is_ascii_alphanumeric() || matches!(byte, b'"' | b'\n' | b'\r') || !byte.is_ascii() {
        return Err(format!("`{text}` cannot separate fields"));
    }
    Ok(byte)
}

#[derive(Clone, Copy, ValueEnum)]
enum EncodingArg {
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    #[value(name = "gb18030", alias = "gbk")]
    Gb18030,
    #[value(name = "utf-16", alias = "utf16")]
    Utf16,
}

impl From<EncodingArg> for Encoding {
    fn from(encoding: EncodingArg) -> Encoding {
        match encoding {
            EncodingArg::Utf8 => Encoding::Utf8,
            EncodingArg::Gb18030 => Encoding::Gb18030,
            EncodingArg::Utf16 => Encoding::Utf16,
        }
    }
}

/// Where and how a result is written, in the formats `F` of the command.
#[derive(Args)]
struct OutputArgs<F: ValueEnum + Clone + Send + Sync + 'static> {
    /// Output format [default: from the --output extension, else table].
    #[arg(long, value_enum)]
    format: Option<F>,
    /// Write the result to FILE (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// CSV output for Excel: a UTF-8 byte-order mark and CRLF line ends.
    #[arg(long)]
    excel: bool,
}

impl<F: ValueEnum + Clone + Send + Sync + 'static> OutputArgs<F> {
    /// CSV output with `delimiter` (`,` when none), for Excel with `--excel`.
    fn csv_style(&self, delimiter: Option<u8>) -> CsvStyle {
        csv_style(delimiter, self.excel)
    }
}

fn csv_style(delimiter: Option<u8>, excel: bool) -> CsvStyle {
    CsvStyle {
        delimiter: delimiter.unwrap_or(b','),
        excel,
    }
}

/// How tiers and competencies are labelled in the output.
#[derive(Args)]
struct LabelsArgs {
    /// Label tiers and competencies (column headers and cells) by their ids,
    /// stable for scripts, or by the standard's names, for people.
    #[arg(long, value_enum, default_value = "ids")]
    labels: LabelsArg,
}

#[derive(Clone, Copy, ValueEnum)]
enum LabelsArg {
    Ids,
    Names,
}

impl From<LabelsArgs> for Labels {
    fn from(args: LabelsArgs) -> Labels {
        match args.labels {
            LabelsArg::Ids => Labels::Ids,
            LabelsArg::Names => Labels::Names,
        }
    }
}

/// How many threads read and score.
#[derive(Args)]
struct ThreadsArgs {
    /// Threads to read and score with [default: one per core].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
}

impl ThreadsArgs {
    /// The count asked for; `None` for one per core.
    fn count(&self) -> Option<usize> {
        self.threads.map(usize::from)
    }
}

/// A command's `--format` values: an enum for clap, each value turned into
/// the library's [`Format`] of the same name. Which formats a command
/// accepts is the list given here; the command refuses the rest.
macro_rules! formats {
    ($(#[$doc:meta])* $name:ident { $($(#[$value_doc:meta])* $value:ident),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, ValueEnum)]
        enum $name {
            $($(#[$value_doc])* $value),+
        }

        impl From<$name> for Format {
            fn from(format: $name) -> Format {
                match format {
                    $($name::$value => Format::$value),+
                }
            }
        }
    };
}

formats! {
    /// The formats of `grade`: the table's, and a workbook.
    GradeFormat {
        Table,
        Csv,
        Json,
        Markdown,
        /// An Excel workbook; needs `--output FILE.xlsx`.
        Xlsx,
    }
}

formats! {
    /// The formats of `gaps` and `weights`: text and data, no workbook or page.
    TextFormat { Table, Csv, Json, Markdown }
}

formats! {
    /// The formats of `report`: text and data, and an HTML page.
    ReportFormat {
        Table,
        Csv,
        Json,
        Markdown,
        /// One self-contained page: charts of the teams and the three tables.
        Html,
    }
}

formats! {
    /// The formats of `explain`: its text (the library's table format), JSON, a page.
    ExplainFormat {
        #[value(name = "text")]
        Table,
        Json,
        /// A page for a browser: header facts, a radar chart of the competencies
        /// against the next tier's floors, the tier conditions and the evidence.
        Html,
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use clap::CommandFactory;

    use super::*;

    fn parse(args: &[&str]) -> Command {
        Cli::try_parse_from(std::iter::once("ladder").chain(args.iter().copied()))
            .unwrap_or_else(|error| panic!("{args:?}: {error}"))
            .command
    }

    const TERMINAL: Terminal = Terminal {
        width: Some(80),
        colour: true,
    };

    #[test]
    fn the_definitions_hold_together() {
        Cli::command().debug_assert();
    }

    #[test]
    fn grade_flags_reach_its_options() {
        let Command::Grade(args) = parse(&[
            "grade",
            "q",
            "--standard",
            "s.toml",
            "--roster",
            "r.csv",
            "--delimiter",
            ";",
            "--excel",
            "--format",
            "xlsx",
            "-o",
            "out.xlsx",
            "--team",
            "A",
            "--tier",
            "none",
            "--top",
            "3",
            "--labels",
            "names",
            "--threads",
            "2",
            "--encoding",
            "gbk",
        ]) else {
            panic!("not grade")
        };
        let options = args.options(&TERMINAL, None);
        assert_eq!(
            options.csv_style,
            CsvStyle {
                delimiter: b';',
                excel: true
            }
        );
        assert_eq!(options.format, Some(Format::Xlsx));
        assert_eq!(options.output.as_deref(), Some(Path::new("out.xlsx")));
        assert_eq!(options.filter.team.as_deref(), Some("A"));
        assert_eq!(options.filter.tier.as_deref(), Some("none"));
        assert_eq!(options.filter.top, Some(3));
        assert_eq!(options.labels, Labels::Names);
        assert_eq!(options.threads, Some(2));
        assert_eq!((options.terminal_width, options.colour), (Some(80), true));
        let inputs = options.inputs;
        assert_eq!(inputs.standard, Path::new("s.toml"));
        assert_eq!(inputs.folder.as_deref(), Some(Path::new("q")));
        assert_eq!(inputs.files[0].as_deref(), Some(Path::new("r.csv")));
        assert!(inputs.files[1..].iter().all(Option::is_none));
        assert_eq!(inputs.delimiter, Some(b';'));
        assert_eq!(inputs.encoding, Some(Encoding::Gb18030));
    }

    #[test]
    fn grade_defaults_are_commas_ids_and_every_core() {
        let Command::Grade(args) = parse(&["grade", "q", "--standard", "s.toml"]) else {
            panic!("not grade")
        };
        let options = args.options(&TERMINAL, None);
        assert_eq!(
            options.csv_style,
            CsvStyle {
                delimiter: b',',
                excel: false
            }
        );
        assert_eq!(options.format, None);
        assert_eq!(options.labels, Labels::Ids);
        assert_eq!(options.threads, None);
        assert_eq!(options.inputs.delimiter, None);
        assert_eq!(options.inputs.encoding, None);
        assert_eq!(options.calibration, None);
    }

    #[test]
    fn calibration_takes_its_margin_or_two_points() {
        let grade = |extra: &[&str]| {
            let mut all = vec!["grade", "q", "--standard", "s.toml", "-o", "b.xlsx"];
            all.extend_from_slice(extra);
            let Command::Grade(args) = parse(&all) else {
                panic!("not grade")
            };
            args.options(&TERMINAL, None).calibration
        };
        assert_eq!(grade(&["--calibration"]), Some(2.0));
        assert_eq!(
            grade(&["--calibration", "--calibration-margin", "0.5"]),
            Some(0.5)
        );
        assert!(
            Cli::try_parse_from([
                "ladder",
                "grade",
                "q",
                "--standard",
                "s",
                "--calibration-margin",
                "1"
            ])
            .is_err()
        );
        assert!(
            Cli::try_parse_from([
                "ladder",
                "grade",
                "q",
                "--standard",
                "s",
                "--calibration",
                "--calibration-margin",
                "x"
            ])
            .is_err()
        );
    }

    #[test]
    fn explain_text_is_the_table_format_and_its_rejects_are_never_for_excel() {
        let Command::Explain(args) = parse(&[
            "explain",
            "M1",
            "q",
            "--standard",
            "s.toml",
            "--format",
            "text",
            "--delimiter",
            "tab",
        ]) else {
            panic!("not explain")
        };
        let options = ExplainOptions::from(args);
        assert_eq!(options.manager_id, "M1");
        assert_eq!(options.format, Some(Format::Table));
        assert_eq!(
            options.csv_style,
            CsvStyle {
                delimiter: b'\t',
                excel: false
            }
        );
    }

    #[test]
    fn diff_grades_a_quarter_only_when_one_is_named() {
        let Command::Diff(args) = parse(&["diff", "old.toml", "new.toml"]) else {
            panic!("not diff")
        };
        assert!(DiffOptions::from(args).quarter.is_none());

        let Command::Diff(args) = parse(&["diff", "old.toml", "new.toml", "--kpi", "k.csv"]) else {
            panic!("not diff")
        };
        let options = DiffOptions::from(args);
        let quarter = options.quarter.expect("a quarter");
        assert_eq!(quarter.standard, Path::new("new.toml"));
        assert_eq!(quarter.files[4].as_deref(), Some(Path::new("k.csv")));
        assert!(options.format == DiffFormat::Text);
    }

    #[test]
    fn gaps_by_team_and_report_sections() {
        let Command::Gaps(args) = parse(&["gaps", "q", "--standard", "s.toml", "--by", "team"])
        else {
            panic!("not gaps")
        };
        assert!(args.options(&TERMINAL).by_team);
        let Command::Report(args) = parse(&[
            "report",
            "q",
            "--standard",
            "s.toml",
            "--section",
            "interviewers",
        ]) else {
            panic!("not report")
        };
        let options = args.options(&TERMINAL);
        assert_eq!(options.section, Some(ReportSection::Interviewers));
        assert_eq!(options.terminal_width, Some(80));
    }

    #[test]
    fn a_delimiter_is_one_character_that_can_separate_fields() {
        assert_eq!(parse_delimiter("tab"), Ok(b'\t'));
        assert_eq!(parse_delimiter("\\t"), Ok(b'\t'));
        assert_eq!(parse_delimiter(";"), Ok(b';'));
        assert_eq!(parse_delimiter("|"), Ok(b'|'));
        for bad in ["ab", "a", "7", "\"", "é", ""] {
            assert!(parse_delimiter(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn zero_threads_is_refused() {
        let refused =
            Cli::try_parse_from(["ladder", "gaps", "q", "--standard", "s", "--threads", "0"]);
        assert!(refused.is_err());
    }
}
