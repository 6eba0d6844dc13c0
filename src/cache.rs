//! Cache: parsed and tokenized minutes kept on disk so that a re-run after editing only the
//! theme file skips decoding, parsing and tokenization.
//!
//! One entry per input file, keyed by the file's content hash, under a folder named for the
//! tokenizer's fingerprint (dictionary, user dictionary, lindera version) and a hash of the
//! parsing and tokenizing code itself (so any change to the parser invalidates every entry);
//! inside, each remark's tokens are stored with a hash of the remark's normalized text and used
//! only when that hash matches, so a cache can never give stale results. Entries are written
//! atomically (temporary file, then rename); the folder is safe to delete at any time.

use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};

use once_cell::sync::Lazy;

use crate::model::{Attendee, Meeting, Remark, Role};
use crate::segment::{Noun, Span};

/// Bumped whenever parsing or the entry format changes, so old entries are not read.
pub const FORMAT_VERSION: u32 = 5;

/// A hash of the code whose output the cache stores (parser, tokenizer wrapper, this module):
/// entries made by other code are never read.
pub static CODE_VERSION: Lazy<String> = Lazy::new(|| {
    let mut h: u64 = 0xcbf29ce484222325;
    for src in [
        include_str!("parse/mod.rs"),
        include_str!("parse/label.rs"),
        include_str!("parse/date.rs"),
        include_str!("segment.rs"),
        include_str!("cache.rs"),
        include_str!("model.rs"),
        include_str!("ingest.rs"),
        env!("CARGO_PKG_VERSION"),
    ] {
        h ^= text_hash(src);
        h = h.wrapping_mul(0x100000001b3).rotate_left(17);
    }
    format!("{h:016x}")
});

/// A file's parse and tokenization results.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entry {
    /// The parsed meeting (its id and source are the file's at the time; callers set them
    /// from the current path).
    pub meeting: Option<Meeting>,
    /// The encoding the file was decoded from.
    pub encoding: String,
    /// The parser's warnings.
    pub warnings: Vec<String>,
    pub remarks: Vec<CachedRemark>,
    /// Noun counts of the whole meeting (for top_terms and keyness).
    pub nouns: Vec<(Noun, u32)>,
}

/// One remark's tokens.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CachedRemark {
    /// Hash of the remark's normalized text ([`text_hash`]).
    pub text_hash: u64,
    pub tokens: u32,
    pub spans: Vec<Span>,
}

/// A 64-bit hash of a text (FNV-1a over bytes; stable across runs and platforms).
pub fn text_hash(text: &str) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in text.as_bytes() {
        h ^= *b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h ^ (text.len() as u64).rotate_left(32)
}

/// The tokenization cache in one folder.
#[derive(Debug, Clone)]
pub struct SegCache {
    dir: PathBuf,
}

impl SegCache {
    /// A cache under `root` for one tokenizer fingerprint.
    pub fn new(root: &Path, fingerprint: &str) -> SegCache {
        SegCache {
            dir: root
                .join("segments")
                .join(format!("v{FORMAT_VERSION}-{fingerprint}-{}", *CODE_VERSION)),
        }
    }

    fn path(&self, file_sha: &str) -> PathBuf {
        let (a, b) = file_sha.split_at(2.min(file_sha.len()));
        self.dir.join(a).join(format!("{b}.bin"))
    }

    /// The entry for a file with this content hash, if cached and readable.
    pub fn get(&self, file_sha: &str) -> Option<Entry> {
        let bytes = std::fs::read(self.path(file_sha)).ok()?;
        decode(&bytes)
    }

    /// Stores an entry (atomically). Failures are ignored: the cache is only an accelerator.
    pub fn put(&self, file_sha: &str, entry: &Entry) {
        self.put_with(file_sha, entry, entry.meeting.as_ref());
    }

