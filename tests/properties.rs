//! Properties that must hold for every standard and quarter (issue 4): the
//! output does not depend on row order, file form or weight notation; better
//! evidence never lowers a grade; every manager is in every output once; the
//! CSV and JSON agree; and a tier can be re-derived from the CSV alone.
//!
//! Graded in process through the library, so each case costs about a
//! millisecond; the standards and quarters come from `quarters.rs`.

use std::path::Path;

use ladder::command::{GradeOptions, Inputs, grade_quarter};
use ladder::output::render::Format;
use proptest::prelude::*;

use crate::quarters::{Dice, METHODS, Quarter, Scratch, Standard, write};
use crate::workdir::csv_rows;

/// Grades `dir/q` against `dir/standard.toml`; the generator makes only
/// valid quarters, so an error is a failure.
fn grade(dir: &Path, format: Format) -> String {
    let options = GradeOptions {
        inputs: Inputs {
            standard: dir.join("standard.toml"),
            folder: Some(dir.join("q")),
            files: Default::default(),
            delimiter: None,
            encoding: None,
        },
        format: Some(format),
        threads: Some(2),
        ..GradeOptions::default()
    };
    match grade_quarter(&options) {
        Ok(report) => report.stdout,
        Err(error) => panic!("{} did not grade: {error}", dir.display()),
    }
}

/// The CSV and JSON outputs of one folder.
fn outputs(dir: &Path) -> (String, String) {
    (grade(dir, Format::Csv), grade(dir, Format::Json))
}

/// A standard (with quotas or not) and a quarter of `managers`, from `seed`.
fn generate(seed: u64, managers: usize, quotas: bool) -> (Standard, Quarter) {
    let mut dice = Dice::new(seed);
    let standard = Standard::random(&mut dice, quotas);
    let quarter = Quarter::random(&mut dice, &standard, managers);
    (standard, quarter)
}

/// The CSV output as rows of named cells.
fn csv_records(text: &str) -> Vec<Vec<(String, String)>> {
    let rows = csv_rows(text);
    let Some((header, rows)) = rows.split_first() else {
        return Vec::new();
    };
    rows.iter()
        .map(|row| header.iter().cloned().zip(row.iter().cloned()).collect())
        .collect()
}

fn cell<'a>(row: &'a [(String, String)], column: &str) -> &'a str {
    row.iter().find(|(name, _)| name == column).map_or_else(
        || panic!("no column `{column}`"),
        |(_, value)| value.as_str(),
    )
}

/// A decimal shown with `precision` decimals, in units of its last decimal.
fn units(text: &str) -> Option<i64> {
    if text.is_empty() {
        return None;
    }
    Some(text.replace('.', "").parse().expect("a number"))
}

