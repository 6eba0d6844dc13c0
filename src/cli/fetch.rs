//! `kaigi fetch diet`: search the National Diet Library's 会議録 API and save the raw pages
//! of results into a corpus folder.
//!
//! Takes the raw arguments, checks them once into a [`DietConfig`] (clap rejects a missing
//! condition or a bad date with a usage error); runs [`crate::fetch::diet::fetch`] with a
//! progress bar on stderr (a terminal only, not with `-q`); gives exit code 0 when the query is
//! complete or stopped at `--max-pages`, an error otherwise (saved pages stay).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Result;
use chrono::NaiveDate;
use clap::{ArgGroup, Args, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

use crate::fetch::diet::{
    self, DietConfig, Event, FetchError, House, Options, Query, UreqTransport,
};

/// Each request gives up after this long.
const TIMEOUT: Duration = Duration::from_secs(120);

#[derive(Args, Debug)]
pub struct FetchArgs {
    #[command(subcommand)]
    pub command: FetchCommand,
}

#[derive(Subcommand, Debug)]
pub enum FetchCommand {
    /// Search the National Diet's 会議録 (国会会議録検索システム API) and save every page of
    /// results, unchanged, as diet-<query id>-<startRecord>.json in --out. Run it again to
    /// continue an interrupted fetch.
    Diet(DietArgs),
}

#[derive(Args, Debug)]
#[command(group(
    ArgGroup::new("condition")
        .required(true)
        .multiple(true)
        .args(["any", "speaker", "meeting", "house", "from", "until"])
))]
pub struct DietArgs {
    /// Folder to save the pages in (made if missing); the corpus folder kaigi reads.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Words in the speech (the API's `any`, sent as given).
    #[arg(long, value_name = "WORDS")]
    pub any: Option<String>,
    /// The speaker's name.
    #[arg(long, value_name = "NAME")]
    pub speaker: Option<String>,
    /// The meeting's name, e.g. 予算委員会 or 本会議.
    #[arg(long, value_name = "NAME")]
    pub meeting: Option<String>,
    /// The house: 衆議院, 参議院 or 両院 (or shugiin, sangiin, ryoin).
    #[arg(long, value_name = "HOUSE", value_parser = parse_house)]
    pub house: Option<House>,
    /// The first day, YYYY-MM-DD.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub from: Option<NaiveDate>,
    /// The last day, YYYY-MM-DD.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub until: Option<NaiveDate>,
    /// The API endpoint: …/api/speech (speeches, 100 a page) or …/api/meeting (whole
    /// meetings, 10 a page).
    #[arg(long, value_name = "URL", default_value = diet::SPEECH_ENDPOINT)]
    pub endpoint: String,
    /// Stop after N pages fetched in this run; the same command later continues.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub max_pages: Option<u32>,
    /// How often to try a request again after a server error (5xx) or a timeout.
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub retries: u32,
    /// Print only errors and warnings.
    #[arg(long, short)]
    pub quiet: bool,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    diet::parse_date(s).map_err(|e| e.to_string())
}

fn parse_house(s: &str) -> Result<House, String> {
    s.parse().map_err(|e: diet::FetchError| e.to_string())
}

impl DietArgs {
    /// The checked configuration.
    pub(crate) fn config(&self) -> Result<DietConfig> {
        let query = Query {
            any: self.any.clone(),
            speaker: self.speaker.clone(),
            meeting: self.meeting.clone(),
            house: self.house,
            from: self.from,
            until: self.until,
        };
        let options = Options {
            max_pages: self.max_pages,
            retries: self.retries,
            ..Options::default()
        };
        Ok(DietConfig::new(
            query,
            &self.endpoint,
            self.out.clone(),
            options,
        )?)
    }
}

pub(crate) fn run(args: FetchArgs) -> Result<i32> {
    match args.command {
        FetchCommand::Diet(a) => run_diet(&a),
    }
}

