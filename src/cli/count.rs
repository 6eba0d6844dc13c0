//! `kaigi count` and `kaigi run`: every table; `run` also the charts and the report.

use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use clap::Args;

use crate::chart::{ChartOptions, DEFAULT_FONT_FAMILY};
use crate::jobs::{self, JobConfig};
use crate::segment::default_cache_root;
use crate::store::housekeep::{self, human_bytes, PruneRule};
use crate::store::DiskStore;

use super::progress::{report_outcome, CliProgress};
use super::{
    check_corpus, dict_options, exit_code, load_tokenizer, themes_or_builtin, threads, DictArgs,
};

#[derive(Args, Debug)]
pub struct CountArgs {
    /// Corpus folder (every .txt, .pdf, .html, .json and .xml below it) or one minutes file.
    #[arg(default_value = "data/corpus")]
    pub corpus: PathBuf,
    /// Theme file (TOML).
    /// Default: the themes built into kaigi (data/themes.toml as shipped).
    #[arg(long, value_name = "FILE")]
    pub themes: Option<PathBuf>,
    /// Output folder.
    #[arg(long, default_value = "reports")]
    pub out: PathBuf,
    /// Worker threads (default: all cores). Results are identical for any number.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Do not read or write the tokenization cache.
    #[arg(long)]
    pub no_cache: bool,
    /// Nouns kept per meeting in top_terms.
    #[arg(long, value_name = "N", default_value_t = 50)]
    pub top_terms: usize,
    /// No progress output; errors are still printed.
    #[arg(long, short)]
    pub quiet: bool,
    /// What the comparison tables (themes_by_…, …_keyness) and the heatmap compare.
    #[arg(long, value_enum, default_value_t = By::Committee)]
    pub by: By,
    /// Speaker identities (`speakers.toml`, drafted by `kaigi speakers suggest`): names mapped
    /// to one `speaker_id` per person.
    #[arg(long, value_name = "FILE")]
    pub speakers: Option<PathBuf>,
    /// Burst model: how many times the base rate a burst's rate is (Kleinberg's s, > 1).
    #[arg(long, value_name = "S", default_value_t = 2.0)]
    pub burst_s: f64,
    /// Burst model: the cost of entering a burst (Kleinberg's γ, ≥ 0; larger: fewer bursts).
    #[arg(long, value_name = "GAMMA", default_value_t = 1.0)]
    pub burst_gamma: f64,
    /// Also write every word token as a long table (tokens.csv/.parquet: meeting_id, seq,
    /// position, surface, base_form, pos), for quanteda, STM or gensim.
    #[arg(long)]
    pub tokens: bool,
    /// Also write a document-term matrix (dtm.mtx, Matrix Market; dtm_terms.txt; dtm_docs.csv)
    /// with one document per remark or per meeting; terms are base forms.
    #[arg(long, value_enum, value_name = "UNIT")]
    pub dtm: Option<crate::tables::DtmUnit>,
    /// Only shard K of N (`2/8`): a contiguous, byte-balanced slice of the corpus's inputs in
    /// the order kaigi reads them. The per-meeting tables of shards 1..N, put one after
    /// another, are the whole corpus's (how the Python package spreads a corpus over machines).
    #[arg(long, value_name = "K/N")]
    pub shard: Option<crate::ingest::Shard>,
    #[command(flatten)]
    pub dict: DictArgs,
}

/// `--by`: a meeting column.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum By {
    Committee,
    Parent,
    Ministry,
    Style,
    Year,
}

impl From<By> for crate::tables::GroupBy {
    fn from(b: By) -> Self {
        use crate::tables::GroupBy as G;
        match b {
            By::Committee => G::Committee,
            By::Parent => G::Parent,
            By::Ministry => G::Ministry,
            By::Style => G::Style,
            By::Year => G::Year,
        }
    }
}

#[derive(Args, Debug)]
pub struct RunArgs {
    #[command(flatten)]
    pub count: CountArgs,
    /// Themes to draw in the charts (ids, comma-separated; default all, the trend chart keeps
    /// the 8 with most hits).
    #[arg(long, value_name = "IDS", value_delimiter = ',')]
    pub themes_shown: Option<Vec<String>>,
    /// Font family for the charts (must cover Japanese).
    #[arg(long, value_name = "FAMILY", default_value = DEFAULT_FONT_FAMILY)]
    pub font: String,
}

