//! Speaker labels: recognising them in the house styles minutes use, and reading the speaker's
//! name and role from them.
//!
//! Styles recognised (on NFKC-normalized text, so `（）：` equal `():`):
//! `齋藤構成員)` (alone or followed by text or a `※チャット欄より抜粋` note),
//! `木村…参事官(総括担当))`, a label missing its closing parenthesis (`赤坂…参事官(政策担当)` alone
//! on a line), `【後藤座長】`, `○後藤座長　text`, `後藤座長：text`, `（後藤座長）text`, and Diet style
//! `○委員長（後藤茂之君）　text`.

use crate::model::Role;

/// A recognised speaker label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// The person's name, empty when the label names only a role (事務局, 全構成員).
    pub speaker: String,
    /// The label as written, whitespace removed, without the marks that set it off.
    pub label: String,
    pub role: Role,
}

/// A line that starts with a speaker label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelLine {
    pub label: Label,
    /// Text after the label on the same line (original characters), trimmed.
    pub rest: String,
    /// The label line carried a note that the remark was taken from the chat.
    pub via_chat: bool,
}

/// Role words a label ends with, and the role each gives. Matched longest first.
const ROLE_SUFFIXES: &[(&str, Role)] = &[
    ("全構成員", Role::Collective),
    ("全委員", Role::Collective),
    ("各構成員", Role::Collective),
    ("各委員", Role::Collective),
    ("一同", Role::Collective),
    ("分科会長代理", Role::ViceChair),
    ("部会長代理", Role::ViceChair),
    ("委員長代理", Role::ViceChair),
    ("座長代理", Role::ViceChair),
    ("主査代理", Role::ViceChair),
    ("会長代理", Role::ViceChair),
    ("副委員長", Role::ViceChair),
    ("副座長", Role::ViceChair),
    ("副主査", Role::ViceChair),
    ("副会長", Role::ViceChair),
    ("副議長", Role::ViceChair),
    ("分科会長", Role::Chair),
    ("部会長", Role::Chair),
    ("委員長", Role::Chair),
    ("座長", Role::Chair),
    ("主査", Role::Chair),
    ("会長", Role::Chair),
    ("議長", Role::Chair),
    ("大臣政務官", Role::Minister),
    ("国務大臣", Role::Minister),
    ("副大臣", Role::Minister),
    ("政務官", Role::Minister),
    ("大臣", Role::Minister),
    ("政府参考人", Role::Official),
    ("事務局長", Role::Official),
    ("事務局", Role::Official),
    ("事務方", Role::Official),
    ("統括官", Role::Official),
    ("審議官", Role::Official),
    ("参事官", Role::Official),
    ("企画官", Role::Official),
    ("調査官", Role::Official),
    ("専門官", Role::Official),
    ("分析官", Role::Official),
    ("理事官", Role::Official),
    ("補佐", Role::Official),
    ("課長", Role::Official),
    ("室長", Role::Official),
    ("局長", Role::Official),
    ("部長", Role::Official),
    ("次長", Role::Official),
    ("官房長", Role::Official),
    ("センター長", Role::Official),
    ("参与", Role::Official),
    ("説明員", Role::Official),
    ("係長", Role::Official),
    ("オブザーバー", Role::Observer),
    ("オブザーバ", Role::Observer),
    ("参考人", Role::Presenter),
    ("発表者", Role::Presenter),
    ("説明者", Role::Presenter),
    ("講師", Role::Presenter),
    ("氏", Role::Presenter),
    ("様", Role::Presenter),
    ("さん", Role::Presenter),
    ("専門委員", Role::Member),
    ("臨時委員", Role::Member),
    ("構成員", Role::Member),
    ("委員", Role::Member),
    ("メンバー", Role::Member),
];

/// Suffixes after which the name is the *last* word before them (`JSSEC 仲上氏`, `トレンドマイクロ飯田氏`).
const PERSONAL_SUFFIXES: &[&str] = &["氏", "様", "さん", "君"];

/// Words that start the office part of a label after the surname (`二宮国際戦略局審議官`).
const OFFICE_WORDS: &[&str] = &[
    "大臣官房",
    "官房",
    "国際",
    "総務",
    "経済",
    "産業",
    "内閣",
    "商務",
    "情報",
    "電気",
    "通信",
    "政策",
    "戦略",
    "総合",
    "技術",
    "統括",
    "参事",
    "審議",
    "事務",
    "消費",
    "地域",
    "基盤",
    "総括",
    "企画",
    "調査",
    "研究",
    "防衛",
    "警察",
    "金融",
    "文部",
    "厚生",
    "国土",
    "農林",
    "外務",
    "法務",
    "財務",
    "環境",
    "復興",
    "サイバー",
    "デジタル",
    "セキュリティ",
];

