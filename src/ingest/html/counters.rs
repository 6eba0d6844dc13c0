//! Remark numbers printed before the text ("1:", "No.3", a "12" span before the label),
//! dropped: takes the parsed page and the remarks (their title elements are labels, not
//! numbers), detaches the number elements and gives their count and the first one.

use std::collections::HashSet;

use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use once_cell::sync::Lazy;
use regex::Regex;
use scraper::{Html, Node};

use super::remarks::Unit;
use super::text::{is_block, is_heading, is_space, short_text};

/// Drops remark numbers printed before a remark's text ("1:", "No.3", a "12" span before the
/// label): an element holding only a number, first in its line or block, followed by a
/// break or a space. Cells and list items are content and stay.
pub(super) fn drop_counters(doc: &mut Html, body: NodeId, units: &[Unit]) -> (usize, String) {
    let root = doc.tree.get(body).expect("body");
    let titles: HashSet<NodeId> = units.iter().filter_map(|u| u.title).collect();
    let mut ids = Vec::new();
    let mut example = String::new();
    let mut skip: Option<NodeId> = None;
    for edge in root.traverse() {
        match edge {
            Edge::Open(n) if skip.is_none() => {
                let Node::Element(e) = n.value() else {
                    continue;
                };
                if matches!(
                    e.name(),
                    "td" | "th" | "li" | "dt" | "dd" | "option" | "caption"
                ) || is_heading(e.name())
                    || titles.contains(&n.id())
                {
                    continue;
                }
                let Some(text) = short_text(n, 16) else {
                    continue;
                };
                if !COUNTER.is_match(&text) {
                    continue;
                }
                if !text_before_in_line(n) && break_or_space_after(n) {
                    if example.is_empty() {
                        example = text.clone();
                    }
                    ids.push(n.id());
                    skip = Some(n.id());
                }
            }
            Edge::Close(n) if skip == Some(n.id()) => skip = None,
            _ => {}
        }
    }
    for id in &ids {
        if let Some(mut n) = doc.tree.get_mut(*id) {
            n.detach();
        }
    }
    (ids.len(), example)
}

/// Whether text precedes `n` on its line, within its block.
fn text_before_in_line(n: NodeRef<Node>) -> bool {
    let mut cur = n;
    loop {
        for s in cur.prev_siblings() {
            match s.value() {
                Node::Text(t) if !t.chars().all(is_space) => return true,
                Node::Element(e) if e.name() == "br" || is_block(e.name()) => return false,
                Node::Element(_)
                    if s.descendants().any(
                        |d| matches!(d.value(), Node::Text(t) if !t.chars().all(is_space)),
                    ) =>
                {
                    return true
                }
                _ => {}
            }
        }
        match cur.parent() {
            Some(p) if matches!(p.value(), Node::Element(e) if !is_block(e.name())) => cur = p,
            _ => return false,
        }
    }
}

/// Whether what follows `n` in its block starts with a break, a space, or nothing; a block
/// element is a line of its own.
fn break_or_space_after(n: NodeRef<Node>) -> bool {
    if matches!(n.value(), Node::Element(e) if is_block(e.name())) {
        return true;
    }
    let mut cur = n;
    loop {
        for s in cur.next_siblings() {
            for d in s.descendants() {
                match d.value() {
                    Node::Text(t) if !t.is_empty() => {
                        return t.chars().next().is_some_and(is_space);
                    }
                    Node::Element(e) if e.name() == "br" || is_block(e.name()) => return true,
                    _ => {}
                }
            }
        }
        match cur.parent() {
            Some(p) if matches!(p.value(), Node::Element(e) if !is_block(e.name())) => cur = p,
            _ => return true,
        }
    }
}

/// An element's whole text that is a remark number.
static COUNTER: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(?:(?:No|NO|no|№|Ｎｏ)[.．]?\s*)?[0-9０-９]{1,5}\s*[:：.．]?$").unwrap()
});

#[cfg(test)]
mod tests {
    use super::super::{ok, page};

    #[test]
    fn counters_before_text_go_and_numbers_in_text_stay() {
        let html = page(concat!(
            "<div><p><span class=\"n\">1</span>\n　　午前10時開議<br>◯議長（山田君）　開きます。</p></div>",
            "<div><p><span class=\"n\">2</span>\n◯議長（山田君）　<b>12</b>月の件です。</p></div>",
        ));
        let t = ok(&html);
        assert_eq!(
            t.text,
            "　　午前10時開議\n◯議長（山田君）　開きます。\n◯議長（山田君）　12月の件です。\n"
        );
    }
}
