//! Numbers as the analyst's spreadsheet sees them: the CSV number grammar,
//! spreadsheet rounding (SPEC §5) and exact decimal quotas.

/// Parses a CSV number: `[+-]?(digits[.digits] | .digits)` (SPEC §2).
/// `NaN`, `inf`, `1e3` and `4,5` are not numbers.
pub(crate) fn parse_number(text: &str) -> Option<f64> {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let valid = match fraction {
        None => !whole.is_empty() && all_digits(whole),
        Some(fraction) => !fraction.is_empty() && all_digits(fraction) && all_digits(whole),
    };
    if !valid {
        return None;
    }
    // Up to 15 digits in all, the digits as one integer over a power of ten
    // are two exact f64s, so one division rounds correctly, as parse does.
    let digits = whole.len() + fraction.map_or(0, str::len);
    if digits <= 15 {
        let mantissa = whole
            .bytes()
            .chain(fraction.unwrap_or("").bytes())
            .fold(0u64, |sum, b| sum * 10 + u64::from(b - b'0'));
        let value = mantissa as f64 / 10f64.powi(fraction.map_or(0, str::len) as i32);
        return Some(if text.starts_with('-') { -value } else { value });
    }
    text.parse::<f64>().ok()
}

/// A decimal number written in full: `digits × 10^exponent`, sign apart.
#[derive(Debug, Clone, PartialEq, Eq)]
struct DecimalDigits {
    negative: bool,
    /// Significant digits, most significant first, as ASCII.
    digits: Vec<u8>,
    /// Power of ten of the last digit.
    exponent: i32,
}

impl DecimalDigits {
    /// The value rounded to 15 significant digits, half away from zero, as a
    /// spreadsheet stores a computed number.
    fn fifteen_significant(value: f64) -> DecimalDigits {
        // 17 correctly rounded digits are within 0.005 of a unit of the 15th
        // digit from the exact value, so digits 16–17 decide the rounding
        // unless they read 50; then 40 digits (slow, exact) decide.
        let (mut digits, exponent) = significant_digits(value, 17);
        let tail = (digits[15] - b'0') * 10 + (digits[16] - b'0');
        let round_up = if tail == 50 {
            significant_digits(value, 40).0[15] >= b'5'
        } else {
            tail > 50
        };
        digits.truncate(15);
        let mut last_exponent = exponent - 14;
        if round_up && increment(&mut digits) {
            // 999…9 rounded up to 1000…0: one more digit, drop the last zero.
            digits.insert(0, b'1');
            digits.pop();
            last_exponent += 1;
        }
        DecimalDigits {
            negative: value < 0.0,
            digits,
            exponent: last_exponent,
        }
    }

    /// Rounds to `decimals` places, half away from zero, and returns the
    /// value as a count of 10^-decimals units.
    fn to_units(&self, decimals: u32) -> i128 {
        let shift = self.exponent + decimals as i32;
        let mut units: i128 = 0;
        let keep = if shift >= 0 {
            self.digits.len()
        } else {
            self.digits.len().saturating_sub((-shift) as usize)
        };
        for &digit in &self.digits[..keep] {
            units = units
                .saturating_mul(10)
                .saturating_add(i128::from(digit - b'0'));
        }
        if shift > 0 {
            for _ in 0..shift {
                units = units.saturating_mul(10);
            }
        } else if shift < 0 && (-shift) as usize <= self.digits.len() {
            // The first digit dropped decides; when every digit is dropped
            // and more, the value is under a tenth of a unit and rounds to 0.
            let first_dropped = self.digits.get(keep).copied().unwrap_or(b'0');
            if first_dropped >= b'5' {
                units += 1;
            }
        }
        if self.negative { -units } else { units }
    }
}

/// The first `count` significant digits of |value|, correctly rounded, as
/// ASCII, with the power of ten of the first digit.
fn significant_digits(value: f64, count: usize) -> (Vec<u8>, i32) {
    let text = format!("{:.*e}", count - 1, value.abs());
    let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
    let digits = mantissa.bytes().filter(u8::is_ascii_digit).collect();
    (digits, exponent.parse().unwrap_or(0))
}

/// Adds one to a string of ASCII digits; true when it carried out of the top.
fn increment(digits: &mut [u8]) -> bool {
    for digit in digits.iter_mut().rev() {
        if *digit == b'9' {
            *digit = b'0';
        } else {
            *digit += 1;
            return false;
        }
    }
    true
}

/// 10^`exponent`, exact: looked up for the precisions scores use, since
/// every score at every level is rounded.
fn power_of_ten(exponent: u32) -> f64 {
    const POWERS: [f64; 16] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];
    POWERS
        .get(exponent as usize)
        .copied()
        .unwrap_or_else(|| 10f64.powi(exponent as i32))
}

