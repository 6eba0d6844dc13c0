//! HTML minutes pages: takes the bytes of a saved minutes page (a 会議録 viewer page, a
//! frame of one, or a plain HTML transcript) and gives its text in the shape the minutes
//! parser reads: the page's title and header lines first, then each remark on a new line
//! starting with its speaker label. Also gives the charset used, warnings on what the page
//! lacks, and a log of what the reader did (what it dropped, where labels came from); or
//! the reason the page holds no minutes text (a menu or controller frame, a remark index,
//! a speaker list with only opening words).
//!
//! Nothing here knows a particular site. The page is read by general shapes:
//! - remarks as repeated elements whose label is in a `data-*` attribute (`data-voice-title`,
//!   `data-speaker`) or in a title child (a class naming a speaker/voice title, a `dt`/`th`);
//!   when no such element exists, the page's own text, where labels start lines;
//! - `<br>` and block ends as line breaks, table cells joined by a full-width space;
//! - scripts, styles, form controls, navigation, footers, print-only copies, screen-reader
//!   text, in-page links, remark numbers printed before the text and indexes that only
//!   repeat the remarks' labels are dropped.
//!
//! The parts, roughly in the order [`to_text`] uses them:
//! - `charset`: the bytes decoded, and how the charset was decided;
//! - `refuse`: pages that hold no minutes text (frameset, menu, remark index, speaker list);
//! - `remarks`: the remark elements and the labels their markup gives;
//! - `chrome`: page chrome dropped (navigation, footers, print-only copies, menus);
//! - `counters`: remark numbers printed before the text, dropped;
//! - `index`: remark indexes that only repeat the remarks' labels, dropped;
//! - `assemble`: header lines, then each remark starting with its label;
//! - `header`: title lines from `<title>`, warnings on a missing title or date;
//! - `text` and `label`: element text (line breaks, spaces, cells) and what reads as a label.

mod assemble;
mod charset;
mod chrome;
mod counters;
mod header;
mod index;
mod label;
mod refuse;
mod remarks;
mod text;

use std::collections::HashSet;

use ego_tree::NodeId;
use once_cell::sync::Lazy;
use regex::Regex;
use scraper::{Html, Node};

use assemble::assemble;
use charset::decode;
use chrome::{detach_all, drop_chrome, Dropped, HARD_NOISE};
use counters::drop_counters;
use header::{lacks, title_lines};
use index::drop_indexes;
use refuse::{classify, frameset_reason};
use remarks::{find_units, unit_ancestors};
use text::{flat_raw, flat_text, lines_of, text_of, tidy};

/// A saved minutes page as text for the minutes parser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlText {
    /// The page as minutes text: its title/header lines first, then each remark starting on
    /// a new line with its label (label, a full-width space, the text; or the label alone on
    /// its line, then the text).
    pub text: String,
    /// The charset used and how it was decided, e.g. "UTF-8 (bytes; meta says Shift_JIS)".
    pub encoding: String,
    /// Warnings for the researcher, one line each: what the page lacks (no meeting title or
    /// no date, and why), the `<meta>` charset disagreeing with the bytes, bytes that did not
    /// decode; e.g. "no date on this page: the page is a frame (…)".
    pub notes: Vec<String>,
    /// What the reader did, one line each, for a verbose view: how the remarks were found,
    /// what was dropped (page chrome, remark numbers, indexes, lines around the remarks),
    /// labels and header lines taken from the markup; e.g. "198 remark elements found by the
    /// data-voice-title attribute".
    pub log: Vec<String>,
}