/// `cases` per property, or `PROPTEST_CASES` of them for a longer search.
pub fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|count| count.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(96))]

    #[test]
    fn shuffling_the_rows_of_any_file_changes_no_output_byte(
        seed in any::<u64>(),
        managers in 1usize..12,
        wide in any::<bool>(),
        order in any::<u64>(),
    ) {
        let (standard, quarter) = generate(seed, managers, true);
        let files = quarter.files(&standard, wide);
        let toml = standard.toml(false);
        let (first, shuffled) = (Scratch::new("shuffle"), Scratch::new("shuffle"));
        write(&first, &toml, &files);
        let mut dice = Dice::new(order);
        let mut reordered = files.clone();
        for (_, _, rows) in &mut reordered {
            dice.shuffle(rows);
        }
        write(&shuffled, &toml, &reordered);
        prop_assert_eq!(outputs(&first), outputs(&shuffled));
    }

    #[test]
    fn long_and_wide_scores_give_the_same_output(
        seed in any::<u64>(),
        managers in 1usize..12,
    ) {
        let (standard, quarter) = generate(seed, managers, true);
        let toml = standard.toml(false);
        let (long, wide) = (Scratch::new("long"), Scratch::new("wide"));
        write(&long, &toml, &quarter.files(&standard, false));
        write(&wide, &toml, &quarter.files(&standard, true));
        prop_assert_eq!(outputs(&long), outputs(&wide));
    }

    #[test]
    fn weights_as_fractions_or_percents_give_the_same_output(
        seed in any::<u64>(),
        managers in 1usize..12,
    ) {
        let (standard, quarter) = generate(seed, managers, true);
        let files = quarter.files(&standard, false);
        let (fractions, percents) = (Scratch::new("fractions"), Scratch::new("percents"));
        write(&fractions, &standard.toml(false), &files);
        write(&percents, &standard.toml(true), &files);
        prop_assert_eq!(outputs(&fractions), outputs(&percents));
    }

    #[test]
    fn better_evidence_never_lowers_a_composite_or_a_tier(
        seed in any::<u64>(),
        managers in 1usize..12,
        quotas in any::<bool>(),
        choice in any::<u64>(),
    ) {
        let (standard, quarter) = generate(seed, managers, quotas);
        let mut dice = Dice::new(choice);
        let Some((improved, manager)) = improve(&standard, &quarter, &mut dice) else {
            return Ok(());
        };
        let toml = standard.toml(false);
        let (before, after) = (Scratch::new("before"), Scratch::new("after"));
        write(&before, &toml, &quarter.files(&standard, false));
        write(&after, &toml, &improved.files(&standard, false));
        let row_of = |dir: &Path| {
            csv_records(&grade(dir, Format::Csv))
                .into_iter()
                .find(|row| cell(row, "manager_id") == manager)
                .expect("every manager has a row")
        };
        let (old, new) = (row_of(&before), row_of(&after));
        prop_assert_eq!(cell(&old, "status"), cell(&new, "status"));
        if let (Some(old_composite), Some(new_composite)) =
            (units(cell(&old, "composite")), units(cell(&new, "composite")))
        {
            prop_assert!(new_composite >= old_composite, "{:?} became {:?}", old, new);
        }
        if !standard.has_quotas() && cell(&old, "status") == "graded" {
            let standing = |row: &[(String, String)]| {
                standard.tiers.iter().position(|t| t.id == cell(row, "tier")).unwrap_or(standard.tiers.len())
            };
            prop_assert!(standing(&new) <= standing(&old), "{:?} became {:?}", old, new);
        }
    }

    #[test]
    fn every_roster_manager_appears_once_in_every_output(
        seed in any::<u64>(),
        managers in 1usize..20,
    ) {
        let (standard, quarter) = generate(seed, managers, true);
        let dir = Scratch::new("once");
        write(&dir, &standard.toml(false), &quarter.files(&standard, false));
        let csv_ids: Vec<String> = csv_records(&grade(&dir, Format::Csv))
            .iter()
            .map(|row| cell(row, "manager_id").to_string())
            .collect();
        let json: serde_json::Value = serde_json::from_str(&grade(&dir, Format::Json)).expect("JSON");
        let json_ids: Vec<String> = json["managers"]
            .as_array()
            .expect("a managers array")
            .iter()
            .map(|m| m["manager_id"].as_str().expect("an id").to_string())
            .collect();
        let markdown = grade(&dir, Format::Markdown);
        let table = grade(&dir, Format::Table);
        for manager in &quarter.managers {
            let id = manager.id.as_str();
            prop_assert_eq!(csv_ids.iter().filter(|m| *m == id).count(), 1);
            prop_assert_eq!(json_ids.iter().filter(|m| *m == id).count(), 1);
            let in_lines = |text: &str| text.lines().filter(|line| line.contains(id)).count();
            prop_assert_eq!(in_lines(&markdown), 1);
            prop_assert_eq!(in_lines(&table), 1);
        }
        prop_assert_eq!(csv_ids.len(), quarter.managers.len());
        prop_assert_eq!(json_ids.len(), quarter.managers.len());
    }

    #[test]
    fn the_csv_read_back_agrees_with_the_json_on_every_value(
        seed in any::<u64>(),
        managers in 1usize..12,
    ) {
        let (standard, quarter) = generate(seed, managers, true);
        let dir = Scratch::new("agree");
        write(&dir, &standard.toml(false), &quarter.files(&standard, false));
        let (csv, json) = outputs(&dir);
        let json: serde_json::Value = serde_json::from_str(&json).expect("JSON");
        let objects = json["managers"].as_array().expect("a managers array");
        let rows = csv_records(&csv);
        prop_assert_eq!(rows.len(), objects.len());
        for (row, object) in rows.iter().zip(objects) {
            let object = object.as_object().expect("a manager object");
            prop_assert_eq!(row.len(), object.len());
            for ((column, text), (key, value)) in row.iter().zip(object) {
                prop_assert_eq!(column, key);
                let shown = match value {
                    serde_json::Value::Null => String::new(),
                    serde_json::Value::String(text) => text.clone(),
                    serde_json::Value::Number(number) => number.to_string(),
                    other => panic!("unexpected JSON value {other}"),
                };
                prop_assert_eq!(text, &shown, "column {}", column);
            }
        }
    }

    #[test]
    fn a_tier_can_be_re_derived_from_the_rounded_numbers_in_the_csv(
        seed in any::<u64>(),
        managers in 1usize..30,
    ) {
        let (standard, quarter) = generate(seed, managers, true);
        let dir = Scratch::new("rederive");
        write(&dir, &standard.toml(false), &quarter.files(&standard, false));
        let rows = csv_records(&grade(&dir, Format::Csv));
        let graded = rows.iter().filter(|row| cell(row, "status") == "graded").count() as u64;
        let mut admitted = vec![0u64; standard.tiers.len()];
        let scale = 10i64.pow(standard.precision);
        for row in &rows {
            if cell(row, "status") != "graded" {
                prop_assert_eq!(cell(row, "tier"), "");
                continue;
            }
            let manager = quarter.managers.iter().find(|m| m.id == cell(row, "manager_id")).expect("a roster manager");
            let at_least = |column: &str, floor: u32| {
                units(cell(row, column)).is_some_and(|value| value >= i64::from(floor) * scale)
            };
            let mut derived = "none";
            for (t, tier) in standard.tiers.iter().enumerate() {
                let qualifies = at_least("composite", tier.min_composite)
                    && tier.min_competency.is_none_or(|(c, floor)| at_least(&standard.competencies[c].id, floor))
                    && tier.min_method.is_none_or(|(m, floor)| at_least(METHODS[m], floor))
                    && tier.min_tenure_years.is_none_or(|years| {
                        manager.tenure_tenths.is_some_and(|tenths| tenths >= years * 10)
                    });
                // floor(share × graded), the share in whole percents.
                let room = tier.max_share.is_none_or(|share| admitted[t] < u64::from(share) * graded / 100);
                if qualifies && room {
                    admitted[t] += 1;
                    derived = &tier.id;
                    break;
                }
            }
            prop_assert_eq!(cell(row, "tier"), derived, "{:?}", row);
        }
    }
}

