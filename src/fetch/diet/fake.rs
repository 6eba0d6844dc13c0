//! Test helpers shared by the diet module's tests: a scripted [`Transport`], page bodies like
//! the API's, and quick configurations.

use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

use super::{
    fetch, DietConfig, Event, FetchError, NetError, Options, Query, Reply, Report, Transport,
    SPEECH_ENDPOINT,
};

pub(super) fn query(any: &str) -> Query {
    Query {
        any: Some(any.to_string()),
        ..Query::default()
    }
}

pub(super) fn quick() -> Options {
    Options {
        max_pages: None,
        interval: Duration::ZERO,
        retries: 2,
        backoff: Duration::ZERO,
    }
}

pub(super) fn config(dir: &Path, opts: Options) -> DietConfig {
    DietConfig::new(query("科学技術"), SPEECH_ENDPOINT, dir.to_path_buf(), opts).unwrap()
}

/// A page body like the API's (4-space JSON, no trailing newline).
pub(super) fn page(total: u64, start: u64, next: Option<u64>) -> Vec<u8> {
    let next = next.map_or("null".to_string(), |n| n.to_string());
    format!(
        "{{\n    \"numberOfRecords\": {total},\n    \"numberOfReturn\": 1,\n    \"startRecord\": {start},\n    \"nextRecordPosition\": {next},\n    \"speechRecord\": [\n        {{\n            \"speechID\": \"x_{start}\",\n            \"speech\": \"○議長（某君）　発言\\r\\n\"\n        }}\n    ]\n}}"
    )
    .into_bytes()
}

/// Answers by `startRecord` from a script of replies, one used per request; logs URLs.
pub(super) struct Fake {
    pub(super) script: HashMap<u64, Vec<Result<Reply, NetError>>>,
    pub(super) urls: Vec<String>,
}

impl Fake {
    pub(super) fn new() -> Self {
        Fake {
            script: HashMap::new(),
            urls: Vec::new(),
        }
    }
    pub(super) fn ok(mut self, start: u64, body: Vec<u8>) -> Self {
        self.script
            .entry(start)
            .or_default()
            .push(Ok(Reply { status: 200, body }));
        self
    }
    pub(super) fn status(mut self, start: u64, status: u16, body: &str) -> Self {
        self.script.entry(start).or_default().push(Ok(Reply {
            status,
            body: body.as_bytes().to_vec(),
        }));
        self
    }
    pub(super) fn three_pages(self) -> Self {
        self.ok(1, page(250, 1, Some(101)))
            .ok(101, page(250, 101, Some(201)))
            .ok(201, page(250, 201, None))
    }
    pub(super) fn starts(&self) -> Vec<u64> {
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

pub(super) fn run(cfg: &DietConfig, fake: &mut Fake) -> (Result<Report, FetchError>, Vec<Event>) {
    let mut events = Vec::new();
    let r = fetch(cfg, fake, &mut |e| events.push(e));
    (r, events)
}

pub(super) fn files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}
