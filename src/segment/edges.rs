//! Token edges: where in a tokenized text a theme term may begin or end.
//!
//! Takes the words a tokenization cut (byte spans, known to the dictionary or not) and gives an
//! [`Edges`] map with one bit per byte of the text: set where the position lies strictly inside a
//! word the dictionary knew. Every other position is an edge: a token boundary, whitespace
//! between tokens, or a place inside a word the dictionary did not know (an unknown katakana or
//! Latin run may hold a term). Asking about a position is one bit test; the map is an eighth of
//! the text's size, which is what the store keeps.

/// Which byte positions of one text are token edges (see the module docs).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Edges {
    /// Bit `p % 8` of byte `p / 8`: position `p` is inside a known word.
    inside: Vec<u8>,
}

impl Edges {
    /// Every position of a text of `len` bytes an edge (no known word yet).
    pub fn new(len: usize) -> Edges {
        Edges {
            inside: vec![0; len.div_ceil(8)],
        }
    }

    /// Marks the word at `start..end` as one the dictionary knew: positions strictly inside it
    /// are no edges.
    pub fn known_word(&mut self, start: usize, end: usize) {
        let (a, b) = (start + 1, end.min(self.inside.len() * 8));
        if a >= b {
            return;
        }
        let (first, last) = (a / 8, (b - 1) / 8);
        let low = 0xffu8 << (a % 8);
        let high = 0xffu8 >> (7 - (b - 1) % 8);
        if first == last {
            self.inside[first] |= low & high;
        } else {
            self.inside[first] |= low;
            self.inside[first + 1..last].fill(0xff);
            self.inside[last] |= high;
        }
    }

    /// Whether a term may begin or end at byte position `p`.
    #[inline]
    pub fn is_edge(&self, p: usize) -> bool {
        self.inside
            .get(p / 8)
            .is_none_or(|b| b & (1 << (p % 8)) == 0)
    }

    /// Calls `f(p)` for every edge position `p` below `len`, in order, 64 positions at a time:
    /// a word of the map is skipped where all of its positions lie inside known words. `f` is
    /// called from one place, so it is inlined into the loop.
    #[inline]
    pub fn each_edge(&self, len: usize, mut f: impl FnMut(usize)) {
        let mut base = 0;
        while base < len {
            // Past the end of the map every position is an edge (no bit set).
            let mut word = [0u8; 8];
            let i = base / 8;
            if i < self.inside.len() {
                let chunk = &self.inside[i..(i + 8).min(self.inside.len())];
                word[..chunk.len()].copy_from_slice(chunk);
            }
            let mut edges = !u64::from_le_bytes(word);
            if len - base < 64 {
                edges &= (1u64 << (len - base)) - 1;
            }
            while edges != 0 {
                f(base + edges.trailing_zeros() as usize);
                edges &= edges - 1;
            }
            base += 64;
        }
    }

    /// The map as bytes (what the store writes).
    pub fn as_bytes(&self) -> &[u8] {
        &self.inside
    }

    /// The map from [`Edges::as_bytes`]; a reader checks it with [`Edges::fits`] against the
    /// text it belongs to.
    pub fn from_bytes(bytes: Vec<u8>) -> Edges {
        Edges { inside: bytes }
    }

    /// Whether this map has the size of a text of `len` bytes.
    pub fn fits(&self, len: usize) -> bool {
        self.inside.len() == len.div_ceil(8)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn inside_a_known_word_is_no_edge() {
        // 通信(0..6) の(6..9) ZeroTrust(9..18, unknown)
        let mut e = Edges::new(18);
        e.known_word(0, 6);
        e.known_word(6, 9);
        let edges: Vec<usize> = (0..=18).filter(|&p| e.is_edge(p)).collect();
        assert_eq!(edges, [0, 6, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]);
    }

    proptest! {
        /// Marking words bit by bit and by masks agree, for words anywhere in a text.
        #[test]
        fn masks_mark_what_a_loop_would(
            words in proptest::collection::vec((0usize..70, 0usize..20), 0..8),
            len in 0usize..90,
        ) {
            let mut e = Edges::new(len);
            let mut inside = vec![false; len + 1];
            for (s, l) in words {
                let (s, end) = (s.min(len), (s + l).min(len));
                e.known_word(s, end);
                for flag in inside.iter_mut().take(end).skip(s + 1) {
                    *flag = true;
                }
            }
            for (p, &flag) in inside.iter().enumerate() {
                prop_assert_eq!(e.is_edge(p), !flag, "at {}", p);
            }
            // Walking the edges gives what testing each position gives, past the map too.
            for n in [len, len + 9, len / 2] {
                let mut walked = Vec::new();
                e.each_edge(n, |p| walked.push(p));
                let tested: Vec<usize> = (0..n).filter(|&p| e.is_edge(p)).collect();
                prop_assert_eq!(walked, tested);
            }
            prop_assert!(e.is_edge(len + 100));
            prop_assert!(e.fits(len) && !e.fits(len + 8));
            prop_assert_eq!(&Edges::from_bytes(e.as_bytes().to_vec()), &e);
        }
    }
}
