//! Diet API meetings: the parsed text of a meeting's speech records, completed from the
//! records' own fields.
//!
//! Takes the meeting parsed from its rendered text ([`crate::ingest::diet_api::render`]) and
//! its speech records; gives each remark the record's speaker (the API's full name), its
//! 会派 (`speaker_group`) and the role its speakerPosition/speakerRole names. The header record
//! (speech 0) is front matter, never a remark. When the text's remarks do not pair one to one
//! with the records, the remarks are built from the records instead, and a warning says so.

use crate::ingest::diet_api::Speech;
use crate::model::{Meeting, Remark, Role};

use super::label;
use super::roles::role_of_position;

/// Completes `meeting` (parsed from the records' text) from `speeches`; gives what it noticed.
pub fn complete(meeting: &mut Meeting, speeches: &[Speech]) -> Vec<String> {
    let mut warnings = Vec::new();
    let said: Vec<&Speech> = speeches.iter().filter(|s| s.order > 0).collect();
    if let Some(first) = speeches.first() {
        if meeting.committee.is_empty() {
            meeting.committee = first.meeting.clone();
        }
        if meeting.parent.is_empty() {
            meeting.parent = first.house.clone();
            meeting.ministry = first.house.clone();
        }
        if meeting.date.is_none() && !first.date.is_empty() {
            meeting.date = Some(first.date.clone());
        }
        if speeches[0].order != 0 || said.len() + 1 < speeches.len() {
            warnings.push(format!(
                "{} of the record's speeches saved (the header record and others may be on pages not saved)",
                said.len()
            ));
        }
    }
    let paired = meeting.remarks.len() == said.len()
        && meeting
            .remarks
            .iter()
            .zip(&said)
            .all(|(r, s)| opens_with(s, &r.speaker_label));
    if !paired {
        warnings.push(format!(
            "the text gave {} remarks for {} speech records, not one each: remarks built from the records",
            meeting.remarks.len(),
            said.len()
        ));
        meeting.remarks = said.iter().map(|s| remark_of(s)).collect();
    }
    for (i, (r, s)) in meeting.remarks.iter_mut().zip(&said).enumerate() {
        r.seq = i as u32 + 1;
        if !s.speaker.is_empty() {
            r.speaker = s.speaker.clone();
        }
        r.speaker_group = s.speaker_group.clone();
        if let Some(role) = role_of_record(s) {
            r.role = role;
        }
    }
    warnings
}

/// Whether a speech record opens with `label` (NFKC, spaces ignored): the remark read from the
/// text is this record's.
fn opens_with(s: &Speech, label: &str) -> bool {
    let head: String = super::nfkc(
        &s.text
            .chars()
            .take(label.chars().count() + 24)
            .collect::<String>(),
    )
    .chars()
    .filter(|c| !c.is_whitespace())
    .collect();
    let label: String = label.chars().filter(|c| !c.is_whitespace()).collect();
    !label.is_empty() && head.contains(&label)
}

/// The role a record's position names (`議長` → chair, `国務大臣` → minister), if any.
fn role_of_record(s: &Speech) -> Option<Role> {
    [&s.speaker_position, &s.speaker_role]
        .into_iter()
        .filter(|p| !p.is_empty())
        .find_map(|p| role_of_position(&super::nfkc(p)))
}

