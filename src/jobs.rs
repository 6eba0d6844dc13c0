//! Jobs: the commands researchers run, as library functions over a validated [`JobConfig`].
//!
//! [`parse_job`] writes `meetings` and `remarks`; [`count_job`] adds tokens, theme counts, the
//! other tables and `manifest.json`, and with `full` (`kaigi run`) the charts and `report.html`. Every job
//! writes into a temporary folder beside the output folder and swaps it into place only when
//! everything is written, so a run killed at any moment leaves the previous reports whole.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::chart::{
    self, ChartData, ChartOptions, CommitteeThemeCell, MeetingThemes, RoleThemeCount,
};
use crate::error::{Error, Result};
use crate::frames::{self, Aggregator, ThemeInfo};
use crate::manifest::{Manifest, RemarksStamp, ThemeFileInfo};
use crate::model::FileStatus;
use crate::pipeline::{self, Config, Progress, RunSummary};
use crate::report::{self, ChartSection, ReportInput};
use crate::segment::Tokenizer;
use crate::store::{DiskStore, Store};
use crate::themes::ThemeSet;

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
}

/// What a job did.
pub struct Outcome {
    pub summary: RunSummary,
    pub meetings: usize,
    pub written: Vec<String>,
}

/// A temporary output folder that replaces the real one on [`Staging::commit`].
pub struct Staging {
    out: PathBuf,
    tmp: PathBuf,
    written: Vec<String>,
}

