//! Lines: the input split into lines, each with its NFKC form, and the kinds of line every
//! house style shares: rules and page numbers, stage directions, time lines.
//!
//! Takes decoded text; gives [`Line`]s and predicates on their normalized form. Also joins a
//! remark's lines back into paragraphs ([`join_lines`]).

use std::borrow::Cow;

use once_cell::sync::Lazy;
use regex::Regex;

/// One input line with its normalized form.
pub struct Line<'a> {
    /// The line as written, trimmed.
    pub orig: &'a str,
    /// NFKC of the line, trimmed (ideographic spaces inside become ASCII spaces).
    pub norm: &'a str,
    /// Whitespace characters before the text: paragraphs are indented, headings often not.
    pub indent: usize,
}

impl Line<'_> {
    pub fn is_blank(&self) -> bool {
        self.norm.is_empty()
    }
}

/// `s` without its whitespace (`日 時` → `日時`), borrowed when it has none.
pub fn without_spaces(s: &str) -> Cow<'_, str> {
    if s.contains(char::is_whitespace) {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .into()
    } else {
        s.into()
    }
}

/// A line of a remark's text: (as written, NFKC), borrowed from the input where the line is
/// taken whole.
pub type Part<'a> = (Cow<'a, str>, Cow<'a, str>);

/// Splits text (line ends already `\n`) and its [`nfkc`](crate::text::nfkc) form into
/// [`Line`]s: the `n`-th line of the NFKC form is the NFKC of the text's `n`-th line (NFKC
/// neither makes nor composes across `\n`).
pub fn split<'a>(text: &'a str, norm: &'a str) -> Vec<Line<'a>> {
    let space = |c: char| c.is_whitespace() || c == '\u{feff}';
    split_lines(text)
        .zip(split_lines(norm))
        .map(|(l, n)| {
            let start = l.trim_start_matches(space);
            let indent = l[..l.len() - start.len()]
                .chars()
                .filter(|c| *c != '\u{feff}')
                .count();
            Line {
                orig: start.trim_end(),
                norm: n.trim_start_matches(space).trim(),
                indent,
            }
        })
        .collect()
}

/// The lines of `s` as `s.split('\n')` gives them, found with one vectorised search.
fn split_lines(s: &str) -> impl Iterator<Item = &str> + '_ {
    let mut ends = memchr::memchr_iter(b'\n', s.as_bytes());
    let mut from = Some(0);
    std::iter::from_fn(move || {
        let start = from?;
        let Some(end) = ends.next() else {
            from = None;
            return Some(&s[start..]);
        };
        from = Some(end + 1);
        Some(&s[start..end])
    })
}

static PAGE_NUMBER: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(?:[-‐−―ー—]\s*[0-9]+\s*[-‐−―ー—]|[0-9]+\s*/\s*[0-9]+|[0-9]{1,3}|[0-9]+\s*ページ|p\.\s*[0-9]+|\([0-9]+\)\s*$)$").unwrap()
});

/// Page numbers (`- 3 -`, `3/10`) and rules (`――――`, `＊＊＊`, `――――◇―――――`): page layout,
/// never text.
pub fn is_page_number(norm: &str) -> bool {
    PAGE_NUMBER.is_match(norm) || is_rule(norm)
}

/// A rule: a line of dashes, bars, dots or stars (`――――◇―――――`, `…………`, `＝＝＝`).
pub fn is_rule(norm: &str) -> bool {
    // The character test first: it fails at the first character of any line of text.
    norm.len() >= 3
        && norm.chars().all(|c| {
            matches!(
                c,
                '―' | '─'
                    | '━'
                    | '-'
                    | 'ー'
                    | '='
                    | '*'
                    | '・'
                    | '.'
                    | '_'
                    | '〜'
                    | '~'
                    | ' '
                    | '◇'
                    | '‐'
                    | '−'
                    | '—'
                    | '－'
                    | '┅'
                    | '┄'
            )
        })
        && norm.chars().filter(|c| !matches!(c, ' ' | '◇')).count() >= 3
}