    /// Stores an entry whose meeting is borrowed from elsewhere (`entry.meeting` is ignored).
    pub fn put_with(&self, file_sha: &str, entry: &Entry, meeting: Option<&Meeting>) {
        let path = self.path(file_sha);
        let Some(parent) = path.parent() else { return };
        if std::fs::create_dir_all(parent).is_err() {
            return;
        }
        let tmp = parent.join(format!(".{}.{}.tmp", std::process::id(), file_sha));
        if std::fs::write(&tmp, encode_with(entry, meeting)).is_ok()
            && std::fs::rename(&tmp, &path).is_err()
        {
            let _ = std::fs::remove_file(&tmp);
        }
    }
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn get_varint(b: &[u8], pos: &mut usize) -> Option<u64> {
    let mut v = 0u64;
    let mut shift = 0;
    loop {
        let byte = *b.get(*pos)?;
        *pos += 1;
        v |= ((byte & 0x7f) as u64) << shift;
        if byte < 0x80 {
            return Some(v);
        }
        shift += 7;
        if shift > 63 {
            return None;
        }
    }
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_varint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

fn get_str(b: &[u8], pos: &mut usize) -> Option<String> {
    let n = get_varint(b, pos)? as usize;
    let s = b.get(*pos..pos.checked_add(n)?)?;
    *pos += n;
    // simdutf8: the cache is mostly Japanese text, where std's validation is the slowest part
    // of reading an entry back.
    simdutf8::basic::from_utf8(s).ok().map(str::to_owned)
}

const MAGIC: &[u8; 4] = b"KGSC";

/// Serializes an entry: spans as varint gaps and lengths (about two bytes a token).
pub fn encode(e: &Entry) -> Vec<u8> {
    encode_with(e, e.meeting.as_ref())
}

fn encode_with(e: &Entry, meeting: Option<&Meeting>) -> Vec<u8> {
    let mut out = Vec::with_capacity(
        64 + e
            .remarks
            .iter()
            .map(|r| r.spans.len() * 2 + 16)
            .sum::<usize>(),
    );
    out.extend_from_slice(MAGIC);
    put_varint(&mut out, FORMAT_VERSION as u64);
    put_varint(&mut out, e.remarks.len() as u64);
    for r in &e.remarks {
        out.extend_from_slice(&r.text_hash.to_le_bytes());
        put_varint(&mut out, r.tokens as u64);
        put_varint(&mut out, r.spans.len() as u64);
        let mut prev = 0u32;
        for s in &r.spans {
            put_varint(&mut out, (s.start - prev) as u64);
            put_varint(
                &mut out,
                (((s.end - s.start) as u64) << 1) | s.unknown as u64,
            );
            prev = s.end;
        }
    }
    put_str(&mut out, &e.encoding);
    put_varint(&mut out, e.warnings.len() as u64);
    for w in &e.warnings {
        put_str(&mut out, w);
    }
    match meeting {
        Some(m) => {
            out.push(1);
            put_meeting(&mut out, m);
        }
        None => out.push(0),
    }
    put_varint(&mut out, e.nouns.len() as u64);
    for (n, c) in &e.nouns {
        put_str(&mut out, &n.base);
        put_str(&mut out, &n.pos);
        put_varint(&mut out, *c as u64);
    }
    out
}

/// Reads an entry; `None` when the bytes are not a whole entry of this format.
pub fn decode(b: &[u8]) -> Option<Entry> {
    if b.get(..4)? != MAGIC {
        return None;
    }
    let mut pos = 4;
    if get_varint(b, &mut pos)? != FORMAT_VERSION as u64 {
        return None;
    }
    let n = get_varint(b, &mut pos)? as usize;
    let mut remarks = Vec::with_capacity(n.min(1 << 20));
    for _ in 0..n {
        let h = u64::from_le_bytes(b.get(pos..pos + 8)?.try_into().ok()?);
        pos += 8;
        let tokens = get_varint(b, &mut pos)? as u32;
        let ns = get_varint(b, &mut pos)? as usize;
        let mut spans = Vec::with_capacity(ns.min(1 << 24));
        let mut prev = 0u32;
        for _ in 0..ns {
            let start = prev.checked_add(get_varint(b, &mut pos)? as u32)?;
            let lu = get_varint(b, &mut pos)?;
            let end = start.checked_add((lu >> 1) as u32)?;
            spans.push(Span {
                start,
                end,
                unknown: lu & 1 == 1,
            });
            prev = end;
        }
        remarks.push(CachedRemark {
            text_hash: h,
            tokens,
            spans,
        });
    }
    let encoding = get_str(b, &mut pos)?;
    let nw = get_varint(b, &mut pos)? as usize;
    let mut warnings = Vec::with_capacity(nw.min(1024));
    for _ in 0..nw {
        warnings.push(get_str(b, &mut pos)?);
    }
    let meeting = match *b.get(pos)? {
        0 => {
            pos += 1;
            None
        }
        1 => {
            pos += 1;
            Some(get_meeting(b, &mut pos)?)
        }
        _ => return None,
    };
    let nn = get_varint(b, &mut pos)? as usize;
    let mut nouns = Vec::with_capacity(nn.min(1 << 20));
    for _ in 0..nn {
        let base = get_str(b, &mut pos)?;
        let pos_ = get_str(b, &mut pos)?;
        let c = get_varint(b, &mut pos)? as u32;
        nouns.push((
            Noun {
                base: base.into(),
                pos: pos_.into(),
            },
            c,
        ));
    }
    (pos == b.len()).then_some(Entry {
        meeting,
        encoding,
        warnings,
        remarks,
        nouns,
    })
}

fn put_opt(out: &mut Vec<u8>, s: &Option<String>) {
    match s {
        Some(s) => {
            out.push(1);
            put_str(out, s);
        }
        None => out.push(0),
    }
}

fn get_opt(b: &[u8], pos: &mut usize) -> Option<Option<String>> {
    let flag = *b.get(*pos)?;
    *pos += 1;
    match flag {
        0 => Some(None),
        1 => Some(Some(get_str(b, pos)?)),
        _ => None,
    }
}

fn put_meeting(out: &mut Vec<u8>, m: &Meeting) {
    for s in [
        &m.meeting_id,
        &m.source,
        &m.title,
        &m.committee,
        &m.parent,
        &m.ministry,
    ] {
        put_str(out, s);
    }
    match m.session {
        Some(n) => put_varint(out, n as u64 + 1),
        None => put_varint(out, 0),
    }
    for o in [&m.date, &m.start_time, &m.end_time, &m.place] {
        put_opt(out, o);
    }
    put_varint(out, m.attendees.len() as u64);
    for a in &m.attendees {
        put_str(out, &a.name);
        put_str(out, &a.group);
    }
    put_varint(out, m.materials.len() as u64);
    for s in &m.materials {
        put_str(out, s);
    }
    put_varint(out, m.remarks.len() as u64);
    for r in &m.remarks {
        put_varint(out, r.seq as u64);
        for s in [&r.speaker, &r.speaker_label, &r.section, &r.text, &r.norm] {
            put_str(out, s);
        }
        let role = Role::ALL.iter().position(|x| *x == r.role).unwrap_or(8) as u8;
        out.push(role | if r.via_chat { 0x80 } else { 0 });
    }
}

fn get_meeting(b: &[u8], pos: &mut usize) -> Option<Meeting> {
    let mut s6 = Vec::with_capacity(6);
    for _ in 0..6 {
        s6.push(get_str(b, pos)?);
    }
    let session = match get_varint(b, pos)? {
        0 => None,
        n => Some(u32::try_from(n - 1).ok()?),
    };
    let date = get_opt(b, pos)?;
    let start_time = get_opt(b, pos)?;
    let end_time = get_opt(b, pos)?;
    let place = get_opt(b, pos)?;
    let na = get_varint(b, pos)? as usize;
    let mut attendees = Vec::with_capacity(na.min(4096));
    for _ in 0..na {
        attendees.push(Attendee {
            name: get_str(b, pos)?,
            group: get_str(b, pos)?,
        });
    }
    let nm = get_varint(b, pos)? as usize;
    let mut materials = Vec::with_capacity(nm.min(4096));
    for _ in 0..nm {
        materials.push(get_str(b, pos)?);
    }
    let nr = get_varint(b, pos)? as usize;
    let mut remarks = Vec::with_capacity(nr.min(1 << 20));
    for _ in 0..nr {
        let seq = u32::try_from(get_varint(b, pos)?).ok()?;
        let speaker = get_str(b, pos)?;
        let speaker_label = get_str(b, pos)?;
        let section = get_str(b, pos)?;
        let text = get_str(b, pos)?;
        let norm = get_str(b, pos)?;
        let flags = *b.get(*pos)?;
        *pos += 1;
        remarks.push(Remark {
            seq,
            speaker,
            speaker_label,
            role: *Role::ALL.get((flags & 0x7f) as usize)?,
            section,
            via_chat: flags & 0x80 != 0,
            text,
            norm,
        });
    }
    let mut it = s6.into_iter();
    Some(Meeting {
        meeting_id: it.next()?,
        source: it.next()?,
        title: it.next()?,
        committee: it.next()?,
        parent: it.next()?,
        ministry: it.next()?,
        session,
        date,
        start_time,
        end_time,
        place,
        attendees,
        materials,
        remarks,
    })
}

/// Turns noun counts into the sorted list an entry stores.
pub fn sorted_nouns(counts: FxHashMap<Noun, u32>) -> Vec<(Noun, u32)> {
    let mut v: Vec<_> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn entry() -> Entry {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/corpus/004_e813b9f8a06dd409.txt"
        ))
        .unwrap();
        let meeting = crate::parse::parse(&text, "004.txt").unwrap().meeting;
        Entry {
            meeting: Some(meeting),
            encoding: "UTF-8".into(),
            warnings: vec!["a warning".into()],
            remarks: vec![
                CachedRemark {
                    text_hash: text_hash("通信の秘密"),
                    tokens: 3,
                    spans: vec![
                        Span {
                            start: 0,
                            end: 6,
                            unknown: false,
                        },
                        Span {
                            start: 6,
                            end: 9,
                            unknown: false,
                        },
                        Span {
                            start: 10,
                            end: 400,
                            unknown: true,
                        },
                    ],
                },
                CachedRemark::default(),
            ],
            nouns: vec![(
                Noun {
                    base: "秘密".into(),
                    pos: "名詞-一般".into(),
                },
                2,
            )],
        }
    }

