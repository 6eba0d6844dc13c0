//! The National Diet Library's 国会会議録 API: saved responses of its speech (`/api/speech`)
//! and meeting (`/api/meeting`) endpoints, as JSON or XML, one page per file.
//!
//! Takes a response's bytes; gives its speech records flattened (each with its meeting's fields:
//! issueID, session, house, meeting name, 第N号, date), or why the file holds none (a meeting
//! list has no speech text). [`group`] collects the records of one meeting (one `issueID`) from
//! every page that holds some, each speech once, in speaking order; [`canonical`] gives that
//! group as bytes, so a meeting is hashed and cached like a file; [`render`] writes it as the
//! Diet's text record, the form the minutes parser reads.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One speech record, with its meeting's fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speech {
    pub speech_id: String,
    pub issue_id: String,
    /// The Diet session (国会回次), e.g. 220.
    pub session: Option<u32>,
    /// 衆議院, 参議院 or 両院.
    pub house: String,
    /// nameOfMeeting: 本会議, 議院運営委員会 …
    pub meeting: String,
    /// The record number as written (`第1号`).
    pub issue: String,
    /// ISO `YYYY-MM-DD`.
    pub date: String,
    /// 0 is the record's header (委員名簿, 出席者), not a remark.
    pub order: u32,
    pub speaker: String,
    pub speaker_group: String,
    pub speaker_position: String,
    pub speaker_role: String,
    pub text: String,
}

/// What a response holds.
#[derive(Debug)]
pub enum Response {
    /// Speech records, with text.
    Speeches(Vec<Speech>),
    /// Not speech text; the reason says what it is.
    NoText(String),
}

/// True when `bytes` look like a Diet API response (a JSON or XML envelope naming speech or
/// meeting records), without reading it whole.
pub fn looks_like(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let has = |s: &[u8]| head.windows(s.len()).any(|w| w == s);
    has(b"speechRecord")
        || has(b"meetingRecord")
        || has(b"numberOfRecords") && has(b"nextRecordPosition")
}

/// Reads a saved response (JSON, or XML when it starts with `<`).
pub fn read(bytes: &[u8]) -> Result<Response, String> {
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
        .map_err(|e| format!("Diet API response is not UTF-8: {e}"))?;
    let (records, list_only) = if text.trim_start().starts_with('<') {
        read_xml(text)?
    } else {
        read_json(text)?
    };
    if records.iter().all(|r| r.text.is_empty()) {
        let why = if list_only {
            "a Diet API meeting list (meeting_list): speakers and links only, no speech text; \
             fetch the speech or meeting endpoint for the text"
        } else {
            "a Diet API response with no speech records"
        };
        return Ok(Response::NoText(why.into()));
    }
    Ok(Response::Speeches(
        records.into_iter().filter(|r| !r.text.is_empty()).collect(),
    ))
}

/// A record's fields by name, strings as they are and numbers as their digits.
type Fields = BTreeMap<String, String>;

fn read_json(text: &str) -> Result<(Vec<Speech>, bool), String> {
    let v: Value = serde_json::from_str(text).map_err(|e| format!("invalid JSON: {e}"))?;
    if let Some(msg) = v.get("message").and_then(Value::as_str) {
        return Err(format!("a Diet API error response: {msg}"));
    }
    let mut out = Vec::new();
    let mut list_only = false;
    for m in items(v.get("meetingRecord")) {
        let meeting = scalars(m);
        list_only = true;
        for s in items(m.get("speechRecord")) {
            let mut f = meeting.clone();
            f.extend(scalars(s));
            out.push(speech(&f));
        }
    }
    for s in items(v.get("speechRecord")) {
        out.push(speech(&scalars(s)));
    }
    if !v.is_object() || (v.get("speechRecord").is_none() && v.get("meetingRecord").is_none()) {
        return Err("JSON without speechRecord or meetingRecord: not a Diet API response".into());
    }
    // A meeting list's records carry no speech text; the meeting endpoint's do.
    list_only &= out.iter().all(|s| s.text.is_empty());
    Ok((out, list_only))
}

