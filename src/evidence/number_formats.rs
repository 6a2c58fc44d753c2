//! Which cells of a workbook's sheet a spreadsheet shows as a percentage
//! (issue 15). A percent cell stores 0.921 and shows `92.10%`; read as the
//! stored number it would be a silent misread, so every workbook format
//! answers here, in one place, which of its cells are percentages:
//! `.xlsx` through calamine's number formats, `.ods` from the cells' value
//! type in `content.xml`, `.xls` from the BIFF records of the Workbook
//! stream, `.xlsb` from its binary records. calamine reads number formats
//! for `.xlsx` only.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use calamine::{Sheets, StyleRange};
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::QName;

/// The cells of one sheet shown as percentages, by absolute, zero-based
/// `(row, column)`, as calamine numbers a sheet's cells.
pub(crate) enum PercentCells {
    /// The workbook has no number format that is a percentage.
    None,
    /// An `.xlsx` sheet's cell styles.
    Styles(StyleRange),
    /// Runs of rows with the same percent columns, by first row.
    Runs(BTreeMap<u32, RowRun>),
}

/// Rows `first..end` (the key of the map is `first`) whose cells in
/// `columns` (half-open ranges, sorted) are percentages.
pub(crate) struct RowRun {
    end: u32,
    columns: Vec<(u32, u32)>,
}

impl PercentCells {
    /// Whether the cell at `(row, column)` is shown as a percentage.
    pub(crate) fn contains(&self, row: u32, column: u32) -> bool {
        match self {
            PercentCells::None => false,
            PercentCells::Styles(styles) => styles
                .get((row, column))
                .and_then(|style| style.number_format.as_ref())
                .is_some_and(|format| is_percent_format(&format.format_code)),
            PercentCells::Runs(runs) => runs.range(..=row).next_back().is_some_and(|(_, run)| {
                row < run.end && {
                    let after = run.columns.partition_point(|&(start, _)| start <= column);
                    after
                        .checked_sub(1)
                        .and_then(|last| run.columns.get(last))
                        .is_some_and(|&(_, end)| column < end)
                }
            }),
        }
    }
}

/// Runs of percent cells, collected in any order and sorted once at the end.
#[derive(Default)]
struct Collector {
    runs: BTreeMap<u32, RowRun>,
}

impl Collector {
    /// Rows `rows` × columns `columns` (half-open) are percentages. Rows of
    /// one call are either new or the very rows of an earlier call, as a
    /// sheet's rows come once (`.ods`) or cell by cell (`.xls`).
    fn add(&mut self, rows: (u32, u32), columns: (u32, u32)) {
        if rows.0 >= rows.1 || columns.0 >= columns.1 {
            return;
        }
        let run = self.runs.entry(rows.0).or_insert_with(|| RowRun {
            end: rows.1,
            columns: Vec::new(),
        });
        run.columns.push(columns);
    }

    fn finish(mut self) -> PercentCells {
        if self.runs.is_empty() {
            return PercentCells::None;
        }
        for run in self.runs.values_mut() {
            run.columns.sort_unstable();
            // Overlapping ranges (a cell given twice) become one, so that a
            // binary search finds the range a column falls in.
            let mut merged: Vec<(u32, u32)> = Vec::with_capacity(run.columns.len());
            for &(start, end) in &run.columns {
                match merged.last_mut() {
                    Some(last) if start <= last.1 => last.1 = last.1.max(end),
                    _ => merged.push((start, end)),
                }
            }
            run.columns = merged;
        }
        PercentCells::Runs(self.runs)
    }
}

/// The percent cells of `sheet` (the `index`th of the workbook's sheets) in
/// the workbook at `path`, which calamine opened as `workbook`.
pub(crate) fn percent_cells<RS: Read + Seek>(
    workbook: &mut Sheets<RS>,
    path: &Path,
    sheet: &str,
    index: usize,
) -> Result<PercentCells, String> {
    let unreadable = |error: String| format!("cannot read the workbook's number formats: {error}");
    match workbook {
        Sheets::Xlsx(book) => book
            .worksheet_style(sheet)
            .map(PercentCells::Styles)
            .map_err(|error| unreadable(error.to_string())),
        Sheets::Ods(_) => ods_percent_cells(path, sheet).map_err(unreadable),
        Sheets::Xls(_) => xls_percent_cells(path, index).map_err(unreadable),
        Sheets::Xlsb(_) => xlsb_percent_cells(path, index).map_err(unreadable),
    }
}

/// Whether a number format shows its number as a percentage: a `%` outside
/// quotes and escapes (`0.00%`, `0%;[Red]-0%`).
fn is_percent_format(code: &str) -> bool {
    let mut quoted = false;
    let mut characters = code.chars();
    while let Some(character) = characters.next() {
        match character {
            '"' => quoted = !quoted,
            '\\' if !quoted => {
                characters.next();
            }
            '%' if !quoted => return true,
            _ => {}
        }
    }
    false
}

// ---- OpenDocument -------------------------------------------------------

fn ods_percent_cells(path: &Path, sheet: &str) -> Result<PercentCells, String> {
    let file = File::open(path).map_err(|error| error.to_string())?;
    let mut archive = zip::ZipArchive::new(BufReader::new(file)).map_err(|e| e.to_string())?;
    let content = archive
        .by_name("content.xml")
        .map_err(|error| format!("content.xml: {error}"))?;
    ods_sheet_percent_cells(BufReader::new(content), sheet)
}

