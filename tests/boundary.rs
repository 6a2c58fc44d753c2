//! The spreadsheet boundary (issue 15): a cell a spreadsheet shows as a
//! date, a time or a percentage is an error that says what to write, in a
//! workbook and in a CSV file alike, never the number stored under it.

use crate::workdir::Workdir;
use rust_xlsxwriter::{Format, Workbook};

const STANDARD: &str = r#"
[standard]
id = "boundary"
name = "Boundary"
version = "1"

[scale]
min = 1
max = 5

[methods]
exam = 0.5
kpi = 0.5

[[competencies]]
id = "knowledge"
name = "Knowledge"
weight = 0.5

  [[competencies.indicators]]
  id = "products"
  name = "Products"
  weight = 1
  exam = 100

[[competencies]]
id = "results"
name = "Results"
weight = 0.5

  [[competencies.indicators]]
  id = "revenue"
  name = "Revenue"
  weight = 1
  kpi = { cap = 1.2 }

[[tiers]]
id = "senior"
name = "Senior"
min_composite = 60
min_tenure_years = 3
"#;

/// A cell of a test workbook: text, a plain number, or a number shown
/// through a number format.
enum Cell<'a> {
    Text(&'a str),
    Number(f64),
    Formatted(f64, &'a str),
}

fn workbook(rows: &[Vec<Cell>]) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell {
                Cell::Text(text) => sheet.write_string(r, c, *text),
                Cell::Number(value) => sheet.write_number(r, c, *value),
                Cell::Formatted(value, format) => sheet.write_number_with_format(
                    r,
                    c,
                    *value,
                    &Format::new().set_num_format(*format),
                ),
            }
            .expect("a cell");
        }
    }
    book.save_to_buffer().expect("a workbook")
}

fn quarter(dir: &Workdir) -> &Workdir {
    dir.write("standard.toml", STANDARD)
        .write("q/exam.csv", "manager_id,products\nM1,80\nM2,70\n")
        .write(
            "q/kpi.csv",
            "manager_id,indicator,actual,target\nM1,revenue,90,100\nM2,revenue,100,100\n",
        )
}

fn roster_with_tenure(second: Cell) -> Vec<u8> {
    use Cell::*;
    workbook(&[
        vec![Text("manager_id"), Text("name"), Text("tenure_years")],
        vec![Text("M1"), Text("Ann"), Number(4.0)],
        vec![Text("M2"), Text("Bo"), second],
    ])
}

#[test]
fn a_plain_tenure_in_a_workbook_grades() {
    let dir = Workdir::new("boundary-plain-tenure");
    quarter(&dir).write("q/roster.xlsx", roster_with_tenure(Cell::Number(2.0)));
    // M1: exam 80, KPI 90/100 → 90: composite 85 with 4 years: senior.
    // M2: exam 70, KPI 100/100 → 100: composite 85, but 2 years < 3: none.
    dir.grade_csv(&[]).expect_code(0).expect_stdout(
        "rank,manager_id,name,team,composite,tier,exam,kpi,knowledge,results,status,note\n\
         1,M1,Ann,,85.00,senior,80.00,90.00,80.00,90.00,graded,\n\
         1,M2,Bo,,85.00,none,70.00,100.00,70.00,100.00,graded,\n",
    );
}

#[test]
fn a_date_in_a_workbook_number_column_is_an_error_not_a_day_count() {
    let dir = Workdir::new("boundary-date");
    // 45078 is 2023-06-01: read as a number it would be 45078 years of tenure.
    for (format, shown) in [
        ("yyyy-mm-dd", "2023-06-01"),
        ("yyyy/m/d", "2023-06-01"),
        ("yyyy-mm-dd hh:mm", "2023-06-01 12:00:00"),
    ] {
        let value = if shown.contains(' ') {
            45078.5
        } else {
            45078.0
        };
        quarter(&dir).write(
            "q/roster.xlsx",
            roster_with_tenure(Cell::Formatted(value, format)),
        );
        dir.grade_csv(&[]).expect_code(1).expect_stderr(&format!(
            "q/roster.xlsx#Sheet1!C3: tenure_years `{shown}` is not a number; \
             `{shown}` is a date: write the years as a number, e.g. `3.5`"
        ));
    }
    quarter(&dir).write(
        "q/roster.xlsx",
        roster_with_tenure(Cell::Formatted(0.25, "hh:mm:ss")),
    );
    dir.grade_csv(&[]).expect_code(1).expect_stderr(
        "q/roster.xlsx#Sheet1!C3: tenure_years `06:00:00` is not a number; \
         `06:00:00` is a time or a duration",
    );
    quarter(&dir).write(
        "q/roster.xlsx",
        roster_with_tenure(Cell::Formatted(1.5, "[h]:mm:ss")),
    );
    dir.grade_csv(&[])
        .expect_code(1)
        .expect_stderr("q/roster.xlsx#Sheet1!C3: tenure_years `36:00:00` is not a number");
}

