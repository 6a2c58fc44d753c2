//! Large files read in parts on several threads give exactly what one thread
//! gives: the same bytes out, the same lines in errors.

use std::fmt::Write as _;

use crate::workdir::{Workdir, csv_maps};

/// Ratings only, so the ratings file decides everything.
const STANDARD: &str = r#"[standard]
id = "scale"
precision = 2

[scale]
min = 1
max = 5

[methods]
ratings = 1

[ratings]
roles = { supervisor = 0.5, peer = 0.3, customer = 0.2 }
min_raters = { peer = 2 }
trim = 1

[[competencies]]
id = "selling"
weight = 0.6

  [[competencies.indicators]]
  id = "questioning"
  weight = 0.5
  ratings = true

  [[competencies.indicators]]
  id = "proposals"
  weight = 0.5
  ratings = true

[[competencies]]
id = "service"
weight = 0.4

  [[competencies.indicators]]
  id = "follow-up"
  weight = 1
  ratings = true

[[tiers]]
id = "superior"
min_composite = 80
max_share = 0.2

[[tiers]]
id = "primary"
min_composite = 50
"#;

const INDICATORS: [&str; 3] = ["questioning", "proposals", "follow-up"];
const ROLES: [&str; 3] = ["supervisor", "peer", "customer"];

/// A deterministic quarter of `managers` managers, each rated by six raters
/// on every indicator: big enough (over 8 MB of ratings) to be read in parts.
fn quarter(managers: usize, line_end: &str) -> (String, Vec<String>) {
    let mut roster = format!("manager_id,name,team{line_end}");
    for m in 0..managers {
        let _ = write!(roster, "M{m:05},经理{m},team{}{line_end}", m % 7);
    }
    let rows = rated_rows(managers, 12_345, |m, rater| format!("R{m:05}-{rater}"));
    (roster, rows)
}

/// Rating rows by manager, then rater, then indicator: six raters per
/// manager (`rater_id` of the manager and the rater's number among the
/// six), in the roles in turn, with scores from a fixed `seed`.
fn rated_rows(
    managers: usize,
    seed: u64,
    rater_id: impl Fn(usize, usize) -> String,
) -> Vec<String> {
    let mut rows = Vec::new();
    let mut state = seed;
    for m in 0..managers {
        for rater in 0..6 {
            let (rater_id, role) = (rater_id(m, rater), ROLES[rater % 3]);
            for indicator in INDICATORS {
                let score = 1 + next_random(&mut state) % 5;
                rows.push(format!(
                    "M{m:05},{rater_id},{role},{indicator},{score},padding-to-make-the-file-larger"
                ));
            }
        }
    }
    rows
}

/// The next of a fixed sequence of pseudo-random numbers (31 bits).
fn next_random(state: &mut u64) -> u64 {
    *state = state
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1_442_695_040_888_963_407);
    *state >> 33
}

fn ratings_file(rows: &[String], line_end: &str) -> String {
    let mut text = format!("manager_id,rater_id,role,indicator,score,comment{line_end}");
    for row in rows {
        text.push_str(row);
        text.push_str(line_end);
    }
    text
}

fn grade(dir: &Workdir, threads: &str) -> crate::workdir::Run {
    dir.grade_csv(&["--threads", threads])
}

#[test]
fn one_thread_and_two_give_the_same_bytes() {
    let (roster, rows) = quarter(12_000, "\n");
    let ratings = ratings_file(&rows, "\n");
    assert!(
        ratings.len() > 8 << 20,
        "the ratings file must be large enough to split"
    );
    let dir = Workdir::new("scale-threads");
    dir.write("standard.toml", STANDARD)
        .write("q/roster.csv", roster)
        .write("q/ratings.csv", ratings);
    let one = grade(&dir, "1");
    one.expect_code(0);
    let two = grade(&dir, "2");
    two.expect_code(0);
    let three = grade(&dir, "3");
    three.expect_code(0);
    assert_eq!(one.stdout().lines().count(), 12_001);
    assert_eq!(one.stdout(), two.stdout());
    assert_eq!(one.stdout(), three.stdout());
}

