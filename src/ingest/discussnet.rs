//! DiscussNet's minute API (`{"tenant_minutes": [...]}`): one entry per block of the record,
//! the front matter (名簿) first, then one per remark, each body the record's own text in
//! `<pre>` with its label (`○議長（吉田崇仁）　…`).
//!
//! Takes the saved JSON; gives the record as text, its blocks in order with the markup removed,
//! the form the minutes parser reads (and the form DiscussNet's own text download has).

use serde_json::Value;

/// True when `bytes` look like a DiscussNet minute response.
pub fn looks_like(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    head.windows(14).any(|w| w == b"tenant_minutes")
}

/// The record as text, or why the JSON holds none.
pub fn to_text(bytes: &[u8]) -> Result<String, String> {
    let v: Value = serde_json::from_slice(bytes).map_err(|e| format!("invalid JSON: {e}"))?;
    let Some(entries) = v.get("tenant_minutes").and_then(Value::as_array) else {
        return Err("DiscussNet JSON without a tenant_minutes list".into());
    };
    let mut out = String::new();
    for e in entries {
        let Some(body) = e.get("body").and_then(Value::as_str) else {
            continue;
        };
        let text = markup_to_text(body);
        let text = text.trim_matches('\n');
        if text.trim().is_empty() {
            continue;
        }
        out.push_str(text);
        out.push('\n');
    }
    if out.trim().is_empty() {
        return Err("DiscussNet JSON with no minutes text (no entry has a body)".into());
    }
    Ok(out)
}

/// The text of a body: tags removed (`<br>` as a line break), entities decoded, line ends `\n`.
fn markup_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(['<', '&']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if rest.starts_with('<') {
            let end = rest.find('>').map_or(rest.len(), |e| e + 1);
            let tag = rest[1..end]
                .trim_end_matches('>')
                .trim()
                .to_ascii_lowercase();
            if tag.starts_with("br") {
                out.push('\n');
            }
            rest = &rest[end..];
        } else {
            let end = rest.as_bytes()[..rest.len().min(12)]
                .iter()
                .position(|&b| b == b';');
            match end.and_then(|e| entity(&rest[1..e]).map(|c| (e, c))) {
                Some((e, c)) => {
                    out.push(c);
                    rest = &rest[e + 1..];
                }
                None => {
                    out.push('&');
                    rest = &rest[1..];
                }
            }
        }
    }
    out.push_str(rest);
    out.replace("\r\n", "\n").replace('\r', "\n")
}

/// The character an HTML or XML entity names (`amp`, `nbsp`, `#12354`, `#x3042`).
pub(super) fn entity(name: &str) -> Option<char> {
    let num = |s: &str, radix| u32::from_str_radix(s, radix).ok().and_then(char::from_u32);
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" | "#39" => Some('\''),
        "nbsp" => Some(' '),
        _ => match name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
            Some(h) => num(h, 16),
            None => name.strip_prefix('#').and_then(|d| num(d, 10)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_in_order_without_markup() {
        let j = r#"{"tenant_minutes": [
            {"minute_id": "1", "title": "（名簿）", "minute_type": "名簿",
             "body": "<pre>令和６年第１回某市議会定例会会議録　第１号\n令和６年２月２２日</pre>"},
            {"minute_id": 3, "title": "議長（山田）", "minute_type": "○議長",
             "body": "<pre>○議長（山田）　開会します。&lt;拍手&gt; A&amp;B\n</pre>"},
            {"minute_id": "4", "title": "市長（川井）", "body": "<pre>◎市長（川井）　お答えします。<br>以上です。</pre>"}
        ]}"#;
        assert!(looks_like(j.as_bytes()));
        let t = to_text(j.as_bytes()).unwrap();
        assert_eq!(
            t,
            "令和６年第１回某市議会定例会会議録　第１号\n令和６年２月２２日\n\
             ○議長（山田）　開会します。<拍手> A&B\n\
             ◎市長（川井）　お答えします。\n以上です。\n"
        );
    }

    #[test]
    fn no_text_is_a_reason() {
        assert!(to_text(br#"{"tenant_minutes": []}"#).is_err());
        assert!(to_text(br#"{"other": 1}"#).is_err());
        assert!(to_text(b"{").unwrap_err().contains("invalid JSON"));
        assert_eq!(markup_to_text("a &unknown; b &#x3042;"), "a &unknown; b あ");
        // An ampersand or an open bracket before Japanese text, cut nowhere inside a character.
        assert_eq!(markup_to_text("Ｑ&Ａについて"), "Ｑ&Ａについて");
        assert_eq!(markup_to_text("数値<について"), "数値");
    }
}
