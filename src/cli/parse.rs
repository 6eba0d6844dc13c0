//! `kaigi parse`: meetings and remarks only; or one file as JSON, or explained line by line.

use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use clap::Args;

use crate::chart::ChartOptions;
use crate::jobs::{self, JobConfig};
use crate::pipeline::Progress;

use super::{check_corpus, exit_code, threads};

#[derive(Args, Debug)]
pub struct ParseArgs {
    /// Corpus folder (every .txt, .pdf, .html, .json and .xml below it) or one minutes file.
    #[arg(default_value = "data/corpus")]
    pub corpus: PathBuf,
    /// Output folder.
    #[arg(long, default_value = "reports")]
    pub out: PathBuf,
    /// Print the parsed meeting of one file as JSON instead of writing tables.
    #[arg(long, conflicts_with = "explain")]
    pub json: bool,
    /// Print each line of one file with what kaigi took it for (title, header, attendee,
    /// agenda, heading, label, text, stage, dropped), the style chosen, and for each label the
    /// speaker, role and section it gave.
    #[arg(long)]
    pub explain: bool,
    /// Worker threads (default: all cores).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Print only errors.
    #[arg(long, short)]
    pub quiet: bool,
    /// Only shard K of N (`2/8`): a contiguous, byte-balanced slice of the corpus's inputs in
    /// the order kaigi reads them. The per-meeting tables of shards 1..N, put one after
    /// another, are the whole corpus's (how the Python package spreads a corpus over machines).
    #[arg(long, value_name = "K/N")]
    pub shard: Option<crate::ingest::Shard>,
}

pub(crate) fn run(a: ParseArgs, command_line: &str) -> Result<i32> {
    check_corpus(&a.corpus)?;
    if a.json || a.explain {
        if !a.corpus.is_file() {
            bail!(
                "--{} reads one file: pass a file, not the folder {}",
                if a.json { "json" } else { "explain" },
                a.corpus.display()
            );
        }
        // One file; a Diet API response may hold several meetings, each read on its own.
        let (found, _) = crate::ingest::discover(&a.corpus)?;
        let mut meetings = Vec::new();
        let mut code = 0;
        for f in &found {
            let src = match crate::ingest::read(f) {
                Ok(s) => s,
                Err(sk) => {
                    eprintln!("kaigi: skipped {}: {}", f.rel, sk.reason);
                    code = 1;
                    continue;
                }
            };
            if a.explain {
                let (parsed, trace) = crate::parse::explain(&src.text, &src.rel);
                let meeting = parsed.as_ref().ok().map(|p| &p.meeting);
                let out = crate::parse::explain::render(&src.text, &trace, meeting);
                // A reader that stops early (`| head`) is no error.
                if let Err(e) =
                    std::io::Write::write_all(&mut std::io::stdout().lock(), out.as_bytes())
                {
                    if e.kind() != std::io::ErrorKind::BrokenPipe {
                        return Err(e.into());
                    }
                }
            }
            match crate::parse::parse_source(&src) {
                Ok(p) => {
                    for w in p.warnings {
                        eprintln!("kaigi: warning: {}: {w}", f.rel);
                    }
                    meetings.push(p.meeting);
                }
                Err(e) => {
                    eprintln!("kaigi: skipped {}: {e}", f.rel);
                    code = 1;
                }
            }
        }
        if a.json {
            let out = match meetings.as_slice() {
                [one] => serde_json::to_string_pretty(one)?,
                [] => return Ok(1),
                many => serde_json::to_string_pretty(many)?,
            };
            println!("{out}");
        }
        return Ok(code);
    }
    let cfg = JobConfig {
        corpus: a.corpus.clone(),
        out: a.out.clone(),
        tokenizer: None,
        themes: None,
        store: None,
        threads: threads(a.threads)?,
        top_terms: 0,
        charts: ChartOptions::default(),
        command: format!("parse {command_line}"),
        analysis: Default::default(),
        shard: a.shard,
    };
    // Skipped files are printed in the per-file lines below.
    struct Silent;
    impl Progress for Silent {}
    let o = jobs::parse_job(&cfg, &Silent)
        .with_context(|| format!("writing to {}", a.out.display()))?;
    for i in &o.summary.inputs {
        if i.status == crate::model::FileStatus::Parsed {
            if !a.quiet {
                println!(
                    "parsed  {}  {} remarks{}",
                    i.path,
                    i.remarks.unwrap_or(0),
                    if i.warnings.is_empty() {
                        String::new()
                    } else {
                        format!("  (warning: {})", i.warnings.join("; "))
                    }
                );
            }
        } else {
            eprintln!(
                "kaigi: skipped {}: {}",
                i.path,
                i.reason.as_deref().unwrap_or("")
            );
        }
    }
    if !a.quiet {
        println!(
            "{} meetings, {} remarks → {}/meetings.csv, {}/remarks.csv",
            o.meetings,
            o.summary.remarks,
            a.out.display(),
            a.out.display()
        );
    }
    Ok(exit_code(&o))
}