/// Spreadsheet rounding (SPEC §5): the value to 15 significant digits, then to
/// `precision` decimals, both half away from zero. The result is the f64
/// nearest to that decimal, so formatting it with `precision` decimals prints
/// exactly the decimal, and comparing it with a threshold written in the
/// standard compares the two decimals.
pub(crate) fn round_score(value: f64, precision: u32) -> f64 {
    if value == 0.0 || !value.is_finite() {
        return value;
    }
    let scale = power_of_ten(precision);
    let scaled = value * scale;
    // Away from a half-point the two roundings cannot change the outcome:
    // the product's error and the 15-digit step together move `scaled` by
    // under 1e-14 of its size. Only near a half do the digits decide.
    if scaled.abs() < 1e15 {
        let fraction = (scaled - scaled as i64 as f64).abs();
        if (fraction - 0.5).abs() > scaled.abs() * 1e-14 || is_decimal_half(value, scaled, scale) {
            // `f64::round` keeps the sign of a value rounded to zero (-0.0).
            return (nearest_whole(scaled) as f64).copysign(scaled) / scale;
        }
    }
    let units = DecimalDigits::fifteen_significant(value).to_units(precision);
    units as f64 / power_of_ten(precision)
}

/// Whether `value` is the f64 nearest a decimal that ends in a 5 just past
/// the precision: `scaled` (`value` × `scale`) is a whole and a half, and
/// divided back it gives `value`. That decimal has at most 15 significant
/// digits, so it is what the 15-digit step makes of `value` (which lies
/// within a 2^-53 part of it, a 15-digit step being over 10^-15 of it), and
/// half away from zero rounds it up in size, as [`nearest_whole`] does.
/// Scores on quarter and half points meet such ties often, and the digits
/// would cost a formatting each.
fn is_decimal_half(value: f64, scaled: f64, scale: f64) -> bool {
    scaled.abs() < 1e14 && (scaled - scaled.trunc()).abs() == 0.5 && scaled / scale == value
}

/// The value rounded to 15 significant digits, the first step of SPEC §5's
/// rounding, as the f64 nearest that decimal: what a spreadsheet holds of a
/// computed ratio, so that 5.6 / 7 (0.7999999999999999 in binary)
/// compares equal to a threshold written `0.8`.
pub(crate) fn round_significant(value: f64) -> f64 {
    if value == 0.0 || !value.is_finite() {
        return value;
    }
    if let Some(rounded) = round_significant_quickly(value) {
        return rounded;
    }
    let decimal = DecimalDigits::fifteen_significant(value);
    let digits = std::str::from_utf8(&decimal.digits).unwrap_or("0");
    let sign = if decimal.negative { "-" } else { "" };
    format!("{sign}{digits}e{}", decimal.exponent)
        .parse()
        .unwrap_or(value)
}

/// [`round_significant`] without writing digits out, for the values whose
/// 15th digit rounds clearly one way (every rating adjusted for leniency
/// goes through it). The value is scaled to 15 whole digits by a power of
/// ten, which is exact up to 10^22, so the product is within 0.07 of the
/// exact one; away from a half that decides the rounding, and the whole
/// number, exact below 2^53, is scaled back by one division or product of
/// two exact numbers, which IEEE arithmetic rounds to the f64 nearest the
/// decimal. `None` near a half or beyond 10^±22.
fn round_significant_quickly(value: f64) -> Option<f64> {
    const EXACT_POWERS: i32 = 22;
    let magnitude = value.abs();
    let scaled_by = |shift: i32| {
        let power = 10f64.powi(shift.abs());
        if shift >= 0 {
            magnitude * power
        } else {
            magnitude / power
        }
    };
    let mut shift = 14 - magnitude.log10().floor() as i32;
    let mut scaled = scaled_by(shift);
    // The logarithm may be a little off at a power of ten.
    if scaled >= 1e15 {
        shift -= 1;
        scaled = scaled_by(shift);
    } else if scaled < 1e14 {
        shift += 1;
        scaled = scaled_by(shift);
    }
    if !(1e14..1e15).contains(&scaled) || shift.abs() > EXACT_POWERS {
        return None;
    }
    let fraction = scaled - scaled.floor();
    if (fraction - 0.5).abs() < 0.1 {
        return None;
    }
    let whole = scaled.round();
    let power = 10f64.powi(shift.abs());
    let rounded = if shift >= 0 {
        whole / power
    } else {
        whole * power
    };
    Some(rounded.copysign(value))
}

/// The whole number nearest `scaled` (|scaled| < 1e15), halves away from
/// zero: `f64::round`, done by converting to an integer, which truncates
/// without a call into the maths library (scores are rounded millions of
/// times in a national quarter).
fn nearest_whole(scaled: f64) -> i64 {
    let whole = scaled as i64;
    // Exact: `whole` is within a factor of two of `scaled` (or zero).
    let fraction = scaled - whole as f64;
    if fraction >= 0.5 {
        whole + 1
    } else if fraction <= -0.5 {
        whole - 1
    } else {
        whole
    }
}

/// Formats a rounded score with exactly `precision` decimals.
pub(crate) fn format_score(value: f64, precision: u32) -> String {
    let mut text = String::new();
    write_score(&mut text, value, precision);
    text
}

