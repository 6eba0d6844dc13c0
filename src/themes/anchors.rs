//! Which texts a theme set needs tokens with base forms for.
//!
//! Takes the compiled terms and rules (and each base-form term's anchor, read by the run's
//! tokenizer) and gives [`Anchors`]: what every text that may hold a hit needing base forms
//! contains (a base-form term's uninflected words or a verb's stem, a prefix, both terms of a
//! `near`/`seq`), as one clause list per theme. Every other text is matched on its token edges
//! alone, so most remarks are not tokenized again when the cache gave their edges.

use aho_corasick::AhoCorasick;

use super::matcher::{CTerm, Compiled};
use super::rule::Rule;
use super::term::TermKind;
use crate::segment::{Word, Worker};

/// The anchors of a theme set (see the module docs).
pub(super) struct Anchors {
    /// The anchor strings, and per theme the clauses (each a list of anchor indices) that must
    /// all be met.
    ac: Option<(AhoCorasick, Vec<Vec<Vec<usize>>>)>,
    /// Every text may hold such a hit (a term with no anchor).
    always: bool,
}

/// Most anchors a theme set keeps; above it every text is tokenized with base forms.
const MAX_ANCHORS: usize = 256;

impl Anchors {
    /// No text needs base forms.
    pub(super) fn none() -> Anchors {
        Anchors {
            ac: None,
            always: false,
        }
    }

    /// The anchors of `c`, given each compiled base-form term's anchor.
    pub(super) fn build(c: &Compiled, lemma_anchor: &[Option<String>]) -> Result<Anchors, String> {
        let mut needs: Vec<Vec<Vec<String>>> = Vec::new();
        let mut always = false;
        for (ti, range) in c.ranges.iter().enumerate() {
            let anchor = |i: usize| term_anchor(&c.cterms[i], &lemma_anchor[i]);
            let needs_words = |i: &usize| term_needs_words(&c.cterms[*i]);
            let need = match &c.rules[ti] {
                Some(r) if r.measures_distance() || range.clone().any(|i| needs_words(&i)) => {
                    rule_need(r, &|k| anchor(range.start + k))
                }
                Some(_) => continue,
                None => match range
                    .clone()
                    .filter(needs_words)
                    .map(anchor)
                    .reduce(Need::or)
                {
                    Some(n) => n,
                    None => continue,
                },
            };
            match need {
                Need::All(clauses) if !clauses.is_empty() => needs.push(clauses),
                _ => always = true,
            }
        }
        let mut patterns: Vec<String> = needs.iter().flatten().flatten().cloned().collect();
        patterns.sort();
        patterns.dedup();
        if patterns.is_empty() || patterns.len() > MAX_ANCHORS {
            return Ok(Anchors {
                ac: None,
                always: always || !patterns.is_empty(),
            });
        }
        let id = |a: &String| patterns.binary_search(a).unwrap_or(0);
        let needs = needs
            .iter()
            .map(|cnf| cnf.iter().map(|cl| cl.iter().map(id).collect()).collect())
            .collect();
        let ac = AhoCorasick::new(&patterns).map_err(|e| format!("cannot compile anchors: {e}"))?;
        Ok(Anchors {
            ac: Some((ac, needs)),
            always,
        })
    }

    /// Whether `text` may hold a hit that needs tokens with base forms.
    pub(super) fn wants(&self, text: &str) -> bool {
        if self.always {
            return true;
        }
        let Some((ac, needs)) = &self.ac else {
            return false;
        };
        // One bit per anchor present (at most MAX_ANCHORS of them). The needs only grow with
        // what is present: the scan stops as soon as one theme's are met.
        let mut present = [0u64; MAX_ANCHORS / 64];
        let met = |present: &[u64]| {
            let has = |i: usize| present[i / 64] & (1 << (i % 64)) != 0;
            needs
                .iter()
                .any(|cnf| cnf.iter().all(|clause| clause.iter().any(|&i| has(i))))
        };
        for m in ac.find_overlapping_iter(text) {
            let i = m.pattern().as_usize();
            let bit = 1 << (i % 64);
            if present[i / 64] & bit == 0 {
                present[i / 64] |= bit;
                if met(&present) {
                    return true;
                }
            }
        }
        false
    }
}

/// Whether a compiled term needs tokens with base forms (a base-form literal, a prefix).
fn term_needs_words(ct: &CTerm) -> bool {
    ct.lemma || matches!(ct.kind, TermKind::Prefix(_))
}

/// Text that every text where a compiled term occurs contains: a literal or prefix itself; for
/// a base-form literal, its anchor (given); nothing for a regular expression.
fn term_anchor(ct: &CTerm, lemma_anchor: &Option<String>) -> Need {
    let one = |a: &String| Need::All(vec![vec![a.clone()]]);
    match (&ct.kind, ct.lemma) {
        (TermKind::Literal(_), true) => lemma_anchor.as_ref().map_or(Need::Always, one),
        (TermKind::Literal(t) | TermKind::Prefix(t), _) => one(t),
        (TermKind::Regex(_), _) => Need::Always,
    }
}

/// What a text must contain for a hit that needs tokens with base forms to be possible.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Need {
    /// Every clause: one of its strings (no clause: nothing known, as `Always`).
    All(Vec<Vec<String>>),
    /// Nothing cheaper is known: every text.
    Always,
}

/// Most clauses a requirement keeps (an `or` of `and`s multiplies them).
const MAX_CLAUSES: usize = 16;