#[test]
fn errors_in_a_later_part_name_the_same_lines() {
    let (roster, mut rows) = quarter(12_000, "\r\n");
    // Near the end, in the last part: a score off the scale and a duplicate.
    let bad = rows.len() - 10;
    rows[bad] = "M11999,R11999-0,supervisor,questioning,9,x".to_string();
    rows[bad + 1] = rows[bad + 2].clone();
    // A blank line in the middle shifts every line after it by one.
    rows.insert(rows.len() / 2, String::new());
    let dir = Workdir::new("scale-lines");
    dir.write("standard.toml", STANDARD)
        .write("q/roster.csv", roster)
        .write("q/ratings.csv", ratings_file(&rows, "\r\n"));
    let out_of_scale_line = rows.len() - 10 + 1 + 1;
    let duplicate_line = out_of_scale_line + 2;
    for threads in ["1", "2"] {
        let run = grade(&dir, threads);
        run.expect_code(1)
            .expect_stderr(&format!(
                "q/ratings.csv:{out_of_scale_line}:5: score 9 is outside the scale"
            ))
            .expect_stderr(&format!("q/ratings.csv:{duplicate_line}: a second rating"));
    }
    assert_eq!(grade(&dir, "1").stderr(), grade(&dir, "2").stderr());
}

#[test]
fn a_quoted_line_break_across_the_split_is_read_whole() {
    let (roster, rows) = quarter(12_000, "\n");
    // A comment with line breaks, long enough to straddle the middle of the
    // file, where two threads would split it.
    let half = rows.len() / 2;
    let mut comment = String::new();
    for _ in 0..2_000 {
        comment.push_str("a remark that runs over\nseveral lines, ");
    }
    let mut text = "manager_id,rater_id,role,indicator,score,comment\n".to_string();
    for row in &rows[..half] {
        text.push_str(row);
        text.push('\n');
    }
    let before = text.len();
    let _ = writeln!(text, "M00000,X1,customer,questioning,4,\"{comment}\"");
    for row in &rows[half..] {
        text.push_str(row);
        text.push('\n');
    }
    let middle = text.len() / 2;
    assert!(
        before < middle && middle < before + comment.len(),
        "the comment must straddle the middle"
    );
    let dir = Workdir::new("scale-quoted");
    dir.write("standard.toml", STANDARD)
        .write("q/roster.csv", roster)
        .write("q/ratings.csv", text);
    let one = grade(&dir, "1");
    one.expect_code(0);
    let two = grade(&dir, "2");
    two.expect_code(0);
    assert_eq!(one.stdout(), two.stdout());
}

#[test]
fn a_quoted_last_record_across_the_splits_is_read_whole() {
    let (roster, rows) = quarter(10_000, "\n");
    // The last record carries a comment of lines that look like ratings,
    // longer than a quarter of the file: with four threads, splits fall
    // inside it and the parts after them must not read it as ratings.
    let mut comment = String::new();
    for _ in 0..150_000 {
        comment.push_str("M00001,X9,supervisor,questioning,5,\n");
    }
    let mut text = ratings_file(&rows, "\n");
    let before = text.len();
    let _ = writeln!(text, "M00002,Y1,customer,proposals,3,\"{comment}\"");
    assert!(
        comment.len() > (before + comment.len()) / 4,
        "the comment must span a split"
    );
    let dir = Workdir::new("scale-quoted-tail");
    dir.write("standard.toml", STANDARD)
        .write("q/roster.csv", roster)
        .write("q/ratings.csv", text);
    let one = grade(&dir, "1");
    one.expect_code(0);
    for threads in ["2", "4"] {
        let many = grade(&dir, threads);
        many.expect_code(0);
        assert_eq!(one.stdout(), many.stdout(), "--threads {threads}");
    }
}

