//! Batching and order: splits the listed files into batches of about a given size, and
//! settles, in input order, which file is a duplicate of an earlier one and which meeting id
//! is taken.

use rustc_hash::FxHashMap;

use super::Done;
use crate::error::Result;
use crate::ingest::Found;
use crate::model::FileStatus;

/// Splits the files into batches of about `batch_bytes` (at least one file each).
/// The last `batch_bytes` of input go in batches a quarter that size: the last batch is handed
/// on alone, with the other threads idle, so it should be short.
pub(super) fn batch_bounds(sizes: &[u64], batch_bytes: u64) -> Vec<(usize, usize)> {
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

/// What the batches seen so far leave for the next: content hashes, meetings and meeting ids,
/// each with the index (in the sorted file list) of the file that had it first. Kept small
/// (about 80 bytes per file of the corpus): meetings and ids are held as 128-bit
/// fingerprints, whose chance of a false match is nil next to a corpus's size.
#[derive(Default)]
pub(super) struct BatchState {
    seen_sha: FxHashMap<[u8; 32], u32>,
    seen_ids: FxHashMap<u128, u32>,
    /// A meeting's key → (first file, its format's fingerprint, its number of remarks).
    seen_meetings: FxHashMap<u128, (u32, u64, usize)>,
}

/// What names one meeting whatever form it came in: body (parent or ministry), committee,
/// date and record number.
type MeetingKey<'m> = (&'m str, &'m str, &'m str, u32);

/// A meeting's key, when its header gives all four parts (without them two different
/// meetings could share one).
fn meeting_key(m: &crate::model::Meeting) -> Option<MeetingKey<'_>> {
    let body = if m.parent.is_empty() {
        &m.ministry
    } else {
        &m.parent
    };
    let date = m.date.as_ref()?;
    let session = m.session?;
    (!body.is_empty() && !m.committee.is_empty()).then_some((
        body.as_str(),
        m.committee.as_str(),
        date.as_str(),
        session,
    ))
}

/// A 128-bit fingerprint of strings taken together (each followed by a 0xff byte, which no
/// UTF-8 text contains, so that the parts cannot run into one another).
fn fingerprint(parts: &[&[u8]]) -> u128 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for p in parts {
        h.update(p);
        h.update(&[0xff]);
    }
    h.digest128()
}

impl BatchState {
    /// In input order: a file with the same content as an earlier one is a duplicate (counted
    /// once), and so is the same meeting in another format (the same body, committee, date,
    /// record number and number of remarks: a text and a JSON of one meeting; a 議事要旨 and a
    /// 議事録 of one meeting differ in their remarks, and both count); a meeting id already
    /// taken falls back to the full relative path.
    /// `files` are `found[first..]`, in order.
    pub(super) fn dedupe(&mut self, files: &mut [Result<Done>], found: &[Found], first: usize) {
        for (k, f) in files.iter_mut().enumerate() {
            let Ok(f) = f else { continue };
            let index = (first + k) as u32;
            if f.meeting.is_none() {
                continue;
            }
            let mut sha = [0u8; 32];
            if hex::decode_to_slice(&f.record.sha256, &mut sha).is_ok() {
                if let Some(&i) = self.seen_sha.get(&sha) {
                    let first = &found[i as usize].rel;
                    f.record.status = FileStatus::Skipped;
                    f.record.reason =
                        Some(format!("duplicate: same content as {first} (counted once)"));
                    f.meeting = None;
                    continue;
                }
                self.seen_sha.insert(sha, index);
            }
            let keyed = f.meeting.as_ref().and_then(|m| {
                let (body, committee, date, session) = meeting_key(m)?;
                let print = fingerprint(&[
                    body.as_bytes(),
                    committee.as_bytes(),
                    date.as_bytes(),
                    &session.to_le_bytes(),
                ]);
                Some((print, m.remarks.len()))
            });
            if let Some((key, n)) = keyed {
                let format = xxhash_rust::xxh3::xxh3_64(f.record.format.as_bytes());
                let seen = self.seen_meetings.get(&key);
                let same = seen.filter(|(_, fmt, count)| *fmt != format && *count == n);
                if let Some(&(i, _, _)) = same {
                    let first = &found[i as usize].rel;
                    let (body, committee, date, session) = f
                        .meeting
                        .as_ref()
                        .and_then(meeting_key)
                        .expect("keyed above");
                    let message = format!("{body} {committee} {date} 第{session}号");
                    f.record.status = FileStatus::Skipped;
                    f.record.reason = Some(format!(
                        "duplicate: the same meeting ({message}) as {first} (counted once)"
                    ));
                    f.meeting = None;
                    continue;
                }
                self.seen_meetings.entry(key).or_insert((index, format, n));
            }
            let Some(m) = f.meeting.as_mut() else {
                continue;
            };
            let mut id = fingerprint(&[m.meeting_id.as_bytes()]);
            if let Some(&i) = self.seen_ids.get(&id) {
                f.record.warnings.push(format!(
                    "meeting id {} also derived from {}; using the full path",
                    m.meeting_id, found[i as usize].rel
                ));
                m.meeting_id = m.source.clone();
                id = fingerprint(&[m.meeting_id.as_bytes()]);
            }
            self.seen_ids.insert(id, index);
            f.record.meeting_id = Some(m.meeting_id.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{batch_bounds, fingerprint};
    use proptest::prelude::*;

    #[test]
    fn fingerprints_keep_the_parts_apart() {
        let ab_c = fingerprint(&[b"ab", b"c"]);
        assert_ne!(ab_c, fingerprint(&[b"a", b"bc"]));
        assert_ne!(ab_c, fingerprint(&[b"abc"]));
        assert_eq!(ab_c, fingerprint(&[b"ab", b"c"]));
    }

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
