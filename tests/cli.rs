//! The command line as documented (issue 15, item 11): each command's
//! `--help` lists exactly the formats it writes, and `ladder man` is one
//! page that holds every command.

use crate::workdir::Workdir;

/// Every value any command's `--format` takes.
const EVERY_FORMAT: [&str; 7] = ["table", "text", "csv", "json", "markdown", "xlsx", "html"];

/// The `--format` values that `--help` lists: from `[possible values: …]`,
/// or from the `- value: what it is` list clap writes when a value has help.
fn listed_formats(help: &str) -> Vec<String> {
    let start = help
        .find("--format <FORMAT>")
        .unwrap_or_else(|| panic!("no --format in\n{help}"));
    let rest = &help[start..];
    // The entry ends where the next option begins.
    let end = rest[1..]
        .find("\n  -")
        .or_else(|| rest[1..].find("\n      --"))
        .map_or(rest.len(), |end| end + 1);
    let entry = &rest[..end];
    if let Some(list) = entry.split("[possible values: ").nth(1) {
        let list = &list[..list.find(']').expect("a closed list")];
        return list.split(", ").map(str::to_string).collect();
    }
    entry
        .lines()
        .filter_map(|line| line.trim().strip_prefix("- "))
        .map(|value| {
            value
                .split(':')
                .next()
                .unwrap_or_default()
                .trim()
                .to_string()
        })
        .collect()
}

/// Runs `command` with `--format format` on the bundled quarter; an
/// accepted format must write what it names.
fn run_format(dir: &Workdir, command: &str, format: &str) -> crate::workdir::Run {
    let quarter = ["q", "--standard", "standard.toml"];
    let mut args: Vec<&str> = vec![command];
    match command {
        "explain" => args.extend(["FZ0015"].iter().chain(&quarter)),
        "weights" => args.extend(["--standard", "standard.toml"]),
        "diff" => args.extend(["standard.toml", "standard.toml"]),
        _ => args.extend(quarter),
    }
    let output = format!("{command}-out.{format}");
    args.extend(["--format", format]);
    // A workbook needs a file; `diff` has no `--output`.
    if format == "xlsx" && command != "diff" {
        args.extend(["--output", &output]);
    }
    dir.run(&args)
}

fn assert_writes(dir: &Workdir, command: &str, format: &str) {
    let run = run_format(dir, command, format);
    run.expect_code(0);
    let out = run.stdout();
    let ok = match format {
        "json" => serde_json::from_str::<serde_json::Value>(&out).is_ok(),
        "csv" => out.lines().next().is_some_and(|line| line.contains(',')),
        "markdown" => out.contains("| ") || out.starts_with("## "),
        "html" => out.starts_with("<!DOCTYPE html>"),
        "xlsx" => std::fs::read(dir.path(&format!("{command}-out.xlsx")))
            .is_ok_and(|bytes| bytes.starts_with(b"PK")),
        _ => !out.trim().is_empty() && !out.starts_with('{') && !out.starts_with("<!"),
    };
    assert!(ok, "`ladder {command} --format {format}` wrote\n{out}");
}

#[test]
fn each_commands_help_lists_exactly_the_formats_it_writes() {
    let dir = Workdir::new("help-formats");
    dir.write_bundled();
    // What each command writes, as the README's usage summary says; `diff`
    // also takes `text`, an alias of `table` that help does not list.
    let cases: [(&str, &[&str], &[&str]); 6] = [
        ("grade", &["table", "csv", "json", "markdown", "xlsx"], &[]),
        ("gaps", &["table", "csv", "json", "markdown"], &[]),
        ("weights", &["table", "csv", "json", "markdown"], &[]),
        ("report", &["table", "csv", "json", "markdown", "html"], &[]),
        ("explain", &["text", "json", "html"], &[]),
        ("diff", &["table", "markdown", "json"], &["text"]),
    ];
    for (command, writes, aliases) in cases {
        let help = dir.run(&[command, "--help"]);
        help.expect_code(0);
        let listed = listed_formats(&help.stdout());
        assert_eq!(listed, writes, "`ladder {command} --help`");
        // `-h` lists the same values in one line.
        assert_eq!(
            listed_formats(&dir.run(&[command, "-h"]).stdout()),
            writes,
            "`ladder {command} -h`"
        );
        for format in EVERY_FORMAT {
            if listed.iter().any(|listed| listed == format) || aliases.contains(&format) {
                assert_writes(&dir, command, format);
            } else {
                run_format(&dir, command, format)
                    .expect_code(2)
                    .expect_stderr(&format!(
                        "error: invalid value '{format}' for '--format <FORMAT>'"
                    ));
            }
        }
    }
}

