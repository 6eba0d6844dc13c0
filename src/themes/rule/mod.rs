//! Theme rules: boolean expressions over terms, evaluated per unit (a remark or a sentence).
//!
//! [`parse`] takes the text of a theme's `rule = "..."` and gives a [`ParsedRule`]: the
//! expression tree ([`Rule`]) plus the distinct terms it mentions, in order of first
//! appearance (`Rule::Term(i)` refers to `terms[i]`). Terms are opaque strings here; the
//! caller decides what `サプライ*` or `/…/` mean, finds their occurrences in a unit as
//! token spans, and then asks [`Rule::eval`] whether the rule holds and [`Rule::support`]
//! which occurrences make it hold.
//!
//! # Grammar
//!
//! ```text
//! rule    := or
//! or      := and { ("or" | "|") and }             left-associative
//! and     := unary { ("and" | "&") unary }        left-associative
//! unary   := ("not" | "!") unary | primary
//! primary := term | "(" or ")"
//!          | "and(" or {"," or} ")" | "or(" or {"," or} ")"
//!          | "near(" term "," term ["," n] ")" | "seq(" term "," term ["," n] ")"
//! term    := bare word | "…" | '…'
//! ```
//!
//! * Precedence: `not` binds tighter than `and`, which binds tighter than `or`.
//!   `not(a)` is simply `not` applied to a parenthesised expression.
//! * Operator words `and`, `or`, `not`, `near`, `seq` are case-insensitive. A bare `and`,
//!   `or` or `not` is always an operator; a bare `near`/`seq` is a function only when
//!   followed by `(`, otherwise a term. Quote a term to use any of these words literally.
//! * A bare term is any run of characters other than whitespace, `(`, `)`, `,`, `&`, `|`,
//!   `!`, `"` and `'`, e.g. `人材`, `サプライ*`, `通信の秘密`, `/サイバー.+対策/`. A term
//!   containing any of those characters (a regex with `|` or `(…)`, a phrase with spaces)
//!   must be quoted with `"…"` or `'…'`. There are no escapes: a term containing `"` is
//!   written in `'…'` and vice versa. A bare word directly followed by `(` is a function
//!   call, so `foo(` is an "unknown function" error. The symbols split words: `a&b` is
//!   `a and b`.
//! * `and(x)` / `or(x)` with one argument is just `x`. `n` is a non-negative integer
//!   (up to 4294967295) written bare.
//! * The rule text is NFKC-normalised by kaigi before parsing, so full-width `（`, `）`,
//!   `，`, `＆`, `｜`, `！`, `＂` and `＇` act as their ASCII operators. This module does not
//!   normalise by itself.
//!
//! # Semantics
//!
//! Occurrences are token spans `[first, end)` (non-empty, sorted by `first`). A term holds
//! when it occurs at least once. `and`, `or`, `not` are the usual boolean operators.
//! For two spans the gap is the number of tokens lying between them (0 when adjacent or
//! overlapping).
//!
//! * `near(a, b, n)` holds when some occurrence of `a` and some occurrence of `b` have a gap
//!   of at most `n`, in either order. `n` defaults to 10 (KH Coder's default).
//! * `seq(a, b, n)` is the same, but `b` must start at or after the end of `a`.
//! * `near(a, a, n)` / `seq(a, a, n)` need two different occurrences of `a`.
//!
//! A rule must require at least one term: a rule that would hold in a unit where no term
//! occurs at all (`not a`, `a or not b`) is rejected.
//!
//! Errors ([`RuleError`]) carry the byte offset of the problem in the rule text: empty
//! rule, unbalanced parenthesis, unknown function, an operator missing an operand, a
//! missing or non-numeric `n`, non-term operands of `near`/`seq`, trailing input, empty or
//! unterminated quoted terms.

use std::fmt;

mod parse;
pub use parse::parse;

/// A parsed rule expression. `Term(i)` and `a`/`b` index [`ParsedRule::terms`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule {
    /// The term occurs at least once.
    Term(usize),
    /// All children hold.
    And(Vec<Rule>),
    /// At least one child holds.
    Or(Vec<Rule>),
    /// The child does not hold.
    Not(Box<Rule>),
    /// Some occurrences of `a` and `b` lie at most `max_gap` tokens apart, either order.
    Near { a: usize, b: usize, max_gap: u32 },
    /// As `Near`, but the occurrence of `b` starts at or after the end of that of `a`.
    Seq { a: usize, b: usize, max_gap: u32 },
}

