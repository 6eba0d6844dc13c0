//! `kaigi themes check`: validates a theme file and runs its examples.

use std::path::{Path, PathBuf};

use anyhow::Result;
use clap::Subcommand;

use super::{load_tokenizer, themes_or_builtin, DictArgs};

#[derive(Subcommand, Debug)]
pub enum ThemesCommand {
    /// Validate a theme file and run every theme's examples and counter-examples.
    Check {
        /// Theme file (TOML); default: the themes built into kaigi.
        #[arg(long, value_name = "FILE")]
        themes: Option<PathBuf>,
        #[command(flatten)]
        dict: DictArgs,
    },
}

pub(crate) fn check(path: Option<&Path>, dict: &DictArgs) -> Result<i32> {
    let themes = themes_or_builtin(path)?;
    let path = themes.path.clone();
    let tok = load_tokenizer(dict)?;
    let failures = themes.check(&mut tok.worker())?;
    let examples: usize = themes
        .themes
        .iter()
        .map(|t| t.examples.len() + t.counter_examples.len())
        .sum();
    for f in &failures {
        eprintln!("{}: {f}", path.display());
    }
    if failures.is_empty() {
        println!(
            "{}: {} themes, {} terms, {} examples and counter-examples: all pass",
            path.display(),
            themes.len(),
            themes.themes.iter().map(|t| t.terms.len()).sum::<usize>(),
            examples
        );
        Ok(0)
    } else {
        println!(
            "{}: {} of {} examples fail",
            path.display(),
            failures.len(),
            examples
        );
        Ok(1)
    }
}
