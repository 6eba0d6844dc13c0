//! The header of ministry minutes: the title lines, then numbered fields (`1. 日 時：…`,
//! `3. 出席者)`, `【配布資料】`) up to the body heading (`5. 議事概要`).
//!
//! Takes the file's lines; gives the title lines, the date, times, place, attendees, materials
//! and the ministry the fields name, and the line the body starts on. The attendee field's
//! entries are grouped under headings (`【構成員】`, `委員 : 村井委員(座長)、…`), split at the
//! commas outside brackets, and read as roster [`Person`]s.

use once_cell::sync::Lazy;
use regex::Regex;

use super::body::bullet;
use super::title::{is_ministry, is_title_end, title_continues};
use crate::model::Attendee;
use crate::parse::date;
use crate::parse::explain::{LineKind, Trace};
use crate::parse::label::{parse_label_line, read_label};
use crate::parse::lines::{without_spaces, Line};
use crate::parse::roster::Person;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Date,
    Place,
    DatePlace,
    Attendees,
    Materials,
    Agenda,
    Body,
    Other,
}

static NUMBERING: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(?:[0-9]{1,2}\s*[.)]|\([0-9]{1,2}\)|第[0-9一二三四五六七八九十]+|[■□◆◇●【\[])\s*")
        .unwrap()
});

/// Recognises a header field line (`1. 日 時：…`, `日時:…`, `3. 出席者)`, `【配布資料】`, `5. 議事概要`).
/// Gives the field and the value written on the same line.
fn header_field(norm: &str) -> Option<(Field, String)> {
    static BARE_NUMBER: Lazy<Regex> = Lazy::new(|| Regex::new(r"^[0-9]{1,2}\s+").unwrap());
    let numbered = NUMBERING.find(norm).or_else(|| BARE_NUMBER.find(norm));
    let rest = numbered.map_or(norm, |m| &norm[m.end()..]);
    let rest = rest.trim_start_matches(['】', ']', ' ']);
    // The field name: up to a separator, with spaces inside it removed (日 時 → 日時).
    let sep = rest.find([':', ')', '】', ']', '：']);
    let (name_part, value) = match sep {
        Some(i) => {
            let c = rest[i..].chars().next().map_or(1, char::len_utf8);
            (&rest[..i], rest[i + c..].trim().to_string())
        }
        None => (rest, String::new()),
    };
    // 出席者(敬称略・50音順): a note in brackets after the name.
    let name_part = name_part.split('(').next().unwrap_or(name_part);
    let name = without_spaces(name_part);
    if name.is_empty() || name.chars().count() > 8 {
        // "日時 令和…", "日 時 令和…": the name (one word, or letters spaced out to a column's
        // width), a space, then the value.
        let tokens: Vec<&str> = rest.split_whitespace().collect();
        for k in 1..=tokens.len().min(4) {
            if k > 1 && tokens[..k].iter().any(|t| t.chars().count() != 1) {
                break;
            }
            let f = field_of(&tokens[..k].concat());
            if let Some(f @ (Field::Date | Field::Place | Field::DatePlace)) = f {
                let mut value = rest;
                for t in &tokens[..k] {
                    value = value.trim_start().strip_prefix(t).unwrap_or(value);
                }
                return Some((f, value.trim().to_string()));
            }
        }
        return None;
    }
    let f = field_of(&name)?;
    // A bare field word without numbering or separator only counts for the sections that are
    // written as headings on their own line.
    if numbered.is_none()
        && sep.is_none()
        && !matches!(f, Field::Body | Field::Attendees | Field::Materials)
    {
        return None;
    }
    if numbered.is_none()
        && sep.is_none()
        && value.is_empty()
        && name.chars().count() != norm.chars().filter(|c| !c.is_whitespace()).count()
    {
        return None;
    }
    Some((f, value))
}

