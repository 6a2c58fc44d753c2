//! Spreadsheet-friendly files (issue 7): hostile names come out inert in
//! every CSV and markdown output, `--excel` writes what Excel reads as
//! UTF-8, and `--delimiter` reads and writes `;` and tab.

use crate::workdir::{Workdir, csv_rows};

const STANDARD: &str = r#"
[standard]
id = "exam-only"
name = "Exam only"
version = "1"

[methods]
exam = 1

[[competencies]]
id = "knowledge"
name = "Knowledge"
weight = 1

  [[competencies.indicators]]
  id = "products"
  name = "Products"
  weight = 1
  exam = 10

[[tiers]]
id = "upper"
name = "Upper"
min_composite = 70
"#;

/// A roster whose names a spreadsheet would run as formulas.
const HOSTILE: [&str; 6] = [
    "=HYPERLINK(\"http://x\",\"y\")",
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\tTabbed",
    "Plain 张三",
];

fn quarter(dir: &Workdir, delimiter: char) {
    let d = delimiter;
    let mut roster = format!("manager_id{d}name{d}team\n");
    let mut exam = format!("manager_id{d}products\n");
    for (m, name) in HOSTILE.iter().enumerate() {
        let quoted = format!("\"{}\"", name.replace('"', "\"\""));
        roster.push_str(&format!("M{m}{d}{quoted}{d}=team\n"));
        exam.push_str(&format!("M{m}{d}{}\n", 4 + m));
    }
    dir.write("standard.toml", STANDARD)
        .write("q/roster.csv", roster)
        .write("q/exam.csv", exam);
}

#[test]
fn names_that_look_like_formulas_come_out_inert() {
    let dir = Workdir::new("hostile");
    quarter(&dir, ',');
    let csv = dir.grade_csv(&[]);
    csv.expect_code(0);
    let text = csv.stdout();
    let names: Vec<String> = csv_rows(&text)[1..]
        .iter()
        .map(|row| row[2].clone())
        .collect();
    // Ranked by exam: M5 (9 points) first. A leading tab is trimmed on
    // input, as every cell is.
    assert_eq!(
        names,
        [
            "Plain 张三",
            "Tabbed",
            "'@SUM(A1)",
            "'-2+3",
            "'+1+1",
            "'=HYPERLINK(\"http://x\",\"y\")"
        ]
    );
    assert!(text.contains(",'=team,"), "the team too: {text}");
    // Numbers are never touched, and JSON is data: no apostrophes there.
    assert!(text.contains(",90.00,upper,"), "{text}");
    let json = dir.grade_json(&[]);
    assert!(
        json.stdout()
            .contains("\"name\": \"=HYPERLINK(\\\"http://x\\\",\\\"y\\\")\"")
    );
    let markdown = dir.run(&[
        "grade",
        "q",
        "--standard",
        "standard.toml",
        "--format",
        "markdown",
    ]);
    assert!(
        markdown.stdout().contains("| '@SUM(A1) | '=team |"),
        "{}",
        markdown.stdout()
    );
    let gaps = dir.run(&[
        "gaps",
        "q",
        "--standard",
        "standard.toml",
        "--format",
        "csv",
    ]);
    assert!(
        gaps.stdout().contains("M0,\"'=HYPERLINK"),
        "{}",
        gaps.stdout()
    );
}

#[test]
fn rejected_rows_are_written_inert_too() {
    let dir = Workdir::new("hostile-rejects");
    quarter(&dir, ',');
    let mut exam = dir.read("q/exam.csv");
    exam.push_str("=cmd|' /C calc'!A0,7\n");
    dir.write("q/exam.csv", exam);
    dir.run(&[
        "grade",
        "q",
        "--standard",
        "standard.toml",
        "--rejects",
        "rejects.csv",
        "--format",
        "csv",
    ])
    .expect_code(0);
    let rejects = dir.read("rejects.csv");
    assert!(rejects.contains("'=cmd|' /C calc'!A0,7"), "{rejects}");
}

