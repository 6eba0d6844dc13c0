//! Frames: the run's results as polars DataFrames, and writing them as CSV and Parquet.
//!
//! Takes the pipeline's ordered stream of meetings and remarks (as a [`crate::pipeline::Visitor`])
//! and gives the tables of the report contract: `meetings`, `remarks` (streamed to disk as it
//! arrives, so memory does not grow with the corpus), `theme_counts`, `themes_by_committee`,
//! `speaker_themes`, `top_terms` and `committee_keyness`. Every table is sorted by its key
//! columns so that the same input gives byte-identical files whatever the thread count.

use std::collections::{BTreeMap, HashMap};

use rustc_hash::FxHashMap;
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use polars::prelude::*;

use crate::error::{Error, Result};
use crate::keyness::keyness;
use crate::model::{Meeting, Role};
use crate::pipeline::{RemarkResult, Visitor};
use crate::segment::Noun;
use crate::themes::ThemeSet;

fn perr(ctx: &str) -> impl Fn(PolarsError) -> Error + '_ {
    move |e| Error::output(ctx, e)
}

/// A theme's id and label, as the tables name it.
#[derive(Debug, Clone)]
pub struct ThemeInfo {
    pub id: String,
    pub label: String,
}

impl ThemeInfo {
    /// The themes of a theme set, in file order.
    pub fn of(set: &ThemeSet) -> Vec<ThemeInfo> {
        set.themes
            .iter()
            .map(|t| ThemeInfo {
                id: t.id.clone(),
                label: t.label.clone(),
            })
            .collect()
    }
}

/// One meeting's row and aggregates.
/// What is kept of each meeting for the tables and charts made after the corpus is read (the
/// `meetings` rows themselves are streamed to disk as meetings arrive).
#[derive(Debug, Clone)]
pub struct MeetingAgg {
    pub meeting_id: String,
    pub committee: String,
    pub date: String,
    pub remarks: u32,
    pub tokens: u64,
    /// Hits and remarks with hits per theme (u32: kept for every meeting of the corpus).
    pub hits: Vec<u32>,
    /// Emptied once the meeting is complete (its rows are written and its committee's sums
    /// hold it): only `hits` is kept for every meeting.
    pub remarks_with: Vec<u32>,
}