/// Reads a saved HTML minutes page. `Err(reason)` when the page holds no minutes text: a
/// frameset, a controller or menu frame, a remark index listing only labels, or a speaker
/// list with only the opening words of each remark.
pub fn to_text(bytes: &[u8]) -> Result<HtmlText, String> {
    let (source, encoding, mut notes) = decode(bytes)?;
    let mut log = Vec::new();
    let mut doc = Html::parse_document(&source);
    let page = inspect(&doc);
    if let Some(reason) = frameset_reason(&doc) {
        return Err(reason);
    }

    detach_all(&mut doc, |e| HARD_NOISE.contains(&e.name()));
    let body = body_id(&doc);
    let units = find_units(&doc, body);
    let protect = unit_ancestors(&doc, &units);

    // Page chrome first (buttons kept: an index made of buttons is still an index).
    let mut dropped = Dropped::default();
    drop_chrome(&mut doc, body, &protect, false, &mut dropped);

    let indexes = if units.is_empty() {
        // No remark elements: the page's own text is all there is. Judge it first.
        dropped.counters = drop_counters(&mut doc, body, &units);
        let lines = lines_of(&doc, &[body], &HashSet::new(), true);
        let no_links = lines_of(&doc, &[body], &HashSet::new(), false);
        classify(&doc, body, &lines, &no_links, &page)?;
        drop_indexes(&mut doc, body, &units, &protect, true)
    } else {
        let found = drop_indexes(&mut doc, body, &units, &protect, false);
        dropped.counters = drop_counters(&mut doc, body, &units);
        found
    };
    drop_chrome(&mut doc, body, &protect, true, &mut dropped);

    let mut text = String::new();
    let header_count;
    if units.is_empty() {
        let body_text = text_of(&doc, &[body], &HashSet::new());
        let lines: Vec<String> = body_text.lines().map(String::from).collect();
        let titles = title_lines(&page, &lines);
        header_count = titles.len();
        for l in &titles {
            text.push_str(l);
            text.push('\n');
        }
        text.push_str(&body_text);
    } else {
        header_count = assemble(&doc, body, &units, &page, &mut text, &mut log);
    }
    let text = tidy(&text);
    if text.trim().is_empty() {
        return Err(EMPTY.into());
    }

    dropped.log(&mut log);
    for (n, example) in indexes {
        log.push(format!(
            "dropped a remark index of {n} labels (e.g. {example}) that only repeats the remarks' labels"
        ));
    }
    notes.extend(lacks(&text, !units.is_empty(), &page));
    if header_count > 0 {
        log.push(format!(
            "{header_count} header lines taken from the page's <title>"
        ));
    }
    Ok(HtmlText {
        text,
        encoding,
        notes,
        log,
    })
}

/// The refusal for a page with no text left once the chrome is dropped.
const EMPTY: &str = "no text on this page after dropping scripts, navigation and controls";

/// Page facts read before anything is dropped.
struct Page {
    /// The `<title>` text, whitespace collapsed.
    title: String,
    /// Scripts address a parent or top window: the page is a frame of a viewer.
    frame: bool,
    /// Visible form controls (inputs, selects), dropped before the text is read.
    controls: usize,
}

/// Reads the [`Page`] facts off the whole parsed page.
fn inspect(doc: &Html) -> Page {
    let mut title = String::new();
    let mut frame = false;
    let mut controls = 0;
    for n in doc.tree.root().descendants() {
        if let Node::Element(e) = n.value() {
            match e.name() {
                "input"
                    if !e
                        .attr("type")
                        .is_some_and(|t| t.eq_ignore_ascii_case("hidden")) =>
                {
                    controls += 1
                }
                "select" | "textarea" => controls += 1,
                "title" if title.is_empty() => title = flat_text(n),
                "script" => frame |= FRAME_SCRIPT.is_match(&flat_raw(n)),
                _ => {}
            }
            if let Some(t) = e.attr("target") {
                frame |= matches!(t.to_ascii_lowercase().as_str(), "_parent" | "_top");
            }
        }
    }
    Page {
        title,
        frame,
        controls,
    }
}

/// The `<body>` element, or the document root when there is none.
fn body_id(doc: &Html) -> NodeId {
    doc.tree
        .root()
        .descendants()
        .find(|n| matches!(n.value(), Node::Element(e) if e.name() == "body"))
        .unwrap_or_else(|| doc.tree.root())
        .id()
}

/// A script addressing the parent or top window, or its opener.
static FRAME_SCRIPT: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"\b(?:parent|top)\s*\.\s*[A-Za-z_]|window\.opener").unwrap());

/// A UTF-8 page titled "T" with `body` as its body, for the tests of every part.
#[cfg(test)]
fn page(body: &str) -> String {
    format!("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>T</title></head><body>{body}</body></html>")
}

/// The page read, or a panic with the refusal.
#[cfg(test)]
fn ok(html: &str) -> HtmlText {
    to_text(html.as_bytes()).unwrap_or_else(|e| panic!("refused: {e}"))
}