/// The items of an array, or the value itself when a single record stands alone.
fn items(v: Option<&Value>) -> Vec<&Value> {
    match v {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(o @ Value::Object(_)) => vec![o],
        _ => Vec::new(),
    }
}

fn scalars(v: &Value) -> Fields {
    let mut f = Fields::new();
    if let Some(o) = v.as_object() {
        for (k, v) in o {
            let s = match v {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                _ => continue,
            };
            f.insert(k.clone(), s);
        }
    }
    f
}

fn speech(f: &Fields) -> Speech {
    let get = |k: &str| f.get(k).cloned().unwrap_or_default();
    let speaker = get("speaker");
    Speech {
        speech_id: get("speechID"),
        issue_id: get("issueID"),
        session: f.get("session").and_then(|s| s.trim().parse().ok()),
        house: get("nameOfHouse"),
        meeting: get("nameOfMeeting"),
        issue: get("issue"),
        date: get("date"),
        order: f
            .get("speechOrder")
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(0),
        speaker: if speaker == "会議録情報" {
            String::new()
        } else {
            speaker
        },
        speaker_group: get("speakerGroup"),
        speaker_position: get("speakerPosition"),
        speaker_role: get("speakerRole"),
        text: get("speech"),
    }
}

/// The XML form: `<meetingRecord>` and `<speechRecord>` elements whose children hold the same
/// fields as the JSON keys; a speech inherits the fields of the meeting it stands in.
fn read_xml(text: &str) -> Result<(Vec<Speech>, bool), String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    let mut path: Vec<String> = Vec::new();
    let mut meeting: Option<Fields> = None;
    let mut current: Option<Fields> = None;
    let mut leaf = String::new();
    let mut out = Vec::new();
    let mut any_record = false;
    let mut list_only = false;
    loop {
        let ev = reader
            .read_event()
            .map_err(|e| format!("invalid XML at byte {}: {e}", reader.buffer_position()))?;
        match ev {
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                match name.as_str() {
                    "meetingRecord" => {
                        meeting = Some(Fields::new());
                        any_record = true;
                        list_only = true;
                    }
                    "speechRecord" => {
                        current = Some(meeting.clone().unwrap_or_default());
                        any_record = true;
                    }
                    _ => {}
                }
                path.push(name);
                leaf.clear();
            }
            Event::Text(t) => {
                let s = t.decode().map_err(|e| format!("invalid XML text: {e}"))?;
                leaf.push_str(&s);
            }
            Event::GeneralRef(r) => {
                let name = String::from_utf8_lossy(r.as_ref()).into_owned();
                leaf.push_str(&unescape_ref(&name));
            }
            Event::CData(t) => leaf.push_str(&String::from_utf8_lossy(t.as_ref())),
            Event::End(_) => {
                let name = path.pop().unwrap_or_default();
                match name.as_str() {
                    "speechRecord" => {
                        if let Some(f) = current.take() {
                            out.push(speech(&f));
                        }
                    }
                    "meetingRecord" => meeting = None,
                    _ => {
                        let target = current.as_mut().or(meeting.as_mut());
                        if let Some(f) = target {
                            if !leaf.is_empty() {
                                f.insert(name, std::mem::take(&mut leaf));
                            }
                        }
                    }
                }
                leaf.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !any_record {
        return Err("XML without speechRecord or meetingRecord: not a Diet API response".into());
    }
    list_only &= out.iter().all(|s| s.text.is_empty());
    Ok((out, list_only))
}

/// An XML character or entity reference (`amp`, `#12354`, `#x3042`) as text; kept as written
/// when unknown.
fn unescape_ref(name: &str) -> String {
    super::discussnet::entity(name).map_or_else(|| format!("&{name};"), String::from)
}

/// The speeches of one meeting (`issue_id`) gathered from several responses: each speech once
/// (by speechID, else by its order), in speaking order.
pub fn group(issue_id: &str, responses: impl IntoIterator<Item = Vec<Speech>>) -> Vec<Speech> {
    let mut by_order: BTreeMap<(u32, String), Speech> = BTreeMap::new();
    for speeches in responses {
        for s in speeches.into_iter().filter(|s| s.issue_id == issue_id) {
            let key = (s.order, s.speech_id.clone());
            by_order.entry(key).or_insert(s);
        }
    }
    by_order.into_values().collect()
}

/// A meeting's speeches as bytes: the same speeches give the same bytes, whichever pages they
/// came from.
pub fn canonical(speeches: &[Speech]) -> Vec<u8> {
    serde_json::to_vec(speeches).expect("speeches serialize")
}

/// The speeches back from [`canonical`] bytes.
pub fn from_canonical(bytes: &[u8]) -> Result<Vec<Speech>, String> {
    serde_json::from_slice(bytes).map_err(|e| format!("Diet API speeches: {e}"))
}

/// The meeting as the Diet's text record: the heading the NDL's text view prints
/// (`第220回国会　衆議院　本会議　第1号　2026-01-23`), then the header record (speech 0) when
/// present, then each speech as given, which opens with its label (`○議長（額賀福志郎君）　…`).
pub fn render(speeches: &[Speech]) -> String {
    let Some(first) = speeches.first() else {
        return String::new();
    };
    let mut out = String::new();
    if let Some(n) = first.session {
        out.push_str(&format!("第{n}回国会　"));
    }
    out.push_str(&format!(
        "{}　{}　{}　{}\n\n",
        first.house, first.meeting, first.issue, first.date
    ));
    for s in speeches {
        out.push_str(s.text.replace("\r\n", "\n").replace('\r', "\n").trim_end());
        out.push_str("\n\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEECH_JSON: &str = r#"{
        "numberOfRecords": 3, "numberOfReturn": 2, "startRecord": 1, "nextRecordPosition": 3,
        "speechRecord": [
            {"speechID": "X_001", "issueID": "X", "session": 220, "nameOfHouse": "衆議院",
             "nameOfMeeting": "本会議", "issue": "第1号", "date": "2026-01-23",
             "speechOrder": 1, "speaker": "山田太郎", "speakerGroup": "無所属",
             "speakerPosition": "議長", "speakerRole": null,
             "speech": "○議長（山田太郎君）　これより会議を開きます。\r\n　散会します。"},
            {"speechID": "Y_000", "issueID": "Y", "session": "220", "nameOfHouse": "衆議院",
             "nameOfMeeting": "議院運営委員会", "issue": "第1号", "date": "2026-01-23",
             "speechOrder": 0, "speaker": "会議録情報", "speech": "本委員は、次のとおりである。"}
        ]}"#;

    fn speeches(json: &str) -> Vec<Speech> {
        match read(json.as_bytes()).unwrap() {
            Response::Speeches(s) => s,
            Response::NoText(r) => panic!("{r}"),
        }
    }

    #[test]
    fn speech_records_carry_their_meeting_fields() {
        let s = speeches(SPEECH_JSON);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].issue_id, "X");
        assert_eq!(s[0].session, Some(220));
        assert_eq!(s[1].session, Some(220), "a string session reads too");
        assert_eq!((s[0].order, s[1].order), (1, 0));
        assert_eq!(s[0].speaker_group, "無所属");
        assert_eq!(s[0].speaker_position, "議長");
        assert_eq!(s[1].speaker, "", "the header record has no speaker");
        assert!(looks_like(SPEECH_JSON.as_bytes()));
    }

    #[test]
    fn a_meeting_list_has_no_text() {
        let list = r#"{"numberOfRecords": 1, "meetingRecord": [{"issueID": "X",
            "nameOfMeeting": "本会議", "speechRecord": [{"speechID": "X_000",
            "speechOrder": 0, "speaker": "会議録情報", "speechURL": "u"}]}]}"#;
        match read(list.as_bytes()).unwrap() {
            Response::NoText(r) => assert!(r.contains("meeting list"), "{r}"),
            Response::Speeches(_) => panic!("a list is no speech text"),
        }
        assert!(read(br#"{"message": "bad query"}"#)
            .unwrap_err()
            .contains("bad query"));
        assert!(read(br#"{"a": 1}"#).is_err());
    }

    #[test]
    fn the_meeting_endpoint_nests_speeches_in_meetings() {
        let j = r#"{"numberOfRecords": 1, "meetingRecord": [{"issueID": "Z", "session": 213,
            "nameOfHouse": "参議院", "nameOfMeeting": "外交防衛委員会", "issue": "第5号",
            "date": "2024-04-02", "speechRecord": [
              {"speechID": "Z_000", "speechOrder": 0, "speaker": "会議録情報", "speech": "名簿"},
              {"speechID": "Z_001", "speechOrder": 1, "speaker": "佐藤一郎",
               "speech": "○委員長（佐藤一郎君）　開会します。"}]}]}"#;
        let s = speeches(j);
        assert_eq!(s.len(), 2);
        assert!(s.iter().all(|s| s.issue_id == "Z" && s.house == "参議院"));
        assert_eq!(s[1].meeting, "外交防衛委員会");
    }

    #[test]
    fn xml_gives_the_same_records_as_json() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?><data>
            <numberOfRecords>3</numberOfRecords><records><record><recordData><speechRecord>
            <speechID>X_001</speechID><issueID>X</issueID><session>220</session>
            <nameOfHouse>衆議院</nameOfHouse><nameOfMeeting>本会議</nameOfMeeting>
            <issue>第1号</issue><date>2026-01-23</date><speechOrder>1</speechOrder>
            <speaker>山田太郎</speaker><speakerGroup>無所属</speakerGroup>
            <speakerPosition>議長</speakerPosition><speakerRole/>
            <speech>○議長（山田太郎君）　これより会議を開きます。&#13;
