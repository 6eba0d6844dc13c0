//! Exports for the analysis stacks (quanteda, STM, gensim, scikit-learn): every word token as
//! a long table, and a document-term matrix per remark or per meeting.
//!
//! Takes the pipeline's ordered stream (an [`Exporter`] is a [`Visitor`]) and the tokenizer,
//! tokenizes the remarks again with part of speech and base form (in parallel, a worker per
//! thread, a batch of whole meetings at a time) and gives:
//! - `tokens.csv`/`.parquet`: meeting_id, seq, position (1, 2, … within the remark), surface,
//!   base_form, pos; the same word tokens the `tokens` columns count;
//! - `dtm.mtx` (Matrix Market coordinate, documents × terms, terms = base forms),
//!   `dtm_terms.txt` (column k's term on line k) and `dtm_docs.csv`/`.parquet` (row k's
//!   document variables).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use polars::prelude::*;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::stream::{TableStream, Val};
use crate::error::{Error, Result};
use crate::model::Meeting;
use crate::pipeline::{RemarkResult, Visitor};
use crate::segment::{Noun, TokenDetail, Tokenizer};

/// What a document of the document-term matrix is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DtmUnit {
    Remark,
    Meeting,
}

/// The exports a run writes (none by default).
#[derive(Debug, Clone, Default)]
pub struct Exports {
    /// `tokens.csv`/`.parquet`.
    pub tokens: bool,
    /// `dtm.mtx` with its terms and documents.
    pub dtm: Option<DtmUnit>,
}

impl Exports {
    pub fn any(&self) -> bool {
        self.tokens || self.dtm.is_some()
    }
}

const TOKENS: &[(&str, Val<'static>)] = &[
    ("meeting_id", Val::Str("")),
    ("seq", Val::U32(0)),
    ("position", Val::U32(0)),
    ("surface", Val::Str("")),
    ("base_form", Val::Str("")),
    ("pos", Val::Str("")),
];

/// Bytes of remark text tokenized together.
const BATCH_BYTES: usize = 4 << 20;

struct MeetingInfo {
    id: String,
    date: String,
    committee: String,
    tokens: u64,
}

struct Pending {
    meeting: usize,
    seq: u32,
    speaker: String,
    role: &'static str,
    text: String,
}

/// The document-term matrix being built.
#[derive(Default)]
struct Dtm {
    vocab: FxHashMap<String, u32>,
    /// (document, term, count), documents in order.
    entries: Vec<(u32, u32, u32)>,
    docs: DocColumns,
}

#[derive(Default)]
struct DocColumns {
    doc_id: Vec<String>,
    meeting_id: Vec<String>,
    seq: Vec<Option<u32>>,
    date: Vec<String>,
    committee: Vec<String>,
    speaker: Vec<String>,
    role: Vec<String>,
    tokens: Vec<u64>,
}

/// Writes the exports while the corpus is read.
pub struct Exporter<'t> {
    tokenizer: &'t Tokenizer,
    unit: Option<DtmUnit>,
    tokens_out: Option<TableStream>,
    dtm: Dtm,
    meetings: Vec<MeetingInfo>,
    pending: Vec<Pending>,
    pending_bytes: usize,
}

impl<'t> Exporter<'t> {
    /// Creates the streamed files in `dir`.
    pub fn new(dir: &Path, tokenizer: &'t Tokenizer, exports: &Exports) -> Result<Self> {
        let tokens_out = if exports.tokens {
            Some(TableStream::new(dir, "tokens", TOKENS, 0)?)
        } else {
            None
        };
        Ok(Exporter {
            tokenizer,
            unit: exports.dtm,
            tokens_out,
            dtm: Dtm::default(),
            meetings: Vec::new(),
            pending: Vec::new(),
            pending_bytes: 0,
        })
    }

