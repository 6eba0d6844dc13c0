//! Finding the remark elements: takes the parsed page's body, gives each remark's nodes,
//! its label as the markup gives it and where that label came from. A remark element
//! carries its label in a `data-*` attribute (`data-voice-title`, `data-speaker`), or holds
//! a title child (a class naming a speaker or voice title, a `dt`/`th`) and text of its own.

use std::collections::{HashMap, HashSet};

use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use scraper::node::Element;
use scraper::{Html, Node};

use super::label::{label_like, strip_counter, strip_pageref};
use super::text::{collapse_ws, flat_text, is_block, squeeze};

/// One remark element (or a run of siblings: a title element and what follows it).
#[derive(Debug, Clone)]
pub(super) struct Unit {
    /// The remark's nodes, in document order.
    pub(super) nodes: Vec<NodeId>,
    /// The label as the markup gives it.
    pub(super) label: String,
    /// The title element inside the unit, left out of its text.
    pub(super) title: Option<NodeId>,
    /// Where the label came from, for the log.
    pub(super) source: String,
}

/// Remark elements: those carrying a label attribute; else repeated elements holding one
/// title child each plus text of their own.
pub(super) fn find_units(doc: &Html, body: NodeId) -> Vec<Unit> {
    let body = doc.tree.get(body).expect("body");
    // An element whose only text is its label and a number is an index entry, not a remark.
    let by_attr: Vec<Unit> = attr_units(body)
        .into_iter()
        .filter(|u| {
            let n = body.tree().get(u.nodes[0]).expect("node");
            let text = squeeze(&flat_text(n)).replacen(&squeeze(&u.label), "", 1);
            !strip_counter(strip_pageref(&text)).is_empty()
        })
        .collect();
    if !by_attr.is_empty() {
        return by_attr;
    }
    title_units(body)
}

/// The name and value of a `data-*` attribute holding a speaker label, if `e` has one.
fn label_attr(e: &Element) -> Option<(String, String)> {
    for (name, value) in e.attrs() {
        let n = name.to_ascii_lowercase();
        if !n.starts_with("data-") {
            continue;
        }
        let about = [
            "voice",
            "remark",
            "speech",
            "utter",
            "statement",
            "hatsugen",
        ];
        let what = ["title", "name", "label"];
        let key = ["id", "code", "no", "num", "count", "index", "type"];
        let hit = (n.contains("speaker")
            || (about.iter().any(|a| n.contains(a)) && what.iter().any(|w| n.contains(w))))
            && !key
                .iter()
                .any(|k| n.ends_with(&format!("-{k}")) || n.ends_with(&format!("_{k}")));
        // A label is words (Japanese ones), not an id or a number.
        let v = collapse_ws(value);
        if hit && !v.is_ascii() && v.chars().count() <= 80 {
            return Some((n, v));
        }
    }
    None
}

/// The outermost elements carrying a label attribute.
fn attr_units(body: NodeRef<Node>) -> Vec<Unit> {
    let mut units = Vec::new();
    let mut inside: Option<NodeId> = None;
    for edge in body.traverse() {
        match edge {
            Edge::Open(n) if inside.is_none() => {
                if let Node::Element(e) = n.value() {
                    if let Some((attr, label)) = label_attr(e) {
                        units.push(Unit {
                            nodes: vec![n.id()],
                            label,
                            title: None,
                            source: format!("the {attr} attribute"),
                        });
                        inside = Some(n.id());
                    }
                }
            }
            Edge::Close(n) if inside == Some(n.id()) => inside = None,
            _ => {}
        }
    }
    units
}