/// Appends a rounded score with exactly `precision` decimals to `out`,
/// without allocating: an export writes millions of them.
pub(crate) fn write_score(out: &mut String, value: f64, precision: u32) {
    use std::fmt::Write as _;
    let scaled = value * power_of_ten(precision);
    if scaled.abs() >= 1e15 {
        let _ = write!(out, "{:.*}", precision as usize, value);
        return;
    }
    // A rounded score is the f64 nearest units / 10^precision, so scaling
    // back and rounding recovers the units exactly.
    let units = nearest_whole(scaled);
    if units < 0 {
        out.push('-');
    }
    let divisor = 10u64.pow(precision);
    let (whole, fraction) = (
        units.unsigned_abs() / divisor,
        units.unsigned_abs() % divisor,
    );
    let _ = write!(out, "{whole}");
    if precision > 0 {
        let _ = write!(out, ".{fraction:0width$}", width = precision as usize);
    }
}

/// An exact decimal fraction `numerator / 10^scale`, for the quota arithmetic
/// that must not go through binary floating point (0.29 × 100 = 29).
/// Keeps at most `MAX_SCALE` decimals.
const MAX_SCALE: i32 = 36;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExactDecimal {
    numerator: i128,
    scale: u32,
}

impl std::fmt::Display for ExactDecimal {
    /// The decimal as written, without trailing zeros: `0.15`, `1`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let digits = self.numerator.unsigned_abs().to_string();
        let scale = self.scale as usize;
        let padded = format!("{digits:0>width$}", width = scale + 1);
        let (whole, fraction) = padded.split_at(padded.len() - scale);
        let fraction = fraction.trim_end_matches('0');
        let sign = if self.numerator < 0 { "-" } else { "" };
        if fraction.is_empty() {
            write!(f, "{sign}{whole}")
        } else {
            write!(f, "{sign}{whole}.{fraction}")
        }
    }
}

impl ExactDecimal {
    /// Reads a decimal literal as TOML writes it: optional sign, digits with an
    /// optional fraction, optional exponent, underscores between digits.
    pub fn parse(literal: &str) -> Option<ExactDecimal> {
        let text: String = literal.chars().filter(|&c| c != '_').collect();
        let (mantissa, exponent) = match text.split_once(['e', 'E']) {
            Some((mantissa, exponent)) => (mantissa, exponent.parse::<i32>().ok()?),
            None => (text.as_str(), 0),
        };
        let negative = mantissa.starts_with('-');
        let mantissa = mantissa.strip_prefix(['+', '-']).unwrap_or(mantissa);
        let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        if whole.is_empty() && fraction.is_empty() {
            return None;
        }
        let mut numerator: i128 = 0;
        let mut scale = fraction.len() as i32 - exponent;
        let digits: Vec<u8> = whole.bytes().chain(fraction.bytes()).collect();
        // Past 36 decimals a digit cannot change floor(share × count) for any
        // roster that fits in memory; dropping it keeps the numerator in range.
        let mut kept = &digits[..];
        if scale > MAX_SCALE {
            let dropped = (scale - MAX_SCALE) as usize;
            kept = &digits[..digits.len().saturating_sub(dropped)];
            scale = MAX_SCALE;
        }
        for &byte in kept {
            if !byte.is_ascii_digit() {
                return None;
            }
            numerator = numerator
                .checked_mul(10)?
                .checked_add(i128::from(byte - b'0'))?;
        }
        while scale < 0 {
            numerator = numerator.checked_mul(10)?;
            scale += 1;
        }
        let scale = u32::try_from(scale).ok()?;
        Some(ExactDecimal {
            numerator: if negative { -numerator } else { numerator },
            scale,
        })
    }

    /// Whether self ≤ 1, exactly.
    pub(crate) fn at_most_one(&self) -> bool {
        self.numerator <= 10i128.pow(self.scale)
    }

    /// floor(self × count), exactly.
    pub(crate) fn floor_times(&self, count: u64) -> i128 {
        let product = self.numerator.saturating_mul(i128::from(count));
        product.div_euclid(10i128.pow(self.scale))
    }
}

/// A full-precision value (a rating-scale mean, an attainment) as shown in
/// JSON: to 15 significant digits and at most 10 decimals, so that binary
/// noise (3.8124999999999996) shows as the decimal it stands for (3.8125).
pub(crate) fn shown_value(value: f64) -> f64 {
    round_score(value, 10)
}

/// A number as people write it, without trailing zeros (`0.4`, `3`,
/// `1.25`), to 6 decimals at most: weights, points and cut scores as given.
pub(crate) fn trim_number(value: f64) -> String {
    // Rounded to 15 significant digits and 6 decimals, the shortest text
    // that reads back as the same number shows no binary noise.
    let rounded = round_score(value, 6);
    if rounded == 0.0 {
        return "0".to_string();
    }
    rounded.to_string()
}

/// A number column of the evidence, for saying what to write in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumberColumn {
    Score,
    ExamPoints,
    Actual,
    Target,
    TenureYears,
}

