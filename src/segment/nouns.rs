//! Nouns: the content nouns tokenizing found ([`NounRef`]: word ids and spans) counted into a
//! meeting's list of [`Noun`]s (base form and part of speech) with their counts.
//!
//! Takes the [`NounRef`]s of a meeting's texts, each with the text it was found in, and gives
//! the counts, most frequent first ([`Worker::count_nouns`]). Each worker remembers what every
//! dictionary noun it met resolves to, as an index into its own table of distinct nouns, so a
//! meeting's nouns are counted by index and a noun's strings are read from the dictionary once
//! per worker. The table is the worker's own: no lock, and the shared strings of one noun are
//! not a cache line that every thread takes for every meeting.

use std::sync::Arc;

use lindera::segmenter::Segmenter;
use lindera_dictionary::viterbi::{LexType, WordId};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::{details, Worker};

/// A content noun found in a text, resolved to strings later ([`Worker::count_nouns`]) so
/// that tokenizing allocates nothing per word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct NounRef {
    /// 0 system dictionary, 1 user dictionary, 2 unknown word.
    pub lex: u8,
    pub id: u32,
    /// The token's byte span (unknown words take their base form from the text).
    pub start: u32,
    pub end: u32,
}

/// A noun as counted for `top_terms`. Shared strings: cloning one (it is counted per meeting
/// and per committee) copies no text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Noun {
    /// The base form (the surface for unknown words).
    pub base: Arc<str>,
    /// Part of speech with its first subcategory (`名詞-一般`, `名詞-固有名詞`).
    pub pos: Arc<str>,
}

impl Noun {
    /// A noun from its base form and part of speech.
    pub fn new(base: &str, pos: &str) -> Noun {
        Noun {
            base: base.into(),
            pos: pos.into(),
        }
    }
}

/// Noun counts as a meeting's list: most frequent first, then by noun.
pub fn sorted_nouns(counts: FxHashMap<Noun, u32>) -> Vec<(Noun, u32)> {
    let mut v: Vec<_> = counts.into_iter().collect();
    sort(&mut v);
    v
}

/// Most frequent first, then by noun. The nouns are distinct, so no two entries compare equal:
/// an unstable sort gives the one order.
fn sort(v: &mut [(Noun, u32)]) {
    v.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
}

/// The base form and part of speech of a noun found in `text`.
pub(super) fn resolve(seg: &Segmenter, r: &NounRef, text: &str) -> Noun {
    let lex = match r.lex {
        0 => LexType::System,
        1 => LexType::User,
        _ => LexType::Unknown,
    };
    let mut fields = details(seg, WordId::new(lex, r.id));
    let pos = fields.next().unwrap_or("名詞");
    let sub = fields.next().unwrap_or("*");
    let surface = text.get(r.start as usize..r.end as usize).unwrap_or("");
    let base = match fields.nth(4) {
        // A system dictionary word's base form is the same wherever it is found, so a worker
        // may remember it by word id.
        Some(b) if b != "*" && !b.is_empty() && r.lex == 0 => b,
        _ => surface,
    };
    Noun {
        base: base.into(),
        pos: if sub == "*" {
            pos.into()
        } else {
            format!("{pos}-{sub}").into()
        },
    }
}

/// One worker's resolved system-dictionary nouns (see the module docs), and the counts of the
/// meeting it is counting.
#[derive(Default)]
pub(super) struct NounMemo {
    /// Index into `nouns` + 1 per system word id (0 = not resolved yet).
    by_id: Vec<u32>,
    /// The distinct nouns resolved so far.
    nouns: Vec<Noun>,
    /// Each of `nouns` by value: two word ids may be the same noun.
    index: FxHashMap<Noun, u32>,
    /// Per noun of `nouns`, its count in the meeting being counted (0 between meetings), and
    /// the nouns counted so far.
    counts: Vec<u32>,
    touched: Vec<u32>,
}

impl NounMemo {
    /// The index of system word `id`'s noun, resolved on first sight.
    fn index_of(&mut self, seg: &Segmenter, id: u32) -> u32 {
        let slot = id as usize;
        if let Some(&i) = self.by_id.get(slot).filter(|&&i| i != 0) {
            return i - 1;
        }
        let r = NounRef {
            lex: 0,
            id,
            start: 0,
            end: 0,
        };
        let noun = resolve(seg, &r, "");
        let i = match self.index.get(&noun) {
            Some(&i) => i,
            None => {
                let i = self.nouns.len() as u32;
                self.index.insert(noun.clone(), i);
                self.nouns.push(noun);
                self.counts.push(0);
                i
            }
        };
        if self.by_id.len() <= slot {
            self.by_id.resize(slot + 1, 0);
        }
        self.by_id[slot] = i + 1;
        i
    }

