//! The encodings CSV files come in (issue 7): UTF-8 (with or without a
//! byte-order mark), UTF-16 with a byte-order mark, and GB18030 — which
//! covers GBK and GB2312, what a Chinese-language Excel saves as "CSV". A
//! file that is not UTF-8 is decoded into a temporary UTF-8 copy, line for
//! line, which the readers then stream like any other file.

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::Path;

use encoding_rs::{GB18030, UTF_16BE, UTF_16LE};
use tempfile::TempPath;

/// An encoding the user may force with `--encoding`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Gb18030,
    /// Little-endian unless a byte-order mark says otherwise.
    Utf16,
}

/// How a file is to be read.
pub enum Decoded {
    /// As it is: UTF-8.
    AsIs,
    /// From a UTF-8 copy; `detected` when no BOM or flag said so.
    Copy {
        path: TempPath,
        encoding: &'static str,
        detected: bool,
    },
}

/// How much of a file decides whether it is UTF-8: a spreadsheet export
/// that is not UTF-8 shows it in its header or first rows.
const SAMPLE: usize = 64 << 10;

/// Decides how to read the file at `path`, decoding it when it is not UTF-8.
/// A file that cannot be opened is left to the reader, which says why.
pub fn decode(path: &Path, forced: Option<Encoding>) -> Result<Decoded, String> {
    let Ok(mut file) = File::open(path) else {
        return Ok(Decoded::AsIs);
    };
    if file.metadata().is_ok_and(|m| m.is_dir()) {
        return Ok(Decoded::AsIs);
    }
    let mut sample = Vec::with_capacity(SAMPLE);
    (&mut file)
        .take(SAMPLE as u64)
        .read_to_end(&mut sample)
        .map_err(|error| format!("cannot read the file: {error}"))?;
    // A byte-order mark decides, whatever `--encoding` says.
    if sample.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Ok(Decoded::AsIs);
    }
    let utf16 = match (sample.get(..2), forced) {
        (Some([0xFF, 0xFE]), _) => Some((UTF_16LE, false)),
        (Some([0xFE, 0xFF]), _) => Some((UTF_16BE, false)),
        (_, Some(Encoding::Utf16)) => Some((UTF_16LE, false)),
        _ => None,
    };
    if let Some((encoding, _)) = utf16 {
        let bytes = read_all(sample, &mut file)?;
        let (text, _, had_errors) = encoding.decode(&bytes);
        if had_errors {
            return Err(format!(
                "the file is not valid {}: a byte pair is not a character",
                encoding.name()
            ));
        }
        let path = copy(&text)?;
        return Ok(Decoded::Copy {
            path,
            encoding: encoding.name(),
            detected: false,
        });
    }
    let looks_utf8 = match std::str::from_utf8(&sample) {
        Ok(_) => true,
        // Cut off mid-character at the end of the sample: still UTF-8.
        Err(error) => error.error_len().is_none(),
    };
    match forced {
        Some(Encoding::Utf8) => return Ok(Decoded::AsIs),
        None if looks_utf8 => return Ok(Decoded::AsIs),
        _ => {}
    }
    let bytes = read_all(sample, &mut file)?;
    match decode_gb18030(&bytes) {
        Ok(text) => Ok(Decoded::Copy {
            path: copy(&text)?,
            encoding: "GB18030",
            detected: forced.is_none(),
        }),
        Err(bad) => {
            let line = bytes[..bad].iter().filter(|&&b| b == b'\n').count() + 1;
            let what = if forced.is_some() {
                "the file is not GB18030"
            } else {
                "the file is neither UTF-8 nor GB18030"
            };
            Err(format!(
                "{what}: line {line} has a byte that is neither (save it as UTF-8, or name the encoding with --encoding)"
            ))
        }
    }
}

/// The text of GB18030 bytes, or the offset of the first malformed sequence.
fn decode_gb18030(bytes: &[u8]) -> Result<String, usize> {
    let mut decoder = GB18030.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .ok_or(0usize)?;
    let mut text = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut text, true);
    match result {
        encoding_rs::DecoderResult::InputEmpty => Ok(text),
        encoding_rs::DecoderResult::Malformed(bad, after) => {
            Err(read.saturating_sub(bad as usize + after as usize))
        }
        // The buffer holds the longest possible text: not reached.
        encoding_rs::DecoderResult::OutputFull => Err(read),
    }
}

fn read_all(mut bytes: Vec<u8>, file: &mut File) -> Result<Vec<u8>, String> {
    file.read_to_end(&mut bytes)
        .map_err(|error| format!("cannot read the file: {error}"))?;
    Ok(bytes)
}

/// A temporary UTF-8 copy of decoded text; removed when dropped.
fn copy(text: &str) -> Result<TempPath, String> {
    let write = || -> io::Result<TempPath> {
        let mut file = tempfile::Builder::new()
            .prefix("ladder-decoded-")
            .suffix(".csv")
            .tempfile()?;
        file.write_all(text.as_bytes())?;
        file.flush()?;
        Ok(file.into_temp_path())
    };
    write().map_err(|error| format!("cannot decode the file into a temporary copy: {error}"))
}
