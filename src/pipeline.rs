//! Pipeline: runs ingest → parse → segment → themes over a corpus, in parallel, in bounded
//! batches, and hands every remark, in order, to a [`Visitor`].
//!
//! Takes a [`Config`] (corpus folder, optional tokenizer, theme set and cache, thread count) and
//! gives a [`RunSummary`] (every input file with its status, stage timings) while the visitor
//! receives each meeting and remark with its token count and theme hits. Files are read and
//! parsed in parallel; remarks are tokenized in parallel with one lindera worker per thread
//! (rayon `map_init`); results are handed on in a fixed order (meeting id, then seq), so output
//! never depends on the thread count. Memory is bounded by the batch size, not the corpus: only
//! per-remark aggregates leave a batch, never the tokens.

use std::collections::{BTreeMap, HashMap};

use rustc_hash::FxHashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::Serialize;

use crate::cache::{self, CachedRemark, Entry, Occurrences, SegCache};
use crate::error::Result;
use crate::ingest::{self, Found};
use crate::model::{Meeting, Remark};
use crate::parse::{self, nfkc};
use crate::segment::{Noun, NounRef, Segmented, Tokenizer};
use crate::themes::{Hit, Occurrence, ThemeSet};

/// What a run works on.
pub struct Config<'a> {
    pub corpus: PathBuf,
    /// None: parse only (token counts stay 0).
    pub tokenizer: Option<&'a Tokenizer>,
    /// None: no theme counting.
    pub themes: Option<&'a ThemeSet>,
    /// None: no tokenization cache.
    pub cache: Option<SegCache>,
    /// Collect noun counts per meeting (for top_terms).
    pub nouns: bool,
    /// Keep every hit's position (for kwic); otherwise only counts.
    pub hit_positions: bool,
    /// Roughly how many bytes of input one batch holds.
    pub batch_bytes: u64,
    /// Content hash and size of input files (by path relative to the corpus) read just before
    /// this run: a file whose cache entry holds its meeting is then not read again.
    pub known: Option<&'a HashMap<String, (String, u64)>>,
    /// The corpus already listed (`ingest::list` of `corpus`), so that it is not walked again.
    pub listing: Option<&'a ingest::Listing>,
}

impl<'a> Config<'a> {
    /// A parse-only configuration for `corpus`.
    pub fn new(corpus: impl Into<PathBuf>) -> Self {
        Config {
            corpus: corpus.into(),
            tokenizer: None,
            themes: None,
            cache: None,
            nouns: false,
            hit_positions: false,
            batch_bytes: 16 << 20,
            known: None,
            listing: None,
        }
    }
}

/// One input file's fate, for the manifest and the per-file report.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct InputRecord {
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
    pub encoding: String,
    /// `parsed` or `skipped`.
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meeting_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remarks: Option<usize>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// Whether the tokens came from the cache (run state, reported with the timings).
    #[serde(skip)]
    pub cached: bool,
    /// Whether the theme hits came from the cache's stored occurrences, with no search of the
    /// text (run state, reported with the timings).
    #[serde(skip)]
    pub hits_cached: bool,
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
        self.inputs.iter().filter(|i| i.status != "parsed").count()
    }
}

/// One remark after tokenizing and matching.
pub struct RemarkResult<'m> {
    pub meeting: &'m Meeting,
    pub remark: &'m Remark,
    pub tokens: u32,
    /// Hits per theme, in theme order (empty without themes).
    pub hits: Vec<u32>,
    /// Hit positions in `norm` (only with `hit_positions`).
    pub positions: Vec<Hit>,
    /// The NFKC-normalized text (only with `hit_positions`).
    pub norm: String,
}

