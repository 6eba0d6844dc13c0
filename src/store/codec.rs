//! The store's entry format: a fixed header, then the entry in bincode (serde, standard
//! configuration).
//!
//! Header, little-endian: the magic `KGST`, the format version (u32), the SHA-256 of the input
//! the entry belongs to (32 bytes), the body's length (u64) and its XXH3-64 checksum. [`decode`]
//! checks all of them before it decodes a byte of the body, and the body's shape after (as many
//! edge maps and normalized texts as remarks, each map the size of its text), so damaged or foreign
//! bytes give `None`, never a wrong entry, a panic or a huge allocation.

use serde::{Deserialize, Serialize};

use super::{Entry, EntryRef, RemarkTokens, FORMAT_VERSION};
use crate::model::Meeting;
use crate::segment::Noun;
use crate::text::{checksum, nfkc};

const MAGIC: &[u8; 4] = b"KGST";

/// Bytes before the body.
pub const HEADER: usize = 56;

/// The most a body may claim for its strings and lists when read: bincode allocates a string's
/// stated length before it reads the bytes, so without a limit a damaged length is an abort.
/// An entry of a 200 MB minutes file claims well under half of it.
const LIMIT: usize = 1 << 30;

/// A remark's normalized text as stored: most remarks need no normalizing at all, the rest are
/// NFKC of their text; only a normalized text that is neither (nearly never: the parser
/// normalizes line by line) is stored whole.
#[derive(Serialize, Deserialize)]
enum Norm<S> {
    /// The text itself.
    Text,
    /// NFKC of the text, which differs from it.
    Nfkc,
    Own(S),
}

/// The body as written.
#[derive(Serialize)]
struct BodyOut<'a> {
    meeting: &'a Meeting,
    norms: Vec<Norm<&'a str>>,
    encoding: &'a str,
    warnings: &'a [String],
    remarks: &'a [RemarkTokens],
    nouns: &'a [(Noun, u32)],
}

/// The body as read: the same fields, in the same order, owned.
#[derive(Deserialize)]
struct BodyIn {
    meeting: Meeting,
    norms: Vec<Norm<String>>,
    encoding: String,
    warnings: Vec<String>,
    remarks: Vec<RemarkTokens>,
    #[serde(deserialize_with = "interned_nouns")]
    nouns: Vec<(Noun, u32)>,
}

/// Nouns read with their strings shared: each distinct base form and part of speech is
/// checked as UTF-8 and allocated once per thread, not once per meeting (about a thousand nouns
/// a meeting).
fn interned_nouns<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<(Noun, u32)>, D::Error> {
    use std::cell::RefCell;
    use std::sync::Arc;
    thread_local! {
        static SEEN: RefCell<rustc_hash::FxHashMap<Box<[u8]>, Arc<str>>> = RefCell::default();
    }
    /// A noun as stored: (base form, part of speech) as bytes, and its count.
    type Raw<'a> = ((&'a [u8], &'a [u8]), u32);
    let raw: Vec<Raw<'de>> = Vec::deserialize(d)?;
    SEEN.with(|seen| {
        let mut seen = seen.borrow_mut();
        let mut intern = |b: &[u8]| -> Result<Arc<str>, D::Error> {
            if let Some(a) = seen.get(b) {
                return Ok(a.clone());
            }
            let s = simdutf8::basic::from_utf8(b)
                .map_err(|_| serde::de::Error::custom("invalid UTF-8"))?;
            let a: Arc<str> = s.into();
            seen.insert(b.into(), a.clone());
            Ok(a)
        };
        raw.into_iter()
            .map(|((base, pos), c)| {
                let noun = Noun {
                    base: intern(base)?,
                    pos: intern(pos)?,
                };
                Ok((noun, c))
            })
            .collect()
    })
}

/// The raw SHA-256 of a hex content hash (any other key: the SHA-256 of its text).
pub fn input_id(input_sha256: &str) -> [u8; 32] {
    use sha2::Digest;
    let mut id = [0u8; 32];
    match hex::decode_to_slice(input_sha256, &mut id) {
        Ok(()) => id,
        Err(_) => sha2::Sha256::digest(input_sha256.as_bytes()).into(),
    }
}