pub(crate) fn run(a: CountArgs, charts: Option<ChartOptions>, command_line: &str) -> Result<i32> {
    let started = std::time::Instant::now();
    check_corpus(&a.corpus)?;
    let themes = themes_or_builtin(a.themes.as_deref())?;
    if let Some(c) = &charts {
        if let Some(shown) = &c.themes_shown {
            for id in shown {
                if themes.position(id).is_none() {
                    bail!(
                        "--themes-shown: no theme `{id}` in {}",
                        themes.path.display()
                    );
                }
            }
        }
        // Fail before the long part if the font cannot draw the theme labels.
        let labels: String = themes
            .themes
            .iter()
            .map(|t| t.label.as_str())
            .collect::<Vec<_>>()
            .join("");
        crate::chart::resolve_font(
            &c.font_family,
            &format!("{labels}テーマの推移委員会発言者2024-01"),
        )
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    if !(a.burst_s > 1.0 && a.burst_s.is_finite()) {
        bail!("--burst-s must be a number above 1 (a burst's rate over the base rate)");
    }
    if !(a.burst_gamma >= 0.0 && a.burst_gamma.is_finite()) {
        bail!("--burst-gamma must be a number of 0 or more");
    }
    let (speakers, speakers_sha256) = match &a.speakers {
        Some(p) => {
            let bytes = std::fs::read(p).with_context(|| format!("reading {}", p.display()))?;
            let map = crate::speakers::SpeakerMap::load(p)?;
            (map, crate::text::sha256_hex(&bytes))
        }
        None => Default::default(),
    };
    let analysis = jobs::Analysis {
        speakers,
        speakers_sha256,
        movement: crate::tables::MovementOptions {
            burst: crate::stats::BurstParams {
                s: a.burst_s,
                gamma: a.burst_gamma,
            },
            corpus: a.corpus.display().to_string(),
            ..Default::default()
        },
        group_by: a.by.into(),
        exports: crate::tables::Exports {
            tokens: a.tokens,
            dtm: a.dtm,
        },
    };
    let tokenizer = load_tokenizer(&a.dict)?;
    let store = (!a.no_cache).then(|| {
        DiskStore::new(
            &default_cache_root(&dict_options(&a.dict)),
            &tokenizer.fingerprint(),
        )
    });
    // Caches that other kaigi builds left and no longer use are removed on a thread of their
    // own while the corpus is read (see `housekeep::PruneRule::AUTOMATIC`).
    let pruner = store.as_ref().map(|c| {
        housekeep::mark_used(c);
        let (root, current) = (
            default_cache_root(&dict_options(&a.dict)),
            c.dir().to_path_buf(),
        );
        std::thread::spawn(move || {
            let now = std::time::SystemTime::now();
            housekeep::prune(&root, Some(&current), PruneRule::AUTOMATIC, now)
        })
    });
    let full = charts.is_some();
    let cfg = JobConfig {
        corpus: a.corpus.clone(),
        out: a.out.clone(),
        tokenizer: Some(tokenizer),
        themes: Some(themes),
        store,
        threads: threads(a.threads)?,
        top_terms: a.top_terms,
        charts: charts.unwrap_or_default(),
        command: format!(
            "{} {}",
            if full { "run" } else { "count" },
            command_line.split_once(' ').map_or("", |x| x.1)
        ),
        analysis,
        shard: a.shard,
    };
    let progress = CliProgress::new(a.quiet);
    let o = jobs::count_job(&cfg, &progress, full)
        .with_context(|| format!("writing to {}", a.out.display()));
    if let Ok(o) = &o {
        report_outcome(
            o,
            &a.out,
            a.quiet,
            progress.summary_line || progress.bar.is_some(),
            started,
        );
    }
    // The deletion is joined (a large one may outlast a short run); if the run is stopped
    // before it is done, what is left is already in trash and the next run deletes it.
    let pruned = pruner.and_then(|t| t.join().ok());
    if let Some(p) = pruned {
        if !a.quiet && !p.removed.is_empty() {
            eprintln!(
                "kaigi: removed {} of tokenization cache unused for a while ({}: other kaigi versions or dictionaries; `kaigi cache` lists what is left)",
                human_bytes(p.bytes()),
                housekeep::folders(p.removed.len())
            );
        }
        warn_cannot_remove(&p.errors);
    }
    let o = o?;
    let _ = progress.quiet;
    Ok(exit_code(&o))
}

/// Old caches that could not be removed: said, never fatal (the run's own cache is another
/// folder).
fn warn_cannot_remove(errors: &[(PathBuf, std::io::Error)]) {
    for (path, e) in errors {
        eprintln!(
            "kaigi: warning: cannot remove the old cache {}: {e}",
            path.display()
        );
    }
}