#[test]
fn rejects_named_xlsx_are_a_workbook_with_the_csvs_rows() {
    let dir = Workdir::new("rejects-xlsx");
    quarter(&dir, ',');
    let mut exam = dir.read("q/exam.csv");
    exam.push_str("M1,5\n=cmd|' /C calc'!A0,7\n");
    dir.write("q/exam.csv", exam);
    let grade = [
        "grade",
        "q",
        "--standard",
        "standard.toml",
        "--format",
        "csv",
    ];
    let as_csv = dir.run(&[&grade[..], &["--rejects", "rejects.csv"]].concat());
    as_csv.expect_code(0);
    let as_xlsx = dir.run(&[&grade[..], &["--rejects", "Rejects.XLSX"]].concat());
    as_xlsx
        .expect_code(0)
        .expect_stderr("q/exam.csv: 8 rows, 6 used, 2 rejected");
    // The ranking does not depend on where the rejects go.
    assert_eq!(as_xlsx.stdout(), as_csv.stdout());
    let sheet = sheet_as_text(&dir.path("Rejects.XLSX"), "Rejects", 0);
    assert_eq!(
        sheet,
        [
            vec!["file", "line", "reason", "row"],
            vec![
                "q/exam.csv",
                "8",
                "a second exam row for manager `M1` (first on line 3)",
                "M1,5"
            ],
            vec![
                "q/exam.csv",
                "9",
                "manager `=cmd|' /C calc'!A0` is not in the roster",
                "=cmd|' /C calc'!A0,7"
            ],
        ],
        "{}",
        dir.read("rejects.csv")
    );
    // The CSV holds the same rows; only its text is made inert.
    let csv = csv_rows(&dir.read("rejects.csv"));
    assert_eq!(csv.len(), sheet.len());
    assert_eq!(csv[1], sheet[1]);
    assert_eq!(csv[2][3], format!("'{}", sheet[2][3]));
}

#[test]
fn rejects_named_as_another_spreadsheet_are_refused_before_reading() {
    let dir = Workdir::new("rejects-ods");
    quarter(&dir, ',');
    for name in ["rejects.ods", "rejects.xls"] {
        dir.run(&["grade", "q", "--standard", "missing.toml", "--rejects", name])
            .expect_code(2)
            .expect_stderr(&format!(
                "error: --rejects writes CSV or an .xlsx workbook, not .{}: name the file `rejects.xlsx`",
                &name[8..]
            ));
        assert!(!dir.path(name).exists());
    }
    // Nor is CSV written under the name of another output format.
    for name in ["rejects.json", "rejects.md", "rejects.html"] {
        dir.run(&["grade", "q", "--standard", "missing.toml", "--rejects", name])
            .expect_code(2)
            .expect_stderr(&format!(
                "error: --rejects writes CSV or an .xlsx workbook, not .{}: name the file `rejects.csv`",
                &name[8..]
            ));
        assert!(!dir.path(name).exists());
    }
}

#[test]
fn excel_csv_has_a_byte_order_mark_and_crlf_lines() {
    let dir = Workdir::new("excel");
    quarter(&dir, ',');
    dir.run(&[
        "grade",
        "q",
        "--standard",
        "standard.toml",
        "--excel",
        "-o",
        "ranked.csv",
    ])
    .expect_code(0);
    let bytes = std::fs::read(dir.path("ranked.csv")).expect("the output");
    assert!(bytes.starts_with("\u{feff}rank,manager_id,".as_bytes()));
    let text = String::from_utf8(bytes).expect("UTF-8");
    assert_eq!(text.matches("\r\n").count(), HOSTILE.len() + 1);
    assert_eq!(text.matches('\n').count(), HOSTILE.len() + 1);
}