/// Rows of one length, so that where two threads split the file can be
/// computed here: just after the line break at or past the middle of the data.
fn rows_of_one_length(rows: &[String]) -> Vec<String> {
    let width = rows.iter().map(String::len).max().unwrap_or(0);
    rows.iter().map(|row| format!("{row:<width$}")).collect()
}

/// The index of the first row of the second part when two threads read `text`.
fn first_row_after_the_split(text: &str) -> usize {
    let data_start = text.find('\n').expect("a header") + 1;
    let middle = data_start + (text.len() - data_start) / 2;
    let split = middle + text[middle..].find('\n').expect("a line break") + 1;
    text[data_start..split].matches('\n').count()
}

#[test]
fn a_duplicate_on_both_sides_of_the_split_is_found() {
    // An odd number of managers puts the middle row inside a manager's rows.
    let (roster, rows) = quarter(12_001, "\n");
    let mut rows = rows_of_one_length(&rows);
    let split_row = first_row_after_the_split(&ratings_file(&rows, "\n"));
    // The first row of the manager before the split, again just after it:
    // that manager's rows now run across the split, with the same rating on
    // both sides, and other ratings of the manager between the two copies.
    let block_start = (split_row - 1) / 18 * 18;
    assert!(
        split_row - block_start >= 2,
        "the copies must not be neighbours"
    );
    rows[split_row] = rows[block_start].clone();
    let text = ratings_file(&rows, "\n");
    assert_eq!(first_row_after_the_split(&text), split_row);
    let dir = Workdir::new("scale-split-duplicate");
    dir.write("standard.toml", STANDARD)
        .write("q/roster.csv", roster)
        .write("q/ratings.csv", text);
    // Row i is on line i + 2, after the header.
    let (first, second) = (block_start + 2, split_row + 2);
    for threads in ["1", "2"] {
        grade(&dir, threads)
            .expect_code(1)
            .expect_stderr(&format!("q/ratings.csv:{second}: a second rating by `R"));
    }
    assert!(
        grade(&dir, "2")
            .stderr()
            .contains(&format!("(first on line {first})"))
    );
    assert_eq!(grade(&dir, "1").stderr(), grade(&dir, "2").stderr());
}

#[test]
fn managers_out_of_roster_order_give_the_same_bytes() {
    let (roster, rows) = quarter(12_000, "\n");
    let in_order = Workdir::new("scale-in-order");
    in_order
        .write("standard.toml", STANDARD)
        .write("q/roster.csv", &roster)
        .write("q/ratings.csv", ratings_file(&rows, "\n"));
    // Each manager's 18 rows stay together; the managers come last first,
    // and one manager's rows are split between the start and the end.
    let mut shuffled: Vec<String> = rows.chunks(18).rev().flatten().cloned().collect();
    let moved: Vec<String> = shuffled.drain(..9).collect();
    shuffled.extend(moved);
    let out_of_order = Workdir::new("scale-out-of-order");
    out_of_order
        .write("standard.toml", STANDARD)
        .write("q/roster.csv", &roster)
        .write("q/ratings.csv", ratings_file(&shuffled, "\n"));
    let expected = grade(&in_order, "1");
    expected.expect_code(0);
    for threads in ["1", "2"] {
        let run = grade(&out_of_order, threads);
        run.expect_code(0);
        assert_eq!(run.stdout(), expected.stdout(), "--threads {threads}");
    }
}