#[test]
fn a_date_in_a_csv_number_column_says_the_same() {
    let dir = Workdir::new("boundary-date-csv");
    quarter(&dir).write(
        "q/roster.csv",
        "manager_id,name,tenure_years\nM1,Ann,4\nM2,Bo,2023-06-01\n",
    );
    dir.grade_csv(&[]).expect_code(1).expect_stderr(
        "q/roster.csv:3:3: tenure_years `2023-06-01` is not a number; \
         `2023-06-01` is a date: write the years as a number, e.g. `3.5`",
    );
}

#[test]
fn a_percent_cell_is_an_error_in_a_workbook_and_a_csv_alike() {
    use Cell::*;
    let dir = Workdir::new("boundary-percent");
    quarter(&dir).write(
        "q/roster.csv",
        "manager_id,name,tenure_years\nM1,Ann,4\nM2,Bo,5\n",
    );
    // 0.921 shown as 92.10%: read as 0.921 it would be an attainment of 0.0092.
    for format in ["0.00%", "0%", "0.0%;[Red]-0.0%"] {
        let kpi = workbook(&[
            vec![
                Text("manager_id"),
                Text("indicator"),
                Text("actual"),
                Text("target"),
            ],
            vec![Text("M1"), Text("revenue"), Number(90.0), Number(100.0)],
            vec![
                Text("M2"),
                Text("revenue"),
                Formatted(0.921, format),
                Formatted(1.0, format),
            ],
        ]);
        dir.write("q/kpi.xlsx", kpi);
        std::fs::remove_file(dir.path("q/kpi.csv")).ok();
        let run = dir.grade_csv(&[]);
        run.expect_code(1)
            .expect_stderr(
                "q/kpi.xlsx#Sheet1!C3: actual `92.1%` is not a number; a percentage is not \
                 read as a number: write `92.1`, and the target in the same unit",
            )
            .expect_stderr(
                "q/kpi.xlsx#Sheet1!D3: target `100%` is not a number; a percentage is not \
                 read as a number: write `100`, and the actual in the same unit",
            );
    }
    std::fs::remove_file(dir.path("q/kpi.xlsx")).ok();
    dir.write(
        "q/kpi.csv",
        "manager_id,indicator,actual,target\nM1,revenue,90,100\nM2,revenue,92.1%,100%\n",
    );
    dir.grade_csv(&[])
        .expect_code(1)
        .expect_stderr(
            "q/kpi.csv:3:3: actual `92.1%` is not a number; a percentage is not \
             read as a number: write `92.1`, and the target in the same unit",
        )
        .expect_stderr("q/kpi.csv:3:4: target `100%` is not a number");
}

#[test]
fn common_number_mistakes_say_what_to_write() {
    let dir = Workdir::new("boundary-hints");
    quarter(&dir).write(
        "q/roster.csv",
        "manager_id,name,tenure_years\nM1,Ann,4\nM2,Bo,5\n",
    );
    dir.write("q/exam.csv", "manager_id,products\nM1,\"80,5\"\nM2,缺考\n");
    dir.write(
        "q/kpi.csv",
        "manager_id,indicator,actual,target\nM1,revenue,\"1,100\",１２００\nM2,revenue,#DIV/0!,100\n",
    );
    dir.grade_csv(&[])
        .expect_code(1)
        .expect_stderr("q/exam.csv:2:2: exam points `80,5` is not a number; write `80.5`")
        .expect_stderr(
            "q/exam.csv:3:2: exam points `缺考` is not a number; leave the cell empty when there are no points",
        )
        .expect_stderr(
            "q/kpi.csv:2:3: actual `1,100` is not a number; write `1100`, or `1.100` if the comma is a decimal comma",
        )
        .expect_stderr("q/kpi.csv:2:4: target `１２００` is not a number; write `1200`")
        .expect_stderr(
            "q/kpi.csv:3:3: actual `#DIV/0!` is not a number; the spreadsheet shows an error there",
        );
}