/// The percentage-typed cells (`office:value-type="percentage"`) of the
/// table named `sheet` in an OpenDocument `content.xml`, read as a stream.
/// Positions count every row and cell a spreadsheet shows: a row or cell
/// repeated N times (`table:number-rows-repeated`,
/// `table:number-columns-repeated`) takes N places, and so does a cell
/// covered by a merged one, as calamine counts them.
// One loop over the XML events: the row and column counts it keeps are
// the state every event updates, clearer in one place than passed around.
fn ods_sheet_percent_cells<R: BufRead>(xml: R, sheet: &str) -> Result<PercentCells, String> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    reader.config_mut().expand_empty_elements = true;
    let mut buffer = Vec::new();
    let xml_error = |error: quick_xml::Error, reader: &quick_xml::Reader<R>| {
        format!(
            "content.xml, byte {}: {error}",
            reader.error_position().max(reader.buffer_position())
        )
    };
    // Find the sheet's table.
    loop {
        match reader.read_event_into(&mut buffer) {
            Ok(Event::Start(element)) if element.name() == QName("table:table") => {
                if attribute(&element, "table:name")?.as_deref() == Some(sheet) {
                    break;
                }
                // A table's rows are its own: skip another sheet whole.
                let name = element.name().0.to_string();
                buffer.clear();
                reader
                    .read_to_end_into(QName(&name), &mut buffer)
                    .map_err(|error| xml_error(error, &reader))?;
            }
            Ok(Event::Eof) => return Err(format!("content.xml has no table `{sheet}`")),
            Err(error) => return Err(xml_error(error, &reader)),
            Ok(_) => {}
        }
        buffer.clear();
    }
    let mut cells = Collector::default();
    let mut row = 0u32;
    // The row being read: its first index and repeat count, and the next
    // cell's column.
    let mut current: Option<(u32, u32)> = None;
    let mut column = 0u32;
    loop {
        buffer.clear();
        match reader.read_event_into(&mut buffer) {
            Ok(Event::Start(element)) => {
                let name = element.name().0.to_string();
                match (name.as_str(), current) {
                    ("table:table-row", None) => {
                        let repeats = repeat(&element, "table:number-rows-repeated")?;
                        current = Some((row, repeats));
                        column = 0;
                    }
                    ("table:table-cell" | "table:covered-table-cell", Some((first, rows))) => {
                        let repeats = repeat(&element, "table:number-columns-repeated")?;
                        let percent = attribute(&element, "office:value-type")?.as_deref()
                            == Some("percentage");
                        let end = column.saturating_add(repeats);
                        if percent {
                            cells.add((first, first.saturating_add(rows)), (column, end));
                        }
                        column = end;
                        // A cell's paragraphs, annotations, even a table
                        // inside it, are no rows or cells of the sheet.
                        buffer.clear();
                        reader
                            .read_to_end_into(QName(&name), &mut buffer)
                            .map_err(|error| xml_error(error, &reader))?;
                    }
                    // Columns, header-row and row-group wrappers, shapes:
                    // rows are found inside the groups; the rest holds no
                    // cell of the sheet.
                    (
                        "table:table-header-rows" | "table:table-row-group" | "table:table-rows",
                        None,
                    ) => {}
                    _ => {
                        buffer.clear();
                        reader
                            .read_to_end_into(QName(&name), &mut buffer)
                            .map_err(|error| xml_error(error, &reader))?;
                    }
                }
            }
            Ok(Event::End(element)) => match element.name().0 {
                "table:table-row" => {
                    if let Some((first, rows)) = current.take() {
                        row = first.saturating_add(rows);
                    }
                }
                "table:table" => break,
                _ => {}
            },
            Ok(Event::Eof) => return Err(format!("content.xml: table `{sheet}` has no end")),
            Err(error) => return Err(xml_error(error, &reader)),
            Ok(_) => {}
        }
    }
    Ok(cells.finish())
}

/// An attribute's value in `content.xml`, unescaped (`&amp;` is `&`).
fn attribute(element: &BytesStart, name: &str) -> Result<Option<String>, String> {
    part_attribute(element, name, "content.xml")
}

/// An attribute's value in the workbook's `part`, unescaped.
fn part_attribute(element: &BytesStart, name: &str, part: &str) -> Result<Option<String>, String> {
    for item in element.attributes().with_checks(false) {
        let item = item.map_err(|error| format!("{part}: {error}"))?;
        if item.key == QName(name) {
            return quick_xml::escape::unescape(&item.value)
                .map(|value| Some(value.into_owned()))
                .map_err(|error| format!("{part}: {error}"));
        }
    }
    Ok(None)
}

/// A repeat count: 1 when not given. A count past any sheet's size is
/// taken as the most a position can hold, as calamine caps it.
fn repeat(element: &BytesStart, name: &str) -> Result<u32, String> {
    match attribute(element, name)? {
        None => Ok(1),
        Some(text) => text
            .trim()
            .parse::<u64>()
            .map(|count| u32::try_from(count).unwrap_or(u32::MAX))
            .map_err(|_| format!("content.xml: `{name}` is `{text}`, not a count")),
    }
}

