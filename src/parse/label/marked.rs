//! Mark-led labels, as assembly proceedings write them: `○佐藤正久君　text`, `◯議長（高瀬博文）`,
//! `○（植竹　貴副区長）`, `○塩田　委員長　　text`, `◯議会運営委員長（神長基子）〔登壇〕`, and a
//! label of a post no table knows when speech follows it on its line.
//!
//! Takes a line (NFKC and as written) that starts with one of the [`MARKS`]; gives the
//! [`LabelLine`] or, for [`find_marked`], the label and the rest of the line.

use super::line::{finish, LabelLine};
use super::{read_label, Label};
use crate::model::Role;
use crate::parse::roles::{is_name_char, position_suffix, starts_with_non_name};

/// Marks that set off a label at the start of a line.
pub const MARKS: &[char] = &['○', '◯', '〇', '●', '◎', '◆'];

/// Like [`parse_label_line`](super::parse_label_line), but only labels set off by a leading
/// mark (`○`, `◯`, `◆` …), as the proceedings of assemblies write them.
pub fn marked_label_line(norm: &str, orig: &str) -> Option<LabelLine> {
    let first = norm.chars().next()?;
    if !MARKS.contains(&first) {
        return None;
    }
    let (label, rest_norm) = find_marked(norm, first)?;
    Some(finish(label, orig, norm, rest_norm, true))
}

/// A mark-led label: the mark, then the label up to whitespace (brackets may hold spaces:
/// `○（植竹　貴副区長）`; `○塩田　委員長` joins a surname and a post split by one space), then
/// an optional stage direction (`〔登壇〕`) or `:`. Gives the label and the rest of the line.
pub(super) fn find_marked(s: &str, mark: char) -> Option<(Label, &str)> {
    let after = &s[mark.len_utf8()..];
    let body = after.trim_start();
    let start = s.len() - body.len();
    let mut end = token_end(body);
    let mut label = read_marked(body[..end].trim_end_matches([':', '：']));
    if label.is_none() {
        // 塩田 委員長: a name and a post one space apart, the text two spaces on.
        let rest = &body[end..];
        let gap = rest.len() - rest.trim_start().len();
        if gap == 1 {
            let next = &rest[gap..];
            let e2 = token_end(next);
            let post = next[..e2].trim_end_matches([':', '：']);
            if position_suffix(post).is_some_and(|(suf, _)| suf.len() == post.len()) {
                let joined = &body[..end + gap + e2];
                if let Some(l) = read_marked(joined) {
                    label = Some(l);
                    end += gap + e2;
                }
            }
        }
    }
    let label = label?;
    let mut rest = &s[start + end..];
    // A stage direction right after the label (`◯議会運営委員長（神長基子）〔登壇〕`) is not text.
    let t = rest.trim_start();
    if t.starts_with('〔') {
        if let Some(c) = t.find('〕') {
            rest = &t[c + '〕'.len_utf8()..];
        }
    }
    Some((label, rest))
}

/// A mark-led line whose first word is no known label but which speech follows on the same
/// line (`○倉田国立国会図書館長　よろしくお願いいたします。`): a label of an unknown post.
pub fn marked_fallback(norm: &str, orig: &str) -> Option<LabelLine> {
    let first = norm.chars().next()?;
    if !MARKS.contains(&first) {
        return None;
    }
    let body = norm[first.len_utf8()..].trim_start();
    let end = token_end(body);
    let (token, rest) = (&body[..end], body[end..].trim_start());
    let n = token.chars().count();
    let plain = token
        .chars()
        .all(|c| is_name_char(c) || c.is_ascii_alphanumeric() || c == '・');
    if !(2..=24).contains(&n) || !plain || token.contains('の') || rest.is_empty() {
        return None;
    }
    if !rest.contains(['。', '?', '？']) || starts_with_non_name(token) {
        return None;
    }
    let label = Label {
        speaker: String::new(),
        label: token.to_string(),
        role: Role::Unknown,
        position: token.to_string(),
        initial: String::new(),
    };
    let rest_norm = &norm[norm.len() - body.len() + end..];
    Some(finish(label, orig, norm, rest_norm, true))
}

fn read_marked(cand: &str) -> Option<Label> {
    let cand = strip_stage(cand);
    read_label(cand, true)
}

/// `X〔登壇〕` → `X`.
fn strip_stage(s: &str) -> &str {
    match s.find('〔') {
        Some(i) if i > 0 && s.ends_with('〕') => &s[..i],
        _ => s,
    }
}

