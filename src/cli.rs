//! The command line: raw arguments (clap) validated into the library's job configurations.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

use kaigi::chart::{ChartOptions, DEFAULT_FONT_FAMILY};
use kaigi::jobs::{self, JobConfig, Outcome};
use kaigi::pipeline::{self, Progress, RemarkResult, Visitor};
use kaigi::segment::{default_cache_root, DictOptions, Tokenizer};
use kaigi::store::housekeep::{self, human_bytes, PruneRule, Pruned};
use kaigi::store::DiskStore;
use kaigi::themes::{Theme, ThemeSet};

/// kaigi reads Japanese committee minutes (議事要旨, 議事録) into meetings and attributed
/// remarks, counts themes across them, and writes tables, charts and an HTML report.
#[derive(Parser, Debug)]
#[command(name = "kaigi", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Parse minutes into meetings.csv and remarks.csv (no tokenizing); or print one file as JSON.
    Parse(ParseArgs),
    /// Tokenize and count themes: every table of the report contract.
    Count(CountArgs),
    /// The main job: parse, count, and write every table, the charts, report.html and manifest.json.
    Run(RunArgs),
    /// Concordance: every hit of a theme or a term with its context, to check what a count counts.
    Kwic(KwicArgs),
    /// Work with theme files.
    Themes {
        #[command(subcommand)]
        command: ThemesCommand,
    },
    /// Build (first use) or load the dictionary and say where it is.
    Dict(DictArgs),
    /// Show what the cache folder holds, or remove caches that no run will read.
    Cache(CacheArgs),
}

#[derive(Args, Debug)]
pub struct CacheArgs {
    #[command(subcommand)]
    pub command: Option<CacheCommand>,
    /// Cache folder (default: $KAIGI_CACHE_DIR, else the user's cache folder /kaigi).
    #[arg(long, value_name = "DIR", global = true)]
    pub cache_dir: Option<PathBuf>,
}

#[derive(Subcommand, Debug, Clone, Copy)]
pub enum CacheCommand {
    /// List the tokenization caches and built dictionaries, with their sizes and last use
    /// (the default).
    Info,
    /// Remove the tokenization caches made by other kaigi versions, whatever their age (a run
    /// removes them on its own once unused for a day).
    Prune,
    /// Remove every tokenization cache (the next run tokenizes everything again).
    Clear {
        /// Remove the built dictionaries too (the next run builds one again, about a second).
        #[arg(long)]
        all: bool,
    },
}

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

#[derive(Args, Debug, Clone)]
pub struct DictArgs {
    /// A built lindera dictionary folder (instead of building one from the IPADIC source).
    #[arg(long, value_name = "DIR")]
    pub dict: Option<PathBuf>,
    /// MeCab IPADIC source folder (CSV + .def, EUC-JP or UTF-8) to build the dictionary from.
    /// Default: Debian's /usr/share/mecab/dic/ipadic (package mecab-ipadic).
    #[arg(long, value_name = "DIR")]
    pub dict_source: Option<PathBuf>,
    /// User dictionary CSV (`surface,part_of_speech,reading`) for compound terms.
    #[arg(long, value_name = "FILE", default_value = "data/userdict.csv")]
    pub userdict: PathBuf,
    /// Cache folder for the built dictionary and tokenized remarks
    /// (default: $KAIGI_CACHE_DIR, else the user's cache folder /kaigi).
    #[arg(long, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct ParseArgs {
    /// Corpus folder (every .txt below it) or one minutes file.
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
}

