//! Themes: the theme file, and finding theme terms in tokenized remark text.
//!
//! Takes a TOML theme file (`[[theme]]` tables with `id`, `label`, `terms` or a `rule`, and
//! optional `match`, `scope`, `show`, `exclude`, `examples`, `counter_examples`,
//! `description`; read in `file.rs`) and gives a [`ThemeSet`]. Its [`Matcher`] finds hits in
//! NFKC-normalized text ([`Doc`]):
//! - terms are literals, prefixes (`サプライ*`) or regular expressions (`/…/`) (`term.rs`); an
//!   occurrence counts where it starts and ends on a token edge: a token boundary, or a place
//!   inside a word the dictionary does not know (lindera reads a katakana run such as
//!   `サプライチェーンリスク` as one unknown word);
//! - with `match = "lemma"` a theme's literal terms are matched on IPADIC base forms, token by
//!   token, so `人材を育てる` also finds `人材を育てていく` and `人材を育てた`;
//! - each theme keeps the leftmost-longest of its own terms' occurrences: a theme's count never
//!   depends on another theme's terms;
//! - a `rule` (`rule.rs`: `and`, `or`, `not`, `near`, `seq`) is evaluated per remark, or per
//!   sentence with `scope = "sentence"`; each unit where it holds is one hit;
//! - an occurrence lying inside one of its theme's `exclude` phrases does not count.
//!
//! Segmentation never depends on the theme file, so token counts (the denominators) stay
//! comparable across theme files and tokenized text can be cached.

mod anchors;
mod check;
mod file;
mod matcher;
pub mod rule;
mod scan;
pub mod term;

use std::path::{Path, PathBuf};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use rustc_hash::FxHashMap;

use crate::error::{Error, Result};
use crate::segment::{Edges, Segmented, Worker};
use anchors::Anchors;
pub use check::CheckFailure;
use matcher::{CTerm, Compiled};
pub use matcher::{Doc, Matches};
use term::TermKind;

/// Where a rule is evaluated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scope {
    /// Each remark is one unit (the default).
    #[default]
    Remark,
    /// Each sentence (up to 。！？ or a line break) is one unit.
    Sentence,
}

/// One theme: a named set of terms, or a rule over terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    /// The id tables use (`secrecy`).
    pub id: String,
    /// The display name (`通信の秘密`); the id when the file gives none.
    pub label: String,
    /// Terms, NFKC-normalized; for a rule theme, the rule's terms in order of appearance.
    pub terms: Vec<String>,
    /// The rule (NFKC-normalized), when the theme has one.
    pub rule: Option<String>,
    /// Where the rule is evaluated.
    pub scope: Scope,
    /// Literal terms are matched on base forms (`match = "lemma"`).
    pub lemma: bool,
    /// Charts show this theme (`show = true`).
    pub show: bool,
    /// Phrases whose hits do not count, NFKC-normalized.
    pub exclude: Vec<String>,
    pub examples: Vec<String>,
    pub counter_examples: Vec<String>,
    pub description: String,
}

impl Theme {
    /// A theme of literal surface terms, everything else default.
    pub fn new(id: &str, terms: Vec<String>) -> Theme {
        Theme {
            id: id.to_string(),
            label: id.to_string(),
            terms,
            rule: None,
            scope: Scope::Remark,
            lemma: false,
            show: false,
            exclude: Vec::new(),
            examples: Vec::new(),
            counter_examples: Vec::new(),
            description: String::new(),
        }
    }
}

/// A hit of a theme's term in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Index of the theme in [`ThemeSet::themes`].
    pub theme: usize,
    /// Index of the term in the theme's `terms`.
    pub term: usize,
    /// Byte range in the normalized text.
    pub start: usize,
    pub end: usize,
}

/// A theme file loaded and compiled for matching.
#[derive(Debug, Clone)]
pub struct ThemeSet {
    pub themes: Vec<Theme>,
    pub path: PathBuf,
    /// Hex SHA-256 of the theme file's bytes.
    pub sha256: String,
    compiled: Compiled,
    excludes: Option<AhoCorasick>,
    exclude_themes: Vec<Vec<usize>>,
    /// Length in bytes of the longest exclude pattern.
    exclude_max_len: usize,
}

