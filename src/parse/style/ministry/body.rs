//! The body of ministry minutes: remarks opened by speaker labels or by bullets, under the
//! section of the heading before them, up to the end marker (`以上`, a contact footer).
//!
//! Takes the file's lines and the line the body starts on; gives the remarks, each one's label,
//! and whether speaker labels (rather than bullets) open them. What a body line is: a bullet
//! (`・`, `○`, after an optional list dash), a line introducing bullets (「冒頭、梶山経済産業大臣
//! から以下のとおり挨拶。」) or a heading (the ones opening the members' opinions, section names).

use once_cell::sync::Lazy;
use regex::Regex;

use crate::model::{Remark, Role};
use crate::parse::explain::{LineKind, Trace};
use crate::parse::label::{parse_label_line, read_label, Label, LabelLine};
use crate::parse::lines::{
    ends_sentence, has_heading_mark, is_page_number, join_lines, without_spaces, Line, Part,
};
use crate::parse::nfkc;

/// Whether a line ends the minutes' text: `以上`, a contact footer, a note of who wrote them.
fn is_end_marker(norm: &str) -> bool {
    // Cheap rejection first: every marker starts with one of these characters.
    if !norm.starts_with(['以', 'お', '問', '【', '(', '文']) {
        return false;
    }
    let n = without_spaces(norm);
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

/// What the body gives.
#[derive(Debug, Default)]
pub(super) struct Body {
    pub(super) remarks: Vec<Remark>,
    /// Each remark's label (empty for anonymous bullets), for resolving names.
    pub(super) labels: Vec<Label>,
    /// Speaker labels start the remarks (rather than bullets).
    pub(super) labelled: bool,
}

struct Open<'a> {
    remark: Remark,
    label: Label,
    /// The line the remark starts on.
    line: usize,
    /// Lines of text collected so far: (as written, NFKC-normalized).
    parts: Vec<Part<'a>>,
    labelled: bool,
}

/// Reads the body from line `start` on.
pub(super) fn read_body(lines: &[Line], start: usize, trace: &mut Trace) -> Body {
    let start = start.min(lines.len());
    let body = &lines[start..];
    // Each line's speaker label (a `・` bullet never is one), found once.
    let labels: Vec<Option<LabelLine>> = body
        .iter()
        .map(|l| {
            let dot_bullet = bullet(l.norm).is_some_and(|(m, _)| m == '・');
            if l.is_blank() || dot_bullet {
                None
            } else {
                parse_label_line(strip_dash(l.norm), strip_dash(l.orig))
            }
        })
        .collect();
    // Labelled style if any line in the body before the end starts with a speaker label.
    let end = body
        .iter()
        .position(|l| is_end_marker(l.norm))
        .unwrap_or(body.len());
    let labelled_style = labels[..end].iter().any(Option::is_some);
    let has_opinion_marker = body.iter().any(|l| {
        let n = strip_dash(l.norm);
        (has_heading_mark(n) || !n.contains('。') || n.contains("以下")) && is_opinion_heading(n)
    });

    let mut r = Reader {
        body,
        labels,
        start,
        labelled_style,
        trace,
        out: Body {
            labelled: labelled_style,
            ..Body::default()
        },
        open: None,
        section: String::new(),
        opinions: !has_opinion_marker, // no marker at all: every bullet is an opinion
        attribution: None,
    };
    for (i, l) in body.iter().enumerate() {
        let at = start + i;
        if l.is_blank() {
            continue;
        }
        if is_page_number(l.norm) {
            r.trace.set(at, LineKind::Dropped);
            continue;
        }
        if is_end_marker(l.norm) {
            r.trace
                .set_range(at, lines.len(), LineKind::Dropped, |k| lines[k].is_blank());
            break;
        }
        // A line is tried as, in turn: a speaker label, a heading, a bullet, text of the open
        // remark; else it is text outside a remark.
        let taken = r.take_label(i) || r.take_heading(i) || r.take_bullet(i) || r.take_text(i);
        if !taken {
            r.outside_remark(i);
        }
    }
    r.close();
    r.out
}

/// The body reader as it goes through the lines: what it has read and the remark it is in.
struct Reader<'a> {
    /// The body's lines (from the line it starts on).
    body: &'a [Line<'a>],
    /// Each body line's speaker label.
    labels: Vec<Option<LabelLine>>,
    /// The body's first line in the file: `start + i` is body line `i` in the trace.
    start: usize,
    /// Some line before the end starts with a speaker label.
    labelled_style: bool,
    trace: &'a mut Trace,
    out: Body,
    /// The remark being read.
    open: Option<Open<'a>>,
    /// The section remarks opened now go under.
    section: String,
    /// Bullets are members' opinions (an opinion heading has been passed, or there is none).
    opinions: bool,
    /// Who an introducing line said the bullets after it are from.
    attribution: Option<Label>,
}

