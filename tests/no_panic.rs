//! No input makes `ladder` panic (issue 4): valid standards and quarters
//! with bytes flipped, lines cut, fields duplicated or random bytes put in,
//! and files of nothing but random bytes, go through the standard's parser
//! and every CSV loader; each run ends in a result or an error value.

use std::path::Path;

use ladder::command::{GradeOptions, Inputs, check, grade_quarter};
use ladder::output::render::Format;
use proptest::prelude::*;

use crate::properties::config;
use crate::quarters::{Dice, Quarter, Scratch, Standard, write};

/// Ways to damage a file, as an export or a hand edit might.
#[derive(Debug, Clone)]
enum Damage {
    FlipByte { at: usize, bits: u8 },
    CutLines { at: usize, lines: usize },
    DuplicateField { line: usize },
    Insert { at: usize, bytes: Vec<u8> },
    Truncate { at: usize },
}

fn damage() -> impl Strategy<Value = Damage> {
    // Bytes that mean something to a CSV or TOML reader, and some that are
    // not UTF-8.
    let special = prop::sample::select(vec![
        b'"', b',', b'\n', b'\r', b'=', b'[', b']', b'{', b'}', b'.', b'-', b'#', 0xFF, 0xE4, 0xC0,
        0x00, b' ',
    ]);
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, bits)| Damage::FlipByte { at, bits }),
        (any::<usize>(), 1usize..4).prop_map(|(at, lines)| Damage::CutLines { at, lines }),
        any::<usize>().prop_map(|line| Damage::DuplicateField { line }),
        (any::<usize>(), prop::collection::vec(special, 1..4))
            .prop_map(|(at, bytes)| Damage::Insert { at, bytes }),
        (any::<usize>(), prop::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(at, bytes)| Damage::Insert { at, bytes }),
        any::<usize>().prop_map(|at| Damage::Truncate { at }),
    ]
}

fn apply(text: &mut Vec<u8>, damage: &Damage) {
    let within = |at: usize, len: usize| if len == 0 { 0 } else { at % len };
    match damage {
        Damage::FlipByte { at, bits } => {
            if !text.is_empty() {
                let at = within(*at, text.len());
                text[at] ^= bits | 1;
            }
        }
        Damage::CutLines { at, lines } => {
            let starts: Vec<usize> = std::iter::once(0)
                .chain(
                    text.iter()
                        .enumerate()
                        .filter(|(_, b)| **b == b'\n')
                        .map(|(i, _)| i + 1),
                )
                .collect();
            let first = within(*at, starts.len());
            let end = starts.get(first + lines).copied().unwrap_or(text.len());
            text.drain(starts[first].min(end)..end);
        }
        Damage::DuplicateField { line } => {
            let lines: Vec<&[u8]> = text.split(|&b| b == b'\n').collect();
            let chosen = within(*line, lines.len());
            let mut rebuilt = Vec::new();
            for (index, line) in lines.iter().enumerate() {
                if index > 0 {
                    rebuilt.push(b'\n');
                }
                rebuilt.extend_from_slice(line);
                if index == chosen {
                    let field = line.split(|&b| b == b',').next().unwrap_or_default();
                    rebuilt.push(b',');
                    rebuilt.extend_from_slice(field);
                }
            }
            *text = rebuilt;
        }
        Damage::Insert { at, bytes } => {
            let at = within(*at, text.len() + 1);
            text.splice(at..at, bytes.iter().copied());
        }
        Damage::Truncate { at } => {
            let at = within(*at, text.len() + 1);
            text.truncate(at);
        }
    }
}

/// Grades and checks the folder every way a user might; only a panic fails.
fn run_everything(dir: &Path) {
    let inputs = Inputs {
        standard: dir.join("standard.toml"),
        folder: Some(dir.join("q")),
        files: Default::default(),
        delimiter: None,
        encoding: None,
    };
    for rejects in [None, Some(dir.join("rejects.csv"))] {
        for format in [Format::Csv, Format::Json, Format::Table] {
            let options = GradeOptions {
                inputs: inputs.clone(),
                format: Some(format),
                rejects: rejects.clone(),
                threads: Some(2),
                ..GradeOptions::default()
            };
            let _ = grade_quarter(&options);
        }
    }
    let _ = check(&inputs);
}

/// The files of a valid quarter: the standard first, then the CSVs.
fn valid_files(seed: u64, managers: usize) -> Vec<(String, Vec<u8>)> {
    let mut dice = Dice::new(seed);
    let standard = Standard::random(&mut dice, true);
    let quarter = Quarter::random(&mut dice, &standard, managers);
    let mut files = vec![(
        "standard.toml".to_string(),
        standard.toml(false).into_bytes(),
    )];
    for (name, header, rows) in quarter.files(&standard, seed.is_multiple_of(2)) {
        let mut text = format!("{header}\n");
        for row in rows {
            text.push_str(&row);
            text.push('\n');
        }
        files.push((format!("q/{name}"), text.into_bytes()));
    }
    files
}

fn write_files(dir: &Path, files: &[(String, Vec<u8>)]) {
    write(dir, "", &[]);
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes).expect("write a file");
    }
}

proptest! {
    #![proptest_config(config(200))]

    #[test]
    fn damaged_files_give_errors_not_panics(
        seed in any::<u64>(),
        managers in 1usize..8,
        which in any::<usize>(),
        damages in prop::collection::vec(damage(), 1..5),
    ) {
        let mut files = valid_files(seed, managers);
        let which = which % files.len();
        for damage in &damages {
            apply(&mut files[which].1, damage);
        }
        let dir = Scratch::new("damaged");
        write_files(&dir, &files);
        run_everything(&dir);
    }

    #[test]
    fn random_bytes_give_errors_not_panics(
        seed in any::<u64>(),
        which in any::<usize>(),
        bytes in prop::collection::vec(any::<u8>(), 0..400),
    ) {
        let mut files = valid_files(seed, 3);
        let which = which % files.len();
        files[which].1 = bytes;
        let dir = Scratch::new("random");
        write_files(&dir, &files);
        run_everything(&dir);
    }

    #[test]
    fn random_text_in_the_standard_gives_errors_not_panics(
        text in "[a-z_\\[\\]={}\", .0-9\n#-]{0,300}",
    ) {
        let _ = ladder::standard::parse(&text, "standard.toml");
    }
}