    /// Adds `c` to noun `i`'s count in the meeting being counted.
    fn add(&mut self, i: u32, c: u32) {
        let n = &mut self.counts[i as usize];
        if *n == 0 {
            self.touched.push(i);
        }
        *n += c;
    }
}

impl Worker {
    /// Counts nouns [`Worker::segment`] found, each given with the text it was found in: most
    /// frequent first, then by noun. Dictionary words are counted by id, other words by their
    /// text, and each distinct word is resolved to its base form once.
    pub fn count_nouns<'t>(
        &mut self,
        found: impl IntoIterator<Item = (NounRef, &'t str)>,
    ) -> Vec<(Noun, u32)> {
        let st = self
            .state
            .as_mut()
            .expect("a worker has its state until dropped");
        let seg = st.inner.segmenter();
        let memo = &mut st.nouns;
        // User-dictionary and unknown words (whose base form is their surface), by text.
        let mut by_text: FxHashMap<(u8, u32, &str), (NounRef, &str, u32)> = FxHashMap::default();
        for (n, text) in found {
            if n.lex == 0 {
                let i = memo.index_of(seg, n.id);
                memo.add(i, 1);
            } else {
                let surface = text.get(n.start as usize..n.end as usize).unwrap_or("");
                by_text
                    .entry((n.lex, n.id, surface))
                    .or_insert((n, text, 0))
                    .2 += 1;
            }
        }
        let mut other: FxHashMap<Noun, u32> = FxHashMap::default();
        for (r, text, c) in by_text.into_values() {
            let noun = resolve(seg, &r, text);
            match memo.index.get(&noun) {
                Some(&i) => memo.add(i, c),
                None => *other.entry(noun).or_default() += c,
            }
        }
        let mut v: Vec<(Noun, u32)> = Vec::with_capacity(memo.touched.len() + other.len());
        for i in memo.touched.drain(..) {
            let c = std::mem::take(&mut memo.counts[i as usize]);
            v.push((memo.nouns[i as usize].clone(), c));
        }
        v.extend(other);
        sort(&mut v);
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::tests::TOKENIZER;

    /// The counts a fresh resolution of every occurrence gives.
    fn afresh(found: &[(NounRef, &str)]) -> Vec<(Noun, u32)> {
        let mut counts: FxHashMap<Noun, u32> = FxHashMap::default();
        for (n, text) in found {
            *counts.entry(TOKENIZER.resolve_noun(n, text)).or_default() += 1;
        }
        sorted_nouns(counts)
    }

    #[test]
    fn remembered_nouns_count_as_nouns_resolved_afresh() {
        let mut w = TOKENIZER.worker();
        let texts = [
            "サイバーセキュリティ人材の育成と、人材の確保。ゼロトラストの導入を進める人材",
            "人材育成とゼロトラスト。通信の秘密と通信の安全",
        ];
        let segs: Vec<_> = texts.iter().map(|t| w.segment(t, true).unwrap()).collect();
        let found: Vec<(NounRef, &str)> = segs
            .iter()
            .zip(texts)
            .flat_map(|(s, t)| s.nouns.iter().map(move |&n| (n, t)))
            .collect();
        assert!(
            found.iter().any(|(n, _)| n.lex != 0),
            "a word outside the system dictionary"
        );
        let want = afresh(&found);
        let jinzai = want.iter().find(|(n, _)| &*n.base == "人材").unwrap();
        assert!(jinzai.1 >= 3, "{jinzai:?}");
        // Twice: the second time every dictionary noun comes from the worker's memo.
        for _ in 0..2 {
            assert_eq!(w.count_nouns(found.iter().copied()), want);
        }
        assert!(w.count_nouns(std::iter::empty()).is_empty());
    }

    #[test]
    fn most_frequent_first_then_by_noun() {
        let mut counts = FxHashMap::default();
        counts.insert(Noun::new("通信", "名詞-サ変接続"), 2);
        counts.insert(Noun::new("秘密", "名詞-一般"), 3);
        counts.insert(Noun::new("人材", "名詞-一般"), 2);
        let v: Vec<(String, u32)> = sorted_nouns(counts)
            .into_iter()
            .map(|(n, c)| (n.base.to_string(), c))
            .collect();
        assert_eq!(
            v,
            [("秘密".into(), 3), ("人材".into(), 2), ("通信".into(), 2)]
        );
    }
}