#[derive(Debug, Clone, Default)]
struct SpeakerAgg {
    tokens: u64,
    hits: Vec<u64>,
    remarks_with: Vec<u64>,
}

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
    csv: Option<csv::Writer<BufWriter<File>>>,
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
        let mut csv = csv::WriterBuilder::new().from_writer(BufWriter::new(f));
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
        let mut df = self.frame()?;
        if self.excerpt.is_none() {
            self.excerpt = Some(df.head(Some(self.excerpt_rows)));
        }
        if self.parquet.is_none() {
            let f =
                File::create(&self.parquet_path).map_err(|e| Error::io(&self.parquet_path, e))?;
            let w = ParquetWriter::new(BufWriter::new(f))
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

/// Collects the run's aggregates (and streams remarks, when given a folder).
pub struct Aggregator {
    themes: Vec<ThemeInfo>,
    top_terms: usize,
    pub meetings: Vec<MeetingAgg>,
    /// Per speaker, label as written and role (nested, so that a remark's speaker is found
    /// by reference, without copying its names).
    speakers: BTreeMap<String, BTreeMap<String, BTreeMap<Role, SpeakerAgg>>>,
    /// Hits per (theme, role).
    role_hits: BTreeMap<(usize, Role), u64>,
    /// Noun counts per committee (all nouns), and tokens per committee.
    committee_nouns: HashMap<String, FxHashMap<Noun, u64>>,
    /// Sums per committee (for themes_by_committee and keyness).
    committees: BTreeMap<String, CommitteeAcc>,
    /// Theme indices in id order (the key order of theme_counts).
    theme_order: Vec<usize>,
    remark_writer: Option<TableStream>,
    /// `meetings`, streamed; its first rows are kept for the report.
    meetings_out: Option<TableStream>,
    meetings_excerpt: DataFrame,
    /// `remark_themes` and `theme_counts`, written on a thread of their own.
    theme_writer: Option<ThemeWriter>,
    /// The current meeting's remark_themes rows: (seq, theme index, hits), in key order.
    pending_hits: Vec<(u32, u32, u32)>,
    top_terms_out: Option<TableStream>,
    excerpts: Option<(DataFrame, DataFrame)>,
}

/// A committee's sums over its meetings.
#[derive(Debug, Clone, Default)]
pub struct CommitteeAcc {
    pub meetings: u64,
    pub remarks: u64,
    pub tokens: u64,
    pub hits: Vec<u64>,
    pub remarks_with: Vec<u64>,
    pub meetings_with: Vec<u64>,
}

impl Aggregator {
    /// An aggregator for these themes. With `remarks_dir`, remarks are streamed to
    /// `remarks.csv`/`.parquet` there (and the tables that depend on themes, below).
    pub fn new(
        themes: Vec<ThemeInfo>,
        top_terms: usize,
        remarks_dir: Option<&Path>,
    ) -> Result<Self> {
        Self::with_remarks(themes, top_terms, remarks_dir, true)
    }

    /// As [`Aggregator::new`]; with `write_remarks` false, the tables that do not depend on the
    /// themes (`remarks`, `meetings`, `top_terms`, CSV and Parquet) are not written (the caller
    /// reuses identical ones; `meetings` and `top_terms` still give their excerpts), the other
    /// tables still are.
    pub fn with_remarks(
        themes: Vec<ThemeInfo>,
        top_terms: usize,
        remarks_dir: Option<&Path>,
        write_remarks: bool,
    ) -> Result<Self> {
        let remark_writer = match remarks_dir {
            Some(d) if write_remarks => Some(TableStream::new(
                d,
                "remarks",
                &[
                    ("meeting_id", Val::Str("")),
                    ("seq", Val::U32(0)),
                    ("speaker", Val::Str("")),
                    ("speaker_label", Val::Str("")),
                    ("role", Val::Str("")),
                    ("section", Val::Str("")),
                    ("via_chat", Val::Bool(false)),
                    ("tokens", Val::U32(0)),
                    ("text", Val::Str("")),
                    ("date", Val::Str("")),
                    ("committee", Val::Str("")),
                ],
                0,
            )?),
            _ => None,
        };
        let meetings_cols = [
            ("meeting_id", Val::Str("")),
            ("source", Val::Str("")),
            ("committee", Val::Str("")),
            ("parent", Val::Str("")),
            ("ministry", Val::Str("")),
            ("session", Val::OptU32(None)),
            ("date", Val::Str("")),
            ("style", Val::Str("")),
            ("remarks", Val::U32(0)),
            ("tokens", Val::U64(0)),
            ("title", Val::Str("")),
            ("start_time", Val::Str("")),
            ("end_time", Val::Str("")),
            ("place", Val::Str("")),
            ("attendees", Val::U32(0)),
            ("materials", Val::U32(0)),
        ];
        let meetings_out = match remarks_dir {
            Some(d) if write_remarks => {
                Some(TableStream::new(d, "meetings", &meetings_cols, 50)?.with_batch_rows(4096))
            }
            Some(_) => Some(TableStream::excerpt_only("meetings", &meetings_cols, 50)),
            None => None,
        };
        let remark_themes = match remarks_dir {
            Some(d) if !themes.is_empty() => Some(TableStream::new(
                d,
                "remark_themes",
                &[
                    ("meeting_id", Val::Str("")),
                    ("seq", Val::U32(0)),
                    ("theme", Val::Str("")),
                    ("hits", Val::U32(0)),
                ],
                0,
            )?),
            _ => None,
        };
        // theme_counts and top_terms are streamed as meetings complete (only with themes);
        // top_terms, which does not depend on the themes, only for its excerpt when reused.
        let top_terms_cols = [
            ("meeting_id", Val::Str("")),
            ("rank", Val::U32(0)),
            ("term", Val::Str("")),
            ("pos", Val::Str("")),
            ("count", Val::U32(0)),
        ];
        let (theme_counts, top_terms_out) = match remarks_dir {
            Some(d) if !themes.is_empty() => (
                Some(TableStream::new(
                    d,
                    "theme_counts",
                    &[
                        ("meeting_id", Val::Str("")),
                        ("committee", Val::Str("")),
                        ("date", Val::Str("")),
                        ("theme", Val::Str("")),
                        ("hits", Val::U64(0)),
                        ("remarks_with", Val::U64(0)),
                        ("remarks", Val::U64(0)),
                        ("tokens", Val::U64(0)),
                        ("per_10k_tokens", Val::F64(0.0)),
                        ("theme_label", Val::Str("")),
                    ],
                    100,
                )?),
                Some(if write_remarks {
                    TableStream::new(d, "top_terms", &top_terms_cols, 100)?
                } else {
                    TableStream::excerpt_only("top_terms", &top_terms_cols, 100)
                }),
            ),
            _ => (None, None),
        };
        let mut theme_order: Vec<usize> = (0..themes.len()).collect();
        theme_order.sort_by(|&a, &b| themes[a].id.cmp(&themes[b].id));
        let theme_writer = match (remark_themes, theme_counts) {
            (Some(rt), Some(tc)) => Some(ThemeWriter::spawn(
                rt,
                tc,
                themes.clone(),
                theme_order.clone(),
            )),
            _ => None,
        };
        Ok(Aggregator {
            themes,
            top_terms,
            meetings: Vec::new(),
            speakers: BTreeMap::new(),
            role_hits: BTreeMap::new(),
            committee_nouns: HashMap::new(),
            committees: BTreeMap::new(),
            theme_order,
            remark_writer,
            meetings_out,
            meetings_excerpt: DataFrame::default(),
            theme_writer,
            pending_hits: Vec::new(),
            top_terms_out,
            excerpts: None,
        })
    }

    /// Completes the last meeting and closes the streamed files (remarks, theme_counts,
    /// top_terms).
    pub fn finish_remarks(&mut self) -> Result<()> {
        self.complete_last()?;
        if let Some(w) = self.remark_writer.take() {
            w.finish()?;
        }
        if let Some(w) = self.meetings_out.take() {
            self.meetings_excerpt = w.finish()?;
        }
        if let (Some(tw), Some(tt)) = (self.theme_writer.take(), self.top_terms_out.take()) {
            self.excerpts = Some((tw.finish()?, tt.finish()?));
        }
        Ok(())
    }

    /// Per-committee sums.
    pub fn committees(&self) -> &BTreeMap<String, CommitteeAcc> {
        &self.committees
    }

    /// Adds the last meeting (now that all its remarks are in) to the committee sums and writes
    /// its theme_counts rows.
    fn complete_last(&mut self) -> Result<()> {
        let Some(m) = self.meetings.last_mut() else {
            return Ok(());
        };
        let n = self.themes.len();
        let acc = self
            .committees
            .entry(m.committee.clone())
            .or_insert_with(|| CommitteeAcc {
                hits: vec![0; n],
                remarks_with: vec![0; n],
                meetings_with: vec![0; n],
                ..Default::default()
            });
        acc.meetings += 1;
        acc.remarks += m.remarks as u64;
        acc.tokens += m.tokens;
        for t in 0..n {
            acc.hits[t] += m.hits[t] as u64;
            acc.remarks_with[t] += m.remarks_with[t] as u64;
            acc.meetings_with[t] += (m.hits[t] > 0) as u64;
        }
        let remarks_with = std::mem::take(&mut m.remarks_with);
        if let Some(tw) = self.theme_writer.as_mut() {
            tw.send(ThemeRows {
                meeting: MeetingAgg {
                    meeting_id: m.meeting_id.clone(),
                    committee: m.committee.clone(),
                    date: m.date.clone(),
                    remarks: m.remarks,
                    tokens: m.tokens,
                    hits: m.hits.clone(),
                    remarks_with,
                },
                remark_hits: std::mem::take(&mut self.pending_hits),
            })?;
        }
        Ok(())
    }

    /// The themes counted.
    pub fn themes(&self) -> &[ThemeInfo] {
        &self.themes
    }
}

impl Visitor for Aggregator {
    fn meeting(&mut self, m: &Meeting, tokens: u64, nouns: &[(Noun, u32)]) -> Result<()> {
        self.complete_last()?;
        let n = self.themes.len();
        if let Some(tt) = self.top_terms_out.as_mut() {
            for (i, (noun, c)) in nouns.iter().take(self.top_terms).enumerate() {
                tt.push(&[
                    Val::Str(&m.meeting_id),
                    Val::U32(i as u32 + 1),
                    Val::Str(&noun.base),
                    Val::Str(&noun.pos),
                    Val::U32(*c),
                ])?;
            }
        }
        let date = m.date.as_deref().unwrap_or("");
        if let Some(w) = self.meetings_out.as_mut() {
            w.push(&[
                Val::Str(&m.meeting_id),
                Val::Str(&m.source),
                Val::Str(&m.committee),
                Val::Str(&m.parent),
                Val::Str(&m.ministry),
                Val::OptU32(m.session),
                Val::Str(date),
                Val::Str(m.style.as_str()),
                Val::U32(m.remarks.len() as u32),
                Val::U64(tokens),
                Val::Str(&m.title),
                Val::Str(m.start_time.as_deref().unwrap_or("")),
                Val::Str(m.end_time.as_deref().unwrap_or("")),
                Val::Str(m.place.as_deref().unwrap_or("")),
                Val::U32(m.attendees.len() as u32),
                Val::U32(m.materials.len() as u32),
            ])?;
        }
        self.meetings.push(MeetingAgg {
            meeting_id: m.meeting_id.clone(),
            committee: m.committee.clone(),
            date: date.to_string(),
            remarks: m.remarks.len() as u32,
            tokens,
            hits: vec![0; n],
            remarks_with: vec![0; n],
        });
        Ok(())
    }

    fn committee_nouns(&mut self, committee: &str, counts: FxHashMap<Noun, u64>) -> Result<()> {
        match self.committee_nouns.get_mut(committee) {
            None => {
                self.committee_nouns.insert(committee.to_string(), counts);
            }
            Some(c) => {
                for (noun, k) in counts {
                    *c.entry(noun).or_default() += k;
                }
            }
        }
        Ok(())
    }

    fn remark(&mut self, r: &RemarkResult<'_>) -> Result<()> {
        let n = self.themes.len();
        let agg = self
            .meetings
            .last_mut()
            .expect("meeting before its remarks");
        let rem = r.remark;
        let known = self
            .speakers
            .get(rem.speaker.as_str())
            .and_then(|m| m.get(rem.speaker_label.as_str()))
            .is_some_and(|m| m.contains_key(&rem.role));
        if !known {
            self.speakers
                .entry(rem.speaker.clone())
                .or_default()
                .entry(rem.speaker_label.clone())
                .or_default()
                .insert(
                    rem.role,
                    SpeakerAgg {
                        tokens: 0,
                        hits: vec![0; n],
                        remarks_with: vec![0; n],
                    },
                );
        }
        let sp = self
            .speakers
            .get_mut(rem.speaker.as_str())
            .and_then(|m| m.get_mut(rem.speaker_label.as_str()))
            .and_then(|m| m.get_mut(&rem.role))
            .expect("inserted above");
        sp.tokens += r.tokens as u64;
        for (t, &h) in r.hits.iter().enumerate() {
            if h > 0 {
                agg.hits[t] += h;
                agg.remarks_with[t] += 1;
                sp.hits[t] += h as u64;
                sp.remarks_with[t] += 1;
                *self.role_hits.entry((t, r.remark.role)).or_default() += h as u64;
            }
        }
        if let Some(w) = self.remark_writer.as_mut() {
            let m = r.meeting;
            let rem = r.remark;
            w.push(&[
                Val::Str(&m.meeting_id),
                Val::U32(rem.seq),
                Val::Str(&rem.speaker),
                Val::Str(&rem.speaker_label),
                Val::Str(rem.role.as_str()),
                Val::Str(&rem.section),
                Val::Bool(rem.via_chat),
                Val::U32(r.tokens),
                Val::Str(&rem.text),
                Val::Str(m.date.as_deref().unwrap_or("")),
                Val::Str(&m.committee),
            ])?;
        }
        if self.theme_writer.is_some() {
            for &t in &self.theme_order {
                let h = r.hits.get(t).copied().unwrap_or(0);
                if h > 0 {
                    self.pending_hits.push((r.remark.seq, t as u32, h));
                }
            }
        }
        Ok(())
    }
}

/// One completed meeting's rows for `theme_counts` and `remark_themes`.
struct ThemeRows {
    meeting: MeetingAgg,
    /// (seq, theme index, hits), in key order.
    remark_hits: Vec<(u32, u32, u32)>,
}

/// Writes `remark_themes` and `theme_counts` on a thread of its own, a meeting at a time, so
/// that the thread that receives the remarks in order does not format their rows too.
struct ThemeWriter {
    tx: Option<std::sync::mpsc::SyncSender<ThemeRows>>,
    handle: Option<std::thread::JoinHandle<Result<DataFrame>>>,
}

impl ThemeWriter {
    fn spawn(
        mut remark_themes: TableStream,
        mut theme_counts: TableStream,
        themes: Vec<ThemeInfo>,
        theme_order: Vec<usize>,
    ) -> Self {
        let (tx, rx) = std::sync::mpsc::sync_channel::<ThemeRows>(256);
        let handle = std::thread::spawn(move || -> Result<DataFrame> {
            for ThemeRows {
                meeting: m,
                remark_hits,
            } in rx
            {
                for (seq, t, h) in remark_hits {
                    remark_themes.push(&[
                        Val::Str(&m.meeting_id),
                        Val::U32(seq),
                        Val::Str(&themes[t as usize].id),
                        Val::U32(h),
                    ])?;
                }
                for &t in &theme_order {
                    theme_counts.push(&[
                        Val::Str(&m.meeting_id),
                        Val::Str(&m.committee),
                        Val::Str(&m.date),
                        Val::Str(&themes[t].id),
                        Val::U64(m.hits[t] as u64),
                        Val::U64(m.remarks_with[t] as u64),
                        Val::U64(m.remarks as u64),
                        Val::U64(m.tokens),
                        Val::F64(rate(m.hits[t] as u64, m.tokens)),
                        Val::Str(&themes[t].label),
                    ])?;
                }
            }
            remark_themes.finish()?;
            theme_counts.finish()
        });
        ThemeWriter {
            tx: Some(tx),
            handle: Some(handle),
        }
    }

    /// Queues a meeting's rows; if the writer stopped, gives its error.
    fn send(&mut self, rows: ThemeRows) -> Result<()> {
        let sent = self.tx.as_ref().map(|tx| tx.send(rows).is_ok());
        if sent == Some(true) {
            return Ok(());
        }
        self.tx = None;
        match self.join() {
            Err(e) => Err(e),
            Ok(_) => Err(Error::output("theme_counts", "table writer stopped")),
        }
    }

    fn join(&mut self) -> Result<DataFrame> {
        match self.handle.take() {
            Some(h) => h
                .join()
                .map_err(|_| Error::output("theme_counts", "table writer panicked"))?,
            None => Err(Error::output("theme_counts", "table writer already closed")),
        }
    }

    /// Closes both tables; gives theme_counts' excerpt.
    fn finish(mut self) -> Result<DataFrame> {
        self.tx = None;
        self.join()
    }
}

impl Drop for ThemeWriter {
    fn drop(&mut self) {
        // On an early return the writer still ends (and is waited for) before the folder it
        // writes into is cleaned up.
        self.tx = None;
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
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

/// The tables of a run.
pub struct Tables {
    pub meetings: DataFrame,
    pub theme_counts: DataFrame,
    pub themes_by_committee: DataFrame,
    pub speaker_themes: DataFrame,
    pub top_terms: DataFrame,
    pub committee_keyness: DataFrame,
    /// Hits per theme and role (for the speaker_roles chart).
    pub role_hits: Vec<(String, String, Role, u64)>,
}

impl Aggregator {
    /// The first rows of the `meetings` table (streamed to `meetings.csv`/`.parquet` as meetings
    /// arrived, in meeting_id order); empty before [`Aggregator::finish_remarks`] or without an
    /// output folder.
    pub fn meetings_frame(&self) -> Result<DataFrame> {
        Ok(self.meetings_excerpt.clone())
    }

    /// All tables (for a run with themes).
    pub fn tables(&self) -> Result<Tables> {
        let meetings = self.meetings_frame()?;
        let (theme_counts, top_terms) = self.excerpts.clone().unwrap_or_default();
        Ok(Tables {
            meetings,
            themes_by_committee: self.by_committee()?,
            speaker_themes: self.speaker_themes()?,
            top_terms,
            committee_keyness: self.keyness()?,
            role_hits: self
                .role_hits
                .iter()
                .map(|(&(t, role), &h)| {
                    (
                        self.themes[t].id.clone(),
                        self.themes[t].label.clone(),
                        role,
                        h,
                    )
                })
                .collect(),
            theme_counts,
        })
    }

    /// `themes_by_committee`: one row per committee and theme, from the committee sums.
    fn by_committee(&self) -> Result<DataFrame> {
        let mut c = ByCommitteeRows::default();
        for (name, acc) in &self.committees {
            for &t in &self.theme_order {
                c.committee.push(name.clone());
                c.theme.push(self.themes[t].id.clone());
                c.hits.push(acc.hits[t]);
                c.remarks_with.push(acc.remarks_with[t]);
                c.remarks.push(acc.remarks);
                c.tokens.push(acc.tokens);
                c.per_10k.push(rate(acc.hits[t], acc.tokens));
                c.meetings.push(acc.meetings);
                c.meetings_with.push(acc.meetings_with[t]);
                c.label.push(self.themes[t].label.clone());
            }
        }
        df!(
            "committee" => c.committee,
            "theme" => c.theme,
            "hits" => c.hits,
            "remarks_with" => c.remarks_with,
            "remarks" => c.remarks,
            "tokens" => c.tokens,
            "per_10k_tokens" => c.per_10k,
            "meetings" => c.meetings,
            "meetings_with" => c.meetings_with,
            "theme_label" => c.label,
        )
        .map_err(perr("themes_by_committee"))
    }

    fn speaker_themes(&self) -> Result<DataFrame> {
        let mut speaker = Vec::new();
        let mut label = Vec::new();
        let mut role = Vec::new();
        let mut theme = Vec::new();
        let mut hits = Vec::new();
        let mut rw = Vec::new();
        let mut tokens = Vec::new();
        let all = self.speakers.iter().flat_map(|(s, by_label)| {
            by_label
                .iter()
                .flat_map(move |(l, by_role)| by_role.iter().map(move |(r, a)| (s, l, r, a)))
        });
        for (s, l, r, a) in all {
            for (t, th) in self.themes.iter().enumerate() {
                if a.hits[t] == 0 {
                    continue;
                }
                speaker.push(s.clone());
                label.push(l.clone());
                role.push(r.as_str().to_string());
                theme.push(th.id.clone());
                hits.push(a.hits[t]);
                rw.push(a.remarks_with[t]);
                tokens.push(a.tokens);
            }
        }
        let df = df!(
            "speaker" => speaker,
            "speaker_label" => label,
            "role" => role,
            "theme" => theme,
            "hits" => hits,
            "remarks_with" => rw,
            "tokens" => tokens,
        )
        .map_err(perr("speaker_themes"))?;
        sort(
            df,
            &["speaker", "speaker_label", "role", "theme"],
            "speaker_themes",
        )
    }

    /// `committee_keyness`: each committee against all the others, for every theme and for the
    /// committee's most distinctive nouns.
    fn keyness(&self) -> Result<DataFrame> {
        let committees: BTreeMap<&str, (u64, &Vec<u64>)> = self
            .committees
            .iter()
            .map(|(c, a)| (c.as_str(), (a.tokens, &a.hits)))
            .collect();
        let total_tokens: u64 = committees.values().map(|v| v.0).sum();
        let mut total_hits = vec![0u64; self.themes.len()];
        for v in committees.values() {
            for (t, h) in v.1.iter().enumerate() {
                total_hits[t] += h;
            }
        }
        let mut noun_totals: FxHashMap<&Noun, u64> = FxHashMap::default();
        for cn in self.committee_nouns.values() {
            for (n, k) in cn {
                *noun_totals.entry(n).or_default() += k;
            }
        }
        let totals = &noun_totals;
        let mut rows = KeyRows::default();
        for (&c, (tok, hits)) in &committees {
            let ref_tokens = total_tokens - tok;
            for (t, th) in self.themes.iter().enumerate() {
                rows.push(
                    c,
                    "theme",
                    &th.id,
                    &th.label,
                    hits[t],
                    total_hits[t] - hits[t],
                    *tok,
                    ref_tokens,
                );
            }
            // Nouns: the 30 most over-represented with at least 3 occurrences.
            if let Some(nouns) = self.committee_nouns.get(c) {
                let mut cand: Vec<(&Noun, u64, u64, f64)> = nouns
                    .iter()
                    .filter(|(_, &k)| k >= 3)
                    .map(|(n, &k)| {
                        let other = totals.get(n).copied().unwrap_or(k) - k;
                        (n, k, other, keyness(k, other, *tok, ref_tokens).g2)
                    })
                    .filter(|x| x.3 > 0.0)
                    .collect();
                cand.sort_by(|a, b| b.3.total_cmp(&a.3).then_with(|| a.0.cmp(b.0)));
                for (n, k, other, _) in cand.into_iter().take(30) {
                    let feat = format!("{} ({})", n.base, n.pos);
                    rows.push(c, "term", &feat, &n.base, k, other, *tok, ref_tokens);
                }
            }
        }
        let df = df!(
            "committee" => rows.committee,
            "feature_type" => rows.kind,
            "feature" => rows.feature,
            "label" => rows.label,
            "target_count" => rows.a,
            "reference_count" => rows.b,
            "target_tokens" => rows.c,
            "reference_tokens" => rows.d,
            "target_per_10k" => rows.rate_t,
            "reference_per_10k" => rows.rate_r,
            "g2" => rows.g2,
            "p_value" => rows.p,
            "log_ratio" => rows.lr,
        )
        .map_err(perr("committee_keyness"))?;
        sort(
            df,
            &["committee", "feature_type", "feature"],
            "committee_keyness",
        )
    }
}

#[derive(Default)]
struct ByCommitteeRows {
    committee: Vec<String>,
    theme: Vec<String>,
    hits: Vec<u64>,
    remarks_with: Vec<u64>,
    remarks: Vec<u64>,
    tokens: Vec<u64>,
    per_10k: Vec<f64>,
    meetings: Vec<u64>,
    meetings_with: Vec<u64>,
    label: Vec<String>,
}

#[derive(Default)]
struct KeyRows {
    committee: Vec<String>,
    kind: Vec<String>,
    feature: Vec<String>,
    label: Vec<String>,
    a: Vec<u64>,
    b: Vec<u64>,
    c: Vec<u64>,
    d: Vec<u64>,
    rate_t: Vec<f64>,
    rate_r: Vec<f64>,
    g2: Vec<f64>,
    p: Vec<f64>,
    lr: Vec<f64>,
}

impl KeyRows {
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        committee: &str,
        kind: &str,
        feature: &str,
        label: &str,
        a: u64,
        b: u64,
        c: u64,
        d: u64,
    ) {
        let k = keyness(a, b, c, d);
        self.committee.push(committee.to_string());
        self.kind.push(kind.to_string());
        self.feature.push(feature.to_string());
        self.label.push(label.to_string());
        self.a.push(a);
        self.b.push(b);
        self.c.push(c);
        self.d.push(d);
        self.rate_t.push(rate(a, c));
        self.rate_r.push(rate(b, d));
        self.g2.push(round6(k.g2));
        self.p.push(if k.p_value < 1e-12 {
            k.p_value
        } else {
            round6_sig(k.p_value)
        });
        self.lr.push(round6(k.log_ratio));
    }
}

fn round6_sig(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let mag = x.abs().log10().floor() as i32;
    let f = 10f64.powi(5 - mag);
    (x * f).round() / f
}

fn sort(df: DataFrame, by: &[&str], ctx: &str) -> Result<DataFrame> {
    df.lazy()
        .sort(
            by.to_vec(),
            SortMultipleOptions::default().with_maintain_order(true),
        )
        .collect()
        .map_err(perr(ctx))
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
    ParquetWriter::new(BufWriter::new(f))
        .with_compression(ParquetCompression::Snappy)
        .finish(df)
        .map_err(perr(name))?;
    Ok(vec![csv_path, pq_path])
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
        let s = df.column("session").unwrap().u32().unwrap();
        assert_eq!(s.get(0), Some(16));
        assert_eq!(s.get(1), None);
        assert_eq!(excerpt.height(), 2);
    }

    #[test]
    fn committee_noun_sums_arrive_in_parts_and_add_up_in_keyness() {
        let mut agg = Aggregator::new(Vec::new(), 10, None).unwrap();
        for (id, c) in [("a", "A会議"), ("b", "B会議")] {
            let m = Meeting {
                meeting_id: id.into(),
                committee: c.into(),
                ..Default::default()
            };
            agg.meeting(&m, 10_000, &[]).unwrap();
        }
        let counts = |pairs: &[(&str, u64)]| -> FxHashMap<Noun, u64> {
            pairs
                .iter()
                .map(|(b, k)| (Noun::new(b, "名詞-一般"), *k))
                .collect()
        };
        agg.committee_nouns("A会議", counts(&[("秘密", 30), ("通信", 5)]))
            .unwrap();
        agg.committee_nouns("B会議", counts(&[("通信", 40), ("秘密", 1)]))
            .unwrap();
        // A second batch of the same committee adds to the first.
        agg.committee_nouns("A会議", counts(&[("秘密", 20)]))
            .unwrap();
        assert_eq!(
            agg.committee_nouns["A会議"][&Noun::new("秘密", "名詞-一般")],
            50
        );
        agg.finish_remarks().unwrap();
        let k = agg.tables().unwrap().committee_keyness;
        let rows = k
            .lazy()
            .filter(
                col("committee")
                    .eq(lit("A会議"))
                    .and(col("feature_type").eq(lit("term")))
                    .and(col("label").eq(lit("秘密"))),
            )
            .collect()
            .unwrap();
        assert_eq!(rows.height(), 1);
        assert_eq!(
            rows.column("target_count").unwrap().u64().unwrap().get(0),
            Some(50)
        );
        assert_eq!(
            rows.column("reference_count")
                .unwrap()
                .u64()
                .unwrap()
                .get(0),
            Some(1)
        );
    }

    #[test]
    fn committee_sums_rates_and_streamed_tables() {
        let dir = tempfile::tempdir().unwrap();
        let themes = vec![
            ThemeInfo {
                id: "t2".into(),
                label: "T2".into(),
            },
            ThemeInfo {
                id: "t1".into(),
                label: "T1".into(),
            },
        ];
        let mut agg = Aggregator::new(themes, 2, Some(dir.path())).unwrap();
        let meeting = |id: &str, date: &str, texts: &[&str]| Meeting {
            meeting_id: id.into(),
            source: format!("{id}.txt"),
            title: String::new(),
            committee: "X".into(),
            parent: String::new(),
            ministry: String::new(),
            session: None,
            date: Some(date.into()),
            style: crate::model::Style::MinistryLabelled,
            start_time: None,
            end_time: None,
            place: None,
            attendees: vec![],
            materials: vec![],
            remarks: texts
                .iter()
                .enumerate()
                .map(|(i, t)| crate::model::Remark {
                    seq: i as u32 + 1,
                    speaker: "後藤".into(),
                    speaker_label: "後藤座長".into(),
                    role: Role::Chair,
                    section: String::new(),
                    via_chat: false,
                    text: t.to_string(),
                    norm: t.to_string(),
                })
                .collect(),
        };
        let noun = |b: &str| {
            (
                Noun {
                    base: b.into(),
                    pos: "名詞-一般".into(),
                },
                3,
            )
        };
        // Meeting a: 1000 tokens, theme t1 hit twice in one remark; b: 4000 tokens, t1 3 hits in 2.
        for (m, tokens, hits) in [
            (
                meeting("a", "2020-01-01", &["x", "y"]),
                [500u32, 500],
                [[0u32, 2], [0, 0]],
            ),
            (
                meeting("b", "2020-02-01", &["x", "y"]),
                [2000, 2000],
                [[0, 1], [0, 2]],
            ),
        ] {
            agg.meeting(
                &m,
                tokens.iter().map(|&t| t as u64).sum(),
                &[noun("秘密"), noun("通信"), noun("余分")],
            )
            .unwrap();
            for (i, r) in m.remarks.iter().enumerate() {
                agg.remark(&RemarkResult {
                    meeting: &m,
                    remark: r,
                    tokens: tokens[i],
                    hits: hits[i].to_vec(),
                    positions: vec![],
                    norm: String::new(),
                })
                .unwrap();
            }
        }
        agg.finish_remarks().unwrap();
        let t = agg.tables().unwrap();
        let bc = &t.themes_by_committee;
        assert_eq!(bc.height(), 2);
        // Rows in theme-id order: t1 first.
        assert_eq!(
            bc.column("theme").unwrap().str().unwrap().get(0),
            Some("t1")
        );
        assert_eq!(bc.column("hits").unwrap().u64().unwrap().get(0), Some(5));
        let rate = bc
            .column("per_10k_tokens")
            .unwrap()
            .f64()
            .unwrap()
            .get(0)
            .unwrap();
        assert!((rate - 10.0).abs() < 1e-9);
        let mw = bc.column("meetings_with").unwrap().u64().unwrap();
        assert_eq!((mw.get(0), mw.get(1)), (Some(2), Some(0)));
        assert_eq!(
            bc.column("meetings").unwrap().u64().unwrap().get(0),
            Some(2)
        );
        // Streamed files: every meeting × theme, sorted by (meeting_id, theme); top 2 nouns.
        let tc = std::fs::read_to_string(dir.path().join("theme_counts.csv")).unwrap();
        let lines: Vec<&str> = tc.lines().collect();
        assert_eq!(lines.len(), 5);
        assert_eq!(lines[1], "a,X,2020-01-01,t1,2,1,2,1000,20.0,T1");
        assert_eq!(lines[4], "b,X,2020-02-01,t2,0,0,2,4000,0.0,T2");
        let tt = std::fs::read_to_string(dir.path().join("top_terms.csv")).unwrap();
        assert_eq!(tt.lines().count(), 1 + 2 * 2);
        assert!(dir.path().join("theme_counts.parquet").is_file());
        assert_eq!(t.theme_counts.height(), 4);
    }

    #[test]
    fn rates_are_rounded_and_zero_safe() {
        assert_eq!(rate(1, 3), 3333.333333);
        assert_eq!(rate(5, 0), 0.0);
    }
}
