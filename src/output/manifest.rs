//! Manifest: the run's provenance as `manifest.json`.
//!
//! Takes what a run used and did (inputs with their status, dictionary, theme file, threads,
//! stage timings, files written) and gives a JSON document. Everything except the `timings`
//! object depends only on the inputs and options, so two runs over the same input give the same
//! manifest apart from timings.

use serde::{Deserialize, Serialize};

use crate::model::{FileStatus, InputRecord};
use crate::pipeline::RunSummary;
use crate::segment::DictProvenance;

/// The theme file used.
#[derive(Debug, Clone, Serialize)]
pub struct ThemeFileInfo {
    pub path: String,
    pub sha256: String,
    pub themes: usize,
}

/// Counts over the whole run.
#[derive(Debug, Clone, Serialize)]
pub struct Totals {
    pub files: usize,
    pub parsed: usize,
    pub skipped: usize,
    pub meetings: usize,
    pub remarks: u64,
    pub tokens: u64,
    pub bytes: u64,
}

/// The dictionary, without the parts that change from run to run (those go to timings).
#[derive(Debug, Clone, Serialize)]
pub struct DictionaryInfo {
    pub kind: String,
    pub from: String,
    pub loaded: String,
    pub sha256: String,
    pub userdict: Option<String>,
    pub userdict_sha256: Option<String>,
}

impl From<&DictProvenance> for DictionaryInfo {
    fn from(p: &DictProvenance) -> Self {
        DictionaryInfo {
            kind: p.kind.clone(),
            from: p.from.clone(),
            loaded: p.loaded.clone(),
            sha256: p.sha256.clone(),
            userdict: p.userdict.clone(),
            userdict_sha256: p.userdict_sha256.clone(),
        }
    }
}

/// What the tables that do not depend on the themes (`meetings`, `remarks` and `top_terms`,
/// CSV and Parquet) were made from, so that a later run over the same corpus can reuse them
/// instead of writing them again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemarksStamp {
    /// The corpus fingerprint: a hash of every input file's path and content hash, the kaigi
    /// version and store format, the tokenizer's fingerprint and the number of top terms kept.
    pub key: String,
    /// Each file as written, with the XXH3-128 hash of its bytes (hex): a file changed since
    /// is written again, not reused.
    pub files: std::collections::BTreeMap<String, String>,
}

/// `manifest.json`.
#[derive(Debug, Clone, Serialize)]
pub struct Manifest<'a> {
    pub program: String,
    pub version: String,
    pub command: String,
    pub corpus: String,
    pub threads: usize,
    pub cache: bool,
    pub dictionary: Option<DictionaryInfo>,
    pub themes: Option<ThemeFileInfo>,
    pub totals: Totals,
    /// Borrowed from the run's summary: one record per input file, not copied.
    pub inputs: &'a [InputRecord],
    pub outputs: Vec<String>,
    /// What the tables that do not depend on the themes were made from (absent when they
    /// were not written).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reusable: Option<RemarksStamp>,
    /// Seconds per stage, and how many files' tokens came from the cache: the only part that
    /// varies between identical runs.
    pub timings: serde_json::Map<String, serde_json::Value>,
}

impl<'a> Manifest<'a> {
    /// Builds the manifest. `outputs` are file names relative to the output folder.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        command: String,
        corpus: String,
        threads: usize,
        cache: bool,
        dict: Option<&DictProvenance>,
        themes: Option<ThemeFileInfo>,
        summary: &'a RunSummary,
        meetings: usize,
        mut outputs: Vec<String>,
        extra_timings: &[(String, f64)],
    ) -> Manifest<'a> {
        outputs.sort();
        let mut timings = serde_json::Map::new();
        for (k, v) in summary.timings.iter().chain(extra_timings) {
            timings.insert(k.clone(), serde_json::json!((v * 1e4).round() / 1e4));
        }
        timings.insert(
            "files_from_cache".into(),
            serde_json::json!(summary.inputs.iter().filter(|i| i.cached).count()),
        );
        if let Some(d) = dict {
            timings.insert(
                if d.built_now {
                    "dictionary_build"
                } else {
                    "dictionary_load"
                }
                .into(),
                serde_json::json!((d.seconds * 1e4).round() / 1e4),
            );
        }
        let parsed = summary
            .inputs
            .iter()
            .filter(|i| i.status == FileStatus::Parsed)
            .count();
        Manifest {
            program: "kaigi".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            command,
            corpus,
            threads,
            cache,
            dictionary: dict.map(DictionaryInfo::from),
            themes,
            totals: Totals {
                files: summary.inputs.len(),
                parsed,
                skipped: summary.inputs.len() - parsed,
                meetings,
                remarks: summary.remarks,
                tokens: summary.tokens,
                bytes: summary.bytes,
            },
            inputs: &summary.inputs,
            outputs,
            reusable: None,
            timings,
        }
    }

    /// Pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self)
            .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
        s.push('\n');
        s
    }

    /// Writes [`Manifest::to_json`] to `path`, streamed (a corpus of many files makes a large
    /// manifest, which is never held whole in memory).
    pub fn write(&self, path: &std::path::Path) -> crate::error::Result<()> {
        use std::io::Write;
        let io = |e: std::io::Error| crate::error::Error::io(path, e);
        let f = std::fs::File::create(path).map_err(io)?;
        let mut w = std::io::BufWriter::new(f);
        serde_json::to_writer_pretty(&mut w, self).map_err(|e| io(e.into()))?;
        w.write_all(b"\n").map_err(io)?;
        w.flush().map_err(io)
    }
}