impl NumberColumn {
    fn label(self) -> &'static str {
        match self {
            NumberColumn::Score => "score",
            NumberColumn::ExamPoints => "exam points",
            NumberColumn::Actual => "actual",
            NumberColumn::Target => "target",
            NumberColumn::TenureYears => "tenure_years",
        }
    }

    /// When an empty cell is the right thing to write.
    fn when_empty(self) -> &'static str {
        match self {
            NumberColumn::Score => "there is no score",
            NumberColumn::ExamPoints => "there are no points",
            NumberColumn::Actual => "there is no result",
            NumberColumn::Target => "there is no target",
            NumberColumn::TenureYears => "the tenure is not known",
        }
    }

    fn as_a_number(self) -> &'static str {
        match self {
            NumberColumn::TenureYears => "write the years as a number, e.g. `3.5`",
            NumberColumn::Score => "write the score as a number",
            NumberColumn::ExamPoints => "write the points as a number",
            NumberColumn::Actual => "write the result as a number",
            NumberColumn::Target => "write the target as a number",
        }
    }
}

/// The error for a cell that is not a number, with what to write instead
/// when the text shows what was meant: `score `4,5` is not a number; write
/// `4.5``. The cell stays an error: a guess at what a cell means must never
/// change a grade unseen.
pub(crate) fn not_a_number(column: NumberColumn, text: &str) -> String {
    let mut message = format!("{} `{text}` is not a number", column.label());
    if let Some(hint) = number_hint(column, text) {
        message.push_str("; ");
        message.push_str(&hint);
    }
    message
}

fn number_hint(column: NumberColumn, text: &str) -> Option<String> {
    if is_spreadsheet_error(text) {
        return Some(format!(
            "the spreadsheet shows an error there: fix the formula, or leave the cell empty when {}",
            column.when_empty()
        ));
    }
    if let Some(number) = text.strip_suffix(['%', '％']) {
        let number = number.trim_end();
        let plain =
            read_as_written(number).or_else(|| parse_number(number).map(|_| number.to_string()))?;
        return Some(match column {
            NumberColumn::Actual => {
                format!(
                    "a percentage is not read as a number: write `{plain}`, and the target in the same unit"
                )
            }
            NumberColumn::Target => {
                format!(
                    "a percentage is not read as a number: write `{plain}`, and the actual in the same unit"
                )
            }
            _ => format!(
                "a percentage is not read as a number: {}",
                column.as_a_number()
            ),
        });
    }
    if is_date(text) {
        return Some(format!("`{text}` is a date: {}", column.as_a_number()));
    }
    if is_time(text) {
        return Some(format!(
            "`{text}` is a time or a duration: {}",
            column.as_a_number()
        ));
    }
    if let Some(decimal) = decimal_comma_reading(text) {
        let grouped = read_as_written(text)?;
        return Some(format!(
            "write `{grouped}`, or `{decimal}` if the comma is a decimal comma"
        ));
    }
    if let Some(plain) = read_as_written(text) {
        return Some(format!("write `{plain}`"));
    }
    if let Some((number, unit)) = number_and_unit(text) {
        return Some(unit_hint(column, number, unit));
    }
    if !text.chars().any(|c| c.is_numeric()) {
        return Some(format!("leave the cell empty when {}", column.when_empty()));
    }
    None
}

/// `#DIV/0!`, `#N/A`, `#VALUE!` and the like as Excel and WPS show them,
/// `Err:502` as LibreOffice does.
fn is_spreadsheet_error(text: &str) -> bool {
    let excel = text.strip_prefix('#').is_some_and(|rest| {
        !rest.is_empty()
            && rest
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || "/!?_".contains(c))
    });
    let libreoffice = text
        .strip_prefix("Err:")
        .is_some_and(|code| !code.is_empty() && code.bytes().all(|b| b.is_ascii_digit()));
    excel || libreoffice
}

fn all_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// `2023-06-01`, `2023/6/1`, `1.6.2023`, `6/1/23`, `2023年6月1日`, with or
/// without a time after it.
fn is_date(text: &str) -> bool {
    if text.contains('年') && text.contains('月') {
        return text.chars().next().is_some_and(|c| c.is_ascii_digit());
    }
    let day = text.split([' ', 'T']).next().unwrap_or(text);
    let parts: Vec<&str> = day.split(['-', '/', '.']).collect();
    parts.len() == 3
        && parts.iter().all(|part| all_digits(part) && part.len() <= 4)
        && (parts[0].len() == 4 || parts[2].len() == 4 || day.contains('/'))
}

/// `12:30`, `06:00:00`, `36:30:00.5`.
fn is_time(text: &str) -> bool {
    let parts: Vec<&str> = text.split(':').collect();
    let seconds = |part: &str| match part.split_once('.') {
        Some((whole, fraction)) => all_digits(whole) && all_digits(fraction),
        None => all_digits(part),
    };
    (2..=3).contains(&parts.len())
        && parts[..parts.len() - 1].iter().all(|part| all_digits(part))
        && seconds(parts[parts.len() - 1])
}

