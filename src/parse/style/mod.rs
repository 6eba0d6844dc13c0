//! House styles: which kind of minutes a file is, and each style's reading of its title.
//!
//! Takes the file's lines; [`detect`] gives the family of styles to read it with and why.
//! Assembly proceedings (the Diet's 会議録, local assemblies' minutes systems, the Tokyo
//! Metropolitan Assembly's 速記録) share one body reader ([`super::proceedings`]) and differ in
//! their titles ([`diet`], [`local`], [`tokyo`]); ministry minutes (議事要旨, 議事録 with labelled
//! remarks or anonymous bullets) have their own reader ([`ministry`]).

pub mod diet;
pub mod local;
pub mod ministry;
pub mod tokyo;

use once_cell::sync::Lazy;
use regex::Regex;

use super::label::{marked_label_line, Label};
use super::lines::Line;
pub use crate::model::Style;

/// What a title says about the meeting.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Title {
    pub committee: String,
    pub parent: String,
    pub session: Option<u32>,
    pub date: Option<String>,
}

/// The first non-blank lines of a file (at most `max`), by index.
pub fn first_lines(lines: &[Line], max: usize) -> Vec<usize> {
    lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.is_blank())
        .map(|(i, _)| i)
        .take(max)
        .collect()
}

static DIET_SESSION: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"第\s*[0-9〇一二三四五六七八九十百]+\s*回\s*国会").unwrap());
static ASSEMBLY_TITLE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?:定例会|臨時会|緊急議会|[都道府県市区町村]議会|市会)").unwrap());

/// Decides the style family of a file from its first lines and its labels. Gives the style
/// (ministry files are refined by their reader) and a short reason.
pub fn detect(lines: &[Line]) -> (Style, String) {
    let head = first_lines(lines, 8);
    let text = |i: &usize| lines[*i].norm;
    if let Some(t) = head.iter().map(text).find(|t| {
        (DIET_SESSION.is_match(t) && t.contains(['院']))
            || ((t.contains("衆議院") || t.contains("参議院")) && t.contains("議録"))
    }) {
        return (Style::Diet, format!("Diet heading {t:?}"));
    }
    if let Some(t) = head
        .iter()
        .take(3)
        .map(text)
        .find(|t| t.contains("速記録") && tokyo::title(t).is_some())
    {
        return (Style::TokyoAssembly, format!("速記録 title {t:?}"));
    }
    let (marked, assembly) = marked_labels(lines);
    let title = head
        .iter()
        .map(text)
        .find(|t| ASSEMBLY_TITLE.is_match(t) && !t.contains("議事要旨") && !t.contains("議事概要"));
    if let Some(t) = title {
        // An assembly's own name in the title is enough; a sitting (定例会) needs its labels
        // to have the assembly form too.
        if marked >= 2 && (assembly >= 2 || assembly_name(t).is_some()) {
            return (
                Style::LocalAssembly,
                format!("assembly title {t:?}, {marked} marked labels ({assembly} in the assembly form)"),
            );
        }
    }
    // A committee's record with assembly labels but no assembly named (`厚生委員会`); a
    // ministry's committee titles its minutes 議事録 or 議事要旨.
    let ministry_minutes = head.iter().take(3).map(text).any(|t| t.contains("議事"));
    if let Some(t) = head
        .iter()
        .take(3)
        .map(text)
        .find(|t| t.contains("委員会") && !t.contains(['。', '：', ':']))
        .filter(|_| !ministry_minutes)
    {
        if marked >= 2 && marked * 2 >= labelled_lines(lines) {
            return (
                Style::LocalAssembly,
                format!("committee title {t:?}, {marked} marked labels"),
            );
        }
    }
    (Style::MinistryLabelled, "no assembly heading".to_string())
}

