//! Page furniture: the page numbers and running headers/footers that layout adds to each page.
//!
//! Takes the pages of raw `pdftotext` output, split into lines; blanks ([`strip_furniture`])
//! the furniture lines at the top and bottom of each page. Lines opening with a speaker or
//! heading mark ([`starts_with_mark`]) are never furniture.

use std::collections::{HashMap, HashSet};

use once_cell::sync::Lazy;
use regex::Regex;

/// Masks digit runs and drops whitespace, so that `3/56` and `12/56` or two print times give
/// the same key.
fn furniture_key(line: &str) -> String {
    static DIGITS: Lazy<Regex> = Lazy::new(|| Regex::new(r"[0-9０-９]+").unwrap());
    DIGITS
        .replace_all(line, "#")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// A lone page number: `2`, `- 3 -`, `－３－`, `3/56`, `3 / 56`, `(3)`, `p. 3`, `3ページ`.
fn is_page_number(line: &str) -> bool {
    static PAGE: Lazy<Regex> = Lazy::new(|| {
        Regex::new(
            r"^(?:[-‐−–—―－ー]\s*)?[0-9０-９]{1,4}(?:\s*[-‐−–—―－ー])?$|^[0-9０-９]{1,4}\s*[/／]\s*[0-9０-９]{1,4}$|^[（(][0-9０-９]{1,4}[)）]$|^(?i:p\.?|page)\s*[0-9０-９]{1,4}$|^[0-9０-９]{1,4}\s*(?:ページ|頁)$",
        )
        .unwrap()
    });
    PAGE.is_match(line.trim())
}

/// Marks that open a speaker label or a heading in minutes; such lines are never furniture.
pub(super) fn starts_with_mark(line: &str) -> bool {
    line.trim_start().starts_with([
        '○', '〇', '◯', '◎', '●', '◆', '◇', '■', '□', '△', '▲', '▽', '▼', '☆', '★',
    ])
}

/// How many non-blank lines at each end of a page are looked at for furniture.
const EDGE: usize = 3;

/// Blanks page numbers and running headers/footers at the top and bottom of each page.
pub(super) fn strip_furniture(pages: &mut [Vec<&str>]) {
    // Pages on which each masked edge line occurs.
    let mut seen: HashMap<String, usize> = HashMap::new();
    for page in pages.iter() {
        let nonblank: Vec<&str> = page
            .iter()
            .copied()
            .filter(|l| !l.trim().is_empty())
            .collect();
        let mut keys: HashSet<String> = HashSet::new();
        let n = nonblank.len();
        for (i, line) in nonblank.iter().enumerate() {
            if (i < EDGE || i + EDGE >= n) && !starts_with_mark(line) {
                let key = furniture_key(line);
                if !key.is_empty() && key != "#" {
                    keys.insert(key);
                }
            }
        }
        for k in keys {
            *seen.entry(k).or_default() += 1;
        }
    }
    // Running heads recur on at least two pages in five (alternate left and right heads on
    // half); a line that ends a sentence is text, however often it recurs.
    let n_pages = pages.len();
    let running: HashSet<String> = seen
        .into_iter()
        .filter(|(key, count)| {
            *count >= 2 && count * 5 >= n_pages * 2 && !key.ends_with(['。', '．', '？', '！'])
        })
        .map(|(k, _)| k)
        .collect();
    let is_furniture = |line: &str| {
        !starts_with_mark(line) && (is_page_number(line) || running.contains(&furniture_key(line)))
    };
    for page in pages.iter_mut() {
        // From the top, then from the bottom: furniture lines and the blank lines between them.
        for from_top in [true, false] {
            let mut removed = 0;
            let order: Vec<usize> = if from_top {
                (0..page.len()).collect()
            } else {
                (0..page.len()).rev().collect()
            };
            for i in order {
                if page[i].trim().is_empty() {
                    continue;
                }
                if removed < EDGE + 1 && is_furniture(page[i]) {
                    page[i] = "";
                    removed += 1;
                } else {
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::clean::clean;
    use super::*;

    #[test]
    fn lone_page_numbers_at_page_edges_are_dropped() {
        let raw = "○東会長    それでは、開会いたします。\n\n\n        2\n\x0c\
                   続きまして、議事に入ります。\n\n       - 3 -\n\x0c";
        assert_eq!(
            clean(raw),
            "○東会長    それでは、開会いたします。\n続きまして、議事に入ります。\n"
        );
    }

    #[test]
    fn a_number_inside_a_page_is_kept() {
        let raw = "資料は次のとおり。\n３\n以上です。\n\x0c";
        assert_eq!(clean(raw), "資料は次のとおり。\n３\n以上です。\n");
    }

    #[test]
    fn running_header_and_url_footer_are_dropped() {
        let mut raw = String::new();
        let pages = [
            ("◯令和６年５月17日（金）", "出席委員"),
            ("○委員長（山田）", "開会します。"),
            ("ただ今から", "質問を行います。"),
        ];
        for (p, (head, body)) in pages.iter().enumerate() {
            raw += &format!(
                "2024/11/0{} 1{}:34                         会議録表示\n",
                p + 4,
                p
            );
            raw += &format!("           {head}\n            {body}\n\n");
            raw += &format!(
                "https://example.jp/view.html?id=5909&page=1   {}/12\n\x0c",
                p + 1
            );
        }
        let text = clean(&raw);
        assert_eq!(
            text,
            "◯令和６年５月17日（金）\n 出席委員\n○委員長（山田）\n 開会します。\n\
             ただ今から\n 質問を行います。\n"
        );
    }

    #[test]
    fn a_line_on_only_one_page_is_not_furniture() {
        let raw = "議事録\n本文一。\n\x0c本文二。\n\x0c本文三。\n\x0c";
        assert_eq!(clean(raw), "議事録\n本文一。\n本文二。\n本文三。\n");
    }

    #[test]
    fn alternate_running_heads_are_dropped() {
        let raw: String = (1..=6)
            .map(|p| {
                let head = if p % 2 == 0 {
                    "第３回 検討会"
                } else {
                    "議事録（速報版）"
                };
                format!(
                    "{head}\n本文{}の行。\n\n{p}\n\x0c",
                    "一二三四五六".chars().nth(p - 1).unwrap()
                )
            })
            .collect();
        assert_eq!(
            clean(&raw),
            "本文一の行。\n本文二の行。\n本文三の行。\n本文四の行。\n本文五の行。\n本文六の行。\n"
        );
    }

    #[test]
    fn a_recurring_sentence_at_page_ends_is_text() {
        let raw: String = ["一", "二", "三"]
            .iter()
            .map(|n| format!("○委員長（山田）\n 質問{n}への答弁です。\n 以上でございます。\n\x0c"))
            .collect();
        assert_eq!(clean(&raw).matches("以上でございます。").count(), 3);
    }

    #[test]
    fn speaker_lines_are_never_furniture() {
        // The same label opens every page; it stays.
        let raw = "○委員長（平山）\n 発言一。\n\x0c○委員長（平山）\n 発言二。\n\x0c\
                   ○委員長（平山）\n 発言三。\n\x0c";
        assert_eq!(clean(raw).matches("○委員長（平山）").count(), 3);
    }

    #[test]
    fn page_number_forms() {
        for l in [
            "2",
            " 12 ",
            "- 3 -",
            "－３－",
            "3/56",
            "3 / 56",
            "(4)",
            "p. 5",
            "6ページ",
        ] {
            assert!(is_page_number(l), "{l}");
        }
        for l in ["２０２４年", "12345", "第３回", "1/2/3"] {
            assert!(!is_page_number(l), "{l}");
        }
    }
}