/// An entry's bytes.
pub fn encode(e: EntryRef<'_>, input_sha256: &str) -> Vec<u8> {
    let body = BodyOut {
        meeting: e.meeting,
        norms: e
            .meeting
            .remarks
            .iter()
            .map(|r| match r.norm.as_str() {
                n if n.is_empty() || n == r.text => Norm::Text,
                n if nfkc(&r.text) == n => Norm::Nfkc,
                n => Norm::Own(n),
            })
            .collect(),
        encoding: e.encoding,
        warnings: e.warnings,
        remarks: e.remarks,
        nouns: e.nouns,
    };
    let body = bincode::serde::encode_to_vec(&body, bincode::config::standard())
        .expect("an entry always serializes");
    frame(&body, &input_id(input_sha256))
}

/// `body` behind its header, for the input `input`.
pub fn frame(body: &[u8], input: &[u8; 32]) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER + body.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(input);
    out.extend_from_slice(&(body.len() as u64).to_le_bytes());
    out.extend_from_slice(&checksum(body).to_le_bytes());
    out.extend_from_slice(body);
    out
}

/// The body length an entry's header states, when the header is one of this format for this
/// input; a reader checks it against the file's size before reading the body.
pub fn body_len(header: &[u8], input_sha256: &str) -> Option<u64> {
    let h = header.get(..HEADER)?;
    let ok = &h[..4] == MAGIC
        && h[4..8] == FORMAT_VERSION.to_le_bytes()
        && h[8..40] == input_id(input_sha256);
    ok.then(|| u64::from_le_bytes(h[40..48].try_into().expect("8 bytes")))
}

/// The entry in `bytes`, when they are a whole, undamaged entry of this format for the input
/// with this content hash.
pub fn decode(bytes: &[u8], input_sha256: &str) -> Option<Entry> {
    let len = usize::try_from(body_len(bytes, input_sha256)?).ok()?;
    let body = bytes.get(HEADER..)?;
    let sum = u64::from_le_bytes(bytes[48..56].try_into().ok()?);
    if body.len() != len || checksum(body) != sum {
        return None;
    }
    decode_body(body)
}

/// The entry a body holds, if it is one (exposed for the decoder's fuzz target).
pub fn decode_body(body: &[u8]) -> Option<Entry> {
    let (b, read): (BodyIn, usize) =
        bincode::serde::decode_from_slice(body, bincode::config::standard().with_limit::<LIMIT>())
            .ok()?;
    let n = b.meeting.remarks.len();
    if read != body.len() || b.norms.len() != n || b.remarks.len() != n {
        return None;
    }
    let mut meeting = b.meeting;
    for ((r, norm), t) in meeting.remarks.iter_mut().zip(b.norms).zip(&b.remarks) {
        r.norm = match norm {
            Norm::Text => String::new(),
            Norm::Nfkc => nfkc(&r.text),
            Norm::Own(n) => n,
        };
        // One form for one meaning: a normalized text equal to the text is left empty.
        if r.norm == r.text {
            r.norm.clear();
        }
        if !t.edges.fits(r.normalized().len()) {
            return None;
        }
    }
    Some(Entry {
        meeting,
        encoding: b.encoding,
        warnings: b.warnings,
        remarks: b.remarks,
        nouns: b.nouns,
    })
}

/// Token edges as one byte string (serde bytes), read without a per-element loop.
pub mod edges {
    use serde::{de, Deserializer, Serializer};

    use crate::segment::Edges;