impl Staging {
    /// Creates `<parent>/.<name>.kaigi-tmp-<pid>` beside `out`.
    pub fn new(out: &Path) -> Result<Staging> {
        let out = if out.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            out.to_path_buf()
        };
        // `.`, `..` or a symlink: the real folder, so that the staging folder goes beside it.
        let out = std::fs::canonicalize(&out).unwrap_or(out);
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "reports".into());
        remove_stale(&parent, &name);
        let tmp = parent.join(format!(".{name}.kaigi-tmp-{}", std::process::id()));
        if tmp.exists() {
            let _ = std::fs::remove_dir_all(&tmp);
        }
        std::fs::create_dir_all(&tmp).map_err(|e| Error::io(&tmp, e))?;
        Ok(Staging {
            out,
            tmp,
            written: Vec::new(),
        })
    }

    /// The folder to write into.
    pub fn dir(&self) -> &Path {
        &self.tmp
    }

    /// Records a file written into the staging folder (relative name).
    pub fn wrote(&mut self, name: impl Into<String>) {
        self.written.push(name.into());
    }

    /// Files written so far.
    pub fn written(&self) -> &[String] {
        &self.written
    }

    /// Moves the staged files into place: files already in the output folder that this run did
    /// not write (a README, charts of an earlier run) are carried over, then the two folders are
    /// swapped atomically (Linux `renameat2(RENAME_EXCHANGE)`; elsewhere two renames). Carried
    /// entries are linked, never opened or followed: a symlink stays a symlink, a FIFO a FIFO.
    /// When the output folder holds the working folder (`--out .`), it cannot be swapped away
    /// from under it: each written file is renamed into place instead.
    pub fn commit(self) -> Result<Vec<String>> {
        let holds_cwd = std::env::current_dir()
            .ok()
            .and_then(|d| std::fs::canonicalize(d).ok())
            .is_some_and(|d| d.starts_with(&self.out));
        if holds_cwd {
            for name in &self.written {
                let dest = self.out.join(name);
                std::fs::rename(self.tmp.join(name), &dest).map_err(|e| Error::io(&dest, e))?;
            }
            let _ = std::fs::remove_dir_all(&self.tmp);
        } else if self.out.is_dir() {
            let entries = std::fs::read_dir(&self.out).map_err(|e| Error::io(&self.out, e))?;
            for e in entries.flatten() {
                let dest = self.tmp.join(e.file_name());
                if dest.symlink_metadata().is_ok() {
                    continue;
                }
                carry(&e.path(), &dest).map_err(|err| Error::io(e.path(), err))?;
            }
            swap_dirs(&self.tmp, &self.out).map_err(|e| Error::io(&self.out, e))?;
            // tmp now holds the previous reports.
            let _ = std::fs::remove_dir_all(&self.tmp);
        } else {
            std::fs::rename(&self.tmp, &self.out).map_err(|e| Error::io(&self.out, e))?;
        }
        let mut w = self.written.clone();
        w.sort();
        Ok(w)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        // Left over after an error: remove the partial output.
        if self.tmp.exists() {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

/// Removes staging folders left by runs that were killed (their process no longer exists).
fn remove_stale(parent: &Path, name: &str) {
    let prefix = format!(".{name}.kaigi-tmp-");
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let f = e.file_name().to_string_lossy().into_owned();
        let Some(pid) = f.strip_prefix(&prefix).and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        let alive = Path::new("/proc").is_dir() && Path::new(&format!("/proc/{pid}")).exists();
        if !alive && pid != std::process::id() {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// Puts `src` at `dest` without opening or following it: a folder is rebuilt entry by entry,
/// a symlink recreated, anything else (a file, a FIFO) hard-linked; only a regular file that
/// cannot be linked is copied.
fn carry(src: &Path, dest: &Path) -> std::io::Result<()> {
    let kind = src.symlink_metadata()?.file_type();
    if kind.is_dir() {
        std::fs::create_dir_all(dest)?;
        for e in std::fs::read_dir(src)? {
            let e = e?;
            carry(&e.path(), &dest.join(e.file_name()))?;
        }
        Ok(())
    } else if kind.is_symlink() {
        std::os::unix::fs::symlink(std::fs::read_link(src)?, dest)
    } else {
        std::fs::hard_link(src, dest).or_else(|e| {
            if kind.is_file() {
                std::fs::copy(src, dest).map(|_| ())
            } else {
                Err(e)
            }
        })
    }
}

#[cfg(target_os = "linux")]
fn swap_dirs(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let ca = CString::new(a.as_os_str().as_bytes())?;
    let cb = CString::new(b.as_os_str().as_bytes())?;
    const RENAME_EXCHANGE: libc::c_uint = 1 << 1;
    // SAFETY: both paths are valid NUL-terminated strings; renameat2 does not retain them.
    let r = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        fallback_swap(a, b)
    }
}

#[cfg(not(target_os = "linux"))]
fn swap_dirs(a: &Path, b: &Path) -> std::io::Result<()> {
    fallback_swap(a, b)
}

fn fallback_swap(a: &Path, b: &Path) -> std::io::Result<()> {
    let old = a.with_extension("old");
    std::fs::rename(b, &old)?;
    std::fs::rename(a, b)?;
    std::fs::rename(&old, a)
}

fn pool(threads: usize) -> Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::output("thread pool", e))
}

fn pipeline_config<'a>(cfg: &'a JobConfig, tokens: bool) -> Config<'a> {
    let mut c = Config::new(&cfg.corpus);
    if tokens {
        c.tokenizer = cfg.tokenizer.as_ref();
        c.themes = cfg.themes.as_ref();
        c.store = cfg.store.as_ref().map(|s| s as &dyn Store);
        c.nouns = cfg.top_terms > 0;
    }
    c
}

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
    require_meetings(cfg, &summary, meetings)?;
    let written = staging.commit()?;
    Ok(Outcome {
        summary,
        meetings,
        written,
    })
}

/// The tables that do not depend on the themes, which a re-run over the same corpus reuses.
const REUSABLE: [&str; 6] = [
    "meetings.csv",
    "meetings.parquet",
    "remarks.csv",
    "remarks.parquet",
    "top_terms.csv",
    "top_terms.parquet",
];

