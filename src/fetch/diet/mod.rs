//! The National Diet Library's 国会会議録検索システム API (`https://kokkai.ndl.go.jp/api/speech`,
//! or `/api/meeting`) into a corpus folder.
//!
//! Takes a [`DietConfig`] (a [`Query`], the endpoint, the output folder and [`Options`]) and a
//! [`Transport`] (the HTTP client: [`UreqTransport`] in use, a fake in tests); gives one file per
//! page of results, the response body saved unchanged, and a [`Report`].
//!
//! - Paging: each request asks for `maximumRecords` records (100 from `speech`, 10 from
//!   `meeting`, the API's maxima) from `startRecord`; [`fetch`] follows `nextRecordPosition`
//!   until it is null.
//! - Files: `diet-<id>-<startRecord, 7 digits>.json`. `<id>` is 12 hex digits of the SHA-256 of
//!   the endpoint and every request parameter but `startRecord`, so a query's pages sort in
//!   order and two queries never share a name. Each file is written atomically.
//! - Resume: a page whose file is already in the folder is not requested again. The chain of
//!   pages is followed from `startRecord` 1 (a saved page is read only where the next one is
//!   missing) and fetching starts at the first page missing; when the last page is saved, no
//!   request is made.
//! - Politeness: requests at least [`Options::interval`] apart (1 s), a User-Agent naming kaigi;
//!   a 5xx answer or a timeout is retried [`Options::retries`] times with doubling back-off, a
//!   4xx never.
//!
//! Parts: [`query`](Query) (the conditions), `config` ([`DietConfig`]: endpoint, id, file names,
//! URLs), `client` (HTTP, retries, errors of the answer), `resume` (saved pages, the page
//! envelope), `error` ([`FetchError`]).

mod client;
mod config;
mod error;
#[cfg(test)]
mod fake;
mod query;
mod resume;

use std::path::PathBuf;
use std::time::Duration;

use crate::fetch::{write_atomic, Pacer};
use client::request;
use error::io_err;
use resume::{parse_page, saved_pages};

pub use client::{api_message, NetError, Reply, Transport, UreqTransport, USER_AGENT};
pub use config::{DietConfig, Kind, SPEECH_ENDPOINT};
pub use error::FetchError;
pub use query::{parse_date, House, Query};

/// How to fetch, besides what: limits, pacing and retries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Stop after this many pages requested in this run (a later run goes on); `None`: all.
    pub max_pages: Option<u32>,
    /// Least time between two requests.
    pub interval: Duration,
    /// How often a 5xx answer or a timeout is tried again.
    pub retries: u32,
    /// Wait before the first retry; doubled for each further one.
    pub backoff: Duration,
}

impl Default for Options {
    /// All pages, 1 s between requests, 2 retries after 2 s and 4 s.
    fn default() -> Self {
        Options {
            max_pages: None,
            interval: Duration::from_secs(1),
            retries: 2,
            backoff: Duration::from_secs(2),
        }
    }
}

/// What [`fetch`] reports as it goes, for a progress bar and messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// The query's number of records (`numberOfRecords`), from each page read or fetched.
    Total(u64),
    /// Records before this count are saved (from saved pages or the page just fetched).
    Done(u64),
    /// A page was fetched and saved at this path.
    Saved(PathBuf),
    /// A request failed and is tried again after `wait`.
    Retrying {
        reason: String,
        wait: Duration,
        attempt: u32,
    },
    /// Something the user should know that does not stop the fetch.
    Warning(String),
}

/// What a [`fetch`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The query's id, as in the file names.
    pub id: String,
    /// The query's number of records, from the last page read or fetched.
    pub total: Option<u64>,
    /// Pages of the query in the folder, counted along the chain from record 1 (saved before
    /// or fetched now).
    pub pages: u32,
    /// Pages fetched and saved in this run.
    pub fetched: u32,
    /// Requests made, retries included.
    pub requests: u32,
    /// The last page is saved (`nextRecordPosition` null).
    pub complete: bool,
}