#[test]
fn lines_are_counted_the_same_before_and_after_a_quoted_record() {
    // Plain lines are split without the csv crate, a block at a time; from
    // the first block with a quote on, the csv crate reads. Errors on both
    // sides of the switch, and CRLF lines with a blank one, must name the
    // lines a text editor shows.
    let (roster, mut rows) = quarter(3_000, "\r\n");
    let (early, quoted, late) = (100, rows.len() / 2, rows.len() - 5);
    rows[early] = "M00010,R00010-0,supervisor,questioning,9,x".to_string();
    rows[quoted] =
        rows[quoted].replace("padding-to-make-the-file-larger", "\"a, quoted\r\nremark\"");
    rows[late] = "M02999,R02999-0,supervisor,proposals,0,x".to_string();
    rows.insert(early + 1, String::new());
    let (early_line, late_line) = (early + 2, late + 1 + 2 + 1);
    let text = ratings_file(&rows, "\r\n");
    assert!(
        text.len() > 1 << 20,
        "the quote must come several blocks in"
    );
    let dir = Workdir::new("scale-plain-then-quoted");
    dir.write("standard.toml", STANDARD)
        .write("q/roster.csv", roster)
        .write("q/ratings.csv", text);
    for threads in ["1", "2"] {
        grade(&dir, threads)
            .expect_code(1)
            .expect_stderr(&format!(
                "q/ratings.csv:{early_line}:5: score 9 is outside the scale"
            ))
            .expect_stderr(&format!(
                "q/ratings.csv:{late_line}:5: score 0 is outside the scale"
            ));
    }
}

#[test]
fn a_later_rater_of_a_manager_split_in_two_is_told_apart_on_both_sides() {
    // A manager's rows on both sides of a split, read by two threads: a
    // rater's second rating after the split is found.
    let (roster, rows) = quarter(12_001, "\n");
    let mut rows = rows_of_one_length(&rows);
    let split_row = first_row_after_the_split(&ratings_file(&rows, "\n"));
    // Each manager has 18 rows: 6 raters × 3 indicators, a rater's together.
    let block_start = (split_row - 1) / 18 * 18;
    let rater_before = (split_row - 1 - block_start) / 3;
    assert!(
        rater_before >= 1 && split_row + 1 < block_start + 18,
        "the split must fall after the manager's first rater, inside the manager"
    );
    // A copy of the last row before the split, two rows after it.
    rows[split_row + 1] = rows[split_row - 1].clone();
    let text = ratings_file(&rows, "\n");
    assert_eq!(first_row_after_the_split(&text), split_row);
    let dir = Workdir::new("scale-split-later-rater");
    dir.write("standard.toml", STANDARD)
        .write("q/roster.csv", roster)
        .write("q/ratings.csv", text);
    let (first, second) = (split_row + 1, split_row + 3);
    for threads in ["1", "2"] {
        grade(&dir, threads).expect_code(1).expect_stderr(&format!(
            "q/ratings.csv:{second}: a second rating by `R{:05}-{rater_before}` \
             of manager `M{:05}` on `{}` (first on line {first})",
            block_start / 18,
            block_start / 18,
            INDICATORS[(split_row - 1 - block_start) % 3]
        ));
    }
}

#[test]
fn a_rater_of_two_managers_in_a_row_is_no_duplicate() {
    // X rates M00000 last and M00001 first; M00001 has two more raters on
    // the same indicator. None of them is a duplicate; X twice on M00001 is.
    let (roster, _) = quarter(2, "\n");
    let rows = [
        "M00000,A,peer,questioning,3,x",
        "M00000,X,peer,questioning,4,x",
        "M00001,X,peer,questioning,4,x",
        "M00001,Y,peer,questioning,2,x",
        "M00001,Z,peer,questioning,5,x",
    ]
    .map(String::from);
    let dir = Workdir::new("scale-rater-of-two");
    dir.write("standard.toml", STANDARD)
        .write("q/roster.csv", &roster)
        .write("q/ratings.csv", ratings_file(&rows, "\n"));
    grade(&dir, "1").expect_code(0);
    let mut again = rows.to_vec();
    again.push("M00001,X,peer,proposals,4,x".to_string());
    again.push("M00001,X,peer,questioning,1,x".to_string());
    dir.write("q/ratings.csv", ratings_file(&again, "\n"));
    grade(&dir, "1").expect_code(1).expect_stderr(
        "q/ratings.csv:8: a second rating by `X` of manager `M00001` on `questioning` (first on line 4)",
    );
}

