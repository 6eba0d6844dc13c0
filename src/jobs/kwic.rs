//! `kaigi kwic`: a concordance, every hit of a theme or a term with its context, so that a
//! researcher can check what a count counts.
//!
//! Takes a query (a theme id of the theme file, or any term) and gives each hit as a
//! [`KwicLine`] to a [`KwicSink`], in corpus order.

use std::path::Path;

use crate::error::{Error, Result};
use crate::model::Role;
use crate::pipeline::{self, Progress, RemarkResult, RunSummary, Visitor};
use crate::segment::Tokenizer;
use crate::themes::{Theme, ThemeSet};

/// One hit with its context (NFKC-normalized text; line breaks shown as spaces).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KwicLine<'a> {
    pub meeting_id: &'a str,
    pub seq: u32,
    pub date: &'a str,
    pub committee: &'a str,
    pub speaker: &'a str,
    pub speaker_label: &'a str,
    pub role: Role,
    /// The theme's id (the query itself for a term).
    pub theme: &'a str,
    pub left: String,
    pub hit: String,
    pub right: String,
}

/// Receives the concordance's lines in order.
pub trait KwicSink {
    fn line(&mut self, line: &KwicLine<'_>) -> Result<()>;
}

/// The themes a query searches: the theme of that id in `themes` when there is one, else the
/// query as a single term.
pub fn query_themes(query: &str, themes: Option<&ThemeSet>, path: &Path) -> Result<ThemeSet> {
    let bad = |e: String| Error::BadInput {
        path: path.to_path_buf(),
        reason: e,
    };
    if let Some((s, i)) = themes.and_then(|s| s.position(query).map(|i| (s, i))) {
        return ThemeSet::from_themes(vec![s.themes[i].clone()], path).map_err(bad);
    }
    let term = crate::text::nfkc(query).trim().to_string();
    if term.is_empty() {
        return Err(bad("kwic: empty query".into()));
    }
    ThemeSet::from_themes(vec![Theme::new(query, vec![term])], Path::new("(query)")).map_err(bad)
}

/// How much context each line shows on each side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// This many characters.
    Chars(usize),
    /// This many word tokens (symbols and spaces between them come along).
    Tokens(usize),
}

/// Which remarks the concordance keeps (all when empty).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KwicFilter {
    /// The meeting's committee contains this.
    pub committee: Option<String>,
    /// The meeting is on or after this ISO date.
    pub from: Option<String>,
    /// The meeting is on or before this ISO date.
    pub until: Option<String>,
    /// The speaker or the label as written contains this (whitespace ignored).
    pub speaker: Option<String>,
    /// The speaker's role.
    pub role: Option<Role>,
}

impl KwicFilter {
    /// Whether a remark of this meeting passes. A dated filter drops undated meetings.
    pub fn keeps(&self, m: &crate::model::Meeting, r: &crate::model::Remark) -> bool {
        let date = m.date.as_deref().unwrap_or("");
        let in_range = |bound: &Option<String>, after: bool| match bound {
            None => true,
            Some(b) => {
                !date.is_empty()
                    && if after {
                        date >= b.as_str()
                    } else {
                        date <= b.as_str()
                    }
            }
        };
        let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        self.committee
            .as_ref()
            .is_none_or(|c| m.committee.contains(c.as_str()))
            && in_range(&self.from, true)
            && in_range(&self.until, false)
            && self.speaker.as_ref().is_none_or(|s| {
                let s = squash(s);
                squash(&r.speaker).contains(&s) || squash(&r.speaker_label).contains(&s)
            })
            && self.role.is_none_or(|role| r.role == role)
    }
}

/// Runs the concordance of `set` over `corpus` into `sink`, with `context` on each side, for
/// the remarks `filter` keeps; gives the run's summary and the number of lines.
pub fn kwic_job(
    corpus: &Path,
    tokenizer: &Tokenizer,
    set: &ThemeSet,
    context: Context,
    filter: &KwicFilter,
    sink: &mut (dyn KwicSink + Send),
    progress: &dyn Progress,
) -> Result<(RunSummary, usize)> {
    let mut cfg = pipeline::Config::new(corpus);
    cfg.tokenizer = Some(tokenizer);
    cfg.themes = Some(set);
    cfg.hit_positions = true;
    let mut v = Concordance {
        context,
        filter,
        worker: matches!(context, Context::Tokens(_)).then(|| tokenizer.worker()),
        themes: set.themes.iter().map(|t| t.id.clone()).collect(),
        sink,
        lines: 0,
    };
    let summary = pipeline::run(&cfg, &mut v, progress)?;
    Ok((summary, v.lines))
}