    #[test]
    fn roundtrip_and_rejects_truncation() {
        let e = entry();
        let b = encode(&e);
        assert_eq!(decode(&b), Some(e.clone()));
        for cut in (0..b.len()).step_by(7) {
            assert_eq!(decode(&b[..cut]), None, "cut at {cut}");
        }
        // The meeting survives with its normalized texts (which serde does not serialize).
        let back = decode(&b).unwrap().meeting.unwrap();
        assert!(!back.remarks[0].norm.is_empty());
        assert_eq!(back, e.meeting.unwrap());
    }

    #[test]
    fn put_get_in_folder() {
        let dir = tempfile::tempdir().unwrap();
        let c = SegCache::new(dir.path(), "fp");
        assert_eq!(c.get("abcdef"), None);
        c.put("abcdef", &entry());
        assert_eq!(c.get("abcdef"), Some(entry()));
        let other = SegCache::new(dir.path(), "other-dictionary");
        assert_eq!(other.get("abcdef"), None);
    }

    #[test]
    fn text_hash_differs_for_different_texts() {
        assert_ne!(text_hash("a"), text_hash("b"));
        assert_ne!(text_hash(""), text_hash("\0"));
        assert_eq!(text_hash("通信"), text_hash("通信"));
    }

    proptest! {
        #[test]
        fn decode_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let _ = decode(&bytes);
        }
    }
}
