//! `kaigi count` and `kaigi run`: every table and `manifest.json`; with `full` (`kaigi run`)
//! also the charts and `report.html`.
//!
//! With the store on, the previous run's `meetings`, `remarks` and `top_terms` tables in the
//! output folder are reused when they were made from the same corpus ([`super::reuse`]): they
//! do not depend on the themes, so a re-run after editing only the theme file does not write
//! them again.

use std::thread::JoinHandle;
use std::time::Instant;

use super::present::{chart_data, report_input};
use super::reuse::{corpus_fingerprint, reusable_hashes, reuse_previous};
use super::{commit, pipeline_config, pool, JobConfig, Outcome};
use crate::chart;
use crate::error::{Error, Result};
use crate::output::explore::{self, Explore};
use crate::output::manifest::{Manifest, RemarksStamp, ThemeFileInfo};
use crate::output::report;
use crate::output::staging::Staging;
use crate::pipeline::{self, Progress, RunSummary, Tee, Visitor};
use crate::tables::{self, Aggregator, Exporter, Tables, ThemeInfo};
use crate::themes::ThemeSet;

/// Seconds per step of the job, for the manifest's timings.
type Timings = Vec<(String, f64)>;

/// The stamp of the theme-independent tables: reused as it was, or being hashed.
type StampJob = std::result::Result<RemarksStamp, JoinHandle<Result<RemarksStamp>>>;

/// What the pass over the corpus gives.
struct CorpusPass {
    agg: Aggregator,
    summary: RunSummary,
    stamp: StampJob,
    timings: Timings,
}

/// `kaigi count` (`full` false) and `kaigi run` (`full` true).
pub fn count_job(cfg: &JobConfig, progress: &dyn Progress, full: bool) -> Result<Outcome> {
    let themes = cfg
        .themes
        .as_ref()
        .ok_or_else(|| Error::output("count", "no theme file"))?;
    if cfg.tokenizer.is_none() {
        return Err(Error::output("count", "no dictionary"));
    }
    let mut staging = Staging::new(&cfg.out)?;
    let shown = shown_themes(cfg, themes);
    let mut explore = full.then(|| Explore::new(themes, &shown, explore::DEFAULT_TEXT_BUDGET));
    let mut exporter = match (&cfg.tokenizer, cfg.analysis.exports.any()) {
        (Some(tok), true) => Some(Exporter::new(staging.dir(), tok, &cfg.analysis.exports)?),
        _ => None,
    };
    let mut others: Vec<&mut (dyn Visitor + Send)> = Vec::new();
    if let Some(e) = explore.as_mut() {
        others.push(e);
    }
    if let Some(e) = exporter.as_mut() {
        others.push(e);
    }
    let CorpusPass {
        mut agg,
        summary,
        stamp,
        mut timings,
    } = read_corpus(cfg, themes, &mut staging, progress, others, full)?;
    if let Some(e) = exporter {
        let t_export = Instant::now();
        for name in e.finish(staging.dir())? {
            staging.wrote(name);
        }
        timings.push(("exports".into(), t_export.elapsed().as_secs_f64()));
    }
    let t_frames = Instant::now();
    let tables = write_tables(&agg, &mut staging, full)?;
    timings.push(("frames".into(), t_frames.elapsed().as_secs_f64()));
    let meetings = agg.meetings.len();
    if full {
        let page = Page { shown, explore };
        charts_and_report(
            cfg,
            &mut agg,
            &tables,
            &summary,
            &mut staging,
            &mut timings,
            page,
        )?;
    }
    let stamp = match stamp {
        Ok(s) => s,
        Err(h) => h
            .join()
            .map_err(|_| Error::output("remarks.csv", "hashing failed"))??,
    };
    write_manifest(
        cfg,
        themes,
        &summary,
        meetings,
        stamp,
        &timings,
        &mut staging,
    )?;
    commit(cfg, staging, summary, meetings)
}

/// Lists the corpus, decides what to reuse, and runs the pipeline into the aggregator (which
/// streams the per-meeting and per-remark tables into `staging`).
fn read_corpus(
    cfg: &JobConfig,
    themes: &ThemeSet,
    staging: &mut Staging,
    progress: &dyn Progress,
    others: Vec<&mut (dyn Visitor + Send)>,
    hit_positions: bool,
) -> Result<CorpusPass> {
    let pool = pool(cfg.threads)?;
    let t_list = Instant::now();
    let listing = crate::ingest::list_shard(&cfg.corpus, cfg.shard)?;
    let t_list = t_list.elapsed().as_secs_f64();
    let t_reuse = Instant::now();
    let reused = pool.install(|| reuse_previous(cfg, staging, &listing));
    let t_reuse = t_reuse.elapsed().as_secs_f64();
    let mut agg = Aggregator::with_remarks(
        ThemeInfo::of(themes),
        cfg.top_terms,
        Some(staging.dir()),
        reused.is_none(),
    )?
    .with_speakers(cfg.analysis.speakers.clone())
    .with_movement(cfg.analysis.movement.clone())
    .with_group_by(cfg.analysis.group_by);
    let mut pc = pipeline_config(cfg, true);
    pc.known = reused.as_ref().map(|r| &r.known);
    pc.listing = Some(&listing);
    // The report's remarks are shown with their hits marked.
    pc.hit_positions = hit_positions;
    let t_pipeline = Instant::now();
    let mut tee = Tee {
        main: &mut agg,
        others,
    };
    let summary = pool.install(|| pipeline::run(&pc, &mut tee, progress))?;
    let t_pipeline = t_pipeline.elapsed().as_secs_f64();
    let t_finish = Instant::now();
    agg.finish_remarks()?;
    let t_finish = t_finish.elapsed().as_secs_f64();
    for name in [
        "remarks",
        "remark_themes",
        "meetings",
        "theme_counts",
        "term_counts",
        "top_terms",
    ] {
        staging.wrote(format!("{name}.csv"));
        staging.wrote(format!("{name}.parquet"));
    }
    let key = corpus_fingerprint(
        cfg,
        summary
            .inputs
            .iter()
            .map(|r| (r.path.as_str(), r.sha256.as_str())),
    );
    let timings = vec![
        ("discover".to_string(), t_list),
        ("reuse_check".to_string(), t_reuse),
        ("remarks_reused".to_string(), reused.is_some() as u8 as f64),
        // Wall clock of the whole corpus pass (the stages above overlap inside it), and of
        // closing the streamed tables after it.
        ("pipeline".to_string(), t_pipeline),
        ("close_streams".to_string(), t_finish),
    ];
    // The new tables are hashed on a thread of their own while the other tables and the
    // charts are made.
    let stamp =
        match reused {
            Some(r) if r.stamp.key == key => Ok(r.stamp),
            Some(_) => return Err(Error::output(
                cfg.corpus.display().to_string(),
                "input files changed while kaigi was reading them; nothing written, run it again",
            )),
            None => {
                let dir = staging.dir().to_path_buf();
                Err(std::thread::spawn(move || -> Result<RemarksStamp> {
                    Ok(RemarksStamp {
                        key,
                        files: reusable_hashes(&dir)?,
                    })
                }))
            }
        };
    Ok(CorpusPass {
        agg,
        summary,
        stamp,
        timings,
    })
}