#[test]
fn the_manual_page_holds_every_command_and_names_no_other_page() {
    let dir = Workdir::new("man-page");
    let run = dir.run(&["man"]);
    run.expect_code(0);
    let page = run.stdout();
    assert_eq!(page.matches(".TH ").count(), 1, "one page\n{page}");
    for command in [
        "grade",
        "check",
        "explain",
        "gaps",
        "report",
        "weights",
        "diff",
        "completions",
        "man",
    ] {
        let heading = format!(".SS \"ladder {command}\"\n");
        let at = page
            .find(&heading)
            .unwrap_or_else(|| panic!("no section for `{command}`\n{page}"));
        // The section holds the command's synopsis and its help.
        let section = &page[at + heading.len()..];
        let section = &section[..section.find(".SS ").unwrap_or(section.len())];
        assert!(
            section.contains(&format!("\\fBladder {command}\\fR")),
            "{command}: no synopsis\n{section}"
        );
        let about = dir.run(&[command, "--help"]).stdout();
        let first = about.lines().next().unwrap_or_default();
        assert!(
            section.contains(&first.replace('-', "\\-").replace('\'', "\\*(Aq")),
            "{command}: no description {first:?}\n{section}"
        );
    }
    // Flags of the commands are on the page, with their help.
    for flag in [
        "\\-\\-rejects",
        "\\-\\-show\\-all\\-roles",
        "\\-\\-section",
        "\\-\\-by",
    ] {
        assert!(page.contains(&format!("\\fB{flag}\\fR")), "{flag}");
    }
    // No `ladder-grade(1)`: there is no such page.
    assert!(!page.contains("(1)"), "a reference to another page\n{page}");
    assert!(!page.contains("ladder\\-help"), "{page}");
}

/// The long flags a command's `-h` lists, but `--help` and `--version`.
fn help_flags(dir: &Workdir, command: &str) -> Vec<String> {
    let mut flags: Vec<String> = dir
        .run(&[command, "-h"])
        .stdout()
        .lines()
        .map(str::trim_start)
        .filter(|line| line.starts_with('-'))
        .filter_map(|line| {
            let at = line.find("--")?;
            let flag = line[at..].split([' ', ',']).next()?;
            Some(flag.to_string())
        })
        .filter(|flag| flag != "--help" && flag != "--version")
        .collect();
    flags.sort();
    flags
}

/// The README's usage summary: each `ladder COMMAND …` entry, its lines
/// joined, and the flags every command that reads a quarter takes.
fn readme_usage() -> (Vec<String>, String) {
    let readme = include_str!("../README.md");
    let section = readme
        .split("\n## Using it\n")
        .nth(1)
        .expect("a usage section");
    let mut blocks = section.split("```\n").skip(1).step_by(2);
    let commands = blocks.next().expect("the commands' block");
    let shared = blocks.next().expect("the shared flags' block").to_string();
    let mut entries: Vec<String> = Vec::new();
    for line in commands.lines() {
        match entries.last_mut() {
            Some(entry) if line.starts_with(' ') => entry.push_str(line),
            _ => entries.push(line.to_string()),
        }
    }
    (entries, shared)
}

fn flags_in(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .filter(|word| word.starts_with("--"))
        .map(str::to_string)
        .collect()
}

#[test]
fn the_readme_usage_summary_names_every_flag_and_format_of_each_command() {
    let dir = Workdir::new("readme-usage");
    let (entries, shared) = readme_usage();
    let shared = flags_in(&shared);
    for flag in ["--delimiter", "--encoding", "--roster", "--kpi"] {
        assert!(shared.contains(&flag.to_string()), "{flag}: {shared:?}");
    }
    for command in [
        "grade", "check", "explain", "gaps", "report", "weights", "diff",
    ] {
        let entry = entries
            .iter()
            .find(|entry| entry.starts_with(&format!("ladder {command} ")))
            .unwrap_or_else(|| panic!("no `ladder {command}` in the README's usage"));
        let mut listed = flags_in(entry);
        if command != "weights" {
            listed.extend(shared.iter().cloned());
        }
        listed.sort();
        listed.dedup();
        assert_eq!(listed, help_flags(&dir, command), "`ladder {command}`");
        let help = dir.run(&[command, "--help"]).stdout();
        if let Some(formats) = entry.split("[--format ").nth(1) {
            let formats: Vec<&str> = formats[..formats.find(']').unwrap_or(0)]
                .split('|')
                .collect();
            assert_eq!(formats, listed_formats(&help), "`ladder {command}`");
        }
    }
}

#[test]
fn the_readme_says_how_to_put_ladder_on_the_path() {
    let readme = include_str!("../README.md");
    let setup = readme
        .split("\n## Set up\n")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("a set-up section");
    assert!(setup.contains("\ncargo install --path .\n"), "{setup}");
    assert!(setup.contains("~/.cargo/bin"), "{setup}");
    // The binary it installs is `ladder`, as the README's commands call it.
    let manifest = include_str!("../Cargo.toml");
    assert!(manifest.contains("name = \"ladder\""), "{manifest}");
}