/// A syntax error in a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    /// Byte offset in the rule text where the problem is.
    pub offset: usize,
    /// What is wrong, for humans.
    pub message: String,
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.message, self.offset)
    }
}

impl std::error::Error for RuleError {}

/// A rule together with the terms it mentions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedRule {
    /// The expression.
    pub rule: Rule,
    /// Distinct terms in order of first appearance; `Rule::Term(i)` indexes this.
    pub terms: Vec<String>,
}

/// An occurrence of a term in a unit: token index span [first, end) (end exclusive).
pub type Span = (u32, u32);

fn list(occ: &[Vec<Span>], i: usize) -> &[Span] {
    occ.get(i).map_or(&[], Vec::as_slice)
}

/// For each x: is some y (from a different list) at most `n` tokens away?
fn near_hits(xs: &[Span], ys: &[Span], n: u64) -> Vec<bool> {
    // gap(x, y) <= n  <=>  y.start <= x.end + n  &&  y.end + n >= x.start
    let prefix_max: Vec<u64> = ys
        .iter()
        .scan(0, |m, y| {
            *m = (*m).max(u64::from(y.1));
            Some(*m)
        })
        .collect();
    xs.iter()
        .map(|x| {
            let k = ys.partition_point(|y| u64::from(y.0) <= u64::from(x.1) + n);
            k > 0 && prefix_max[k - 1] + n >= u64::from(x.0)
        })
        .collect()
}

/// For each x: is some other occurrence in the same list at most `n` tokens away?
fn near_self_hits(xs: &[Span], n: u64) -> Vec<bool> {
    let mut max_end = 0u64;
    (0..xs.len())
        .map(|j| {
            let before = j > 0 && max_end + n >= u64::from(xs[j].0);
            let after = xs
                .get(j + 1)
                .is_some_and(|y| u64::from(y.0) <= u64::from(xs[j].1) + n);
            max_end = max_end.max(u64::from(xs[j].1));
            before || after
        })
        .collect()
}

/// For each x: does some y start at or after x's end, at most `n` tokens later?
fn seq_after_hits(xs: &[Span], ys: &[Span], n: u64) -> Vec<bool> {
    xs.iter()
        .map(|x| {
            let lo = ys.partition_point(|y| y.0 < x.1);
            ys.get(lo)
                .is_some_and(|y| u64::from(y.0) <= u64::from(x.1) + n)
        })
        .collect()
}

/// For each y: does some x end at or before y's start, at most `n` tokens earlier?
fn seq_before_hits(ys: &[Span], xs: &[Span], n: u64) -> Vec<bool> {
    let mut ends: Vec<u64> = xs.iter().map(|x| u64::from(x.1)).collect();
    ends.sort_unstable();
    ys.iter()
        .map(|y| {
            let lo = ends.partition_point(|&e| e + n < u64::from(y.0));
            ends.get(lo).is_some_and(|&e| e <= u64::from(y.0))
        })
        .collect()
}

impl Rule {
    /// Whether the rule measures distances in tokens (`near`, `seq`).
    pub fn measures_distance(&self) -> bool {
        match self {
            Rule::Near { .. } | Rule::Seq { .. } => true,
            Rule::Term(_) => false,
            Rule::Not(r) => r.measures_distance(),
            Rule::And(v) | Rule::Or(v) => v.iter().any(Rule::measures_distance),
        }
    }

    /// Whether the rule holds given each term's occurrences in the unit (`occ[i]` for term `i`, sorted by start).
    pub fn eval(&self, occ: &[Vec<Span>]) -> bool {
        match self {
            Rule::Term(i) => !list(occ, *i).is_empty(),
            Rule::And(kids) => kids.iter().all(|r| r.eval(occ)),
            Rule::Or(kids) => kids.iter().any(|r| r.eval(occ)),
            Rule::Not(r) => !r.eval(occ),
            Rule::Near { .. } | Rule::Seq { .. } => self.pair_hits(occ, false).contains(&true),
        }
    }

