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

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use chrono::NaiveDate;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::{percent_encode, write_atomic, Pacer};

/// The API's speech endpoint (speech records with their text), the default.
pub const SPEECH_ENDPOINT: &str = "https://kokkai.ndl.go.jp/api/speech";

/// The User-Agent sent with every request.
pub const USER_AGENT: &str = concat!(
    "kaigi/",
    env!("CARGO_PKG_VERSION"),
    " (minutes reader; kaigi fetch diet)"
);

/// The largest response body read (a page of 10 whole meetings is a few MB).
const MAX_BODY: u64 = 128 * 1024 * 1024;

/// Digits of `startRecord` in a page's file name (the whole record is about 4 million speeches).
const START_DIGITS: usize = 7;

/// What can go wrong: a configuration that cannot be queried, an HTTP or network failure, an
/// answer that is not the API's, or a file that cannot be read or written.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// No search condition was given.
    #[error("no search condition: give at least one of --any, --speaker, --meeting, --house, --from, --until")]
    NoCondition,
    /// A search condition is empty or blank.
    #[error("--{0} is empty")]
    EmptyCondition(&'static str),
    /// A date that is not `YYYY-MM-DD` or not a day of the calendar.
    #[error("bad date {0:?}: expected YYYY-MM-DD, a day that exists")]
    BadDate(String),
    /// `from` is after `until`.
    #[error("--from {from} is after --until {until}")]
    DateRange { from: NaiveDate, until: NaiveDate },
    /// A house name the API does not know.
    #[error("unknown house {0:?}: expected 衆議院, 参議院 or 両院")]
    BadHouse(String),
    /// An endpoint that is not an http(s) URL of `…/speech` or `…/meeting`.
    #[error("bad endpoint {url:?}: {reason}")]
    BadEndpoint { url: String, reason: String },
    /// The API answered with an HTTP error status.
    #[error("the API answered HTTP {} for {url}: {message}", status_text(*.status))]
    Http {
        url: String,
        status: u16,
        message: String,
    },
    /// The request did not get an answer (refused, unreachable, timed out).
    #[error("no answer from {url}: {reason}")]
    Network { url: String, reason: String },
    /// A 2xx answer that is not a page of results; not saved.
    #[error("unexpected answer for {url}: {reason} (not saved)")]
    BadResponse { url: String, reason: String },
    /// A saved page that cannot be read as a page of results.
    #[error("saved page {path} is not a page of results: {reason} (remove it to fetch it again)")]
    BadSavedPage { path: PathBuf, reason: String },
    /// Reading or writing the output folder failed.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> FetchError + '_ {
    move |source| FetchError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// `400 Bad Request` for 400.
fn status_text(status: u16) -> String {
    match ureq::http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
    {
        Some(r) => format!("{status} {r}"),
        None => status.to_string(),
    }
}

/// A house of the Diet, the API's `nameOfHouse`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum House {
    /// 衆議院, the House of Representatives.
    Shugiin,
    /// 参議院, the House of Councillors.
    Sangiin,
    /// 両院, joint meetings of both houses.
    Ryoin,
}

impl House {
    /// The name the API takes.
    pub fn as_api(self) -> &'static str {
        match self {
            House::Shugiin => "衆議院",
            House::Sangiin => "参議院",
            House::Ryoin => "両院",
        }
    }
}

impl FromStr for House {
    type Err = FetchError;
    /// 衆議院, 参議院, 両院, or their romanizations (shugiin, sangiin, ryoin).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "衆議院" | "shugiin" => Ok(House::Shugiin),
            "参議院" | "sangiin" => Ok(House::Sangiin),
            "両院" | "ryoin" => Ok(House::Ryoin),
            _ => Err(FetchError::BadHouse(s.to_string())),
        }
    }
}

impl fmt::Display for House {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_api())
    }
}

/// Parses a `YYYY-MM-DD` date (four, two and two digits; a day that exists).
pub fn parse_date(s: &str) -> Result<NaiveDate, FetchError> {
    let b = s.as_bytes();
    let shaped = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        });
    if !shaped {
        return Err(FetchError::BadDate(s.to_string()));
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| FetchError::BadDate(s.to_string()))
}