fn run_diet(a: &DietArgs) -> Result<i32> {
    let cfg = a.config()?;
    let quiet = a.quiet;
    let tty = std::io::stderr().is_terminal();
    let out = cfg.out().display().to_string();
    if !quiet {
        eprintln!(
            "kaigi: fetching {} with {} into {out} as diet-{}-*.json",
            cfg.endpoint(),
            cfg.query().describe(),
            cfg.id()
        );
    }
    let bar = (tty && !quiet).then(|| {
        let b = ProgressBar::new(0);
        b.set_style(
            ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} records {msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        b
    });
    let say = |line: String| match &bar {
        Some(b) => b.println(line),
        None => eprintln!("{line}"),
    };
    let mut on_event = |e: Event| match e {
        Event::Total(n) => {
            if let Some(b) = &bar {
                b.set_length(n);
            }
        }
        Event::Done(n) => {
            if let Some(b) = &bar {
                b.set_position(n);
            }
        }
        Event::Saved(p) => {
            if let Some(b) = &bar {
                b.set_message(
                    p.file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                );
            }
        }
        Event::Retrying {
            reason,
            wait,
            attempt,
        } => say(format!(
            "kaigi: warning: {reason}; retry {attempt} in {} s",
            wait.as_secs_f64()
        )),
        Event::Warning(w) => say(format!("kaigi: warning: {w}")),
    };
    let mut http = UreqTransport::new(TIMEOUT);
    let result = diet::fetch(&cfg, &mut http, &mut on_event);
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let r = result.map_err(|e| {
        // A 4xx is the query's fault: running it again would fail the same way.
        let again = match &e {
            FetchError::Http { status, .. } if *status < 500 => "",
            _ => "; run the same command again to continue",
        };
        anyhow::Error::new(e).context(format!(
            "fetch stopped (the pages saved in {out} stay){again}"
        ))
    })?;
    if !quiet {
        let total = r.total.map_or("?".to_string(), |t| t.to_string());
        let before = r.pages - r.fetched;
        let state = if r.complete {
            "the query is complete"
        } else {
            "stopped at --max-pages; the same command continues"
        };
        if r.fetched == 0 && r.complete {
            eprintln!(
                "kaigi: the query is complete: all {} pages ({total} records) were already in {out}; nothing fetched",
                r.pages
            );
        } else {
            eprintln!(
                "kaigi: fetched {} pages ({} already saved), {total} records in all; {state}",
                r.fetched, before
            );
        }
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Cli, Command};
    use clap::Parser;

    fn parse(args: &[&str]) -> Result<DietArgs, clap::Error> {
        let mut v = vec!["kaigi", "fetch", "diet", "--out", "o"];
        v.extend_from_slice(args);
        let cli = Cli::try_parse_from(v)?;
        #[allow(irrefutable_let_patterns)] // kaigi's Command has other variants
        let Command::Fetch(FetchArgs {
            command: FetchCommand::Diet(d),
        }) = cli.command
        else {
            panic!("not `fetch diet`");
        };
        Ok(d)
    }

    #[test]
    fn arguments_become_the_config() {
        let a = parse(&[
            "--any",
            "防衛費",
            "--house",
            "sangiin",
            "--from",
            "2024-01-01",
            "--until",
            "2024-12-31",
            "--max-pages",
            "3",
        ])
        .unwrap();
        let cfg = a.config().unwrap();
        assert_eq!(cfg.query().house, Some(House::Sangiin));
        assert_eq!(cfg.options().max_pages, Some(3));
        assert_eq!(cfg.options().retries, 2);
        assert_eq!(cfg.endpoint(), diet::SPEECH_ENDPOINT);
        assert!(cfg
            .display_url(1)
            .contains("any=防衛費&nameOfHouse=参議院&from=2024-01-01&until=2024-12-31&"));
    }

    #[test]
    fn usage_errors_are_caught_before_any_request() {
        let e = parse(&[]).unwrap_err();
        assert_eq!(e.kind(), clap::error::ErrorKind::MissingRequiredArgument);
        let e = parse(&["--from", "2024-13-01"]).unwrap_err();
        assert_eq!(e.kind(), clap::error::ErrorKind::ValueValidation);
        assert!(e.to_string().contains("expected YYYY-MM-DD"));
        let e = parse(&["--house", "貴族院"]).unwrap_err();
        assert!(e.to_string().contains("expected 衆議院, 参議院 or 両院"));
        assert!(parse(&["--any", "x", "--max-pages", "0"]).is_err());
        // Checked in the config: a reversed range, a blank condition, a bad endpoint.
        let a = parse(&["--from", "2024-02-01", "--until", "2024-01-01"]).unwrap();
        assert!(a.config().is_err());
        assert!(parse(&["--any", " "]).unwrap().config().is_err());
        let a = parse(&[
            "--any",
            "x",
            "--endpoint",
            "https://kokkai.ndl.go.jp/api/meeting_list",
        ]);
        assert!(a
            .unwrap()
            .config()
            .unwrap_err()
            .to_string()
            .contains("no speech text"));
    }
}