/// The corpus fingerprint: every input's path and content hash, the kaigi version, the
/// store's format (which changes with the parser's output), the tokenizer and the number of top
/// terms kept. Equal fingerprints make equal theme-independent tables.
fn corpus_fingerprint<'a>(
    cfg: &JobConfig,
    inputs: impl Iterator<Item = (&'a str, &'a str)>,
) -> String {
    use sha2::{Digest, Sha256};
    let mut v: Vec<(&str, &str)> = inputs.collect();
    v.sort_unstable();
    let mut h = Sha256::new();
    h.update(b"kaigi corpus 3\n");
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    h.update(format!(
        "\nstore={}\ntop_terms={}\n",
        crate::store::FORMAT_VERSION,
        cfg.top_terms
    ));
    h.update(
        cfg.tokenizer
            .as_ref()
            .map(|t| t.fingerprint())
            .unwrap_or_default(),
    );
    for (path, sha) in v {
        h.update(path.as_bytes());
        h.update([0]);
        h.update(sha.as_bytes());
        h.update([b'\n']);
    }
    hex::encode(h.finalize())
}

/// XXH3-128 of a file (hex), read in pieces: a check that our own output was not changed
/// since it was written, at memory speed (the inputs keep SHA-256, which the manifest reports).
fn file_hash(path: &Path) -> std::io::Result<String> {
    use std::io::Read;
    let mut f = std::fs::File::open(path)?;
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(format!("{:032x}", h.digest128()))
}

/// The hashes of the reusable tables written in `dir`.
fn reusable_hashes(dir: &Path) -> Result<std::collections::BTreeMap<String, String>> {
    REUSABLE
        .iter()
        .map(|name| {
            let p = dir.join(name);
            Ok((
                name.to_string(),
                file_hash(&p).map_err(|e| Error::io(&p, e))?,
            ))
        })
        .collect()
}

/// What [`reuse_previous`] found.
struct Reuse {
    stamp: RemarksStamp,
    /// Every input's content hash and size, by path (so the pipeline reads no stored file).
    known: HashMap<String, (String, u64)>,
}

/// Decides, once and before the corpus is read, whether the previous run's theme-independent
/// tables in `out` were made from this corpus: the previous manifest lists the same files
/// with the same sizes, the fingerprint of the inputs' contents (hashed now) equals its own,
/// and the tables are unchanged since it wrote them. They are then linked (or copied) into
/// `staging`.
fn reuse_previous(
    cfg: &JobConfig,
    staging: &Staging,
    listing: &crate::ingest::Listing,
) -> Option<Reuse> {
    use rayon::prelude::*;
    #[derive(serde::Deserialize)]
    struct Previous {
        reusable: Option<RemarksStamp>,
        inputs: Vec<PreviousInput>,
    }
    #[derive(serde::Deserialize)]
    struct PreviousInput {
        path: String,
        bytes: u64,
    }
    cfg.store.as_ref()?;
    let prev: Previous =
        serde_json::from_slice(&std::fs::read(cfg.out.join("manifest.json")).ok()?).ok()?;
    let stamp = prev.reusable?;
    let (found, problems) = (&listing.found, &listing.problems);
    let sizes: HashMap<&str, u64> = prev
        .inputs
        .iter()
        .map(|i| (i.path.as_str(), i.bytes))
        .collect();
    let same_files = found.len() + problems.len() == prev.inputs.len()
        && found
            .iter()
            .zip(&listing.sizes)
            .all(|(f, len)| sizes.get(f.rel.as_str()) == Some(len))
        && problems.iter().all(|p| sizes.contains_key(p.rel.as_str()));
    if !same_files {
        return None;
    }
    let (hashes, tables) = rayon::join(
        || {
            found
                .par_iter()
                .map(|f| {
                    let b = std::fs::read(&f.path).ok()?;
                    Some((f.rel.clone(), (crate::text::sha256_hex(&b), b.len() as u64)))
                })
                .collect::<Option<HashMap<_, _>>>()
        },
        || {
            REUSABLE
                .iter()
                .all(|n| file_hash(&cfg.out.join(n)).ok().as_ref() == stamp.files.get(*n))
        },
    );
    let known = hashes?;
    let key = corpus_fingerprint(
        cfg,
        known
            .iter()
            .map(|(p, (sha, _))| (p.as_str(), sha.as_str()))
            .chain(problems.iter().map(|p| (p.rel.as_str(), ""))),
    );
    if !tables || key != stamp.key {
        return None;
    }
    for name in REUSABLE {
        let (from, to) = (cfg.out.join(name), staging.dir().join(name));
        if std::fs::hard_link(&from, &to).is_err() && std::fs::copy(&from, &to).is_err() {
            for name in REUSABLE {
                let _ = std::fs::remove_file(staging.dir().join(name));
            }
            return None;
        }
    }
    Some(Reuse { stamp, known })
}

