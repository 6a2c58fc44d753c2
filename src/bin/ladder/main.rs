//! The `ladder` command line: parses the arguments (`args`), runs the
//! library's command and maps its result to an exit code (0 done, 1 bad
//! standard or data, 2 bad command line). Everything else is the library's.

mod args;
mod progress;
mod terminal;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use ladder::command::{self, Error, Report};
use ladder::evidence::Progress;

use crate::args::{Cli, Command};
use crate::progress::Bars;
use crate::terminal::Terminal;

fn main() -> ExitCode {
    match run(Cli::parse().command) {
        Ok(report) => print(&report),
        Err(error) => fail(&error),
    }
}

fn run(command: Command) -> Result<Report, Error> {
    let terminal = Terminal::of_stdout();
    match command {
        Command::Grade(args) => {
            let bars = Bars::unless_quiet(args.quiet);
            let progress = bars.as_ref().map(|bars| bars as &dyn Progress);
            command::grade_quarter(&args.options(&terminal, progress))
        }
        Command::Check(args) => command::check(&args.into()),
        Command::Explain(args) => command::explain(&args.into()),
        Command::Gaps(args) => command::gaps_report(&args.options(&terminal)),
        Command::Report(args) => command::team_report_command(&args.options(&terminal)),
        Command::Weights(args) => command::weights_report(&args.options(&terminal)),
        Command::Diff(args) => command::diff(&args.into()),
        Command::Completions { shell } => Ok(completions(shell)),
        Command::Man => manual(),
    }
}

/// The completion script for `shell`, from the same definitions as `--help`.
fn completions(shell: clap_complete::Shell) -> Report {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "ladder", &mut script);
    Report {
        stdout: String::from_utf8_lossy(&script).into_owned(),
        notices: Vec::new(),
    }
}

/// The manual page, every command in it.
fn manual() -> Result<Report, Error> {
    match ladder::output::manual::manual_page(Cli::command()) {
        Ok(page) => Ok(Report {
            stdout: page,
            notices: Vec::new(),
        }),
        Err(error) => Err(Error::Write {
            path: "the manual page".to_string(),
            source: error,
        }),
    }
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
