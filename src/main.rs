//! The `ladder` command line: parses the arguments, runs the library's
//! command and maps its result to an exit code (0 done, 1 bad standard or
//! data, 2 bad command line).

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use std::sync::Arc;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use indicatif::{MultiProgress, ProgressBar, ProgressStyle};
use ladder::command::{
    self, DiffFormat, DiffOptions, Error, ExplainOptions, GapsOptions, GradeOptions, Inputs,
    Report, ReportOptions, ReportSection, WeightsOptions,
};
use ladder::evidence::{Encoding, FileProgress, Progress};
use ladder::output::render::{CsvStyle, Filter, Format, Labels};

/// Grades group account managers against a competency standard.
#[derive(Parser)]
#[command(name = "ladder", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
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

#[derive(Args)]
struct DiffArgs {
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
    /// Threads to read and score with [default: one per core].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
}

#[derive(Clone, Copy, ValueEnum)]
enum DiffFormatArg {
    /// Plain text (the default).
    #[value(alias = "text")]
    Table,
    Markdown,
    Json,
}

#[derive(Args)]
struct WeightsArgs {
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

/// Where the quarter's evidence is.
#[derive(Args)]
struct QuarterArgs {
    /// The competency standard (TOML), or `-` to read it from standard input.
    #[arg(long, value_name = "FILE")]
    standard: PathBuf,
    #[command(flatten)]
    files: FileArgs,
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

impl QuarterArgs {
    fn inputs(self, folder: Option<PathBuf>) -> Inputs {
        Inputs {
            standard: self.standard,
            folder,
            files: self.files.files(),
            delimiter: self.files.delimiter,
            encoding: self.files.encoding.map(Encoding::from),
        }
    }
}

/// `,`, `;`, `tab` (or a tab), `|`: one ASCII character that is not a
/// quote, a letter, a digit or a line break.
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

/// How CSV output is written: `--delimiter`, `--excel`.
fn csv_style(delimiter: Option<u8>, excel: bool) -> CsvStyle {
    CsvStyle {
        delimiter: delimiter.unwrap_or(b','),
        excel,
    }
}

impl FileArgs {
    /// roster, exam, ratings, interview, kpi.
    fn files(&self) -> [Option<PathBuf>; 5] {
        [
            self.roster.clone(),
            self.exam.clone(),
            self.ratings.clone(),
            self.interview.clone(),
            self.kpi.clone(),
        ]
    }
}

#[derive(Args)]
struct GradeArgs {
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
    /// No progress bars while reading large files.
    #[arg(long, short)]
    quiet: bool,
    /// Threads to read and score with [default: one per core]. The result
    /// is the same whatever the count.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
}

#[derive(Args)]
struct CheckArgs {
    /// The quarter's folder to check against the standard (optional).
    #[arg(value_name = "DIR")]
    folder: Option<PathBuf>,
    #[command(flatten)]
    quarter: QuarterArgs,
}

#[derive(Args)]
struct ExplainArgs {
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
    /// Threads to read and score with [default: one per core].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExplainFormat {
    Text,
    Json,
    /// A page for a browser: header facts, a radar chart of the competencies
    /// against the next tier's floors, the tier conditions and the evidence.
    Html,
}

impl From<ExplainFormat> for Format {
    fn from(format: ExplainFormat) -> Format {
        match format {
            ExplainFormat::Text => Format::Table,
            ExplainFormat::Json => Format::Json,
            ExplainFormat::Html => Format::Html,
        }
    }
}

#[derive(Args)]
struct GapsArgs {
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
    /// Threads to read and score with [default: one per core].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
}

#[derive(Args)]
struct ReportArgs {
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
    /// Threads to read and score with [default: one per core].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum SectionArg {
    /// Every manager, each branch and each team.
    Groups,
    /// Krippendorff's alpha of the ratings, per indicator.
    Indicators,
    /// Each interviewer's leniency.
    Interviewers,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum GapsBy {
    Manager,
    Team,
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

/// The formats of `grade`: the table's, and a workbook.
#[derive(Clone, Copy, ValueEnum)]
enum GradeFormat {
    Table,
    Csv,
    Json,
    Markdown,
    /// An Excel workbook; needs `--output FILE.xlsx`.
    Xlsx,
}

/// The formats of `gaps` and `weights`: text and data, no workbook or page.
#[derive(Clone, Copy, ValueEnum)]
enum TextFormat {
    Table,
    Csv,
    Json,
    Markdown,
}

/// The formats of `report`: text and data, and an HTML page.
#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    Table,
    Csv,
    Json,
    Markdown,
    /// One self-contained page: charts of the teams and the three tables.
    Html,
}

impl From<GradeFormat> for Format {
    fn from(format: GradeFormat) -> Format {
        match format {
            GradeFormat::Table => Format::Table,
            GradeFormat::Csv => Format::Csv,
            GradeFormat::Json => Format::Json,
            GradeFormat::Markdown => Format::Markdown,
            GradeFormat::Xlsx => Format::Xlsx,
        }
    }
}

impl From<TextFormat> for Format {
    fn from(format: TextFormat) -> Format {
        match format {
            TextFormat::Table => Format::Table,
            TextFormat::Csv => Format::Csv,
            TextFormat::Json => Format::Json,
            TextFormat::Markdown => Format::Markdown,
        }
    }
}

impl From<ReportFormat> for Format {
    fn from(format: ReportFormat) -> Format {
        match format {
            ReportFormat::Table => Format::Table,
            ReportFormat::Csv => Format::Csv,
            ReportFormat::Json => Format::Json,
            ReportFormat::Markdown => Format::Markdown,
            ReportFormat::Html => Format::Html,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "ladder", &mut script);
            Ok(Report {
                stdout: String::from_utf8_lossy(&script).into_owned(),
                notices: Vec::new(),
            })
        }
        Command::Man => match ladder::output::manual::manual_page(Cli::command()) {
            Ok(page) => Ok(Report {
                stdout: page,
                notices: Vec::new(),
            }),
            Err(error) => Err(Error::Write {
                path: "the manual page".to_string(),
                source: error,
            }),
        },
        Command::Grade(args) => {
            let bars = (!args.quiet && io::stderr().is_terminal()).then(Bars::default);
            grade(args, bars.as_ref().map(|bars| bars as &dyn Progress))
        }
        Command::Check(args) => command::check(&args.quarter.inputs(args.folder)),
        Command::Explain(args) => command::explain(&ExplainOptions {
            csv_style: csv_style(args.quarter.files.delimiter, false),
            inputs: args.quarter.inputs(args.folder),
            manager_id: args.manager_id,
            format: args.format.map(Format::from),
            output: args.output,
            show_all_roles: args.show_all_roles,
            threads: args.threads.map(usize::from),
            previous: args.previous,
            rejects: args.rejects,
        }),
        Command::Gaps(args) => command::gaps_report(&GapsOptions {
            csv_style: csv_style(args.quarter.files.delimiter, args.out.excel),
            inputs: args.quarter.inputs(args.folder),
            format: args.out.format.map(Format::from),
            output: args.out.output,
            by_team: args.by == GapsBy::Team,
            labels: args.labels.into(),
            terminal_width: terminal_width(),
            threads: args.threads.map(usize::from),
        }),
        Command::Report(args) => command::team_report_command(&ReportOptions {
            csv_style: csv_style(args.quarter.files.delimiter, args.out.excel),
            inputs: args.quarter.inputs(args.folder),
            previous: args.previous,
            format: args.out.format.map(Format::from),
            output: args.out.output,
            section: args.section.map(|section| match section {
                SectionArg::Groups => ReportSection::Groups,
                SectionArg::Indicators => ReportSection::Indicators,
                SectionArg::Interviewers => ReportSection::Interviewers,
            }),
            terminal_width: terminal_width(),
            threads: args.threads.map(usize::from),
        }),
        Command::Diff(args) => {
            let files = args.files.files();
            let has_quarter = args.folder.is_some() || files.iter().any(Option::is_some);
            command::diff(&DiffOptions {
                quarter: has_quarter.then(|| Inputs {
                    standard: args.new.clone(),
                    folder: args.folder,
                    files,
                    delimiter: args.files.delimiter,
                    encoding: args.files.encoding.map(Encoding::from),
                }),
                old: args.old,
                new: args.new,
                format: match args.format {
                    DiffFormatArg::Table => DiffFormat::Text,
                    DiffFormatArg::Markdown => DiffFormat::Markdown,
                    DiffFormatArg::Json => DiffFormat::Json,
                },
                threads: args.threads.map(usize::from),
            })
        }
        Command::Weights(args) => command::weights_report(&WeightsOptions {
            standard: args.standard,
            csv_style: csv_style(args.delimiter, args.out.excel),
            format: args.out.format.map(Format::from),
            output: args.out.output,
            terminal_width: terminal_width(),
        }),
    };
    match result {
        Ok(report) => print(&report),
        Err(error) => fail(&error),
    }
}

fn grade(args: GradeArgs, progress: Option<&dyn Progress>) -> Result<Report, Error> {
    let csv_style = csv_style(args.quarter.files.delimiter, args.out.excel);
    command::grade_quarter(&GradeOptions {
        csv_style,
        previous: args.previous,
        colour: colour(),
        inputs: args.quarter.inputs(args.folder),
        format: args.out.format.map(Format::from),
        output: args.out.output,
        rejects: args.rejects,
        filter: Filter {
            team: args.team,
            tier: args.tier,
            top: args.top,
        },
        terminal_width: terminal_width(),
        threads: args.threads.map(usize::from),
        progress,
        labels: args.labels.into(),
    })
}

/// Files smaller than this read in under a second: no bar for them.
const SMALLEST_FILE_WITH_A_BAR: u64 = 256 << 20;

/// A progress bar per large file, on standard error.
#[derive(Default)]
struct Bars {
    bars: MultiProgress,
}

impl Progress for Bars {
    fn file(&self, label: &str, bytes: u64) -> Arc<dyn FileProgress> {
        if bytes < SMALLEST_FILE_WITH_A_BAR {
            return Arc::new(Bar(ProgressBar::hidden()));
        }
        let style = ProgressStyle::with_template(
            "{msg:>24} [{bar:40}] {bytes}/{total_bytes} {bytes_per_sec}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ");
        let bar = self.bars.add(
            ProgressBar::new(bytes)
                .with_style(style)
                .with_message(label.to_string()),
        );
        Arc::new(Bar(bar))
    }
}

struct Bar(ProgressBar);

impl FileProgress for Bar {
    fn read(&self, bytes: u64) {
        self.0.inc(bytes);
    }

