//! lindera's Viterbi lattice driven directly: the tokens [`SegmentWorker::segment`] gives, as
//! byte spans and word ids, without building lindera's `Token` values.
//!
//! Takes a [`Segmenter`] (for its dictionaries) and a text, and calls back once per token in
//! reading order with its byte span and [`WordId`]. The sentence cuts (`\n`, `\t`, `。`, `、`,
//! or a forced cut every 32 KiB), the lattice options and the dropped whitespace tokens are
//! lindera 6.2's own (`Segmenter::segment_with_buffers`), so the tokens are the same; a unit
//! test and a property test compare the two on every call shape. A segmenter with a space
//! penalty (whose table lindera keeps private) is not driven here: [`Direct::new`] gives `None`
//! and the caller goes through [`SegmentWorker`]. The lattice is shrunk as lindera's worker
//! shrinks its own: every 64 texts, when it holds more than twice the longest sentence of those
//! texts (and more than 4,096 characters), so one long sentence does not pin megabytes.
//!
//! [`SegmentWorker::segment`]: lindera::worker::SegmentWorker::segment
//! [`SegmentWorker`]: lindera::worker::SegmentWorker

use lindera::mode::Mode;
use lindera::segmenter::Segmenter;
use lindera_dictionary::viterbi::{Lattice, LatticeOptions, WordId};
use memchr::memmem::Finder;
use once_cell::sync::Lazy;

/// lindera's longest sentence before a forced cut (`segmenter::MAX_SENTENCE_BYTES`).
const MAX_SENTENCE_BYTES: usize = 32 * 1024;
/// Texts between two shrink checks, the hysteresis factor and the floor (in characters):
/// lindera's worker's own (`worker::SHRINK_*`).
const SHRINK_WINDOW: u32 = 64;
const SHRINK_HYSTERESIS: usize = 2;
const SHRINK_FLOOR: usize = 4 * 1024;

/// A reusable lattice with the whitespace table of one segmenter (one per thread).
pub(super) struct Direct {
    lattice: Lattice,
    offsets: Vec<(usize, WordId)>,
    /// Latin-1 code points in the dictionary's SPACE category.
    space_latin1: [bool; 256],
    /// The SPACE category, if the dictionary has one (else no token is dropped).
    space: Option<usize>,
    mode: Mode,
    /// Texts since the last shrink check, and their longest sentence in characters.
    calls: u32,
    longest: usize,
}

impl Direct {
    /// A driver for `seg`, or `None` when `seg` is configured in a way this module does not
    /// reproduce (a space penalty).
    pub(super) fn new(seg: &Segmenter) -> Option<Direct> {
        if seg.space_penalty_config().is_some() {
            return None;
        }
        let chars = &seg.dictionary.character_definition;
        let space = chars.category_id_by_name("SPACE").map(|c| c.0);
        let mut space_latin1 = [false; 256];
        if let Some(id) = space {
            for (cp, slot) in space_latin1.iter_mut().enumerate() {
                if let Some(c) = char::from_u32(cp as u32) {
                    *slot = chars.lookup_categories(c).iter().any(|k| k.0 == id);
                }
            }
        }
        Some(Direct {
            lattice: Lattice::default(),
            offsets: Vec::new(),
            space_latin1,
            space,
            mode: seg.mode.clone(),
            calls: 0,
            longest: 0,
        })
    }

    /// Calls `f(start, end, word_id)` for each token of `text` that lindera keeps (whitespace
    /// tokens dropped), in order, with byte offsets into `text`.
    pub(super) fn each_token(
        &mut self,
        seg: &Segmenter,
        text: &str,
        mut f: impl FnMut(usize, usize, WordId),
    ) {
        self.maybe_shrink();
        let d = &seg.dictionary;
        let user = seg.user_dictionary.as_ref().map(|u| &u.dict);
        let options = LatticeOptions::new(&self.mode);
        let mut cuts = Cuts::new(text);
        let mut start = 0;
        while start < text.len() {
            let end = cuts.end(start);
            let sentence = &text[start..end];
            self.lattice.set_text_with_options(
                &d.prefix_dictionary,
                &user,
                &d.character_definition,
                &d.unknown_dictionary,
                &d.connection_cost_matrix,
                sentence,
                &options,
            );
            self.lattice.tokens_offset_into(&mut self.offsets);
            let n = self.offsets.len();
            for i in 0..n {
                let (s, id) = self.offsets[i];
                let e = if i + 1 == n {
                    sentence.len()
                } else {
                    self.offsets[i + 1].0
                };
                if !self.is_space(seg, &sentence[s..e]) {
                    f(start + s, start + e, id);
                }
            }
            start = end;
        }
    }

