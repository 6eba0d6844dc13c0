//! Finding a theme set's terms in one tokenized text.
//!
//! Takes a [`Doc`] (NFKC-normalized text, its token edges and, where the theme file needs them,
//! its tokens with base forms) and gives [`Matches`]: hits per theme and per term, and where
//! asked each hit's position. All literal and prefix terms of all themes are found in one pass
//! from the token edges ([`super::scan`]); then each theme keeps, of its own terms'
//! occurrences, the leftmost-longest ones, so a theme's count never depends on the other
//! themes' terms.

use std::ops::Range;

use rustc_hash::FxHashMap;

use super::rule::{Rule, Span};
use super::scan::TermScan;
use super::term::TermKind;
use super::{Hit, Scope, Theme};
use crate::segment::{Edges, Word};

/// One tokenized text as matching sees it.
#[derive(Debug, Clone, Copy)]
pub struct Doc<'a> {
    /// NFKC-normalized text.
    pub text: &'a str,
    /// Its token edges.
    pub edges: &'a Edges,
    /// Its tokens with base forms (empty unless [`super::Matcher::wants_words`] says the text
    /// needs them).
    pub words: &'a [Word],
}

/// What matching one text gives.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Matches {
    /// Hits per theme, in theme order: occurrences of its terms, or for a rule theme the
    /// units (remarks or sentences) where the rule holds.
    pub counts: Vec<u32>,
    /// Occurrences per term with any, as (index among all themes' terms in order
    /// ([`super::ThemeSet::term_range`]), count), by index; for a rule theme only the
    /// occurrences that made the rule hold.
    pub term_counts: Vec<(usize, u32)>,
    /// Every counted occurrence, in text order (only when asked for).
    pub hits: Vec<Hit>,
}

/// One term of one theme, compiled.
#[derive(Debug, Clone)]
pub(super) struct CTerm {
    pub theme: usize,
    /// Index in the theme's `terms`.
    pub term: usize,
    pub kind: TermKind,
    /// For a literal of a base-form theme: the base-form ids of its tokens (set by
    /// [`super::ThemeSet::matcher`]).
    pub lemma: bool,
}

/// An occurrence of a compiled term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Cand {
    theme: usize,
    start: usize,
    /// Reversed length order: longer first at the same start.
    neg_end: isize,
    cterm: usize,
}

/// The compiled side of a theme set that a [`super::Matcher`] uses.
#[derive(Debug, Clone)]
pub(super) struct Compiled {
    pub cterms: Vec<CTerm>,
    /// The compiled terms of each theme.
    pub ranges: Vec<Range<usize>>,
    pub rules: Vec<Option<Rule>>,
    /// The literal and prefix terms' strings, found from token edges.
    pub scan: Option<TermScan>,
    /// For each of those strings, the surface terms that use it.
    pub scan_owners: Vec<Vec<usize>>,
    pub regexes: Vec<usize>,
}

