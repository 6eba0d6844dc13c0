//! `kaigi fetch diet` end to end: the binary run in a temporary folder against a small HTTP
//! server on 127.0.0.1 that serves the pages in tests/fixtures/fetch/. No test reaches the
//! internet; each server answers a bounded number of requests and stops by itself.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use predicates::prelude::*;

fn fixture(name: &str) -> Vec<u8> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fetch")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The three pages of one query, by startRecord.
fn page_for(start: u64) -> Option<Vec<u8>> {
    match start {
        1 => Some(fixture("speech-page1.json")),
        101 => Some(fixture("speech-page2.json")),
        201 => Some(fixture("speech-page3.json")),
        _ => None,
    }
}

fn pages(start: u64) -> (u16, Vec<u8>) {
    page_for(start).map_or((404, b"{\"message\": \"no such page\"}".to_vec()), |b| {
        (200, b)
    })
}

/// One request the server answered.
#[derive(Debug, Clone)]
struct Hit {
    at: Instant,
    start: u64,
    params: Vec<(String, String)>,
    user_agent: String,
}

impl Hit {
    fn param(&self, k: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    }
}

/// A one-thread HTTP server on 127.0.0.1: answers each request with `respond(startRecord)`,
/// then closes the connection. Stops after `limit` requests, on [`Server::stop`], or after 20 s.
struct Server {
    endpoint: String,
    hits: Arc<Mutex<Vec<Hit>>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    fn start(
        limit: usize,
        mut respond: impl FnMut(u64) -> (u16, Vec<u8>) + Send + 'static,
    ) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let endpoint = format!("http://{}/api/speech", listener.local_addr().unwrap());
        let hits = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (h, s) = (hits.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            let deadline = Instant::now() + Duration::from_secs(20);
            let mut served = 0;
            while served < limit && !s.load(Ordering::SeqCst) && Instant::now() < deadline {
                match listener.accept() {
                    Ok((stream, _)) => {
                        served += 1;
                        if let Some(hit) = answer(stream, &mut respond) {
                            h.lock().unwrap().push(hit);
                        }
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                        std::thread::sleep(Duration::from_millis(2))
                    }
                    Err(e) => panic!("accept: {e}"),
                }
            }
        });
        Server {
            endpoint,
            hits,
            stop,
            thread: Some(thread),
        }
    }

    /// The requests answered so far.
    fn hits(&self) -> Vec<Hit> {
        self.hits.lock().unwrap().clone()
    }

    fn starts(&self) -> Vec<u64> {
        self.hits().iter().map(|h| h.start).collect()
    }

    fn stop(mut self) -> Vec<Hit> {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            t.join().unwrap();
        }
        self.hits()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

fn answer(mut s: TcpStream, respond: &mut impl FnMut(u64) -> (u16, Vec<u8>)) -> Option<Hit> {
    let at = Instant::now();
    s.set_nonblocking(false).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = s.read(&mut chunk).ok()?;
        if n == 0 || buf.len() > 65536 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let head = String::from_utf8_lossy(&buf).into_owned();
    let target = head.lines().next()?.split(' ').nth(1)?.to_string();
    let params: Vec<(String, String)> = target
        .split_once('?')
        .map_or("", |(_, q)| q)
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (decode(k), decode(v)))
        .collect();
    let start = params
        .iter()
        .find(|(k, _)| k == "startRecord")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let user_agent = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("user-agent")
                .then(|| v.trim().to_string())
        })
        .unwrap_or_default();
    let (status, body) = respond(start);
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    };
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).ok()?;
    s.write_all(&body).ok()?;
    s.flush().ok()?;
    Some(Hit {
        at,
        start,
        params,
        user_agent,
    })
}

fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(if b[i] == b'+' { b' ' } else { b[i] });
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// `kaigi fetch diet --out corpus --any 科学技術 --endpoint URL …` in `dir`, with no proxy.
fn fetch(dir: &Path, endpoint: &str, extra: &[&str]) -> Command {
    let mut c = Command::cargo_bin("kaigi").unwrap();
    c.current_dir(dir)
        .args([
            "fetch",
            "diet",
            "--out",
            "corpus",
            "--any",
            "科学技術",
            "--endpoint",
            endpoint,
        ])
        .args(extra)
        .timeout(Duration::from_secs(20));
    for v in [
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
    ] {
        c.env_remove(v);
    }
    c
}

/// Every entry of the folder (hidden ones too), sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// The query id in `diet-<id>-0000001.json`, checking the name's shape.
fn page_names(dir: &Path) -> (String, Vec<String>) {
    let names = listing(dir);
    let first = names.first().expect("a saved page");
    let id = first
        .strip_prefix("diet-")
        .and_then(|r| r.strip_suffix("-0000001.json"))
        .unwrap_or_else(|| panic!("unexpected name {first}"))
        .to_string();
    assert_eq!(id.len(), 12);
    assert!(id.bytes().all(|c| c.is_ascii_hexdigit()));
    (id, names)
}

fn stderr_of(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stderr).into_owned()
}

#[test]
fn three_pages_are_saved_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start(3, pages);
    let endpoint = server.endpoint.clone();
    let a = fetch(tmp.path(), &server.endpoint, &[]).assert().success();
    let err = stderr_of(&a);
    assert!(
        err.contains(
            "fetched 3 pages (0 already saved), 205 records in all; the query is complete"
        ),
        "{err}"
    );
    let hits = server.stop();
    assert_eq!(
        hits.iter().map(|h| h.start).collect::<Vec<_>>(),
        vec![1, 101, 201]
    );
    for h in &hits {
        assert_eq!(h.param("any"), Some("科学技術"));
        assert_eq!(h.param("maximumRecords"), Some("100"));
        assert_eq!(h.param("recordPacking"), Some("json"));
        assert!(h.user_agent.starts_with("kaigi/"), "{}", h.user_agent);
    }
    let corpus = tmp.path().join("corpus");
    let (id, names) = page_names(&corpus);
    let header =
        format!("kaigi: fetching {endpoint} with any=科学技術 into corpus as diet-{id}-*.json\n");
    assert!(err.starts_with(&header), "{err}");
    let want: Vec<String> = ["0000001", "0000101", "0000201"]
        .iter()
        .map(|s| format!("diet-{id}-{s}.json"))
        .collect();
    assert_eq!(
        names, want,
        "three pages and nothing else (no temporary files)"
    );
    for (name, fix) in names.iter().zip([
        "speech-page1.json",
        "speech-page2.json",
        "speech-page3.json",
    ]) {
        assert_eq!(
            std::fs::read(corpus.join(name)).unwrap(),
            fixture(fix),
            "{name}"
        );
    }
}

#[test]
fn fetched_pages_read_as_meetings_each_speech_once() {
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start(3, pages);
    fetch(tmp.path(), &server.endpoint, &["-q"])
        .assert()
        .success();
    server.stop();
    let out = tmp.path().join("out");
    Command::cargo_bin("kaigi")
        .unwrap()
        .args(["parse", "-q", "--out"])
        .arg(&out)
        .arg(tmp.path().join("corpus"))
        .assert()
        .success();
    let mut meetings = csv::Reader::from_path(out.join("meetings.csv")).unwrap();
    let head = meetings.headers().unwrap().clone();
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = meetings.records().map(|r| r.unwrap()).collect();
    let got: Vec<(String, String, String)> = rows
        .iter()
        .map(|r| {
            (
                r[col("committee")].to_string(),
                r[col("date")].to_string(),
                r[col("remarks")].to_string(),
            )
        })
        .collect();
    // 文部科学委員会 第3号 runs across pages 1 and 2, which both hold its speech 6.
    for want in [
        ("文部科学委員会", "2024-03-08", "3"),
        ("予算委員会", "2024-02-20", "1"),
    ] {
        assert!(
            got.iter()
                .any(|g| (g.0.as_str(), g.1.as_str(), g.2.as_str()) == want),
            "{want:?} in {got:?}"
        );
    }
    assert_eq!(rows.len(), 3, "one meeting per issueID: {got:?}");
    let remarks = std::fs::read_to_string(out.join("remarks.csv")).unwrap();
    assert_eq!(remarks.matches("お答えいたします").count(), 1, "{remarks}");
    assert!(
        remarks.contains("立憲民主党・無所属"),
        "speaker_group: {remarks}"
    );
}