/// The search conditions (at least one is needed). Texts are sent as given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// Words in the speech (`any`, sent as given).
    pub any: Option<String>,
    /// The speaker's name (`speaker`).
    pub speaker: Option<String>,
    /// The meeting's name, e.g. 予算委員会 (`nameOfMeeting`).
    pub meeting: Option<String>,
    /// The house (`nameOfHouse`).
    pub house: Option<House>,
    /// The first day (`from`).
    pub from: Option<NaiveDate>,
    /// The last day (`until`).
    pub until: Option<NaiveDate>,
}

impl Query {
    /// The conditions as `name=value` pairs in the API's names, for messages.
    pub fn describe(&self) -> String {
        let p: Vec<String> = self
            .params()
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        p.join(" ")
    }

    /// The conditions as the API's parameters, in a fixed order.
    fn params(&self) -> Vec<(&'static str, String)> {
        let mut p = Vec::new();
        let texts = [
            ("any", &self.any),
            ("speaker", &self.speaker),
            ("nameOfMeeting", &self.meeting),
        ];
        for (k, v) in texts {
            if let Some(v) = v {
                p.push((k, v.clone()));
            }
        }
        if let Some(h) = self.house {
            p.push(("nameOfHouse", h.as_api().to_string()));
        }
        if let Some(d) = self.from {
            p.push(("from", d.format("%Y-%m-%d").to_string()));
        }
        if let Some(d) = self.until {
            p.push(("until", d.format("%Y-%m-%d").to_string()));
        }
        p
    }

    fn validate(&self) -> Result<(), FetchError> {
        let texts = [
            ("any", &self.any),
            ("speaker", &self.speaker),
            ("meeting", &self.meeting),
        ];
        for (name, v) in texts {
            if v.as_deref().is_some_and(|s| s.trim().is_empty()) {
                return Err(FetchError::EmptyCondition(name));
            }
        }
        if self.params().is_empty() {
            return Err(FetchError::NoCondition);
        }
        if let (Some(from), Some(until)) = (self.from, self.until) {
            if from > until {
                return Err(FetchError::DateRange { from, until });
            }
        }
        Ok(())
    }
}

/// Which API endpoint: it decides the page size and what a record is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `/api/speech`: speech records with their text, up to 100 a page.
    Speech,
    /// `/api/meeting`: whole meetings with their speeches, up to 10 a page.
    Meeting,
}

impl Kind {
    /// `maximumRecords` sent: the API's largest for the endpoint.
    pub fn page_size(self) -> u64 {
        match self {
            Kind::Speech => 100,
            Kind::Meeting => 10,
        }
    }
}

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

/// A validated fetch: the query, the endpoint, the output folder and the options.
#[derive(Debug, Clone)]
pub struct DietConfig {
    query: Query,
    endpoint: String,
    kind: Kind,
    out: PathBuf,
    options: Options,
    id: String,
}

impl DietConfig {
    /// Checks the query (at least one non-empty condition, `from` ≤ `until`) and the endpoint
    /// (an http(s) URL ending in `/speech` or `/meeting`, without a query string).
    pub fn new(
        query: Query,
        endpoint: &str,
        out: PathBuf,
        options: Options,
    ) -> Result<Self, FetchError> {
        query.validate()?;
        let bad = |reason: &str| FetchError::BadEndpoint {
            url: endpoint.to_string(),
            reason: reason.to_string(),
        };
        let endpoint = endpoint.trim().trim_end_matches('/').to_string();
        let rest = endpoint
            .strip_prefix("https://")
            .or_else(|| endpoint.strip_prefix("http://"))
            .ok_or_else(|| bad("not an http:// or https:// URL"))?;
        if rest.contains(['?', '#']) {
            return Err(bad("give the URL without a query string; kaigi adds it"));
        }
        let kind = match rest.rsplit_once('/').map(|(_, last)| last) {
            Some("speech") => Kind::Speech,
            Some("meeting") => Kind::Meeting,
            Some("meeting_list") => {
                return Err(bad(
                    "meeting_list gives no speech text; use …/api/speech or …/api/meeting",
                ))
            }
            _ => return Err(bad("expected a URL ending in /api/speech or /api/meeting")),
        };
        let mut cfg = DietConfig {
            query,
            endpoint,
            kind,
            out,
            options,
            id: String::new(),
        };
        cfg.id = cfg.compute_id();
        Ok(cfg)
    }

