//! The fast way through a CSV file: blocks of plain lines, split at the
//! delimiters and line breaks in one pass.
//!
//! A block is plain when it holds no quote, no `\r` other than before a
//! `\n`, and only UTF-8 text. Without quotes CSV has nothing to interpret:
//! each line is a record and each delimiter ends a field, so the records of
//! a plain block are the ones the csv crate would read, for a fraction of
//! the work. Exports of ids, roles and scores are plain from end to end. At
//! the first block that is not plain, the caller reads on with the csv crate.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};

use memchr::{memchr2, memrchr};

/// Bytes read at a time; a longer line grows the buffer.
const BLOCK: usize = 256 << 10;

/// One line of a plain block, its terminator left out.
pub(crate) struct PlainLine<'a> {
    pub text: &'a str,
    /// Where each field ends in `text`; the next starts after the delimiter.
    pub ends: &'a [u32],
    /// Byte offsets of the line's first byte and of the byte after its
    /// terminator, in the file.
    pub bytes: (u64, u64),
    /// Line breaks between where reading started and the line.
    pub breaks_before: u64,
    /// The lines after this one in the block, for a reader that looks ahead.
    pub after: &'a str,
}

/// Where reading plain blocks stopped.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Stop {
    /// The offset of the first byte not read: the end of the part or of the
    /// file, or the start of the first block that is not plain.
    pub at: u64,
    /// Line breaks between the start and `at`.
    pub breaks: u64,
    /// Whether everything up to the end was read.
    pub finished: bool,
}

/// Whether a file with this delimiter can be split without the csv crate:
/// the delimiter must be one byte of its own, not part of a character, a
/// quote or a line break.
pub(crate) fn splits_plainly(delimiter: u8) -> bool {
    delimiter.is_ascii() && !matches!(delimiter, b'"' | b'\r' | b'\n')
}

/// Reads plain blocks from byte `start` of `file` (just after a line break)
/// up to `end` (just after one) or the end of the file, giving every line to
/// `each` in order, blank ones included, and the offset read up to after
/// each block to `read_to`. A read error stops reading where the block it
/// fell in starts: the csv crate reads on and reports it.
pub(crate) fn read_plain_blocks(
    file: &mut File,
    start: u64,
    end: Option<u64>,
    delimiter: u8,
    read_to: &dyn Fn(u64),
    mut each: impl FnMut(&PlainLine),
) -> Stop {
    let mut stop = Stop {
        at: start,
        breaks: 0,
        finished: false,
    };
    if !splits_plainly(delimiter) || file.seek(SeekFrom::Start(start)).is_err() {
        return stop;
    }
    let mut unread = end.map_or(u64::MAX, |end| end.saturating_sub(start));
    let mut buffer = vec![0u8; BLOCK];
    let mut filled = 0;
    let mut ends = Vec::new();
    loop {
        let room = (buffer.len() - filled).min(usize::try_from(unread).unwrap_or(usize::MAX));
        let count = match read_some(file, &mut buffer[filled..filled + room]) {
            Ok(count) => count,
            Err(_) => return stop,
        };
        filled += count;
        unread -= count as u64;
        let at_end = count == 0 || unread == 0;
        // A block ends after its last line break, unless the file ends.
        let block_length = if at_end {
            filled
        } else {
            match memrchr(b'\n', &buffer[..filled]) {
                Some(last) => last + 1,
                None if filled == buffer.len() => {
                    // One line fills the buffer. Leave it to the csv crate
                    // as soon as it cannot be plain rather than hold all of
                    // it: a file with lone `\r` line ends has no `\n` at
                    // all. Field ends are `u32`s: no line over 4 GiB.
                    if !may_be_plain(&buffer[..filled]) || buffer.len() > u32::MAX as usize / 2 {
                        return stop;
                    }
                    buffer.resize(buffer.len() * 2, 0);
                    continue;
                }
                None => continue,
            }
        };
        let block = &buffer[..block_length];
        let Some(text) = plain_text(block) else {
            return stop;
        };
        split_lines(text, delimiter, &mut ends, &mut stop, &mut each);
        read_to(stop.at);
        buffer.copy_within(block_length..filled, 0);
        filled -= block_length;
        if at_end && filled == 0 {
            stop.finished = true;
            return stop;
        }
    }
}

