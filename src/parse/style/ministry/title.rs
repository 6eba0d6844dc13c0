//! The title of ministry minutes: the committee, the parent body it belongs to, the session
//! number and the ministry (`サイバーセキュリティタスクフォース` ↵ `…対策分科会(第5回)議事要旨`).
//!
//! Takes the title lines (NFKC); gives what they name, and whether a line ends the title.

use once_cell::sync::Lazy;
use regex::Regex;

use crate::parse::date;

const MINISTRY_SUFFIXES: &str = "省 庁 内閣府 内閣官房 衆議院 参議院 委員会事務局";

pub(super) fn is_ministry(name: &str) -> bool {
    let n = name.trim();
    !n.is_empty() && n.chars().count() <= 16 && MINISTRY_SUFFIX_LIST.iter().any(|s| n.ends_with(s))
}

pub(super) fn ministry_from_text(title: &[String]) -> Option<String> {
    static M: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(総務省|経済産業省|内閣府|内閣官房|デジタル庁|文部科学省|厚生労働省|国土交通省|防衛省|警察庁|金融庁|外務省|法務省|財務省|環境省|農林水産省|衆議院|参議院)").unwrap()
    });
    title
        .iter()
        .find_map(|t| M.find(t).map(|m| m.as_str().to_string()))
}

pub(super) fn title_continues(title: &[String]) -> bool {
    // A first title line naming only the parent body (サイバーセキュリティタスクフォース) continues.
    title.len() == 1 && !is_title_end(&title[0])
}

pub(super) fn is_title_end(norm: &str) -> bool {
    [
        "議事要旨",
        "議事録",
        "議事概要",
        "会議録",
        "議事次第",
        "開催概要",
    ]
    .iter()
    .any(|w| norm.contains(w))
        || date::find_session(norm).is_some()
}

const BODY_SUFFIXES: &str = "\
    会議 会 委員会 審議会 研究会 検討会 懇談会 協議会 部会 分科会 小委員会 タスクフォース \
    ワーキンググループ WG チーム 本部 調査会 フォーラム 衆議院 参議院";

fn is_body_name(s: &str) -> bool {
    BODY_SUFFIX_LIST.iter().any(|b| s.ends_with(b))
}

static MINISTRY_SUFFIX_LIST: Lazy<Vec<&str>> = Lazy::new(|| MINISTRY_SUFFIXES.split(' ').collect());
static BODY_SUFFIX_LIST: Lazy<Vec<&str>> = Lazy::new(|| BODY_SUFFIXES.split(' ').collect());
static DOC_WORDS: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(議事要旨|議事録|議事概要|会議録|議事次第|開催概要|（?\(?案\)?）?)$").unwrap()
});
static SESSION_WORDS: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"[(（]?第\s*(?:[0-9]+|[〇一二三四五六七八九十百千]+)\s*(?:回|号)(?:会合|会議)?[)）]?",
    )
    .unwrap()
});
static DIET_SESSION: Lazy<Regex> = Lazy::new(|| Regex::new(r"第\s*[0-9]+\s*回\s*国会").unwrap());

/// Reads committee, parent body and session number from the title lines.
pub(super) fn read_title(title: &[String]) -> (String, String, Option<u32>) {
    let joined = title.join(" ");
    let session = date::find_session(&joined);
    let mut parts: Vec<String> = Vec::new();
    for t in title {
        let mut s = DIET_SESSION.replace_all(t, " ").to_string();
        s = SESSION_WORDS.replace_all(&s, " ").to_string();
        loop {
            let trimmed = s.trim().to_string();
            let r = DOC_WORDS.replace(&trimmed, "").to_string();
            if r == trimmed {
                s = trimmed;
                break;
            }
            s = r;
        }
        // Split on spaces only where the piece before is itself a body's name
        // (「サイバーセキュリティタスクフォース 分科会」), never inside one (「ICT サイバー…分科会」).
        let words: Vec<&str> = s.split_whitespace().collect();
        let mut cur = String::new();
        for w in words {
            if !cur.is_empty() && (is_body_name(&cur) || is_ministry(&cur)) {
                parts.push(std::mem::take(&mut cur));
            } else if !cur.is_empty() {
                cur.push(' ');
            }
            cur.push_str(w);
        }
        if !cur.is_empty() {
            parts.push(cur);
        }
    }
    let parts: Vec<String> = parts
        .into_iter()
        .map(|p| {
            p.trim_matches(|c: char| c.is_whitespace() || "・-:".contains(c))
                .to_string()
        })
        .filter(|p| !p.is_empty())
        .collect();
    match parts.len() {
        0 => (String::new(), String::new(), session),
        1 => (parts[0].clone(), String::new(), session),
        n => {
            let committee = parts[n - 1].clone();
            let parent = parts[n - 2].clone();
            let parent = if is_body_name(&parent) && !is_ministry(&parent) {
                parent
            } else {
                String::new()
            };
            (committee, parent, session)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_split_into_parent_and_committee() {
        let t = vec![
            "サイバーセキュリティタスクフォース".to_string(),
            "情報通信ネットワークにおけるサイバーセキュリティ対策分科会(第5回)議事要旨".to_string(),
        ];
        let (c, p, s) = read_title(&t);
        assert_eq!(
            c,
            "情報通信ネットワークにおけるサイバーセキュリティ対策分科会"
        );
        assert_eq!(p, "サイバーセキュリティタスクフォース");
        assert_eq!(s, Some(5));
        let (c, p, _) =
            read_title(&["ICT サイバーセキュリティ政策分科会(第1回)議事要旨".to_string()]);
        assert_eq!(
            (c.as_str(), p.as_str()),
            ("ICT サイバーセキュリティ政策分科会", "")
        );
    }
}