    /// The occurrences that make the rule hold (for highlighting and per-term counts): for
    /// each term index, the sorted indices into `occ[i]` of the occurrences that support it —
    /// Term: all its occurrences; And: union of the children's; Or: union of the children
    /// that hold; Not: none; Near/Seq: the occurrences of `a` and of `b` that take part in at
    /// least one qualifying pair. The result has one list per entry of `occ`; all are empty
    /// when the rule does not hold.
    pub fn support(&self, occ: &[Vec<Span>]) -> Vec<Vec<usize>> {
        let mut marks: Vec<Vec<bool>> = occ.iter().map(|v| vec![false; v.len()]).collect();
        if self.eval(occ) {
            self.mark(occ, &mut marks);
        }
        let indices = |m: Vec<bool>| {
            m.iter()
                .enumerate()
                .filter(|(_, b)| **b)
                .map(|(i, _)| i)
                .collect()
        };
        marks.into_iter().map(indices).collect()
    }

    /// Marks the supporting occurrences; `self` must hold.
    fn mark(&self, occ: &[Vec<Span>], marks: &mut [Vec<bool>]) {
        let mut set = |i: usize, hits: Vec<bool>| {
            if let Some(m) = marks.get_mut(i) {
                m.iter_mut().zip(hits).for_each(|(m, h)| *m |= h);
            }
        };
        match self {
            Rule::Term(i) => set(*i, vec![true; list(occ, *i).len()]),
            Rule::And(kids) => kids.iter().for_each(|r| r.mark(occ, marks)),
            Rule::Or(kids) => kids
                .iter()
                .filter(|r| r.eval(occ))
                .for_each(|r| r.mark(occ, marks)),
            Rule::Not(_) => {}
            Rule::Near { a, b, .. } | Rule::Seq { a, b, .. } => {
                set(*a, self.pair_hits(occ, false));
                set(*b, self.pair_hits(occ, true));
            }
        }
    }

