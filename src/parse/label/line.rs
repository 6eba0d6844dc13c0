//! Finding a speaker label at the start of a line, in every house style: a mark (`○後藤座長　text`,
//! read by `marked`), `【後藤座長】`, `（後藤座長）text`, and the labels ministry styles write
//! without a mark: `齋藤構成員)` (alone or followed by text or a `※チャット欄より抜粋` note),
//! `木村…参事官(総括担当))`, a label missing its closing parenthesis, `後藤座長：text`.
//!
//! Takes a line (NFKC and as written); gives the [`LabelLine`]: the label, the text after it as
//! written, and whether the remark was taken from the chat.

use super::marked::{find_marked, MARKS};
use super::{matching_close, read_label, split_qualifier, Label};
use crate::model::{Remark, Role};
use crate::parse::roles::position_suffix;

/// A line that starts with a speaker label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelLine {
    pub label: Label,
    /// Text after the label on the same line (original characters), trimmed.
    pub rest: String,
    /// The label line carried a note that the remark was taken from the chat.
    pub via_chat: bool,
    /// The label was set off by a leading mark (`○`, `◯`, `◆` …).
    pub marked: bool,
}

impl LabelLine {
    /// The remark this label opens, under `section`, with no text yet.
    pub fn open_remark(&self, section: &str) -> Remark {
        Remark {
            seq: 0,
            speaker: self.label.speaker.clone(),
            speaker_label: self.label.label.clone(),
            role: self.label.role,
            speaker_group: String::new(),
            section: section.to_string(),
            via_chat: self.via_chat,
            text: String::new(),
            norm: String::new(),
        }
    }
}

fn chat_note(s: &str) -> bool {
    s.contains("チャット")
}

/// Recognises a line that begins with a speaker label, in any of the supported styles.
/// `norm` is the NFKC-normalized, trimmed line; `orig` the trimmed original (used for `rest`,
/// which keeps the characters as written).
pub fn parse_label_line(norm: &str, orig: &str) -> Option<LabelLine> {
    let (label, rest_norm, marked) = find_label(norm)?;
    Some(finish(label, orig, norm, rest_norm, marked))
}

/// The [`LabelLine`] for a label found in `norm`, whose rest of the line is `rest_norm`.
pub(super) fn finish(
    label: Label,
    orig: &str,
    norm: &str,
    rest_norm: &str,
    marked: bool,
) -> LabelLine {
    let mut rest = rest_of(orig, norm, rest_norm);
    let mut via_chat = false;
    let trimmed = rest.trim_start();
    if let Some(note) = trimmed.strip_prefix('※') {
        if chat_note(note) {
            via_chat = true;
            rest = String::new();
        }
    }
    if !via_chat {
        let head: String = rest.chars().take(24).collect();
        if head.contains("チャット") && (head.starts_with('(') || head.starts_with('（')) {
            via_chat = true;
        }
    }
    LabelLine {
        label,
        rest: rest.trim().to_string(),
        via_chat,
        marked,
    }
}

/// The text after the label in the line as written: the label's end is known in the NFKC
/// line, so the original characters are walked, each normalized, until as many normalized bytes
/// have passed. If the two cannot be lined up, the normalized rest is used.
fn rest_of(orig: &str, norm: &str, rest_norm: &str) -> String {
    let label_bytes = norm.len() - rest_norm.len();
    let mut acc = 0usize;
    for (i, c) in orig.char_indices() {
        if acc == label_bytes {
            // Accept the line as written only when it normalizes to the rest that was found.
            let rest = &orig[i..];
            if crate::parse::nfkc(rest) == rest_norm {
                return rest.to_string();
            }
            break;
        }
        if acc > label_bytes {
            break;
        }
        acc += crate::text::nfkc_char_len(c);
    }
    if acc == label_bytes {
        return String::new();
    }
    rest_norm.to_string()
}