/// Theme ids and labels of `set` nearest to `query` (by edit distance; at most three).
pub fn nearest_themes(query: &str, set: &ThemeSet) -> Vec<String> {
    let q: Vec<char> = query.to_lowercase().chars().collect();
    let mut scored: Vec<(usize, &str)> = set
        .themes
        .iter()
        .map(|t| {
            let d = |s: &str| edit_distance(&q, &s.to_lowercase().chars().collect::<Vec<_>>());
            (d(&t.id).min(d(&t.label)), t.id.as_str())
        })
        .collect();
    scored.sort();
    let limit = (q.len() / 2).max(2);
    scored
        .into_iter()
        .filter(|(d, _)| *d <= limit)
        .take(3)
        .map(|(_, id)| id.to_string())
        .collect()
}

fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

struct Concordance<'s> {
    context: Context,
    filter: &'s KwicFilter,
    /// Tokenizes remarks with hits again, for a context in tokens.
    worker: Option<crate::segment::Worker>,
    themes: Vec<String>,
    sink: &'s mut (dyn KwicSink + Send),
    lines: usize,
}

impl Concordance<'_> {
    /// Where the context of `start..end` begins and ends in `text`.
    fn bounds(
        &mut self,
        text: &str,
        words: &[crate::segment::Word],
        start: usize,
        end: usize,
    ) -> (usize, usize) {
        match self.context {
            Context::Chars(0) => (start, end),
            Context::Chars(width) => (
                text[..start]
                    .char_indices()
                    .rev()
                    .nth(width.saturating_sub(1))
                    .map_or(0, |(i, _)| i),
                text[end..]
                    .char_indices()
                    .nth(width)
                    .map_or(text.len(), |(i, _)| end + i),
            ),
            Context::Tokens(n) => {
                let before: Vec<&crate::segment::Word> = words
                    .iter()
                    .filter(|w| (w.end as usize) <= start && !w.symbol)
                    .collect();
                let after: Vec<&crate::segment::Word> = words
                    .iter()
                    .filter(|w| (w.start as usize) >= end && !w.symbol)
                    .collect();
                let left = if n == 0 {
                    start
                } else {
                    before
                        .len()
                        .checked_sub(n)
                        .map_or(0, |i| before[i].start as usize)
                };
                let right = if n == 0 {
                    end
                } else {
                    after.get(n - 1).map_or(text.len(), |w| w.end as usize)
                };
                (left.min(start), right.max(end))
            }
        }
    }
}

fn window(s: &str, from: usize, to: usize) -> String {
    s[from..to].replace(['\n', '\r'], " ")
}

