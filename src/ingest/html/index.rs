//! Remark indexes: containers whose lines are nearly all speaker labels that are links,
//! buttons or the remarks' own labels (an index sidebar, or a page that is only an index).
//! Takes the parsed page and the remarks; detaches the indexes outside the remarks and gives
//! each one's label count and first label. A plain list of names is not an index.

use std::collections::HashSet;

use ego_tree::NodeId;
use scraper::Html;

use super::label::{label_like, norm, strip_counter, strip_pageref};
use super::remarks::Unit;
use super::text::lines_of;

/// Drops containers (outside the remarks) whose lines are nearly all speaker labels: an
/// index sidebar. Returns each one's label count and first label.
pub(super) fn drop_indexes(
    doc: &mut Html,
    body: NodeId,
    units: &[Unit],
    protect: &HashSet<NodeId>,
    skip_body: bool,
) -> Vec<(usize, String)> {
    let labels: HashSet<String> = units.iter().map(|u| norm(&u.label)).collect();
    let inside: HashSet<NodeId> = units.iter().flat_map(|u| u.nodes.iter().copied()).collect();
    let mut found = Vec::new();
    let mut stack = vec![body];
    let mut hits = Vec::new();
    while let Some(id) = stack.pop() {
        if inside.contains(&id) {
            continue;
        }
        let n = doc.tree.get(id).expect("node");
        if !(protect.contains(&id) || skip_body && id == body) {
            if let Some(hit) = index_like(doc, id, &labels) {
                hits.push(id);
                found.push(hit);
                continue;
            }
        }
        let kids: Vec<NodeId> = n
            .children()
            .filter(|c| c.value().is_element())
            .map(|c| c.id())
            .collect();
        stack.extend(kids.into_iter().rev());
    }
    for id in hits {
        if let Some(mut n) = doc.tree.get_mut(id) {
            n.detach();
        }
    }
    found
}

/// Whether `id` is a remark index: three or more lines, nearly all speaker labels (numbers
/// and page references aside), that are links or buttons or the remarks' own labels. A
/// plain list of labelled names (an attendance list) is not one. Gives (labels, first).
pub(super) fn index_like(
    doc: &Html,
    id: NodeId,
    labels: &HashSet<String>,
) -> Option<(usize, String)> {
    let none = HashSet::new();
    let all = label_counts(&lines_of(doc, &[id], &none, true), labels);
    if all.labels < 3 || all.labels * 5 < (all.labels + all.other) * 4 {
        return None;
    }
    let plain = label_counts(&lines_of(doc, &[id], &none, false), labels);
    let clickable = plain.labels * 5 <= all.labels;
    let known = all.known * 5 >= all.labels * 4;
    (clickable || known).then_some((all.labels, all.first))
}

/// How many lines are speaker labels, and the first one.
struct Counts {
    labels: usize,
    /// Labels that are the remarks' own.
    known: usize,
    other: usize,
    first: String,
}

/// Counts the label lines among `lines`, numbers and page references aside.
fn label_counts(lines: &[String], labels: &HashSet<String>) -> Counts {
    let mut c = Counts {
        labels: 0,
        known: 0,
        other: 0,
        first: String::new(),
    };
    for l in lines {
        let core = strip_counter(strip_pageref(l));
        if core.is_empty() {
            continue;
        }
        let known = labels.contains(&norm(core));
        if known || label_like(core) {
            if c.first.is_empty() {
                c.first = core.to_string();
            }
            c.labels += 1;
            c.known += usize::from(known);
        } else {
            c.other += 1;
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::super::{page, to_text};

    #[test]
    fn remark_index_page_is_refused() {
        let mut body =
            String::from("<table><tr><td><a href=\"p?0\">(名簿)</a></td><td>(P.1)</td></tr>");
        for (mark, label) in [
            ("○", "委員長(山田)"),
            ("○", "議長(川上)"),
            ("◎", "局長(森)"),
            ("○", "委員長(山田)"),
        ] {
            body.push_str(&format!(
                "<tr><td>{mark}</td><td><a href=\"p?1\"><b>{label}</b></a></td><td>(P.2)</td></tr>"
            ));
        }
        body.push_str("</table>");
        let err = to_text(page(&body).as_bytes()).unwrap_err();
        assert!(err.starts_with("a remark index"), "{err}");
        assert!(err.contains("4 speaker labels"), "{err}");
    }
}