/// A workbook LibreOffice saved (tests/fixtures/libreoffice).
fn saved_by_libreoffice(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/libreoffice/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|error| panic!("{path}: {error}"))
}

#[test]
fn a_date_libreoffice_saved_is_an_error_in_every_workbook_format() {
    for extension in ["xlsx", "xls", "ods"] {
        let dir = Workdir::new(&format!("boundary-libreoffice-date-{extension}"));
        let roster = format!("q/roster.{extension}");
        quarter(&dir).write(
            &roster,
            saved_by_libreoffice(&format!("roster.{extension}")),
        );
        dir.grade_csv(&[]).expect_code(1).expect_stderr(&format!(
            "{roster}#花名册!C3: tenure_years `2023-06-01` is not a number; \
             `2023-06-01` is a date: write the years as a number, e.g. `3.5`"
        ));
    }
}

#[test]
fn a_percentage_libreoffice_saved_as_xlsx_is_an_error() {
    let dir = Workdir::new("boundary-libreoffice-percent");
    quarter(&dir).write(
        "q/roster.csv",
        "manager_id,name,tenure_years\nM1,Ann,4\nM2,Bo,5\n",
    );
    std::fs::remove_file(dir.path("q/kpi.csv")).ok();
    dir.write("q/kpi.xlsx", saved_by_libreoffice("kpi.xlsx"));
    dir.grade_csv(&[])
        .expect_code(1)
        .expect_stderr("q/kpi.xlsx#KPI!C3: actual `92.1%` is not a number")
        .expect_stderr("q/kpi.xlsx#KPI!D3: target `100%` is not a number");
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
kpi = 0.4

[ratings]
roles = { supervisor = 0.6, peer = 0.4 }

[[competencies]]
id = "selling"
name = "Selling"
weight = 1

  [[competencies.indicators]]
  id = "closing"
  name = "Closing"
  weight = 0.5
  ratings = true

  [[competencies.indicators]]
  id = "revenue"
  name = "Revenue"
  weight = 0.5
  kpi = { cap = 1.2 }

[[tiers]]
id = "senior"
name = "Senior"
min_composite = 80
"#;

/// M2's peer score 9 (line 5) and `x` (line 6) are set aside; so is M1's
/// short row (line 7), M1's KPI row with a percentage (kpi line 2) and a row
/// with no manager (line 8).
fn rejected_quarter(dir: &Workdir) -> &Workdir {
    dir.write("standard.toml", RATED)
        .write("q/roster.csv", "manager_id,name\nM1,Ann\nM2,Bo\nM3,Cy\n")
        .write(
            "q/ratings.csv",
            "manager_id,rater_id,role,indicator,score\n\
             M1,S1,supervisor,closing,4\n\
             M1,P1,peer,closing,3\n\
             M2,S1,supervisor,closing,5\n\
             M2,P2,peer,closing,9\n\
             M2,P3,peer,closing,x\n\
             M1,P4,peer\n\
             ,P5,peer,closing,3\n\
             M3,S1,supervisor,closing,4\n",
        )
        .write(
            "q/kpi.csv",
            "manager_id,indicator,actual,target\nM1,revenue,90%,100\nM2,revenue,100,100\nM3,revenue,100,100\n",
        )
}

#[test]
fn a_manager_graded_without_rejected_rows_says_so_in_every_output() {
    let dir = Workdir::new("boundary-rejects-note");
    rejected_quarter(&dir);
    // Without --rejects the run stops at every bad row.
    dir.grade_csv(&[])
        .expect_code(1)
        .expect_stderr("q/ratings.csv:5:5: score 9 is outside the scale 1 to 5");
    let run = dir.grade_csv(&["--rejects", "rejects.csv"]);
    // M1: ratings 4 (supervisor) and 3 (peer): 0.6 × 80 + 0.4 × 60 = 72; no
    // KPI: incomplete. M2: supervisor 5 alone: 100, KPI 100: 100. M3:
    // supervisor 4: 80, KPI 100: 0.6 × 80 + 0.4 × 100 = 88.
    run.expect_code(0).expect_stdout(
        "rank,manager_id,name,team,composite,tier,ratings,kpi,selling,status,note\n\
         1,M2,Bo,,100.00,senior,100.00,100.00,100.00,graded,\"graded without 2 rejected ratings (q/ratings.csv:5, 6)\"\n\
         2,M3,Cy,,88.00,senior,80.00,100.00,90.00,graded,\n\
         ,M1,Ann,,,,72.00,,,incomplete,missing kpi (revenue); scored without 1 rejected KPI row (q/kpi.csv:2) and 1 rejected rating (q/ratings.csv:7)\n",
    );
    run.expect_stderr("warning: 2 managers graded without rows set aside (see each note): M2, M1")
        .expect_stderr(
            "q/ratings.csv:8: warning: the row set aside names no manager (its `manager_id` is empty or unreadable)",
        );

    let json = dir.grade_json(&["--rejects", "rejects.csv"]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout()).expect("JSON");
    assert_eq!(
        value["managers"][0]["note"],
        "graded without 2 rejected ratings (q/ratings.csv:5, 6)"
    );
    let warnings = value["warnings"].as_array().expect("warnings");
    assert!(warnings.contains(&serde_json::json!(
        "manager `M2`: graded without 2 rejected ratings (q/ratings.csv:5, 6)"
    )));

    dir.run(&[
        "grade",
        "q",
        "--standard",
        "standard.toml",
        "--output",
        "ranked.xlsx",
        "--rejects",
        "rejects.csv",
    ])
    .expect_code(0);
    let sheet = crate::spreadsheet::sheet_as_text(&dir.path("ranked.xlsx"), "Warnings", 2);
    let listed: Vec<&str> = sheet.iter().map(|row| row[0].as_str()).collect();
    assert!(
        listed.contains(&"manager `M2`: graded without 2 rejected ratings (q/ratings.csv:5, 6)"),
        "{listed:?}"
    );
    assert!(listed.contains(&"manager `M1`: scored without 1 rejected KPI row (q/kpi.csv:2) and 1 rejected rating (q/ratings.csv:7)"), "{listed:?}");
}

#[test]
fn explain_sets_rows_aside_as_grade_does_and_shows_the_note() {
    let dir = Workdir::new("boundary-rejects-explain");
    rejected_quarter(&dir);
    let explain = |extra: &[&str]| {
        let mut args = vec!["explain", "M2", "q", "--standard", "standard.toml"];
        args.extend_from_slice(extra);
        dir.run(&args)
    };
    explain(&[])
        .expect_code(1)
        .expect_stderr("q/ratings.csv:5:5: score 9 is outside the scale 1 to 5");
    explain(&["--rejects", "set-aside.csv"])
        .expect_code(0)
        .expect_stdout_contains("note: graded without 2 rejected ratings (q/ratings.csv:5, 6)")
        .expect_stderr("q/ratings.csv: 8 rows, 4 used, 4 rejected");
    assert!(
        dir.read("set-aside.csv")
            .contains("q/ratings.csv,5,score 9 is outside the scale 1 to 5")
    );
}

#[test]
fn a_rejected_row_in_a_workbook_is_named_by_its_row() {
    let dir = Workdir::new("boundary-rejects-sheet");
    rejected_quarter(&dir);
    std::fs::remove_file(dir.path("q/kpi.csv")).ok();
    use Cell::*;
    dir.write(
        "q/kpi.xlsx",
        workbook(&[
            vec![
                Text("manager_id"),
                Text("indicator"),
                Text("actual"),
                Text("target"),
            ],
            vec![
                Text("M1"),
                Text("revenue"),
                Formatted(0.9, "0%"),
                Number(100.0),
            ],
            vec![Text("M2"), Text("revenue"), Number(100.0), Number(100.0)],
            vec![Text("M3"), Text("revenue"), Number(100.0), Number(100.0)],
        ]),
    );
    dir.grade_csv(&["--rejects", "rejects.csv"]).expect_code(0).expect_stdout_contains(
        "scored without 1 rejected KPI row (q/kpi.xlsx#Sheet1!2) and 1 rejected rating (q/ratings.csv:7)",
    );
}

#[test]
fn rows_of_delimiters_alone_are_skipped_and_counted() {
    let dir = Workdir::new("boundary-empty-rows");
    dir.write("standard.toml", RATED)
        .write(
            "q/roster.csv",
            "manager_id,name\r\nM1,Ann\r\n,\r\nM2,Bo\r\n",
        )
        .write(
            "q/ratings.csv",
            // As Excel saves a sheet with formatted empty rows, CRLF and all.
            "manager_id,rater_id,role,indicator,score\r\n\
             M1,S1,supervisor,closing,4\r\n\
             ,,,,\r\n\
             M2,S1,supervisor,closing,5\r\n\
             \"\",\"\",,,\r\n\
             ,,,,\r\n",
        )
        .write(
            "q/kpi.csv",
            "manager_id,indicator,actual,target\nM1,revenue,100,100\n,,,\nM2,revenue,100,100\n",
        );
    let expected = "rank,manager_id,name,team,composite,tier,ratings,kpi,selling,status,note\n\
                    1,M2,Bo,,100.00,senior,100.00,100.00,100.00,graded,\n\
                    2,M1,Ann,,88.00,senior,80.00,100.00,90.00,graded,\n";
    dir.grade_csv(&[]).expect_code(0).expect_stdout(expected);
    dir.grade_csv(&["--rejects", "rejects.csv"])
        .expect_code(0)
        .expect_stdout(expected)
        .expect_stderr(
            "q/roster.csv: 2 rows, 2 used, 0 rejected, 1 empty row (delimiters alone) skipped",
        )
        .expect_stderr(
            "q/ratings.csv: 2 rows, 2 used, 0 rejected, 3 empty rows (delimiters alone) skipped",
        )
        .expect_stderr(
            "q/kpi.csv: 2 rows, 2 used, 0 rejected, 1 empty row (delimiters alone) skipped",
        );
    assert_eq!(dir.read("rejects.csv"), "file,line,reason,row\n");
}

#[test]
fn a_file_saved_with_semicolons_or_tabs_is_read_so_and_said() {
    let dir = Workdir::new("boundary-delimiter-detected");
    dir.write("standard.toml", RATED)
        .write("q/roster.csv", "manager_id;name\nM1;Ann\nM2;Bo\n")
        .write(
            "q/ratings.csv",
            "manager_id\trater_id\trole\tindicator\tscore\nM1\tS1\tsupervisor\tclosing\t4\nM2\tS1\tsupervisor\tclosing\t5\n",
        )
        .write(
            "q/kpi.csv",
            "manager_id,indicator,actual,target\nM1,revenue,100,100\nM2,revenue,100,100\n",
        );
    dir.grade_csv(&[])
        .expect_code(0)
        .expect_stdout(
            "rank,manager_id,name,team,composite,tier,ratings,kpi,selling,status,note\n\
             1,M2,Bo,,100.00,senior,100.00,100.00,100.00,graded,\n\
             2,M1,Ann,,88.00,senior,80.00,100.00,90.00,graded,\n",
        )
        .expect_stderr(
            "q/roster.csv:1: warning: the fields are separated by `;`, not `,`: read so (--delimiter sets it for every file)",
        )
        .expect_stderr("q/ratings.csv:1: warning: the fields are separated by tab, not `,`");
    assert!(!dir.grade_csv(&[]).stderr().contains("q/kpi.csv"));
    // A delimiter given is every file's: a header it reads as one column
    // says which one the file seems to use.
    dir.grade_csv(&["--delimiter", ";"])
        .expect_code(1)
        .expect_stderr(
            "q/kpi.csv:1: the header has no `manager_id` column; the header reads as one column: \
         are its fields separated by `,`? give --delimiter ','",
        );
}

/// The errors a LibreOffice workbook's percent cells give, with the file's
/// extension written as `EXT`, so that every format can be held to one text.
fn percent_errors(file: &str, extension: &str) -> String {
    let book = saved_by_libreoffice(&format!("{file}.{extension}"));
    percent_errors_of(&format!("{file}-{extension}"), &book, extension)
}

fn percent_errors_of(test: &str, book: &[u8], extension: &str) -> String {
    let dir = Workdir::new(&format!("boundary-percent-{test}"));
    quarter(&dir).write(
        "q/roster.csv",
        "manager_id,name,tenure_years\nM1,Ann,4\nM2,Bo,5\n",
    );
    std::fs::remove_file(dir.path("q/kpi.csv")).ok();
    dir.write(&format!("q/kpi.{extension}"), book);
    let run = dir.grade_csv(&[]);
    run.expect_code(1);
    run.stderr()
        .replace(&format!("kpi.{extension}#"), "kpi.EXT#")
}

#[test]
fn a_percentage_libreoffice_saved_as_ods_or_xls_is_an_error_as_in_xlsx() {
    let xlsx = percent_errors("kpi", "xlsx");
    assert!(
        xlsx.contains(
            "q/kpi.EXT#KPI!C3: actual `92.1%` is not a number; a percentage is not \
             read as a number: write `92.1`, and the target in the same unit"
        ),
        "{xlsx}"
    );
    assert!(
        xlsx.contains(
            "q/kpi.EXT#KPI!D3: target `100%` is not a number; a percentage is not \
             read as a number: write `100`, and the actual in the same unit"
        ),
        "{xlsx}"
    );
    for extension in ["ods", "xls"] {
        assert_eq!(percent_errors("kpi", extension), xlsx, "kpi.{extension}");
    }
}

#[test]
fn repeated_rows_and_cells_put_the_percentage_on_its_own_cell() {
    // kpi-repeats: two empty rows LibreOffice writes as one repeated row,
    // the header on row 3, M1's plain 90 and 100 on row 4, and 92.10% in
    // C and D of rows 5 and 6, written as one cell repeated twice. A place
    // lost to a repeat would show M1's 90 as `9000%`, or leave a 92.1% as
    // 0.921.
    let xlsx = percent_errors("kpi-repeats", "xlsx");
    for cell in ["C5", "D5", "C6", "D6"] {
        let column = if cell.starts_with('C') {
            "actual"
        } else {
            "target"
        };
        assert!(
            xlsx.contains(&format!(
                "q/kpi.EXT#KPI!{cell}: {column} `92.1%` is not a number"
            )),
            "{xlsx}"
        );
    }
    assert!(!xlsx.contains("!C4") && !xlsx.contains("!D4"), "{xlsx}");
    for extension in ["ods", "xls"] {
        assert_eq!(
            percent_errors("kpi-repeats", extension),
            xlsx,
            "kpi-repeats.{extension}"
        );
    }
}

/// LibreOffice's kpi.ods with the KPI sheet's rows replaced by `rows`.
fn ods_with_rows(rows: &str) -> Vec<u8> {
    use std::io::{Read, Write};
    let original = saved_by_libreoffice("kpi.ods");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(original)).expect("an ods");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).expect("an entry");
        let name = entry.name().expect("a name").to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).expect("an entry's bytes");
        if name == "content.xml" {
            let text = String::from_utf8(bytes).expect("UTF-8");
            let start = text.find("<table:table-row").expect("rows");
            let end = text.rfind("</table:table-row>").expect("rows") + "</table:table-row>".len();
            bytes = format!("{}{rows}{}", &text[..start], &text[end..]).into_bytes();
        }
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        out.start_file(name, options).expect("an entry");
        out.write_all(&bytes).expect("an entry's bytes");
    }
    out.finish().expect("an ods").into_inner()
}

