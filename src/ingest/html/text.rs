//! Text of elements, and the small text helpers every part uses. Takes the parsed page and
//! root nodes; gives their text as the minutes parser reads it: HTML whitespace collapsed
//! (outside `<pre>`), line breaks at `<br>` and block edges, table cells joined by a
//! full-width space, `alt` text of images in headings; then tidied (lines trimmed, blank
//! runs collapsed).

use std::collections::{HashMap, HashSet};

use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use scraper::node::Element;
use scraper::{Html, Node};

/// Block elements: a line break before and after.
pub(super) fn is_block(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "caption"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "legend"
            | "li"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "tfoot"
            | "thead"
            | "tr"
            | "ul"
            | "title"
            | "listing"
            | "xmp"
            | "plaintext"
    )
}

/// Headings `h1`–`h6`.
pub(super) fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// Builds text: HTML whitespace collapsed outside `<pre>`, line breaks at `<br>` and block
/// edges, table cells joined by a full-width space.
#[derive(Default)]
struct Writer {
    out: String,
    space: bool,
    pre: usize,
    heading: usize,
}

impl Writer {
    fn at_line_start(&self) -> bool {
        self.out.is_empty() || self.out.ends_with('\n')
    }
    fn soft_break(&mut self) {
        if !self.at_line_start() {
            self.out.push('\n');
        }
        self.space = false;
    }
    fn hard_break(&mut self) {
        self.out.push('\n');
        self.space = false;
    }
    fn text(&mut self, t: &str) {
        if self.pre > 0 {
            for (i, part) in t.split('\n').enumerate() {
                if i > 0 {
                    self.hard_break();
                }
                self.out.push_str(part);
            }
            return;
        }
        for c in t.chars() {
            if c.is_ascii_whitespace() {
                self.space = true;
            } else {
                if self.space && !self.at_line_start() {
                    self.out.push(' ');
                }
                self.space = false;
                self.out.push(c);
            }
        }
    }
    fn open(&mut self, e: &Element) {
        let name = e.name();
        match name {
            "br" => self.hard_break(),
            "td" | "th" => {
                if !self.at_line_start() {
                    self.out.push('\u{3000}');
                }
                self.space = false;
            }
            "img" if self.heading > 0 => {
                if let Some(alt) = e.attr("alt") {
                    self.text(alt);
                }
            }
            _ if is_block(name) => self.soft_break(),
            _ => {}
        }
        if name == "pre" || name == "listing" || name == "xmp" {
            self.pre += 1;
        }
        if is_heading(name) {
            self.heading += 1;
        }
    }
    fn close(&mut self, e: &Element) {
        let name = e.name();
        if name == "pre" || name == "listing" || name == "xmp" {
            self.pre = self.pre.saturating_sub(1);
        }
        if is_heading(name) {
            self.heading = self.heading.saturating_sub(1);
        }
        if is_block(name) {
            self.soft_break();
        }
    }
}

/// What the body gives in document order: text outside remarks, and remark places.
pub(super) enum Piece {
    /// Text between remarks.
    Text(String),
    /// The remark with this index.
    Unit(usize),
}

/// Walks `roots` writing text; `skip` subtrees are left out, `units` (first node → index;
/// other nodes of a unit → `usize::MAX`) become [`Piece::Unit`]s; `links: false` leaves out
/// the text of links and buttons.
pub(super) fn walk(
    doc: &Html,
    roots: &[NodeId],
    skip: &HashSet<NodeId>,
    units: &HashMap<NodeId, usize>,
    links: bool,
) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut w = Writer::default();
    for root in roots {
        let Some(root) = doc.tree.get(*root) else {
            continue;
        };
        let mut skipping: Option<NodeId> = None;
        for edge in root.traverse() {
            match edge {
                Edge::Open(n) => {
                    if skipping.is_some() {
                        continue;
                    }
                    match n.value() {
                        Node::Text(t) => w.text(t),
                        Node::Element(e) => {
                            if skip.contains(&n.id())
                                || (!links && matches!(e.name(), "a" | "button"))
                            {
                                skipping = Some(n.id());
                            } else if let Some(&i) = units.get(&n.id()) {
                                if i != usize::MAX {
                                    w.soft_break();
                                    pieces.push(Piece::Text(std::mem::take(&mut w.out)));
                                    pieces.push(Piece::Unit(i));
                                }
                                skipping = Some(n.id());
                            } else {
                                w.open(e);
                            }
                        }
                        _ => {}
                    }
                }
                Edge::Close(n) => {
                    if skipping == Some(n.id()) {
                        skipping = None;
                    } else if skipping.is_none() {
                        if let Node::Element(e) = n.value() {
                            w.close(e);
                        }
                    }
                }
            }
        }
        w.soft_break();
    }
    pieces.push(Piece::Text(w.out));
    pieces
}

