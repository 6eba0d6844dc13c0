//! Ministry and council minutes (議事要旨, 議事録): a header of numbered fields (日時, 場所,
//! 出席者 by group, 配布資料), then the proceedings.
//!
//! Takes the file's lines; gives the header's facts and the remarks. Two body styles are
//! recognised and may mix: *labelled* (a speaker label on its own line or at the start of a line,
//! then the remark; see [`crate::parse::label`]) and *bulleted* (`・`/`○` bullets, either
//! anonymous members' opinions under topic headings or attributed by an introducing line such as
//! 「冒頭、梶山経済産業大臣から以下のとおり挨拶。」). Headings, attendee lists, materials, agenda
//! lines, `以上` and contact footers are never remark text.

use once_cell::sync::Lazy;
use regex::Regex;

use super::Style;
use crate::model::{Attendee, Remark, Role};
use crate::parse::date;
use crate::parse::explain::{LineKind, Trace};
use crate::parse::label::{self, parse_label_line, read_label, Label};
use crate::parse::lines::{ends_sentence, has_heading_mark, is_page_number, join_lines, Line};
use crate::parse::nfkc;
use crate::parse::roster::{Person, Roster};

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

/// A ministry attendee entry as a roster person: `仲上竜太（一般社団法人…）` → 仲上竜太,
/// `後藤座長` → 後藤 with the post 座長.
fn attendee_person(entry: &str) -> Option<Person> {
    let compact: String = entry.chars().filter(|c| !c.is_whitespace()).collect();
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

// ---------------------------------------------------------------------------------------------
// Header

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
    let numbered = NUMBERING.find(norm);
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
    let name: String = name_part.chars().filter(|c| !c.is_whitespace()).collect();
    if name.is_empty() || name.chars().count() > 8 {
        // Allow "日時 令和…" (name then space then value) for unnumbered lines.
        let mut it = rest.splitn(2, char::is_whitespace);
        let first = it.next().unwrap_or("");
        let f = field_of(first)?;
        if matches!(f, Field::Date | Field::Place | Field::DatePlace) {
            return Some((f, it.next().unwrap_or("").trim().to_string()));
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

struct Header {
    title: Vec<String>,
    date: Option<String>,
    times: Option<(String, String)>,
    place: Option<String>,
    attendees: Vec<Attendee>,
    ministry: String,
    materials: Vec<String>,
    body_start: usize,
    /// A header field (日時, 出席者 …) was found.
    saw_field: bool,
}

const MINISTRY_SUFFIXES: &[&str] = &[
    "省",
    "庁",
    "内閣府",
    "内閣官房",
    "衆議院",
    "参議院",
    "委員会事務局",
];

fn is_ministry(name: &str) -> bool {
    let n = name.trim();
    !n.is_empty() && n.chars().count() <= 16 && MINISTRY_SUFFIXES.iter().any(|s| n.ends_with(s))
}

fn ministry_from_text(title: &[String]) -> Option<String> {
    static M: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(総務省|経済産業省|内閣府|内閣官房|デジタル庁|文部科学省|厚生労働省|国土交通省|防衛省|警察庁|金融庁|外務省|法務省|財務省|環境省|農林水産省|衆議院|参議院)").unwrap()
    });
    title
        .iter()
        .find_map(|t| M.find(t).map(|m| m.as_str().to_string()))
}

/// Reads the header: title lines, the header fields, and where the body starts.
fn read_header(lines: &[Line], trace: &mut Trace) -> Header {
    let mut h = Header {
        title: Vec::new(),
        date: None,
        times: None,
        place: None,
        attendees: Vec::new(),
        ministry: String::new(),
        materials: Vec::new(),
        body_start: 0,
        saw_field: false,
    };
    // Title: the non-blank lines before the first header field or label, at most three.
    let mut i = 0;
    while i < lines.len() && lines[i].is_blank() {
        i += 1;
    }
    while i < lines.len() && h.title.len() < 3 {
        let l = &lines[i];
        if l.is_blank() {
            if !h.title.is_empty() && !title_continues(&h.title) {
                break;
            }
            i += 1;
            continue;
        }
        if header_field(&l.norm).is_some() || parse_label_line(&l.norm, l.orig).is_some() {
            break;
        }
        h.title.push(l.norm.clone());
        trace.set(i, LineKind::Title);
        i += 1;
        if is_title_end(&l.norm) {
            break;
        }
    }
    // Fields, until the body heading.
    let mut field = Field::Other;
    let mut field_lines: Vec<(Field, String)> = Vec::new();
    let mut body_start = None;
    let mut saw_field = false;
    while i < lines.len() {
        let l = &lines[i];
        i += 1;
        if l.is_blank() {
            continue;
        }
        if let Some((f, value)) = header_field(&l.norm) {
            saw_field = true;
            trace.set(i - 1, field_kind(f));
            if f == Field::Body {
                body_start = Some(i);
                if !value.is_empty() {
                    body_start = Some(i - 1);
                }
                break;
            }
            field = f;
            if !value.is_empty() {
                field_lines.push((f, value));
            }
            continue;
        }
        if !saw_field && (parse_label_line(&l.norm, l.orig).is_some() || bullet(&l.norm).is_some())
        {
            break; // minutes with no header fields: the body starts here
        }
        if l.norm.starts_with(['○', '◯']) && parse_label_line(&l.norm, l.orig).is_some() {
            break; // Diet style: the first ○ speaker ends the attendee list
        }
        field_lines.push((field, l.norm.clone()));
        trace.set(i - 1, field_kind(field));
    }
    h.saw_field = saw_field;
    h.body_start = body_start.unwrap_or_else(|| {
        // No body heading: the body starts after the title.
        lines
            .iter()
            .position(|l| !l.is_blank())
            .map_or(0, |p| p + h.title.len().max(1).min(lines.len() - p))
    });
    if body_start.is_none() {
        // Header fields were still read above; without a body heading the field lines may
        // include remarks, so only the first lines of each field are trusted.
    }
    // Interpret the fields.
    let mut attendee_text: Vec<(String, String)> = Vec::new(); // (group, text)
    let mut group = String::new();
    for (f, v) in &field_lines {
        match f {
            Field::Date | Field::DatePlace => {
                if let Some((sub, val)) = header_field(v) {
                    match sub {
                        Field::Place if h.place.is_none() => h.place = Some(val.clone()),
                        Field::Date | Field::DatePlace => set_date(&mut h, &val),
                        _ => {}
                    }
                } else {
                    set_date(&mut h, v);
                    if *f == Field::DatePlace
                        && h.date.is_some()
                        && h.place.is_none()
                        && date::find_date(v).is_none()
                    {
                        h.place = Some(v.clone());
                    }
                }
            }
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

fn title_continues(title: &[String]) -> bool {
    // A first title line naming only the parent body (サイバーセキュリティタスクフォース) continues.
    title.len() == 1 && !is_title_end(&title[0])
}

fn is_title_end(norm: &str) -> bool {
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

fn starts_material(v: &str) -> bool {
    static M: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"^(?:[・\-]\s*)?(?:参考資料|資料|別紙|別添|机上配布|席上配布|議事次第|委員名簿|構成員名簿|[0-9]+[.)])").unwrap()
    });
    M.is_match(v)
}

// ---------------------------------------------------------------------------------------------
// Title

const BODY_SUFFIXES: &[&str] = &[
    "会議",
    "会",
    "委員会",
    "審議会",
    "研究会",
    "検討会",
    "懇談会",
    "協議会",
    "部会",
    "分科会",
    "小委員会",
    "タスクフォース",
    "ワーキンググループ",
    "WG",
    "チーム",
    "本部",
    "調査会",
    "フォーラム",
    "衆議院",
    "参議院",
];

fn is_body_name(s: &str) -> bool {
    BODY_SUFFIXES.iter().any(|b| s.ends_with(b))
}

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
fn read_title(title: &[String]) -> (String, String, Option<u32>) {
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

// ---------------------------------------------------------------------------------------------
// Body

/// A bullet line: its marker and the text after it.
fn bullet(norm: &str) -> Option<(char, &str)> {
    let s = strip_dash(norm);
    let c = s.chars().next()?;
    if matches!(c, '・' | '○' | '◯' | '〇' | '●' | '◎' | '•' | '‧' | '･') {
        let rest = s[c.len_utf8()..].trim_start();
        if rest.is_empty() {
            return None;
        }
        return Some((
            if c == '•' || c == '･' || c == '‧' {
                '・'
            } else {
                c
            },
            rest,
        ));
    }
    None
}

/// Strips a leading `- ` list dash (as PDF-to-text converters write before bullets).
fn strip_dash(s: &str) -> &str {
    for d in ["- ", "-\u{3000}", "‐ ", "− ", "－ ", "－\u{3000}"] {
        if let Some(r) = s.strip_prefix(d) {
            return r.trim_start();
        }
    }
    s
}

fn is_end_marker(norm: &str) -> bool {
    // Cheap rejection first: every marker starts with one of these characters.
    if !norm.starts_with(['以', 'お', '問', '【', '(', '文']) {
        return false;
    }
    let n: String = norm.chars().filter(|c| !c.is_whitespace()).collect();
    n == "以上"
        || n == "(以上)"
        || n.starts_with("お問合せ先")
        || n.starts_with("お問い合わせ先")
        || n.starts_with("問い合わせ先")
        || n.starts_with("問合せ先")
        || n.starts_with("【お問")
        || n.starts_with("【問")
        || n.starts_with("(文責")
        || n.starts_with("文責")
        || n.starts_with("【本件")
        || n.starts_with("(本件")
}

/// A heading that opens the members' opinions (構成員の意見・コメント, 主な意見, その他の御意見).
fn is_opinion_heading(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    t.chars().count() <= 30
        && ["意見", "コメント", "質疑", "討議", "意見交換", "議論"]
            .iter()
            .any(|w| t.contains(w))
        && !t.contains('「')
}

/// An opinion heading with nothing but generic words (構成員の意見・コメント): it opens the
/// opinions but names no topic, so the section stays the agenda item before it. One that names
/// something (その他の御意見) is a topic of its own.
fn is_generic_heading(text: &str) -> bool {
    let mut t: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !"・、。:：()（）◆■□◇-".contains(*c))
        .collect();
    for w in [
        "意見交換",
        "質疑応答",
        "自由討議",
        "構成員",
        "委員",
        "関係者",
        "出席者",
        "参加者",
        "各",
        "主な",
        "意見",
        "コメント",
        "質疑",
        "討議",
        "議論",
        "御",
        "ご",
        "等",
        "の",
        "は",
        "以下",
        "とおり",
        "及び",
        "と",
        "から",
    ] {
        t = t.replace(w, "");
    }
    t.is_empty()
}

/// The section name to record for a heading line: markers removed, cut at the first `、` that
/// is outside brackets (agenda lines go on to say who presented what).
fn section_name(norm: &str) -> String {
    let s = strip_dash(norm);
    let s = s.trim_start_matches(['◆', '■', '□', '◇', '▼', '▽', '▶', '►', ' ', '\u{3000}']);
    let mut depth = 0i32;
    let mut end = s.len();
    for (i, c) in s.char_indices() {
        match c {
            '「' | '(' | '『' | '[' | '（' | '【' | '［' => depth += 1,
            '」' | ')' | '』' | ']' | '）' | '】' | '］' => depth -= 1,
            '、' | '。' if depth <= 0 => {
                end = i;
                break;
            }
            _ => {}
        }
    }
    s[..end].trim().to_string()
}

static INTRO: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(?:冒頭|次に|続いて|続けて|最後に|まず|その後|また|さらに)?[、,]?\s*(?P<who>[^、。,]{1,40}?)(?:から|より)[、,]?\s*(?:以下の?とおり|次のとおり|以下のように|以下の)?\s*(?:ご|御)?(?:挨拶|あいさつ|発言|説明|コメント|意見|講演|報告)").unwrap()
});