    /// The search conditions.
    pub fn query(&self) -> &Query {
        &self.query
    }
    /// The endpoint URL (without a trailing `/`).
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }
    /// Which endpoint.
    pub fn kind(&self) -> Kind {
        self.kind
    }
    /// The output folder.
    pub fn out(&self) -> &Path {
        &self.out
    }
    /// The options.
    pub fn options(&self) -> &Options {
        &self.options
    }
    /// The query's id in file names: 12 hex digits of the SHA-256 of the endpoint and the
    /// request parameters other than `startRecord` (the folder and options play no part).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The file name of the page starting at record `start` (1-based).
    pub fn page_name(&self, start: u64) -> String {
        format!("diet-{}-{start:0w$}.json", self.id, w = START_DIGITS)
    }

    /// The parameters of every request but `startRecord`.
    fn fixed_params(&self) -> Vec<(&'static str, String)> {
        let mut p = self.query.params();
        p.push(("maximumRecords", self.kind.page_size().to_string()));
        p.push(("recordPacking", "json".to_string()));
        p
    }

    fn compute_id(&self) -> String {
        let mut h = Sha256::new();
        h.update(self.endpoint.as_bytes());
        for (k, v) in self.fixed_params() {
            h.update(format!("\n{k}={}", percent_encode(&v)).as_bytes());
        }
        hex::encode(h.finalize())[..12].to_string()
    }

    fn url_with(&self, start: u64, encode: fn(&str) -> String) -> String {
        let mut p = self.fixed_params();
        p.push(("startRecord", start.to_string()));
        let q: Vec<String> = p
            .iter()
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect();
        format!("{}?{}", self.endpoint, q.join("&"))
    }

    /// The request URL of the page starting at `start`, percent-encoded.
    pub fn url(&self, start: u64) -> String {
        self.url_with(start, percent_encode)
    }

    /// The same URL with its parameters as typed, for messages.
    pub fn display_url(&self, start: u64) -> String {
        self.url_with(start, str::to_string)
    }
}

/// An HTTP answer: its status and its whole body.
#[derive(Debug, Clone)]
pub struct Reply {
    /// The HTTP status code.
    pub status: u16,
    /// The body, as received (decompressed if the transport asked for compression).
    pub body: Vec<u8>,
}

/// A request that got no answer.
#[derive(Debug, Clone)]
pub struct NetError {
    /// What happened, for the message.
    pub reason: String,
    /// Worth trying again (a timeout, a connection reset), unlike a refused connection.
    pub transient: bool,
}

/// Makes GET requests. [`UreqTransport`] does it over the network; tests use a fake.
pub trait Transport {
    /// GETs `url` (already percent-encoded); any status is an answer, not an error.
    fn get(&mut self, url: &str) -> Result<Reply, NetError>;
}

/// [`Transport`] over `ureq` (rustls), with kaigi's User-Agent and a timeout per request.
/// Proxies are taken from the environment (`HTTPS_PROXY`, `ALL_PROXY`, `NO_PROXY`).
pub struct UreqTransport {
    agent: ureq::Agent,
}

impl UreqTransport {
    /// A client whose requests each give up after `timeout`.
    pub fn new(timeout: Duration) -> Self {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .user_agent(USER_AGENT)
            .timeout_global(Some(timeout))
            .build()
            .into();
        UreqTransport { agent }
    }
}

impl Transport for UreqTransport {
    fn get(&mut self, url: &str) -> Result<Reply, NetError> {
        let mut resp = self
            .agent
            .get(url)
            .header("Accept", "application/json")
            .call()
            .map_err(net_error)?;
        let status = resp.status().as_u16();
        let body = resp
            .body_mut()
            .with_config()
            .limit(MAX_BODY)
            .read_to_vec()
            .map_err(net_error)?;
        Ok(Reply { status, body })
    }
}

fn net_error(e: ureq::Error) -> NetError {
    use std::io::ErrorKind as K;
    let transient = match &e {
        ureq::Error::Timeout(_) => true,
        ureq::Error::Io(io) => matches!(
            io.kind(),
            K::ConnectionReset
                | K::ConnectionAborted
                | K::UnexpectedEof
                | K::TimedOut
                | K::BrokenPipe
        ),
        _ => false,
    };
    NetError {
        reason: e.to_string(),
        transient,
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

/// The envelope of a page of results: the counts, not the records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Page {
    total: u64,
    start: Option<u64>,
    next: Option<u64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Envelope {
    #[serde(default, deserialize_with = "number")]
    number_of_records: Option<u64>,
    #[serde(default, deserialize_with = "number")]
    start_record: Option<u64>,
    #[serde(default, deserialize_with = "number")]
    next_record_position: Option<u64>,
    #[serde(default)]
    message: Option<serde_json::Value>,
}

/// A count as a JSON number or a string of digits; null as none.
fn number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    use serde::de::Error;
    match Option::<serde_json::Value>::deserialize(d)? {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::Number(n)) => n
            .as_u64()
            .map(Some)
            .ok_or_else(|| D::Error::custom(format!("{n} is not a count"))),
        Some(serde_json::Value::String(s)) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| D::Error::custom(format!("{s:?} is not a count"))),
        Some(v) => Err(D::Error::custom(format!("{v} is not a count"))),
    }
}