#[derive(Args, Debug)]
pub struct CountArgs {
    /// Corpus folder (every .txt below it) or one minutes file.
    #[arg(default_value = "data/corpus")]
    pub corpus: PathBuf,
    /// Theme file (TOML).
    #[arg(long, default_value = "data/themes.toml")]
    pub themes: PathBuf,
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
    #[command(flatten)]
    pub dict: DictArgs,
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

/// The exit code of a finished run: 0 every file parsed, 1 some file skipped.
fn exit_code(o: &Outcome) -> i32 {
    if o.summary.skipped() > 0 {
        1
    } else {
        0
    }
}

fn threads(n: Option<usize>) -> Result<usize> {
    match n {
        Some(0) => bail!("--threads must be at least 1"),
        Some(n) => Ok(n),
        None => Ok(std::thread::available_parallelism().map_or(1, |n| n.get())),
    }
}

fn dict_options(d: &DictArgs) -> DictOptions {
    DictOptions {
        dict: d.dict.clone(),
        dict_source: d.dict_source.clone(),
        userdict: Some(d.userdict.clone()),
        cache_dir: d.cache_dir.clone(),
    }
}

fn load_tokenizer(d: &DictArgs) -> Result<Tokenizer> {
    Ok(Tokenizer::new(&dict_options(d))?)
}

fn load_themes(p: &Path) -> Result<ThemeSet> {
    if !p.is_file() {
        bail!("theme file {} not found (pass --themes FILE)", p.display());
    }
    Ok(ThemeSet::load(p)?)
}

fn check_corpus(p: &Path) -> Result<()> {
    if !p.exists() {
        bail!(
            "corpus {} not found (pass a folder of minutes or one file)",
            p.display()
        );
    }
    Ok(())
}

fn command_line() -> String {
    std::env::args().skip(1).collect::<Vec<_>>().join(" ")
}

/// Progress on stderr: a bar on a terminal, a summary line otherwise, nothing with --quiet.
/// Skipped files are always reported.
struct CliProgress {
    bar: Option<ProgressBar>,
    quiet: bool,
    summary_line: bool,
}

impl CliProgress {
    fn new(quiet: bool) -> Self {
        let tty = std::io::stderr().is_terminal();
        let bar = (tty && !quiet).then(|| {
            let b = ProgressBar::new(0);
            b.set_style(
                ProgressStyle::with_template("{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} {bytes_per_sec} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            b
        });
        CliProgress {
            bar,
            quiet,
            summary_line: !tty && !quiet,
        }
    }
}

impl Progress for CliProgress {
    fn start(&self, total: u64, _files: usize) {
        if let Some(b) = &self.bar {
            b.set_length(total);
        }
    }
    fn advance(&self, bytes: u64, file: &str) {
        if let Some(b) = &self.bar {
            b.inc(bytes);
            b.set_message(file.to_string());
        }
    }
    fn skipped(&self, path: &str, reason: &str) {
        let line = format!("kaigi: skipped {path}: {reason}");
        match &self.bar {
            Some(b) => b.println(line),
            None => eprintln!("{line}"),
        }
    }
    fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

fn report_outcome(
    o: &Outcome,
    out: &Path,
    quiet: bool,
    summary_line: bool,
    started: std::time::Instant,
) {
    if quiet || !summary_line && !std::io::stderr().is_terminal() {
        return;
    }
    let s = &o.summary;
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "kaigi: {} files ({} parsed, {} skipped), {} meetings, {} remarks, {} tokens, {:.1} MB in {:.2} s ({:.1} MB/s); wrote {} files to {}",
        s.inputs.len(),
        s.inputs.len() - s.skipped(),
        s.skipped(),
        o.meetings,
        s.remarks,
        s.tokens,
        s.bytes as f64 / 1e6,
        secs,
        s.bytes as f64 / 1e6 / secs.max(1e-9),
        o.written.len(),
        out.display()
    );
}

/// Runs the command; gives the process exit code.
pub fn run(cli: Cli) -> Result<i32> {
    match cli.command {
        Command::Parse(a) => parse(a),
        Command::Count(a) => count(a, None),
        Command::Run(a) => {
            let charts = ChartOptions {
                font_family: a.font.clone(),
                themes_shown: a.themes_shown.clone(),
                ..ChartOptions::default()
            };
            count(a.count, Some(charts))
        }
        Command::Kwic(a) => kwic(a),
        Command::Themes {
            command: ThemesCommand::Check { themes, dict },
        } => themes_check(&themes, &dict),
        Command::Cache(a) => cache_command(&a),
        Command::Dict(d) => {
            let t = load_tokenizer(&d)?;
            let p = &t.provenance;
            println!(
                "dictionary: {} from {}\nloaded: {}\nsha256: {}\n{} in {:.3} s\nuser dictionary: {}",
                p.kind,
                p.from,
                p.loaded,
                p.sha256,
                if p.built_now { "built" } else { "loaded" },
                p.seconds,
                p.userdict.as_deref().unwrap_or("none")
            );
            Ok(0)
        }
    }
}

fn cache_command(a: &CacheArgs) -> Result<i32> {
    let root = default_cache_root(&DictOptions {
        cache_dir: a.cache_dir.clone(),
        ..DictOptions::default()
    });
    let report = |verb: &str, p: &Pruned| -> Result<i32> {
        for f in &p.removed {
            println!(
                "{verb} {} ({}, {})",
                f.path.display(),
                human_bytes(f.bytes),
                f.kind.label()
            );
        }
        println!(
            "{verb} {} in {}",
            human_bytes(p.bytes()),
            housekeep::folders(p.removed.len())
        );
        for (path, e) in &p.errors {
            eprintln!("kaigi: error: cannot remove {}: {e}", path.display());
        }
        Ok(if p.errors.is_empty() { 0 } else { 1 })
    };
    match a.command.unwrap_or(CacheCommand::Info) {
        CacheCommand::Info => {
            let folders = housekeep::survey(&root, None)
                .with_context(|| format!("reading the cache folder {}", root.display()))?;
            println!("cache folder: {}", root.display());
            if folders.is_empty() {
                println!("(empty)");
            }
            let now = std::time::SystemTime::now();
            for f in &folders {
                let days = f
                    .last_used
                    .and_then(|t| now.duration_since(t).ok())
                    .map_or("?".to_string(), |d| {
                        format!("{:.1}", d.as_secs_f64() / 86400.0)
                    });
                println!(
                    "{:>10}  {:>9} files  last used {days:>6} days ago  {}  [{}]",
                    human_bytes(f.bytes),
                    f.files,
                    f.path.strip_prefix(&root).unwrap_or(&f.path).display(),
                    f.kind.label()
                );
            }
            let total: u64 = folders.iter().map(|f| f.bytes).sum();
            println!("total {}", human_bytes(total));
            Ok(0)
        }
        CacheCommand::Prune => report(
            "removed",
            &housekeep::prune(
                &root,
                None,
                PruneRule::OTHER_VERSIONS,
                std::time::SystemTime::now(),
            ),
        ),
        CacheCommand::Clear { all } => report("removed", &housekeep::clear(&root, all)),
    }
}

fn parse(a: ParseArgs) -> Result<i32> {
    check_corpus(&a.corpus)?;
    if a.json || a.explain {
        if !a.corpus.is_file() {
            bail!(
                "--{} reads one file: pass a file, not the folder {}",
                if a.json { "json" } else { "explain" },
                a.corpus.display()
            );
        }
        let found = kaigi::ingest::Found {
            path: a.corpus.clone(),
            rel: a
                .corpus
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        };
        let src = match kaigi::ingest::read(&found) {
            Ok(s) => s,
            Err(sk) => {
                eprintln!("kaigi: skipped {}: {}", a.corpus.display(), sk.reason);
                return Ok(1);
            }
        };
        if a.explain {
            let (parsed, trace) = kaigi::parse::explain(&src.text, &src.rel);
            let meeting = parsed.as_ref().ok().map(|p| &p.meeting);
            let out = kaigi::parse::explain::render(&src.text, &trace, meeting);
            // A reader that stops early (`| head`) is no error.
            if let Err(e) = std::io::Write::write_all(&mut std::io::stdout().lock(), out.as_bytes())
            {
                if e.kind() != std::io::ErrorKind::BrokenPipe {
                    return Err(e.into());
                }
            }
            return match parsed {
                Ok(_) => Ok(0),
                Err(e) => {
                    eprintln!("kaigi: skipped {}: {e}", a.corpus.display());
                    Ok(1)
                }
            };
        }
        return match kaigi::parse::parse(&src.text, &src.rel) {
            Ok(p) => {
                println!("{}", serde_json::to_string_pretty(&p.meeting)?);
                for w in p.warnings {
                    eprintln!("kaigi: warning: {}: {w}", a.corpus.display());
                }
                Ok(0)
            }
            Err(e) => {
                eprintln!("kaigi: skipped {}: {e}", a.corpus.display());
                Ok(1)
            }
        };
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
        command: format!("parse {}", command_line()),
    };
    // Skipped files are printed in the per-file lines below.
    struct Silent;
    impl Progress for Silent {}
    let o = jobs::parse_job(&cfg, &Silent)
        .with_context(|| format!("writing to {}", a.out.display()))?;
    for i in &o.summary.inputs {
        if i.status == kaigi::model::FileStatus::Parsed {
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

fn count(a: CountArgs, charts: Option<ChartOptions>) -> Result<i32> {
    let started = std::time::Instant::now();
    check_corpus(&a.corpus)?;
    let themes = load_themes(&a.themes)?;
    if let Some(c) = &charts {
        if let Some(shown) = &c.themes_shown {
            for id in shown {
                if themes.position(id).is_none() {
                    bail!("--themes-shown: no theme `{id}` in {}", a.themes.display());
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
        kaigi::chart::resolve_font(
            &c.font_family,
            &format!("{labels}テーマの推移委員会発言者2024-01"),
        )
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    let tokenizer = load_tokenizer(&a.dict)?;
    let store = (!a.no_cache).then(|| {
        DiskStore::new(
            &default_cache_root(&dict_options(&a.dict)),
            &tokenizer.fingerprint(),
        )
    });
    // Caches that other kaigi builds left and no longer use go into trash now (a rename
    // each), and are deleted on a thread of their own while the corpus is read (see
    // `housekeep::PruneRule::AUTOMATIC`).
    let pruner = store.as_ref().map(|c| {
        housekeep::mark_used(c);
        let (doomed, errors) = housekeep::into_trash(
            &default_cache_root(&dict_options(&a.dict)),
            Some(c.dir()),
            PruneRule::AUTOMATIC,
            std::time::SystemTime::now(),
        );
        warn_cannot_remove(&errors);
        let n = doomed.len();
        (
            n,
            std::thread::spawn(move || housekeep::delete_trash(doomed)),
        )
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
            command_line().split_once(' ').map_or("", |x| x.1)
        ),
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
    let pruned = match pruner {
        Some((n, t)) if n > 0 => t.join().ok(),
        _ => None,
    };
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

fn themes_check(path: &Path, dict: &DictArgs) -> Result<i32> {
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

struct KwicPrinter {
    width: usize,
    themes: Vec<String>,
    csv: Option<csv::Writer<std::fs::File>>,
    lines: usize,
}

fn window(s: &str, from: usize, to: usize) -> String {
    s[from..to].replace(['\n', '\r'], " ")
}

impl Visitor for KwicPrinter {
    fn remark(&mut self, r: &RemarkResult<'_>) -> kaigi::Result<()> {
        for h in &r.positions {
            let left_start = r.norm[..h.start]
                .char_indices()
                .rev()
                .nth(self.width.saturating_sub(1))
                .map_or(0, |(i, _)| i);
            let right_end = r.norm[h.end..]
                .char_indices()
                .nth(self.width)
                .map_or(r.norm.len(), |(i, _)| h.end + i);
            let left = window(&r.norm, left_start, h.start);
            let mat = window(&r.norm, h.start, h.end);
            let right = window(&r.norm, h.end, right_end);
            let date = r.meeting.date.clone().unwrap_or_default();
            let theme = &self.themes[h.theme];
            match &mut self.csv {
                Some(w) => w
                    .write_record([
                        r.meeting.meeting_id.as_str(),
                        &r.remark.seq.to_string(),
                        &date,
                        &r.meeting.committee,
                        &r.remark.speaker,
                        &r.remark.speaker_label,
                        r.remark.role.as_str(),
                        theme,
                        &left,
                        &mat,
                        &right,
                    ])
                    .map_err(|e| kaigi::Error::output("kwic csv", e))?,
                None => println!(
                    "{date}\t{}\t{}\t{}\t{left:>w$} 【{mat}】 {right}",
                    r.meeting.committee,
                    if r.remark.speaker_label.is_empty() {
                        "(anonymous)"
                    } else {
                        &r.remark.speaker_label
                    },
                    r.remark.role,
                    w = self.width
                ),
            }
            self.lines += 1;
        }
        Ok(())
    }
}

fn kwic(a: KwicArgs) -> Result<i32> {
    check_corpus(&a.corpus)?;
    let from_file = if a.themes.is_file() {
        Some(load_themes(&a.themes)?)
    } else {
        None
    };
    let set = match from_file
        .as_ref()
        .and_then(|s| s.position(&a.query).map(|i| (s, i)))
    {
        Some((s, i)) => ThemeSet::from_themes(vec![s.themes[i].clone()], &a.themes)
            .map_err(|e| anyhow::anyhow!(e))?,
        None => {
            let term = kaigi::parse::nfkc(&a.query).trim().to_string();
            if term.is_empty() {
                bail!("kwic: empty query");
            }
            ThemeSet::from_themes(
                vec![Theme {
                    id: a.query.clone(),
                    label: a.query.clone(),
                    terms: vec![term],
                    exclude: vec![],
                    examples: vec![],
                    counter_examples: vec![],
                    description: String::new(),
                }],
                Path::new("(query)"),
            )
            .map_err(|e| anyhow::anyhow!(e))?
        }
    };
    let tok = load_tokenizer(&a.dict)?;
    let mut cfg = pipeline::Config::new(&a.corpus);
    cfg.tokenizer = Some(&tok);
    cfg.themes = Some(&set);
    cfg.hit_positions = true;
    let csv = match &a.csv {
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
            Some(w)
        }
        None => None,
    };
    let mut printer = KwicPrinter {
        width: a.width,
        themes: set.themes.iter().map(|t| t.id.clone()).collect(),
        csv,
        lines: 0,
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads(a.threads)?)
        .build()?;
    let progress = CliProgress::new(true);
    let summary = pool.install(|| pipeline::run(&cfg, &mut printer, &progress))?;
    if let Some(mut w) = printer.csv.take() {
        w.flush()?;
    }
    eprintln!(
        "kaigi: {} hits of {} in {} remarks{}",
        printer.lines,
        a.query,
        summary.remarks,
        a.csv
            .as_ref()
            .map(|p| format!(" → {}", p.display()))
            .unwrap_or_default()
    );
    Ok(if summary.skipped() > 0 { 1 } else { 0 })
}
