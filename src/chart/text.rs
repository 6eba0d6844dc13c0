//! Measuring, cutting (with `…`) and wrapping CJK text at natural points
//! (blanks, punctuation, before words such as `分科会`), and its extent when
//! written vertically (縦書き), without asking the font.

/// Replaces the cut end of a label.
pub(super) const ELLIPSIS: char = '…';

/// First `max` chars of `s`, the last replaced by `…` when cut.
pub(super) fn truncate_chars(s: &str, max: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push(ELLIPSIS);
    out
}

/// Width of `c` in units of a full-width char (half-width chars count ~0.55).
fn char_units(c: char) -> f64 {
    if c.is_ascii() || ('\u{FF61}'..='\u{FF9F}').contains(&c) {
        0.55
    } else {
        1.0
    }
}

/// Width of `s` in units of a full-width char.
pub(super) fn text_units(s: &str) -> f64 {
    s.chars().map(char_units).sum()
}

/// Longest prefix of `s` no wider than `max` units, ending in `…` when cut.
pub(super) fn truncate_units(s: &str, max: f64) -> String {
    let s = s.trim();
    if text_units(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = char_units(ELLIPSIS);
    for c in s.chars() {
        used += char_units(c);
        if used > max {
            break;
        }
        out.push(c);
    }
    let mut out = out.trim_end().to_string();
    out.push(ELLIPSIS);
    out
}

/// Script class of a char, for choosing line breaks.
fn char_class(c: char) -> u8 {
    match c {
        c if c.is_ascii_alphanumeric() => 0,
        '\u{3040}'..='\u{309F}' => 1,
        '\u{30A0}'..='\u{30FF}' | '\u{FF66}'..='\u{FF9F}' => 2,
        '々' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' => 3,
        _ => 4,
    }
}

/// Words that a committee name is best broken before.
const BREAK_BEFORE: &str =
    "タスクフォース ワーキンググループ 小委員会 分科会 委員会 研究会 審議会 検討会 \
    懇談会 協議会 部会 会議 第 セキュリティ における に関する について のための";

/// Cost of a line break before `chars[i]` (lower is a more natural break).
fn break_penalty(chars: &[char], i: usize) -> f64 {
    let (a, b) = (chars[i - 1], chars[i]);
    if a.is_whitespace() || b.is_whitespace() {
        0.0
    } else if b == 'ー' || SMALL_KANA.contains(b) {
        // A line never starts with a small kana or a long vowel mark.
        20.0
    } else if "・、，,／/）)」』".contains(a)
        || "（(「『".contains(b)
        || BREAK_BEFORE.split(' ').any(|w| {
            let w: Vec<char> = w.chars().collect();
            chars[i..].starts_with(&w)
        })
    {
        1.0
    } else if char_class(a) != char_class(b) {
        2.0
    } else if a == 'ー' {
        3.0
    } else {
        8.0
    }
}

/// `s` wrapped into lines of at most `max` units (full-width chars), breaking
/// preferably at blanks, punctuation, before words such as `分科会` and
/// between scripts, in as few lines as possible; beyond `max_lines` lines the
/// last one is cut with `…`.
pub(super) fn wrap_label(s: &str, max: f64, max_lines: usize) -> Vec<String> {
    wrap_label_with(s, max, max_lines, 100.0)
}

/// [`wrap_label`] that would rather take one more line than break inside a
/// word, when that still gives at most `max_lines` lines (for vertical
/// headers, where a line more costs little room).
pub(super) fn wrap_label_loose(s: &str, max: f64, max_lines: usize) -> Vec<String> {
    let loose = wrap_label_with(s, max, usize::MAX, 3.0);
    if loose.len() <= max_lines {
        loose
    } else {
        wrap_label(s, max, max_lines)
    }
}

/// [`wrap_label`] with `line_cost`: what one more line weighs against the
/// break penalties (1 to 8) and the slack of short lines.
fn wrap_label_with(s: &str, max: f64, max_lines: usize, line_cost: f64) -> Vec<String> {
    let chars: Vec<char> = s.trim().chars().collect();
    let n = chars.len();
    if n == 0 {
        return vec![String::new()];
    }
    // Names such as `審議会 分科会 小委員会`: whole parts per line when they fit.
    let parts: Vec<&str> = s.split_whitespace().collect();
    if parts.len() > 1 && parts.iter().all(|p| text_units(p) <= max) {
        let mut lines: Vec<String> = Vec::new();
        for part in parts {
            match lines.last_mut() {
                Some(line) if text_units(line) + char_units(' ') + text_units(part) <= max => {
                    line.push(' ');
                    line.push_str(part);
                }
                _ => lines.push(part.to_string()),
            }
        }
        if lines.len() <= max_lines {
            return lines;
        }
    }
    let line_of = |j: usize, i: usize| -> String {
        chars[j..i].iter().collect::<String>().trim().to_string()
    };
    // best[i]: cheapest wrapping of chars[..i], with the start of its last line.
    let mut best: Vec<Option<(f64, usize)>> = vec![None; n + 1];
    best[0] = Some((0.0, 0));
    for i in 1..=n {
        if i < n && (chars[i - 1].is_whitespace() && chars[i].is_whitespace()) {
            continue;
        }
        for j in 0..i {
            let Some((cost_j, _)) = best[j] else { continue };
            let line = line_of(j, i);
            let width = text_units(&line);
            if line.is_empty() || (width > max && i - j > 1) {
                continue;
            }
            let cost = cost_j
                + line_cost
                + if i < n {
                    break_penalty(&chars, i) + 0.05 * (max - width).max(0.0).powi(2)
                } else {
                    0.0
                };
            if best[i].is_none_or(|(c, _)| cost < c) {
                best[i] = Some((cost, j));
            }
        }
    }
    let mut starts = Vec::new();
    let mut i = n;
    while i > 0 {
        let (_, j) = best[i].expect("every prefix can be wrapped");
        starts.push(j);
        i = j;
    }
    starts.reverse();
    let mut lines: Vec<String> = starts
        .iter()
        .enumerate()
        .map(|(k, &j)| line_of(j, starts.get(k + 1).copied().unwrap_or(n)))
        .collect();
    let max_lines = max_lines.max(1);
    if lines.len() > max_lines {
        let rest = line_of(starts[max_lines - 1], n);
        lines.truncate(max_lines - 1);
        lines.push(truncate_units(&rest, max));
    }
    lines
}

/// Advance of `c` in vertical text, in em: Latin letters and digits stand
/// upright and take less height than a full-width char.
pub(super) fn vertical_advance(c: char) -> f64 {
    if c.is_whitespace() {
        0.4
    } else if c.is_ascii() || ('\u{FF61}'..='\u{FF9F}').contains(&c) {
        0.8
    } else {
        1.0
    }
}

/// Height in pixels of `line` written vertically at `font` px.
pub(super) fn vertical_extent(line: &str, font: f64) -> i32 {
    (line.chars().map(vertical_advance).sum::<f64>() * font * 1.05).ceil() as i32
}

/// Small kana, placed at the top right in vertical text.
pub(super) const SMALL_KANA: &str = "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ";

/// Chars drawn turned in vertical text, with their vertical presentation
/// forms (used when the font has them).
pub(super) fn vertical_forms() -> impl Iterator<Item = (char, char)> {
    let turned = "ー－—―-（）()「」『』【】〈〉、。，：…［］";
    turned
        .chars()
        .zip("︱︱︱︱︱︵︶︵︶﹁﹂﹃﹄︻︼︿﹀︑︒︐︓︙﹇﹈".chars())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_label_breaks_at_natural_points() {
        assert_eq!(
            wrap_label(
                "産業構造審議会 通商・貿易分科会 特殊貿易措置小委員会",
                14.0,
                3
            ),
            vec!["産業構造審議会", "通商・貿易分科会", "特殊貿易措置小委員会"]
        );
        assert_eq!(
            wrap_label("サイバーセキュリティタスクフォース", 14.0, 3),
            vec!["サイバーセキュリティ", "タスクフォース"]
        );
        assert_eq!(wrap_label("委員会", 14.0, 3), vec!["委員会"]);
        let cut = wrap_label(&"あ".repeat(50), 14.0, 3);
        assert_eq!(cut.len(), 3);
        assert!(cut[2].ends_with(ELLIPSIS));
        assert!(cut.iter().all(|l| text_units(l) <= 14.0));
    }

    #[test]
    fn vertical_wrapping_avoids_breaking_words() {
        assert_eq!(
            wrap_label_loose("ICT サイバーセキュリティ政策分科会第1分科会", 12.0, 4),
            vec!["ICT サイバー", "セキュリティ政策分科会", "第1分科会"]
        );
        assert_eq!(
            wrap_label_loose("サイバーセキュリティタスクフォース第7分科会", 12.0, 4),
            vec!["サイバーセキュリティ", "タスクフォース第7分科会"]
        );
        let long = "あ".repeat(60);
        let cut = wrap_label_loose(&long, 12.0, 4);
        assert_eq!(cut.len(), 4);
        assert!(cut[3].ends_with(ELLIPSIS));
        assert_eq!(vertical_extent("会議", 20.0), 42);
    }
}