/// How many mark-led labels the file has (up to 50), and how many of them have the assembly
/// form: a name in brackets after a post (`議長（高瀬博文）`), a seat (`５番`), or a name with
/// `君`/`議員`.
fn marked_labels(lines: &[Line]) -> (usize, usize) {
    let labels: Vec<Label> = lines
        .iter()
        .filter(|l| l.norm.starts_with(super::label::MARKS))
        .filter_map(|l| marked_label_line(l.norm, l.orig))
        .map(|ll| ll.label)
        .take(50)
        .collect();
    let assembly = labels.iter().filter(|l| is_assembly_label(l)).count();
    (labels.len(), assembly)
}

/// How many lines start with a label of any form (up to 100).
fn labelled_lines(lines: &[Line]) -> usize {
    lines
        .iter()
        .filter(|l| !l.is_blank())
        .filter(|l| super::label::parse_label_line(l.norm, l.orig).is_some())
        .take(100)
        .count()
}

fn is_assembly_label(l: &Label) -> bool {
    // 議長(高瀬博文), 政府参考人(小柳誠二君): a post, then a person in brackets (not a
    // council's `事務局(佐藤課長)` or `佐藤委員(日本バス協会)`).
    let post_then_name = l.label.ends_with(')')
        && !l.speaker.is_empty()
        && l.label.starts_with(l.position.as_str())
        && l.label.contains(&format!("({}", l.speaker))
        && l.label.rsplit_once('(').is_some_and(|(_, q)| {
            super::roles::position_suffix(q.trim_end_matches(')'))
                .is_none_or(|(suf, _)| super::roles::HONORIFICS.contains(&suf))
        });
    post_then_name
        || l.label.ends_with("君)")
        || l.label.ends_with('君')
        || l.label.ends_with("議員")
        || super::roles::seat(&l.position).is_some()
}