/// A theme set ready to match, with its base-form terms read by the run's tokenizer.
pub struct Matcher<'t> {
    set: &'t ThemeSet,
    /// Which texts may hold a hit that needs tokens with base forms.
    anchors: Anchors,
    /// Base-form ids per compiled term (empty for surface terms).
    lemmas: Vec<Vec<u32>>,
    /// Compiled base-form terms by their first base form.
    lemma_first: FxHashMap<u32, Vec<usize>>,
}

/// The theme file kaigi ships, built into the binary.
pub const BUILTIN_THEMES: &str = include_str!("../../data/themes.toml");
/// How runs name the built-in themes (in the manifest, as the theme set's path).
pub const BUILTIN_THEMES_NAME: &str = "built-in data/themes.toml";

impl ThemeSet {
    /// The themes built into kaigi: `data/themes.toml` as shipped, so that kaigi runs from
    /// any folder without a theme file.
    pub fn builtin() -> ThemeSet {
        let mut set = Self::parse(BUILTIN_THEMES, Path::new(BUILTIN_THEMES_NAME))
            .expect("the built-in theme file parses (tested)");
        set.sha256 = crate::text::sha256_hex(BUILTIN_THEMES.as_bytes());
        set
    }

    /// Reads and compiles a theme file. Errors name the file, line and column.
    pub fn load(path: &Path) -> Result<ThemeSet> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let text = String::from_utf8(bytes.clone()).map_err(|e| Error::Themes {
            path: path.to_path_buf(),
            line: 1,
            column: 1,
            message: format!("not UTF-8: {e}"),
        })?;
        let mut set = Self::parse(&text, path)?;
        set.sha256 = crate::text::sha256_hex(&bytes);
        Ok(set)
    }

    /// Compiles a theme file's text; `path` is used in errors.
    pub fn parse(text: &str, path: &Path) -> Result<ThemeSet> {
        let themes = file::read(text, path)?;
        Self::from_themes(themes, path).map_err(|message| Error::Themes {
            path: path.to_path_buf(),
            line: 1,
            column: 1,
            message,
        })
    }

    /// Compiles themes built in code.
    pub fn from_themes(themes: Vec<Theme>, path: &Path) -> std::result::Result<ThemeSet, String> {
        let mut cterms = Vec::new();
        let mut ranges = Vec::new();
        let mut rules = Vec::new();
        for (ti, t) in themes.iter().enumerate() {
            let from = cterms.len();
            for (k, term) in t.terms.iter().enumerate() {
                let kind = TermKind::parse(term).map_err(|m| format!("theme `{}`: {m}", t.id))?;
                let lemma = t.lemma && matches!(kind, TermKind::Literal(_));
                cterms.push(CTerm {
                    theme: ti,
                    term: k,
                    kind,
                    lemma,
                });
            }
            ranges.push(from..cterms.len());
            rules.push(match &t.rule {
                Some(r) => {
                    let parsed = rule::parse(r)
                        .map_err(|e| format!("theme `{}`: rule: {}", t.id, e.message))?;
                    if parsed.terms != t.terms {
                        return Err(format!(
                            "theme `{}`: the terms must be the rule's terms",
                            t.id
                        ));
                    }
                    Some(parsed.rule)
                }
                None => None,
            });
        }
        let mut patterns: Vec<String> = Vec::new();
        let mut scan_owners: Vec<Vec<usize>> = Vec::new();
        let mut pos: FxHashMap<String, usize> = FxHashMap::default();
        let mut regexes = Vec::new();
        for (i, ct) in cterms.iter().enumerate() {
            if ct.lemma {
                continue;
            }
            match ct.kind.pattern() {
                Some(p) => {
                    let k = *pos.entry(p.to_string()).or_insert_with(|| {
                        patterns.push(p.to_string());
                        scan_owners.push(Vec::new());
                        patterns.len() - 1
                    });
                    scan_owners[k].push(i);
                }
                None => regexes.push(i),
            }
        }
        // Every occurrence, overlapping ones too: each theme then picks its own longest.
        let scan = scan::TermScan::new(&patterns)?;
        let (ex_patterns, exclude_themes) = index(themes.iter().map(|t| &t.exclude));
        let exclude_max_len = ex_patterns.iter().map(|p| p.len()).max().unwrap_or(0);
        let excludes = dfa(&ex_patterns, "excludes")?;
        Ok(ThemeSet {
            themes,
            path: path.to_path_buf(),
            sha256: String::new(),
            compiled: Compiled {
                cterms,
                ranges,
                rules,
                scan,
                scan_owners,
                regexes,
            },
            excludes,
            exclude_themes,
            exclude_max_len,
        })
    }

    /// Number of themes.
    pub fn len(&self) -> usize {
        self.themes.len()
    }

    /// True when there are no themes (never, for a loaded file).
    pub fn is_empty(&self) -> bool {
        self.themes.is_empty()
    }

    /// Index of the theme with this id.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.themes.iter().position(|t| t.id == id)
    }

    /// Where theme `theme`'s terms sit in [`Matches::term_counts`].
    pub fn term_range(&self, theme: usize) -> std::ops::Range<usize> {
        self.compiled.ranges[theme].clone()
    }

    /// Number of terms over all themes (the indices of [`Matches::term_counts`] are below it).
    pub fn term_total(&self) -> usize {
        self.compiled.cterms.len()
    }

    /// The matcher for texts tokenized by `worker`'s tokenizer (it reads base-form terms).
    /// Without a worker, base-form terms find nothing.
    pub fn matcher(&self, worker: Option<&mut Worker>) -> Result<Matcher<'_>> {
        let mut lemmas = vec![Vec::new(); self.compiled.cterms.len()];
        let mut lemma_anchor: Vec<Option<String>> = vec![None; self.compiled.cterms.len()];
        let mut lemma_first: FxHashMap<u32, Vec<usize>> = FxHashMap::default();
        if let Some(w) = worker {
            w.intern_unknown(true);
            for (i, ct) in self.compiled.cterms.iter().enumerate() {
                if let (true, TermKind::Literal(t)) = (ct.lemma, &ct.kind) {
                    let seg = w.segment_words(t, false)?;
                    let seq: Vec<u32> = seg.words.iter().map(|w| w.lemma).collect();
                    lemma_anchor[i] = anchors::lemma_term_anchor(t, &seg.words, w);
                    if let Some(&first) = seq.first() {
                        lemma_first.entry(first).or_default().push(i);
                        lemmas[i] = seq;
                    }
                }
            }
            w.intern_unknown(false);
        }
        let anchors =
            Anchors::build(&self.compiled, &lemma_anchor).map_err(|message| Error::Themes {
                path: self.path.clone(),
                line: 1,
                column: 1,
                message,
            })?;
        Ok(Matcher {
            set: self,
            anchors,
            lemmas,
            lemma_first,
        })
    }

    /// Every counted hit in `text` (NFKC-normalized), given its tokens, in text order (surface
    /// terms only: base-form terms need [`ThemeSet::matcher`] with a worker).
    pub fn hits(&self, text: &str, seg: &Segmented) -> Vec<Hit> {
        let doc = Doc {
            text,
            edges: &seg.edges,
            words: &seg.words,
        };
        self.surface_matcher().find(&doc, true).hits
    }

    /// [`ThemeSet::hits`] given only the token edges (as the store keeps them).
    pub fn hits_in(&self, text: &str, edges: &Edges) -> Vec<Hit> {
        let doc = Doc {
            text,
            edges,
            words: &[],
        };
        self.surface_matcher().find(&doc, true).hits
    }

    fn surface_matcher(&self) -> Matcher<'_> {
        Matcher {
            set: self,
            anchors: Anchors::none(),
            lemmas: vec![Vec::new(); self.compiled.cterms.len()],
            lemma_first: FxHashMap::default(),
        }
    }

    /// Whether one of `theme`'s exclude patterns covers `s..e` in `text`. Only the window that
    /// such a pattern could span is searched, not the whole text.
    fn excluded(&self, text: &str, theme: usize, s: usize, e: usize) -> bool {
        let Some(ac) = &self.excludes else {
            return false;
        };
        if self.themes[theme].exclude.is_empty() {
            return false;
        }
        let mut ws = s.saturating_sub(self.exclude_max_len);
        while !text.is_char_boundary(ws) {
            ws -= 1;
        }
        let mut we = (e + self.exclude_max_len).min(text.len());
        while !text.is_char_boundary(we) {
            we += 1;
        }
        ac.find_overlapping_iter(&text[ws..we]).any(|m| {
            ws + m.start() <= s
                && e <= ws + m.end()
                && self.exclude_themes[m.pattern().as_usize()].contains(&theme)
        })
    }

    /// Hits per theme (in theme order) in `text` (surface terms only, as [`ThemeSet::hits`]).
    pub fn count(&self, text: &str, seg: &Segmented) -> Vec<u32> {
        let doc = Doc {
            text,
            edges: &seg.edges,
            words: &seg.words,
        };
        self.surface_matcher().find(&doc, false).counts
    }
}

