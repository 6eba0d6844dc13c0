//! The literal and prefix terms of a theme set found in one text, starting only at token edges.
//!
//! Takes the distinct term strings (built once into a [`TermScan`]) and, per text, the text and
//! its [`Edges`]; gives every occurrence `(pattern, start, end)` of every term that begins at a
//! token edge, overlapping ones included: what an unanchored overlapping Aho-Corasick search
//! gives once its matches not starting at an edge are dropped (a property test checks the two
//! agree). A term can only begin where a token may begin, so the scan visits only those
//! positions: it skips the inside of every known word, and a position whose first two characters
//! begin no term (bit tests in two small filters), and from the rest walks the terms' automaton
//! (anchored) until it dies.
//! The work then follows the number of tokens, not of bytes. The automaton is aho-corasick's
//! contiguous NFA, not its DFA: walked from a start it is as fast, and about 15 times smaller
//! (71 KB against 1.09 MB for the shipped themes' terms), so it leaves the L2 cache to lindera's
//! dictionary during a run.

use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::{Anchored, MatchKind};

use crate::segment::Edges;

/// Bits in each filter of [`TermScan`] (8 KiB each: they stay in the L1 cache, where the
/// automaton does not).
const FILTER_BITS: usize = 1 << 16;

/// The terms' automaton, and filters that say from which positions walking it can find one:
/// most positions are turned away by a bit test or two, without touching the automaton.
#[derive(Debug, Clone)]
pub(super) struct TermScan {
    nfa: NFA,
    /// Some term begins with this character (hashed).
    first: Vec<u64>,
    /// Some term is this one character (hashed).
    one: Vec<u64>,
    /// Some term begins with these two characters (hashed).
    two: Vec<u64>,
    /// A term is empty: every position is walked.
    all: bool,
}

/// The filter bit of one character, or of two.
#[inline]
fn bit(a: char, b: Option<char>) -> usize {
    let h = (a as u32).wrapping_mul(0x9E37_79B1)
        ^ b.map_or(0, |b| (b as u32).wrapping_mul(0x85EB_CA6B));
    (h >> 16) as usize
}

#[inline]
fn test(filter: &[u64], i: usize) -> bool {
    filter[i / 64] & (1 << (i % 64)) != 0
}

fn set(filter: &mut [u64], i: usize) {
    filter[i / 64] |= 1 << (i % 64);
}

impl TermScan {
    /// A scan for `patterns` (none when there are none).
    pub(super) fn new(patterns: &[String]) -> Result<Option<TermScan>, String> {
        if patterns.is_empty() {
            return Ok(None);
        }
        let nfa = NFA::builder()
            .match_kind(MatchKind::Standard)
            .build(patterns)
            .map_err(|e| format!("cannot compile terms: {e}"))?;
        let words = FILTER_BITS / 64;
        let (mut first, mut one, mut two) = (vec![0; words], vec![0; words], vec![0; words]);
        let mut all = false;
        for p in patterns {
            let mut cs = p.chars();
            match (cs.next(), cs.next()) {
                (None, _) => all = true,
                (Some(a), None) => {
                    set(&mut first, bit(a, None));
                    set(&mut one, bit(a, None));
                }
                (Some(a), b) => {
                    set(&mut first, bit(a, None));
                    set(&mut two, bit(a, b));
                }
            }
        }
        Ok(Some(TermScan {
            nfa,
            first,
            one,
            two,
            all,
        }))
    }

    /// Whether some term may begin at byte `p` of `text` (a character boundary).
    #[inline]
    fn may_begin(&self, text: &str, p: usize) -> bool {
        if self.all {
            return true;
        }
        let mut cs = text[p..].chars();
        let Some(a) = cs.next() else {
            return false;
        };
        if !test(&self.first, bit(a, None)) {
            return false;
        }
        test(&self.one, bit(a, None)) || cs.next().is_some_and(|b| test(&self.two, bit(a, Some(b))))
    }