/// Words that make a bracketed line a stage direction: what happened in the room, not speech.
const STAGE_WORDS: &str = "\
    拍手|発言する者|と呼ぶ者|の声|登壇|降壇|退席|着席|\
    退場|入場|離席|起立|速記|休憩|議場騒然|笑声";

/// Words that make a bracketed line (but not a bracket inside speech) a stage direction:
/// `（杉立敏也事務局長報告）`.
const LINE_STAGE_WORDS: &str = "報告|朗読|挨拶|あいさつ|再開";

/// Brackets around stage directions; `words` is an alternation (`拍手|登壇`).
fn stage_regex(words: &str) -> Regex {
    Regex::new(&format!(
        r"〔[^〔〕]*〕|[(（][^()（）。]{{0,40}}(?:{words})[^()（）。]{{0,20}}[)）]"
    ))
    .unwrap()
}

static INLINE_STAGE: Lazy<Regex> = Lazy::new(|| stage_regex(STAGE_WORDS));
static LINE_STAGE: Lazy<Regex> =
    Lazy::new(|| stage_regex(&format!("{STAGE_WORDS}|{LINE_STAGE_WORDS}")));

/// A line that is only stage directions: `〔拍手〕`, `〔「異議なし」と呼ぶ者あり〕`,
/// `（「異議なし」の声あり）`, `（大泉　潤市長登壇）`.
pub fn is_stage_line(norm: &str) -> bool {
    let t = norm.trim();
    if !(t.starts_with(['〔', '(', '（']) && t.ends_with(['〕', ')', '）'])) {
        return false;
    }
    let rest = LINE_STAGE.replace_all(t, "");
    rest.trim().is_empty()
}

/// Removes stage directions inside a line of speech (`…であります。（拍手）`).
pub fn strip_stage(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains(['〔', '(', '（']) {
        return std::borrow::Cow::Borrowed(s);
    }
    INLINE_STAGE.replace_all(s, "")
}

const NUM: &str = r"[0-9〇一二三四五六七八九十零]+";

static TIME_LINE: Lazy<Regex> = Lazy::new(|| {
    let clock = format!(r"(?:午前|午後)?(?:{NUM}時(?:{NUM}分|半)?|正午|零時)");
    let what = r"(?:開会|開議|散会|閉会|休憩|再開|延会|閉議|休会|会議を再開|開会・開議|開議・開会|開会及び開議)";
    Regex::new(&format!(
        r"^(?:{clock}{what}(?:・{what})?|{what}[(（]{clock}[)）])[。.]?$"
    ))
    .unwrap()
});

/// A time line: `午後２時３７分休憩`, `午前十時五十分散会`, `開議（午前１０時０３分）`.
pub fn is_time_line(norm: &str) -> bool {
    if !(norm.contains('時') || norm.contains("正午")) || norm.len() > 120 {
        return false;
    }
    let compact: String = norm
        .trim_start_matches(['○', '◯', '〇'])
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    compact.chars().count() <= 24 && TIME_LINE.is_match(&compact)
}

/// A time line that ends the sitting (`…散会`, `閉会（…）`): what follows is a footer.
pub fn is_closing_time(norm: &str) -> bool {
    is_time_line(norm) && ["散会", "閉会", "延会"].iter().any(|w| norm.contains(w))
}

/// Whether a line ends a sentence (so the next line starts a paragraph).
pub fn ends_sentence(s: &str) -> bool {
    s.trim_end()
        .ends_with(['。', '．', '!', '?', '」', '』', ')', '）', '！', '？'])
}

static HEADING_MARK: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(?:[◆■□◇▼▽▶►]|\([0-9]{1,2}\)|[0-9]{1,2}[.)](?:\s|[^0-9])|[①-⑳]|第[0-9一二三四五六七八九十]+[\s章節]|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]\s*[.]?)").unwrap()
});

/// A line that starts with a heading or enumeration mark (`◆`, `(1)`, `1.`, `①`, `第2章`).
pub fn has_heading_mark(norm: &str) -> bool {
    HEADING_MARK.is_match(norm)
}

