//! What reads as a speaker label: a mark (○, ◎, …) and a name; a role with a name in
//! brackets; a short name ending in a role. Takes a line or a label; gives whether it is
//! one, or the label without a remark number, a page reference or its mark (for comparing).

use once_cell::sync::Lazy;
use regex::Regex;

use super::text::is_space;

/// Marks that start a speaker label in Japanese minutes.
pub(super) const MARKS: &[char] = &[
    '○', '◯', '〇', '◎', '●', '◆', '◇', '□', '■', '△', '▲', '☆', '★',
];

/// Whether `l` starts (after spaces) with a label mark.
pub(super) fn starts_with_mark(l: &str) -> bool {
    l.trim_start_matches(is_space).starts_with(MARKS)
}

/// A line that starts a remark: a mark and more, or a label alone.
pub(super) fn starts_with_label(l: &str) -> bool {
    let t = l.trim_matches(is_space);
    (starts_with_mark(t) && t.chars().count() > 1) || label_like(t)
}

/// Whether `s` alone reads as a speaker label: a mark and a short name; a role with a name
/// in brackets (`委員長(塩田)`, `議長（奈良岡隆君）`); or a short unspaced name ending in a role.
pub(super) fn label_like(s: &str) -> bool {
    let t = s.trim_matches(is_space);
    let n = t.chars().count();
    if n == 0 || n > 40 || t.contains('。') {
        return false;
    }
    if t.starts_with(MARKS) {
        let rest: String = t.chars().skip(1).filter(|c| !is_space(*c)).collect();
        let k = rest.chars().count();
        return (1..=30).contains(&k) && !rest.contains('、');
    }
    if SESSION_NUMBER.is_match(t) {
        return false;
    }
    PAREN_LABEL.is_match(t) || (!t.chars().any(is_space) && n <= 20 && ROLE_END.is_match(t))
}

/// A label for comparison: no spaces, ASCII forms of full-width letters and brackets, no
/// leading mark.
pub(super) fn norm(s: &str) -> String {
    let mut out: String = s
        .chars()
        .filter(|c| !is_space(*c))
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            '◯' | '〇' => '○',
            c => c,
        })
        .collect();
    while out.starts_with(MARKS) {
        out.remove(0);
    }
    out
}

/// `s` without a leading remark number ("1:", "No.3", "12 ", a lone ":").
pub(super) fn strip_counter(s: &str) -> &str {
    counted(s).0
}

/// `s` without a leading remark number, and whether it had one that is surely a number
/// ("No.3", "3:") rather than a bare "3 " that may start an agenda item.
pub(super) fn counted(s: &str) -> (&str, bool) {
    let t = s.trim_matches(is_space);
    match LEAD_COUNTER.captures(t) {
        Some(c) => (
            t[c.get(0).map_or(0, |m| m.end())..].trim_matches(is_space),
            c.name("sure").is_some(),
        ),
        None => (t, false),
    }
}

/// `s` without a trailing page reference ("(P.2)").
pub(super) fn strip_pageref(s: &str) -> &str {
    let t = s.trim_matches(is_space);
    match PAGE_REF.find(t) {
        Some(m) => t[..m.start()].trim_matches(is_space),
        None => t,
    }
}

/// A digit or a kanji numeral, for session numbers.
pub(super) const NUM: &str = "[0-9０-９一二三四五六七八九十百]";

static LEAD_COUNTER: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(?:(?P<sure>(?:No|NO|no|№|Ｎｏ)[.．]?\s*[0-9０-９]{1,5}\s*[:：.．]?|[0-9０-９]{1,5}\s*[:：])|[0-9０-９]{1,5}(?:\s|$)|[:：](?:\s|$))\s*").unwrap()
});
static PAGE_REF: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"\s*[(（]\s*[PpＰｐ]\s*[.．]?\s*[0-9０-９]+\s*[)）]$").unwrap());
static PAREN_LABEL: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^[^\s()（）]{1,20}[(（][^\s()（）]{1,20}[)）](?:〔[^〕]{1,10}〕)?$").unwrap()
});
static ROLE_END: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?:議長|委員長|委員|議員|市長|区長|町長|村長|知事|大臣|長官|部長|局長|課長|室長|所長|次長|参事|理事|教育長|管理者|参考人|公述人|説明員|証人|会長|座長|主査|政務官|幹事)(?:君|さん|氏|殿)?$").unwrap()
});
/// A session, sitting or time: not a label even when it ends in brackets.
static SESSION_NUMBER: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"定例会|臨時会|第{NUM}+[回号日]|[0-9０-９]+[年時]|午前|午後"
    ))
    .unwrap()
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_helpers() {
        assert!(label_like("委員長(塩田)"));
        assert!(label_like("○　委員長(塩田)"));
        assert!(label_like("議長（奈良岡隆君）"));
        assert!(label_like("伊藤よしのり議長"));
        assert!(!label_like("令和６年第４回定例会（第５号）"));
        assert!(!label_like("(名簿)"));
        assert!(!label_like("開会（午前１０時００分）"));
        assert!(!label_like("検索結果一覧"));
        assert_eq!(strip_counter("No.12　山田議員"), "山田議員");
        assert_eq!(strip_counter("3 : ◯議長"), "◯議長");
        assert_eq!(strip_counter("４番（奈良祥孝君）"), "４番（奈良祥孝君）");
        assert_eq!(strip_pageref("○委員長(塩田)　(P.2)"), "○委員長(塩田)");
        assert_eq!(norm("◯議長（高瀬 博文）"), norm("○議長(高瀬博文)"));
    }
}
