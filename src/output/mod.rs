//! Output: what a job leaves in the output folder besides the tables.
//!
//! [`staging`] writes everything into a temporary folder and swaps it into place at the end;
//! [`manifest`] records what the run used and did (`manifest.json`); [`report`] renders
//! `report.html` from the tables' excerpts and the charts, with [`explore`]'s data for its
//! interactive section.

pub mod explore;
pub mod manifest;
pub mod report;
pub mod staging;