fn ends_with_role(s: &str) -> Option<(&'static str, Role)> {
    ROLE_SUFFIXES
        .iter()
        .filter(|(suf, _)| s.ends_with(suf))
        .max_by_key(|(suf, _)| suf.len())
        .map(|&(suf, role)| (suf, role))
}

fn is_kanji(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '々' | '〆' | 'ヶ' | '\u{F900}'..='\u{FAFF}')
}

fn is_name_char(c: char) -> bool {
    is_kanji(c) || matches!(c, '\u{3041}'..='\u{309F}')
}

/// Splits a trailing parenthesised qualifier off a label: `参事官(総括担当)` → (`参事官`, `総括担当`).
/// Nested parentheses inside the qualifier are kept.
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

/// Reads a label's text (NFKC, may contain spaces) into a [`Label`], or `None` when it is not a
/// speaker label. `allow_bare` admits labels that are only a role word (`事務局`, `座長`).
pub fn read_label(raw: &str, allow_bare: bool) -> Option<Label> {
    let raw = raw.trim();
    let compact: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() || compact.chars().count() > 48 {
        return None;
    }
    if compact.contains(['。', '、', '「', '」', '『', '』', ',', ';', '…']) {
        return None;
    }
    if compact.starts_with(|c: char| c.is_ascii_digit() || c == '(' || c == '※' || c == '・') {
        return None;
    }
    let (head, qualifier) = split_qualifier(&compact);
    if head.contains(['(', ')']) {
        return None;
    }
    let (suffix, role) = ends_with_role(head)?;
    let before = &head[..head.len() - suffix.len()];
    // Diet style: 委員長(後藤茂之君), 政府参考人(竹内芳明君)
    let mut speaker = String::new();
    if let Some(q) = qualifier {
        if let Some(p) = PERSONAL_SUFFIXES.iter().find(|p| q.ends_with(**p)) {
            let n = &q[..q.len() - p.len()];
            if !n.is_empty() && n.chars().all(is_name_char) {
                speaker = n.to_string();
            }
        }
    }
    if speaker.is_empty() {
        speaker = person_name(raw, before, suffix);
    }
    if speaker.is_empty() && before.is_empty() && !allow_bare {
        return None;
    }
    if !before.is_empty() && speaker.is_empty() {
        // Something stands before the role word but no name can be read from it: only accept
        // it when it is a plausible organisation or name, not prose.
        if before.chars().count() > 30 {
            return None;
        }
    }
    if matches!(role, Role::Collective) {
        speaker.clear();
    }
    Some(Label {
        speaker,
        label: compact,
        role,
    })
}

/// The person's name inside a label: for `…氏` the word right before the suffix, otherwise the
/// leading run of kanji/hiragana up to the office words.
fn person_name(raw: &str, before: &str, suffix: &str) -> String {
    if before.is_empty() {
        return String::new();
    }
    // The last whitespace-separated word holds the person (`JSSEC 仲上氏`, `商務情報政策局 平井局長`).
    let last_word = raw
        .split_whitespace()
        .next_back()
        .map(|w| w.strip_suffix(suffix).unwrap_or(w))
        .filter(|w| !w.is_empty() && before.ends_with(*w))
        .unwrap_or(before);
    let last_word = split_qualifier(last_word).0;
    if PERSONAL_SUFFIXES.contains(&suffix) {
        let chars: Vec<char> = last_word.chars().collect();
        let start = chars
            .iter()
            .rposition(|c| !is_name_char(*c))
            .map_or(0, |i| i + 1);
        return chars[start..].iter().collect();
    }
    let run: String = last_word.chars().take_while(|c| is_name_char(*c)).collect();
    if run.is_empty() {
        // Anonymised minutes: A委員, B構成員.
        if last_word.chars().count() <= 2 && last_word.chars().all(|c| c.is_ascii_alphanumeric()) {
            return last_word.to_string();
        }
        return String::new();
    }
    let cut = OFFICE_WORDS
        .iter()
        .filter_map(|w| run.find(w))
        .filter(|&i| i > 0)
        .min();
    match cut {
        Some(i) => run[..i].to_string(),
        None => run,
    }
}