#[test]
fn a_percentage_in_a_repeated_ods_row_after_a_merged_cell_is_on_its_cells() {
    let text = |t: &str| {
        format!(
            "<table:table-cell office:value-type=\"string\"><text:p>{t}</text:p></table:table-cell>"
        )
    };
    let rows = format!(
        "<table:table-row>{}{}{}{}</table:table-row>\
         <table:table-row>{}{}<table:table-cell office:value-type=\"float\" office:value=\"90\"/>\
         <table:table-cell office:value-type=\"float\" office:value=\"100\"/></table:table-row>\
         <table:table-row table:number-rows-repeated=\"2\">\
         <table:table-cell table:number-columns-spanned=\"2\" office:value-type=\"string\"><text:p>M2</text:p></table:table-cell>\
         <table:covered-table-cell office:value-type=\"string\"><text:p>revenue</text:p></table:covered-table-cell>\
         <table:table-cell table:number-columns-repeated=\"2\" office:value-type=\"percentage\" office:value=\"0.5\"><text:p>50%</text:p></table:table-cell>\
         </table:table-row>",
        text("manager_id"),
        text("indicator"),
        text("actual"),
        text("target"),
        text("M1"),
        text("revenue"),
    );
    let dir = Workdir::new("boundary-percent-ods-repeats");
    quarter(&dir).write(
        "q/roster.csv",
        "manager_id,name,tenure_years\nM1,Ann,4\nM2,Bo,5\n",
    );
    std::fs::remove_file(dir.path("q/kpi.csv")).ok();
    dir.write("q/kpi.ods", ods_with_rows(&rows));
    let run = dir.grade_csv(&[]);
    run.expect_code(1)
        .expect_stderr("q/kpi.ods#KPI!C3: actual `50%` is not a number")
        .expect_stderr("q/kpi.ods#KPI!D3: target `50%` is not a number")
        .expect_stderr("q/kpi.ods#KPI!C4: actual `50%` is not a number")
        .expect_stderr("q/kpi.ods#KPI!D4: target `50%` is not a number");
    assert!(
        !run.stderr().contains("!C2") && !run.stderr().contains("!B3"),
        "{}",
        run.stderr()
    );
}