    fn done(&self) {
        self.0.finish_and_clear();
    }
}

/// Colours on a terminal, unless `NO_COLOR` is set (no-color.org).
fn colour() -> bool {
    io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
}

/// The terminal's width when standard output is one: as the terminal gives
/// it, else `COLUMNS`, else 120. `None` keeps the table whole and unwrapped,
/// so piped output is stable.
fn terminal_width() -> Option<u16> {
    if !io::stdout().is_terminal() {
        return None;
    }
    // comfy-table asks the terminal (its size, by ioctl) when standard
    // output is one.
    comfy_table::Table::new()
        .width()
        .filter(|&width| width > 0)
        .or_else(|| {
            std::env::var("COLUMNS")
                .ok()
                .and_then(|columns| columns.parse().ok())
                .filter(|&width: &u16| width > 0)
        })
        .or(Some(120))
}

fn print(report: &Report) -> ExitCode {
    for notice in &report.notices {
        eprintln!("{notice}");
    }
    let mut stdout = io::stdout().lock();
    match stdout
        .write_all(report.stdout.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => ExitCode::SUCCESS,
        // `ladder grade … | head` closes the pipe early: not an error.
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: cannot write to standard output: {error}");
            ExitCode::from(1)
        }
    }
}

fn fail(error: &Error) -> ExitCode {
    match error {
        Error::Invalid(problems) => eprintln!("{problems}"),
        other => eprintln!("error: {other}"),
    }
    ExitCode::from(error.exit_code() as u8)
}