/// Finds every theme's hits in `doc`. `lemmas[i]` is the base-form sequence of compiled term i
/// (empty for terms matched on the surface).
pub(super) fn find(
    c: &Compiled,
    themes: &[Theme],
    lemmas: &[Vec<u32>],
    lemma_first: &FxHashMap<u32, Vec<usize>>,
    excluded: &dyn Fn(&str, usize, usize, usize) -> bool,
    doc: &Doc<'_>,
    want_hits: bool,
) -> Matches {
    let mut out = Matches {
        counts: vec![0; themes.len()],
        term_counts: Vec::new(),
        hits: Vec::new(),
    };
    let mut cands: Vec<Cand> = Vec::new();
    let text = doc.text;
    let push = |cands: &mut Vec<Cand>, ct: usize, s: usize, e: usize| {
        cands.push(Cand {
            theme: c.cterms[ct].theme,
            start: s,
            neg_end: -(e as isize),
            cterm: ct,
        })
    };
    if let Some(scan) = &c.scan {
        scan.each(text, doc.edges, |pattern, s, e| {
            for &ct in &c.scan_owners[pattern] {
                match c.cterms[ct].kind {
                    TermKind::Prefix(_) => push(&mut cands, ct, s, token_end(doc, e)),
                    _ if doc.edges.is_edge(e) => push(&mut cands, ct, s, e),
                    _ => {}
                }
            }
        });
    }
    for &ct in &c.regexes {
        if let TermKind::Regex(re) = &c.cterms[ct].kind {
            for m in re.find_iter(text) {
                if m.start() < m.end() && doc.edges.is_edge(m.start()) && doc.edges.is_edge(m.end())
                {
                    push(&mut cands, ct, m.start(), m.end());
                }
            }
        }
    }
    if !lemma_first.is_empty() {
        let w = doc.words;
        for i in 0..w.len() {
            let Some(list) = lemma_first.get(&w[i].lemma) else {
                continue;
            };
            for &ct in list {
                let seq = &lemmas[ct];
                if i + seq.len() <= w.len()
                    && w[i..i + seq.len()]
                        .iter()
                        .zip(seq)
                        .all(|(a, &b)| a.lemma == b)
                {
                    push(
                        &mut cands,
                        ct,
                        w[i].start as usize,
                        w[i + seq.len() - 1].end as usize,
                    );
                }
            }
        }
    }
    if cands.is_empty() {
        return out;
    }
    cands.sort_unstable();
    let mut i = 0;
    while i < cands.len() {
        let theme = cands[i].theme;
        let j = i + cands[i..].iter().take_while(|x| x.theme == theme).count();
        let group = &cands[i..j];
        match &c.rules[theme] {
            None => {
                let mut last_end = 0usize;
                for x in group {
                    let e = (-x.neg_end) as usize;
                    if x.start < last_end {
                        continue;
                    }
                    if excluded(text, theme, x.start, e) {
                        continue;
                    }
                    last_end = e;
                    out.counts[theme] += 1;
                    count_term(&mut out.term_counts, x.cterm);
                    if want_hits {
                        out.hits.push(hit(c, x, e));
                    }
                }
            }
            Some(rule) => apply_rule(
                c,
                rule,
                themes[theme].scope,
                group,
                excluded,
                doc,
                want_hits,
                &mut out,
            ),
        }
        i = j;
    }
    if want_hits {
        out.hits.sort_by_key(|h| (h.start, h.end, h.theme, h.term));
    }
    out.term_counts.sort_unstable();
    out
}

/// Counts one occurrence of compiled term `ct` in a sparse list (few terms occur in a text).
fn count_term(counts: &mut Vec<(usize, u32)>, ct: usize) {
    match counts.iter_mut().find(|(i, _)| *i == ct) {
        Some((_, n)) => *n += 1,
        None => counts.push((ct, 1)),
    }
}

fn hit(c: &Compiled, x: &Cand, end: usize) -> Hit {
    Hit {
        theme: x.theme,
        term: c.cterms[x.cterm].term,
        start: x.start,
        end,
    }
}

/// The end of the token in which a prefix ending at `e` ends (`e` itself without tokens).
fn token_end(doc: &Doc<'_>, e: usize) -> usize {
    let w = doc.words;
    let i = w.partition_point(|t| (t.end as usize) < e);
    match w.get(i) {
        Some(t) if (t.start as usize) < e => t.end as usize,
        _ => e,
    }
}

/// The token span (word tokens, as [`Word::ord`] counts them) of bytes `s..e`; the byte span
/// itself when there are no tokens.
fn token_span(words: &[Word], s: usize, e: usize) -> Span {
    if words.is_empty() {
        return (s as u32, e as u32);
    }
    let i = words.partition_point(|t| (t.end as usize) <= s);
    let j = words.partition_point(|t| (t.start as usize) < e);
    let first = words
        .get(i)
        .map_or_else(|| words.last().map_or(0, |w| w.ord + 1), |w| w.ord);
    let end = if j == 0 {
        first
    } else {
        let w = &words[j - 1];
        w.ord + u32::from(!w.symbol)
    };
    (first, end.max(first))
}

