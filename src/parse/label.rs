//! Speaker labels: recognising them in the house styles minutes use, and reading the speaker's
//! name, position and role from them.
//!
//! Takes a line (NFKC and as written); gives the [`Label`] it starts with and the text after it
//! ([`parse_label_line`], [`marked_label_line`]). This file holds the types and the grammar of a
//! label's own text ([`read_label`]); beside it, `line` finds a label at the start of a line in
//! every house style, `marked` reads the mark-led labels of assembly proceedings, `brackets` the
//! parts of a label in brackets, and `name` where a name ends and its post begins.
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

mod brackets;
mod line;
mod marked;
mod name;

pub use line::{parse_label_line, LabelLine};
pub use marked::{marked_fallback, marked_label_line, MARKS};

use super::roles::{
    position_suffix, role_of_position, seat, starts_with_non_name, strip_post_tail, HONORIFICS,
};
use crate::model::Role;
use brackets::{bracket_name, matching_close, split_qualifier, with_initial};
use name::{person_name, split_post};

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
    let compact: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
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
                    label: compact.clone(),
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
            label: compact.clone(),
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
        label: compact.clone(),
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
