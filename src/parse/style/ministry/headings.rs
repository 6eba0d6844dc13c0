//! Headings in the body of ministry minutes: the ones that open the members' opinions, whether
//! such a heading names a topic, and the section name a heading gives.
//!
//! Takes a heading line (NFKC or as written); gives what it opens and the section name.

use super::bullets::strip_dash;

/// A heading that opens the members' opinions (構成員の意見・コメント, 主な意見, その他の御意見).
pub(super) fn is_opinion_heading(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    t.chars().count() <= 30
        && ["意見", "コメント", "質疑", "討議", "意見交換", "議論"]
            .iter()
            .any(|w| t.contains(w))
        && !t.contains('「')
}

/// An opinion heading with nothing but generic words (構成員の意見・コメント): it opens the
/// opinions but names no topic, so the section stays the agenda item before it. One that names
/// something (その他の御意見) is a topic of its own.
pub(super) fn is_generic_heading(text: &str) -> bool {
    let mut t: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !"・、。:：()（）◆■□◇-".contains(*c))
        .collect();
    for w in "\
        意見交換 質疑応答 自由討議 構成員 委員 関係者 出席者 参加者 各 主な 意見 コメント 質疑 \
        討議 議論 御 ご 等 の は 以下 とおり 及び と から"
        .split(' ')
    {
        t = t.replace(w, "");
    }
    t.is_empty()
}

/// The section name to record for a heading line: markers removed, cut at the first `、` that
/// is outside brackets (agenda lines go on to say who presented what).
pub(super) fn section_name(norm: &str) -> String {
    let s = strip_dash(norm);
    let s = s.trim_start_matches(['◆', '■', '□', '◇', '▼', '▽', '▶', '►', ' ', '\u{3000}']);
    let mut depth = 0i32;
    let mut end = s.len();
    for (i, c) in s.char_indices() {
        match c {
            '「' | '(' | '『' | '[' | '（' | '【' | '［' => depth += 1,
            '」' | ')' | '』' | ']' | '）' | '】' | '］' => depth -= 1,
            '、' | '。' if depth <= 0 => {
                end = i;
                break;
            }
            _ => {}
        }
    }
    s[..end].trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generic_and_topic_headings() {
        assert!(is_generic_heading("構成員の意見・コメント"));
        assert!(is_generic_heading("各委員の主な意見は以下のとおり。"));
        assert!(is_generic_heading("関係者の意見・コメント"));
        assert!(!is_generic_heading("その他の御意見"));
        assert!(!is_generic_heading("中小企業のサイバーセキュリティ"));
    }
}