    pub fn serialize<S: Serializer>(edges: &Edges, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(edges.as_bytes())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Edges, D::Error> {
        struct Bytes;
        impl<'de> de::Visitor<'de> for Bytes {
            type Value = Edges;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("token edges")
            }
            fn visit_bytes<E: de::Error>(self, b: &[u8]) -> Result<Edges, E> {
                Ok(Edges::from_bytes(b.to_vec()))
            }
            fn visit_byte_buf<E: de::Error>(self, b: Vec<u8>) -> Result<Edges, E> {
                Ok(Edges::from_bytes(b))
            }
        }
        d.deserialize_bytes(Bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Remark, Role};
    use crate::segment::Edges;

    const SHA: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    fn known_words(len: usize, words: &[(usize, usize)]) -> Edges {
        let mut e = Edges::new(len);
        for &(s, end) in words {
            e.known_word(s, end);
        }
        e
    }

    pub(crate) fn entry() -> Entry {
        let remark = |seq: u32, text: &str, norm: &str| Remark {
            seq,
            speaker: "後藤".into(),
            speaker_label: "後藤座長".into(),
            role: Role::Chair,
            speaker_group: String::new(),
            section: "議事".into(),
            via_chat: seq == 2,
            text: text.into(),
            norm: norm.into(),
        };
        Entry {
            meeting: Meeting {
                meeting_id: "000_x".into(),
                source: "000_x.txt".into(),
                title: "第1回 会議".into(),
                committee: "会議".into(),
                date: Some("2024-01-02".into()),
                session: Some(1),
                remarks: vec![
                    remark(1, "ＮＯＴＩＣＥの取組", "NOTICEの取組"),
                    remark(2, "あいう", "別の正規化"),
                    remark(3, "同じ", "同じ"),
                ],
                ..Meeting::default()
            },
            encoding: "UTF-8".into(),
            warnings: vec!["w".into()],
            remarks: vec![
                RemarkTokens {
                    tokens: 3,
                    edges: known_words(15, &[(6, 9), (9, 15)]),
                },
                RemarkTokens {
                    tokens: 0,
                    edges: Edges::new(15),
                },
                RemarkTokens {
                    tokens: 1,
                    edges: known_words(6, &[(0, 6)]),
                },
            ],
            nouns: vec![(Noun::new("取組", "名詞-一般"), 3)],
        }
    }

    #[test]
    fn roundtrip_keeps_every_field_and_norms_that_are_not_nfkc() {
        let e = entry();
        let b = encode(e.as_ref(), SHA);
        let mut want = e.clone();
        // A normalized text that is the text itself comes back as the text.
        want.meeting.remarks[2].norm.clear();
        assert_eq!(want.meeting.remarks[2].normalized(), "同じ");
        assert_eq!(decode(&b, SHA), Some(want));
    }

    #[test]
    fn another_inputs_damaged_or_cut_entry_is_none() {
        let b = encode(entry().as_ref(), SHA);
        let other = SHA.replace("00", "11");
        assert_eq!(decode(&b, &other), None);
        for cut in [0, 10, HEADER, b.len() - 1] {
            assert_eq!(decode(&b[..cut], SHA), None, "cut at {cut}");
        }
        for at in (0..b.len()).step_by(3) {
            let mut d = b.clone();
            d[at] ^= 0x20;
            assert_eq!(decode(&d, SHA), None, "flip at {at}");
        }
        let mut longer = b.clone();
        longer.push(0);
        assert_eq!(decode(&longer, SHA), None);
    }

    #[test]
    fn a_normalized_text_equal_to_the_text_reads_back_empty_however_stored() {
        // Found by the `store` fuzz target: `Own` or `Nfkc` of a text that is its own
        // normalized form read back as a copy, and encoded again as `Text`, as empty.
        let mut e = entry();
        e.meeting.remarks[2].norm = "同じ".into();
        let body = BodyOut {
            meeting: &e.meeting,
            norms: vec![Norm::Own("NOTICEの取組"), Norm::Nfkc, Norm::Own("同じ")],
            encoding: &e.encoding,
            warnings: &e.warnings,
            remarks: &e.remarks,
            nouns: &e.nouns,
        };
        let b = bincode::serde::encode_to_vec(&body, bincode::config::standard()).unwrap();
        let got = decode_body(&b).unwrap();
        assert_eq!(got.meeting.remarks[1].norm, "", "NFKC of あいう is あいう");
        assert_eq!(got.meeting.remarks[2].norm, "");
        let again = decode(&encode(got.as_ref(), SHA), SHA).unwrap();
        assert_eq!(again, got);
    }

    #[test]
    fn a_body_that_claims_huge_lengths_is_none_not_an_abort() {
        // Found by the `store` fuzz target: a string length of about 3.7e18 (a varint after
        // 0xfd) made bincode allocate it before reading.
        let huge = b"\xfd\x08GGGGGGGGGG\x08";
        assert_eq!(decode_body(huge), None);
        let mut body =
            bincode::serde::encode_to_vec(("x", u64::MAX), bincode::config::standard()).unwrap();
        body.splice(0..0, [0xfd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40]);
        assert_eq!(decode_body(&body), None);
    }

    #[test]
    fn a_well_formed_body_of_the_wrong_shape_is_none() {
        let mut e = entry();
        e.remarks.pop();
        let b = encode(e.as_ref(), SHA);
        assert_eq!(decode(&b, SHA), None, "fewer token lists than remarks");
        let mut e = entry();
        e.remarks[0].edges = Edges::new(17);
        assert_eq!(
            decode(&encode(e.as_ref(), SHA), SHA),
            None,
            "edges of a longer text"
        );
    }
}