// ---- Excel 97–2003 (BIFF5 and BIFF8) -----------------------------------

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const FORMAT: u16 = 0x041E;
const XF: u16 = 0x00E0;
const BOUNDSHEET: u16 = 0x0085;
const NUMBER: u16 = 0x0203;
const RK: u16 = 0x027E;
const MULRK: u16 = 0x00BD;
const FORMULA: u16 = 0x0006;

fn xls_percent_cells(path: &Path, index: usize) -> Result<PercentCells, String> {
    let mut book = cfb::open(path).map_err(|error| error.to_string())?;
    // BIFF8 names its stream `Workbook`, BIFF5 `Book`.
    let name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|name| book.is_stream(name))
        .ok_or("the file has no Workbook stream")?;
    let stream = book
        .open_stream(name)
        .map_err(|error| format!("{name}: {error}"))?;
    biff_percent_cells(BufReader::new(stream), index)
}

/// The percent cells of the `index`th sheet of a BIFF5 or BIFF8 Workbook
/// stream. FORMAT records give number format codes by id (ids 9 and 10 are
/// Excel's built-in `0%` and `0.00%`), XF records a format id to each cell
/// style, BOUNDSHEET records where each sheet's records start; there, the
/// number cells (NUMBER, RK, MULRK, FORMULA) name their style.
// One pass over the stream's records, in the order BIFF requires them.
fn biff_percent_cells<R: Read + Seek>(mut stream: R, index: usize) -> Result<PercentCells, String> {
    let first = read_record(&mut stream)?.ok_or("the Workbook stream is empty")?;
    let biff8 = match (first.kind, read_u16(&first.data, 0)) {
        (BOF, Some(0x0600)) => true,
        (BOF, Some(0x0500)) => false,
        (BOF, Some(version)) => {
            return Err(format!(
                "BIFF version {version:#06x} is not read; save the workbook as .xlsx"
            ));
        }
        _ => return Err("the Workbook stream does not begin with a BOF record".to_string()),
    };
    let mut codes: HashMap<u16, bool> = HashMap::new();
    let mut styles: Vec<u16> = Vec::new();
    let mut sheets: Vec<u32> = Vec::new();
    while let Some(record) = read_record(&mut stream)? {
        match record.kind {
            FORMAT => {
                let (id, code) =
                    format_record(&record.data, biff8).ok_or_else(|| record.malformed("FORMAT"))?;
                codes.insert(id, is_percent_format(&code));
            }
            XF => styles.push(read_u16(&record.data, 2).ok_or_else(|| record.malformed("XF"))?),
            BOUNDSHEET => sheets
                .push(read_u32(&record.data, 0).ok_or_else(|| record.malformed("BOUNDSHEET"))?),
            EOF => break,
            _ => {}
        }
    }
    let percent_styles: Vec<bool> = styles
        .iter()
        .map(|id| codes.get(id).copied().unwrap_or(matches!(id, 9 | 10)))
        .collect();
    if !percent_styles.contains(&true) {
        return Ok(PercentCells::None);
    }
    let start = *sheets
        .get(index)
        .ok_or_else(|| format!("the workbook has no sheet {}", index + 1))?;
    stream
        .seek(SeekFrom::Start(start.into()))
        .map_err(|error| format!("sheet {}: {error}", index + 1))?;
    let mut cells = Collector::default();
    let mut add = |row: u16, column: u16, style: u16| {
        if percent_styles.get(usize::from(style)) == Some(&true) {
            let (row, column) = (u32::from(row), u32::from(column));
            cells.add((row, row + 1), (column, column + 1));
        }
    };
    // The sheet's own BOF opens it; a chart embedded in it has a BOF…EOF of
    // its own, whose records are not the sheet's cells.
    let mut depth = 0usize;
    while let Some(record) = read_record(&mut stream)? {
        let field = |offset| read_u16(&record.data, offset);
        match record.kind {
            BOF => depth += 1,
            EOF if depth <= 1 => break,
            EOF => depth -= 1,
            NUMBER | RK | FORMULA if depth <= 1 => {
                let (Some(row), Some(column), Some(style)) = (field(0), field(2), field(4)) else {
                    return Err(record.malformed("cell"));
                };
                add(row, column, style);
            }
            MULRK if depth <= 1 => {
                // Row, first column, then a 6-byte (style, RK value) per cell,
                // then the last column.
                let (Some(row), Some(first)) = (field(0), field(2)) else {
                    return Err(record.malformed("MULRK"));
                };
                let count = record.data.len().saturating_sub(6) / 6;
                for n in 0..count {
                    let style = field(4 + 6 * n).ok_or_else(|| record.malformed("MULRK"))?;
                    add(row, first.saturating_add(n as u16), style);
                }
            }
            _ => {}
        }
    }
    Ok(cells.finish())
}

/// One BIFF record: its type, its data, and where it starts in the stream.
struct Record {
    kind: u16,
    data: Vec<u8>,
    offset: u64,
}

impl Record {
    fn malformed(&self, name: &str) -> String {
        format!("a {name} record at byte {} is too short", self.offset)
    }
}

