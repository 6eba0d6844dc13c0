//! `name + post` labels: where the post begins, and which part of what stands before it is the
//! person's name (`荒井スポーツ振興局施設担当部長` → 荒井, `JSSEC 仲上氏` → 仲上, `植竹 貴副区長` →
//! 植竹貴, `山口前議院運営委員長` → 山口).
//!
//! Takes a label's text (as written and with whitespace removed); gives the name, the post and the
//! post's role.

use super::brackets::split_qualifier;
use crate::model::Role;
use crate::parse::roles::{
    is_hiragana, is_kanji, is_katakana, is_name_char, office_cut, position_suffix,
    starts_with_non_name, HONORIFICS,
};

/// Splits a `name + post` label (its post's qualifying tail already removed) into what stands
/// before the post, the post, and the post's role; `None` when it ends in no known post.
pub(super) fn split_post(core: &str) -> Option<(&str, &str, Role)> {
    let (mut suffix, mut role) = position_suffix(core)?;
    // 山本部長, 阿部会長: a longer post (本部長, 部会長) that would leave a one-character name
    // yields to the shorter post it ends with; two-character surnames ending in 本 or 部 are far
    // commoner than one-character ones.
    let one_char_before = core[..core.len() - suffix.len()].chars().count() == 1;
    if one_char_before && suffix.starts_with(['本', '部']) {
        let shorter = suffix.char_indices().skip(1).find_map(|(i, _)| {
            position_suffix(&suffix[i..]).filter(|(s, _)| s.len() == suffix.len() - i)
        });
        if let Some((s, r)) = shorter {
            suffix = s;
            role = r;
        }
    }
    let mut before = &core[..core.len() - suffix.len()];
    // 副区長, 副市長: a deputy's post includes 副.
    if let Some(b) = before.strip_suffix('副') {
        before = b;
        suffix = &core[b.len()..];
    }
    Some((before, suffix, role))
}

/// The person's name inside a `name + post` label: for an honorific the word right before it,
/// otherwise the leading run of kanji and hiragana up to the office words.
pub(super) fn person_name(raw: &str, before: &str, suffix: &str) -> String {
    // 前委員長, 元議員: a former post, nobody named.
    if before.is_empty() || before == "前" || before == "元" {
        return String::new();
    }
    // The last whitespace-separated word holds the person (`JSSEC 仲上氏`, `商務情報政策局 平井局長`),
    // unless the words before it are part of a spaced-out name (`植竹 貴副区長`).
    let last_word = raw
        .split_whitespace()
        .next_back()
        .map(|w| w.strip_suffix(suffix).unwrap_or(w))
        .filter(|w| !w.is_empty() && before.ends_with(*w))
        .filter(|w| !is_name_part(&before[..before.len() - w.len()]))
        .unwrap_or(before);
    let last_word = split_qualifier(last_word).0;
    if HONORIFICS.contains(&suffix) {
        let chars: Vec<char> = last_word.chars().collect();
        let mut start = chars
            .iter()
            .rposition(|c| !is_name_char(*c))
            .map_or(0, |i| i + 1);
        // トレンドマイクロ飯田氏: a katakana company name before a kanji name.
        if chars.get(start).is_some_and(|c| is_katakana(*c)) {
            if let Some(k) = chars[start..].iter().position(|c| !is_katakana(*c)) {
                start += k;
            }
        }
        return chars[start..].iter().collect();
    }
    let run: String = last_word
        .chars()
        .take_while(|c| is_kanji(*c) || is_hiragana(*c))
        .collect();
    if run.is_empty() {
        // Anonymised minutes: A委員, B構成員.
        if last_word.chars().count() <= 2 && last_word.chars().all(|c| c.is_ascii_alphanumeric()) {
            return last_word.to_string();
        }
        return String::new();
    }
    if starts_with_non_name(&run) {
        return String::new();
    }
    // 山口前議院運営委員長: a former post after the name.
    let run = match run
        .char_indices()
        .skip(1)
        .take(4)
        .find(|(_, c)| matches!(c, '前' | '元'))
    {
        Some((i, c)) if run.len() > i + c.len_utf8() => run[..i].to_string(),
        _ => run,
    };
    match office_cut(&run) {
        Some(i) => run[..i].to_string(),
        None => run,
    }
}

/// A short run of kanji and hiragana that is no office name: the surname of a spaced-out name.
fn is_name_part(s: &str) -> bool {
    let n = s.chars().count();
    (1..=4).contains(&n)
        && s.chars().all(|c| is_kanji(c) || is_hiragana(c))
        && !starts_with_non_name(s)
}