/// How text lines join into a remark: a line that does not end a sentence continues on the next
/// (page layout broke it); one that does starts a new paragraph. Gives the text as written and
/// its NFKC form, joined at the same places (decided on the normalized lines).
pub fn join_lines(parts: &[Part<'_>]) -> (String, String) {
    let mut out = String::with_capacity(parts.iter().map(|p| p.0.len() + 1).sum());
    let mut norm = String::with_capacity(parts.iter().map(|p| p.1.len() + 1).sum());
    for (p, n) in parts {
        let (p, n) = (p.trim(), n.trim());
        if p.is_empty() {
            continue;
        }
        if !norm.is_empty() {
            // Words of Latin letters or digits broken across lines keep a space, judged on the
            // characters as written (③ is not a digit there, though NFKC makes it 3).
            let prev = out.chars().next_back().unwrap_or(' ');
            let next = p.chars().next().unwrap_or(' ');
            let sep = if ends_sentence(&norm)
                || n.starts_with(['・', '○', '◯', '●'])
                || has_heading_mark(n)
            {
                "\n"
            } else if prev.is_ascii_alphanumeric() && next.is_ascii_alphanumeric() {
                " "
            } else {
                ""
            };
            out.push_str(sep);
            norm.push_str(sep);
        }
        out.push_str(p);
        norm.push_str(n);
    }
    (out, norm)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::nfkc;

    #[test]
    fn rules_and_page_numbers() {
        for s in [
            "――――◇―――――",
            "- 3 -",
            "3/10",
            "12",
            "...…",
            "=======",
            "━━━━━",
        ] {
            assert!(is_page_number(&nfkc(s)), "{s}");
        }
        for s in ["ー", "以上", "1. 開会", "◇"] {
            assert!(!is_page_number(&nfkc(s)), "{s}");
        }
    }

    #[test]
    fn stage_directions() {
        for s in [
            "〔拍手〕",
            "〔「異議なし」と呼ぶ者あり〕",
            "（「異議なし」の声あり）",
            "（大泉　潤市長登壇）",
            "〔林田座長退席、山下委員長着席〕",
            "〔速記中止〕〔速記開始〕",
        ] {
            assert!(is_stage_line(&nfkc(s)), "{s}");
        }
        for s in [
            "（第一二号）",
            "（仮称）かつしかアート・カルチャー基本方針の策定についてです。",
        ] {
            assert!(!is_stage_line(&nfkc(s)), "{s}");
        }
        assert_eq!(
            strip_stage("御清聴ありがとうございました。（拍手）"),
            "御清聴ありがとうございました。"
        );
        assert_eq!(
            strip_stage("（仮称）総合ミュージアム"),
            "（仮称）総合ミュージアム"
        );
    }

    #[test]
    fn time_lines() {
        for s in [
            "午後２時３７分休憩",
            "午前十時五十分散会",
            "開議（午前１０時０３分）",
            "閉会（午後　３時２５分）",
            "午後１時開会・開議",
            "午前十時一分開議",
            "正午休憩",
        ] {
            assert!(is_time_line(&nfkc(s)), "{s}");
        }
        assert!(is_closing_time(&nfkc("午後３時７分散会")));
        assert!(!is_closing_time(&nfkc("午後２時３７分休憩")));
        for s in ["午後二時から開会いたします。", "次回は午前十時開会"] {
            assert!(!is_time_line(&nfkc(s)), "{s}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]
        /// Normalizing the whole text gives each line the NFKC of that line alone, trimmed.
        #[test]
        fn whole_text_nfkc_is_line_by_line(
            text in "[ \u{3000}\u{feff}\t\na-z0-9Ａ-Ｚ０-９（）ｶﾞﾟ①\u{0301}\u{3099}\u{00a8}\u{00a0}あかは議長。、]{0,60}"
        ) {
            let norm = nfkc(&text);
            let lines = split(&text, &norm);
            let raw: Vec<&str> = text.split('\n').collect();
            proptest::prop_assert_eq!(lines.len(), raw.len());
            for (l, r) in lines.iter().zip(raw) {
                let orig = r
                    .trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
                    .trim_end();
                proptest::prop_assert_eq!(l.orig, orig);
                let want = nfkc(orig);
                proptest::prop_assert_eq!(l.norm, want.trim());
            }
        }
    }
}
