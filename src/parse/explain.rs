//! Explain: what the parser took each line of a file for, so a researcher can check a file and
//! a developer can see a new house style's failure at once (`kaigi parse FILE --explain`).
//!
//! The readers fill a [`Trace`] as they go (one kind per line); [`render`] prints it beside the
//! lines with the style chosen and, for label lines, the speaker and role they gave.

use std::fmt::Write as _;

use super::style::Style;
use crate::model::Meeting;

/// What a line was taken for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LineKind {
    /// Empty.
    #[default]
    Blank,
    /// The title (body, session, date).
    Title,
    /// A header field or front matter: date, place, times, notes before the proceedings.
    Header,
    /// An attendee list line (names read into the roster).
    Attendee,
    /// A material (配布資料) line.
    Material,
    /// An agenda item, order of business or heading inside the proceedings: not remark text.
    Agenda,
    /// A section heading the following remarks stand under.
    Heading,
    /// A speaker label (starts a remark).
    Label,
    /// Remark text.
    Text,
    /// A stage direction (`〔拍手〕`): dropped.
    Stage,
    /// Layout and records: page numbers, rules, time lines, footers: dropped.
    Dropped,
}

impl LineKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LineKind::Blank => "",
            LineKind::Title => "title",
            LineKind::Header => "header",
            LineKind::Attendee => "attendee",
            LineKind::Material => "material",
            LineKind::Agenda => "agenda",
            LineKind::Heading => "heading",
            LineKind::Label => "label",
            LineKind::Text => "text",
            LineKind::Stage => "stage",
            LineKind::Dropped => "dropped",
        }
    }
}

/// The parser's account of one file.
#[derive(Debug, Clone, Default)]
pub struct Trace {
    pub style: Style,
    /// Why that style was chosen.
    pub why: String,
    /// One kind per input line.
    pub kinds: Vec<LineKind>,
    /// The line each remark's label stands on, by remark index.
    pub label_lines: Vec<usize>,
}

impl Trace {
    pub fn new(lines: usize) -> Self {
        Trace {
            kinds: vec![LineKind::Blank; lines],
            ..Trace::default()
        }
    }

    pub fn set(&mut self, line: usize, kind: LineKind) {
        if let Some(k) = self.kinds.get_mut(line) {
            *k = kind;
        }
    }

    /// Sets every line in `from..to` that is not blank.
    pub fn set_range(
        &mut self,
        from: usize,
        to: usize,
        kind: LineKind,
        blank: impl Fn(usize) -> bool,
    ) {
        for i in from..to.min(self.kinds.len()) {
            if !blank(i) {
                self.kinds[i] = kind;
            }
        }
    }
}

/// Prints each line of `text` with its kind; label lines also show the speaker, role and
/// section they gave. `meeting` is the parse result, if any.
pub fn render(text: &str, trace: &Trace, meeting: Option<&Meeting>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "style: {} ({})", trace.style.as_str(), trace.why);
    if let Some(m) = meeting {
        let _ = writeln!(
            out,
            "meeting: committee {:?}, parent {:?}, session {}, date {}, {} remarks",
            m.committee,
            m.parent,
            m.session.map_or("-".to_string(), |s| s.to_string()),
            m.date.as_deref().unwrap_or("-"),
            m.remarks.len()
        );
    }
    let mut remark_at = vec![None; trace.kinds.len()];
    for (r, &l) in trace.label_lines.iter().enumerate() {
        if let Some(slot) = remark_at.get_mut(l) {
            *slot = Some(r);
        }
    }
    let width = trace.kinds.len().to_string().len();
    for (i, line) in text.split('\n').enumerate() {
        let kind = trace.kinds.get(i).copied().unwrap_or_default();
        let line = line.trim_end_matches('\r');
        if kind == LineKind::Blank && line.trim().is_empty() {
            let _ = writeln!(out, "{:>width$}", i + 1);
            continue;
        }
        let _ = write!(out, "{:>width$} {:<9} {}", i + 1, kind.as_str(), line);
        if let (Some(r), Some(m)) = (remark_at.get(i).copied().flatten(), meeting) {
            if let Some(rem) = m.remarks.get(r) {
                let speaker = if rem.speaker.is_empty() {
                    "-"
                } else {
                    &rem.speaker
                };
                let _ = write!(out, "  → #{} {} [{}]", rem.seq, speaker, rem.role);
                if !rem.section.is_empty() {
                    let _ = write!(out, " § {}", rem.section);
                }
            }
        }
        out.push('\n');
    }
    out
}
