//! Tables: the run's results as the report contract's tables, written as CSV and Parquet.
//!
//! Takes the pipeline's ordered stream of meetings and remarks ([`Aggregator`], a
//! [`crate::pipeline::Visitor`]) and gives the tables: `meetings`, `remarks`, `remark_themes`,
//! `theme_counts` and `top_terms` are streamed to disk as they arrive ([`stream`]), so memory
//! does not grow with the corpus; `themes_by_committee`, `speaker_themes` and
//! `committee_keyness` are made from the sums at the end (`summary.rs`, statistics in
//! [`keyness`]). Every table is sorted by its key columns so that the same input gives
//! byte-identical files whatever the thread count.

mod aggregate;
pub mod export;
mod group;
pub mod keyness;
mod movement;
pub mod parquet;
pub mod schema;
pub mod stream;
mod summary;
mod theme_writer;

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use polars::prelude::*;

use crate::error::{Error, Result};

pub use aggregate::{Aggregator, CommitteeAcc, MeetingAgg, ThemeInfo};
pub use export::{DtmUnit, Exporter, Exports};
pub use group::{GroupBy, NO_GROUP};
pub use movement::MovementOptions;
pub use stream::{fmt_f64, TableStream, Val};
pub use summary::{KeynessRow, Tables};

fn perr(ctx: &str) -> impl Fn(PolarsError) -> Error + '_ {
    move |e| Error::output(ctx, e)
}

fn rate(hits: u64, tokens: u64) -> f64 {
    if tokens == 0 {
        0.0
    } else {
        // Rounded so that CSV output does not depend on float noise.
        (hits as f64 / tokens as f64 * 10_000.0 * 1e6).round() / 1e6
    }
}

fn round6(x: f64) -> f64 {
    if x.is_finite() {
        (x * 1e6).round() / 1e6
    } else {
        x
    }
}

/// Writes `df` as `<dir>/<name>.csv` and `<dir>/<name>.parquet`.
pub fn write_table(df: &mut DataFrame, dir: &Path, name: &str) -> Result<Vec<PathBuf>> {
    let csv_path = dir.join(format!("{name}.csv"));
    let f = File::create(&csv_path).map_err(|e| Error::io(&csv_path, e))?;
    CsvWriter::new(BufWriter::new(f))
        .include_header(true)
        .finish(df)
        .map_err(perr(name))?;
    let pq_path = dir.join(format!("{name}.parquet"));
    let f = File::create(&pq_path).map_err(|e| Error::io(&pq_path, e))?;
    let mut typed = parquet::parquet_frame(df).map_err(perr(name))?;
    ParquetWriter::new(BufWriter::new(f))
        .with_compression(ParquetCompression::Snappy)
        .finish(&mut typed)
        .map_err(perr(name))?;
    Ok(vec![csv_path, pq_path])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_are_rounded_and_zero_safe() {
        assert_eq!(rate(1, 3), 3333.333333);
        assert_eq!(rate(5, 0), 0.0);
    }
}