/// Reads a page's envelope; `pos` is the `startRecord` it was asked for.
fn parse_page(body: &[u8], pos: u64) -> Result<Page, String> {
    let env: Envelope = serde_json::from_slice(body).map_err(|e| format!("not JSON: {e}"))?;
    let Some(total) = env.number_of_records else {
        return Err(match env.message {
            Some(m) => format!("the API said: {}", value_text(&m)),
            None => "no numberOfRecords".to_string(),
        });
    };
    if let Some(s) = env.start_record {
        if s != pos {
            return Err(format!("startRecord is {s}, asked for {pos}"));
        }
    }
    if let Some(n) = env.next_record_position {
        if n <= pos {
            return Err(format!(
                "nextRecordPosition {n} does not move past startRecord {pos}"
            ));
        }
    }
    Ok(Page {
        total,
        start: env.start_record,
        next: env.next_record_position,
    })
}

fn value_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The API's error message from an error body: `message`, then `details` (`{"message": "…",
/// "details": […]}`); else the start of the body as text.
pub fn api_message(body: &[u8]) -> String {
    if let Ok(serde_json::Value::Object(o)) = serde_json::from_slice(body) {
        if let Some(m) = o.get("message") {
            let mut s = value_text(m);
            if let Some(serde_json::Value::Array(d)) = o.get("details") {
                let d: Vec<String> = d.iter().map(value_text).collect();
                if !d.is_empty() {
                    s = format!("{s} ({})", d.join("; "));
                }
            }
            return s;
        }
    }
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    if text.is_empty() {
        return "no message in the answer".to_string();
    }
    let mut short: String = text.chars().take(300).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    short
}

/// The `startRecord`s of the query's pages saved in the folder.
fn saved_pages(cfg: &DietConfig) -> Result<BTreeSet<u64>, FetchError> {
    let prefix = format!("diet-{}-", cfg.id);
    let mut starts = BTreeSet::new();
    for entry in std::fs::read_dir(&cfg.out).map_err(io_err(&cfg.out))? {
        let entry = entry.map_err(io_err(&cfg.out))?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let digits = name
            .strip_prefix(&prefix)
            .and_then(|r| r.strip_suffix(".json"));
        if let Some(d) = digits {
            if d.len() >= START_DIGITS && d.bytes().all(|b| b.is_ascii_digit()) {
                if let Ok(n) = d.parse::<u64>() {
                    starts.insert(n);
                }
            }
        }
    }
    Ok(starts)
}

/// Fetches the query's pages into the output folder (made if missing), skipping pages already
/// saved there, and reports progress to `on_event`. Stops at the first error; pages saved
/// before it stay, and the same call later goes on from there.
pub fn fetch(
    cfg: &DietConfig,
    http: &mut dyn Transport,
    on_event: &mut dyn FnMut(Event),
) -> Result<Report, FetchError> {
    std::fs::create_dir_all(&cfg.out).map_err(io_err(&cfg.out))?;
    let saved = saved_pages(cfg)?;
    let step = cfg.kind.page_size();
    let mut pacer = Pacer::new(cfg.options.interval);
    let mut report = Report {
        id: cfg.id.clone(),
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
            let path = cfg.out.join(cfg.page_name(pos));
            let body = std::fs::read(&path).map_err(io_err(&path))?;
            let page = parse_page(&body, pos)
                .map_err(|reason| FetchError::BadSavedPage { path, reason })?;
            saved_total = Some(page.total);
            page
        } else {
            if cfg.options.max_pages.is_some_and(|m| report.fetched >= m) {
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
                    page.total, cfg.id
                )));
            }
            let path = write_atomic(&cfg.out, &cfg.page_name(pos), &body)
                .map_err(io_err(&cfg.out.join(cfg.page_name(pos))))?;
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

