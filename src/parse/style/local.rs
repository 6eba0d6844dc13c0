//! Local assemblies' minutes as their minutes systems print them: the title zone holds the
//! assembly, the sitting and the record number in one of a few layouts:
//!
//! - `音更町議会会議録` / `令和６年第４回定例会（第５号）　本文` / `2024-12-17` (DB-Search);
//! - `令和６年第１回函館市議会定例会会議録　第１号` (DiscussNet);
//! - `開催日：令和 7年 2月14日` / `会議名：令和 7年第1回定例会（第1日 2月14日）` (会議録検索システム);
//! - `ＤＸ推進調査特別委員会　本文`, `令和　６年１２月２６日議会運営委員会`: a committee's record.
//!
//! Takes the title lines (NFKC); gives the committee (the committee named, or `本会議` for a
//! sitting of the whole assembly: 定例会, 臨時会, 緊急議会), the assembly as parent, the session
//! (the record number 第N号, else the day 第N日, else the sitting 第N回) and the date.

use once_cell::sync::Lazy;
use regex::Regex;

use super::{assembly_name, Title};
use crate::parse::date;

const BODY_SUFFIXES: &str = "委員会 審査会 調査会 協議会 分科会 部会 小委員会 連合審査会";

static BODY_SUFFIX_LIST: Lazy<Vec<&str>> = Lazy::new(|| BODY_SUFFIXES.split(' ').collect());
static DATE_PREFIX: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(?:(?:令和|平成|昭和)?[0-9〇一二三四五六七八九十元]+年度?|[0-9〇一二三四五六七八九十]+月(?:[0-9〇一二三四五六七八九十]+日)?|第[0-9〇一二三四五六七八九十]+回|\([^)]*\))+")
        .unwrap()
});

static NUMBERED: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?:第([0-9〇一二三四五六七八九十百]+)(号|日|回)|\(0*([0-9]+)号\))").unwrap()
});

/// Whether a title line names a sitting of the whole assembly.
fn plenary(s: &str) -> bool {
    ["定例会", "臨時会", "緊急議会", "本会議"]
        .iter()
        .any(|w| s.contains(w))
}

/// The committee a title line names (`ＤＸ推進調査特別委員会　本文` → `DX推進調査特別委員会`).
fn committee_in(line: &str) -> Option<String> {
    let s =
        line.split_once([':', '：'])
            .map_or(line, |(k, v)| if k.chars().count() <= 4 { v } else { line });
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let end = ["会議録", "速記録", "議事録", "記録", "本文"]
        .iter()
        .filter_map(|w| compact.find(w))
        .min()
        .unwrap_or(compact.len());
    let mut name = compact[..end].trim_end_matches(['(', ')']);
    // 総務委員会(第2号: the record's number after the body.
    if let Some(b) = name.rfind('(').filter(|&b| b > 0) {
        if name[b..].contains(['第', '号', '日', '回']) {
            name = &name[..b];
        }
    }
    name = DATE_PREFIX.find(name).map_or(name, |m| &name[m.end()..]);
    if let Some(a) = assembly_name(name) {
        if let Some(rest) = name.strip_prefix(a.as_str()) {
            name = rest;
        }
    }
    let ok = BODY_SUFFIX_LIST.iter().any(|b| name.ends_with(b))
        && name.chars().count() > 3
        && !name.contains("議事日程");
    ok.then(|| name.to_string())
}

/// Reads the title lines of a local assembly's minutes.
pub fn title(zone: &[&str]) -> Title {
    let mut t = Title::default();
    let mut plenary_seen = false;
    let (mut go, mut day, mut kai) = (None, None, None);
    for line in zone {
        let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
        if t.date.is_none() {
            t.date = date::find_date(&compact);
        }
        if t.parent.is_empty() {
            t.parent = assembly_name(&compact).unwrap_or_default();
        }
        if t.committee.is_empty() {
            t.committee = committee_in(line).unwrap_or_default();
        }
        plenary_seen |= plenary(&compact);
        for c in NUMBERED.captures_iter(&compact) {
            if let Some(n) = c.get(3) {
                go = go.or(n.as_str().parse().ok());
                continue;
            }
            let n = date::number(&c[1]);
            match &c[2] {
                "号" => go = go.or(n),
                "日" => day = day.or(n),
                _ => kai = kai.or(n),
            }
        }
    }
    if t.committee.is_empty() && plenary_seen {
        t.committee = "本会議".to_string();
    }
    t.session = go.or(day).or(kai);
    t
}

/// The record number an order of business gives (`議事日程　第１号`), when the title gives none.
pub fn session_from_agenda(line: &str) -> Option<u32> {
    static AGENDA: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"議事日程[(（]?第\s*([0-9〇一二三四五六七八九十]+)\s*号").unwrap()
    });
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    AGENDA.captures(&compact).and_then(|c| date::number(&c[1]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::nfkc;

    fn t(zone: &[&str]) -> (String, String, Option<u32>, Option<String>) {
        let z: Vec<String> = zone.iter().map(|s| nfkc(s)).collect();
        let r: Vec<&str> = z.iter().map(String::as_str).collect();
        let t = title(&r);
        (t.committee, t.parent, t.session, t.date)
    }

    #[test]
    fn plenary_titles() {
        assert_eq!(
            t(&[
                "音更町議会会議録",
                "令和６年第４回定例会（第５号）　本文",
                "2024-12-17"
            ]),
            (
                "本会議".into(),
                "音更町議会".into(),
                Some(5),
                Some("2024-12-17".into())
            )
        );
        assert_eq!(
            t(&[
                "令和　６年第１回　２月定例会",
                "令和６年第１回函館市議会定例会会議録　第１号",
                "令和６年２月２２日（木曜日）",
            ]),
            (
                "本会議".into(),
                "函館市議会".into(),
                Some(1),
                Some("2024-02-22".into())
            )
        );
        let k = t(&[
            "開催日：令和 7年 2月14日",
            "会議名：令和 7年第3回定例会（第2日 2月14日）",
        ]);
        assert_eq!(
            (k.0.as_str(), k.2, k.3.as_deref()),
            ("本会議", Some(2), Some("2025-02-14"))
        );
        assert_eq!(
            t(&[
                "令和　６年第４回定例会",
                "第４回",
                "横浜市会　　　会議録（第16号）",
                "定例会"
            ])
            .2,
            Some(16)
        );
    }

    #[test]
    fn committee_titles() {
        assert_eq!(
            t(&[
                "仙台市議会会議録",
                "ＤＸ推進調査特別委員会　本文",
                "2024-12-26"
            ]),
            (
                "DX推進調査特別委員会".into(),
                "仙台市議会".into(),
                None,
                Some("2024-12-26".into())
            )
        );
        assert_eq!(
            t(&["令和　６年１２月２６日議会運営委員会"]).0,
            "議会運営委員会"
        );
        assert_eq!(
            t(&["第３回 産業交通水道委員会記録"]).0,
            "産業交通水道委員会"
        );
        assert_eq!(t(&["第３回 産業交通水道委員会記録"]).2, Some(3));
        assert_eq!(
            session_from_agenda(&nfkc(
                "令和６年度墨田区議会定例会１２月緊急議会議事日程　第１号"
            )),
            Some(1)
        );
    }
}
