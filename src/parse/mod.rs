//! Parse: turns the decoded text of one minutes file into a [`Meeting`] with its remarks.
//!
//! Takes the text (any line ends already unified to `\n`) and the source's relative path; gives
//! the meeting header (title, committee and parent body, ministry, session, date, times, place,
//! attendees, materials) and the remarks, each attributed to a speaker label where the minutes
//! give one, under the agenda section it stands in. Headings, attendee lists, materials, agenda
//! lines, `以上` and contact footers are never remark text.
//!
//! Two body styles are recognised and may mix: *labelled* (a speaker label on its own line or at
//! the start of a line, then the remark; see [`label`]) and *bulleted* (`・`/`○` bullets, either
//! anonymous members' opinions under topic headings or attributed by an introducing line such as
//! 「冒頭、梶山経済産業大臣から以下のとおり挨拶。」).

pub mod date;
pub mod label;

use once_cell::sync::Lazy;
use regex::Regex;
use unicode_normalization::UnicodeNormalization;

use crate::model::{Attendee, Meeting, Remark, Role};
use label::{parse_label_line, read_label, Label};

/// Why a text could not be read as minutes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("no remarks found: no speaker labels (e.g. `後藤座長)`, `【後藤座長】`, `○後藤座長`) and no opinion bullets")]
    NoRemarks,
}

/// A parsed meeting and what the parser noticed but could work around.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub meeting: Meeting,
    pub warnings: Vec<String>,
}

/// NFKC-normalizes `s` (full-width digits and brackets become ASCII, ideographic space a space).
///
/// Japanese minutes are almost entirely characters NFKC leaves alone (kana, kanji, 、。「」) plus
/// full-width ASCII forms (which NFKC maps one to one onto ASCII); such text is mapped character
/// by character. Anything else (half-width katakana, circled numbers, combining marks …) goes
/// through the full Unicode algorithm.
pub fn nfkc(s: &str) -> String {
    if s.is_ascii() {
        return s.to_string();
    }
    // Runs of characters NFKC keeps are copied whole; only mapped ones are pushed one by one.
    let mut out = String::with_capacity(s.len());
    let mut run = 0;
    for (i, c) in s.char_indices() {
        match simple_nfkc(c) {
            Some(m) if m == c => {}
            Some(m) => {
                out.push_str(&s[run..i]);
                out.push(m);
                run = i + c.len_utf8();
            }
            None => return s.nfkc().collect(),
        }
    }
    out.push_str(&s[run..]);
    out
}

/// The NFKC form of `c` when it is a single character that needs no context (composition with
/// its neighbours), else `None`.
#[inline]
fn simple_nfkc(c: char) -> Option<char> {
    let u = c as u32;
    Some(match u {
        // Combining marks follow their base: leave them to the full algorithm.
        0x00..=0x7F => c,
        0x3000 => ' ',
        0x3001..=0x3002 | 0x3005..=0x3007 | 0x3008..=0x3011 | 0x3014..=0x301B | 0x301C => c,
        // Hiragana and katakana (voiced forms are already composed); not the combining marks
        // U+3099/309A nor the spacing ones U+309B/309C, which NFKC rewrites.
        0x3041..=0x3096 | 0x30A1..=0x30FA | 0x30FB..=0x30FC => c,
        0x4E00..=0x9FFF | 0x3400..=0x4DBF => c,
        // Full-width ASCII forms map onto ASCII.
        0xFF01..=0xFF5E => char::from_u32(u - 0xFEE0)?,
        _ => return None,
    })
}
/// One input line with its normalized form.
struct Line<'a> {
    orig: &'a str,
    norm: String,
}

impl Line<'_> {
    fn is_blank(&self) -> bool {
        self.norm.is_empty()
    }
}

/// The meeting id for a source path: the relative path without its `.txt` extension.
pub fn meeting_id_for(rel: &str) -> String {
    let lower = rel.to_ascii_lowercase();
    if lower.ends_with(".txt") {
        rel[..rel.len() - 4].to_string()
    } else {
        rel.to_string()
    }
}