/// A quarter as a 360 tool exports it: raters shared between managers
/// (each rates six), every manager rated by six raters on every indicator,
/// listed by manager. Over 8 MB, so read in parts.
fn shared_raters_quarter(managers: usize) -> (String, Vec<String>) {
    let (roster, _) = quarter(managers, "\n");
    // Six different raters per manager; each rater rates the six managers
    // of a group, in one role.
    let rows = rated_rows(managers, 2_026, |m, slot| {
        format!("R{:05}", (m / 6 * 7 + slot * 2_003) % 100_000)
    });
    (roster, rows)
}

/// A folder with the standard and the roster of a 12,000-manager
/// [`shared_raters_quarter`], and its rating rows, to be written in an order.
fn shared_raters_dir(name: &str) -> (Workdir, Vec<String>) {
    let (roster, rows) = shared_raters_quarter(12_000);
    let dir = Workdir::new(name);
    dir.write("standard.toml", STANDARD)
        .write("q/roster.csv", &roster);
    (dir, rows)
}

/// `rows` in the order a real export may list them: `manager` (as made),
/// `rater` (a 360 tool's submissions, rater by rater), `indicator`, or
/// `shuffled` (a fixed seed).
fn in_order(rows: &[String], order: &str) -> Vec<String> {
    let mut rows = rows.to_vec();
    let column = |row: &String, index: usize| row.split(',').nth(index).unwrap_or("").to_string();
    match order {
        "rater" => rows.sort_by_key(|row| column(row, 1)),
        "indicator" => rows.sort_by_key(|row| column(row, 3)),
        "shuffled" => {
            let mut state = 17u64;
            for index in (1..rows.len()).rev() {
                rows.swap(index, next_random(&mut state) as usize % (index + 1));
            }
        }
        _ => {}
    }
    rows
}

const ORDERS: [&str; 4] = ["manager", "rater", "indicator", "shuffled"];

#[test]
fn every_row_order_and_thread_count_gives_the_same_bytes() {
    let (dir, rows) = shared_raters_dir("scale-every-order");
    let mut expected: Option<(String, String)> = None;
    for order in ORDERS {
        let ratings = ratings_file(&in_order(&rows, order), "\n");
        assert!(ratings.len() > 8 << 20, "large enough to split");
        dir.write("q/ratings.csv", ratings);
        for threads in ["1", "2", "3"] {
            let csv = grade(&dir, threads);
            csv.expect_code(0);
            let json = dir.grade_json(&["--threads", threads]);
            json.expect_code(0);
            let outputs = (csv.stdout(), json.stdout());
            match &expected {
                None => {
                    // What a user checks first: every manager, ranked and tiered.
                    let lines: Vec<&str> = outputs.0.lines().collect();
                    assert_eq!(lines.len(), 12_001);
                    assert!(lines[1].starts_with("1,"), "{}", lines[1]);
                    assert!(outputs.0.contains(",superior,") && outputs.0.contains(",primary,"));
                    expected = Some(outputs);
                }
                Some(expected) => {
                    assert!(outputs == *expected, "{order} order, --threads {threads}");
                }
            }
        }
    }
}