/// The next record, or none at the end of the stream.
fn read_record<R: Read + Seek>(stream: &mut R) -> Result<Option<Record>, String> {
    let offset = stream
        .stream_position()
        .map_err(|error| error.to_string())?;
    let mut header = [0u8; 4];
    match stream.read_exact(&mut header) {
        Ok(()) => {}
        Err(error) if error.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(error) => return Err(error.to_string()),
    }
    let kind = u16::from_le_bytes([header[0], header[1]]);
    let length = u16::from_le_bytes([header[2], header[3]]);
    let mut data = vec![0; usize::from(length)];
    stream
        .read_exact(&mut data)
        .map_err(|_| format!("the record at byte {offset} runs past the end of the stream"))?;
    Ok(Some(Record { kind, data, offset }))
}

fn read_u16(data: &[u8], offset: usize) -> Option<u16> {
    let bytes = data.get(offset..offset.checked_add(2)?)?;
    Some(u16::from_le_bytes([bytes[0], bytes[1]]))
}

fn read_u32(data: &[u8], offset: usize) -> Option<u32> {
    let bytes = data.get(offset..offset.checked_add(4)?)?;
    Some(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
}

/// A FORMAT record's id and code. BIFF8 stores the code as a counted string
/// of 8- or 16-bit characters; BIFF5 as counted bytes. Only `%`, `"` and
/// `\` matter to [`is_percent_format`], ASCII in every code page, so bytes
/// are read as Latin-1; a code cut by a CONTINUE record keeps its start.
fn format_record(data: &[u8], biff8: bool) -> Option<(u16, String)> {
    let id = read_u16(data, 0)?;
    let code = if biff8 {
        let count = usize::from(read_u16(data, 2)?);
        let wide = data.get(4)? & 1 == 1;
        let body = data.get(5..).unwrap_or_default();
        if wide {
            let units: Vec<u16> = body
                .chunks_exact(2)
                .take(count)
                .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        } else {
            body.iter().take(count).map(|&b| char::from(b)).collect()
        }
    } else {
        let count = usize::from(*data.get(2)?);
        let body = data.get(3..).unwrap_or_default();
        body.iter().take(count).map(|&b| char::from(b)).collect()
    };
    Some((id, code))
}

// ---- Excel binary workbook (.xlsb) ------------------------------------

const BRT_ROW_HDR: u16 = 0x0000;
const BRT_CELL_RK: u16 = 0x0002;
const BRT_CELL_REAL: u16 = 0x0005;
const BRT_FMLA_NUM: u16 = 0x0009;
const BRT_FMT: u16 = 0x002C;
const BRT_XF: u16 = 0x002F;
const BRT_BUNDLE_SH: u16 = 0x009C;
const BRT_END_BUNDLE_SHS: u16 = 0x0090;
const BRT_END_SHEET_DATA: u16 = 0x0092;
const BRT_BEGIN_CELL_XFS: u16 = 0x0269;
const BRT_END_CELL_XFS: u16 = 0x026A;

fn xlsb_percent_cells(path: &Path, index: usize) -> Result<PercentCells, String> {
    let file = File::open(path).map_err(|error| error.to_string())?;
    let mut archive = zip::ZipArchive::new(BufReader::new(file)).map_err(|e| e.to_string())?;
    let percent_styles = match part(&mut archive, "xl/styles.bin")? {
        Some(styles) => xlsb_percent_styles(BufReader::new(styles))?,
        None => Vec::new(),
    };
    if !percent_styles.contains(&true) {
        return Ok(PercentCells::None);
    }
    let workbook = part(&mut archive, "xl/workbook.bin")?.ok_or("xl/workbook.bin is missing")?;
    let relation = xlsb_sheet_relation(BufReader::new(workbook), index)?;
    let relations = part(&mut archive, "xl/_rels/workbook.bin.rels")?
        .ok_or("xl/_rels/workbook.bin.rels is missing")?;
    let target = relation_target(BufReader::new(relations), &relation)?;
    let sheet_path = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None => format!("xl/{target}"),
    };
    let sheet =
        part(&mut archive, &sheet_path)?.ok_or_else(|| format!("{sheet_path} is missing"))?;
    xlsb_sheet_percent_cells(BufReader::new(sheet), &percent_styles, &sheet_path)
}

/// A part of the zip archive, its name matched without regard to case (as
/// calamine does), or none.
fn part<'a, R: Read + Seek>(
    archive: &'a mut zip::ZipArchive<R>,
    name: &str,
) -> Result<Option<zip::read::ZipFile<'a, R>>, String> {
    let wanted = name.to_ascii_lowercase();
    let found = (0..archive.len()).find(|&n| {
        archive.name_for_index(n).is_some_and(|entry| {
            entry.is_ok_and(|entry| entry.replace('\\', "/").to_ascii_lowercase() == wanted)
        })
    });
    match found {
        None => Ok(None),
        Some(n) => archive
            .by_index(n)
            .map(Some)
            .map_err(|error| format!("{name}: {error}")),
    }
}