/// Parses the text of one minutes file. `rel` is the path relative to the corpus folder.
pub fn parse(text: &str, rel: &str) -> Result<Parsed, ParseError> {
    let lines: Vec<Line> = text
        .split('\n')
        .map(|l| {
            let orig = l.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
            let norm = nfkc(orig);
            Line {
                orig,
                norm: if norm.trim().len() == norm.len() {
                    norm
                } else {
                    norm.trim().to_string()
                },
            }
        })
        .collect();
    let mut warnings = Vec::new();
    let header = read_header(&lines);
    let body = read_body(&lines, header.body_start);
    if body.remarks.is_empty() {
        return Err(ParseError::NoRemarks);
    }
    let (committee, parent, session) = read_title(&header.title);
    let mut ministry = header.ministry.clone();
    if ministry.is_empty() {
        ministry = ministry_from_text(&header.title).unwrap_or_default();
    }
    if header.date.is_none() {
        warnings.push("no meeting date found in the header".to_string());
    }
    if committee.is_empty() {
        warnings.push("no committee name found in the title".to_string());
    }
    let meeting = Meeting {
        meeting_id: meeting_id_for(rel),
        source: rel.to_string(),
        title: header.title.join(" "),
        committee,
        parent,
        ministry,
        session,
        date: header.date,
        start_time: header.times.as_ref().map(|t| t.0.clone()),
        end_time: header.times.map(|t| t.1),
        place: header.place,
        attendees: header.attendees,
        materials: header.materials,
        remarks: body.remarks,
    };
    Ok(Parsed { meeting, warnings })
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
fn read_header(lines: &[Line]) -> Header {
    let mut h = Header {
        title: Vec::new(),
        date: None,
        times: None,
        place: None,
        attendees: Vec::new(),
        ministry: String::new(),
        materials: Vec::new(),
        body_start: 0,
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
    }
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

static PAGE_NUMBER: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(?:[-‐−―ー—]\s*[0-9]+\s*[-‐−―ー—]|[0-9]+\s*/\s*[0-9]+|[0-9]{1,3}|[0-9]+\s*ページ|p\.\s*[0-9]+|\([0-9]+\)\s*$)$").unwrap()
});

/// Page numbers (`- 3 -`, `3/10`) and rules (`――――`, `＊＊＊`): page layout, never text.
fn is_page_number(norm: &str) -> bool {
    PAGE_NUMBER.is_match(norm)
        || (norm.chars().count() >= 3
            && norm.chars().all(|c| {
                matches!(
                    c,
                    '―' | '─' | '━' | '-' | 'ー' | '=' | '*' | '・' | '.' | '_' | '〜' | '~' | ' '
                )
            }))
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

static HEADING_MARK: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(?:[◆■□◇▼▽▶►]|\([0-9]{1,2}\)|[0-9]{1,2}[.)](?:\s|[^0-9])|[①-⑳]|第[0-9一二三四五六七八九十]+[\s章節]|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]\s*[.]?)").unwrap()
});

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