/// An .xlsb record: its type and size as 7-bit varints, then its data.
fn xlsb_record(kind: u16, data: &[u8]) -> Vec<u8> {
    let mut bytes = Vec::new();
    let varint = |bytes: &mut Vec<u8>, mut value: usize| loop {
        let low = (value & 0x7F) as u8;
        value >>= 7;
        if value == 0 {
            bytes.push(low);
            break;
        }
        bytes.push(low | 0x80);
    };
    varint(&mut bytes, usize::from(kind));
    varint(&mut bytes, data.len());
    bytes.extend(data);
    bytes
}

fn wide(text: &str) -> Vec<u8> {
    let units: Vec<u16> = text.encode_utf16().collect();
    let mut bytes = (units.len() as u32).to_le_bytes().to_vec();
    bytes.extend(units.iter().flat_map(|unit| unit.to_le_bytes()));
    bytes
}

/// kpi.xlsx's sheet as an Excel binary workbook: `actual` 0.921 in the
/// custom format `0.0%` and `target` 1 in Excel's built-in `0.00%` (id 10).
fn kpi_xlsb() -> Vec<u8> {
    use std::io::Write;
    let u32s =
        |values: &[u32]| -> Vec<u8> { values.iter().flat_map(|v| v.to_le_bytes()).collect() };
    let cell =
        |column: u32, style: u32, value: &[u8]| [u32s(&[column, style]), value.to_vec()].concat();
    let text = |column: u32, value: &str| xlsb_record(0x0006, &cell(column, 0, &wide(value)));
    let number = |column: u32, style: u32, value: f64| {
        xlsb_record(0x0005, &cell(column, style, &value.to_le_bytes()))
    };
    let row = |row: u32| xlsb_record(0x0000, &[u32s(&[row, 0]), vec![0; 9]].concat());
    let mut sheet = [
        xlsb_record(0x0081, &[]),
        xlsb_record(0x0094, &u32s(&[0, 2, 0, 3])),
        xlsb_record(0x0091, &[]),
        row(0),
        text(0, "manager_id"),
        text(1, "indicator"),
        text(2, "actual"),
        text(3, "target"),
        row(1),
        text(0, "M1"),
        text(1, "revenue"),
        number(2, 0, 90.0),
        number(3, 0, 100.0),
        row(2),
        text(0, "M2"),
        text(1, "revenue"),
        number(2, 2, 0.921),
        number(3, 1, 1.0),
        xlsb_record(0x0092, &[]),
    ]
    .concat();
    sheet.extend(xlsb_record(0x0082, &[]));
    let xf = |format: u16| {
        let mut data = vec![0u8; 16];
        data[2..4].copy_from_slice(&format.to_le_bytes());
        xlsb_record(0x002F, &data)
    };
    let styles = [
        xlsb_record(0x0267, &u32s(&[1])),
        xlsb_record(
            0x002C,
            &[164u16.to_le_bytes().to_vec(), wide("0.0%")].concat(),
        ),
        xlsb_record(0x0268, &[]),
        xlsb_record(0x0269, &u32s(&[3])),
        xf(0),
        xf(10),
        xf(164),
        xlsb_record(0x026A, &[]),
    ]
    .concat();
    let workbook = [
        xlsb_record(0x0083, &[]),
        xlsb_record(0x008F, &[]),
        xlsb_record(0x009C, &[u32s(&[0, 1]), wide("rId1"), wide("KPI")].concat()),
        xlsb_record(0x0090, &[]),
        xlsb_record(0x0084, &[]),
    ]
    .concat();
    let relations = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
        <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
        <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.bin\"/>\
        </Relationships>";
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in [
        ("xl/workbook.bin", workbook),
        ("xl/_rels/workbook.bin.rels", relations.as_bytes().to_vec()),
        ("xl/styles.bin", styles),
        ("xl/worksheets/sheet1.bin", sheet),
    ] {
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("an entry");
        out.write_all(&bytes).expect("an entry's bytes");
    }
    out.finish().expect("an xlsb").into_inner()
}