/// `kaigi count` and `kaigi run`: every table; with `full`, also charts, report and manifest.
///
/// With the store on, the previous run's `meetings`, `remarks` and `top_terms` tables in the
/// output folder are reused when they were made from the same corpus (they do not depend on
/// the themes), so that a re-run after editing only the theme file does not write them again.
pub fn count_job(cfg: &JobConfig, progress: &dyn Progress, full: bool) -> Result<Outcome> {
    let themes = cfg
        .themes
        .as_ref()
        .ok_or_else(|| Error::output("count", "no theme file"))?;
    if cfg.tokenizer.is_none() {
        return Err(Error::output("count", "no dictionary"));
    }
    let mut staging = Staging::new(&cfg.out)?;
    let pool = pool(cfg.threads)?;
    // The corpus is listed once, for the reuse decision and the pipeline.
    let t_list = Instant::now();
    let listing = crate::ingest::list(&cfg.corpus)?;
    let t_list = t_list.elapsed().as_secs_f64();
    let t_reuse = Instant::now();
    let reused = pool.install(|| reuse_previous(cfg, &staging, &listing));
    let t_reuse = t_reuse.elapsed().as_secs_f64();
    let mut agg = Aggregator::with_remarks(
        ThemeInfo::of(themes),
        cfg.top_terms,
        Some(staging.dir()),
        reused.is_none(),
    )?;
    let mut pc = pipeline_config(cfg, true);
    pc.known = reused.as_ref().map(|r| &r.known);
    pc.listing = Some(&listing);
    let t_pipeline = Instant::now();
    let summary = pool.install(|| pipeline::run(&pc, &mut agg, progress))?;
    let t_pipeline = t_pipeline.elapsed().as_secs_f64();
    let t_finish = Instant::now();
    agg.finish_remarks()?;
    let t_finish = t_finish.elapsed().as_secs_f64();
    for name in [
        "remarks",
        "remark_themes",
        "meetings",
        "theme_counts",
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
    let was_reused = reused.is_some();
    // The reused tables' stamp, or the new tables' hashed on a thread of their own while the
    // other tables and the charts are made.
    let stamp_job =
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

    let t_frames = Instant::now();
    let mut tables = agg.tables()?;
    let mut names = vec![
        ("themes_by_committee", &mut tables.themes_by_committee),
        ("speaker_themes", &mut tables.speaker_themes),
    ];
    if full {
        names.push(("committee_keyness", &mut tables.committee_keyness));
    }
    for (name, df) in names {
        frames::write_table(df, staging.dir(), name)?;
        staging.wrote(format!("{name}.csv"));
        staging.wrote(format!("{name}.parquet"));
    }
    let mut extra = vec![
        ("frames".to_string(), t_frames.elapsed().as_secs_f64()),
        ("discover".to_string(), t_list),
        ("reuse_check".to_string(), t_reuse),
        ("remarks_reused".to_string(), was_reused as u8 as f64),
        // Wall clock of the whole corpus pass (the stages above overlap inside it), and of
        // closing the streamed tables after it.
        ("pipeline".to_string(), t_pipeline),
        ("close_streams".to_string(), t_finish),
    ];
    let meetings = agg.meetings.len();
    if full {
        let t_chart = Instant::now();
        let data = chart_data(&mut agg, &tables);
        let files = chart::render_all(staging.dir(), &data, &cfg.charts)
            .map_err(|e| Error::output("charts", e))?;
        for f in &files {
            if let Some(n) = f.file_name() {
                staging.wrote(n.to_string_lossy().into_owned());
            }
        }
        extra.push(("charts".into(), t_chart.elapsed().as_secs_f64()));
        let t_report = Instant::now();
        let html = report::render(&report_input(
            cfg,
            &agg,
            &data.meetings,
            &tables,
            &summary,
            staging.dir(),
        ));
        let p = staging.dir().join("report.html");
        std::fs::write(&p, html).map_err(|e| Error::io(&p, e))?;
        staging.wrote("report.html");
        extra.push(("report".into(), t_report.elapsed().as_secs_f64()));
    }
    {
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
            &summary,
            meetings,
            outputs,
            &extra,
        );
        manifest.reusable = Some(match stamp_job {
            Ok(s) => s,
            Err(h) => h
                .join()
                .map_err(|_| Error::output("remarks.csv", "hashing failed"))??,
        });
        let p = staging.dir().join("manifest.json");
        manifest.write(&p)?;
        staging.wrote("manifest.json");
    }
    require_meetings(cfg, &summary, meetings)?;
    let written = staging.commit()?;
    Ok(Outcome {
        summary,
        meetings,
        written,
    })
}

