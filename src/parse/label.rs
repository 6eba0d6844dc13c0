//! Speaker labels: recognising them in the house styles minutes use, and reading the speaker's
//! name, position and role from them.
//!
//! Takes a line (NFKC and as written); gives the [`Label`] it starts with and the text after it
//! ([`parse_label_line`], [`marked_label_line`]). This file holds the types and the grammar of a
//! label's own text ([`read_label`]: its parts in brackets, where a name ends and its post
//! begins); beside it, `line` finds a label at the start of a line in every house style, and
//! `marked` reads the mark-led labels of assembly proceedings.
//!
//! The grammar, on NFKC text with whitespace removed:
//!
//! - marks: a leading `○◯〇●◎◆`, `【…】`, `（…）` around the whole label, a trailing `)` or `：`;
//! - `name + position`: `大岡委員長`, `木原国務大臣`, `荒井スポーツ振興局施設担当部長` (the name ends
//!   where the office begins: katakana, Latin letters or an office word, see [`super::roles`]);
//! - `position(name)`: `議長（高瀬博文）`, `政府参考人（小柳誠二君）`, `５番（神長基子）`, `２２番（筒井
//!   たかひさ議員）`; a bracket that is not a name is a qualifier (`参事官(総括担当)`);
//! - `name(initial)position`: `渡辺（周）委員`, where the initial tells two 渡辺 apart;
//! - `name + honorific`: `佐藤正久君`, `JSSEC 仲上氏` (君, 議員, 氏, 様, さん are never part of
//!   the name);
//! - a bare position (`委員長`, `事務局`, `デジタル戦略推進部長`) or seat (`５番`): no name.
//!
//! Ministry styles also write labels without a mark: `齋藤構成員)` (alone or followed by text or
//! a `※チャット欄より抜粋` note), `木村…参事官(総括担当))`, a label missing its closing parenthesis,
//! `後藤座長：text`, `（後藤座長）text`.

mod line;
mod marked;

pub use line::{parse_label_line, LabelLine};
pub use marked::{marked_fallback, marked_label_line, MARKS};

use super::roles::{
    is_hiragana, is_kanji, is_katakana, is_name_char, office_cut, position_suffix,
    role_of_position, seat, starts_with_non_name, strip_post_tail, HONORIFICS,
};
use crate::model::Role;
use once_cell::sync::Lazy;

/// A recognised speaker label.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Label {
    /// The person's name as the label gives it (often the surname only), empty when the label
    /// names only a post (事務局, 委員長, 全構成員).
    pub speaker: String,
    /// The label as written, whitespace removed, without the marks that set it off.
    pub label: String,
    pub role: Role,
    /// The post the label names (`委員長`, `国務大臣`, `22番`), empty for `name + honorific`.
    pub position: String,
    /// The initial after a surname that tells two members apart (`渡辺（周）委員` → `周`).
    pub initial: String,
}

