//! The command line: raw arguments (clap) validated once into the library's job
//! configurations, one file per command; `main` turns the result into an exit code.

mod cache;
mod count;
mod dict;
mod fetch;
mod kwic;
mod parse;
mod progress;
mod speakers;
mod themes;

use std::path::Path;

use anyhow::{bail, Result};
use clap::{Parser, Subcommand};

use kaigi::chart::ChartOptions;
use kaigi::jobs::Outcome;
use kaigi::segment::{DictOptions, Tokenizer};
use kaigi::themes::ThemeSet;

pub use cache::CacheArgs;
pub use count::{CountArgs, RunArgs};
pub use dict::DictArgs;
pub use fetch::FetchArgs;
pub use kwic::KwicArgs;
pub use parse::ParseArgs;
pub use speakers::SpeakersCommand;
pub use themes::ThemesCommand;

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
    /// Speaker identities: propose which names are one person (`suggest`).
    Speakers {
        #[command(subcommand)]
        command: SpeakersCommand,
    },
    /// Build (first use) or load the dictionary and say where it is.
    Dict(DictArgs),
    /// Show what the cache folder holds, or remove caches that no run will read.
    Cache(CacheArgs),
    /// Download minutes from an online source (the Diet's 会議録 API) into a corpus folder.
    Fetch(FetchArgs),
}

/// The exit code of a finished run: 0 every file parsed, 1 some file skipped.
pub(crate) fn exit_code(o: &Outcome) -> i32 {
    if o.summary.skipped() > 0 {
        1
    } else {
        0
    }
}

pub(crate) fn threads(n: Option<usize>) -> Result<usize> {
    match n {
        Some(0) => bail!("--threads must be at least 1"),
        Some(n) => Ok(n),
        None => Ok(std::thread::available_parallelism().map_or(1, |n| n.get())),
    }
}

pub(crate) fn dict_options(d: &DictArgs) -> DictOptions {
    DictOptions {
        dict: d.dict.clone(),
        dict_source: d.dict_source.clone(),
        userdict: Some(d.userdict.clone()),
        cache_dir: d.cache_dir.clone(),
    }
}

pub(crate) fn load_tokenizer(d: &DictArgs) -> Result<Tokenizer> {
    Ok(Tokenizer::new(&dict_options(d))?)
}

pub(crate) fn load_themes(p: &Path) -> Result<ThemeSet> {
    if !p.is_file() {
        bail!("theme file {} not found (pass --themes FILE)", p.display());
    }
    Ok(ThemeSet::load(p)?)
}

pub(crate) fn check_corpus(p: &Path) -> Result<()> {
    if !p.exists() {
        bail!(
            "corpus {} not found (pass a folder of minutes or one file)",
            p.display()
        );
    }
    Ok(())
}

pub(crate) fn command_line() -> String {
    std::env::args().skip(1).collect::<Vec<_>>().join(" ")
}

/// Runs the command; gives the process exit code.
pub fn run(cli: Cli) -> Result<i32> {
    match cli.command {
        Command::Parse(a) => parse::run(a),
        Command::Count(a) => count::run(a, None),
        Command::Run(a) => {
            let charts = ChartOptions {
                font_family: a.font.clone(),
                themes_shown: a.themes_shown.clone(),
                ..ChartOptions::default()
            };
            count::run(a.count, Some(charts))
        }
        Command::Kwic(a) => kwic::run(a),
        Command::Themes {
            command: ThemesCommand::Check { themes, dict },
        } => themes::check(&themes, &dict),
        Command::Speakers { command } => speakers::run(command),
        Command::Cache(a) => cache::run(&a),
        Command::Fetch(a) => fetch::run(a),
        Command::Dict(d) => dict::run(&d),
    }
}
