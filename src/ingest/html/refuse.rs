//! Pages that hold no minutes text, refused with the reason: a frameset (the text is in its
//! frames); and, for a page without remark elements, a remark index, a speaker list with
//! only the opening words of each remark, or a menu or controller page. Takes the parsed
//! page and its lines; gives `Err(reason)` or nothing.

use std::collections::HashSet;

use ego_tree::NodeId;
use scraper::{Html, Node};

use super::header::{META, SESSION};
use super::index::index_like;
use super::label::{counted, label_like, starts_with_label, strip_pageref};
use super::text::{flat_text, is_space, nonspace_len};
use super::{Page, EMPTY};

/// A `<frameset>` page with no body text: the text is in its frames.
pub(super) fn frameset_reason(doc: &Html) -> Option<String> {
    let mut frames = Vec::new();
    let mut frameset = false;
    for n in doc.tree.root().descendants() {
        if let Node::Element(e) = n.value() {
            match e.name() {
                "frameset" => frameset = true,
                "frame" | "iframe" => {
                    let name = e.attr("name").unwrap_or("");
                    let src = e.attr("src").unwrap_or("");
                    frames.push(format!("{name} {src}").trim().to_string());
                }
                _ => {}
            }
        }
    }
    if !frameset {
        return None;
    }
    let body_text = doc
        .tree
        .root()
        .descendants()
        .find(|n| matches!(n.value(), Node::Element(e) if e.name() == "body"))
        .map(flat_text)
        .unwrap_or_default();
    if !body_text.trim().is_empty() {
        return None;
    }
    Some(format!(
        "a frameset page: it holds no text, only frames ({}); read the frame that holds the minutes text",
        frames.join(", ")
    ))
}