    /// Counts a text and, once per window, shrinks an oversized lattice (see the module docs).
    fn maybe_shrink(&mut self) {
        self.longest = self.longest.max(self.lattice.take_max_char_len());
        self.calls += 1;
        if self.calls >= SHRINK_WINDOW {
            let target = self.longest.max(SHRINK_FLOOR);
            if self.lattice.capacity() > target.saturating_mul(SHRINK_HYSTERESIS) {
                self.lattice.shrink_to(target);
            }
            self.calls = 0;
            self.longest = 0;
        }
    }

    /// Whether lindera drops this token as whitespace: every character in the SPACE category.
    fn is_space(&self, seg: &Segmenter, token: &str) -> bool {
        let Some(space) = self.space else {
            return false;
        };
        token.chars().all(|c| {
            if (c as u32) < 256 {
                self.space_latin1[c as usize]
            } else {
                seg.dictionary
                    .character_definition
                    .lookup_categories(c)
                    .iter()
                    .any(|k| k.0 == space)
            }
        })
    }
}

static MARU: Lazy<Finder<'static>> = Lazy::new(|| Finder::new("。"));
static TEN: Lazy<Finder<'static>> = Lazy::new(|| Finder::new("、"));

/// The sentence cuts of one text, found with SIMD searches: the next `\n`/`\t`, `。` and `、`
/// at or after the current start are each remembered until passed, so every byte is scanned
/// once per delimiter kind however many sentences the text holds.
struct Cuts<'t> {
    text: &'t str,
    /// Where the sentence ends after the next delimiter of each kind (exclusive; 0: not yet
    /// searched, `usize::MAX`: none left).
    next: [usize; 3],
}

