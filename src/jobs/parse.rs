//! `kaigi parse`: meetings and remarks only.

use super::{commit, pipeline_config, pool, JobConfig, Outcome};
use crate::error::Result;
use crate::output::staging::Staging;
use crate::pipeline::{self, Progress};
use crate::tables::{Aggregator, ThemeInfo};

/// `kaigi parse`: meetings and remarks (token counts 0 unless a tokenizer is configured).
pub fn parse_job(cfg: &JobConfig, progress: &dyn Progress) -> Result<Outcome> {
    let mut staging = Staging::new(&cfg.out)?;
    let themes = cfg.themes.as_ref().map(ThemeInfo::of).unwrap_or_default();
    let mut agg = Aggregator::new(themes, cfg.top_terms, Some(staging.dir()))?;
    let pc = pipeline_config(cfg, cfg.tokenizer.is_some());
    let summary = pool(cfg.threads)?.install(|| pipeline::run(&pc, &mut agg, progress))?;
    agg.finish_remarks()?;
    staging.wrote("remarks.csv");
    staging.wrote("remarks.parquet");
    // meetings were streamed to disk as they arrived.
    staging.wrote("meetings.csv");
    staging.wrote("meetings.parquet");
    let meetings = agg.meetings.len();
    commit(cfg, staging, summary, meetings)
}
