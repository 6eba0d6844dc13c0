//! Streamed tables: rows pushed one at a time are written to `<name>.csv` and
//! `<name>.parquet` in batches, so memory does not grow with the corpus; the first rows are
//! kept as an excerpt for the report.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use polars::prelude::*;

use super::perr;
use crate::error::{Error, Result};

/// A column of a streamed table. Strings go straight into polars' string builder (one copy
/// per value, no `String` each).
enum Col {
    Bool(Vec<bool>),
    Str(StringChunkedBuilder, usize),
    U32(Vec<u32>),
    OptU32(Vec<Option<u32>>),
    U64(Vec<u64>),
    F64(Vec<f64>),
}

/// A value of a row of a streamed table.
pub enum Val<'a> {
    Bool(bool),
    Str(&'a str),
    U32(u32),
    /// A nullable number: an empty CSV field and a Parquet null when absent.
    OptU32(Option<u32>),
    U64(u64),
    F64(f64),
}

/// Formats a float as the CSV tables do everywhere: shortest round-trip form, with `.0` on
/// whole numbers.
pub fn fmt_f64(x: f64) -> String {
    let mut s = String::new();
    push_f64(&mut s, x);
    s
}

/// Appends `x` formatted as [`fmt_f64`] does.
fn push_f64(s: &mut String, x: f64) {
    use std::fmt::Write;
    let _ = if x.is_finite() && x.fract() == 0.0 && x.abs() < 1e15 {
        write!(s, "{x:.1}")
    } else {
        write!(s, "{x}")
    };
}

/// A table written row by row to `<name>.csv` and `<name>.parquet` as rows arrive (in key
/// order), holding at most one Parquet row group in memory, and keeping its first rows as an
/// excerpt for the report.
pub struct TableStream {
    name: String,
    names: Vec<&'static str>,
    cols: Vec<Col>,
    /// None for a stream that only keeps its excerpt ([`TableStream::excerpt_only`]).
    csv: Option<csv::Writer<File>>,
    parquet: Option<polars::io::parquet::write::BatchedWriter<BufWriter<File>>>,
    parquet_path: PathBuf,
    rows: usize,
    excerpt: Option<DataFrame>,
    excerpt_rows: usize,
    /// Rows held before they are written as one Parquet row group.
    batch_rows: usize,
    /// Scratch buffer for formatting numbers.
    scratch: String,
}

const STREAM_BATCH: usize = 50_000;
/// Bytes a stream's CSV and Parquet writers gather before each write to their file.
const WRITE_BUFFER: usize = 1 << 20;

impl TableStream {
    /// Creates the files; `kinds` gives each column's type by a sample value.
    pub fn new(
        dir: &Path,
        name: &str,
        columns: &[(&'static str, Val<'_>)],
        excerpt_rows: usize,
    ) -> Result<Self> {
        let path = dir.join(format!("{name}.csv"));
        let f = File::create(&path).map_err(|e| Error::io(&path, e))?;
        // csv's own buffer, large, straight into the file: a write system call per MiB, not
        // per 8 KiB (its default).
        let mut csv = csv::WriterBuilder::new()
            .buffer_capacity(WRITE_BUFFER)
            .from_writer(f);
        csv.write_record(columns.iter().map(|c| c.0))
            .map_err(|e| Error::output(format!("{name}.csv"), e))?;
        let mut t = Self::excerpt_only(name, columns, excerpt_rows);
        t.csv = Some(csv);
        t.parquet_path = dir.join(format!("{name}.parquet"));
        Ok(t)
    }

    /// Holds at most `n` rows before writing them (a row group): for tables with one row per
    /// file of the corpus, which would otherwise hold tens of thousands in memory.
    pub fn with_batch_rows(mut self, n: usize) -> Self {
        self.batch_rows = n.max(1);
        self
    }