/// An introducing line that attributes the bullets after it: 「冒頭、梶山経済産業大臣から以下のとおり挨拶。」
fn intro_label(norm: &str) -> Option<Label> {
    if !(norm.contains("以下") || norm.contains("次のとおり")) {
        return None;
    }
    let c = INTRO.captures(norm)?;
    let l = read_label(c.name("who")?.as_str(), true)?;
    (!l.speaker.is_empty() || matches!(l.role, Role::Official | Role::Collective | Role::Chair))
        .then_some(l)
}

#[derive(Debug, Default)]
struct Body {
    remarks: Vec<Remark>,
    /// Each remark's label (empty for anonymous bullets), for resolving names.
    labels: Vec<Label>,
    /// Speaker labels start the remarks (rather than bullets).
    labelled: bool,
}

struct Open {
    remark: Remark,
    label: Label,
    /// The line the remark starts on.
    line: usize,
    /// Lines of text collected so far: (as written, NFKC-normalized).
    parts: Vec<(String, String)>,
    labelled: bool,
}

fn read_body(lines: &[Line], start: usize, trace: &mut Trace) -> Body {
    let start = start.min(lines.len());
    let body = &lines[start..];
    // Each line's speaker label (a `・` bullet never is one), found once.
    let labels: Vec<Option<label::LabelLine>> = body
        .iter()
        .map(|l| {
            let dot_bullet = bullet(&l.norm).is_some_and(|(m, _)| m == '・');
            if l.is_blank() || dot_bullet {
                None
            } else {
                parse_label_line(strip_dash(&l.norm), strip_dash(l.orig))
            }
        })
        .collect();
    // Labelled style if any line in the body before the end starts with a speaker label.
    let end = body
        .iter()
        .position(|l| is_end_marker(&l.norm))
        .unwrap_or(body.len());
    let labelled_style = labels[..end].iter().any(Option::is_some);
    let has_opinion_marker = body.iter().any(|l| {
        let n = strip_dash(&l.norm);
        (has_heading_mark(n) || !n.contains('。') || n.contains("以下")) && is_opinion_heading(n)
    });

    let mut out = Body {
        labelled: labelled_style,
        ..Body::default()
    };
    let mut open: Option<Open> = None;
    let mut section = String::new();
    let mut opinions = !has_opinion_marker; // no marker at all: every bullet is an opinion
    let mut attribution: Option<Label> = None;

    let close = |open: &mut Option<Open>, out: &mut Body, trace: &mut Trace| {
        if let Some(o) = open.take() {
            let mut r = o.remark;
            (r.text, r.norm) = join_lines(&o.parts);
            if !r.text.is_empty() || o.labelled {
                r.seq = out.remarks.len() as u32 + 1;
                out.remarks.push(r);
                out.labels.push(o.label);
                trace.label_lines.push(o.line);
            }
        }
    };
    let next_nonblank = |i: usize| {
        body[i + 1..]
            .iter()
            .enumerate()
            .find(|(_, l)| !l.is_blank() && !is_page_number(&l.norm))
            .map(|(k, l)| (l, labels[i + 1 + k].is_some()))
    };

    for (i, l) in body.iter().enumerate() {
        let at = start + i;
        if l.is_blank() {
            continue;
        }
        if is_page_number(&l.norm) {
            trace.set(at, LineKind::Dropped);
            continue;
        }
        if is_end_marker(&l.norm) {
            trace.set_range(at, lines.len(), LineKind::Dropped, |k| lines[k].is_blank());
            break;
        }
        let norm = l.norm.as_str();
        let dashless = strip_dash(norm);

        // 1. A speaker label (not a ・ bullet).
        {
            if let Some(ll) = labels[i].clone() {
                close(&mut open, &mut out, trace);
                let mut parts = Vec::new();
                if !ll.rest.is_empty() {
                    parts.push((ll.rest.clone(), nfkc(&ll.rest)));
                }
                trace.set(at, LineKind::Label);
                open = Some(Open {
                    remark: ll.open_remark(&section),
                    label: ll.label,
                    line: at,
                    parts,
                    labelled: true,
                });
                attribution = None;
                continue;
            }
        }

        // 2. Headings.
        let marked_heading = has_heading_mark(dashless) && !dashless.starts_with(['○', '・']);
        if marked_heading {
            let short = dashless.chars().count() <= 80;
            let ends = dashless.ends_with('。');
            let strong = dashless.starts_with(['◆', '■', '□', '◇', '▼', '▽', '▶', '►']);
            // Inside a speaker's remark a numbered line is more likely an enumerated point than
            // a heading: only a following speaker label, strong heading or the end makes it one.
            let in_remark = open.as_ref().is_some_and(|o| o.labelled);
            // The next item of an enumeration already running in the remark is content too.
            let continues_list = in_remark
                && open
                    .as_ref()
                    .and_then(|o| o.parts.last())
                    .is_some_and(|(_, n)| {
                        has_heading_mark(n) && !n.starts_with(['◆', '■', '□', '◇'])
                    });
            let followed_by_structure = next_nonblank(i).is_none_or(|(n, is_label)| {
                let nd = strip_dash(&n.norm);
                is_label
                    || is_end_marker(&n.norm)
                    || nd.starts_with(['◆', '■', '□', '◇'])
                    || (!in_remark && (has_heading_mark(nd) || bullet(&n.norm).is_some()))
            });
            if strong
                || (short && !ends && !continues_list && (followed_by_structure || open.is_none()))
            {
                close(&mut open, &mut out, trace);
                trace.set(at, LineKind::Heading);
                attribution = None;
                let name = section_name(dashless);
                if is_opinion_heading(&name) {
                    opinions = true;
                }
                if !is_generic_heading(&name) {
                    section = section_name(l.orig);
                }
                continue;
            }
        }

        // 3. Bullets.
        if let Some((mark, text)) = bullet(norm) {
            let in_labelled = open.as_ref().is_some_and(|o| o.labelled);
            if mark == '・' && in_labelled {
                trace.set(at, LineKind::Text);
                if let Some(o) = open.as_mut() {
                    o.parts
                        .push((strip_dash(l.orig).to_string(), dashless.to_string()));
                }
                continue;
            }
            // A bullet that starts a remark of its own.
            if labelled_style && mark == '・' && !opinions && attribution.is_none() {
                trace.set(at, LineKind::Agenda);
                continue; // agenda bullets before the discussion
            }
            close(&mut open, &mut out, trace);
            let orig_text = {
                let o = strip_dash(l.orig);
                let c = o.chars().next().map_or(0, char::len_utf8);
                o[c..].trim_start().to_string()
            };
            let (speaker, speaker_label, role) = match &attribution {
                Some(a) => (a.speaker.clone(), a.label.clone(), a.role),
                None => (String::new(), String::new(), Role::Member),
            };
            trace.set(at, LineKind::Text);
            open = Some(Open {
                label: attribution.clone().unwrap_or_default(),
                line: at,
                remark: Remark {
                    seq: 0,
                    speaker,
                    speaker_label,
                    role,
                    section: section.clone(),
                    via_chat: norm.contains("チャット欄"),
                    text: String::new(),
                    norm: String::new(),
                },
                parts: vec![(orig_text, text.to_string())],
                labelled: false,
            });
            continue;
        }

        // 4. Plain text.
        if let Some(o) = open.as_mut() {
            let last = o.parts.last().map(|p| p.1.as_str()).unwrap_or("");
            if o.labelled || !ends_sentence(last) {
                trace.set(at, LineKind::Text);
                o.parts
                    .push((strip_dash(l.orig).to_string(), dashless.to_string()));
                if o.parts.len() <= 2 && o.remark.text.is_empty() {
                    let head: String = norm.chars().take(24).collect();
                    if head.starts_with('(') && head.contains("チャット") {
                        o.remark.via_chat = true;
                    }
                }
                continue;
            }
        }
        // Text outside a remark: an introducing line, an opinion marker, a topic heading or
        // narrative (事務局から説明があった。).
        close(&mut open, &mut out, trace);
        if let Some(lab) = intro_label(norm) {
            trace.set(at, LineKind::Label);
            attribution = Some(lab);
            continue;
        }
        if is_opinion_heading(norm) && (norm.contains("以下") || !norm.contains('。')) {
            trace.set(at, LineKind::Heading);
            opinions = true;
            attribution = None;
            if !is_generic_heading(norm) {
                section = section_name(l.orig);
            }
            continue;
        }
        attribution = None;
        let heading_like = !norm.contains('。') && norm.chars().count() <= 60;
        if heading_like
            && next_nonblank(i).is_some_and(|(n, is_label)| bullet(&n.norm).is_some() || is_label)
        {
            trace.set(at, LineKind::Heading);
            section = section_name(l.orig);
        } else {
            trace.set(at, LineKind::Agenda);
        }
    }
    close(&mut open, &mut out, trace);
    out
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

    #[test]
    fn generic_and_topic_headings() {
        assert!(is_generic_heading("構成員の意見・コメント"));
        assert!(is_generic_heading("各委員の主な意見は以下のとおり。"));
        assert!(is_generic_heading("関係者の意見・コメント"));
        assert!(!is_generic_heading("その他の御意見"));
        assert!(!is_generic_heading("中小企業のサイバーセキュリティ"));
    }

    #[test]
    fn page_numbers_and_end_markers() {
        assert!(is_page_number("- 3 -"));
        assert!(is_page_number("-12-"));
        assert!(is_page_number("3/10"));
        assert!(!is_page_number("3月10日に開催"));
        assert!(is_end_marker("以上"));
        assert!(is_end_marker("以 上"));
        assert!(!is_end_marker("以上のとおり"));
    }
}