impl<'a> Reader<'a> {
    /// Ends the open remark; it is kept when it has text or a label opened it.
    fn close(&mut self) {
        if let Some(o) = self.open.take() {
            let mut r = o.remark;
            (r.text, r.norm) = join_lines(&o.parts);
            if !r.text.is_empty() || o.labelled {
                r.seq = self.out.remarks.len() as u32 + 1;
                self.out.remarks.push(r);
                self.out.labels.push(o.label);
                self.trace.label_lines.push(o.line);
            }
        }
    }

    /// The next line after body line `i` with text (page numbers skipped), and whether it is a
    /// speaker label.
    fn next_nonblank(&self, i: usize) -> Option<(&'a Line<'a>, bool)> {
        self.body[i + 1..]
            .iter()
            .enumerate()
            .find(|(_, l)| !l.is_blank() && !is_page_number(l.norm))
            .map(|(k, l)| (l, self.labels[i + 1 + k].is_some()))
    }

    /// A speaker label (not a ・ bullet) opens a remark.
    fn take_label(&mut self, i: usize) -> bool {
        // Lines are read in order and only later lines' labels are looked at again.
        let Some(ll) = self.labels[i].take() else {
            return false;
        };
        let at = self.start + i;
        self.close();
        let remark = ll.open_remark(&self.section);
        let mut parts = Vec::new();
        if !ll.rest.is_empty() {
            let norm = nfkc(&ll.rest);
            parts.push((ll.rest.into(), norm.into()));
        }
        self.trace.set(at, LineKind::Label);
        self.open = Some(Open {
            remark,
            label: ll.label,
            line: at,
            parts,
            labelled: true,
        });
        self.attribution = None;
        true
    }

    /// A heading (numbered, `◆`, `■` …) ends the remark and may name the section.
    fn take_heading(&mut self, i: usize) -> bool {
        let body = self.body;
        let l = &body[i];
        let dashless = strip_dash(l.norm);
        let marked_heading = has_heading_mark(dashless) && !dashless.starts_with(['○', '・']);
        if !marked_heading || !self.is_heading(i, dashless) {
            return false;
        }
        self.close();
        self.trace.set(self.start + i, LineKind::Heading);
        self.attribution = None;
        let name = section_name(dashless);
        if is_opinion_heading(&name) {
            self.opinions = true;
        }
        if !is_generic_heading(&name) {
            self.section = section_name(l.orig);
        }
        true
    }

    /// Whether the line at `i` with a heading mark (`dashless`: its text without a list dash) is
    /// a heading rather than a point of the remark it stands in.
    fn is_heading(&self, i: usize, dashless: &str) -> bool {
        let short = dashless.chars().count() <= 80;
        let ends = dashless.ends_with('。');
        let strong = dashless.starts_with(['◆', '■', '□', '◇', '▼', '▽', '▶', '►']);
        // Inside a speaker's remark a numbered line is more likely an enumerated point than
        // a heading: only a following speaker label, strong heading or the end makes it one.
        let in_remark = self.open.as_ref().is_some_and(|o| o.labelled);
        // The next item of an enumeration already running in the remark is content too.
        let continues_list = in_remark
            && self
                .open
                .as_ref()
                .and_then(|o| o.parts.last())
                .is_some_and(|(_, n)| has_heading_mark(n) && !n.starts_with(['◆', '■', '□', '◇']));
        let followed_by_structure = self.next_nonblank(i).is_none_or(|(n, is_label)| {
            let nd = strip_dash(n.norm);
            is_label
                || is_end_marker(n.norm)
                || nd.starts_with(['◆', '■', '□', '◇'])
                || (!in_remark && (has_heading_mark(nd) || bullet(n.norm).is_some()))
        });
        strong
            || (short && !ends && !continues_list && (followed_by_structure || self.open.is_none()))
    }

    /// A bullet: a point of the labelled remark it stands in, an agenda bullet before the
    /// discussion, or a remark of its own (an opinion, or from whom an introducing line named).
    fn take_bullet(&mut self, i: usize) -> bool {
        let body = self.body;
        let l = &body[i];
        let at = self.start + i;
        let norm = l.norm;
        let dashless = strip_dash(norm);
        let Some((mark, text)) = bullet(norm) else {
            return false;
        };
        let in_labelled = self.open.as_ref().is_some_and(|o| o.labelled);
        if mark == '・' && in_labelled {
            self.trace.set(at, LineKind::Text);
            if let Some(o) = self.open.as_mut() {
                o.parts.push((strip_dash(l.orig).into(), dashless.into()));
            }
            return true;
        }
        // A bullet that starts a remark of its own.
        if self.labelled_style && mark == '・' && !self.opinions && self.attribution.is_none() {
            self.trace.set(at, LineKind::Agenda);
            return true; // agenda bullets before the discussion
        }
        self.close();
        let orig_text = {
            let o = strip_dash(l.orig);
            let c = o.chars().next().map_or(0, char::len_utf8);
            o[c..].trim_start()
        };
        let (speaker, speaker_label, role) = match &self.attribution {
            Some(a) => (a.speaker.clone(), a.label.clone(), a.role),
            None => (String::new(), String::new(), Role::Member),
        };
        self.trace.set(at, LineKind::Text);
        self.open = Some(Open {
            label: self.attribution.clone().unwrap_or_default(),
            line: at,
            remark: Remark {
                seq: 0,
                speaker,
                speaker_label,
                role,
                speaker_group: String::new(),
                section: self.section.clone(),
                via_chat: norm.contains("チャット欄"),
                text: String::new(),
                norm: String::new(),
            },
            parts: vec![(orig_text.into(), text.into())],
            labelled: false,
        });
        true
    }