/// A run without a single meeting replaces nothing: the previous reports are worth more than
/// empty tables.
fn require_meetings(cfg: &JobConfig, summary: &RunSummary, meetings: usize) -> Result<()> {
    if meetings > 0 {
        return Ok(());
    }
    Err(Error::NoMeetings {
        corpus: cfg.corpus.clone(),
        files: summary.inputs.len(),
        skipped: summary.skipped(),
    })
}

/// The charts' data; the meetings are moved out of `agg` (not copied: one per meeting of the
/// corpus).
fn chart_data(agg: &mut Aggregator, tables: &frames::Tables) -> ChartData {
    let meetings = std::mem::take(&mut agg.meetings)
        .into_iter()
        .map(|m| MeetingThemes {
            meeting_id: m.meeting_id,
            committee: m.committee,
            date: m.date,
            tokens: m.tokens,
            hits: m.hits,
        })
        .collect();
    let themes = agg.themes();
    let mut committee_cells = Vec::new();
    let k = &tables.committee_keyness;
    let get_s = |c: &str, i: usize| {
        k.column(c)
            .ok()
            .and_then(|s| s.str().ok().and_then(|s| s.get(i).map(str::to_string)))
            .unwrap_or_default()
    };
    let get_f = |c: &str, i: usize| {
        k.column(c)
            .ok()
            .and_then(|s| s.f64().ok().and_then(|s| s.get(i)))
            .unwrap_or(0.0)
    };
    let get_u = |c: &str, i: usize| {
        k.column(c)
            .ok()
            .and_then(|s| s.u64().ok().and_then(|s| s.get(i)))
            .unwrap_or(0)
    };
    for i in 0..k.height() {
        if get_s("feature_type", i) != "theme" {
            continue;
        }
        committee_cells.push(CommitteeThemeCell {
            committee: get_s("committee", i),
            theme: get_s("feature", i),
            theme_label: get_s("label", i),
            per_10k_tokens: get_f("target_per_10k", i),
            hits: get_u("target_count", i),
            g2: get_f("g2", i),
            p_value: get_f("p_value", i),
            log_ratio: get_f("log_ratio", i),
        });
    }
    let role_counts = tables
        .role_hits
        .iter()
        .map(|(id, label, role, h)| RoleThemeCount {
            theme: id.clone(),
            theme_label: label.clone(),
            role: role.as_str().to_string(),
            hits: *h,
        })
        .collect();
    ChartData {
        meeting_points: Vec::new(),
        meetings,
        themes: themes
            .iter()
            .map(|t| (t.id.clone(), t.label.clone()))
            .collect(),
        committee_cells,
        role_counts,
    }
}