impl Visitor for Concordance<'_> {
    fn remark(&mut self, r: &RemarkResult<'_>) -> Result<()> {
        if r.positions.is_empty() || !self.filter.keeps(r.meeting, r.remark) {
            return Ok(());
        }
        let text = r.remark.normalized();
        let words = match self.worker.as_mut() {
            Some(w) => w.segment_words(text, false)?.words,
            None => Vec::new(),
        };
        for h in &r.positions {
            let (left_start, right_end) = self.bounds(text, &words, h.start, h.end);
            self.sink.line(&KwicLine {
                meeting_id: &r.meeting.meeting_id,
                seq: r.remark.seq,
                date: r.meeting.date.as_deref().unwrap_or(""),
                committee: &r.meeting.committee,
                speaker: &r.remark.speaker,
                speaker_label: &r.remark.speaker_label,
                role: r.remark.role,
                theme: &self.themes[h.theme],
                left: window(text, left_start, h.start),
                hit: window(text, h.start, h.end),
                right: window(text, h.end, right_end),
            })?;
            self.lines += 1;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(toml: &str) -> ThemeSet {
        ThemeSet::parse(toml, Path::new("t.toml")).unwrap()
    }

    #[test]
    fn a_query_is_a_theme_id_or_else_one_normalized_term() {
        let themes = set("[[theme]]\nid='sc'\nterms=['サプライチェーン','供給網']\n");
        let by_id = query_themes("sc", Some(&themes), Path::new("t.toml")).unwrap();
        assert_eq!(by_id.themes[0].terms.len(), 2);
        let term = query_themes("ＮＯＴＩＣＥ", Some(&themes), Path::new("t.toml")).unwrap();
        assert_eq!(term.themes[0].terms, vec!["NOTICE".to_string()]);
        assert_eq!(term.themes[0].id, "ＮＯＴＩＣＥ");
        assert!(query_themes("　", None, Path::new("t.toml")).is_err());
    }

    #[test]
    fn nearest_theme_ids_for_a_mistyped_query() {
        let themes = set("[[theme]]\nid='supply_chain'\nlabel='サプライチェーン'\nterms=['サプライチェーン']\n[[theme]]\nid='secrecy'\nlabel='通信の秘密'\nterms=['通信の秘密']\n");
        assert_eq!(nearest_themes("suply_chain", &themes), ["supply_chain"]);
        assert_eq!(nearest_themes("通信の秘蜜", &themes), ["secrecy"]);
        assert!(nearest_themes("zzzzzzzz", &themes).is_empty());
    }

    #[test]
    fn filters_keep_committee_dates_speaker_and_role() {
        use crate::model::{Meeting, Remark};
        let m = Meeting {
            committee: "情報通信分科会".into(),
            date: Some("2024-03-01".into()),
            ..Default::default()
        };
        let r = Remark {
            seq: 1,
            speaker: "谷公一".into(),
            speaker_label: "谷委員長".into(),
            role: Role::Chair,
            speaker_group: String::new(),
            section: String::new(),
            via_chat: false,
            text: String::new(),
            norm: String::new(),
        };
        let keeps = |f: KwicFilter| f.keeps(&m, &r);
        assert!(keeps(KwicFilter::default()));
        assert!(keeps(KwicFilter {
            committee: Some("分科会".into()),
            ..Default::default()
        }));
        assert!(!keeps(KwicFilter {
            committee: Some("本会議".into()),
            ..Default::default()
        }));
        assert!(keeps(KwicFilter {
            from: Some("2024-03-01".into()),
            until: Some("2024-03-31".into()),
            ..Default::default()
        }));
        assert!(!keeps(KwicFilter {
            from: Some("2024-03-02".into()),
            ..Default::default()
        }));
        assert!(!keeps(KwicFilter {
            until: Some("2024-02-29".into()),
            ..Default::default()
        }));
        assert!(keeps(KwicFilter {
            speaker: Some("谷 公一".into()),
            ..Default::default()
        }));
        assert!(keeps(KwicFilter {
            speaker: Some("委員長".into()),
            ..Default::default()
        }));
        assert!(!keeps(KwicFilter {
            role: Some(Role::Member),
            ..Default::default()
        }));
        let undated = Meeting {
            date: None,
            ..m.clone()
        };
        assert!(!KwicFilter {
            from: Some("2000-01-01".into()),
            ..Default::default()
        }
        .keeps(&undated, &r));
    }

    #[test]
    fn a_window_in_tokens_counts_word_tokens() {
        use crate::segment::tests::TOKENIZER;
        let text = "通信の秘密を守る、大切な原則だ";
        let words = TOKENIZER.worker().segment_words(text, false).unwrap().words;
        let mut sink = Vec::<String>::new();
        struct S<'a>(&'a mut Vec<String>);
        impl KwicSink for S<'_> {
            fn line(&mut self, l: &KwicLine<'_>) -> Result<()> {
                self.0.push(l.hit.clone());
                Ok(())
            }
        }
        let filter = KwicFilter::default();
        let mut s = S(&mut sink);
        let mut c = Concordance {
            context: Context::Tokens(2),
            filter: &filter,
            worker: None,
            themes: vec![],
            sink: &mut s,
            lines: 0,
        };
        // 秘密 (bytes 9..15): two word tokens each side: 通信/の … を/守る.
        let (a, b) = c.bounds(text, &words, 9, 15);
        assert_eq!(&text[a..b], "通信の秘密を守る");
        c.context = Context::Chars(1);
        let (a, b) = c.bounds(text, &words, 9, 15);
        assert_eq!(&text[a..b], "の秘密を");
    }

    #[test]
    fn windows_join_lines() {
        assert_eq!(window("ab\ncd", 0, 5), "ab cd");
    }
}