/// Receives the results in order.
pub trait Visitor {
    /// Whether the visitor reads the remarks' texts. When it does not, a re-run whose theme
    /// hits all come from the cache reads no remark text at all.
    fn needs_text(&self) -> bool {
        true
    }
    /// A meeting begins; its remarks follow.
    fn meeting(&mut self, _meeting: &Meeting, _tokens: u64, _nouns: &[(Noun, u32)]) -> Result<()> {
        Ok(())
    }
    /// A remark of the meeting last announced.
    fn remark(&mut self, _r: &RemarkResult<'_>) -> Result<()> {
        Ok(())
    }
    /// Noun counts of a committee's meetings in the batch just handed on (summed in
    /// parallel, given after the batch's meetings; a committee may come again with the next
    /// batch). The same counts as the meetings' `nouns`, for visitors that need only the sums.
    fn committee_nouns(&mut self, _committee: &str, _counts: FxHashMap<Noun, u64>) -> Result<()> {
        Ok(())
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

struct ParsedFile {
    record: InputRecord,
    meeting: Option<Meeting>,
    /// The file's tokenization from the cache, if any.
    entry: Option<Entry>,
    /// True when `meeting` itself was decoded from `entry` (not parsed again): the remarks'
    /// texts are then the very texts whose tokens the entry holds, so checking each one's hash
    /// against the entry would compare the entry with itself.
    from_entry: bool,
    /// The file's stored pattern occurrences (with an entry only, and themes).
    occ: Option<Occurrences>,
}

struct Tokenized {
    tokens: u32,
    hits: Vec<u32>,
    positions: Vec<Hit>,
    norm: String,
    nouns: Vec<NounRef>,
    cached: Option<CachedRemark>,
    /// Every pattern occurrence, when searched afresh with the cache on (to store).
    occ: Vec<Occurrence>,
}

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
            owned = ingest::list(&cfg.corpus)?;
            &owned
        }
    };
    let mut summary = RunSummary::default();
    for p in &listing.problems {
        progress.skipped(&p.rel, &p.reason);
        summary.inputs.push(InputRecord {
            path: p.rel.clone(),
            bytes: 0,
            sha256: String::new(),
            encoding: String::new(),
            status: "skipped".into(),
            reason: Some(p.reason.clone()),
            meeting_id: None,
            remarks: None,
            warnings: vec![],
            cached: false,
            hits_cached: false,
        });
    }
    // Listed in meeting-id order, so outputs come out sorted by their key.
    let (found, sizes) = (&listing.found[..], &listing.sizes[..]);
    progress.start(sizes.iter().sum(), found.len());
    summary.inputs.reserve_exact(found.len());
    let mut timings: HashMap<&'static str, Duration> = HashMap::new();
    if cfg.listing.is_none() {
        timings.insert("discover", t_start.elapsed());
    }

    let batches = batch_bounds(sizes, cfg.batch_bytes);
    let need_text = cfg.hit_positions || visitor.needs_text();
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
            || (!batch.is_empty()).then(|| process_batch(cfg, batch, need_text)),
            || match pending.take() {
                Some(p) => hand_on(p, visitor, progress, &mut summary),
                None => Ok(()),
            },
        );
        handed?;
        pending = match next {
            Some(mut p) => {
                state.dedupe(&mut p, found, a);
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

/// Splits the files into batches of about `batch_bytes` (at least one file each).
/// The last `batch_bytes` of input go in batches a quarter that size: the last batch is handed
/// on alone, with the other threads idle, so it should be short.
fn batch_bounds(sizes: &[u64], batch_bytes: u64) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut left: u64 = sizes.iter().sum();
    let mut i = 0;
    while i < sizes.len() {
        let limit = if left <= batch_bytes {
            (batch_bytes / 4).max(1)
        } else {
            batch_bytes
        };
        let mut j = i;
        let mut acc = 0u64;
        while j < sizes.len() && (j == i || acc + sizes[j] <= limit) {
            acc += sizes[j];
            j += 1;
        }
        out.push((i, j));
        left -= acc;
        i = j;
    }
    out
}

/// What the batches seen so far leave for the next: content hashes and meeting ids, each with
/// the index (in the sorted file list) of the file that had it first. Kept small: one entry
/// per file of the corpus.
#[derive(Default)]
struct BatchState {
    seen_sha: FxHashMap<[u8; 32], u32>,
    seen_ids: FxHashMap<Box<str>, u32>,
}

impl BatchState {
    /// In input order: a file with the same content as an earlier one is a duplicate (counted
    /// once); a meeting id already taken falls back to the full relative path. `p` holds the
    /// files `found[first..]`, in order.
    fn dedupe(&mut self, p: &mut Processed, found: &[Found], first: usize) {
        for (k, f) in p.files.iter_mut().enumerate() {
            let Ok(f) = f else { continue };
            let index = (first + k) as u32;
            if f.meeting.is_none() {
                continue;
            }
            let mut sha = [0u8; 32];
            if hex::decode_to_slice(&f.record.sha256, &mut sha).is_ok() {
                if let Some(&i) = self.seen_sha.get(&sha) {
                    let first = &found[i as usize].rel;
                    f.record.status = "skipped".into();
                    f.record.reason =
                        Some(format!("duplicate: same content as {first} (counted once)"));
                    f.meeting = None;
                    continue;
                }
                self.seen_sha.insert(sha, index);
            }
            let Some(m) = f.meeting.as_mut() else {
                continue;
            };
            if let Some(&i) = self.seen_ids.get(m.meeting_id.as_str()) {
                f.record.warnings.push(format!(
                    "meeting id {} also derived from {}; using the full path",
                    m.meeting_id, found[i as usize].rel
                ));
                m.meeting_id = m.source.clone();
            }
            self.seen_ids.insert(m.meeting_id.as_str().into(), index);
            f.record.meeting_id = Some(m.meeting_id.clone());
        }
    }
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

/// Reads, parses, looks up the cache and tokenizes one batch, in parallel; then finishes each
/// file (noun counts, new cache entries) in parallel too, so that only the visitor runs
/// sequentially.
fn process_batch(cfg: &Config, batch: &[Found], need_text: bool) -> Processed {
    let t = Instant::now();
    let use_cache = cfg.cache.is_some() && cfg.tokenizer.is_some();
    let files: Vec<ParsedFile> = batch
        .par_iter()
        .map(|f| {
            if use_cache {
                read_and_parse(
                    f,
                    cfg.cache.as_ref(),
                    cfg.known,
                    cfg.themes,
                    need_text,
                    cfg.nouns,
                )
            } else {
                read_and_parse(f, None, None, None, true, cfg.nouns)
            }
        })
        .collect();
    let t_parse = t.elapsed();
    let t = Instant::now();
    let items: Vec<(usize, usize)> = files
        .iter()
        .enumerate()
        .filter_map(|(fi, f)| f.meeting.as_ref().map(|m| (fi, m.remarks.len())))
        .flat_map(|(fi, n)| (0..n).map(move |ri| (fi, ri)))
        .collect();
    let remark = |fi: usize, ri: usize| {
        &files[fi]
            .meeting
            .as_ref()
            .expect("item of a meeting")
            .remarks[ri]
    };
    let results: Vec<Result<Tokenized>> = match cfg.tokenizer {
        Some(tok) => items
            .par_iter()
            .map_init(
                || tok.worker(),
                |w, &(fi, ri)| {
                    let f = &files[fi];
                    let cached = f.entry.as_ref().and_then(|e| e.remarks.get(ri));
                    let occ = f.occ.as_ref().filter(|o| o.missing == 0).map(|o| o.of(ri));
                    tokenize(cfg, w, remark(fi, ri), cached, f.from_entry, occ)
                },
            )
            .collect(),
        None => items
            .par_iter()
            .map(|&(fi, ri)| Ok(match_only(cfg, remark(fi, ri))))
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
    let files = per_file
        .into_par_iter()
        .map(|(f, rs)| finish_file(cfg, f, rs))
        .collect();
    Processed {
        files,
        timings: vec![
            ("read+parse", t_parse),
            ("segment+match", t_segment),
            ("nouns+cache", t.elapsed()),
        ],
    }
}

/// Noun counts and the cache entry of one file.
fn finish_file(cfg: &Config, f: ParsedFile, rs: Vec<Result<Tokenized>>) -> Result<Done> {
    let ParsedFile {
        mut record,
        meeting,
        entry,
        occ,
        ..
    } = f;
    let Some(meeting) = meeting else {
        return Ok(Done {
            record,
            meeting: None,
            results: Vec::new(),
            tokens: 0,
            nouns: Vec::new(),
        });
    };
    let mut rs: Vec<Tokenized> = rs.into_iter().collect::<Result<_>>()?;
    let mut entry_cached = entry.is_some() && rs.iter().all(|r| r.cached.is_none());
    if let (Some(tok), Some(_), false) = (cfg.tokenizer, &entry, entry_cached) {
        // A stale entry (some remark's text changed): redo the whole file so that every
        // count, nouns included, comes from one tokenization.
        let mut w = tok.worker();
        rs = meeting
            .remarks
            .iter()
            .map(|r| tokenize(cfg, &mut w, r, None, false, None))
            .collect::<Result<_>>()?;
        entry_cached = false;
    }
    let tokens: u64 = rs.iter().map(|r| r.tokens as u64).sum();
    // The file's pattern occurrences, stored unless every remark's came from a whole stored
    // list (then no remark searched its text): in a new entry, else beside the entry.
    let mut occ_in_entry = cache::OccLists::default();
    if let (Some(c), Some(t), Some(_)) = (&cfg.cache, cfg.themes, cfg.tokenizer) {
        let stored = entry_cached && occ.as_ref().is_some_and(|o| o.missing == 0);
        record.hits_cached = stored;
        if !stored {
            let key = match &entry {
                Some(e) if entry_cached => {
                    cache::remarks_key(e.remarks.iter().map(|r| r.text_hash))
                }
                _ => cache::remarks_key(
                    rs.iter()
                        .map(|r| r.cached.as_ref().map_or(0, |c| c.text_hash)),
                ),
            };
            let per: Vec<&[Occurrence]> = rs.iter().map(|r| r.occ.as_slice()).collect();
            let others = occ.as_ref().map_or(&[][..], |o| o.others.as_slice());
            let lists = cache::occ_lists(key, t.patterns_sorted(), &per, others);
            if entry_cached {
                c.put_occ_lists(&record.sha256, &lists);
            } else {
                occ_in_entry = lists;
            }
        }
    }
    // Noun counts: from the cache when every remark came from it, else from the remarks (also
    // when the run does not want them but a new cache entry must hold them).
    let new_entry = cfg.cache.is_some() && !entry_cached;
    let mut nouns = match (cfg.nouns || new_entry, cfg.tokenizer) {
        (true, Some(tok)) => match entry {
            Some(e) if entry_cached => e.nouns,
            _ => noun_counts(tok, &meeting, &mut rs),
        },
        _ => Vec::new(),
    };
    if let (Some(c), false, Some(_)) = (&cfg.cache, entry_cached, cfg.tokenizer) {
        let e = Entry {
            meeting: None,
            encoding: record.encoding.clone(),
            warnings: record.warnings.clone(),
            remarks: rs
                .iter_mut()
                .map(|r| r.cached.take().unwrap_or_default())
                .collect(),
            nouns: nouns.clone(),
            light: false,
        };
        c.put_with(&record.sha256, &e, Some(&meeting), &occ_in_entry);
    }
    if !cfg.nouns {
        nouns = Vec::new();
    }
    record.cached = entry_cached;
    Ok(Done {
        record,
        meeting: Some(meeting),
        results: rs,
        tokens,
        nouns,
    })
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
    let committee_nouns: Vec<(String, FxHashMap<Noun, u64>)> = {
        let mut by_committee: BTreeMap<&str, Vec<&[(Noun, u32)]>> = BTreeMap::new();
        for d in p.files.iter().flatten() {
            if let Some(m) = &d.meeting {
                if !d.nouns.is_empty() {
                    by_committee
                        .entry(m.committee.as_str())
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
                (c.to_string(), sums)
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
            if record.status != "parsed" {
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
                positions: r.positions,
                norm: r.norm,
            })?;
        }
        progress.advance(record.bytes, &record.path);
        summary.bytes += record.bytes;
        summary.inputs.push(record);
    }
    for (c, sums) in committee_nouns {
        visitor.committee_nouns(&c, sums)?;
    }
    *summary_timing(summary, "aggregate") += t.elapsed().as_secs_f64();
    Ok(())
}

/// Counts a meeting's nouns: dictionary words by id, unknown words by their text, each distinct
/// word resolved to its base form once.
fn noun_counts(tok: &Tokenizer, meeting: &Meeting, rs: &mut [Tokenized]) -> Vec<(Noun, u32)> {
    let mut known: FxHashMap<(u8, u32), u32> = FxHashMap::default();
    // Unknown words (and user-dictionary words, whose base form is their surface) by text.
    let mut unknown: FxHashMap<(u8, u32, &str), (NounRef, &str, u32)> = FxHashMap::default();
    for (remark, r) in meeting.remarks.iter().zip(rs.iter_mut()) {
        for n in r.nouns.drain(..) {
            if n.lex != 0 {
                let surface = remark
                    .norm
                    .get(n.start as usize..n.end as usize)
                    .unwrap_or("");
                unknown
                    .entry((n.lex, n.id, surface))
                    .or_insert((n, &remark.norm, 0))
                    .2 += 1;
            } else {
                *known.entry((n.lex, n.id)).or_default() += 1;
            }
        }
    }
    let mut counts: FxHashMap<Noun, u32> = FxHashMap::default();
    for ((lex, id), c) in known {
        let r = NounRef {
            lex,
            id,
            start: 0,
            end: 0,
        };
        *counts.entry(tok.resolve_noun(&r, "")).or_default() += c;
    }
    for (_, (r, text, c)) in unknown {
        *counts.entry(tok.resolve_noun(&r, text)).or_default() += c;
    }
    cache::sorted_nouns(counts)
}

fn summary_timing<'s>(summary: &'s mut RunSummary, key: &str) -> &'s mut f64 {
    if let Some(i) = summary.timings.iter().position(|(k, _)| k == key) {
        return &mut summary.timings[i].1;
    }
    summary.timings.push((key.to_string(), 0.0));
    &mut summary.timings.last_mut().expect("just pushed").1
}

/// Reads one file; takes its meeting from the cache when an entry for its content exists,
/// otherwise decodes and parses it.
fn read_and_parse(
    f: &Found,
    cache: Option<&SegCache>,
    known: Option<&HashMap<String, (String, u64)>>,
    themes: Option<&ThemeSet>,
    need_text: bool,
    nouns: bool,
) -> ParsedFile {
    let skipped = |bytes: u64, sha256: String, encoding: String, reason: String| ParsedFile {
        record: InputRecord {
            path: f.rel.clone(),
            bytes,
            sha256,
            encoding,
            status: "skipped".into(),
            reason: Some(reason),
            meeting_id: None,
            remarks: None,
            warnings: vec![],
            cached: false,
            hits_cached: false,
        },
        meeting: None,
        entry: None,
        from_entry: false,
        occ: None,
    };
    let from_entry = |mut e: Entry, mut record: InputRecord| {
        let mut m = e.meeting.take()?;
        m.source = f.rel.clone();
        m.meeting_id = parse::meeting_id_for(&f.rel);
        record.encoding = std::mem::take(&mut e.encoding);
        record.warnings = std::mem::take(&mut e.warnings);
        record.remarks = Some(m.remarks.len());
        Some(ParsedFile {
            record,
            meeting: Some(m),
            entry: Some(e),
            from_entry: true,
            occ: None,
        })
    };
    // An entry's light part; its stored occurrences; the rest (spans, texts) only when a theme
    // must be searched for again or the texts are wanted.
    let cached = |c: &SegCache, sha: &str, record: InputRecord| {
        let (mut e, rest, in_entry) = c.get_light(sha, nouns)?;
        e.meeting.as_ref()?;
        let occ = themes.and_then(|t| {
            let key = cache::remarks_key(e.remarks.iter().map(|r| r.text_hash));
            c.get_occ(sha, e.remarks.len(), key, t.patterns_sorted(), &in_entry)
        });
        let complete = occ.as_ref().is_some_and(|o| o.missing == 0);
        if need_text || (themes.is_some() && !complete) {
            rest.load(&mut e)?;
        }
        let mut p = from_entry(e, record)?;
        p.occ = occ;
        Some(p)
    };
    let record_of = |bytes: u64, sha256: String| InputRecord {
        path: f.rel.clone(),
        bytes,
        sha256,
        encoding: String::new(),
        status: "parsed".into(),
        reason: None,
        meeting_id: None,
        remarks: None,
        warnings: vec![],
        cached: false,
        hits_cached: false,
    };
    // Hashed a moment ago and cached with its meeting: nothing to read.
    if let (Some(c), Some((sha, len))) = (cache, known.and_then(|k| k.get(&f.rel))) {
        if let Some(p) = cached(c, sha, record_of(*len, sha.clone())) {
            return p;
        }
    }
    let bytes = match std::fs::read(&f.path) {
        Ok(b) => b,
        Err(e) => return skipped(0, String::new(), String::new(), format!("cannot read: {e}")),
    };
    let sha256 = ingest::sha256_hex(&bytes);
    if let Some(p) =
        cache.and_then(|c| cached(c, &sha256, record_of(bytes.len() as u64, sha256.clone())))
    {
        return p;
    }
    let mut record = record_of(bytes.len() as u64, sha256.clone());
    let src = match ingest::from_bytes_hashed(f, &bytes, sha256) {
        Ok(s) => s,
        Err(sk) => {
            let sk = *sk;
            return skipped(sk.bytes, sk.sha256, sk.encoding, sk.reason);
        }
    };
    drop(bytes);
    record.encoding = src.encoding.clone();
    match parse::parse(&src.text, &src.rel) {
        Ok(p) => {
            record.remarks = Some(p.meeting.remarks.len());
            record.warnings = p.warnings;
            ParsedFile {
                record,
                meeting: Some(p.meeting),
                entry: None,
                from_entry: false,
                occ: None,
            }
        }
        Err(e) => {
            record.status = "skipped".into();
            record.reason = Some(e.to_string());
            ParsedFile {
                record,
                meeting: None,
                entry: None,
                from_entry: false,
                occ: None,
            }
        }
    }
}

fn tokenize(
    cfg: &Config,
    w: &mut crate::segment::Worker,
    remark: &Remark,
    cached: Option<&CachedRemark>,
    from_entry: bool,
    occ: Option<&[(u32, Occurrence)]>,
) -> Result<Tokenized> {
    let owned;
    let norm: &str = if remark.norm.is_empty() && !remark.text.is_empty() {
        owned = nfkc(&remark.text);
        &owned
    } else {
        &remark.norm
    };
    // A cached remark's spans are borrowed from the cache entry, not copied. They are used when
    // the remark came from the same entry, or when its text hashes to the one tokenized; the
    // text is hashed only for that check or for a new entry.
    let use_cached = match cached {
        Some(c) => from_entry || c.text_hash == cache::text_hash(norm),
        None => false,
    };
    let fresh_seg: Option<Segmented> = if use_cached {
        None
    } else {
        Some(w.segment(norm, cfg.nouns || cfg.cache.is_some())?)
    };
    let fresh = fresh_seg.is_some();
    let (tokens, spans): (u32, &[crate::segment::Span]) = match (&fresh_seg, cached) {
        (Some(s), _) => (s.tokens, &s.spans),
        (None, Some(c)) => (c.tokens, &c.spans),
        (None, None) => (0, &[]),
    };
    // Hits from the stored occurrences when the remark's tokens are the stored ones; else a
    // search, which keeps every occurrence when the cache is on (to store them).
    let mut fresh_occ = Vec::new();
    let (hits, positions) = match cfg.themes {
        Some(t) => {
            let pos = match occ {
                Some(o) if !fresh => {
                    let mut v: Vec<Occurrence> = o.iter().map(|x| x.1).collect();
                    t.hits_from(&mut v)
                }
                _ if cfg.cache.is_some() => {
                    fresh_occ = t.occurrences(norm, spans);
                    t.hits_from(&mut fresh_occ)
                }
                _ => t.hits_in(norm, spans),
            };
            let mut c = vec![0u32; t.len()];
            for h in &pos {
                c[h.theme] += 1;
            }
            (c, if cfg.hit_positions { pos } else { Vec::new() })
        }
        None => (Vec::new(), Vec::new()),
    };
    let cached = (fresh && cfg.cache.is_some()).then(|| CachedRemark {
        text_hash: cache::text_hash(norm),
        tokens,
        spans: spans.to_vec(),
    });
    let nouns = fresh_seg.map(|s| s.nouns).unwrap_or_default();
    Ok(Tokenized {
        tokens,
        hits,
        positions,
        norm: if cfg.hit_positions {
            norm.to_string()
        } else {
            String::new()
        },
        nouns,
        cached,
        occ: fresh_occ,
    })
}

fn match_only(cfg: &Config, remark: &Remark) -> Tokenized {
    let norm = if cfg.hit_positions {
        remark.norm.clone()
    } else {
        String::new()
    };
    Tokenized {
        tokens: 0,
        hits: Vec::new(),
        positions: Vec::new(),
        norm,
        nouns: Vec::new(),
        cached: None,
        occ: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::batch_bounds;
    use proptest::prelude::*;

    proptest! {
        /// Batches cover every file once, in order; each holds at most its limit (or one file
        /// bigger than it), and those of the last `batch` bytes at most a quarter of it.
        #[test]
        fn batches_cover_all_files_in_order_and_shrink_at_the_end(
            sizes in prop::collection::vec(0u64..5000, 0..200),
            batch in 1u64..20_000,
        ) {
            let b = batch_bounds(&sizes, batch);
            let mut next = 0;
            let total: u64 = sizes.iter().sum();
            let mut before = 0u64;
            for &(i, j) in &b {
                prop_assert_eq!(i, next);
                prop_assert!(j > i);
                let bytes: u64 = sizes[i..j].iter().sum();
                let limit = if total - before <= batch { (batch / 4).max(1) } else { batch };
                prop_assert!(bytes <= limit || j == i + 1, "{:?} holds {} > {}", (i, j), bytes, limit);
                before += bytes;
                next = j;
            }
            prop_assert_eq!(next, sizes.len());
        }
    }

    #[test]
    fn the_last_batch_is_a_quarter() {
        // 40 files of 1 MB in 16 MB batches: 16, 16, then 8 MB left in quarters of 4.
        let sizes = vec![1u64 << 20; 40];
        let b = batch_bounds(&sizes, 16 << 20);
        assert_eq!(b, vec![(0, 16), (16, 32), (32, 36), (36, 40)]);
    }
}
