//! Bullets in the body of ministry minutes (`・`, `○`, `•`, after an optional list dash), and the
//! introducing lines that attribute the bullets after them (「冒頭、梶山経済産業大臣から以下のとおり
//! 挨拶。」).
//!
//! Takes a body line (NFKC); gives its bullet mark and text, or the label an introducing line
//! names.

use once_cell::sync::Lazy;
use regex::Regex;

use crate::model::Role;
use crate::parse::label::{read_label, Label};

/// A bullet line: its marker and the text after it.
pub(super) fn bullet(norm: &str) -> Option<(char, &str)> {
    let s = strip_dash(norm);
    let c = s.chars().next()?;
    if matches!(c, '・' | '○' | '◯' | '〇' | '●' | '◎' | '•' | '‧' | '･') {
        let rest = s[c.len_utf8()..].trim_start();
        if rest.is_empty() {
            return None;
        }
        return Some((
            if c == '•' || c == '･' || c == '‧' {
                '・'
            } else {
                c
            },
            rest,
        ));
    }
    None
}

/// Strips a leading `- ` list dash (as PDF-to-text converters write before bullets).
pub(super) fn strip_dash(s: &str) -> &str {
    for d in ["- ", "-\u{3000}", "‐ ", "− ", "－ ", "－\u{3000}"] {
        if let Some(r) = s.strip_prefix(d) {
            return r.trim_start();
        }
    }
    s
}

static INTRO: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(?:冒頭|次に|続いて|続けて|最後に|まず|その後|また|さらに)?[、,]?\s*(?P<who>[^、。,]{1,40}?)(?:から|より)[、,]?\s*(?:以下の?とおり|次のとおり|以下のように|以下の)?\s*(?:ご|御)?(?:挨拶|あいさつ|発言|説明|コメント|意見|講演|報告)").unwrap()
});

/// An introducing line that attributes the bullets after it: 「冒頭、梶山経済産業大臣から以下のとおり挨拶。」
pub(super) fn intro_label(norm: &str) -> Option<Label> {
    if !(norm.contains("以下") || norm.contains("次のとおり")) {
        return None;
    }
    let c = INTRO.captures(norm)?;
    let l = read_label(c.name("who")?.as_str(), true)?;
    (!l.speaker.is_empty() || matches!(l.role, Role::Official | Role::Collective | Role::Chair))
        .then_some(l)
}
