//! One file through the stages: read and parse it (or take it from the store), tokenize its
//! remarks and match the themes, count its nouns and store what a re-run needs.

use super::{Config, Done};
use crate::error::Result;
use crate::ingest::{self, Found};
use crate::model::{FileStatus, InputRecord, Meeting, Remark};
use crate::parse;
use crate::segment::{Edges, Noun, NounRef, Worker};
use crate::store::{Entry, EntryRef, RemarkTokens};
use crate::themes::{Doc, Hit, Matcher};

/// What the store gave for a file: each remark's tokens, and the meeting's nouns.
type Stored = (Vec<RemarkTokens>, Vec<(Noun, u32)>);

/// A file read and parsed, or taken from the store.
pub(super) struct ParsedFile {
    pub record: InputRecord,
    pub meeting: Option<Meeting>,
    pub stored: Option<Stored>,
}

/// One remark after tokenizing and matching.
pub(super) struct Tokenized {
    pub tokens: u32,
    pub hits: Vec<u32>,
    /// Occurrences per term with any: (index among all themes' terms, count).
    pub term_hits: Vec<(usize, u32)>,
    pub positions: Vec<Hit>,
    pub nouns: Vec<NounRef>,
    /// Token edges of a fresh tokenization, kept for the store.
    pub edges: Edges,
}

/// Reads one file; takes its meeting from the store when an entry for its content exists,
/// otherwise decodes and parses it.
pub(super) fn read_and_parse(f: &Found, cfg: &Config) -> ParsedFile {
    let store = cfg.store.filter(|_| cfg.tokenizer.is_some());
    let record = |bytes: u64, sha256: &str| InputRecord {
        path: f.rel.clone(),
        bytes,
        sha256: sha256.to_string(),
        format: f.format.as_str().to_string(),
        also: f.part.as_ref().map(|p| p.also.clone()).unwrap_or_default(),
        ..InputRecord::default()
    };
    // Hashed a moment ago and stored: nothing to read.
    let known = cfg.known.and_then(|k| k.get(&f.rel));
    if let (Some(s), Some((sha, len))) = (store, known) {
        if let Some(e) = s.get(sha) {
            return from_entry(f, e, record(*len, sha));
        }
    }
    let bytes = match ingest::input_bytes(f) {
        Ok(b) => b,
        Err(e) => {
            return unread(InputRecord {
                format: f.format.as_str().to_string(),
                ..InputRecord::skipped(&f.rel, format!("cannot read: {e}"))
            })
        }
    };
    let sha256 = crate::text::sha256_hex(&bytes);
    // The store is asked again only when the file is not what was hashed a moment ago.
    let asked = known.is_some_and(|(sha, _)| *sha == sha256);
    if let Some(e) = store.filter(|_| !asked).and_then(|s| s.get(&sha256)) {
        return from_entry(f, e, record(bytes.len() as u64, &sha256));
    }
    let mut record = record(bytes.len() as u64, &sha256);
    let mut src = match ingest::from_bytes_hashed(f, &bytes, sha256) {
        Ok(s) => s,
        Err(sk) => {
            let sk = *sk;
            return unread(InputRecord {
                format: f.format.as_str().to_string(),
                bytes: sk.bytes,
                sha256: sk.sha256,
                encoding: sk.encoding,
                ..InputRecord::skipped(&f.rel, sk.reason)
            });
        }
    };
    drop(bytes);
    record.encoding = std::mem::take(&mut src.encoding);
    match parse::parse_source(&src) {
        Ok(p) => {
            record.remarks = Some(p.meeting.remarks.len());
            record.warnings = p.warnings;
            ParsedFile {
                record,
                meeting: Some(p.meeting),
                stored: None,
            }
        }
        Err(e) => {
            record.status = FileStatus::Skipped;
            record.reason = Some(e.to_string());
            unread(record)
        }
    }
}

fn unread(record: InputRecord) -> ParsedFile {
    ParsedFile {
        record,
        meeting: None,
        stored: None,
    }
}

