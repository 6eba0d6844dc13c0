//! Pipeline: runs ingest → parse → segment → themes over a corpus, in parallel, in bounded
//! batches, and hands every remark, in order, to a [`Visitor`].
//!
//! Takes a [`Config`] (corpus folder, optional tokenizer, theme set and store, thread count) and
//! gives a [`RunSummary`] (every input file with its status, stage timings) while the visitor
//! receives each meeting and remark with its token count and theme hits. Files are read and
//! parsed in parallel; remarks are tokenized in parallel with one lindera worker per thread
//! (rayon `map_init`); results are handed on in a fixed order (meeting id, then seq), so output
//! never depends on the thread count. Memory is bounded by the batch size, not the corpus: only
//! per-remark aggregates leave a batch, never the tokens.

mod batch;
mod file;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::error::Result;
use crate::ingest::{self, Found};
use crate::model::{FileStatus, InputRecord, Meeting, Remark};
use crate::segment::{Noun, Tokenizer};
use crate::store::Store;
use crate::themes::{Hit, Matcher, ThemeSet};
use batch::{batch_bounds, BatchState};
use file::{finish_file, read_and_parse, tokenize, ParsedFile, Tokenized};

/// What a run works on.
pub struct Config<'a> {
    pub corpus: PathBuf,
    /// None: parse only (token counts stay 0).
    pub tokenizer: Option<&'a Tokenizer>,
    /// None: no theme counting.
    pub themes: Option<&'a ThemeSet>,
    /// None: nothing kept for re-runs.
    pub store: Option<&'a dyn Store>,
    /// Collect noun counts per meeting (for top_terms).
    pub nouns: bool,
    /// Keep every hit's position (for kwic); otherwise only counts.
    pub hit_positions: bool,
    /// Roughly how many bytes of input one batch holds.
    pub batch_bytes: u64,
    /// Content hash and size of input files (by path relative to the corpus) read just before
    /// this run: a file the store holds is then not read again.
    pub known: Option<&'a HashMap<String, (String, u64)>>,
    /// The corpus already listed (`ingest::list` of `corpus`), so that it is not walked again.
    pub listing: Option<&'a ingest::Listing>,
    /// Only this shard's inputs (when the run lists the corpus itself).
    pub shard: Option<ingest::Shard>,
}

impl<'a> Config<'a> {
    /// A parse-only configuration for `corpus`.
    pub fn new(corpus: impl Into<PathBuf>) -> Self {
        Config {
            corpus: corpus.into(),
            tokenizer: None,
            themes: None,
            store: None,
            nouns: false,
            hit_positions: false,
            batch_bytes: 16 << 20,
            known: None,
            listing: None,
            shard: None,
        }
    }
}

/// What a run did, apart from what the visitor saw.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RunSummary {
    pub inputs: Vec<InputRecord>,
    /// Seconds per stage (wall clock, summed over batches).
    pub timings: Vec<(String, f64)>,
    pub bytes: u64,
    pub remarks: u64,
    pub tokens: u64,
}

impl RunSummary {
    /// Number of files skipped.
    pub fn skipped(&self) -> usize {
        self.inputs
            .iter()
            .filter(|i| i.status != FileStatus::Parsed)
            .count()
    }
}

/// One remark after tokenizing and matching.
pub struct RemarkResult<'m> {
    pub meeting: &'m Meeting,
    pub remark: &'m Remark,
    pub tokens: u32,
    /// Hits per theme, in theme order (empty without themes).
    pub hits: Vec<u32>,
    /// Occurrences per term with any: (index among all themes' terms in order, count); empty
    /// without themes.
    pub term_hits: Vec<(usize, u32)>,
    /// Hit positions in the remark's NFKC-normalized text ([`Remark::normalized`]), only
    /// with `hit_positions`.
    pub positions: Vec<Hit>,
}

/// Receives the results in order.
pub trait Visitor {
    /// A meeting begins; its remarks follow.
    fn meeting(&mut self, _meeting: &Meeting, _tokens: u64, _nouns: &[(Noun, u32)]) -> Result<()> {
        Ok(())
    }
    /// A remark of the meeting last announced.
    fn remark(&mut self, _r: &RemarkResult<'_>) -> Result<()> {
        Ok(())
    }
    /// The group whose noun sums a meeting's nouns go to ([`Visitor::committee_nouns`]): its
    /// committee unless the visitor compares another column.
    fn noun_group(&self, m: &Meeting) -> String {
        m.committee.clone()
    }
    /// Noun counts of a group's (committee's) meetings of one year (`None`: undated) in the batch just
    /// handed on (summed in parallel, given after the batch's meetings; a committee and year
    /// may come again with the next batch). The same counts as the meetings' `nouns`, for
    /// visitors that need only the sums.
    fn committee_nouns(
        &mut self,
        _committee: &str,
        _year: Option<i32>,
        _counts: FxHashMap<Noun, u64>,
    ) -> Result<()> {
        Ok(())
    }
}