/// Fetches the query's pages into the output folder (made if missing), skipping pages already
/// saved there, and reports progress to `on_event`. Stops at the first error; pages saved
/// before it stay, and the same call later goes on from there.
pub fn fetch(
    cfg: &DietConfig,
    http: &mut dyn Transport,
    on_event: &mut dyn FnMut(Event),
) -> Result<Report, FetchError> {
    std::fs::create_dir_all(cfg.out()).map_err(io_err(cfg.out()))?;
    let saved = saved_pages(cfg)?;
    let step = cfg.kind().page_size();
    let mut pacer = Pacer::new(cfg.options().interval);
    let mut report = Report {
        id: cfg.id().to_string(),
        total: None,
        pages: 0,
        fetched: 0,
        requests: 0,
        complete: false,
    };
    // numberOfRecords of the last saved page read, to notice a query whose results changed.
    let mut saved_total = None;
    let mut warned = false;
    let mut pos = 1u64;
    loop {
        let page = if saved.contains(&pos) {
            if saved.contains(&(pos + step)) {
                // Not the last saved page: pages are full, so the next one starts a step on.
                report.pages += 1;
                pos += step;
                continue;
            }
            let path = cfg.out().join(cfg.page_name(pos));
            let body = std::fs::read(&path).map_err(io_err(&path))?;
            let page = parse_page(&body, pos)
                .map_err(|reason| FetchError::BadSavedPage { path, reason })?;
            saved_total = Some(page.total);
            page
        } else {
            if cfg.options().max_pages.is_some_and(|m| report.fetched >= m) {
                break;
            }
            let body = request(cfg, http, &mut pacer, pos, &mut report, on_event)?;
            let page = parse_page(&body, pos).map_err(|reason| FetchError::BadResponse {
                url: cfg.display_url(pos),
                reason,
            })?;
            if let Some(before) = saved_total.filter(|t| *t != page.total && !warned) {
                warned = true;
                on_event(Event::Warning(format!(
                    "the query now has {} records, its saved pages were fetched when it had {before}: pages may overlap or miss records (remove diet-{}-*.json to fetch it afresh)",
                    page.total, cfg.id()
                )));
            }
            let path = write_atomic(cfg.out(), &cfg.page_name(pos), &body)
                .map_err(io_err(&cfg.out().join(cfg.page_name(pos))))?;
            report.fetched += 1;
            on_event(Event::Saved(path));
            page
        };
        report.pages += 1;
        report.total = Some(page.total);
        on_event(Event::Total(page.total));
        match page.next {
            None => {
                on_event(Event::Done(page.total));
                report.complete = true;
                break;
            }
            Some(next) => {
                on_event(Event::Done(next - 1));
                pos = next;
            }
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::fake::{config, files, page, quick, run, Fake};
    use super::*;

    #[test]
    fn fetches_every_page_and_saves_each_body_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let cfg = config(dir.path(), quick());
        let mut fake = Fake::new().three_pages();
        let (r, events) = run(&cfg, &mut fake);
        let r = r.unwrap();
        assert_eq!(fake.starts(), vec![1, 101, 201]);
        assert_eq!(
            (r.pages, r.fetched, r.requests, r.complete),
            (3, 3, 3, true)
        );
        assert_eq!(r.total, Some(250));
        assert_eq!(
            files(dir.path()),
            [1, 101, 201].map(|s| cfg.page_name(s)).to_vec()
        );
        for s in [1, 101, 201] {
            let body = std::fs::read(dir.path().join(cfg.page_name(s))).unwrap();
            assert_eq!(
                body,
                page(250, s, if s == 201 { None } else { Some(s + 100) })
            );
        }
        let done: Vec<u64> = events
            .iter()
            .filter_map(|e| match e {
                Event::Done(n) => Some(*n),
                _ => None,
            })
            .collect();
        assert_eq!(done, vec![100, 200, 250]);
    }
}
