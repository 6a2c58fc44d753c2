//! JSON documents that are not a listing of cells: `explain.rs`, the
//! record of one manager's computation.

pub(crate) mod explain;