/// The name of the assembly a text names (`令和6年第1回函館市議会定例会` → `函館市議会`,
/// `第二回都議会` → `東京都議会`): the place is the run of name characters before
/// `…都/道/府/県/市/区/町/村議会` or `…市会`, stopped by the words a title puts before it (年, 第, 回,
/// 号) and by marks, digits and punctuation.
pub fn assembly_name(text: &str) -> Option<String> {
    const GENERIC: &str = "\
        都道府 市区町 市町 全国 全国町 全国市 全国都道府 特別 中核 指定都 他 各 本 当 同 全 両 貴 \
        我が";
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(at, c)) in chars.iter().enumerate() {
        let after = &text[at + c.len_utf8()..];
        let suffix_len = if "都道府県市区町村".contains(c) && after.starts_with("議会") {
            c.len_utf8() + "議会".len()
        } else if c == '市' && after.starts_with('会') {
            c.len_utf8() + '会'.len_utf8()
        } else {
            continue;
        };
        // 全国町村議会議長会, 特別区議会議長会: associations of assemblies, not an assembly.
        if text[at + suffix_len..].starts_with("議長会") {
            continue;
        }
        let mut start = k;
        while start > 0 {
            let p = chars[start - 1].1;
            let stop = "年第回号度元於".contains(p)
                || !(super::roles::is_kanji(p)
                    || super::roles::is_katakana(p)
                    || super::roles::is_hiragana(p));
            if stop || k - (start - 1) > 10 {
                break;
            }
            start -= 1;
        }
        // Names keep their kana and の (ふじみ野市, 紀の川市, 日の出町); prose before a name
        // ends with a particle (ただいまから葛飾区議会, 本日の目黒区議会), a header key
        // (場所墨田区議会議事堂) or another body's name (緊急議会墨田区議会) and is cut there.
        let place_text = &text[chars[start].0..at];
        let place = [
            "から",
            "より",
            "では",
            "には",
            "本日の",
            "今回の",
            "今日の",
            "議会",
            "場所",
            "会場",
        ]
        .iter()
        .filter_map(|w| place_text.rfind(w).map(|i| i + w.len()))
        .max()
        .map_or(place_text, |i| &place_text[i..]);
        let name = &text[at - place.len()..at + suffix_len];
        if place.is_empty() {
            if c == '都' {
                return Some("東京都議会".to_string());
            }
            continue;
        }
        if GENERIC.split(' ').any(|g| g == place)
            || (c == '市' && suffix_len == "市会".len() && place.ends_with('都'))
            || place.contains("委員")
        {
            continue;
        }
        return Some(name.to_string());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::lines::split;
    use crate::parse::nfkc;

    fn style_of(text: &str) -> Style {
        detect(&split(text, &nfkc(text))).0
    }

    #[test]
    fn councils_are_not_assemblies() {
        for text in [
            "第３回　産業構造審議会　製造産業分科会　議事録\n\n○事務局（佐藤課長）　説明します。\n○山田委員（東京大学）　質問です。\n",
            "第２回　地域交通活性化協議会　議事録\n\n○佐藤委員（日本バス協会）　意見です。\n○鈴木会長（交通研究所）　まとめます。\n",
            "第５回　洋上風力発電導入促進検討委員会\n議事録\n\n○山田委員長　開会します。\n○鈴木委員　質問します。\n",
        ] {
            assert_eq!(style_of(text), Style::MinistryLabelled, "{text}");
        }
    }

    #[test]
    fn detects_families() {
        assert_eq!(
            style_of("第213回国会　衆議院　安全保障委員会　第13号　令和6年7月30日\n\n○小泉委員長　これより会議を開きます。\n"),
            Style::Diet
        );
        assert_eq!(
            style_of("防災対策特別委員会速記録第十一号\n平成二十四年十一月十九日（月曜日）\n○大津委員長　ただいまから開会いたします。\n"),
            Style::TokyoAssembly
        );
        assert_eq!(
            style_of("音更町議会会議録\n令和６年第４回定例会（第５号）　本文\n2024-12-17\n◯議長（高瀬博文）\n　報告します。\n◯５番（神長基子）\n　質問します。\n"),
            Style::LocalAssembly
        );
        assert_eq!(
            style_of(
                "サイバーセキュリティタスクフォース（第 16 回）議事要旨\n\n後藤座長)\nはい。\n"
            ),
            Style::MinistryLabelled
        );
    }

    #[test]
    fn assembly_names() {
        for (text, want) in [
            ("令和6年第1回函館市議会定例会会議録", Some("函館市議会")),
            (
                "ただいまから、令和7年第1回葛飾区議会定例会を開会",
                Some("葛飾区議会"),
            ),
            ("横浜市会 会議録(第16号)", Some("横浜市会")),
            (
                "令和6年度定例会12月緊急議会墨田区議会会議録",
                Some("墨田区議会"),
            ),
            ("2場所墨田区議会議事堂", Some("墨田区議会")),
            ("都議会の皆様", Some("東京都議会")),
            ("区議会事務局", None),
            ("京都府議会", Some("京都府議会")),
            (
                "ただいまから令和元年第二回都議会臨時会を開会",
                Some("東京都議会"),
            ),
            ("○議事日程 目黒区議会会議録", Some("目黒区議会")),
            ("本庄市議会", Some("本庄市議会")),
            ("さいたま市議会", Some("さいたま市議会")),
            ("四日市市議会", Some("四日市市議会")),
            ("本市議会の議決", None),
            ("指定都市会議", None),
            ("全国市議会議長会", None),
            ("全国町村議会議長会の要望", None),
            ("特別区議会議長会", None),
            ("中核市議会", None),
            ("ふじみ野市議会", Some("ふじみ野市議会")),
            ("紀の川市議会", Some("紀の川市議会")),
            ("日の出町議会", Some("日の出町議会")),
            ("いちき串木野市議会", Some("いちき串木野市議会")),
            ("南あわじ市議会", Some("南あわじ市議会")),
            ("本日の目黒区議会定例会", Some("目黒区議会")),
        ] {
            assert_eq!(assembly_name(text).as_deref(), want, "{text}");
        }
    }
}