fn field_of(name: &str) -> Option<Field> {
    Some(match name {
        "日時" | "開催日時" | "日程" | "開催日" | "日付" => Field::Date,
        "場所" | "会場" | "開催場所" => Field::Place,
        "日時・場所" | "日時及び場所" | "日時場所" | "開催日時・場所" => {
            Field::DatePlace
        }
        "出席者" | "出席委員" | "出席構成員" | "参加者" | "出席" | "委員出席者" => {
            Field::Attendees
        }
        "配布資料" | "配付資料" | "資料" | "配布資料一覧" | "配付資料一覧" => {
            Field::Materials
        }
        "議題" | "議事次第" | "次第" => Field::Agenda,
        "議事概要" | "議事内容" | "議事要旨" | "議事" | "議事の概要" | "議事経過" | "概要"
        | "議事録" | "審議経過" | "議事の経過" => Field::Body,
        "欠席者" | "欠席" => Field::Other,
        _ => return None,
    })
}

/// What the header gives.
pub(super) struct Header {
    pub(super) title: Vec<String>,
    pub(super) date: Option<String>,
    pub(super) times: Option<(String, String)>,
    pub(super) place: Option<String>,
    pub(super) attendees: Vec<Attendee>,
    pub(super) ministry: String,
    pub(super) materials: Vec<String>,
    pub(super) body_start: usize,
    /// A header field (日時, 出席者 …) was found.
    pub(super) saw_field: bool,
}

/// Reads the header: title lines, the header fields, and where the body starts.
pub(super) fn read_header(lines: &[Line], trace: &mut Trace) -> Header {
    let (title, fields_from) = title_lines(lines, trace);
    let fields = field_lines(lines, fields_from, trace);
    let mut h = Header {
        title,
        date: None,
        times: None,
        place: None,
        attendees: Vec::new(),
        ministry: String::new(),
        materials: Vec::new(),
        body_start: 0,
        saw_field: fields.saw_field,
    };
    h.body_start = fields.body_start.unwrap_or_else(|| {
        // No body heading: the body starts after the title, or on the first line when that is
        // already a remark (a page of one remark).
        let first = lines.iter().position(|l| !l.is_blank());
        let opens = first.is_some_and(|p| parse_label_line(lines[p].norm, lines[p].orig).is_some());
        let skip = if h.title.is_empty() && opens {
            0
        } else {
            h.title.len().max(1)
        };
        first.map_or(0, |p| p + skip.min(lines.len() - p))
    });
    if fields.body_start.is_none() {
        // Header fields were still read above; without a body heading the field lines may
        // include remarks, so only the first lines of each field are trusted.
    }
    let attendee_text = read_fields(&mut h, &fields.lines);
    if h.date.is_none() {
        for t in &h.title {
            if let Some(d) = date::find_date(t) {
                h.date = Some(d);
                break;
            }
        }
    }
    for (g, text) in attendee_text {
        if is_ministry(&g) && h.ministry.is_empty() {
            h.ministry = g.clone();
        }
        for name in split_names(&text) {
            h.attendees.push(Attendee {
                name,
                group: g.clone(),
            });
        }
    }
    h
}

/// The title: the non-blank lines before the first header field or label, at most three.
/// Gives them and the index of the line to read the fields from.
fn title_lines(lines: &[Line], trace: &mut Trace) -> (Vec<String>, usize) {
    let mut title: Vec<String> = Vec::new();
    let mut i = 0;
    while i < lines.len() && lines[i].is_blank() {
        i += 1;
    }
    while i < lines.len() && title.len() < 3 {
        let l = &lines[i];
        if l.is_blank() {
            let next_names_document = lines[i..]
                .iter()
                .find(|l| !l.is_blank())
                .is_some_and(|l| names_document(l.norm));
            if !title.is_empty()
                && !title_continues(&title)
                && !title.iter().all(|t| session_only(t))
                && !next_names_document
            {
                break;
            }
            i += 1;
            continue;
        }
        // A cover's last line names the document (`議 事 録` under `第25回` and the body's
        // name): the end of the title, not the body heading, while no title line named it.
        let doc_word = names_document(l.norm)
            && !title.is_empty()
            && !title.iter().any(|t| is_title_end(t) && !session_only(t));
        if !doc_word
            && (header_field(l.norm).is_some() || parse_label_line(l.norm, l.orig).is_some())
        {
            break;
        }
        if doc_word {
            title.push(l.norm.chars().filter(|c| !c.is_whitespace()).collect());
        } else {
            title.push(l.norm.to_string());
        }
        trace.set(i, LineKind::Title);
        i += 1;
        if doc_word || (is_title_end(l.norm) && !session_only(l.norm)) {
            break;
        }
    }
    (title, i)
}

