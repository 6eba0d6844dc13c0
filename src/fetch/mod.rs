//! Fetching minutes from online sources into a corpus folder that kaigi then reads.
//!
//! Takes a source's typed configuration (validated once, by the command line or a caller);
//! gives files in the output folder, each a raw response saved unchanged, and a report of what
//! was fetched. One module per source: [`diet`], the National Diet Library's
//! 国会会議録検索システム API. This module holds what any source needs: atomic page writes
//! ([`write_atomic`]), request pacing ([`Pacer`]) and query-string encoding
//! ([`percent_encode`]).

pub mod diet;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Writes `bytes` to `dir/name` atomically: a hidden temporary file in the same folder,
/// flushed to disk, then renamed over the name. An interrupted run leaves either the whole
/// file or none (at most a hidden `.tmp…` file, which no reader lists as minutes).
pub fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<PathBuf> {
    let path = dir.join(name);
    let mut tmp = tempfile::Builder::new()
        .prefix(".tmp-")
        .suffix(".part")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(&path).map_err(|e| e.error)?;
    Ok(path)
}

/// Keeps requests at least `interval` apart: [`Pacer::wait`] before each request sleeps for
/// whatever is left of the interval since the previous one.
#[derive(Debug)]
pub struct Pacer {
    interval: Duration,
    last: Option<Instant>,
}

impl Pacer {
    /// A pacer whose first request goes at once.
    pub fn new(interval: Duration) -> Self {
        Pacer {
            interval,
            last: None,
        }
    }

    /// Sleeps until `interval` has passed since the previous call, then marks now as the time
    /// of the request about to be made.
    pub fn wait(&mut self) {
        if let Some(last) = self.last {
            let due = last + self.interval;
            let now = Instant::now();
            if due > now {
                std::thread::sleep(due - now);
            }
        }
        self.last = Some(Instant::now());
    }
}

/// Percent-encodes a query-string component (UTF-8; everything but RFC 3986's unreserved
/// characters `A–Z a–z 0–9 - . _ ~`).
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_leaves_the_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let p = write_atomic(dir.path(), "a.json", b"{\"x\":1}").unwrap();
        assert_eq!(p, dir.path().join("a.json"));
        assert_eq!(std::fs::read(&p).unwrap(), b"{\"x\":1}");
        // Overwrites whole.
        write_atomic(dir.path(), "a.json", b"2").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"2");
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, vec!["a.json".to_string()]);
    }

    #[test]
    fn atomic_write_into_a_missing_folder_fails_without_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("no");
        assert!(write_atomic(&missing, "a.json", b"x").is_err());
        assert!(!missing.join("a.json").exists());
    }

    #[test]
    fn pacer_spaces_calls_by_the_interval() {
        let mut p = Pacer::new(Duration::from_millis(60));
        let t0 = Instant::now();
        p.wait();
        assert!(t0.elapsed() < Duration::from_millis(50), "first call waits");
        p.wait();
        p.wait();
        assert!(t0.elapsed() >= Duration::from_millis(120));
    }

    #[test]
    fn percent_encoding_of_japanese_and_reserved_characters() {
        assert_eq!(percent_encode("a-Z_0.~"), "a-Z_0.~");
        assert_eq!(percent_encode("a b&c=d"), "a%20b%26c%3Dd");
        assert_eq!(percent_encode("衆議院"), "%E8%A1%86%E8%AD%B0%E9%99%A2");
    }
}