    /// Plain text goes on the open remark: a labelled remark takes every line, a bullet only
    /// the lines that go on with its sentence.
    fn take_text(&mut self, i: usize) -> bool {
        let body = self.body;
        let l = &body[i];
        let norm = l.norm;
        let dashless = strip_dash(norm);
        let Some(o) = self.open.as_mut() else {
            return false;
        };
        let last = o.parts.last().map_or("", |p| &*p.1);
        if !o.labelled && ends_sentence(last) {
            return false;
        }
        self.trace.set(self.start + i, LineKind::Text);
        o.parts.push((strip_dash(l.orig).into(), dashless.into()));
        if o.parts.len() <= 2 && o.remark.text.is_empty() {
            let head: String = norm.chars().take(24).collect();
            if head.starts_with('(') && head.contains("チャット") {
                o.remark.via_chat = true;
            }
        }
        true
    }

    /// Text outside a remark: an introducing line, an opinion marker, a topic heading or
    /// narrative (事務局から説明があった。).
    fn outside_remark(&mut self, i: usize) {
        let body = self.body;
        let l = &body[i];
        let at = self.start + i;
        let norm = l.norm;
        self.close();
        if let Some(lab) = intro_label(norm) {
            self.trace.set(at, LineKind::Label);
            self.attribution = Some(lab);
            return;
        }
        if is_opinion_heading(norm) && (norm.contains("以下") || !norm.contains('。')) {
            self.trace.set(at, LineKind::Heading);
            self.opinions = true;
            self.attribution = None;
            if !is_generic_heading(norm) {
                self.section = section_name(l.orig);
            }
            return;
        }
        self.attribution = None;
        let heading_like = !norm.contains('。') && norm.chars().count() <= 60;
        if heading_like
            && self
                .next_nonblank(i)
                .is_some_and(|(n, is_label)| bullet(n.norm).is_some() || is_label)
        {
            self.trace.set(at, LineKind::Heading);
            self.section = section_name(l.orig);
        } else {
            self.trace.set(at, LineKind::Agenda);
        }
    }
}

/// A bullet line: its marker and the text after it.
pub(super) fn bullet(norm: &str) -> Option<(char, &str)> {
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

/// A heading that opens the members' opinions (構成員の意見・コメント, 主な意見, その他の御意見).
fn is_opinion_heading(text: &str) -> bool {
    // At most 30 characters besides spaces, counted before anything is copied.
    if text
        .chars()
        .filter(|c| !c.is_whitespace())
        .nth(30)
        .is_some()
    {
        return false;
    }
    let t = without_spaces(text);
    ["意見", "コメント", "質疑", "討議", "意見交換", "議論"]
        .iter()
        .any(|w| t.contains(w))
        && !t.contains('「')
}

/// An opinion heading with nothing but generic words (構成員の意見・コメント): it opens the
/// opinions but names no topic, so the section stays the agenda item before it. One that names
/// something (その他の御意見) is a topic of its own.
fn is_generic_heading(text: &str) -> bool {
    const GENERIC: &str = "\
        意見交換 質疑応答 自由討議 構成員 委員 関係者 出席者 参加者 各 主な 意見 コメント 質疑 \
        討議 議論 御 ご 等 の は 以下 とおり 及び と から";
    let kept = |c: &char| !c.is_whitespace() && !"・、。:：()（）◆■□◇-".contains(*c);
    // Removing words only removes their characters: a character of none of them stays. Most
    // headings fail here, before anything is copied.
    if text.chars().filter(kept).any(|c| !GENERIC.contains(c)) {
        return false;
    }
    let mut t: String = text.chars().filter(kept).collect();
    for w in GENERIC.split(' ') {
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

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn generic_and_topic_headings() {
        assert!(is_generic_heading("構成員の意見・コメント"));
        assert!(is_generic_heading("各委員の主な意見は以下のとおり。"));
        assert!(is_generic_heading("関係者の意見・コメント"));
        assert!(!is_generic_heading("その他の御意見"));
        assert!(!is_generic_heading("中小企業のサイバーセキュリティ"));
    }
}