/// A number as people write it outside a CSV file, in the CSV grammar:
/// full-width digits (`４５`), digits grouped by commas, spaces or
/// apostrophes (`1,100`, `1 100`), a decimal comma (`4,5`, `1.234,5`).
/// `None` when the text is no such number or already a CSV number.
fn read_as_written(text: &str) -> Option<String> {
    let narrow: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\''))
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' => '.',
            '，' => ',',
            '－' | '−' => '-',
            '＋' => '+',
            other => other,
        })
        .collect();
    let (sign, body) = match narrow.strip_prefix(['+', '-']) {
        Some(body) => (&narrow[..1], body),
        None => ("", narrow.as_str()),
    };
    let grouped = |whole: &str, separator: char| {
        let groups: Vec<&str> = whole.split(separator).collect();
        (1..=3).contains(&groups[0].len())
            && groups.iter().all(|group| all_digits(group))
            && groups[1..].iter().all(|group| group.len() == 3)
    };
    let last_comma = body.rfind(',');
    let last_dot = body.rfind('.');
    let plain = match (last_comma, last_dot) {
        (None, _) => body.to_string(),
        // 1,234.5 and 1,100: commas group the digits.
        (Some(comma), dot) if dot.is_none_or(|dot| dot > comma) => {
            let (whole, fraction) = body.split_at(dot.unwrap_or(body.len()));
            if grouped(whole, ',') {
                format!("{}{fraction}", whole.replace(',', ""))
            } else if dot.is_none() && body.matches(',').count() == 1 {
                body.replace(',', ".")
            } else {
                return None;
            }
        }
        // 1.234,5: dots group the digits, the comma is the decimal point.
        (Some(comma), _) => {
            let (whole, fraction) = body.split_at(comma);
            if !grouped(whole, '.') {
                return None;
            }
            format!("{}.{}", whole.replace('.', ""), &fraction[1..])
        }
    };
    let plain = format!("{sign}{plain}");
    (plain != text && parse_number(&plain).is_some()).then_some(plain)
}

/// `3 years`, `12万`: a CSV number, then a unit or a word with no digit.
fn number_and_unit(text: &str) -> Option<(&str, &str)> {
    let end = text
        .find(|c: char| !(c.is_ascii_digit() || "+-.".contains(c)))
        .filter(|&end| end > 0)?;
    let (number, unit) = text.split_at(end);
    let unit = unit.trim();
    (parse_number(number).is_some() && !unit.chars().any(|c| c.is_numeric() || c == '%'))
        .then_some((number, unit))
}

/// What to write for a number with a unit: the number alone when the unit
/// is the column's own (`3 years` of tenure, `4分` of a score); for a KPI,
/// the number with the other of actual and target in the same unit, since
/// attainment is their ratio (`483.7万` against a target in 万 is 483.7,
/// against one in yuan it is 4837000: only the analyst knows which);
/// otherwise only that the cell takes a plain number, since `6个月` of
/// tenure is not 6.
fn unit_hint(column: NumberColumn, number: &str, unit: &str) -> String {
    if plain_unit(column, unit) {
        return format!("write `{number}`");
    }
    match column {
        NumberColumn::Actual => {
            format!("write `{number}`, and the target in the same unit (`{unit}`)")
        }
        NumberColumn::Target => {
            format!("write `{number}`, and the actual in the same unit (`{unit}`)")
        }
        _ => format!("{}, without the unit `{unit}`", column.as_a_number()),
    }
}

/// A unit that says what the column already counts in.
fn plain_unit(column: NumberColumn, unit: &str) -> bool {
    let units: &[&str] = match column {
        NumberColumn::Score | NumberColumn::ExamPoints => {
            &["分", "点", "pt", "pts", "point", "points"]
        }
        NumberColumn::TenureYears => &["年", "y", "yr", "yrs", "year", "years"],
        NumberColumn::Actual | NumberColumn::Target => {
            &["元", "件", "个", "户", "单", "台", "条", "笔", "人", "套"]
        }
    };
    units.contains(&unit)
}

