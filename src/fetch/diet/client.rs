//! HTTP: the [`Transport`] trait and [`UreqTransport`], one page's request with its pacing and
//! retries, and HTTP and network failures made into [`FetchError`]s.

use std::time::Duration;

use super::resume::value_text;
use super::{DietConfig, Event, FetchError, Report};
use crate::fetch::Pacer;

/// The User-Agent sent with every request.
pub const USER_AGENT: &str = concat!(
    "kaigi/",
    env!("CARGO_PKG_VERSION"),
    " (minutes reader; kaigi fetch diet)"
);

/// The largest response body read (a page of 10 whole meetings is a few MB).
const MAX_BODY: u64 = 128 * 1024 * 1024;

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

/// One page's request, paced, with retries of 5xx answers and transient network errors.
pub(super) fn request(
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
        if !transient || attempt >= cfg.options().retries {
            return Err(err);
        }
        attempt += 1;
        let wait = cfg
            .options()
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

#[cfg(test)]
mod tests {
    use super::super::fake::{config, files, page, quick, run, Fake};
    use super::*;

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
