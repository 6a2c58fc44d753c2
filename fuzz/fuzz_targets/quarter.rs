//! Every CSV loader on any bytes, graded against the bundled standard: the
//! input is split at NUL bytes into roster, exam, ratings, interview and kpi
//! files (a piece left out is an empty file). An error value, never a panic.
#![no_main]

use ladder::command::{GradeOptions, Inputs, grade_quarter};
use ladder::output::render::Format;
use libfuzzer_sys::fuzz_target;

const STANDARD: &str = include_str!("../../standards/group-account-manager.toml");
const FILES: [&str; 5] = ["roster.csv", "exam.csv", "ratings.csv", "interview.csv", "kpi.csv"];

fuzz_target!(|data: &[u8]| {
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    let standard = dir.path().join("standard.toml");
    if std::fs::write(&standard, STANDARD).is_err() {
        return;
    }
    let mut pieces = data.split(|&b| b == 0);
    for name in FILES {
        let piece = pieces.next().unwrap_or_default();
        if std::fs::write(dir.path().join(name), piece).is_err() {
            return;
        }
    }
    for rejects in [None, Some(dir.path().join("rejects.csv"))] {
        let options = GradeOptions {
            inputs: Inputs {
                standard: standard.clone(),
                folder: Some(dir.path().to_path_buf()),
                files: Default::default(),
                delimiter: None,
            encoding: None,
            },
            format: Some(Format::Csv),
            rejects,
            threads: Some(2),
            ..GradeOptions::default()
        };
        let _ = grade_quarter(&options);
    }
});