/// Reads a label's text (NFKC, may contain spaces) into a [`Label`], or `None` when it is not a
/// speaker label. `allow_bare` admits labels that are only a post (`事務局`, `座長`).
pub fn read_label(raw: &str, allow_bare: bool) -> Option<Label> {
    let raw = raw.trim();
    let compact = super::lines::without_spaces(raw);
    if compact.is_empty() || compact.chars().count() > 48 {
        return None;
    }
    if compact.contains(['。', '、', '「', '」', '『', '』', ',', ';', '…', '?', '!']) {
        return None;
    }
    // (伊藤よしのり議長): brackets around the whole label.
    if compact.starts_with('(') && matching_close(&compact, 0) == Some(compact.len() - 1) {
        let inner = &raw[raw.find('(')? + 1..raw.rfind(')')?];
        return read_label(inner, allow_bare);
    }
    if compact.starts_with(['(', '※', '・']) {
        return None;
    }
    let (head, qualifier) = split_qualifier(&compact);
    // 議長(高瀬博文), 委員長(小野田紀美君), 5番(神長基子)
    if let Some(q) = qualifier {
        if let (Some(name), Some(role)) = (bracket_name(q), role_of_position(head)) {
            if !starts_with_non_name(head) || seat(head).is_some() || head_is_post(head) {
                return Some(Label {
                    speaker: name.to_string(),
                    label: compact.to_string(),
                    role,
                    position: head.to_string(),
                    initial: String::new(),
                });
            }
        }
    }
    if seat(head).is_some() {
        return (qualifier.is_none() && allow_bare).then(|| Label {
            speaker: String::new(),
            label: compact.to_string(),
            role: Role::Member,
            position: head.to_string(),
            initial: String::new(),
        });
    }
    if compact.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    // 渡辺(周)委員
    if qualifier.is_none() {
        if let Some(l) = with_initial(&compact) {
            return Some(l);
        }
    }
    if head.contains(['(', ')']) {
        return None;
    }
    // 準備担当部長兼務: the post is read without the word that says how it is held.
    let core = strip_post_tail(head);
    let (before, suffix, role) = split_post(core)?;
    if starts_with_non_name(head) && !head_is_post(head) {
        return None;
    }
    let honorific = HONORIFICS.contains(&suffix);
    let mut speaker = person_name(raw, before, suffix);
    if honorific && speaker.is_empty() {
        return None;
    }
    if speaker.is_empty() && before.is_empty() && !allow_bare {
        return None;
    }
    if !before.is_empty() && speaker.is_empty() && before.chars().count() > 30 {
        // Something stands before the post but no name can be read from it: only a plausible
        // office name, not prose.
        return None;
    }
    // 委員会説明員, 事務局出席者: a list of the people of a body, not one person.
    if speaker.ends_with('会') {
        return None;
    }
    if matches!(role, Role::Collective) {
        speaker.clear();
    }
    // A former post (山口前議院運営委員長, 元大臣) is no longer held: the speaker sits as a member.
    let former = !speaker.is_empty()
        && before
            .strip_prefix(speaker.as_str())
            .is_some_and(|r| r.starts_with(['前', '元']));
    // A committee's 理事 (渡部理事) is a member; an office's (雜賀スポーツ振興局理事) an official.
    let role = if former || (suffix == "理事" && !speaker.is_empty() && speaker == before) {
        Role::Member
    } else {
        role
    };
    Some(Label {
        speaker,
        label: compact.to_string(),
        role,
        position: if honorific {
            String::new()
        } else {
            head[before.len()..].to_string()
        },
        initial: String::new(),
    })
}

/// A whole label that is a post (`議会運営委員長`, `出席説明員` is not: it lists people).
fn head_is_post(head: &str) -> bool {
    !head.starts_with("出席") && !head.starts_with("欠席") && position_suffix(head).is_some()
}

/// The role a label gives, for a label text without marks (`後藤座長代理` → vice_chair).
pub fn role_of(label: &str) -> Role {
    read_label(label, true).map_or(Role::Unknown, |l| l.role)
}

/// Splits a trailing parenthesised part off a label: `参事官(総括担当)` → (`参事官`, `総括担当`).
/// Nested parentheses inside it are kept.
fn split_qualifier(s: &str) -> (&str, Option<&str>) {
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
fn bracket_name(q: &str) -> Option<&str> {
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
        static ORGS: Lazy<Vec<&str>> = Lazy::new(|| ORG.split(' ').collect());
        if position_suffix(n).is_some() || ORGS.iter().any(|w| n.ends_with(w)) {
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
fn with_initial(s: &str) -> Option<Label> {
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
fn matching_close(s: &str, open: usize) -> Option<usize> {
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

/// Splits a `name + post` label (its post's qualifying tail already removed) into what stands
/// before the post, the post, and the post's role; `None` when it ends in no known post.
fn split_post(core: &str) -> Option<(&str, &str, Role)> {
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
fn person_name(raw: &str, before: &str, suffix: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_of_labels() {
        assert_eq!(role_of("後藤座長代理"), Role::ViceChair);
        assert_eq!(role_of("梶山経済産業大臣"), Role::Minister);
        assert_eq!(role_of("JSSEC仲上氏"), Role::Presenter);
        assert_eq!(role_of("寺岡オブザーバ"), Role::Observer);
        assert_eq!(role_of("全委員"), Role::Collective);
        assert_eq!(role_of("某"), Role::Unknown);
    }
}