/// Sentence ends: the byte offset after each 。．！？!? and line break.
fn sentence_ends(text: &str) -> Vec<usize> {
    text.char_indices()
        .filter(|(_, ch)| matches!(ch, '。' | '．' | '！' | '？' | '!' | '?' | '\n'))
        .map(|(i, ch)| i + ch.len_utf8())
        .collect()
}

/// A rule theme: its terms' occurrences (leftmost-longest per term, excludes applied) grouped
/// into units; each unit where the rule holds is one hit, and the occurrences that support it
/// are its terms' counts and positions.
#[allow(clippy::too_many_arguments)]
fn apply_rule(
    c: &Compiled,
    rule: &Rule,
    scope: Scope,
    group: &[Cand],
    excluded: &dyn Fn(&str, usize, usize, usize) -> bool,
    doc: &Doc<'_>,
    want_hits: bool,
    out: &mut Matches,
) {
    let theme = group[0].theme;
    let range = c.ranges[theme].clone();
    let ends = match scope {
        Scope::Sentence => sentence_ends(doc.text),
        Scope::Remark => Vec::new(),
    };
    // (unit, term) → occurrences, in order.
    let mut occ: Vec<(usize, usize, Cand, usize)> = Vec::new();
    let mut per_term = group.to_vec();
    per_term.sort_by_key(|x| (x.cterm, x.start, x.neg_end));
    let mut last: Option<(usize, usize)> = None;
    for x in per_term {
        let e = (-x.neg_end) as usize;
        if matches!(last, Some((ct, le)) if ct == x.cterm && x.start < le) {
            continue;
        }
        if excluded(doc.text, theme, x.start, e) {
            continue;
        }
        last = Some((x.cterm, e));
        let unit = ends.partition_point(|&b| b <= x.start);
        occ.push((unit, x.cterm - range.start, x, e));
    }
    occ.sort_by_key(|o| (o.0, o.1, o.2.start));
    let n_terms = range.len();
    let mut k = 0;
    while k < occ.len() {
        let unit = occ[k].0;
        let l = k + occ[k..].iter().take_while(|o| o.0 == unit).count();
        let mut lists: Vec<Vec<Span>> = vec![Vec::new(); n_terms];
        let mut items: Vec<Vec<(Cand, usize)>> = vec![Vec::new(); n_terms];
        for (_, t, x, e) in &occ[k..l] {
            lists[*t].push(token_span(doc.words, x.start, *e));
            items[*t].push((*x, *e));
        }
        if rule.eval(&lists) {
            out.counts[theme] += 1;
            for (t, idx) in rule.support(&lists).into_iter().enumerate() {
                for i in idx {
                    let (x, e) = items[t][i];
                    count_term(&mut out.term_counts, x.cterm);
                    if want_hits {
                        out.hits.push(hit(c, &x, e));
                    }
                }
            }
        }
        k = l;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(start: u32, end: u32, ord: u32, symbol: bool) -> Word {
        Word {
            start,
            end,
            lemma: 0,
            ord,
            symbol,
            inflects: false,
        }
    }

    #[test]
    fn token_spans_count_word_tokens_only() {
        // 人材(0..6) 、(6..9, symbol) 育成(9..15)
        let w = [
            word(0, 6, 0, false),
            word(6, 9, 1, true),
            word(9, 15, 1, false),
        ];
        assert_eq!(token_span(&w, 0, 6), (0, 1));
        assert_eq!(token_span(&w, 9, 15), (1, 2));
        assert_eq!(token_span(&w, 0, 15), (0, 2));
        assert_eq!(token_span(&[], 3, 5), (3, 5));
    }

    #[test]
    fn prefixes_run_to_the_end_of_their_token() {
        let text = "サプライチェーンの";
        let e = Edges::new(text.len());
        let w = [word(0, 24, 0, false), word(24, 27, 1, false)];
        let doc = Doc {
            text,
            edges: &e,
            words: &w,
        };
        assert_eq!(token_end(&doc, 12), 24);
        assert_eq!(token_end(&doc, 24), 24);
    }

    #[test]
    fn sentences_end_at_stops_and_breaks() {
        assert_eq!(sentence_ends("あ。い!う\nえ"), vec![6, 10, 14]);
    }
}