/// Refuses a page of the page's own text that is not minutes: a remark index, a speaker
/// list with opening words, a menu/controller.
pub(super) fn classify(
    doc: &Html,
    body: NodeId,
    lines: &[String],
    no_links: &[String],
    page: &Page,
) -> Result<(), String> {
    if lines.is_empty() {
        return Err(EMPTY.into());
    }
    if let Some((n, first)) = index_like(doc, body, &HashSet::new()) {
        return Err(format!(
            "a remark index, not minutes: it lists {n} speaker labels (e.g. {first}) and no remark text; each remark's text is on a page of its own"
        ));
    }
    // Labels alone on their lines, and the text between them: its length and its last line.
    let mut labels = Vec::new();
    let mut blocks: Vec<(usize, &str)> = Vec::new();
    for l in lines {
        let (core, sure) = counted(strip_pageref(l));
        let numbered = sure && core.chars().count() <= 20 && !core.chars().any(is_space);
        if !core.is_empty() && (label_like(core) || numbered) {
            labels.push(core.to_string());
            blocks.push((0, ""));
        } else if let Some(b) = blocks.last_mut() {
            b.0 += nonspace_len(l);
            b.1 = l;
        }
    }
    if labels.len() >= 3 {
        // Opening words: every text short, most cut off mid-sentence. Whole short remarks
        // end with a full stop, a bracket or a stage direction.
        let longest = blocks.iter().map(|b| b.0).max().unwrap_or(0);
        let texts: Vec<&str> = blocks.iter().filter(|b| b.0 > 0).map(|b| b.1).collect();
        let cut = texts
            .iter()
            .filter(|t| {
                !t.trim_end_matches(is_space)
                    .ends_with(['。', '」', '）', '〕', ')', '？', '！', '?', '!'])
            })
            .count();
        if longest <= 80 && texts.len() * 2 >= labels.len() && cut * 2 >= texts.len() {
            let mut names: Vec<&str> = Vec::new();
            for l in &labels {
                if !names.contains(&l.as_str()) && names.len() < 3 {
                    names.push(l);
                }
            }
            return Err(format!(
                "a speaker list, not minutes: it lists {} remarks by speaker ({}, …) with only the opening words of each, not the full text; the minutes system's text download (or its text view) is the full text",
                labels.len(),
                names.join(", ")
            ));
        }
    }
    // No remark, no sentence, and links, buttons and form controls for a third of the lines.
    let any_label = lines.iter().any(|l| starts_with_label(l));
    let sentence = lines
        .iter()
        .any(|l| l.contains('。') || nonspace_len(l) >= 40);
    let controls = lines.len().saturating_sub(no_links.len()) + page.controls;
    if !any_label && !sentence && controls * 3 >= lines.len() {
        let titled: Vec<&String> = (no_links.iter().filter(|l| SESSION.is_match(l)))
            .chain(no_links.iter().filter(|l| META.is_match(l)))
            .collect();
        let what = match titled.first() {
            Some(t) => format!("; its title line: {t}"),
            None if !page.title.is_empty() => format!("; its <title>: {}", page.title),
            None => String::new(),
        };
        return Err(format!(
            "no minutes text: a menu or controller page ({} lines of links, buttons and headings, no remark){what}",
            lines.len()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::{ok, page, to_text};

    #[test]
    fn speaker_list_with_opening_words_is_refused() {
        let mut rows = String::new();
        for (i, (who, words)) in [
            (
                "山田太郎議長",
                "　出席議員は定足数に達しております。\n　ただいまから、令和",
            ),
            (
                "川上次郎区長",
                "　令和７年第１回区議会定例会の開催に当たりまして、所信",
            ),
            ("山田太郎議長", "　次に、事務局長に庶務報告をいたさせます。"),
            (
                "森花子議員",
                "　質問いたします。まず初めに、区の財政について",
            ),
        ]
        .iter()
        .enumerate()
        {
            rows.push_str(&format!(
                "<tr><td>No.{}</td><td><a href=\"text?{i}\">{who}</a></td></tr><tr><td colspan=2><div style=\"display:none\">{words}</div></td></tr>",
                i + 1
            ));
        }
        let html = page(&format!("<form><table>{rows}</table></form>"));
        let err = to_text(html.as_bytes()).unwrap_err();
        assert!(err.starts_with("a speaker list"), "{err}");
        assert!(err.contains("only the opening words"), "{err}");
        assert!(err.contains("not the full text"), "{err}");
        assert!(err.contains("text download"), "{err}");
        assert!(err.contains("山田太郎議長"), "{err}");
    }

    #[test]
    fn controller_frameset_and_empty_pages_are_refused() {
        let controller = page(concat!(
            "<h2>令和６年第４回定例会（第９号）　本文</h2>",
            "<dl><dt>文書</dt><dd><a href=\"?p\" target=\"_parent\">前へ</a></dd><dd><a href=\"?n\">次へ</a></dd></dl>",
            "<dl><dt>発言</dt><dd><button>前へ</button></dd><dd><button>次へ</button></dd></dl>",
            "<ul><li><a href=\"?print\">印刷用ページ</a></li><li><a href=\"?dl\">ダウンロード</a></li></ul>",
        ));
        let err = to_text(controller.as_bytes()).unwrap_err();
        assert!(
            err.starts_with("no minutes text: a menu or controller page"),
            "{err}"
        );
        assert!(err.contains("令和６年第４回定例会（第９号）"), "{err}");

        let frames = "<html><head><title>会議録</title></head><frameset cols=\"20%,*\"><frame name=\"side\" src=\"side.html\"><frame name=\"text\" src=\"text.html\"></frameset></html>";
        let err = to_text(frames.as_bytes()).unwrap_err();
        assert!(
            err.starts_with("a frameset page") && err.contains("text text.html"),
            "{err}"
        );

        assert_eq!(to_text(b"  \n").unwrap_err(), "empty page");
        assert!(to_text(page("<script>x()</script>").as_bytes()).is_err());
    }

    #[test]
    fn short_whole_remarks_and_plain_label_lists_are_minutes() {
        let html = page(concat!(
            "<p>出席者<br>委員長(山田)<br>副委員長(川上)<br>委員(森)</p>",
            "<p>◯委員長(山田)<br>　開会します。<br>◯委員(森)<br>　異議なし。<br>◯委員長(山田)<br>　閉会します。</p>",
        ));
        let t = ok(&html);
        assert!(t
            .text
            .starts_with("出席者\n委員長(山田)\n副委員長(川上)\n委員(森)\n◯委員長(山田)\n"));
        assert!(t.text.ends_with("◯委員長(山田)\n　閉会します。\n"));
        assert!(!t.log.iter().chain(&t.notes).any(|n| n.contains("index")));
    }
}