/// Whether each cell style (BrtXF between BrtBeginCellXfs and
/// BrtEndCellXfs) shows a percentage, by its number format: a BrtFmt code,
/// or Excel's built-in ids 9 and 10.
fn xlsb_percent_styles<R: Read>(styles: R) -> Result<Vec<bool>, String> {
    let mut records = BinRecords::new(styles, "xl/styles.bin");
    let mut codes: HashMap<u16, bool> = HashMap::new();
    let mut formats: Vec<u16> = Vec::new();
    let mut in_cell_styles = false;
    while let Some(kind) = records.next()? {
        let data = records.data.as_slice();
        match kind {
            BRT_FMT => {
                let id = read_u16(data, 0).ok_or_else(|| records.malformed("BrtFmt"))?;
                let code = wide_string(data.get(2..).unwrap_or_default())
                    .ok_or_else(|| records.malformed("BrtFmt"))?;
                codes.insert(id, is_percent_format(&code));
            }
            BRT_BEGIN_CELL_XFS => in_cell_styles = true,
            BRT_XF if in_cell_styles => {
                formats.push(read_u16(data, 2).ok_or_else(|| records.malformed("BrtXF"))?)
            }
            BRT_END_CELL_XFS => break,
            _ => {}
        }
    }
    Ok(formats
        .iter()
        .map(|id| codes.get(id).copied().unwrap_or(matches!(id, 9 | 10)))
        .collect())
}

/// The relationship id of the `index`th sheet (BrtBundleSh) in
/// `xl/workbook.bin`, counting, as calamine does, only sheets that have one.
fn xlsb_sheet_relation<R: Read>(workbook: R, index: usize) -> Result<String, String> {
    let mut records = BinRecords::new(workbook, "xl/workbook.bin");
    let mut seen = 0;
    while let Some(kind) = records.next()? {
        let data = records.data.as_slice();
        match kind {
            BRT_BUNDLE_SH => {
                let length = read_u32(data, 8).ok_or_else(|| records.malformed("BrtBundleSh"))?;
                if length == u32::MAX {
                    continue;
                }
                if seen == index {
                    return wide_string(data.get(8..).unwrap_or_default())
                        .ok_or_else(|| records.malformed("BrtBundleSh"));
                }
                seen += 1;
            }
            BRT_END_BUNDLE_SHS => break,
            _ => {}
        }
    }
    Err(format!("xl/workbook.bin has no sheet {}", index + 1))
}

/// The target of relationship `id` in `xl/_rels/workbook.bin.rels`.
fn relation_target<R: BufRead>(xml: R, id: &str) -> Result<String, String> {
    const PART: &str = "xl/_rels/workbook.bin.rels";
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buffer = Vec::new();
    loop {
        match reader.read_event_into(&mut buffer) {
            Ok(Event::Start(element) | Event::Empty(element))
                if element.name() == QName("Relationship")
                    && part_attribute(&element, "Id", PART)?.as_deref() == Some(id) =>
            {
                return part_attribute(&element, "Target", PART)?
                    .ok_or_else(|| format!("{PART}: relationship `{id}` has no target"));
            }
            Ok(Event::Eof) => return Err(format!("{PART} has no relationship `{id}`")),
            Err(error) => return Err(format!("{PART}: {error}")),
            Ok(_) => {}
        }
        buffer.clear();
    }
}

/// The number cells of a sheet part whose style shows a percentage. A row
/// header (BrtRowHdr) gives the row of the cells after it; a cell record
/// begins with its column (4 bytes) and its style (3 bytes).
fn xlsb_sheet_percent_cells<R: Read>(
    sheet: R,
    percent_styles: &[bool],
    name: &str,
) -> Result<PercentCells, String> {
    let mut records = BinRecords::new(sheet, name);
    let mut cells = Collector::default();
    let mut row = 0u32;
    while let Some(kind) = records.next()? {
        let data = records.data.as_slice();
        match kind {
            BRT_ROW_HDR => row = read_u32(data, 0).ok_or_else(|| records.malformed("BrtRowHdr"))?,
            BRT_CELL_RK | BRT_CELL_REAL | BRT_FMLA_NUM => {
                let (Some(column), Some(style)) = (read_u32(data, 0), data.get(4..7)) else {
                    return Err(records.malformed("cell"));
                };
                let style = u32::from_le_bytes([style[0], style[1], style[2], 0]);
                if usize::try_from(style).is_ok_and(|s| percent_styles.get(s) == Some(&true)) {
                    cells.add(
                        (row, row.saturating_add(1)),
                        (column, column.saturating_add(1)),
                    );
                }
            }
            BRT_END_SHEET_DATA => break,
            _ => {}
        }
    }
    Ok(cells.finish())
}

/// An XLWideString: a 4-byte count of UTF-16 code units, then the units.
fn wide_string(data: &[u8]) -> Option<String> {
    let count = usize::try_from(read_u32(data, 0)?).ok()?;
    let body = data.get(4..4usize.checked_add(count.checked_mul(2)?)?)?;
    let units: Vec<u16> = body
        .chunks_exact(2)
        .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
        .collect();
    Some(String::from_utf16_lossy(&units))
}

/// The records of an .xlsb part: a type of one or two 7-bit bytes, a size
/// of one to four, then the data.
struct BinRecords<R> {
    reader: R,
    name: String,
    offset: u64,
    start: u64,
    data: Vec<u8>,
}

impl<R: Read> BinRecords<R> {
    fn new(reader: R, name: &str) -> Self {
        BinRecords {
            reader,
            name: name.to_string(),
            offset: 0,
            start: 0,
            data: Vec::new(),
        }
    }