impl<'t> Cuts<'t> {
    fn new(text: &'t str) -> Cuts<'t> {
        Cuts { text, next: [0; 3] }
    }

    /// Where the sentence that begins at `start` ends (exclusive): after `\n`, `\t`, `。` or
    /// `、`, else at the first character boundary 32 KiB on, else at the end of the text.
    /// `start` never goes back between calls.
    fn end(&mut self, start: usize) -> usize {
        let hay = &self.text.as_bytes()[start..];
        let mut end = self.text.len();
        for (k, next) in self.next.iter_mut().enumerate() {
            if *next <= start {
                let found = match k {
                    0 => memchr::memchr2(b'\n', b'\t', hay).map(|p| p + 1),
                    1 => MARU.find(hay).map(|p| p + 3),
                    _ => TEN.find(hay).map(|p| p + 3),
                };
                *next = found.map_or(usize::MAX, |p| start + p);
            }
            end = end.min(*next);
        }
        let mut forced = start + MAX_SENTENCE_BYTES;
        if forced < end {
            while !self.text.is_char_boundary(forced) {
                forced += 1;
            }
            end = end.min(forced);
        }
        end
    }
}

/// [`Cuts::end`] for one sentence (tests).
#[cfg(test)]
fn sentence_end(text: &str, start: usize) -> usize {
    Cuts::new(text).end(start)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::tests::TOKENIZER;
    use proptest::prelude::*;

    /// The tokens lindera's own worker gives, as spans and word ids.
    fn lindera_tokens(text: &str) -> Vec<(usize, usize, WordId)> {
        let mut w = TOKENIZER.segmenter.new_worker();
        w.segment(text)
            .unwrap()
            .iter()
            .map(|t| (t.byte_start, t.byte_end, t.word_id))
            .collect()
    }

    fn direct_tokens(text: &str) -> Vec<(usize, usize, WordId)> {
        let seg = &TOKENIZER.segmenter;
        let mut d = Direct::new(seg).expect("IPADIC has no space penalty");
        let mut out = Vec::new();
        d.each_token(seg, text, |s, e, id| out.push((s, e, id)));
        out
    }

    fn ids(v: &[(usize, usize, WordId)]) -> Vec<(usize, usize, u32, bool, bool)> {
        v.iter()
            .map(|&(s, e, w)| (s, e, w.id(), w.is_system(), w.is_unknown()))
            .collect()
    }

    #[test]
    fn same_tokens_as_lindera_on_sentences_spaces_and_cuts() {
        let long = "あ".repeat(12_000); // no delimiter: a forced cut inside 36 KB
        for text in [
            "",
            "通信の秘密を守る。",
            "通信 の 秘密 を 守る 。\n\n次に、 NOTICE について\t説明します。  ",
            " \u{3000}先頭と末尾の空白 ",
            "ZeroTrustArchitectureで、IoT機器の脆弱性。",
            long.as_str(),
        ] {
            assert_eq!(
                ids(&direct_tokens(text)),
                ids(&lindera_tokens(text)),
                "{text:.40}"
            );
        }
    }

    #[test]
    fn one_long_sentence_does_not_pin_the_lattice() {
        let seg = &TOKENIZER.segmenter;
        let mut d = Direct::new(seg).unwrap();
        d.each_token(seg, &"あ".repeat(10_000), |_, _, _| {});
        let grown = d.lattice.capacity();
        assert!(grown >= 10_000, "{grown}");
        // The window that saw the long sentence keeps it; the next one, of short texts only,
        // shrinks the lattice.
        for _ in 0..2 * SHRINK_WINDOW {
            d.each_token(seg, "通信の秘密を守る。", |_, _, _| {});
        }
        let cap = d.lattice.capacity();
        assert!(cap <= SHRINK_FLOOR, "{grown} -> {cap}");
        // Tokens are still right after the shrink.
        let text = "通信の秘密を守る。";
        assert_eq!(ids(&direct_tokens(text)), ids(&lindera_tokens(text)));
        let mut after = Vec::new();
        d.each_token(seg, text, |s, e, id| after.push((s, e, id)));
        assert_eq!(ids(&after), ids(&lindera_tokens(text)));
    }

    #[test]
    fn sentences_end_after_the_delimiter() {
        assert_eq!(sentence_end("あ。い", 0), "あ。".len());
        assert_eq!(sentence_end("あ、い", 0), "あ、".len());
        assert_eq!(sentence_end("a\tb", 0), 2);
        assert_eq!(sentence_end("abc", 1), 3);
        // ぁ (E3 81 81) ends in 0x81 but is no delimiter.
        assert_eq!(sentence_end("ぁい", 0), "ぁい".len());
    }

    /// lindera's sentence cut as it scans: byte by byte.
    fn sentence_end_bytewise(text: &str, start: usize) -> usize {
        let b = text.as_bytes();
        let mut i = start;
        while i < b.len() {
            let c = b[i];
            i += 1;
            if c == b'\n' || c == b'\t' {
                return i;
            }
            if (c == 0x81 || c == 0x82) && i >= 3 && b[i - 3] == 0xE3 && b[i - 2] == 0x80 {
                return i;
            }
            if i - start >= MAX_SENTENCE_BYTES && text.is_char_boundary(i) {
                return i;
            }
        }
        i
    }

    /// Every sentence of `text` as (start, end), cut by [`Cuts`].
    fn all_cuts(text: &str) -> Vec<(usize, usize)> {
        let (mut cuts, mut start, mut out) = (Cuts::new(text), 0, Vec::new());
        while start < text.len() {
            let end = cuts.end(start);
            out.push((start, end));
            start = end;
        }
        out
    }

    #[test]
    fn long_sentences_are_cut_at_a_character_boundary() {
        let text = format!("{}。{}", "あ".repeat(20_000), "い".repeat(5));
        let cuts = all_cuts(&text);
        let mut start = 0;
        for &(s, e) in &cuts {
            assert_eq!(s, start);
            assert_eq!(e, sentence_end_bytewise(&text, s));
            assert!(text.is_char_boundary(e));
            start = e;
        }
        assert_eq!(cuts.len(), 3, "{cuts:?}");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn cuts_are_the_bytewise_scan(
            text in "[ \t\n。、ぁあいう秘密通信アイウABCxyz]{0,80}"
        ) {
            for (s, e) in all_cuts(&text) {
                prop_assert_eq!(e, sentence_end_bytewise(&text, s));
            }
        }

        #[test]
        fn same_tokens_as_lindera_on_any_text(
            text in "[ \u{3000}\t\n。、ぁあいう秘密通信人材育成アイウカタカナABCxyz0-9.,()（）]{0,60}"
        ) {
            prop_assert_eq!(ids(&direct_tokens(&text)), ids(&lindera_tokens(&text)));
        }
    }
}
