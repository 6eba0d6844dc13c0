//! `kaigi themes check`: every theme's examples and counter-examples run through the matcher.

use super::{Doc, ThemeSet};
use crate::error::Result;
use crate::segment::Worker;
use crate::text::nfkc;

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

impl ThemeSet {
    /// Runs every theme's examples and counter-examples; gives the ones that fail.
    pub fn check(&self, worker: &mut Worker) -> Result<Vec<CheckFailure>> {
        let m = self.matcher(Some(worker))?;
        let mut failures = Vec::new();
        for (i, t) in self.themes.iter().enumerate() {
            for (list, kind) in [
                (&t.examples, "example"),
                (&t.counter_examples, "counter_example"),
            ] {
                for ex in list {
                    let norm = nfkc(ex);
                    let seg = worker.segment_words(&norm, false)?;
                    let doc = Doc {
                        text: &norm,
                        edges: &seg.edges,
                        words: &seg.words,
                    };
                    let n = m.find(&doc, false).counts[i] as usize;
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