/// Finds a label at the start of `s` (NFKC): the label, the rest of the line, and whether a
/// mark set it off.
fn find_label(s: &str) -> Option<(Label, &str, bool)> {
    let first = s.chars().next()?;
    // ○後藤座長　text / ○後藤座長 (◆ marks headings in ministry minutes)
    if MARKS.contains(&first) && first != '◆' {
        return find_marked(s, first).map(|(l, r)| (l, r, true));
    }
    // 【後藤座長】text
    if first == '【' {
        let close = s.find('】')?;
        // Bare role words in brackets are attendee-group headings (【構成員】, 【オブザーバ】),
        // except the secretariat and collective ones (【事務局】, 【全構成員】).
        let label = read_label(&s[first.len_utf8()..close], true)?;
        let bare = label.speaker.is_empty() && label.label.chars().count() <= 6;
        if bare && !matches!(label.role, Role::Collective | Role::Official) {
            return None;
        }
        if label.role == Role::Official
            && bare
            && label.label != "事務局"
            && label.label != "事務局長"
        {
            return None;
        }
        return Some((label, &s[close + '】'.len_utf8()..], false));
    }
    // (後藤座長)text
    if first == '(' {
        let close = matching_close(s, 0)?;
        let label = read_label(&s[1..close], true)?;
        return Some((label, &s[close + 1..], false));
    }
    // 後藤座長) text / 木村…参事官(総括担当)) / 後藤座長：text
    let mut depth = 0i32;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            ')' => {
                let label = read_label(&s[..i], true)?;
                return Some((label, &s[i + 1..], false));
            }
            ':' if depth == 0 => {
                let label = read_label(&s[..i], true)?;
                return Some((label, &s[i + 1..], false));
            }
            '。' | '、' | '「' => break,
            _ => {}
        }
        if i > 160 {
            break;
        }
    }
    // A label missing its closing parenthesis, alone on its line: 赤坂…参事官(政策担当)
    if s.ends_with(')') && depth == 0 {
        let (head, q) = split_qualifier(s);
        if q.is_some() && position_suffix(head.trim()).is_some() {
            let label = read_label(s, false)?;
            return Some((label, "", false));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    fn line(s: &str) -> Option<LabelLine> {
        let norm: String = s.nfkc().collect();
        parse_label_line(norm.trim(), s.trim())
    }

    fn who(s: &str) -> (String, String, Role, String, bool) {
        let l = line(s).unwrap_or_else(|| panic!("no label in {s:?}"));
        let (label, rest, chat) = (l.label, l.rest, l.via_chat);
        (label.speaker, label.label, label.role, rest, chat)
    }

    #[test]
    fn paren_close_style() {
        assert_eq!(
            who("齋藤構成員)"),
            (
                "齋藤".into(),
                "齋藤構成員".into(),
                Role::Member,
                "".into(),
                false
            )
        );
        assert_eq!(who(" 名和構成員) ").0, "名和");
        let w = who("木村サイバーセキュリティ統括官室参事官(総括担当))");
        assert_eq!(w.0, "木村");
        assert_eq!(w.1, "木村サイバーセキュリティ統括官室参事官(総括担当)");
        assert_eq!(w.2, Role::Official);
        assert_eq!(who("徳田座長代理)").2, Role::ViceChair);
        assert_eq!(who("後藤主査)").2, Role::Chair);
        assert_eq!(who("佐藤企画官)").0, "佐藤");
        assert_eq!(who("竹内サイバーセキュリティ統括官)").0, "竹内");
        assert_eq!(
            who("相川サイバーセキュリティ統括官室参事官補佐)").2,
            Role::Official
        );
    }

    #[test]
    fn missing_closing_paren() {
        let w = who("赤坂サイバーセキュリティ統括官室参事官(政策担当)");
        assert_eq!(w.0, "赤坂");
        assert_eq!(w.1, "赤坂サイバーセキュリティ統括官室参事官(政策担当)");
        assert_eq!(w.2, Role::Official);
    }

    #[test]
    fn company_before_name() {
        let w = who("JSSEC 仲上氏)");
        assert_eq!(
            (w.0.as_str(), w.1.as_str(), w.2),
            ("仲上", "JSSEC仲上氏", Role::Presenter)
        );
        assert_eq!(who("トレンドマイクロ 加唐氏)").0, "加唐");
        assert_eq!(who("トレンドマイクロ飯田氏) ※チャット欄より抜粋").0, "飯田");
    }

    #[test]
    fn collective_and_chat() {
        let w = who("全構成員)");
        assert_eq!((w.0.as_str(), w.2), ("", Role::Collective));
        let w = who("新井構成員) ※チャット欄より抜粋");
        assert_eq!((w.0.as_str(), w.4, w.3.as_str()), ("新井", true, ""));
    }

    #[test]
    fn other_house_styles() {
        let w = who("【後藤座長】");
        assert_eq!(
            (w.0.as_str(), w.1.as_str(), w.2),
            ("後藤", "後藤座長", Role::Chair)
        );
        for s in ["○後藤座長　", "後藤座長：", "（後藤座長）"] {
            let w = who(&format!("{s}それでは議事に入ります。"));
            let got = (w.0.as_str(), w.3.as_str());
            assert_eq!(got, ("後藤", "それでは議事に入ります。"), "{s}");
        }
        let w = who("○高市総務大臣　ありがとうございます。");
        assert_eq!((w.0.as_str(), w.2), ("高市", Role::Minister));
        let w = who("○委員長（後藤茂之君）　これより会議を開きます。");
        assert_eq!((w.0.as_str(), w.2), ("後藤茂之", Role::Chair));
        let w = who("○政府参考人（竹内芳明君）　お答えします。");
        assert_eq!((w.0.as_str(), w.2), ("竹内芳明", Role::Official));
        assert_eq!(who("事務局）資料1について説明します。").2, Role::Official);
        assert_eq!(who("二宮国際戦略局審議官)").0, "二宮");
        assert_eq!(who("商務情報政策局 平井局長：挨拶します。").0, "平井");
    }

    #[test]
    fn bracketed_secretariat_and_anonymised_members() {
        let w = who("【事務局】");
        assert_eq!(
            (w.0.as_str(), w.1.as_str(), w.2),
            ("", "事務局", Role::Official)
        );
        let w = who("A委員）分かりやすい説明だった。");
        assert_eq!(
            (w.0.as_str(), w.2, w.3.as_str()),
            ("A", Role::Member, "分かりやすい説明だった。")
        );
        assert_eq!(who("【全構成員】").2, Role::Collective);
    }

    #[test]
    fn not_labels() {
        for s in [
            "(1) 今後の検討課題等について",
            "(3) 閉会",
            "3. 出席者)",
            "1. 日 時) 令和5年5月18日（木）",
            "(以下チャット欄より抜粋) ダメな状態を指摘するときは",
            "○ サプライチェーン全体の対策が必要である。",
            "・ 中小企業においては、対策が遅れている。",
            "注：資料は後日公開",
            "【構成員】",
            "【総務省】",
            "【オブザーバ】",
            "【座長】",
            "【参事官】",
            "日時：令和3年4月2日",
            "資料5-3の2ページ目(1) タイトルにある「必要不可欠」の文言について",
        ] {
            assert!(line(s).is_none(), "{s:?} read as a label: {:?}", line(s));
        }
    }
}
