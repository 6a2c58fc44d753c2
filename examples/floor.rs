//! The benchmark's floor: read every CSV file of a quarter once with the
//! csv crate's `ByteRecord` loop and nothing else.
//!
//! `cargo run --release --example floor -- DIR`

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(folder) = std::env::args().nth(1) else {
        eprintln!("usage: floor DIR");
        return ExitCode::from(2);
    };
    let mut records = 0u64;
    for name in [
        "roster.csv",
        "exam.csv",
        "ratings.csv",
        "interview.csv",
        "kpi.csv",
    ] {
        let path = Path::new(&folder).join(name);
        let Ok(mut reader) = csv::ReaderBuilder::new().flexible(true).from_path(&path) else {
            continue;
        };
        let mut record = csv::ByteRecord::new();
        while let Ok(true) = reader.read_byte_record(&mut record) {
            records += 1;
        }
    }
    println!("{records} records");
    ExitCode::SUCCESS
}