/// Hands the results to a main visitor and to others beside it (which see the meetings and
/// remarks; the noun sums go to the main one only).
pub struct Tee<'a, 'b> {
    pub main: &'a mut (dyn Visitor + Send),
    pub others: Vec<&'b mut (dyn Visitor + Send)>,
}

impl Visitor for Tee<'_, '_> {
    fn meeting(&mut self, m: &Meeting, tokens: u64, nouns: &[(Noun, u32)]) -> Result<()> {
        self.main.meeting(m, tokens, nouns)?;
        for o in &mut self.others {
            o.meeting(m, tokens, nouns)?;
        }
        Ok(())
    }
    fn remark(&mut self, r: &RemarkResult<'_>) -> Result<()> {
        self.main.remark(r)?;
        for o in &mut self.others {
            o.remark(r)?;
        }
        Ok(())
    }
    fn noun_group(&self, m: &Meeting) -> String {
        self.main.noun_group(m)
    }
    fn committee_nouns(
        &mut self,
        committee: &str,
        year: Option<i32>,
        counts: FxHashMap<Noun, u64>,
    ) -> Result<()> {
        self.main.committee_nouns(committee, year, counts)
    }
}

/// Progress reports: bytes done out of the total, and the file just finished.
pub trait Progress: Sync {
    fn start(&self, _total_bytes: u64, _files: usize) {}
    fn advance(&self, _bytes: u64, _file: &str) {}
    fn skipped(&self, _path: &str, _reason: &str) {}
    fn finish(&self) {}
}

/// Progress that reports nothing.
pub struct NoProgress;
impl Progress for NoProgress {}

/// Runs the pipeline over `cfg.corpus`, handing results to `visitor`.
pub fn run(
    cfg: &Config,
    visitor: &mut (dyn Visitor + Send),
    progress: &dyn Progress,
) -> Result<RunSummary> {
    let t_start = Instant::now();
    let owned;
    let listing = match cfg.listing {
        Some(l) => l,
        None => {
            owned = ingest::list_shard(&cfg.corpus, cfg.shard)?;
            &owned
        }
    };
    let mut summary = RunSummary::default();
    for p in &listing.problems {
        progress.skipped(&p.rel, &p.reason);
        summary.inputs.push(InputRecord::skipped(&p.rel, &p.reason));
    }
    // Listed in meeting-id order, so outputs come out sorted by their key.
    let (found, sizes) = (&listing.found[..], &listing.sizes[..]);
    progress.start(sizes.iter().sum(), found.len());
    summary.inputs.reserve_exact(found.len());
    let mut timings: HashMap<&'static str, Duration> = HashMap::new();
    if cfg.listing.is_none() {
        timings.insert("discover", t_start.elapsed());
    }

    let matcher = match (cfg.themes, cfg.tokenizer) {
        (Some(t), Some(tok)) => Some(t.matcher(Some(&mut tok.worker()))?),
        (Some(t), None) => Some(t.matcher(None)?),
        _ => None,
    };
    let matcher = matcher.as_ref();
    let batches = batch_bounds(sizes, cfg.batch_bytes);
    let mut state = BatchState::default();
    // Two batches in flight: while the calling thread hands batch n to the visitor (writing
    // tables is sequential), the pool reads, parses and tokenizes batch n+1.
    let mut pending: Option<Processed> = None;
    for &(a, b) in batches
        .iter()
        .chain(std::iter::once(&(found.len(), found.len())))
    {
        let batch = &found[a..b];
        let (next, handed) = rayon::join(
            || (!batch.is_empty()).then(|| process_batch(cfg, matcher, batch)),
            || match pending.take() {
                Some(p) => hand_on(p, visitor, progress, &mut summary),
                None => Ok(()),
            },
        );
        handed?;
        pending = match next {
            Some(mut p) => {
                state.dedupe(&mut p.files, found, a);
                Some(p)
            }
            None => None,
        };
        if let Some(p) = &pending {
            for (k, v) in &p.timings {
                *timings.entry(k).or_default() += *v;
            }
        }
    }
    if let Some(p) = pending.take() {
        hand_on(p, visitor, progress, &mut summary)?;
    }
    progress.finish();
    summary.inputs.sort_by(|a, b| a.path.cmp(&b.path));
    for (k, v) in timings {
        *summary_timing(&mut summary, k) += v.as_secs_f64();
    }
    summary.timings.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(summary)
}