    /// Tokenizes the pending remarks (whole meetings) and writes them out.
    fn flush(&mut self) -> Result<()> {
        let pending = std::mem::take(&mut self.pending);
        self.pending_bytes = 0;
        let tok = self.tokenizer;
        let details: Vec<Result<Vec<TokenDetail>>> = pending
            .par_iter()
            .map_init(|| tok.worker(), |w, p| w.token_details(&p.text))
            .collect();
        let mut meeting_terms: FxHashMap<u32, u32> = FxHashMap::default();
        let mut last_meeting = None;
        for (p, d) in pending.iter().zip(details) {
            let d = d?;
            let m = &self.meetings[p.meeting];
            if let Some(out) = self.tokens_out.as_mut() {
                for (i, t) in d.iter().enumerate() {
                    out.push(&[
                        Val::Str(&m.id),
                        Val::U32(p.seq),
                        Val::U32(i as u32 + 1),
                        Val::Str(&t.surface),
                        Val::Str(&t.base),
                        Val::Str(&t.pos),
                    ])?;
                }
            }
            match self.unit {
                Some(DtmUnit::Remark) => {
                    let mut terms = FxHashMap::default();
                    self.dtm.count(&d, &mut terms);
                    let doc = self.dtm.docs.doc_id.len() as u32;
                    self.dtm.close_doc(doc, terms);
                    let docs = &mut self.dtm.docs;
                    docs.doc_id.push(format!("{}#{}", m.id, p.seq));
                    docs.meeting_id.push(m.id.clone());
                    docs.seq.push(Some(p.seq));
                    docs.date.push(m.date.clone());
                    docs.committee.push(m.committee.clone());
                    docs.speaker.push(p.speaker.clone());
                    docs.role.push(p.role.to_string());
                    docs.tokens.push(d.len() as u64);
                }
                Some(DtmUnit::Meeting) => {
                    if last_meeting.is_some_and(|l| l != p.meeting) {
                        let done = last_meeting.expect("checked");
                        self.close_meeting_doc(done, std::mem::take(&mut meeting_terms));
                    }
                    last_meeting = Some(p.meeting);
                    self.dtm.count(&d, &mut meeting_terms);
                }
                None => {}
            }
        }
        if let Some(done) = last_meeting {
            self.close_meeting_doc(done, meeting_terms);
        }
        Ok(())
    }

    fn close_meeting_doc(&mut self, meeting: usize, terms: FxHashMap<u32, u32>) {
        let doc = self.dtm.docs.doc_id.len() as u32;
        self.dtm.close_doc(doc, terms);
        let m = &self.meetings[meeting];
        let docs = &mut self.dtm.docs;
        docs.doc_id.push(m.id.clone());
        docs.meeting_id.push(m.id.clone());
        docs.seq.push(None);
        docs.date.push(m.date.clone());
        docs.committee.push(m.committee.clone());
        docs.speaker.push(String::new());
        docs.role.push(String::new());
        docs.tokens.push(m.tokens);
    }

    /// Tokenizes what is left, closes the files and writes the matrix; gives the files written
    /// (names in `dir`).
    pub fn finish(mut self, dir: &Path) -> Result<Vec<String>> {
        self.flush()?;
        let mut written = Vec::new();
        if let Some(out) = self.tokens_out.take() {
            out.finish()?;
            written.extend(["tokens.csv".to_string(), "tokens.parquet".to_string()]);
        }
        if self.unit.is_some() {
            written.extend(self.dtm.write(dir)?);
        }
        Ok(written)
    }
}

impl Dtm {
    fn count(&mut self, tokens: &[TokenDetail], terms: &mut FxHashMap<u32, u32>) {
        for t in tokens {
            // Look up before inserting: a term is new far less often than it is seen, and
            // `entry` would copy the base form for every token.
            let id = match self.vocab.get(t.base.as_str()) {
                Some(&id) => id,
                None => {
                    let id = self.vocab.len() as u32;
                    self.vocab.insert(t.base.clone(), id);
                    id
                }
            };
            *terms.entry(id).or_insert(0) += 1;
        }
    }

