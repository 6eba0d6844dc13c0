//! Who spoke, and in which role: takes a parsed meeting with its labels and the meeting's
//! roster, and gives full names and the roles that depend on the meeting (who presides).

use super::label::Label;
use super::roles;
use super::roster::Roster;
use crate::model::{Meeting, Role, Style};

/// Completes each labelled speaker's name from the roster and settles the roles that depend on
/// the meeting: in a plenary a committee's chair (`総務常任委員長`) reports as a member; in the
/// Diet a 理事 who speaks is presiding in the chair's absence; in assembly styles, who presides
/// decides the chair ([`presiding`]).
pub(super) fn complete(m: &mut Meeting, roster: &Roster, labels: &[Label]) {
    let plenary = m.committee == "本会議";
    let assembly = m.style.is_assembly();
    // Short names other labels of the meeting give (勝亦 of 勝亦総務課長).
    let short: Vec<&str> = labels
        .iter()
        .map(|l| l.speaker.as_str())
        .filter(|s| assembly && (1..=3).contains(&s.chars().count()))
        .collect();
    for (r, l) in m.remarks.iter_mut().zip(labels) {
        if l.label.is_empty() {
            continue;
        }
        if let Some(full) = roster.resolve(l) {
            r.speaker = full;
        } else if !l.initial.is_empty() {
            // 鈴木（真）: the initial still tells two members apart.
            r.speaker = format!("{}({})", l.speaker, l.initial);
        } else if let Some(s) = assembly
            .then(|| surname_of_glued_office(l, &short))
            .flatten()
        {
            r.speaker = s;
        }
        if plenary && roles::is_committee_chair_title(&l.position) {
            r.role = Role::Member;
        } else if m.style == Style::Diet && l.position == "理事" && l.label.ends_with(')') {
            r.role = Role::Chair;
        }
    }
    if assembly {
        presiding(m, labels, plenary);
    }
}

/// Who presides decides the chair: the post alone does not.
///
/// - A 副議長 in a plenary presides (chair), unless thanking the house on taking office right
///   before the 議長 speaks again.
/// - A vice chair, or an official (the 事務総長 before a 議長 is elected), who opens the
///   meeting presides until a chair speaks, or throughout if none does. A member who opens
///   as the eldest keeps the member's role his label gives.
/// - In a committee its chair opens, the assembly's 議長 attends as a member.
fn presiding(m: &mut Meeting, labels: &[Label], plenary: bool) {
    let is_speaker = |i: usize| !labels[i].label.is_empty();
    let president = |i: usize| labels[i].position == "議長" && m.remarks[i].role == Role::Chair;
    let n = m.remarks.len().min(labels.len());
    if plenary {
        let roles: Vec<Role> = (0..n)
            .map(|i| {
                if labels[i].position != "副議長" {
                    return m.remarks[i].role;
                }
                // ただいま御推挙により副議長の要職に就く…: thanks on taking office, and the
                // 議長 goes on presiding.
                let next = (i + 1..n).find(|&j| is_speaker(j));
                let text = &m.remarks[i].text;
                let greeting = ["推挙", "要職", "就任"].iter().any(|w| text.contains(w));
                if greeting && next.is_some_and(president) {
                    Role::ViceChair
                } else {
                    Role::Chair
                }
            })
            .collect();
        for (r, role) in m.remarks.iter_mut().zip(roles) {
            r.role = role;
        }
    }
    const OPENINGS: &str = "\
        会議を開きます 会議を開会 開会いたします 開会します 開議いたします 開議します";
    if let Some(first) = (0..n).find(|&i| is_speaker(i)) {
        let r0 = &m.remarks[first];
        let opens = r0.role == Role::ViceChair
            || (r0.role == Role::Official && OPENINGS.split(' ').any(|w| r0.text.contains(w)));
        if opens {
            let who = labels[first].label.clone();
            for (r, l) in m.remarks.iter_mut().zip(labels).skip(first) {
                if r.role == Role::Chair && l.label != who {
                    break;
                }
                if l.label == who {
                    r.role = Role::Chair;
                }
            }
        }
    }
    if plenary {
        return;
    }
    let committee_chair = m
        .remarks
        .iter()
        .zip(labels)
        .find(|(r, _)| r.role == Role::Chair)
        .is_some_and(|(_, l)| l.position.ends_with("委員長"));
    for (r, l) in m.remarks.iter_mut().zip(labels) {
        if committee_chair && l.position == "議長" {
            r.role = Role::Member;
        }
    }
}

/// The label of a unit's head whose unit the list does not resolve and no office word cuts
/// (`伊藤災害対策担当課長` read as 伊藤災害対策): the surname is a short name another label of
/// the meeting gives, else the first two characters, the commonest length of a surname.
fn surname_of_glued_office(l: &Label, short: &[&str]) -> Option<String> {
    // Heads of a unit whose name is glued before the post (…課長, …担当部長); not 区長 or
    // 教育委員, which follow a full name (青木英二区長).
    const UNIT_HEADS: &[&str] = &[
        "部長", "課長", "所長", "局長", "室長", "係長", "館長", "署長", "次長", "主幹", "参事",
    ];
    let n = l.speaker.as_str();
    let glued = matches!(l.role, Role::Official)
        && UNIT_HEADS.iter().any(|u| l.position.ends_with(u))
        && l.label.starts_with(n)
        && n.chars().count() >= 4
        && n.chars().all(roles::is_kanji);
    if !glued {
        return None;
    }
    let known = short
        .iter()
        .filter(|s| n.len() > s.len() && n.starts_with(**s))
        .max_by_key(|s| s.len());
    Some(known.map_or_else(|| n.chars().take(2).collect(), |s| s.to_string()))
}