　散会します。</speech></speechRecord></recordData></record>
            <record><recordData><speechRecord><speechID>Y_000</speechID><issueID>Y</issueID>
            <session>220</session><nameOfHouse>衆議院</nameOfHouse>
            <nameOfMeeting>議院運営委員会</nameOfMeeting><issue>第1号</issue>
            <date>2026-01-23</date><speechOrder>0</speechOrder><speaker>会議録情報</speaker>
            <speech>本委員は、次のとおりである。</speech></speechRecord></recordData></record>
            </records></data>"#;
        let from_xml = speeches(xml);
        let from_json = speeches(SPEECH_JSON);
        assert_eq!(from_xml, from_json);
    }

    #[test]
    fn a_meeting_from_two_pages_is_each_speech_once_in_order() {
        let mk = |order: u32| Speech {
            speech_id: format!("X_{order:03}"),
            issue_id: "X".into(),
            session: Some(1),
            house: "衆議院".into(),
            meeting: "本会議".into(),
            issue: "第1号".into(),
            date: "2024-01-01".into(),
            order,
            speaker: String::new(),
            speaker_group: String::new(),
            speaker_position: String::new(),
            speaker_role: String::new(),
            text: format!("○議長（某君）　{order}"),
        };
        let page2 = vec![mk(3), mk(2)];
        let page1 = vec![mk(0), mk(1), mk(2)];
        let g = group("X", [page2, page1]);
        let orders: Vec<u32> = g.iter().map(|s| s.order).collect();
        assert_eq!(orders, vec![0, 1, 2, 3]);
        let again = group("X", [vec![mk(1), mk(0)], vec![mk(2), mk(3)]]);
        assert_eq!(canonical(&g), canonical(&again));
        assert_eq!(from_canonical(&canonical(&g)).unwrap(), g);
        let text = render(&g);
        assert!(text.starts_with("第1回国会　衆議院　本会議　第1号　2024-01-01\n"));
        assert!(text.contains("○議長（某君）　3"));
    }
}