    /// A stream that writes no files and keeps only the first `excerpt_rows` rows (for a
    /// table reused from an earlier run, whose excerpt the report still shows).
    pub fn excerpt_only(
        name: &str,
        columns: &[(&'static str, Val<'_>)],
        excerpt_rows: usize,
    ) -> Self {
        let cols = columns
            .iter()
            .map(|(_, v)| match v {
                Val::Bool(_) => Col::Bool(Vec::new()),
                Val::Str(_) => Col::Str(StringChunkedBuilder::new("".into(), 0), 0),
                Val::U32(_) => Col::U32(Vec::new()),
                Val::OptU32(_) => Col::OptU32(Vec::new()),
                Val::U64(_) => Col::U64(Vec::new()),
                Val::F64(_) => Col::F64(Vec::new()),
            })
            .collect();
        TableStream {
            name: name.to_string(),
            names: columns.iter().map(|c| c.0).collect(),
            cols,
            csv: None,
            parquet: None,
            parquet_path: PathBuf::new(),
            rows: 0,
            excerpt: None,
            excerpt_rows,
            batch_rows: STREAM_BATCH,
            scratch: String::new(),
        }
    }

    /// Appends one row (values in column order and of the columns' types).
    pub fn push(&mut self, row: &[Val<'_>]) -> Result<()> {
        use std::fmt::Write;
        // Checked before anything is written, so that a bad row leaves the table whole.
        let fits = |c: &Col, v: &Val<'_>| {
            matches!(
                (c, v),
                (Col::Bool(_), Val::Bool(_))
                    | (Col::Str(..), Val::Str(_))
                    | (Col::U32(_), Val::U32(_))
                    | (Col::OptU32(_), Val::OptU32(_))
                    | (Col::U64(_), Val::U64(_))
                    | (Col::F64(_), Val::F64(_))
            )
        };
        if row.len() != self.cols.len() || !self.cols.iter().zip(row).all(|(c, v)| fits(c, v)) {
            return Err(self.mismatch());
        }
        if self.csv.is_none() && self.rows >= self.excerpt_rows {
            return Ok(());
        }
        for (c, v) in self.cols.iter_mut().zip(row) {
            let buf = &mut self.scratch;
            buf.clear();
            let field: &[u8] = match (c, v) {
                (Col::Bool(c), Val::Bool(b)) => {
                    c.push(*b);
                    if *b {
                        b"true"
                    } else {
                        b"false"
                    }
                }
                (Col::Str(c, n), Val::Str(s)) => {
                    c.append_value(s);
                    *n += 1;
                    s.as_bytes()
                }
                (Col::U32(c), Val::U32(x)) => {
                    c.push(*x);
                    let _ = write!(buf, "{x}");
                    buf.as_bytes()
                }
                (Col::OptU32(c), Val::OptU32(x)) => {
                    c.push(*x);
                    if let Some(x) = x {
                        let _ = write!(buf, "{x}");
                    }
                    buf.as_bytes()
                }
                (Col::U64(c), Val::U64(x)) => {
                    c.push(*x);
                    let _ = write!(buf, "{x}");
                    buf.as_bytes()
                }
                (Col::F64(c), Val::F64(x)) => {
                    c.push(*x);
                    push_f64(buf, *x);
                    buf.as_bytes()
                }
                _ => return Err(self.mismatch()),
            };
            if let Some(csv) = self.csv.as_mut() {
                csv.write_field(field)
                    .map_err(|e| Error::output(format!("{}.csv", self.name), e))?;
            }
        }
        if let Some(csv) = self.csv.as_mut() {
            csv.write_record(None::<&[u8]>)
                .map_err(|e| Error::output(format!("{}.csv", self.name), e))?;
        }
        self.rows += 1;
        if self.cols.first().map_or(0, col_len) >= self.batch_rows {
            self.flush()?;
        }
        Ok(())
    }

    fn mismatch(&self) -> Error {
        Error::output(self.name.clone(), "row does not match the table's columns")
    }

