//! Cleaning raw `pdftotext` output into the text the minutes parser reads.
//!
//! Takes raw output (pages separated by form feeds); gives plain text ([`clean`]) with the page
//! furniture, common indent, letter spacing and digit–unit splits of the layout removed. Spaces
//! it cannot judge with certainty are kept.

use once_cell::sync::Lazy;
use regex::Regex;

use super::furniture::{starts_with_mark, strip_furniture};

/// Cleans raw `pdftotext` output (pages separated by form feeds) for the minutes parser.
///
/// - drops page furniture at the top and bottom of each page: lone page numbers (`2`, `- 3 -`,
///   `3/56`) and lines that recur on two pages in five or more once digit runs are masked
///   (running headers and footers such as a print date or a URL with `3/56`);
/// - removes each page's common left indent of ASCII spaces;
/// - joins letter-spaced runs (`大 阪 府 の よ う に`) where nearly every token is one kana or
///   kanji;
/// - closes a digit–unit split inside text (`昨年12 月` → `昨年12月`);
/// - puts speaker-mark lines (`○`, `〇`, `◆`, `◎` …) at the start of their line;
/// - joins the pages with no blank line between them (remarks run across page breaks) and
///   collapses runs of blank lines to one.
pub fn clean(raw: &str) -> String {
    let raw = raw.replace("\r\n", "\n").replace('\r', "\n");
    let mut pages: Vec<Vec<&str>> = raw
        .split('\x0c')
        .map(|p| p.split('\n').map(str::trim_end).collect())
        .collect();
    if pages.len() > 1 && pages.last().is_some_and(|p| p.iter().all(|l| l.is_empty())) {
        pages.pop();
    }
    strip_furniture(&mut pages);

    let mut out = String::with_capacity(raw.len());
    for page in &pages {
        let indent = page
            .iter()
            .filter(|l| !l.is_empty())
            .map(|l| l.len() - l.trim_start_matches(' ').len())
            .min()
            .unwrap_or(0);
        let first = page.iter().position(|l| !l.is_empty());
        let last = page.iter().rposition(|l| !l.is_empty());
        let (Some(first), Some(last)) = (first, last) else {
            continue;
        };
        // Blank lines at a page's edges are layout; between pages nothing is inserted.
        let mut blank_pending = false;
        for line in &page[first..=last] {
            if line.is_empty() {
                blank_pending = true;
                continue;
            }
            if blank_pending {
                out.push('\n');
                blank_pending = false;
            }
            out.push_str(&fix_line(&line[indent..]));
            out.push('\n');
        }
    }
    out
}

/// Repairs one dedented line: a speaker mark moved to the start, letter-spaced runs joined,
/// digit–unit splits closed.
fn fix_line(line: &str) -> String {
    let line = if starts_with_mark(line) {
        line.trim_start_matches(' ')
    } else {
        line
    };
    let body = line.trim_start_matches(' ');
    let lead = &line[..line.len() - body.len()];
    // Runs of two or more spaces separate columns or a label from its text: each piece is
    // judged on its own.
    static GAP: Lazy<Regex> = Lazy::new(|| Regex::new(r" {2,}").unwrap());
    let mut out = String::with_capacity(line.len());
    out.push_str(lead);
    let mut at = 0;
    for gap in GAP.find_iter(body) {
        out.push_str(&join_letter_spaced(&body[at..gap.start()]));
        out.push_str(gap.as_str());
        at = gap.end();
    }
    out.push_str(&join_letter_spaced(&body[at..]));
    join_digit_units(&out)
}

/// Kana and kanji (with the iteration and prolonged-sound marks).
fn is_kana_kanji(c: char) -> bool {
    matches!(c,
        '\u{3041}'..='\u{309f}' | '\u{30a0}'..='\u{30ff}' | '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '々' | '〆')
}

/// ASCII or full-width digit.
fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// Japanese punctuation and brackets that stick to the character beside them.
fn is_cjk_punct(c: char) -> bool {
    "、。，．・：；！？「」『』（）【】〔〕〈〉《》“”".contains(c)
}

/// `大 阪 府 の よ う に` → `大阪府のように`: a run of at least four single-space-separated
/// tokens, nine in ten of them (and at least four) one kana, kanji or digit with at most its
/// punctuation, the rest short runs of the same characters (`の16ペ`). Anything else
/// (`東 珠実`, `地域 にお ける`, `１ ２ ３ ４`) is kept.
fn join_letter_spaced(piece: &str) -> std::borrow::Cow<'_, str> {
    let tokens: Vec<&str> = piece.split(' ').collect();
    if tokens.len() < 4 {
        return piece.into();
    }
    let mut single = 0;
    let mut kana_kanji = 0;
    for t in &tokens {
        let core: Vec<char> = t.chars().filter(|c| !is_cjk_punct(*c)).collect();
        if core.is_empty()
            || core.len() > 4
            || !core.iter().all(|c| is_kana_kanji(*c) || is_digit(*c))
        {
            return piece.into();
        }
        if core.len() == 1 {
            single += 1;
            kana_kanji += usize::from(is_kana_kanji(core[0]));
        }
    }
    if single * 10 >= tokens.len() * 9 && kana_kanji >= 4 && kana_kanji * 5 >= tokens.len() * 4 {
        tokens.concat().into()
    } else {
        piece.into()
    }
}