/// `1,100` reads as eleven hundred with a thousands comma, or as 1.1 with a
/// decimal comma: the second reading when the text is ambiguous so.
fn decimal_comma_reading(text: &str) -> Option<String> {
    let (whole, fraction) = text.split_once(',')?;
    let whole_digits = whole.strip_prefix(['+', '-']).unwrap_or(whole);
    (all_digits(whole_digits)
        && whole_digits.len() <= 3
        && fraction.len() == 3
        && all_digits(fraction))
    .then(|| format!("{whole}.{fraction}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fifteen_significant_digits_quickly_or_in_digits_agree() {
        let slowly = |value: f64| {
            let decimal = DecimalDigits::fifteen_significant(value);
            let digits = std::str::from_utf8(&decimal.digits).unwrap_or("0");
            let sign = if decimal.negative { "-" } else { "" };
            format!("{sign}{digits}e{}", decimal.exponent)
                .parse::<f64>()
                .unwrap_or(value)
        };
        let mut next = random_numbers(7);
        let (mut quick, mut all) = (0, 0);
        for _ in 0..200_000 {
            let (a, b) = ((next() % 1_000_000) as f64, (next() % 997 + 1) as f64);
            let exponent = (next() % 41) as i32 - 20;
            let sign = if next().is_multiple_of(2) { 1.0 } else { -1.0 };
            // Ratios, sums of halves and shifts as leniency makes them,
            // at every magnitude.
            for value in [
                sign * a / b * 10f64.powi(exponent),
                sign * (a / 2.0 + 0.1 * b),
                3.5 + (a - 500_000.0) / (b * 1e5),
            ] {
                all += 1;
                if let Some(rounded) = round_significant_quickly(value) {
                    quick += 1;
                    assert_eq!(rounded.to_bits(), slowly(value).to_bits(), "{value:e}");
                }
            }
        }
        assert!(quick * 10 > all * 7, "{quick} of {all} quickly");
        assert_eq!(round_significant_quickly(0.8), Some(0.8));
        assert_eq!(round_significant_quickly(5.6 / 7.0), Some(0.8));
    }

    #[test]
    fn fifteen_significant_digits_take_binary_noise_off_a_ratio() {
        // 5.6 / 7 is 0.7999999999999999 in binary: 0.800000000000000.
        assert_ne!(5.6 / 7.0, 0.8);
        assert_eq!(round_significant(5.6 / 7.0), 0.8);
        // 0.56 / 0.7 is 0.8000000000000002: 0.8 too.
        assert_ne!(0.56 / 0.7, 0.8);
        assert_eq!(round_significant(0.56 / 0.7), 0.8);
        // 93 / 100 = 0.93 stays; 2 / 3 keeps 15 digits.
        assert_eq!(round_significant(93.0 / 100.0), 0.93);
        assert_eq!(round_significant(2.0 / 3.0), 0.666666666666667);
        assert_eq!(round_significant(-1.0 / 3.0), -0.333333333333333);
        assert_eq!(round_significant(0.0), 0.0);
        assert_eq!(round_significant(f64::INFINITY), f64::INFINITY);
    }

    #[test]
    fn csv_number_grammar() {
        for good in ["4", "4.5", ".5", "-0.5", "+3", "007"] {
            assert!(parse_number(good).is_some(), "{good}");
        }
        for bad in [
            "", "NaN", "inf", "1e3", "4,5", "4.", ".", "-", "1.2.3", " 4", "0x10",
        ] {
            assert!(parse_number(bad).is_none(), "{bad}");
        }
        assert_eq!(parse_number(".5"), Some(0.5));
        for text in [
            "4.1",
            "0.1",
            "3.14159",
            "99.995",
            "123456789.012345",
            "1234567890123456789.5",
        ] {
            assert_eq!(parse_number(text), text.parse().ok(), "{text}");
        }
        assert_eq!(parse_number("-0.5"), Some(-0.5));
    }

    #[test]
    fn nearest_whole_is_f64_round() {
        let mut values = vec![
            0.5,
            -0.5,
            1.5,
            -2.5,
            0.49999999999999994,
            4503599627370495.5,
        ];
        values.extend([2.0, -7.0, 0.0, -0.0, 999999999999999.0, -999999999999999.4]);
        // A spread of magnitudes and fractions, halves among them.
        for step in 0..20_000 {
            let value = (step as f64 - 10_000.0) * 0.25 * 1.0001f64.powi(step);
            values.push(value);
        }
        for value in values.into_iter().filter(|v| v.abs() < 1e15) {
            assert_eq!(nearest_whole(value) as f64, value.round(), "{value}");
        }
    }

    #[test]
    fn a_small_negative_rounds_to_negative_zero_as_before() {
        for value in [-0.004, -0.0049, -1e-9] {
            let rounded = round_score(value, 2);
            assert_eq!(rounded, 0.0);
            assert!(rounded.is_sign_negative(), "{value} gave {rounded}");
        }
        assert!(round_score(0.004, 2).is_sign_positive());
        // Elsewhere the sign is the value's: -2.7 → -3, 2.7 → 3.
        assert_eq!(round_score(-0.027, 2), -0.03);
        assert_eq!(round_score(0.027, 2), 0.03);
    }

    /// Numbers of 53 bits, the same for the same seed (a linear
    /// congruential generator's high bits).
    fn random_numbers(seed: u64) -> impl FnMut() -> u64 {
        let mut state = seed;
        move || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            state >> 11
        }
    }

    #[test]
    fn decimal_halves_round_as_their_digits_do() {
        let in_digits = |value: f64, precision: u32| {
            DecimalDigits::fifteen_significant(value).to_units(precision) as f64
                / power_of_ten(precision)
        };
        let mut next = random_numbers(11);
        let mut halves = 0;
        for precision in 0..=6 {
            for _ in 0..20_000 {
                // A decimal ending in 5 just past the precision, of up to
                // 15 digits, either sign: scores on half points and such.
                let digits = 1 + next() % 15;
                let whole = next() % 10u64.pow(digits as u32 - 1);
                let sign = if next().is_multiple_of(2) { 1.0 } else { -1.0 };
                let value = sign * (whole as f64 + 0.5) / power_of_ten(precision);
                let scale = power_of_ten(precision);
                halves += usize::from(is_decimal_half(value, value * scale, scale));
                assert_eq!(
                    round_score(value, precision),
                    in_digits(value, precision),
                    "{value} to {precision}"
                );
            }
        }
        // Most of them take the quick way; those that do not are still right.
        assert!(halves > 50_000, "{halves}");
        assert!(!is_decimal_half(1.005, 1.005 * 100.0, 100.0));
        assert_eq!(round_score(0.125, 2), 0.13);
        assert_eq!(round_score(-70.125, 2), -70.13);
    }

    #[test]
    fn half_points_round_away_from_zero() {
        // 0.125 is exact in binary: a true tie, rounded up, not to even.
        assert_eq!(format_score(round_score(0.125, 2), 2), "0.13");
        assert_eq!(format_score(round_score(2.5, 0), 0), "3");
        assert_eq!(format_score(round_score(3.5, 0), 0), "4");
        assert_eq!(format_score(round_score(-2.5, 0), 0), "-3");
    }

    #[test]
    fn scores_are_written_with_leading_and_trailing_zeros() {
        let mut out = String::from("x=");
        write_score(&mut out, 0.05, 2);
        assert_eq!(out, "x=0.05");
        for (value, precision, shown) in [
            (-0.05, 2, "-0.05"),
            (-12.3, 3, "-12.300"),
            (7.0, 0, "7"),
            (-0.004, 2, "0.00"),
            (100.000001, 6, "100.000001"),
            (1e16, 2, "10000000000000000.00"),
        ] {
            assert_eq!(
                format_score(round_score(value, precision), precision),
                shown
            );
        }
    }

    #[test]
    fn fifteen_digits_first_mends_binary_error() {
        // 1.005 is stored as 1.00499999999999989…; {:.2} would print 1.00.
        assert_eq!(format!("{:.2}", 1.005), "1.00");
        assert_eq!(format_score(round_score(1.005, 2), 2), "1.01");
        // 0.3 × 80 + 0.7 × 80.15 is 80.105 in decimal, 80.10499999999999 in f64.
        let computed = 0.3 * 80.0 + 0.7 * 80.15;
        assert!(computed < 80.105);
        assert_eq!(format!("{computed:.2}"), "80.10");
        assert_eq!(format_score(round_score(computed, 2), 2), "80.11");
        // 7 points of 100: 7 / 100 × 100 = 7.000000000000001 in f64.
        assert_eq!(7.0 / 100.0 * 100.0, 7.000_000_000_000_001);
        assert_eq!(format_score(round_score(7.0 / 100.0 * 100.0, 2), 2), "7.00");
    }

    #[test]
    fn rounding_at_every_precision() {
        assert_eq!(format_score(round_score(83.456_789, 0), 0), "83");
        assert_eq!(format_score(round_score(83.456_789, 1), 1), "83.5");
        assert_eq!(format_score(round_score(83.456_789, 3), 3), "83.457");
        assert_eq!(format_score(round_score(83.456_789, 6), 6), "83.456789");
        assert_eq!(format_score(round_score(99.995, 2), 2), "100.00");
        assert_eq!(format_score(round_score(120.0, 2), 2), "120.00");
        assert_eq!(format_score(round_score(0.0, 2), 2), "0.00");
        // Far below a unit: every digit dropped, 0.
        assert_eq!(DecimalDigits::fifteen_significant(0.086).to_units(0), 0);
        assert_eq!(DecimalDigits::fifteen_significant(0.0004).to_units(2), 0);
        assert_eq!(DecimalDigits::fifteen_significant(0.005).to_units(2), 1);
        // 2/3 × 100 = 66.666…: the 16th digit rounds the 15th up, then 66.67.
        assert_eq!(format_score(round_score(200.0 / 3.0, 2), 2), "66.67");
    }

    #[test]
    fn digits_past_the_fifteenth_decide_exactly() {
        // 100 + 1/8192 = 100.0001220703125 exactly: a true tie at the 16th
        // digit, rounded away from zero to 100.000122070313.
        let tie = 100.0 + 1.0 / 8192.0;
        assert_eq!(
            DecimalDigits::fifteen_significant(tie).digits,
            b"100000122070313".to_vec()
        );
        // Just below that tie, by one ulp, the 15 digits round down.
        let below = f64::from_bits(tie.to_bits() - 1);
        assert_eq!(
            DecimalDigits::fifteen_significant(below).digits,
            b"100000122070312".to_vec()
        );
    }

    #[test]
    fn quick_path_agrees_with_the_digits() {
        // A fixed pseudo-random walk over scores and precisions.
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..200_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let value = (state % 12_000_000) as f64 / 99_991.0;
            let precision = (state >> 40) as u32 % 7;
            let exact = DecimalDigits::fifteen_significant(value).to_units(precision) as f64
                / 10f64.powi(precision as i32);
            assert_eq!(
                round_score(value, precision),
                exact,
                "{value} at {precision}"
            );
            assert_eq!(
                format_score(exact, precision),
                format!("{:.*}", precision as usize, exact)
            );
        }
    }

    #[test]
    fn carry_through_all_nines() {
        assert_eq!(
            format_score(round_score(99.999_999_999_999_99, 2), 2),
            "100.00"
        );
        assert_eq!(format_score(round_score(9.999_999_999_999_999, 0), 0), "10");
    }

    #[test]
    fn exact_quota_arithmetic() {
        // In f64, 0.29 × 100 = 28.999999999999996 and floor gives 28.
        assert_eq!((0.29f64 * 100.0).floor(), 28.0);
        assert_eq!(ExactDecimal::parse("0.29").unwrap().floor_times(100), 29);
        assert_eq!(ExactDecimal::parse("0.145").unwrap().floor_times(200), 29);
        assert_eq!(ExactDecimal::parse("0.41").unwrap().floor_times(300), 123);
        assert_eq!(ExactDecimal::parse("0.15").unwrap().floor_times(6), 0);
        assert_eq!(ExactDecimal::parse("1").unwrap().floor_times(7), 7);
        assert_eq!(ExactDecimal::parse("1.5e-1").unwrap().floor_times(20), 3);
        assert_eq!(ExactDecimal::parse("1_0e-2").unwrap().floor_times(100), 10);
        assert!(ExactDecimal::parse("inf").is_none());
        // Judged exactly: 1.0000000000000001 is 1 in f64, but above 1.
        assert!(ExactDecimal::parse("1").unwrap().at_most_one());
        assert!(
            !ExactDecimal::parse("1.0000000000000001")
                .unwrap()
                .at_most_one()
        );
        // Tiny shares are kept to 36 decimals; they admit nobody anyway.
        assert_eq!(
            ExactDecimal::parse("1e-31")
                .unwrap()
                .floor_times(10_000_000_000_000),
            0
        );
        assert_eq!(
            ExactDecimal::parse("1e-40").unwrap().floor_times(1_000_000),
            0
        );
        assert!(ExactDecimal::parse("1.2.3").is_none());
        assert!(ExactDecimal::parse("nan").is_none());
    }

    #[test]
    fn a_cell_that_is_not_a_number_says_what_to_write() {
        let score = |text| not_a_number(NumberColumn::Score, text);
        assert_eq!(score("4,5"), "score `4,5` is not a number; write `4.5`");
        assert_eq!(
            score("1,100"),
            "score `1,100` is not a number; write `1100`, or `1.100` if the comma is a decimal comma"
        );
        assert_eq!(
            score("1,234,567.5"),
            "score `1,234,567.5` is not a number; write `1234567.5`"
        );
        assert_eq!(
            score("1.234,5"),
            "score `1.234,5` is not a number; write `1234.5`"
        );
        assert_eq!(score("４５"), "score `４５` is not a number; write `45`");
        assert_eq!(
            score("－３．５"),
            "score `－３．５` is not a number; write `-3.5`"
        );
        assert_eq!(
            score("1 100"),
            "score `1 100` is not a number; write `1100`"
        );
        assert_eq!(
            score("缺考"),
            "score `缺考` is not a number; leave the cell empty when there is no score"
        );
        assert_eq!(
            score("N/A"),
            "score `N/A` is not a number; leave the cell empty when there is no score"
        );
        assert_eq!(
            score("#DIV/0!"),
            "score `#DIV/0!` is not a number; the spreadsheet shows an error there: fix the formula, or leave the cell empty when there is no score"
        );
        assert_eq!(
            not_a_number(NumberColumn::Actual, "110%"),
            "actual `110%` is not a number; a percentage is not read as a number: write `110`, and the target in the same unit"
        );
        assert_eq!(
            not_a_number(NumberColumn::Target, "92,5 %"),
            "target `92,5 %` is not a number; a percentage is not read as a number: write `92.5`, and the actual in the same unit"
        );
        assert_eq!(
            score("92.1%"),
            "score `92.1%` is not a number; a percentage is not read as a number: write the score as a number"
        );
        assert_eq!(
            not_a_number(NumberColumn::TenureYears, "2023-06-01"),
            "tenure_years `2023-06-01` is not a number; `2023-06-01` is a date: write the years as a number, e.g. `3.5`"
        );
        for date in [
            "2023/6/1",
            "1.6.2023",
            "6/1/23",
            "2023-06-01 12:00:00",
            "2023年6月",
        ] {
            assert!(score(date).contains("is a date"), "{date}");
        }
        for time in ["12:30", "06:00:00", "36:30:00.5"] {
            assert!(score(time).contains("is a time or a duration"), "{time}");
        }
        assert_eq!(
            not_a_number(NumberColumn::TenureYears, "3 years"),
            "tenure_years `3 years` is not a number; write `3`"
        );
        assert_eq!(score("3.5分"), "score `3.5分` is not a number; write `3.5`");
        // A unit that multiplies is never dropped: 12万 is 12 only against a
        // target in 万.
        let actual = |text| not_a_number(NumberColumn::Actual, text);
        assert_eq!(
            actual("483.7万"),
            "actual `483.7万` is not a number; write `483.7`, and the target in the same unit (`万`)"
        );
        assert_eq!(
            not_a_number(NumberColumn::Target, "3.5k"),
            "target `3.5k` is not a number; write `3.5`, and the actual in the same unit (`k`)"
        );
        assert_eq!(
            actual("120元"),
            "actual `120元` is not a number; write `120`"
        );
        assert_eq!(
            not_a_number(NumberColumn::ExamPoints, "14k"),
            "exam points `14k` is not a number; write the points as a number, without the unit `k`"
        );
        // A unit that is not the column's own gives no number to write.
        assert_eq!(
            not_a_number(NumberColumn::TenureYears, "6个月"),
            "tenure_years `6个月` is not a number; write the years as a number, e.g. `3.5`, without the unit `个月`"
        );
        // Nothing to say about text that shows no intent.
        for text in ["1e3", "4.", "1.2.3", "0x10", "4,5,6", "3 years 6 months"] {
            assert_eq!(
                score(text),
                format!("score `{text}` is not a number"),
                "{text}"
            );
        }
    }
}
