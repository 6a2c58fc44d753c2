//! What is worked out beside the ranking, from the grades and the
//! standard: [`explain`] (one manager's whole computation), [`gaps`] (to
//! the next tier), [`report`] (per branch and team), [`movement`] (against
//! the previous quarter), [`diff`] (two standards) and [`weights`] (a
//! standard's effective weights), [`calibration`] (who is near a tier
//! line, for the calibration committee).

pub mod calibration;
pub mod diff;
pub mod explain;
pub mod gaps;
pub mod movement;
pub mod report;
pub mod weights;
