//! `kaigi kwic`: prints or writes the concordance the library's kwic job gives.

use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use clap::Args;

use crate::jobs::kwic::{
    kwic_job, nearest_themes, query_themes, Context as Window, KwicFilter, KwicLine, KwicSink,
};
use crate::model::Role;

use super::progress::CliProgress;
use super::{check_corpus, load_tokenizer, themes_or_builtin, threads, DictArgs};

#[derive(Args, Debug)]
pub struct KwicArgs {
    /// A theme id from the theme file, or any term.
    pub query: String,
    /// Corpus folder or one minutes file.
    #[arg(default_value = "data/corpus")]
    pub corpus: PathBuf,
    /// Theme file (TOML) in which QUERY is looked up as a theme id.
    /// Default: the themes built into kaigi (data/themes.toml as shipped).
    #[arg(long, value_name = "FILE")]
    pub themes: Option<PathBuf>,
    /// Write the concordance as CSV to this file instead of printing it.
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// Characters of context on each side.
    #[arg(
        long,
        value_name = "N",
        default_value_t = 24,
        conflicts_with = "window"
    )]
    pub width: usize,
    /// Word tokens of context on each side (instead of --width characters).
    #[arg(long, value_name = "N")]
    pub window: Option<usize>,
    /// Only meetings whose committee contains this.
    #[arg(long, value_name = "TEXT")]
    pub committee: Option<String>,
    /// Only meetings on or after this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Only meetings on or before this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Only remarks whose speaker or label contains this.
    #[arg(long, value_name = "NAME")]
    pub speaker: Option<String>,
    /// Only remarks of this role (chair, vice_chair, member, minister, official, presenter,
    /// observer, collective, unknown).
    #[arg(long, value_name = "ROLE")]
    pub role: Option<String>,
    /// Worker threads (default: all cores).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// No progress or summary lines; errors are still printed.
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub dict: DictArgs,
}

/// Lines as CSV, or as aligned text on stdout.
enum Printer {
    Csv(Box<csv::Writer<std::fs::File>>),
    Text { width: usize },
}

impl KwicSink for Printer {
    fn line(&mut self, l: &KwicLine<'_>) -> crate::Result<()> {
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
                .map_err(|e| crate::Error::output("kwic csv", e)),
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

/// A date bound as given, checked to be an ISO date.
fn date_arg(flag: &str, d: &Option<String>) -> Result<Option<String>> {
    match d {
        Some(s) if chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_err() => {
            bail!("{flag} {s}: not a date of the form YYYY-MM-DD")
        }
        other => Ok(other.clone()),
    }
}

pub(crate) fn run(a: KwicArgs) -> Result<i32> {
    check_corpus(&a.corpus)?;
    let from_file = match &a.themes {
        Some(p) if !p.is_file() => None,
        p => Some(themes_or_builtin(p.as_deref())?),
    };
    let themes_name = from_file
        .as_ref()
        .map(|s| s.path.clone())
        .or_else(|| a.themes.clone())
        .unwrap_or_default();
    let role = match &a.role {
        None => None,
        Some(r) => Some(
            Role::ALL
                .into_iter()
                .find(|x| x.as_str() == r.trim())
                .with_context(|| {
                    let all: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
                    format!("--role {r}: not one of {}", all.join(", "))
                })?,
        ),
    };
    let filter = KwicFilter {
        committee: a.committee.clone(),
        from: date_arg("--from", &a.from)?,
        until: date_arg("--until", &a.until)?,
        speaker: a.speaker.clone(),
        role,
    };
    let is_theme = from_file
        .as_ref()
        .is_some_and(|s| s.position(&a.query).is_some());
    // An id-like query (ASCII letters, digits, _) that is no theme is searched as a term,
    // and said so.
    let id_like = !a.query.is_empty()
        && a.query
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && a.query.contains('_');
    if !is_theme && id_like && !a.quiet {
        let near = from_file
            .as_ref()
            .map(|s| nearest_themes(&a.query, s))
            .unwrap_or_default();
        eprintln!(
            "kaigi: no theme `{}` in {}; searching it as a term{}",
            a.query,
            themes_name.display(),
            if near.is_empty() {
                String::new()
            } else {
                format!(" (nearest theme ids: {})", near.join(", "))
            }
        );
    }
    let set = query_themes(&a.query, from_file.as_ref(), &themes_name)?;
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
    let say = |line: String| {
        if !a.quiet {
            eprintln!("{line}");
        }
    };
    let window = match a.window {
        Some(n) => Window::Tokens(n),
        None => Window::Chars(a.width),
    };
    let (summary, lines) = pool.install(|| {
        kwic_job(
            &a.corpus,
            &tok,
            &set,
            window,
            &filter,
            &mut printer,
            &progress,
        )
    })?;
    if let Printer::Csv(w) = &mut printer {
        w.flush()?;
    }
    say(format!(
        "kaigi: {} hits of {} in {} remarks{}",
        lines,
        a.query,
        summary.remarks,
        a.csv
            .as_ref()
            .map(|p| format!(" → {}", p.display()))
            .unwrap_or_default()
    ));
    if lines == 0 {
        let near = from_file
            .as_ref()
            .filter(|_| !is_theme)
            .map(|s| nearest_themes(&a.query, s))
            .unwrap_or_default();
        say(format!(
            "kaigi: nothing matches {}{}{}",
            a.query,
            if filter == KwicFilter::default() {
                ""
            } else {
                " in the remarks the filters keep"
            },
            if near.is_empty() {
                String::new()
            } else {
                format!("; theme ids near it: {}", near.join(", "))
            }
        ));
        return Ok(1);
    }
    Ok(if summary.skipped() > 0 { 1 } else { 0 })
}
