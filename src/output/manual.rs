//! `ladder man`: one manual page that holds every command. clap_mangen's
//! own page lists the commands as `ladder-grade(1)` and so on, pages that
//! nothing installs; here each command is a section of the one page instead.

use std::io;

use clap_mangen::Man;

/// The heading of the section that holds the commands.
const COMMANDS: &str = "COMMANDS";

/// The manual page (roff) of `command` and of each of its subcommands but
/// `help`, which only repeats `--help`.
pub fn manual_page(command: clap::Command) -> io::Result<String> {
    let mut command = command.disable_help_subcommand(true);
    command.build();
    let man = Man::new(command.clone());
    let mut page = String::new();
    page.push_str(&rendered(|out| man.render_title(out))?);
    for render in [
        Man::render_name_section,
        Man::render_synopsis_section,
        Man::render_description_section,
        Man::render_options_section,
    ] {
        page.push_str(&without_preamble(&rendered(|out| render(&man, out))?));
    }
    page.push_str(&format!(".SH {COMMANDS}\n"));
    for sub in command.get_subcommands().filter(|sub| !sub.is_hide_set()) {
        // A subcommand's usage names it after the command: `ladder grade`.
        let name = sub.get_bin_name().unwrap_or_else(|| sub.get_name());
        page.push_str(&format!(".SS \"{name}\"\n"));
        let man = Man::new(sub.clone());
        for render in [
            Man::render_synopsis_section,
            Man::render_description_section,
            Man::render_options_section,
        ] {
            let section = without_preamble(&rendered(|out| render(&man, out))?);
            // Under the command's own heading, its parts are paragraphs.
            for line in section.lines() {
                if line.starts_with(".SH ") {
                    page.push_str(".PP\n");
                } else {
                    page.push_str(line);
                    page.push('\n');
                }
            }
        }
    }
    page.push_str(&without_preamble(&rendered(|out| {
        man.render_version_section(out)
    })?));
    Ok(page)
}

fn rendered(render: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> io::Result<String> {
    let mut out = Vec::new();
    render(&mut out)?;
    String::from_utf8(out).map_err(io::Error::other)
}

/// Each rendered part opens with the two lines that define the apostrophe
/// string `Aq`: the page needs them once, at its top.
fn without_preamble(part: &str) -> String {
    part.lines()
        .filter(|line| !line.starts_with(".ie \\n(.g .ds Aq") && !line.starts_with(".el .ds Aq"))
        .map(|line| format!("{line}\n"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn command() -> clap::Command {
        clap::Command::new("tool")
            .version("1.0")
            .about("Does things")
            .subcommand(
                clap::Command::new("sort").about("Sort the rows").arg(
                    clap::Arg::new("reverse")
                        .long("reverse")
                        .help("Largest first"),
                ),
            )
            .subcommand(clap::Command::new("count").about("Count the rows"))
    }

    #[test]
    fn every_subcommand_is_a_section_of_the_one_page() {
        let page = manual_page(command()).unwrap();
        assert!(page.starts_with(".ie \\n(.g .ds Aq"), "{page}");
        assert_eq!(page.matches(".ds Aq").count(), 2, "one preamble: {page}");
        assert_eq!(page.matches(".TH ").count(), 1);
        assert!(page.contains(".SH COMMANDS\n.SS \"tool sort\"\n"), "{page}");
        assert!(page.contains(".SS \"tool count\"\n"), "{page}");
        assert!(page.contains("Largest first"), "{page}");
        assert!(
            !page.contains("(1)"),
            "no reference to another page: {page}"
        );
        assert!(!page.contains("tool\\-help"), "{page}");
    }
}