fn ends_sentence(s: &str) -> bool {
    s.trim_end()
        .ends_with(['。', '．', '!', '?', '」', '』', ')', '）', '！', '？'])
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

#[derive(Debug)]
struct Body {
    remarks: Vec<Remark>,
}

struct Open {
    remark: Remark,
    /// Lines of text collected so far: (as written, NFKC-normalized).
    parts: Vec<(String, String)>,
    labelled: bool,
}

/// How text lines join into a remark: a line that does not end a sentence continues on the next
/// (page layout broke it); one that does starts a new paragraph. Gives the text as written and
/// its NFKC form, joined at the same places (decided on the normalized lines).
fn join_lines(parts: &[(String, String)]) -> (String, String) {
    let mut out = String::new();
    let mut norm = String::new();
    for (p, n) in parts {
        let (p, n) = (p.trim(), n.trim());
        if p.is_empty() {
            continue;
        }
        if !norm.is_empty() {
            // Words of Latin letters or digits broken across lines keep a space, judged on the
            // characters as written (③ is not a digit there, though NFKC makes it 3).
            let prev = out.chars().next_back().unwrap_or(' ');
            let next = p.chars().next().unwrap_or(' ');
            let sep = if ends_sentence(&norm)
                || n.starts_with(['・', '○', '◯', '●'])
                || HEADING_MARK.is_match(n)
            {
                "\n"
            } else if prev.is_ascii_alphanumeric() && next.is_ascii_alphanumeric() {
                " "
            } else {
                ""
            };
            out.push_str(sep);
            norm.push_str(sep);
        }
        out.push_str(p);
        norm.push_str(n);
    }
    (out, norm)
}

fn read_body(lines: &[Line], start: usize) -> Body {
    let body = &lines[start.min(lines.len())..];
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
        (HEADING_MARK.is_match(n) || !n.contains('。') || n.contains("以下"))
            && is_opinion_heading(n)
    });

    let mut remarks: Vec<Remark> = Vec::new();
    let mut open: Option<Open> = None;
    let mut section = String::new();
    let mut opinions = !has_opinion_marker; // no marker at all: every bullet is an opinion
    let mut attribution: Option<Label> = None;

    let close = |open: &mut Option<Open>, remarks: &mut Vec<Remark>| {
        if let Some(o) = open.take() {
            let mut r = o.remark;
            (r.text, r.norm) = join_lines(&o.parts);
            if !r.text.is_empty() || o.labelled {
                r.seq = remarks.len() as u32 + 1;
                remarks.push(r);
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
        if l.is_blank() || is_page_number(&l.norm) {
            continue;
        }
        if is_end_marker(&l.norm) {
            break;
        }
        let norm = l.norm.as_str();
        let dashless = strip_dash(norm);

        // 1. A speaker label (not a ・ bullet).
        {
            if let Some(ll) = labels[i].clone() {
                close(&mut open, &mut remarks);
                let mut parts = Vec::new();
                if !ll.rest.is_empty() {
                    parts.push((ll.rest.clone(), nfkc(&ll.rest)));
                }
                open = Some(Open {
                    remark: Remark {
                        seq: 0,
                        speaker: ll.label.speaker,
                        speaker_label: ll.label.label,
                        role: ll.label.role,
                        section: section.clone(),
                        via_chat: ll.via_chat,
                        text: String::new(),
                        norm: String::new(),
                    },
                    parts,
                    labelled: true,
                });
                attribution = None;
                continue;
            }
        }

        // 2. Headings.
        let marked_heading = HEADING_MARK.is_match(dashless) && !dashless.starts_with(['○', '・']);
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
                        HEADING_MARK.is_match(n) && !n.starts_with(['◆', '■', '□', '◇'])
                    });
            let followed_by_structure = next_nonblank(i).is_none_or(|(n, is_label)| {
                let nd = strip_dash(&n.norm);
                is_label
                    || is_end_marker(&n.norm)
                    || nd.starts_with(['◆', '■', '□', '◇'])
                    || (!in_remark && (HEADING_MARK.is_match(nd) || bullet(&n.norm).is_some()))
            });
            if strong
                || (short && !ends && !continues_list && (followed_by_structure || open.is_none()))
            {
                close(&mut open, &mut remarks);
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
                if let Some(o) = open.as_mut() {
                    o.parts
                        .push((strip_dash(l.orig).to_string(), dashless.to_string()));
                }
                continue;
            }
            // A bullet that starts a remark of its own.
            if labelled_style && mark == '・' && !opinions && attribution.is_none() {
                continue; // agenda bullets before the discussion
            }
            close(&mut open, &mut remarks);
            let orig_text = {
                let o = strip_dash(l.orig);
                let c = o.chars().next().map_or(0, char::len_utf8);
                o[c..].trim_start().to_string()
            };
            let (speaker, speaker_label, role) = match &attribution {
                Some(a) => (a.speaker.clone(), a.label.clone(), a.role),
                None => (String::new(), String::new(), Role::Member),
            };
            open = Some(Open {
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
        close(&mut open, &mut remarks);
        if let Some(lab) = intro_label(norm) {
            attribution = Some(lab);
            continue;
        }
        if is_opinion_heading(norm) && (norm.contains("以下") || !norm.contains('。')) {
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
            section = section_name(l.orig);
        }
    }
    close(&mut open, &mut remarks);
    Body { remarks }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn speakers(p: &Parsed) -> Vec<(String, Role)> {
        p.meeting
            .remarks
            .iter()
            .map(|r| (r.speaker.clone(), r.role))
            .collect()
    }

    const LABELLED: &str = "\
総務省 サイバー政策懇談会（第十回）議事録

1. 日時：令和７年１月２０日（月）１０：００～１１：３０
2. 場所：オンライン
3. 出席者：
【構成員】
後藤座長、山田構成員、
田中構成員
【総務省】
鈴木参事官
4. 配布資料
資料10-1 論点整理
資料10-2 今後の進め方
5. 議事概要
(1) 論点整理について
【後藤座長】
では始めます。IoT の議論を
続けます。

- 3 -

【山田構成員】
サプライチェーンの話です。
○田中構成員　一行で書かれた発言です。
田中構成員：コロン形式の発言です。
（鈴木参事官）括弧形式の回答です。
以上
お問合せ先：総務省
";

    #[test]
    fn labelled_house_styles() {
        let p = parse(LABELLED, "x/y.txt").unwrap();
        let m = &p.meeting;
        assert_eq!(m.meeting_id, "x/y");
        assert_eq!(m.committee, "サイバー政策懇談会");
        assert_eq!(m.ministry, "総務省");
        assert_eq!(m.session, Some(10));
        assert_eq!(m.date.as_deref(), Some("2025-01-20"));
        assert_eq!(m.start_time.as_deref(), Some("10:00"));
        assert_eq!(m.end_time.as_deref(), Some("11:30"));
        assert_eq!(m.place.as_deref(), Some("オンライン"));
        assert_eq!(m.materials.len(), 2);
        assert_eq!(m.attendees.len(), 4);
        assert_eq!(m.attendees[2].name, "田中構成員");
        assert_eq!(m.attendees[3].group, "総務省");
        assert_eq!(
            speakers(&p),
            vec![
                ("後藤".to_string(), Role::Chair),
                ("山田".to_string(), Role::Member),
                ("田中".to_string(), Role::Member),
                ("田中".to_string(), Role::Member),
                ("鈴木".to_string(), Role::Official),
            ]
        );
        assert_eq!(m.remarks[0].text, "では始めます。IoT の議論を続けます。");
        assert_eq!(m.remarks[0].section, "(1) 論点整理について");
        assert_eq!(m.remarks[2].text, "一行で書かれた発言です。");
        assert_eq!(m.remarks[4].text, "括弧形式の回答です。");
        assert!(m.remarks.iter().all(|r| !r.text.contains("問合せ")));
    }

    const BULLETS: &str = "\
第3回 産業セキュリティ研究会 議事要旨

日時：平成31年4月26日(金) 10時00分～12時00分
場所：経済産業省本館

出席者
委員：山田委員(座長)、佐藤委員
経済産業省：世耕経済産業大臣

議事内容
冒頭、世耕経済産業大臣から以下のとおり挨拶。
・ 本日はお集まりいただきありがとうございます。
・ サプライチェーン対策を進めたい。
主な意見
中小企業の対策
・ 中小企業の対策は遅れており、
支援が必要。
・ 人材が足りない。
○ 丸印の意見もある。
以上
";

    #[test]
    fn bulleted_minutes() {
        let p = parse(BULLETS, "b.txt").unwrap();
        let m = &p.meeting;
        assert_eq!(m.committee, "産業セキュリティ研究会");
        assert_eq!(m.session, Some(3));
        assert_eq!(m.date.as_deref(), Some("2019-04-26"));
        assert_eq!(m.ministry, "経済産業省");
        let s = speakers(&p);
        assert_eq!(s.len(), 5, "{:#?}", m.remarks);
        assert_eq!(s[0], ("世耕".to_string(), Role::Minister));
        assert_eq!(s[1].0, "世耕");
        assert_eq!(s[2], (String::new(), Role::Member));
        assert_eq!(
            m.remarks[2].text,
            "中小企業の対策は遅れており、支援が必要。"
        );
        assert_eq!(m.remarks[2].section, "中小企業の対策");
        assert_eq!(m.remarks[4].text, "丸印の意見もある。");
    }

    const DIET: &str = "\
第211回国会 衆議院 総務委員会 第5号
令和五年三月十日（金曜日）
    午前九時開議
 出席委員
   委員長 浮島 智子君
   理事 山田 太郎君
○浮島委員長　これより会議を開きます。
　内閣提出、放送法の一部を改正する法律案を議題といたします。
○高市国務大臣　ただいま議題となりました法律案について説明します。
○政府参考人（竹内芳明君）　お答えいたします。
○山田委員　通信の秘密について伺います。
    ―――――――――――――
";

    #[test]
    fn diet_record_style() {
        let p = parse(DIET, "diet.txt").unwrap();
        let m = &p.meeting;
        assert_eq!(m.committee, "総務委員会");
        assert_eq!(m.ministry, "衆議院");
        assert_eq!(m.parent, "");
        assert_eq!(m.session, Some(5));
        assert_eq!(m.date.as_deref(), Some("2023-03-10"));
        assert_eq!(
            speakers(&p),
            vec![
                ("浮島".to_string(), Role::Chair),
                ("高市".to_string(), Role::Minister),
                ("竹内芳明".to_string(), Role::Official),
                ("山田".to_string(), Role::Member),
            ]
        );
        assert_eq!(
            m.remarks[0].text,
            "これより会議を開きます。\n内閣提出、放送法の一部を改正する法律案を議題といたします。"
        );
        assert_eq!(m.remarks[3].text, "通信の秘密について伺います。");
        assert!(m
            .attendees
            .iter()
            .all(|a| !a.name.contains("会議を開きます")));
    }

    const PAREN_COLON: &str = "\
情報政策懇談会（第２回）議事要旨
日時：2024年7月3日（水）14:00-16:00
議事概要
（後藤座長）それでは始めます。
後藤座長：続けます。
（事務局）資料を説明します。
・ 箇条書きの補足です。
全構成員：異議なし。
";

    #[test]
    fn paren_and_colon_styles_with_western_date() {
        let p = parse(PAREN_COLON, "pc.txt").unwrap();
        let m = &p.meeting;
        assert_eq!(
            (m.committee.as_str(), m.session),
            ("情報政策懇談会", Some(2))
        );
        assert_eq!(m.date.as_deref(), Some("2024-07-03"));
        assert_eq!(
            (m.start_time.as_deref(), m.end_time.as_deref()),
            (Some("14:00"), Some("16:00"))
        );
        let s = speakers(&p);
        assert_eq!(s.len(), 4, "{:#?}", m.remarks);
        assert_eq!(s[0], ("後藤".to_string(), Role::Chair));
        assert_eq!(s[2], (String::new(), Role::Official));
        assert_eq!(m.remarks[2].speaker_label, "事務局");
        assert_eq!(
            m.remarks[2].text,
            "資料を説明します。\n・ 箇条書きの補足です。"
        );
        assert_eq!(s[3].1, Role::Collective);
    }

    #[test]
    fn enumerated_points_inside_a_remark_stay_in_it() {
        let t = "研究会（第1回）議事録\n議事概要\n(1) 論点について\n【後藤座長】\n以下の2点を申し上げる。\n1. 人材育成\n2. 国際連携\n【事務局】\n承知した。\n(2) その他\n【後藤座長】\n閉会する。\n";
        let p = parse(t, "e.txt").unwrap();
        let r = &p.meeting.remarks;
        assert_eq!(r.len(), 3, "{r:#?}");
        assert_eq!(
            r[0].text,
            "以下の2点を申し上げる。\n1. 人材育成\n2. 国際連携"
        );
        assert_eq!(r[0].section, "(1) 論点について");
        assert_eq!(
            (r[1].speaker_label.as_str(), r[1].role),
            ("事務局", Role::Official)
        );
        assert_eq!(r[2].section, "(2) その他");
    }

    #[test]
    fn no_remarks_is_an_error() {
        let t = "何かの文書\n\n本文だけがあり、発言者はいない。\n";
        assert_eq!(parse(t, "n.txt").unwrap_err(), ParseError::NoRemarks);
    }

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
    fn fast_nfkc_agrees_with_the_unicode_algorithm() {
        let reference = |s: &str| -> String { s.nfkc().collect() };
        for s in [
            "ＮＯＴＩＣＥの取組（資料１６－１）　について。",
            "ｻﾌﾟﾗｲﾁｪｰﾝ対策",
            "①②③ ㈱ ㍻ ﾊﾟｿｺﾝ",
            "か\u{3099}が ゛゜ ヴ ゔ",
            "「サプライチェーン」、通信の秘密。〜～",
            "Ｃ＆Ｃサーバ　ＩｏＴ",
            "é e\u{301} ﬁ ℃ ¼",
        ] {
            assert_eq!(nfkc(s), reference(s), "{s}");
        }
        // Every character the fast path maps, one by one.
        for u in (0u32..0x10000).filter_map(char::from_u32) {
            if let Some(m) = simple_nfkc(u) {
                assert_eq!(
                    m.to_string(),
                    reference(&u.to_string()),
                    "U+{:04X}",
                    u as u32
                );
            }
        }
    }

    proptest::proptest! {
        /// Mixed text (kept runs, mapped full-width forms, combining marks that compose with
        /// the character before) normalizes exactly as the Unicode algorithm does.
        #[test]
        fn fast_nfkc_agrees_on_mixed_text(
            s in "(a|Z| |9|\\(|（|１|Ａ|　|あ|か|\u{3099}|\u{301}|e|ｶ|ﾞ|漢|字|、|。|①|ー|・|\t){0,24}"
        ) {
            let reference: String = s.nfkc().collect();
            proptest::prop_assert_eq!(nfkc(&s), reference);
        }
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
