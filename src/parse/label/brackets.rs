//! Brackets in a label: the part in brackets after a post, which is a person's name
//! (`議長(高瀬博文)`) or a qualifier (`参事官(総括担当)`, `山田会長(東京大学)`); the initial after a
//! surname (`渡辺(周)委員`); and the parenthesis that closes an opening one.
//!
//! Takes a label's text (NFKC, whitespace removed); gives its bracketed parts.

use super::Label;
use crate::model::Role;
use crate::parse::roles::{
    is_name_char, office_cut, position_suffix, starts_with_non_name, HONORIFICS,
};

/// Splits a trailing parenthesised part off a label: `参事官(総括担当)` → (`参事官`, `総括担当`).
/// Nested parentheses inside it are kept.
pub(super) fn split_qualifier(s: &str) -> (&str, Option<&str>) {
    if !s.ends_with(')') {
        return (s, None);
    }
    let mut depth = 0i32;
    for (i, c) in s.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' => {
                depth -= 1;
                if depth == 0 {
                    return (&s[..i], Some(&s[i + 1..s.len() - 1]));
                }
            }
            _ => {}
        }
    }
    (s, None)
}

fn strip_honorific(s: &str) -> &str {
    HONORIFICS
        .iter()
        .find_map(|h| s.strip_suffix(h).filter(|n| !n.is_empty()))
        .unwrap_or(s)
}

/// Whether a bracket after a position holds a person's name (`高瀬博文`, `小野田紀美君`, `塩田`)
/// rather than a qualifier (`総括担当`, `座長`, `経済産業省`, `26人`).
pub(super) fn bracket_name(q: &str) -> Option<&str> {
    let honorific = HONORIFICS.iter().any(|h| q.ends_with(h));
    let n = strip_honorific(q);
    let count = n.chars().count();
    let plain = n.chars().all(|c| is_name_char(c) || c == '・');
    if !plain || count == 0 || count > 12 || starts_with_non_name(n) {
        return None;
    }
    if !honorific {
        // A post, a body or an affiliation (山田会長(東京大学)): not a name.
        const ORG: &str = "\
            担当 代理 関係 省 庁 センター 機構 協会 法人 株式会社 等 大学 大学院 教授 研究所 \
            研究員 会 組合 銀行 会社 弁護士 社長 代表 顧問 新聞 放送 病院 学校";
        if position_suffix(n).is_some() || ORG.split(' ').any(|w| n.ends_with(w)) {
            return None;
        }
        // A head count (十七名, 二人) is not a name.
        let numeral = |c: char| "一二三四五六七八九十百〇".contains(c);
        if n.ends_with(['名', '人']) && n.chars().rev().skip(1).all(numeral) {
            return None;
        }
        if office_cut(n).is_some() {
            return None;
        }
    }
    Some(n)
}

/// `渡辺(周)委員`: a surname, an initial of the given name in brackets, then the post.
pub(super) fn with_initial(s: &str) -> Option<Label> {
    let open = s.find('(')?;
    let close = open + s[open..].find(')')?;
    let (name, initial, post) = (&s[..open], &s[open + 1..close], &s[close + 1..]);
    let short_name = |x: &str, max: usize| {
        let n = x.chars().count();
        n >= 1 && n <= max && x.chars().all(is_name_char)
    };
    if !short_name(name, 5) || !short_name(initial, 3) || post.contains(['(', ')']) {
        return None;
    }
    let (suffix, role) = position_suffix(post)?;
    if suffix.len() != post.len() {
        return None;
    }
    let role = if post == "理事" { Role::Member } else { role };
    Some(Label {
        speaker: name.to_string(),
        label: s.to_string(),
        role,
        position: post.to_string(),
        initial: initial.to_string(),
    })
}

/// The byte index of the `)` that closes the `(` at `open`.
pub(super) fn matching_close(s: &str, open: usize) -> Option<usize> {
    let mut depth = 0i32;
    for (i, c) in s[open..].char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(open + i);
                }
            }
            _ => {}
        }
    }
    None
}