/// A batch after the parallel stages.
struct Processed {
    files: Vec<Result<Done>>,
    timings: Vec<(&'static str, Duration)>,
}

/// One file after the parallel stages.
struct Done {
    record: InputRecord,
    meeting: Option<Meeting>,
    results: Vec<Tokenized>,
    tokens: u64,
    nouns: Vec<(Noun, u32)>,
}

/// Reads, parses (or takes from the store) and tokenizes one batch, in parallel; then
/// finishes each file (noun counts, new store entries) in parallel too, so that only the
/// visitor runs sequentially.
fn process_batch(cfg: &Config, matcher: Option<&Matcher<'_>>, batch: &[Found]) -> Processed {
    let t = Instant::now();
    let files: Vec<ParsedFile> = batch.par_iter().map(|f| read_and_parse(f, cfg)).collect();
    let t_parse = t.elapsed();
    let t = Instant::now();
    let items: Vec<(usize, usize)> = files
        .iter()
        .enumerate()
        .filter_map(|(fi, f)| f.meeting.as_ref().map(|m| (fi, m.remarks.len())))
        .flat_map(|(fi, n)| (0..n).map(move |ri| (fi, ri)))
        .collect();
    let remark = |fi: usize, ri: usize| -> (&Remark, Option<&crate::store::RemarkTokens>) {
        let f = &files[fi];
        let m = f.meeting.as_ref().expect("item of a meeting");
        (&m.remarks[ri], f.stored.as_ref().and_then(|s| s.0.get(ri)))
    };
    let results: Vec<Result<Tokenized>> = match cfg.tokenizer {
        Some(tok) => items
            .par_iter()
            .map_init(
                || tok.worker(),
                |w, &(fi, ri)| {
                    let (r, stored) = remark(fi, ri);
                    tokenize(cfg, matcher, Some(w), r, stored)
                },
            )
            .collect(),
        None => items
            .par_iter()
            .map(|&(fi, ri)| tokenize(cfg, matcher, None, remark(fi, ri).0, None))
            .collect(),
    };
    let t_segment = t.elapsed();
    // Split the results per file (in order), then finish the files in parallel.
    let t = Instant::now();
    let mut results = results.into_iter();
    let per_file: Vec<(ParsedFile, Vec<Result<Tokenized>>)> = files
        .into_iter()
        .map(|f| {
            let n = f.meeting.as_ref().map_or(0, |m| m.remarks.len());
            let rs = results.by_ref().take(n).collect();
            (f, rs)
        })
        .collect();
    // A worker per job: each remembers the nouns it has resolved.
    let files = per_file
        .into_par_iter()
        .map_init(
            || cfg.tokenizer.map(Tokenizer::worker),
            |w, (f, rs)| finish_file(cfg, w.as_mut(), f, rs),
        )
        .collect();
    Processed {
        files,
        timings: vec![
            ("read+parse", t_parse),
            ("segment+match", t_segment),
            ("nouns+store", t.elapsed()),
        ],
    }
}

/// Hands a processed batch to the visitor, in order.
fn hand_on(
    p: Processed,
    visitor: &mut (dyn Visitor + Send),
    progress: &dyn Progress,
    summary: &mut RunSummary,
) -> Result<()> {
    let t = Instant::now();
    // Each committee's noun counts over this batch, summed in parallel (with the next batch's
    // work) rather than meeting by meeting here: about a thousand nouns a meeting.
    type Group = (String, Option<i32>);
    let committee_nouns: Vec<(Group, FxHashMap<Noun, u64>)> = {
        let mut by_committee: BTreeMap<Group, Vec<&[(Noun, u32)]>> = BTreeMap::new();
        for d in p.files.iter().flatten() {
            if let Some(m) = &d.meeting {
                if !d.nouns.is_empty() {
                    by_committee
                        .entry((visitor.noun_group(m), m.year()))
                        .or_default()
                        .push(&d.nouns);
                }
            }
        }
        by_committee
            .into_par_iter()
            .map(|(c, lists)| {
                let mut sums: FxHashMap<Noun, u64> = FxHashMap::default();
                for l in lists {
                    for (n, k) in l {
                        match sums.get_mut(n) {
                            Some(v) => *v += *k as u64,
                            None => {
                                sums.insert(n.clone(), *k as u64);
                            }
                        }
                    }
                }
                (c, sums)
            })
            .collect()
    };
    for f in p.files {
        let Done {
            record,
            meeting,
            results,
            tokens,
            nouns,
        } = f?;
        let Some(meeting) = meeting else {
            if record.status != FileStatus::Parsed {
                progress.skipped(&record.path, record.reason.as_deref().unwrap_or(""));
            }
            progress.advance(record.bytes, &record.path);
            summary.inputs.push(record);
            continue;
        };
        summary.remarks += meeting.remarks.len() as u64;
        summary.tokens += tokens;
        visitor.meeting(&meeting, tokens, &nouns)?;
        for (remark, r) in meeting.remarks.iter().zip(results) {
            visitor.remark(&RemarkResult {
                meeting: &meeting,
                remark,
                tokens: r.tokens,
                hits: r.hits,
                term_hits: r.term_hits,
                positions: r.positions,
            })?;
        }
        progress.advance(record.bytes, &record.path);
        summary.bytes += record.bytes;
        summary.inputs.push(record);
    }
    for ((c, year), sums) in committee_nouns {
        visitor.committee_nouns(&c, year, sums)?;
    }
    *summary_timing(summary, "aggregate") += t.elapsed().as_secs_f64();
    Ok(())
}

fn summary_timing<'s>(summary: &'s mut RunSummary, key: &str) -> &'s mut f64 {
    if let Some(i) = summary.timings.iter().position(|(k, _)| k == key) {
        return &mut summary.timings[i].1;
    }
    summary.timings.push((key.to_string(), 0.0));
    &mut summary.timings.last_mut().expect("just pushed").1
}
