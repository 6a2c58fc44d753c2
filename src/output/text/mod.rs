//! Text written for people that is not a listing of cells: `explain.rs`,
//! the tree of one manager's computation.

pub(crate) mod explain;