fn report_input(
    cfg: &JobConfig,
    agg: &Aggregator,
    meetings: &[MeetingThemes],
    tables: &frames::Tables,
    summary: &RunSummary,
    dir: &Path,
) -> ReportInput {
    let mut committees: Vec<&str> = meetings.iter().map(|m| m.committee.as_str()).collect();
    committees.sort();
    committees.dedup();
    let mut dates: Vec<&str> = meetings
        .iter()
        .map(|m| m.date.as_str())
        .filter(|d| !d.is_empty())
        .collect();
    dates.sort();
    let parsed = summary
        .inputs
        .iter()
        .filter(|i| i.status == FileStatus::Parsed)
        .count();
    let summary_rows = vec![
        ("Corpus".to_string(), cfg.corpus.display().to_string()),
        (
            "Files".into(),
            format!(
                "{} ({} parsed, {} skipped)",
                summary.inputs.len(),
                parsed,
                summary.inputs.len() - parsed
            ),
        ),
        ("Meetings".into(), meetings.len().to_string()),
        (
            "Committees".into(),
            format!("{} ({})", committees.len(), committees.join("、")),
        ),
        (
            "Dates".into(),
            match (dates.first(), dates.last()) {
                (Some(a), Some(b)) => format!("{a} – {b}"),
                _ => "unknown".into(),
            },
        ),
        ("Remarks".into(), summary.remarks.to_string()),
        ("Tokens".into(), summary.tokens.to_string()),
        ("Themes".into(), agg.themes().len().to_string()),
    ];
    let chart = |name: &str, title: &str, caption: &str| ChartSection {
        title: title.into(),
        caption: caption.into(),
        png: dir.join(format!("{name}.png")),
        svg_file: format!("{name}.svg"),
    };
    let charts = vec![
        chart("theme_trends", "Theme trends", "Each theme's hits per 10,000 tokens on a calendar axis, one line per committee."),
        chart("committee_themes", "Committee × theme", "Rates per 10,000 tokens; marked cells differ significantly (G², p < 0.05) from the other committees."),
        chart("meeting_themes", "Hits per meeting", "Theme hits per meeting, stacked, by date."),
        chart("speaker_roles", "Who raises each theme", "Hits by the speaker's role."),
    ];
    use polars::prelude::{col, lit, IntoLazy};
    let sig = tables
        .committee_keyness
        .clone()
        .lazy()
        .filter(col("p_value").lt(lit(0.05)))
        .collect()
        .unwrap_or_else(|_| tables.committee_keyness.clone());
    // The meetings table was streamed: the frame holds its first rows only.
    let mut meetings_section = report::table_section(
        &tables.meetings,
        "Meetings",
        "meetings.csv",
        "One row per meeting.",
        50,
    );
    meetings_section.total_rows = meetings_section.total_rows.max(meetings.len());
    let tables_out = vec![
        meetings_section,
        report::table_section(
            &tables.themes_by_committee,
            "Themes by committee",
            "themes_by_committee.csv",
            "Hits and rates per committee and theme.",
            200,
        ),
        report::table_section(
            &sig,
            "Significant keyness (p < 0.05)",
            "committee_keyness.csv",
            "Each committee against all others: G² (signed), p-value, log ratio of rates.",
            100,
        ),
        report::table_section(
            &tables.theme_counts,
            "Theme counts",
            "theme_counts.csv",
            "One row per meeting and theme, zero hits included.",
            100,
        ),
        report::table_section(
            &tables.speaker_themes,
            "Speakers and themes",
            "speaker_themes.csv",
            "Hits per speaker and theme (hits > 0).",
            100,
        ),
        report::table_section(
            &tables.top_terms,
            "Top nouns",
            "top_terms.csv",
            "The most frequent nouns of each meeting.",
            100,
        ),
    ];
    let skipped = summary
        .inputs
        .iter()
        .filter(|i| i.status != FileStatus::Parsed)
        .map(|i| (i.path.clone(), i.reason.clone().unwrap_or_default()))
        .collect();
    ReportInput {
        title: "kaigi report".into(),
        summary: summary_rows,
        charts,
        tables: tables_out,
        commands: vec![
            "bash scripts/setup.sh".into(),
            format!("cargo run --release -- {}", cfg.command),
        ],
        skipped,
        version: env!("CARGO_PKG_VERSION").into(),
    }
}