    fn frame(&mut self) -> Result<DataFrame> {
        let columns: Vec<Column> = self
            .names
            .iter()
            .zip(self.cols.iter_mut())
            .map(|(n, c)| match c {
                Col::Bool(v) => Column::new((*n).into(), std::mem::take(v)),
                Col::Str(b, k) => {
                    let b = std::mem::replace(b, StringChunkedBuilder::new("".into(), 0));
                    *k = 0;
                    b.finish().with_name((*n).into()).into_column()
                }
                Col::U32(v) => Column::new((*n).into(), std::mem::take(v)),
                Col::OptU32(v) => Column::new((*n).into(), std::mem::take(v)),
                Col::U64(v) => Column::new((*n).into(), std::mem::take(v)),
                Col::F64(v) => Column::new((*n).into(), std::mem::take(v)),
            })
            .collect();
        DataFrame::new_infer_height(columns).map_err(perr("table"))
    }

    fn flush(&mut self) -> Result<()> {
        let df = self.frame()?;
        if self.excerpt.is_none() {
            self.excerpt = Some(df.head(Some(self.excerpt_rows)));
        }
        let mut df = super::parquet::parquet_frame(&df).map_err(perr("table"))?;
        if self.parquet.is_none() {
            let f =
                File::create(&self.parquet_path).map_err(|e| Error::io(&self.parquet_path, e))?;
            let w = ParquetWriter::new(BufWriter::with_capacity(WRITE_BUFFER, f))
                .with_compression(ParquetCompression::Snappy)
                .batched(df.schema())
                .map_err(perr("table"))?;
            self.parquet = Some(w);
        }
        if df.height() > 0 {
            df.rechunk_mut();
            if let Some(w) = self.parquet.as_mut() {
                w.write_batch(&df).map_err(perr("table"))?;
            }
        }
        Ok(())
    }

    /// Writes what is buffered and closes the files; gives the first rows as an excerpt.
    pub fn finish(mut self) -> Result<DataFrame> {
        if self.csv.is_none() {
            return Ok(self.frame()?.head(Some(self.excerpt_rows)));
        }
        self.flush()?;
        if let Some(w) = self.parquet.take() {
            w.finish().map_err(perr("table"))?;
        }
        if let Some(csv) = self.csv.as_mut() {
            csv.flush()
                .map_err(|e| Error::io(format!("{}.csv", self.name), e))?;
        }
        Ok(self.excerpt.take().unwrap_or_default())
    }
}

fn col_len(c: &Col) -> usize {
    match c {
        Col::Bool(v) => v.len(),
        Col::Str(_, n) => *n,
        Col::U32(v) => v.len(),
        Col::OptU32(v) => v.len(),
        Col::U64(v) => v.len(),
        Col::F64(v) => v.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streamed_nullable_numbers_are_empty_in_csv_and_null_in_parquet() {
        let dir = tempfile::tempdir().unwrap();
        let mut t = TableStream::new(
            dir.path(),
            "t",
            &[("id", Val::Str("")), ("session", Val::OptU32(None))],
            10,
        )
        .unwrap();
        t.push(&[Val::Str("a,b"), Val::OptU32(Some(16))]).unwrap();
        t.push(&[Val::Str(""), Val::OptU32(None)]).unwrap();
        assert!(
            t.push(&[Val::Str("x"), Val::U32(1)]).is_err(),
            "type mismatch"
        );
        let excerpt = t.finish().unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("t.csv")).unwrap(),
            "id,session\n\"a,b\",16\n,\n"
        );
        let f = File::open(dir.path().join("t.parquet")).unwrap();
        let df = ParquetReader::new(f).finish().unwrap();
        let s = df.column("session").unwrap().i64().unwrap();
        assert_eq!(s.get(0), Some(16));
        assert_eq!(s.get(1), None);
        assert_eq!(excerpt.height(), 2);
    }
}
