//! How results are written: [`render`] (the terminal table, CSV, JSON and
//! markdown of a listing), [`workbook`] (xlsx), [`html`] (HTML pages and
//! their SVG charts), [`text`] and [`json`] (what is not a listing:
//! `explain`'s tree and record) and [`manual`] (the manual page). The
//! analyses' tables are rows of cells under named columns (`column`):
//! `gaps`, `report` (with its page in `html::report`), `weights`; `diff`
//! writes the changes between two standards as text, markdown or JSON.

pub(crate) mod column;
pub(crate) mod diff;
pub mod file;
pub(crate) mod gaps;
pub mod html;
pub mod json;
pub mod manual;
pub mod render;
pub(crate) mod report;
pub mod text;
pub(crate) mod weights;
pub mod workbook;