/// A file whose entry the store gave: its meeting gets the id and source of its path now.
fn from_entry(f: &Found, e: Entry, mut record: InputRecord) -> ParsedFile {
    let mut m = e.meeting;
    m.source = f.rel.clone();
    m.meeting_id = crate::model::meeting_id_for(&f.rel);
    record.encoding = e.encoding;
    record.warnings = e.warnings;
    record.remarks = Some(m.remarks.len());
    record.cached = true;
    ParsedFile {
        record,
        meeting: Some(m),
        stored: Some((e.remarks, e.nouns)),
    }
}

/// Tokenizes a remark (unless its tokens came from the store and matching needs no more than
/// the stored edges) and matches the themes.
pub(super) fn tokenize(
    cfg: &Config,
    matcher: Option<&Matcher<'_>>,
    w: Option<&mut Worker>,
    remark: &Remark,
    stored: Option<&RemarkTokens>,
) -> Result<Tokenized> {
    let norm = remark.normalized();
    let words = matcher.is_some_and(|m| m.wants_words(norm));
    let nouns = cfg.nouns || cfg.store.is_some();
    let fresh = match (stored, w) {
        (None, Some(w)) if words => Some(w.segment_words(norm, nouns)?),
        (None, Some(w)) => Some(w.segment(norm, nouns)?),
        // The store keeps edges, not tokens with base forms: read them again.
        (Some(_), Some(w)) if words => Some(w.segment_words(norm, false)?),
        _ => None,
    };
    let none = Edges::default();
    let (tokens, edges): (u32, &Edges) = match (&fresh, stored) {
        (_, Some(t)) => (t.tokens, &t.edges),
        (Some(s), None) => (s.tokens, &s.edges),
        (None, None) => (0, &none),
    };
    let (hits, term_hits, positions) = match matcher {
        Some(m) if cfg.tokenizer.is_some() => {
            let doc = Doc {
                text: norm,
                edges,
                words: fresh.as_ref().map_or(&[][..], |s| &s.words[..]),
            };
            let found = m.find(&doc, cfg.hit_positions);
            (found.counts, found.term_counts, found.hits)
        }
        _ => (Vec::new(), Vec::new(), Vec::new()),
    };
    let (edges, nouns) = match fresh {
        Some(_) if stored.is_some() => (Edges::default(), Vec::new()),
        Some(s) if cfg.store.is_some() => (s.edges, s.nouns),
        Some(s) => (Edges::default(), s.nouns),
        None => (Edges::default(), Vec::new()),
    };
    Ok(Tokenized {
        tokens,
        hits,
        term_hits,
        positions,
        nouns,
        edges,
    })
}

/// Noun counts of one file and, for a file tokenized now, its store entry.
pub(super) fn finish_file(
    cfg: &Config,
    w: Option<&mut Worker>,
    f: ParsedFile,
    rs: Vec<Result<Tokenized>>,
) -> Result<Done> {
    let ParsedFile {
        record,
        meeting,
        stored,
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
    let tokens: u64 = rs.iter().map(|r| r.tokens as u64).sum();
    // A worker is given exactly when the run tokenizes.
    let nouns = match (stored, w) {
        (Some((_, nouns)), _) => nouns,
        (None, Some(w)) if cfg.nouns || cfg.store.is_some() => {
            let found = meeting
                .remarks
                .iter()
                .zip(rs.iter_mut())
                .flat_map(|(m, r)| {
                    let text = m.normalized();
                    r.nouns.drain(..).map(move |n| (n, text))
                });
            let nouns = w.count_nouns(found);
            if let Some(store) = cfg.store {
                let remarks: Vec<RemarkTokens> = rs
                    .iter_mut()
                    .map(|r| RemarkTokens {
                        tokens: r.tokens,
                        edges: std::mem::take(&mut r.edges),
                    })
                    .collect();
                store.put(
                    &record.sha256,
                    EntryRef {
                        meeting: &meeting,
                        encoding: &record.encoding,
                        warnings: &record.warnings,
                        remarks: &remarks,
                        nouns: &nouns,
                    },
                );
            }
            nouns
        }
        _ => Vec::new(),
    };
    Ok(Done {
        record,
        meeting: Some(meeting),
        results: rs,
        tokens,
        nouns: if cfg.nouns { nouns } else { Vec::new() },
    })
}