#[test]
fn semicolons_and_tabs_are_read_and_written() {
    for (delimiter, flag) in [(';', ";"), ('\t', "tab")] {
        let dir = Workdir::new("delimiter");
        quarter(&dir, delimiter);
        let run = dir.grade_csv(&["--delimiter", flag]);
        run.expect_code(0);
        let first = run.stdout().lines().nth(1).expect("a row").to_string();
        let d = delimiter;
        assert_eq!(
            first,
            format!("1{d}M5{d}Plain 张三{d}'=team{d}90.00{d}upper{d}90.00{d}90.00{d}graded{d}")
        );
    }
    let dir = Workdir::new("delimiter-bad");
    quarter(&dir, ',');
    dir.run(&[
        "grade",
        "q",
        "--standard",
        "standard.toml",
        "--delimiter",
        "ab",
    ])
    .expect_code(2)
    .expect_stderr("is not one character");
}

/// A roster with Chinese names, and ratings of them.
const ROSTER: &str = "manager_id,name,team\r\nM0,张三,政企一部\r\nM1,李四,政企一部\r\n";
const EXAM: &str = "manager_id,products\nM0,8\nM1,6\n";

fn gb18030(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

fn utf16le_with_bom(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    bytes
}

#[test]
fn a_gbk_roster_and_a_utf16_exam_sheet_grade_without_conversion() {
    let dir = Workdir::new("encodings");
    let roster = gb18030(ROSTER);
    // 张 is D5 C5 in GBK: these are the bytes a Chinese Excel saves.
    assert!(roster.windows(2).any(|pair| pair == [0xD5, 0xC5]));
    dir.write("standard.toml", STANDARD)
        .write("q/roster.csv", roster)
        .write("q/exam.csv", utf16le_with_bom(EXAM));
    let run = dir.grade_csv(&[]);
    run.expect_code(0)
        .expect_stderr("q/roster.csv: warning: not UTF-8: read as GB18030")
        .expect_stdout(
            "rank,manager_id,name,team,composite,tier,exam,knowledge,status,note\n\
             1,M0,张三,政企一部,80.00,upper,80.00,80.00,graded,\n\
             2,M1,李四,政企一部,60.00,none,60.00,60.00,graded,\n",
        );
    // The UTF-16 file had a byte-order mark: no warning for it.
    assert!(!run.stderr().contains("exam.csv"), "{}", run.stderr());
    // Named, GB18030 needs no warning; a byte-order mark still decides.
    let named = dir.run(&[
        "grade",
        "q",
        "--standard",
        "standard.toml",
        "--encoding",
        "gbk",
        "--format",
        "csv",
    ]);
    named.expect_code(0).expect_stdout(&run.stdout());
    assert!(named.stderr().is_empty(), "{}", named.stderr());
}

#[test]
fn errors_in_a_decoded_file_name_the_original_file_and_line() {
    let dir = Workdir::new("encodings-errors");
    let roster = gb18030("manager_id,name,team\r\nM0,张三,政企一部\r\nM1,,政企一部\r\n");
    dir.write("standard.toml", STANDARD)
        .write("q/roster.csv", roster)
        .write("q/exam.csv", EXAM);
    dir.run(&["grade", "q", "--standard", "standard.toml"])
        .expect_code(1)
        .expect_stderr("q/roster.csv:3:2: `name` is empty");
    // GBK, then bytes that are neither UTF-8 nor GB18030 (0xFF never starts
    // a GB18030 character): an error naming the line.
    let mut bad = gb18030("manager_id,name,team\nM0,张三,x\n");
    bad.extend_from_slice(b"M1,\xFF\xFF,x\n");
    dir.write("q/roster.csv", bad);
    dir.run(&["grade", "q", "--standard", "standard.toml"])
        .expect_code(1)
        .expect_stderr("q/roster.csv: the file is neither UTF-8 nor GB18030: line 3 has a byte that is neither");
}

/// A UTF-8 roster of Chinese names, ten lines long, with `bad` as the name
/// on line 10.
fn utf8_roster_broken_on_line_10(bad: &[u8]) -> Vec<u8> {
    let names = [
        "张三", "李四", "王五", "赵六", "孙七", "周八", "吴九", "郑十",
    ];
    let mut roster = b"manager_id,name,team\n".to_vec();
    for (m, name) in names.iter().enumerate() {
        roster.extend_from_slice(format!("M{m},{name},政企一部\n").as_bytes());
    }
    roster.extend_from_slice(b"M8,");
    roster.extend_from_slice(bad);
    roster.extend_from_slice(",政企二部\n".as_bytes());
    roster
}

#[test]
fn a_utf8_file_with_one_broken_byte_names_its_line_and_column() {
    let dir = Workdir::new("encodings-utf8-broken");
    let roster = utf8_roster_broken_on_line_10(b"\xFF\xE5\x88\x98");
    let exam: String = (0..9).fold("manager_id,products\n".to_string(), |exam, m| {
        exam + &format!("M{m},{}\n", m % 10)
    });
    dir.write("standard.toml", STANDARD)
        .write("q/roster.csv", &roster)
        .write("q/exam.csv", &exam);
    let run = dir.run(&["grade", "q", "--standard", "standard.toml"]);
    run.expect_code(1)
        .expect_stderr("q/roster.csv:10:2: the cell is not UTF-8 text");
    // Only that cell: the file was not taken for GB18030.
    assert!(!run.stderr().contains("GB18030"), "{}", run.stderr());
    assert_eq!(
        run.stderr().matches("q/roster.csv:").count(),
        1,
        "{}",
        run.stderr()
    );
    // Mended, the same file grades, its names as written.
    dir.write(
        "q/roster.csv",
        utf8_roster_broken_on_line_10("刘一".as_bytes()),
    );
    let run = dir.grade_csv(&[]);
    run.expect_code(0)
        .expect_stdout_contains(",M8,刘一,政企二部,");
    assert!(run.stderr().is_empty(), "{}", run.stderr());
    // The same roster saved as GBK is still read as GBK.
    let gbk = gb18030(&String::from_utf8_lossy(&utf8_roster_broken_on_line_10(
        "刘一".as_bytes(),
    )));
    dir.write("q/roster.csv", gbk);
    let read_as_gbk = dir.grade_csv(&[]);
    read_as_gbk
        .expect_code(0)
        .expect_stderr("q/roster.csv: warning: not UTF-8: read as GB18030")
        .expect_stdout(&run.stdout());
}

/// A sheet read back with calamine: every cell as the CSV would show it.
pub fn sheet_as_text(path: &std::path::Path, name: &str, precision: usize) -> Vec<Vec<String>> {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let mut workbook: Xlsx<_> = open_workbook(path).expect("a workbook");
    let range = workbook.worksheet_range(name).expect("the sheet");
    range
        .rows()
        .enumerate()
        .map(|(index, row)| {
            row.iter()
                .enumerate()
                .map(|(column, cell)| match cell {
                    Data::Empty => String::new(),
                    Data::String(text) => text.clone(),
                    Data::Float(value) if index > 0 && column == 0 => format!("{value}"),
                    Data::Float(value) => format!("{value:.precision$}"),
                    Data::Int(value) => value.to_string(),
                    other => panic!("unexpected cell {other:?}"),
                })
                .collect()
        })
        .collect()
}

#[test]
fn the_workbook_holds_what_the_csv_holds() {
    let dir = Workdir::new("xlsx");
    dir.write_bundled();
    let grade = ["grade", "q", "--standard", "standard.toml"];
    let csv = dir.run(&[&grade[..], &["--format", "csv"]].concat());
    csv.expect_code(0);
    let csv_rows = csv_rows(&csv.stdout());
    dir.run(&[&grade[..], &["-o", "ranked.xlsx"]].concat())
        .expect_code(0);
    let ranking = sheet_as_text(&dir.path("ranked.xlsx"), "Ranking", 2);
    assert_eq!(ranking.len(), 121);
    // Rank is a whole number, scores have 2 decimals; the rest is text.
    assert_eq!(ranking, csv_rows);
    let profile = sheet_as_text(&dir.path("ranked.xlsx"), "Competencies", 2);
    assert_eq!(
        profile[0][..5],
        ["manager_id", "name", "team", "status", "product-knowledge"]
    );
    assert_eq!(profile.len(), 121);
    let gaps = sheet_as_text(&dir.path("ranked.xlsx"), "Gaps", 2);
    assert_eq!(
        gaps[0][..6],
        ["manager_id", "name", "team", "tier", "next_tier", "kind"]
    );
    let warnings = sheet_as_text(&dir.path("ranked.xlsx"), "Warnings", 2);
    assert_eq!(warnings, [["warning"]]);
    // A workbook has no place on standard output, and only grade writes one.
    dir.run(&[&grade[..], &["--format", "xlsx"]].concat())
        .expect_code(2)
        .expect_stderr("give --output FILE.xlsx");
    dir.run(&[
        "gaps",
        "q",
        "--standard",
        "standard.toml",
        "-o",
        "gaps.xlsx",
    ])
    .expect_code(2)
    .expect_stderr("only `ladder grade` writes a workbook");
}

#[test]
fn hostile_names_are_plain_strings_in_the_workbook() {
    let dir = Workdir::new("xlsx-hostile");
    quarter(&dir, ',');
    dir.run(&[
        "grade",
        "q",
        "--standard",
        "standard.toml",
        "-o",
        "ranked.xlsx",
    ])
    .expect_code(0);
    let ranking = sheet_as_text(&dir.path("ranked.xlsx"), "Ranking", 2);
    // As strings, unchanged: a cell's type keeps Excel from running them.
    assert_eq!(ranking[6][2], "=HYPERLINK(\"http://x\",\"y\")");
    assert_eq!(ranking[6][3], "=team");
}

const RATED: &str = r#"
[standard]
id = "rated"
name = "Rated"
version = "1"

[scale]
min = 1
max = 5

[methods]
ratings = 0.6
interview = 0.4

[ratings]
roles = { supervisor = 1 }

[[competencies]]
id = "selling"
name = "Selling"
weight = 1

  [[competencies.indicators]]
  id = "closing"
  name = "Closing"
  weight = 1
  ratings = true
  interview = true
"#;

/// A workbook with one sheet per (name, rows), rows of text or numbers.
pub fn workbook(sheets: &[(&str, Vec<Vec<&str>>)]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(*name).expect("a sheet name");
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                match cell.parse::<f64>() {
                    Ok(number) if r > 0 => sheet.write_number(r as u32, c as u16, number),
                    _ => sheet.write_string(r as u32, c as u16, *cell),
                }
                .expect("a cell");
            }
        }
    }
    book.save_to_buffer().expect("a workbook")
}