#[test]
fn a_percentage_in_an_xlsb_workbook_is_an_error_as_in_xlsx() {
    let xlsx = percent_errors("kpi", "xlsx");
    assert_eq!(percent_errors_of("kpi-xlsb", &kpi_xlsb(), "xlsb"), xlsx);
}

#[test]
fn a_duplicate_roster_row_set_aside_is_in_the_note() {
    let dir = Workdir::new("boundary-rejects-roster-duplicate");
    quarter(&dir).write(
        "q/roster.csv",
        "manager_id,name,tenure_years\nM1,Ann,4\nM2,Bo,0.5\nM2,Bo,6.4\n",
    );
    // The first row stands: M2 has 0.5 years, short of senior's 3.
    dir.grade_csv(&["--rejects", "rejects.csv"])
        .expect_code(0)
        .expect_stdout_contains(
            "1,M2,Bo,,85.00,none,70.00,100.00,70.00,100.00,graded,graded without 1 rejected roster row (q/roster.csv:4)\n",
        );
}

#[test]
fn a_tenure_no_one_has_is_warned_of() {
    let dir = Workdir::new("boundary-tenure-year");
    quarter(&dir).write(
        "q/roster.csv",
        "manager_id,name,tenure_years\nM1,Ann,4\nM2,Bo,2019.06\n",
    );
    dir.grade_csv(&[]).expect_code(0).expect_stderr(
        "q/roster.csv:3:3: warning: tenure_years 2019.06 is more than 60 years: is it a date? write the years of tenure",
    );
}