    /// Calls `f(pattern, start, end)` for every occurrence of a term in `text` that starts at
    /// a token edge of `edges`, in order of start, then end.
    pub(super) fn each(&self, text: &str, edges: &Edges, mut f: impl FnMut(usize, usize, usize)) {
        let bytes = text.as_bytes();
        let Ok(start) = self.nfa.start_state(Anchored::Yes) else {
            return;
        };
        edges.each_edge(bytes.len(), |p| {
            // A term begins at a character boundary, never on a continuation byte.
            if bytes[p] & 0xC0 == 0x80 || !self.may_begin(text, p) {
                return;
            }
            let mut sid = start;
            for (i, &b) in bytes[p..].iter().enumerate() {
                sid = self.nfa.next_state(Anchored::Yes, sid, b);
                if !self.nfa.is_special(sid) {
                    continue;
                }
                if self.nfa.is_dead(sid) {
                    break;
                }
                if self.nfa.is_match(sid) {
                    let end = p + i + 1;
                    // A state's matches include the terms ending here that began later (the
                    // automaton's failure links copied them in): those are found from their
                    // own start.
                    for k in 0..self.nfa.match_len(sid) {
                        let pid = self.nfa.match_pattern(sid, k);
                        if end - self.nfa.pattern_len(pid) == p {
                            f(pid.as_usize(), p, end);
                        }
                    }
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::AhoCorasick;
    use proptest::prelude::*;

    /// What an unanchored overlapping search gives, with the matches not starting at an edge
    /// dropped, in the scan's order.
    fn reference(patterns: &[String], text: &str, edges: &Edges) -> Vec<(usize, usize, usize)> {
        let ac = AhoCorasick::new(patterns).unwrap();
        let mut v: Vec<_> = ac
            .find_overlapping_iter(text)
            .filter(|m| edges.is_edge(m.start()))
            .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
            .collect();
        v.sort_by_key(|&(p, s, e)| (s, e, p));
        v
    }

    fn scan(patterns: &[String], text: &str, edges: &Edges) -> Vec<(usize, usize, usize)> {
        let mut v = Vec::new();
        TermScan::new(patterns)
            .unwrap()
            .unwrap()
            .each(text, edges, |p, s, e| v.push((p, s, e)));
        v.sort_by_key(|&(p, s, e)| (s, e, p));
        v
    }

    #[test]
    fn finds_overlapping_terms_at_edges_only() {
        let pats: Vec<String> = ["データ", "ビッグデータ", "グデ", "通信の秘密", "通信"]
            .map(String::from)
            .to_vec();
        let text = "ビッグデータと通信の秘密";
        // Every position an edge.
        let all = Edges::new(text.len());
        let found = scan(&pats, text, &all);
        assert_eq!(found, reference(&pats, text, &all));
        assert_eq!(
            found,
            vec![(1, 0, 18), (2, 6, 12), (0, 9, 18), (4, 21, 27), (3, 21, 36)]
        );
        // ビッグデータ one known word: データ and グデ begin inside it.
        let mut e = Edges::new(text.len());
        e.known_word(0, 18);
        assert_eq!(
            scan(&pats, text, &e),
            vec![(1, 0, 18), (4, 21, 27), (3, 21, 36)]
        );
        // No edge map at all (a text not tokenized): every position is an edge.
        assert_eq!(scan(&pats, text, &Edges::default()), found);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]
        /// The scan agrees with an overlapping search filtered to edges, on texts and terms
        /// from a small alphabet (so terms overlap and nest) and random known words.
        #[test]
        fn agrees_with_an_overlapping_search(
            pats in proptest::collection::vec("[aあ通信の𠮷b]{1,4}", 1..8),
            text in "[aあ通信の𠮷b ]{0,40}",
            words in proptest::collection::vec((0usize..120, 0usize..12), 0..10),
        ) {
            let mut pats = pats;
            pats.sort();
            pats.dedup();
            let mut edges = Edges::new(text.len());
            for (s, l) in words {
                let s = s.min(text.len());
                edges.known_word(s, (s + l).min(text.len()));
            }
            prop_assert_eq!(scan(&pats, &text, &edges), reference(&pats, &text, &edges));
            prop_assert_eq!(
                scan(&pats, &text, &Edges::default()),
                reference(&pats, &text, &Edges::default())
            );
        }
    }
}
