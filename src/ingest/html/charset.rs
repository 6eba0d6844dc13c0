//! The charset decision: takes the page's bytes, gives the decoded text, the charset with
//! how it was decided (e.g. "UTF-8 (bytes; meta says Shift_JIS)"), and warnings when the
//! `<meta>` charset disagrees with the bytes or some bytes do not decode.

use encoding_rs::{Encoding, SHIFT_JIS, UTF_16BE, UTF_16LE, UTF_8};

/// Decodes the page: a BOM wins; then valid UTF-8 is UTF-8 whatever the meta says (saved
/// pages often keep a Shift_JIS meta over UTF-8 bytes); then the meta charset if the bytes
/// decode cleanly with it; then chardetng's guess.
pub(super) fn decode(bytes: &[u8]) -> Result<(String, String, Vec<String>), String> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err("empty page".into());
    }
    let mut notes = Vec::new();
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let (text, errors) = enc.decode_without_bom_handling(&bytes[bom..]);
        if errors {
            notes.push(format!(
                "some bytes are not valid {}: replaced by U+FFFD",
                enc.name()
            ));
        }
        return Ok((text.into_owned(), format!("{} (BOM)", enc.name()), notes));
    }
    let meta = meta_charset(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        let how = match &meta {
            Some((enc, label)) if *enc != UTF_8 => {
                notes.push(format!(
                    "the <meta> says {label} but the bytes are valid UTF-8: read as UTF-8"
                ));
                format!("UTF-8 (bytes; meta says {label})")
            }
            Some((_, label)) => format!("UTF-8 (bytes; meta says {label})"),
            None => "UTF-8 (bytes; no meta charset)".to_string(),
        };
        return Ok((text.to_string(), how, notes));
    }
    if let Some((enc, label)) = &meta {
        let (text, errors) = enc.decode_without_bom_handling(bytes);
        if !errors {
            return Ok((
                text.into_owned(),
                format!("{} (meta says {label})", enc.name()),
                notes,
            ));
        }
        notes.push(format!(
            "the <meta> says {label} but the bytes do not decode as {}: detected instead",
            enc.name()
        ));
    }
    let mut det = chardetng::EncodingDetector::new();
    det.feed(bytes, true);
    let enc = det.guess(Some(b"jp"), true);
    let (text, errors) = enc.decode_without_bom_handling(bytes);
    if errors {
        notes.push(format!(
            "some bytes are not valid {}: replaced by U+FFFD",
            enc.name()
        ));
    }
    Ok((
        text.into_owned(),
        format!("{} (detected)", enc.name()),
        notes,
    ))
}

/// The charset a `<meta>` in the first 8 KB names, with the label as written.
fn meta_charset(bytes: &[u8]) -> Option<(&'static Encoding, String)> {
    let head = &bytes[..bytes.len().min(8192)];
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let mut from = 0;
    while let Some(p) = find(&lower[from..], b"<meta") {
        let start = from + p;
        let end = find(&lower[start..], b">").map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(c) = find(tag, b"charset") {
            let mut i = c + 7;
            let skip = |i: &mut usize| {
                while *i < tag.len()
                    && matches!(tag[*i], b' ' | b'\t' | b'\n' | b'\r' | b'=' | b'"' | b'\'')
                {
                    *i += 1;
                }
            };
            skip(&mut i);
            let s = i;
            while i < tag.len()
                && (tag[i].is_ascii_alphanumeric() || matches!(tag[i], b'-' | b'_' | b'.' | b':'))
            {
                i += 1;
            }
            if i > s {
                let label = String::from_utf8_lossy(&head[start + s..start + i]).into_owned();
                let enc = match label.to_ascii_lowercase().as_str() {
                    "cp932" | "ms932" | "windows-932" => Some(SHIFT_JIS),
                    l => Encoding::for_label(l.as_bytes()),
                };
                // A meta naming UTF-16 on ASCII-compatible bytes means UTF-8 (HTML spec).
                let enc = enc.map(|e| {
                    if e == UTF_16LE || e == UTF_16BE {
                        UTF_8
                    } else {
                        e
                    }
                });
                if let Some(enc) = enc {
                    return Some((enc, label));
                }
            }
        }
        from = end.max(start + 1);
    }
    None
}

/// Where `needle` first occurs in `hay`.
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::super::{ok, to_text};
    use super::*;

    #[test]
    fn valid_utf8_wins_over_a_shift_jis_meta() {
        let html = "<html><head><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=Shift_JIS\"></head><body>○議長（山田君）　開会します。</body></html>";
        let t = ok(html);
        assert_eq!(t.encoding, "UTF-8 (bytes; meta says Shift_JIS)");
        assert!(t
            .notes
            .iter()
            .any(|n| n.contains("says Shift_JIS but the bytes are valid UTF-8")));
        assert_eq!(t.text, "○議長（山田君）　開会します。\n");
    }

    #[test]
    fn shift_jis_bytes_are_read_by_the_meta_then_by_detection() {
        let html = "<html><head><meta charset=\"Shift_JIS\"><title>総務委員会</title></head><body><p>○委員長（山田太郎君）　ただいまから総務委員会を開会いたします。</p></body></html>";
        let (sjis, _, bad) = SHIFT_JIS.encode(html);
        assert!(!bad);
        let t = to_text(&sjis).unwrap();
        assert_eq!(t.encoding, "Shift_JIS (meta says Shift_JIS)");
        assert!(t
            .text
            .contains("○委員長（山田太郎君）　ただいまから総務委員会を開会いたします。"));

        // No meta: chardetng decides.
        let plain = "<html><body><p>○委員長（山田太郎君）　ただいまから総務委員会を開会いたします。本日の議題は、予算についての審査であります。</p></body></html>";
        let (euc, _, _) = encoding_rs::EUC_JP.encode(plain);
        let t = to_text(&euc).unwrap();
        assert_eq!(t.encoding, "EUC-JP (detected)");
        assert!(t.text.contains("予算についての審査であります。"));
    }
}