#[test]
fn a_gbk_roster_an_xlsx_of_ratings_and_a_utf16_interview_grade_together() {
    let dir = Workdir::new("mixed-sources");
    let ratings = vec![
        vec!["manager_id", "rater_id", "role", "indicator", "score"],
        vec!["M0", "S1", "supervisor", "closing", "4"],
        vec!["M1", "S1", "supervisor", "closing", "3.5"],
    ];
    dir.write("standard.toml", RATED)
        .write("q/roster.csv", gb18030(ROSTER))
        .write("q/ratings.xlsx", workbook(&[("评分", ratings)]))
        .write(
            "q/interview.csv",
            utf16le_with_bom("manager_id,interviewer_id,indicator,score\r\nM0,I1,closing,5\r\nM1,I1,closing,4\r\n"),
        );
    // ratings.xlsx stands in for the missing ratings.csv.
    let run = dir.grade_csv(&[]);
    // M0: ratings 4/5 = 80, interview 5/5 = 100: 0.6 × 80 + 0.4 × 100 = 88.
    // M1: ratings 3.5/5 = 70, interview 80: 42 + 32 = 74.
    run.expect_code(0).expect_stdout(
        "rank,manager_id,name,team,composite,tier,ratings,interview,selling,status,note\n\
         1,M0,张三,政企一部,88.00,none,80.00,100.00,88.00,graded,\n\
         2,M1,李四,政企一部,74.00,none,70.00,80.00,74.00,graded,\n",
    );
}