/// Marks that set off a label at the start of a line, Diet style.
const CIRCLES: &[char] = &['○', '◯', '〇', '●', '◎'];

fn chat_note(s: &str) -> bool {
    s.contains("チャット")
}

/// Recognises a line that begins with a speaker label, in any of the supported styles.
/// `norm` is the NFKC-normalized, trimmed line; `orig` the trimmed original (used for `rest`,
/// which keeps the characters as written). The two must have the same character boundaries
/// after the label, which holds because the label's end is located in `norm` and mapped back by
/// character count only when NFKC kept the length; otherwise `rest` is taken from `norm`.
pub fn parse_label_line(norm: &str, orig: &str) -> Option<LabelLine> {
    let (label, label_chars, rest_norm) = find_label(norm)?;
    let mut rest = rest_of(orig, norm, label_chars, rest_norm);
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
    Some(LabelLine {
        label,
        rest: rest.trim().to_string(),
        via_chat,
    })
}

/// The text after the label in the line as written: the label's end is known in the NFKC
/// line, so the original characters are walked, each normalized, until as many normalized bytes
/// have passed. If the two cannot be lined up, the normalized rest is used.
fn rest_of(orig: &str, norm: &str, _label_chars: usize, rest_norm: &str) -> String {
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
        let mut buf = [0u8; 4];
        acc += crate::parse::nfkc(c.encode_utf8(&mut buf)).len();
    }
    if acc == label_bytes {
        return String::new();
    }
    rest_norm.to_string()
}

/// Finds a label at the start of `s` (NFKC): the label, how many chars of `s` it spans
/// (including its marks and any separator), and the rest of the line.
fn find_label(s: &str) -> Option<(Label, usize, &str)> {
    let first = s.chars().next()?;
    // ○後藤座長　text / ○後藤座長
    if CIRCLES.contains(&first) {
        let after = &s[first.len_utf8()..];
        let after_trim = after.trim_start();
        let skipped = after.len() - after_trim.len();
        let end = after_trim
            .find(|c: char| c.is_whitespace())
            .unwrap_or(after_trim.len());
        let cand = &after_trim[..end];
        let label = read_label(cand, true)?;
        let consumed = first.len_utf8() + skipped + end;
        return Some((label, s[..consumed].chars().count(), &s[consumed..]));
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
        let consumed = close + '】'.len_utf8();
        return Some((label, s[..consumed].chars().count(), &s[consumed..]));
    }
    // (後藤座長)text
    if first == '(' {
        let close = matching_close(s, 0)?;
        let label = read_label(&s[1..close], true)?;
        let consumed = close + 1;
        return Some((label, s[..consumed].chars().count(), &s[consumed..]));
    }
    // 後藤座長) text / 木村…参事官(総括担当)) / 後藤座長：text
    let mut depth = 0i32;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            ')' => {
                let label = read_label(&s[..i], true)?;
                let consumed = i + 1;
                return Some((label, s[..consumed].chars().count(), &s[consumed..]));
            }
            ':' if depth == 0 => {
                let label = read_label(&s[..i], true)?;
                let consumed = i + 1;
                return Some((label, s[..consumed].chars().count(), &s[consumed..]));
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
        if q.is_some() && ends_with_role(head.trim()).is_some() {
            let label = read_label(s, false)?;
            return Some((label, s.chars().count(), ""));
        }
    }
    None
}

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

/// The role a label gives, for a label text without marks (`後藤座長代理` → vice_chair).
pub fn role_of(label: &str) -> Role {
    let compact: String = label.chars().filter(|c| !c.is_whitespace()).collect();
    let (head, _) = split_qualifier(&compact);
    ends_with_role(head).map_or(Role::Unknown, |(_, r)| r)
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
        (
            l.label.speaker,
            l.label.label,
            l.label.role,
            l.rest,
            l.via_chat,
        )
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
        let w = who("○後藤座長　それでは議事に入ります。");
        assert_eq!(
            (w.0.as_str(), w.3.as_str()),
            ("後藤", "それでは議事に入ります。")
        );
        let w = who("後藤座長：それでは議事に入ります。");
        assert_eq!(
            (w.0.as_str(), w.3.as_str()),
            ("後藤", "それでは議事に入ります。")
        );
        let w = who("（後藤座長）それでは議事に入ります。");
        assert_eq!(
            (w.0.as_str(), w.3.as_str()),
            ("後藤", "それでは議事に入ります。")
        );
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
