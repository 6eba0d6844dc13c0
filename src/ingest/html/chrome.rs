//! Page chrome, dropped: takes the parsed page and the nodes holding remarks (never
//! dropped), detaches what is not minutes text (elements that never hold any; navigation,
//! footers, print-only copies of the text, screen-reader text, in-page links, menus of links
//! with their heading) and counts what went for the log.

use std::collections::HashSet;

use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use scraper::node::Element;
use scraper::{Html, Node};

use super::text::{flat_text, is_heading, is_space, nonspace_len, short_text};

/// Elements that never hold minutes text.
pub(super) const HARD_NOISE: &[&str] = &[
    "head", "script", "style", "noscript", "template", "iframe", "frame", "frameset", "noframes",
    "object", "embed", "applet", "svg", "math", "canvas", "map", "area", "audio", "video",
    "source", "track", "input", "select", "option", "optgroup", "textarea", "datalist", "output",
    "progress", "meter", "dialog", "link", "meta", "base", "param",
];

/// Detaches every element `pred` holds for.
pub(super) fn detach_all(doc: &mut Html, pred: impl Fn(&Element) -> bool) {
    let ids: Vec<NodeId> = doc
        .tree
        .root()
        .descendants()
        .filter(|n| matches!(n.value(), Node::Element(e) if pred(e)))
        .map(|n| n.id())
        .collect();
    for id in &ids {
        if let Some(mut n) = doc.tree.get_mut(*id) {
            n.detach();
        }
    }
}

/// What was dropped, counted for the log.
#[derive(Default)]
pub(super) struct Dropped {
    nav: usize,
    print_only: usize,
    screen_only: usize,
    links: usize,
    footer: usize,
    link_lists: usize,
    /// Remark numbers dropped before the text, and the first one.
    pub(super) counters: (usize, String),
}

impl Dropped {
    /// Adds a line for the chrome dropped and one for the remark numbers, if any.
    pub(super) fn log(&self, log: &mut Vec<String>) {
        let mut parts = Vec::new();
        let mut add = |n: usize, what: &str| {
            if n > 0 {
                parts.push(format!("{n} {what}"));
            }
        };
        add(self.nav, "navigation/control elements");
        add(self.print_only, "print-only copies");
        add(self.screen_only, "screen-only or screen-reader elements");
        add(self.links, "in-page links");
        add(self.footer, "footers");
        add(self.link_lists, "lists of links (menus)");
        if !parts.is_empty() {
            log.push(format!("dropped page chrome: {}", parts.join(", ")));
        }
        if self.counters.0 > 0 {
            log.push(format!(
                "dropped {} remark numbers printed before the text (e.g. \"{}\")",
                self.counters.0, self.counters.1
            ));
        }
    }
}

/// The kinds of chrome, as counted in [`Dropped`].
enum Chrome {
    Nav,
    PrintOnly,
    ScreenOnly,
    Link,
    Footer,
    LinkList,
}

/// What kind of chrome `e` (the element of `n`) is, if any; with `buttons`, only buttons
/// and menus of links.
fn chrome_kind(e: &Element, n: NodeRef<Node>, buttons: bool) -> Option<Chrome> {
    let name = e.name();
    if buttons {
        if name == "button" {
            return Some(Chrome::Nav);
        }
        let list = matches!(
            name,
            "ul" | "ol" | "dl" | "table" | "div" | "p" | "td" | "center"
        );
        return (list && link_list(n)).then_some(Chrome::LinkList);
    }
    if matches!(name, "nav" | "legend" | "label" | "menu") {
        return Some(Chrome::Nav);
    }
    if name == "footer" {
        return Some(Chrome::Footer);
    }
    if let Some(role) = e.attr("role") {
        let role = role.to_ascii_lowercase();
        if matches!(
            role.as_str(),
            "navigation" | "toolbar" | "menu" | "menubar" | "tablist" | "search" | "button"
        ) {
            return Some(Chrome::Nav);
        }
        if role == "contentinfo" {
            return Some(Chrome::Footer);
        }
    }
    let classes: Vec<String> = e
        .attr("class")
        .unwrap_or("")
        .split_ascii_whitespace()
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let has = |f: &dyn Fn(&str) -> bool| classes.iter().any(|c| f(c));
    let print_only = has(&|c| {
        c.starts_with("visible-print")
            || matches!(c, "print-only" | "printonly" | "only-print" | "print-show")
    }) || (has(&|c| c == "d-none")
        && has(&|c| c.starts_with("d-print-") && c != "d-print-none"));
    if print_only {
        return Some(Chrome::PrintOnly);
    }
    let screen_only = has(&|c| {
        matches!(
            c,
            "hidden-print"
                | "d-print-none"
                | "no-print"
                | "noprint"
                | "not-print"
                | "screen-only"
                | "sr-only"
                | "visually-hidden"
                | "visuallyhidden"
                | "screen-reader-text"
        )
    });
    if screen_only {
        return Some(Chrome::ScreenOnly);
    }
    if has(&|c| c.contains("breadcrumb") || c.contains("pankuzu") || c == "skip") {
        return Some(Chrome::Nav);
    }
    if has(&|c| c.contains("footer") || c.contains("copyright")) {
        return Some(Chrome::Footer);
    }
    if let Some(href) = e.attr("href") {
        let h = href.trim().to_ascii_lowercase();
        if (h.starts_with('#') || h.starts_with("javascript:"))
            && short_text(n, 90).is_some_and(|t| t.chars().count() <= 30)
        {
            return Some(Chrome::Link);
        }
    }
    None
}

