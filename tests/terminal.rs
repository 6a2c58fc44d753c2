//! The terminal table of `grade` (issue 15, item 10): on a terminal
//! narrower than the table it comes in parts that each fit, repeat rank,
//! `manager_id` and name, and never wrap a number, an id or a tier; on a
//! wide one it is the one table a pipe gets.

use ladder::command::{GradeOptions, Inputs, grade_quarter};
use ladder::output::render::Filter;

use crate::grade::display_width;
use crate::workdir::{Workdir, csv_rows};

/// The bundled quarter's ranking as the terminal shows it `width` wide
/// (`None`: piped), and as CSV, under `filter`.
fn table_and_csv(dir: &Workdir, width: Option<u16>, filter: Filter) -> (String, Vec<Vec<String>>) {
    let options = GradeOptions {
        inputs: Inputs {
            standard: dir.path("standard.toml"),
            folder: Some(dir.path("q")),
            ..Inputs::default()
        },
        filter: filter.clone(),
        terminal_width: width,
        ..GradeOptions::default()
    };
    let table = grade_quarter(&options).expect("the bundled quarter grades");
    let mut args = vec!["--labels", "ids"];
    let top = filter.top.map(|top| top.to_string());
    if let Some(top) = &top {
        args.extend(["--top", top]);
    }
    if let Some(tier) = &filter.tier {
        args.extend(["--tier", tier]);
    }
    let csv = dir.grade_csv(&args);
    csv.expect_code(0);
    (table.stdout, csv_rows(&csv.stdout()))
}

/// The parts of a table: each part's rows of cells, its header first.
/// Border lines are left out; a cell's padding is trimmed.
fn parts(text: &str) -> Vec<Vec<Vec<String>>> {
    text.split("\n\n")
        .map(|part| {
            part.lines()
                .filter_map(|line| line.strip_prefix('│')?.strip_suffix('│'))
                .map(|line| {
                    line.split('┆')
                        .map(|cell| cell.trim().to_string())
                        .collect()
                })
                .collect()
        })
        .collect()
}

fn bundled(name: &str) -> Workdir {
    let dir = Workdir::new(name);
    dir.write_bundled();
    dir
}

/// 60 columns: the table comes in parts, every line fits, each part starts
/// with rank, id and name, every other column shows once, in order, and
/// every cell reads as the CSV's: nothing was wrapped or cut.
#[test]
fn a_narrow_terminal_gets_parts_that_repeat_rank_id_and_name() {
    let dir = bundled("terminal-narrow");
    let filter = Filter {
        top: Some(10),
        ..Filter::default()
    };
    let (table, csv) = table_and_csv(&dir, Some(60), filter);
    for line in table.lines() {
        assert!(
            display_width(line) <= 60,
            "{line:?} is wider than 60\n{table}"
        );
    }
    let parts = parts(&table);
    assert!(parts.len() > 2, "{table}");
    let header = &csv[0];
    let mut columns_seen = Vec::new();
    for part in &parts {
        assert_eq!(part[0][..3], ["rank", "manager_id", "name"], "{table}");
        // A row per manager: a cell that wrapped would add a line.
        assert_eq!(part.len(), csv.len(), "{table}");
        let shown: Vec<usize> = part[0]
            .iter()
            .map(|column| header.iter().position(|c| c == column).expect(column))
            .collect();
        for (row, csv_row) in part[1..].iter().zip(&csv[1..]) {
            let expected: Vec<&String> = shown.iter().map(|&c| &csv_row[c]).collect();
            let got: Vec<&String> = row.iter().collect();
            assert_eq!(got, expected, "{table}");
        }
        columns_seen.extend(shown[3..].iter().copied());
    }
    assert_eq!(
        columns_seen,
        (3..header.len()).collect::<Vec<_>>(),
        "{table}"
    );
}

/// A note longer than the terminal wraps inside its own part, at spaces;
/// the rank, id, name and every score and tier stay whole.
#[test]
fn only_a_note_too_long_for_the_terminal_wraps() {
    let dir = bundled("terminal-note");
    let filter = Filter {
        tier: Some("incomplete".to_string()),
        ..Filter::default()
    };
    let (table, csv) = table_and_csv(&dir, Some(60), filter);
    for line in table.lines() {
        assert!(
            display_width(line) <= 60,
            "{line:?} is wider than 60\n{table}"
        );
    }
    let parts = parts(&table);
    let (last, whole) = parts.split_last().expect("parts");
    assert_eq!(last[0], ["rank", "manager_id", "name", "note"], "{table}");
    for part in whole {
        assert_eq!(part.len(), csv.len(), "{table}");
    }
    // The note's lines, joined, are the note; its row's id is on its first line.
    let note = &csv[1][csv[0].len() - 1];
    assert!(note.len() > 60, "{note}");
    let first = last
        .iter()
        .position(|row| row[1] == csv[1][1])
        .expect("the first manager's row");
    let mut joined = last[first][3].clone();
    for row in &last[first + 1..] {
        if !row[1].is_empty() {
            break;
        }
        joined.push(' ');
        joined.push_str(&row[3]);
    }
    assert_eq!(&joined, note, "{table}");
}

/// A terminal wide enough gets one table, the very one a pipe gets.
#[test]
fn a_wide_terminal_gets_one_table() {
    let dir = bundled("terminal-wide");
    let (wide, _) = table_and_csv(&dir, Some(400), Filter::default());
    let (piped, _) = table_and_csv(&dir, None, Filter::default());
    assert_eq!(parts(&wide).len(), 1, "{wide}");
    assert_eq!(wide, piped);
}