/// The end of the label token at the start of `s`: the first whitespace outside brackets.
fn token_end(s: &str) -> usize {
    let mut depth = 0i32;
    for (i, c) in s.char_indices() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth -= 1,
            c if c.is_whitespace() && depth <= 0 => return i,
            '。' | '、' => return i,
            _ => {}
        }
    }
    s.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    fn marked(s: &str) -> Option<(String, String, Role, String, String)> {
        let norm: String = s.nfkc().collect();
        let l = marked_label_line(norm.trim(), s.trim())?;
        let (label, rest) = (l.label, l.rest);
        Some((label.speaker, label.label, label.role, label.initial, rest))
    }

    #[test]
    fn assembly_labels() {
        let w = |s: &str| marked(s).unwrap_or_else(|| panic!("no label in {s:?}"));
        assert_eq!(
            w("○佐藤正久君　自民党の佐藤正久です。"),
            (
                "佐藤正久".into(),
                "佐藤正久君".into(),
                Role::Member,
                "".into(),
                "自民党の佐藤正久です。".into()
            )
        );
        assert_eq!(w("○中川（宏）委員　質問します。").3, "宏");
        assert_eq!(w("○中川（宏）委員　質問します。").0, "中川");
        let l = w("◯議長（高瀬博文）");
        assert_eq!(
            (l.0.as_str(), l.1.as_str(), l.2),
            ("高瀬博文", "議長(高瀬博文)", Role::Chair)
        );
        assert_eq!(
            w("○（伊藤よしのり議長）　開会します。").1,
            "伊藤よしのり議長"
        );
        assert_eq!(w("○（植竹　貴副区長）　お答えします。").0, "植竹貴");
        assert_eq!(w("○（植竹　貴副区長）　お答えします。").2, Role::Official);
        assert_eq!(w("○５番（神長基子）").0, "神長基子");
        // The bracket after a named person is an affiliation.
        assert_eq!(w("○山田会長（東京大学）　開会します。").0, "山田");
        assert_eq!(w("○鈴木委員（全国ハイヤー連合会）　質問します。").0, "鈴木");
        // 本部長 and 部会長 do not eat a surname ending in 本 or 部.
        assert_eq!(w("○山本部長　お答えします。").0, "山本");
        assert_eq!(w("○阿部会長　開会します。").0, "阿部");
        assert_eq!(w("○岡部会長代理　開会します。").2, Role::ViceChair);
        assert_eq!(w("○岡部会長代理　開会します。").0, "岡部");
        assert_eq!(w("○林部長　お答えします。").0, "林");
        assert_eq!(w("○森副大臣　お答えします。").0, "森");
        assert_eq!(w("○前委員長　御挨拶します。").0, "");
        // A post held concurrently (兼務) or in an acting capacity stays whole.
        let l = w("○土屋オリンピック・パラリンピック準備局ラグビーワールドカップ準備担当部長国際大会準備担当部長兼務　お答えします。");
        assert_eq!((l.0.as_str(), l.2), ("土屋", Role::Official));
        assert_eq!(l.4, "お答えします。");
        assert_eq!(w("○山本総務部長事務取扱　お答えします。").0, "山本");
        assert_eq!(
            w("○２２番（筒井たかひさ議員）　動議です。").0,
            "筒井たかひさ"
        );
        assert_eq!(w("○２２番（筒井たかひさ議員）　動議です。").2, Role::Member);
        assert_eq!(w("◎副市長（大久保智子君）　答えます。").2, Role::Official);
        assert_eq!(w("◎副市長（大久保智子君）　答えます。").0, "大久保智子");
        let l = w("○塩田　委員長　　ただいまから開会します。");
        assert_eq!((l.0.as_str(), l.1.as_str()), ("塩田", "塩田委員長"));
        assert_eq!(l.4, "ただいまから開会します。");
        let l = w("◯議会運営委員長（神長基子）〔登壇〕");
        assert_eq!((l.0.as_str(), l.4.as_str()), ("神長基子", ""));
        assert_eq!(
            w("○荒井スポーツ振興局施設担当部長　お答えします。").0,
            "荒井"
        );
        assert_eq!(w("○北村病院経営本部経営企画部長　お答えします。").0, "北村");
        assert_eq!(w("○山田小委員長　開会します。").0, "山田");
        assert_eq!(w("○山田小委員長　開会します。").2, Role::Chair);
        assert_eq!(w("○山口前議院運営委員長　御挨拶します。").0, "山口");
        assert_eq!(w("○山口前議院運営委員長　御挨拶します。").2, Role::Member);
        assert_eq!(w("○秋元委員長　開会します。").2, Role::Chair);
        assert_eq!(w("○市岡区議会事務局長　報告します。").0, "市岡");
        assert_eq!(w("○渡部理事　質問します。").2, Role::Member);
        assert_eq!(
            w("○雜賀スポーツ振興局理事　お答えします。").2,
            Role::Official
        );
        for s in [
            "◯デジタル戦略推進部長　説明します。",
            "◯ＢＰＲ推進課長　説明します。",
            "◯委員長　開会します。",
        ] {
            assert_eq!(w(s).0, "", "{s}");
        }
        assert_eq!(w("◯デジタル戦略推進部長　説明します。").2, Role::Official);
    }

    #[test]
    fn assembly_lines_that_are_not_labels() {
        for s in [
            "○政府参考人の出席要求に関する件",
            "○外交、防衛等に関する調査",
            "〇出席議員（２６人）",
            "〇欠席議員（１人）",
            "○本日の会議に付した案件",
            "〇議事日程",
            "○出席委員（十七名）",
        ] {
            assert!(
                marked(s).is_none(),
                "{s:?} read as a label: {:?}",
                marked(s)
            );
        }
    }

    #[test]
    fn unknown_posts_followed_by_speech() {
        let norm: String = "○山田図書館司書　よろしくお願いいたします。"
            .nfkc()
            .collect();
        let l = marked_fallback(&norm, "○山田図書館司書　よろしくお願いいたします。").unwrap();
        assert_eq!(
            (l.label.label.as_str(), l.label.role, l.rest.as_str()),
            (
                "山田図書館司書",
                Role::Unknown,
                "よろしくお願いいたします。"
            )
        );
        for s in [
            "○本日の会議に付した案件",
            "○議事日程　第一号",
            "○政府参考人の出席要求に関する件",
        ] {
            let n: String = s.nfkc().collect();
            assert!(marked_fallback(&n, s).is_none(), "{s}");
        }
    }
}
