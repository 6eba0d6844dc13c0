//! Term syntax: what one string in a theme's `terms` (or a rule's operand) asks to find.
//!
//! Takes a term as written (NFKC-normalized) and gives a [`TermKind`]:
//! - `通信の秘密`: a literal, found where it starts and ends on token edges;
//! - `サプライ*`: a prefix, found where it starts on a token edge; the hit runs to the end of the
//!   token in which the prefix ends (`サプライチェーン`, `サプライヤー`, `サプライ`);
//! - `/サイバー.{0,8}対策/`: a regular expression (Rust `regex` syntax) over the normalized text,
//!   whose matches count where both ends are token edges.
//!
//! A `*` anywhere but at the end, an empty prefix, an invalid regular expression or one that
//! matches the empty string is an error that says so.

use regex::Regex;

/// What a term finds.
#[derive(Debug, Clone)]
pub enum TermKind {
    /// The text itself.
    Literal(String),
    /// Text starting with this, to the end of the token where it ends.
    Prefix(String),
    /// Matches of this expression.
    Regex(Regex),
}

impl TermKind {
    /// Reads a term (already NFKC-normalized and trimmed).
    pub fn parse(term: &str) -> Result<TermKind, String> {
        if term.is_empty() {
            return Err("empty term".into());
        }
        if term.len() >= 2 && term.starts_with('/') && term.ends_with('/') {
            let body = &term[1..term.len() - 1];
            let re = Regex::new(body)
                .map_err(|e| format!("term `{term}`: not a valid regular expression: {e}"))?;
            if re.is_match("") {
                return Err(format!(
                    "term `{term}`: the regular expression matches the empty string"
                ));
            }
            return Ok(TermKind::Regex(re));
        }
        if let Some(prefix) = term.strip_suffix('*') {
            if prefix.is_empty() || prefix.contains('*') {
                return Err(format!(
                    "term `{term}`: a `*` may only end a term that has text before it (a prefix); use a regular expression `/…/` for other patterns"
                ));
            }
            return Ok(TermKind::Prefix(prefix.to_string()));
        }
        if term.contains('*') {
            return Err(format!(
                "term `{term}`: a `*` may only end a term (a prefix, `サプライ*`); use a regular expression `/…/` for other patterns"
            ));
        }
        Ok(TermKind::Literal(term.to_string()))
    }

    /// The text an Aho-Corasick pass looks for (literals and prefixes).
    pub fn pattern(&self) -> Option<&str> {
        match self {
            TermKind::Literal(s) | TermKind::Prefix(s) => Some(s),
            TermKind::Regex(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_prefix_and_regex() {
        assert!(
            matches!(TermKind::parse("通信の秘密"), Ok(TermKind::Literal(s)) if s == "通信の秘密")
        );
        assert!(matches!(TermKind::parse("サプライ*"), Ok(TermKind::Prefix(s)) if s == "サプライ"));
        assert!(matches!(
            TermKind::parse("/サイバー.{0,4}対策/"),
            Ok(TermKind::Regex(_))
        ));
        assert_eq!(TermKind::parse("/").unwrap().pattern(), Some("/"));
    }

    #[test]
    fn errors_say_what_is_wrong() {
        let e = |t: &str| TermKind::parse(t).unwrap_err();
        assert!(e("*").contains("may only end"), "{}", e("*"));
        assert!(e("*チェーン").contains("regular expression"));
        assert!(e("サ*イ").contains("may only end"));
        assert!(e("/(/").contains("not a valid regular expression"));
        assert!(e("/a*/").contains("empty string"));
        assert!(e("").contains("empty"));
    }
}