impl Matcher<'_> {
    /// Whether `text` must be tokenized with base forms ([`Doc::words`]) for its hits: only
    /// where it contains what such a hit needs (a base-form term's uninflected word, a prefix,
    /// a `near`/`seq` term), so that most texts are matched on their edges alone.
    pub fn wants_words(&self, text: &str) -> bool {
        self.anchors.wants(text)
    }

    /// The theme set's hits in `doc`; every hit's position too when `want_hits`.
    pub fn find(&self, doc: &Doc<'_>, want_hits: bool) -> Matches {
        let set = self.set;
        matcher::find(
            &set.compiled,
            &set.themes,
            &self.lemmas,
            &self.lemma_first,
            &|text, theme, s, e| set.excluded(text, theme, s, e),
            doc,
            want_hits,
        )
    }
}

/// An overlapping-search DFA of `patterns` (the exclude phrases; none when there are none): a
/// full DFA stays small for a theme file's phrases, and it is the fastest automaton to scan
/// with (the default picks an NFA above ~100 patterns).
fn dfa(patterns: &[String], what: &str) -> std::result::Result<Option<AhoCorasick>, String> {
    if patterns.is_empty() {
        return Ok(None);
    }
    AhoCorasick::builder()
        .kind(Some(AhoCorasickKind::DFA))
        .match_kind(MatchKind::Standard)
        .build(patterns)
        .map(Some)
        .map_err(|e| format!("cannot compile {what}: {e}"))
}

