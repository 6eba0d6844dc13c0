//! Jobs: the commands researchers run, as library functions over a validated [`JobConfig`].
//!
//! [`parse_job`] writes `meetings` and `remarks`; [`count_job`] adds tokens, theme counts, the
//! other tables and `manifest.json`, and with `full` (`kaigi run`) the charts and `report.html`;
//! [`kwic_job`] gives a concordance of a theme's or a term's hits. Every job
//! writes into a temporary folder beside the output folder and swaps it into place only when
//! everything is written, so a run killed at any moment leaves the previous reports whole.

mod count;
pub mod kwic;
mod parse;
mod present;
mod reuse;
mod speakers;

use std::path::PathBuf;

use crate::chart::ChartOptions;
use crate::error::{Error, Result};
use crate::output::staging::Staging;
use crate::pipeline::{Config, RunSummary};
use crate::segment::Tokenizer;
use crate::store::{DiskStore, Store};
use crate::themes::ThemeSet;

pub use count::count_job;
pub use kwic::{kwic_job, KwicLine, KwicSink};
pub use parse::parse_job;
pub use speakers::speakers_job;

/// Everything a job needs, validated.
pub struct JobConfig {
    pub corpus: PathBuf,
    pub out: PathBuf,
    pub tokenizer: Option<Tokenizer>,
    pub themes: Option<ThemeSet>,
    /// Keeps parsed and tokenized files for re-runs; `None` with `--no-cache`.
    pub store: Option<DiskStore>,
    pub threads: usize,
    /// Nouns kept per meeting in `top_terms`.
    pub top_terms: usize,
    pub charts: ChartOptions,
    /// The command line, for the manifest and the report.
    pub command: String,
    /// Speaker identities and the movement tables' settings.
    pub analysis: Analysis,
    /// Only this shard of the corpus's inputs (`--shard K/N`); its per-meeting tables may be
    /// empty.
    pub shard: Option<crate::ingest::Shard>,
}

/// What the analysis tables need besides the themes.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    /// One id per person across meetings (`--speakers FILE`), empty without one.
    pub speakers: crate::speakers::SpeakerMap,
    /// SHA-256 of the speakers file (empty without one): part of what a re-run compares.
    pub speakers_sha256: String,
    pub movement: crate::tables::MovementOptions,
    /// What the comparison tables and the heatmap compare (`--by`).
    pub group_by: crate::tables::GroupBy,
    /// The token table and document-term matrix (`--tokens`, `--dtm`).
    pub exports: crate::tables::Exports,
}

/// What a job did.
pub struct Outcome {
    pub summary: RunSummary,
    pub meetings: usize,
    pub written: Vec<String>,
}

fn pool(threads: usize) -> Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::output("thread pool", e))
}

fn pipeline_config<'a>(cfg: &'a JobConfig, tokens: bool) -> Config<'a> {
    let mut c = Config::new(&cfg.corpus);
    c.shard = cfg.shard;
    if tokens {
        c.tokenizer = cfg.tokenizer.as_ref();
        c.themes = cfg.themes.as_ref();
        c.store = cfg.store.as_ref().map(|s| s as &dyn Store);
        c.nouns = cfg.top_terms > 0;
    }
    c
}

/// Swaps the staged output into place, unless the run found no meeting: the previous reports
/// are worth more than empty tables.
fn commit(
    cfg: &JobConfig,
    staging: Staging,
    summary: RunSummary,
    meetings: usize,
) -> Result<Outcome> {
    if meetings == 0 && cfg.shard.is_none() {
        return Err(Error::NoMeetings {
            corpus: cfg.corpus.clone(),
            files: summary.inputs.len(),
            skipped: summary.skipped(),
        });
    }
    let written = staging.commit()?;
    Ok(Outcome {
        summary,
        meetings,
        written,
    })
}
