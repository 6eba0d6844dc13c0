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

use crate::model::{Attendee, Meeting, Remark, Role, Style};
use crate::segment::{Noun, Span};
use crate::themes::Occurrence;

/// Bumped whenever parsing or the entry format changes, so old entries are not read.
pub const FORMAT_VERSION: u32 = 12;

/// A hash of the code whose output the cache stores (parser, tokenizer wrapper, this module):
/// entries made by other code are never read.
pub static CODE_VERSION: Lazy<String> = Lazy::new(|| {
    let mut h: u64 = 0xcbf29ce484222325;
    for src in [
        include_str!("parse/mod.rs"),
        include_str!("parse/label.rs"),
        include_str!("parse/label/brackets.rs"),
        include_str!("parse/label/line.rs"),
        include_str!("parse/label/marked.rs"),
        include_str!("parse/label/name.rs"),
        include_str!("parse/date.rs"),
        include_str!("parse/lines.rs"),
        include_str!("parse/proceedings.rs"),
        include_str!("parse/proceedings/front.rs"),
        include_str!("parse/roles.rs"),
        include_str!("parse/roster.rs"),
        include_str!("parse/speakers.rs"),
        include_str!("parse/style/mod.rs"),
        include_str!("parse/style/diet.rs"),
        include_str!("parse/style/local.rs"),
        include_str!("parse/style/ministry.rs"),
        include_str!("parse/style/ministry/attendees.rs"),
        include_str!("parse/style/ministry/body.rs"),
        include_str!("parse/style/ministry/bullets.rs"),
        include_str!("parse/style/ministry/header.rs"),
        include_str!("parse/style/ministry/headings.rs"),
        include_str!("parse/style/ministry/title.rs"),
        include_str!("parse/style/tokyo.rs"),
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
    /// True when only the light part was read ([`SegCache::get_light`]): the remarks' spans
    /// and the meeting's remark texts are then empty.
    pub light: bool,
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

    /// The folder this cache reads and writes.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Whether a folder under `segments/` named `name` was made by this build (this format
    /// and code version), for any dictionary: only those can ever be read by it.
    pub fn is_this_version(name: &str) -> bool {
        name.strip_prefix(&format!("v{FORMAT_VERSION}-"))
            .and_then(|rest| rest.strip_suffix(CODE_VERSION.as_str()))
            .is_some_and(|fp| fp.len() > 1 && fp.ends_with('-'))
    }

    fn path(&self, file_sha: &str) -> PathBuf {
        let (a, b) = file_sha.split_at(2.min(file_sha.len()));
        self.dir.join(a).join(format!("{b}.bin"))
    }

    /// The entry for a file with this content hash, if cached and readable.
    pub fn get(&self, file_sha: &str) -> Option<Entry> {
        let path = self.path(file_sha);
        std::fs::metadata(&path).ok().filter(|m| m.is_file())?;
        let bytes = std::fs::read(&path).ok()?;
        let e = decode(&bytes, file_sha);
        if e.is_none() {
            damaged(&path);
        }
        e
    }

    /// The light part of the entry for a file with this content hash (everything but the
    /// remarks' texts and token spans: [`Entry::light`] is set), and the open file to read the
    /// rest from with [`Rest::load`]. A re-run whose theme hits all come from the occurrence
    /// cache and whose remark texts are not written needs no more than this.
    /// Without `nouns`, the entry's noun counts are skipped, not read (they stay empty).
    /// Also gives the occurrence lists stored in the entry when it was written (see
    /// [`SegCache::get_occ`]), read with the light part.
    ///
    /// Only a regular file is opened; its lengths are checked against its size before anything
    /// is allocated, and each part read against its checksum. A damaged entry, or one that
    /// belongs to another input, is a miss (said on stderr) and is rebuilt.
    pub fn get_light(&self, file_sha: &str, nouns: bool) -> Option<(Entry, Rest, OccLists)> {
        use std::io::Read;
        let path = self.path(file_sha);
        let size = std::fs::metadata(&path).ok().filter(|m| m.is_file())?.len();
        let mut f = std::fs::File::open(&path).ok()?;
        let mut read = || -> Option<(Entry, Rest, OccLists)> {
            let mut head = [0u8; HEADER];
            f.read_exact(&mut head).ok()?;
            let h = header(&head)?;
            let occ_end = h.light.checked_add(h.occ)?;
            let all = occ_end.checked_add(h.nouns)?;
            if h.input != input_id(file_sha) || (HEADER as u64).checked_add(all as u64)? > size {
                return None;
            }
            let want = if nouns { all } else { occ_end };
            let mut b = vec![0u8; want];
            f.read_exact(&mut b).ok()?;
            if checksum(&b[..occ_end]) != h.sum_front
                || (nouns && checksum(&b[occ_end..]) != h.sum_nouns)
            {
                return None;
            }
            let mut e = decode_light(&b[..h.light])?;
            if nouns {
                e.nouns = decode_nouns(&b[occ_end..])?;
            }
            b.truncate(occ_end);
            b.drain(..h.light);
            let rest = Rest {
                file: f.try_clone().ok()?,
                skip: if nouns { 0 } else { h.nouns as u64 },
                sum: h.sum_rest,
                path: path.clone(),
            };
            Some((e, rest, OccLists(b)))
        };
        let got = read();
        if got.is_none() {
            damaged(&path);
        }
        got
    }

    /// Stores an entry (atomically). Failures are ignored: the cache is only an accelerator.
    pub fn put(&self, file_sha: &str, entry: &Entry) {
        self.put_with(
            file_sha,
            entry,
            entry.meeting.as_ref(),
            &OccLists::default(),
        );
    }

    /// Stores an entry whose meeting is borrowed from elsewhere (`entry.meeting` is ignored),
    /// with the file's occurrence lists as first searched (one file to write, and to read
    /// again, instead of two; lists rewritten later go beside it, [`SegCache::put_occ_lists`]).
    pub fn put_with(
        &self,
        file_sha: &str,
        entry: &Entry,
        meeting: Option<&Meeting>,
        occ: &OccLists,
    ) {
        write_atomic(
            &self.path(file_sha),
            &encode_with(entry, meeting, &occ.0, file_sha),
        );
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename, so that
/// a reader sees the whole file or none. Failures are ignored: the cache is only an
/// accelerator.
fn write_atomic(path: &Path, bytes: &[u8]) {
    let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else {
        return;
    };
    if std::fs::create_dir_all(parent).is_err() {
        return;
    }
    let tmp = parent.join(format!(
        ".{}.{}.tmp",
        std::process::id(),
        name.to_string_lossy()
    ));
    if std::fs::write(&tmp, bytes).is_ok() && std::fs::rename(&tmp, path).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

/// `body` followed by its checksum and the id it belongs to (an input's or a corpus's SHA-256,
/// hex): the form of the cache's side files.
fn seal(mut body: Vec<u8>, id: &str) -> Vec<u8> {
    let sum = checksum(&body);
    body.extend_from_slice(&sum.to_le_bytes());
    body.extend_from_slice(&input_id(id));
    body
}

/// The body of a file written by [`seal`] for this id, if its checksum holds.
fn unseal<'a>(b: &'a [u8], id: &str) -> Option<&'a [u8]> {
    let body_len = b.len().checked_sub(40)?;
    let (body, tail) = b.split_at(body_len);
    let sum = u64::from_le_bytes(tail[..8].try_into().ok()?);
    (sum == checksum(body) && tail[8..] == input_id(id)).then_some(body)
}

/// Says on stderr that a cache entry was damaged or foreign and will be rebuilt.
fn damaged(path: &Path) {
    eprintln!(
        "kaigi: cache entry {} is damaged or belongs to another input; rebuilding it",
        path.display()
    );
}

/// The rest of an entry whose light part was read.
#[derive(Debug)]
pub struct Rest {
    file: std::fs::File,
    /// Bytes of nouns not read, before the rest.
    skip: u64,
    /// The rest's checksum, from the header.
    sum: u64,
    path: PathBuf,
}

impl Rest {
    /// Reads the remarks' spans and texts into `e` (read by [`SegCache::get_light`]); `None`
    /// when the file does not hold them whole.
    pub fn load(mut self, e: &mut Entry) -> Option<()> {
        use std::io::{Read, Seek};
        if self.skip > 0 {
            self.file
                .seek(std::io::SeekFrom::Current(i64::try_from(self.skip).ok()?))
                .ok()?;
        }
        let mut b = Vec::new();
        self.file.read_to_end(&mut b).ok()?;
        let got = (checksum(&b) == self.sum)
            .then_some(())
            .and_then(|()| decode_heavy(&b, e));
        if got.is_none() {
            damaged(&self.path);
        }
        got
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

thread_local! {
    /// Noun strings already read on this thread, shared by the entries read after (a meeting
    /// has about a thousand nouns, nearly all of them seen before). Emptied when it grows past
    /// [`INTERN_MAX`], so that it stays small whatever the corpus.
    static INTERNED: std::cell::RefCell<rustc_hash::FxHashSet<std::sync::Arc<str>>> =
        Default::default();
}

const INTERN_MAX: usize = 1 << 18;

/// [`get_str`] for a noun string: shared with equal ones read before on this thread.
fn get_interned(b: &[u8], pos: &mut usize) -> Option<std::sync::Arc<str>> {
    let n = get_varint(b, pos)? as usize;
    let raw = b.get(*pos..pos.checked_add(n)?)?;
    *pos += n;
    let s = simdutf8::basic::from_utf8(raw).ok()?;
    Some(INTERNED.with(|set| {
        let mut set = set.borrow_mut();
        if let Some(a) = set.get(s) {
            return a.clone();
        }
        if set.len() >= INTERN_MAX {
            set.clear();
        }
        let a: std::sync::Arc<str> = s.into();
        set.insert(a.clone());
        a
    }))
}

const MAGIC: &[u8; 4] = b"KGSC";
/// Magic, format version (u32), the lengths of the light part, the stored occurrence lists and
/// the nouns (u64 each), the XXH3-64 checksums of the light part with the occurrence lists, of
/// the nouns and of the rest, and the SHA-256 of the input the entry belongs to;
/// little-endian.
const HEADER: usize = 88;

/// An entry's header.
struct Head {
    light: usize,
    occ: usize,
    nouns: usize,
    sum_front: u64,
    sum_nouns: u64,
    sum_rest: u64,
    input: [u8; 32],
}

fn header(b: &[u8]) -> Option<Head> {
    if b.get(..4)? != MAGIC || b.get(4..8)? != FORMAT_VERSION.to_le_bytes() {
        return None;
    }
    let u = |at: usize| -> Option<u64> {
        Some(u64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?))
    };
    let len = |at: usize| -> Option<usize> { usize::try_from(u(at)?).ok() };
    Some(Head {
        light: len(8)?,
        occ: len(16)?,
        nouns: len(24)?,
        sum_front: u(32)?,
        sum_nouns: u(40)?,
        sum_rest: u(48)?,
        input: b.get(56..88)?.try_into().ok()?,
    })
}

/// The raw SHA-256 of a hex content hash (for any other key, the SHA-256 of its text).
fn input_id(file_sha: &str) -> [u8; 32] {
    use sha2::Digest;
    hex::decode(file_sha)
        .ok()
        .and_then(|v| v.try_into().ok())
        .unwrap_or_else(|| sha2::Sha256::digest(file_sha.as_bytes()).into())
}

fn checksum(b: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(b)
}

/// Serializes an entry. After a fixed header come four parts: the light one (token counts and
/// text hashes, encoding, warnings, the meeting without its remark texts), the occurrence
/// lists made when the entry was (possibly none), the nouns, and the rest (token spans as
/// varint gaps and lengths, about two bytes a token, then the remark texts), so that a reader
/// that needs no texts stops after the first three, and one that needs no nouns either after
/// the first two.
pub fn encode(e: &Entry, file_sha: &str) -> Vec<u8> {
    encode_with(e, e.meeting.as_ref(), &[], file_sha)
}

fn encode_with(e: &Entry, meeting: Option<&Meeting>, occ: &[u8], file_sha: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(
        64 + e
            .remarks
            .iter()
            .map(|r| r.spans.len() * 2 + 16)
            .sum::<usize>(),
    );
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&[0u8; HEADER - 8]);
    put_varint(&mut out, e.remarks.len() as u64);
    for r in &e.remarks {
        out.extend_from_slice(&r.text_hash.to_le_bytes());
        put_varint(&mut out, r.tokens as u64);
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
    let light_len = (out.len() - HEADER) as u64;
    out.extend_from_slice(occ);
    put_varint(&mut out, e.nouns.len() as u64);
    for (n, c) in &e.nouns {
        put_str(&mut out, &n.base);
        put_str(&mut out, &n.pos);
        put_varint(&mut out, *c as u64);
    }
    let nouns_len = out.len() as u64 - HEADER as u64 - light_len - occ.len() as u64;
    out[8..16].copy_from_slice(&light_len.to_le_bytes());
    out[16..24].copy_from_slice(&(occ.len() as u64).to_le_bytes());
    out[24..32].copy_from_slice(&nouns_len.to_le_bytes());
    let nouns_start = HEADER + light_len as usize + occ.len();
    for r in &e.remarks {
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
    if let Some(m) = meeting {
        for r in &m.remarks {
            put_str(&mut out, &r.text);
            // The normalized text is nearly always NFKC of the text (the parser normalizes
            // line by line): then it is made again when read, not stored twice.
            if crate::parse::nfkc(&r.text) == r.norm {
                out.push(1);
            } else {
                out.push(0);
                put_str(&mut out, &r.norm);
            }
        }
    }
    let rest_start = nouns_start + nouns_len as usize;
    let sums = [
        checksum(&out[HEADER..nouns_start]),
        checksum(&out[nouns_start..rest_start]),
        checksum(&out[rest_start..]),
    ];
    for (i, sum) in sums.iter().enumerate() {
        out[32 + 8 * i..40 + 8 * i].copy_from_slice(&sum.to_le_bytes());
    }
    out[56..88].copy_from_slice(&input_id(file_sha));
    out
}

/// Reads the entry of the input with content hash `file_sha`; `None` when the bytes are not a
/// whole, undamaged entry of this format for that input.
pub fn decode(b: &[u8], file_sha: &str) -> Option<Entry> {
    let h = header(b)?;
    let end = HEADER.checked_add(h.light)?;
    let nouns_start = end.checked_add(h.occ)?;
    let end_nouns = nouns_start.checked_add(h.nouns)?;
    let intact = h.input == input_id(file_sha)
        && checksum(b.get(HEADER..nouns_start)?) == h.sum_front
        && checksum(b.get(nouns_start..end_nouns)?) == h.sum_nouns
        && checksum(&b[end_nouns..]) == h.sum_rest;
    if !intact {
        return None;
    }
    let mut e = decode_light(b.get(HEADER..end)?)?;
    e.nouns = decode_nouns(b.get(nouns_start..end_nouns)?)?;
    decode_heavy(&b[end_nouns..], &mut e)?;
    Some(e)
}

/// Reads an entry's light part (the bytes after the header, up to its stated length).
fn decode_light(b: &[u8]) -> Option<Entry> {
    let mut pos = 0;
    let n = get_varint(b, &mut pos)? as usize;
    let mut remarks = Vec::with_capacity(n.min(1 << 20));
    for _ in 0..n {
        let h = u64::from_le_bytes(b.get(pos..pos.checked_add(8)?)?.try_into().ok()?);
        pos += 8;
        let tokens = u32::try_from(get_varint(b, &mut pos)?).ok()?;
        remarks.push(CachedRemark {
            text_hash: h,
            tokens,
            spans: Vec::new(),
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
    (pos == b.len()).then_some(Entry {
        meeting,
        encoding,
        warnings,
        remarks,
        nouns: Vec::new(),
        light: true,
    })
}

/// Reads an entry's nouns (the part after the light one).
fn decode_nouns(b: &[u8]) -> Option<Vec<(Noun, u32)>> {
    let mut pos = 0;
    let nn = get_varint(b, &mut pos)? as usize;
    let mut nouns = Vec::with_capacity(nn.min(b.len()));
    for _ in 0..nn {
        let base = get_interned(b, &mut pos)?;
        let pos_ = get_interned(b, &mut pos)?;
        let c = u32::try_from(get_varint(b, &mut pos)?).ok()?;
        nouns.push((Noun { base, pos: pos_ }, c));
    }
    (pos == b.len()).then_some(nouns)
}

/// Reads an entry's rest (spans, then remark texts) into `e`, which holds its light part.
fn decode_heavy(b: &[u8], e: &mut Entry) -> Option<()> {
    let mut pos = 0;
    for r in &mut e.remarks {
        let ns = get_varint(b, &mut pos)? as usize;
        let mut spans = Vec::with_capacity(ns.min(b.len()));
        let mut prev = 0u32;
        for _ in 0..ns {
            let start = prev.checked_add(u32::try_from(get_varint(b, &mut pos)?).ok()?)?;
            let lu = get_varint(b, &mut pos)?;
            let end = start.checked_add(u32::try_from(lu >> 1).ok()?)?;
            spans.push(Span {
                start,
                end,
                unknown: lu & 1 == 1,
            });
            prev = end;
        }
        r.spans = spans;
    }
    if let Some(m) = e.meeting.as_mut() {
        for r in &mut m.remarks {
            r.text = get_str(b, &mut pos)?;
            let flag = *b.get(pos)?;
            pos += 1;
            r.norm = match flag {
                1 => crate::parse::nfkc(&r.text),
                0 => get_str(b, &mut pos)?,
                _ => return None,
            };
        }
    }
    e.light = false;
    (pos == b.len()).then_some(())
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
    out.push(Style::ALL.iter().position(|x| *x == m.style).unwrap_or(0) as u8);
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
        for s in [&r.speaker, &r.speaker_label, &r.section] {
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
    let style = *Style::ALL.get(*b.get(*pos)? as usize)?;
    *pos += 1;
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
        let flags = *b.get(*pos)?;
        *pos += 1;
        remarks.push(Remark {
            seq,
            speaker,
            speaker_label,
            role: *Role::ALL.get((flags & 0x7f) as usize)?,
            section,
            via_chat: flags & 0x80 != 0,
            text: String::new(),
            norm: String::new(),
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
        style,
        start_time,
        end_time,
        place,
        attendees,
        materials,
        remarks,
    })
}

const OCC_MAGIC: &[u8; 4] = b"KGOC";

/// A hash of a file's remarks (their text hashes, in order). An occurrence list records the
/// key of the entry it was made with and is used only with that entry.
pub fn remarks_key(hashes: impl Iterator<Item = u64>) -> u64 {
    let mut h: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut n = 0u64;
    for x in hashes {
        h = (h ^ x).wrapping_mul(0x0000_0100_0000_01b3).rotate_left(23);
        n += 1;
    }
    h ^ n.rotate_left(40)
}

/// A stored list of a pattern the current themes do not search: kept, as it was, when the
/// file's lists are rewritten, so that going back to an earlier theme file needs no search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtherList {
    pattern: Vec<u8>,
    count: u64,
    data: Vec<u8>,
}

/// A file's occurrence lists, serialized ([`occ_lists`]): stored in its entry when the entry is
/// written, or beside it when rewritten later.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OccLists(Vec<u8>);

/// Serializes a file's occurrence lists: every current pattern's, from `per_remark` (each
/// remark's occurrences, current pattern ids), and up to as many `others` again as there are
/// current patterns (at least 256).
pub fn occ_lists(
    key: u64,
    patterns_sorted: &[(String, u32)],
    per_remark: &[&[Occurrence]],
    others: &[OtherList],
) -> OccLists {
    OccLists(encode_occ(key, patterns_sorted, per_remark, others))
}

/// What a file's occurrence lists give for the current patterns.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Occurrences {
    /// The occurrences of the current patterns (ids as [`crate::themes::ThemeSet::patterns`]
    /// numbers them), with their remark's index, in remark order.
    pub occ: Vec<(u32, Occurrence)>,
    /// `occ[starts[i]..starts[i + 1]]` are remark `i`'s.
    pub starts: Vec<u32>,
    /// How many current patterns have no list (their occurrences are not known).
    pub missing: usize,
    /// The lists of patterns that the current themes do not search.
    pub others: Vec<OtherList>,
}

impl Occurrences {
    /// Remark `i`'s occurrences.
    pub fn of(&self, i: usize) -> &[(u32, Occurrence)] {
        match (self.starts.get(i), self.starts.get(i + 1)) {
            (Some(&a), Some(&b)) => &self.occ[a as usize..b as usize],
            _ => &[],
        }
    }
}

impl SegCache {
    fn occ_path(&self, file_sha: &str) -> PathBuf {
        self.path(file_sha).with_extension("occ")
    }

    /// The occurrence lists stored for a file with this content hash, matched against the
    /// current patterns (`patterns_sorted`, as [`crate::themes::ThemeSet::patterns_sorted`]
    /// gives them): those rewritten beside the entry if any, else `in_entry` (what
    /// [`SegCache::get_light`] gave); `None` when there are none for an entry of `n_remarks`
    /// remarks with this [`remarks_key`].
    pub fn get_occ(
        &self,
        file_sha: &str,
        n_remarks: usize,
        key: u64,
        patterns_sorted: &[(String, u32)],
        in_entry: &OccLists,
    ) -> Option<Occurrences> {
        let path = self.occ_path(file_sha);
        let side = std::fs::metadata(&path)
            .ok()
            .filter(|m| m.is_file())
            .and_then(|_| std::fs::read(&path).ok());
        if let Some(b) = side {
            match unseal(&b, file_sha)
                .and_then(|lists| decode_occ(lists, n_remarks, key, patterns_sorted))
            {
                Some(o) => return Some(o),
                None => damaged(&path),
            }
        }
        decode_occ(&in_entry.0, n_remarks, key, patterns_sorted)
    }

    /// Stores a file's occurrence lists beside its entry (atomically; failures are ignored);
    /// [`SegCache::get_occ`] prefers them to those stored in the entry. Like an entry, the
    /// file ends with its checksum and the SHA-256 of its input.
    pub fn put_occ_lists(&self, file_sha: &str, lists: &OccLists) {
        write_atomic(&self.occ_path(file_sha), &seal(lists.0.clone(), file_sha));
    }
}

/// Serializes occurrence lists: a header (magic, version, remark count, remarks key), then one
/// list per pattern, sorted by the pattern's bytes: the pattern, its occurrence count, the
/// byte length of its data, and the data (per occurrence: remark index gap, then the start
/// (a gap within the same remark) shifted left by two over the edge bits).
fn encode_occ(
    key: u64,
    patterns_sorted: &[(String, u32)],
    per_remark: &[&[Occurrence]],
    others: &[OtherList],
) -> Vec<u8> {
    let mut all: Vec<(u32, u32, u32, u8)> = per_remark
        .iter()
        .enumerate()
        .flat_map(|(r, os)| {
            os.iter()
                .map(move |o| (o.pattern, r as u32, o.start, o.edges))
        })
        .collect();
    all.sort_unstable();
    let mut data: Vec<(u64, Vec<u8>)> = vec![(0, Vec::new()); patterns_sorted.len()];
    let mut slot = vec![
        usize::MAX;
        patterns_sorted
            .iter()
            .map(|p| p.1 as usize + 1)
            .max()
            .unwrap_or(0)
    ];
    for (i, (_, id)) in patterns_sorted.iter().enumerate() {
        slot[*id as usize] = i;
    }
    let mut last: Option<(u32, u32, u32)> = None;
    for (p, r, start, edges) in all {
        let Some(&i) = slot.get(p as usize) else {
            continue;
        };
        if i == usize::MAX {
            continue;
        }
        let (count, out) = &mut data[i];
        let (dr, ds) = match last {
            Some((lp, lr, ls)) if lp == p && lr == r => (0, start - ls),
            Some((lp, lr, _)) if lp == p => (r - lr, start),
            _ => (r, start),
        };
        put_varint(out, dr as u64);
        put_varint(out, ((ds as u64) << 2) | (edges & 3) as u64);
        *count += 1;
        last = Some((p, r, start));
    }
    let keep = others.len().min(patterns_sorted.len().max(256));
    let mut lists: Vec<(&[u8], u64, &[u8])> = patterns_sorted
        .iter()
        .zip(&data)
        .map(|((p, _), (c, d))| (p.as_bytes(), *c, d.as_slice()))
        .chain(
            others[..keep]
                .iter()
                .map(|o| (o.pattern.as_slice(), o.count, o.data.as_slice())),
        )
        .collect();
    lists.sort_by(|a, b| a.0.cmp(b.0));
    lists.dedup_by(|a, b| a.0 == b.0);
    let mut out = Vec::with_capacity(
        32 + lists
            .iter()
            .map(|l| l.0.len() + l.2.len() + 4)
            .sum::<usize>(),
    );
    out.extend_from_slice(OCC_MAGIC);
    put_varint(&mut out, FORMAT_VERSION as u64);
    put_varint(&mut out, per_remark.len() as u64);
    out.extend_from_slice(&key.to_le_bytes());
    put_varint(&mut out, lists.len() as u64);
    for (p, c, d) in lists {
        put_varint(&mut out, p.len() as u64);
        out.extend_from_slice(p);
        put_varint(&mut out, c);
        put_varint(&mut out, d.len() as u64);
        out.extend_from_slice(d);
    }
    out
}

fn decode_occ(
    b: &[u8],
    n_remarks: usize,
    key: u64,
    patterns_sorted: &[(String, u32)],
) -> Option<Occurrences> {
    if b.get(..4)? != OCC_MAGIC {
        return None;
    }
    let mut pos = 4;
    if get_varint(b, &mut pos)? != FORMAT_VERSION as u64
        || get_varint(b, &mut pos)? != n_remarks as u64
        || u64::from_le_bytes(b.get(pos..pos + 8)?.try_into().ok()?) != key
    {
        return None;
    }
    pos += 8;
    let n = get_varint(b, &mut pos)?;
    let mut out = Occurrences::default();
    let mut j = 0;
    let mut found = 0;
    for _ in 0..n {
        let plen = get_varint(b, &mut pos)? as usize;
        let p = b.get(pos..pos.checked_add(plen)?)?;
        pos += plen;
        let count = get_varint(b, &mut pos)?;
        let dlen = get_varint(b, &mut pos)? as usize;
        let data = b.get(pos..pos.checked_add(dlen)?)?;
        pos += dlen;
        while j < patterns_sorted.len() && patterns_sorted[j].0.as_bytes() < p {
            j += 1;
        }
        if j < patterns_sorted.len() && patterns_sorted[j].0.as_bytes() == p {
            let id = patterns_sorted[j].1;
            found += 1;
            let (mut r, mut start, mut dp) = (0u64, 0u64, 0usize);
            for k in 0..count {
                let dr = get_varint(data, &mut dp)?;
                let v = get_varint(data, &mut dp)?;
                if k == 0 || dr > 0 {
                    r = r.checked_add(dr)?;
                    start = v >> 2;
                } else {
                    start = start.checked_add(v >> 2)?;
                }
                if r >= n_remarks as u64 {
                    return None;
                }
                out.occ.push((
                    r as u32,
                    Occurrence {
                        pattern: id,
                        start: u32::try_from(start).ok()?,
                        edges: (v & 3) as u8,
                    },
                ));
            }
            if dp != data.len() {
                return None;
            }
        } else {
            out.others.push(OtherList {
                pattern: p.to_vec(),
                count,
                data: data.to_vec(),
            });
        }
    }
    if pos != b.len() {
        return None;
    }
    out.missing = patterns_sorted.len() - found;
    out.occ.sort_by_key(|o| o.0);
    out.starts = Vec::with_capacity(n_remarks + 1);
    let mut k = 0;
    for i in 0..=n_remarks {
        while k < out.occ.len() && (out.occ[k].0 as usize) < i {
            k += 1;
        }
        out.starts.push(k as u32);
    }
    Some(out)
}

const SUMS_MAGIC: &[u8; 4] = b"KGNS";

/// Noun counts per committee over a whole corpus.
pub type CommitteeNouns = std::collections::HashMap<String, FxHashMap<Noun, u64>>;

impl SegCache {
    fn sums_path(&self, key: &str) -> PathBuf {
        self.dir.join("sums").join(format!("{key}.bin"))
    }

    /// The committees' noun counts stored for a corpus with this key (see `jobs`: it names
    /// every input file's content, the tokenizer and the code), if any.
    pub fn get_sums(&self, key: &str) -> Option<CommitteeNouns> {
        let path = self.sums_path(key);
        std::fs::metadata(&path).ok().filter(|m| m.is_file())?;
        let b = std::fs::read(&path).ok()?;
        let sums = unseal(&b, key).and_then(decode_sums);
        if sums.is_none() {
            damaged(&path);
        }
        sums
    }

    /// Stores the committees' noun counts of a corpus (atomically; failures are ignored),
    /// sealed with their checksum and key.
    pub fn put_sums(&self, key: &str, sums: &CommitteeNouns) {
        write_atomic(&self.sums_path(key), &seal(encode_sums(sums), key));
    }
}

fn encode_sums(sums: &CommitteeNouns) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(SUMS_MAGIC);
    put_varint(&mut out, FORMAT_VERSION as u64);
    let mut committees: Vec<_> = sums.iter().collect();
    committees.sort_by(|a, b| a.0.cmp(b.0));
    put_varint(&mut out, committees.len() as u64);
    for (c, nouns) in committees {
        put_str(&mut out, c);
        let mut v: Vec<_> = nouns.iter().collect();
        v.sort();
        put_varint(&mut out, v.len() as u64);
        for (n, k) in v {
            put_str(&mut out, &n.base);
            put_str(&mut out, &n.pos);
            put_varint(&mut out, *k);
        }
    }
    out
}

fn decode_sums(b: &[u8]) -> Option<CommitteeNouns> {
    if b.get(..4)? != SUMS_MAGIC {
        return None;
    }
    let mut pos = 4;
    if get_varint(b, &mut pos)? != FORMAT_VERSION as u64 {
        return None;
    }
    let nc = get_varint(b, &mut pos)?;
    let mut out = CommitteeNouns::new();
    for _ in 0..nc {
        let c = get_str(b, &mut pos)?;
        let nn = get_varint(b, &mut pos)? as usize;
        let mut m = FxHashMap::default();
        m.reserve(nn.min(1 << 20));
        for _ in 0..nn {
            let base = get_interned(b, &mut pos)?;
            let pos_ = get_interned(b, &mut pos)?;
            let k = get_varint(b, &mut pos)?;
            m.insert(Noun { base, pos: pos_ }, k);
        }
        out.insert(c, m);
    }
    (pos == b.len()).then_some(out)
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
            light: false,
        }
    }

    const SHA: &str = "5f1d0c2e8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d";
    const OTHER_SHA: &str = "0000000000000000000000000000000000000000000000000000000000000001";

    #[test]
    fn roundtrip_and_rejects_truncation() {
        let e = entry();
        let b = encode(&e, SHA);
        assert_eq!(decode(&b, SHA), Some(e.clone()));
        for cut in (0..b.len()).step_by(7) {
            assert_eq!(decode(&b[..cut], SHA), None, "cut at {cut}");
        }
        // The meeting survives with its normalized texts (which serde does not serialize).
        let back = decode(&b, SHA).unwrap().meeting.unwrap();
        assert!(!back.remarks[0].norm.is_empty());
        assert_eq!(back, e.meeting.unwrap());
        // Stored once when it is NFKC of the text, twice when not: the same either way.
        let mut odd = entry();
        let m = odd.meeting.as_mut().unwrap();
        assert_eq!(m.remarks[0].norm, crate::parse::nfkc(&m.remarks[0].text));
        m.remarks[1].norm = "not the text's NFKC".into();
        let ob = encode(&odd, SHA);
        assert_eq!(decode(&ob, SHA), Some(odd));
        assert!(ob.len() > b.len());
    }

    #[test]
    fn a_flipped_byte_or_another_inputs_entry_is_a_miss() {
        let b = encode(&entry(), SHA);
        assert_eq!(decode(&b, OTHER_SHA), None, "another input's entry");
        for at in 0..b.len() {
            let mut d = b.clone();
            d[at] ^= 0x10;
            assert_eq!(decode(&d, SHA), None, "flip at {at}");
        }
        // Through the folder: every part read is checked, and a length that points past the
        // file is refused before anything is allocated.
        let dir = tempfile::tempdir().unwrap();
        let c = SegCache::new(dir.path(), "fp");
        c.put(SHA, &entry());
        let path = c.path(SHA);
        for at in [9, 20, 30, HEADER + 3, b.len() - 2] {
            let mut d = b.clone();
            d[at] ^= 0x40;
            std::fs::write(&path, &d).unwrap();
            let light = c.get_light(SHA, true);
            let whole = light.and_then(|(mut e, rest, _)| rest.load(&mut e).map(|()| e));
            assert_eq!(whole, None, "flip at {at}");
        }
        std::fs::write(&path, &b).unwrap();
        assert!(c.get_light(SHA, true).is_some());
        // One input's entry copied over another's.
        let other = c.path(OTHER_SHA);
        std::fs::create_dir_all(other.parent().unwrap()).unwrap();
        std::fs::copy(&path, &other).unwrap();
        assert_eq!(c.get_light(OTHER_SHA, true).map(|x| x.0), None);
        assert_eq!(c.get(OTHER_SHA), None);
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
    fn light_part_then_rest_equals_the_whole_entry() {
        let dir = tempfile::tempdir().unwrap();
        let c = SegCache::new(dir.path(), "fp");
        c.put("abcdef", &entry());
        // Without nouns, the rest is still read whole (past the nouns not read).
        let (mut no_nouns, rest, _) = c.get_light("abcdef", false).unwrap();
        assert!(no_nouns.nouns.is_empty());
        rest.load(&mut no_nouns).unwrap();
        assert_eq!(
            no_nouns,
            Entry {
                nouns: Vec::new(),
                ..entry()
            }
        );
        let (mut light, rest, _) = c.get_light("abcdef", true).unwrap();
        assert!(light.light);
        assert!(light.remarks.iter().all(|r| r.spans.is_empty()));
        let m = light.meeting.as_ref().unwrap();
        assert!(m
            .remarks
            .iter()
            .all(|r| r.text.is_empty() && r.norm.is_empty()));
        let whole = entry();
        assert_eq!(
            m.remarks.len(),
            whole.meeting.as_ref().unwrap().remarks.len()
        );
        assert_eq!(light.remarks[0].tokens, 3);
        assert_eq!(light.nouns, whole.nouns);
        rest.load(&mut light).unwrap();
        assert_eq!(light, whole);
        assert_eq!(c.get("abcdef"), Some(whole));
    }

    #[test]
    fn occurrence_lists_roundtrip_keep_other_patterns_and_check_the_entry() {
        let dir = tempfile::tempdir().unwrap();
        let c = SegCache::new(dir.path(), "fp");
        let sorted = |ps: &[&str]| {
            let mut v: Vec<(String, u32)> = ps
                .iter()
                .enumerate()
                .map(|(i, p)| (p.to_string(), i as u32))
                .collect();
            v.sort();
            v
        };
        let o = |pattern, start, edges| Occurrence {
            pattern,
            start,
            edges,
        };
        // Patterns 秘密 (0), 通信 (1), 性 (2), over three remarks; 性 never occurs.
        let first = sorted(&["秘密", "通信", "性"]);
        let r0 = [o(1, 0, 3), o(0, 9, 3), o(1, 30, 1)];
        let r2 = [o(0, 3, 2), o(0, 300, 3)];
        c.put_occ_lists("abc", &occ_lists(42, &first, &[&r0, &[], &r2], &[]));
        assert_eq!(
            c.get_occ("abc", 3, 41, &first, &OccLists::default()),
            None,
            "another entry's lists"
        );
        assert_eq!(
            c.get_occ("abc", 2, 42, &first, &OccLists::default()),
            None,
            "another entry's lists"
        );
        // A side file with a flipped byte, or another input's, is not believed.
        let side = c.occ_path("abc");
        let good = std::fs::read(&side).unwrap();
        for at in [0, good.len() / 2, good.len() - 1] {
            let mut d = good.clone();
            d[at] ^= 0x08;
            std::fs::write(&side, &d).unwrap();
            assert_eq!(c.get_occ("abc", 3, 42, &first, &OccLists::default()), None);
        }
        std::fs::write(&side, &good).unwrap();
        let got = c
            .get_occ("abc", 3, 42, &first, &OccLists::default())
            .unwrap();
        assert_eq!(got.missing, 0);
        let mut back: Vec<Occurrence> = got.of(0).iter().map(|x| x.1).collect();
        back.sort_by_key(|x| x.start);
        assert_eq!(back, r0);
        assert!(got.of(1).is_empty());
        assert_eq!(got.of(2).len(), 2);
        assert!(got.of(3).is_empty());
        // Fewer and other patterns (ids renumbered): 通信 (0), 秘密性 (1, never searched).
        let second = sorted(&["通信", "秘密性"]);
        let got = c
            .get_occ("abc", 3, 42, &second, &OccLists::default())
            .unwrap();
        assert_eq!(got.missing, 1);
        assert_eq!(got.occ.len(), 2);
        assert!(got.occ.iter().all(|x| x.1.pattern == 0 && x.0 == 0));
        assert_eq!(got.others.len(), 2, "秘密 and 性 are kept");
        // Rewritten with the second set's lists: the first set's are still there.
        let r0b = [o(0, 0, 3), o(1, 6, 3), o(0, 30, 1)];
        c.put_occ_lists(
            "abc",
            &occ_lists(42, &second, &[&r0b, &[], &[]], &got.others),
        );
        let again = c
            .get_occ("abc", 3, 42, &second, &OccLists::default())
            .unwrap();
        assert_eq!((again.missing, again.occ.len()), (0, 3));
        let first_again = c
            .get_occ("abc", 3, 42, &first, &OccLists::default())
            .unwrap();
        assert_eq!(first_again.missing, 0);
        assert_eq!(first_again.occ.len(), 5);
    }

    #[test]
    fn occurrence_lists_in_the_entry_are_read_with_it_and_lists_beside_it_win() {
        let dir = tempfile::tempdir().unwrap();
        let c = SegCache::new(dir.path(), "fp");
        let ps = vec![("秘密".to_string(), 0u32)];
        let o = |start| Occurrence {
            pattern: 0,
            start,
            edges: 3,
        };
        let e = entry();
        let n = e.remarks.len();
        let key = remarks_key(e.remarks.iter().map(|r| r.text_hash));
        let first = [o(3)];
        let mut per: Vec<&[Occurrence]> = vec![&[]; n];
        per[0] = &first;
        c.put_with(
            "abcdef",
            &e,
            e.meeting.as_ref(),
            &occ_lists(key, &ps, &per, &[]),
        );
        // The lists do not change what the entry reads as.
        assert_eq!(c.get("abcdef"), Some(e.clone()));
        let (mut light, rest, in_entry) = c.get_light("abcdef", true).unwrap();
        let got = c.get_occ("abcdef", n, key, &ps, &in_entry).unwrap();
        assert_eq!((got.missing, got.of(0)), (0, &[(0, o(3))][..]));
        rest.load(&mut light).unwrap();
        assert_eq!(light, e);
        // Lists rewritten beside the entry are read instead of the entry's.
        let second = [o(7)];
        per[0] = &second;
        c.put_occ_lists("abcdef", &occ_lists(key, &ps, &per, &[]));
        let (_, _, in_entry) = c.get_light("abcdef", false).unwrap();
        let got = c.get_occ("abcdef", n, key, &ps, &in_entry).unwrap();
        assert_eq!(got.of(0), &[(0, o(7))][..]);
        // ... unless they belong to other remarks: then the entry's hold.
        c.put_occ_lists("abcdef", &occ_lists(key ^ 1, &ps, &per, &[]));
        let got = c.get_occ("abcdef", n, key, &ps, &in_entry).unwrap();
        assert_eq!(got.of(0), &[(0, o(3))][..]);
    }

    #[test]
    fn committee_noun_sums_roundtrip() {
        let dir = tempfile::tempdir().unwrap();
        let c = SegCache::new(dir.path(), "fp");
        let noun = |b: &str| Noun {
            base: b.into(),
            pos: "名詞-一般".into(),
        };
        let mut sums = CommitteeNouns::new();
        sums.entry("A会議".into())
            .or_default()
            .insert(noun("秘密"), 30);
        sums.entry("A会議".into())
            .or_default()
            .insert(noun("通信"), 5);
        sums.entry("B会議".into())
            .or_default()
            .insert(noun("通信"), 1 << 40);
        assert_eq!(c.get_sums("k1"), None);
        c.put_sums("k1", &sums);
        assert_eq!(c.get_sums("k1"), Some(sums));
        assert_eq!(c.get_sums("k2"), None);
        // A flipped byte anywhere, or another corpus's sums, is not believed.
        let path = c.sums_path("k1");
        let good = std::fs::read(&path).unwrap();
        for at in 0..good.len() {
            let mut d = good.clone();
            d[at] ^= 0x01;
            std::fs::write(&path, &d).unwrap();
            assert_eq!(c.get_sums("k1"), None, "flip at {at}");
        }
        std::fs::write(&path, &good).unwrap();
        assert!(c.get_sums("k1").is_some());
        std::fs::copy(&path, c.sums_path("k3")).unwrap();
        assert_eq!(c.get_sums("k3"), None);
        let b = encode_sums(&CommitteeNouns::new());
        assert_eq!(decode_sums(&b[..b.len() - 1]), None);
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
            let _ = decode(&bytes, SHA);
            let _ = decode_light(&bytes);
            let _ = decode_nouns(&bytes);
            let _ = decode_sums(&bytes);
            let mut e = Entry::default();
            let _ = decode_heavy(&bytes, &mut e);
            let sorted = vec![("a".to_string(), 0), ("b".to_string(), 1)];
            let _ = decode_occ(&bytes, 3, 0, &sorted);
        }
    }
}