#[test]
fn requests_are_at_least_a_second_apart() {
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start(3, pages);
    fetch(tmp.path(), &server.endpoint, &["-q"])
        .assert()
        .success();
    let hits = server.stop();
    assert_eq!(hits.len(), 3);
    for w in hits.windows(2) {
        let gap = w[1].at.duration_since(w[0].at);
        // The client paces when it sends; the server stamps when a request arrives, which
        // lags by a latency that varies on a loaded machine (988 ms seen under `cargo test`).
        // Unpaced requests would arrive milliseconds apart.
        assert!(gap >= Duration::from_millis(900), "requests {gap:?} apart");
        assert!(
            gap < Duration::from_millis(3000),
            "requests {gap:?} apart: slower than paced"
        );
    }
}

#[test]
fn an_interrupted_fetch_resumes_where_it_stopped() {
    let tmp = tempfile::tempdir().unwrap();
    let mut failed = false;
    let server = Server::start(4, move |start| {
        if start == 101 && !failed {
            failed = true;
            return (500, b"{\"message\": \"internal error\"}".to_vec());
        }
        pages(start)
    });
    let a = fetch(tmp.path(), &server.endpoint, &["--retries", "0"])
        .assert()
        .failure()
        .code(2);
    let err = stderr_of(&a);
    assert!(err.contains("HTTP 500 Internal Server Error"), "{err}");
    assert!(err.contains("startRecord=101: internal error"), "{err}");
    assert!(err.contains("fetch stopped (the pages saved in corpus stay); run the same command again to continue: the API answered HTTP 500"), "{err}");
    assert_eq!(server.starts(), vec![1, 101]);
    let corpus = tmp.path().join("corpus");
    let (id, names) = page_names(&corpus);
    assert_eq!(
        names,
        vec![format!("diet-{id}-0000001.json")],
        "page 1 stays, page 2 not half-written"
    );

    let a = fetch(tmp.path(), &server.endpoint, &[]).assert().success();
    assert!(stderr_of(&a).contains("fetched 2 pages (1 already saved)"));
    assert_eq!(
        server.stop().iter().map(|h| h.start).collect::<Vec<_>>(),
        vec![1, 101, 101, 201]
    );
    let (_, names) = page_names(&corpus);
    assert_eq!(names.len(), 3);
    assert_eq!(
        std::fs::read(corpus.join(&names[1])).unwrap(),
        fixture("speech-page2.json")
    );
    assert_eq!(
        std::fs::read(corpus.join(&names[2])).unwrap(),
        fixture("speech-page3.json")
    );
}

#[test]
fn a_finished_query_fetches_nothing_more() {
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start(6, pages);
    fetch(tmp.path(), &server.endpoint, &["-q"])
        .assert()
        .success();
    assert_eq!(server.hits().len(), 3);
    let corpus = tmp.path().join("corpus");
    let before: Vec<(String, std::time::SystemTime)> = listing(&corpus)
        .into_iter()
        .map(|n| {
            let m = std::fs::metadata(corpus.join(&n))
                .unwrap()
                .modified()
                .unwrap();
            (n, m)
        })
        .collect();

    let a = fetch(tmp.path(), &server.endpoint, &[]).assert().success();
    let err = stderr_of(&a);
    assert!(err.contains("the query is complete: all 3 pages (205 records) were already in corpus; nothing fetched"), "{err}");
    fetch(tmp.path(), &server.endpoint, &["-q"])
        .assert()
        .success()
        .stderr(predicate::str::is_empty());
    assert_eq!(
        server.stop().len(),
        3,
        "no request after the query was complete"
    );
    let after: Vec<(String, std::time::SystemTime)> = listing(&corpus)
        .into_iter()
        .map(|n| {
            let m = std::fs::metadata(corpus.join(&n))
                .unwrap()
                .modified()
                .unwrap();
            (n, m)
        })
        .collect();
    assert_eq!(before, after);
}

