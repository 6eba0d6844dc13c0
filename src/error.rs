//! The library's error type: every variant names the file or setting it is about and why.

use std::path::PathBuf;

/// Errors of the kaigi library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {reason}")]
    BadInput { path: PathBuf, reason: String },
    #[error("{path}:{line}:{column}: {message}")]
    Themes {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("dictionary: {0}")]
    Dictionary(String),
    #[error("{context}: {message}")]
    Output { context: String, message: String },
    /// A run that found no meeting (an empty folder, a wrong path, only bad files): nothing is
    /// written, so the previous reports stay.
    #[error(
        "{corpus}: no meetings found ({files} input files, {skipped} skipped); nothing written, previous reports kept"
    )]
    NoMeetings {
        corpus: PathBuf,
        files: usize,
        skipped: usize,
    },
}

/// Result with the library's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An I/O error about `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// An error writing `context` (a file or table name).
    pub fn output(context: impl Into<String>, message: impl std::fmt::Display) -> Self {
        Error::Output {
            context: context.into(),
            message: message.to_string(),
        }
    }
}
