//! Fuzz target `themes`: arbitrary text and a few arbitrary terms → a `ThemeSet` built with
//! `ThemeSet::from_themes` (terms NFKC-normalized and trimmed as `ThemeSet::parse` does) →
//! the NFKC text segmented by one lazily created, shared `Tokenizer` → `ThemeSet::hits`.
//!
//! Invariants checked (besides "never panics" and "tokenizing never fails"):
//! - the token edges are a map of the text's size, with edges at its start and end;
//! - every hit starts and ends on a token edge;
//! - every hit has start < end, both on char boundaries, end <= text length;
//! - the hit's text is the term it names (literal terms only: prefix and regex terms are left
//!   out of the input);
//! - hits come in text order, and one theme's hits (leftmost-longest per theme) do not overlap.
#![no_main]

use std::cell::RefCell;
use std::path::Path;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use once_cell::sync::Lazy;

use kaigi::parse::nfkc;
use kaigi::segment::{DictOptions, Tokenizer, Worker};
use kaigi::themes::{Theme, ThemeSet};

static TOKENIZER: Lazy<Tokenizer> = Lazy::new(|| {
    let userdict = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/userdict.csv");
    Tokenizer::new(&DictOptions {
        userdict: userdict.is_file().then_some(userdict),
        ..Default::default()
    })
    .expect("IPADIC dictionary (install mecab-ipadic)")
});

thread_local! {
    static WORKER: RefCell<Worker> = RefCell::new(TOKENIZER.worker());
}

#[derive(Debug, Arbitrary)]
struct Input {
    text: String,
    /// Terms of theme 0.
    a: Vec<String>,
    /// Terms of theme 1 (may share terms with theme 0).
    b: Vec<String>,
    /// Exclude phrases of theme 0.
    exclude: Vec<String>,
}

fn clean(terms: &[String], max: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in terms.iter().take(max) {
        let t: String = t.chars().take(12).collect();
        let t = nfkc(&t).trim().to_string();
        let pattern = t.contains('*') || (t.len() >= 2 && t.starts_with('/') && t.ends_with('/'));
        if !t.is_empty() && !pattern && !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

fn theme(id: &str, terms: Vec<String>, exclude: Vec<String>) -> Theme {
    Theme {
        exclude,
        ..Theme::new(id, terms)
    }
}

fuzz_target!(|input: Input| {
    let a = clean(&input.a, 4);
    let b = clean(&input.b, 3);
    if a.is_empty() || b.is_empty() {
        return;
    }
    // Keep texts short: tokenizing is the slow part.
    let raw: String = input.text.chars().take(400).collect();
    let text = nfkc(&raw);
    let set = ThemeSet::from_themes(
        vec![
            theme("a", a, clean(&input.exclude, 2)),
            theme("b", b, vec![]),
        ],
        Path::new("fuzz.toml"),
    )
    .expect("themes compile");

    let seg = WORKER
        .with(|w| w.borrow_mut().segment(&text, false))
        .expect("tokenizing must not fail on any text");
    assert!(seg.edges.fits(text.len()), "edge map not of the text's size");
    assert!(seg.edges.is_edge(0) && seg.edges.is_edge(text.len()));

    let hits = set.hits(&text, &seg);
    let mut last_end = [0usize; 2];
    let mut last_start = 0usize;
    for h in &hits {
        assert!(h.start < h.end, "empty hit {h:?}");
        assert!(
            seg.edges.is_edge(h.start) && seg.edges.is_edge(h.end),
            "hit {h:?} not on token edges"
        );
        assert!(
            h.end <= text.len(),
            "hit {h:?} beyond text of {} bytes",
            text.len()
        );
        assert!(
            text.is_char_boundary(h.start) && text.is_char_boundary(h.end),
            "hit {h:?} not on char boundaries in {text:?}"
        );
        let found = &text[h.start..h.end];
        assert_eq!(
            set.themes[h.theme].terms[h.term], found,
            "hit {h:?} = {found:?} is not the term it names: {:?}",
            set.themes[h.theme].terms
        );
        assert!(h.start >= last_start, "hits out of order: {hits:?}");
        assert!(
            h.start >= last_end[h.theme],
            "one theme's hits overlap: {hits:?}"
        );
        last_start = h.start;
        last_end[h.theme] = h.end;
    }
    let counts = set.count(&text, &seg);
    assert_eq!(
        counts.iter().map(|&c| c as usize).sum::<usize>(),
        hits.len()
    );
});