#[test]
fn errors_in_a_sheet_name_its_cells() {
    let dir = Workdir::new("sheet-errors");
    let rows = vec![
        vec!["manager_id", "rater_id", "role", "indicator", "score"],
        vec!["M0", "S1", "supervisor", "closing", "4"],
        vec!["M1", "S1", "supervisor", "closing", "9"],
    ];
    dir.write("standard.toml", RATED)
        .write("q/roster.csv", ROSTER)
        .write(
            "q/interview.csv",
            "manager_id,interviewer_id,indicator,score\nM0,I1,closing,5\n",
        )
        .write(
            "q/book.xlsx",
            workbook(&[("Notes", vec![vec!["nothing here"]]), ("Week 2", rows)]),
        );
    let grade = |ratings: &str| {
        dir.run(&[
            "grade",
            "q",
            "--standard",
            "standard.toml",
            "--ratings",
            ratings,
        ])
    };
    // The sheet named after `#`; the bad score is in cell E3.
    grade("q/book.xlsx#Week 2")
        .expect_code(1)
        .expect_stderr("q/book.xlsx#Week 2!E3: score 9 is outside the scale 1 to 5");
    grade("q/book.xlsx#Week 3").expect_code(1).expect_stderr(
        "q/book.xlsx#Week 3: the workbook has no sheet `Week 3`; did you mean `Week 2`?",
    );
    // The first sheet by default: it has no manager_id column.
    grade("q/book.xlsx")
        .expect_code(1)
        .expect_stderr("q/book.xlsx#Notes!1: the header has no `manager_id` column");
}

