//! `kaigi themes check`: validates a theme file and runs its examples.

use std::path::{Path, PathBuf};

use anyhow::Result;
use clap::Subcommand;

use super::{load_themes, load_tokenizer, DictArgs};

#[derive(Subcommand, Debug)]
pub enum ThemesCommand {
    /// Validate a theme file and run every theme's examples and counter-examples.
    Check {
        /// Theme file (TOML).
        #[arg(long, default_value = "data/themes.toml")]
        themes: PathBuf,
        #[command(flatten)]
        dict: DictArgs,
    },
}

pub(crate) fn check(path: &Path, dict: &DictArgs) -> Result<i32> {
    let themes = load_themes(path)?;
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
