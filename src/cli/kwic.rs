//! `kaigi kwic`: prints or writes the concordance the library's kwic job gives.

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;

use kaigi::jobs::kwic::{kwic_job, query_themes, KwicLine, KwicSink};

use super::progress::CliProgress;
use super::{check_corpus, load_themes, load_tokenizer, threads, DictArgs};

#[derive(Args, Debug)]
pub struct KwicArgs {
    /// A theme id from the theme file, or any term.
    pub query: String,
    /// Corpus folder or one minutes file.
    #[arg(default_value = "data/corpus")]
    pub corpus: PathBuf,
    /// Theme file (TOML) in which QUERY is looked up as a theme id.
    #[arg(long, default_value = "data/themes.toml")]
    pub themes: PathBuf,
    /// Write the concordance as CSV to this file instead of printing it.
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// Characters of context on each side.
    #[arg(long, value_name = "N", default_value_t = 24)]
    pub width: usize,
    /// Worker threads (default: all cores).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    #[command(flatten)]
    pub dict: DictArgs,
}

/// Lines as CSV, or as aligned text on stdout.
enum Printer {
    Csv(Box<csv::Writer<std::fs::File>>),
    Text { width: usize },
}

impl KwicSink for Printer {
    fn line(&mut self, l: &KwicLine<'_>) -> kaigi::Result<()> {
        match self {
            Printer::Csv(w) => w
                .write_record([
                    l.meeting_id,
                    &l.seq.to_string(),
                    l.date,
                    l.committee,
                    l.speaker,
                    l.speaker_label,
                    l.role.as_str(),
                    l.theme,
                    &l.left,
                    &l.hit,
                    &l.right,
                ])
                .map_err(|e| kaigi::Error::output("kwic csv", e)),
            Printer::Text { width } => {
                println!(
                    "{}\t{}\t{}\t{}\t{:>w$} 【{}】 {}",
                    l.date,
                    l.committee,
                    if l.speaker_label.is_empty() {
                        "(anonymous)"
                    } else {
                        l.speaker_label
                    },
                    l.role,
                    l.left,
                    l.hit,
                    l.right,
                    w = *width
                );
                Ok(())
            }
        }
    }
}

pub(crate) fn run(a: KwicArgs) -> Result<i32> {
    check_corpus(&a.corpus)?;
    let from_file = if a.themes.is_file() {
        Some(load_themes(&a.themes)?)
    } else {
        None
    };
    let set = query_themes(&a.query, from_file.as_ref(), &a.themes)?;
    let tok = load_tokenizer(&a.dict)?;
    let mut printer = match &a.csv {
        Some(p) => {
            let f =
                std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?;
            let mut w = csv::Writer::from_writer(f);
            w.write_record([
                "meeting_id",
                "seq",
                "date",
                "committee",
                "speaker",
                "speaker_label",
                "role",
                "theme",
                "left",
                "match",
                "right",
            ])?;
            Printer::Csv(Box::new(w))
        }
        None => Printer::Text { width: a.width },
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads(a.threads)?)
        .build()?;
    let progress = CliProgress::new(true);
    let (summary, lines) =
        pool.install(|| kwic_job(&a.corpus, &tok, &set, a.width, &mut printer, &progress))?;
    if let Printer::Csv(w) = &mut printer {
        w.flush()?;
    }
    eprintln!(
        "kaigi: {} hits of {} in {} remarks{}",
        lines,
        a.query,
        summary.remarks,
        a.csv
            .as_ref()
            .map(|p| format!(" → {}", p.display()))
            .unwrap_or_default()
    );
    Ok(if summary.skipped() > 0 { 1 } else { 0 })
}