/// A file of over four times the smallest part, read on two threads, is cut
/// into parts that shrink towards its end, taken by whichever thread is
/// free: shuffled, with an error near the end, it gives what one thread
/// gives, the error on the same line.
#[test]
fn a_file_in_many_parts_gives_what_one_thread_gives() {
    let (roster, rows) = quarter(36_000, "\n");
    let mut rows = in_order(&rows, "shuffled");
    let bad_at = rows.len() - 1_000;
    rows[bad_at] = "M00007,R00007-0,supervisor,questioning,6,out of the scale".to_string();
    let ratings = ratings_file(&rows, "\n");
    assert!(ratings.len() > 32 << 20, "four times the smallest part");
    let dir = Workdir::new("scale-many-parts");
    dir.write("standard.toml", STANDARD)
        .write("q/roster.csv", &roster)
        .write("q/ratings.csv", ratings);
    let bad_line = bad_at + 2;
    let one = grade(&dir, "1");
    one.expect_code(1).expect_stderr(&format!(
        "ratings.csv:{bad_line}:5: score 6 is outside the scale 1 to 5"
    ));
    let two = grade(&dir, "2");
    assert_eq!(two.stderr(), one.stderr());
    let rejects = dir.path("rejects.csv");
    let rejects = rejects.to_str().unwrap_or_default();
    let one = dir.grade_csv(&["--threads", "1", "--rejects", rejects]);
    one.expect_code(0);
    let set_aside = dir.read("rejects.csv");
    assert!(
        set_aside.contains("M00007,R00007-0,supervisor,questioning,6"),
        "{set_aside}"
    );
    let two = dir.grade_csv(&["--threads", "2", "--rejects", rejects]);
    two.expect_code(0);
    assert_eq!(two.stdout(), one.stdout());
    assert_eq!(dir.read("rejects.csv"), set_aside);
    assert_eq!(one.stdout().lines().count(), 36_001);
}

/// Ids longer than the 23 bytes a short key holds (a team's name written
/// into the id, in Chinese) are looked up by their text: the same bytes in
/// every row order, and an id not in the roster named in any order.
#[test]
fn ids_longer_than_a_short_key_grade_alike_in_every_order() {
    const PREFIX: &str = "福州政企一部客户经理-";
    let (roster, rows) = quarter(5_000, "\n");
    let roster = roster.replace('M', &format!("{PREFIX}M"));
    let rows: Vec<String> = rows
        .iter()
        .map(|row| {
            row.replacen('M', &format!("{PREFIX}M"), 1)
                .replacen(",R", &format!(",{PREFIX}R"), 1)
        })
        .collect();
    assert!(rows[0].starts_with("福州政企一部客户经理-M00000,福州政企一部客户经理-R00000-0,"));
    let dir = Workdir::new("scale-long-ids");
    dir.write("standard.toml", STANDARD)
        .write("q/roster.csv", &roster);
    let mut expected: Option<String> = None;
    for order in ORDERS {
        let mut rows = in_order(&rows, order);
        let ratings = ratings_file(&rows, "\n");
        assert!(ratings.len() > 8 << 20, "large enough to split");
        dir.write("q/ratings.csv", ratings);
        for threads in ["1", "2"] {
            let run = grade(&dir, threads);
            run.expect_code(0);
            let csv = run.stdout();
            match &expected {
                None => {
                    assert_eq!(csv.lines().count(), 5_001);
                    assert!(
                        csv.contains(",福州政企一部客户经理-M04999,"),
                        "{}",
                        &csv[..300]
                    );
                    expected = Some(csv.to_string());
                }
                Some(expected) => assert!(csv == *expected, "{order} order, --threads {threads}"),
            }
        }
        // A manager not in the roster, two thirds into the file.
        let at = rows.len() * 2 / 3;
        rows[at] = rows[at].replacen("-M", "-X", 1);
        let manager = rows[at].split(',').next().unwrap_or_default().to_string();
        dir.write("q/ratings.csv", ratings_file(&rows, "\n"));
        grade(&dir, "2").expect_code(1).expect_stderr(&format!(
            "q/ratings.csv:{}:1: manager `{manager}` is not in the roster",
            at + 2
        ));
    }
}