/// A line that is only the document's kind (`議事録`, `議 事 要 旨`), unnumbered.
fn names_document(norm: &str) -> bool {
    matches!(header_field(norm), Some((Field::Body, v)) if v.is_empty())
        && !NUMBERING.is_match(norm)
}

/// A title line that gives only the meeting's number (`第25回`, `（第3回）`): the title goes on.
fn session_only(norm: &str) -> bool {
    static ONLY: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"^[(（]?第\s*[0-9一二三四五六七八九十百]+\s*回[)）]?$").unwrap());
    ONLY.is_match(norm.trim())
}

/// The header's field lines, each with the field it belongs to.
struct FieldLines {
    lines: Vec<(Field, String)>,
    /// The line the body starts on, when a body heading (`5. 議事概要`) was found: the line
    /// after it, or the heading's own line when text follows it there.
    body_start: Option<usize>,
    /// A header field (日時, 出席者 …) was found.
    saw_field: bool,
}

/// Reads the field lines from line `i` on, until the body heading (or, in minutes without
/// fields, the first label or bullet; in the Diet style, the first `○` speaker).
fn field_lines(lines: &[Line], mut i: usize, trace: &mut Trace) -> FieldLines {
    let mut field = Field::Other;
    let mut out = FieldLines {
        lines: Vec::new(),
        body_start: None,
        saw_field: false,
    };
    while i < lines.len() {
        let l = &lines[i];
        i += 1;
        if l.is_blank() {
            continue;
        }
        if let Some((f, value)) = header_field(l.norm) {
            out.saw_field = true;
            trace.set(i - 1, field_kind(f));
            if f == Field::Body {
                out.body_start = Some(i);
                if !value.is_empty() {
                    out.body_start = Some(i - 1);
                }
                break;
            }
            field = f;
            if !value.is_empty() {
                out.lines.push((f, value));
            }
            continue;
        }
        if !out.saw_field
            && (parse_label_line(l.norm, l.orig).is_some() || bullet(l.norm).is_some())
        {
            break; // minutes with no header fields: the body starts here
        }
        if l.norm.starts_with(['○', '◯']) && parse_label_line(l.norm, l.orig).is_some() {
            // The first ○ speaker ends the fields (Diet style, and minutes whose fields stop
            // without a body heading): the body starts there.
            if out.saw_field {
                out.body_start = Some(i - 1);
            }
            break;
        }
        out.lines.push((field, l.norm.to_string()));
        trace.set(i - 1, field_kind(field));
    }
    out
}

/// Interprets the field lines: sets the header's date, times, place and materials, and gives
/// the attendee entries' text by group (group, text).
fn read_fields(h: &mut Header, field_lines: &[(Field, String)]) -> Vec<(String, String)> {
    let mut attendee_text: Vec<(String, String)> = Vec::new(); // (group, text)
    let mut group = String::new();
    for (f, v) in field_lines {
        match f {
            Field::Date | Field::DatePlace => read_date_field(h, *f, v),
            Field::Place => {
                if h.place.is_none() {
                    h.place = Some(v.clone());
                }
            }
            Field::Attendees => {
                if let Some(g) = group_heading(v) {
                    group = g;
                    continue;
                }
                // 委員 : 村井委員(座長)、…   /   オブザーバ: …
                if let Some((g, rest)) = inline_group(v) {
                    group = g;
                    attendee_text.push((group.clone(), rest));
                    continue;
                }
                match attendee_text.last_mut() {
                    Some((g, t)) if *g == group => t.push_str(v),
                    _ => attendee_text.push((group.clone(), v.clone())),
                }
            }
            Field::Materials => {
                if starts_material(v) || h.materials.is_empty() {
                    h.materials.push(v.clone());
                } else if let Some(last) = h.materials.last_mut() {
                    last.push_str(v);
                }
            }
            _ => {
                if h.date.is_none() {
                    if let Some(d) = date::find_date(v) {
                        h.date = Some(d);
                        if h.times.is_none() {
                            h.times = date::find_time_range(v);
                        }
                    }
                }
            }
        }
    }
    attendee_text
}