/// One piece of evidence made better: a higher rating, interview score or
/// exam mark, or a KPI actual moved in its better direction. Returns the new
/// quarter and whose evidence it was, or `None` when nothing can improve.
fn improve(standard: &Standard, quarter: &Quarter, dice: &mut Dice) -> Option<(Quarter, String)> {
    let mut better = quarter.clone();
    let high = standard.scale.1 * 2;
    for _ in 0..20 {
        let manager = match dice.between(0, 3) {
            0 if !better.ratings.is_empty() && standard.methods[1] > 0 => {
                let at = dice.next() as usize % better.ratings.len();
                let given = &mut better.ratings[at];
                if given.halves >= high {
                    continue;
                }
                given.halves = dice.between(given.halves + 1, high);
                given.manager
            }
            1 if !better.interview.is_empty() && standard.methods[2] > 0 => {
                let at = dice.next() as usize % better.interview.len();
                let given = &mut better.interview[at];
                if given.halves >= high {
                    continue;
                }
                given.halves = dice.between(given.halves + 1, high);
                given.manager
            }
            2 if !better.exam.is_empty() => {
                let sheet = dice.next() as usize % better.exam.len();
                let indicators = standard.measured_by(0);
                let column = dice.next() as usize % indicators.len();
                let max = indicators[column].exam.unwrap_or(0) * 2;
                let (manager, points) = &mut better.exam[sheet];
                match &mut points[column] {
                    Some(points) if *points < max => *points = dice.between(*points + 1, max),
                    _ => continue,
                }
                *manager
            }
            3 if !better.kpi.is_empty() => {
                let at = dice.next() as usize % better.kpi.len();
                let kpi = &mut better.kpi[at];
                let lower = standard
                    .indicators()
                    .find(|i| i.id == kpi.indicator)
                    .and_then(|i| i.kpi)
                    .is_some_and(|(lower, _)| lower);
                if lower {
                    if kpi.actual == 0 {
                        continue;
                    }
                    kpi.actual = dice.between(0, kpi.actual - 1);
                } else {
                    kpi.actual += dice.between(1, 500);
                }
                kpi.manager
            }
            _ => continue,
        };
        return Some((better, quarter.managers[manager].id.clone()));
    }
    None
}

// ---------------------------------------------------------------------------
// Plain lines and quoted ones: the same records, lines and rejects.
// ---------------------------------------------------------------------------

/// What the reader takes from a file at a time (`src/evidence/plain.rs`):
/// a block without quotes is split without the csv crate. Padding lines put
/// line ends, `\r\n` pairs and characters across its reads.
const BLOCK: usize = 256 << 10;

