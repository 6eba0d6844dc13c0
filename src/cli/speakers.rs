//! `kaigi speakers suggest`: proposes which speaker names are one person, and drafts the
//! `speakers.toml` that `kaigi run --speakers` reads once the researcher has confirmed it.

use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use clap::Subcommand;

use crate::jobs::speakers_job;
use crate::pipeline::NoProgress;
use crate::speakers::to_toml;

use super::check_corpus;

#[derive(Subcommand, Debug)]
pub enum SpeakersCommand {
    /// Propose aliases: near-identical names with the same role in the same body (variant
    /// kanji, one character apart, an organisation prefix dropped, a surname of a full name),
    /// with the evidence; writes a draft speakers.toml to check and edit.
    Suggest {
        /// Corpus folder or one minutes file.
        #[arg(default_value = "data/corpus")]
        corpus: PathBuf,
        /// Where to write the draft (default: print it).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Overwrite `--out` when it exists (a confirmed file is not overwritten by mistake).
        #[arg(long)]
        force: bool,
    },
}

pub(crate) fn run(c: SpeakersCommand) -> Result<i32> {
    let SpeakersCommand::Suggest { corpus, out, force } = c;
    check_corpus(&corpus)?;
    if let Some(o) = &out {
        if o.exists() && !force {
            bail!(
                "{} exists (a confirmed speakers file?): pass --force to overwrite it",
                o.display()
            );
        }
    }
    let (summary, obs, suggestions) = speakers_job(&corpus, &NoProgress)?;
    let names: std::collections::BTreeSet<&str> = obs.iter().map(|o| o.speaker.as_str()).collect();
    eprintln!(
        "kaigi: {} files, {} speaker names, {} suggested aliases",
        summary.inputs.len(),
        names.len(),
        suggestions.len()
    );
    for s in &suggestions {
        eprintln!(
            "  {} → {} ({}, {} in {}): {}",
            s.alias, s.keep, s.kind, s.role, s.body, s.evidence
        );
    }
    let draft = to_toml(&suggestions);
    match out {
        Some(o) => {
            std::fs::write(&o, draft).with_context(|| format!("writing {}", o.display()))?;
            eprintln!(
                "kaigi: draft written to {}; check it, then `kaigi run --speakers {}`",
                o.display(),
                o.display()
            );
        }
        None => print!("{draft}"),
    }
    Ok(0)
}