impl Need {
    /// Either requirement (a text meeting either may hold a hit).
    fn or(self, other: Need) -> Need {
        match (self, other) {
            (Need::All(a), Need::All(b)) if !a.is_empty() && !b.is_empty() => {
                if a.len() * b.len() > MAX_CLAUSES {
                    // Weaker but still necessary: one clause of each side.
                    let mut c = a[0].clone();
                    c.extend(b[0].iter().cloned());
                    return Need::All(vec![c]);
                }
                let mut out = Vec::new();
                for x in &a {
                    for y in &b {
                        let mut c = x.clone();
                        c.extend(y.iter().cloned());
                        out.push(c);
                    }
                }
                Need::All(out)
            }
            _ => Need::Always,
        }
    }

    /// Both requirements.
    fn and(self, other: Need) -> Need {
        match (self, other) {
            (Need::All(mut a), Need::All(b)) => {
                a.extend(b);
                a.truncate(MAX_CLAUSES);
                Need::All(a)
            }
            (Need::Always, n) | (n, Need::Always) => n,
        }
    }
}

/// What a text must contain for `rule` to hold, given each term's requirement: `and`, `near`
/// and `seq` need all their parts', `or` one of its children's, `not` nothing.
fn rule_need(rule: &Rule, term: &dyn Fn(usize) -> Need) -> Need {
    match rule {
        Rule::Term(i) => term(*i),
        Rule::Not(_) => Need::Always,
        Rule::And(v) => v
            .iter()
            .map(|r| rule_need(r, term))
            .fold(Need::Always, Need::and),
        Rule::Or(v) => v
            .iter()
            .map(|r| rule_need(r, term))
            .reduce(Need::or)
            .unwrap_or(Need::Always),
        Rule::Near { a, b, .. } | Rule::Seq { a, b, .. } => term(*a).and(term(*b)),
    }
}

/// Text that every match of a base-form term contains: its leading words that do not inflect
/// (written as their base form wherever they occur) followed by the stem of the first word that
/// does (its base form less the last character: 育てる → 育, 足りる → 足り; none for する, 来る
/// and one-character forms), or else its longest word that does not inflect.
pub(super) fn lemma_term_anchor(term: &str, words: &[Word], w: &Worker) -> Option<String> {
    let mut lead = String::new();
    for word in words {
        if word.symbol {
            break;
        }
        if !word.inflects {
            lead.push_str(&term[word.start as usize..word.end as usize]);
            continue;
        }
        let base = w.lemma_name(word.lemma).unwrap_or_default();
        let irregular = ["する", "ずる", "くる", "来る"]
            .iter()
            .any(|x| base.ends_with(x));
        let mut chars: Vec<char> = base.chars().collect();
        if !irregular && chars.len() >= 2 {
            chars.pop();
            lead.extend(chars);
        }
        break;
    }
    let longest = words
        .iter()
        .filter(|x| !x.inflects && !x.symbol)
        .map(|x| &term[x.start as usize..x.end as usize])
        .max_by_key(|s| s.len())
        .unwrap_or("");
    let best = if lead.len() >= longest.len() {
        lead
    } else {
        longest.to_string()
    };
    (!best.is_empty()).then_some(best)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::segment::tests::TOKENIZER;
    use crate::text::nfkc;
    use crate::themes::ThemeSet;

    fn set(toml: &str) -> ThemeSet {
        ThemeSet::parse(toml, Path::new("t.toml")).unwrap()
    }

    #[test]
    fn only_texts_that_may_hold_such_a_hit_are_tokenized_with_base_forms() {
        let wants = |toml: &str, text: &str| {
            let s = set(toml);
            let mut w = TOKENIZER.worker();
            let m = s.matcher(Some(&mut w)).unwrap();
            m.wants_words(&nfkc(text))
        };
        let lemma = "[[theme]]\nid='l'\nmatch='lemma'\nterms=['人材を育てる']\n";
        assert!(wants(lemma, "若い人材を育てていく"));
        assert!(!wants(lemma, "後進を育てていく"));
        // A verb alone: its stem (育てる → 育) is in every form of it.
        let verb = "[[theme]]\nid='l'\nmatch='lemma'\nterms=['育てる']\n";
        assert!(wants(verb, "子を育てた"));
        assert!(!wants(verb, "何も"));
        // する has no stem common to its forms (し, さ, せ): every text.
        assert!(wants(
            "[[theme]]\nid='l'\nmatch='lemma'\nterms=['する']\n",
            "何も"
        ));
        let prefix = "[[theme]]\nid='p'\nterms=['サプライ*','物流']\n";
        assert!(wants(prefix, "サプライヤー"));
        assert!(!wants(prefix, "物流の話"));
        let near = "[[theme]]\nid='n'\nrule='人材 and near(不足, 深刻, 3)'\n";
        assert!(wants(near, "人材が足りず深刻な不足"));
        assert!(!wants(near, "深刻な不足"));
        // near needs both of its terms.
        assert!(!wants(near, "人材の深刻さ"));
        let or = "[[theme]]\nid='o'\nmatch='lemma'\nrule='(人材 and 不足) or 育てる'\n";
        assert!(wants(or, "人材が不足"));
        assert!(wants(or, "育てた"));
        assert!(!wants(or, "人材はいる"));
        assert!(!wants("[[theme]]\nid='s'\nterms=['秘密']\n", "秘密"));
    }
}
