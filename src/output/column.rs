//! A listing's columns, each named once with whether it holds numbers, and
//! the listing of rows made by index that the analyses' tables share.

use std::borrow::Cow;

use crate::output::render::{Cell, CsvStyle, Listing};
use crate::standard::Standard;

/// A column: its name (the CSV header, the JSON field) and whether it
/// holds numbers (right-aligned in tables).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Column {
    pub(crate) name: Cow<'static, str>,
    pub(crate) numeric: bool,
}

impl Column {
    pub(crate) const fn text(name: &'static str) -> Column {
        Column {
            name: Cow::Borrowed(name),
            numeric: false,
        }
    }

    pub(crate) const fn number(name: &'static str) -> Column {
        Column {
            name: Cow::Borrowed(name),
            numeric: true,
        }
    }

    /// A column whose name comes from the standard (a tier, a competency).
    pub(crate) fn named(name: impl Into<Cow<'static, str>>, numeric: bool) -> Column {
        Column {
            name: name.into(),
            numeric,
        }
    }
}

/// The names and the numeric flags apart, as a [`Listing`] holds them.
pub(crate) fn split(columns: &[Column]) -> (Vec<String>, Vec<bool>) {
    let names = columns.iter().map(|c| c.name.to_string()).collect();
    let numeric = columns.iter().map(|c| c.numeric).collect();
    (names, numeric)
}

/// A listing of `count` rows made by `row` from their index, under `columns`.
pub(crate) fn index_listing<'a, 'r>(
    standard: &'a Standard,
    columns: &[Column],
    key: &'static str,
    count: usize,
    row: &'r (dyn Fn(&usize) -> Vec<Cell<'a>> + Sync),
    warnings: Vec<String>,
    csv_style: CsvStyle,
) -> Listing<'a, 'r, usize> {
    let (columns, numeric) = split(columns);
    Listing {
        standard,
        columns,
        numeric,
        key,
        items: (0..count).collect(),
        row,
        sections: Vec::new(),
        warnings,
        csv_style,
        tier_colours: None,
    }
}
