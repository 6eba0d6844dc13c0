//! Text helpers every stage shares: NFKC normalization and content hashes.
//!
//! Takes strings and bytes; gives their NFKC form ([`nfkc`]), their SHA-256 as hex
//! ([`sha256_hex`], the content hash inputs are known by) and a fast checksum ([`checksum`],
//! XXH3-64, for what kaigi itself wrote and reads back); and [`Names`], strings given small
//! numbers.

use rustc_hash::FxHashMap;
use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;

/// NFKC-normalizes `s` (full-width digits and brackets become ASCII, ideographic space a space).
///
/// Japanese minutes are almost entirely characters NFKC leaves alone (kana, kanji, 、。「」) plus
/// full-width ASCII forms (which NFKC maps one to one onto ASCII); such text is mapped character
/// by character. Anything else (half-width katakana, circled numbers, combining marks …) goes
/// through the full Unicode algorithm.
pub fn nfkc(s: &str) -> String {
    if s.is_ascii() {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let Err(at) = nfkc_fast_into(s, &mut out) else {
        return out;
    };
    // NFKC neither makes nor composes across `\n`: the lines before the one holding the
    // character the fast path does not know are done; from there on, only a line with such a
    // character goes through the full algorithm.
    let done = s[..at].rfind('\n').map_or(0, |p| p + 1);
    out.clear();
    let _ = nfkc_fast_into(&s[..done], &mut out);
    for line in s[done..].split_inclusive('\n') {
        let mark = out.len();
        if nfkc_fast_into(line, &mut out).is_err() {
            out.truncate(mark);
            out.extend(line.nfkc());
        }
    }
    out
}

/// The length in bytes of the NFKC form of `c` on its own, without allocating for the common
/// characters.
pub fn nfkc_char_len(c: char) -> usize {
    match simple_nfkc(c) {
        Some(m) => m.len_utf8(),
        None => nfkc(c.encode_utf8(&mut [0u8; 4])).len(),
    }
}

/// Appends the NFKC form of `s` to `out` when every character of `s` maps on its own
/// ([`simple_nfkc`]): runs of kept characters are copied whole. Else the byte offset of the
/// first character that does not (with `out` partly written).
///
/// Walks bytes: ASCII and the three-byte characters of [`KEPT`] (kana, kanji, CJK punctuation)
/// are passed over without decoding; other characters are decoded and mapped.
fn nfkc_fast_into(s: &str, out: &mut String) -> Result<(), usize> {
    let b = s.as_bytes();
    let mut run = 0;
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        if x < 0x80 {
            i += 1;
            continue;
        }
        if x & 0xF0 == 0xE0 {
            // A three-byte sequence (`s` is UTF-8, so both continuation bytes are there).
            let u =
                (x as u32 & 0x0F) << 12 | (b[i + 1] as u32 & 0x3F) << 6 | (b[i + 2] as u32 & 0x3F);
            if KEPT[(u >> 6) as usize] >> (u & 63) & 1 != 0 {
                i += 3;
                continue;
            }
        }
        let c = s[i..].chars().next().expect("i is at a character boundary");
        match simple_nfkc(c) {
            Some(m) if m == c => {}
            Some(m) => {
                out.push_str(&s[run..i]);
                out.push(m);
                run = i + c.len_utf8();
            }
            None => return Err(i),
        }
        i += c.len_utf8();
    }
    out.push_str(&s[run..]);
    Ok(())
}

/// One bit per Basic Multilingual Plane character: set when NFKC keeps it as it is on its own
/// ([`kept`]).
static KEPT: [u64; 1024] = {
    let mut t = [0u64; 1024];
    let mut u = 0u32;
    while u < 0x10000 {
        if kept(u) {
            t[(u >> 6) as usize] |= 1 << (u & 63);
        }
        u += 1;
    }
    t
};

/// Whether NFKC leaves the character `u` as it is whatever stands around it. No combining
/// mark is here: it composes with the character before it, so the full algorithm takes it.
const fn kept(u: u32) -> bool {
    matches!(
        u,
        // ASCII, CJK punctuation and brackets (not U+3000, which becomes a space).
        0x00..=0x7F
        | 0x3001..=0x3002
        | 0x3005..=0x3007
        | 0x3008..=0x3011
        | 0x3014..=0x301B
        | 0x301C
        // Hiragana and katakana (voiced forms are already composed); not the combining marks
        // U+3099/309A nor the spacing ones U+309B/309C, which NFKC rewrites.
        | 0x3041..=0x3096
        | 0x30A1..=0x30FA
        | 0x30FB..=0x30FC
        // CJK unified ideographs, extension A and the Yijing hexagrams between them.
        | 0x3400..=0x9FFF
        // Marks minutes use (※, ○◆■ and the other geometric shapes).
        | 0x203B
        | 0x25A0..=0x25FF
        // Dashes, quotes, daggers and bullets, arrows, box drawing and 〒〓〝〞〟: no
        // decomposition.
        | 0x2010
        | 0x2013..=0x2016
        | 0x2018..=0x2019
        | 0x201C..=0x201D
        | 0x2020..=0x2022
        | 0x2030
        | 0x2190..=0x2193
        | 0x21D2
        | 0x21D4
        | 0x2500..=0x257F
        | 0x3012..=0x3013
        | 0x301D..=0x301F
    )
}