#[test]
fn an_api_error_gives_its_message_and_is_not_retried() {
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start(3, |_| (400, fixture("error-400.json")));
    let a = fetch(tmp.path(), &server.endpoint, &["--from", "2024-01-01"])
        .assert()
        .failure()
        .code(2);
    let err = stderr_of(&a);
    let url = format!(
        "{}?any=科学技術&from=2024-01-01&maximumRecords=100&recordPacking=json&startRecord=1",
        server.endpoint
    );
    assert!(
        err.contains(&format!(
            "the API answered HTTP 400 Bad Request for {url}: 検索条件の指定に誤りがあります。 (開始日付（from）の形式が正しくありません。)"
        )),
        "{err}"
    );
    assert!(!err.contains("run the same command again"), "{err}");
    assert_eq!(server.stop().len(), 1, "a 4xx is not retried");
    assert!(listing(&tmp.path().join("corpus")).is_empty());
}

#[test]
fn a_server_error_is_retried_after_a_pause() {
    let tmp = tempfile::tempdir().unwrap();
    let one = br#"{"numberOfRecords": 1, "numberOfReturn": 1, "startRecord": 1, "nextRecordPosition": null, "speechRecord": []}"#;
    let mut busy = true;
    let server = Server::start(3, move |_| {
        if std::mem::take(&mut busy) {
            (503, b"<html>busy</html>".to_vec())
        } else {
            (200, one.to_vec())
        }
    });
    let a = fetch(tmp.path(), &server.endpoint, &[]).assert().success();
    let err = stderr_of(&a);
    assert!(err.contains("HTTP 503 Service Unavailable"), "{err}");
    assert!(err.contains("retry 1 in 2 s"), "{err}");
    let hits = server.stop();
    assert_eq!(hits.len(), 2);
    assert!(hits[1].at.duration_since(hits[0].at) >= Duration::from_millis(1990));
    let (_, names) = page_names(&tmp.path().join("corpus"));
    assert_eq!(
        std::fs::read(tmp.path().join("corpus").join(&names[0])).unwrap(),
        one
    );
}

#[test]
fn a_refused_connection_is_an_error_naming_the_query() {
    let tmp = tempfile::tempdir().unwrap();
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let endpoint = format!("http://127.0.0.1:{port}/api/speech");
    let a = fetch(tmp.path(), &endpoint, &[]).assert().failure().code(2);
    let err = stderr_of(&a);
    assert!(
        err.contains(&format!("no answer from {endpoint}?any=科学技術&")),
        "{err}"
    );
    assert!(err.to_lowercase().contains("connection refused"), "{err}");
}

#[test]
fn usage_errors_make_no_request_and_no_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start(1, pages);
    let run = |args: &[&str]| {
        let mut c = Command::cargo_bin("kaigi").unwrap();
        c.current_dir(tmp.path())
            .args([
                "fetch",
                "diet",
                "--out",
                "corpus",
                "--endpoint",
                &server.endpoint,
            ])
            .args(args)
            .timeout(Duration::from_secs(20));
        c.assert().failure().code(2)
    };
    let err = stderr_of(&run(&[]));
    assert!(
        err.contains("required arguments were not provided") && err.contains("--any"),
        "{err}"
    );
    let err = stderr_of(&run(&["--from", "2024-02-30"]));
    assert!(err.contains("expected YYYY-MM-DD"), "{err}");
    let err = stderr_of(&run(&[
        "--any",
        "x",
        "--from",
        "2024-03-01",
        "--until",
        "2024-02-01",
    ]));
    assert!(
        err.contains("--from 2024-03-01 is after --until 2024-02-01"),
        "{err}"
    );
    assert!(server.stop().is_empty());
    assert!(!tmp.path().join("corpus").exists());
}
