//! The command line: takes raw arguments ([`Cli::parse_args`], clap), validates them once into
//! the library's job configurations (one file per command) and runs the job ([`run`]), giving
//! the exit code. The binary's `main` and the Python extension (`python/src/lib.rs`) are its
//! two callers: they only turn that result into an exit code or an exception.

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

use crate::chart::ChartOptions;
use crate::jobs::Outcome;
use crate::segment::{DictOptions, Tokenizer};
use crate::themes::ThemeSet;

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
    /// The arguments after the program name, as given: for the manifest and the report.
    #[arg(skip)]
    pub command_line: String,
}

impl Cli {
    /// Parses `args` (the program name first), keeping them as the command line the run
    /// records. A usage error comes back as clap's error, with its message and exit code.
    pub fn parse_args<I, T>(args: I) -> std::result::Result<Cli, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        let args: Vec<std::ffi::OsString> = args.into_iter().map(Into::into).collect();
        let mut cli = Cli::try_parse_from(&args)?;
        cli.command_line = args
            .iter()
            .skip(1)
            .map(|a| a.to_string_lossy())
            .collect::<Vec<_>>()
            .join(" ");
        Ok(cli)
    }
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
        userdict: d.userdict.clone(),
        builtin_userdict: d.userdict.is_none(),
        cache_dir: d.cache_dir.clone(),
    }
}

pub(crate) fn load_tokenizer(d: &DictArgs) -> Result<Tokenizer> {
    Ok(Tokenizer::new(&dict_options(d))?)
}

/// The theme file named, or the themes built into kaigi (`data/themes.toml` as shipped).
pub(crate) fn themes_or_builtin(p: Option<&Path>) -> Result<ThemeSet> {
    match p {
        Some(p) => load_themes(p),
        None => Ok(ThemeSet::builtin()),
    }
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

/// Runs the command; gives the process exit code.
pub fn run(cli: Cli) -> Result<i32> {
    match cli.command {
        Command::Parse(a) => parse::run(a, &cli.command_line),
        Command::Count(a) => count::run(a, None, &cli.command_line),
        Command::Run(a) => {
            let charts = ChartOptions {
                font_family: a.font.clone(),
                themes_shown: a.themes_shown.clone(),
                ..ChartOptions::default()
            };
            count::run(a.count, Some(charts), &cli.command_line)
        }
        Command::Kwic(a) => kwic::run(a),
        Command::Themes {
            command: ThemesCommand::Check { themes, dict },
        } => themes::check(themes.as_deref(), &dict),
        Command::Speakers { command } => speakers::run(command),
        Command::Cache(a) => cache::run(&a),
        Command::Fetch(a) => fetch::run(a),
        Command::Dict(d) => dict::run(&d),
    }
}
