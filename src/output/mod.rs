//! How results are written: [`render`] (the terminal table, CSV, JSON and
//! markdown of a listing), [`workbook`] (xlsx), [`html`] (HTML pages and
//! their SVG charts), [`text`] and [`json`] (what is not a listing:
//! `explain`'s tree and record) and [`manual`] (the manual page).

pub mod file;
pub mod html;
pub mod json;
pub mod manual;
pub mod render;
pub mod text;
pub mod workbook;
