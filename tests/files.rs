//! What `ladder` does to files (issue 4): an output is the old file or the
//! whole new one even when the run is killed while writing it, and no input
//! is ever written to.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use crate::workdir::Workdir;

/// A standard graded on the exam alone, with many competencies: a large
/// quarter is quick to write here and to read back, and its output is wide.
const EXAM_STANDARD: &str = r#"
[standard]
id = "exam-only"
name = "Exam only"
version = "1"

[methods]
exam = 1

[[tiers]]
id = "upper"
name = "Upper"
min_composite = 70
"#;

/// A quarter of `managers` with an exam sheet each, over `sections` sections.
fn exam_quarter(dir: &Workdir, managers: usize, sections: usize) {
    let mut standard = EXAM_STANDARD.to_string();
    for s in 0..sections {
        let _ = write!(
            standard,
            "\n[[competencies]]\nid = \"c{s}\"\nname = \"Competency {s}\"\nweight = {}\n\n  [[competencies.indicators]]\n  id = \"i{s}\"\n  name = \"Section {s}\"\n  weight = 1\n  exam = 100\n",
            if s == 0 { 100 - (sections - 1) } else { 1 }
        );
    }
    let mut roster = String::from("manager_id,name,team\n");
    let columns: Vec<String> = (0..sections).map(|s| format!("i{s}")).collect();
    let mut exam = format!("manager_id,{}\n", columns.join(","));
    for m in 0..managers {
        let _ = writeln!(roster, "M{m:06},Manager {m},team {}", m % 40);
        let points: Vec<String> = (0..sections)
            .map(|s| format!("{}.5", (m * 7 + s * 13) % 100))
            .collect();
        let _ = writeln!(exam, "M{m:06},{}", points.join(","));
    }
    dir.write("standard.toml", standard)
        .write("q/roster.csv", roster)
        .write("q/exam.csv", exam);
}

fn temporary_files(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.file_name().to_string_lossy().into_owned())
                .filter(|name| name.starts_with(".ladder-"))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_grade_killed_while_writing_leaves_the_old_output_or_the_whole_new_one() {
    let dir = Workdir::new("killed");
    exam_quarter(&dir, 60_000, 8);
    let args = [
        "grade",
        "q",
        "--standard",
        "standard.toml",
        "--output",
        "out/ranked.csv",
    ];
    fs::create_dir_all(dir.path("out")).expect("create the output folder");
    // The whole new output, from a run left alone.
    dir.run(&args).expect_code(0);
    let new = fs::read(dir.path("out/ranked.csv")).expect("the new output");
    assert!(
        new.len() > 4_000_000,
        "the output is large: {} bytes",
        new.len()
    );
    let old = b"the previous quarter's ranking\n".to_vec();

    // Kill runs at moments spread over writing: from the instant the
    // temporary file appears to a while after.
    let mut killed_while_writing = 0;
    for delay_ms in [0u64, 1, 2, 4, 8, 16, 32, 64, 128, 256] {
        fs::write(dir.path("out/ranked.csv"), &old).expect("put the old output back");
        for leftover in temporary_files(&dir.path("out")) {
            let _ = fs::remove_file(dir.path("out").join(leftover));
        }
        let mut child = Command::new(env!("CARGO_BIN_EXE_ladder"))
            .args(args)
            .current_dir(&dir.root)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start ladder");
        let started = Instant::now();
        let writing = loop {
            if !temporary_files(&dir.path("out")).is_empty() {
                break true;
            }
            if child.try_wait().expect("poll ladder").is_some() {
                break false;
            }
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "ladder never wrote"
            );
            std::thread::sleep(Duration::from_micros(200));
        };
        std::thread::sleep(Duration::from_millis(delay_ms));
        let finished = child.try_wait().expect("poll ladder").is_some();
        let _ = child.kill();
        let _ = child.wait();
        if writing && !finished {
            killed_while_writing += 1;
        }
        let now = fs::read(dir.path("out/ranked.csv")).expect("the output path holds a file");
        assert!(
            now == old || now == new,
            "killed {delay_ms} ms into writing, the output is neither the old file nor the new one ({} bytes)",
            now.len()
        );
    }
    assert!(
        killed_while_writing >= 3,
        "only {killed_while_writing} runs were killed while writing: the test did not test"
    );
}

/// Every file under `dir`: its bytes and when it was last modified.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>, SystemTime)> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).expect("list a folder") {
        let path = entry.expect("a folder entry").path();
        if path.is_dir() {
            files.extend(snapshot(&path));
        } else {
            let metadata = fs::metadata(&path).expect("a file's metadata");
            let modified = metadata.modified().expect("a modification time");
            files.push((
                path.display().to_string(),
                fs::read(&path).expect("read"),
                modified,
            ));
        }
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

#[test]
fn no_run_writes_to_an_input() {
    let dir = Workdir::new("inputs-untouched");
    exam_quarter(&dir, 50, 3);
    // A bad row too, so that runs with errors and with --rejects read it.
    let mut exam = dir.read("q/exam.csv");
    exam.push_str("M999999,1,2,3\nM000001,oops,2,3\n");
    dir.write("q/exam.csv", exam);
    let before = snapshot(&dir.path("q"));
    let standard_before = fs::read(dir.path("standard.toml")).expect("the standard");
    let base = ["q", "--standard", "standard.toml"];
    let runs: Vec<Vec<&str>> = vec![
        vec!["grade"],
        vec!["grade", "--format", "json"],
        vec!["grade", "--rejects", "rejects.csv"],
        vec![
            "grade",
            "--rejects",
            "rejects.csv",
            "--output",
            "ranked.csv",
        ],
        vec![
            "grade",
            "--rejects",
            "rejects.csv",
            "--format",
            "markdown",
            "-o",
            "ranked.md",
        ],
        vec!["check"],
    ];
    for run in runs {
        let mut args = run.clone();
        args.extend(base);
        dir.run(&args);
    }
    // The output named as an input is refused, and the input is unchanged.
    dir.run(&[
        "grade",
        "q",
        "--standard",
        "standard.toml",
        "--output",
        "q/exam.csv",
    ])
    .expect_code(2);
    assert_eq!(snapshot(&dir.path("q")), before, "an input file changed");
    assert_eq!(
        fs::read(dir.path("standard.toml")).expect("the standard"),
        standard_before
    );
    assert!(dir.path("ranked.csv").exists() && dir.path("rejects.csv").exists());
}

#[cfg(unix)]
#[test]
fn a_new_output_is_readable_by_all_and_a_replaced_one_keeps_its_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = Workdir::new("permissions");
    exam_quarter(&dir, 5, 2);
    let mode = |name: &str| {
        fs::metadata(dir.path(name))
            .expect("the output")
            .permissions()
            .mode()
            & 0o777
    };
    dir.run(&["grade", "q", "--standard", "standard.toml", "-o", "new.csv"])
        .expect_code(0);
    assert_eq!(mode("new.csv"), 0o644);
    dir.write("kept.csv", "old");
    fs::set_permissions(dir.path("kept.csv"), fs::Permissions::from_mode(0o640)).expect("chmod");
    dir.run(&[
        "grade",
        "q",
        "--standard",
        "standard.toml",
        "-o",
        "kept.csv",
    ])
    .expect_code(0);
    assert_eq!(mode("kept.csv"), 0o640);
}
