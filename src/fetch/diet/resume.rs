//! Resuming: which of the query's pages are saved in the folder, and what a page (saved or
//! just fetched) says about the records before and after it.

use std::collections::BTreeSet;

use serde::Deserialize;

use super::config::START_DIGITS;
use super::error::io_err;
use super::{DietConfig, FetchError};

/// The envelope of a page of results: the counts, not the records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Page {
    pub(super) total: u64,
    pub(super) start: Option<u64>,
    pub(super) next: Option<u64>,
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
pub(super) fn parse_page(body: &[u8], pos: u64) -> Result<Page, String> {
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

pub(super) fn value_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The `startRecord`s of the query's pages saved in the folder.
pub(super) fn saved_pages(cfg: &DietConfig) -> Result<BTreeSet<u64>, FetchError> {
    let prefix = format!("diet-{}-", cfg.id());
    let mut starts = BTreeSet::new();
    for entry in std::fs::read_dir(cfg.out()).map_err(io_err(cfg.out()))? {
        let entry = entry.map_err(io_err(cfg.out()))?;
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

#[cfg(test)]
mod tests {
    use super::super::fake::{config, files, page, query, quick, run, Fake};
    use super::super::{DietConfig, Event, Options, SPEECH_ENDPOINT};
    use super::*;
    use crate::fetch::write_atomic;

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
}
