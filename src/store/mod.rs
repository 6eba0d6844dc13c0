//! Store: what makes a re-run cheap, kept per input file between runs.
//!
//! Takes, for each input file, what the parse and segment stages made of it (the parsed
//! meeting, each remark's token count and edges, the meeting's noun counts) and gives it back
//! on a later run over the same bytes with the same tokenizer, so that a re-run after editing
//! only the theme file decodes, parses and tokenizes nothing.
//!
//! The pipeline knows only the [`Store`] trait. [`DiskStore`] keeps one entry per input in a
//! folder named for the store's format, the kaigi version and the tokenizer's fingerprint,
//! keyed by the input's SHA-256; [`codec`] is its file format and [`housekeep`] removes the
//! folders no run will read again. An entry that is damaged, cut short, not a regular file or
//! made for other bytes is a miss: it is rebuilt, never believed.

pub mod codec;
mod disk;
pub mod housekeep;

use serde::{Deserialize, Serialize};

use crate::model::Meeting;
use crate::segment::{Edges, Noun};

pub use disk::DiskStore;

/// Bumped whenever the entry format or the parser's or tokenizer wrapper's output changes, so
/// that entries made by an older kaigi are never read.
pub const FORMAT_VERSION: u32 = 17;

/// One remark's tokens.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemarkTokens {
    /// Word tokens (what rates are counted per).
    pub tokens: u32,
    /// Where in the remark's normalized text a theme term may start and end.
    #[serde(with = "codec::edges")]
    pub edges: Edges,
}

/// What the store gives back for one input file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entry {
    /// The parsed meeting, remark texts and normalized texts included. Its id and source are
    /// those of the path the bytes had when stored: callers set them from the current path.
    pub meeting: Meeting,
    /// The encoding the file was decoded from.
    pub encoding: String,
    /// The parser's warnings.
    pub warnings: Vec<String>,
    /// Per remark, in order.
    pub remarks: Vec<RemarkTokens>,
    /// The meeting's noun counts (for top_terms and keyness), most frequent first.
    pub nouns: Vec<(Noun, u32)>,
}

/// What the store keeps for one input file, borrowed from the run that made it.
#[derive(Debug, Clone, Copy)]
pub struct EntryRef<'a> {
    pub meeting: &'a Meeting,
    pub encoding: &'a str,
    pub warnings: &'a [String],
    pub remarks: &'a [RemarkTokens],
    pub nouns: &'a [(Noun, u32)],
}

impl Entry {
    /// The entry, borrowed (what [`Store::put`] takes).
    pub fn as_ref(&self) -> EntryRef<'_> {
        EntryRef {
            meeting: &self.meeting,
            encoding: &self.encoding,
            warnings: &self.warnings,
            remarks: &self.remarks,
            nouns: &self.nouns,
        }
    }
}

/// Where the pipeline keeps and finds what it made of an input file, by the file's content
/// hash (SHA-256, hex).
pub trait Store: Sync {
    /// The entry for the input with this content hash, if kept and intact.
    fn get(&self, input_sha256: &str) -> Option<Entry>;
    /// Keeps an entry for the input with this content hash. Failures are not errors: a store
    /// only saves time.
    fn put(&self, input_sha256: &str, entry: EntryRef<'_>);
}
