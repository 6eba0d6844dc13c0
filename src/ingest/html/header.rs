//! The minutes header: takes the page's `<title>` and its header lines; gives the parts of
//! the title that name the minutes (body, meeting, session, date) and the page lacks, and
//! the warnings on what the text lacks (no remark label, no meeting title, no date, and
//! why, for a frame). Also the patterns that read a header line.

use once_cell::sync::Lazy;
use regex::Regex;

use super::label::{starts_with_label, NUM};
use super::text::{is_space, squeeze};
use super::Page;

/// The parts of `<title>` that name the minutes (body, meeting, session, date) and that the
/// page's header lines do not already hold.
pub(super) fn title_lines(page: &Page, header: &[String]) -> Vec<String> {
    let have: Vec<String> = header.iter().take(40).map(|l| squeeze(l)).collect();
    let mut out: Vec<String> = Vec::new();
    for part in TITLE_SPLIT.split(&page.title) {
        let part = part.trim_matches(is_space).to_string();
        if part.is_empty() || !META.is_match(&part) {
            continue;
        }
        let p = squeeze(&part);
        if have
            .iter()
            .any(|h| h.contains(&p) || p.contains(h.as_str()))
            || out.contains(&part)
        {
            continue;
        }
        out.push(part);
    }
    out
}

/// Warnings on what the page's text lacks: a remark label (when no remark elements were
/// found and no line starts with one), a meeting title, a date; for a frame, where they
/// likely are.
pub(super) fn lacks(text: &str, remark_elements: bool, page: &Page) -> Vec<String> {
    let mut notes = Vec::new();
    if !remark_elements && !text.lines().any(starts_with_label) {
        notes.push(
            "no remark label on this page: it holds only header text (title, attendance, agenda)"
                .into(),
        );
    }
    let head: Vec<&str> = text
        .lines()
        .take_while(|l| !starts_with_label(l))
        .take(60)
        .collect();
    let has_date = head.iter().any(|l| DATE.is_match(l));
    let has_meeting = head.iter().any(|l| SESSION.is_match(l));
    let why = if page.frame {
        ": the page is a frame (its scripts or links address the parent window); the title and date are likely in another frame or the search-result list"
    } else {
        ""
    };
    match (has_date, has_meeting) {
        (false, false) => notes.push(format!("no meeting title and no date on this page{why}")),
        (false, true) => notes.push(format!("no date on this page{why}")),
        (true, false) => notes.push(format!(
            "no meeting title (no 第N回/第N号, 定例会, 委員会) on this page{why}"
        )),
        _ => {}
    }
    notes
}

/// A date: era or Western year, month and day; or an ISO-like date.
static DATE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?:明治|大正|昭和|平成|令和)\s*[元0-9０-９]{1,2}\s*年\s*[0-9０-９]{1,2}\s*月\s*[0-9０-９]{1,2}\s*日|[0-9０-９]{4}\s*年\s*[0-9０-９]{1,2}\s*月\s*[0-9０-９]{1,2}\s*日|(?:^|[^0-9])[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}(?:[^0-9]|$)").unwrap()
});
/// A meeting title: a session number, a sitting, a committee or council.
pub(super) static SESSION: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"第{NUM}+[回号]|定例会|臨時会|本会議|委員会|審議会|協議会|分科会|部会|調査会|懇談会"
    ))
    .unwrap()
});
/// A minutes header line: a body, meeting or session name, or a date.
pub(super) static META: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"議会|会議|定例会|臨時会|委員会|審議会|協議会|分科会|部会|調査会|懇談会|検討会|研究会|会合|(?:省|庁|府)$|第{NUM}+[回号日]|{}",
        DATE.as_str()
    ))
    .unwrap()
});
/// Where a `<title>` splits into parts: bars, spaced dashes.
static TITLE_SPLIT: Lazy<Regex> = Lazy::new(|| Regex::new(r"\s*[|｜]\s*|\s+[-–—]\s+").unwrap());

#[cfg(test)]
mod tests {
    use super::super::{ok, page};

    #[test]
    fn frame_page_notes_what_it_lacks_and_takes_the_title() {
        let html = "<html><head><meta charset=\"utf-8\"><title>閲覧 | 発言内容 | 青森市議会会議録</title></head><body><script>parent.VoiceNo = 1;</script><div><p>◯議長（山田君）　開きます。</p></div><div><p>◯議長（山田君）　閉じます。</p></div><a href=\"#top\">TOP▲</a></body></html>";
        let t = ok(html);
        assert_eq!(
            t.text,
            "青森市議会会議録\n◯議長（山田君）　開きます。\n◯議長（山田君）　閉じます。\n"
        );
        let note = t
            .notes
            .iter()
            .find(|n| n.contains("no meeting title and no date"))
            .unwrap();
        assert!(note.contains("frame"), "{note}");
        assert!(t.log.iter().any(|n| n.contains("1 in-page links")));
    }

    #[test]
    fn header_only_page_is_kept_with_a_note() {
        let html = page("令和　６年１２月２６日議会運営委員会<BR><BR>出　席　委　員<BR>　委員長　　塩　田　　尚　君<BR>");
        let t = ok(&html);
        assert!(t.text.starts_with("令和　６年１２月２６日議会運営委員会\n\n出　席　委　員\n　委員長　　塩　田　　尚　君\n"));
        assert!(t
            .notes
            .iter()
            .any(|n| n.starts_with("no remark label on this page")));
    }
}
