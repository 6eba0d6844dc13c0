//! A checked fetch, [`DietConfig`]: the endpoint and its [`Kind`], the query's id, the names of
//! its page files and the URLs of its requests.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::{FetchError, Options, Query};
use crate::fetch::percent_encode;

/// The API's speech endpoint (speech records with their text), the default.
pub const SPEECH_ENDPOINT: &str = "https://kokkai.ndl.go.jp/api/speech";

/// Digits of `startRecord` in a page's file name (the whole record is about 4 million speeches).
pub(super) const START_DIGITS: usize = 7;

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

#[cfg(test)]
mod tests {
    use super::super::fake::{config, query, quick};
    use super::super::{parse_date, House};
    use super::*;

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
}