/// Reads what there is, retrying when interrupted.
fn read_some(file: &mut File, buffer: &mut [u8]) -> io::Result<usize> {
    loop {
        match file.read(buffer) {
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            result => return result,
        }
    }
}

/// The block as text, when it is plain.
fn plain_text(block: &[u8]) -> Option<&str> {
    let mut rest = block;
    while let Some(index) = memchr2(b'"', b'\r', rest) {
        if rest[index] == b'"' || rest.get(index + 1) != Some(&b'\n') {
            return None;
        }
        rest = &rest[index + 1..];
    }
    std::str::from_utf8(block).ok()
}

/// Whether the start of a line, cut anywhere, can still be plain: no quote,
/// no `\r` but a last one (its `\n` may come next), UTF-8 but for a
/// character cut at the end.
fn may_be_plain(start: &[u8]) -> bool {
    let start = start.strip_suffix(b"\r").unwrap_or(start);
    memchr2(b'"', b'\r', start).is_none()
        && std::str::from_utf8(start).map_or_else(|error| error.error_len().is_none(), |_| true)
}

/// Splits a plain block into lines and fields, advancing `stop` past it.
fn split_lines(
    text: &str,
    delimiter: u8,
    ends: &mut Vec<u32>,
    stop: &mut Stop,
    each: &mut impl FnMut(&PlainLine),
) {
    let bytes = text.as_bytes();
    let mut line_start = 0;
    ends.clear();
    for_each_break(bytes, delimiter, |index| {
        if bytes[index] == delimiter {
            ends.push((index - line_start) as u32);
        } else {
            give_line(text, line_start..index, index + 1, ends, stop, each);
            stop.breaks += 1;
            line_start = index + 1;
        }
    });
    // The file's last line, without a line break.
    if line_start < bytes.len() {
        give_line(text, line_start..bytes.len(), bytes.len(), ends, stop, each);
    }
    stop.at += bytes.len() as u64;
}

/// Gives `each` the offset of every `delimiter` and `\n` in `bytes`, in
/// order. It looks at a word (8 bytes) at a time: the fields of a rating
/// are a few bytes long, shorter than a search call is worth.
fn for_each_break(bytes: &[u8], delimiter: u8, mut each: impl FnMut(usize)) {
    const LOW_SEVEN: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let every_byte = |byte: u8| u64::from(byte) * 0x0101_0101_0101_0101;
    let (delimiters, line_breaks) = (every_byte(delimiter), every_byte(b'\n'));
    // The high bit of each zero byte of `word`, and no other bit: no carry
    // crosses a byte, since (byte & 0x7f) + 0x7f < 0x100.
    let zero_bytes = |word: u64| !(((word & LOW_SEVEN) + LOW_SEVEN) | word | LOW_SEVEN);
    let mut words = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut words {
        let word = u64::from_le_bytes(<[u8; 8]>::try_from(chunk).unwrap_or_default());
        let mut found = zero_bytes(word ^ delimiters) | zero_bytes(word ^ line_breaks);
        while found != 0 {
            each(at + found.trailing_zeros() as usize / 8);
            found &= found - 1;
        }
        at += 8;
    }
    for (index, &byte) in words.remainder().iter().enumerate() {
        if byte == delimiter || byte == b'\n' {
            each(at + index);
        }
    }
}

