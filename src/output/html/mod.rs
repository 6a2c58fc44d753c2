//! HTML pages: [`report`] (the quarter report's page).

pub(crate) mod report;