/// How strongly an element's class/id says it holds a speaker label: 2 names a speaker or a
/// remark's title, 1 a title/name of something, 0 nothing.
fn title_hint(e: &Element) -> u8 {
    let mut best = 0;
    let words = e
        .attr("class")
        .unwrap_or("")
        .split_ascii_whitespace()
        .chain(e.attr("id"))
        .map(|w| w.to_ascii_lowercase());
    for w in words {
        let about = ["voice", "remark", "speech", "utter", "statement"];
        let what = ["title", "name", "label", "head"];
        if w.contains("speaker") || w.contains("hatsugen") || w.contains("talker") {
            best = 2;
        } else if what.iter().any(|x| w.contains(x)) {
            best = best.max(if about.iter().any(|a| w.contains(a)) {
                2
            } else {
                1
            });
        }
    }
    best
}

/// Remarks found by their title child: each candidate title's highest ancestor holding no
/// other title (or the title and its following siblings), when it has text of its own.
/// Two or more, or one with a title class naming a speaker.
fn title_units(body: NodeRef<Node>) -> Vec<Unit> {
    // Candidates: short one-line elements that a class names a label, or dt/th holding one.
    let mut cands: Vec<(NodeRef<Node>, String, bool)> = Vec::new();
    let mut inside: Option<NodeId> = None;
    for edge in body.traverse() {
        match edge {
            Edge::Open(n) if inside.is_none() => {
                let Node::Element(e) = n.value() else {
                    continue;
                };
                let hint = title_hint(e);
                let tag_hint = matches!(e.name(), "dt" | "th");
                if hint == 0 && !tag_hint {
                    continue;
                }
                let text = flat_text(n);
                let label = strip_counter(strip_pageref(&text)).to_string();
                let one_line = !n.descendants().skip(1).any(|d| {
                    matches!(d.value(), Node::Element(x) if x.name() == "br" || is_block(x.name()))
                });
                let ok = !label.is_empty()
                    && one_line
                    && label.chars().count() <= 60
                    && !label.contains('。')
                    && (hint == 2 || label_like(&label));
                if ok {
                    cands.push((n, label, hint == 2));
                    inside = Some(n.id());
                }
            }
            Edge::Close(n) if inside == Some(n.id()) => inside = None,
            _ => {}
        }
    }
    if cands.is_empty() {
        return Vec::new();
    }
    let mut count: HashMap<NodeId, usize> = HashMap::new();
    for (c, _, _) in &cands {
        for a in c.ancestors() {
            *count.entry(a.id()).or_default() += 1;
        }
    }
    let cand_ids: HashSet<NodeId> = cands.iter().map(|(c, _, _)| c.id()).collect();
    let mut units = Vec::new();
    for (c, label, strong) in &cands {
        // The remark is the highest ancestor holding this title and no other.
        let mut top = *c;
        while let Some(p) = top.parent() {
            if p.id() == body.id() || count.get(&p.id()).copied().unwrap_or(0) > 1 {
                break;
            }
            top = p;
        }
        let nodes = if top.id() == c.id() {
            // The title stands among its text's siblings (dt + dd, p + p): take them up to
            // the next title.
            let mut v = vec![c.id()];
            for s in c.next_siblings() {
                if s.descendants().any(|d| cand_ids.contains(&d.id())) {
                    break;
                }
                v.push(s.id());
            }
            v
        } else {
            vec![top.id()]
        };
        // Text besides the title and a remark number: an index entry has none.
        let mut rest = String::new();
        for id in &nodes {
            let n = body.tree().get(*id).expect("node");
            for d in n.descendants() {
                if let Node::Text(t) = d.value() {
                    if !d.ancestors().any(|a| a.id() == c.id()) {
                        rest.push_str(t);
                        rest.push(' ');
                    }
                }
            }
        }
        let rest = collapse_ws(&rest);
        if strip_counter(strip_pageref(&rest)).is_empty() {
            continue;
        }
        let name = match c.value() {
            Node::Element(e) if title_hint(e) > 0 => match e.attr("class") {
                Some(class) => format!("a <{} class=\"{class}\"> title element", e.name()),
                None => format!("a <{}> title element", e.name()),
            },
            Node::Element(e) => format!("a <{}> element", e.name()),
            _ => "a title element".into(),
        };
        units.push((
            Unit {
                nodes,
                label: label.clone(),
                title: Some(c.id()),
                source: name,
            },
            *strong,
        ));
    }
    let strong = units.iter().any(|(_, s)| *s);
    if units.len() >= 2 || (units.len() == 1 && strong) {
        units.into_iter().map(|(u, _)| u).collect()
    } else {
        Vec::new()
    }
}