/// Scores between the scale's whole numbers are numbered by each part in
/// the order it meets them, then renumbered as the parts are joined: in
/// any row order, two and three threads give what one thread gives.
#[test]
fn scores_between_whole_numbers_grade_alike_on_every_thread_count() {
    let (dir, rows) = shared_raters_dir("scale-half-scores");
    let mut state = 99u64;
    let rows: Vec<String> = rows
        .iter()
        .map(|row| {
            let mut fields: Vec<String> = row.split(',').map(str::to_string).collect();
            if next_random(&mut state).is_multiple_of(8) {
                fields[4] = format!("{}.5", 1 + next_random(&mut state) % 4);
            }
            fields.join(",")
        })
        .collect();
    let mut expected: Option<String> = None;
    for order in ["manager", "shuffled"] {
        let ratings = ratings_file(&in_order(&rows, order), "\n");
        assert!(ratings.len() > 8 << 20, "large enough to split");
        dir.write("q/ratings.csv", ratings);
        for threads in ["1", "2", "3"] {
            let run = grade(&dir, threads);
            run.expect_code(0);
            let csv = run.stdout();
            match &expected {
                None => {
                    assert_eq!(csv.lines().count(), 12_001);
                    expected = Some(csv);
                }
                Some(expected) => assert!(csv == *expected, "{order} order, --threads {threads}"),
            }
        }
    }
    // The halves count: the same rows in whole numbers rank otherwise.
    let whole = rows.iter().map(|row| row.replace(".5,", ","));
    dir.write(
        "q/ratings.csv",
        ratings_file(&whole.collect::<Vec<_>>(), "\n"),
    );
    let run = grade(&dir, "2");
    run.expect_code(0);
    assert_ne!(Some(run.stdout()), expected);
}

#[test]
fn a_duplicate_in_any_order_names_the_first_copy_in_the_file() {
    let (dir, rows) = shared_raters_dir("scale-duplicate-any-order");
    for order in ["rater", "shuffled"] {
        let mut rows = in_order(&rows, order);
        // The row at a quarter of the file, again at three quarters: two
        // parts hold one copy each when two threads read.
        let (first, second) = (rows.len() / 4, rows.len() * 3 / 4);
        rows[second] = rows[first].clone();
        let fields: Vec<&str> = rows[first].split(',').collect();
        dir.write("q/ratings.csv", ratings_file(&rows, "\n"));
        for threads in ["1", "2"] {
            grade(&dir, threads).expect_code(1).expect_stderr(&format!(
                "q/ratings.csv:{}: a second rating by `{}` of manager `{}` on `{}` (first on line {})",
                second + 2,
                fields[1],
                fields[0],
                fields[3],
                first + 2
            ));
        }
    }
}

#[test]
fn under_rejects_a_second_copy_in_any_order_is_dropped_and_the_first_kept() {
    let (dir, rows) = shared_raters_dir("scale-rejects-any-order");
    for order in ["rater", "shuffled"] {
        let rows = in_order(&rows, order);
        dir.write("q/ratings.csv", ratings_file(&rows, "\n"));
        let reference = grade(&dir, "1");
        reference.expect_code(0);
        // A second copy of the row at a quarter of the file, at three
        // quarters, with another score: the first copy's score stands.
        let first = rows.len() / 4;
        let mut fields: Vec<String> = rows[first].split(',').map(str::to_string).collect();
        fields[4] = if fields[4] == "1" { "5" } else { "1" }.to_string();
        let mut again = rows.clone();
        again.insert(rows.len() * 3 / 4, fields.join(","));
        dir.write("q/ratings.csv", ratings_file(&again, "\n"));
        for threads in ["1", "2"] {
            let kept = dir.grade_csv(&["--threads", threads, "--rejects", "rejects.csv"]);
            kept.expect_code(0);
            let without_notes = |csv: &str| -> Vec<String> {
                csv_maps(csv)
                    .into_iter()
                    .map(|row| {
                        format!("{} {} {}", row["manager_id"], row["composite"], row["tier"])
                    })
                    .collect()
            };
            assert_eq!(
                without_notes(&kept.stdout()),
                without_notes(&reference.stdout()),
                "{order} order, --threads {threads}"
            );
            assert!(dir.read("rejects.csv").contains(&fields.join(",")));
        }
    }
}