/// A remark from one record: its label is the text's opening `○…` up to the first space.
fn remark_of(s: &Speech) -> Remark {
    let text = s.text.replace("\r\n", "\n").replace('\r', "\n");
    let body = text.trim_start();
    let (label, rest) = match body.strip_prefix(['○', '〇', '◯']) {
        Some(after) => {
            let end = after
                .find(|c: char| c.is_whitespace())
                .unwrap_or(after.len());
            (super::nfkc(&after[..end]), after[end..].trim_start())
        }
        None => (String::new(), body),
    };
    let text = rest.trim_end().to_string();
    let norm = super::nfkc(&text);
    Remark {
        seq: 0,
        speaker: s.speaker.clone(),
        role: label::role_of(&label),
        speaker_label: label,
        speaker_group: s.speaker_group.clone(),
        section: String::new(),
        via_chat: false,
        norm: if norm == text { String::new() } else { norm },
        text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::diet_api::render;

    fn speech(order: u32, speaker: &str, position: &str, group: &str, text: &str) -> Speech {
        Speech {
            speech_id: format!("X_{order:03}"),
            issue_id: "X".into(),
            session: Some(213),
            house: "参議院".into(),
            meeting: "外交防衛委員会".into(),
            issue: "第5号".into(),
            date: "2024-04-02".into(),
            order,
            speaker: speaker.into(),
            speaker_group: group.into(),
            speaker_position: position.into(),
            speaker_role: String::new(),
            text: text.into(),
        }
    }

    fn meeting() -> Vec<Speech> {
        vec![
            speech(
                0,
                "",
                "",
                "",
                "令和六年四月二日（火曜日）\r\n   午前十時開会",
            ),
            speech(
                1,
                "佐藤一郎",
                "委員長",
                "自由民主党",
                "○委員長（佐藤一郎君）　ただいまから外交防衛委員会を開会いたします。",
            ),
            speech(
                2,
                "鈴木花子",
                "",
                "立憲民主・社民",
                "○鈴木花子君　質問いたします。\r\n　よろしくお願いします。",
            ),
            speech(
                3,
                "田中次郎",
                "外務大臣",
                "",
                "○国務大臣（田中次郎君）　お答えいたします。",
            ),
        ]
    }

    #[test]
    fn records_give_speakers_groups_and_roles() {
        let sp = meeting();
        let mut p = crate::parse::parse(&render(&sp), "x.json#X").unwrap();
        let w = complete(&mut p.meeting, &sp);
        assert!(w.is_empty(), "{w:?}");
        let m = &p.meeting;
        assert_eq!(
            (m.committee.as_str(), m.parent.as_str()),
            ("外交防衛委員会", "参議院")
        );
        assert_eq!(
            (m.session, m.date.as_deref()),
            (Some(5), Some("2024-04-02"))
        );
        let got: Vec<(&str, &str, Role)> = m
            .remarks
            .iter()
            .map(|r| (r.speaker.as_str(), r.speaker_group.as_str(), r.role))
            .collect();
        assert_eq!(
            got,
            vec![
                ("佐藤一郎", "自由民主党", Role::Chair),
                ("鈴木花子", "立憲民主・社民", Role::Member),
                ("田中次郎", "", Role::Minister),
            ]
        );
    }

    #[test]
    fn remarks_that_pair_with_other_records_fall_back_to_the_records() {
        let sp = meeting();
        let mut p = crate::parse::parse(&render(&sp), "x.json#X").unwrap();
        // As many remarks as records, but the second is not the second record's.
        p.meeting.remarks.swap(1, 2);
        let w = complete(&mut p.meeting, &sp);
        assert!(
            w.iter().any(|w| w.contains("built from the records")),
            "{w:?}"
        );
        let speakers: Vec<&str> = p
            .meeting
            .remarks
            .iter()
            .map(|r| r.speaker.as_str())
            .collect();
        assert_eq!(speakers, vec!["佐藤一郎", "鈴木花子", "田中次郎"]);
    }

    #[test]
    fn unpaired_text_falls_back_to_the_records() {
        let sp = meeting();
        let mut m = Meeting::default();
        let w = complete(&mut m, &sp);
        assert!(
            w.iter().any(|w| w.contains("built from the records")),
            "{w:?}"
        );
        assert_eq!(m.remarks.len(), 3);
        assert_eq!(m.remarks[1].speaker_label, "鈴木花子君");
        assert_eq!(
            m.remarks[1].text,
            "質問いたします。\n　よろしくお願いします。"
        );
        assert_eq!(m.remarks[2].role, Role::Minister);
        assert_eq!(m.committee, "外交防衛委員会");
        assert_eq!(m.date.as_deref(), Some("2024-04-02"));
    }
}