/// The tables made from the run's sums (the others were streamed while the corpus was read).
fn write_tables(agg: &Aggregator, staging: &mut Staging, full: bool) -> Result<Tables> {
    let mut tables = agg.tables()?;
    let by = agg.group_by();
    let (by_name, keyness_name) = (by.by_table(), by.keyness_table());
    let mut names = vec![
        (by_name.as_str(), &mut tables.themes_by_committee),
        ("speaker_themes", &mut tables.speaker_themes),
        ("theme_firsts", &mut tables.theme_firsts),
        ("theme_bursts", &mut tables.theme_bursts),
        ("theme_cooccurrence", &mut tables.theme_cooccurrence),
        ("speaker_trajectories", &mut tables.speaker_trajectories),
        ("emerging_terms", &mut tables.emerging_terms),
    ];
    if full {
        names.push((keyness_name.as_str(), &mut tables.committee_keyness));
    }
    for (name, df) in names {
        tables::write_table(df, staging.dir(), name)?;
        staging.wrote(format!("{name}.csv"));
        staging.wrote(format!("{name}.parquet"));
    }
    Ok(tables)
}

/// The themes the charts show: the command line's choice, else those the theme file marks
/// with `show = true` (none: the charts choose by hits).
fn shown_themes(cfg: &JobConfig, themes: &ThemeSet) -> Vec<String> {
    match &cfg.charts.themes_shown {
        Some(s) => s.clone(),
        None => themes
            .themes
            .iter()
            .filter(|t| t.show)
            .map(|t| t.id.clone())
            .collect(),
    }
}

/// What the report page shows besides the tables and charts.
struct Page {
    shown: Vec<String>,
    /// The interactive section's data, made into JSON when the page is written.
    explore: Option<Explore>,
}

/// The charts and `report.html`.
fn charts_and_report(
    cfg: &JobConfig,
    agg: &mut Aggregator,
    tables: &Tables,
    summary: &RunSummary,
    staging: &mut Staging,
    timings: &mut Timings,
    page: Page,
) -> Result<()> {
    let t_chart = Instant::now();
    let data = chart_data(agg, tables);
    let mut opts = cfg.charts.clone();
    if !page.shown.is_empty() {
        opts.themes_shown = Some(page.shown);
    }
    let files =
        chart::render_all(staging.dir(), &data, &opts).map_err(|e| Error::output("charts", e))?;
    for f in &files {
        if let Some(n) = f.file_name() {
            staging.wrote(n.to_string_lossy().into_owned());
        }
    }
    timings.push(("charts".into(), t_chart.elapsed().as_secs_f64()));
    let t_report = Instant::now();
    let mut input = report_input(cfg, agg, &data.meetings, tables, summary, staging.dir());
    input.explore = page.explore.map(|e| e.json("kaigi report"));
    let p = staging.dir().join("report.html");
    let write = || -> std::io::Result<()> {
        let mut w = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&p)?);
        report::render_to(&input, &mut w)?;
        std::io::Write::flush(&mut w)
    };
    write().map_err(|e| Error::io(&p, e))?;
    staging.wrote("report.html");
    timings.push(("report".into(), t_report.elapsed().as_secs_f64()));
    Ok(())
}

/// `manifest.json`: what the run used and did, and the stamp of the reusable tables.
fn write_manifest(
    cfg: &JobConfig,
    themes: &ThemeSet,
    summary: &RunSummary,
    meetings: usize,
    stamp: RemarksStamp,
    timings: &Timings,
    staging: &mut Staging,
) -> Result<()> {
    let mut outputs = staging.written().to_vec();
    outputs.push("manifest.json".into());
    let mut manifest = Manifest::new(
        cfg.command.clone(),
        cfg.corpus.display().to_string(),
        cfg.threads,
        cfg.store.is_some(),
        cfg.tokenizer.as_ref().map(|t| &t.provenance),
        Some(ThemeFileInfo {
            path: themes.path.display().to_string(),
            sha256: themes.sha256.clone(),
            themes: themes.len(),
        }),
        summary,
        meetings,
        outputs,
        timings,
    );
    manifest.reusable = Some(stamp);
    let p = staging.dir().join("manifest.json");
    manifest.write(&p)?;
    staging.wrote("manifest.json");
    Ok(())
}
