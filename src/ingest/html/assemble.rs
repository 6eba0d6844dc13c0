//! Putting the text together when remark elements were found: takes the parsed page (chrome,
//! numbers and indexes dropped) and the remarks; writes the header lines (from the page and
//! its `<title>`), then each remark starting on a new line with its label, supplying the
//! label from the markup when the remark's text lacks it. Lines before the first remark
//! that are not minutes header, and lines after the last remark that are not text, go.

use std::collections::{HashMap, HashSet};

use ego_tree::NodeId;
use scraper::Html;

use super::header::{title_lines, META};
use super::label::{norm, starts_with_label, starts_with_mark, MARKS};
use super::remarks::Unit;
use super::text::{text_of, tidy, walk, Piece};
use super::Page;

/// Writes header, remarks (each starting with its label) and what lies between them into
/// `text`, what it did into `log`; gives the number of title lines taken from `<title>`.
pub(super) fn assemble(
    doc: &Html,
    body: NodeId,
    units: &[Unit],
    page: &Page,
    text: &mut String,
    log: &mut Vec<String>,
) -> usize {
    let mut map = HashMap::new();
    for (i, u) in units.iter().enumerate() {
        for (k, id) in u.nodes.iter().enumerate() {
            map.insert(*id, if k == 0 { i } else { usize::MAX });
        }
    }
    let pieces = walk(doc, &[body], &HashSet::new(), &map, true);
    let last_unit = pieces.iter().rposition(|p| matches!(p, Piece::Unit(_)));
    let mut seen_unit = false;
    let mut body_text = String::new();
    let mut header: Vec<String> = Vec::new();
    let mut dropped_head: Vec<String> = Vec::new();
    let mut dropped_tail: Vec<String> = Vec::new();
    let mut labelled = 0;
    let mut label_source = String::new();
    for (k, p) in pieces.iter().enumerate() {
        match p {
            Piece::Text(t) => {
                let t = tidy(t);
                let lines = t.lines().filter(|l| !l.is_empty());
                if !seen_unit {
                    // Before the first remark only the minutes' own header lines: names of the
                    // body and meeting, session numbers, dates. The rest is page controls.
                    for l in lines {
                        if META.is_match(l) {
                            header.push(l.to_string());
                        } else {
                            dropped_head.push(l.to_string());
                        }
                    }
                } else if Some(k) > last_unit {
                    for l in lines {
                        if l.contains('。') || starts_with_label(l) || META.is_match(l) {
                            body_text.push_str(l);
                            body_text.push('\n');
                        } else {
                            dropped_tail.push(l.to_string());
                        }
                    }
                } else {
                    body_text.push_str(&t);
                    body_text.push('\n');
                }
            }
            Piece::Unit(i) => {
                seen_unit = true;
                let u = &units[*i];
                let want = norm(&u.label);
                let has_label = |lines: &[String]| {
                    lines.first().is_some_and(|l| starts_with_mark(l))
                        || lines.iter().any(|l| {
                            starts_with_mark(l) && !want.is_empty() && norm(l).starts_with(&want)
                        })
                };
                // The text without its title element when that text has the label (the title is
                // a copy); else with it when the title is the text's own inline label; else the
                // label goes first. Blank lines kept: they set off headings inside a remark.
                let skip: HashSet<NodeId> = u.title.into_iter().collect();
                let mut lines: Vec<String> = text_of(doc, &u.nodes, &skip)
                    .lines()
                    .map(String::from)
                    .collect();
                let mut present = has_label(&lines);
                if !present && u.title.is_some() {
                    let with: Vec<String> = text_of(doc, &u.nodes, &HashSet::new())
                        .lines()
                        .map(String::from)
                        .collect();
                    if has_label(&with) {
                        lines = with;
                        present = true;
                    }
                }
                body_text.push('\n');
                if !present {
                    let label = u.label.trim();
                    if !label.starts_with(MARKS) {
                        body_text.push('○');
                    }
                    body_text.push_str(label);
                    body_text.push('\n');
                    labelled += 1;
                    if label_source.is_empty() {
                        label_source = u.source.clone();
                    }
                }
                for l in &lines {
                    body_text.push_str(l);
                    body_text.push('\n');
                }
            }
        }
    }
    let titles = title_lines(page, &header);
    for l in titles.iter().chain(header.iter()) {
        text.push_str(l);
        text.push('\n');
    }
    text.push('\n');
    text.push_str(&body_text);

    log.push(format!(
        "{} remark elements found by {}",
        units.len(),
        units.first().map_or("", |u| u.source.as_str())
    ));
    if labelled > 0 {
        log.push(format!(
            "{labelled} remarks had no label in their text: the label was taken from {label_source}"
        ));
    }
    if !dropped_head.is_empty() {
        log.push(format!(
            "dropped {} lines before the first remark that are page controls, not minutes header (e.g. {})",
            dropped_head.len(),
            examples(&dropped_head)
        ));
    }
    if !dropped_tail.is_empty() {
        log.push(format!(
            "dropped {} lines after the last remark (e.g. {})",
            dropped_tail.len(),
            examples(&dropped_tail)
        ));
    }
    titles.len()
}

/// Up to three of `lines`, quoted and cut to 30 characters.
fn examples(lines: &[String]) -> String {
    lines
        .iter()
        .take(3)
        .map(|l| format!("\"{}\"", l.chars().take(30).collect::<String>()))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::super::{ok, page};

    #[test]
    fn inline_title_span_stays_in_its_line() {
        let html = page(concat!(
            "<div class=\"minutes\"><p><span class=\"speaker\">○山田委員</span>　質問します。</p>",
            "<p><span class=\"speaker\">○川上部長</span>　お答えします。</p></div>",
        ));
        assert_eq!(
            ok(&html).text,
            "○山田委員　質問します。\n\n○川上部長　お答えします。\n"
        );
    }
}