/// `昨年12 月` → `昨年12月`: digits that follow text (not a line start or a space, where they
/// number an item: `１ 日時`), one space, then a counter or unit.
fn join_digit_units(line: &str) -> String {
    const UNITS: &str = "年月日時分秒回号名人円件歳倍個％%";
    // Words that start with a unit character (`1 日本`) are not a split.
    const WORDS: [&str; 3] = ["日本", "円滑", "名古屋"];
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' && i > 0 && i + 1 < chars.len() && UNITS.contains(chars[i + 1]) {
            let digits = chars[..i]
                .iter()
                .rev()
                .take_while(|d| is_digit(**d))
                .count();
            let before = i.checked_sub(digits + 1).map(|j| chars[j]);
            let after: String = chars[i + 1..].iter().take(3).collect();
            if digits > 0
                && before.is_some_and(|b| !b.is_whitespace())
                && !WORDS.iter().any(|w| after.starts_with(w))
            {
                continue;
            }
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_indent_is_removed_and_paragraph_indent_kept() {
        let raw =
            "           ○委員長（平山たかお）\n            ただ今から開会します。\n           \
                   次に、一般質問を行います。\n";
        assert_eq!(
            clean(raw),
            "○委員長（平山たかお）\n ただ今から開会します。\n次に、一般質問を行います。\n"
        );
    }

    #[test]
    fn an_indented_label_moves_to_the_line_start() {
        let raw = "前の発言です。\n ○東会長    ありがとうございました。\n";
        assert_eq!(
            clean(raw),
            "前の発言です。\n○東会長    ありがとうございました。\n"
        );
    }

    #[test]
    fn letter_spaced_line_is_joined() {
        let raw = "大 阪 府 の よ う に 地 域 に あ る 団 体 が、\n";
        assert_eq!(clean(raw), "大阪府のように地域にある団体が、\n");
        // A few multi-character tokens inside a long spaced run.
        assert_eq!(
            fix_line(
                "ら に そ れ は や り っ ぱ な し で は あ り ま せ ん よ と 裏 面 の16ペ ー ジに"
            ),
            "らにそれはやりっぱなしではありませんよと裏面の16ページに"
        );
        // After a label and a column gap, only the spaced run is joined.
        assert_eq!(
            fix_line("○東会長    令 和 元 年 ７ 月 の 会 議"),
            "○東会長    令和元年７月の会議"
        );
    }

    #[test]
    fn uncertain_spaces_are_kept() {
        for line in [
            "委員：青木 秀子、東 珠実、色川 卓男",
            "地域 にお ける消費者 教育の",
            "１ ２ ３ ４",
            "議 事",
            "Ａ Ｂ Ｃ Ｄ",
            "大 阪 府 の 地域に",
            "東 西 南 北 2024",
        ] {
            assert_eq!(fix_line(line), line);
        }
    }

    #[test]
    fn digit_unit_splits_are_closed() {
        assert_eq!(
            fix_line("昨年12 月に策定した総合戦略"),
            "昨年12月に策定した総合戦略"
        );
        assert_eq!(fix_line("約４,800 人、第３ 回"), "約４,800人、第３回");
        assert_eq!(fix_line("令和５年６ 月６ 日"), "令和５年６月６日");
    }

    #[test]
    fn numbered_items_and_words_are_not_digit_unit_splits() {
        for line in [
            "１ 日時 令和元年",
            "２ 名簿",
            "資料1 日本の現状",
            "令和 ６年 ５月",
        ] {
            assert_eq!(fix_line(line), line);
        }
    }

    #[test]
    fn blank_runs_collapse_and_pages_join_without_gap() {
        let raw =
            "１ 開催日時\n\n\n\n令和５年６月６日\n\n\n\x0c\n\n〇河野大臣： 開会します。\n\x0c";
        assert_eq!(
            clean(raw),
            "１ 開催日時\n\n令和５年６月６日\n〇河野大臣： 開会します。\n"
        );
    }
}
