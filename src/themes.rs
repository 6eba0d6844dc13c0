//! Themes: the theme file, and finding theme terms in tokenized remark text.
//!
//! Takes a TOML theme file (`[[theme]]` tables with `id`, `label`, `terms`, optional `exclude`,
//! `examples`, `counter_examples`, `description`) and gives a [`ThemeSet`] that finds hits in
//! NFKC-normalized text in one Aho-Corasick pass (leftmost-longest over every theme's terms),
//! then checks each hit's edges against the tokens from [`crate::segment`]: an edge counts where
//! it falls on a token boundary, or inside a word the dictionary does not know (lindera reads a
//! katakana run such as `サプライチェーンリスク` as one unknown word). A hit that lies inside an
//! occurrence of one of its theme's `exclude` phrases does not count.
//!
//! Segmentation never depends on the theme file, so token counts (the denominators) stay
//! comparable across theme files and tokenized text can be cached.

use std::path::{Path, PathBuf};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use serde::Deserialize;
use toml::Spanned;

use crate::error::{Error, Result};
use crate::segment::{Edges, Segmented, Worker};
use crate::text::nfkc;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    #[serde(default)]
    theme: Vec<Spanned<ThemeDef>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeDef {
    id: Spanned<String>,
    label: Option<String>,
    terms: Spanned<Vec<String>>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    examples: Vec<String>,
    #[serde(default)]
    counter_examples: Vec<String>,
    description: Option<String>,
}

/// One theme: a named set of terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    /// The id tables use (`secrecy`).
    pub id: String,
    /// The display name (`通信の秘密`); the id when the file gives none.
    pub label: String,
    /// Terms, NFKC-normalized.
    pub terms: Vec<String>,
    /// Phrases whose hits do not count, NFKC-normalized.
    pub exclude: Vec<String>,
    pub examples: Vec<String>,
    pub counter_examples: Vec<String>,
    pub description: String,
}

/// A hit of a theme's term in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Index of the theme in [`ThemeSet::themes`].
    pub theme: usize,
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
    terms: AhoCorasick,
    /// For each distinct term pattern, the themes that list it.
    term_themes: Vec<Vec<usize>>,
    excludes: Option<AhoCorasick>,
    exclude_themes: Vec<Vec<usize>>,
    /// Length in bytes of the longest exclude pattern.
    exclude_max_len: usize,
}

/// An example that does not behave as its theme says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckFailure {
    pub theme: String,
    pub example: String,
    /// `example` (must match) or `counter_example` (must not match).
    pub kind: &'static str,
    pub hits: usize,
}

impl std::fmt::Display for CheckFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.kind == "example" {
            write!(
                f,
                "theme `{}`: example {:?} does not match",
                self.theme, self.example
            )
        } else {
            write!(
                f,
                "theme `{}`: counter-example {:?} matches ({} hit{})",
                self.theme,
                self.example,
                self.hits,
                if self.hits == 1 { "" } else { "s" }
            )
        }
    }
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

