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
    ThemeSet::from_themes(
        vec![Theme {
            id: query.to_string(),
            label: query.to_string(),
            terms: vec![term],
            exclude: vec![],
            examples: vec![],
            counter_examples: vec![],
            description: String::new(),
        }],
        Path::new("(query)"),
    )
    .map_err(bad)
}

/// Runs the concordance of `set` over `corpus` into `sink`, with `width` characters of
/// context on each side; gives the run's summary and the number of lines.
pub fn kwic_job(
    corpus: &Path,
    tokenizer: &Tokenizer,
    set: &ThemeSet,
    width: usize,
    sink: &mut (dyn KwicSink + Send),
    progress: &dyn Progress,
) -> Result<(RunSummary, usize)> {
    let mut cfg = pipeline::Config::new(corpus);
    cfg.tokenizer = Some(tokenizer);
    cfg.themes = Some(set);
    cfg.hit_positions = true;
    let mut v = Concordance {
        width,
        themes: set.themes.iter().map(|t| t.id.clone()).collect(),
        sink,
        lines: 0,
    };
    let summary = pipeline::run(&cfg, &mut v, progress)?;
    Ok((summary, v.lines))
}

struct Concordance<'s> {
    width: usize,
    themes: Vec<String>,
    sink: &'s mut (dyn KwicSink + Send),
    lines: usize,
}

fn window(s: &str, from: usize, to: usize) -> String {
    s[from..to].replace(['\n', '\r'], " ")
}

impl Visitor for Concordance<'_> {
    fn remark(&mut self, r: &RemarkResult<'_>) -> Result<()> {
        for h in &r.positions {
            let left_start = r.norm[..h.start]
                .char_indices()
                .rev()
                .nth(self.width.saturating_sub(1))
                .map_or(0, |(i, _)| i);
            let right_end = r.norm[h.end..]
                .char_indices()
                .nth(self.width)
                .map_or(r.norm.len(), |(i, _)| h.end + i);
            self.sink.line(&KwicLine {
                meeting_id: &r.meeting.meeting_id,
                seq: r.remark.seq,
                date: r.meeting.date.as_deref().unwrap_or(""),
                committee: &r.meeting.committee,
                speaker: &r.remark.speaker,
                speaker_label: &r.remark.speaker_label,
                role: r.remark.role,
                theme: &self.themes[h.theme],
                left: window(&r.norm, left_start, h.start),
                hit: window(&r.norm, h.start, h.end),
                right: window(&r.norm, h.end, right_end),
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
    fn windows_join_lines() {
        assert_eq!(window("ab\ncd", 0, 5), "ab cd");
    }
}
