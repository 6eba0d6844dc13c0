//! The body of ministry minutes: remarks opened by speaker labels or by bullets, under the
//! section of the heading before them, up to the end marker (`以上`, a contact footer).
//!
//! Takes the file's lines and the line the body starts on; gives the remarks, each one's label,
//! and whether speaker labels (rather than bullets) open them.

use super::bullets::{bullet, intro_label, strip_dash};
use super::headings::{is_generic_heading, is_opinion_heading, section_name};
use crate::model::{Remark, Role};
use crate::parse::explain::{LineKind, Trace};
use crate::parse::label::{self, parse_label_line, Label};
use crate::parse::lines::{ends_sentence, has_heading_mark, is_page_number, join_lines, Line};
use crate::parse::nfkc;

/// Whether a line ends the minutes' text: `以上`, a contact footer, a note of who wrote them.
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

/// What the body gives.
#[derive(Debug, Default)]
pub(super) struct Body {
    pub(super) remarks: Vec<Remark>,
    /// Each remark's label (empty for anonymous bullets), for resolving names.
    pub(super) labels: Vec<Label>,
    /// Speaker labels start the remarks (rather than bullets).
    pub(super) labelled: bool,
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

/// Reads the body from line `start` on.
pub(super) fn read_body(lines: &[Line], start: usize, trace: &mut Trace) -> Body {
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