/// Distinct patterns and, for each, the indices of the lists that hold it.
fn index<'a>(lists: impl Iterator<Item = &'a Vec<String>>) -> (Vec<String>, Vec<Vec<usize>>) {
    let mut patterns: Vec<String> = Vec::new();
    let mut owners: Vec<Vec<usize>> = Vec::new();
    let mut pos = std::collections::HashMap::new();
    for (i, list) in lists.enumerate() {
        for p in list {
            let k = *pos.entry(p.clone()).or_insert_with(|| {
                patterns.push(p.clone());
                owners.push(Vec::new());
                patterns.len() - 1
            });
            if !owners[k].contains(&i) {
                owners[k].push(i);
            }
        }
    }
    (patterns, owners)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_built_in_themes_are_the_shipped_file() {
        let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/themes.toml");
        let file = ThemeSet::load(&shipped).unwrap();
        let built_in = ThemeSet::builtin();
        assert_eq!(built_in.sha256, file.sha256);
        assert_eq!(built_in.len(), file.len());
        assert_eq!(built_in.path, Path::new(BUILTIN_THEMES_NAME));
    }

    use super::*;
    use crate::segment::tests::TOKENIZER;
    use crate::text::nfkc;

    fn set(toml: &str) -> ThemeSet {
        ThemeSet::parse(toml, Path::new("t.toml")).unwrap()
    }

    fn count(set: &ThemeSet, text: &str) -> Vec<u32> {
        let norm = nfkc(text);
        let seg = TOKENIZER.worker().segment(&norm, false).unwrap();
        set.count(&norm, &seg)
    }

    const FOUR: &str = r#"
[[theme]]
id = "notice"
label = "NOTICE"
terms = ["NOTICE"]
[[theme]]
id = "supply_chain"
label = "サプライチェーン"
terms = ["サプライチェーン"]
[[theme]]
id = "hr"
label = "人材育成"
terms = ["人材育成"]
[[theme]]
id = "secrecy"
label = "通信の秘密"
terms = ["通信の秘密"]
exclude = ["通信の秘密性"]
"#;

    #[test]
    fn nfkc_variants_count_alike() {
        let s = set(FOUR);
        assert_eq!(count(&s, "ＮＯＴＩＣＥの取組"), vec![1, 0, 0, 0]);
        assert_eq!(count(&s, "NOTICEの取組"), vec![1, 0, 0, 0]);
        assert_eq!(count(&s, "ｻﾌﾟﾗｲﾁｪｰﾝ対策"), vec![0, 1, 0, 0]);
    }

    #[test]
    fn unknown_word_edges_count_known_word_edges_protect() {
        let s = set(FOUR);
        // A katakana run is one unknown token: the term inside it counts.
        assert_eq!(
            count(&s, "サプライチェーンリスクが高まる"),
            vec![0, 1, 0, 0]
        );
        // Inside a known word it must not: 材育 is not a boundary in 人材育成.
        let t = set("[[theme]]\nid='x'\nterms=['材育']\n");
        assert_eq!(count(&t, "人材育成が重要だ"), vec![0]);
    }

    #[test]
    fn excludes_remove_hits_inside_the_phrase() {
        let s = set(FOUR);
        assert_eq!(count(&s, "通信の秘密の侵害になるか"), vec![0, 0, 0, 1]);
        assert_eq!(count(&s, "通信の秘密性を保つ"), vec![0, 0, 0, 0]);
        let c =
            set("[[theme]]\nid='cloud'\nterms=['クラウド']\nexclude=['クラウドファンディング']\n");
        assert_eq!(count(&c, "クラウドとクラウドファンディング"), vec![1]);
    }

    proptest::proptest! {
        /// Excludes are searched only in a window around each hit; that must drop exactly the
        /// hits that some exclude pattern of the same theme covers anywhere in the text.
        #[test]
        fn windowed_excludes_match_a_whole_text_search(
            text in "(あ|い|う|の|a|秘密|通信|ああああ){0,14}",
        ) {
            let with = set("[[theme]]\nid='a'\nterms=['秘密','い']\nexclude=['秘密通信','あいう','うい','aaいaa','ああああ秘密','秘密ああああ']\n[[theme]]\nid='b'\nterms=['秘密']\nexclude=['の秘密の']\n");
            let without = set("[[theme]]\nid='a'\nterms=['秘密','い']\n[[theme]]\nid='b'\nterms=['秘密']\n");
            let excludes: [&[&str]; 2] = [
                &["秘密通信", "あいう", "うい", "aaいaa", "ああああ秘密", "秘密ああああ"],
                &["の秘密の"],
            ];
            let expected: Vec<(usize, usize, usize)> = without
                .hits_in(&text, &Edges::new(text.len()))
                .into_iter()
                .filter(|h| {
                    !excludes[h.theme].iter().any(|x| {
                        (0..=text.len()).any(|p| {
                                text.get(p..).is_some_and(|rest| rest.starts_with(x))
                                    && p <= h.start
                                    && h.end <= p + x.len()
                            })
                    })
                })
                .map(|h| (h.theme, h.start, h.end))
                .collect();
            let got: Vec<(usize, usize, usize)> = with
                .hits_in(&text, &Edges::new(text.len()))
                .into_iter()
                .map(|h| (h.theme, h.start, h.end))
                .collect();
            proptest::prop_assert_eq!(got, expected);
        }
    }

    #[test]
    fn overlapping_terms_longest_wins_and_shared_terms_count_for_each_theme() {
        let s = set(
            "[[theme]]\nid='a'\nterms=['情報','情報共有']\n[[theme]]\nid='b'\nterms=['情報共有']\n[[theme]]\nid='c'\nterms=['共有']\n",
        );
        // 情報共有 is found once for each theme listing it (a's longest); 共有 inside it is no
        // hit for c because 情報共有 is one word of the user dictionary (no token edge), not
        // because another theme took it.
        assert_eq!(count(&s, "情報共有を進める"), vec![1, 1, 0]);
        assert_eq!(count(&s, "情報を共有する"), vec![1, 0, 1]);
    }

    /// Matches with a matcher bound to the test tokenizer (base forms, tokens).
    fn full(set: &ThemeSet, text: &str) -> Matches {
        let norm = nfkc(text);
        let mut w = TOKENIZER.worker();
        let m = set.matcher(Some(&mut w)).unwrap();
        let seg = w.segment_words(&norm, false).unwrap();
        m.find(
            &Doc {
                text: &norm,
                edges: &seg.edges,
                words: &seg.words,
            },
            true,
        )
    }

    #[test]
    fn a_themes_count_never_depends_on_other_themes() {
        let alone = set("[[theme]]\nid='s'\nterms=['秘密']\n");
        let both =
            set("[[theme]]\nid='t'\nterms=['通信の秘密']\n[[theme]]\nid='s'\nterms=['秘密']\n");
        let text = "通信の秘密と営業秘密と秘密保持";
        assert_eq!(full(&alone, text).counts, vec![3]);
        assert_eq!(full(&both, text).counts, vec![1, 3]);
    }

    #[test]
    fn prefix_terms_run_to_the_end_of_the_token() {
        let s = set("[[theme]]\nid='p'\nterms=['サプライ*']\n");
        let m = full(&s, "サプライヤーとサプライチェーンとサプライ");
        assert_eq!(m.counts, vec![3]);
        let norm = nfkc("サプライヤーとサプライチェーンとサプライ");
        let hits: Vec<&str> = m.hits.iter().map(|h| &norm[h.start..h.end]).collect();
        assert_eq!(hits, ["サプライヤー", "サプライチェーン", "サプライ"]);
        // Without the star it is a literal, and finds サプライ only where a token ends there.
        let lit = set("[[theme]]\nid='p'\nterms=['サプライ']\n");
        assert_eq!(full(&lit, "サプライ*は記号").counts, vec![1]);
    }

    #[test]
    fn regex_terms_count_on_token_edges() {
        let s = set("[[theme]]\nid='r'\nterms=['/サイバー.{0,6}対策/']\n");
        assert_eq!(
            full(&s, "サイバーセキュリティ対策とサイバー攻撃対策").counts,
            vec![2]
        );
        assert_eq!(full(&s, "対策を講じる").counts, vec![0]);
    }

    #[test]
    fn lemma_terms_find_inflected_forms() {
        let s = set("[[theme]]\nid='l'\nmatch='lemma'\nterms=['人材を育てる']\n");
        for text in [
            "人材を育てる",
            "人材を育てていく",
            "人材を育てた",
            "人材を育てない",
        ] {
            assert_eq!(full(&s, text).counts, vec![1], "{text}");
        }
        assert_eq!(full(&s, "人材を採用する").counts, vec![0]);
        // On the surface only the written form counts.
        let surface = set("[[theme]]\nid='l'\nterms=['人材を育てる']\n");
        assert_eq!(full(&surface, "人材を育てていく").counts, vec![0]);
    }

    #[test]
    fn rules_count_units_where_they_hold() {
        let s = set("[[theme]]\nid='r'\nrule='人材 and (不足 or 確保) and not 育成'\n");
        assert_eq!(full(&s, "人材が不足し、人材の確保も難しい").counts, vec![1]);
        assert_eq!(full(&s, "人材の育成と確保").counts, vec![0]);
        let per_sentence = set("[[theme]]\nid='r'\nscope='sentence'\nrule='人材 and 不足'\n");
        assert_eq!(
            full(&per_sentence, "人材が不足。人材は不足。人材。不足。").counts,
            vec![2]
        );
        let near = set("[[theme]]\nid='n'\nrule='near(通信, 秘密, 1)'\n");
        assert_eq!(full(&near, "通信の秘密").counts, vec![1]);
        assert_eq!(full(&near, "秘密の、大切な通信").counts, vec![0]);
        let seq = set("[[theme]]\nid='q'\nrule='seq(秘密, 通信, 3)'\n");
        assert_eq!(full(&seq, "通信の秘密").counts, vec![0]);
        assert_eq!(full(&seq, "秘密の通信").counts, vec![1]);
        // The occurrences that made the rule hold are its terms' counts and its positions.
        let m = full(&s, "人材が不足し、人材の確保も難しい");
        assert_eq!(m.term_counts, vec![(0, 2), (1, 1), (2, 1)]);
        assert_eq!(m.hits.len(), 4);
    }

    #[test]
    fn term_counts_say_which_term_carries_a_theme() {
        let s = set(
            "[[theme]]\nid='a'\nterms=['通信の秘密','通信']\n[[theme]]\nid='b'\nterms=['秘密']\n",
        );
        let m = full(&s, "通信の秘密と通信と秘密");
        assert_eq!(m.counts, vec![2, 2]);
        assert_eq!(s.term_range(1), 2..3);
        assert_eq!(m.term_counts, vec![(0, 1), (1, 1), (2, 2)]);
    }

    #[test]
    fn rule_and_term_errors_are_clear() {
        let e = |t: &str| {
            ThemeSet::parse(t, Path::new("x.toml"))
                .unwrap_err()
                .to_string()
        };
        let m = e("[[theme]]\nid='a'\nrule='人材 and'\n");
        assert!(m.starts_with("x.toml:3:") && m.contains("rule"), "{m}");
        let m = e("[[theme]]\nid='a'\nterms=['x']\nrule='x'\n");
        assert!(m.contains("both `terms` and `rule`"), "{m}");
        let m = e("[[theme]]\nid='a'\nterms=['*チェーン']\n");
        assert!(m.contains("may only end"), "{m}");
        let m = e("[[theme]]\nid='a'\nterms=['/(/']\n");
        assert!(m.contains("regular expression"), "{m}");
        let m = e("[[theme]]\nid='a'\nterms=['x']\nmatch='stem'\n");
        assert!(m.starts_with("x.toml:4:") && m.contains("lemma"), "{m}");
        let m = e("[[theme]]\nid='a'\nrule='not x'\n");
        assert!(m.contains("at least one term"), "{m}");
        let m = e("[[theme]]\nid='a'\nterms=['x']\nscope='sentence'\n");
        assert!(m.contains("applies to a `rule`"), "{m}");
    }

    #[test]
    fn errors_name_line_and_column() {
        let e =
            ThemeSet::parse("[[theme]]\nid = 'a'\nterms = []\n", Path::new("x.toml")).unwrap_err();
        let m = e.to_string();
        assert!(m.starts_with("x.toml:3:"), "{m}");
        assert!(m.contains("no terms"), "{m}");
        let e = ThemeSet::parse(
            "[[theme]]\nid = 'a'\nterms = ['x']\ncolour = 1\n",
            Path::new("x.toml"),
        )
        .unwrap_err()
        .to_string();
        assert!(e.starts_with("x.toml:4:") && e.contains("colour"), "{e}");
        let e = ThemeSet::parse("[[theme]\n", Path::new("x.toml"))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("x.toml:1:"), "{e}");
        let e = ThemeSet::parse(
            "[[theme]]\nid='a'\nterms=['x']\n[[theme]]\nid='a'\nterms=['y']\n",
            Path::new("x.toml"),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("duplicate") && e.starts_with("x.toml:5:"), "{e}");
    }

    #[test]
    fn check_reports_failing_examples() {
        let s = set("[[theme]]\nid='s'\nterms=['通信の秘密']\nexamples=['通信の秘密の侵害','秘密通信']\ncounter_examples=['通信の秘密性']\n");
        let f = s.check(&mut TOKENIZER.worker()).unwrap();
        let kinds: Vec<_> = f.iter().map(|f| (f.example.as_str(), f.kind)).collect();
        // 秘密通信 has no 通信の秘密; 通信の秘密性 is 通信/の/秘密/性, so the term sits on token
        // boundaries and matches: a theme author excludes it with `exclude`.
        assert_eq!(
            kinds,
            [("秘密通信", "example"), ("通信の秘密性", "counter_example")]
        );
        assert_eq!(f[1].hits, 1);
    }
}