/// Whether all of `n`'s text is in links, three or more: a menu.
fn link_list(n: NodeRef<Node>) -> bool {
    let mut links = 0;
    let mut any = false;
    for d in n.descendants() {
        match d.value() {
            Node::Element(e) if e.name() == "a" && e.attr("href").is_some() => links += 1,
            Node::Text(t) if !t.chars().all(is_space) => {
                any = true;
                let in_link = d.ancestors().take_while(|a| a.id() != n.id()).any(|a| {
                    matches!(a.value(), Node::Element(e) if e.name() == "a" && e.attr("href").is_some())
                });
                if !in_link {
                    return false;
                }
            }
            _ => {}
        }
    }
    any && links >= 3
}

/// Drops page chrome (or, with `buttons`, the buttons and menus left for the checks that
/// read them: an index made of buttons or links is still an index), never an
/// element holding a remark, and no class-hinted element holding half the page's text.
pub(super) fn drop_chrome(
    doc: &mut Html,
    body: NodeId,
    protect: &HashSet<NodeId>,
    buttons: bool,
    dropped: &mut Dropped,
) {
    let root = doc.tree.get(body).expect("body");
    let total = nonspace_len(&flat_text(root)).max(1);
    let mut hits: Vec<(NodeId, Chrome)> = Vec::new();
    let mut skip: Option<NodeId> = None;
    for edge in root.traverse() {
        match edge {
            Edge::Open(n) if skip.is_none() && !protect.contains(&n.id()) => {
                let Node::Element(e) = n.value() else {
                    continue;
                };
                if let Some(kind) = chrome_kind(e, n, buttons) {
                    // A wrapper marked as chrome around most of the page is not chrome.
                    if nonspace_len(&flat_text(n)) * 2 > total {
                        continue;
                    }
                    hits.push((n.id(), kind));
                    skip = Some(n.id());
                }
            }
            Edge::Close(n) if skip == Some(n.id()) => skip = None,
            _ => {}
        }
    }
    for (id, kind) in hits {
        match kind {
            Chrome::Nav => dropped.nav += 1,
            Chrome::PrintOnly => dropped.print_only += 1,
            Chrome::ScreenOnly => dropped.screen_only += 1,
            Chrome::Link => dropped.links += 1,
            Chrome::Footer => dropped.footer += 1,
            Chrome::LinkList => dropped.link_lists += 1,
        }
        // A menu's own heading (the element just before it) goes with it.
        let heading = match kind {
            Chrome::LinkList => doc.tree.get(id).and_then(|n| {
                n.prev_siblings()
                    .find(|s| !matches!(s.value(), Node::Text(t) if t.chars().all(is_space)))
                    .filter(|s| matches!(s.value(), Node::Element(e) if is_heading(e.name())))
                    .map(|s| s.id())
            }),
            _ => None,
        };
        for id in std::iter::once(id).chain(heading) {
            if let Some(mut n) = doc.tree.get_mut(id) {
                n.detach();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{ok, page};

    #[test]
    fn title_child_with_print_only_numbers() {
        let html = page(concat!(
            "<p class=\"view__title\">総務委員会　本文</p><p>開催日: <time>2024-12-26</time></p>",
            "<ul class=\"voice__list\">",
            "<li><div class=\"voice__header hidden-print\"><span class=\"voice__number\">1: </span><span class=\"voice__title\">◯委員長</span></div>",
            "<p><span class=\"visible-print-block\">1: </span>◯委員長　　ただいまから開会いたします。<br></p></li>",
            "<li><div class=\"voice__header hidden-print\"><span class=\"voice__number\">2: </span><span class=\"voice__title\">◯山田委員</span></div>",
            "<p><span class=\"visible-print-block\">2: </span>◯山田委員　　質問します。<br></p></li>",
            "</ul>",
        ));
        let t = ok(&html);
        assert_eq!(
            t.text,
            "総務委員会　本文\n開催日: 2024-12-26\n\n◯委員長　　ただいまから開会いたします。\n\n◯山田委員　　質問します。\n"
        );
        assert!(t.log.iter().any(|n| n.contains("2 print-only copies")));
        assert!(!t.notes.iter().any(|n| n.contains("no date")));
    }

    #[test]
    fn menus_of_links_go_with_their_heading() {
        let html = page(concat!(
            "<h1>第5回 検討会 議事録</h1>",
            "<p>○座長　開会します。</p><p>○委員　質問です。</p>",
            "<div><h3>関連リンク</h3><ul><li><a href=\"/4\">第4回</a></li><li><a href=\"/3\">第3回</a></li><li><a href=\"/2\">第2回</a></li></ul></div>",
        ));
        let t = ok(&html);
        assert_eq!(
            t.text,
            "第5回 検討会 議事録\n○座長　開会します。\n○委員　質問です。\n"
        );
        assert!(t.log.iter().any(|n| n.contains("1 lists of links")));
    }
}