/// Gives `each` the line at `line` of the block, whose fields but the last
/// have their ends in `ends`; `next` is where the next line starts.
fn give_line(
    text: &str,
    line: std::ops::Range<usize>,
    next: usize,
    ends: &mut Vec<u32>,
    stop: &Stop,
    each: &mut impl FnMut(&PlainLine),
) {
    // A CRLF line's `\r` belongs to its terminator.
    let text_end = if text.as_bytes()[line.clone()].ends_with(b"\r") {
        line.end - 1
    } else {
        line.end
    };
    ends.push((text_end - line.start) as u32);
    each(&PlainLine {
        // Cut at ASCII bytes, which are always character boundaries.
        text: text.get(line.start..text_end).unwrap_or_default(),
        ends,
        bytes: (stop.at + line.start as u64, stop.at + next as u64),
        breaks_before: stop.breaks,
        after: text.get(next..).unwrap_or_default(),
    });
    ends.clear();
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A line's fields, the line breaks before it and its byte range.
    type Line = (Vec<String>, u64, (u64, u64));

    fn lines_of(content: &[u8], start: u64, end: Option<u64>) -> (Vec<Line>, Stop) {
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(content).unwrap();
        let mut lines = Vec::new();
        let stop = read_plain_blocks(&mut file, start, end, b',', &|_| {}, |line| {
            let mut fields = Vec::new();
            let mut from = 0;
            for &end in line.ends {
                fields.push(line.text[from..end as usize].to_string());
                from = end as usize + 1;
            }
            lines.push((fields, line.breaks_before, line.bytes));
        });
        (lines, stop)
    }

    fn fields(texts: &[&str]) -> Vec<String> {
        texts.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn splits_lines_and_fields_with_their_offsets() {
        let (lines, stop) = lines_of(b"a,b\r\n\n,x,\nlast", 0, None);
        assert_eq!(
            lines,
            vec![
                (fields(&["a", "b"]), 0, (0, 5)),
                (fields(&[""]), 1, (5, 6)),
                (fields(&["", "x", ""]), 2, (6, 10)),
                (fields(&["last"]), 3, (10, 14)),
            ]
        );
        assert_eq!(
            stop,
            Stop {
                at: 14,
                breaks: 3,
                finished: true
            }
        );
    }

    #[test]
    fn finds_every_delimiter_and_line_break_in_any_byte() {
        // Every byte value around the two searched for, at every position
        // of a word and in the tail after the last whole word.
        let bytes: Vec<u8> = (0..=255u8).chain([b';', b'\n', 0x8a, 0xbb, b';']).collect();
        for start in 0..9 {
            let mut found = Vec::new();
            for_each_break(&bytes[start..], b';', |index| found.push(index + start));
            let expected: Vec<usize> = (start..bytes.len())
                .filter(|&i| bytes[i] == b';' || bytes[i] == b'\n')
                .collect();
            assert_eq!(found, expected, "from {start}");
        }
    }

    #[test]
    fn reads_a_part_between_two_offsets() {
        // The part of "h\n1,2\n3,4\n5,6\n" from offset 2 up to offset 10.
        let (lines, stop) = lines_of(b"h\n1,2\n3,4\n5,6\n", 2, Some(10));
        assert_eq!(
            lines,
            vec![
                (fields(&["1", "2"]), 0, (2, 6)),
                (fields(&["3", "4"]), 1, (6, 10))
            ]
        );
        assert_eq!((stop.at, stop.breaks, stop.finished), (10, 2, true));
    }

    #[test]
    fn stops_before_a_block_with_a_quote_a_lone_return_or_bad_utf8() {
        for content in [&b"a,\"b\"\n"[..], b"a\rb\n", b"a,\xff\n"] {
            let (lines, stop) = lines_of(content, 0, None);
            assert!(lines.is_empty());
            assert_eq!((stop.at, stop.breaks, stop.finished), (0, 0, false));
        }
    }

    #[test]
    fn a_long_line_that_is_not_plain_is_left_before_it_is_read_whole() {
        // Lone `\r` line ends: no `\n` in the whole file.
        for content in ["a,b\r".repeat(BLOCK), "\"a\",".repeat(BLOCK)] {
            let mut file = tempfile::tempfile().unwrap();
            file.write_all(content.as_bytes()).unwrap();
            let stop = read_plain_blocks(&mut file, 0, None, b',', &|_| {}, |_| {});
            assert_eq!((stop.at, stop.breaks, stop.finished), (0, 0, false));
            assert_eq!(file.stream_position().unwrap(), BLOCK as u64);
        }
    }

    #[test]
    fn the_start_of_a_line_may_be_plain_up_to_a_cut() {
        assert!(may_be_plain(b"a,b\r"));
        assert!(may_be_plain(&"a,\u{3000}".as_bytes()[..4]));
        assert!(!may_be_plain(b"a\rb"));
        assert!(!may_be_plain(b"a,\"b"));
        assert!(!may_be_plain(b"a,\xffb"));
    }

    #[test]
    fn a_line_longer_than_a_block_grows_the_buffer() {
        let long = "x".repeat(3 * BLOCK);
        let content = format!("{long},1\n2\n");
        let (lines, stop) = lines_of(content.as_bytes(), 0, None);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].0, fields(&[&long, "1"]));
        assert_eq!(lines[1].0, fields(&["2"]));
        assert!(stop.finished);
    }
}
