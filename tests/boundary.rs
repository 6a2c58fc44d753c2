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