/// The tidied text of `roots` (blank lines kept, runs collapsed).
pub(super) fn text_of(doc: &Html, roots: &[NodeId], skip: &HashSet<NodeId>) -> String {
    let mut s = String::new();
    for p in walk(doc, roots, skip, &HashMap::new(), true) {
        if let Piece::Text(t) = p {
            s.push_str(&t);
        }
    }
    tidy(&s)
}

/// The tidied, non-empty lines of `roots`; `links: false` leaves out links and buttons.
pub(super) fn lines_of(
    doc: &Html,
    roots: &[NodeId],
    skip: &HashSet<NodeId>,
    links: bool,
) -> Vec<String> {
    let mut s = String::new();
    for p in walk(doc, roots, skip, &HashMap::new(), links) {
        if let Piece::Text(t) = p {
            s.push_str(&t);
        }
    }
    tidy(&s)
        .lines()
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

/// Lines trimmed of ASCII spaces and trailing full-width ones (leading full-width spaces
/// are the text's indentation and stay), NBSP and other spaces made plain spaces, runs of
/// blank lines collapsed into one, no blank lines at either end.
pub(super) fn tidy(s: &str) -> String {
    let mut out = String::new();
    let mut blank = false;
    for line in s.split('\n') {
        let line: String = line
            .chars()
            .filter(|c| !matches!(c, '\u{200b}' | '\u{feff}' | '\r'))
            .map(|c| match c {
                '\u{a0}' | '\u{2002}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\t' => ' ',
                c => c,
            })
            .collect();
        let line = line.trim_start_matches(' ').trim_end_matches(is_space);
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if blank {
            out.push('\n');
            blank = false;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// A space: Unicode whitespace, the full-width space, NBSP.
pub(super) fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}' || c == '\u{a0}'
}

/// `s` without any spaces.
pub(super) fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !is_space(*c)).collect()
}

/// `s` with runs of ASCII whitespace and NBSP made one space, none at the ends.
pub(super) fn collapse_ws(s: &str) -> String {
    s.split(|c: char| c.is_ascii_whitespace() || c == '\u{a0}')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// All of `n`'s text, as written.
pub(super) fn flat_raw(n: NodeRef<Node>) -> String {
    let mut s = String::new();
    for d in n.descendants() {
        if let Node::Text(t) = d.value() {
            s.push_str(t);
        }
    }
    s
}

/// All of `n`'s text, whitespace collapsed.
pub(super) fn flat_text(n: NodeRef<Node>) -> String {
    collapse_ws(&flat_raw(n))
}

/// The collapsed text of `n` if its raw text is at most `cap` bytes (stops reading early).
pub(super) fn short_text(n: NodeRef<Node>, cap: usize) -> Option<String> {
    let mut s = String::new();
    for d in n.descendants() {
        if let Node::Text(t) = d.value() {
            s.push_str(t);
            if s.trim().len() > cap && collapse_ws(&s).len() > cap {
                return None;
            }
        }
    }
    Some(collapse_ws(&s))
}

/// How many characters of `s` are not spaces.
pub(super) fn nonspace_len(s: &str) -> usize {
    s.chars().filter(|c| !is_space(*c)).count()
}

#[cfg(test)]
mod tests {
    use super::super::{ok, page};

    #[test]
    fn breaks_spaces_and_dropped_elements() {
        let html = page(concat!(
            "<script>var x = '○議長';</script><style>p{}</style>",
            "<nav><a href=\"/\">トップ</a></nav>",
            "<div>○議長（山田君）\n  これより<b>会議</b>を開きます。<br>",
            "　本日の&nbsp;日程は<br><br><br>\n",
            "<br>一件です。</div>",
            "<p>○１番（川上君）　質問します。</p>",
            "<form><input type=hidden name=a value=b><button>送信</button></form>",
        ));
        let t = ok(&html);
        assert_eq!(
            t.text,
            "○議長（山田君） これより会議を開きます。\n　本日の 日程は\n\n一件です。\n○１番（川上君）　質問します。\n"
        );
    }
}