/// Unit nodes and all their ancestors: never dropped as chrome or index.
pub(super) fn unit_ancestors(doc: &Html, units: &[Unit]) -> HashSet<NodeId> {
    let mut set = HashSet::new();
    for u in units {
        for id in &u.nodes {
            set.insert(*id);
            if let Some(n) = doc.tree.get(*id) {
                for a in n.ancestors() {
                    if !set.insert(a.id()) {
                        break;
                    }
                }
            }
        }
    }
    set
}

#[cfg(test)]
mod tests {
    use super::super::{ok, page};

    #[test]
    fn label_attribute_gives_a_missing_label_and_the_sidebar_is_dropped() {
        let html = page(concat!(
            "<h1>令和６年第２回定例会（第３号） 2024-06-10</h1>",
            "<div class=\"tools\"><h3>文字サイズ</h3></div>",
            "<ol class=\"menu\">",
            "<li><a href=\"?v=1\">1: ◯議長（山田太郎）</a></li>",
            "<li><a href=\"?v=2\">2: ◯市長（川上次郎）</a></li>",
            "<li><a href=\"?v=3\">3: ◯議長（山田太郎）</a></li>",
            "</ol>",
            "<ul>",
            "<li data-voice-title=\"◯議長（山田太郎）\"><div>1:</div><p>◯議長（山田太郎）<br>　開議します。</p></li>",
            "<li data-voice-title=\"◯市長（川上次郎）\"><div>2:</div><p>　お答えします。<br>　以上です。</p></li>",
            "<li data-voice-title=\"議長（山田太郎）\"><p>◯議長（山田太郎）<br>　散会します。</p></li>",
            "</ul>",
            "<footer>Copyright 2024</footer>",
        ));
        let t = ok(&html);
        assert_eq!(
            t.text,
            concat!(
                "令和６年第２回定例会（第３号） 2024-06-10\n\n",
                "◯議長（山田太郎）\n　開議します。\n\n",
                "◯市長（川上次郎）\n　お答えします。\n　以上です。\n\n",
                "◯議長（山田太郎）\n　散会します。\n"
            )
        );
        assert!(t
            .log
            .iter()
            .any(|n| n.contains("3 remark elements found by the data-voice-title attribute")));
        assert!(t
            .log
            .iter()
            .any(|n| n.starts_with("1 remarks had no label in their text")));
        assert!(t.log.iter().any(|n| n.contains("remark index of 3 labels")));
        assert!(t.log.iter().any(|n| n.contains("dropped 2 remark numbers")));
        assert!(t.log.iter().any(|n| n.contains("\"文字サイズ\"")));
        // Title, date and charset all present: routine work only, nothing to warn about.
        assert!(t.notes.is_empty(), "{:?}", t.notes);
    }

    #[test]
    fn term_and_table_layouts_get_marked_labels() {
        let dl = page("<h2>令和６年１月１０日　建設委員会</h2><dl><dt>委員長（山田）</dt><dd>開会します。</dd><dt>川上委員</dt><dd>質問です。</dd><dd>続けます。</dd></dl>");
        assert_eq!(
            ok(&dl).text,
            "令和６年１月１０日　建設委員会\n\n○委員長（山田）\n開会します。\n\n○川上委員\n質問です。\n続けます。\n"
        );
        let table = page("<table><tr><th>山田委員長</th><td>開会します。</td></tr><tr><th>川上委員</th><td>質問です。</td></tr></table>");
        let t = ok(&table);
        assert_eq!(
            t.text,
            "○山田委員長\n開会します。\n\n○川上委員\n質問です。\n"
        );
        assert!(t
            .notes
            .iter()
            .any(|n| n.contains("no meeting title and no date")));
    }
}
