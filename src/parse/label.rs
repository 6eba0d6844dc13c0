//! Speaker labels: recognising them in the house styles minutes use, and reading the speaker's
//! name, position and role from them.
//!
//! Takes a line (NFKC and as written); gives the [`Label`] it starts with and the text after it.
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

use super::roles::{
    is_kanji, is_name_char, office_cut, position_suffix, role_of_position, seat,
    starts_with_non_name, strip_post_tail, HONORIFICS,
};
use crate::model::{Remark, Role};

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
            section: section.to_string(),
            via_chat: self.via_chat,
            text: String::new(),
            norm: String::new(),
        }
    }
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
        const ORG: &[&str] = &[
            "担当",
            "代理",
            "関係",
            "省",
            "庁",
            "センター",
            "機構",
            "協会",
            "法人",
            "株式会社",
            "等",
            // 山田会長(東京大学), 鈴木委員(全国ハイヤー連合会): an affiliation, not a name.
            "大学",
            "大学院",
            "教授",
            "研究所",
            "研究員",
            "会",
            "組合",
            "銀行",
            "会社",
            "弁護士",
            "社長",
            "代表",
            "顧問",
            "新聞",
            "放送",
            "病院",
            "学校",
        ];
        if position_suffix(n).is_some() || ORG.iter().any(|w| n.ends_with(w)) {
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
        if chars
            .get(start)
            .is_some_and(|c| super::roles::is_katakana(*c))
        {
            if let Some(k) = chars[start..]
                .iter()
                .position(|c| !super::roles::is_katakana(*c))
            {
                start += k;
            }
        }
        return chars[start..].iter().collect();
    }
    let run: String = last_word
        .chars()
        .take_while(|c| is_kanji(*c) || super::roles::is_hiragana(*c))
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
        && s.chars()
            .all(|c| is_kanji(c) || super::roles::is_hiragana(c))
        && !starts_with_non_name(s)
}

/// Marks that set off a label at the start of a line.
pub const MARKS: &[char] = &['○', '◯', '〇', '●', '◎', '◆'];

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

/// Like [`parse_label_line`], but only labels set off by a leading mark (`○`, `◯`, `◆` …), as
/// the proceedings of assemblies write them.
pub fn marked_label_line(norm: &str, orig: &str) -> Option<LabelLine> {
    let first = norm.chars().next()?;
    if !MARKS.contains(&first) {
        return None;
    }
    let (label, rest_norm) = find_marked(norm, first)?;
    Some(finish(label, orig, norm, rest_norm, true))
}

fn finish(label: Label, orig: &str, norm: &str, rest_norm: &str, marked: bool) -> LabelLine {
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
        let mut buf = [0u8; 4];
        acc += crate::parse::nfkc(c.encode_utf8(&mut buf)).len();
    }
    if acc == label_bytes {
        return String::new();
    }
    rest_norm.to_string()
}

/// A mark-led label: the mark, then the label up to whitespace (brackets may hold spaces:
/// `○（植竹　貴副区長）`; `○塩田　委員長` joins a surname and a post split by one space), then
/// an optional stage direction (`〔登壇〕`) or `:`. Gives the label and the rest of the line.
fn find_marked(s: &str, mark: char) -> Option<(Label, &str)> {
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
    read_label(label, true).map_or(Role::Unknown, |l| l.role)
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

    fn marked(s: &str) -> Option<(String, String, Role, String, String)> {
        let norm: String = s.nfkc().collect();
        marked_label_line(norm.trim(), s.trim()).map(|l| {
            (
                l.label.speaker,
                l.label.label,
                l.label.role,
                l.label.initial,
                l.rest,
            )
        })
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
