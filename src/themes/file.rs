//! The theme file: TOML `[[theme]]` tables read into [`Theme`]s, with errors that name the
//! file, line and column.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::rule;
use super::term::TermKind;
use super::{Scope, Theme};
use crate::error::{Error, Result};
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
    terms: Option<Spanned<Vec<String>>>,
    rule: Option<Spanned<String>>,
    scope: Option<Spanned<String>>,
    #[serde(rename = "match")]
    match_on: Option<Spanned<String>>,
    #[serde(default)]
    show: bool,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    examples: Vec<String>,
    #[serde(default)]
    counter_examples: Vec<String>,
    description: Option<String>,
}

pub(super) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Reads a theme file's text into themes; `path` is used in errors.
pub(super) fn read(text: &str, path: &Path) -> Result<Vec<Theme>> {
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
    let mut seen = HashMap::new();
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
        let (terms, rule) = match (&def.terms, &def.rule) {
            (Some(t), Some(_)) => {
                return Err(err(
                    t.span().start,
                    format!(
                    "theme `{id}` has both `terms` and `rule`: give one (a rule names its terms)"
                ),
                ))
            }
            (None, None) => {
                return Err(err(
                    start,
                    format!("theme `{id}` has no terms: give `terms` or a `rule`"),
                ))
            }
            (Some(t), None) => {
                let terms: Vec<String> = t
                    .get_ref()
                    .iter()
                    .map(|t| nfkc(t).trim().to_string())
                    .collect();
                if terms.is_empty() {
                    return Err(err(t.span().start, format!("theme `{id}` has no terms")));
                }
                if terms.iter().any(|t| t.is_empty()) {
                    return Err(err(
                        t.span().start,
                        format!("theme `{id}` has an empty term"),
                    ));
                }
                let mut seen_t = HashSet::new();
                let terms: Vec<String> = terms
                    .into_iter()
                    .filter(|t| seen_t.insert(t.clone()))
                    .collect();
                for t in &terms {
                    TermKind::parse(t).map_err(|m| {
                        err(
                            def.terms.as_ref().map_or(start, |s| s.span().start),
                            format!("theme `{id}`: {m}"),
                        )
                    })?;
                }
                (terms, None)
            }
            (None, Some(r)) => {
                let src = nfkc(r.get_ref()).trim().to_string();
                // The rule's text starts one character (the opening quote) into its span.
                let at = |o: usize| r.span().start + 1 + o;
                let parsed = rule::parse(&src)
                    .map_err(|e| err(at(e.offset), format!("theme `{id}`: rule: {}", e.message)))?;
                for t in &parsed.terms {
                    TermKind::parse(t)
                        .map_err(|m| err(at(0), format!("theme `{id}`: rule: {m}")))?;
                }
                (parsed.terms, Some(src))
            }
        };
        let scope = match def
            .scope
            .as_ref()
            .map(|s| (s.get_ref().as_str(), s.span().start))
        {
            None | Some(("remark", _)) => Scope::Remark,
            Some(("sentence", _)) => Scope::Sentence,
            Some((other, at)) => {
                return Err(err(
                    at,
                    format!("theme `{id}`: scope `{other}` is not `remark` or `sentence`"),
                ))
            }
        };
        if rule.is_none() && def.scope.is_some() {
            let at = def.scope.as_ref().map_or(start, |s| s.span().start);
            return Err(err(at, format!("theme `{id}`: `scope` applies to a `rule` (terms are counted wherever they occur)")));
        }
        let lemma = match def
            .match_on
            .as_ref()
            .map(|s| (s.get_ref().as_str(), s.span().start))
        {
            None | Some(("surface", _)) => false,
            Some(("lemma", _)) => true,
            Some((other, at)) => {
                return Err(err(
                    at,
                    format!("theme `{id}`: match `{other}` is not `surface` or `lemma`"),
                ))
            }
        };
        themes.push(Theme {
            label: def
                .label
                .map(|l| l.trim().to_string())
                .filter(|l| !l.is_empty())
                .unwrap_or_else(|| id.clone()),
            id,
            terms,
            rule,
            scope,
            lemma,
            show: def.show,
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
    Ok(themes)
}