/// A line of a damaged file: a record's fields, quoted in the quoted form,
/// or a line written as it is in both forms (a blank line, a padding line).
#[derive(Clone)]
enum Line {
    Record(Vec<Vec<u8>>),
    AsIs(Vec<u8>),
}

/// A quarter file as lines, each with its ending (`""` for a last line
/// without one), after an optional byte-order mark.
struct Damaged {
    name: &'static str,
    bom: bool,
    lines: Vec<(Line, &'static str)>,
    /// The first line quoted in the quoted form: past a padding line, so
    /// that the reader switches to the csv crate in the middle of the file.
    quote_from: usize,
}

impl Damaged {
    /// The file's bytes, every field quoted or none.
    fn bytes(&self, delimiter: u8, quoted: bool) -> Vec<u8> {
        let mut text = Vec::new();
        if self.bom {
            text.extend_from_slice("\u{feff}".as_bytes());
        }
        for (index, (line, ending)) in self.lines.iter().enumerate() {
            text.extend(line_bytes(
                line,
                delimiter,
                quoted && index >= self.quote_from,
            ));
            text.extend_from_slice(ending.as_bytes());
        }
        text
    }
}

fn line_bytes(line: &Line, delimiter: u8, quoted: bool) -> Vec<u8> {
    match line {
        Line::AsIs(text) => text.clone(),
        Line::Record(fields) => {
            let mut text = Vec::new();
            for (index, field) in fields.iter().enumerate() {
                if index > 0 {
                    text.push(delimiter);
                }
                if quoted {
                    text.push(b'"');
                }
                text.extend_from_slice(field);
                if quoted {
                    text.push(b'"');
                }
            }
            text
        }
    }
}

/// A generated file (`header`, `rows`: fields joined by commas) with bad
/// rows, blank lines, LF, CRLF or a mix (with a lone CR now and then),
/// maybe no final newline, maybe a byte-order mark, now and then no rows or
/// no bytes at all; `pad` puts a long line across a read of the reader.
fn damage(
    dice: &mut Dice,
    name: &'static str,
    header: &str,
    rows: &[String],
    pad: bool,
) -> Damaged {
    let fields = |text: &str| -> Vec<Vec<u8>> {
        text.split(',')
            .map(|field| field.as_bytes().to_vec())
            .collect()
    };
    let columns = header.split(',').count();
    let rows = match dice.between(0, 49) {
        0 => {
            return Damaged {
                name,
                bom: false,
                lines: Vec::new(),
                quote_from: 0,
            };
        }
        1 => &[],
        _ => rows,
    };
    let rate = *dice.pick(&[0, 3, 10, 25]);
    let mut lines = vec![Line::Record(fields(header))];
    for row in rows {
        if dice.chance(rate) {
            let blank = *dice.pick(&["", "   ", "\t", "\u{3000}"]);
            lines.push(Line::AsIs(blank.as_bytes().to_vec()));
        }
        let mut record = fields(row);
        if dice.chance(rate) {
            match dice.between(0, 5) {
                0 => {
                    record.pop();
                }
                1 => record.push(b"x".to_vec()),
                2 => record[0] = dice.pick(&["M999", "经理9"]).as_bytes().to_vec(),
                3 => lines.push(Line::Record(record.clone())),
                _ if record.len() > 1 => {
                    let at = dice.between(1, record.len() as u32 - 1) as usize;
                    let cells: [&[u8]; 8] = [
                        b"99",
                        b"-1",
                        b"x",
                        b"",
                        b" 2 ",
                        "\u{3000}3".as_bytes(),
                        "经理".as_bytes(),
                        b"\xff",
                    ];
                    record[at] = dice.pick(&cells).to_vec();
                }
                _ => {}
            }
        }
        lines.push(Line::Record(record));
    }
    let bom = dice.chance(15);
    let line_ends = dice.between(0, 2);
    let mut lines: Vec<(Line, &'static str)> = lines
        .into_iter()
        .map(|line| {
            let ending = match line_ends {
                0 => "\n",
                1 => "\r\n",
                // A lone CR ends a record for the csv crate: a block
                // holding one is not plain.
                _ => *dice.pick(&["\n", "\r\n", "\n", "\r\n", "\r"]),
            };
            (line, ending)
        })
        .collect();
    let mut quote_from = 0;
    if pad {
        // The line at `at` ends at `target` (where its `\r` or `\n` is):
        // just before, at or after where a read of the data (which starts
        // after the header's line break, or at it for CRLF) ends, or where
        // the buffer grown for a line longer than a block ends.
        let at = 1 + rows.len().min(dice.between(0, 2) as usize);
        let plain_length = |lines: &[(Line, &str)]| -> usize {
            let bom = if bom { 3 } else { 0 };
            bom + lines
                .iter()
                .map(|(line, ending)| line_bytes(line, b',', false).len() + ending.len())
                .sum::<usize>()
        };
        let start = plain_length(&lines[..at]);
        let jitter = dice.between(0, 9) as usize;
        let target = if dice.chance(50) {
            plain_length(&lines[..1]) + BLOCK - 6 + jitter
        } else {
            start + 2 * BLOCK - 6 + jitter
        };
        let length = target - start;
        let line = match dice.between(0, 3) {
            0 => Line::AsIs(" ".repeat(length).into_bytes()),
            // A three-byte character across the read.
            1 => Line::AsIs(format!("{}\u{3000}\u{3000}", " ".repeat(length - 6)).into_bytes()),
            // A record too long by one field, set aside under --rejects.
            _ => {
                let mut record = vec![b"M999".to_vec(), vec![b'y'; length - 4 - columns]];
                record.resize(columns + 1, Vec::new());
                Line::Record(record)
            }
        };
        let ending = lines[at - 1].1;
        lines.insert(at, (line, ending));
        debug_assert_eq!(plain_length(&lines[..=at]) - ending.len(), target);
        if dice.chance(50) {
            quote_from = at + 1;
        }
    }
    if dice.chance(25)
        && let Some(last) = lines.last_mut()
    {
        last.1 = "";
    }
    Damaged {
        name,
        bom,
        lines,
        quote_from,
    }
}

/// What one run shows: exit code, standard output and error, and the
/// rejects file as rows of cells, the row's original text without quotes.
type Shown = (i32, String, String, Option<Vec<Vec<String>>>);

/// Grades `dir/q` through the binary, with `--delimiter` and `extra`.
fn run_grade(dir: &Path, delimiter: &str, extra: &[&str]) -> Shown {
    let workdir = crate::workdir::Workdir {
        root: dir.to_path_buf(),
    };
    let run = workdir.grade_csv(&[&["--delimiter", delimiter], extra].concat());
    let rejects = std::fs::read(dir.join("rejects.csv")).ok().map(|text| {
        let separator = if delimiter == "tab" {
            b'\t'
        } else {
            delimiter.as_bytes()[0]
        };
        csv::ReaderBuilder::new()
            .has_headers(false)
            .delimiter(separator)
            .from_reader(text.as_slice())
            .records()
            .map(|record| {
                let mut cells: Vec<String> = record
                    .expect("ladder writes valid CSV")
                    .iter()
                    .map(str::to_string)
                    .collect();
                if let Some(row) = cells.last_mut() {
                    *row = row.replace('"', "");
                }
                cells
            })
            .collect()
    });
    (run.code(), run.stdout(), run.stderr(), rejects)
}

proptest! {
    #![proptest_config(config(96))]

    /// The reader splits blocks without quotes itself and leaves the rest
    /// to the csv crate: quoting every field, which sends each block to the
    /// csv crate, must change no output byte, no error's line or column and
    /// no rejected row, whatever is wrong with the rows.
    #[test]
    fn quoting_every_field_changes_no_output_byte_error_line_or_reject(
        seed in any::<u64>(),
        managers in 1usize..8,
        wide in any::<bool>(),
        harm in any::<u64>(),
    ) {
        let (standard, quarter) = generate(seed, managers, true);
        let files = quarter.files(&standard, wide);
        let mut dice = Dice::new(harm);
        let padded = dice.chance(25).then(|| dice.next() as usize % files.len());
        let damaged: Vec<Damaged> = files
            .iter()
            .enumerate()
            .map(|(index, (name, header, rows))| {
                damage(&mut dice, name, header, rows, padded == Some(index))
            })
            .collect();
        let (name, delimiter) = *dice.pick(&[(",", b','), (";", b';'), ("tab", b'\t'), ("|", b'|')]);
        let toml = standard.toml(false);
        let (plain, quoted) = (Scratch::new("plain"), Scratch::new("quoted"));
        for (dir, quote) in [(&plain, false), (&quoted, true)] {
            write(dir, &toml, &[]);
            for file in &damaged {
                std::fs::write(dir.join("q").join(file.name), file.bytes(delimiter, quote))
                    .expect("write a quarter file");
            }
        }
        prop_assert_eq!(run_grade(&plain, name, &[]), run_grade(&quoted, name, &[]));
        let rejects = ["--rejects", "rejects.csv"];
        prop_assert_eq!(run_grade(&plain, name, &rejects), run_grade(&quoted, name, &rejects));
    }
}
