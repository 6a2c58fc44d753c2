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
pub(crate) enum Decoded {
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
pub(crate) fn decode(path: &Path, forced: Option<Encoding>) -> Result<Decoded, String> {
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
    let tally = Utf8Tally::of(&sample);
    match forced {
        Some(Encoding::Utf8) => return Ok(Decoded::AsIs),
        None if tally.mostly_utf8() => return Ok(Decoded::AsIs),
        _ => {}
    }
    let bytes = read_all(sample, &mut file)?;
    match decode_gb18030(&bytes) {
        Ok(text) => Ok(Decoded::Copy {
            path: copy(&text)?,
            encoding: "GB18030",
            detected: forced.is_none(),
        }),
        // GB18030 stops at the very byte UTF-8 stops at: nothing before it
        // reads as GB18030 but not as UTF-8, so the file is UTF-8 with a bad
        // byte, and the reader names its cell.
        Err(bad) if forced.is_none() && tally.first_broken == Some(bad) => Ok(Decoded::AsIs),
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

/// What UTF-8 makes of a file's first bytes.
#[derive(Debug, Default, PartialEq, Eq)]
struct Utf8Tally {
    /// Characters of two to four bytes that are valid UTF-8.
    characters: usize,
    /// Byte sequences that are not UTF-8 (a sequence cut off by the end of
    /// the sample is not counted: the file goes on).
    broken: usize,
    /// The offset of the first broken sequence.
    first_broken: Option<usize>,
}

impl Utf8Tally {
    fn of(bytes: &[u8]) -> Utf8Tally {
        let mut tally = Utf8Tally::default();
        let mut at = 0;
        while let Some(rest) = bytes.get(at..) {
            let (valid, broken) = match std::str::from_utf8(rest) {
                Ok(_) => (rest.len(), None),
                Err(error) => (error.valid_up_to(), error.error_len()),
            };
            // In valid UTF-8 every character of more than one byte starts
            // with a byte of 0xC0 or above, and no other byte is one.
            tally.characters += rest[..valid].iter().filter(|&&b| b >= 0xC0).count();
            let Some(length) = broken else { break };
            tally.broken += 1;
            tally.first_broken.get_or_insert(at + valid);
            at += valid + length;
        }
        tally
    }

    /// UTF-8 throughout, or UTF-8 with a few broken bytes: at least as many
    /// valid characters as broken sequences. Chinese GBK text read as UTF-8
    /// breaks five times or more for each character it happens to make; a
    /// UTF-8 file with a stray byte breaks once among many characters.
    fn mostly_utf8(&self) -> bool {
        self.characters >= self.broken
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

#[cfg(test)]
mod tests {
    use super::*;

    fn gbk(text: &str) -> Vec<u8> {
        GB18030.encode(text).0.into_owned()
    }

    const NAMES: &str = "manager_id,name,team\n\
        M01,张三,政企一部\nM02,李四,政企一部\nM03,王五,政企二部\nM04,赵六,政企二部\n\
        M05,孙七,中小企业部\nM06,周八,中小企业部\nM07,吴九,集团客户部\nM08,郑十,集团客户部\n";

    fn decoded(bytes: &[u8]) -> Result<Option<&'static str>, String> {
        let file = tempfile::NamedTempFile::new().map_err(|e| e.to_string())?;
        std::fs::write(file.path(), bytes).map_err(|e| e.to_string())?;
        decode(file.path(), None).map(|decoded| match decoded {
            Decoded::AsIs => None,
            Decoded::Copy { encoding, .. } => Some(encoding),
        })
    }

    #[test]
    fn gbk_text_breaks_as_utf8_far_more_often_than_not() {
        let tally = Utf8Tally::of(&gbk(NAMES));
        assert!(tally.broken > 4 * tally.characters, "{tally:?}");
        assert!(!tally.mostly_utf8());
        assert_eq!(tally.first_broken, Some(NAMES.find('张').unwrap_or(0)));
    }

    #[test]
    fn utf8_with_one_stray_byte_is_still_utf8() {
        let mut bytes = NAMES.as_bytes().to_vec();
        bytes.extend_from_slice(b"M09,\xFF,x\n");
        let tally = Utf8Tally::of(&bytes);
        assert_eq!(
            (tally.characters, tally.broken),
            (NAMES.chars().filter(|c| !c.is_ascii()).count(), 1)
        );
        assert!(tally.mostly_utf8());
        assert_eq!(decoded(&bytes), Ok(None));
    }

    #[test]
    fn a_character_cut_off_by_the_sample_is_not_broken() {
        let tally = Utf8Tally::of(&"张三".as_bytes()[..4]);
        assert_eq!((tally.characters, tally.broken), (1, 0));
    }

    #[test]
    fn which_reading_a_file_gets() {
        // GBK: decoded, detected.
        assert_eq!(decoded(&gbk(NAMES)), Ok(Some("GB18030")));
        // ASCII with a byte neither encoding has: UTF-8, its cell named later.
        assert_eq!(decoded(b"manager_id,name\nM1,\xFFx\n"), Ok(None));
        // GBK, then a byte GB18030 has no use for: neither, at that line.
        let mut bytes = gbk(NAMES);
        bytes.extend_from_slice(b"M09,\xFF,x\n");
        let error = decoded(&bytes).err().unwrap_or_default();
        assert!(
            error.contains("neither UTF-8 nor GB18030: line 10 "),
            "{error}"
        );
    }
}
