//! The Diet's 会議録: the heading `第213回国会　衆議院　安全保障委員会　第13号　令和6年7月30日`
//! (as the NDL's text view prints it) or the printed `衆議院　安全保障委員会議録　第十三号`.
//!
//! Takes a heading line (NFKC); gives the committee (the meeting's name: `本会議`,
//! `議院運営委員会庶務小委員会`), the house as parent, the record number (第N号) as session, and
//! the date the heading gives.

use once_cell::sync::Lazy;
use regex::Regex;

use super::Title;
use crate::parse::date;

const NUM: &str = r"[0-9〇一二三四五六七八九十百千]+";

static HEADING: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"^(?:第\s*{NUM}\s*回\s*国会\s*)?(衆議院|参議院|両院)\s*(.+?)\s*(?:閉会後|閉会中)?\s*第\s*({NUM})\s*号(.*)$"
    ))
    .unwrap()
});

/// Reads a Diet heading line, or `None` when the line is not one.
pub fn title(line: &str) -> Option<Title> {
    let c = HEADING.captures(line.trim())?;
    let name: String = c[2].chars().filter(|c| !c.is_whitespace()).collect();
    let committee = strip_record_word(&name);
    if committee.is_empty() {
        return None;
    }
    Some(Title {
        committee,
        parent: c[1].to_string(),
        session: date::number(&c[3]),
        date: date::find_date(&c[4]),
    })
}

/// `安全保障委員会議録` → `安全保障委員会`, `本会議録` → `本会議`: the printed record's title
/// runs the body's name into 会議録.
fn strip_record_word(name: &str) -> String {
    let Some(stem) = name.strip_suffix("議録") else {
        return name.strip_suffix('録').unwrap_or(name).to_string();
    };
    // 委員会議録 → 委員会; 本会議録 → 本会議 (本会 is no body).
    if stem.ends_with('会') && stem != "本会" {
        stem.to_string()
    } else {
        format!("{stem}議")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::nfkc;

    fn t(s: &str) -> Option<(String, String, Option<u32>, Option<String>)> {
        title(&nfkc(s)).map(|t| (t.committee, t.parent, t.session, t.date))
    }

    #[test]
    fn ndl_headings() {
        assert_eq!(
            t("第213回国会　衆議院　安全保障委員会　第13号　令和6年7月30日"),
            Some((
                "安全保障委員会".into(),
                "衆議院".into(),
                Some(13),
                Some("2024-07-30".into())
            ))
        );
        assert_eq!(
            t("第213回国会　参議院　外交防衛委員会　閉会後第1号　令和6年7月30日").map(|x| x.2),
            Some(Some(1))
        );
        assert_eq!(
            t("第214回国会　衆議院　地域活性化・こども政策・デジタル社会形成に関する特別委員会　第2号　令和6年10月7日")
                .map(|x| x.0),
            Some("地域活性化・こども政策・デジタル社会形成に関する特別委員会".into())
        );
        assert_eq!(
            t("第214回国会　両院　国家基本政策委員会合同審査会　第1号　令和6年10月9日")
                .map(|x| x.1),
            Some("両院".into())
        );
    }

    #[test]
    fn printed_headings() {
        assert_eq!(
            t("第二百十三回国会　衆議院　安全保障委員会議録　第十三号"),
            Some(("安全保障委員会".into(), "衆議院".into(), Some(13), None))
        );
        assert_eq!(
            t("衆議院　本会議録　第三号").map(|x| x.0),
            Some("本会議".into())
        );
        assert_eq!(t("令和6年7月30日（火曜日）"), None);
    }
}