/// A 日時 or 日時・場所 field line (`f`): the date and times, and the place when the line gives
/// one (`場所：…` inside it, or a 日時・場所 line with no date of its own).
fn read_date_field(h: &mut Header, f: Field, v: &str) {
    if let Some((sub, val)) = header_field(v) {
        match sub {
            Field::Place if h.place.is_none() => h.place = Some(val.clone()),
            Field::Date | Field::DatePlace => set_date(h, &val),
            _ => {}
        }
    } else {
        set_date(h, v);
        if f == Field::DatePlace
            && h.date.is_some()
            && h.place.is_none()
            && date::find_date(v).is_none()
        {
            h.place = Some(v.to_string());
        }
    }
}

/// What a header field's lines are, for `--explain`.
fn field_kind(f: Field) -> LineKind {
    match f {
        Field::Attendees => LineKind::Attendee,
        Field::Materials => LineKind::Material,
        Field::Agenda => LineKind::Agenda,
        _ => LineKind::Header,
    }
}

fn set_date(h: &mut Header, v: &str) {
    if h.date.is_none() {
        h.date = date::find_date(v);
    }
    if h.times.is_none() {
        h.times = date::find_time_range(v);
    }
}

fn starts_material(v: &str) -> bool {
    static M: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"^(?:[・\-]\s*)?(?:参考資料|資料|別紙|別添|机上配布|席上配布|議事次第|委員名簿|構成員名簿|[0-9]+[.)])").unwrap()
    });
    M.is_match(v)
}

/// A ministry attendee entry as a roster person: `仲上竜太（一般社団法人…）` → 仲上竜太,
/// `後藤座長` → 後藤 with the post 座長.
pub(super) fn attendee_person(entry: &str) -> Option<Person> {
    let compact = without_spaces(entry);
    if let Some(l) = read_label(&compact, false) {
        return (!l.speaker.is_empty()).then_some(Person {
            name: l.speaker,
            surname: None,
            position: l.position,
            seat: None,
        });
    }
    let name = compact.split(['(', '（']).next().unwrap_or("");
    let n = name.chars().count();
    ((2..=8).contains(&n) && name.chars().all(crate::parse::roles::is_name_char)).then(|| Person {
        name: name.to_string(),
        surname: None,
        position: String::new(),
        seat: None,
    })
}

fn group_heading(v: &str) -> Option<String> {
    let t = v.trim();
    let inner = t
        .strip_prefix('【')
        .and_then(|s| s.strip_suffix('】'))
        .or_else(|| t.strip_prefix('[').and_then(|s| s.strip_suffix(']')))
        .or_else(|| t.strip_prefix('<').and_then(|s| s.strip_suffix('>')))
        .or_else(|| t.strip_prefix('〈').and_then(|s| s.strip_suffix('〉')))
        .or_else(|| t.strip_prefix('(').and_then(|s| s.strip_suffix(')')))?;
    (!inner.is_empty() && inner.chars().count() <= 20).then(|| inner.trim().to_string())
}

fn inline_group(v: &str) -> Option<(String, String)> {
    let i = v.find(':')?;
    let g = v[..i].trim();
    if g.is_empty() || g.chars().count() > 16 || g.contains(['、', '(']) {
        return None;
    }
    Some((g.to_string(), v[i + 1..].trim().to_string()))
}

fn split_names(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut cur = String::new();
    for c in text.chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth -= 1,
            _ => {}
        }
        if depth <= 0 && matches!(c, '、' | ',' | '，') {
            push_name(&mut out, &cur);
            cur.clear();
            depth = 0;
        } else {
            cur.push(c);
        }
    }
    push_name(&mut out, &cur);
    out
}

fn push_name(out: &mut Vec<String>, s: &str) {
    let t: String = s.trim().trim_end_matches(['。', '等']).trim().to_string();
    if !t.is_empty() && t != "以上" {
        out.push(t);
    }
}