impl ThemeSet {
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
        let err = |offset: usize, message: String| {
            let (line, column) = line_col(text, offset);
            Error::Themes {
                path: path.to_path_buf(),
                line,
                column,
                message,
            }
        };
        let file: ThemeFile = toml::from_str(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            err(offset, e.message().trim().to_string())
        })?;
        if file.theme.is_empty() {
            return Err(err(0, "no themes: add at least one [[theme]] table".into()));
        }
        let mut themes = Vec::new();
        let mut seen = std::collections::HashMap::new();
        for def in file.theme {
            let start = def.span().start;
            let def = def.into_inner();
            let id = def.id.get_ref().trim().to_string();
            if id.is_empty() {
                return Err(err(def.id.span().start, "theme id is empty".into()));
            }
            if let Some(prev) = seen.insert(id.clone(), start) {
                let (l, _) = line_col(text, prev);
                return Err(err(
                    def.id.span().start,
                    format!("duplicate theme id `{id}` (first defined on line {l})"),
                ));
            }
            let terms: Vec<String> = def
                .terms
                .get_ref()
                .iter()
                .map(|t| nfkc(t).trim().to_string())
                .collect();
            if terms.is_empty() {
                return Err(err(
                    def.terms.span().start,
                    format!("theme `{id}` has no terms"),
                ));
            }
            if terms.iter().any(|t| t.is_empty()) {
                return Err(err(
                    def.terms.span().start,
                    format!("theme `{id}` has an empty term"),
                ));
            }
            let mut uniq = terms.clone();
            uniq.sort();
            uniq.dedup();
            let terms = {
                let mut seen_t = std::collections::HashSet::new();
                terms
                    .into_iter()
                    .filter(|t| seen_t.insert(t.clone()))
                    .collect()
            };
            themes.push(Theme {
                label: def
                    .label
                    .map(|l| l.trim().to_string())
                    .filter(|l| !l.is_empty())
                    .unwrap_or_else(|| id.clone()),
                id,
                terms,
                exclude: def
                    .exclude
                    .iter()
                    .map(|t| nfkc(t).trim().to_string())
                    .filter(|t| !t.is_empty())
                    .collect(),
                examples: def.examples,
                counter_examples: def.counter_examples,
                description: def.description.unwrap_or_default(),
            });
        }
        Self::from_themes(themes, path).map_err(|e| err(0, e))
    }

    /// Compiles themes built in code.
    pub fn from_themes(themes: Vec<Theme>, path: &Path) -> std::result::Result<ThemeSet, String> {
        let (term_patterns, term_themes) = index(themes.iter().map(|t| &t.terms));
        // A full DFA: a theme file has a few hundred terms, so it stays small, and it is the
        // fastest automaton to scan with (the default picks an NFA above ~100 patterns).
        let terms = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::DFA))
            .match_kind(MatchKind::LeftmostLongest)
            .build(&term_patterns)
            .map_err(|e| format!("cannot compile terms: {e}"))?;
        let (ex_patterns, exclude_themes) = index(themes.iter().map(|t| &t.exclude));
        let exclude_max_len = ex_patterns.iter().map(|p| p.len()).max().unwrap_or(0);
        let excludes = if ex_patterns.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .kind(Some(AhoCorasickKind::DFA))
                    .match_kind(MatchKind::Standard)
                    .build(&ex_patterns)
                    .map_err(|e| format!("cannot compile excludes: {e}"))?,
            )
        };
        Ok(ThemeSet {
            themes,
            path: path.to_path_buf(),
            sha256: String::new(),
            terms,
            term_themes,
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

    /// Every counted hit in `text` (NFKC-normalized), given its tokens, in text order.
    pub fn hits(&self, text: &str, seg: &Segmented) -> Vec<Hit> {
        self.hits_in(text, &seg.edges)
    }

    /// [`ThemeSet::hits`] given only the token edges (as the store keeps them).
    pub fn hits_in(&self, text: &str, edges: &Edges) -> Vec<Hit> {
        let mut out = Vec::new();
        for m in self.terms.find_iter(text) {
            let (start, end) = (m.start(), m.end());
            if !(edges.is_edge(start) && edges.is_edge(end)) {
                continue;
            }
            // One hit for each theme listing the term, unless that theme excludes it here.
            for &theme in &self.term_themes[m.pattern().as_usize()] {
                let ex = &self.themes[theme].exclude;
                if ex.is_empty() || !self.excluded(text, theme, start, end) {
                    out.push(Hit { theme, start, end });
                }
            }
        }
        out
    }

    /// Whether one of `theme`'s exclude patterns covers `s..e` in `text`. Only the window that
    /// such a pattern could span is searched, not the whole text.
    fn excluded(&self, text: &str, theme: usize, s: usize, e: usize) -> bool {
        let Some(ac) = &self.excludes else {
            return false;
        };
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

    /// Hits per theme (in theme order) in `text`.
    pub fn count(&self, text: &str, seg: &Segmented) -> Vec<u32> {
        let mut c = vec![0u32; self.themes.len()];
        for h in self.hits(text, seg) {
            c[h.theme] += 1;
        }
        c
    }

    /// Runs every theme's examples and counter-examples; gives the ones that fail.
    pub fn check(&self, worker: &mut Worker) -> Result<Vec<CheckFailure>> {
        let mut failures = Vec::new();
        for (i, t) in self.themes.iter().enumerate() {
            for (list, kind) in [
                (&t.examples, "example"),
                (&t.counter_examples, "counter_example"),
            ] {
                for ex in list {
                    let norm = nfkc(ex);
                    let seg = worker.segment(&norm, false)?;
                    let n = self
                        .hits(&norm, &seg)
                        .iter()
                        .filter(|h| h.theme == i)
                        .count();
                    if (kind == "example") == (n == 0) {
                        failures.push(CheckFailure {
                            theme: t.id.clone(),
                            example: ex.clone(),
                            kind,
                            hits: n,
                        });
                    }
                }
            }
        }
        Ok(failures)
    }
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
    use super::*;
    use crate::segment::tests::TOKENIZER;

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
        // 情報共有 is found once (leftmost-longest), for both themes listing it; 共有 inside it is not.
        assert_eq!(count(&s, "情報共有を進める"), vec![1, 1, 0]);
        assert_eq!(count(&s, "情報を共有する"), vec![1, 0, 1]);
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