/// Two rater ids whose keys for the duplicate check are the same (checked
/// in the unit tests of `texts.rs`): a rater's key is a hash of the id.
const ALIKE: [&str; 2] = ["R132928", "R197492"];

#[test]
fn raters_whose_ids_hash_alike_are_two_raters() {
    let (roster, _) = quarter(2, "\n");
    // M00000 is rated by a supervisor, a customer and two peers, the second
    // named `second_peer`, who gives the last score of each indicator.
    let rows = |second_peer: &str| {
        [
            ("questioning", [4, 3, 2, 5]),
            ("proposals", [4, 4, 4, 4]),
            ("follow-up", [5, 5, 5, 5]),
        ]
        .iter()
        .flat_map(|(indicator, [supervisor, customer, peer, second])| {
            [
                format!("M00000,{},peer,{indicator},{peer},x", ALIKE[0]),
                format!("M00000,S,supervisor,{indicator},{supervisor},x"),
                format!("M00000,{second_peer},peer,{indicator},{second},x"),
                format!("M00000,C,customer,{indicator},{customer},x"),
            ]
        })
        .collect::<Vec<String>>()
    };
    let dir = Workdir::new("scale-hash-alike");
    dir.write("standard.toml", STANDARD)
        .write("q/roster.csv", &roster);
    // The same quarter with an id no other hashes alike is the reference.
    dir.write("q/ratings.csv", ratings_file(&rows("P"), "\n"));
    let reference = grade(&dir, "1");
    reference.expect_code(0);
    dir.write("q/ratings.csv", ratings_file(&rows(ALIKE[1]), "\n"));
    let alike = grade(&dir, "1");
    alike.expect_code(0);
    assert_eq!(alike.stdout(), reference.stdout());
    // Both peers count. Questioning: 0.5 × 4 + 0.3 × (2 + 5) / 2 + 0.2 × 3
    // = 3.65, / 5 × 100 = 73; proposals 80, follow-up 100. Selling
    // 0.5 × 73 + 0.5 × 80 = 76.50; composite 0.3 × 73 + 0.3 × 80 + 0.4 × 100
    // = 85.90. With one peer, questioning's peers (min_raters 2) would drop.
    let m00000 = |run: &crate::workdir::Run, columns: [&str; 3]| {
        let row = csv_maps(&run.stdout())
            .into_iter()
            .find(|row| row["manager_id"] == "M00000")
            .expect("M00000");
        columns.map(|column| row[column].clone())
    };
    assert_eq!(
        m00000(&alike, ["composite", "selling", "service"]),
        ["85.90", "76.50", "100.00"]
    );
    // A true second rating by one of them is still found, and under
    // --rejects the first copies of both stand.
    let mut again = rows(ALIKE[1]);
    again.push(format!("M00000,{},peer,questioning,1,x", ALIKE[1]));
    dir.write("q/ratings.csv", ratings_file(&again, "\n"));
    grade(&dir, "1").expect_code(1).expect_stderr(&format!(
        "q/ratings.csv:14: a second rating by `{}` of manager `M00000` on `questioning` (first on line 4)",
        ALIKE[1]
    ));
    let kept = dir.grade_csv(&["--threads", "1", "--rejects", "rejects.csv"]);
    kept.expect_code(0);
    assert_eq!(
        m00000(&kept, ["composite", "selling", "note"]),
        [
            "85.90",
            "76.50",
            "graded without 1 rejected rating (q/ratings.csv:14); \
             meets `superior` but its quota of 0 is full"
        ]
    );
    assert!(
        dir.read("rejects.csv")
            .contains(&format!("M00000,{},peer,questioning,1,x", ALIKE[1]))
    );
}