/// The NFKC form of `c` when it is a single character that needs no context (composition with
/// its neighbours), else `None`.
#[inline]
fn simple_nfkc(c: char) -> Option<char> {
    let u = c as u32;
    if kept(u) {
        return Some(c);
    }
    match u {
        0x3000 => Some(' '),
        // Full-width ASCII forms map onto ASCII; ①–⑨ are digits.
        0xFF01..=0xFF5E => char::from_u32(u - 0xFEE0),
        0x2460..=0x2468 => char::from_u32(u - 0x2460 + '1' as u32),
        _ => None,
    }
}

/// The SHA-256 of `bytes`, as 64 lowercase hex digits.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// XXH3-64 of `bytes`: a check that bytes kaigi wrote come back unchanged.
pub fn checksum(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// Strings given small numbers (in the order first seen), looked up without allocating.
#[derive(Debug, Default)]
pub struct Names {
    ids: FxHashMap<String, u32>,
    names: Vec<String>,
}

impl Names {
    /// The number of `name`, given it when new.
    pub fn id(&mut self, name: &str) -> u32 {
        if let Some(&i) = self.ids.get(name) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(name.to_string());
        self.ids.insert(name.to_string(), i);
        i
    }

    /// The string numbered `id` (one [`Names::id`] gave).
    pub fn name(&self, id: u32) -> &str {
        &self.names[id as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_numbered_once_in_the_order_first_seen() {
        let mut n = Names::default();
        assert_eq!((n.id("総務省"), n.id("経産省"), n.id("総務省")), (0, 1, 0));
        assert_eq!((n.name(0), n.name(1)), ("総務省", "経産省"));
    }

    #[test]
    fn fast_nfkc_agrees_with_the_unicode_algorithm() {
        let reference = |s: &str| -> String { s.nfkc().collect() };
        for s in [
            "ＮＯＴＩＣＥの取組（資料１６－１）　について。",
            "ｻﾌﾟﾗｲﾁｪｰﾝ対策",
            "①②③ ㈱ ㍻ ﾊﾟｿｺﾝ",
            "か\u{3099}が ゛゜ ヴ ゔ",
            "「サプライチェーン」、通信の秘密。〜～",
            "Ｃ＆Ｃサーバ　ＩｏＴ",
            "é e\u{301} ﬁ ℃ ¼",
            "一行目―「Ａ」\n二行目 e\u{301}…\n\n三行目 ｶﾞ\n",
            "\nＡ\u{301}\n",
        ] {
            assert_eq!(nfkc(s), reference(s), "{s}");
        }
        // Every character the fast path maps, one by one, and the kept ones' bits.
        for u in (0u32..0x10000).filter_map(char::from_u32) {
            let bit = KEPT[(u as u32 >> 6) as usize] >> (u as u32 & 63) & 1 != 0;
            assert_eq!(bit, simple_nfkc(u) == Some(u), "U+{:04X}", u as u32);
            assert_eq!(nfkc_char_len(u), reference(&u.to_string()).len());
            if let Some(m) = simple_nfkc(u) {
                assert_eq!(
                    m.to_string(),
                    reference(&u.to_string()),
                    "U+{:04X}",
                    u as u32
                );
            }
        }
    }

    proptest::proptest! {
        /// Mixed text (kept runs, mapped full-width forms, combining marks that compose with
        /// the character before) normalizes exactly as the Unicode algorithm does.
        #[test]
        fn fast_nfkc_agrees_on_mixed_text(
            s in "(a|Z| |9|\\(|（|１|Ａ|　|あ|か|\u{3099}|\u{301}|e|ｶ|ﾞ|漢|字|、|。|①|ー|・|―|…|\t|\n){0,24}"
        ) {
            let reference: String = s.nfkc().collect();
            proptest::prop_assert_eq!(nfkc(&s), reference);
        }
    }

    #[test]
    fn hashes_are_hex_and_stable() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_ne!(checksum(b"abc"), checksum(b"abd"));
    }
}