    fn byte(&mut self) -> Result<Option<u8>, String> {
        let mut byte = [0u8; 1];
        match self.reader.read_exact(&mut byte) {
            Ok(()) => {
                self.offset += 1;
                Ok(Some(byte[0]))
            }
            Err(error) if error.kind() == std::io::ErrorKind::UnexpectedEof => Ok(None),
            Err(error) => Err(format!("{}: {error}", self.name)),
        }
    }

    fn varint(&mut self, bytes: u32) -> Result<Option<u32>, String> {
        let mut value = 0u32;
        for n in 0..bytes {
            let Some(byte) = self.byte()? else {
                return if n == 0 { Ok(None) } else { Err(self.cut()) };
            };
            value |= u32::from(byte & 0x7F) << (7 * n);
            if byte & 0x80 == 0 {
                break;
            }
        }
        Ok(Some(value))
    }

    /// The next record's type, its data in `data`, or none at the end of
    /// the part.
    fn next(&mut self) -> Result<Option<u16>, String> {
        self.start = self.offset;
        let Some(kind) = self.varint(2)? else {
            return Ok(None);
        };
        let size = self.varint(4)?.ok_or_else(|| self.cut())?;
        // Read through `take`, so that a damaged size allocates no more
        // than the part holds.
        self.data.clear();
        let read = (&mut self.reader)
            .take(u64::from(size))
            .read_to_end(&mut self.data)
            .map_err(|error| format!("{}: {error}", self.name))?;
        if read as u64 != u64::from(size) {
            return Err(self.cut());
        }
        self.offset += u64::from(size);
        Ok(Some(kind as u16))
    }

    fn cut(&self) -> String {
        format!(
            "{}: the record at byte {} runs past the end",
            self.name, self.start
        )
    }

