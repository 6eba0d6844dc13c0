//! What can go wrong in `kaigi fetch diet`: [`FetchError`], with the helpers that build it.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

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

pub(super) fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> FetchError + '_ {
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