    fn close_doc(&mut self, doc: u32, terms: FxHashMap<u32, u32>) {
        self.entries
            .extend(terms.into_iter().map(|(term, c)| (doc, term, c)));
    }

    /// `dtm.mtx` (terms in code-point order), `dtm_terms.txt`, `dtm_docs.csv`/`.parquet`.
    fn write(self, dir: &Path) -> Result<Vec<String>> {
        let mut names: Vec<(String, u32)> = self.vocab.into_iter().collect();
        names.sort_unstable();
        let mut column = vec![0u32; names.len()];
        for (k, (_, old)) in names.iter().enumerate() {
            column[*old as usize] = k as u32;
        }
        let mut entries = self.entries;
        for e in &mut entries {
            e.1 = column[e.1 as usize];
        }
        entries.sort_unstable();
        let docs = self.docs.doc_id.len();
        let io = |p: &PathBuf| {
            let p = p.clone();
            move |e: std::io::Error| Error::io(p, e)
        };
        let mtx = dir.join("dtm.mtx");
        let mut w = BufWriter::new(File::create(&mtx).map_err(io(&mtx))?);
        // `real`, not `integer`: gensim's MmCorpus reads only the former; R's readMM and
        // scipy's mmread read both.
        writeln!(
            w,
            "%%MatrixMarket matrix coordinate real general\n% kaigi document-term matrix: rows = dtm_docs.csv, columns = dtm_terms.txt, values = token counts\n{docs} {} {}",
            names.len(),
            entries.len()
        )
        .map_err(io(&mtx))?;
        for (d, t, c) in &entries {
            writeln!(w, "{} {} {c}", d + 1, t + 1).map_err(io(&mtx))?;
        }
        w.flush().map_err(io(&mtx))?;
        let terms = dir.join("dtm_terms.txt");
        let mut w = BufWriter::new(File::create(&terms).map_err(io(&terms))?);
        for (name, _) in &names {
            // A base form never holds a line break: tokens do not span one.
            writeln!(w, "{name}").map_err(io(&terms))?;
        }
        w.flush().map_err(io(&terms))?;
        let d = self.docs;
        let mut df = df!(
            "doc_id" => d.doc_id,
            "meeting_id" => d.meeting_id,
            "seq" => d.seq,
            "date" => d.date,
            "committee" => d.committee,
            "speaker" => d.speaker,
            "role" => d.role,
            "tokens" => d.tokens,
        )
        .map_err(|e| Error::output("dtm_docs", e))?;
        super::write_table(&mut df, dir, "dtm_docs")?;
        Ok([
            "dtm.mtx",
            "dtm_terms.txt",
            "dtm_docs.csv",
            "dtm_docs.parquet",
        ]
        .map(String::from)
        .to_vec())
    }
}

impl Visitor for Exporter<'_> {
    fn meeting(&mut self, m: &Meeting, tokens: u64, _nouns: &[(Noun, u32)]) -> Result<()> {
        if self.pending_bytes >= BATCH_BYTES {
            self.flush()?;
        }
        self.meetings.push(MeetingInfo {
            id: m.meeting_id.clone(),
            date: m.date.clone().unwrap_or_default(),
            committee: m.committee.clone(),
            tokens,
        });
        if self.unit == Some(DtmUnit::Meeting) && m.remarks.is_empty() {
            // Its row comes after the pending meetings' rows.
            self.flush()?;
            self.close_meeting_doc(self.meetings.len() - 1, FxHashMap::default());
        }
        Ok(())
    }

    fn remark(&mut self, r: &RemarkResult<'_>) -> Result<()> {
        let text = r.remark.normalized().to_string();
        self.pending_bytes += text.len();
        self.pending.push(Pending {
            meeting: self.meetings.len() - 1,
            seq: r.remark.seq,
            speaker: r.remark.speaker.clone(),
            role: r.remark.role.as_str(),
            text,
        });
        Ok(())
    }
}