    fn malformed(&self, record: &str) -> String {
        format!(
            "{}: a {record} record at byte {} is too short",
            self.name, self.start
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_formats_are_told_by_a_percent_sign_outside_quotes() {
        assert!(is_percent_format("0.00%"));
        assert!(is_percent_format("0%;[Red]-0%"));
        assert!(!is_percent_format("0.00\"%\""));
        assert!(!is_percent_format("0.00\\%"));
        assert!(!is_percent_format("General"));
        assert!(!is_percent_format("yyyy-mm-dd"));
    }

    fn ods(rows: &str) -> PercentCells {
        let xml = format!(
            "<office:document-content><office:body><office:spreadsheet>\
             <table:table table:name=\"Other\"><table:table-row>\
             <table:table-cell office:value-type=\"percentage\" office:value=\"1\"/>\
             </table:table-row></table:table>\
             <table:table table:name=\"KPI &amp; more\">\
             <table:table-column table:number-columns-repeated=\"4\"/>{rows}</table:table>\
             </office:spreadsheet></office:body></office:document-content>"
        );
        ods_sheet_percent_cells(xml.as_bytes(), "KPI & more").expect("a sheet")
    }

    fn percent(value: u32) -> String {
        format!(
            "<table:table-cell office:value-type=\"percentage\" office:value=\"{value}\"><text:p>{value}00%</text:p></table:table-cell>"
        )
    }

    fn positions(cells: &PercentCells) -> Vec<(u32, u32)> {
        (0..12)
            .flat_map(|row| (0..12).map(move |column| (row, column)))
            .filter(|&(row, column)| cells.contains(row, column))
            .collect()
    }

    #[test]
    fn ods_percent_cells_are_found_in_the_named_sheet_only() {
        let cells = ods(&format!(
            "<table:table-row><table:table-cell/>{}</table:table-row>",
            percent(1)
        ));
        assert_eq!(positions(&cells), [(0, 1)]);
    }

    #[test]
    fn ods_repeated_rows_and_columns_take_their_places() {
        let cells = ods(&format!(
            "<table:table-row table:number-rows-repeated=\"3\"><table:table-cell table:number-columns-repeated=\"2\"/></table:table-row>\
             <table:table-row><table:table-cell table:number-columns-repeated=\"3\"/>{}</table:table-row>\
             <table:table-header-rows><table:table-row table:number-rows-repeated=\"2\">\
             <table:table-cell table:number-columns-repeated=\"2\" office:value-type=\"percentage\" office:value=\"0.5\"/>\
             <table:table-cell office:value-type=\"float\" office:value=\"4\"/>{}\
             </table:table-row></table:table-header-rows>\
             <table:table-row table:number-rows-repeated=\"1048000\"><table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row>",
            percent(1),
            percent(2)
        ));
        assert_eq!(
            positions(&cells),
            [(3, 3), (4, 0), (4, 1), (4, 3), (5, 0), (5, 1), (5, 3)]
        );
    }

    #[test]
    fn ods_covered_cells_take_their_places() {
        let cells = ods(&format!(
            "<table:table-row><table:table-cell table:number-columns-spanned=\"2\" office:value-type=\"string\"><text:p>merged</text:p></table:table-cell>\
             <table:covered-table-cell/>{}</table:table-row>",
            percent(1)
        ));
        assert_eq!(positions(&cells), [(0, 2)]);
    }

    #[test]
    fn ods_a_table_inside_a_cell_is_not_the_sheet() {
        let cells = ods(&format!(
            "<table:table-row><table:table-cell><table:table><table:table-row>{}</table:table-row></table:table></table:table-cell>{}</table:table-row>",
            percent(1),
            percent(1)
        ));
        assert_eq!(positions(&cells), [(0, 1)]);
    }

    #[test]
    fn ods_bad_content_is_an_error() {
        let missing = ods_sheet_percent_cells(
            "<table:table table:name=\"A\"></table:table>".as_bytes(),
            "B",
        );
        assert_eq!(
            missing.err().as_deref(),
            Some("content.xml has no table `B`")
        );
        let bad_count = ods_sheet_percent_cells(
            "<table:table table:name=\"A\"><table:table-row table:number-rows-repeated=\"x\"/></table:table>"
                .as_bytes(),
            "A",
        );
        assert_eq!(
            bad_count.err().as_deref(),
            Some("content.xml: `table:number-rows-repeated` is `x`, not a count")
        );
        let cut = ods_sheet_percent_cells(
            "<table:table table:name=\"A\"><table:table-row>".as_bytes(),
            "A",
        );
        assert!(cut.is_err());
    }

    fn record(kind: u16, data: &[u8]) -> Vec<u8> {
        let mut bytes = kind.to_le_bytes().to_vec();
        bytes.extend((data.len() as u16).to_le_bytes());
        bytes.extend(data);
        bytes
    }

    fn words(values: &[u16]) -> Vec<u8> {
        values.iter().flat_map(|v| v.to_le_bytes()).collect()
    }

    /// A BIFF8 stream: XF 0 General, XF 1 built-in `0.00%` (10), XF 2 the
    /// custom `0.0%` (164), XF 3 a custom `0.0"%"` (165, no percentage);
    /// two sheets, the second with `cells`.
    fn biff(cells: &[Vec<u8>]) -> Vec<u8> {
        let bof = record(BOF, &words(&[0x0600, 0x0005]));
        let eof = record(EOF, &[]);
        let format = |id: u16, code: &str| {
            let mut data = words(&[id, code.len() as u16]);
            data.push(0);
            data.extend(code.as_bytes());
            record(FORMAT, &data)
        };
        let xf = |format: u16| record(XF, &words(&[0, format, 0, 0, 0, 0, 0, 0, 0, 0]));
        let mut globals = [
            bof.clone(),
            format(164, "0.0%"),
            format(165, "0.0\"%\""),
            xf(0),
            xf(10),
            xf(164),
            xf(165),
        ]
        .concat();
        let sheet_record = |offset: u32| {
            let mut data = offset.to_le_bytes().to_vec();
            data.extend([0, 0, 1, 0, b'S']);
            record(BOUNDSHEET, &data)
        };
        let length = globals.len() + 2 * sheet_record(0).len() + eof.len();
        let first = length as u32;
        let first_sheet = [
            bof.clone(),
            record(NUMBER, &words(&[0, 0, 1, 0, 0, 0, 0])),
            eof.clone(),
        ]
        .concat();
        let second = first + first_sheet.len() as u32;
        globals.extend(sheet_record(first));
        globals.extend(sheet_record(second));
        globals.extend(eof.clone());
        globals.extend(first_sheet);
        globals.extend(bof);
        for cell in cells {
            globals.extend(cell);
        }
        globals.extend(eof);
        globals
    }

    #[test]
    fn xls_cells_with_a_percent_style_are_found_in_their_sheet() {
        let chart = [
            record(BOF, &words(&[0x0600, 0x0020])),
            record(NUMBER, &words(&[7, 7, 1, 0, 0, 0, 0])),
            record(EOF, &[]),
        ]
        .concat();
        let stream = biff(&[
            record(NUMBER, &words(&[2, 2, 1, 0, 0, 0, 0])),
            record(RK, &words(&[2, 3, 2, 0, 0])),
            record(NUMBER, &words(&[3, 2, 3, 0, 0, 0, 0])),
            record(NUMBER, &words(&[3, 3, 0, 0, 0, 0, 0])),
            // Row 4, columns 1..=3, styles 1, 0, 2.
            record(MULRK, &words(&[4, 1, 1, 0, 0, 0, 0, 0, 2, 0, 0, 3])),
            record(FORMULA, &[words(&[5, 0, 2]), vec![0; 14]].concat()),
            chart,
        ]);
        let cells = biff_percent_cells(std::io::Cursor::new(&stream), 1).expect("formats");
        assert_eq!(positions(&cells), [(2, 2), (2, 3), (4, 1), (4, 3), (5, 0)]);
        let first = biff_percent_cells(std::io::Cursor::new(&stream), 0).expect("formats");
        assert_eq!(positions(&first), [(0, 0)]);
    }

    #[test]
    fn xls_bad_records_are_errors() {
        let cut = biff(&[record(NUMBER, &words(&[2, 2]))]);
        let error = biff_percent_cells(std::io::Cursor::new(&cut), 1).err();
        assert!(error.is_some_and(|e| e.starts_with("a cell record at byte ")));
        let mut cut_short = biff(&[record(NUMBER, &words(&[2, 2, 1, 0, 0, 0, 0]))]);
        cut_short.truncate(cut_short.len() - 8);
        let error = biff_percent_cells(std::io::Cursor::new(&cut_short), 1).err();
        assert!(error.is_some_and(|e| e.ends_with("runs past the end of the stream")));
        assert!(
            biff_percent_cells(std::io::Cursor::new(b"\x09\x08\x04\x00\x00\x02\x10\x00"), 0)
                .is_err()
        );
    }

    fn bin(kind: u16, data: &[u8]) -> Vec<u8> {
        let mut bytes = Vec::new();
        let mut push = |mut value: usize| loop {
            let low = (value & 0x7F) as u8;
            value >>= 7;
            if value == 0 {
                bytes.push(low);
                break;
            }
            bytes.push(low | 0x80);
        };
        push(usize::from(kind));
        push(data.len());
        bytes.extend(data);
        bytes
    }

    fn cell(column: u32, style: u32) -> Vec<u8> {
        [column.to_le_bytes(), style.to_le_bytes(), [0; 4], [0; 4]].concat()
    }

    #[test]
    fn xlsb_cells_take_the_row_of_the_row_header_before_them() {
        // Style 0x010002 tests the third byte of the 24-bit style; the
        // fourth byte (flags) is not part of it.
        let mut percent_styles = vec![false; 0x010003];
        percent_styles[0x010002] = true;
        percent_styles[1] = true;
        let sheet = [
            bin(0x0091, &[]),
            bin(BRT_ROW_HDR, &[2, 0, 0, 0, 0, 0, 0, 0]),
            bin(BRT_CELL_REAL, &cell(3, 0x0101_0002)),
            bin(BRT_CELL_RK, &cell(4, 0)),
            bin(BRT_ROW_HDR, &[200, 0, 0, 0, 0, 0, 0, 0]),
            bin(BRT_FMLA_NUM, &cell(1, 1)),
            // A long record: a size of two varint bytes.
            bin(0x0006, &[0; 300]),
            bin(BRT_END_SHEET_DATA, &[]),
            bin(BRT_CELL_REAL, &cell(0, 1)),
        ]
        .concat();
        let cells =
            xlsb_sheet_percent_cells(sheet.as_slice(), &percent_styles, "s").expect("cells");
        assert!(cells.contains(2, 3) && cells.contains(200, 1));
        assert!(!cells.contains(2, 4) && !cells.contains(0, 0) && !cells.contains(2, 1));
        let short = [bin(BRT_ROW_HDR, &[1, 0]), bin(BRT_CELL_REAL, &cell(0, 1))].concat();
        assert_eq!(
            xlsb_sheet_percent_cells(short.as_slice(), &percent_styles, "s")
                .err()
                .as_deref(),
            Some("s: a BrtRowHdr record at byte 0 is too short")
        );
        let mut cut_record = bin(BRT_CELL_REAL, &cell(0, 1));
        cut_record.truncate(cut_record.len() - 1);
        let error = xlsb_sheet_percent_cells(cut_record.as_slice(), &percent_styles, "s").err();
        assert!(error.is_some_and(|e| e.ends_with("runs past the end")));
    }

    #[test]
    fn xlsb_styles_count_cell_styles_only() {
        let xf = |format: u16| {
            bin(
                BRT_XF,
                &[vec![0, 0], format.to_le_bytes().to_vec(), vec![0; 12]].concat(),
            )
        };
        let format = |id: u16, code: &str| {
            let units: Vec<u8> = code.encode_utf16().flat_map(u16::to_le_bytes).collect();
            let data = [
                id.to_le_bytes().to_vec(),
                (code.len() as u32).to_le_bytes().to_vec(),
                units,
            ]
            .concat();
            bin(BRT_FMT, &data)
        };
        let styles = [
            format(164, "0.0%"),
            format(165, "0.0\"%\""),
            // Cell style records (named styles) come before the cell styles.
            bin(0x0272, &[1, 0, 0, 0]),
            xf(9),
            bin(0x0273, &[]),
            bin(BRT_BEGIN_CELL_XFS, &[4, 0, 0, 0]),
            xf(0),
            xf(9),
            xf(164),
            xf(165),
            bin(BRT_END_CELL_XFS, &[]),
        ]
        .concat();
        assert_eq!(
            xlsb_percent_styles(styles.as_slice()).expect("styles"),
            [false, true, true, false]
        );
    }

    #[test]
    fn damaged_records_give_errors_not_panics() {
        let stream = biff(&[
            record(NUMBER, &words(&[2, 2, 1, 0, 0, 0, 0])),
            record(MULRK, &words(&[4, 1, 1, 0, 0, 0, 0, 0, 2, 0, 0, 3])),
        ]);
        for at in 0..stream.len() {
            for byte in [0x00, 0x7F, 0xFF] {
                let mut damaged = stream.clone();
                damaged[at] = byte;
                let _ = biff_percent_cells(std::io::Cursor::new(&damaged), 1);
                let _ = xlsb_sheet_percent_cells(damaged.as_slice(), &[true, true], "s");
                let _ = xlsb_percent_styles(damaged.as_slice());
                let _ = xlsb_sheet_relation(damaged.as_slice(), 0);
            }
            let _ = biff_percent_cells(std::io::Cursor::new(&stream[..at]), 1);
        }
    }
}
