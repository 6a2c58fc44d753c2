//! How results are written: [`render`] (the terminal table, CSV, JSON and
//! markdown of a listing), [`workbook`] (xlsx), [`html`] (HTML pages and
//! their SVG charts) and [`manual`] (the manual page).

pub mod file;
pub mod html;
pub mod manual;
pub mod render;
pub mod workbook;
