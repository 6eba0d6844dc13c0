//! Ministry and council minutes (議事要旨, 議事録): a header of numbered fields (日時, 場所,
//! 出席者 by group, 配布資料), then the proceedings.
//!
//! Takes the file's lines; gives the header's facts and the remarks. Two body styles are
//! recognised and may mix: *labelled* (a speaker label on its own line or at the start of a line,
//! then the remark; see [`crate::parse::label`]) and *bulleted* (`・`/`○` bullets, either
//! anonymous members' opinions under topic headings or attributed by an introducing line such as
//! 「冒頭、梶山経済産業大臣から以下のとおり挨拶。」). Headings, attendee lists, materials, agenda
//! lines, `以上` and contact footers are never remark text.
//!
//! This file gathers what the parts read: `header` (the title lines, the numbered fields with
//! the attendees, where the body starts), `title` (committee, parent body, session and ministry
//! from the title), `body` (the remarks and what a body line is).

mod body;
mod header;
mod title;

use super::Style;
use crate::model::{Attendee, Remark};
use crate::parse::explain::Trace;
use crate::parse::label::Label;
use crate::parse::lines::Line;
use crate::parse::roster::Roster;
use body::read_body;
use header::{attendee_person, read_header};
use title::{is_title_end, ministry_from_text, read_title};

/// What the ministry reader found in one file.
#[derive(Debug, Default)]
pub struct Read {
    pub style: Style,
    pub title: Vec<String>,
    pub committee: String,
    pub parent: String,
    pub ministry: String,
    pub session: Option<u32>,
    pub date: Option<String>,
    pub times: Option<(String, String)>,
    pub place: Option<String>,
    pub attendees: Vec<Attendee>,
    pub materials: Vec<String>,
    pub roster: Roster,
    pub remarks: Vec<Remark>,
    pub labels: Vec<Label>,
}

/// Reads a file of ministry minutes.
pub fn read(lines: &[Line], trace: &mut Trace) -> Read {
    let header = read_header(lines, trace);
    let body = read_body(lines, header.body_start, trace);
    let (committee, parent, session) = read_title(&header.title);
    let mut ministry = header.ministry.clone();
    if ministry.is_empty() {
        ministry = ministry_from_text(&header.title).unwrap_or_default();
    }
    let recognised = header.saw_field || header.title.iter().any(|t| is_title_end(t));
    let style = match (recognised, body.labelled) {
        (false, _) => Style::Generic,
        (true, true) => Style::MinistryLabelled,
        (true, false) => Style::MinistryBullets,
    };
    let mut roster = Roster::default();
    for a in &header.attendees {
        if let Some(p) = attendee_person(&a.name) {
            roster.people.push(p);
        }
    }
    Read {
        style,
        title: header.title,
        committee,
        parent,
        ministry,
        session,
        date: header.date,
        times: header.times,
        place: header.place,
        attendees: header.attendees,
        materials: header.materials,
        roster,
        remarks: body.remarks,
        labels: body.labels,
    }
}