/// One page's request, paced, with retries of 5xx answers and transient network errors.
fn request(
    cfg: &DietConfig,
    http: &mut dyn Transport,
    pacer: &mut Pacer,
    pos: u64,
    report: &mut Report,
    on_event: &mut dyn FnMut(Event),
) -> Result<Vec<u8>, FetchError> {
    let url = cfg.url(pos);
    let mut attempt = 0u32;
    loop {
        pacer.wait();
        report.requests += 1;
        let (err, transient) = match http.get(&url) {
            Ok(r) if (200..300).contains(&r.status) => return Ok(r.body),
            Ok(r) => (
                FetchError::Http {
                    url: cfg.display_url(pos),
                    status: r.status,
                    message: api_message(&r.body),
                },
                r.status >= 500,
            ),
            Err(e) => (
                FetchError::Network {
                    url: cfg.display_url(pos),
                    reason: e.reason,
                },
                e.transient,
            ),
        };
        if !transient || attempt >= cfg.options.retries {
            return Err(err);
        }
        attempt += 1;
        let wait = cfg
            .options
            .backoff
            .saturating_mul(1 << (attempt - 1).min(16));
        on_event(Event::Retrying {
            reason: err.to_string(),
            wait,
            attempt,
        });
        std::thread::sleep(wait);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn query(any: &str) -> Query {
        Query {
            any: Some(any.to_string()),
            ..Query::default()
        }
    }

    fn quick() -> Options {
        Options {
            max_pages: None,
            interval: Duration::ZERO,
            retries: 2,
            backoff: Duration::ZERO,
        }
    }

    fn config(dir: &Path, opts: Options) -> DietConfig {
        DietConfig::new(query("科学技術"), SPEECH_ENDPOINT, dir.to_path_buf(), opts).unwrap()
    }

    /// A page body like the API's (4-space JSON, no trailing newline).
    fn page(total: u64, start: u64, next: Option<u64>) -> Vec<u8> {
        let next = next.map_or("null".to_string(), |n| n.to_string());
        format!(
            "{{\n    \"numberOfRecords\": {total},\n    \"numberOfReturn\": 1,\n    \"startRecord\": {start},\n    \"nextRecordPosition\": {next},\n    \"speechRecord\": [\n        {{\n            \"speechID\": \"x_{start}\",\n            \"speech\": \"○議長（某君）　発言\\r\\n\"\n        }}\n    ]\n}}"
        )
        .into_bytes()
    }

    /// Answers by `startRecord` from a script of replies, one used per request; logs URLs.
    struct Fake {
        script: HashMap<u64, Vec<Result<Reply, NetError>>>,
        urls: Vec<String>,
    }

    impl Fake {
        fn new() -> Self {
            Fake {
                script: HashMap::new(),
                urls: Vec::new(),
            }
        }
        fn ok(mut self, start: u64, body: Vec<u8>) -> Self {
            self.script
                .entry(start)
                .or_default()
                .push(Ok(Reply { status: 200, body }));
            self
        }
        fn status(mut self, start: u64, status: u16, body: &str) -> Self {
            self.script.entry(start).or_default().push(Ok(Reply {
                status,
                body: body.as_bytes().to_vec(),
            }));
            self
        }
        fn three_pages(self) -> Self {
            self.ok(1, page(250, 1, Some(101)))
                .ok(101, page(250, 101, Some(201)))
                .ok(201, page(250, 201, None))
        }
        fn starts(&self) -> Vec<u64> {
            self.urls
                .iter()
                .map(|u| u.rsplit("startRecord=").next().unwrap().parse().unwrap())
                .collect()
        }
    }

    impl Transport for Fake {
        fn get(&mut self, url: &str) -> Result<Reply, NetError> {
            self.urls.push(url.to_string());
            let start: u64 = url.rsplit("startRecord=").next().unwrap().parse().unwrap();
            let replies = self.script.get_mut(&start).expect("a scripted page");
            assert!(!replies.is_empty(), "no more replies for {start}");
            replies.remove(0)
        }
    }

    fn run(cfg: &DietConfig, fake: &mut Fake) -> (Result<Report, FetchError>, Vec<Event>) {
        let mut events = Vec::new();
        let r = fetch(cfg, fake, &mut |e| events.push(e));
        (r, events)
    }

    fn files(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn url_has_every_condition_encoded_and_readable() {
        let q = Query {
            any: Some("科学 技術".into()),
            speaker: Some("額賀福志郎".into()),
            meeting: Some("本会議".into()),
            house: Some(House::Shugiin),
            from: Some(parse_date("2026-01-01").unwrap()),
            until: Some(parse_date("2026-01-31").unwrap()),
        };
        let cfg = DietConfig::new(q, SPEECH_ENDPOINT, "out".into(), Options::default()).unwrap();
        assert_eq!(
            cfg.query().describe(),
            "any=科学 技術 speaker=額賀福志郎 nameOfMeeting=本会議 nameOfHouse=衆議院 from=2026-01-01 until=2026-01-31"
        );
        assert_eq!(
            cfg.display_url(101),
            "https://kokkai.ndl.go.jp/api/speech?any=科学 技術&speaker=額賀福志郎&nameOfMeeting=本会議&nameOfHouse=衆議院&from=2026-01-01&until=2026-01-31&maximumRecords=100&recordPacking=json&startRecord=101"
        );
        let url = cfg.url(101);
        assert!(url.starts_with("https://kokkai.ndl.go.jp/api/speech?any=%E7%A7%91%E5%AD%A6%20%E6%8A%80%E8%A1%93&speaker="));
        assert!(url.ends_with("&maximumRecords=100&recordPacking=json&startRecord=101"));
        assert!(url.is_ascii());
    }

    #[test]
    fn id_depends_on_query_and_endpoint_only() {
        let a = config(Path::new("a"), Options::default());
        let b = config(Path::new("b"), quick());
        assert_eq!(a.id(), b.id());
        assert_eq!(a.id().len(), 12);
        assert!(a.id().bytes().all(|c| c.is_ascii_hexdigit()));
        let other = DietConfig::new(query("科学"), SPEECH_ENDPOINT, "a".into(), quick()).unwrap();
        assert_ne!(a.id(), other.id());
        let meeting = DietConfig::new(
            query("科学技術"),
            "https://kokkai.ndl.go.jp/api/meeting",
            "a".into(),
            quick(),
        )
        .unwrap();
        assert_ne!(a.id(), meeting.id());
        assert_eq!(meeting.kind(), Kind::Meeting);
        assert!(meeting.url(1).contains("maximumRecords=10&"));
        // A speaker is not the same condition as the same words in `any`.
        let speaker = DietConfig::new(
            Query {
                speaker: Some("科学技術".into()),
                ..Query::default()
            },
            SPEECH_ENDPOINT,
            "a".into(),
            quick(),
        )
        .unwrap();
        assert_ne!(a.id(), speaker.id());
    }

    #[test]
    fn page_names_sort_in_page_order() {
        let cfg = config(Path::new("x"), quick());
        let names: Vec<String> = [1, 101, 1001, 10001, 1000001]
            .iter()
            .map(|s| cfg.page_name(*s))
            .collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);
        assert_eq!(names[1], format!("diet-{}-0000101.json", cfg.id()));
    }

    #[test]
    fn config_rejects_what_cannot_be_queried() {
        let o = || Options::default();
        let none = DietConfig::new(Query::default(), SPEECH_ENDPOINT, "o".into(), o());
        assert!(matches!(none, Err(FetchError::NoCondition)));
        let blank = DietConfig::new(query("  "), SPEECH_ENDPOINT, "o".into(), o());
        assert!(matches!(blank, Err(FetchError::EmptyCondition("any"))));
        let range = Query {
            from: Some(parse_date("2024-02-01").unwrap()),
            until: Some(parse_date("2024-01-01").unwrap()),
            ..Query::default()
        };
        let e = DietConfig::new(range, SPEECH_ENDPOINT, "o".into(), o()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "--from 2024-02-01 is after --until 2024-01-01"
        );
        for bad in [
            "ftp://kokkai.ndl.go.jp/api/speech",
            "https://kokkai.ndl.go.jp/api/meeting_list",
            "https://kokkai.ndl.go.jp/api/speech?any=x",
            "https://kokkai.ndl.go.jp/api/",
        ] {
            let r = DietConfig::new(query("x"), bad, "o".into(), o());
            assert!(matches!(r, Err(FetchError::BadEndpoint { .. })), "{bad}");
        }
        let slash = DietConfig::new(
            query("x"),
            "http://127.0.0.1:9/api/speech/",
            "o".into(),
            o(),
        );
        assert_eq!(slash.unwrap().endpoint(), "http://127.0.0.1:9/api/speech");
    }

    #[test]
    fn dates_and_houses_parse_strictly() {
        assert_eq!(
            parse_date("2024-02-29").unwrap(),
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()
        );
        for bad in [
            "2023-02-29",
            "2024-1-05",
            "20240105",
            "2024/01/05",
            " 2024-01-05",
            "",
        ] {
            assert!(
                matches!(parse_date(bad), Err(FetchError::BadDate(_))),
                "{bad:?}"
            );
        }
        assert_eq!("衆議院".parse::<House>().unwrap(), House::Shugiin);
        assert_eq!("Sangiin".parse::<House>().unwrap(), House::Sangiin);
        assert_eq!("両院".parse::<House>().unwrap().as_api(), "両院");
        assert!("貴族院".parse::<House>().is_err());
    }

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

    #[test]
    fn resumes_after_the_last_saved_page_and_a_finished_query_asks_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let one = config(
            dir.path(),
            Options {
                max_pages: Some(1),
                ..quick()
            },
        );
        let mut fake = Fake::new().three_pages();
        let r = run(&one, &mut fake).0.unwrap();
        assert_eq!((r.fetched, r.complete), (1, false));
        let cfg = config(dir.path(), quick());
        let r = run(&cfg, &mut fake).0.unwrap();
        assert_eq!(fake.starts(), vec![1, 101, 201]);
        assert_eq!((r.pages, r.fetched, r.complete), (3, 2, true));
        let mut none = Fake::new();
        let (r, events) = run(&cfg, &mut none);
        let r = r.unwrap();
        assert!(none.urls.is_empty());
        assert_eq!(
            (r.pages, r.fetched, r.requests, r.complete),
            (3, 0, 0, true)
        );
        assert_eq!(r.total, Some(250));
        assert_eq!(events.last(), Some(&Event::Done(250)));
    }

    #[test]
    fn a_missing_middle_page_is_fetched_alone() {
        let dir = tempfile::tempdir().unwrap();
        let cfg = config(dir.path(), quick());
        write_atomic(dir.path(), &cfg.page_name(1), &page(250, 1, Some(101))).unwrap();
        write_atomic(dir.path(), &cfg.page_name(201), &page(250, 201, None)).unwrap();
        let mut fake = Fake::new().ok(101, page(250, 101, Some(201)));
        let r = run(&cfg, &mut fake).0.unwrap();
        assert_eq!(fake.starts(), vec![101]);
        assert_eq!((r.pages, r.fetched, r.complete), (3, 1, true));
    }

    #[test]
    fn another_querys_pages_are_not_taken_for_this_ones() {
        let dir = tempfile::tempdir().unwrap();
        let other =
            DietConfig::new(query("別"), SPEECH_ENDPOINT, dir.path().into(), quick()).unwrap();
        write_atomic(dir.path(), &other.page_name(1), &page(1, 1, None)).unwrap();
        let cfg = config(dir.path(), quick());
        let mut fake = Fake::new().ok(1, page(1, 1, None));
        let r = run(&cfg, &mut fake).0.unwrap();
        assert_eq!((fake.urls.len(), r.fetched), (1, 1));
        assert_eq!(files(dir.path()).len(), 2);
    }

    #[test]
    fn a_5xx_is_retried_and_a_4xx_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let cfg = config(dir.path(), quick());
        let mut fake = Fake::new().status(1, 503, "busy").ok(1, page(1, 1, None));
        let (r, events) = run(&cfg, &mut fake);
        assert_eq!(r.unwrap().requests, 2);
        assert!(matches!(events[0], Event::Retrying { attempt: 1, .. }));

        let dir = tempfile::tempdir().unwrap();
        let cfg = config(dir.path(), quick());
        let body = r#"{"message": "検索条件が不正です。", "details": ["maximumRecordsは1から100で指定してください。"]}"#;
        let mut fake = Fake::new().status(1, 400, body);
        let e = run(&cfg, &mut fake).0.unwrap_err();
        assert_eq!(fake.urls.len(), 1);
        assert!(matches!(e, FetchError::Http { status: 400, .. }));
        let msg = e.to_string();
        assert!(msg.starts_with("the API answered HTTP 400 Bad Request for https://kokkai.ndl.go.jp/api/speech?any=科学技術&"), "{msg}");
        assert!(
            msg.ends_with(": 検索条件が不正です。 (maximumRecordsは1から100で指定してください。)"),
            "{msg}"
        );
        assert!(files(dir.path()).is_empty());
    }

    #[test]
    fn retries_give_up_after_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let cfg = config(dir.path(), quick());
        let mut fake =
            Fake::new()
                .status(1, 500, "")
                .status(1, 502, "")
                .status(1, 503, "<html>down</html>");
        let e = run(&cfg, &mut fake).0.unwrap_err();
        assert_eq!(fake.urls.len(), 3);
        assert!(e.to_string().ends_with("HTTP 503 Service Unavailable for https://kokkai.ndl.go.jp/api/speech?any=科学技術&maximumRecords=100&recordPacking=json&startRecord=1: <html>down</html>"), "{e}");
    }

    #[test]
    fn network_errors_retry_only_when_transient() {
        let dir = tempfile::tempdir().unwrap();
        let cfg = config(dir.path(), quick());
        let mut fake = Fake::new();
        fake.script.insert(
            1,
            vec![
                Err(NetError {
                    reason: "timeout".into(),
                    transient: true,
                }),
                Err(NetError {
                    reason: "refused".into(),
                    transient: false,
                }),
            ],
        );
        let e = run(&cfg, &mut fake).0.unwrap_err();
        assert_eq!(fake.urls.len(), 2);
        assert!(matches!(&e, FetchError::Network { reason, .. } if reason == "refused"));
    }

    #[test]
    fn an_answer_that_is_not_a_page_is_not_saved() {
        for (body, why) in [
            ("<html>maintenance</html>", "not JSON"),
            (
                r#"{"message": "検索件数が多すぎます"}"#,
                "the API said: 検索件数が多すぎます",
            ),
            (
                r#"{"numberOfRecords": 5, "startRecord": 1, "nextRecordPosition": 1}"#,
                "does not move past",
            ),
            (
                r#"{"numberOfRecords": 5, "startRecord": 3, "nextRecordPosition": 4}"#,
                "startRecord is 3, asked for 1",
            ),
        ] {
            let dir = tempfile::tempdir().unwrap();
            let cfg = config(dir.path(), quick());
            let mut fake = Fake::new().ok(1, body.as_bytes().to_vec());
            let e = run(&cfg, &mut fake).0.unwrap_err();
            assert!(matches!(e, FetchError::BadResponse { .. }), "{e}");
            assert!(e.to_string().contains(why), "{e}");
            assert!(files(dir.path()).is_empty());
        }
    }

    #[test]
    fn counts_may_be_strings_and_no_hits_is_a_complete_query() {
        let p = parse_page(br#"{"numberOfRecords": "0"}"#, 1).unwrap();
        assert_eq!(
            p,
            Page {
                total: 0,
                start: None,
                next: None
            }
        );
        let p = parse_page(
            br#"{"numberOfRecords": 3, "startRecord": "1", "nextRecordPosition": "2"}"#,
            1,
        )
        .unwrap();
        assert_eq!(p.next, Some(2));
    }

    #[test]
    fn a_changed_total_is_warned_about() {
        let dir = tempfile::tempdir().unwrap();
        let cfg = config(dir.path(), quick());
        write_atomic(dir.path(), &cfg.page_name(1), &page(250, 1, Some(101))).unwrap();
        let mut fake = Fake::new()
            .ok(101, page(260, 101, Some(201)))
            .ok(201, page(260, 201, None));
        let (r, events) = run(&cfg, &mut fake);
        assert!(r.unwrap().complete);
        let warnings: Vec<&Event> = events
            .iter()
            .filter(|e| matches!(e, Event::Warning(_)))
            .collect();
        assert_eq!(warnings.len(), 1);
        assert!(
            matches!(warnings[0], Event::Warning(w) if w.contains("260 records") && w.contains("had 250"))
        );
    }

    #[test]
    fn a_broken_saved_page_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let cfg = config(dir.path(), quick());
        write_atomic(dir.path(), &cfg.page_name(1), b"{\"numberOfRec").unwrap();
        let e = run(&cfg, &mut Fake::new()).0.unwrap_err();
        assert!(
            matches!(&e, FetchError::BadSavedPage { path, .. } if path.ends_with(cfg.page_name(1)))
        );
    }

    #[test]
    fn api_message_reads_the_error_body() {
        assert_eq!(api_message(br#"{"message": "m", "details": []}"#), "m");
        assert_eq!(
            api_message(br#"{"message": "m", "details": ["a", {"b": 1}]}"#),
            r#"m (a; {"b":1})"#
        );
        assert_eq!(api_message(b"  "), "no message in the answer");
        let long = "x".repeat(400);
        assert_eq!(api_message(long.as_bytes()).chars().count(), 301);
    }
}