#[test]
fn completion_scripts_and_a_manual_page() {
    let dir = Workdir::new("completions");
    for (shell, marker) in [
        ("bash", "_ladder()"),
        ("zsh", "#compdef ladder"),
        ("fish", "complete -c ladder"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let run = dir.run(&["completions", shell]);
        run.expect_code(0);
        let script = run.stdout();
        assert!(script.contains(marker), "{shell}: {script}");
        for command in ["grade", "explain", "gaps", "diff", "weights"] {
            assert!(script.contains(command), "{shell} lacks {command}");
        }
    }
    let man = dir.run(&["man"]);
    man.expect_code(0);
    assert!(
        man.stdout().starts_with(".ie \\n(.g .ds Aq \\(aq"),
        "{}",
        man.stdout()
    );
    assert!(man.stdout().contains(".TH ladder 1"));
}

#[test]
fn tiers_are_coloured_on_a_terminal_only() {
    use ladder::command::{GradeOptions, Inputs, grade_quarter};
    use ladder::output::render::Format;
    let dir = Workdir::new("colours");
    quarter(&dir, ',');
    let table = |colour: bool| {
        let options = GradeOptions {
            inputs: Inputs {
                standard: dir.path("standard.toml"),
                folder: Some(dir.path("q")),
                ..Inputs::default()
            },
            format: Some(Format::Table),
            colour,
            ..GradeOptions::default()
        };
        grade_quarter(&options).expect("graded").stdout
    };
    // `upper` in green: the first tier's colour.
    assert!(
        table(true).contains("\u{1b}[38;5;10m upper \u{1b}[39m"),
        "{}",
        table(true)
    );
    assert!(!table(false).contains('\u{1b}'));
    // Piped, the binary writes no colour (its standard output is no terminal).
    let piped = dir.run(&["grade", "q", "--standard", "standard.toml"]);
    assert!(!piped.stdout().contains('\u{1b}'));
}

/// Where LibreOffice is installed, its own reading of the workbook (the
/// values as formatted, so the number formats too) is the CSV output.
#[test]
fn libreoffice_reads_the_workbook_as_the_csv() {
    let Ok(version) = std::process::Command::new("soffice")
        .arg("--version")
        .output()
    else {
        eprintln!("LibreOffice is not installed: the workbook is checked by calamine only");
        return;
    };
    assert!(version.status.success());
    let dir = Workdir::new("libreoffice");
    quarter(&dir, ',');
    dir.run(&[
        "grade",
        "q",
        "--standard",
        "standard.toml",
        "-o",
        "ranked.xlsx",
    ])
    .expect_code(0);
    let csv = dir.grade_csv(&[]);
    let converted = std::process::Command::new("soffice")
        .args([
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            "lo",
            "ranked.xlsx",
        ])
        .current_dir(&dir.root)
        .output()
        .expect("run LibreOffice");
    assert!(
        converted.status.success(),
        "{}",
        String::from_utf8_lossy(&converted.stderr)
    );
    let read = std::fs::read_to_string(dir.path("lo/ranked.csv")).expect("LibreOffice's CSV");
    // LibreOffice quotes text that needs it differently; compare cells.
    let cells = csv_rows;
    // The CSV makes formula-like text inert; the workbook keeps it as text.
    let inert = |rows: Vec<Vec<String>>| -> Vec<Vec<String>> {
        rows.into_iter()
            .map(|row| {
                row.into_iter()
                    .map(|cell| cell.trim_start_matches('\'').to_string())
                    .collect()
            })
            .collect()
    };
    assert_eq!(cells(&read), inert(cells(&csv.stdout())));
}

#[test]
fn a_workbook_named_with_its_sheet_is_still_an_input() {
    let dir = Workdir::new("xlsx-input-output");
    quarter(&dir, ',');
    let roster = vec![vec!["manager_id", "name"], vec!["M0", "Ann"]];
    dir.write("q/people.xlsx", workbook(&[("Staff", roster)]));
    dir.run(&[
        "grade",
        "q",
        "--standard",
        "standard.toml",
        "--roster",
        "q/people.xlsx#Staff",
        "-o",
        "q/people.xlsx",
    ])
    .expect_code(2)
    .expect_stderr("is one of the inputs");
}

#[test]
fn a_byte_order_mark_decides_over_the_flag_and_a_bad_byte_is_found_where_it_is() {
    let dir = Workdir::new("encodings-bom");
    let mut roster = "\u{feff}".as_bytes().to_vec();
    roster.extend_from_slice(ROSTER.as_bytes());
    dir.write("standard.toml", STANDARD)
        .write("q/roster.csv", roster)
        .write("q/exam.csv", EXAM);
    let run = dir.run(&[
        "grade",
        "q",
        "--standard",
        "standard.toml",
        "--encoding",
        "gb18030",
        "--format",
        "csv",
    ]);
    run.expect_code(0);
    assert!(run.stdout().contains("张三"), "{}", run.stdout());
    // GBK on lines 2 and 3, then a byte GB18030 has no use for on line 4.
    let mut bad = gb18030("manager_id,name,team\n");
    bad.extend(gb18030("M0,张三,政企一部\nM1,李四,x\n"));
    bad.extend_from_slice(b"M2,\xFF,x\n");
    dir.write("q/roster.csv", bad);
    dir.run(&["grade", "q", "--standard", "standard.toml"])
        .expect_code(1)
        .expect_stderr("line 4 has a byte that is neither");
}

#[test]
fn numbers_are_never_made_inert() {
    let dir = Workdir::new("inert-numbers");
    dir.write("standard.toml", STANDARD)
        .write("q/roster.csv", "manager_id,name,team\n-7,Ann,-2\n")
        .write("q/exam.csv", "manager_id,products\n-7,8\n");
    let run = dir.grade_csv(&[]);
    run.expect_code(0);
    assert!(
        run.stdout().contains("\n1,-7,Ann,-2,80.00,"),
        "{}",
        run.stdout()
    );
}

#[test]
fn the_gaps_sheet_holds_the_managers_the_ranking_shows() {
    let dir = Workdir::new("xlsx-team");
    dir.write_bundled();
    dir.run(&[
        "grade",
        "q",
        "--standard",
        "standard.toml",
        "--team",
        "政企一部",
        "-o",
        "team.xlsx",
    ])
    .expect_code(0);
    let ranking = sheet_as_text(&dir.path("team.xlsx"), "Ranking", 2);
    let gaps = sheet_as_text(&dir.path("team.xlsx"), "Gaps", 2);
    assert!(ranking.len() > 1 && gaps.len() > 1);
    assert!(ranking[1..].iter().all(|row| row[3] == "政企一部"));
    assert!(gaps[1..].iter().all(|row| row[2] == "政企一部"), "{gaps:?}");
}
