//! The front matter of assembly proceedings, up to the first mark-led label that speech
//! follows: the title zone (read by the style's title reader), attendee lists, orders of
//! business and notes.
//!
//! Takes the file's lines, the line the proceedings start on and the style; gives the title's
//! facts, the attendees and the roster (into the [`Read`]) and each line's kind.

use super::Read;
use crate::model::Attendee;
use crate::parse::date;
use crate::parse::explain::{LineKind, Trace};
use crate::parse::label::MARKS;
use crate::parse::lines::{is_page_number, is_rule, is_stage_line, is_time_line, Line};
use crate::parse::style::{assembly_name, diet, first_lines, local, tokyo, Style};

/// Lines that end the title zone: lists, orders of business and the like.
fn ends_title(l: &Line) -> bool {
    let n = &l.norm;
    n.starts_with(MARKS)
        || is_rule(n)
        || is_time_line(n)
        || "出席 欠席 議事日程 日程第 説明 委員 本日の会議"
            .split(' ')
            .any(|w| n.contains(w) && !n.contains("委員会"))
}

/// The title zone and the rest of the front matter: title facts, attendees, notes.
pub(super) fn front_matter(
    lines: &[Line],
    start: usize,
    style: Style,
    r: &mut Read,
    trace: &mut Trace,
) {
    let head: Vec<usize> = first_lines(&lines[..start], 8);
    let zone: Vec<usize> = match style {
        Style::Diet | Style::TokyoAssembly => head.iter().copied().take(1).collect(),
        _ => head
            .iter()
            .copied()
            .take_while(|&i| !ends_title(&lines[i]))
            .take(6)
            .collect(),
    };
    let zone_text: Vec<&str> = zone.iter().map(|&i| lines[i].norm).collect();
    let mut info = match style {
        Style::Diet => zone_text
            .first()
            .and_then(|t| diet::title(t))
            .unwrap_or_default(),
        Style::TokyoAssembly => zone_text
            .first()
            .and_then(|t| tokyo::title(t))
            .unwrap_or_default(),
        _ => local::title(&zone_text),
    };
    for &i in &zone {
        trace.set(i, LineKind::Title);
    }
    r.title = zone_text.iter().map(|s| s.to_string()).collect();
    let zone_end = zone.last().map_or(0, |&i| i + 1);

    let mut group = String::new();
    let mut agenda = false;
    for (i, l) in lines.iter().enumerate().take(start).skip(zone_end) {
        if l.is_blank() {
            continue;
        }
        let n = &l.norm;
        if info.date.is_none() {
            info.date = date::find_date(n);
        }
        if info.session.is_none() {
            info.session = local::session_from_agenda(n);
        }
        let before = r.roster.people.len();
        r.roster.read_line(n);
        if r.roster.people.len() > before {
            for p in &r.roster.people[before..] {
                r.attendees.push(Attendee {
                    name: p.name.clone(),
                    group: if p.position.is_empty() {
                        group.clone()
                    } else {
                        p.position.clone()
                    },
                });
            }
            trace.set(i, LineKind::Attendee);
            continue;
        }
        let kind = if is_page_number(n) || is_time_line(n) {
            agenda = false;
            LineKind::Dropped
        } else if is_stage_line(n) {
            LineKind::Stage
        } else if ["議事日程", "会議に付した", "日程第", "本日の会議"]
            .iter()
            .any(|w| n.contains(w))
        {
            agenda = true;
            LineKind::Agenda
        } else if agenda {
            LineKind::Agenda
        } else {
            LineKind::Header
        };
        if kind == LineKind::Header && !n.contains('。') && n.chars().count() <= 24 {
            group = n
                .trim_start_matches(MARKS)
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
        }
        trace.set(i, kind);
    }
    if info.parent.is_empty() && style != Style::Diet {
        // The front matter first, then the opening of the proceedings; line by line, so that
        // a name never joins the line before it.
        info.parent = lines[..start]
            .iter()
            .chain(lines[start..].iter().take(60))
            .find_map(|l| assembly_name(l.norm))
            .unwrap_or_default();
    }
    // The 速記録 style is the Tokyo Metropolitan Assembly's own, whatever its speeches name.
    if style == Style::TokyoAssembly {
        info.parent = "東京都議会".to_string();
    }
    r.info = info;
}