    /// For Near/Seq: which occurrences of `a` (or of `b` when `of_b`) are in a qualifying pair.
    fn pair_hits(&self, occ: &[Vec<Span>], of_b: bool) -> Vec<bool> {
        match *self {
            Rule::Near { a, b, max_gap } if a == b => near_self_hits(list(occ, a), max_gap.into()),
            Rule::Near { a, b, max_gap } => {
                let (x, y) = if of_b { (b, a) } else { (a, b) };
                near_hits(list(occ, x), list(occ, y), max_gap.into())
            }
            Rule::Seq { a, b, max_gap } if of_b => {
                seq_before_hits(list(occ, b), list(occ, a), max_gap.into())
            }
            Rule::Seq { a, b, max_gap } => {
                seq_after_hits(list(occ, a), list(occ, b), max_gap.into())
            }
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use Rule::*;

    fn p(src: &str) -> (Rule, Vec<String>) {
        let r = parse(src).unwrap_or_else(|e| panic!("{src}: {e}"));
        (r.rule, r.terms)
    }

    fn occ(lists: &[&[Span]]) -> Vec<Vec<Span>> {
        lists.iter().map(|l| l.to_vec()).collect()
    }

    #[test]
    fn boolean_truth_tables() {
        let rules = [
            "a and b",
            "a or b",
            "a and not b",
            "(a or b) and not (a and b)",
        ];
        let expect = [
            [false, false, false, true],
            [false, true, true, true],
            [false, false, true, false],
            [false, true, true, false],
        ];
        for (src, want) in rules.iter().zip(expect) {
            let r = p(src).0;
            for (k, w) in want.iter().enumerate() {
                let (ha, hb): (&[Span], &[Span]) = (
                    if k & 2 != 0 { &[(0, 1)] } else { &[] },
                    if k & 1 != 0 { &[(5, 6)] } else { &[] },
                );
                assert_eq!(r.eval(&occ(&[ha, hb])), *w, "{src} a={ha:?} b={hb:?}");
            }
        }
    }

    #[test]
    fn near_and_seq_gaps() {
        let near = Near {
            a: 0,
            b: 1,
            max_gap: 2,
        };
        let seq = Seq {
            a: 0,
            b: 1,
            max_gap: 2,
        };
        // a at [3,5); b after it with gap 2 and 3, before it with gap 2 and 3, overlapping.
        for (b, near_ok, seq_ok) in [
            ((7, 8), true, true),
            ((8, 9), false, false),
            ((0, 1), true, false),
            ((0, 0), false, false),
            ((4, 6), true, false),
            ((5, 6), true, true),
        ] {
            let o = occ(&[&[(3, 5)], &[b]]);
            assert_eq!(near.eval(&o), near_ok, "near b={b:?}");
            assert_eq!(seq.eval(&o), seq_ok, "seq b={b:?}");
        }
        let zero = Near {
            a: 0,
            b: 1,
            max_gap: 0,
        };
        assert!(zero.eval(&occ(&[&[(3, 5)], &[(5, 6)]])));
        assert!(!zero.eval(&occ(&[&[(3, 5)], &[(6, 7)]])));
        assert!(!near.eval(&occ(&[&[(3, 5)], &[]])));
        // The same term needs two occurrences.
        let twice = Near {
            a: 0,
            b: 0,
            max_gap: 2,
        };
        assert!(!twice.eval(&occ(&[&[(3, 5)]])));
        assert!(twice.eval(&occ(&[&[(3, 5), (7, 8)]])));
        assert!(!twice.eval(&occ(&[&[(3, 5), (8, 9)]])));
    }

    #[test]
    fn support_lists_the_occurrences_that_count() {
        let (r, _) = p("near(a, b, 1) or c or (d and not e)");
        let o = occ(&[
            &[(0, 1), (10, 11), (20, 21)],
            &[(2, 3), (30, 31)],
            &[],
            &[(5, 6)],
            &[(7, 8)],
        ]);
        assert_eq!(
            r.support(&o),
            vec![vec![0], vec![0], vec![], vec![], vec![]]
        );
        let o = occ(&[&[], &[], &[(1, 2), (4, 5)], &[(5, 6)], &[]]);
        assert_eq!(
            r.support(&o),
            vec![vec![], vec![], vec![0, 1], vec![0], vec![]]
        );
        let (r, _) = p("seq(a, b, 0) and a");
        let o = occ(&[&[(0, 1), (3, 4), (9, 10)], &[(1, 2), (2, 3), (4, 5)]]);
        assert_eq!(r.support(&o), vec![vec![0, 1, 2], vec![0, 2]]);
        assert_eq!(
            r.support(&occ(&[&[(5, 6)], &[(1, 2)]])),
            vec![Vec::<usize>::new(); 2]
        );
    }

    fn gap(x: Span, y: Span) -> u32 {
        if x.1 <= y.0 {
            y.0 - x.1
        } else {
            x.0.saturating_sub(y.1) // 0 when overlapping
        }
    }

    /// Brute force: (a-side hits, b-side hits) over all pairs of distinct occurrences.
    fn brute(seq: bool, same: bool, xs: &[Span], ys: &[Span], n: u32) -> (Vec<bool>, Vec<bool>) {
        let ok = |i: usize, j: usize| {
            let (x, y) = (xs[i], ys[j]);
            !(same && i == j)
                && if seq {
                    x.1 <= y.0 && y.0 - x.1 <= n
                } else {
                    gap(x, y) <= n
                }
        };
        let a = (0..xs.len())
            .map(|i| (0..ys.len()).any(|j| ok(i, j)))
            .collect();
        let b = (0..ys.len())
            .map(|j| (0..xs.len()).any(|i| ok(i, j)))
            .collect();
        (a, b)
    }

    fn spans() -> impl Strategy<Value = Vec<Span>> {
        prop::collection::vec((0u32..60, 1u32..4), 0..12).prop_map(|v| {
            let mut s: Vec<Span> = v.into_iter().map(|(s, l)| (s, s + l)).collect();
            s.sort();
            s
        })
    }

    proptest! {
        #[test]
        fn near_and_seq_match_brute_force(xs in spans(), ys in spans(), n in 0u32..8, seq: bool, same: bool) {
            let ys = if same { xs.clone() } else { ys };
            let b = if same { 0 } else { 1 };
            let rule = if seq { Seq { a: 0, b, max_gap: n } } else { Near { a: 0, b, max_gap: n } };
            let o = vec![xs.clone(), ys.clone()];
            let (ha, hb) = brute(seq, same, &xs, &ys, n);
            let holds = ha.contains(&true);
            prop_assert_eq!(rule.eval(&o), holds);
            let idx = |h: &[bool]| (0..h.len()).filter(|&i| h[i]).collect::<Vec<_>>();
            let want: Vec<Vec<usize>> = match (holds, same) {
                (false, _) => vec![vec![], vec![]],
                (true, true) => vec![ha.iter().zip(&hb).map(|(a, b)| a | b).enumerate().filter(|p| p.1).map(|p| p.0).collect(), vec![]],
                (true, false) => vec![idx(&ha), idx(&hb)],
            };
            prop_assert_eq!(rule.support(&o), want);
        }
    }
}