#[test]
fn an_export_written_with_semicolons_serves_as_previous() {
    let dir = Workdir::new("boundary-previous-semicolon");
    quarter(&dir).write(
        "q/roster.csv",
        "manager_id,name,tenure_years\nM1,Ann,4\nM2,Bo,5\n",
    );
    let with_commas = dir.grade_csv(&[]).expect_code(0).stdout();
    dir.write("last.csv", with_commas.clone());
    // As `--delimiter ';'` writes it (no cell here holds a comma).
    dir.write("last-semicolons.csv", with_commas.replace(',', ";"));
    let from_commas = dir
        .grade_csv(&["--previous", "last.csv"])
        .expect_code(0)
        .stdout();
    let from_semicolons = dir
        .grade_csv(&["--previous", "last-semicolons.csv"])
        .expect_code(0)
        .stdout();
    assert_eq!(from_semicolons, from_commas);
    assert!(
        from_commas.contains(",senior,1,same,0.00\n"),
        "{from_commas}"
    );
}

#[test]
fn a_tier_named_after_another_tiers_id_cannot_be_written_by_name() {
    let dir = Workdir::new("boundary-label-clash-id");
    let standard =
        format!("{STANDARD}\n[[tiers]]\nid = \"junior\"\nname = \"senior\"\nmin_composite = 10\n");
    quarter(&dir).write("standard.toml", standard).write(
        "q/roster.csv",
        "manager_id,name,tenure_years\nM1,Ann,4\nM2,Bo,5\n",
    );
    dir.grade_csv(&["--labels", "names"])
        .expect_code(2)
        .expect_stderr(
            "error: --labels names: tier `junior` is named `senior`, the id of tier `senior`",
        );
}

#[test]
fn a_damaged_workbook_is_an_error_of_the_file_not_a_panic() {
    let dir = Workdir::new("boundary-damaged-workbook");
    let path = format!(
        "{}/tests/fixtures/damaged/roster.xls",
        env!("CARGO_MANIFEST_DIR")
    );
    quarter(&dir).write("q/roster.xls", std::fs::read(path).expect("the fixture"));
    let run = dir.grade_csv(&[]);
    run.expect_code(1).expect_stderr(
        "q/roster.xls: cannot read the workbook: the file is damaged (open it in a spreadsheet program and save it again)",
    );
    assert!(!run.stderr().contains("panicked"), "{}", run.stderr());
}

#[test]
fn the_detected_delimiter_is_said_at_the_header_after_rows_of_delimiters() {
    let dir = Workdir::new("boundary-delimiter-after-empty-rows");
    quarter(&dir).write(
        "q/roster.csv",
        ";;;\nmanager_id;name;tenure_years\nM1;Ann;4\nM2;Bo;5\n",
    );
    dir.grade_csv(&[])
        .expect_code(0)
        .expect_stderr("q/roster.csv:2: warning: the fields are separated by `;`, not `,`");
}
